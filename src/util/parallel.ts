/**
 * The one chunked parallel runner, and the small interface through which the
 * platform lends it threads.
 *
 * The engine (linalg, quantum, solvers, models) never touches a thread API:
 * Monte Carlo work — quantum-jump trajectories, kinetic Monte Carlo, telegraph
 * noise, disorder realizations, sweep points — is described as a *job*
 * (`ChunkJob`: prepare a problem once, then run numbered chunks of it) and
 * handed to `runChunks`. Without a platform (the default, and in a browser until
 * Web Workers are registered) every chunk runs on the calling thread. A Node
 * program installs piscina worker threads with `installNodePlatform()`
 * (src/runner/node-platform.ts); each worker runs the one worker entry
 * (src/runner/worker.ts), which finds the job by its `kind` in the job registry
 * (src/runner/jobs.ts).
 *
 * Determinism: a chunk's result depends only on (problem, chunk) — every
 * Monte Carlo job seeds chunk `first … first+count−1` from the seed's stream
 * jumped `first` times — and `runChunks` returns the results in chunk order, so
 * callers that reduce them in that order get the same bits for any number of
 * threads.
 */

/** Options of one task sent to a pool. */
export interface PoolTaskOptions {
  /** Aborting rejects the task (the worker is terminated). */
  signal?: AbortSignal;
  /** Receives fractions in [0, 1] that the task reports while it runs. */
  onProgress?: (fraction: number) => void;
}

/** A set of worker threads that run registered jobs by kind. */
export interface WorkerPool {
  /** Run job `kind` on `input` in some worker; resolves with the job's output. */
  run(kind: string, input: unknown, options?: PoolTaskOptions): Promise<unknown>;
  /** Stop all workers (running tasks reject). */
  close(): Promise<void>;
}

/** What a platform provides: how many threads are worth using, and pools of them. */
export interface ParallelPlatform {
  /** Default thread count (e.g. the number of cores). */
  threads(): number;
  /** A pool of `threads` workers. */
  openPool(threads: number): WorkerPool;
}

import { AbortError } from './errors.js';

let platform: ParallelPlatform | null = null;

/** Install (or with null, remove) the platform's thread pools. */
export function setParallelPlatform(p: ParallelPlatform | null): void {
  platform = p;
}

/** Whether a platform is installed. */
export function hasParallelPlatform(): boolean {
  return platform !== null;
}

/** Default number of threads: the platform's, or 1 without one. */
export function availableThreads(): number {
  return platform ? Math.max(1, platform.threads()) : 1;
}

/** A pool of `threads` workers, or null when no platform is installed or one thread suffices. */
export function openPool(threads: number): WorkerPool | null {
  return platform && threads > 1 ? platform.openPool(threads) : null;
}

/**
 * The pool that `runChunks(…, { keepPool: true })` keeps alive between calls (one at a time, by
 * thread count), and how many runs use it. Idle workers do not keep the process alive (Node:
 * piscina unrefs them). Replaced by a pool of another size, it closes once its runs are done.
 */
let kept: { threads: number; pool: WorkerPool; users: number } | null = null;
const retired = new Set<{ threads: number; pool: WorkerPool; users: number }>();

/** Thread count of the kept pool, or 0 when none is alive (callers may then skip their start-up estimate). */
export function keptPoolThreads(): number {
  return kept ? kept.threads : 0;
}

/** Closes the kept pool (e.g. before a long single-threaded phase, or in tests); later runs open a new one. */
export async function closeKeptPool(): Promise<void> {
  const k = kept;
  kept = null;
  if (k) await retire(k);
}

async function retire(k: { threads: number; pool: WorkerPool; users: number }): Promise<void> {
  if (k.users > 0) { retired.add(k); return; }
  await k.pool.close();
}

/** A pool of `threads` ≥ 1 workers (one is worth it when the calling thread works too), or null without a platform. */
function platformPool(threads: number, allowOne: boolean): WorkerPool | null {
  return allowOne && threads >= 1 && platform ? platform.openPool(threads) : openPool(threads);
}

/** A pool for one run: the kept one (opened on first use) or, without keepPool, a fresh one. */
function acquirePool(threads: number, keep: boolean, allowOne = false): { pool: WorkerPool; release(failed: boolean): Promise<void> } | null {
  if (!keep) {
    const pool = platformPool(threads, allowOne);
    return pool && { pool, release: () => pool.close() };
  }
  if (!kept || kept.threads !== threads) {
    const pool = platformPool(threads, allowOne);
    if (!pool) return null;
    if (kept) void retire(kept);
    kept = { threads, pool, users: 0 };
  }
  const k = kept;
  k.users++;
  return {
    pool: k.pool,
    async release(failed: boolean): Promise<void> {
      k.users--;
      // an aborted or failed run may have left a worker terminated or busy: start afresh next time
      if (failed && kept === k) kept = null;
      if (kept !== k && k.users === 0) {
        retired.delete(k);
        await k.pool.close();
      }
    },
  };
}

