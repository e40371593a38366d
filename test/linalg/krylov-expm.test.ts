import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, matvecInto, norm1, scale } from '../../src/linalg/dense.js';
import { SparseMatrix, spmvInto } from '../../src/linalg/sparse.js';
import { norm2 } from '../../src/linalg/vector.js';
import { expm } from '../../src/linalg/expm.js';
import { expmv, expmvTimes, type LinearApply } from '../../src/linalg/krylov-expm.js';
import { randomMatrix, randomHermitian } from '../helpers.js';

const denseApply = (a: ComplexMatrix): LinearApply => (xr, xi, yr, yi) => matvecInto(a, xr, xi, yr, yi);

/** Dense reference exp(t·A)·v. */
function reference(a: ComplexMatrix, t: number, vr: Float64Array, vi: Float64Array): { re: Float64Array; im: Float64Array } {
  const e = expm(scale(a, t));
  const re = new Float64Array(a.rows), im = new Float64Array(a.rows);
  matvecInto(e, vr, vi, re, im);
  return { re, im };
}

function relDiff(ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array): number {
  const dr = new Float64Array(ar.length), di = new Float64Array(ar.length);
  for (let k = 0; k < ar.length; k++) { dr[k] = ar[k] - br[k]; di[k] = ai[k] - bi[k]; }
  return norm2(dr, di) / norm2(br, bi);
}

/**
 * Random non-normal A = c·(R − 8I) with ‖A‖₁ = 300 (‖A‖₂ ≈ 46, ‖A‖_F ≈ 345): the eigenvalues
 * fill a disc of radius ≈ 22 centred at ≈ −15, so the spectrum spreads over Re λ ∈ [−37, 7]
 * and several Krylov steps are needed at t = 1.
 */
function nonNormal200(): ComplexMatrix {
  const n = 200;
  const r = randomMatrix(n, n, 401);
  for (let i = 0; i < n; i++) r.re[i * n + i] -= 8;
  return scale(r, 300 / norm1(r));
}

test('expmv matches dense expm·v for a random non-normal 200×200 matrix (‖A‖₂ ≈ 46, t = 1)', () => {
  const a = nonNormal200();
  const v = randomMatrix(200, 1, 402);
  const ref = reference(a, 1, v.re, v.im);
  const res = expmv(denseApply(a), 200, 1, v.re, v.im);
  const err = relDiff(res.wr, res.wi, ref.re, ref.im);
  // Default tol = 1e-12 (relative to ‖v‖, summed local estimates); the dense reference is good to
  // ~κu ≈ 1e-14. 1e-9 is the requirement; the Krylov error estimate must also be honest (≤ 1e-9).
  assert.ok(err <= 1e-9, `relative error ${err}`);
  assert.ok(res.stats.steps >= 2 && res.stats.matvecs >= 62, JSON.stringify(res.stats));
  assert.ok(res.stats.errorEstimate / norm2(v.re, v.im) <= 1e-9);
  // Negative time: exp(−0.2·A)·v (backward propagation, here strongly growing: Re(−λ) up to ≈ 37).
  const refBack = reference(a, -0.2, v.re, v.im);
  const back = expmv(denseApply(a), 200, -0.2, v.re, v.im);
  assert.ok(relDiff(back.wr, back.wi, refBack.re, refBack.im) <= 1e-9);
});

test('expmv: strongly non-normal bidiagonal generator with a transient hump', () => {
  // A = −I + 3·(superdiagonal shift): ‖e^{tA}‖ grows to ~e^{2t}-like humps before decaying.
  const n = 120;
  const a = new ComplexMatrix(n, n);
  for (let i = 0; i < n; i++) {
    a.re[i * n + i] = -1;
    a.im[i * n + i] = 0.1 * i / n;
    if (i + 1 < n) a.re[i * n + i + 1] = 3;
  }
  const v = new Float64Array(n), vi = new Float64Array(n);
  v[n - 1] = 1; // the last basis vector feeds every component above it
  for (const t of [0.5, 4]) {
    const ref = reference(a, t, v, vi);
    const res = expmv(denseApply(a), n, t, v, vi, { tol: 1e-12 });
    const err = relDiff(res.wr, res.wi, ref.re, ref.im);
    assert.ok(err <= 1e-9, `t=${t}: relative error ${err}`);
    assert.ok(res.stats.hump > 1, 'the transient growth is visible in the stats');
  }
});

test('expmv: −i·H generator preserves the norm and matches dense expm', () => {
  const n = 200;
  const h = randomHermitian(n, 403);
  const hs = scale(h, 30 / norm1(h));
  // A = −i·H
  const a = new ComplexMatrix(n, n);
  for (let k = 0; k < n * n; k++) { a.re[k] = hs.im[k]; a.im[k] = -hs.re[k]; }
  const v = randomMatrix(n, 1, 404);
  const v0 = norm2(v.re, v.im);
  const res = expmv(denseApply(a), n, 2, v.re, v.im);
  // Unitary evolution: ‖w‖ = ‖v‖ to the Krylov tolerance (1e-12) plus round-off.
  assert.ok(Math.abs(norm2(res.wr, res.wi) - v0) <= 1e-10 * v0, `norm drift ${norm2(res.wr, res.wi) - v0}`);
  const ref = reference(a, 2, v.re, v.im);
  assert.ok(relDiff(res.wr, res.wi, ref.re, ref.im) <= 1e-9);
  // Sparse operator path (same matrix in CSR).
  const s = SparseMatrix.fromDense(a);
  const res2 = expmv((xr, xi, yr, yi) => spmvInto(s, xr, xi, yr, yi), n, 2, v.re, v.im, { anorm: 30 });
  assert.ok(relDiff(res2.wr, res2.wi, ref.re, ref.im) <= 1e-9);
});

