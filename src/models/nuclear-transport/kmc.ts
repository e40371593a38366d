/**
 * Ensemble kinetic Monte Carlo of one-way chains and rings (kmc-core.ts):
 * realizations in fixed chunks on the parallel runner (util/parallel.ts), realization r
 * drawing from the xoroshiro128+ stream of the seed jumped r times, chunk sums
 * combined in chunk order — so results are bit-for-bit independent of the
 * number of workers (as `mcsolve`). Means with standard errors.
 */
import { availableThreads, chunksOf, runChunks, type Chunk, type ChunkJob } from '../../util/parallel.js';
import { checkPolarizations } from './configurations.js';
import { addKmcSums, emptyKmcSums, KmcSimulator, type KmcProblemData, type KmcSums } from './kmc-core.js';
import { checkTimes } from '../../util/checks.js';

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

/** Realization chunks as a job of the parallel runner (kind 'kmc'). */
export const kmcJob: ChunkJob<KmcProblemData, KmcSimulator, Chunk, KmcSums> = {
  kind: 'kmc',
  prepare: (problem) => new KmcSimulator(problem),
  run: (sim, c) => sim.runRealizations(c.first, c.count),
};

/**
 * A validated KMC ensemble split into its chunks: the unit of work, of
 * summation order and (for sharded runs, `ModelDefinition.items`) of
 * distribution over machines.
 */
export interface KmcPlan {
  problem: KmcProblemData;
  chunks: Chunk[];
  realizations: number;
}

/** Validate `options` (see KmcOptions) and split its realizations into chunks of KMC_CHUNK_SIZE. */
export function planKmc(options: KmcOptions): KmcPlan {
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
  new KmcSimulator(problem); // validates in the calling thread
  return { problem, chunks: chunksOf(R, KMC_CHUNK_SIZE), realizations: R };
}

/**
 * The sums of chunks `indices` of `plan` (in that order) over `workers`
 * threads; chunk k depends only on (seed, k).
 */
export async function runKmcChunks(
  plan: KmcPlan, indices: readonly number[], options: Pick<KmcOptions, 'workers' | 'signal' | 'progress'> = {},
): Promise<{ sums: KmcSums[]; workers: number }> {
  const chunks = indices.map((i) => {
    const c = plan.chunks[i];
    if (c === undefined) throw new RangeError(`kmc: no chunk ${i} (of ${plan.chunks.length})`);
    return c;
  });
  if (chunks.length === 0) return { sums: [], workers: 1 };
  const R = chunks.reduce((a, c) => a + c.count, 0);
  const workers = Math.max(1, Math.min(options.workers ?? availableThreads(), chunks.length));
  const progress = options.progress;
  const sums = await runChunks(kmcJob, plan.problem, chunks, {
    workers, chunksPerTask: Math.max(1, Math.ceil(chunks.length / (workers * 8))),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(progress ? { progress: (f: number) => progress(f, `${Math.round(f * R)} of ${R} realizations`) } : {}),
  });
  return { sums, workers };
}

/**
 * Means and standard errors from the sums of every chunk of `plan`, given in
 * chunk order (the summation order, so any split of the chunks over threads or
 * machines gives the same bits).
 */
export function combineKmcChunks(plan: KmcPlan, parts: readonly KmcSums[], wallTimeMs = 0, workers = 1): KmcResult {
  if (parts.length !== plan.chunks.length) throw new RangeError(`kmc: expected the sums of ${plan.chunks.length} chunks, got ${parts.length}`);
  const { times, bins, sites: n } = plan.problem;
  const R = plan.realizations;
  const nt = times.length;
  const total = emptyKmcSums(nt, bins);
  for (const r of parts) addKmcSums(total, r);
  const perBin = (sum: Float64Array, sum2: Float64Array): MeanWithError[] => Array.from({ length: bins }, (_, b) => {
    const s = new Float64Array(nt), s2 = new Float64Array(nt);
    for (let k = 0; k < nt; k++) { s[k] = sum[k * bins + b]; s2[k] = sum2[k * bins + b]; }
    return meanErr(s, s2, R);
  });
  const binStart = new Int32Array(bins), binSize = new Int32Array(bins);
  for (let s = n - 1; s >= 0; s--) { const b = Math.floor((s * bins) / n); binStart[b] = s; binSize[b]++; }
  const result: KmcResult = {
    times: Float64Array.from(times), bins, binStart, binSize,
    polarization: perBin(total.p, total.p2),
    voltage: perBin(total.v, total.v2),
    hopCurrent: perBin(total.hop, total.hop2),
    netPolarization: meanErr(total.pc, total.pc2, R),
    endVoltage: meanErr(total.vEnd, total.vEnd2, R),
    realizations: R,
    stats: { method: 'kinetic Monte Carlo (Gillespie, active-bond list)', events: total.events, wallTimeMs, eventsPerSecond: total.events / (wallTimeMs / 1000), workers, chunks: plan.chunks.length },
  };
  if (plan.problem.untilAbsorbed) {
    result.finalPolarization = meanErr(total.fin, total.fin2, R);
    const a = meanErr([total.absorb], [total.absorb2], R);
    result.absorptionTime = { mean: a.mean[0], stdErr: a.stdErr[0] };
  }
  return result;
}

/** Run the ensemble (plan → every chunk → combination in chunk order); see the module comment. */
export async function kmcTransport(options: KmcOptions): Promise<KmcResult> {
  const start = performance.now();
  const plan = planKmc(options);
  const { sums, workers } = await runKmcChunks(plan, plan.chunks.map((c) => c.index), options);
  return combineKmcChunks(plan, sums, performance.now() - start, workers);
}
