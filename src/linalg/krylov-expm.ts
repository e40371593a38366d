/**
 * Action of the matrix exponential on a vector, w = exp(t·A)·v, for an operator
 * given only by its product y ← A·x (sparse Hamiltonians, Liouvillians, or
 * matrix-free superoperators), by Krylov subspace projection with adaptive time
 * stepping.
 *
 * Algorithm: R. B. Sidje, "Expokit: a software package for computing matrix
 * exponentials", ACM TOMS 24 (1998) 130–156 (routine expv): per step an
 * m-dimensional Arnoldi basis V_m with Hessenberg H_m (modified Gram–Schmidt,
 * here with a second pass when cancellation is detected), exponentiation of the
 * (m+2)-augmented matrix of Saad (1992, SIAM J. Numer. Anal. 29, 209–228,
 * "corrected" scheme) whose last entries give the local error estimate, step
 * rejection and step-size control with Sidje's safety factors (γ = 0.9,
 * δ = 1.2), and happy-breakdown detection when the Krylov space becomes
 * invariant. The small dense exponential uses {@link expm}.
 *
 * Works for any (non-normal) A: nothing assumes Hermitian structure.
 *
 * Tolerance convention (differs from Expokit, which uses an absolute error per
 * unit time): each step's local error estimate is kept below
 * tol·max(‖v‖, ‖w(t_now)‖)·(step / t), so the accumulated error is ≲ tol times the
 * largest norm along the way, independently of the time units. (Measuring
 * against the current norm when the solution grows avoids demanding accuracy
 * below round-off, which would stall the step-size control.)
 */
import { ComplexMatrix } from './dense.js';
import { orthogonalize } from './gram-schmidt.js';
import { ComplexVector, norm2 } from './vector.js';
import { expm } from './expm.js';

/** y ← A·x for split complex vectors of length n (y never aliases x). */
export type LinearApply = (xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array) => void;

export interface ExpmvOptions {
  /**
   * Requested accuracy over the whole interval, relative to max(‖v‖, ‖w(t)‖)
   * (default 1e-12). The accumulated estimate is reported in `stats.errorEstimate`.
   */
  tol?: number;
  /** Krylov dimension per step (default 30; capped at n). */
  m?: number;
  /** expmvTimes: called when output k is reached (progress of long propagations). */
  onOutput?: (k: number) => void;
  /**
   * Estimate of ‖A‖ (any consistent norm, e.g. the ∞-norm of a sparse matrix).
   * Used for the first step size and a round-off floor. If omitted, the largest
   * ‖A v_j‖ seen in the Arnoldi process is used (a lower bound of ‖A‖₂).
   */
  anorm?: number;
  /** Maximum number of accepted steps before an Error is thrown (default 100000). */
  maxSteps?: number;
}

export interface ExpmvStats {
  /** Accepted Krylov steps. */
  steps: number;
  /** Rejected (shrunk and retried) steps. */
  rejected: number;
  /** Applications of A. */
  matvecs: number;
  /** Sum of the local error estimates (absolute, same units as v). */
  errorEstimate: number;
  /** Steps that ended in a happy breakdown (invariant Krylov space; exact up to round-off). */
  happyBreakdowns: number;
  /** max_t ‖w(t)‖ / ‖v‖ over the step endpoints (Expokit's "hump"; > 1 signals transient growth). */
  hump: number;
}

export interface ExpmvResult {
  wr: Float64Array;
  wi: Float64Array;
  stats: ExpmvStats;
}

export interface ExpmvTimesResult {
  /** exp(times[k]·A)·v for each k. */
  states: ComplexVector[];
  stats: ExpmvStats;
}

const GAMMA = 0.9;
const DELTA = 1.2;
const EPS = 2.220446049250313e-16;
/** Relative size of the new Arnoldi direction below which the Krylov space is taken as invariant. */
const BREAKDOWN_TOL = 1e-13;
const MAX_REJECTS = 60;