test('expmv: strongly growing solution, exp(t(B + σI))v = e^{σt}·exp(tB)v', () => {
  // B = −i·H (‖H‖₁ = 5), σ = 1, t = 40: ‖w‖ grows by e^40 ≈ 2e17. The tolerance must follow the
  // solution's norm; a tolerance fixed to ‖v‖ would ask for accuracy far below round-off and
  // stall the step-size control (maxSteps would be exceeded).
  const n = 120;
  const h = randomHermitian(n, 408);
  const hs = scale(h, 5 / norm1(h));
  const b = new ComplexMatrix(n, n);
  for (let k = 0; k < n * n; k++) { b.re[k] = hs.im[k]; b.im[k] = -hs.re[k]; }
  const shifted = b.clone();
  for (let i = 0; i < n; i++) shifted.re[i * n + i] += 1;
  const v = randomMatrix(n, 1, 409);
  const t = 40;
  const base = expmv(denseApply(b), n, t, v.re, v.im);
  const grown = expmv(denseApply(shifted), n, t, v.re, v.im, { maxSteps: 200 });
  const f = Math.exp(t);
  const er = base.wr.map((x) => x * f), ei = base.wi.map((x) => x * f);
  // Both runs are accurate to ~1e-12 relative to their own norm; 1e-9 is the requirement.
  assert.ok(relDiff(grown.wr, grown.wi, er, ei) <= 1e-9, `relative difference ${relDiff(grown.wr, grown.wi, er, ei)}`);
  assert.ok(grown.stats.steps <= 3 * base.stats.steps + 2, `steps ${grown.stats.steps} vs ${base.stats.steps}`);
});

test('expmvTimes agrees with single-time calls and reuses work', () => {
  const a = nonNormal200();
  const v = randomMatrix(200, 1, 405);
  const times = [0, 0.05, 0.1, 0.1, 0.35, 0.5, 0.9, 1.0];
  const multi = expmvTimes(denseApply(a), 200, times, v.re, v.im);
  assert.equal(multi.states.length, times.length);
  // t = 0 returns v itself.
  assert.deepEqual(multi.states[0].re, v.re);
  let singleMatvecs = 0;
  for (let k = 1; k < times.length; k++) {
    const single = expmv(denseApply(a), 200, times[k], v.re, v.im);
    singleMatvecs += single.stats.matvecs;
    const err = relDiff(multi.states[k].re, multi.states[k].im, single.wr, single.wi);
    // Both are within ~1e-12 of the truth; 1e-9 is the stated requirement.
    assert.ok(err <= 1e-9, `t=${times[k]}: ${err}`);
  }
  // One continuous propagation needs no more products than the final time alone,
  // and far fewer than independent calls.
  assert.ok(multi.stats.matvecs < singleMatvecs / 3, `${multi.stats.matvecs} vs ${singleMatvecs}`);
  assert.throws(() => expmvTimes(denseApply(a), 200, [0.2, 0.1], v.re, v.im), /non-decreasing/);
  assert.throws(() => expmvTimes(denseApply(a), 200, [-1], v.re, v.im), /≥ 0/);
});

test('expmv: happy breakdown on an invariant subspace and trivial inputs', () => {
  const n = 50;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = -i;
  const a = ComplexMatrix.diagonal(d);
  const v = new Float64Array(n), vi = new Float64Array(n);
  v[3] = 2; // an eigenvector: the Krylov space is 1-dimensional
  const res = expmv(denseApply(a), n, 0.7, v, vi);
  assert.equal(res.stats.happyBreakdowns, 1);
  assert.equal(res.stats.matvecs, 1);
  assert.ok(Math.abs(res.wr[3] - 2 * Math.exp(-3 * 0.7)) < 1e-15);
  // Small n (< m): the space is exhausted at n and the result is exact.
  const b = randomMatrix(6, 6, 406);
  const w = randomMatrix(6, 1, 407);
  const ref = reference(b, 1.3, w.re, w.im);
  const r6 = expmv(denseApply(b), 6, 1.3, w.re, w.im);
  assert.ok(relDiff(r6.wr, r6.wi, ref.re, ref.im) < 1e-12);
  // Zero vector and t = 0.
  const z = expmv(denseApply(b), 6, 1, new Float64Array(6), new Float64Array(6));
  assert.ok(z.wr.every((x) => x === 0) && z.stats.matvecs === 0);
  const same = expmv(denseApply(b), 6, 0, w.re, w.im);
  assert.deepEqual(same.wr, w.re);
  assert.throws(() => expmv(denseApply(b), 6, 1, new Float64Array(5), new Float64Array(5)), /length/);
});
