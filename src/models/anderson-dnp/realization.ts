/**
 * One disorder realization of seed 001, by either route: its random stream,
 * its lattice, and the per-realization quantities that the ensemble averages.
 *
 * Realization r draws from the scenario seed's xoroshiro128+ stream jumped r
 * times (disorder first, then KPM site sampling or the sampled GOE matrix),
 * so every realization depends only on (seed, r) — never on how the
 * realizations are split between workers or machines.
 */
import { seededStream, type JumpableRandomGenerator } from '../../solvers/random.js';
import { andersonLattice, drawDisorder, type AndersonLattice } from './lattice.js';
import type { AndersonDnpSettings } from './settings.js';
import type { ElectronDrive } from './bloch.js';
import { nuclearPolarization, type IssSums } from './polarization.js';

/** Quantities per evaluation point (ω_MW, ω_n), in `settings.points` order. */
export interface PointQuantities {
  Pn: number;
  Pn_goe: number;
  Pn_eq22: number;
  Pn_goe_eq22: number;
  Pn_eq24: number;
  /** Eq. C7 (exact route only; NaN otherwise). */
  Pn_C7: number;
  /** D/Λ, S/Λ, PL/Λ. */
  iss_difference: number;
  iss_sum: number;
  polarization_loss: number;
}

export interface RealizationResult {
  index: number;
  points: PointQuantities[];
  /** IPR I₂ (Eq. 27), exact route; NaN for KPM. */
  ipr: number;
  /** IPR of the sampled GOE surrogate (goe: sampled); NaN otherwise. */
  iprGoe: number;
  /** Mean of ((ε − ω_e)/2π)² over the modes, Hz². */
  m2: number;
  /** DOS per Hz in the bins of `dosBins`. */
  dos: number[];
  /** Per C frequency: K(ω) and R(ω) estimates (s/rad) whose pooled ratio is C(ω) (Eq. 30). */
  cK: number[];
  cR: number[];
  /** The same for the sampled GOE surrogate (empty otherwise). */
  cKGoe: number[];
  cRGoe: number[];
}

/** The DOS bins: centres k·bin (Hz, relative to ω_e/2π) covering the Gershgorin interval. */
export function dosBins(settings: AndersonDnpSettings): { centres: number[]; bin: number } {
  const bin = settings.dosBin;
  const reach = (settings.w / 2 + 6 * Math.abs(settings.t)) / (2 * Math.PI);
  const K = Math.ceil(reach / bin + 0.5);
  const centres: number[] = [];
  for (let k = -K; k <= K; k++) centres.push(k * bin);
  return { centres, bin };
}

/** The random stream of realization r. */
export function realizationStream(seed: number, r: number): JumpableRandomGenerator {
  const g = seededStream(seed);
  for (let j = 0; j < r; j++) g.jump();
  return g;
}

/** Lattice of realization r (draws the disorder from `rng`). */
export function realizationLattice(settings: AndersonDnpSettings, rng: JumpableRandomGenerator): AndersonLattice {
  const N = settings.L ** 3;
  return andersonLattice(settings.L, settings.t, settings.w, settings.boundary, drawDisorder(N, settings.w, rng));
}

/** Per-point quantities from the pair sums (shared with the KPM route). */
export function pointQuantities(
  sums: IssSums, goeSums: IssSums, leakage: number, thermal: number, c7: number,
): PointQuantities {
  const p = nuclearPolarization(sums, leakage, thermal);
  const g = nuclearPolarization(goeSums, leakage, thermal);
  return {
    Pn: p.canonical, Pn_goe: g.canonical, Pn_eq22: p.eq22, Pn_goe_eq22: g.eq22, Pn_eq24: p.eq24, Pn_C7: c7,
    iss_difference: sums.difference / leakage, iss_sum: sums.sum / leakage, polarization_loss: sums.polarizationLoss / leakage,
  };
}

/** The electron drive of an evaluation point. */
export function driveOf(settings: AndersonDnpSettings, omegaMW: number): ElectronDrive {
  return { omegaMW, omega1: settings.omega1, T1e: settings.T1e, T2e: settings.T2e, beta: settings.beta };
}
