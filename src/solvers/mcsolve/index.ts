/**
 * `mcsolve`: quantum-jump trajectories on the block-local engine (engine.ts),
 * run in chunks of CHUNK_SIZE over the platform's threads (util/parallel.ts).
 * Trajectory k always uses the random stream of (seed, k) and chunk sums are
 * added in chunk order, so the result is bit-for-bit the same for any number
 * of workers. (A runnable example is in mcsolve's doc comment.)
 */
import type { Operator } from '../../linalg/operator.js';
import { toSparse } from '../../linalg/operator.js';
import { SparseMatrix } from '../../linalg/sparse.js';
import { ComplexVector } from '../../linalg/vector.js';
import { availableThreads, chunksOf, runChunks, type Chunk, type ChunkJob } from '../../util/parallel.js';
import { checkSquare, checkTimes } from '../../util/checks.js';
import type { Qobj } from '../../quantum/qobj.js';
import { SolverArguments, type CollapseLike, type HamiltonianLike, type OperatorLike } from '../arguments.js';
import { isTimeDependent } from '../../quantum/superoperator.js';
import { isTimeDependentCollapse, type CoefficientFunction } from '../../quantum/qobj-evo.js';
import { sparseLinearCombination } from '../../linalg/sparse.js';
import { MC_ATOL, MC_RTOL, TimeDependentTrajectoryEngine, tdTrajectoryJob, wireProblem } from './td-engine.js';
import { revive } from './revive.js';
import type { McsolveOptions, McsolveResult } from '../types.js';
import { TrajectoryEngine, type ChunkOutput, type TrajectoryInitialState, type TrajectoryProblem } from './engine.js';
import { addSums, emptySums, meanAndError, type TrajectorySums } from './ensemble.js';
import type { PeriodicSchedule, PieceInterval } from './schedule.js';

export { TrajectoryEngine, type TrajectoryInitialState, type TrajectoryProblem } from './engine.js';
export { periodicSchedule, type PeriodicSchedule, type PieceInterval } from './schedule.js';
export { EIGEN_BLOCK_LIMIT } from './propagator.js';
export { TimeDependentTrajectoryEngine, MC_ATOL, MC_RTOL, type TimeDependentTrajectoryProblem } from './td-engine.js';
export type { TrajectorySums } from './ensemble.js';
export type { ChunkOutput } from './engine.js';

/** Trajectories per chunk: the unit of work and of summation order. */
export const CHUNK_SIZE = 8;

/** A piecewise-constant Hamiltonian: pieces (rad/s) and when each is active. */
export interface PiecewiseHamiltonian {
  pieces: readonly OperatorLike[];
  /** Periodic pieces (data; runs on worker threads). */
  periodic?: PeriodicSchedule;
  /** Any schedule (a function: runs on the calling thread only). */
  schedule?: (t: number) => PieceInterval;
}

/** A product distribution over basis states (see TrajectoryInitialState), sampled per trajectory. */
export interface ProductDistribution {
  product: { dims: readonly number[]; probabilities: readonly (readonly number[])[]; states?: SparseMatrix };
}

function isPiecewise(h: HamiltonianLike | PiecewiseHamiltonian): h is PiecewiseHamiltonian {
  return typeof h === 'object' && h !== null && 'pieces' in h;
}

/**
 * The periodic piecewise-constant form of H(t) = H0 + Σ f_k(t) H_k when every
 * f_k is piecewise constant with one common period and segment count (square
 * waves, src/expression): piece s is H0 + Σ f_k(mid of segment s) H_k. Null otherwise.
 */
export function piecewiseForm(h0: Operator, terms: readonly { op: Operator; coefficient: CoefficientFunction }[]): { pieces: Operator[]; periodic: PeriodicSchedule } | null {
  if (terms.length === 0) return null;
  const first = terms[0].coefficient.piecewiseConstant;
  if (!first) return null;
  for (const t of terms) {
    const p = t.coefficient.piecewiseConstant;
    if (!p || p.period !== first.period || p.segments !== first.segments) return null;
  }
  const { period, segments } = first;
  const pieces: Operator[] = [];
  for (let s = 0; s < segments; s++) {
    const mid = ((s + 0.5) * period) / segments;
    pieces.push(sparseLinearCombination([{ matrix: toSparse(h0), re: 1 }, ...terms.map((t) => ({ matrix: toSparse(t.op), re: t.coefficient(mid) }))]));
  }
  return { pieces, periodic: { t0: 0, period, segments } };
}

function isProduct(psi0: ComplexVector | Qobj | ProductDistribution): psi0 is ProductDistribution {
  return 'product' in psi0;
}


