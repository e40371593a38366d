/**
 * Observables of seed 000: nuclear polarizations P_j = 2⟨I_j^z⟩ (SPEC §3) and
 * the net polarization P_c = (1/N) Σ_j P_j (the mean over the N nuclei, so that
 * P_c ∈ [−1, 1]; the paper's "net nuclear polarization of the chain" — its sum
 * convention is not stated — is N·P_c).
 */
import type { SparseMatrix } from '../../linalg/sparse.js';
import { sparseLinearCombination } from '../../linalg/sparse.js';
import { spinZ } from '../../quantum/spin.js';
import { embed } from '../../quantum/tensor.js';
import { graphDims, type DressedGraph } from './lattice.js';

export interface NamedObservable {
  name: string;
  op: SparseMatrix;
}

/** P1 … PN (by site order, 1-based names) and Pc. */
export function polarizationObservables(graph: DressedGraph): NamedObservable[] {
  const dims = graphDims(graph);
  const nuc = graph.slots.map((s, pos) => ({ s, pos })).filter(({ s }) => s.kind === 'I').sort((a, b) => a.s.site - b.s.site);
  const out: NamedObservable[] = nuc.map(({ s, pos }) => ({ name: `P${s.site + 1}`, op: sparseLinearCombination([{ matrix: embed(spinZ(0.5), pos, dims), re: 2 }]) }));
  out.push({ name: 'Pc', op: sparseLinearCombination(out.map((o) => ({ matrix: o.op, re: 1 / nuc.length }))) });
  return out;
}
