/**
 * The Lindblad generator restricted to a forward-closed set of density-matrix
 * sectors (see blocks.ts), in column-stacking vectorization within each
 * sector:
 *
 *   dρ_ab/dt = −i (H_eff,a ρ_ab − ρ_ab H_eff,b†) + Σ_k C_k^{a a'} ρ_a'b' (C_k^{b b'})†,
 *   H_eff = H − (i/2) Σ_k C_k†C_k,   (a, b) = (π_k(a'), π_k(b')),
 *
 * with vec(X Y Z) = (Zᵀ ⊗ X) vec(Y). With one block and one sector this is
 * the full Liouvillian L = −i(I⊗H − Hᵀ⊗I) + Σ_k [C_k*⊗C_k − ½ I⊗C_k†C_k − ½ (C_k†C_k)ᵀ⊗I].
 *
 * The reduced state is the concatenation of vec(ρ_ab) over the sectors.
 */
import type { Operator } from '../linalg/operator.js';
import { toSparse } from '../linalg/operator.js';
import { ComplexMatrix } from '../linalg/dense.js';
import { SparseMatrix, sparseAdjoint, sparseMatmul, sparseLinearCombination } from '../linalg/sparse.js';
import type { BlockStructure, Sector } from './blocks.js';

export interface SectorLayout {
  structure: BlockStructure;
  sectors: Sector[];
  /** offsets[p] = start of sector p in the reduced vector; offsets[sectors.length] = dimension. */
  offsets: Int32Array;
  /** Map (a, b) → sector position, or −1. */
  sectorIndex: (a: number, b: number) => number;
  dimension: number;
}

export function sectorLayout(structure: BlockStructure, sectors: Sector[]): SectorLayout {
  const offsets = new Int32Array(sectors.length + 1);
  const index = new Map<number, number>();
  sectors.forEach((s, p) => {
    offsets[p + 1] = offsets[p] + structure.members[s.a].length * structure.members[s.b].length;
    index.set(s.a * structure.count + s.b, p);
  });
  return {
    structure,
    sectors,
    offsets,
    dimension: offsets[sectors.length],
    sectorIndex: (a, b) => index.get(a * structure.count + b) ?? -1,
  };
}

/** H_eff = H − (i/2) Σ C†C as a sparse matrix. */
export function effectiveHamiltonian(h: Operator, collapseOperators: readonly Operator[]): SparseMatrix {
  const terms = [{ matrix: toSparse(h), re: 1, im: 0 }];
  for (const c of collapseOperators) {
    const cs = toSparse(c);
    terms.push({ matrix: sparseMatmul(sparseAdjoint(cs), cs), re: 0, im: -0.5 });
  }
  return sparseLinearCombination(terms);
}

/** Growable triplet buffer. */
class Triplets {
  rows: Int32Array;
  cols: Int32Array;
  re: Float64Array;
  im: Float64Array;
  length = 0;
  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.rows = new Int32Array(c);
    this.cols = new Int32Array(c);
    this.re = new Float64Array(c);
    this.im = new Float64Array(c);
  }
  push(r: number, c: number, vr: number, vi: number): void {
    if (this.length === this.rows.length) this.grow();
    const k = this.length++;
    this.rows[k] = r;
    this.cols[k] = c;
    this.re[k] = vr;
    this.im[k] = vi;
  }
  private grow(): void {
    const c = this.rows.length * 2;
    const r2 = new Int32Array(c); r2.set(this.rows); this.rows = r2;
    const c2 = new Int32Array(c); c2.set(this.cols); this.cols = c2;
    const re2 = new Float64Array(c); re2.set(this.re); this.re = re2;
    const im2 = new Float64Array(c); im2.set(this.im); this.im = im2;
  }
}

/**
 * Sector-restricted Liouvillian (see the module comment). Pass no collapse
 * operators to get the commutator part −i[H_k, ·] of a driven term.
 */
