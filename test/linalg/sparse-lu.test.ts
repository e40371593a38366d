import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparseMatrix, spmvInto } from '../../src/linalg/sparse.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import { solve } from '../../src/linalg/lu.js';
import { fillReducingOrder, minimumDegreeOrder, sparseLuFactor, sparseLuNonzeros, sparseLuSolve } from '../../src/linalg/sparse-lu.js';
import { Lcg } from '../helpers.js';

/** Random sparse complex n×n matrix, about `perRow` entries per row; weak diagonal forces row interchanges. */
function randomSparse(n: number, perRow: number, seed: number, diagonal: number): SparseMatrix {
  const g = new Lcg(seed);
  const rows: number[] = [], cols: number[] = [], re: number[] = [], im: number[] = [];
  for (let i = 0; i < n; i++) {
    rows.push(i); cols.push(i); re.push(diagonal * (2 * g.next() - 1)); im.push(diagonal * (2 * g.next() - 1));
    for (let k = 0; k < perRow; k++) { rows.push(i); cols.push(Math.floor(g.next() * n)); re.push(2 * g.next() - 1); im.push(2 * g.next() - 1); }
  }
  return SparseMatrix.fromTriplets(n, n, rows, cols, re, im);
}

test('minimum-degree order is a permutation and eliminates an arrow matrix\'s hub at the end', () => {
  // arrow: node 0 coupled to all others (a dense row and column); eliminating it first would fill everything
  const n = 17, r: number[] = [], c: number[] = [], v: number[] = [];
  for (let i = 0; i < n; i++) { r.push(i, 0, i); c.push(i, i, 0); v.push(4, 1, 1); }
  const a = SparseMatrix.fromTriplets(n, n, r, c, v);
  const order = minimumDegreeOrder(a);
  assert.deepEqual(Array.from(order).sort((x, y) => x - y), Array.from({ length: n }, (_, i) => i));
  // (with two nodes left both have degree 1: the hub goes in one of the last two places)
  assert.ok(Array.from(order).indexOf(0) >= n - 2, `hub eliminated at step ${Array.from(order).indexOf(0)}`);
  // and so the factorization has no fill: nnz(L) + nnz(U) = nnz(A) + n (the unit diagonal of L)
  assert.equal(sparseLuNonzeros(sparseLuFactor(a, order)), a.nnz + n);
});

for (const diagonal of [4, 1e-3, 0]) {
  test(`sparse LU solves random sparse systems like the dense LU (diagonal scale ${diagonal}: ${diagonal >= 1 ? 'diagonal pivots' : 'row interchanges'})`, () => {
    for (const n of [1, 3, 17, 255, 601]) {
      const a = randomSparse(n, 3, 101 + n, diagonal);
      const b = new ComplexVector(n);
      for (let i = 0; i < n; i++) { b.re[i] = Math.sin(i + 1); b.im[i] = Math.cos(2 * i); }
      let ref: ComplexVector;
      try { ref = solve(a.toDense(), b); } catch { continue; } // a structurally singular draw (n = 1 with zero diagonal): nothing to compare
      const f = sparseLuFactor(a);
      const x = sparseLuSolve(f, b.re, b.im);
      let d = 0, s = 0;
      for (let i = 0; i < n; i++) { d = Math.max(d, Math.abs(x.re[i] - ref.re[i]), Math.abs(x.im[i] - ref.im[i])); s = Math.max(s, Math.abs(ref.re[i]), Math.abs(ref.im[i])); }
      // residual ‖Ax − b‖ relative to ‖A‖‖x‖: backward stability of partial pivoting (threshold 0.1 allows growth ≤ 10 per step, small in practice)
      const yr = new Float64Array(n), yi = new Float64Array(n);
      spmvInto(a, x.re, x.im, yr, yi);
      let r = 0, an = 0;
      for (let i = 0; i < n; i++) r = Math.max(r, Math.hypot(yr[i] - b.re[i], yi[i] - b.im[i]));
      for (let k = 0; k < a.nnz; k++) an = Math.max(an, Math.hypot(a.re[k], a.im[k]));
      assert.ok(r <= 1e-12 * an * s * n, `n=${n}: residual ${r}`);
      // the two solutions agree to the conditioning of these random matrices (cond ≲ 1e5 for these seeds)
      assert.ok(d <= 1e-9 * s, `n=${n}: |x − x_dense| = ${d} vs |x| = ${s}`);
    }
  });
}

test('sparse LU reports a singular matrix with the column', () => {
  // two identical columns
  const a = SparseMatrix.fromTriplets(3, 3, [0, 0, 1, 1, 2], [0, 1, 0, 1, 2], [1, 1, 2, 2, 1]);
  assert.throws(() => sparseLuFactor(a), /singular/);
});

test('fill-reducing order keeps the factors of a 2-D grid Laplacian far below dense', () => {
  const m = 20, n = m * m, r: number[] = [], c: number[] = [], v: number[] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
    const k = i * m + j;
    r.push(k); c.push(k); v.push(4);
    if (i > 0) { r.push(k); c.push(k - m); v.push(-1); }
    if (i < m - 1) { r.push(k); c.push(k + m); v.push(-1); }
    if (j > 0) { r.push(k); c.push(k - 1); v.push(-1); }
    if (j < m - 1) { r.push(k); c.push(k + 1); v.push(-1); }
  }
  const a = SparseMatrix.fromTriplets(n, n, r, c, v);
  const f = sparseLuFactor(a, fillReducingOrder(a));
  // minimum degree on a 20×20 grid: L + U ≈ 2·10⁴ entries (nested dissection bound O(n log n)); dense would be n² = 1.6·10⁵
  assert.ok(sparseLuNonzeros(f) < 0.25 * n * n, `nnz(L+U) = ${sparseLuNonzeros(f)}`);
});