/** Trajectory chunks as a job of the parallel runner (the worker entry finds it as 'trajectories'). */
export const trajectoryJob: ChunkJob<TrajectoryProblem, TrajectoryEngine, Chunk, ChunkOutput> = {
  kind: 'trajectories',
  prepare(p: TrajectoryProblem): TrajectoryEngine {
    if ('product' in p.initial && p.initial.product.states) {
      p = { ...p, initial: { product: { ...p.initial.product, states: revive(p.initial.product.states) } } };
    }
    return new TrajectoryEngine({ ...p, hamiltonians: p.hamiltonians.map(revive), cOps: p.cOps.map(revive), eOps: p.eOps.map(revive) });
  },
  run(engine: TrajectoryEngine, c: Chunk): ChunkOutput {
    return engine.runChunk(c.first, c.count);
  },
};

/** Options of `mcsolve` beyond McsolveOptions. */
export interface McsolveRunOptions extends McsolveOptions {
  /** Keep every trajectory's Re⟨O_k⟩(t) (result.trajectories[j][k][i]). */
  keepTrajectories?: boolean;
  /** Checked between trajectories (one thread) or chunks; an aborted signal rejects. */
  signal?: AbortSignal;
}

/** McsolveResult with the jump statistics of the ensemble. */
export interface McsolveFullResult extends McsolveResult {
  /** Jumps per collapse operator, summed over trajectories. */
  jumpCounts: Float64Array;
  /** trajectories[j][k][i] with keepTrajectories. */
  trajectories?: Float64Array[][];
}

/**
 * A validated `mcsolve` problem split into its chunks: the unit of work, of
 * summation order and (for sharded runs, src/runner/shard.ts) of distribution
 * over machines.
 */
export interface McsolvePlan {
  problem: TrajectoryProblem;
  chunks: Chunk[];
  ntraj: number;
}

