/**
 * The spin-diffusion model's parameters, declared once (seed 002): read as
 * typed fields with `readParameters(SPIN_DIFFUSION_PARAMETERS, params)` by
 * model.ts and hypres.ts.
 */
import type { ParameterSpec } from '../types.js';
import { ANGULAR_AVERAGES, DEFAULT_CONVENTIONS, DEFAULT_SAMPLE, LINEWIDTH_READINGS } from './geometry.js';

export const SPIN_DIFFUSION_MODES = ['fig3a', 'fig3b', 'telegraph', 'claim17', 'spectra', 'hypres'] as const;

/** Forms of Eq. 9 for the fig3a mode. */
export const RATE_METHODS = ['convolution', 'closed', 'parseval'] as const;

export const SPIN_DIFFUSION_PARAMETERS = [
  { name: 'mode', kind: 'string', default: 'fig3a', choices: SPIN_DIFFUSION_MODES, description: 'fig3a: D(r) for P̄ = 0…1; fig3b: exact vs slow/fast limits; telegraph: stochastic check of Eq. 9; claim17: D(r,0.5)/D(r,0.9993); spectra: F, S, S·F; hypres: radial spin diffusion' },
  { name: 'field', kind: 'field', default: DEFAULT_SAMPLE.field, min: 0, description: 'B₀ (T); ω₀ = γ_H B₀' },
  { name: 'temperature', kind: 'temperature', default: 1.2, min: 0, description: 'lattice temperature (K) for the Boltzmann P_e, P_H reported in meta' },
  { name: 'a', kind: 'length', default: DEFAULT_SAMPLE.a, min: 0, description: 'internuclear distance a (m)' },
  { name: 'tauC', kind: 'time', default: DEFAULT_SAMPLE.tauC, min: 0, description: 'electron correlation time τ_c (s); Γ_c = 1/τ_c (no 2π)' },
  { name: 'linewidth', kind: 'frequency', default: DEFAULT_SAMPLE.linewidthHz, min: 0, description: 'nuclear linewidth HWHM δν½/2 (Hz)' },
  { name: 'linewidthReading', kind: 'string', default: DEFAULT_CONVENTIONS.linewidth, choices: LINEWIDTH_READINGS, description: "angular: Γ₂^(II) = 2π × HWHM; rate: Γ₂^(II) = HWHM in s⁻¹" },
  { name: 'angularAverage', kind: 'string', default: DEFAULT_CONVENTIONS.angularAverage, choices: ANGULAR_AVERAGES, description: 'orientation average of 3cos²θ − 1: rms √(4/5), abs ⟨|…|⟩ = 4/(3√3), none (1)' },
  { name: 'deltaMultiplier', kind: 'number', default: DEFAULT_CONVENTIONS.deltaMultiplier, description: 'Δ multiplier: 1 (Pauli σ_z), 0.5 (S_z = P/2), 2 (printed σ_z = 2(I₁z − I₂z))' },
  { name: 'includeT1', kind: 'boolean', default: true, description: 'include Γ₁,1 + Γ₁,2 (Eq. 6) in Γ₂' },
  { name: 'concentration', kind: 'number', default: 0.05, min: 0, description: 'radical concentration (mol/L) for r_MV' },
  { name: 'rh', kind: 'length', default: 0.9e-9, min: 0, description: 'hidden/visible interface r_h (m)' },
  { name: 'pOn', kind: 'number', default: 0.5, min: -1, max: 1, description: 'P̄ with µw on' },
  { name: 'pOff', kind: 'number', default: 0.9993, min: -1, max: 1, description: 'P̄ with µw off (Boltzmann at 1.2 K, 7.05 T)' },
  { name: 'points', kind: 'integer', default: 96, min: 80, max: 100000, description: 'log-spaced r points (fig3a/fig3b/claim17), merged with the fixed list' },
  { name: 'rateMethod', kind: 'string', default: 'convolution', choices: RATE_METHODS, description: 'fig3a: W by the adaptive convolution (Eq. 9, first line; default), the closed form, or the Parseval form' },
  { name: 'pBar', kind: 'number', default: 0.7, min: -1, max: 1, description: 'P̄ of fig3b' },
  { name: 'telegraphRatios', kind: 'numbers', default: [0.1, 1, 20], description: 'telegraph: Δ/Γ_c values' },
  { name: 'telegraphP', kind: 'numbers', default: [0.5, 0.7], description: 'telegraph: P̄ values' },
  { name: 'telegraphGammaC', kind: 'rate', default: 2e6, min: 0, description: 'telegraph: Γ_c (s⁻¹)' },
  { name: 'telegraphGamma2', kind: 'rate', default: 2 * Math.PI * 11e3, min: 0, description: 'telegraph: Γ₂ (s⁻¹)' },
  { name: 'trajectories', kind: 'integer', default: 320, min: 2, description: 'telegraph: Monte Carlo trajectories per point (multiple of batches)' },
  { name: 'batches', kind: 'integer', default: 20, min: 2, description: 'telegraph: batches for the batch-means error of W' },
  { name: 'hypresP0', kind: 'number', default: 0.7, min: -1, max: 1, description: 'hypres: initial polarization of the hidden spins (r < r_h); visible spins start at 0' },
  { name: 'hypresT1n', kind: 'time', default: 0, min: 0, description: 'hypres: nuclear T₁ (s); 0 = no relaxation (T₁ₙ = ∞)' },
  { name: 'hypresRmin', kind: 'length', default: 0.3e-9, min: 0, description: 'hypres: inner reflecting radius r_min (m)' },
  { name: 'hypresCells', kind: 'integer', default: 200, min: 4, description: 'hypres: finite-volume cells (graded grid, r_h a face)' },
  { name: 'hypresTEnd', kind: 'time', default: 7200, min: 0, description: 'hypres: simulated time (s)' },
] as const satisfies readonly ParameterSpec[];
