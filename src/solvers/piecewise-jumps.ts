/**
 * Block-local quantum-jump trajectories with a piecewise-constant Hamiltonian.
 *
 * Waiting-time Monte Carlo wave functions (Dalibard, Castin & Mølmer 1992;
 * Plenio & Knight 1998) specialised to problems whose Hamiltonian(s) and
 * collapse operators respect a block partition (blocks.ts) and whose initial
 * states are drawn from basis states (or lie in one block): every collapse
 * operator maps a block into a single block, so a trajectory that starts in one
 * block stays in exactly one block forever. The state is then stored only as
 * its local vector in the current block (at most a few hundred entries even
 * when the Hilbert space has 10⁴–10⁵ states), and nothing of full-space size
 * is touched per step. This is what makes 12⁴-dimensional dressed chains
 * (seed 000) cost milliseconds per jump.
 *
 * Between jumps the evolution is exact: for each (Hamiltonian piece, block)
 * visited, H_eff = H_p − (i/2) Σ C_k†C_k restricted to the block is
 * diagonalized once, V Λ V⁻¹, and cached, so ψ̃(τ + s) = V e^{−iΛs} V⁻¹ ψ̃(τ)
 * at any s (blocks with κ₁(V) > 10⁸ use the dense exponential instead). A
 * time-dependent field enters as a schedule of constant pieces: at a piece
 * boundary the unnormalized ψ̃ is carried over unchanged (continuous, since the
 * generator is bounded), so ‖ψ̃‖² keeps decreasing monotonically and the jump
 * time is still the root of ln‖ψ̃‖² = ln r, found by Illinois regula falsi.
 *
 * Initial states: a ket lying in a single block, or a product distribution
 * over basis states (one probability vector per tensor factor) sampled per
 * trajectory — an exact unravelling of a diagonal product ρ0 such as
 * maximally mixed electrons and partially polarized nuclei.
 *
 * Reproducibility: trajectory k draws from the xoroshiro128+ stream of the seed
 * jumped k times (as mcsolve); the initial sample comes first from that stream.
 */
import { findJumpTime } from './jump-time.js';
import { ComplexMatrix, matvecInto, norm1 } from '../linalg/dense.js';
import type { SparseMatrix } from '../linalg/sparse.js';
import { eig } from '../linalg/eigen-general.js';
import { inverse } from '../linalg/lu.js';
import { expm } from '../linalg/expm.js';
import { seededStream, type JumpableRandomGenerator } from './random.js';
import { effectiveHamiltonian } from './sector-liouvillian.js';
import { findBlocks, type BlockStructure } from './blocks.js';
import { addSums, emptySums, uniformOpen, type SparseData, type TrajectorySums } from './jump-trajectory.js';

/** The piece of the Hamiltonian active from time t until `until` (exclusive). */
export interface PieceInterval {
  piece: number;
  until: number;
}

/**
 * Initial state: a ket in one block, or a product distribution over basis states.
 * With `states`, the sampled basis index k is replaced by the ket whose amplitudes
 * are row k of `states` (CSR data; row k = column k of a basis change U, i.e. Uᵀ),
 * e.g. lab product states → dressed product states; each such ket must lie in one block.
 */
export type PiecewiseInitialState =
  | { ket: { re: Float64Array; im: Float64Array } }
  | { product: { dims: readonly number[]; probabilities: readonly (readonly number[])[]; states?: SparseData } };

export interface PiecewiseJumpProblem {
  /** Distinct Hamiltonians (rad/s), all n × n. With no schedule, piece 0 is used throughout. */
  hamiltonians: readonly SparseMatrix[];
  /** Collapse operators (s^-1/2). */
  cOps: readonly SparseMatrix[];
  /** Observables; for a state in one block only their block-diagonal part contributes. */
  eOps: readonly SparseMatrix[];
  /** Output times (s), strictly increasing; times[0] is the time of the initial state. */
  times: ArrayLike<number>;
  /** Piece active at time t and the end of its interval; must return until > t. */
  schedule?: (t: number) => PieceInterval;
  /**
   * The same as data: pieces 0 … segments−1 of equal length cycling with `period` from t0
   * (`periodicSchedule`). Unlike a function it can be sent to worker threads.
   */
  periodic?: { t0: number; period: number; segments: number };
  /** Optional declared quantum numbers (starting block partition). */
  quantumNumbers?: ArrayLike<number>;
}

