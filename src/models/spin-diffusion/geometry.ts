/**
 * Seed 002 geometry: couplings of the electron–proton–proton triple of Fig. 1
 * as functions of the electron–proton distance r, orientation averages, the
 * markers of Fig. 3 (r_MV, r_h, validity limit), Boltzmann polarizations, and
 * D(r) = W a² (Bloembergen, the text after Eq. 11).
 *
 * Conventions (defaults = the recommended reading; every alternative is an option):
 * - Δ(r) = A_z(r) − A_z(r + a): the second proton on the same ray from the electron, a further out;
 *   A_z(r) = b_eH (3cos²θ − 1)/r³, b_eH = (μ₀/4π) γ_e γ_H ħ (rad/s·m³).
 * - angular average of (3cos²θ − 1): `rms` √⟨(3cos²θ−1)²⟩ = √(4/5) (default), `abs` ⟨|3cos²θ−1|⟩ = 4/(3√3),
 *   `none` (factor 1: the bare A = b_eH/r³, no angular dependence).
 * - Δ multiplier 1 (default, Pauli σ_z with H_HF = ½ΔPσ_z), ½ (the physical S_z = P/2 mapping of a
 *   spin-½ electron: A_z S_z I_z gives ½ΔP·(I₁z − I₂z) = ¼ΔPσ_z), or 2 (the printed σ_z = 2(I₁z − I₂z)).
 * - D₁₂ from H_D = D₁₂(3I₁zI₂z − I₁·I₂): D₁₂ = b_HH(3cos²θ − 1)/(2a³), b_HH = (μ₀/4π)γ_H²ħ, averaged
 *   with the same angular convention.
 * - pseudosecular hyperfine B_i = b_eH·3 sinθ cosθ / r_i³, ⟨B_i²⟩ = (6/5) b_eH²/r_i⁶ (Eq. 6's A₊A₋).
 * - Γ_c = 1/τ_c (no 2π); Γ₂^(II) = 2π × HWHM (default) or the number used as a rate.
 */
import { check, flipFlopRatePerD2, asymmetricRatePerD2, nuclearT1Rate, totalCoherenceRate, type FlipFlopParams } from './flip-flop.js';

/** CODATA 2018. */
export const CODATA = {
  /** reduced Planck constant (J s) */
  hbar: 1.054571817e-34,
  /** Boltzmann constant (J/K) */
  kB: 1.380649e-23,
  /** vacuum permeability (N/A²) */
  mu0: 1.25663706212e-6,
  /** free-electron gyromagnetic ratio |γ_e| (rad s⁻¹ T⁻¹) */
  gammaE: 1.76085963023e11,
  /** proton gyromagnetic ratio γ_p (rad s⁻¹ T⁻¹) */
  gammaH: 2.6752218744e8,
  /** Avogadro constant (mol⁻¹) */
  NA: 6.02214076e23,
} as const;

/** b_eH = (μ₀/4π)γ_eγ_Hħ (rad/s · m³): A_z = b_eH(3cos²θ − 1)/r³. */
export const B_EH = (CODATA.mu0 / (4 * Math.PI)) * CODATA.gammaE * CODATA.gammaH * CODATA.hbar;
/** b_HH = (μ₀/4π)γ_H²ħ (rad/s · m³). */
export const B_HH = (CODATA.mu0 / (4 * Math.PI)) * CODATA.gammaH * CODATA.gammaH * CODATA.hbar;

export const ANGULAR_AVERAGES = ['rms', 'abs', 'none'] as const;
export type AngularAverage = (typeof ANGULAR_AVERAGES)[number];
export const DELTA_MULTIPLIERS = [1, 0.5, 2] as const;
export const LINEWIDTH_READINGS = ['angular', 'rate'] as const;
export type LinewidthReading = (typeof LINEWIDTH_READINGS)[number];

/** Angular factor of (3cos²θ − 1): rms √(4/5), abs 4/(3√3) (= ⟨|3cos²θ − 1|⟩ over the sphere), none 1. */
export function angularFactor(avg: AngularAverage): number {
  switch (avg) {
    case 'rms': return Math.sqrt(4 / 5);
    case 'abs': return 4 / (3 * Math.sqrt(3));
    case 'none': return 1;
    default: throw new RangeError(`angularAverage: expected one of ${ANGULAR_AVERAGES.join(', ')}, got '${String(avg)}'`);
  }
}

