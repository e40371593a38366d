import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, adjoint, kron, matmul, normFrobenius, sub } from '../../src/linalg/dense.js';
import { eigh, eighValues } from '../../src/linalg/eigen-hermitian.js';
import { tridiagonalQL, tridiagonalDivideAndConquer } from '../../src/linalg/tridiagonal.js';
import { loadFixture, randomHermitian, assertClose } from '../helpers.js';

interface HermCase { n: number; seed: number; normF: number; values: number[] }
const fixture = loadFixture<{ hermitian: HermCase[] }>('eig.json');

/** ‖AV − VΛ‖_F / ‖A‖_F (or absolute when A = 0). */
function relResidual(a: ComplexMatrix, values: Float64Array, v: ComplexMatrix): number {
  const n = a.rows;
  const av = matmul(a, v);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    av.re[i * n + j] -= v.re[i * n + j] * values[j];
    av.im[i * n + j] -= v.im[i * n + j] * values[j];
  }
  const na = normFrobenius(a);
  return normFrobenius(av) / (na === 0 ? 1 : na);
}

/** ‖V†V − I‖_F. */
function orthDefect(v: ComplexMatrix): number {
  return normFrobenius(sub(matmul(adjoint(v), v), ComplexMatrix.identity(v.cols)));
}

function assertAscending(values: Float64Array): void {
  for (let i = 1; i < values.length; i++) assert.ok(values[i] >= values[i - 1], `values not ascending at ${i}`);
}

/** Random unitary: eigenvectors of a random Hermitian matrix. */
function randomUnitary(n: number, seed: number): ComplexMatrix {
  return eigh(randomHermitian(n, seed)).vectors!;
}

/** U diag(λ) U†. */
function withSpectrum(lambda: number[], u: ComplexMatrix): ComplexMatrix {
  const n = lambda.length;
  const ul = u.clone();
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    ul.re[i * n + j] *= lambda[j];
    ul.im[i * n + j] *= lambda[j];
  }
  const a = matmul(ul, adjoint(u));
  // Make exactly Hermitian (the upper triangle is what eigh reads anyway).
  for (let i = 0; i < n; i++) {
    a.im[i * n + i] = 0;
    for (let j = 0; j < i; j++) {
      a.re[i * n + j] = a.re[j * n + i];
      a.im[i * n + j] = -a.im[j * n + i];
    }
  }
  return a;
}

for (const c of fixture.hermitian) {
  test(`eigh matches numpy eigvalsh and is a decomposition (n = ${c.n}, seed ${c.seed})`, () => {
    const a = randomHermitian(c.n, c.seed);
    assertClose(normFrobenius(a), c.normF, 1e-12 * c.normF, 'regenerated matrix norm (LCG agrees with the script)');
    const { values, vectors } = eigh(a);
    assert.ok(vectors);
    // Backward-stable algorithms on both sides: eigenvalue errors are O(n·eps·‖A‖) ≈ 1e-13‖A‖ at n = 300; 1e-10 leaves margin.
    const tol = 1e-10 * c.normF;
    for (let i = 0; i < c.n; i++) assertClose(values[i], c.values[i], tol, `λ_${i}`);
    assertAscending(values);
    // Residual and orthogonality: O(n·eps) ≈ 1e-14 expected; 1e-10 is the agreed bound.
    assert.ok(relResidual(a, values, vectors) <= 1e-10, `residual ${relResidual(a, values, vectors)}`);
    assert.ok(orthDefect(vectors) <= 1e-10, `orthogonality ${orthDefect(vectors)}`);
    // Values-only path (QL without vectors) agrees with the vector path to roundoff.
    const v2 = eighValues(a);
    for (let i = 0; i < c.n; i++) assertClose(v2[i], values[i], 1e-11 * c.normF, `values-only λ_${i}`);
  });
}

test('eigh of a diagonal matrix returns the sorted diagonal and unit-vector columns', () => {
  const diag = [3, -1, 2.5, 0, -7, 1e-3];
  const a = ComplexMatrix.diagonal(diag);
  const { values, vectors } = eigh(a);
  const sorted = [...diag].sort((x, y) => x - y);
  // Already diagonal: no rotation happens, exact equality expected.
  for (let i = 0; i < diag.length; i++) assert.equal(values[i], sorted[i]);
  for (let j = 0; j < diag.length; j++) {
    const i = diag.indexOf(sorted[j]);
    assertClose(Math.hypot(vectors!.re[i * 6 + j], vectors!.im[i * 6 + j]), 1, 1e-15, `|V[${i},${j}]|`);
  }
});

test('eigh of the identity, the zero matrix, 1×1 and 0×0', () => {
  for (const n of [1, 4, 40]) {
    const { values, vectors } = eigh(ComplexMatrix.identity(n));
    for (const x of values) assert.equal(x, 1);
    assert.ok(orthDefect(vectors!) <= 1e-14);
    const z = eigh(ComplexMatrix.zeros(n));
    for (const x of z.values) assert.equal(x, 0);
    assert.ok(orthDefect(z.vectors!) <= 1e-14);
  }
  const one = eigh(ComplexMatrix.fromRows([[2.5]], [[0]]));
  assert.equal(one.values[0], 2.5);
  assertClose(Math.hypot(one.vectors!.re[0], one.vectors!.im[0]), 1, 1e-15, '|v|');
  const empty = eigh(new ComplexMatrix(0, 0));
  assert.equal(empty.values.length, 0);
  assert.throws(() => eigh(new ComplexMatrix(2, 3)), RangeError);
});

