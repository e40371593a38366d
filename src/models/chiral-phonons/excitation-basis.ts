/**
 * Spin-chain operators built directly in the subspace of at most K
 * excitations (K quanta above the all-down state m_j = −s_j).
 *
 * The cascaded generators conserve the excitation number Q = Σ_j (m_j + s_j)
 * (H and H_NH) or lower it (jumps), so the span of the states with Q ≤ K is
 * invariant: a problem started with K quanta never leaves it, and solving it
 * there is exact. For N spins ½ and K = 1 this is N + 1 states instead of 2^N.
 * With K = Σ 2s_j the basis is the full product space, in the usual order
 * (m = +s … −s per site, first site most significant), so operators agree
 * entry by entry with `embed`/`tensor`.
 */
import { SparseMatrix } from '../../linalg/sparse.js';
import { spinDimension } from '../../quantum/spin.js';

export interface ExcitationBasis {
  spins: number[];
  dims: number[];
  /** Largest excitation number kept. */
  maxExcitations: number;
  /** Composite (full-space) index of each kept state, ascending. */
  states: Int32Array;
  /** Excitation number of each kept state. */
  excitations: Int32Array;
  /** Position of a composite index in `states`, or −1. */
  indexOf(composite: number): number;
}

/** One factor of a local product: S^+, S^-, or S^z on `site`. */
export interface SpinFactor {
  site: number;
  kind: '+' | '-' | 'z';
}

/** Σ_t coef_t Π_f factor_f (factors applied right to left, i.e. the last one acts first). */
export interface SpinTerm {
  re: number;
  im?: number;
  factors: SpinFactor[];
}

/**
 * The basis of all product states with at most `maxExcitations` quanta
 * (default: all, i.e. the full product space).
 */
export function excitationBasis(spins: readonly number[], maxExcitations?: number): ExcitationBasis {
  if (spins.length === 0) throw new RangeError('spins: at least one spin is required');
  const dims = spins.map(spinDimension);
  const total = dims.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(total) || total > 2 ** 31 - 1) throw new RangeError(`spins: product dimension ${total} is too large`);
  const qMax = dims.reduce((a, d) => a + d - 1, 0);
  const K = maxExcitations ?? qMax;
  if (!Number.isInteger(K) || K < 0) throw new RangeError(`maxExcitations: expected a non-negative integer, got ${K}`);
  const states: number[] = [], exc: number[] = [];
  const strides = dims.map((_, k) => dims.slice(k + 1).reduce((a, b) => a * b, 1));
  // Depth-first over sites with an excitation budget; local index k ↔ m = s − k, quanta = 2s − k.
  // Visiting local indices in ascending order keeps composite indices ascending.
  const visit = (site: number, composite: number, q: number): void => {
    if (site === dims.length) {
      states.push(composite);
      exc.push(q);
      return;
    }
    const d = dims[site];
    for (let k = 0; k < d; k++) {
      const add = d - 1 - k;
      if (q + add > K) continue;
      visit(site + 1, composite + k * strides[site], q + add);
    }
  };
  visit(0, 0, 0);
  const st = Int32Array.from(states);
  const lookup = total <= 1 << 24 ? new Int32Array(total).fill(-1) : null;
  const map = lookup ? null : new Map<number, number>();
  st.forEach((c, i) => { if (lookup) lookup[c] = i; else map!.set(c, i); });
  return {
    spins: Array.from(spins),
    dims,
    maxExcitations: K,
    states: st,
    excitations: Int32Array.from(exc),
    indexOf: (c: number) => (lookup ? lookup[c] : map!.get(c) ?? -1),
  };
}

/**
 * Sparse matrix of Σ_t coef_t Π factors in the basis (Sakurai & Napolitano
 * §3.5 ladder elements S_±|m⟩ = √((s∓m)(s±m+1))|m±1⟩). Matrix elements that
 * would leave the kept subspace are dropped, which is exact for operators that
 * do not raise Q (all operators of the cascaded models).
 */
export function spinOperatorInBasis(basis: ExcitationBasis, terms: readonly SpinTerm[]): SparseMatrix {
  const { dims, spins, states } = basis;
  const nSites = dims.length;
  const strides = dims.map((_, k) => dims.slice(k + 1).reduce((a, b) => a * b, 1));
  for (const t of terms) {
    for (const f of t.factors) {
      if (!Number.isInteger(f.site) || f.site < 0 || f.site >= nSites) throw new RangeError(`spinOperatorInBasis: site ${f.site} outside 0..${nSites - 1}`);
    }
  }
  const rows: number[] = [], cols: number[] = [], re: number[] = [], im: number[] = [];
  const local = new Int32Array(nSites);
  for (let col = 0; col < states.length; col++) {
    for (const t of terms) {
      let c = states[col];
      for (let k = 0; k < nSites; k++) { local[k] = Math.floor(c / strides[k]) % dims[k]; }
      let amp = 1;
      let composite = c;
      for (let f = t.factors.length - 1; f >= 0 && amp !== 0; f--) {
        const { site, kind } = t.factors[f];
        const s = spins[site], k = local[site], m = s - k;
        if (kind === 'z') amp *= m;
        else if (kind === '+') {
          if (k === 0) { amp = 0; break; }
          amp *= Math.sqrt((s - m) * (s + m + 1));
          local[site] = k - 1;
          composite -= strides[site];
        } else {
          if (k === dims[site] - 1) { amp = 0; break; }
          amp *= Math.sqrt((s + m) * (s - m + 1));
          local[site] = k + 1;
          composite += strides[site];
        }
      }
      if (amp === 0) continue;
      const row = basis.indexOf(composite);
      if (row < 0) continue;
      c = row;
      rows.push(c);
      cols.push(col);
      re.push(t.re * amp);
      im.push((t.im ?? 0) * amp);
    }
  }
  return SparseMatrix.fromTriplets(states.length, states.length, rows, cols, re, im);
}

/** A ket of the basis: the product state with `quanta[j]` excitations on site j (m_j = −s_j + quanta[j]). */
export function productStateIndex(basis: ExcitationBasis, quanta: readonly number[]): number {
  const { dims } = basis;
  if (quanta.length !== dims.length) throw new RangeError(`initial quanta: ${quanta.length} values for ${dims.length} spins`);
  let composite = 0;
  for (let k = 0; k < dims.length; k++) {
    const q = quanta[k];
    if (!Number.isInteger(q) || q < 0 || q > dims[k] - 1) throw new RangeError(`initial quanta[${k}]: ${q} outside 0..${dims[k] - 1}`);
    composite = composite * dims[k] + (dims[k] - 1 - q);
  }
  const i = basis.indexOf(composite);
  if (i < 0) throw new RangeError(`initial state has more than maxExcitations = ${basis.maxExcitations} quanta`);
  return i;
}
