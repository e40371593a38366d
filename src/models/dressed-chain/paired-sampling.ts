/**
 * Paired ("spin-flipped partner") sampling of mixed initial states for the
 * block-local quantum jumps of the dressed chain.
 *
 * A product initial state is unravelled by sampling one basis configuration
 * per trajectory (solvers/mcsolve/engine.ts). Independent samples give an ensemble
 * whose initial polarizations scatter around their mean: 6 trajectories of
 * Fig. 4c start at ΣP = −1/3 where the maximally mixed state has ΣP = 0. Here
 * trajectories come in pairs: the first of a pair samples a configuration, the
 * second starts from its partner with every spin whose distribution is
 * symmetric flipped (index i → d − 1 − i of each tensor factor with
 * p_i = p_{d−1−i}: unpolarized nuclei, maximally mixed electrons; polarized
 * nuclei keep their arrow). Each half is an exact unravelling of ρ0 (the
 * flip maps the distribution to itself), so averages stay unbiased, and every
 * pair's initial P_j of an unpolarized spin is exactly +1 − 1 = 0: the
 * ensemble starts with the net polarization of ρ0 (to rounding).
 *
 * How: the two halves are two runs of the solver with the same seed, the
 * second with the sampled basis index k mapped to the ket of flip(k) (the
 * `states` rows permuted). Trajectory j of both runs draws its initial index
 * first from the same random stream (the solver's documented reproducibility
 * rule), so the halves pair up trajectory by trajectory; they also share the
 * stream for their jumps (common random numbers). Standard errors are those
 * of the pair means, which are independent.
 */
import { SparseMatrix } from '../../linalg/sparse.js';
import type { ComplexVector } from '../../linalg/vector.js';
import { availableThreads } from '../../util/parallel.js';
import { combineMcsolveChunks, planMcsolve, runMcsolveChunks, type ChunkOutput, type McsolveFullResult, type McsolvePlan, type McsolveRunOptions, type PiecewiseHamiltonian, type ProductDistribution } from '../../solvers/mcsolve/index.js';

type Product = ProductDistribution['product'];

/** Index map of the spin flip: each factor with a symmetric distribution reversed, the others kept; null when no factor is symmetric. */
export function flipMap(dims: readonly number[], probabilities: readonly (readonly number[])[]): Int32Array | null {
  const symmetric = probabilities.map((p, f) => dims[f] > 1 && p.every((v, i) => v === p[dims[f] - 1 - i]));
  if (!symmetric.some(Boolean)) return null;
  const n = dims.reduce((a, b) => a * b, 1);
  const map = new Int32Array(n);
  for (let g = 0; g < n; g++) {
    let r = g, out = 0, stride = 1;
    for (let f = dims.length - 1; f >= 0; f--) {
      const i = r % dims[f];
      r = Math.floor(r / dims[f]);
      out += (symmetric[f] ? dims[f] - 1 - i : i) * stride;
      stride *= dims[f];
    }
    map[g] = out;
  }
  return map;
}

/** The partner distribution: sampling index k yields the ket of flip(k) (row flip(k) of `states`, or basis state flip(k)). */
export function partnerProduct(product: Product, map: Int32Array): Product {
  const n = map.length;
  const s = product.states;
  if (!s) {
    return { ...product, states: new SparseMatrix(n, n, Int32Array.from({ length: n + 1 }, (_, i) => i), Int32Array.from(map), new Float64Array(n).fill(1), new Float64Array(n)) };
  }
  const rowPtr = new Int32Array(n + 1);
  for (let g = 0; g < n; g++) rowPtr[g + 1] = rowPtr[g] + (s.rowPtr[map[g] + 1] - s.rowPtr[map[g]]);
  const nnz = rowPtr[n];
  const colIndex = new Int32Array(nnz), re = new Float64Array(nnz), im = new Float64Array(nnz);
  for (let g = 0; g < n; g++) {
    const a = s.rowPtr[map[g]], len = s.rowPtr[map[g] + 1] - a;
    colIndex.set(s.colIndex.subarray(a, a + len), rowPtr[g]);
    re.set(s.re.subarray(a, a + len), rowPtr[g]);
    im.set(s.im.subarray(a, a + len), rowPtr[g]);
  }
  return { ...product, states: new SparseMatrix(n, s.cols, rowPtr, colIndex, re, im) };
}

/** Means, standard errors and jump counts of `pairedJumpSolve`. */
export interface PairedResult {
  mean: Float64Array[];
  stdErr: Float64Array[];
  jumpCounts: Float64Array;
  /** Number of pairs (0: unpaired). */
  pairs: number;
  stats: Record<string, unknown>;
}

/**
 * The trajectory runs of a paired (or plain) sampling, split into chunks: half
 * A and, when paired, half B (its spin-flipped partner), each an mcsolve plan
 * of ⌈ntraj/2⌉ trajectories that keeps them for the pair means.
 */
export interface PairedPlan {
  halves: McsolvePlan[];
  /** Number of pairs (0: unpaired, one plain run of ntraj trajectories). */
  pairs: number;
}