export interface PiecewiseJumpOptions {
  ntraj: number;
  seed: number;
  initial: PiecewiseInitialState;
  /** Keep every trajectory's real ⟨O_k⟩(t) (for single-trajectory plots). */
  keepTrajectories?: boolean;
  /** Called after each trajectory with the fraction done. */
  progress?: (fraction: number) => void;
  /** Checked between trajectories; an aborted signal throws. */
  signal?: AbortSignal;
}

export interface PiecewiseJumpResult {
  times: Float64Array;
  /** Means of Re⟨O_k⟩ and their standard errors. */
  mean: Float64Array[];
  stdErr: Float64Array[];
  /** trajectories[j][k][i] when keepTrajectories. */
  trajectories?: Float64Array[][];
  /** Jumps per collapse operator, summed over trajectories. */
  jumpCounts: Float64Array;
  stats: {
    method: string;
    wallTimeMs: number;
    jumps: number;
    /** Single-thread runs only (the workers' simulators are not reported). */
    blocks?: number;
    largestBlock?: number;
    propagatorsBuilt?: number;
    expmFallbacks?: number;
    eigenTimeMs?: number;
    [key: string]: unknown;
  };
}

const EIGEN_CONDITION_LIMIT = 1e8;

/** Exact propagation of one block of one piece from a segment start. */
interface LocalPropagator {
  start(psiR: Float64Array, psiI: Float64Array): void;
  /** ψ̃(s) into out; returns ‖ψ̃(s)‖². */
  at(s: number, outR: Float64Array, outI: Float64Array): number;
}

class EigenLocal implements LocalPropagator {
  private readonly cR: Float64Array; private readonly cI: Float64Array;
  private readonly eR: Float64Array; private readonly eI: Float64Array;
  constructor(private readonly v: ComplexMatrix, private readonly vinv: ComplexMatrix, private readonly muR: Float64Array, private readonly muI: Float64Array) {
    const n = v.rows;
    this.cR = new Float64Array(n); this.cI = new Float64Array(n);
    this.eR = new Float64Array(n); this.eI = new Float64Array(n);
  }
  start(psiR: Float64Array, psiI: Float64Array): void {
    matvecInto(this.vinv, psiR, psiI, this.cR, this.cI);
  }
  at(s: number, outR: Float64Array, outI: Float64Array): number {
    const n = this.cR.length;
    for (let m = 0; m < n; m++) {
      const mag = Math.exp(this.muI[m] * s), ph = -this.muR[m] * s;
      const er = mag * Math.cos(ph), ei = mag * Math.sin(ph);
      const cr = this.cR[m], ci = this.cI[m];
      this.eR[m] = er * cr - ei * ci;
      this.eI[m] = er * ci + ei * cr;
    }
    matvecInto(this.v, this.eR, this.eI, outR, outI);
    let n2 = 0;
    for (let x = 0; x < n; x++) n2 += outR[x] * outR[x] + outI[x] * outI[x];
    return n2;
  }
}

class ExpmLocal implements LocalPropagator {
  private readonly sR: Float64Array; private readonly sI: Float64Array;
  constructor(private readonly heff: ComplexMatrix) {
    this.sR = new Float64Array(heff.rows); this.sI = new Float64Array(heff.rows);
  }
  start(psiR: Float64Array, psiI: Float64Array): void {
    this.sR.set(psiR); this.sI.set(psiI);
  }
  at(s: number, outR: Float64Array, outI: Float64Array): number {
    const m = new ComplexMatrix(this.heff.rows, this.heff.cols, this.heff.im.map((b) => b * s), this.heff.re.map((a) => -a * s));
    matvecInto(expm(m), this.sR, this.sI, outR, outI);
    let n2 = 0;
    for (let x = 0; x < outR.length; x++) n2 += outR[x] * outR[x] + outI[x] * outI[x];
    return n2;
  }
}

