import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, matmul, maxAbsDiff, scale, sub, add } from '../../src/linalg/dense.js';
import type { SparseMatrix } from '../../src/linalg/sparse.js';
import {
  spinX, spinY, spinZ, spinPlus, spinMinus, spinOperator, spinIndex, spinM, spinDimension, projector, identity,
  sigmaX, sigmaY, sigmaZ, sigmaPlus, sigmaMinus, type SpinComponent,
} from '../../src/quantum/spin.js';
import { loadFixture, matrixFromJson } from '../helpers.js';

const d = (a: SparseMatrix): ComplexMatrix => a.toDense();
const comm = (a: ComplexMatrix, b: ComplexMatrix): ComplexMatrix => sub(matmul(a, b), matmul(b, a));

// Entries are O(s) sums of a few products of square roots: 1e-13 covers rounding for s ≤ 5/2.
const TOL = 1e-13;

for (const s of [0.5, 1, 1.5, 2, 2.5]) {
  test(`spin ${s}: [Sx, Sy] = i Sz (cyclic) and S² = s(s+1) I`, () => {
    const x = d(spinX(s)), y = d(spinY(s)), z = d(spinZ(s));
    assert.ok(maxAbsDiff(comm(x, y), scale(z, 0, 1)) < TOL);
    assert.ok(maxAbsDiff(comm(y, z), scale(x, 0, 1)) < TOL);
    assert.ok(maxAbsDiff(comm(z, x), scale(y, 0, 1)) < TOL);
    const s2 = add(add(matmul(x, x), matmul(y, y)), matmul(z, z));
    const dim = 2 * s + 1;
    assert.ok(maxAbsDiff(s2, scale(ComplexMatrix.identity(dim), s * (s + 1))) < TOL);
    // S± = Sx ± i Sy
    assert.ok(maxAbsDiff(d(spinPlus(s)), add(x, scale(y, 0, 1))) < TOL);
    assert.ok(maxAbsDiff(d(spinMinus(s)), sub(x, scale(y, 0, 1))) < TOL);
    // [Sz, S+] = S+
    assert.ok(maxAbsDiff(comm(z, d(spinPlus(s))), d(spinPlus(s))) < TOL);
  });
}

test('spin 1 matrices equal the closed form (basis m = +1, 0, −1)', () => {
  const r = Math.SQRT1_2;
  const x = ComplexMatrix.fromRows([[0, r, 0], [r, 0, r], [0, r, 0]]);
  const y = ComplexMatrix.fromRows([[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[0, -r, 0], [r, 0, -r], [0, r, 0]]);
  const z = ComplexMatrix.fromRows([[1, 0, 0], [0, 0, 0], [0, 0, -1]]);
  const p = ComplexMatrix.fromRows([[0, Math.SQRT2, 0], [0, 0, Math.SQRT2], [0, 0, 0]]);
  assert.ok(maxAbsDiff(d(spinX(1)), x) < 1e-15);
  assert.ok(maxAbsDiff(d(spinY(1)), y) < 1e-15);
  assert.ok(maxAbsDiff(d(spinZ(1)), z) < 1e-15);
  assert.ok(maxAbsDiff(d(spinPlus(1)), p) < 1e-15);
  assert.equal(spinPlus(1).nnz, 2);
});

test('spin matrices match QuTiP jmat for j = 1, 3/2, 5/2 (same m = +j … −j order)', () => {
  const fx = loadFixture('quantum-qutip.json');
  for (const [name, s] of [['1', 1], ['3/2', 1.5], ['5/2', 2.5]] as const) {
    for (const ax of ['x', 'y', 'z', '+', '-'] as SpinComponent[]) {
      const ref = matrixFromJson(fx.jmat[name][ax]);
      // QuTiP computes the same square roots; allow a few ulps.
      const diff = maxAbsDiff(d(spinOperator(s, ax)), ref);
      assert.ok(diff < 1e-14, `jmat(${name}, ${ax}) differs by ${diff}`);
    }
  }
});

test('Pauli matrices: relations, 2S = σ for s = 1/2, σ+ = |↑⟩⟨↓| with ↑ = index 0', () => {
  const x = d(sigmaX()), y = d(sigmaY()), z = d(sigmaZ());
  const I = ComplexMatrix.identity(2);
  for (const m of [x, y, z]) assert.ok(maxAbsDiff(matmul(m, m), I) < 1e-15);
  assert.ok(maxAbsDiff(comm(x, y), scale(z, 0, 2)) < 1e-15);
  assert.ok(maxAbsDiff(matmul(x, y), scale(z, 0, 1)) < 1e-15); // σxσy = iσz
  assert.ok(maxAbsDiff(scale(d(spinX(0.5)), 2), x) < 1e-15);
  assert.ok(maxAbsDiff(scale(d(spinY(0.5)), 2), y) < 1e-15);
  assert.ok(maxAbsDiff(scale(d(spinZ(0.5)), 2), z) < 1e-15);
  const sp = d(sigmaPlus()), sm = d(sigmaMinus());
  assert.equal(sp.getRe(0, 1), 1);
  assert.equal(sp.getRe(1, 0), 0);
  assert.ok(maxAbsDiff(sp, scale(add(x, scale(y, 0, 1)), 0.5)) < 1e-15);
  assert.ok(maxAbsDiff(sm, scale(sub(x, scale(y, 0, 1)), 0.5)) < 1e-15);
  assert.ok(maxAbsDiff(sp, d(projector(0.5, 0.5, -0.5))) < 1e-15);
  assert.ok(maxAbsDiff(sp, d(spinPlus(0.5))) < 1e-15);
  assert.equal(z.getRe(0, 0), 1); // ↑ (index 0) has σz = +1
});

test('spinIndex / spinM / projector and validation', () => {
  assert.equal(spinIndex(1, 1), 0);
  assert.equal(spinIndex(1, 0), 1);
  assert.equal(spinIndex(1, -1), 2);
  assert.equal(spinIndex(1.5, -0.5), 2);
  assert.equal(spinM(2.5, 5), -2.5);
  assert.equal(spinDimension(0), 1);
  const p = d(projector(1, 0, -1)); // |0⟩⟨−1|
  assert.equal(p.getRe(1, 2), 1);
  assert.equal(d(projector(1, 1)).getRe(0, 0), 1);
  assert.throws(() => spinIndex(1, 0.5), RangeError);
  assert.throws(() => spinIndex(1, 2), RangeError);
  assert.throws(() => spinZ(1 / 3), RangeError);
  assert.throws(() => spinX(-0.5), RangeError);
  assert.throws(() => spinY(Number.NaN), RangeError);
  assert.throws(() => spinM(1, 3), RangeError);
  assert.throws(() => identity(-1), RangeError);
  assert.equal(identity(4).nnz, 4);
});
