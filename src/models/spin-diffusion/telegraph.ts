/**
 * Ensemble Monte Carlo of the telegraph-driven flip-flop pair (telegraph-core.ts)
 * on the parallel runner (util/parallel.ts), as nuclear-transport/kmc.ts: trajectories in
 * fixed chunks, chunk c starting from the seed's xoroshiro128+ stream jumped
 * c·CHUNK times (states computed once in the main thread), chunk sums added
 * in chunk order — bit-identical for any number of workers.
 *
 * W is estimated from a least-squares fit of ln⟨σ_z⟩(t) = ln A − 2W t on a
 * window after the transients, with a batch-means error bar (the same fit on
 * each batch's mean curve; SE = sd(W_b)/√B).
 */
import { availableThreads, runChunks, type Chunk, type ChunkJob } from '../../util/parallel.js';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { seededStream } from '../../solvers/random.js';
import { addSums, emptySums, TelegraphSimulator, type TelegraphProblemData, type TelegraphSums } from './telegraph-core.js';
import { check } from './flip-flop.js';
import type { TelegraphProcess } from './sle.js';

/** Trajectories per chunk: the unit of work and of summation order. */
export const TELEGRAPH_CHUNK = 16;

/** Advance a xoroshiro128+ state (pure-rand order) by 2^64 draws. */
export function jumpState(s: number[]): number[] {
  const g = xoroshiro128plusFromState(s);
  g.jump();
  return g.getState() as number[];
}

export interface TelegraphOptions {
  delta: number;
  d12: number;
  gamma2: number;
  process: TelegraphProcess;
  /** Output times (s), starting at 0, increasing. */
  times: ArrayLike<number>;
  trajectories: number;
  /** Number of batches for the batch-means error of W (divides trajectories evenly; default 20). */
  batches?: number;
  /** Fit window [t0, t1] (s) for ln⟨σ_z⟩. */
  window: [number, number];
  seed?: number;
  workers?: number;
  signal?: AbortSignal;
}

export interface TelegraphResult {
  times: Float64Array;
  mean: Float64Array;
  stdErr: Float64Array;
  /** W (s⁻¹) from the fit of the full mean, and its batch-means standard error. */
  w: number;
  wErr: number;
  batchRates: number[];
  trajectories: number;
  switches: number;
  stats: { wallTimeMs: number; workers: number; chunks: number; switchesPerSecond: number };
}

/** Least-squares slope of ln y over the points with t in [t0, t1]; throws if some y ≤ 0 there. */
export function logSlope(times: ArrayLike<number>, y: ArrayLike<number>, t0: number, t1: number): number {
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t < t0 || t > t1) continue;
    if (!(y[i] > 0)) throw new RangeError(`window: ⟨σ_z⟩ = ${y[i]} ≤ 0 at t = ${t} inside the fit window; shorten the window or add trajectories`);
    const ly = Math.log(y[i]);
    n++; sx += t; sy += ly; sxx += t * t; sxy += t * ly;
  }
  if (n < 3) throw new RangeError(`window: only ${n} output times in [${t0}, ${t1}]; need ≥ 3`);
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

/** A chunk of telegraph trajectories with the stream state of its first trajectory. */
export interface TelegraphChunk extends Chunk {
  state: number[];
}

/** Trajectory chunks as a job of the parallel runner (kind 'telegraph'). */
export const telegraphJob: ChunkJob<TelegraphProblemData, TelegraphSimulator, TelegraphChunk, TelegraphSums> = {
  kind: 'telegraph',
  prepare: (problem) => new TelegraphSimulator(problem),
  run(sim, c) {
    const sums = emptySums(sim.problem.times.length);
    sim.run(c.first, c.count, c.state, jumpState, sums);
    return sums;
  },
};

/**
 * A validated telegraph ensemble split into its chunks (each with the stream
 * state of its first trajectory): the unit of work, of summation order and
 * (for sharded runs, `ModelDefinition.items`) of distribution over machines.
 */
export interface TelegraphPlan {
  problem: TelegraphProblemData;
  chunks: TelegraphChunk[];
  trajectories: number;
  batches: number;
  window: [number, number];
}

/** Validate `o` (see TelegraphOptions) and split its trajectories into chunks of TELEGRAPH_CHUNK. */
export function planTelegraph(o: TelegraphOptions): TelegraphPlan {
  const times = Float64Array.from(o.times);
  if (times.length < 2 || times[0] !== 0) throw new RangeError('times: need ≥ 2 output times starting at 0');
  for (let i = 1; i < times.length; i++) if (!(times[i] > times[i - 1])) throw new RangeError(`times: not increasing at index ${i}`);
  const R = o.trajectories;
  if (!Number.isInteger(R) || R < 2) throw new RangeError(`trajectories: expected an integer ≥ 2, got ${R}`);
  const B = o.batches ?? 20;
  if (!Number.isInteger(B) || B < 2 || R % B !== 0) throw new RangeError(`batches: expected an integer ≥ 2 dividing trajectories (${R}), got ${B}`);
  check('delta', o.delta, () => true, 'a finite number (rad/s)');
  check('d12', o.d12, () => true, 'a finite number (rad/s)');
  check('gamma2', o.gamma2, (v) => v >= 0, 'a rate ≥ 0');
  const seed = o.seed ?? 1;
  const [t0, t1] = o.window;
  if (!(t0 >= 0 && t1 > t0)) throw new RangeError(`window: expected 0 ≤ t0 < t1, got [${t0}, ${t1}]`);
  const problem: TelegraphProblemData = { delta: o.delta, d12: o.d12, gamma2: o.gamma2, process: o.process, times, batchSize: R / B };
  new TelegraphSimulator(problem); // validates in the calling thread
  const chunks: TelegraphChunk[] = [];
  let state = seededStream(seed).getState() as number[];
  for (let first = 0, index = 0; first < R; first += TELEGRAPH_CHUNK, index++) {
    chunks.push({ index, first, count: Math.min(TELEGRAPH_CHUNK, R - first), state });
    for (let j = 0; j < TELEGRAPH_CHUNK; j++) state = jumpState(state);
  }
  return { problem, chunks, trajectories: R, batches: B, window: [t0, t1] };
}