/** Local action of collapse operator k from block b into block π_k(b). */
interface LocalJump {
  target: number;
  rows: Int32Array;
  cols: Int32Array;
  re: Float64Array;
  im: Float64Array;
}

/**
 * Shared state of all trajectories of one problem: block structure, cached
 * propagators per (piece, block) and local jump operators.
 */
export class PiecewiseJumpSimulator {
  readonly n: number;
  readonly structure: BlockStructure;
  readonly times: Float64Array;
  /** H_eff of the most recent piece only: it is needed just while that piece's block propagators are built (a cache per piece held a full sparse matrix for each of thousands of sweep pieces). */
  private lastHeff: { piece: number; h: SparseMatrix } | null = null;
  private readonly props = new Map<number, LocalPropagator>();
  private readonly jumps = new Map<number, LocalJump | null>();
  private readonly schedule: (t: number) => PieceInterval;
  private readonly maxBlock: number;
  propagatorsBuilt = 0;
  expmFallbacks = 0;
  eigenTimeMs = 0;

  constructor(readonly problem: PiecewiseJumpProblem) {
    const hs = problem.hamiltonians;
    if (hs.length === 0) throw new RangeError('hamiltonians: at least one is required');
    this.n = hs[0].rows;
    for (const [i, h] of hs.entries()) if (h.rows !== this.n || h.cols !== this.n) throw new RangeError(`hamiltonians[${i}]: expected ${this.n}x${this.n}, got ${h.rows}x${h.cols}`);
    for (const [i, c] of problem.cOps.entries()) if (c.rows !== this.n || c.cols !== this.n) throw new RangeError(`cOps[${i}]: expected ${this.n}x${this.n}, got ${c.rows}x${c.cols}`);
    for (const [i, o] of problem.eOps.entries()) if (o.rows !== this.n || o.cols !== this.n) throw new RangeError(`eOps[${i}]: expected ${this.n}x${this.n}, got ${o.rows}x${o.cols}`);
    const t = Float64Array.from(problem.times);
    if (t.length === 0) throw new RangeError('times: at least one output time is required');
    for (let i = 0; i < t.length; i++) {
      if (!Number.isFinite(t[i])) throw new RangeError(`times[${i}]: not a finite number`);
      if (i > 0 && !(t[i] > t[i - 1])) throw new RangeError(`times[${i}]: times must increase strictly`);
    }
    this.times = t;
    this.structure = findBlocks(hs, problem.cOps, problem.quantumNumbers);
    this.schedule = problem.schedule
      ?? (problem.periodic ? periodicSchedule(problem.periodic.t0, problem.periodic.period, problem.periodic.segments) : () => ({ piece: 0, until: Infinity }));
    let mb = 0;
    for (const m of this.structure.members) mb = Math.max(mb, m.length);
    this.maxBlock = mb;
  }

  get largestBlock(): number {
    return this.maxBlock;
  }

  private heff(piece: number): SparseMatrix {
    const count = this.problem.hamiltonians.length;
    if (!(piece >= 0 && piece < count) || !Number.isInteger(piece)) throw new RangeError(`schedule: piece ${piece} outside 0..${count - 1}`);
    if (this.lastHeff?.piece !== piece) this.lastHeff = { piece, h: effectiveHamiltonian(this.problem.hamiltonians[piece], this.problem.cOps) };
    return this.lastHeff.h;
  }

  /** Dense H_eff of block b for piece p (rad/s). */
  blockMatrix(piece: number, b: number): ComplexMatrix {
    const heff = this.heff(piece);
    const members = this.structure.members[b];
    const nb = members.length;
    const local = new ComplexMatrix(nb, nb);
    const { localIndex, blockOf } = this.structure;
    for (const g of members) {
      for (let k = heff.rowPtr[g]; k < heff.rowPtr[g + 1]; k++) {
        const c = heff.colIndex[k];
        if (blockOf[c] !== b) throw new Error('piecewise-jumps: H_eff couples two blocks (inconsistent block structure)');
        const idx = localIndex[g] * nb + localIndex[c];
        local.re[idx] = heff.re[k];
        local.im[idx] = heff.im[k];
      }
    }
    return local;
  }

