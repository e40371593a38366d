/**
 * Lindblad master equation of M spin domains coupled pairwise to common reservoirs
 * (seed 003, Eq. 3):
 *
 *   dρ/dt = −iω0 Σ_i [J_i^z, ρ] + Σ_{i=1}^{M−1} (γ_i/2) D[J_i^− + J_{i+1}^−] ρ,
 *   D[O]ρ = 2OρO† − O†Oρ − ρO†O.
 *
 * Because of the factor 2 in the paper's D, (γ_i/2)·D[O] is the standard dissipator
 * OρO† − ½{O†O, ρ} with rate γ_i, i.e. the collapse operator √γ_i (J_i^− + J_{i+1}^−).
 * A thermal reservoir at temperature T (Fig. S1) adds absorption with the Bose occupation
 * n̄ = 1/(exp(hf0/k_B T) − 1) at the spin frequency f0 = ω0/2π (Breuer & Petruccione 2002,
 * §3.4.6): collapse operators √(γ_i(n̄+1)) L_i and √(γ_i n̄) L_i† with L_i = J_i^− + J_{i+1}^−.
 *
 * The operators are built for any representation that supplies the lowering operators of
 * the domains: the collective space (collective-space.ts) or, for validation, the full
 * 2^{ΣN_i} tensor-product space (full-space.ts).
 */
import { SparseMatrix, sparseAdjoint, sparseLinearCombination, sparseScale } from '../../linalg/sparse.js';
import { BOLTZMANN, PLANCK } from '../../quantum/states.js';

/**
 * Mean thermal occupation n̄ = 1/(exp(h f0 / k_B T) − 1) of the reservoir mode at the spin
 * frequency f0 (Hz) and temperature T (K); 0 at T = 0 (Bose–Einstein distribution).
 * @throws RangeError for f0 ≤ 0 or T < 0.
 */
export function thermalOccupation(frequencyHz: number, temperatureK: number): number {
  if (!(frequencyHz > 0) || !Number.isFinite(frequencyHz)) throw new RangeError(`omega0: frequency ${frequencyHz} Hz must be positive`);
  if (!(temperatureK >= 0) || !Number.isFinite(temperatureK)) throw new RangeError(`temperature: ${temperatureK} K must be ≥ 0`);
  if (temperatureK === 0) return 0;
  const x = (PLANCK * frequencyHz) / (BOLTZMANN * temperatureK);
  return 1 / Math.expm1(x);
}

/** Reservoir rates γ_i (s⁻¹), one per neighbouring pair, and the thermal occupation. */
export interface ReservoirSpec {
  /** γ_1 … γ_{M−1} in s⁻¹ (all ≥ 0). */
  gammas: number[];
  /** Bose occupation n̄ of the reservoirs at ω0 (0 for T = 0). */
  nThermal: number;
}

/**
 * Collapse operators of Eq. 3 (plus thermal absorption when n̄ > 0) from the domain
 * lowering operators J_i^− of any representation: √(γ_i(n̄+1)) (J_i^− + J_{i+1}^−) for
 * every reservoir i, then √(γ_i n̄) (J_i^+ + J_{i+1}^+) when n̄ > 0. Reservoirs with γ_i = 0
 * are left out.
 * @throws RangeError if the number of rates is not M − 1 or a rate is negative.
 */
export function collapseOperators(lowering: readonly SparseMatrix[], reservoirs: ReservoirSpec): SparseMatrix[] {
  const m = lowering.length;
  const { gammas, nThermal } = reservoirs;
  if (gammas.length !== m - 1) throw new RangeError(`gamma: ${gammas.length} rates for ${m} domains (need ${m - 1})`);
  gammas.forEach((g, i) => {
    if (!(g >= 0) || !Number.isFinite(g)) throw new RangeError(`gamma[${i}] = ${g}: rates must be finite and ≥ 0`);
  });
  if (!(nThermal >= 0) || !Number.isFinite(nThermal)) throw new RangeError(`nThermal = ${nThermal} must be finite and ≥ 0`);
  const emission: SparseMatrix[] = [];
  const absorption: SparseMatrix[] = [];
  for (let i = 0; i < m - 1; i++) {
    if (gammas[i] === 0) continue;
    const l = sparseLinearCombination([{ matrix: lowering[i], re: 1 }, { matrix: lowering[i + 1], re: 1 }]);
    emission.push(sparseScale(l, Math.sqrt(gammas[i] * (nThermal + 1))));
    if (nThermal > 0) absorption.push(sparseScale(sparseAdjoint(l), Math.sqrt(gammas[i] * nThermal)));
  }
  return [...emission, ...absorption];
}

/** H = ω0 Σ_i J_i^z in rad/s (ω0 = 2π f0), from the J_i^z of any representation. */
export function domainHamiltonian(jz: readonly SparseMatrix[], omega0RadPerS: number): SparseMatrix {
  return sparseLinearCombination(jz.map((matrix) => ({ matrix, re: omega0RadPerS })));
}