/** The sums of chunks `indices` of `plan` (in that order) over `workers` threads; chunk k depends only on (seed, k). */
export async function runTelegraphChunks(
  plan: TelegraphPlan, indices: readonly number[], options: Pick<TelegraphOptions, 'workers' | 'signal'> = {},
): Promise<{ sums: TelegraphSums[]; workers: number }> {
  const chunks = indices.map((i) => {
    const c = plan.chunks[i];
    if (c === undefined) throw new RangeError(`telegraph: no chunk ${i} (of ${plan.chunks.length})`);
    return c;
  });
  if (chunks.length === 0) return { sums: [], workers: 1 };
  const workers = Math.max(1, Math.min(options.workers ?? availableThreads(), chunks.length));
  // The calling thread takes chunks too: `workers` busy threads from a pool of workers − 1 (one isolate less).
  const sums = await runChunks(telegraphJob, plan.problem, chunks, {
    workers, chunksPerTask: Math.max(1, Math.ceil(chunks.length / (workers * 4))), callerWorks: true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { sums, workers };
}

/** Chunk sums as plain data (the batch map as [batch, sums] pairs), for shard files. */
export function plainTelegraphSums(s: TelegraphSums): unknown {
  return { count: s.count, switches: s.switches, z: s.z, z2: s.z2, batches: [...s.batches.entries()].map(([k, v]) => [k, v]) };
}

/** Inverse of `plainTelegraphSums` (sums that never left the process pass through). */
export function telegraphSumsFrom(x: unknown): TelegraphSums {
  const p = x as TelegraphSums | { count: number; switches: number; z: Float64Array; z2: Float64Array; batches: [number, Float64Array][] };
  if (p.batches instanceof Map) return p as TelegraphSums;
  return { count: p.count, switches: p.switches, z: p.z, z2: p.z2, batches: new Map(p.batches as [number, Float64Array][]) };
}

/**
 * The ensemble's ⟨σ_z⟩(t), fitted W and batch-means error from the sums of
 * every chunk of `plan`, in chunk order (the summation order, so any split of
 * the chunks over threads or machines gives the same bits).
 */
export function combineTelegraphChunks(plan: TelegraphPlan, parts: readonly TelegraphSums[], wallTimeMs = 0, workers = 1): TelegraphResult {
  if (parts.length !== plan.chunks.length) throw new RangeError(`telegraph: expected the sums of ${plan.chunks.length} chunks, got ${parts.length}`);
  const { times } = plan.problem;
  const R = plan.trajectories, B = plan.batches;
  const [t0, t1] = plan.window;
  const total = emptySums(times.length);
  for (const r of parts) addSums(total, r);
  const nt = times.length;
  const mean = new Float64Array(nt), stdErr = new Float64Array(nt);
  for (let i = 0; i < nt; i++) {
    mean[i] = total.z[i] / R;
    stdErr[i] = Math.sqrt(Math.max(0, (total.z2[i] - R * mean[i] * mean[i]) / (R - 1)) / R);
  }
  const w = -logSlope(times, mean, t0, t1) / 2;
  const batchRates: number[] = [];
  for (let b = 0; b < B; b++) {
    const s = total.batches.get(b) as Float64Array;
    batchRates.push(-logSlope(times, Float64Array.from(s, (v) => v / (R / B)), t0, t1) / 2);
  }
  const mb = batchRates.reduce((a, x) => a + x, 0) / B;
  const wErr = Math.sqrt(batchRates.reduce((a, x) => a + (x - mb) ** 2, 0) / (B - 1) / B);
  return {
    times: Float64Array.from(times), mean, stdErr, w, wErr, batchRates, trajectories: R, switches: total.switches,
    stats: { wallTimeMs, workers, chunks: plan.chunks.length, switchesPerSecond: total.switches / (wallTimeMs / 1000) },
  };
}

/** Run the ensemble (plan → every chunk → combination in chunk order); see the module comment. */
export async function telegraphMonteCarlo(o: TelegraphOptions): Promise<TelegraphResult> {
  const start = performance.now();
  const plan = planTelegraph(o);
  const { sums, workers } = await runTelegraphChunks(plan, plan.chunks.map((c) => c.index), o);
  return combineTelegraphChunks(plan, sums, performance.now() - start, workers);
}