/** Boltzmann polarization P = tanh(ħγB/2kT) of a spin ½ (γ in rad s⁻¹ T⁻¹, B in T, T in K). */
export function boltzmannPolarization(gamma: number, field: number, temperature: number): number {
  check('gamma', gamma, () => true, 'a finite number (rad s⁻¹ T⁻¹)');
  check('field', field, () => true, 'a finite field (T)');
  check('temperature', temperature, (v) => v > 0, 'a temperature > 0 (K)');
  return Math.tanh((CODATA.hbar * gamma * field) / (2 * CODATA.kB * temperature));
}
/** Electron (free-electron γ_e) Boltzmann polarization. */
export const electronPolarization = (field: number, temperature: number): number => boltzmannPolarization(CODATA.gammaE, field, temperature);
/** Proton Boltzmann polarization. */
export const protonPolarization = (field: number, temperature: number): number => boltzmannPolarization(CODATA.gammaH, field, temperature);

/** Radius of the mean volume per electron, (4π/3) r³ n = 1, for a concentration in mol/L (→ m). */
export function meanVolumeRadius(concentrationMolar: number): number {
  check('concentration', concentrationMolar, (v) => v > 0, 'a concentration > 0 (mol/L)');
  const n = concentrationMolar * 1000 * CODATA.NA; // m⁻³
  return Math.cbrt(3 / (4 * Math.PI * n));
}

/** All conventions of item 2 (see the module comment). */
export interface Conventions {
  angularAverage: AngularAverage;
  /** Multiplier of Δ: 1 (Pauli σ_z), 0.5 (S_z = P/2), 2 (printed σ_z = 2(I₁z − I₂z)). */
  deltaMultiplier: number;
  /** 'angular': Γ₂^(II) = 2π × HWHM; 'rate': Γ₂^(II) = HWHM (the number in s⁻¹). */
  linewidth: LinewidthReading;
  /** Include Γ₁,1 + Γ₁,2 (Eq. 6) in Γ₂ (default true). */
  includeT1: boolean;
}

export const DEFAULT_CONVENTIONS: Conventions = { angularAverage: 'rms', deltaMultiplier: 1, linewidth: 'angular', includeT1: true };

/** Physical inputs of Fig. 3 (SI). */
export interface SampleParams {
  /** B₀ (T), default 7.05. */
  field: number;
  /** internuclear distance a (m), default 0.66 nm. */
  a: number;
  /** τ_c (s), default 0.5 µs; Γ_c = 1/τ_c. */
  tauC: number;
  /** nuclear linewidth HWHM δν½/2 (Hz), default 11 kHz. */
  linewidthHz: number;
}

export const DEFAULT_SAMPLE: SampleParams = { field: 7.05, a: 0.66e-9, tauC: 0.5e-6, linewidthHz: 11e3 };

export function checkConventions(c: Conventions): void {
  angularFactor(c.angularAverage);
  if (!(DELTA_MULTIPLIERS as readonly number[]).includes(c.deltaMultiplier)) throw new RangeError(`deltaMultiplier: expected 1, 0.5 or 2, got ${c.deltaMultiplier}`);
  if (!(LINEWIDTH_READINGS as readonly string[]).includes(c.linewidth)) throw new RangeError(`linewidth: expected angular or rate, got '${String(c.linewidth)}'`);
  if (typeof c.includeT1 !== 'boolean') throw new RangeError(`includeT1: expected a boolean, got ${String(c.includeT1)}`);
}

export function checkSample(s: SampleParams): void {
  check('field', s.field, (v) => v > 0, 'a field > 0 (T)');
  check('a', s.a, (v) => v > 0, 'a distance > 0 (m)');
  check('tauC', s.tauC, (v) => v > 0, 'a time > 0 (s)');
  check('linewidth', s.linewidthHz, (v) => v >= 0, 'a linewidth ≥ 0 (Hz)');
}

/** Secular hyperfine coupling A_z(r) with the angular convention (rad/s). */
export function hyperfineZ(r: number, avg: AngularAverage = 'rms'): number {
  check('r', r, (v) => v > 0, 'a distance > 0 (m)');
  return (B_EH * angularFactor(avg)) / (r * r * r);
}