export function sectorLiouvillian(layout: SectorLayout, h: Operator, collapseOperators: readonly Operator[]): SparseMatrix {
  const { structure, sectors, offsets } = layout;
  const { blockOf, localIndex, members } = structure;
  const heff = effectiveHamiltonian(h, collapseOperators);
  const cs = collapseOperators.map(toSparse);
  const trip = new Triplets(heff.nnz * 8 + 64);
  for (let p = 0; p < sectors.length; p++) {
    const { a, b } = sectors[p];
    const na = members[a].length, nb = members[b].length;
    const off = offsets[p];
    // −i (I_b ⊗ H_eff,a): row (r, j) ← col (c, j), value −i·H[r,c].
    for (const gr of members[a]) {
      const r = localIndex[gr];
      for (let k = heff.rowPtr[gr]; k < heff.rowPtr[gr + 1]; k++) {
        const gc = heff.colIndex[k];
        if (blockOf[gc] !== a) throw new Error('sectorLiouvillian: H_eff connects two blocks (block structure does not match the operators)');
        const c = localIndex[gc];
        const vr = heff.re[k], vi = heff.im[k];
        for (let j = 0; j < nb; j++) trip.push(off + r + j * na, off + c + j * na, vi, -vr);
      }
    }
    // +i (conj(H_eff,b) ⊗ I_a): row (i, r) ← col (i, c), value i·conj(H[r,c]).
    for (const gr of members[b]) {
      const r = localIndex[gr];
      for (let k = heff.rowPtr[gr]; k < heff.rowPtr[gr + 1]; k++) {
        const c = localIndex[heff.colIndex[k]];
        const vr = heff.re[k], vi = heff.im[k];
        // i·(vr − i vi) = vi + i vr
        for (let i = 0; i < na; i++) trip.push(off + i + r * na, off + i + c * na, vi, vr);
      }
    }
  }
  // Jump terms: sector (a', b') → (π(a'), π(b')), entries C[r, c]·conj(C[s, d]).
  for (let k = 0; k < cs.length; k++) {
    const c = cs[k];
    const target = structure.jumpTarget[k];
    // Column-wise access: build per source-block lists of (row, col, value) once.
    const entries = columnsByBlock(c, structure);
    for (let p = 0; p < sectors.length; p++) {
      const { a: a0, b: b0 } = sectors[p];
      const ta = target[a0], tb = target[b0];
      if (ta < 0 || tb < 0) continue;
      const q = layout.sectorIndex(ta, tb);
      if (q < 0) throw new Error('sectorLiouvillian: sector set is not closed under the jumps');
      const na0 = members[a0].length;
      const na = members[ta].length;
      const ea = entries[a0], eb = entries[b0];
      for (let x = 0; x < ea.count; x++) {
        const r = ea.row[x], col = ea.col[x], xr = ea.re[x], xi = ea.im[x];
        for (let y = 0; y < eb.count; y++) {
          const s = eb.row[y], d = eb.col[y], yr = eb.re[y], yi = -eb.im[y];
          trip.push(offsets[q] + r + s * na, offsets[p] + col + d * na0, xr * yr - xi * yi, xr * yi + xi * yr);
        }
      }
    }
  }
  const n = layout.dimension;
  return SparseMatrix.fromTriplets(n, n, trip.rows.subarray(0, trip.length), trip.cols.subarray(0, trip.length), trip.re.subarray(0, trip.length), trip.im.subarray(0, trip.length));
}

interface BlockEntries { count: number; row: Int32Array; col: Int32Array; re: Float64Array; im: Float64Array }

/** Entries of C grouped by the block of their column, with local row/column indices. */
function columnsByBlock(c: SparseMatrix, structure: BlockStructure): BlockEntries[] {
  const { blockOf, localIndex, count } = structure;
  const counts = new Int32Array(count);
  for (let i = 0; i < c.rows; i++) for (let k = c.rowPtr[i]; k < c.rowPtr[i + 1]; k++) counts[blockOf[c.colIndex[k]]]++;
  const out: BlockEntries[] = Array.from(counts, (m) => ({ count: 0, row: new Int32Array(m), col: new Int32Array(m), re: new Float64Array(m), im: new Float64Array(m) }));
  for (let i = 0; i < c.rows; i++) {
    for (let k = c.rowPtr[i]; k < c.rowPtr[i + 1]; k++) {
      const e = out[blockOf[c.colIndex[k]]];
      const x = e.count++;
      e.row[x] = localIndex[i];
      e.col[x] = localIndex[c.colIndex[k]];
      e.re[x] = c.re[k];
      e.im[x] = c.im[k];
    }
  }
  return out;
}

