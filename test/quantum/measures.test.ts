import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, adjoint, kron, matmul, maxAbsDiff, scale, trace, traceOfProduct } from '../../src/linalg/dense.js';
import { SparseMatrix } from '../../src/linalg/sparse.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import { expect, expectKet, purity, partialTrace, fidelity, traceDistance } from '../../src/quantum/measures.js';
import { ketToDensity, maximallyMixed } from '../../src/quantum/states.js';
import { embed } from '../../src/quantum/tensor.js';
import { spinZ } from '../../src/quantum/spin.js';
import { loadFixture, matrixFromJson, randomMatrix, assertClose } from '../helpers.js';

function randomDensity(n: number, seed: number): ComplexMatrix {
  const a = randomMatrix(n, n, seed);
  const r = matmul(a, adjoint(a));
  return scale(r, 1 / trace(r).re);
}

function randomKet(n: number, seed: number): ComplexVector {
  const m = randomMatrix(n, 1, seed);
  let s = 0;
  for (let k = 0; k < n; k++) s += m.re[k] ** 2 + m.im[k] ** 2;
  s = 1 / Math.sqrt(s);
  return ComplexVector.fromArrays(m.re.map((x) => x * s), m.im.map((x) => x * s));
}

// Sums of n² products of O(1) numbers (n ≤ 12): rounding ≲ 1e-14.
const TOL = 1e-13;

test('expect: sparse, dense and Tr(Oρ) agree (general non-Hermitian O)', () => {
  const rho = randomDensity(6, 1);
  const o = randomMatrix(6, 6, 2);
  o.re[7] = 0; o.im[7] = 0;
  const ref = traceOfProduct(o, rho);
  const a = expect(o, rho), b = expect(SparseMatrix.fromDense(o), rho);
  assertClose(a.re, ref.re, TOL); assertClose(a.im, ref.im, TOL);
  assertClose(b.re, ref.re, TOL); assertClose(b.im, ref.im, TOL);
  // Hermitian observable on a spin state: ⟨Sz⟩ of |m=−1/2⟩ of spin 3/2 is −1/2.
  const z = spinZ(1.5);
  const e = expect(z, ketToDensity(ComplexVector.basis(4, 2)));
  assert.equal(e.re, -0.5);
  assert.throws(() => expect(z, rho), RangeError);
});

test('expectKet equals expect on |ψ⟩⟨ψ|', () => {
  const psi = randomKet(5, 3);
  const o = randomMatrix(5, 5, 4);
  for (const op of [o, SparseMatrix.fromDense(o)]) {
    const a = expectKet(op, psi), b = expect(op, ketToDensity(psi));
    assertClose(a.re, b.re, TOL); assertClose(a.im, b.im, TOL);
  }
});

test('purity: 1 for pure, 1/d for maximally mixed, Tr ρ² otherwise', () => {
  assertClose(purity(ketToDensity(randomKet(4, 5))), 1, 1e-14);
  assertClose(purity(maximallyMixed(5)), 0.2, 1e-16);
  const rho = randomDensity(4, 6);
  assertClose(purity(rho), traceOfProduct(rho, rho).re, 1e-15);
});

test('partialTrace matches QuTiP ptrace for a random 2×3×2 state (keep [0,2], [1], and reordered [2,0])', () => {
  const fx = loadFixture('quantum-qutip.json').ptrace;
  const rho = matrixFromJson(fx.rho);
  const dims: number[] = fx.dims;
  // Sums of ≤ 6 entries of size ≤ 1: 1e-15 level.
  assert.ok(maxAbsDiff(partialTrace(rho, dims, [0, 2]), matrixFromJson(fx.keep_0_2)) < 1e-14);
  assert.ok(maxAbsDiff(partialTrace(rho, dims, [1]), matrixFromJson(fx.keep_1)) < 1e-14);
  assert.ok(maxAbsDiff(partialTrace(rho, dims, [2, 0]), matrixFromJson(fx.keep_2_0)) < 1e-14);
  assert.ok(maxAbsDiff(partialTrace(rho, dims, [0, 1, 2]), rho) === 0);
  const all = partialTrace(rho, dims, []);
  assert.equal(all.rows, 1);
  assertClose(all.re[0], 1, 1e-14);
  assert.throws(() => partialTrace(rho, dims, [0, 0]), RangeError);
  assert.throws(() => partialTrace(rho, dims, [3]), RangeError);
  assert.throws(() => partialTrace(rho, [2, 2], [0]), RangeError);
});

test('partialTrace of a product state returns the factors; local expectation values are preserved', () => {
  const a = randomDensity(2, 7), b = randomDensity(3, 8), c = randomDensity(2, 9);
  const rho = kron(kron(a, b), c);
  const dims = [2, 3, 2];
  assert.ok(maxAbsDiff(partialTrace(rho, dims, [1]), b) < TOL);
  assert.ok(maxAbsDiff(partialTrace(rho, dims, [2, 1]), kron(c, b)) < TOL);
  const o = randomMatrix(3, 3, 10);
  const full = expect(embed(o, 1, dims), rho), red = expect(o, partialTrace(rho, dims, [1]));
  assertClose(full.re, red.re, TOL); assertClose(full.im, red.im, TOL);
});

test('fidelity and trace distance: pure-state closed forms and identities', () => {
  const psi = randomKet(4, 11), phi = randomKet(4, 12);
  let or = 0, oi = 0;
  for (let k = 0; k < 4; k++) {
    or += psi.re[k] * phi.re[k] + psi.im[k] * phi.im[k];
    oi += psi.re[k] * phi.im[k] - psi.im[k] * phi.re[k];
  }
  const overlap2 = or * or + oi * oi;
  const rp = ketToDensity(psi), rf = ketToDensity(phi);
  // √ of a rank-1 matrix via eigh: eigenvalue noise ~1e-16 enters under a square root → ~1e-8 for the zero modes;
  // their contribution to Tr√M is then ~1e-8, so allow 1e-7.
  assertClose(fidelity(rp, rf), overlap2, 1e-7, 'F(ψ, φ)');
  assertClose(traceDistance(rp, rf), Math.sqrt(1 - overlap2), 1e-12, 'T(ψ, φ)');
  const rho = randomDensity(4, 13);
  assertClose(fidelity(rho, rho), 1, 1e-12, 'F(ρ, ρ)');
  assertClose(fidelity(rho, rf), expect(rho, rf).re, 1e-7, 'F(ρ, φ) = ⟨φ|ρ|φ⟩');
  assert.equal(traceDistance(rho, rho), 0);
  assertClose(traceDistance(ketToDensity(ComplexVector.basis(3, 0)), ketToDensity(ComplexVector.basis(3, 2))), 1, 1e-15);
  assert.ok(maxAbsDiff(rho, ComplexMatrix.identity(4)) > 0);
});