/** Δ(r) = mult·[A_z(r) − A_z(r + a)] (rad/s): second proton on the same ray, a further out. */
export function hyperfineDifference(r: number, a: number, c: Conventions = DEFAULT_CONVENTIONS): number {
  check('a', a, (v) => v > 0, 'a distance > 0 (m)');
  return c.deltaMultiplier * (hyperfineZ(r, c.angularAverage) - hyperfineZ(r + a, c.angularAverage));
}

/** D₁₂ = b_HH(3cos²θ − 1)/(2a³) with the angular convention (rad/s); flip-flop element −D₁₂/2. */
export function dipolarConstant(a: number, avg: AngularAverage = 'rms'): number {
  check('a', a, (v) => v > 0, 'a distance > 0 (m)');
  return (B_HH * angularFactor(avg)) / (2 * a * a * a);
}

/** ⟨B²⟩ = (6/5) b_eH²/r⁶ (rad²/s²), the orientation-averaged A₊A₋ of Eq. 6. */
export function pseudosecularSquared(r: number): number {
  check('r', r, (v) => v > 0, 'a distance > 0 (m)');
  return (6 / 5) * (B_EH * B_EH) / r ** 6;
}

/** Γ₂^(II) (s⁻¹) from the HWHM in Hz under the linewidth reading. */
export function zeroQuantumFromLinewidth(hwhmHz: number, reading: LinewidthReading): number {
  check('linewidth', hwhmHz, (v) => v >= 0, 'a linewidth ≥ 0 (Hz)');
  return reading === 'angular' ? 2 * Math.PI * hwhmHz : hwhmHz;
}

/** Everything W needs at distance r and mean polarization P̄. */
export interface PointCouplings extends FlipFlopParams {
  d12: number;
  gamma11: number;
  gamma12: number;
  gamma2II: number;
}

/** Couplings and rates at r for P̄ (Eqs. 6, 8 and the geometry above). */
export function couplingsAt(r: number, pBar: number, s: SampleParams = DEFAULT_SAMPLE, c: Conventions = DEFAULT_CONVENTIONS): PointCouplings {
  checkSample(s);
  checkConventions(c);
  check('pBar', pBar, (v) => v >= -1 && v <= 1, 'a number in [−1, 1]');
  const gammaC = 1 / s.tauC;
  const omega0 = CODATA.gammaH * s.field;
  const gamma11 = c.includeT1 ? nuclearT1Rate(pseudosecularSquared(r), pBar, gammaC, omega0) : 0;
  const gamma12 = c.includeT1 ? nuclearT1Rate(pseudosecularSquared(r + s.a), pBar, gammaC, omega0) : 0;
  const gamma2II = zeroQuantumFromLinewidth(s.linewidthHz, c.linewidth);
  return {
    delta: hyperfineDifference(r, s.a, c),
    pBar,
    gammaC,
    gamma2: totalCoherenceRate(gamma11, gamma12, gamma2II),
    d12: dipolarConstant(s.a, c.angularAverage),
    gamma11, gamma12, gamma2II,
  };
}

/** Which rate: Eq. 9 (symmetric telegraph) or the asymmetric (spin-½ electron) process. */
export type RateModel = 'eq9' | 'asymmetric';

/** D(r) = W a² (m²/s) at P̄, with W from Eq. 9 (default) or the asymmetric process. */
export function diffusionCoefficient(r: number, pBar: number, s: SampleParams = DEFAULT_SAMPLE, c: Conventions = DEFAULT_CONVENTIONS, rate: RateModel = 'eq9'): number {
  const k = couplingsAt(r, pBar, s, c);
  const perD2 = rate === 'eq9' ? flipFlopRatePerD2(k) : asymmetricRatePerD2(k);
  return k.d12 * k.d12 * perD2 * s.a * s.a;
}

/**
 * Validity limit of Fig. 3's grey band: the r where Γ_c = |A_z(r)|. `consistent` compares A_z in rad/s with
 * Γ_c in s⁻¹ (the model's own units); `hz` compares A_z/2π (Hz) with Γ_c (s⁻¹), the reading that gives the
 * paper's ≈ 0.34 nm when combined with angularAverage 'none'.
 */
export function validityRadius(gammaC: number, avg: AngularAverage = 'rms', reading: 'consistent' | 'hz' = 'consistent'): number {
  check('gammaC', gammaC, (v) => v > 0, 'a rate > 0 (s⁻¹)');
  const b = B_EH * angularFactor(avg) / (reading === 'hz' ? 2 * Math.PI : 1);
  return Math.cbrt(b / gammaC);
}
