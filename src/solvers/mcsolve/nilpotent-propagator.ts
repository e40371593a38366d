/**
 * Exact no-jump propagation of a block whose effective Hamiltonian is a
 * multiple of the identity plus a nilpotent coupling, H_eff = h·I + N with
 * N^p = 0 (issue 18, lever 5). One-way (cascaded, chiral) chains are of this
 * kind: at γ' = 0 every excitation block has the constant diagonal
 * h = k(ω − iγ/2) and a coupling that only moves excitations downstream, so
 * its graph is acyclic; such blocks are defective (a single Jordan block per
 * chain), an eigendecomposition is useless there, and Krylov evaluations at
 * every step of a jump-time search were most of the run time.
 *
 * Since hI and N commute, exp(−iH_eff s)ψ = e^{−ihs} Σ_{k<p} s^k v_k with
 * v_k = (−iN)^k ψ / k! — a finite sum, exact up to rounding. The v_k are
 * formed once per no-jump segment (p − 1 sparse products, p ≤ the longest
 * path of the coupling graph + 1), after which ψ̃ at any time costs O(p·n_b)
 * (Horner in s), for output steps and jump-time searches alike. Rounding is
 * ~ε·Σ_k s^k‖v_k‖; where that exceeds 1e-6 of ‖ψ̃(s)‖ (large s‖N‖ with
 * cancellation between the terms) the evaluation falls back to Krylov.
 */
import { SparseMatrix, spmvInto } from '../../linalg/sparse.js';
import type { BlockPropagator } from './propagator.js';

const EPS = 2.220446049250313e-16;
/** Largest Σ s^k‖v_k‖ / ‖Σ s^k v_k‖ accepted (≈ digits lost to cancellation: 6). */
const GROWTH_LIMIT = 1e6;

/** H_eff = h·I + N with N nilpotent: N as the generator −iN (sparse, no diagonal), h, and the nilpotency bound p. */
export interface NilpotentSplit {
  /** h = hRe + i·hIm, the common diagonal. */
  hRe: number;
  hIm: number;
  /** −iN (off-diagonal entries of H_eff times −i). */
  generator: SparseMatrix;
  /** p with N^p = 0: 1 + the longest path of the coupling graph. */
  depth: number;
}

/**
 * Whether the block matrix `a` is h·I + N with N nilpotent by structure: all
 * diagonal entries equal to within τ = 8ε·max|a_ij|, and the directed graph
 * of the off-diagonal entries larger than τ acyclic (then N^p = 0 with p − 1
 * its longest path). Entries up to τ are rounding residue — in a cascaded
 * chain the upstream couplings of H and of −(i/2)ΣC†C cancel to ~1e-17
 * relative — and are dropped, a perturbation of H_eff of that size (an error
 * ~τ·s, as rounding). Null otherwise, or when there is no coupling at all
 * (p = 1, diagonal: the eigen route is exact).
 */
export function nilpotentSplit(a: SparseMatrix): NilpotentSplit | null {
  const n = a.rows;
  const { rowPtr, colIndex, re, im } = a;
  let scale = 0;
  for (let k = 0; k < rowPtr[n]; k++) scale = Math.max(scale, Math.abs(re[k]), Math.abs(im[k]));
  const tol = 8 * EPS * scale;
  const coupling = (k: number): boolean => Math.abs(re[k]) > tol || Math.abs(im[k]) > tol;
  const dRe = new Float64Array(n), dIm = new Float64Array(n);
  let offCount = 0;
  for (let i = 0; i < n; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      if (colIndex[k] === i) {
        dRe[i] += re[k];
        dIm[i] += im[k];
      } else if (coupling(k)) offCount++;
    }
  }
  if (n === 0 || offCount === 0) return null;
  const hRe = dRe[0], hIm = dIm[0];
  for (let i = 1; i < n; i++) if (Math.abs(dRe[i] - hRe) > tol || Math.abs(dIm[i] - hIm) > tol) return null;
  // Kahn's algorithm on edges j → i for each entry (i, j), i ≠ j: (N x)_i reads x_j.
  const indeg = new Int32Array(n);
  const outPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = colIndex[k];
      if (j !== i && coupling(k)) {
        indeg[i]++;
        outPtr[j + 1]++;
      }
    }
  }
  for (let j = 0; j < n; j++) outPtr[j + 1] += outPtr[j];
  const outTo = new Int32Array(offCount), fill = outPtr.slice(0, n);
  const gPtr = new Int32Array(n + 1), gCol = new Int32Array(offCount), gRe = new Float64Array(offCount), gIm = new Float64Array(offCount);
  let g = 0;
  for (let i = 0; i < n; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = colIndex[k];
      if (j === i || !coupling(k)) continue;
      outTo[fill[j]++] = i;
      // −i(a + ib) = b − ia
      gCol[g] = j;
      gRe[g] = im[k];
      gIm[g] = -re[k];
      g++;
    }
    gPtr[i + 1] = g;
  }
  const queue = new Int32Array(n), level = new Int32Array(n);
  let head = 0, tail = 0, longest = 0;
  for (let i = 0; i < n; i++) if (indeg[i] === 0) queue[tail++] = i;
  while (head < tail) {
    const j = queue[head++];
    for (let t = outPtr[j]; t < outPtr[j + 1]; t++) {
      const i = outTo[t];
      if (level[j] + 1 > level[i]) level[i] = level[j] + 1;
      if (level[i] > longest) longest = level[i];
      if (--indeg[i] === 0) queue[tail++] = i;
    }
  }
  if (tail < n) return null; // a cycle: not nilpotent by structure
  return { hRe, hIm, generator: new SparseMatrix(n, n, gPtr, gCol, gRe, gIm), depth: longest + 1 };
}