  private propagator(piece: number, b: number): LocalPropagator {
    const key = piece * this.structure.count + b;
    let p = this.props.get(key);
    if (p) return p;
    const t0 = performance.now();
    const local = this.blockMatrix(piece, b);
    const { values, vectors } = eig(local, { vectors: true });
    let vinv: ComplexMatrix | null = null;
    try {
      vinv = inverse(vectors!);
    } catch {
      vinv = null;
    }
    if (vinv && norm1(vectors!) * norm1(vinv) <= EIGEN_CONDITION_LIMIT) p = new EigenLocal(vectors!, vinv, values.re, values.im);
    else {
      p = new ExpmLocal(local);
      this.expmFallbacks++;
    }
    this.propagatorsBuilt++;
    this.eigenTimeMs += performance.now() - t0;
    this.props.set(key, p);
    return p;
  }

  private localJump(k: number, b: number): LocalJump | null {
    const key = k * this.structure.count + b;
    if (this.jumps.has(key)) return this.jumps.get(key)!;
    const target = this.structure.jumpTarget[k][b];
    let j: LocalJump | null = null;
    if (target >= 0) {
      const c = this.problem.cOps[k];
      const { members, localIndex, blockOf } = this.structure;
      const rows: number[] = [], cols: number[] = [], re: number[] = [], im: number[] = [];
      for (const r of members[target]) {
        for (let q = c.rowPtr[r]; q < c.rowPtr[r + 1]; q++) {
          const col = c.colIndex[q];
          if (blockOf[col] !== b || (c.re[q] === 0 && c.im[q] === 0)) continue;
          rows.push(localIndex[r]); cols.push(localIndex[col]); re.push(c.re[q]); im.push(c.im[q]);
        }
      }
      j = { target, rows: Int32Array.from(rows), cols: Int32Array.from(cols), re: Float64Array.from(re), im: Float64Array.from(im) };
    }
    this.jumps.set(key, j);
    return j;
  }

  /** Random stream of trajectory k: the base stream jumped k times. */
  static streamFor(seed: number, k: number): JumpableRandomGenerator {
    const g = seededStream(seed);
    for (let j = 0; j < k; j++) g.jump();
    return g;
  }

  private allIndices: Int32Array | null = null;

  /** Block and normalized local vector of the sparse ket (indices, re, im); `what` names it in errors. */
  private localKet(indices: ArrayLike<number>, re: ArrayLike<number>, im: ArrayLike<number>, what: string): { b: number; re: Float64Array; im: Float64Array } {
    const { blockOf, members, localIndex } = this.structure;
    let b = -1, n2 = 0;
    for (let k = 0; k < indices.length; k++) {
      if (re[k] === 0 && im[k] === 0) continue;
      const x = indices[k];
      if (b < 0) b = blockOf[x];
      else if (blockOf[x] !== b) throw new RangeError(`${what}: the state spans several invariant blocks; sample basis states instead`);
      n2 += re[k] * re[k] + im[k] * im[k];
    }
    if (b < 0 || !(n2 > 0)) throw new RangeError(`${what}: zero state`);
    const m = members[b].length, lr = new Float64Array(m), li = new Float64Array(m);
    const s = 1 / Math.sqrt(n2);
    for (let k = 0; k < indices.length; k++) {
      if (re[k] === 0 && im[k] === 0) continue;
      lr[localIndex[indices[k]]] += re[k] * s; li[localIndex[indices[k]]] += im[k] * s;
    }
    return { b, re: lr, im: li };
  }

