/**
 * Spin currents and voltages of Sec. IV (Eqs. 13–17) evaluated on the full
 * electron–nuclear state, for the QJM traces of Fig. 6c.
 *
 * The paper defines, per one-way bond j → k (the direction the up spin travels),
 *   V_{j,k} ≡ |↑_j ↓_k⟩⟨↑_j ↓_k|          (the 'voltage' after Eq. 17),
 *   K_{j,k} = Γ_eff |↑_j ↓_k⟩⟨↑_j ↓_k|    (Eq. 17, from the continuity equation 13),
 * on the nuclear spins of the effective model. On the full model the nuclear
 * arrows are those of the polarization observables (observables.ts): lab
 * I^z, or the local dressed axes (the figures' choice), so that
 *   V_{j,k} = ¼ (1 + P_j)(1 − P_k)
 * as an operator (P_j and P_k act on disjoint spins and commute). K is Eq. 17 with
 * Γ_eff of Eq. B.6 (`gammaEffective(Γ_e, 'chain')`), the same definition as the
 * effective model's (nuclear-transport `currentOperator`), so both panels
 * show the same quantity. (On a ring the continuity equation alone fixes K
 * only up to a circulating constant; Eq. 17 is the paper's choice.)
 */
import { SparseMatrix, sparseLinearCombination, sparseMatmul } from '../../linalg/sparse.js';
import type { DressedGraph } from './lattice.js';
import type { NamedObservable } from './observables.js';

/** Which series groups the dynamics returns: P (P_j, Pc), K (bond currents), V (voltages). */
export interface OutputGroups {
  P: boolean;
  K: boolean;
  V: boolean;
}

/** Parse 'P,K,V'-style output groups; errors name the `outputs` parameter. */
export function parseOutputs(text: string): OutputGroups {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  const out: OutputGroups = { P: false, K: false, V: false };
  for (const s of parts) {
    if (s !== 'P' && s !== 'K' && s !== 'V') throw new RangeError(`outputs: expected a comma-separated list of P, K, V, got "${s}"`);
    out[s] = true;
  }
  if (parts.length === 0) throw new RangeError('outputs: expected at least one of P, K, V');
  return out;
}

/**
 * V_{j,k} and K_{j,k} = Γ_eff·V_{j,k} (Eq. 17) for every bond of `graph`, from its polarization
 * observables `pol` (P1 … PN, as polarizationObservables returns them; one per site with a nucleus).
 * @param gammaEff Γ_eff (s⁻¹) of Eq. 17.
 */
export function bondCurrentObservables(graph: DressedGraph, pol: readonly NamedObservable[], gammaEff: number, groups: OutputGroups): NamedObservable[] {
  if (!(gammaEff >= 0) || !Number.isFinite(gammaEff)) throw new RangeError(`gammaEff: expected a finite rate ≥ 0, got ${gammaEff}`);
  const n = pol.length ? pol[0].op.rows : 0;
  const identity = SparseMatrix.identity(n);
  const site = (j: number): SparseMatrix => {
    const o = pol.find((x) => x.name === `P${j + 1}`);
    if (!o) throw new RangeError(`outputs: site ${j + 1} has no nucleus, so bonds at it carry no nuclear current`);
    return o.op;
  };
  const volts: NamedObservable[] = [], currents: NamedObservable[] = [];
  for (const b of graph.bonds) {
    const up = sparseLinearCombination([{ matrix: identity, re: 0.5 }, { matrix: site(b.from), re: 0.5 }]);
    const down = sparseLinearCombination([{ matrix: identity, re: 0.5 }, { matrix: site(b.to), re: -0.5 }]);
    const v = sparseMatmul(up, down);
    const label = `${b.from + 1}${b.to + 1}`;
    volts.push({ name: `V${label}`, op: v });
    currents.push({ name: `K${label}`, op: sparseLinearCombination([{ matrix: v, re: gammaEff }]) });
  }
  return [...(groups.K ? currents : []), ...(groups.V ? volts : [])];
}
