/**
 * Public driver of the adaptive Dormand–Prince integrators: y' = f(t, y) from times[0] to
 * times[last], with outputs at every requested time produced by dense output (continuous
 * extension) rather than by shortening steps, exact landing on user tstops, and the step-size
 * control of Hairer's DOPRI5 / DOP853 codes (Hairer, Nørsett & Wanner, Solving ODEs I, §II.4–II.6).
 */
import { Dopri5Stepper } from './dopri5.js';
import { Dop853Stepper } from './dop853.js';
import { StepController, initialStep, nextDown, nextUp } from './step-control.js';
import type { OdeOptions, OdeResult, OdeRhs, OdeStats, RkStepper } from './types.js';

export type { OdeOptions, OdeResult, OdeRhs, OdeStats } from './types.js';

/** Consecutive non-finite step attempts (each with h reduced tenfold) before giving up. */
const MAX_NONFINITE_RETRIES = 5;

/** NaN if any entry of v is NaN or ±Inf, 0 otherwise (no branches in the loop). */
function nonFiniteProbe(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] - v[i];
  return s;
}

/**
 * Integrate y' = f(t, y), y(times[0]) = y0, over [times[0], times[last]] with an adaptive
 * embedded Runge–Kutta pair: 'dop853' (Dormand–Prince 8(5,3), Hairer's DOP853; the default) or
 * 'dopri5' (Dormand–Prince 5(4), Hairer's DOPRI5).
 *
 * - Error control: mixed scale sc_i = atol + rtol·max(|y_i|, |yNew_i|), RMS norm (HNW I §II.4);
 *   PI step-size control with safety 0.9 and the facmin/facmax of Hairer's codes.
 * - Outputs: `onOutput(index, t, y)` is called for every entry of `times` (index 0 is y0 itself),
 *   in order; interior outputs come from the method's continuous extension (4th order for
 *   DOPRI5, 7th order for DOP853), so dense output grids do not shorten the steps. Returning
 *   `false` stops the integration after that output.
 * - `tstops`: the integrator steps exactly onto each stop in (times[0], times[last]).
 * - Throws an Error naming the time if the state or f becomes NaN/±Inf (after retrying with
 *   smaller steps), if the step size underflows, or after `maxSteps` attempted steps.
 *
 * The stage buffers are allocated once per call; the step loop does not allocate.
 * `times` must be non-decreasing (equal entries give equal outputs).
 */