  /** Block and local vector of the initial state of one trajectory. */
  private initialState(init: PiecewiseInitialState, rng: JumpableRandomGenerator): { b: number; re: Float64Array; im: Float64Array } {
    const { blockOf, members, localIndex } = this.structure;
    if ('ket' in init) {
      const { re, im } = init.ket;
      if (re.length !== this.n || im.length !== this.n) throw new RangeError(`initial.ket: expected length ${this.n}`);
      this.allIndices ??= Int32Array.from({ length: this.n }, (_, x) => x);
      return this.localKet(this.allIndices, re, im, 'initial.ket');
    }
    const { dims, probabilities, states } = init.product;
    if (dims.length !== probabilities.length) throw new RangeError('initial.product: one probability vector per tensor factor is required');
    let idx = 0;
    for (let f = 0; f < dims.length; f++) {
      const p = probabilities[f];
      if (p.length !== dims[f]) throw new RangeError(`initial.product.probabilities[${f}]: expected ${dims[f]} entries`);
      let tot = 0;
      for (const v of p) {
        if (!(v >= 0)) throw new RangeError(`initial.product.probabilities[${f}]: negative or NaN entry`);
        tot += v;
      }
      if (!(tot > 0)) throw new RangeError(`initial.product.probabilities[${f}]: all zero`);
      const u = uniformOpen(rng) * tot;
      let k = 0, acc = p[0];
      while (acc < u && k < p.length - 1) acc += p[++k];
      while (p[k] === 0) k--;
      idx = idx * dims[f] + k;
    }
    if (idx >= this.n) throw new RangeError('initial.product: dimensions do not match the operators');
    if (states) {
      if (states.rows !== this.n) throw new RangeError(`initial.product.states: expected ${this.n} rows, got ${states.rows}`);
      const a = states.rowPtr[idx], e = states.rowPtr[idx + 1];
      return this.localKet(states.colIndex.subarray(a, e), states.re.subarray(a, e), states.im.subarray(a, e), 'initial.product.states');
    }
    const b = blockOf[idx];
    const m = members[b].length, lr = new Float64Array(m), li = new Float64Array(m);
    lr[localIndex[idx]] = 1;
    return { b, re: lr, im: li };
  }

  /**
   * Run trajectories first … first+count−1; adds into `sums` (and `keep`,
   * `jumpCounts`). Returns the number of jumps.
   */
  run(options: PiecewiseJumpOptions, sums: TrajectorySums, jumpCounts: Float64Array, keep?: Float64Array[][], first = 0, count = options.ntraj): number {
    const base = PiecewiseJumpSimulator.streamFor(options.seed, first);
    let total = 0;
    for (let t = 0; t < count; t++) {
      if (options.signal?.aborted) throw new Error('aborted');
      const rng = base.clone();
      const trace = keep ? this.problem.eOps.map(() => new Float64Array(this.times.length)) : undefined;
      total += this.runOne(rng, options.initial, sums, jumpCounts, trace);
      if (keep && trace) keep.push(trace);
      sums.count++;
      base.jump();
      options.progress?.((first + t + 1) / options.ntraj);
    }
    return total;
  }

  private runOne(rng: JumpableRandomGenerator, init: PiecewiseInitialState, sums: TrajectorySums, jumpCounts: Float64Array, trace?: Float64Array[]): number {
    const times = this.times, nt = times.length;
    const M = this.maxBlock;
    const outR = new Float64Array(M), outI = new Float64Array(M);
    const st = this.initialState(init, rng);
    let b = st.b;
    let tau = times[0];
    let iv = this.schedule(tau);
    if (!(iv.until > tau)) throw new RangeError(`schedule: interval at t=${tau} does not extend past t`);
    let prop = this.propagator(iv.piece, b);
    prop.start(st.re, st.im);
    let r = uniformOpen(rng);
    let lastT = tau, lastNorm = 1;
    let jumps = 0;
    const hasJumps = this.problem.cOps.length > 0;
    for (let i = 0; i < nt; i++) {
      const ti = times[i];
      for (;;) {
        const tNext = Math.min(ti, iv.until);
        const m = this.structure.members[b].length;
        const oR = outR.subarray(0, m), oI = outI.subarray(0, m);
        let n2 = prop.at(tNext - tau, oR, oI);
        if (hasJumps && n2 <= r) {
          const tStar = findJumpTime((t) => prop.at(t - tau, oR, oI), lastT, lastNorm, tNext, n2, r);
          n2 = prop.at(tStar - tau, oR, oI);
          const nb = this.applyJump(rng, b, oR, oI, jumpCounts);
          b = nb.b;
          jumps++;
          tau = tStar;
          lastT = tStar;
          lastNorm = 1;
          r = uniformOpen(rng);
          if (!(iv.until > tau)) iv = this.schedule(tau);
          prop = this.propagator(iv.piece, b);
          prop.start(nb.re, nb.im);
          continue;
        }
        if (tNext === ti) {
          this.record(i, b, oR, oI, n2, sums, trace);
          lastT = ti;
          lastNorm = n2;
          break;
        }
        // Piece boundary: carry the unnormalized state into the next piece.
        tau = tNext;
        lastT = tNext;
        lastNorm = n2;
        iv = this.schedule(tau);
        if (!(iv.until > tau)) throw new RangeError(`schedule: interval at t=${tau} does not extend past t`);
        prop = this.propagator(iv.piece, b);
        prop.start(Float64Array.from(oR), Float64Array.from(oI));
      }
    }
    return jumps;
  }

