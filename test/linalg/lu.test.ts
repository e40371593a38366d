import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, matmul, matvecInto, normInf, norm1, adjoint } from '../../src/linalg/dense.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import {
  luFactor, luSolveInto, luSolve, luSolveAdjointInto, solve, inverse, determinant, rcond,
} from '../../src/linalg/lu.js';
import { randomMatrix, assertClose } from '../helpers.js';

function vecNormInf(re: Float64Array, im: Float64Array): number {
  let m = 0;
  for (let k = 0; k < re.length; k++) m = Math.max(m, Math.hypot(re[k], im[k]));
  return m;
}

test('LU solve: random systems n = 1…150 have backward error ≤ 1e-12', () => {
  // Partial pivoting is backward stable in practice: ‖Ax − b‖ ≲ n·u·‖A‖‖x‖ (≈ 2e-14 at
  // n = 150), so 1e-12 leaves a wide margin yet would catch any wrong pivot or sign.
  for (let n = 1; n <= 150; n++) {
    const a = randomMatrix(n, n, 1000 + n);
    const b = randomMatrix(n, 1, 5000 + n);
    const f = luFactor(a);
    const xr = new Float64Array(n), xi = new Float64Array(n);
    luSolveInto(f, b.re, b.im, xr, xi);
    const rr = new Float64Array(n), ri = new Float64Array(n);
    matvecInto(a, xr, xi, rr, ri);
    for (let k = 0; k < n; k++) { rr[k] -= b.re[k]; ri[k] -= b.im[k]; }
    const bound = 1e-12 * normInf(a) * vecNormInf(xr, xi);
    assert.ok(vecNormInf(rr, ri) <= bound, `n=${n}: residual ${vecNormInf(rr, ri)} > ${bound}`);
  }
});

test('LU: input untouched, permutation consistent with pivots, P·A = L·U', () => {
  const n = 70; // > one 32-column panel: exercises the blocked update
  const a = randomMatrix(n, n, 7);
  const copy = a.clone();
  const f = luFactor(a);
  assert.deepEqual(a.re, copy.re);
  assert.deepEqual(a.im, copy.im);
  const l = ComplexMatrix.identity(n), u = new ComplexMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      if (j < i) { l.re[k] = f.lu.re[k]; l.im[k] = f.lu.im[k]; } else { u.re[k] = f.lu.re[k]; u.im[k] = f.lu.im[k]; }
    }
  }
  const lu = matmul(l, u);
  let err = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const p = f.permutation[i];
      err = Math.max(err, Math.hypot(lu.re[i * n + j] - a.re[p * n + j], lu.im[i * n + j] - a.im[p * n + j]));
    }
  }
  // Entry-wise backward error of LU: ≲ n·u·max|L||U| ≈ 1e-13 here.
  assert.ok(err < 1e-12, `‖PA − LU‖_max = ${err}`);
  // |L_ij| ≤ 1 by partial pivoting (|Re|+|Im| pivoting gives |l| ≤ √2).
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) assert.ok(Math.hypot(l.re[i * n + j], l.im[i * n + j]) <= Math.SQRT2 + 1e-15);
});

test('LU: A·inverse(A) ≈ I and multi-RHS solve agrees with single solves', () => {
  const n = 60;
  const a = randomMatrix(n, n, 21);
  const ainv = inverse(a);
  const prod = matmul(a, ainv);
  let err = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    err = Math.max(err, Math.hypot(prod.re[i * n + j] - (i === j ? 1 : 0), prod.im[i * n + j]));
  }
  // ‖A A⁻¹ − I‖ ≲ n·u·‖A‖‖A⁻¹‖ = n·u·κ(A); κ₁ of this matrix is a few hundred → ~1e-11 worst case.
  const kappa = norm1(a) * norm1(ainv);
  assert.ok(err <= 50 * n * 1.1e-16 * kappa, `‖AA⁻¹ − I‖_max = ${err}, κ₁ = ${kappa}`);

  const f = luFactor(a);
  const b = randomMatrix(n, 5, 22);
  const x = luSolve(f, b);
  const xr = new Float64Array(n), xi = new Float64Array(n), br = new Float64Array(n), bi = new Float64Array(n);
  for (let c = 0; c < 5; c++) {
    for (let i = 0; i < n; i++) { br[i] = b.re[i * 5 + c]; bi[i] = b.im[i * 5 + c]; }
    luSolveInto(f, br, bi, xr, xi);
    for (let i = 0; i < n; i++) {
      assertClose(x.re[i * 5 + c], xr[i], 1e-12, `X[${i},${c}].re`);
      assertClose(x.im[i * 5 + c], xi[i], 1e-12, `X[${i},${c}].im`);
    }
  }
  // In-place single solve (x aliases b) gives the same answer.
  for (let i = 0; i < n; i++) { br[i] = b.re[i * 5]; bi[i] = b.im[i * 5]; }
  luSolveInto(f, br, bi, br, bi);
  for (let i = 0; i < n; i++) assertClose(br[i], x.re[i * 5], 1e-12, 'in-place solve');
  // solve() with a vector.
  const v = ComplexVector.fromArrays(b.re.filter((_, k) => k % 5 === 0), b.im.filter((_, k) => k % 5 === 0));
  const sv = solve(a, v);
  for (let i = 0; i < n; i++) assertClose(sv.im[i], x.im[i * 5], 1e-12, 'solve(vector)');
});