/** Round a step size up to two significant digits, as Expokit does. */
function roundStep(t: number): number {
  if (!(t > 0) || !Number.isFinite(t)) return t;
  const s = Math.pow(10, Math.floor(Math.log10(t)) - 1);
  return Math.ceil(t / s) * s;
}


/**
 * Core propagation: w(τ) = exp(sgn·τ·A)·v at the sorted non-negative output
 * times, calling `emit(k, wr, wi)` for each. Krylov steps are not cut at the
 * output times: an output time falling inside an accepted step is evaluated from
 * that step's basis (one extra small exponential, no extra products with A).
 */
function propagate(
  apply: LinearApply, n: number, times: readonly number[], sgn: 1 | -1,
  vr: Float64Array, vi: Float64Array, options: ExpmvOptions,
  emit: (k: number, wr: Float64Array, wi: Float64Array) => void,
): ExpmvStats {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`expmv: invalid dimension ${n}`);
  if (vr.length !== n || vi.length !== n) throw new RangeError(`expmv: vector length ${vr.length}/${vi.length} does not match n = ${n}`);
  const tol = options.tol ?? 1e-12;
  if (!(tol > 0)) throw new RangeError(`expmv: tol must be positive, got ${tol}`);
  const mOpt = options.m ?? 30;
  if (!Number.isInteger(mOpt) || mOpt < 1) throw new RangeError(`expmv: Krylov dimension m must be a positive integer, got ${mOpt}`);
  const maxSteps = options.maxSteps ?? 100000;
  const userAnorm = options.anorm;
  if (userAnorm !== undefined && !(userAnorm >= 0)) throw new RangeError(`expmv: anorm must be non-negative, got ${userAnorm}`);

  const stats: ExpmvStats = { steps: 0, rejected: 0, matvecs: 0, errorEstimate: 0, happyBreakdowns: 0, hump: 1 };
  const nt = times.length;
  const wr = Float64Array.from(vr), wi = Float64Array.from(vi);
  let k = 0; // next output index
  const tEnd = nt > 0 ? times[nt - 1] : 0;
  const vnorm = norm2(wr, wi);
  if (!Number.isFinite(vnorm)) throw new RangeError('expmv: vector has non-finite entries');
  while (k < nt && times[k] === 0) emit(k++, wr, wi);
  if (k === nt) return stats;
  if (vnorm === 0) {
    while (k < nt) emit(k++, wr, wi);
    return stats;
  }
  const m = Math.min(mOpt, n);
  const mh = m + 2;
  // Krylov basis V (m+1 vectors) as views into one allocation; p is the work vector.
  const basisRe = new Float64Array((m + 1) * n), basisIm = new Float64Array((m + 1) * n);
  const Vr: Float64Array[] = [], Vi: Float64Array[] = [];
  for (let j = 0; j <= m; j++) {
    Vr.push(basisRe.subarray(j * n, (j + 1) * n));
    Vi.push(basisIm.subarray(j * n, (j + 1) * n));
  }
  const pr = new Float64Array(n), pi = new Float64Array(n);
  const outR = new Float64Array(n), outI = new Float64Array(n);
  const hRe = new Float64Array(mh * mh), hIm = new Float64Array(mh * mh);
  // Absolute local error allowed per unit time: tol relative to max(‖v‖, ‖w(t_now)‖), spread over [0, tEnd].
  let tolPerTime = (tol * vnorm) / tEnd;
  let anorm = userAnorm ?? 0;
  let beta = vnorm;
  let tNow = 0;
  let tNew = NaN;

  /** out ← beta · V[:, 0..mx) · F[0..mx), 0]. */
  const combineBasis = (f: ComplexMatrix, mx: number, xr: Float64Array, xi: Float64Array): void => {
    xr.fill(0);
    xi.fill(0);
    const fc = f.cols;
    for (let j = 0; j < mx; j++) {
      const cr = beta * f.re[j * fc], ci = beta * f.im[j * fc];
      const ar = Vr[j], ai = Vi[j];
      for (let q = 0; q < n; q++) {
        const a = ar[q], b = ai[q];
        xr[q] += cr * a - ci * b;
        xi[q] += cr * b + ci * a;
      }
    }
  };
  /** exp(s·H[0..mx, 0..mx]). */
  const smallExp = (s: number, mx: number): ComplexMatrix => {
    const h = new ComplexMatrix(mx, mx);
    for (let i = 0; i < mx; i++) {
      for (let j = 0; j < mx; j++) {
        h.re[i * mx + j] = s * hRe[i * mh + j];
        h.im[i * mx + j] = s * hIm[i * mh + j];
      }
    }
    return expm(h);
  };

  while (tNow < tEnd) {
    if (stats.steps >= maxSteps) {
      throw new Error(`expmv: exceeded maxSteps = ${maxSteps} at t = ${tNow} of ${tEnd} (increase maxSteps or m, or loosen tol)`);
    }
    tolPerTime = (tol * Math.max(vnorm, beta)) / tEnd;
    // ---- Arnoldi process (modified Gram–Schmidt with selective reorthogonalization).
    hRe.fill(0);
    hIm.fill(0);
    {
      const inv = 1 / beta;
      const v0r = Vr[0], v0i = Vi[0];
      for (let q = 0; q < n; q++) { v0r[q] = wr[q] * inv; v0i[q] = wi[q] * inv; }
    }
    let k1 = 2;
    let mb = m;
    let avnorm = 0;
    for (let j = 0; j < m; j++) {
      apply(Vr[j], Vi[j], pr, pi);
      stats.matvecs++;
      const p0 = norm2(pr, pi);
      if (userAnorm === undefined && p0 > anorm) anorm = p0;
      const s = orthogonalize(Vr, Vi, j + 1, pr, pi, p0, hRe, hIm, j, mh, 'auto');
      if (s <= BREAKDOWN_TOL * p0 || j + 1 === n) {
        // Happy breakdown: span(V_{j+1}) is invariant, the projection is exact.
        k1 = 0;
        mb = j + 1;
        break;
      }
      hRe[(j + 1) * mh + j] = s;
      const inv = 1 / s;
      const nr = Vr[j + 1], ni = Vi[j + 1];
      for (let q = 0; q < n; q++) { nr[q] = pr[q] * inv; ni[q] = pi[q] * inv; }
    }
    if (k1 !== 0) {
      apply(Vr[m], Vi[m], pr, pi);
      stats.matvecs++;
      avnorm = norm2(pr, pi);
      if (userAnorm === undefined && avnorm > anorm) anorm = avnorm;
      hRe[(m + 1) * mh + m] = 1;
    }
    if (Number.isNaN(tNew)) {
      // Sidje's initial step from the a-priori bound of the Krylov error.
      const fact = Math.pow((m + 1) / Math.E, m + 1) * Math.sqrt(2 * Math.PI * (m + 1));
      tNew = anorm > 0
        ? roundStep((1 / anorm) * Math.pow((fact * tolPerTime) / (4 * beta * anorm), 1 / m))
        : Infinity;
    }
    // ---- Exponentiate the (augmented) Hessenberg matrix, rejecting too-large steps.
    let tStep = k1 === 0 ? tEnd - tNow : Math.min(tEnd - tNow, tNew);
    let f: ComplexMatrix;
    let errLoc = 0;
    let xm = 1 / m;
    const mx = mb + k1;
    for (let reject = 0; ; reject++) {
      f = smallExp(sgn * tStep, mx);
      if (k1 === 0) break;
      const p1 = Math.hypot(f.re[m * mx], f.im[m * mx]) * beta;
      const p2 = Math.hypot(f.re[(m + 1) * mx], f.im[(m + 1) * mx]) * beta * avnorm;
      if (p1 > 10 * p2) { errLoc = p2; xm = 1 / m; }
      else if (p1 > p2) { errLoc = (p1 * p2) / (p1 - p2); xm = 1 / m; }
      else { errLoc = p1; xm = 1 / Math.max(1, m - 1); }
      if (!(errLoc > DELTA * tStep * tolPerTime)) break;
      if (reject >= MAX_REJECTS) {
        throw new Error(`expmv: step rejected ${MAX_REJECTS} times at t = ${tNow} (error estimate ${errLoc}); increase m or loosen tol`);
      }
      tStep = roundStep(GAMMA * tStep * Math.pow((tStep * tolPerTime) / errLoc, xm));
      stats.rejected++;
    }
    // ---- Outputs strictly inside the step, from the same basis.
    const mCombine = mb + Math.max(0, k1 - 1);
    const tNext = tStep >= tEnd - tNow ? tEnd : tNow + tStep;
    while (k < nt && times[k] < tNext) {
      const g = smallExp(sgn * (times[k] - tNow), mx);
      combineBasis(g, mCombine, outR, outI);
      emit(k++, outR, outI);
    }
    // ---- Accept the step.
    combineBasis(f, mCombine, wr, wi);
    beta = norm2(wr, wi);
    if (!Number.isFinite(beta)) throw new Error(`expmv: solution overflowed at t = ${tNext}`);
    stats.hump = Math.max(stats.hump, beta / vnorm);
    stats.steps++;
    if (k1 === 0) stats.happyBreakdowns++;
    tNow = tNext;
    while (k < nt && times[k] <= tNow) emit(k++, wr, wi);
    const rndoff = EPS * beta;
    errLoc = Math.max(errLoc, rndoff);
    stats.errorEstimate += errLoc;
    tNew = roundStep(GAMMA * tStep * Math.pow((tStep * tolPerTime) / errLoc, xm));
    if (beta === 0) break; // exp(tA)v vanished exactly (nilpotent A): the rest is zero
  }
  while (k < nt) emit(k++, wr, wi);
  return stats;
}