/** Validate the inputs of `mcsolve` (see there) and split its `ntraj` trajectories into chunks of CHUNK_SIZE. */
export function planMcsolve(hIn: HamiltonianLike | PiecewiseHamiltonian, cOpsIn: readonly CollapseLike[], psi0In: ComplexVector | Qobj | ProductDistribution, options: McsolveRunOptions): McsolvePlan {
  const args = new SolverArguments();
  let piecewise = isPiecewise(hIn);
  const plainH = piecewise ? null : args.hamiltonian(hIn as HamiltonianLike);
  const collapses = args.collapses(cOpsIn, 'c_ops');
  const timeDependentC = collapses.some(isTimeDependentCollapse);
  let pieces: Operator[] = [];
  let periodicForm: PeriodicSchedule | undefined;
  let tdTerms: { op: Operator; coefficient: CoefficientFunction }[] | null = null;
  const methodSpec = options.method ?? 'auto';
  const methodKind = typeof methodSpec === 'string' ? methodSpec : methodSpec.kind;
  if (!['auto', 'exact', 'ode'].includes(methodKind)) throw new RangeError(`method: expected 'auto', 'exact' or 'ode', got ${JSON.stringify(methodKind)}`);
  if (methodKind === 'ode' && piecewise) throw new RangeError("method: 'ode' takes a Hamiltonian or H(t), not a piecewise schedule");
  if (plainH !== null && methodKind === 'ode') {
    pieces = [isTimeDependent(plainH) ? plainH.h0 : plainH];
    tdTerms = isTimeDependent(plainH) ? plainH.terms : [];
  } else if (plainH !== null && isTimeDependent(plainH)) {
    // Piecewise-constant drives (square waves) keep the exact block-local propagators.
    const form = timeDependentC ? null : piecewiseForm(plainH.h0, plainH.terms);
    if (form) {
      pieces = form.pieces;
      periodicForm = form.periodic;
      piecewise = true;
    } else {
      if (methodKind === 'exact') throw new RangeError("method: 'exact' needs a constant or piecewise-constant (square-wave) generator; use 'ode' or 'auto' for H(t)");
      pieces = [plainH.h0];
      tdTerms = plainH.terms;
    }
  } else {
    if (timeDependentC && methodKind === 'exact') throw new RangeError("method: 'exact' needs constant collapse operators; use 'ode' or 'auto'");
    pieces = plainH !== null ? [plainH as Operator] : (hIn as PiecewiseHamiltonian).pieces.map((p, k) => args.operator(p, `H.pieces[${k}]`));
  }
  if (pieces.length === 0) throw new RangeError('H.pieces: at least one Hamiltonian is required');
  if (timeDependentC) tdTerms ??= [];
  const cOps = collapses.map((c) => (isTimeDependentCollapse(c) ? c.op : c));
  const psi0 = isProduct(psi0In) ? psi0In : args.ket(psi0In, 'psi0');
  const eOps = args.operators(options.eOps ?? [], 'e_ops');
  // The dimension is the state's (as mesolve): operators of another size are named in the error.
  const n = psi0 instanceof ComplexVector ? psi0.length : pieces[0].rows;
  checkSquare(n, [
    ...pieces.map((p, k): [string, Operator] => [piecewise ? `H.pieces[${k}]` : 'H', p]),
    ...(tdTerms ?? []).map((p, k): [string, Operator] => [`H.terms[${k}]`, p.op]),
    ...cOps.map((c, k): [string, Operator] => [`c_ops[${k}]`, c]),
    ...eOps.map((o, k): [string, Operator] => [`e_ops[${k}]`, o]),
  ]);
  const times = checkTimes(options.times);
  const ntraj = options.ntraj ?? 500;
  if (!Number.isInteger(ntraj) || ntraj < 1) throw new RangeError(`ntraj: expected a positive integer, got ${ntraj}`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`seed: expected an integer, got ${seed}`);
  let initial: TrajectoryInitialState;
  if (psi0 instanceof ComplexVector) {
    let norm = 0;
    for (let x = 0; x < n; x++) norm += psi0.re[x] ** 2 + psi0.im[x] ** 2;
    if (!(norm > 0) || !Number.isFinite(norm)) throw new RangeError('psi0: the initial state is zero or not finite');
    initial = { ket: { re: psi0.re.slice(), im: psi0.im.slice() } };
  } else {
    initial = psi0;
  }
  const schedule = isPiecewise(hIn) ? hIn.schedule : undefined;
  const periodic = isPiecewise(hIn) ? hIn.periodic : periodicForm;
  const own: { atol?: number; rtol?: number } = typeof methodSpec === 'object' && methodSpec.kind === 'ode' ? methodSpec : {};
  const atol = own.atol ?? options.atol ?? MC_ATOL, rtol = own.rtol ?? options.rtol ?? MC_RTOL;
  if (!(atol > 0) || !Number.isFinite(atol)) throw new RangeError(`atol: expected a positive number, got ${atol}`);
  if (!(rtol > 0) || !Number.isFinite(rtol)) throw new RangeError(`rtol: expected a positive number, got ${rtol}`);
  if (tdTerms !== null && !('ket' in initial)) throw new RangeError('psi0: a time-dependent problem needs a ket, not a product distribution');
  const problem: TrajectoryProblem = {
    hamiltonians: pieces.map(toSparse), cOps: cOps.map(toSparse), eOps: eOps.map(toSparse), times, initial, seed,
    ...(schedule ? { schedule } : {}), ...(periodic ? { periodic } : {}),
    ...(options.quantumNumbers ? { quantumNumbers: Float64Array.from(options.quantumNumbers) } : {}),
    ...(options.keepTrajectories ? { keepTrajectories: true } : {}),
  };
  if (tdTerms !== null && 'ket' in initial) {
    problem.timeDependent = {
      h0: toSparse(pieces[0]), hTerms: tdTerms.map((x) => ({ op: toSparse(x.op), coefficient: x.coefficient })),
      collapses: collapses.map((c) => (isTimeDependentCollapse(c) ? { op: toSparse(c.op), coefficient: c.coefficient } : { op: toSparse(c), coefficient: null })),
      eOps: problem.eOps, times, ket: initial.ket, seed, atol, rtol, ...(options.keepTrajectories ? { keepTrajectories: true } : {}),
    };
  }
  return { problem, chunks: chunksOf(ntraj, CHUNK_SIZE), ntraj };
}

/**
 * The chunks `indices` of `plan` (in that order) over `workers` threads; chunk k
 * depends only on (seed, k). A problem with a schedule function runs on this thread.
 * `onChunk` receives each chunk's output as it finishes (position in `indices`;
 * any order with threads), e.g. for a running ensemble mean; it does not change the result.
 */
