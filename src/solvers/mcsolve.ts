/**
 * `mcsolve`: quantum-jump trajectories (jump-trajectory.ts), run in chunks of
 * a fixed size over worker threads. Chunk sums are combined in chunk order,
 * and trajectory k always uses the random stream of (seed, k), so the result
 * is bit-for-bit the same for any number of workers.
 */
import { availableParallelism } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Operator } from '../linalg/operator.js';
import { toSparse } from '../linalg/operator.js';
import { ComplexVector } from '../linalg/vector.js';
import { addSums, emptySums, JumpSimulator, sparseToData, type JumpProblemData, type TrajectorySums } from './jump-trajectory.js';
import type { WorkerTask } from './mcsolve-worker.js';
import { checkSquare, checkTimes } from '../util/checks.js';
import type { Qobj } from '../quantum/qobj.js';
import { SolverArguments, type OperatorLike } from './arguments.js';
import type { McsolveOptions, McsolveResult } from './types.js';

/** Trajectories per chunk: the unit of work and of summation order. */
export const CHUNK_SIZE = 8;

/**
 * A validated `mcsolve` problem split into its chunks: the unit of work, of
 * summation order and (for sharded runs) of distribution over machines.
 */
export interface McsolvePlan {
  problem: JumpProblemData;
  chunks: { index: number; first: number; count: number }[];
  ntraj: number;
}

/**
 * Validate the inputs of `mcsolve` and split its `ntraj` trajectories into chunks of CHUNK_SIZE.
 * Operators and the ket may be plain matrices/vectors or `Qobj`s (with equal dims).
 */
export function planMcsolve(hIn: OperatorLike, cOpsIn: readonly OperatorLike[], psi0In: ComplexVector | Qobj, options: McsolveOptions): McsolvePlan {
  const args = new SolverArguments();
  const h = args.operator(hIn, 'H'), cOps = args.operators(cOpsIn, 'c_ops'), psi0 = args.ket(psi0In, 'psi0');
  const eOps = args.operators(options.eOps ?? [], 'e_ops');
  const n = psi0.length;
  checkSquare(n, [['H', h], ...cOps.map((c, k): [string, Operator] => [`c_ops[${k}]`, c]), ...eOps.map((o, k): [string, Operator] => [`e_ops[${k}]`, o])]);
  const times = checkTimes(options.times);
  const ntraj = options.ntraj ?? 500;
  if (!Number.isInteger(ntraj) || ntraj < 1) throw new RangeError(`ntraj: expected a positive integer, got ${ntraj}`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`seed: expected an integer, got ${seed}`);
  let norm = 0;
  for (let x = 0; x < n; x++) norm += psi0.re[x] ** 2 + psi0.im[x] ** 2;
  if (!(norm > 0) || !Number.isFinite(norm)) throw new RangeError('psi0: the initial state is zero or not finite');
  const problem: JumpProblemData = {
    n,
    h: sparseToData(toSparse(h)),
    cOps: cOps.map((c) => sparseToData(toSparse(c))),
    eOps: eOps.map((o) => sparseToData(toSparse(o))),
    psi0: { re: psi0.re.slice(), im: psi0.im.slice() },
    times,
    seed,
    ...(options.quantumNumbers ? { quantumNumbers: Float64Array.from(options.quantumNumbers) } : {}),
  };
  const chunks: McsolvePlan['chunks'] = [];
  for (let first = 0, index = 0; first < ntraj; first += CHUNK_SIZE, index++) chunks.push({ index, first, count: Math.min(CHUNK_SIZE, ntraj - first) });
  return { problem, chunks, ntraj };
}

/**
 * Trajectory sums of the chunks `indices` of `plan` (in that order), over
 * `workers` threads; chunk k depends only on (seed, k).
 */