/**
 * The propagator of a block with H_eff = h·I + N (see the module comment);
 * `fallback` makes a general propagator of the same block for the rare
 * evaluations where the finite sum would lose more than 6 digits.
 */
export class NilpotentBlockPropagator implements BlockPropagator {
  readonly kind = 'nilpotent';
  private readonly vR: Float64Array[] = [];
  private readonly vI: Float64Array[] = [];
  private readonly vNorm: Float64Array;
  /** Number of nonzero terms v_0…v_{count−1} of the current segment. */
  private count = 0;
  private fallbackPropagator: BlockPropagator | null = null;
  private fallbackStarted = false;
  constructor(private readonly split: NilpotentSplit, private readonly fallback: () => BlockPropagator) {
    const n = split.generator.rows;
    for (let k = 0; k < split.depth; k++) {
      this.vR.push(new Float64Array(n));
      this.vI.push(new Float64Array(n));
    }
    this.vNorm = new Float64Array(split.depth);
  }
  start(psiR: Float64Array, psiI: Float64Array): void {
    const { vR, vI, vNorm } = this;
    const n = psiR.length;
    vR[0].set(psiR);
    vI[0].set(psiI);
    vNorm[0] = norm(psiR, psiI);
    let count = 1;
    for (let k = 1; k < this.split.depth; k++) {
      spmvInto(this.split.generator, vR[k - 1], vI[k - 1], vR[k], vI[k]);
      const inv = 1 / k;
      const r = vR[k], i = vI[k];
      for (let x = 0; x < n; x++) {
        r[x] *= inv;
        i[x] *= inv;
      }
      vNorm[k] = norm(r, i);
      if (vNorm[k] === 0) break;
      count = k + 1;
    }
    this.count = count;
    this.fallbackStarted = false;
  }
  at(s: number, outR: Float64Array, outI: Float64Array): void {
    const { vR, vI, vNorm, count } = this;
    const n = outR.length;
    // Horner: Σ_k s^k v_k, and the bound Σ_k s^k ‖v_k‖ of its terms.
    outR.set(vR[count - 1]);
    outI.set(vI[count - 1]);
    let growth = vNorm[count - 1];
    for (let k = count - 2; k >= 0; k--) {
      const r = vR[k], i = vI[k];
      for (let x = 0; x < n; x++) {
        outR[x] = outR[x] * s + r[x];
        outI[x] = outI[x] * s + i[x];
      }
      growth = growth * s + vNorm[k];
    }
    if (growth > GROWTH_LIMIT * norm(outR, outI)) {
      this.evaluateByFallback(s, outR, outI);
      return;
    }
    // e^{−ihs} = e^{hIm·s} (cos(hRe·s) − i sin(hRe·s)).
    const mag = Math.exp(this.split.hIm * s), ph = -this.split.hRe * s;
    const er = mag * Math.cos(ph), ei = mag * Math.sin(ph);
    for (let x = 0; x < n; x++) {
      const a = outR[x], b = outI[x];
      outR[x] = er * a - ei * b;
      outI[x] = er * b + ei * a;
    }
  }
  private evaluateByFallback(s: number, outR: Float64Array, outI: Float64Array): void {
    const f = (this.fallbackPropagator ??= this.fallback());
    if (!this.fallbackStarted) {
      f.start(this.vR[0], this.vI[0]);
      this.fallbackStarted = true;
    }
    f.at(s, outR, outI);
  }
}

function norm(re: Float64Array, im: Float64Array): number {
  let s = 0;
  for (let x = 0; x < re.length; x++) s += re[x] * re[x] + im[x] * im[x];
  return Math.sqrt(s);
}