/** The flip map used for pairing `psi0` with `ntraj` trajectories, or null (a ket, one trajectory, no symmetric factor). */
export function pairingMap(psi0: ComplexVector | ProductDistribution, ntraj: number): Int32Array | null {
  return 'product' in psi0 && ntraj >= 2 ? flipMap(psi0.product.dims, psi0.product.probabilities) : null;
}

/** Validate and split the runs of `pairedJumpSolve` (see there) into chunks. */
export function planPairedJumps(h: SparseMatrix | PiecewiseHamiltonian, cOps: readonly SparseMatrix[], psi0: ComplexVector | ProductDistribution, options: McsolveRunOptions & { ntraj: number }): PairedPlan {
  const map = pairingMap(psi0, options.ntraj);
  if (!map || !('product' in psi0)) return { halves: [planMcsolve(h, cOps, psi0, options)], pairs: 0 };
  const pairs = Math.ceil(options.ntraj / 2);
  const half = { ...options, ntraj: pairs, keepTrajectories: true };
  return { halves: [planMcsolve(h, cOps, psi0, half), planMcsolve(h, cOps, { product: partnerProduct(psi0.product, map) }, half)], pairs };
}

/** A chunk output; the first of each call also carries the statistics of the engine that ran it (propagators built, blocks). */
export type PairedChunkOutput = ChunkOutput & { engine?: Record<string, number> };

/** Chunk outputs of chunks `indices` of half `half` of `plan` (in that order); chunk k of a half depends only on (seed, k). */
export async function runPairedChunks(plan: PairedPlan, half: number, indices: readonly number[], workers: number, progress?: (fraction: number, detail: string) => void, signal?: AbortSignal): Promise<PairedChunkOutput[]> {
  const { outputs, stats } = await runMcsolveChunks(plan.halves[half], indices, workers, progress, signal);
  return outputs.map((o, i) => (i === 0 ? { ...o, engine: stats } : o));
}

/**
 * Means and standard errors from the chunk outputs of each half (in chunk
 * order): the plain ensemble when unpaired, else the pair means
 * (y_A + y_B)/2 of trajectory j of both halves, in trajectory order.
 */
export function combinePairedChunks(plan: PairedPlan, outputs: readonly (readonly PairedChunkOutput[])[], wallTimeMs = 0): PairedResult {
  const runs: McsolveFullResult[] = plan.halves.map((h, i) => combineMcsolveChunks(h, outputs[i], outputs[i][0]?.engine ?? {}, 0));
  if (plan.pairs === 0) {
    const r = runs[0];
    return { mean: r.expect.map((e) => e.re), stdErr: r.stdErr.map((e) => e.re), jumpCounts: r.jumpCounts, pairs: 0, stats: { ...r.stats, wallTimeMs } };
  }
  const pairs = plan.pairs;
  const [a, b] = runs;
  const ta = a.trajectories!, tb = b.trajectories!;
  const nObs = a.expect.length, nt = a.times.length;
  const mean: Float64Array[] = [], stdErr: Float64Array[] = [];
  for (let k = 0; k < nObs; k++) {
    const m = new Float64Array(nt), e = new Float64Array(nt);
    for (let i = 0; i < nt; i++) {
      let s = 0, s2 = 0;
      for (let j = 0; j < pairs; j++) {
        const y = (ta[j][k][i] + tb[j][k][i]) / 2;
        s += y; s2 += y * y;
      }
      const mu = s / pairs;
      m[i] = mu;
      e[i] = pairs > 1 ? Math.sqrt(Math.max(0, s2 / pairs - mu * mu) * pairs / (pairs - 1) / pairs) : 0;
    }
    mean.push(m); stdErr.push(e);
  }
  const jumpCounts = Float64Array.from(a.jumpCounts, (v, i) => v + b.jumpCounts[i]);
  return {
    mean, stdErr, jumpCounts, pairs,
    stats: { ...a.stats, wallTimeMs, jumps: (a.stats.jumps as number) + (b.stats.jumps as number), pairedSampling: { pairs, trajectories: 2 * pairs } },
  };
}

/**
 * Trajectory averages with paired initial samples (see the module comment):
 * ⌈ntraj/2⌉ pairs. Falls back to plain `mcsolve` for a ket, a single
 * trajectory, or a distribution without a symmetric factor (`pairs` 0).
 * Runs every chunk of `planPairedJumps` and combines them (combinePairedChunks).
 */
export async function pairedJumpSolve(h: SparseMatrix | PiecewiseHamiltonian, cOps: readonly SparseMatrix[], psi0: ComplexVector | ProductDistribution, options: McsolveRunOptions & { ntraj: number; workers?: number }): Promise<PairedResult> {
  const start = performance.now();
  const plan = planPairedJumps(h, cOps, psi0, options);
  const progress = options.progress;
  const outputs: PairedChunkOutput[][] = [];
  for (let i = 0; i < plan.halves.length; i++) {
    const n = plan.halves.length;
    const report = progress ? (f: number, detail: string) => progress((i + f) / n, detail) : undefined;
    outputs.push(await runPairedChunks(plan, i, plan.halves[i].chunks.map((c) => c.index), options.workers ?? availableThreads(), report, options.signal));
  }
  return combinePairedChunks(plan, outputs, performance.now() - start);
}
