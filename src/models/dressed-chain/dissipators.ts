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
 *
 * Dressed (secular) forms, `relaxation: 'dressed'` and `pumping: 'dressed'`: the same
 * electron jumps conjugated by the site dressing, U_j C U_j† (dressing.ts), so that an
 * electron flip keeps the nucleus in the same dressed state (Appendix B's assumption).
 * The bare forms flip the dressed nuclear label with probability sin²(Δθ/2) per jump.
 */
import type { SparseMatrix } from '../../linalg/sparse.js';
import { sparseLinearCombination, sparseScale } from '../../linalg/sparse.js';
import { projector, spinMinus, spinPlus } from '../../quantum/spin.js';
import { embed } from '../../quantum/tensor.js';
import { conjugate, siteDressing } from './dressing.js';
import { graphDims, slotIndex, type DressedGraph } from './lattice.js';

export interface DissipationOptions {
  /** Optical pumping rate Γ_op of every S (s⁻¹). */
  gammaOp: number;
  /** S' spin-lattice relaxation rate Γ_e (s⁻¹). */
  gammaE: number;
  /** Optional S (spin-1) spin-lattice relaxation rate (s⁻¹), default 0. */
  gammaES?: number;
  /** Optional nuclear relaxation rate (s⁻¹), default 0. */
  gammaN?: number;
  /** 'single' (Eq. 6, default), 'separate' (|0⟩⟨±1|) or 'dressed' (separate, conjugated by the site dressing). */
  pumping?: PumpingForm;
  /** Electron (S', S) relaxation in the lab form S^± (default) or dressed, U_j S^± U_j†. */
  relaxation?: RelaxationForm;
  /** Nuclear Larmor frequency γ_n B (Hz); required by the dressed forms. */
  omegaN?: number;
}

export type PumpingForm = 'single' | 'separate' | 'dressed';
export type RelaxationForm = 'lab' | 'dressed';

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
  if (mode !== 'single' && mode !== 'separate' && mode !== 'dressed') throw new RangeError(`pumping: expected 'single', 'separate' or 'dressed', got ${String(mode)}`);
  const relaxation = options.relaxation ?? 'lab';
  if (relaxation !== 'lab' && relaxation !== 'dressed') throw new RangeError(`relaxation: expected 'lab' or 'dressed', got ${String(relaxation)}`);
  const needsDressing = mode === 'dressed' || relaxation === 'dressed';
  if (needsDressing && !Number.isFinite(options.omegaN)) throw new RangeError(`omegaN: the dressed forms need a finite nuclear Larmor frequency (Hz), got ${String(options.omegaN)}`);
  const dressings = new Map<number, SparseMatrix>();
  /** Conjugate an electron operator of `site` by its dressing (identity if the site has no nucleus). */
  const dressed = (site: number, op: SparseMatrix): SparseMatrix => {
    if (slotIndex(graph, 'I', site) < 0) return op;
    let u = dressings.get(site);
    if (!u) { u = siteDressing(graph, site, options.omegaN as number); dressings.set(site, u); }
    return conjugate(u, op);
  };
  const dims = graphDims(graph);
  const out: LabelledCollapse[] = [];
  graph.slots.forEach((slot, pos) => {
    const tag = `${slot.kind}${slot.site + 1}`;
    if (slot.kind === 'S') {
      if (gOp > 0) {
        const a = projector(1, 0, -1), b = projector(1, 0, 1); // |0⟩⟨−1|, |0⟩⟨+1|
        const r = Math.sqrt(gOp);
        if (mode === 'single') out.push({ op: sparseLinearCombination([{ matrix: embed(a, pos, dims), re: r }, { matrix: embed(b, pos, dims), re: r }]), label: `pump ${tag}` });
        else if (mode === 'dressed') out.push({ op: dressed(slot.site, sparseScale(embed(a, pos, dims), r)), label: `pump ${tag} (−1→0, dressed)` }, { op: dressed(slot.site, sparseScale(embed(b, pos, dims), r)), label: `pump ${tag} (+1→0, dressed)` });
        else out.push({ op: sparseLinearCombination([{ matrix: embed(a, pos, dims), re: r }]), label: `pump ${tag} (−1→0)` }, { op: sparseLinearCombination([{ matrix: embed(b, pos, dims), re: r }]), label: `pump ${tag} (+1→0)` });
      }
      if (gES > 0) out.push(...relaxationPair(1, gES, pos, slot.site, tag, true));
    } else {
      const g = slot.kind === 'Sp' ? gE : gN;
      if (g > 0) out.push(...relaxationPair(0.5, g, pos, slot.site, tag, slot.kind === 'Sp'));
    }
  });
  return out;

  /** √(Γ/2) S^± on the spin at `pos`; electron operators optionally dressed. */
  function relaxationPair(spin: number, rate: number, pos: number, site: number, tag: string, electron: boolean): LabelledCollapse[] {
    const r = Math.sqrt(rate / 2);
    const form = electron && relaxation === 'dressed';
    const make = (op: SparseMatrix) => (form ? dressed(site, sparseScale(embed(op, pos, dims), r)) : sparseScale(embed(op, pos, dims), r));
    const suffix = form ? ' (dressed)' : '';
    return [{ op: make(spinPlus(spin)), label: `T1+ ${tag}${suffix}` }, { op: make(spinMinus(spin)), label: `T1− ${tag}${suffix}` }];
  }
}