/** Reduced vector (split re/im) of a full density matrix on the layout's sectors. */
export function restrictDensity(layout: SectorLayout, rho: ComplexMatrix): { re: Float64Array; im: Float64Array } {
  const { structure, sectors, offsets } = layout;
  const n = rho.rows;
  const re = new Float64Array(layout.dimension), im = new Float64Array(layout.dimension);
  sectors.forEach(({ a, b }, p) => {
    const ma = structure.members[a], mb = structure.members[b];
    const na = ma.length;
    for (let j = 0; j < mb.length; j++) {
      for (let i = 0; i < na; i++) {
        const g = ma[i] * n + mb[j];
        re[offsets[p] + i + j * na] = rho.re[g];
        im[offsets[p] + i + j * na] = rho.im[g];
      }
    }
  });
  return { re, im };
}

/**
 * Reduced vector of |ψ⟩⟨ψ| without forming the n×n matrix (entry (i, j) of
 * sector (a, b) is ψ_i conj(ψ_j)).
 */
export function restrictKet(layout: SectorLayout, psiR: Float64Array, psiI: Float64Array): { re: Float64Array; im: Float64Array } {
  const { structure, sectors, offsets } = layout;
  const re = new Float64Array(layout.dimension), im = new Float64Array(layout.dimension);
  sectors.forEach(({ a, b }, p) => {
    const ma = structure.members[a], mb = structure.members[b];
    const na = ma.length;
    for (let j = 0; j < mb.length; j++) {
      const br = psiR[mb[j]], bi = -psiI[mb[j]];
      if (br === 0 && bi === 0) continue;
      for (let i = 0; i < na; i++) {
        const ar = psiR[ma[i]], ai = psiI[ma[i]];
        re[offsets[p] + i + j * na] = ar * br - ai * bi;
        im[offsets[p] + i + j * na] = ar * bi + ai * br;
      }
    }
  });
  return { re, im };
}

/** Full n×n density matrix from a reduced vector (entries outside the sectors are zero). */
export function expandDensity(layout: SectorLayout, xr: Float64Array, xi: Float64Array, n: number): ComplexMatrix {
  const { structure, sectors, offsets } = layout;
  const rho = new ComplexMatrix(n, n);
  sectors.forEach(({ a, b }, p) => {
    const ma = structure.members[a], mb = structure.members[b];
    const na = ma.length;
    for (let j = 0; j < mb.length; j++) {
      for (let i = 0; i < na; i++) {
        const g = ma[i] * n + mb[j];
        rho.re[g] = xr[offsets[p] + i + j * na];
        rho.im[g] = xi[offsets[p] + i + j * na];
      }
    }
  });
  return rho;
}

/**
 * Weight vector w with Tr(O ρ) = Σ_x w_x · x_x (no conjugation) for reduced
 * states x: w at (sector (a,b), i, j) = O[member_b[j], member_a[i]].
 */
export function observableWeights(layout: SectorLayout, o: Operator): { re: Float64Array; im: Float64Array } {
  const { structure, sectors, offsets } = layout;
  const os = toSparse(o);
  const re = new Float64Array(layout.dimension), im = new Float64Array(layout.dimension);
  const { blockOf, localIndex } = structure;
  // Iterate over the stored entries O[g1, g2] and place each in sector (block(g2), block(g1)).
  for (let g1 = 0; g1 < os.rows; g1++) {
    for (let k = os.rowPtr[g1]; k < os.rowPtr[g1 + 1]; k++) {
      const g2 = os.colIndex[k];
      const p = layout.sectorIndex(blockOf[g2], blockOf[g1]);
      if (p < 0) continue;
      const na = structure.members[sectors[p].a].length;
      const x = offsets[p] + localIndex[g2] + localIndex[g1] * na;
      re[x] += os.re[k];
      im[x] += os.im[k];
    }
  }
  return { re, im };
}

/** Weights of the trace functional: Tr ρ = Σ_x t_x x_x. */
export function traceWeights(layout: SectorLayout): Float64Array {
  const { structure, sectors, offsets } = layout;
  const t = new Float64Array(layout.dimension);
  sectors.forEach(({ a, b }, p) => {
    if (a !== b) return;
    const na = structure.members[a].length;
    for (let i = 0; i < na; i++) t[offsets[p] + i + i * na] = 1;
  });
  return t;
}
