/**
 * Ensemble kinetic Monte Carlo of one-way chains and rings (kmc-core.ts):
 * realizations in fixed chunks over worker threads (piscina), realization r
 * drawing from the xoroshiro128+ stream of the seed jumped r times, chunk sums
 * combined in chunk order — so results are bit-for-bit independent of the
 * number of workers (as `mcsolve`). Means with standard errors.
 */
import { availableParallelism } from 'node:os';
import { randomUUID } from 'node:crypto';
import { checkPolarizations } from './configurations.js';
import { addKmcSums, emptyKmcSums, KmcSimulator, type KmcProblemData, type KmcSums } from './kmc-core.js';
import type { KmcWorkerTask } from './kmc-worker.js';
import { checkTimes } from '../../util/checks.js';
import { AbortError } from '../../util/errors.js';

/** Realizations per chunk: the unit of work and of summation order. */
export const KMC_CHUNK_SIZE = 4;

export interface KmcOptions {
  sites: number;
  periodic: boolean;
  /** Γ (s⁻¹) of every bond. */
  rate: number;
  relaxation?: number;
  /** Site polarizations of the (product) initial state. */
  initial: ArrayLike<number>;
  times: ArrayLike<number>;
  realizations: number;
  seed?: number;
  /** Site bins for profiles (default: N if N ≤ 4096, else 1024). */
  bins?: number;
  untilAbsorbed?: boolean;
  workers?: number;
  signal?: AbortSignal;
  progress?: (fraction: number, detail?: string) => void;
}

export interface MeanWithError {
  mean: Float64Array;
  stdErr: Float64Array;
}

export interface KmcResult {
  times: Float64Array;
  bins: number;
  /** First site of each bin (0-based) and its size. */
  binStart: Int32Array;
  binSize: Int32Array;
  /** [b][k] means over realizations. */
  polarization: MeanWithError[];
  voltage: MeanWithError[];
  /** Hop current per bond in bin b over (t_{k−1}, t_k] (k ≥ 1; k = 0 is the interval (0, t_0]). */
  hopCurrent: MeanWithError[];
  netPolarization: MeanWithError;
  /** ⟨|↑_N ↓_1⟩⟨↑_N ↓_1|⟩ (Fig. 7c). */
  endVoltage: MeanWithError;
  /** Absorbing-state profile per bin and absorption time (untilAbsorbed). */
  finalPolarization?: MeanWithError;
  absorptionTime?: { mean: number; stdErr: number };
  realizations: number;
  stats: { method: string; events: number; wallTimeMs: number; eventsPerSecond: number; workers: number; chunks: number };
}

function meanErr(sum: ArrayLike<number>, sum2: ArrayLike<number>, count: number): MeanWithError {
  const m = new Float64Array(sum.length), e = new Float64Array(sum.length);
  for (let i = 0; i < sum.length; i++) {
    m[i] = sum[i] / count;
    e[i] = count > 1 ? Math.sqrt(Math.max(0, (sum2[i] - count * m[i] * m[i]) / (count - 1)) / count) : 0;
  }
  return { mean: m, stdErr: e };
}

/** Run the ensemble; see the module comment. */
export async function kmcTransport(options: KmcOptions): Promise<KmcResult> {
  const start = performance.now();
  const n = options.sites;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`sites: KMC needs an integer ≥ 2, got ${n}`);
  checkPolarizations(options.initial, n);
  const times = checkTimes(options.times, { nonNegative: true });
  const R = options.realizations;
  if (!Number.isInteger(R) || R < 1) throw new RangeError(`realizations: expected a positive integer, got ${R}`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`seed: expected an integer, got ${seed}`);
  const bins = options.bins ?? (n <= 4096 ? n : 1024);
  const problem: KmcProblemData = {
    sites: n, periodic: options.periodic, rate: options.rate, relaxation: options.relaxation ?? 0,
    initial: Float64Array.from(options.initial), times, bins, untilAbsorbed: options.untilAbsorbed ?? false, seed,
  };
  const sim = new KmcSimulator(problem); // validates in the main thread
  const chunks: { index: number; first: number; count: number }[] = [];
  for (let first = 0, index = 0; first < R; first += KMC_CHUNK_SIZE, index++) chunks.push({ index, first, count: Math.min(KMC_CHUNK_SIZE, R - first) });
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), chunks.length));
  const results: KmcSums[] = new Array(chunks.length);
  let done = 0;
  if (workers === 1) {
    for (const c of chunks) {
      if (options.signal?.aborted) throw new AbortError('kmc');
      results[c.index] = sim.runRealizations(c.first, c.count);
      options.progress?.(++done / chunks.length, `${Math.min(R, done * KMC_CHUNK_SIZE)} of ${R} realizations`);
    }
  } else {
    const { Piscina } = await import('piscina');
    const pool = new Piscina({ filename: new URL('./kmc-worker.js', import.meta.url).href, minThreads: workers, maxThreads: workers });
    try {
      const problemId = randomUUID();
      // Several tasks per worker (interleaved chunks) so progress and abort are responsive.
      const nTasks = Math.min(chunks.length, workers * 8);
      const tasks: KmcWorkerTask[] = Array.from({ length: nTasks }, () => ({ problemId, problem, chunks: [] }));
      chunks.forEach((c, i) => tasks[i % nTasks].chunks.push(c));
      await Promise.all(tasks.map(async (t) => {
        const list = (await pool.run(t, options.signal ? { signal: options.signal } : {})) as { index: number; sums: KmcSums }[];
        for (const { index, sums } of list) results[index] = sums;
        done += t.chunks.length;
        options.progress?.(done / chunks.length, `${Math.min(R, done * KMC_CHUNK_SIZE)} of ${R} realizations`);
      }));
    } finally {
      await pool.destroy();
    }
  }
  const nt = times.length;
  const total = emptyKmcSums(nt, bins);
  for (const r of results) addKmcSums(total, r);
  const perBin = (sum: Float64Array, sum2: Float64Array): MeanWithError[] => Array.from({ length: bins }, (_, b) => {
    const s = new Float64Array(nt), s2 = new Float64Array(nt);
    for (let k = 0; k < nt; k++) { s[k] = sum[k * bins + b]; s2[k] = sum2[k * bins + b]; }
    return meanErr(s, s2, R);
  });
  const binStart = new Int32Array(bins), binSize = new Int32Array(bins);
  for (let s = n - 1; s >= 0; s--) { const b = Math.floor((s * bins) / n); binStart[b] = s; binSize[b]++; }
  const wall = performance.now() - start;
  const result: KmcResult = {
    times, bins, binStart, binSize,
    polarization: perBin(total.p, total.p2),
    voltage: perBin(total.v, total.v2),
    hopCurrent: perBin(total.hop, total.hop2),
    netPolarization: meanErr(total.pc, total.pc2, R),
    endVoltage: meanErr(total.vEnd, total.vEnd2, R),
    realizations: R,
    stats: { method: 'kinetic Monte Carlo (Gillespie, active-bond list)', events: total.events, wallTimeMs: wall, eventsPerSecond: total.events / (wall / 1000), workers, chunks: chunks.length },
  };
  if (problem.untilAbsorbed) {
    result.finalPolarization = meanErr(total.fin, total.fin2, R);
    const a = meanErr([total.absorb], [total.absorb2], R);
    result.absorptionTime = { mean: a.mean[0], stdErr: a.stdErr[0] };
  }
  return result;
}
