/**
 * Ensemble Monte Carlo of the telegraph-driven flip-flop pair (telegraph-core.ts)
 * over worker threads (piscina), as nuclear-transport/kmc.ts: trajectories in
 * fixed chunks, chunk c starting from the seed's xoroshiro128+ stream jumped
 * c·CHUNK times (states computed once in the main thread), chunk sums added
 * in chunk order — bit-identical for any number of workers.
 *
 * W is estimated from a least-squares fit of ln⟨σ_z⟩(t) = ln A − 2W t on a
 * window after the transients, with a batch-means error bar (the same fit on
 * each batch's mean curve; SE = sd(W_b)/√B).
 */
import { availableParallelism } from 'node:os';
import { randomUUID } from 'node:crypto';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { seededStream } from '../../solvers/random.js';
import { addSums, emptySums, TelegraphSimulator, type TelegraphProblemData, type TelegraphSums } from './telegraph-core.js';
import type { TelegraphWorkerTask } from './telegraph-worker.js';
import { check } from './flip-flop.js';
import type { TelegraphProcess } from './sle.js';
import { AbortError } from '../../util/errors.js';

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

/** Run the ensemble; see the module comment. */
export async function telegraphMonteCarlo(o: TelegraphOptions): Promise<TelegraphResult> {
  const start = performance.now();
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
  const sim = new TelegraphSimulator(problem); // validates in the main thread
  const chunks: { index: number; first: number; count: number; state: number[] }[] = [];
  const base = seededStream(seed);
  let state = base.getState() as number[];
  for (let first = 0, index = 0; first < R; first += TELEGRAPH_CHUNK, index++) {
    chunks.push({ index, first, count: Math.min(TELEGRAPH_CHUNK, R - first), state });
    for (let j = 0; j < TELEGRAPH_CHUNK; j++) state = jumpState(state);
  }
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), chunks.length));
  const results: TelegraphSums[] = new Array(chunks.length);
  if (workers === 1) {
    for (const c of chunks) {
      if (o.signal?.aborted) throw new AbortError('telegraph');
      const s = emptySums(times.length);
      sim.run(c.first, c.count, c.state, jumpState, s);
      results[c.index] = s;
    }
  } else {
    const { Piscina } = await import('piscina');
    const pool = new Piscina({ filename: new URL('./telegraph-worker.js', import.meta.url).href, minThreads: workers, maxThreads: workers });
    try {
      const problemId = randomUUID();
      const nTasks = Math.min(chunks.length, workers * 4);
      const tasks: TelegraphWorkerTask[] = Array.from({ length: nTasks }, () => ({ problemId, problem, chunks: [] }));
      chunks.forEach((c, i) => tasks[i % nTasks].chunks.push(c));
      await Promise.all(tasks.map(async (t) => {
        const list = (await pool.run(t, o.signal ? { signal: o.signal } : {})) as { index: number; sums: TelegraphSums }[];
        for (const { index, sums } of list) results[index] = sums;
      }));
    } finally {
      await pool.destroy();
    }
  }
  const total = emptySums(times.length);
  for (const r of results) addSums(total, r);
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
  const wall = performance.now() - start;
  return {
    times, mean, stdErr, w, wErr, batchRates, trajectories: R, switches: total.switches,
    stats: { wallTimeMs: wall, workers, chunks: chunks.length, switchesPerSecond: total.switches / (wall / 1000) },
  };
}
