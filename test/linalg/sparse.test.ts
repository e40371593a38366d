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

test('triplets: rows sorted by column, duplicates summed in input order (bit for bit), short and long rows', () => {
  // Rows of 0–200 entries (the short ones are sorted in place, rows over 32 entries through an index sort),
  // columns drawn from few values so that most entries are duplicates, values of mixed magnitude so that the
  // order of the sums shows in the bits; the reference sums each (row, column) in input order.
  let state = 12345;
  const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  const rows = 40, cols = 1000;
  const ri: number[] = [], ci: number[] = [], vr: number[] = [], vi: number[] = [];
  for (let i = 0; i < rows; i++) {
    const len = i % 5 === 0 ? 200 : Math.floor(next() * 30);
    const distinct = 1 + Math.floor(next() * 12);
    const colsOfRow = Array.from({ length: distinct }, () => Math.floor(next() * cols));
    for (let k = 0; k < len; k++) {
      ri.push(i); ci.push(colsOfRow[Math.floor(next() * distinct)]);
      vr.push((next() - 0.5) * 10 ** Math.floor(next() * 8)); vi.push(k % 7 === 0 ? 0 : (next() - 0.5) * 1e-3);
    }
  }
  // shuffle the triplets' order across rows (within a row the order of duplicates is what the sums follow)
  const perm = ri.map((_, k) => k).sort((a, b) => (((a * 2654435761) >>> 0) % 997) - (((b * 2654435761) >>> 0) % 997) || a - b);
  const R = perm.map((k) => ri[k]), C = perm.map((k) => ci[k]), VR = perm.map((k) => vr[k]), VI = perm.map((k) => vi[k]);
  // two exact cancellations, to be dropped
  R.push(3, 3); C.push(7, 7); VR.push(2.5, -2.5); VI.push(0, 0);
  const s = SparseMatrix.fromTriplets(rows, cols, R, C, VR, VI);
  const ref = new Map<number, [number, number]>();
  for (let k = 0; k < R.length; k++) {
    const key = R[k] * cols + C[k], v = ref.get(key) ?? [0, 0];
    v[0] += VR[k]; v[1] += VI[k]; ref.set(key, v);
  }
  const expected = [...ref].filter(([, [a, b]]) => a !== 0 || b !== 0).sort(([a], [b]) => a - b);
  assert.equal(s.nnz, expected.length);
  let at = 0;
  for (let i = 0; i < rows; i++) {
    for (let p = s.rowPtr[i]; p < s.rowPtr[i + 1]; p++, at++) {
      const [key, [a, b]] = expected[at];
      assert.equal(i * cols + s.colIndex[p], key);
      assert.ok(Object.is(s.re[p], a) && Object.is(s.im[p], b), `(${i}, ${s.colIndex[p]}): ${s.re[p]} ${s.im[p]} vs ${a} ${b}`);
    }
  }
  assert.ok(s.rowPtr.some((_, i) => i < rows && s.rowPtr[i + 1] - s.rowPtr[i] > 0));
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
