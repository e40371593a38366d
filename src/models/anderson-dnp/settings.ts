/**
 * Resolved settings of one anderson-dnp computation, in the units the
 * physics uses: angular frequencies (rad/s), s, s/rad for β. The model
 * interface (model.ts) takes Hz from scenarios and multiplies by 2π here.
 */
import type { Boundary } from './lattice.js';

/** One (ω_MW, ω_n) point at which P_n is evaluated on the same realizations. */
export interface EvaluationPoint {
  /** Scalar-name suffix: '' for the main point, e.g. '(dMW=-40MHz)' or '(wn=5MHz)'. */
  suffix: string;
  omegaMW: number;
  omegaN: number;
}

export interface AndersonDnpSettings {
  L: number;
  boundary: Boundary;
  w: number;
  t: number;
  omegaE: number;
  omega1: number;
  T1e: number;
  T2e: number;
  T1n: number;
  T2n: number;
  A0: number;
  /** ħ/(k_B T), s/rad. */
  beta: number;
  NnOverNe: number;
  realizations: number;
  method: 'exact' | 'kpm';
  /** Chebyshev moments (KPM). */
  moments: number;
  /** Sampled sites (KPM); ≥ N means every site. */
  sites: number;
  goe: 'eq23' | 'sampled';
  /** DOS bin width in Hz. */
  dosBin: number;
  /** Frequencies ω at which C(ω) is estimated (rad/s), and their scalar labels. */
  cOmegas: number[];
  cLabels: string[];
  /** Half width h of the C(ω) pair window (rad/s). */
  cHalfWindow: number;
  seed: number;
  /** The main point first, then the extra ω_MW and ω_n values. */
  points: EvaluationPoint[];
}

/** Format a frequency in Hz as MHz without trailing zeros: 1e6 → '1', 5e5 → '0.5', −4e7 → '-40'. */
export function megahertzLabel(hz: number): string {
  const v = Number((hz / 1e6).toPrecision(12));
  return String(v);
}
