/**
 * Electron side of seed 001 (Rodríguez-Arias et al., PRB 98, 224202):
 * the bath factor h of Eqs. 10/17, the Bloch bias P_B of Eq. 11 and the
 * single-mode two-state master equation of Eq. 10 it solves.
 *
 * Units: every frequency is angular (rad/s) — the paper's "93.9 (2π GHz)" is
 * ω_e = 2π·93.9e9 rad/s — times in s, temperatures in K; β = ħ/(k_B T) in
 * s/rad so that βε is dimensionless.
 *
 * Sign convention: the polarization of a mode is P = p_empty − p_occupied
 * = 1 − 2⟨n⟩ = 2⟨S^z⟩ under the mapping S^z = 1/2 − c†c of Eq. 5. With it
 * Eq. 11 at ω₁ = 0 is tanh(βε/2) (the Fermi occupation), and the nuclear
 * polarization of Eq. 20 at ω₁ = 0 is tanh(βω_n/2) > 0, as the paper's
 * formulas require (its text's "⟨n_α⟩ = (1 + P_B)/2" has the opposite sign;
 * see docs/models/anderson-dnp.md).
 */

/** CODATA 2018 reduced Planck constant (J s). */
export const HBAR = 1.054571817e-34;
/** CODATA 2018 Boltzmann constant (J/K). */
export const K_B = 1.380649e-23;

/** β = ħ/(k_B T) in s/rad (T in K, > 0). */
export function inverseTemperature(temperature: number): number {
  if (!(temperature > 0)) throw new RangeError(`temperature: must be > 0 K, got ${temperature}`);
  return HBAR / (K_B * temperature);
}

/** The bath factor h(ε) = e^{βε}/(1 + e^{βε}) below Eq. 10 (overflow-safe). */
export function bathFactor(energy: number, beta: number): number {
  const x = beta * energy;
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Electron-side parameters of Eqs. 10 and 11 (angular units). */
export interface ElectronDrive {
  /** Microwave frequency ω_MW (rad/s). */
  omegaMW: number;
  /** Microwave amplitude ω₁ (rad/s). */
  omega1: number;
  /** Electron relaxation time T1e (s). */
  T1e: number;
  /** Electron coherence time T2e (s). */
  T2e: number;
  /** β = ħ/(k_B T) (s/rad). */
  beta: number;
}

/**
 * The Bloch bias of Eq. 11,
 *   P_B(ε) = [1 + T2e²(ε − ω_MW)²] tanh(βε/2) / [1 + T2e²(ε − ω_MW)² + 2ω₁²T1eT2e],
 * for a mode of energy ε (rad/s, including ω_e).
 */
export function blochBias(energy: number, p: ElectronDrive): number {
  const off = 1 + p.T2e * p.T2e * (energy - p.omegaMW) * (energy - p.omegaMW);
  return (off * Math.tanh((p.beta * energy) / 2)) / (off + 2 * p.omega1 * p.omega1 * p.T1e * p.T2e);
}

/**
 * Stationary polarization P = p_empty − p_occupied of one mode of
 * energy ε under the rates of Eq. 10: bath W(0→1) = h(−ε)/T1e,
 * W(1→0) = h(ε)/T1e, and the microwave rate ω₁²T2e/(1 + T2e²(|ε| − ω_MW)²)
 * both ways (Eq. 10b with one single-particle matrix element). The 2×2 rate
 * matrix is solved for its null vector — an independent route to Eq. 11.
 */
export function twoStateStationaryPolarization(energy: number, p: ElectronDrive): number {
  const mw = (p.omega1 * p.omega1 * p.T2e) / (1 + p.T2e * p.T2e * (Math.abs(energy) - p.omegaMW) ** 2);
  const up = bathFactor(-energy, p.beta) / p.T1e + mw; // empty → occupied (energy rises by ε)
  const down = bathFactor(energy, p.beta) / p.T1e + mw; // occupied → empty
  // Rate matrix [[−up, down], [up, −down]] acting on (p_empty, p_occupied): null vector ∝ (down, up).
  const pEmpty = down / (up + down), pOccupied = up / (up + down);
  return pEmpty - pOccupied;
}