  private applyJump(rng: JumpableRandomGenerator, b: number, psiR: Float64Array, psiI: Float64Array, jumpCounts: Float64Array): { b: number; re: Float64Array; im: Float64Array } {
    const K = this.problem.cOps.length;
    const probs = new Float64Array(K);
    const outs: ({ re: Float64Array; im: Float64Array } | null)[] = new Array(K).fill(null);
    let total = 0;
    for (let k = 0; k < K; k++) {
      const j = this.localJump(k, b);
      if (!j) continue;
      const mt = this.structure.members[j.target].length;
      const yr = new Float64Array(mt), yi = new Float64Array(mt);
      for (let q = 0; q < j.rows.length; q++) {
        const c = j.cols[q], rr = j.rows[q];
        yr[rr] += j.re[q] * psiR[c] - j.im[q] * psiI[c];
        yi[rr] += j.re[q] * psiI[c] + j.im[q] * psiR[c];
      }
      let s = 0;
      for (let x = 0; x < mt; x++) s += yr[x] * yr[x] + yi[x] * yi[x];
      probs[k] = s;
      total += s;
      outs[k] = { re: yr, im: yi };
    }
    if (!(total > 0)) throw new Error('piecewise-jumps: no collapse operator can act on the state at the jump time');
    const u = uniformOpen(rng) * total;
    let k = 0, acc = probs[0];
    while (acc < u && k < K - 1) acc += probs[++k];
    while (probs[k] === 0) k--;
    jumpCounts[k]++;
    const o = outs[k]!;
    const inv = 1 / Math.sqrt(probs[k]);
    for (let x = 0; x < o.re.length; x++) { o.re[x] *= inv; o.im[x] *= inv; }
    return { b: this.localJump(k, b)!.target, re: o.re, im: o.im };
  }

  private record(i: number, b: number, psiR: Float64Array, psiI: Float64Array, norm2: number, sums: TrajectorySums, trace?: Float64Array[]): void {
    const nt = this.times.length;
    const { members, localIndex, blockOf } = this.structure;
    const inv = 1 / norm2;
    const mem = members[b];
    for (let k = 0; k < this.problem.eOps.length; k++) {
      const o = this.problem.eOps[k];
      let re = 0, im = 0;
      for (const g of mem) {
        const lg = localIndex[g];
        const pr = psiR[lg], pi = psiI[lg];
        for (let q = o.rowPtr[g]; q < o.rowPtr[g + 1]; q++) {
          const c = o.colIndex[q];
          if (blockOf[c] !== b) continue;
          const lc = localIndex[c];
          const vr = o.re[q] * psiR[lc] - o.im[q] * psiI[lc];
          const vi = o.re[q] * psiI[lc] + o.im[q] * psiR[lc];
          re += pr * vr + pi * vi;
          im += pr * vi - pi * vr;
        }
      }
      re *= inv;
      im *= inv;
      const idx = k * nt + i;
      sums.sumRe[idx] += re;
      sums.sumIm[idx] += im;
      sums.sumSqRe[idx] += re * re;
      sums.sumSqIm[idx] += im * im;
      if (trace) trace[k][i] = re;
    }
  }
}

