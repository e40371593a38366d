/**
 * Observables of seed 000: nuclear polarizations P_j = 2⟨I_j^z⟩ (SPEC §3) and
 * the net polarization P_c = (1/N) Σ_j P_j (the mean over the N nuclei, so that
 * P_c ∈ [−1, 1]; the paper's "net nuclear polarization of the chain" — its sum
 * convention is not stated — is N·P_c).
 *
 * With `basis: 'dressed'` P_j = 2⟨U_j I_j^z U_j†⟩ instead: the polarization along the
 * local dressed axis of each nucleus (dressing.ts), +1 for |↑̃⟩ whatever the electron
 * configuration. It is the quantity the paper's arrows (Fig. 3b) and Appendix B count.
 */
import type { SparseMatrix } from '../../linalg/sparse.js';
import { sparseLinearCombination } from '../../linalg/sparse.js';
import { spinZ } from '../../quantum/spin.js';
import { embed } from '../../quantum/tensor.js';
import { conjugate, siteDressing } from './dressing.js';
import { graphDims, type DressedGraph } from './lattice.js';

export interface NamedObservable {
  name: string;
  op: SparseMatrix;
}

export interface PolarizationBasis {
  /** 'lab' (default): 2⟨I^z⟩; 'dressed': along each nucleus' local axis. */
  basis?: 'lab' | 'dressed';
  /** Nuclear Larmor frequency γ_n B (Hz), required for 'dressed'. */
  omegaN?: number;
}

/** P1 … PN (by site order, 1-based names) and Pc. */
export function polarizationObservables(graph: DressedGraph, options: PolarizationBasis = {}): NamedObservable[] {
  const dims = graphDims(graph);
  const basis = options.basis ?? 'lab';
  if (basis !== 'lab' && basis !== 'dressed') throw new RangeError(`polarization: expected 'lab' or 'dressed', got ${String(basis)}`);
  const nuc = graph.slots.map((s, pos) => ({ s, pos })).filter(({ s }) => s.kind === 'I').sort((a, b) => a.s.site - b.s.site);
  const out: NamedObservable[] = nuc.map(({ s, pos }) => {
    const lab = sparseLinearCombination([{ matrix: embed(spinZ(0.5), pos, dims), re: 2 }]);
    return { name: `P${s.site + 1}`, op: basis === 'dressed' ? conjugate(siteDressing(graph, s.site, options.omegaN as number), lab) : lab };
  });
  out.push({ name: 'Pc', op: sparseLinearCombination(out.map((o) => ({ matrix: o.op, re: 1 / nuc.length }))) });
  return out;
}
