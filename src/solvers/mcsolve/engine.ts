/**
 * The quantum-jump trajectory engine: waiting-time Monte Carlo wave functions
 * (Dalibard, Castin & Mølmer 1992; Plenio & Knight 1998) on block-local states.
 *
 *  1. draw r ∈ (0, 1);
 *  2. evolve |ψ̃(t)⟩ under H_eff = H − (i/2) Σ_k C_k†C_k until ‖ψ̃‖² = r;
 *  3. jump: pick k with probability ‖C_k ψ̃‖² / Σ_j ‖C_j ψ̃‖²,
 *     ψ ← C_k ψ̃ / ‖C_k ψ̃‖, and return to 1.
 * Expectation values at output times are ⟨ψ̃|O|ψ̃⟩/⟨ψ̃|ψ̃⟩.
 *
 * Block-local state. H (every piece) and the collapse operators respect a
 * block partition (blocks.ts): H_eff is block diagonal and each C_k maps a
 * block into a single block. A state that starts in a set of blocks therefore
 * stays in a set of at most as many blocks, and is stored as one local vector
 * per occupied block — a few hundred entries even when the Hilbert space has
 * 10⁴–10⁵ states (seed 000's 12⁴-dimensional dressed chains). Nothing of
 * full-space size is touched per step.
 *
 * Between jumps the evolution is exact (propagator.ts: eigen → Padé → Krylov,
 * one propagator per visited (piece, block), cached for the engine's lifetime).
 * The jump time is the root of ln‖ψ̃‖² = ln r, a monotone function found by
 * Illinois regula falsi (jump-time.ts).
 *
 * Piecewise-constant H. A schedule gives the piece active at t and the end of
 * its interval; at a piece boundary the unnormalized ψ̃ is carried over
 * unchanged (continuous, since the generator is bounded), so ‖ψ̃‖² keeps
 * decreasing monotonically and the jump-time search is unchanged.
 *
 * Initial states: a ket (any set of blocks), or a product distribution over
 * basis states (one probability vector per tensor factor) sampled per
 * trajectory — an exact unravelling of a diagonal product ρ0 — optionally
 * mapped through a basis change (each image must lie in one block).
 *
 * Reproducibility: trajectory k draws from the xoroshiro128+ stream of the
 * seed jumped k times; the initial sample comes first from that stream.
 */
import { SparseMatrix } from '../../linalg/sparse.js';
import { AbortError } from '../../util/errors.js';
import { seededStream, uniformOpen, type JumpableRandomGenerator } from '../random.js';
import { effectiveHamiltonian } from '../sector-liouvillian.js';
import { findBlocks, type BlockStructure } from '../blocks.js';
import { findJumpTime } from '../jump-time.js';
import { blockPropagator, outputSpacings, type BlockPropagator } from './propagator.js';
import { periodicSchedule, type PieceInterval, type PeriodicSchedule } from './schedule.js';
import { addObservation, emptySums, type TrajectorySums } from './ensemble.js';

/**
 * Initial state of the trajectories: a ket, or a product distribution over
 * basis states. With `states`, the sampled basis index g is replaced by the
 * ket whose amplitudes are row g of `states` (row g = column g of a basis
 * change U, i.e. Uᵀ), e.g. lab product states → dressed product states.
 */
export type TrajectoryInitialState =
  | { ket: { re: Float64Array; im: Float64Array } }
  | { product: { dims: readonly number[]; probabilities: readonly (readonly number[])[]; states?: SparseMatrix } };

/** A trajectory problem as the engine sees it (operators already checked square and alike in size). */
export interface TrajectoryProblem {
  /** Distinct Hamiltonians (rad/s). With no schedule, piece 0 is used throughout. */
  hamiltonians: readonly SparseMatrix[];
  /** Collapse operators (s^-1/2). */
  cOps: readonly SparseMatrix[];
  /** Observables; for a state in one block only their block-diagonal part contributes. */
  eOps: readonly SparseMatrix[];
  /** Output times (s), strictly increasing; times[0] is the time of the initial state. */
  times: Float64Array;
  initial: TrajectoryInitialState;
  seed: number;
  /** Piece active at time t and the end of its interval (until > t); not sent to worker threads. */
  schedule?: (t: number) => PieceInterval;
  /** The same as data (periodicSchedule), usable in worker threads. */
  periodic?: PeriodicSchedule;
  /** Declared quantum numbers (starting block partition). */
  quantumNumbers?: ArrayLike<number>;
  /** Keep every trajectory's Re⟨O_k⟩(t). */
  keepTrajectories?: boolean;
  /** A time-dependent generator (td-engine.ts runs it; `hamiltonians` then holds H_0 only). */
  timeDependent?: import('./td-engine.js').TimeDependentTrajectoryProblem;
}

