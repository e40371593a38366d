/**
 * Quantum-jump (Monte Carlo wave-function) trajectories by the waiting-time
 * method (Dalibard, Castin & Mølmer 1992; Plenio & Knight 1998):
 *
 *  1. draw r ∈ (0, 1);
 *  2. evolve |ψ̃(t)⟩ under H_eff = H − (i/2) Σ_k C_k†C_k until ‖ψ̃‖² = r;
 *  3. jump: pick k with probability ‖C_k ψ̃‖² / Σ_j ‖C_j ψ̃‖²,
 *     ψ ← C_k ψ̃ / ‖C_k ψ̃‖, and return to 1.
 * Expectation values at output times are ⟨ψ̃|O|ψ̃⟩/⟨ψ̃|ψ̃⟩.
 *
 * Between jumps the evolution is exact: H_eff is block diagonal (blocks.ts),
 * and each block visited is diagonalized once, H_eff,b = V Λ V⁻¹, so that
 * ψ̃_b(τ + s) = V e^{−iΛ s} V⁻¹ ψ̃_b(τ) costs O(n_b²) at any s. Blocks whose
 * eigenvectors are ill conditioned (near an exceptional point, or defective as
 * in one-way chains) use Krylov exp(−iH_eff s)·ψ instead. The jump time is the root of ln‖ψ̃(s)‖² = ln r,
 * a monotone function (jump-time.ts).
 *
 * This module has no worker or I/O dependencies: it runs in a worker thread,
 * in the main thread and in the browser.
 */
import { ComplexMatrix, matvecInto, norm1 } from '../linalg/dense.js';
import { SparseMatrix, spmvInto } from '../linalg/sparse.js';
import { eig } from '../linalg/eigen-general.js';
import { inverse } from '../linalg/lu.js';
import { expmv } from '../linalg/krylov-expm.js';
import { expm } from '../linalg/expm.js';
import { seededStream, uniformOpen, type JumpableRandomGenerator } from './random.js';
import { effectiveHamiltonian } from './sector-liouvillian.js';
import { findBlocks, type BlockStructure } from './blocks.js';
import { findJumpTime } from './jump-time.js';

/** Plain-data description of a trajectory problem (structured-clone safe, for workers). */
export interface JumpProblemData {
  n: number;
  h: SparseData;
  cOps: SparseData[];
  eOps: SparseData[];
  psi0: { re: Float64Array; im: Float64Array };
  times: Float64Array;
  seed: number;
  /** Declared conserved quantum numbers (optional starting partition of the blocks). */
  quantumNumbers?: Float64Array;
}

export interface SparseData {
  rows: number;
  cols: number;
  rowPtr: Int32Array;
  colIndex: Int32Array;
  re: Float64Array;
  im: Float64Array;
}

export function sparseToData(m: SparseMatrix): SparseData {
  return { rows: m.rows, cols: m.cols, rowPtr: m.rowPtr, colIndex: m.colIndex, re: m.re, im: m.im };
}

export function sparseFromData(d: SparseData): SparseMatrix {
  return new SparseMatrix(d.rows, d.cols, d.rowPtr, d.colIndex, d.re, d.im);
}

/** Largest κ₁(V) for which a block is propagated through its eigenvectors. */
const EIGEN_CONDITION_LIMIT = 1e8;

/**
 * Largest block diagonalized densely; larger blocks use sparse Krylov
 * propagation (a dense eig costs ~25 m³ once, a Krylov evaluation ~40 nnz).
 */
export const EIGEN_BLOCK_LIMIT = 256;

/** Propagation of one block of H_eff from the start of the current no-jump segment. */
interface BlockPropagator {
  /** Set the segment's initial local state. */
  start(psiR: Float64Array, psiI: Float64Array): void;
  /** Local state at time s after the segment start. */
  at(s: number, outR: Float64Array, outI: Float64Array): void;
}