test('LU: adjoint solve A^H x = b', () => {
  const n = 45;
  const a = randomMatrix(n, n, 31);
  const b = randomMatrix(n, 1, 32);
  const f = luFactor(a);
  const xr = new Float64Array(n), xi = new Float64Array(n);
  luSolveAdjointInto(f, b.re, b.im, xr, xi);
  const ah = adjoint(a);
  const rr = new Float64Array(n), ri = new Float64Array(n);
  matvecInto(ah, xr, xi, rr, ri);
  for (let k = 0; k < n; k++) { rr[k] -= b.re[k]; ri[k] -= b.im[k]; }
  // Same backward-stability bound as the forward solve.
  assert.ok(vecNormInf(rr, ri) <= 1e-12 * normInf(ah) * vecNormInf(xr, xi));
});

test('determinant: triangular, permutation and 2×2 closed form', () => {
  // Upper triangular: det = Π diagonal (no pivoting happens, exact up to rounding of products).
  const t = ComplexMatrix.fromRows(
    [[2, 5, -1], [0, -3, 4], [0, 0, 0.5]],
    [[1, 2, 0], [0, 1, 7], [0, 0, 2]],
  );
  // (2+i)(−3+i)(0.5+2i) = (−7−i)(0.5+2i) = −3.5 −14i −0.5i + 2 = −1.5 − 14.5i
  const dt = determinant(luFactor(t));
  assertClose(dt.re, -1.5, 1e-14, 'det re');
  assertClose(dt.im, -14.5, 1e-14, 'det im');
  // Permutation matrices: det = sign of the permutation.
  const perms: [number[], number][] = [[[1, 0, 2, 3], -1], [[1, 2, 0, 3], 1], [[3, 2, 1, 0], 1], [[1, 2, 3, 0], -1]];
  for (const [p, sign] of perms) {
    const m = new ComplexMatrix(4, 4);
    p.forEach((j, i) => m.set(i, j, 1));
    const d = determinant(luFactor(m));
    assert.equal(d.re, sign, `det of permutation ${p}`);
    assert.equal(d.im, 0);
  }
  // 2×2: ad − bc.
  const m = ComplexMatrix.fromRows([[1, 2], [3, 4]], [[1, 0], [0, -1]]);
  const d = determinant(luFactor(m));
  // (1+i)(4−i) − 2·3 = 4 − i + 4i + 1 − 6 = −1 + 3i
  assertClose(d.re, -1, 1e-14, 'det2 re');
  assertClose(d.im, 3, 1e-14, 'det2 im');
});

test('LU: exactly singular matrices throw a RangeError naming the column', () => {
  assert.throws(() => luFactor(ComplexMatrix.fromRows([[1, 2], [2, 4]])), (e: unknown) => e instanceof RangeError && /column 1/.test(e.message));
  const a = randomMatrix(5, 5, 3);
  for (let i = 0; i < 5; i++) a.set(i, 2, 0); // zero column 2
  assert.throws(() => luFactor(a), /singular \(zero pivot in column 2\)/);
  assert.throws(() => luFactor(new ComplexMatrix(2, 3)), /not square/);
  assert.throws(() => inverse(ComplexMatrix.zeros(3)), /column 0/);
  const nan = ComplexMatrix.identity(2);
  nan.re[1] = NaN;
  assert.throws(() => luFactor(nan), RangeError);
  assert.throws(() => luSolveInto(luFactor(ComplexMatrix.identity(3)), new Float64Array(2), new Float64Array(2), new Float64Array(3), new Float64Array(3)), /length/);
});

test('rcond: Higham estimate brackets the exact 1-norm condition number', () => {
  for (const [n, seed] of [[10, 41], [40, 42], [90, 43]]) {
    const a = randomMatrix(n, n, seed);
    const f = luFactor(a);
    const exact = 1 / (norm1(a) * norm1(inverse(a)));
    const est = rcond(f);
    // The estimator gives a lower bound of ‖A⁻¹‖₁, hence rcond_est ≥ rcond; it is rarely off by > 3.
    assert.ok(est >= exact * (1 - 1e-12) && est <= 3 * exact, `n=${n}: est ${est}, exact ${exact}`);
  }
  // Nearly singular (graded diagonal) matrix: rcond ≈ 1e-12.
  const d = ComplexMatrix.diagonal([1, 1e-6, 1e-12]);
  const r = rcond(luFactor(d));
  assertClose(r, 1e-12, 1e-18, 'rcond(diag)');
});