/** What one chunk of trajectories produces. */
export interface ChunkOutput {
  sums: TrajectorySums;
  jumpCounts: Float64Array;
  /** trajectories[j][k][i] when keepTrajectories. */
  trajectories?: Float64Array[][];
}

/** What the trajectory loop needs to know of a problem (runTrajectoryChunk). */
export interface ChunkShape {
  seed: number;
  observables: number;
  times: number;
  collapses: number;
  keepTrajectories: boolean;
}

/**
 * The trajectory loop shared by the engines (constant/piecewise and
 * time-dependent): trajectory k runs on the stream of (seed, k), i.e. the base
 * stream jumped k times, and adds into the chunk's sums in trajectory order,
 * so a chunk's bits depend only on (seed, first, count). `runOne` integrates
 * one trajectory, records ⟨O_k⟩ into `sums` (and `trace` when trajectories are
 * kept) and returns its number of jumps.
 */
export function runTrajectoryChunk(
  shape: ChunkShape, first: number, count: number,
  runOne: (rng: JumpableRandomGenerator, sums: TrajectorySums, jumpCounts: Float64Array, trace?: Float64Array[]) => number,
  signal?: AbortSignal, progress?: (done: number) => void,
): ChunkOutput {
  const sums = emptySums(shape.observables, shape.times);
  const jumpCounts = new Float64Array(shape.collapses);
  const keep: Float64Array[][] | undefined = shape.keepTrajectories ? [] : undefined;
  const base = TrajectoryEngine.streamFor(shape.seed, first);
  for (let k = 0; k < count; k++) {
    if (signal?.aborted) throw new AbortError('mcsolve');
    const rng = base.clone();
    const trace = keep ? Array.from({ length: shape.observables }, () => new Float64Array(shape.times)) : undefined;
    sums.jumps += runOne(rng, sums, jumpCounts, trace);
    if (keep && trace) keep.push(trace);
    sums.count++;
    base.jump();
    progress?.(k + 1);
  }
  return { sums, jumpCounts, ...(keep ? { trajectories: keep } : {}) };
}

/** Local action of collapse operator k from block b into block π_k(b) (target-local rows, source-local columns). */
interface LocalJump {
  target: number;
  rows: Int32Array;
  cols: Int32Array;
  re: Float64Array;
  im: Float64Array;
}

/** A state: occupied blocks (ascending) with their local vectors. */
interface BlockState {
  blocks: number[];
  re: Float64Array[];
  im: Float64Array[];
}

/**
 * Everything shared by the trajectories of one problem: block structure,
 * propagators per (piece, block), local jump operators, work buffers.
 */
export class TrajectoryEngine {
  readonly n: number;
  readonly structure: BlockStructure;
  readonly times: Float64Array;
  /** H_eff of the most recent piece only: needed just while that piece's block propagators are built (a cache per piece held a full sparse matrix for each of thousands of sweep pieces). */
  private lastHeff: { piece: number; h: SparseMatrix } | null = null;
  private readonly props = new Map<number, BlockPropagator>();
  private readonly jumps = new Map<number, LocalJump | null>();
  private readonly schedule: (t: number) => PieceInterval;
  readonly largestBlock: number;
  /** Output spacings, stepped by dense propagators in ill-conditioned blocks. */
  private readonly steps: Map<string, number>;
  /** Slot of each block in the current state, −1 when unoccupied; `slotted` lists the blocks set. */
  private readonly slotOf: Int32Array;
  private slotted: readonly number[] = [];
  private allIndices: Int32Array | null = null;
  /** Local output buffers (one per slot, grown on demand). */
  private outR: Float64Array[] = [];
  private outI: Float64Array[] = [];
  eigenBlocks = 0;
  krylovBlocks = 0;
  propagatorTimeMs = 0;

