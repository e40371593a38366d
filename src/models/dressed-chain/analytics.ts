/**
 * Closed-form results of seed 000 (Bussandri, Zangara, Acosta, Meriles):
 * effective couplings (Eqs. 3, 9, A.7), matching fields (Eqs. A.6, A.8),
 * Table A.1, and the effective transport rate Γ_eff (Eqs. B.6, B.7).
 *
 * Units: every frequency here is in Hz (cyclic), as the paper quotes its
 * hyperfine couplings, J_d and D; fields in T. Angles are dimensionless, so
 * Eqs. 3/9 give J_eff in the same (cyclic) unit as J_d.
 */

/**
 * Effective one-way nuclear transport rate of Appendix B (s⁻¹):
 * 'chain' → |ln(7/8)| Γ_e (Eq. B.6, three S' spins must be right; long chains and rings),
 * 'pair'  → |ln(3/4)| Γ_e (Eq. B.7, two S' spins; small systems).
 * Valid for Γ_op ≈ J_eff > Γ_e (the paper's derivation assumes it).
 */
export function gammaEffective(gammaE: number, variant: 'chain' | 'pair'): number {
  if (!(gammaE >= 0) || !Number.isFinite(gammaE)) throw new RangeError(`gammaE: expected a finite rate ≥ 0 (s⁻¹), got ${gammaE}`);
  if (variant === 'chain') return Math.abs(Math.log(7 / 8)) * gammaE;
  if (variant === 'pair') return Math.abs(Math.log(3 / 4)) * gammaE;
  throw new RangeError(`variant: expected 'chain' or 'pair', got ${String(variant)}`);
}

import { D_NV, GAMMA_E, GAMMA_N_C13, type Hyperfine } from './lattice.js';

/** Physical constants used by the closed forms (Hz, Hz/T). */
export interface AnalyticConstants {
  D: number;
  gammaE: number;
  gammaN: number;
}
export const SPEC_CONSTANTS: Readonly<AnalyticConstants> = { D: D_NV, gammaE: GAMMA_E, gammaN: GAMMA_N_C13 };

/**
 * Local nuclear field of Eqs. A.3–A.5 for electron projections (m_S, m_S') (Hz):
 * Z = (m_S A_zx + m_S' A'_zx) x̂ + (m_S A_zz + m_S' A'_zz − ω_n) ẑ,
 * Δ = |Z|, tan θ = Z_x / Z_z with θ = atan(Z_x/Z_z) ∈ (−π/2, π/2] (the principal
 * value, as the paper writes it). |↑_θ⟩ = cos(θ/2)|↑⟩ + sin(θ/2)|↓⟩ is the dressed
 * state with positive ⟨I^z⟩; its energy is sign(Z_z)·Δ/2.
 */
export function nuclearAxis(mS: number, mSp: number, hf: Hyperfine, omegaN: number): { Zx: number; Zz: number; Delta: number; theta: number; upEnergy: number } {
  const Zx = mS * hf.Azx + mSp * hf.ApZx;
  const Zz = mS * hf.Azz + mSp * hf.ApZz - omegaN;
  const Delta = Math.hypot(Zx, Zz);
  const theta = Zz === 0 ? Math.sign(Zx) * (Math.PI / 2) : Math.atan(Zx / Zz);
  const sz = Zz >= 0 ? 1 : -1;
  return { Zx, Zz, Delta, theta, upEnergy: (sz * Delta) / 2 };
}

/**
 * Spectator projections of a bond j → k: m_{S'_j} (σ) and m_{S_k} (μ).
 * The paper's chain result (Eq. 9, A.6, Table A.1) uses σ = −½, μ = 0; the
 * 4-spin set of Sec. II has no S'_1 and no S_2, i.e. σ = 0, μ = 0 (Eq. 3).
 */
export interface Spectators {
  sigma: number;
  mu: number;
}
export const CHAIN_SPECTATORS: Readonly<Spectators> = { sigma: -0.5, mu: 0 };
export const PAIR_SPECTATORS: Readonly<Spectators> = { sigma: 0, mu: 0 };