/**
 * w = exp(t·A)·v for an operator given by `apply` (y ← A·x), by adaptive
 * Krylov (Arnoldi) projection as in Sidje's Expokit `expv` (see module
 * comment). t may be negative. v is not modified.
 */
export function expmv(
  apply: LinearApply, n: number, t: number,
  vr: Float64Array, vi: Float64Array, options: ExpmvOptions = {},
): ExpmvResult {
  if (!Number.isFinite(t)) throw new RangeError(`expmv: time must be finite, got ${t}`);
  let wr = new Float64Array(n), wi = new Float64Array(n);
  const stats = propagate(apply, n, [Math.abs(t)], t < 0 ? -1 : 1, vr, vi, options, (_k, xr, xi) => {
    wr = Float64Array.from(xr);
    wi = Float64Array.from(xi);
  });
  return { wr, wi, stats };
}

/**
 * exp(t_k·A)·v at a non-decreasing sequence of times t_k ≥ 0 (measured from the
 * time at which the state is v). One continuous Krylov propagation is used:
 * the state at the end of each step starts the next one, the step-size
 * controller is not reset between outputs, and output times that fall inside a
 * step are evaluated from that step's Krylov basis without extra products
 * with A.
 */
export function expmvTimes(
  apply: LinearApply, n: number, times: readonly number[],
  vr: Float64Array, vi: Float64Array, options: ExpmvOptions = {},
): ExpmvTimesResult {
  for (let k = 0; k < times.length; k++) {
    const t = times[k];
    if (!Number.isFinite(t) || t < 0) throw new RangeError(`expmvTimes: times[${k}] = ${t} must be finite and ≥ 0`);
    if (k > 0 && t < times[k - 1]) throw new RangeError(`expmvTimes: times must be non-decreasing (times[${k}] = ${t} < times[${k - 1}] = ${times[k - 1]})`);
  }
  const states: ComplexVector[] = new Array(times.length);
  const stats = propagate(apply, n, times, 1, vr, vi, options, (k, xr, xi) => {
    states[k] = new ComplexVector(n, Float64Array.from(xr), Float64Array.from(xi));
    options.onOutput?.(k);
  });
  return { states, stats };
}