class EigenBlockPropagator implements BlockPropagator {
  private readonly cR: Float64Array;
  private readonly cI: Float64Array;
  private readonly eR: Float64Array;
  private readonly eI: Float64Array;
  constructor(private readonly v: ComplexMatrix, private readonly vinv: ComplexMatrix, private readonly muR: Float64Array, private readonly muI: Float64Array) {
    const n = v.rows;
    this.cR = new Float64Array(n);
    this.cI = new Float64Array(n);
    this.eR = new Float64Array(n);
    this.eI = new Float64Array(n);
  }
  start(psiR: Float64Array, psiI: Float64Array): void {
    matvecInto(this.vinv, psiR, psiI, this.cR, this.cI);
  }
  at(s: number, outR: Float64Array, outI: Float64Array): void {
    const n = this.cR.length;
    // e^{−iμ s} with μ = μR + iμI: magnitude e^{μI s}, phase −μR s.
    for (let m = 0; m < n; m++) {
      const mag = Math.exp(this.muI[m] * s);
      const ph = -this.muR[m] * s;
      const er = mag * Math.cos(ph), ei = mag * Math.sin(ph);
      const cr = this.cR[m], ci = this.cI[m];
      this.eR[m] = er * cr - ei * ci;
      this.eI[m] = er * ci + ei * cr;
    }
    matvecInto(this.v, this.eR, this.eI, outR, outI);
  }
}

/**
 * Fallback for blocks whose eigenvectors are ill conditioned (defective H_eff,
 * e.g. one-way chains or exceptional points): Krylov exp(−i H_eff s)·ψ
 * (Expokit-style error control), restarting from the latest evaluated point
 * when s moves forward, so a scan over increasing times costs one short
 * propagation per step instead of a dense matrix exponential per call.
 */
class KrylovBlockPropagator implements BlockPropagator {
  private readonly startR: Float64Array;
  private readonly startI: Float64Array;
  private readonly lastR: Float64Array;
  private readonly lastI: Float64Array;
  private lastS = 0;
  private readonly apply: (xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array) => void;
  private readonly generator: SparseMatrix;
  /** Dense exp(−i H_eff Δ) for forward steps Δ that recur (the output spacing), built on the third use. */
  private readonly stepPropagators = new Map<string, ComplexMatrix>();
  private readonly stepUses = new Map<string, number>();
  constructor(heff: SparseMatrix) {
    const n = heff.rows;
    this.startR = new Float64Array(n);
    this.startI = new Float64Array(n);
    this.lastR = new Float64Array(n);
    this.lastI = new Float64Array(n);
    // Generator −i H_eff: (a + ib)(−i) = b − i a; applied sparse.
    const g = new SparseMatrix(n, n, heff.rowPtr, heff.colIndex, heff.im.slice(0, heff.nnz), heff.re.slice(0, heff.nnz).map((a) => -a));
    this.generator = g;
    this.apply = (xr, xi, yr, yi) => spmvInto(g, xr, xi, yr, yi);
  }
  start(psiR: Float64Array, psiI: Float64Array): void {
    this.startR.set(psiR);
    this.startI.set(psiI);
    this.lastR.set(psiR);
    this.lastI.set(psiI);
    this.lastS = 0;
  }
  at(s: number, outR: Float64Array, outI: Float64Array): void {
    const fromLast = s >= this.lastS;
    const dt = fromLast ? s - this.lastS : s;
    const inR = fromLast ? this.lastR : this.startR, inI = fromLast ? this.lastI : this.startI;
    let cached: ComplexMatrix | null;
    if (dt === 0) {
      outR.set(inR);
      outI.set(inI);
    } else if ((cached = this.cachedStep(dt))) {
      matvecInto(cached, inR, inI, outR, outI);
    } else {
      const r = expmv(this.apply, this.startR.length, dt, inR, inI, { tol: 1e-13 });
      outR.set(r.wr);
      outI.set(r.wi);
    }
    this.lastR.set(outR);
    this.lastI.set(outI);
    this.lastS = s;
  }
  /**
   * The dense step propagator for dt, if dt recurs (output grids do) and the block is small
   * enough for a dense exponential (≤ EIGEN_BLOCK_LIMIT states); at most 4 are kept.
   */
  private cachedStep(dt: number): ComplexMatrix | null {
    if (this.generator.rows > EIGEN_BLOCK_LIMIT) return null;
    const key = dt.toPrecision(13);
    const known = this.stepPropagators.get(key);
    if (known) return known;
    const uses = (this.stepUses.get(key) ?? 0) + 1;
    if (this.stepUses.size > 256) this.stepUses.clear(); // jump-dependent steps never recur; keep the map small
    this.stepUses.set(key, uses);
    if (uses < 3 || this.stepPropagators.size >= 4) return null;
    const d = this.generator.toDense();
    for (let k = 0; k < d.re.length; k++) { d.re[k] *= dt; d.im[k] *= dt; }
    const p = expm(d);
    this.stepPropagators.set(key, p);
    return p;
  }
}

