/**
 * TR-BDF2 (Bank, Coughran, Fichtner, Grosse, Rose & Smith, IEEE Trans. CAD 4, 436 (1985);
 * Hosea & Shampine, Appl. Numer. Math. 20, 21 (1996)) for stiff LINEAR systems with a constant
 * tridiagonal matrix, y′ = A y + b:
 *
 *   trapezoid to t + γh:  (I − (γh/2)A) y_γ = y_n + (γh/2)(A y_n + 2b)
 *   BDF2 to t + h:        (I − (γh/2)A) y_{n+1} = [y_γ − (1−γ)² y_n]/(γ(2−γ)) + (γh/2) b,
 *
 * γ = 2 − √2, so both stages share the matrix I − (γh/2)A (one Thomas factorization per step size).
 * The method is second order and L-stable. Error control by step doubling: one step of h against two
 * of h/2; the local error of the (kept) half-step solution is ≈ |y_h − y_{h/2}|/3 (order 2), measured
 * in the weighted max norm max_i |e_i|/(atol + rtol·|y_i|); steps are accepted when it is ≤ 1 and the
 * next h is 0.9·h·err^{−1/3} (clamped to [0.2, 4]×). Output times are hit exactly.
 *
 * For a matrix whose columns, weighted by positive volumes V, sum to zero (a conservative finite-volume
 * operator), Σ V_i y_i is conserved by every stage to rounding.
 */
import { AbortError } from '../../util/errors.js';
import { checkTimes } from '../../util/checks.js';

export interface TridiagonalLinearSystem {
  /** A[i][i−1] (index 0 unused), A[i][i], A[i][i+1] (index n−1 unused). */
  lower: Float64Array;
  diag: Float64Array;
  upper: Float64Array;
  /** Constant source b (default 0). */
  source?: Float64Array;
}

export interface Trbdf2Options {
  atol?: number;
  rtol?: number;
  /** First trial step (default (t₁ − t₀)/100). */
  h0?: number;
  maxSteps?: number;
  signal?: AbortSignal;
}

export interface Trbdf2Result {
  /** y at each output time (row k = times[k]). */
  y: Float64Array[];
  stats: { steps: number; rejected: number; solves: number };
}

/** Solve (I − c·A) x = rhs for tridiagonal A (Thomas algorithm; I − cA is diagonally dominant for a diffusion operator). */
function solveShifted(sys: TridiagonalLinearSystem, c: number, rhs: Float64Array, out: Float64Array, work: Float64Array): void {
  const { lower, diag, upper } = sys;
  const n = diag.length;
  const b0 = 1 - c * diag[0];
  work[0] = n > 1 ? (-c * upper[0]) / b0 : 0;
  out[0] = rhs[0] / b0;
  for (let i = 1; i < n; i++) {
    const a = -c * lower[i];
    const bi = 1 - c * diag[i] - a * work[i - 1];
    work[i] = i < n - 1 ? (-c * upper[i]) / bi : 0;
    out[i] = (rhs[i] - a * out[i - 1]) / bi;
  }
  for (let i = n - 2; i >= 0; i--) out[i] -= work[i] * out[i + 1];
}

function applyA(sys: TridiagonalLinearSystem, y: Float64Array, out: Float64Array): void {
  const { lower, diag, upper } = sys;
  const n = diag.length;
  for (let i = 0; i < n; i++) {
    let v = diag[i] * y[i];
    if (i > 0) v += lower[i] * y[i - 1];
    if (i < n - 1) v += upper[i] * y[i + 1];
    out[i] = v;
  }
}

const GAMMA = 2 - Math.SQRT2;

/** Integrate y′ = A y + b from times[0] (y0) through every output time. */
export function trbdf2Tridiagonal(sys: TridiagonalLinearSystem, y0: ArrayLike<number>, times: ArrayLike<number>, options: Trbdf2Options = {}): Trbdf2Result {
  const n = sys.diag.length;
  if (sys.lower.length !== n || sys.upper.length !== n || y0.length !== n) throw new RangeError(`trbdf2: lower, diag, upper and y0 must all have length ${n}`);
  if (sys.source && sys.source.length !== n) throw new RangeError(`trbdf2: source has length ${sys.source.length}, expected ${n}`);
  checkTimes(times);
  const atol = options.atol ?? 1e-10, rtol = options.rtol ?? 1e-7;
  if (!(atol >= 0 && rtol >= 0 && atol + rtol > 0)) throw new RangeError('trbdf2: atol and rtol must be ≥ 0, not both 0');
  const maxSteps = options.maxSteps ?? 1e6;
  const b = sys.source ?? new Float64Array(n);
  const work = new Float64Array(n), ay = new Float64Array(n), rhs = new Float64Array(n), yg = new Float64Array(n);
  const yFull = new Float64Array(n), yHalf = new Float64Array(n), yTmp = new Float64Array(n);
  let solves = 0;
  /** One TR-BDF2 step of size h from y into out. */
  const step = (y: Float64Array, h: number, out: Float64Array): void => {
    const c = (GAMMA * h) / 2;
    applyA(sys, y, ay);
    for (let i = 0; i < n; i++) rhs[i] = y[i] + c * (ay[i] + 2 * b[i]);
    solveShifted(sys, c, rhs, yg, work);
    const w = 1 / (GAMMA * (2 - GAMMA)), v = (1 - GAMMA) * (1 - GAMMA) * w;
    for (let i = 0; i < n; i++) rhs[i] = w * yg[i] - v * y[i] + c * b[i];
    solveShifted(sys, c, rhs, out, work);
    solves += 2;
  };
  const y = Float64Array.from(y0);
  const out: Float64Array[] = [Float64Array.from(y)];
  let t = times[0];
  let h = options.h0 ?? (times.length > 1 ? (times[times.length - 1] - times[0]) / 100 : 1);
  let steps = 0, rejected = 0;
  for (let k = 1; k < times.length; k++) {
    const tk = times[k];
    while (t < tk) {
      if (options.signal?.aborted) throw new AbortError('trbdf2');
      if (steps + rejected > maxSteps) throw new RangeError(`trbdf2: more than ${maxSteps} steps (maxSteps)`);
      const last = t + h >= tk;
      const hh = last ? tk - t : h;
      step(y, hh, yFull);
      step(y, hh / 2, yTmp);
      step(yTmp, hh / 2, yHalf);
      let err = 0;
      for (let i = 0; i < n; i++) {
        const e = Math.abs(yFull[i] - yHalf[i]) / 3;
        err = Math.max(err, e / (atol + rtol * Math.abs(yHalf[i])));
      }
      const factor = err === 0 ? 4 : Math.min(4, Math.max(0.2, 0.9 * err ** (-1 / 3)));
      if (err <= 1) {
        y.set(yHalf);
        t = last ? tk : t + hh;
        steps++;
        if (!last) h = hh * factor;
        else h = Math.max(h, hh * factor);
      } else {
        rejected++;
        h = hh * factor;
        if (!(h > 0) || t + h === t) throw new RangeError('trbdf2: step size underflow');
      }
    }
    out.push(Float64Array.from(y));
  }
  return { y: out, stats: { steps, rejected, solves } };
}