export async function runMcsolveChunks(
  plan: McsolvePlan, indices: readonly number[], workers: number, progress?: (fraction: number, detail: string) => void, signal?: AbortSignal,
  onChunk?: (position: number, output: ChunkOutput) => void,
): Promise<{ outputs: ChunkOutput[]; sums: TrajectorySums[]; stats: Record<string, number> }> {
  const chunks = indices.map((i) => {
    const c = plan.chunks[i];
    if (c === undefined) throw new RangeError(`mcsolve: no chunk ${i} (of ${plan.chunks.length})`);
    return c;
  });
  const total = chunks.reduce((a, c) => a + c.count, 0);
  const report = progress ? (done: number): void => progress(done / total, `${done} of ${total} trajectories`) : undefined;
  if (plan.problem.timeDependent) return runTimeDependentChunks(plan, chunks, workers, report, signal, onChunk);
  const w = plan.problem.schedule ? 1 : Math.max(1, Math.min(workers, chunks.length));
  const engine = new TrajectoryEngine(plan.problem); // validates here, and runs the chunks when single-threaded
  const { outputs, workers: used } = await runEngineChunks(trajectoryJob, plan.problem, engine, chunks, w, report, signal, onChunk);
  return {
    outputs,
    sums: outputs.map((o) => o.sums),
    stats: {
      workers: used, blocks: engine.structure.count, largestBlock: engine.largestBlock,
      // propagators built on this thread (all of them when single-threaded)
      eigenBlocks: engine.eigenBlocks, krylovBlocks: engine.krylovBlocks, propagatorTimeMs: engine.propagatorTimeMs,
    },
  };
}

/**
 * Start-up cost of a worker pool assumed by {@link runEngineChunks}, ms: threads loading the
 * engine's modules and rebuilding the problem's propagators (100–300 ms measured on a cold 2-core
 * machine; the lower end is used so that long runs never wait for the decision).
 */
let poolStartupMs = 100;

/** Sets the assumed pool start-up (ms; 0 always dispatches to the pool — for tests of the threaded path). Returns the previous value. */
export function setPoolStartupEstimate(ms: number): number {
  const previous = poolStartupMs;
  poolStartupMs = ms;
  return previous;
}

/**
 * Run `chunks` with `engine` on this thread (w = 1: progress and abort after every trajectory)
 * or over w worker threads as `job` on `problem`; outputs in chunk order.
 *
 * With w > 1 the chunks still start on this thread, and the rest goes to a pool only once the
 * measured time per trajectory projects the remainder, split over w threads, to save more than
 * the pool's start-up (`poolStartupMs`): a small ensemble never starts workers (issue 18,
 * lever 6), a large one loses at most the first chunk's parallelism. Each chunk's bits do not
 * depend on the thread that runs it, so the result is the same for any split.
 */
async function runEngineChunks<P>(
  job: ChunkJob<P, unknown, Chunk, ChunkOutput> | null, problem: P | null,
  engine: { runChunk(first: number, count: number, signal?: AbortSignal, progress?: (done: number) => void): ChunkOutput },
  chunks: readonly Chunk[], w: number, report: ((done: number) => void) | undefined, signal?: AbortSignal,
  onChunk?: (position: number, output: ChunkOutput) => void,
): Promise<{ outputs: ChunkOutput[]; workers: number }> {
  const threaded = w > 1 && job !== null && problem !== null;
  const total = chunks.reduce((a, c) => a + c.count, 0);
  const outputs: ChunkOutput[] = [];
  let done = 0;
  const start = performance.now();
  for (const c of chunks) {
    if (threaded && (poolStartupMs <= 0 || (done > 0 && ((performance.now() - start) / done) * (total - done) * (1 - 1 / w) > poolStartupMs))) break;
    outputs.push(engine.runChunk(c.first, c.count, signal, report ? (k) => report(done + k) : undefined));
    onChunk?.(outputs.length - 1, outputs[outputs.length - 1]);
    done += c.count;
  }
  if (outputs.length === chunks.length) return { outputs, workers: 1 };
  const offset = outputs.length, inThread = done;
  const rest = chunks.slice(offset);
  const restTotal = total - inThread;
  const results = await runChunks(job!, problem!, rest, {
    // the pool stays alive for the next call (no per-call worker start; issue 18, lever 6)
    workers: w, prepared: engine, keepPool: true,
    ...(signal ? { signal } : {}), ...(report ? { progress: (f: number) => report(inThread + Math.round(f * restTotal)) } : {}),
    ...(onChunk ? { onResult: (i: number, r: ChunkOutput) => onChunk(offset + i, r) } : {}),
  });
  return { outputs: outputs.concat(results), workers: Math.max(1, Math.min(w, rest.length)) };
}

/**
 * Chunks of a time-dependent problem, on this thread: its coefficients are JavaScript
 * functions, which cannot be sent to worker threads.
 */