export { uniformOpen } from './random.js';

/** Sums over a group of trajectories: Σx and Σx² of Re and Im of each ⟨O_k⟩(t_i). */
export interface TrajectorySums {
  count: number;
  jumps: number;
  /** [k][i] flattened as k * nt + i. */
  sumRe: Float64Array;
  sumIm: Float64Array;
  sumSqRe: Float64Array;
  sumSqIm: Float64Array;
}

export function emptySums(nE: number, nt: number): TrajectorySums {
  return { count: 0, jumps: 0, sumRe: new Float64Array(nE * nt), sumIm: new Float64Array(nE * nt), sumSqRe: new Float64Array(nE * nt), sumSqIm: new Float64Array(nE * nt) };
}

/** Add `b` into `a` (element order fixed, so results do not depend on grouping of whole chunks). */
export function addSums(a: TrajectorySums, b: TrajectorySums): void {
  a.count += b.count;
  a.jumps += b.jumps;
  for (let x = 0; x < a.sumRe.length; x++) {
    a.sumRe[x] += b.sumRe[x];
    a.sumIm[x] += b.sumIm[x];
    a.sumSqRe[x] += b.sumSqRe[x];
    a.sumSqIm[x] += b.sumSqIm[x];
  }
}

/**
 * Everything shared by the trajectories of one problem: operators, block
 * structure, and (lazily) the propagator of each block visited.
 */
export class JumpSimulator {
  readonly n: number;
  readonly h: SparseMatrix;
  readonly cOps: SparseMatrix[];
  readonly eOps: SparseMatrix[];
  readonly times: Float64Array;
  readonly structure: BlockStructure;
  private readonly heff: SparseMatrix;
  private readonly propagators: (BlockPropagator | null)[];
  private readonly psi0R: Float64Array;
  private readonly psi0I: Float64Array;
  private readonly seed: number;
  // Work buffers (full space and per-block).
  private readonly segR: Float64Array;
  private readonly segI: Float64Array;
  private readonly curR: Float64Array;
  private readonly curI: Float64Array;
  private readonly tmpR: Float64Array;
  private readonly tmpI: Float64Array;
  private readonly locInR: Float64Array;
  private readonly locInI: Float64Array;
  private readonly locOutR: Float64Array;
  private readonly locOutI: Float64Array;
  private readonly occupied: Uint8Array;
  private occupiedList: number[] = [];
  /** Number of blocks diagonalized and of blocks on the Krylov fallback. */
  eigenBlocks = 0;
  krylovBlocks = 0;

  constructor(data: JumpProblemData) {
    this.n = data.n;
    this.h = sparseFromData(data.h);
    this.cOps = data.cOps.map(sparseFromData);
    this.eOps = data.eOps.map(sparseFromData);
    this.times = data.times;
    this.seed = data.seed;
    this.psi0R = data.psi0.re;
    this.psi0I = data.psi0.im;
    this.structure = findBlocks([this.h], this.cOps, data.quantumNumbers);
    this.heff = effectiveHamiltonian(this.h, this.cOps);
    this.propagators = new Array(this.structure.count).fill(null);
    const n = this.n;
    let maxBlock = 0;
    for (const m of this.structure.members) maxBlock = Math.max(maxBlock, m.length);
    this.segR = new Float64Array(n); this.segI = new Float64Array(n);
    this.curR = new Float64Array(n); this.curI = new Float64Array(n);
    this.tmpR = new Float64Array(n); this.tmpI = new Float64Array(n);
    this.locInR = new Float64Array(maxBlock); this.locInI = new Float64Array(maxBlock);
    this.locOutR = new Float64Array(maxBlock); this.locOutI = new Float64Array(maxBlock);
    this.occupied = new Uint8Array(this.structure.count);
  }

