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
export async function mcsolve(hIn: OperatorLike, cOpsIn: readonly OperatorLike[], psi0In: ComplexVector | Qobj, options: McsolveOptions): Promise<McsolveResult> {
  const start = performance.now();
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
  const chunks: { index: number; first: number; count: number }[] = [];
  for (let first = 0, index = 0; first < ntraj; first += CHUNK_SIZE, index++) chunks.push({ index, first, count: Math.min(CHUNK_SIZE, ntraj - first) });
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), chunks.length));
  const results: TrajectorySums[] = new Array(chunks.length);
  let blockStats: Record<string, number> = {};
  if (workers === 1) {
    const sim = new JumpSimulator(problem);
    for (const c of chunks) results[c.index] = sim.runTrajectories(c.first, c.count);
    blockStats = { blocks: sim.structure.count, eigenBlocks: sim.eigenBlocks, krylovBlocks: sim.krylovBlocks };
  } else {
    const { Piscina } = await import('piscina');
    const pool = new Piscina({ filename: new URL('./mcsolve-worker.js', import.meta.url).href, minThreads: workers, maxThreads: workers });
    try {
      const problemId = randomUUID();
      // Interleave chunks over the tasks so that each worker gets a similar mix.
      const tasks: WorkerTask[] = Array.from({ length: workers }, () => ({ problemId, problem, chunks: [] }));
      chunks.forEach((c, i) => tasks[i % workers].chunks.push(c));
      const done = await Promise.all(tasks.map((t) => pool.run(t) as Promise<{ index: number; sums: TrajectorySums }[]>));
      for (const list of done) for (const { index, sums } of list) results[index] = sums;
    } finally {
      await pool.destroy();
    }
  }
  const nt = times.length, nE = eOps.length;
  const total = emptySums(nE, nt);
  for (const r of results) addSums(total, r);
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
    times,
    expect,
    stdErr,
    ntraj,
    stats: { method: 'quantum-jump (waiting time, exact between jumps)', wallTimeMs: performance.now() - start, jumps: total.jumps, workers, chunks: chunks.length, ...blockStats },
  };
}