async function runTimeDependentChunks(
  plan: McsolvePlan, chunks: readonly Chunk[], workers: number, report: ((done: number) => void) | undefined, signal?: AbortSignal,
  onChunk?: (position: number, output: ChunkOutput) => void,
): Promise<{ outputs: ChunkOutput[]; sums: TrajectorySums[]; stats: Record<string, number> }> {
  const engine = new TimeDependentTrajectoryEngine(plan.problem.timeDependent!);
  // Coefficients compiled from expressions or samples travel as their sources; JavaScript functions cannot.
  const wire = wireProblem(plan.problem.timeDependent!);
  const w = wire ? Math.max(1, Math.min(workers, chunks.length)) : 1;
  const { outputs, workers: used } = await runEngineChunks(wire ? tdTrajectoryJob : null, wire, engine, chunks, w, report, signal, onChunk);
  return { outputs, sums: outputs.map((o) => o.sums), stats: { workers: used, odeSteps: engine.steps, odeRejected: engine.rejected } };
}

/**
 * Means and standard errors from every chunk of `plan`, given in chunk order
 * (the summation order, so any split of the chunks over threads or machines
 * gives the same bits): chunk outputs, or their sums alone (then jumpCounts
 * are not known and stay zero).
 */
export function combineMcsolveChunks(plan: McsolvePlan, parts: readonly (ChunkOutput | TrajectorySums)[], stats: Record<string, number> = {}, wallTimeMs = 0): McsolveFullResult {
  if (parts.length !== plan.chunks.length) throw new RangeError(`mcsolve: expected the sums of ${plan.chunks.length} chunks, got ${parts.length}`);
  const { times, eOps, cOps } = plan.problem;
  const ntraj = plan.ntraj;
  const nt = times.length, nE = eOps.length;
  const total = emptySums(nE, nt);
  const jumpCounts = new Float64Array(cOps.length);
  const kept: Float64Array[][] = [];
  for (const part of parts) {
    const out = 'sumRe' in part ? { sums: part } as ChunkOutput : part;
    addSums(total, out.sums);
    if (out.jumpCounts) for (let k = 0; k < jumpCounts.length; k++) jumpCounts[k] += out.jumpCounts[k];
    if (out.trajectories) kept.push(...out.trajectories);
  }
  const expect = [], stdErr = [];
  for (let k = 0; k < nE; k++) {
    const re = meanAndError(total.sumRe, total.sumSqRe, k * nt, nt, ntraj), im = meanAndError(total.sumIm, total.sumSqIm, k * nt, nt, ntraj);
    expect.push({ re: re.mean, im: im.mean });
    stdErr.push({ re: re.stdErr, im: im.stdErr });
  }
  return {
    times: Float64Array.from(times),
    expect,
    stdErr,
    ntraj,
    jumpCounts,
    ...(plan.problem.keepTrajectories ? { trajectories: kept } : {}),
    stats: {
      method: plan.problem.timeDependent
        ? 'quantum-jump (waiting time, DOP853 between jumps, jump time by dense output)'
        : 'quantum-jump (waiting time, block-local, exact between jumps)',
      wallTimeMs, jumps: total.jumps, chunks: plan.chunks.length, ...stats },
  };
}

/**
 * Average `ntraj` quantum-jump trajectories; returns the means of ⟨O_k⟩(t)
 * with their standard errors. `h` is an operator or a piecewise-constant
 * Hamiltonian; `psi0` a ket or a product distribution over basis states.
 * Operators and the ket may be plain matrices/vectors or `Qobj`s (with equal dims).
 *
 * @example
 * import { Qobj, mcsolve } from 'spindrift';
 * const sm = Qobj.spin(1 / 2, '-'), sz = Qobj.spin(1 / 2, 'z');
 * const r = await mcsolve(sz.scale(0), [sm.scale(Math.sqrt(1e3))], Qobj.basis(2, 0), { times: [0, 1e-3], eOps: [sz], ntraj: 200, seed: 7, workers: 1 });
 * r.expect[0].re[1]; // ≈ −0.5 + e^{−1} = −0.13, within a few r.stdErr[0].re[1]
 */
export async function mcsolve(h: HamiltonianLike | PiecewiseHamiltonian, cOps: readonly CollapseLike[], psi0: ComplexVector | Qobj | ProductDistribution, options: McsolveRunOptions): Promise<McsolveFullResult> {
  const start = performance.now();
  const plan = planMcsolve(h, cOps, psi0, options);
  const { outputs, stats } = await runMcsolveChunks(plan, plan.chunks.map((c) => c.index), options.workers ?? availableThreads(), options.progress, options.signal);
  return combineMcsolveChunks(plan, outputs, stats, performance.now() - start);
}
