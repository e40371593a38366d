/**
 * Step-size control shared by the Dormand–Prince integrators: the PI (Lund-stabilised)
 * controller of Hairer's DOPRI5 / DOP853 codes, the automatic initial-step heuristic, and
 * float neighbours used to evaluate a right-hand side just before / after a tstop.
 *
 * References: Hairer, Nørsett & Wanner, Solving ODEs I (2nd ed., 1993), §II.4 (automatic
 * step size control, starting step size); the PI controller of Gustafsson, Lundh & Söderlind
 * (BIT 28, 1988) in the form used by Hairer's DOPRI5 (β = 0.04) and DOP853 (β = 0) codes.
 */
import type { OdeRhs, StepControlParams } from './types.js';

/**
 * PI step-size controller (Hairer's DOPRI5/DOP853 codes):
 *   fac11 = err^expo1, expo1 = expo − β·betaWeight,
 *   accepted: h_new = h / max(1/facMax, min(1/facMin, fac11 / errOld^β / safe)), errOld = max(err, 1e-4);
 *   rejected: h_new = h / min(1/facMin, fac11 / safe),
 * and after a rejection the next accepted step may not grow.
 */
export class StepController {
  private readonly expo1: number;
  private readonly beta: number;
  private readonly safe: number;
  private readonly facc1: number;
  private readonly facc2: number;
  private errOld = 1e-4;
  private rejectedLast = false;

  constructor(p: StepControlParams) {
    this.expo1 = p.expo - p.beta * p.betaWeight;
    this.beta = p.beta;
    this.safe = p.safe;
    this.facc1 = 1 / p.facMin;
    this.facc2 = 1 / p.facMax;
  }

  /** Next step size after accepting a step of size h with scaled error err ≤ 1. */
  accepted(h: number, err: number): number {
    const fac11 = Math.pow(err, this.expo1);
    let fac = this.beta === 0 ? fac11 : fac11 / Math.pow(this.errOld, this.beta);
    fac = Math.max(this.facc2, Math.min(this.facc1, fac / this.safe));
    let hNew = h / fac;
    this.errOld = Math.max(err, 1e-4);
    if (this.rejectedLast) hNew = Math.min(hNew, h);
    this.rejectedLast = false;
    return hNew;
  }

  /** Next step size after rejecting a step of size h with scaled error err > 1. */
  rejected(h: number, err: number): number {
    const fac11 = Math.pow(err, this.expo1);
    this.rejectedLast = true;
    return h / Math.min(this.facc1, fac11 / this.safe);
  }
}

/**
 * Hairer's automatic initial step (HNW I, §II.4, "Starting step size"; routine HINIT of
 * DOPRI5/DOP853), with the RMS norm ‖v‖ = sqrt(Σ (v_i/sc_i)² / n), sc_i = atol + rtol·|y0_i|:
 *   h = 0.01·‖y0‖/‖f0‖ (1e-6 if either norm ≤ 1e-5), one explicit Euler step to estimate
 *   ‖y''‖ ≈ ‖f(t0+h, y0+h f0) − f0‖/h, then h1 = (0.01 / max(‖y''‖, ‖f0‖))^(1/order) and
 *   h0 = min(100 h, h1, hmax).
 * Costs one evaluation of f. `y1` and `f1` are scratch buffers of length n.
 */
export function initialStep(
  f: OdeRhs,
  t0: number,
  y0: Float64Array,
  f0: Float64Array,
  order: number,
  rtol: number,
  atol: number,
  hmax: number,
  y1: Float64Array,
  f1: Float64Array,
): number {
  const n = y0.length;
  let dnf = 0;
  let dny = 0;
  for (let i = 0; i < n; i++) {
    const sk = atol + rtol * Math.abs(y0[i]);
    const a = f0[i] / sk;
    const b = y0[i] / sk;
    dnf += a * a;
    dny += b * b;
  }
  dnf = Math.sqrt(dnf / n);
  dny = Math.sqrt(dny / n);
  let h = dnf <= 1e-5 || dny <= 1e-5 ? 1e-6 : 0.01 * (dny / dnf);
  h = Math.min(h, hmax);
  for (let i = 0; i < n; i++) y1[i] = y0[i] + h * f0[i];
  f(t0 + h, y1, f1);
  let der2 = 0;
  for (let i = 0; i < n; i++) {
    const sk = atol + rtol * Math.abs(y0[i]);
    const d = (f1[i] - f0[i]) / sk;
    der2 += d * d;
  }
  der2 = Math.sqrt(der2 / n) / h;
  const der12 = Math.max(Math.abs(der2), dnf);
  const h1 = der12 <= 1e-15 || !Number.isFinite(der12) ? Math.max(1e-6, h * 1e-3) : Math.pow(0.01 / der12, 1 / order);
  return Math.min(100 * h, h1, hmax);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;

/** Adjacent double in the direction of +∞ (up = true) or −∞; x itself if not finite. */
function nextFloat(x: number, up: boolean): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  f64[0] = x;
  // Moving away from zero increments the magnitude bits; towards zero decrements them.
  if ((x > 0) === up) {
    u32[LO] = (u32[LO] + 1) >>> 0;
    if (u32[LO] === 0) u32[HI] = (u32[HI] + 1) >>> 0;
  } else {
    if (u32[LO] === 0) u32[HI] = (u32[HI] - 1) >>> 0;
    u32[LO] = (u32[LO] - 1) >>> 0;
  }
  return f64[0];
}

/** Smallest double greater than x (IEEE-754 nextUp). */
export function nextUp(x: number): number {
  return nextFloat(x, true);
}

/** Largest double smaller than x (IEEE-754 nextDown). */
export function nextDown(x: number): number {
  return nextFloat(x, false);
}