export async function runMcsolveChunks(
  plan: McsolvePlan, indices: readonly number[], workers: number, progress?: (fraction: number, detail: string) => void,
): Promise<{ sums: TrajectorySums[]; stats: Record<string, number> }> {
  const chunks = indices.map((i) => {
    const c = plan.chunks[i];
    if (c === undefined) throw new RangeError(`mcsolve: no chunk ${i} (of ${plan.chunks.length})`);
    return c;
  });
  const w = Math.max(1, Math.min(workers, chunks.length));
  const total = chunks.reduce((s, c) => s + c.count, 0);
  let done = 0;
  const report = (count: number): void => {
    done += count;
    progress?.(done / total, `${done} of ${total} trajectories`);
  };
  const byIndex = new Map<number, TrajectorySums>();
  let stats: Record<string, number> = { workers: w };
  if (w === 1) {
    const sim = new JumpSimulator(plan.problem);
    for (const c of chunks) {
      byIndex.set(c.index, sim.runTrajectories(c.first, c.count));
      report(c.count);
    }
    stats = { ...stats, blocks: sim.structure.count, eigenBlocks: sim.eigenBlocks, krylovBlocks: sim.krylovBlocks };
  } else {
    const { Piscina } = await import('piscina');
    const pool = new Piscina({ filename: new URL('./mcsolve-worker.js', import.meta.url).href, minThreads: w, maxThreads: w });
    try {
      const problemId = randomUUID();
      // Interleave chunks over the tasks so that each worker gets a similar mix; with a progress callback,
      // four tasks per worker so that progress moves (sums are kept by chunk index, whatever the tasks) —
      // not for large n, where every task message would clone the operators again.
      const nTasks = progress && plan.problem.n <= 1 << 14 ? Math.min(chunks.length, w * 4) : w;
      const tasks: WorkerTask[] = Array.from({ length: nTasks }, () => ({ problemId, problem: plan.problem, chunks: [] }));
      chunks.forEach((c, i) => tasks[i % nTasks].chunks.push(c));
      await Promise.all(tasks.map(async (t) => {
        const list = (await pool.run(t)) as { index: number; sums: TrajectorySums }[];
        for (const { index, sums } of list) byIndex.set(index, sums);
        report(t.chunks.reduce((s, c) => s + c.count, 0));
      }));
    } finally {
      await pool.destroy();
    }
  }
  return { sums: chunks.map((c) => byIndex.get(c.index) as TrajectorySums), stats };
}

/**
 * Means and standard errors from the sums of every chunk of `plan`, given in
 * chunk order (the summation order, so any split of the chunks over workers
 * or machines gives the same bits).
 */
export function combineMcsolveChunks(plan: McsolvePlan, sums: readonly TrajectorySums[], stats: Record<string, number> = {}, wallTimeMs = 0): McsolveResult {
  if (sums.length !== plan.chunks.length) throw new RangeError(`mcsolve: expected the sums of ${plan.chunks.length} chunks, got ${sums.length}`);
  const { times, eOps } = plan.problem;
  const ntraj = plan.ntraj;
  const nt = times.length, nE = eOps.length;
  const total = emptySums(nE, nt);
  for (const r of sums) addSums(total, r);
  const expect = [], stdErr = [];
  for (let k = 0; k < nE; k++) {
    const mRe = new Float64Array(nt), mIm = new Float64Array(nt), eRe = new Float64Array(nt), eIm = new Float64Array(nt);
    for (let i = 0; i < nt; i++) {
      const x = k * nt + i;
      mRe[i] = total.sumRe[x] / ntraj;
      mIm[i] = total.sumIm[x] / ntraj;
      if (ntraj > 1) {
        eRe[i] = Math.sqrt(Math.max(0, (total.sumSqRe[x] - ntraj * mRe[i] * mRe[i]) / (ntraj - 1)) / ntraj);
        eIm[i] = Math.sqrt(Math.max(0, (total.sumSqIm[x] - ntraj * mIm[i] * mIm[i]) / (ntraj - 1)) / ntraj);
      }
    }
    expect.push({ re: mRe, im: mIm });
    stdErr.push({ re: eRe, im: eIm });
  }
  return {
    times: Float64Array.from(times),
    expect,
    stdErr,
    ntraj,
    stats: { method: 'quantum-jump (waiting time, exact between jumps)', wallTimeMs, jumps: total.jumps, chunks: plan.chunks.length, ...stats },
  };
}

/**
 * Average `ntraj` quantum-jump trajectories from |ψ0⟩; returns the means of
 * ⟨O_k⟩(t) with their standard errors. Operators and the ket may be plain
 * matrices/vectors or `Qobj`s (with equal dims).
 *
 * @example
 * import { Qobj, mcsolve } from 'spindrift';
 * const sm = Qobj.spin(1 / 2, '-'), sz = Qobj.spin(1 / 2, 'z');
 * const r = await mcsolve(sz.scale(0), [sm.scale(Math.sqrt(1e3))], Qobj.basis(2, 0), { times: [0, 1e-3], eOps: [sz], ntraj: 200, seed: 7, workers: 1 });
 * r.expect[0].re[1]; // ≈ −0.5 + e^{−1} = −0.13, within a few r.stdErr[0].re[1]
 */
export async function mcsolve(h: OperatorLike, cOps: readonly OperatorLike[], psi0: ComplexVector | Qobj, options: McsolveOptions): Promise<McsolveResult> {
  const start = performance.now();
  const plan = planMcsolve(h, cOps, psi0, options);
  const { sums, stats } = await runMcsolveChunks(plan, plan.chunks.map((c) => c.index), options.workers ?? availableParallelism(), options.progress);
  return combineMcsolveChunks(plan, sums, stats, performance.now() - start);
}