export function integrate(f: OdeRhs, y0: Float64Array, times: ArrayLike<number>, options: OdeOptions = {}): OdeResult {
  const n = y0.length;
  if (n === 0) throw new RangeError('integrate: y0 is empty');
  const nt = times.length;
  if (nt === 0) throw new RangeError('integrate: times is empty');
  for (let i = 0; i < nt; i++) {
    if (!Number.isFinite(times[i])) throw new RangeError(`integrate: times[${i}] = ${times[i]} is not finite`);
    if (i > 0 && times[i] < times[i - 1]) {
      throw new RangeError(`integrate: times must be non-decreasing (times[${i}] = ${times[i]} < times[${i - 1}] = ${times[i - 1]})`);
    }
  }
  const t0 = times[0];
  const tEnd = times[nt - 1];
  const method = options.method ?? 'dop853';
  if (method !== 'dop853' && method !== 'dopri5') throw new RangeError(`integrate: unknown method '${String(method)}'`);
  const rtol = options.rtol ?? 1e-8;
  const atol = options.atol ?? 1e-10;
  if (!(rtol >= 0) || !(atol >= 0) || !Number.isFinite(rtol) || !Number.isFinite(atol) || (rtol === 0 && atol === 0)) {
    throw new RangeError(`integrate: need rtol ≥ 0, atol ≥ 0, not both zero (got rtol = ${rtol}, atol = ${atol})`);
  }
  const maxSteps = options.maxSteps ?? 1e6;
  if (!(maxSteps >= 1)) throw new RangeError(`integrate: maxSteps must be ≥ 1 (got ${maxSteps})`);
  const span = tEnd - t0;
  const hmax = options.hmax ?? span;
  if (options.hmax !== undefined && !(hmax > 0)) throw new RangeError(`integrate: hmax must be > 0 (got ${hmax})`);
  if (options.h0 !== undefined && !(options.h0 > 0)) throw new RangeError(`integrate: h0 must be > 0 (got ${options.h0})`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y0[i])) throw new Error(`integrate: initial state y0[${i}] = ${y0[i]} is not finite at t = ${t0}`);
  }

  // Interior stops, sorted and unique.
  const stopList: number[] = [];
  if (options.tstops) {
    for (let i = 0; i < options.tstops.length; i++) {
      const s = options.tstops[i];
      if (!Number.isFinite(s)) throw new RangeError(`integrate: tstops[${i}] = ${s} is not finite`);
      if (s > t0 && s < tEnd) stopList.push(s);
    }
    stopList.sort((a, b) => a - b);
  }
  const stops = Float64Array.from(stopList.filter((s, i) => i === 0 || s !== stopList[i - 1]));

  const stats: OdeStats = { steps: 0, accepted: 0, rejected: 0, rhsEvaluations: 0 };
  const rhs: OdeRhs = (t, y, dydt) => {
    stats.rhsEvaluations++;
    f(t, y, dydt);
  };
  const onOutput = options.onOutput;
  const yOut = new Float64Array(n);

  // Outputs at t0 (index 0 and any repeats of t0).
  let idx = 0;
  while (idx < nt && times[idx] <= t0) {
    if (onOutput) {
      yOut.set(y0);
      if (onOutput(idx, t0, yOut) === false) return { stats, yFinal: Float64Array.from(y0), tFinal: t0 };
    }
    idx++;
  }
  if (idx >= nt) return { stats, yFinal: Float64Array.from(y0), tFinal: t0 };

  const stepper: RkStepper = options.stepper
    ? options.stepper(rhs, n, rtol, atol)
    : method === 'dopri5' ? new Dopri5Stepper(rhs, n, rtol, atol) : new Dop853Stepper(rhs, n, rtol, atol);
  stepper.init(t0, y0, t0);
  if (Number.isNaN(nonFiniteProbe(stepper.f0))) {
    throw new Error(`integrate: right-hand side is not finite (NaN/Inf) at t = ${t0}`);
  }
  let h: number;
  if (options.h0 !== undefined) {
    h = Math.min(options.h0, hmax);
  } else {
    // The heuristic's scratch buffers are only needed once.
    h = initialStep(rhs, t0, stepper.y, stepper.f0, stepper.order, rtol, atol, hmax, new Float64Array(n), new Float64Array(n));
  }
  const ctrl = new StepController(stepper.control);
  const EPS = Number.EPSILON;

  let t = t0;
  let stopIdx = 0;
  let nonFinite = 0;
  let lastNonFiniteT = NaN; // start of the last trial step that produced NaN/Inf
  const nonFiniteNote = () =>
    Number.isNaN(lastNonFiniteT) ? '' : `; trial steps produced non-finite values (NaN/Inf) from t = ${lastNonFiniteT}`;
  while (t < tEnd) {
    if (stats.steps >= maxSteps) {
      throw new Error(
        `integrate: maxSteps = ${maxSteps} reached at t = ${t} (target ${tEnd}, last step h = ${h})${nonFiniteNote()}`,
      );
    }
    const nextStop = stopIdx < stops.length ? stops[stopIdx] : Infinity;
    const onStop = nextStop < tEnd;
    const target = onStop ? nextStop : tEnd;
    const hProposed = h;
    // Land exactly on the target when the step would reach (or nearly reach) it (Hairer's 1.01 rule).
    const landing = t + 1.01 * h >= target;
    if (landing) {
      h = target - t;
    } else if (0.1 * h <= Math.abs(t) * EPS || !(h > 0)) {
      throw new Error(`integrate: step size underflow (h = ${h}) at t = ${t}${nonFiniteNote()}`);
    }
    const tNew = landing ? target : t + h;
    // Stages at the step's end are evaluated just before a stop, so f may jump at the stop.
    const tEval = landing && onStop ? nextDown(target) : tNew;

    stats.steps++;
    const err = stepper.attempt(h, tEval);
    let ok = Number.isFinite(err);
    if (ok && err <= 1) {
      stepper.finish(tEval);
      ok = !Number.isNaN(nonFiniteProbe(stepper.yNew) + nonFiniteProbe(stepper.fNew));
    }
    if (!ok) {
      // NaN/Inf in the stages or the new point: retry with smaller steps, then give up.
      stats.rejected++;
      lastNonFiniteT = t;
      if (++nonFinite > MAX_NONFINITE_RETRIES) {
        throw new Error(`integrate: state or derivative became non-finite (NaN/Inf) in the step from t = ${t} (h = ${h})`);
      }
      h *= 0.1;
      continue;
    }
    if (err > 1) {
      stats.rejected++;
      h = ctrl.rejected(h, err);
      continue;
    }
    nonFinite = 0;
    stats.accepted++;

    // Outputs in (t, tNew] by the continuous extension of this step.
    let densePrepared = false;
    while (idx < nt && times[idx] <= tNew) {
      const to = times[idx];
      if (onOutput) {
        if (to >= tNew) {
          yOut.set(stepper.yNew);
        } else {
          if (!densePrepared) {
            stepper.prepareDense();
            densePrepared = true;
          }
          stepper.interpolate((to - t) / h, yOut);
        }
        if (onOutput(idx, to, yOut) === false) {
          return { stats, yFinal: Float64Array.from(yOut), tFinal: to };
        }
      }
      idx++;
    }

    let hNew = ctrl.accepted(h, err);
    // A step shortened to land on a target says little about the natural step size.
    if (landing && hProposed > h) hNew = Math.max(hNew, hProposed);
    h = Math.min(hNew, hmax);
    stepper.accept(tNew);
    t = tNew;
    if (landing && onStop) {
      stopIdx++;
      stepper.refreshDerivative(nextUp(t));
      if (Number.isNaN(nonFiniteProbe(stepper.f0))) {
        throw new Error(`integrate: right-hand side is not finite (NaN/Inf) at t = ${t}`);
      }
    }
  }
  return { stats, yFinal: Float64Array.from(stepper.y), tFinal: t };
}
