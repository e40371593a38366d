/**
 * Collapse operators of seed 000 (units s^-1/2, rates folded in).
 *
 * Optical pumping (Eq. 6): ONE operator per S spin, C_op = √Γ_op (|0⟩⟨−1| + |0⟩⟨+1|),
 * exactly as the paper writes it. Alternative ('separate'): two operators
 * √Γ_op |0⟩⟨−1| and √Γ_op |0⟩⟨+1|. Both give the same rate Γ_op out of each of
 * m_S = ±1 and the same populations; they differ only in coherences between
 * m_S = +1 and −1: the single operator maps a superposition a|+1⟩ + b|−1⟩ to
 * (a + b)|0⟩ (interference), the pair does not. In the bond blocks of this model
 * m_S = +1 and −1 never coexist in one block with the same other quantum numbers
 * (m_S − m_S' is conserved per bond, and they differ by 2), so for block-diagonal
 * states both choices produce identical dynamics; the option exists for checks.
 *
 * Electron spin-lattice relaxation: the paper gives only a rate Γ_e. We use
 * L± = √(Γ_e/2) S'^± on every S' (infinite-temperature T1: ⟨S'^z⟩ decays at
 * rate Γ_e to 0, populations equalize — at 51 mT and room temperature the
 * thermal electron polarization is ~10⁻⁴, so infinite temperature is the
 * appropriate limit). This is the relaxation Appendix B needs (random S'
 * configurations). For spin 1 the same form √(Γ/2) S^± also gives ⟨S^z⟩ decay
 * at rate Γ (adjoint generator: D†[S^±](S^z) = ∓S^∓S^±... sums to −2γ S^z);
 * S relaxation is optional (default off): the pumping dominates S.
 *
 * Nuclear relaxation (optional, default off): √(Γ_n/2) I^± on every I.
 */
import type { SparseMatrix } from '../../linalg/sparse.js';
import { sparseLinearCombination } from '../../linalg/sparse.js';
import { projector, spinMinus, spinPlus } from '../../quantum/spin.js';
import { embed } from '../../quantum/tensor.js';
import { graphDims, type DressedGraph } from './lattice.js';

export interface DissipationOptions {
  /** Optical pumping rate Γ_op of every S (s⁻¹). */
  gammaOp: number;
  /** S' spin-lattice relaxation rate Γ_e (s⁻¹). */
  gammaE: number;
  /** Optional S (spin-1) spin-lattice relaxation rate (s⁻¹), default 0. */
  gammaES?: number;
  /** Optional nuclear relaxation rate (s⁻¹), default 0. */
  gammaN?: number;
  /** 'single' (Eq. 6, default) or 'separate' pumping operators. */
  pumping?: 'single' | 'separate';
}

export interface LabelledCollapse {
  op: SparseMatrix;
  label: string;
}

function checkRate(name: string, v: number | undefined): number {
  const x = v ?? 0;
  if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`${name}: expected a finite rate ≥ 0 (s⁻¹), got ${v}`);
  return x;
}

/** All collapse operators of `graph` (zero-rate channels are omitted). */
export function collapseOperators(graph: DressedGraph, options: DissipationOptions): LabelledCollapse[] {
  const gOp = checkRate('gammaOp', options.gammaOp);
  const gE = checkRate('gammaE', options.gammaE);
  const gES = checkRate('gammaES', options.gammaES);
  const gN = checkRate('gammaN', options.gammaN);
  const mode = options.pumping ?? 'single';
  if (mode !== 'single' && mode !== 'separate') throw new RangeError(`pumping: expected 'single' or 'separate', got ${String(mode)}`);
  const dims = graphDims(graph);
  const out: LabelledCollapse[] = [];
  graph.slots.forEach((slot, pos) => {
    const tag = `${slot.kind}${slot.site + 1}`;
    if (slot.kind === 'S') {
      if (gOp > 0) {
        const a = projector(1, 0, -1), b = projector(1, 0, 1); // |0⟩⟨−1|, |0⟩⟨+1|
        const r = Math.sqrt(gOp);
        if (mode === 'single') out.push({ op: sparseLinearCombination([{ matrix: embed(a, pos, dims), re: r }, { matrix: embed(b, pos, dims), re: r }]), label: `pump ${tag}` });
        else out.push({ op: sparseLinearCombination([{ matrix: embed(a, pos, dims), re: r }]), label: `pump ${tag} (−1→0)` }, { op: sparseLinearCombination([{ matrix: embed(b, pos, dims), re: r }]), label: `pump ${tag} (+1→0)` });
      }
      if (gES > 0) {
        const r = Math.sqrt(gES / 2);
        out.push({ op: sparseLinearCombination([{ matrix: embed(spinPlus(1), pos, dims), re: r }]), label: `T1+ ${tag}` });
        out.push({ op: sparseLinearCombination([{ matrix: embed(spinMinus(1), pos, dims), re: r }]), label: `T1− ${tag}` });
      }
    } else {
      const g = slot.kind === 'Sp' ? gE : gN;
      if (g > 0) {
        const r = Math.sqrt(g / 2);
        out.push({ op: sparseLinearCombination([{ matrix: embed(spinPlus(0.5), pos, dims), re: r }]), label: `T1+ ${tag}` });
        out.push({ op: sparseLinearCombination([{ matrix: embed(spinMinus(0.5), pos, dims), re: r }]), label: `T1− ${tag}` });
      }
    }
  });
  return out;
}