/**
 * Average `ntraj` block-local jump trajectories (see the module comment);
 * returns means and standard errors of Re⟨O_k⟩(t).
 */
/** Trajectories per chunk: the unit of work and of summation order (as in mcsolve). */
export const PIECEWISE_CHUNK = 8;

/** Chunks [first, count) covering ntraj trajectories. */
function chunksOf(ntraj: number): { index: number; first: number; count: number }[] {
  const out = [];
  for (let first = 0, index = 0; first < ntraj; first += PIECEWISE_CHUNK, index++) out.push({ index, first, count: Math.min(PIECEWISE_CHUNK, ntraj - first) });
  return out;
}

/** Run the given chunks on one simulator; each chunk gets its own sums. */
export function runPiecewiseChunks(
  sim: PiecewiseJumpSimulator, options: PiecewiseJumpOptions, chunks: readonly { index: number; first: number; count: number }[], nE: number,
): { index: number; sums: TrajectorySums; jumpCounts: Float64Array; jumps: number; keep?: Float64Array[][] }[] {
  return chunks.map((c) => {
    const sums = emptySums(nE, sim.times.length);
    const jumpCounts = new Float64Array(sim.problem.cOps.length);
    const keep: Float64Array[][] | undefined = options.keepTrajectories ? [] : undefined;
    const jumps = sim.run(options, sums, jumpCounts, keep, c.first, c.count);
    return { index: c.index, sums, jumpCounts, jumps, ...(keep ? { keep } : {}) };
  });
}

function assemble(
  sim: { times: Float64Array; structure: { count: number }; largestBlock: number; propagatorsBuilt: number; expmFallbacks: number; eigenTimeMs: number } | null,
  times: Float64Array, nE: number, nC: number, N: number, results: ReturnType<typeof runPiecewiseChunks>, start: number, extraStats: Record<string, unknown>,
): PiecewiseJumpResult {
  const nt = times.length;
  const sums = emptySums(nE, nt);
  const jumpCounts = new Float64Array(nC);
  let jumps = 0;
  const keep: Float64Array[][] = [];
  let kept = false;
  for (const r of [...results].sort((a, b) => a.index - b.index)) {
    addSums(sums, r.sums);
    for (let k = 0; k < nC; k++) jumpCounts[k] += r.jumpCounts[k];
    jumps += r.jumps;
    if (r.keep) { kept = true; keep.push(...r.keep); }
  }
  const mean: Float64Array[] = [], stdErr: Float64Array[] = [];
  for (let k = 0; k < nE; k++) {
    const m = new Float64Array(nt), e = new Float64Array(nt);
    for (let i = 0; i < nt; i++) {
      const x = k * nt + i;
      m[i] = sums.sumRe[x] / N;
      if (N > 1) e[i] = Math.sqrt(Math.max(0, (sums.sumSqRe[x] - N * m[i] * m[i]) / (N - 1)) / N);
    }
    mean.push(m);
    stdErr.push(e);
  }
  return {
    times,
    mean,
    stdErr,
    ...(kept ? { trajectories: keep } : {}),
    jumpCounts,
    stats: {
      method: 'block-local quantum jumps (waiting time, exact per piece and block)',
      wallTimeMs: performance.now() - start,
      ...(sim ? { blocks: sim.structure.count, largestBlock: sim.largestBlock, propagatorsBuilt: sim.propagatorsBuilt, expmFallbacks: sim.expmFallbacks, eigenTimeMs: sim.eigenTimeMs } : {}),
      jumps,
      ...extraStats,
    },
  };
}

function checkOptions(options: PiecewiseJumpOptions): void {
  if (!Number.isInteger(options.ntraj) || options.ntraj < 1) throw new RangeError(`ntraj: expected a positive integer, got ${options.ntraj}`);
  if (!Number.isInteger(options.seed)) throw new RangeError(`seed: expected an integer, got ${options.seed}`);
}

