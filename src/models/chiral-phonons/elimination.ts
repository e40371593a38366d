/**
 * Adiabatic elimination of the phonon (seed paper Eq. 3 → Eq. 4).
 *
 * Second-order (Schrieffer–Wolff / quasi-degenerate) perturbation theory
 * (Winkler 2003, App. B; the paper's Ref. 44) for Eq. 3 with the phonon in
 * vacuum: the only virtual path is |…m_i…; 0⟩ → g S_i^- a† → |…m_i − 1…; 1⟩
 * (energy lower by Δ) → g S_j^+ a, so
 *
 *   H_eff = (g²/Δ) J^+ J^-,   J^± = Σ_j S_j^±,
 *
 * i.e. a flip-flop exchange (g²/Δ)(S_A^+S_B^- + h.c.) plus level shifts
 * (g²/Δ)(S_A^+S_A^- + S_B^+S_B^-). For two spins ½ with one quantum the shifts
 * are a common phase, and populations follow P_B(t) = sin²(g²t/Δ).
 *
 * The paper's Eq. 4 writes iγ(S_A^+S_B^- − S_A^-S_B^+) with γ = 2g²/Δ. The
 * factor i is a gauge (rotate spin B about z by π/2), but the magnitude is
 * twice g²/Δ: with Eq. 4 as printed P_B(t) = sin²(2g²t/Δ). The tests show the
 * full Eq. 3 converging to H_eff above (error ∝ (g/Δ)²) and not to Eq. 4 with
 * γ = 2g²/Δ; γ = 2g²/Δ is the rate that appears as 2γ D[z] in the cascaded
 * (dissipative) Eq. 5, where it is the usual Purcell-type 4g²/κ with κ → Δ.
 * See docs/reproduction.md, "Seed 004".
 */
import { SparseMatrix, sparseLinearCombination } from '../../linalg/sparse.js';
import { ComplexVector } from '../../linalg/vector.js';
import { embedMany, embed } from '../../quantum/tensor.js';
import { spinDimension, spinMinus, spinPlus, spinZ } from '../../quantum/spin.js';
import { mesolve } from '../../solvers/mesolve.js';
import { spinPhononModel } from './spin-phonon.js';
import { cascadedPairHamiltonian } from './cascaded.js';

/** H_eff = (g²/Δ) J^+J^- on the spins alone (rad/s), the second-order elimination of Eq. 3. */
export function eliminatedHamiltonian(spins: readonly number[], g: number, detuning: number): SparseMatrix {
  if (!(detuning !== 0) || !Number.isFinite(detuning)) throw new RangeError(`detuning: must be finite and non-zero, got ${detuning}`);
  const dims = spins.map(spinDimension);
  const terms: { matrix: SparseMatrix; re: number }[] = [];
  spins.forEach((si, i) => spins.forEach((sj, j) => {
    terms.push({ matrix: embedMany([{ op: spinPlus(si), site: i }, { op: spinMinus(sj), site: j }], dims), re: (g * g) / detuning });
  }));
  return sparseLinearCombination(terms);
}

/** The paper's Eq. 4, H_AB = iγ(S_A^+S_B^- − S_A^-S_B^+) (rad/s). */
export function paperEq4Hamiltonian(sA: number, sB: number, gamma: number): SparseMatrix {
  return cascadedPairHamiltonian(sA, sB, gamma, 0);
}

export interface EliminationComparison {
  g: number;
  detuning: number;
  /** Times (s) spanning one full transfer of the eliminated model, π/(2g²/Δ)·(1/(2s_B))… (see code). */
  times: Float64Array;
  /** Excitation of spin B (⟨S_B^z⟩ + s_B) in the full model, the eliminated model, and Eq. 4 with γ = 2g²/Δ. */
  full: Float64Array;
  eliminated: Float64Array;
  eq4: Float64Array;
  /** max_t |full − eliminated| and max_t |full − Eq. 4|. */
  errorEliminated: number;
  errorEq4: number;
  /** Largest phonon occupation reached in the full model. */
  maxPhonons: number;
}

/**
 * Excitation transfer A → B (A with one quantum, B and the phonon empty) in
 * Eq. 3 and in its eliminated forms, over one transfer time of H_eff
 * (t ∈ [0, π Δ / (2 g² · 2s)], 2s = |⟨B|S_A^-S_B^+|A⟩|² for equal spins).
 */
export function compareElimination(options: { s?: number; g: number; detuning: number; phononLevels?: number; points?: number }): EliminationComparison {
  const s = options.s ?? 0.5;
  const { g, detuning } = options;
  const levels = options.phononLevels ?? 3;
  const points = options.points ?? 41;
  const d = spinDimension(s);
  const J = (g * g / detuning) * 2 * s; // ⟨B|S_A^-S_B^+|A⟩ = 2s for the one-quantum states
  const tEnd = Math.PI / (2 * Math.abs(J));
  const times = Float64Array.from({ length: points }, (_, i) => (tEnd * i) / (points - 1));
  const full = spinPhononModel({ spins: [s, s], g, detuning, phononLevels: levels });
  // |A⟩ = spin A at m = −s + 1, B at m = −s, phonon |0⟩.
  const iA = d - 2, iB = d - 1;
  const psiFull = ComplexVector.basis(d * d * levels, (iA * d + iB) * levels);
  const rf = mesolve(full.h, [], psiFull, { times, eOps: [full.sz[1], full.phononNumber], method: 'exact' });
  const dims = [d, d];
  const szB = embed(spinZ(s), 1, dims);
  const psi = ComplexVector.basis(d * d, iA * d + iB);
  const re = mesolve(eliminatedHamiltonian([s, s], g, detuning), [], psi, { times, eOps: [szB], method: 'exact' });
  const r4 = mesolve(paperEq4Hamiltonian(s, s, (2 * g * g) / detuning), [], psi, { times, eOps: [szB], method: 'exact' });
  const f = rf.expect[0].re.map((v) => v + s), e = re.expect[0].re.map((v) => v + s), q = r4.expect[0].re.map((v) => v + s);
  let errE = 0, errQ = 0;
  for (let i = 0; i < points; i++) {
    errE = Math.max(errE, Math.abs(f[i] - e[i]));
    errQ = Math.max(errQ, Math.abs(f[i] - q[i]));
  }
  return { g, detuning, times, full: f, eliminated: e, eq4: q, errorEliminated: errE, errorEq4: errQ, maxPhonons: Math.max(...rf.expect[1].re) };
}

/**
 * Least-squares slope of log(error) against log(Δ/g) over several detunings:
 * the convergence order of Eq. 3 → H_eff (expected −2: error ∝ (g/Δ)²).
 */
export function eliminationScaling(g: number, ratios: readonly number[], s = 0.5): { ratios: number[]; errors: number[]; slope: number } {
  const errors = ratios.map((r) => compareElimination({ s, g, detuning: r * g }).errorEliminated);
  const xs = ratios.map(Math.log), ys = errors.map(Math.log);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0, den = 0;
  for (let i = 0; i < xs.length; i++) { num += (xs[i] - mx) * (ys[i] - my); den += (xs[i] - mx) ** 2; }
  return { ratios: Array.from(ratios), errors, slope: num / den };
}

