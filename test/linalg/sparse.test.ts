import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, adjoint, kron, matmul, maxAbsDiff, add } from '../../src/linalg/dense.js';
import { SparseMatrix, spmvInto, sparseAdjoint, sparseKron, sparseMatmul, sparseAdd } from '../../src/linalg/sparse.js';
import { matvecInto } from '../../src/linalg/dense.js';
import { randomMatrix } from '../helpers.js';

/** Random matrix with about `fill` of its entries nonzero. */
function sparseRandom(rows: number, cols: number, seed: number, fill: number): ComplexMatrix {
  const m = randomMatrix(rows, cols, seed);
  const mask = randomMatrix(rows, cols, seed + 1000);
  for (let k = 0; k < m.re.length; k++) if (Math.abs(mask.re[k]) > fill) { m.re[k] = 0; m.im[k] = 0; }
  return m;
}

test('triplets: duplicates are summed and zeros dropped', () => {
  const s = SparseMatrix.fromTriplets(3, 3, [0, 0, 2, 1, 1], [1, 1, 0, 2, 2], [1, 2, 5, 1, -1], [0, 1, 0, 0, 0]);
  const d = s.toDense();
  assert.deepEqual([d.getRe(0, 1), d.getIm(0, 1)], [3, 1]);
  assert.equal(d.getRe(2, 0), 5);
  assert.equal(s.nnz, 2); // (1,2) summed to zero and dropped
  assert.throws(() => SparseMatrix.fromTriplets(2, 2, [2], [0], [1]), /outside/);
});

test('sparse operations agree with their dense counterparts', () => {
  const a = sparseRandom(17, 23, 11, 0.3), b = sparseRandom(23, 9, 12, 0.3), c = sparseRandom(17, 23, 13, 0.3);
  const sa = SparseMatrix.fromDense(a), sb = SparseMatrix.fromDense(b), sc = SparseMatrix.fromDense(c);
  assert.ok(maxAbsDiff(sa.toDense(), a) === 0);
  assert.ok(maxAbsDiff(sparseMatmul(sa, sb).toDense(), matmul(a, b)) < 1e-13);
  assert.ok(maxAbsDiff(sparseAdjoint(sa).toDense(), adjoint(a)) === 0);
  assert.ok(maxAbsDiff(sparseAdd(sa, sc).toDense(), add(a, c)) < 1e-15);
  assert.ok(maxAbsDiff(sparseKron(sa, sb).toDense(), kron(a, b)) < 1e-15);
  const x = randomMatrix(23, 1, 14);
  const yr = new Float64Array(17), yi = new Float64Array(17), zr = new Float64Array(17), zi = new Float64Array(17);
  spmvInto(sa, x.re, x.im, yr, yi);
  matvecInto(a, x.re, x.im, zr, zi);
  for (let i = 0; i < 17; i++) {
    assert.ok(Math.abs(yr[i] - zr[i]) < 1e-13 && Math.abs(yi[i] - zi[i]) < 1e-13);
  }
});