/**
 * J_eff as printed in the paper (Hz): (J_d/2) sin((θ_0^σ − θ_{−1}^σ)/2) sin((θ_μ^− − θ_μ^+)/2).
 * With σ = μ = 0 this is Eq. 3 (θ_1 = θ_{−1}^0, θ_2^± = θ_0^±); with σ = −½, μ = 0 it
 * is Eq. 9 / A.7. Signed (the sign is a phase convention). hfJ is the hyperfine
 * tensor of site j (its A couples I_j to S_j), hfK that of site k.
 */
export function jeffPaper(Jd: number, hfJ: Hyperfine, hfK: Hyperfine, field: number, spectators: Spectators = CHAIN_SPECTATORS, constants: AnalyticConstants = SPEC_CONSTANTS): number {
  const wn = constants.gammaN * field;
  const t0 = nuclearAxis(0, spectators.sigma, hfJ, wn).theta;
  const tm1 = nuclearAxis(-1, spectators.sigma, hfJ, wn).theta;
  const tkm = nuclearAxis(spectators.mu, -0.5, hfK, wn).theta;
  const tkp = nuclearAxis(spectators.mu, 0.5, hfK, wn).theta;
  return (Jd / 2) * Math.sin((t0 - tm1) / 2) * Math.sin((tkm - tkp) / 2);
}

/**
 * The actual matrix element ⟨b|H_d|a⟩ between the dressed states of the
 * transition (Hz): √2 × jeffPaper, because S⁻|0⟩ = √2|−1⟩ for the spin-1 S.
 * Eqs. 3, 9, A.7 and Table A.1 omit this √2 (verified against the full
 * Hamiltonian in the tests).
 */
export function jeffMatrixElement(Jd: number, hfJ: Hyperfine, hfK: Hyperfine, field: number, spectators: Spectators = CHAIN_SPECTATORS, constants: AnalyticConstants = SPEC_CONSTANTS): number {
  return Math.SQRT2 * jeffPaper(Jd, hfJ, hfK, field, spectators, constants);
}

/**
 * Energy difference E_a − E_b (Hz) at J_d = 0 of the two states of a bond
 * transition: α: a = |I_j ↑, S_j 0, S'_k +½, I_k ↓⟩, b = |I_j ↓, S_j −1, S'_k −½, I_k ↑⟩;
 * β: the nuclear projections swapped. Spectators as in `Spectators`.
 * Zero at the first-order matching field (Eq. A.6 for α, A.8 for β).
 */
export function matchingDetuning(variant: 'alpha' | 'beta', field: number, hfJ: Hyperfine, hfK: Hyperfine, spectators: Spectators = CHAIN_SPECTATORS, constants: AnalyticConstants = SPEC_CONSTANTS): number {
  const wn = constants.gammaN * field, we = constants.gammaE * field;
  const { sigma, mu } = spectators;
  const jA = nuclearAxis(0, sigma, hfJ, wn).upEnergy; // I_j ↑ with m_S = 0
  const jB = nuclearAxis(-1, sigma, hfJ, wn).upEnergy; // I_j ↑ with m_S = −1
  const kA = nuclearAxis(mu, 0.5, hfK, wn).upEnergy; // I_k ↑ with m_S' = +½
  const kB = nuclearAxis(mu, -0.5, hfK, wn).upEnergy; // I_k ↑ with m_S' = −½
  const s = variant === 'alpha' ? 1 : -1; // α: I_j ↑ in a; β: I_j ↓ in a
  const eA = s * jA - s * kA + we * 0.5;
  const eB = -s * jB + s * kB + constants.D - we - 0.5 * we;
  return eA - eB;
}

/**
 * Matching field B_m (T) by root-finding `matchingDetuning` (bisection + secant
 * on the bracket [B_lo, B_hi], default D/(2γ_e) ± 2 mT): Eq. A.6 (α) or A.8 (β)
 * for chain spectators, the 4-spin condition of Fig. 1 for pair spectators.
 */