  private propagator(b: number): BlockPropagator {
    let p = this.propagators[b];
    if (p) return p;
    const members = this.structure.members[b];
    const nb = members.length;
    const { localIndex } = this.structure;
    // Local block of H_eff in triplet form (used sparse by Krylov, dense by eig).
    const rows: number[] = [], cols: number[] = [], re: number[] = [], im: number[] = [];
    for (const g of members) {
      for (let k = this.heff.rowPtr[g]; k < this.heff.rowPtr[g + 1]; k++) {
        rows.push(localIndex[g]);
        cols.push(localIndex[this.heff.colIndex[k]]);
        re.push(this.heff.re[k]);
        im.push(this.heff.im[k]);
      }
    }
    const sparseLocal = SparseMatrix.fromTriplets(nb, nb, rows, cols, re, im);
    if (nb <= EIGEN_BLOCK_LIMIT) {
      const { values, vectors } = eig(sparseLocal.toDense(), { vectors: true });
      const v = vectors!;
      let vinv: ComplexMatrix | null = null;
      try {
        vinv = inverse(v);
      } catch {
        vinv = null;
      }
      if (vinv && norm1(v) * norm1(vinv) <= EIGEN_CONDITION_LIMIT) {
        p = new EigenBlockPropagator(v, vinv, values.re, values.im);
        this.eigenBlocks++;
      }
    }
    if (!p) {
      p = new KrylovBlockPropagator(sparseLocal);
      this.krylovBlocks++;
    }
    this.propagators[b] = p;
    return p;
  }

  /** Start a no-jump segment from the full-space state (segR, segI). */
  private startSegment(): void {
    const { members, count } = this.structure;
    this.occupiedList = [];
    for (let b = 0; b < count; b++) {
      const m = members[b];
      let any = false;
      for (let x = 0; x < m.length; x++) {
        const r = this.segR[m[x]], i = this.segI[m[x]];
        this.locInR[x] = r;
        this.locInI[x] = i;
        if (r !== 0 || i !== 0) any = true;
      }
      this.occupied[b] = any ? 1 : 0;
      if (!any) continue;
      this.occupiedList.push(b);
      this.propagator(b).start(this.locInR.subarray(0, m.length), this.locInI.subarray(0, m.length));
    }
  }

  /** (curR, curI) ← ψ̃(τ + s); returns ‖ψ̃‖². Entries outside occupied blocks are zero. */
  private evaluate(s: number): number {
    this.curR.fill(0);
    this.curI.fill(0);
    let norm2 = 0;
    for (const b of this.occupiedList) {
      const m = this.structure.members[b];
      const outR = this.locOutR.subarray(0, m.length), outI = this.locOutI.subarray(0, m.length);
      this.propagators[b]!.at(s, outR, outI);
      for (let x = 0; x < m.length; x++) {
        this.curR[m[x]] = outR[x];
        this.curI[m[x]] = outI[x];
        norm2 += outR[x] * outR[x] + outI[x] * outI[x];
      }
    }
    return norm2;
  }

  /** Random stream of trajectory k: the base stream jumped k times. */
  streamFor(k: number): JumpableRandomGenerator {
    const g = seededStream(this.seed);
    for (let j = 0; j < k; j++) g.jump();
    return g;
  }

  /**
   * Run trajectories first … first+count−1 and return their sums. `stream`
   * must be the stream of trajectory `first`; it is advanced (jumped) as the
   * trajectories go.
   */
  runTrajectories(first: number, count: number, stream?: JumpableRandomGenerator): TrajectorySums {
    const nt = this.times.length, nE = this.eOps.length;
    const sums = emptySums(nE, nt);
    const base = stream ?? this.streamFor(first);
    for (let t = 0; t < count; t++) {
      const rng = base.clone();
      sums.jumps += this.runOne(rng, sums);
      sums.count++;
      base.jump();
    }
    return sums;
  }