  constructor(readonly problem: TrajectoryProblem) {
    const hs = problem.hamiltonians;
    if (hs.length === 0) throw new RangeError('hamiltonians: at least one is required');
    this.n = hs[0].rows;
    this.times = problem.times;
    this.structure = findBlocks(hs, problem.cOps, problem.quantumNumbers);
    this.schedule = problem.schedule
      ?? (problem.periodic ? periodicSchedule(problem.periodic) : () => ({ piece: 0, until: Infinity }));
    let mb = 0;
    for (const m of this.structure.members) mb = Math.max(mb, m.length);
    this.largestBlock = mb;
    this.slotOf = new Int32Array(this.structure.count).fill(-1);
    this.steps = outputSpacings(this.times);
  }

  private heff(piece: number): SparseMatrix {
    const count = this.problem.hamiltonians.length;
    if (!(piece >= 0 && piece < count) || !Number.isInteger(piece)) throw new RangeError(`schedule: piece ${piece} outside 0..${count - 1}`);
    if (this.lastHeff?.piece !== piece) this.lastHeff = { piece, h: effectiveHamiltonian(this.problem.hamiltonians[piece], this.problem.cOps) };
    return this.lastHeff.h;
  }

  /** H_eff of piece p restricted to block b (local indices, rad/s). */
  blockMatrix(piece: number, b: number): SparseMatrix {
    const heff = this.heff(piece);
    const members = this.structure.members[b];
    const { localIndex, blockOf } = this.structure;
    const rows: number[] = [], cols: number[] = [], re: number[] = [], im: number[] = [];
    for (const g of members) {
      for (let k = heff.rowPtr[g]; k < heff.rowPtr[g + 1]; k++) {
        const c = heff.colIndex[k];
        if (blockOf[c] !== b) throw new Error('mcsolve: H_eff couples two blocks (inconsistent block structure)');
        rows.push(localIndex[g]); cols.push(localIndex[c]); re.push(heff.re[k]); im.push(heff.im[k]);
      }
    }
    return SparseMatrix.fromTriplets(members.length, members.length, rows, cols, re, im);
  }

