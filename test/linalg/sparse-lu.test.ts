import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparseMatrix, spmvInto } from '../../src/linalg/sparse.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import { solve } from '../../src/linalg/lu.js';
import { fillReducingOrder, minimumDegreeOrder, solveRealSystem, sparseLuFactor, sparseLuNonzeros, sparseLuSolve, type SparseLu } from '../../src/linalg/sparse-lu.js';
import { wasmKernelsAvailable } from '../../src/linalg/wasm.js';
import { Lcg, withTypeScript } from '../helpers.js';

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

// ---- real matrices: the WebAssembly path (wasm/kernels.ts `splu*`) against the TypeScript real path ----

/** The real part of randomSparse (a real matrix: factors computed in real arithmetic). */
function randomRealSparse(n: number, perRow: number, seed: number, diagonal: number): SparseMatrix {
  const a = randomSparse(n, perRow, seed, diagonal);
  return new SparseMatrix(n, n, a.rowPtr, a.colIndex, a.re, new Float64Array(a.re.length));
}

function assertSameFactors(w: SparseLu, t: SparseLu, what: string): void {
  const n = w.n;
  assert.deepEqual(Array.from(w.q), Array.from(t.q), `${what}: q`);
  assert.deepEqual(Array.from(w.pinv), Array.from(t.pinv), `${what}: pinv`);
  assert.deepEqual(Array.from(w.lp), Array.from(t.lp), `${what}: lp`);
  assert.deepEqual(Array.from(w.up), Array.from(t.up), `${what}: up`);
  const ln = w.lp[n], un = w.up[n];
  assert.deepEqual(Array.from(w.li.subarray(0, ln)), Array.from(t.li.subarray(0, ln)), `${what}: L rows`);
  assert.deepEqual(Array.from(w.ui.subarray(0, un)), Array.from(t.ui.subarray(0, un)), `${what}: U rows`);
  // the same operations in the same order: the same bits
  assert.deepEqual(Array.from(w.lRe.subarray(0, ln)), Array.from(t.lRe.subarray(0, ln)), `${what}: L values`);
  assert.deepEqual(Array.from(w.uRe.subarray(0, un)), Array.from(t.uRe.subarray(0, un)), `${what}: U values`);
  assert.equal(w.lIm, null);
  assert.equal(t.lIm, null);
}

test('real sparse LU: WebAssembly ordering, factors and solves equal the TypeScript real path bit for bit (n = 1, 3, 17, 255, 601)', { skip: !wasmKernelsAvailable() && 'no WebAssembly SIMD' }, () => {
  for (const diagonal of [4, 1e-3]) {
    for (const n of [1, 3, 17, 255, 601]) {
      const a = randomRealSparse(n, 3, 301 + n, diagonal);
      const ow = minimumDegreeOrder(a), ot = withTypeScript(() => minimumDegreeOrder(a));
      assert.deepEqual(Array.from(ow), Array.from(ot), `n=${n}: order`);
      assert.equal(ow.symbolicNonzeros, ot.symbolicNonzeros, `n=${n}: symbolic count`);
      assert.deepEqual(Array.from(ow).sort((x, y) => x - y), Array.from({ length: n }, (_, i) => i), `n=${n}: a permutation`);
      const fw = sparseLuFactor(a, ow), ft = withTypeScript(() => sparseLuFactor(a, ot));
      assertSameFactors(fw, ft, `n=${n}, diagonal ${diagonal}`);
      const br = new Float64Array(n), bi = new Float64Array(n);
      for (let i = 0; i < n; i++) { br[i] = Math.sin(i + 1); bi[i] = Math.cos(3 * i); }
      const xw = sparseLuSolve(fw, br, bi), xt = withTypeScript(() => sparseLuSolve(ft, br, bi));
      assert.deepEqual(Array.from(xw.re), Array.from(xt.re), `n=${n}: solution (re)`);
      assert.deepEqual(Array.from(xw.im), Array.from(xt.im), `n=${n}: solution (im)`);
    }
  }
});