  /** One trajectory; adds ⟨O⟩ and ⟨O⟩² to `sums`; returns the number of jumps. */
  private runOne(rng: JumpableRandomGenerator, sums: TrajectorySums): number {
    const { times, n } = this;
    const nt = times.length;
    this.segR.set(this.psi0R);
    this.segI.set(this.psi0I);
    // Normalize ψ0 (the caller validated it is nonzero).
    let nrm = 0;
    for (let x = 0; x < n; x++) nrm += this.segR[x] * this.segR[x] + this.segI[x] * this.segI[x];
    const inv = 1 / Math.sqrt(nrm);
    for (let x = 0; x < n; x++) { this.segR[x] *= inv; this.segI[x] *= inv; }
    this.startSegment();
    let tau = times[0];
    let r = uniformOpen(rng);
    let jumps = 0;
    let lastNorm = 1; // ‖ψ̃‖² at time `lastTime`
    let lastTime = tau;
    for (let i = 0; i < nt; i++) {
      const ti = times[i];
      for (;;) {
        const norm2 = this.evaluate(ti - tau);
        if (norm2 > r || this.cOps.length === 0) {
          lastNorm = norm2;
          lastTime = ti;
          this.record(i, norm2, sums);
          break;
        }
        // A jump happens in (lastTime, ti]: find t* with ‖ψ̃(t*)‖² = r.
        const tStar = findJumpTime((t) => this.evaluate(t - tau), lastTime, lastNorm, ti, norm2, r);
        const n2 = this.evaluate(tStar - tau);
        this.applyJump(rng, n2);
        jumps++;
        tau = tStar;
        lastTime = tStar;
        lastNorm = 1;
        r = uniformOpen(rng);
        this.startSegment();
        if (this.occupiedList.length === 0) throw new Error('mcsolve: state vanished after a jump');
      }
    }
    return jumps;
  }

  /** Apply a randomly chosen collapse operator to (curR, curI) (unnormalized, norm² n2) into (segR, segI). */
  private applyJump(rng: JumpableRandomGenerator, _n2: number): void {
    const probs = new Float64Array(this.cOps.length);
    let total = 0;
    for (let k = 0; k < this.cOps.length; k++) {
      spmvInto(this.cOps[k], this.curR, this.curI, this.tmpR, this.tmpI);
      let s = 0;
      for (let x = 0; x < this.n; x++) s += this.tmpR[x] * this.tmpR[x] + this.tmpI[x] * this.tmpI[x];
      probs[k] = s;
      total += s;
    }
    if (!(total > 0)) throw new Error('mcsolve: no collapse operator can act on the state at the jump time');
    const u = uniformOpen(rng) * total;
    let k = 0, acc = probs[0];
    while (acc < u && k < probs.length - 1) acc += probs[++k];
    while (probs[k] === 0) k--; // never choose an impossible jump (rounding at the top end)
    spmvInto(this.cOps[k], this.curR, this.curI, this.segR, this.segI);
    const inv = 1 / Math.sqrt(probs[k]);
    for (let x = 0; x < this.n; x++) { this.segR[x] *= inv; this.segI[x] *= inv; }
  }

  private record(i: number, norm2: number, sums: TrajectorySums): void {
    const nt = this.times.length;
    const inv = 1 / norm2;
    for (let k = 0; k < this.eOps.length; k++) {
      spmvInto(this.eOps[k], this.curR, this.curI, this.tmpR, this.tmpI);
      // ⟨ψ|O|ψ⟩ = Σ conj(ψ_x)(Oψ)_x
      let re = 0, im = 0;
      for (let x = 0; x < this.n; x++) {
        re += this.curR[x] * this.tmpR[x] + this.curI[x] * this.tmpI[x];
        im += this.curR[x] * this.tmpI[x] - this.curI[x] * this.tmpR[x];
      }
      re *= inv;
      im *= inv;
      const idx = k * nt + i;
      sums.sumRe[idx] += re;
      sums.sumIm[idx] += im;
      sums.sumSqRe[idx] += re * re;
      sums.sumSqIm[idx] += im * im;
    }
  }
}