/**
 * Average `ntraj` trajectories on this thread. Trajectories run in chunks of
 * PIECEWISE_CHUNK whose sums are combined in chunk order, so the result is
 * bit-for-bit that of `piecewiseJumpSolveParallel` with any worker count.
 */
export function piecewiseJumpSolve(problem: PiecewiseJumpProblem, options: PiecewiseJumpOptions): PiecewiseJumpResult {
  const start = performance.now();
  checkOptions(options);
  const sim = new PiecewiseJumpSimulator(problem);
  const results = runPiecewiseChunks(sim, options, chunksOf(options.ntraj), problem.eOps.length);
  return assemble(sim, sim.times, problem.eOps.length, problem.cOps.length, options.ntraj, results, start, { workers: 1 });
}

/**
 * `piecewiseJumpSolve` over worker threads (piscina). The problem must use
 * `periodic` (data) rather than a `schedule` function; chunks are spread over
 * the workers and combined in chunk order, so results do not depend on the
 * number of workers. Progress and abort are honoured between chunks.
 */
export async function piecewiseJumpSolveParallel(problem: PiecewiseJumpProblem, options: PiecewiseJumpOptions & { workers?: number }): Promise<PiecewiseJumpResult> {
  checkOptions(options);
  const chunks = chunksOf(options.ntraj);
  const workers = Math.max(1, Math.min(options.workers ?? 1, chunks.length));
  if (workers === 1 || problem.schedule) return piecewiseJumpSolve(problem, options);
  const start = performance.now();
  const { Piscina } = await import('piscina');
  const { sparseToData } = await import('./jump-trajectory.js');
  const data: PiecewiseWorkerProblem = {
    hamiltonians: problem.hamiltonians.map(sparseToData),
    cOps: problem.cOps.map(sparseToData),
    eOps: problem.eOps.map(sparseToData),
    times: Float64Array.from(problem.times),
    ...(problem.periodic ? { periodic: problem.periodic } : {}),
    ...(problem.quantumNumbers ? { quantumNumbers: Float64Array.from(problem.quantumNumbers) } : {}),
  };
  const pool = new Piscina({ filename: new URL('./piecewise-jumps-worker.js', import.meta.url).href, minThreads: workers, maxThreads: workers });
  const results: ReturnType<typeof runPiecewiseChunks> = [];
  let done = 0;
  try {
    const problemId = `${Date.now()}-${Math.random()}`;
    const plain = { ntraj: options.ntraj, seed: options.seed, initial: options.initial, ...(options.keepTrajectories ? { keepTrajectories: true } : {}) };
    await Promise.all(chunks.map(async (c) => {
      if (options.signal?.aborted) throw new Error('aborted');
      const r = await pool.run({ problemId, problem: data, options: plain, chunks: [c] }) as ReturnType<typeof runPiecewiseChunks>;
      results.push(...r);
      done += c.count;
      options.progress?.(done / options.ntraj);
    }));
  } finally {
    await pool.destroy();
  }
  return assemble(null, Float64Array.from(problem.times), problem.eOps.length, problem.cOps.length, options.ntraj, results, start, { workers });
}

/** Plain-data problem sent to worker threads. */
export interface PiecewiseWorkerProblem {
  hamiltonians: SparseData[];
  cOps: SparseData[];
  eOps: SparseData[];
  times: Float64Array;
  periodic?: { t0: number; period: number; segments: number };
  quantumNumbers?: Float64Array;
}

export function periodicSchedule(t0: number, period: number, segments: number): (t: number) => PieceInterval {
  if (!(period > 0) || !Number.isFinite(period)) throw new RangeError(`period: expected a positive finite time, got ${period}`);
  if (!Number.isInteger(segments) || segments < 1) throw new RangeError(`segments: expected a positive integer, got ${segments}`);
  const dt = period / segments;
  return (t: number) => {
    const x = (t - t0) / dt;
    let k = Math.floor(x + 1e-9); // a time within rounding of a boundary belongs to the next piece
    let until = t0 + (k + 1) * dt;
    if (!(until > t)) { k++; until = t0 + (k + 1) * dt; }
    const piece = ((k % segments) + segments) % segments;
    return { piece, until };
  };
}
