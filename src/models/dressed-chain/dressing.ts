/**
 * The dressed basis of seed 000 (Eqs. A.3–A.5, Fig. 3a): for each local
 * electron configuration (m_S, m_S') of a site, its nucleus is quantized along
 * the local field Z = (m_S A_zx + m_S' A'_zx) x̂ + (m_S A_zz + m_S' A'_zz − ω_n) ẑ,
 * with |↑̃⟩ = cos(θ/2)|↑⟩ + sin(θ/2)|↓⟩ (positive ⟨I^z⟩) and |↓̃⟩ = −sin(θ/2)|↑⟩ + cos(θ/2)|↓⟩.
 *
 * The site dressing U_j = Σ_config |config⟩⟨config| ⊗ R_y(θ_config) maps lab arrows
 * to dressed arrows; it diagonalizes the on-site Hamiltonian of site j exactly
 * (everything in H except the bonds). With it we form
 *   - the dressed polarization P̃_j = U_j (2 I_j^z) U_j†, which commutes with the
 *     on-site Hamiltonian (a lab-frame 2⟨I^z⟩ of a tilted nucleus precesses at MHz);
 *   - dressed (secular) electron jumps U_j C U_j†: an S' flip or a pumping event that
 *     keeps the nuclear dressed label, the assumption of Appendix B ("the occupation of
 *     the nuclear configurations" is untouched by S' flips). The bare jumps C = S'^±,
 *     |0⟩⟨±1| also flip the dressed label with probability sin²(Δθ/2), Δθ the change of
 *     the local axis, which slowly depolarizes the chain (docs/reproduction.md).
 * Since U_j is block-diagonal in (m_S, m_S'), U_j C U_j† changes the electron
 * quantum numbers exactly as C does, so the bond blocks are preserved, and
 * (U C U†)†(U C U†) = U C†C U† = C†C because C†C is a function of the electron
 * projections only: the no-jump evolution is the same for both forms.
 */
import { SparseMatrix, sparseAdjoint, sparseLinearCombination, sparseMatmul } from '../../linalg/sparse.js';
import { projector } from '../../quantum/spin.js';
import { embedMany, type LocalOperator } from '../../quantum/tensor.js';
import { nuclearAxis } from './analytics.js';
import { graphDims, slotIndex, type DressedGraph, type Hyperfine } from './lattice.js';

/** Nuclear rotation R_y(θ) in the lab basis (↑, ↓): columns are |↑̃⟩, |↓̃⟩. */
function rotation(theta: number): SparseMatrix {
  const c = Math.cos(theta / 2), s = Math.sin(theta / 2);
  return SparseMatrix.fromTriplets(2, 2, [0, 0, 1, 1], [0, 1, 0, 1], [c, -s, s, c]);
}

/**
 * Dressing operator U_j of site j at nuclear Larmor frequency ω_n = γ_n B (Hz), as a
 * sparse unitary on the whole space (identity on the other sites).
 * @throws RangeError if the site has no nucleus or ω_n is not finite.
 */
export function siteDressing(graph: DressedGraph, site: number, omegaN: number): SparseMatrix {
  if (!Number.isFinite(omegaN)) throw new RangeError(`omegaN: expected a finite frequency (Hz), got ${omegaN}`);
  const dims = graphDims(graph);
  const iI = slotIndex(graph, 'I', site), iS = slotIndex(graph, 'S', site), iP = slotIndex(graph, 'Sp', site);
  if (iI < 0) throw new RangeError(`site ${site + 1}: no nucleus to dress`);
  const hf = graph.sites[site];
  const mSs = iS >= 0 ? [1, 0, -1] : [0];
  const mPs = iP >= 0 ? [0.5, -0.5] : [0];
  const terms: { matrix: SparseMatrix; re: number }[] = [];
  for (const mS of mSs) {
    for (const mP of mPs) {
      const factors: LocalOperator[] = [{ op: rotation(nuclearAxis(mS, mP, hf, omegaN).theta), site: iI }];
      if (iS >= 0) factors.push({ op: projector(1, mS), site: iS });
      if (iP >= 0) factors.push({ op: projector(0.5, mP), site: iP });
      terms.push({ matrix: embedMany(factors, dims), re: 1 });
    }
  }
  return sparseLinearCombination(terms);
}

/** U A U† for a unitary U. */
export function conjugate(u: SparseMatrix, a: SparseMatrix): SparseMatrix {
  return sparseMatmul(sparseMatmul(u, a), sparseAdjoint(u));
}

/** The product Π_j U_j over all sites with a nucleus: lab product states → dressed product states. */
export function dressingUnitary(graph: DressedGraph, omegaN: number): SparseMatrix {
  let u: SparseMatrix | null = null;
  for (let j = 0; j < graph.sites.length; j++) {
    if (slotIndex(graph, 'I', j) < 0) continue;
    const uj = siteDressing(graph, j, omegaN);
    u = u === null ? uj : sparseMatmul(u, uj);
  }
  if (u === null) throw new RangeError('graph: no nuclear spin to dress');
  return u;
}

/**
 * Probability sin²(Δθ/2) that a sudden flip of S' (m_S' = +½ ↔ −½, with m_S fixed)
 * flips the nuclear dressed label, Δθ = θ(m_S, +½) − θ(m_S, −½) (Eqs. A.3–A.5).
 */
export function labelFlipProbability(mS: number, hf: Hyperfine, omegaN: number): number {
  const d = nuclearAxis(mS, 0.5, hf, omegaN).theta - nuclearAxis(mS, -0.5, hf, omegaN).theta;
  return Math.sin(d / 2) ** 2;
}

/**
 * Decay rate (s⁻¹) of the dressed polarization of a nucleus whose S is in m_S, under
 * the lab-form S' relaxation √(Γ_e/2) S'^±: S' flips at rate Γ_e/2 whatever its state,
 * each flip flips the label with probability p = sin²(Δθ/2), so P̃ decays at 2·(Γ_e/2)·p.
 * Secular limit (Γ_e ≪ the nuclear frequencies, MHz): the coherences a flip creates
 * between dressed states precess and average out.
 */
export function labRelaxationDepolarizationRate(gammaE: number, mS: number, hf: Hyperfine, omegaN: number): number {
  if (!(gammaE >= 0) || !Number.isFinite(gammaE)) throw new RangeError(`gammaE: expected a finite rate ≥ 0 (s⁻¹), got ${gammaE}`);
  return gammaE * labelFlipProbability(mS, hf, omegaN);
}