/** A contiguous range of units (trajectories, realizations, …) numbered `index` in reduction order. */
export interface Chunk {
  index: number;
  first: number;
  count: number;
}

/** Chunks of `size` units covering `total` units. */
export function chunksOf(total: number, size: number): Chunk[] {
  const out: Chunk[] = [];
  for (let first = 0, index = 0; first < total; first += size, index++) out.push({ index, first, count: Math.min(size, total - first) });
  return out;
}

/**
 * Work that can be split into chunks. `problem` must be structured-clone safe
 * (plain objects and typed arrays); `prepare` builds what the chunks share
 * (operators, caches) once per thread.
 */
export interface ChunkJob<P, S, C extends Chunk, R> {
  /** Name under which the worker entry finds this job (src/runner/jobs.ts). */
  kind: string;
  prepare(problem: P): S;
  run(state: S, chunk: C): R;
}

/** A task of a chunk job as sent to a worker. */
export interface ChunkTask<P, C extends Chunk> {
  problemId: string;
  problem: P;
  chunks: C[];
}

export interface RunChunksOptions<S, R = unknown> {
  /** Threads to use (default: availableThreads()); never more than the chunks. */
  workers?: number;
  /** Checked between chunks; an aborted signal rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Fraction of the units done, after each chunk. */
  progress?: (fraction: number) => void;
  /** Chunks sent together to a worker (default 1: best balance and progress). */
  chunksPerTask?: number;
  /** Already prepared state for the calling thread (skips `prepare` there). */
  prepared?: S;
  /** Each chunk's result as it arrives (`position` in `chunks`; any order with threads), e.g. for partial results. */
  onResult?: (position: number, result: R) => void;
  /**
   * Keep the worker pool alive for the next call with the same thread count (default false: a pool
   * per call). The workers start once instead of per call; results do not depend on it.
   */
  keepPool?: boolean;
  /**
   * The calling thread runs chunks too, so a pool of `workers − 1` threads suffices (default false:
   * the caller only waits). Each piscina worker is a whole isolate (≈ 18 MB resident in Node), so this
   * saves one for the same number of busy threads (issue 18, peak memory). The caller takes one chunk
   * at a time and yields to the event loop between chunks; the pool gets runs of chunks sized to the
   * work left (guided self-scheduling), so a worker rarely waits for the caller to hand it more.
   * Results are the same (chunk order), only the caller's event loop is busy while it runs chunks.
   */
  callerWorks?: boolean;
}

let problemCounter = 0;

function abortError(signal: AbortSignal, what: string): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name !== 'AbortError' ? reason : new AbortError(what);
}

/**
 * Run every chunk of `job` on `problem` and return the results in chunk order
 * (see the module comment). With one thread, or no platform, the chunks run
 * here, in order.
 */
export async function runChunks<P, S, C extends Chunk, R>(job: ChunkJob<P, S, C, R>, problem: P, chunks: readonly C[], options: RunChunksOptions<S, R> = {}): Promise<R[]> {
  const total = chunks.reduce((a, c) => a + c.count, 0);
  const workers = Math.max(1, Math.min(options.workers ?? availableThreads(), chunks.length));
  const results: R[] = new Array(chunks.length);
  let done = 0;
  // with callerWorks the pool has one thread fewer (the caller is the other)
  const callerWorks = options.callerWorks === true && workers > 1 && platform !== null;
  const less = callerWorks ? 1 : 0;
  // a kept pool has the requested size (not fewer threads for a call with few chunks), so the next call finds it
  const acquired = workers > 1 && options.keepPool
    ? acquirePool(Math.max(1, options.workers ?? availableThreads()) - less, true, callerWorks)
    : workers > 1 ? acquirePool(workers - less, false, callerWorks) : null;
  if (!acquired) {
    const state = options.prepared ?? job.prepare(problem);
    for (const [i, c] of chunks.entries()) {
      if (options.signal?.aborted) throw abortError(options.signal, job.kind);
      results[i] = job.run(state, c);
      options.onResult?.(i, results[i]);
      done += c.count;
      options.progress?.(done / total);
    }
    return results;
  }
  const position = new Map<number, number>();
  chunks.forEach((c, i) => position.set(c.index, i));
  if (callerWorks) return runWithCaller(job, problem, chunks, options, acquired, workers, position, results, total);
  const per = Math.max(1, options.chunksPerTask ?? 1);
  const nTasks = Math.ceil(chunks.length / per);
  const problemId = `${job.kind}-${++problemCounter}-${Math.random().toString(36).slice(2)}`;
  // Interleave chunks over the tasks so that each task gets a similar mix.
  const tasks: ChunkTask<P, C>[] = Array.from({ length: nTasks }, () => ({ problemId, problem, chunks: [] }));
  chunks.forEach((c, i) => tasks[i % nTasks].chunks.push(c));
  const pool = acquired.pool;
  let failed = true;
  try {
    await Promise.all(tasks.map(async (t) => {
      if (options.signal?.aborted) throw abortError(options.signal, job.kind);
      const out = (await pool.run(job.kind, t, options.signal ? { signal: options.signal } : {})) as { index: number; result: R }[];
      for (const { index, result } of out) {
        const at = position.get(index)!;
        results[at] = result;
        options.onResult?.(at, result);
      }
      for (const c of t.chunks) done += c.count;
      options.progress?.(done / total);
    }));
    failed = false;
  } finally {
    await acquired.release(failed);
  }
  if (options.signal?.aborted) throw abortError(options.signal, job.kind);
  return results;
}