export function matchingField(variant: 'alpha' | 'beta', hfJ: Hyperfine, hfK: Hyperfine, spectators: Spectators = CHAIN_SPECTATORS, constants: AnalyticConstants = SPEC_CONSTANTS, bracket?: [number, number]): number {
  const b0 = constants.D / (2 * constants.gammaE);
  let [a, b] = bracket ?? [b0 - 2e-3, b0 + 2e-3];
  const f = (B: number) => matchingDetuning(variant, B, hfJ, hfK, spectators, constants);
  let fa = f(a), fb = f(b);
  if (fa * fb > 0) throw new RangeError(`matchingField: no sign change of the detuning in [${a}, ${b}] T`);
  for (let it = 0; it < 200 && b - a > 1e-16; it++) {
    const m = 0.5 * (a + b), fm = f(m);
    if (fm === 0) return m;
    if (fa * fm < 0) { b = m; fb = fm; } else { a = m; fa = fm; }
  }
  return fa === fb ? 0.5 * (a + b) : a - (fa * (b - a)) / (fb - fa);
}

/** δ_eff of Eq. 2: 2|B − B_m| |γ_e| (Hz). */
export function deltaEff(field: number, matching: number, constants: AnalyticConstants = SPEC_CONSTANTS): number {
  return 2 * Math.abs(field - matching) * constants.gammaE;
}

/**
 * Table A.1: the 8 × 8 Hamiltonian (Hz, the paper's global ½ restored) of two
 * dressed sites in the subspace m_{S'_1} = −½, m_{S_2} = 0, (m_{S_1}, m_{S'_2}) ∈
 * {(0, +½), (−1, −½)}, in the dressed basis |m_{I_1}, m_{S_1}, m_{S'_2}, m_{I_2}⟩ ordered
 * as the table: rows 0–3 (0, +½) with (I_1, I_2) = ↑↑, ↑↓, ↓↑, ↓↓; rows 4–7 (−1, −½) same.
 * Energies are relative to the electronic energy of the (0, +½) states;
 * `withSqrt2` multiplies the off-diagonal block by √2 (the spin-1 ladder factor
 * the table omits). Returned as row-major Float64Array (real symmetric).
 */
export function tableA1(Jd: number, hf: Hyperfine, field: number, options: { withSqrt2?: boolean } = {}, constants: AnalyticConstants = SPEC_CONSTANTS): Float64Array {
  const wn = constants.gammaN * field, we = constants.gammaE * field;
  const a0m = nuclearAxis(0, -0.5, hf, wn), a0p = nuclearAxis(0, 0.5, hf, wn), am1m = nuclearAxis(-1, -0.5, hf, wn);
  const c1 = Math.cos((a0m.theta - am1m.theta) / 2), s1 = Math.sin((a0m.theta - am1m.theta) / 2);
  const c2 = Math.cos((a0m.theta - a0p.theta) / 2), s2 = Math.sin((a0m.theta - a0p.theta) / 2);
  const dw = constants.D - 2 * we;
  const D0p = a0p.Delta, D0m = a0m.Delta, Dm1m = am1m.Delta;
  const h = new Float64Array(64);
  // Diagonal (the table's entries, global ½ restored). Rows 0..3: I1 with (0, −½) [Δ_0^−], I2 with (0, +½) [Δ_0^+].
  const diag = [D0p - D0m, -D0p - D0m, D0p + D0m, -D0p + D0m, 2 * dw - D0m - Dm1m, 2 * dw + D0m - Dm1m, 2 * dw - D0m + Dm1m, 2 * dw + D0m + Dm1m];
  for (let i = 0; i < 8; i++) h[i * 9] = diag[i] / 2;
  const J = Jd * (options.withSqrt2 ? Math.SQRT2 : 1);
  // Off-diagonal block rows 0..3 (green) × cols 4..7 (grey), as printed.
  const off = [
    [c2 * c1, -s2 * c1, c2 * s1, -s2 * s1],
    [s2 * c1, c2 * c1, s2 * s1, c2 * s1],
    [-c2 * s1, s2 * s1, c2 * c1, -s2 * c1],
    [-s2 * s1, -c2 * s1, s2 * c1, c2 * c1],
  ];
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) {
    const v = (J * off[r][c]) / 2;
    h[r * 8 + 4 + c] = v;
    h[(4 + c) * 8 + r] = v;
  }
  return h;
}