  private propagator(piece: number, b: number): BlockPropagator {
    const key = piece * this.structure.count + b;
    let p = this.props.get(key);
    if (p) return p;
    const t0 = performance.now();
    p = blockPropagator(this.blockMatrix(piece, b), this.steps);
    if (p.kind === 'eigen') this.eigenBlocks++;
    else this.krylovBlocks++;
    this.propagatorTimeMs += performance.now() - t0;
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

  /**
   * The block state of the sparse ket (indices, re, im), normalized; `single` requires
   * one block. `what` names the ket in errors.
   */
  private blockKet(indices: ArrayLike<number>, re: ArrayLike<number>, im: ArrayLike<number>, what: string, single: boolean): BlockState {
    const { blockOf, members, localIndex } = this.structure;
    const seen = new Set<number>();
    let n2 = 0;
    for (let k = 0; k < indices.length; k++) {
      if (re[k] === 0 && im[k] === 0) continue;
      const b = blockOf[indices[k]];
      if (!seen.has(b)) {
        if (single && seen.size > 0) throw new RangeError(`${what}: the state spans several invariant blocks; sample basis states instead`);
        seen.add(b);
      }
      n2 += re[k] * re[k] + im[k] * im[k];
    }
    if (seen.size === 0 || !(n2 > 0)) throw new RangeError(`${what}: zero state`);
    const blocks = [...seen].sort((a, b) => a - b);
    const slot = new Map(blocks.map((b, i) => [b, i]));
    const state: BlockState = { blocks, re: blocks.map((b) => new Float64Array(members[b].length)), im: blocks.map((b) => new Float64Array(members[b].length)) };
    const s = 1 / Math.sqrt(n2);
    for (let k = 0; k < indices.length; k++) {
      if (re[k] === 0 && im[k] === 0) continue;
      const x = indices[k], i = slot.get(blockOf[x])!;
      state.re[i][localIndex[x]] += re[k] * s;
      state.im[i][localIndex[x]] += im[k] * s;
    }
    return state;
  }

  /** Initial state of one trajectory (product distributions draw from rng first). */
  private initialState(rng: JumpableRandomGenerator): BlockState {
    const init = this.problem.initial;
    if ('ket' in init) {
      const { re, im } = init.ket;
      if (re.length !== this.n || im.length !== this.n) throw new RangeError(`initial.ket: expected length ${this.n}`);
      this.allIndices ??= Int32Array.from({ length: this.n }, (_, x) => x);
      return this.blockKet(this.allIndices, re, im, 'psi0', false);
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
      return this.blockKet(states.colIndex.subarray(a, e), states.re.subarray(a, e), states.im.subarray(a, e), 'initial.product.states', true);
    }
    const b = this.structure.blockOf[idx];
    const m = this.structure.members[b].length;
    const state: BlockState = { blocks: [b], re: [new Float64Array(m)], im: [new Float64Array(m)] };
    state.re[0][this.structure.localIndex[idx]] = 1;
    return state;
  }

  /**
   * Run trajectories first … first+count−1 (trajectory k on the stream of
   * (seed, k)); progress gets the number of trajectories finished.
   */
  runChunk(first: number, count: number, signal?: AbortSignal, progress?: (done: number) => void): ChunkOutput {
    const { seed, eOps, cOps, keepTrajectories } = this.problem;
    const shape = { seed, observables: eOps.length, times: this.times.length, collapses: cOps.length, keepTrajectories: !!keepTrajectories };
    return runTrajectoryChunk(shape, first, count, (rng, sums, jumpCounts, trace) => this.runOne(rng, sums, jumpCounts, trace), signal, progress);
  }


  /** Start a no-jump segment of `state` under `piece`. */
  private startSegment(piece: number, state: BlockState): BlockPropagator[] {
    for (const b of this.slotted) this.slotOf[b] = -1;
    this.slotted = state.blocks;
    return state.blocks.map((b, slot) => {
      this.slotOf[b] = slot;
      const m = this.structure.members[b].length;
      if (!this.outR[slot] || this.outR[slot].length < this.largestBlock) {
        this.outR[slot] = new Float64Array(this.largestBlock);
        this.outI[slot] = new Float64Array(this.largestBlock);
      }
      const p = this.propagator(piece, b);
      p.start(state.re[slot].subarray(0, m), state.im[slot].subarray(0, m));
      return p;
    });
  }

  /** ψ̃(τ + s) into the output buffers of each slot; returns ‖ψ̃‖². */
  private evaluate(props: BlockPropagator[], state: BlockState, s: number): number {
    let norm2 = 0;
    for (let slot = 0; slot < props.length; slot++) {
      const m = this.structure.members[state.blocks[slot]].length;
      const oR = this.outR[slot], oI = this.outI[slot];
      props[slot].at(s, oR.subarray(0, m), oI.subarray(0, m));
      for (let x = 0; x < m; x++) norm2 += oR[x] * oR[x] + oI[x] * oI[x];
    }
    return norm2;
  }

  /** The current output buffers as a state (copies). */
  private snapshot(state: BlockState): BlockState {
    return {
      blocks: state.blocks.slice(),
      re: state.blocks.map((b, slot) => this.outR[slot].slice(0, this.structure.members[b].length)),
      im: state.blocks.map((b, slot) => this.outI[slot].slice(0, this.structure.members[b].length)),
    };
  }

  /** One trajectory; adds ⟨O⟩ and ⟨O⟩² to `sums`; returns the number of jumps. */
  private runOne(rng: JumpableRandomGenerator, sums: TrajectorySums, jumpCounts: Float64Array, trace?: Float64Array[]): number {
    const times = this.times, nt = times.length;
    let state = this.initialState(rng);
    let tau = times[0];
    let iv = this.schedule(tau);
    if (!(iv.until > tau)) throw new RangeError(`schedule: interval at t=${tau} does not extend past t`);
    let props = this.startSegment(iv.piece, state);
    let r = uniformOpen(rng);
    let lastT = tau, lastNorm = 1;
    let jumps = 0;
    const hasJumps = this.problem.cOps.length > 0;
    for (let i = 0; i < nt; i++) {
      const ti = times[i];
      for (;;) {
        const tNext = Math.min(ti, iv.until);
        const n2 = this.evaluate(props, state, tNext - tau);
        if (hasJumps && n2 <= r) {
          // A jump happens in (lastT, tNext]: find t* with ‖ψ̃(t*)‖² = r.
          const from = tau, seg = props, st = state;
          const tStar = findJumpTime((t) => this.evaluate(seg, st, t - from), lastT, lastNorm, tNext, n2, r);
          this.evaluate(props, state, tStar - tau);
          state = this.applyJump(rng, state, jumpCounts);
          jumps++;
          tau = tStar;
          lastT = tStar;
          lastNorm = 1;
          r = uniformOpen(rng);
          if (!(iv.until > tau)) iv = this.schedule(tau);
          props = this.startSegment(iv.piece, state);
          continue;
        }
        if (tNext === ti) {
          this.record(i, state, n2, sums, trace);
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
        state = this.snapshot(state);
        props = this.startSegment(iv.piece, state);
      }
    }
    return jumps;
  }

  /** Apply a randomly chosen collapse operator to the evaluated state (output buffers); returns the normalized new state. */
  private applyJump(rng: JumpableRandomGenerator, state: BlockState, jumpCounts: Float64Array): BlockState {
    const K = this.problem.cOps.length;
    const probs = new Float64Array(K);
    const outs: (BlockState | null)[] = new Array(K).fill(null);
    let total = 0;
    for (let k = 0; k < K; k++) {
      // C_k ψ̃ block by block: sources in ascending order, targets kept ascending.
      const out: BlockState = { blocks: [], re: [], im: [] };
      for (let slot = 0; slot < state.blocks.length; slot++) {
        const j = this.localJump(k, state.blocks[slot]);
        if (!j) continue;
        let t = out.blocks.indexOf(j.target);
        if (t < 0) {
          const mt = this.structure.members[j.target].length;
          let at = out.blocks.findIndex((b) => b > j.target);
          if (at < 0) at = out.blocks.length;
          out.blocks.splice(at, 0, j.target);
          out.re.splice(at, 0, new Float64Array(mt));
          out.im.splice(at, 0, new Float64Array(mt));
          t = at;
        }
        const yr = out.re[t], yi = out.im[t], psiR = this.outR[slot], psiI = this.outI[slot];
        for (let q = 0; q < j.rows.length; q++) {
          const c = j.cols[q], rr = j.rows[q];
          yr[rr] += j.re[q] * psiR[c] - j.im[q] * psiI[c];
          yi[rr] += j.re[q] * psiI[c] + j.im[q] * psiR[c];
        }
      }
      if (out.blocks.length === 0) continue;
      let s = 0;
      for (let t = 0; t < out.blocks.length; t++) {
        const yr = out.re[t], yi = out.im[t];
        for (let x = 0; x < yr.length; x++) s += yr[x] * yr[x] + yi[x] * yi[x];
      }
      probs[k] = s;
      total += s;
      outs[k] = out;
    }
    if (!(total > 0)) throw new Error('mcsolve: no collapse operator can act on the state at the jump time');
    const u = uniformOpen(rng) * total;
    let k = 0, acc = probs[0];
    while (acc < u && k < K - 1) acc += probs[++k];
    while (probs[k] === 0) k--; // never choose an impossible jump (rounding at the top end)
    jumpCounts[k]++;
    const o = outs[k]!;
    const inv = 1 / Math.sqrt(probs[k]);
    for (let t = 0; t < o.blocks.length; t++) {
      const yr = o.re[t], yi = o.im[t];
      for (let x = 0; x < yr.length; x++) { yr[x] *= inv; yi[x] *= inv; }
    }
    return o;
  }

  /** Add ⟨ψ̃|O_k|ψ̃⟩/‖ψ̃‖² at output time i (from the output buffers) to the sums. */
  private record(i: number, state: BlockState, norm2: number, sums: TrajectorySums, trace?: Float64Array[]): void {
    const nt = this.times.length;
    const { members, localIndex, blockOf } = this.structure;
    const slotOf = this.slotOf;
    const inv = 1 / norm2;
    for (let k = 0; k < this.problem.eOps.length; k++) {
      const o = this.problem.eOps[k];
      let re = 0, im = 0;
      for (let slot = 0; slot < state.blocks.length; slot++) {
        const psiR = this.outR[slot], psiI = this.outI[slot];
        for (const g of members[state.blocks[slot]]) {
          const lg = localIndex[g];
          const pr = psiR[lg], pi = psiI[lg];
          for (let q = o.rowPtr[g]; q < o.rowPtr[g + 1]; q++) {
            const c = o.colIndex[q];
            const sc = slotOf[blockOf[c]];
            if (sc < 0) continue;
            const lc = localIndex[c], cR = this.outR[sc], cI = this.outI[sc];
            const vr = o.re[q] * cR[lc] - o.im[q] * cI[lc];
            const vi = o.re[q] * cI[lc] + o.im[q] * cR[lc];
            re += pr * vr + pi * vi;
            im += pr * vi - pi * vr;
          }
        }
      }
      re *= inv;
      im *= inv;
      addObservation(sums, k * nt + i, re, im);
      if (trace) trace[k][i] = re;
    }
  }
}