for (const path of ['WebAssembly', 'TypeScript'] as const) {
  test(`real sparse LU (${path} path) solves random real systems like the dense LU (seeds with condition ≲ 1e5)`, { skip: path === 'WebAssembly' && !wasmKernelsAvailable() && 'no WebAssembly SIMD' }, () => {
    const run = <T>(f: () => T): T => (path === 'TypeScript' ? withTypeScript(f) : f());
    for (const n of [1, 3, 17, 255, 601]) {
      const a = randomRealSparse(n, 3, 501 + n, 1e-3); // weak diagonal: row interchanges
      const b = new ComplexVector(n);
      for (let i = 0; i < n; i++) b.re[i] = Math.sin(i + 1);
      let ref: ComplexVector;
      try { ref = solve(a.toDense(), b); } catch { continue; }
      const f = run(() => sparseLuFactor(a));
      const x = run(() => sparseLuSolve(f, b.re, b.im));
      let d = 0, s = 0;
      for (let i = 0; i < n; i++) { d = Math.max(d, Math.abs(x.re[i] - ref.re[i]), Math.abs(x.im[i])); s = Math.max(s, Math.abs(ref.re[i])); }
      // as for the complex systems above: agreement to the conditioning of these random matrices
      assert.ok(d <= 1e-9 * s, `n=${n}: |x − x_dense| = ${d} vs |x| = ${s}`);
      // and the residual is at rounding level relative to ‖A‖‖x‖ (backward stability of threshold partial pivoting)
      const yr = new Float64Array(n), yi = new Float64Array(n);
      spmvInto(a, x.re, x.im, yr, yi);
      let r = 0, an = 0;
      for (let i = 0; i < n; i++) r = Math.max(r, Math.abs(yr[i] - b.re[i]));
      for (let k = 0; k < a.nnz; k++) an = Math.max(an, Math.abs(a.re[k]));
      assert.ok(r <= 1e-12 * an * s * n, `n=${n}: residual ${r}`);
    }
  });
}

test('real sparse LU in WebAssembly restarts with more storage when the factors outgrow the symbolic estimate', { skip: !wasmKernelsAvailable() && 'no WebAssembly SIMD' }, () => {
  const n = 255, a = randomRealSparse(n, 3, 77, 1e-3);
  const order = minimumDegreeOrder(a);
  // an estimate of zero fill: storage for n entries each, far below what L and U need
  const tight = Object.assign(Int32Array.from(order), { symbolicNonzeros: 0 });
  assertSameFactors(sparseLuFactor(a, tight), withTypeScript(() => sparseLuFactor(a, order)), 'restarted');
});

test('real sparse LU reports a singular matrix with the column on both paths', () => {
  const a = SparseMatrix.fromTriplets(3, 3, [0, 0, 1, 1, 2], [0, 1, 0, 1, 2], [1, 1, 2, 2, 1]);
  assert.throws(() => sparseLuFactor(a), /singular \(no nonzero pivot in column \d\)/);
  assert.throws(() => withTypeScript(() => sparseLuFactor(a)), /singular \(no nonzero pivot in column \d\)/);
});

test('solveRealSystem: the factors kept in WebAssembly memory give the TypeScript path\'s solution, refinements and backward error bit for bit', { skip: !wasmKernelsAvailable() && 'no WebAssembly SIMD' }, () => {
  for (const n of [1, 17, 601]) {
    const a = randomRealSparse(n, 3, 501 + n, 1e-3);
    const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    // tolerance 1e-13 (what the steady state asks: usually no refinement) and 0 (never met: both refinement steps run)
    for (const tolerance of [1e-13, 0]) {
      const w = solveRealSystem(a, b, tolerance, 2), t = withTypeScript(() => solveRealSystem(a, b, tolerance, 2));
      assert.deepEqual(Array.from(w.x), Array.from(t.x), `n=${n}, tol ${tolerance}: x`);
      assert.equal(w.backwardError, t.backwardError);
      assert.equal(w.refinements, t.refinements);
      assert.equal(w.factorNonzeros, t.factorNonzeros);
      if (tolerance === 0) assert.equal(w.refinements, 2);
      assert.ok(w.backwardError <= 1e-14 * n, `n=${n}: backward error ${w.backwardError}`);
    }
  }
  assert.throws(() => solveRealSystem(SparseMatrix.fromTriplets(2, 2, [0, 1], [0, 0], [1, 1]), new Float64Array(2), 1e-13, 2), /singular/);
});