test('eigh on degenerate spectra: spin-1 Sz ⊗ I blocks and a rotated 3-level cluster (divide-and-conquer deflation)', () => {
  // Sz ⊗ I_20 (n = 60 > leaf size): eigenvalues +1, 0, −1 each 20-fold, plus a generic unitary mixing.
  const sz = ComplexMatrix.diagonal([1, 0, -1]);
  const a0 = kron(sz, ComplexMatrix.identity(20));
  const u = randomUnitary(60, 5);
  const a = matmul(matmul(u, a0), adjoint(u));
  for (let i = 0; i < 60; i++) {
    a.im[i * 60 + i] = 0;
    for (let j = 0; j < i; j++) {
      a.re[i * 60 + j] = a.re[j * 60 + i];
      a.im[i * 60 + j] = -a.im[j * 60 + i];
    }
  }
  for (const m of [a0, a]) {
    const { values, vectors } = eigh(m);
    // Each cluster value is exact up to O(n·eps) after the unitary mixing.
    for (let i = 0; i < 60; i++) assertClose(values[i], i < 20 ? -1 : i < 40 ? 0 : 1, 1e-12, `λ_${i}`);
    assert.ok(relResidual(m, values, vectors!) <= 1e-12);
    assert.ok(orthDefect(vectors!) <= 1e-12);
  }
  // Clusters with tiny splittings (1e-13, 1e-9) exercise the near-equal-pole deflation and the secular solver.
  const lambda: number[] = [];
  for (let i = 0; i < 80; i++) lambda.push(i % 4 === 0 ? 1 + 1e-13 * i : i % 4 === 1 ? -0.5 + 1e-9 * i : Math.cos(i));
  const b = withSpectrum(lambda, randomUnitary(80, 9));
  const { values, vectors } = eigh(b);
  const sorted = [...lambda].sort((x, y) => x - y);
  for (let i = 0; i < 80; i++) assertClose(values[i], sorted[i], 1e-12, `clustered λ_${i}`);
  assert.ok(relResidual(b, values, vectors!) <= 1e-12);
  assert.ok(orthDefect(vectors!) <= 1e-12);
});

test('eigh of a graded, nearly block-diagonal matrix stays accurate relative to ‖A‖', () => {
  const n = 50;
  const a = randomHermitian(n, 77);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const s = Math.pow(10, -(i + j) / 8);
    a.re[i * n + j] *= s;
    a.im[i * n + j] *= s;
  }
  const { values, vectors } = eigh(a);
  assert.ok(relResidual(a, values, vectors!) <= 1e-12);
  assert.ok(orthDefect(vectors!) <= 1e-12);
  const trace = values.reduce((s, x) => s + x, 0);
  let tr = 0;
  for (let i = 0; i < n; i++) tr += a.re[i * n + i];
  assertClose(trace, tr, 1e-13 * normFrobenius(a), 'sum of eigenvalues = trace');
});

test('tridiagonal solvers: QL and divide-and-conquer agree on Wilkinson W⁺₄₁ (pairs equal to ~1e-15)', () => {
  const n = 41, half = 20;
  const d = new Float64Array(n), e = new Float64Array(n - 1).fill(1);
  for (let i = 0; i < n; i++) d[i] = Math.abs(half - i);
  const dq = d.slice();
  tridiagonalQL(dq, e.slice(), null);
  const dc = d.slice();
  const zt = tridiagonalDivideAndConquer(dc, e.slice(), true)!;
  // Known: the two largest eigenvalues of W⁺₂₁ agree to ~1e-14; for W⁺₄₁ even closer. Both solvers are backward stable: 1e-12.
  for (let i = 0; i < n; i++) assertClose(dc[i], dq[i], 1e-12, `λ_${i}`);
  assertClose(dq[n - 1], dq[n - 2], 1e-12, 'top pair nearly degenerate');
  // T z_j = λ_j z_j and Zᵀ Z = I.
  let res = 0, orth = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let tz = d[i] * zt[j * n + i];
      if (i > 0) tz += e[i - 1] * zt[j * n + i - 1];
      if (i < n - 1) tz += e[i] * zt[j * n + i + 1];
      res = Math.max(res, Math.abs(tz - dc[j] * zt[j * n + i]));
    }
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += zt[j * n + i] * zt[k * n + i];
      orth = Math.max(orth, Math.abs(s - (j === k ? 1 : 0)));
    }
  }
  assert.ok(res <= 1e-13 * 20, `residual ${res}`);
  assert.ok(orth <= 1e-13, `orthogonality ${orth}`);
});

test('eigh reads only the upper triangle of A', () => {
  const a = randomHermitian(12, 3);
  const b = a.clone();
  for (let i = 0; i < 12; i++) for (let j = 0; j < i; j++) b.set(i, j, 99, -99);
  const va = eigh(a).values, vb = eigh(b).values;
  for (let i = 0; i < 12; i++) assert.equal(va[i], vb[i]);
  // Sanity: the two inputs really differ.
  assert.ok(normFrobenius(sub(a, b)) > 0);
});