/**
 * Resolves after the event loop has had a turn (so that finished pool tasks are seen): `setImmediate`
 * in Node, a message to itself in a browser (a chain of `setTimeout(0)` would be clamped to 4 ms each).
 */
function nextTurn(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  if (g.setImmediate) return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    // (the DOM's MessagePort; Node never gets here)
    const port = channel.port1 as unknown as { onmessage: (() => void) | null; close(): void };
    return new Promise((resolve) => {
      port.onmessage = () => {
        port.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * `runChunks` with the calling thread taking chunks too (`callerWorks`): the
 * chunks are taken in order from one cursor — one at a time by the caller,
 * runs of ⌈left / (2·workers)⌉ (at least `chunksPerTask`, at most ⌈left / workers⌉)
 * by each pool thread whenever it is free — and the results land at their chunk's position.
 */
async function runWithCaller<P, S, C extends Chunk, R>(
  job: ChunkJob<P, S, C, R>, problem: P, chunks: readonly C[], options: RunChunksOptions<S, R>,
  acquired: { pool: WorkerPool; release(failed: boolean): Promise<void> }, workers: number,
  position: Map<number, number>, results: R[], total: number,
): Promise<R[]> {
  const per = Math.max(1, options.chunksPerTask ?? 1);
  const problemId = `${job.kind}-${++problemCounter}-${Math.random().toString(36).slice(2)}`;
  let next = 0, done = 0;
  let error: unknown = null;
  const pending: Promise<void>[] = [];
  const finished = (count: number): void => {
    done += count;
    options.progress?.(done / total);
  };
  const submit = (): void => {
    if (next >= chunks.length || error !== null) return;
    // at least chunksPerTask (unless that is more than this thread's share), and a share of what is left
    const left = chunks.length - next;
    const size = Math.min(Math.ceil(left / workers), Math.max(per, Math.ceil(left / (2 * workers))));
    const task: ChunkTask<P, C> = { problemId, problem, chunks: chunks.slice(next, next + size) };
    next += size;
    pending.push((async () => {
      try {
        if (options.signal?.aborted) throw abortError(options.signal, job.kind);
        const out = (await acquired.pool.run(job.kind, task, options.signal ? { signal: options.signal } : {})) as { index: number; result: R }[];
        for (const { index, result } of out) {
          const at = position.get(index)!;
          results[at] = result;
          options.onResult?.(at, result);
        }
        finished(task.chunks.reduce((a, c) => a + c.count, 0));
        submit();
      } catch (e) {
        error ??= e;
      }
    })());
  };
  for (let t = 1; t < workers; t++) submit();
  let state: S | undefined = options.prepared;
  try {
    while (next < chunks.length && error === null) {
      if (options.signal?.aborted) throw abortError(options.signal, job.kind);
      const at = next++;
      state ??= job.prepare(problem);
      results[at] = job.run(state, chunks[at]);
      options.onResult?.(at, results[at]);
      finished(chunks[at].count);
      await nextTurn();
    }
  } catch (e) {
    error ??= e;
  }
  // no task is submitted once the cursor is at the end or an error is set, so these are all
  await Promise.all(pending);
  await acquired.release(error !== null);
  if (error !== null) throw error;
  if (options.signal?.aborted) throw abortError(options.signal, job.kind);
  return results;
}

/**
 * Worker side of `runChunks`: run a task's chunks, reusing the prepared state
 * of the same problem (the last one per job) for the worker's lifetime.
 */
export function chunkTaskRunner<P, S, C extends Chunk, R>(job: ChunkJob<P, S, C, R>): (task: ChunkTask<P, C>) => { index: number; result: R }[] {
  let cached: { id: string; state: S } | null = null;
  return (task) => {
    if (!cached || cached.id !== task.problemId) cached = { id: task.problemId, state: job.prepare(task.problem) };
    const state = cached.state;
    return task.chunks.map((c) => ({ index: c.index, result: job.run(state, c) }));
  };
}
