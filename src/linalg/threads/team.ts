/**
 * The thread team of the dense kernels: the interface through which a
 * platform lends `src/linalg` extra threads for large products, and the slot
 * where it is installed (docs/architecture.md, "Threads for dense products").
 *
 * Browser-clean: nothing here touches a thread API. Without a team (the
 * default, and in the browser) every product runs on the calling thread.
 * Node programs install one through `installNodePlatform()`
 * (src/runner/node-platform.ts → ./node-team.ts: worker_threads on a
 * SharedArrayBuffer).
 *
 * Contract: a team runs a `RowJob` (./row-jobs.ts) synchronously — the caller
 * and the workers take its blocks from a shared counter until none is left,
 * and `run` returns when every block is done. A block's result does not
 * depend on which thread ran it, nor on how many threads there are, so the
 * output is bit-identical to the single-thread kernel for any team size.
 */
import type { RowBlockRunner, RowJob } from './row-jobs.js';

/** Extra threads for row-blocked dense kernels. */
export interface ThreadTeam {
  /** Threads working on a job, the caller included (≥ 2; a team of one is no team). */
  readonly size: number;
  /**
   * A Float64Array on shared memory of at least `doubles` entries, visible to
   * every thread of the team, for laying out one job's operands. Its contents
   * are undefined; it is valid until the next `shared` call.
   */
  shared(doubles: number): Float64Array;
  /**
   * Runs every block of `job` (laid out in the last `shared` array, or in
   * place in the caller's wasm memory: `InPlace` of ./row-jobs.ts, where the
   * caller computes as scratch slot 0 and worker i as slot i + 1, so the job
   * needs `size` slots) on the caller and the workers; returns when all are done. False when a worker
   * failed (e.g. could not grow its memory): then the caller must compute the
   * result itself (the single-thread path gives the same bits).
   * `afterPost`, if given, runs on the caller after the job has been posted to
   * the workers and before the caller takes blocks (for a job whose inputs
   * the caller is still producing while the workers start, see
   * `WyReflectJob.ready`); it must not throw.
   */
  run(job: RowJob, afterPost?: () => void): boolean;
  /**
   * Lends one worker to a cooperative computation of the caller (the
   * threaded reduction of ../tridiagonalize-threaded.ts; `loan` says which
   * and carries its shared memory): posts it to the first worker, which runs
   * its side until the loan ends and then goes back to the team's jobs. The
   * caller must not run team jobs meanwhile, and must not rely on the worker
   * arriving (it may still be starting): it posts work the worker may take.
   * False when there is no worker to lend (broken team).
   */
  lend(loan: { kind: string }): boolean;
  /**
   * A lent worker stopped answering (the caller of `lend` gave up on it):
   * stops the workers; every later job runs on the calling thread.
   */
  fail(): void;
  /**
   * Starts the workers now, without waiting (a caller that knows a large job
   * is coming soon). With `prepare`, the workers, once started, also fault in
   * the memory the coming jobs will touch (see `TeamPrepare`), while the
   * caller still works on something else.
   */
  prestart(prepare?: TeamPrepare): void;
  /**
   * Whether the workers are running (started by a job or `prestart`, not
   * closed since): a caller that could do its work on one thread may prefer
   * not to start them for a single short job (each is a Node worker: ≈ 60 ms
   * to start and 10–16 MB of memory).
   */
  readonly running: boolean;
  /**
   * Stopped for good because a worker stopped answering (`fail`, or a job
   * that stalled): every job is refused. `teamFor` then hands out no team, so
   * that no caller lays out an in-place job only to give its memory up.
   */
  readonly broken: boolean;
  /** Stops the workers (a later job starts them again). */
  close(): Promise<void>;
}

/**
 * Memory that the coming jobs of a caller will touch for the first time. The
 * first write to a fresh page of memory is a page fault, and on a virtual
 * machine that costs ≈ 13 µs per 4 KiB page (measured here: 32 MiB take
 * 110 ms to fill the first time, 1.3 ms the second; docs/architecture.md,
 * "First-touch page faults") — a real share of a cold n = 1000 eigensolver
 * call. Idle workers take those faults while the caller computes, in
 * parallel with it. Contents are never changed: a worker touches a page by
 * an atomic OR with 0 on one word of it, so the caller may already write
 * into a buffer the workers are still touching.
 */
export interface TeamPrepare {
  /**
   * Shared buffers (e.g. the array a job will write its result to), or byte ranges [from, to) of them,
   * split over the workers by pages and touched in this order.
   */
  buffers?: (SharedArrayBuffer | { buffer: SharedArrayBuffer; from: number; to: number })[];
  /** Doubles of its own wasm memory each worker will reserve for one job: grown and faulted in ahead. */
  workerDoubles?: number;
  /**
   * How many leading entries of `buffers` are touched before the worker's own region (default 0: the
   * own region first, for a first job that runs in it; a buffer the caller writes before any job is
   * posted goes first).
   */
  buffersFirst?: number;
}

let team: ThreadTeam | null = null;

/**
 * What a team needs from the kernels at run time: the calling thread's block
 * runner and the compiled WebAssembly module its workers adopt. ./row-jobs.ts
 * provides it when it loads, and every module that posts a job imports it (a
 * job's block sizes come from its `blockRowsFor`), so a team never runs a job
 * without it. Installing a team therefore loads no job code (nor the
 * divide-and-conquer and real products it runs): a program that never
 * computes a large dense product (a rate convolution, an ODE) does not pay
 * their resident memory (issue 18).
 */
export interface TeamRuntime {
  /** This thread's block runner, or null without the WebAssembly kernels. */
  localRunner(): RowBlockRunner | null;
  /** The compiled kernels module for the workers (null: each worker compiles its own). */
  kernelsModule(): unknown;
}

let runtime: TeamRuntime | null = null;

/** Called once by ./row-jobs.ts as it loads. */
export function provideTeamRuntime(r: TeamRuntime): void {
  runtime = r;
}

/** The kernels' run-time side, or null while no module that posts jobs has been loaded. */
export function teamRuntime(): TeamRuntime | null {
  return runtime;
}

/** Installs (or with null, removes) the dense thread team; returns the previous one. */
export function setThreadTeam(t: ThreadTeam | null): ThreadTeam | null {
  const prev = team;
  team = t;
  return prev;
}

/** The installed thread team, or null (single thread). */
export function threadTeam(): ThreadTeam | null {
  return team;
}

/**
 * Below this many floating-point operations a product runs on one thread
 * (waking the workers and copying the shared operand cost more than they
 * save). Measured on this machine, see docs/architecture.md.
 */
export const DEFAULT_THREAD_MIN_FLOPS = 1 << 24;
let minFlops = DEFAULT_THREAD_MIN_FLOPS;

/** Sets the size threshold of `teamFor` (tests lower it to split small products); returns the previous one. */
export function setThreadMinFlops(flops: number): number {
  const prev = minFlops;
  minFlops = flops;
  return prev;
}

/** The team, if one is installed, not broken, and a job of `flops` operations is worth splitting; else null. */
export function teamFor(flops: number): ThreadTeam | null {
  return team && !team.broken && flops >= minFlops ? team : null;
}
