/**
 * Node's thread team for the dense kernels (./team.ts): `size − 1` worker
 * threads (./node-worker.ts) plus the calling thread, sharing a
 * SharedArrayBuffer. Node-only (worker_threads); installed by
 * `installNodePlatform()` (src/runner/node-platform.ts), never imported by
 * the browser build.
 *
 * The workers start once, lazily (at the first job, or at `prestart()`), are
 * reused for every later job and are unref'd, so an idle team never keeps
 * the process alive. A job is posted to every worker; the caller does not
 * wait for them to wake up but takes blocks itself from the shared counter
 * (./protocol.ts) — a worker that is still starting, or descheduled on a
 * loaded machine, simply takes fewer blocks — and then blocks in
 * `Atomics.wait` until the blocks taken by workers are done. So `run` is
 * synchronous, like the single-thread kernels it replaces.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { CONTROL_WORDS, DONE, FAILED, PAGE_BYTES, SEQ_LIMIT, TICKET, takeBlock } from './protocol.js';
import type { RowJob } from './row-jobs.js';
import { setThreadTeam, teamRuntime, threadTeam, type TeamPrepare, type ThreadTeam } from './team.js';

/** Young-generation size of each worker's V8 heap, in MB (see the constructor). */
const WORKER_YOUNG_GENERATION_MB = 1;
/** No block finished for this long (ms) while workers hold blocks: a worker is taken to be dead. */
export const STALL_MS = 20_000;
/** The caller re-checks progress at least this often (ms) while it waits. */
const WAIT_SLICE_MS = 250;

/** What a worker receives per job. */
export interface JobMessage {
  seq: number;
  job: RowJob;
  /** The worker's scratch slot for jobs computed in place (`InPlace` of ./row-jobs.ts): worker i has slot i + 1, the caller 0. */
  slot: number;
}

/** What a worker receives from `prestart(prepare)`: its share of the pages to fault in (see `TeamPrepare`). */
export interface PrepareMessage {
  prepare: {
    /** [buffer, first byte, end byte) ranges, page-aligned starts. */
    ranges: [SharedArrayBuffer, number, number][];
    workerDoubles: number;
    /** How many of `ranges` come before the worker's own region. */
    rangesFirst: number;
  };
}

/** What the lent worker receives from `lend` (its side of the computation runs in ./node-worker.ts). */
export interface LoanMessage {
  loan: { kind: string };
}

/** Options of a `NodeThreadTeam`. */
export interface NodeThreadTeamOptions {
  /**
   * Whether the calling thread takes blocks too (default true). False leaves
   * every block to the workers (tests use it to make sure the workers' path runs).
   */
  callerWorks?: boolean;
  /** How long (ms) no block may finish before a worker is taken to be dead (default STALL_MS). */
  stallMs?: number;
  /** Starts one worker on the control words (default: ./node-worker.js; tests inject workers that die). */
  spawnWorker?: (ctrl: SharedArrayBuffer) => Worker;
}

/** A team of `size` threads: the caller and `size − 1` workers. */
export class NodeThreadTeam implements ThreadTeam {
  readonly size: number;
  /** Jobs run and blocks computed by the workers so far (for tests and diagnostics). */
  readonly stats = { jobs: 0, workerBlocks: 0 };
  private readonly callerWorks: boolean;
  private readonly stallMs: number;
  private readonly spawnWorker: (ctrl: SharedArrayBuffer) => Worker;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS));
  private workers: Worker[] = [];
  private seq = 0;
  private buffer: Float64Array | null = null;
  /** Set when a worker stopped answering in the middle of a job (see `awaitWorkers`). */
  private isBroken = false;

  constructor(size: number, options: NodeThreadTeamOptions = {}) {
    if (!Number.isInteger(size) || size < 2) throw new RangeError(`thread team: size must be an integer ≥ 2, got ${size}`);
    this.size = size;
    this.callerWorks = options.callerWorks ?? true;
    this.stallMs = options.stallMs ?? STALL_MS;
    // The workers get the compiled kernels module: they share its machine code instead of compiling their own.
    // Their JavaScript allocates little (messages, views): a 1 MB young generation instead of V8's default
    // keeps 1–4 MB of peak RSS per worker off a threaded n = 1000 eigensolve (docs/architecture.md).
    this.spawnWorker = options.spawnWorker ?? ((ctrl) => new Worker(new URL('./node-worker.js', import.meta.url), {
      workerData: { ctrl, kernels: teamRuntime()?.kernelsModule() ?? undefined },
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    }));
  }

  prestart(prepare?: TeamPrepare): void {
    if (this.workers.length === 0) this.spawn();
    if (prepare && this.workers.length > 0) {
      const k = this.workers.length;
      const shares: PrepareMessage['prepare'][] = this.workers.map(() => ({ ranges: [], workerDoubles: prepare.workerDoubles ?? 0, rangesFirst: 0 }));
      for (const [index, entry] of (prepare.buffers ?? []).entries()) {
        if (index === (prepare.buffersFirst ?? 0)) for (const share of shares) share.rangesFirst = share.ranges.length;
        const range = entry instanceof SharedArrayBuffer ? { buffer: entry, from: 0, to: entry.byteLength } : entry;
        const buf = range.buffer, to = Math.min(range.to, buf.byteLength);
        // Contiguous page ranges, one per worker.
        const first = Math.floor(Math.max(range.from, 0) / PAGE_BYTES), pages = Math.ceil(to / PAGE_BYTES) - first;
        for (let i = 0; i < k; i++) {
          const p0 = first + Math.floor((pages * i) / k), p1 = first + Math.floor((pages * (i + 1)) / k);
          if (p1 > p0) shares[i].ranges.push([buf, p0 * PAGE_BYTES, Math.min(p1 * PAGE_BYTES, to)]);
        }
      }
      if ((prepare.buffersFirst ?? 0) >= (prepare.buffers ?? []).length) for (const share of shares) share.rangesFirst = share.ranges.length;
      this.workers.forEach((w, i) => w.postMessage({ prepare: shares[i] } satisfies PrepareMessage));
    }
  }

  lend(loan: { kind: string }): boolean {
    if (this.isBroken) return false;
    this.prestart();
    if (this.workers.length === 0) return false;
    // A worker still faulting in pages for a prestart finishes that first (a fresh result array, in a
    // warm call: ≈ 26 ms at n = 1000), and meanwhile the caller works alone: measured no slower than
    // joining at once and taking those faults later, when both threads are busy (docs/benchmarks.md).
    this.workers[0].postMessage({ loan } satisfies LoanMessage);
    return true;
  }

  fail(): void {
    this.isBroken = true;
    void this.close();
  }

  private spawn(): void {
    for (let i = 1; i < this.size; i++) {
      const w = this.spawnWorker(this.ctrl.buffer as SharedArrayBuffer);
      w.unref();
      // A worker that dies (it catches its own errors, so only e.g. out of memory) is dropped; its
      // blocks were already counted as failed or done.
      const drop = (): void => {
        this.workers = this.workers.filter((x) => x !== w);
      };
      w.on('error', drop);
      w.on('exit', drop);
      this.workers.push(w);
    }
  }

  shared(doubles: number): Float64Array {
    if (!this.buffer || this.buffer.length < doubles) this.buffer = new Float64Array(new SharedArrayBuffer(8 * doubles));
    return this.buffer;
  }

  run(job: RowJob, afterPost?: () => void): boolean {
    if (this.isBroken) return false;
    const runner = teamRuntime()?.localRunner() ?? null;
    if (!runner) return false;
    this.prestart();
    const ctrl = this.ctrl;
    const seq = (this.seq = (this.seq + 1) % SEQ_LIMIT);
    Atomics.store(ctrl, DONE, 0);
    Atomics.store(ctrl, FAILED, 0);
    Atomics.store(ctrl, TICKET, seq << 12);
    this.workers.forEach((w, i) => w.postMessage({ seq, job, slot: i + 1 } satisfies JobMessage));
    afterPost?.();
    let failed = false, mine = 0;
    const started = performance.now();
    try {
      for (let b = this.callerWorks ? takeBlock(ctrl, seq, job.blocks) : -1; b >= 0; b = takeBlock(ctrl, seq, job.blocks)) {
        mine++;
        try {
          if (!runner.runBlock(job, b, 0)) failed = true;
        } catch {
          failed = true;
        }
        Atomics.add(ctrl, DONE, 1);
      }
    } finally {
      runner.finish();
    }
    if (!this.awaitWorkers(job.blocks, performance.now() - started)) return false;
    this.stats.jobs++;
    this.stats.workerBlocks += job.blocks - mine;
    return !failed && Atomics.load(ctrl, FAILED) === 0;
  }

  /**
   * Blocks until `blocks` blocks of the current job are done. A worker that
   * died inside a block (killed, out of memory) never reports it, and the
   * caller cannot see its 'exit' event while it waits, so the wait is in
   * slices: when no block finishes for `stallMs` (STALL_MS by default, or for 50× the time the
   * caller spent on its own blocks, if longer) the team is broken — its
   * workers are stopped, its shared buffer dropped (a late write from a
   * descheduled worker then lands in memory nobody reads) and every later
   * job runs on the calling thread. Returns false then: the caller computes
   * the result itself, with the same bits.
   */
  private awaitWorkers(blocks: number, callerMs: number): boolean {
    const ctrl = this.ctrl;
    const stallMs = Math.max(this.stallMs, 50 * callerMs);
    let last = Atomics.load(ctrl, DONE);
    let since = performance.now();
    while (last < blocks) {
      Atomics.wait(ctrl, DONE, last, WAIT_SLICE_MS);
      const d = Atomics.load(ctrl, DONE);
      const now = performance.now();
      if (d !== last) {
        last = d;
        since = now;
      } else if (now - since > stallMs) {
        this.isBroken = true;
        // Any worker still holding a ticket of this job finds a new sequence number and takes nothing more.
        Atomics.store(ctrl, TICKET, ((this.seq + 1) % SEQ_LIMIT) << 12);
        void this.close();
        return false;
      }
    }
    return true;
  }

  get broken(): boolean {
    return this.isBroken;
  }

  get running(): boolean {
    return this.workers.length > 0;
  }

  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    this.buffer = null;
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

/**
 * Team size from the environment variable SPINDRIFT_THREADS (a positive
 * integer; 1 = no team), or null when it is unset or empty.
 * @throws RangeError naming the variable and value when it is not a positive integer
 */
export function threadsFromEnv(env: Record<string, string | undefined> = process.env): number | null {
  const v = env.SPINDRIFT_THREADS?.trim();
  if (v === undefined || v === '') return null;
  if (!/^[1-9][0-9]*$/.test(v)) throw new RangeError(`SPINDRIFT_THREADS must be a positive integer, got "${env.SPINDRIFT_THREADS}"`);
  return Number(v);
}

/**
 * Installs a Node thread team of `threads` threads (default: SPINDRIFT_THREADS,
 * else the number of cores; 1 removes the team) for the dense kernels, replacing
 * (and closing) any previous one. Returns the installed team or null.
 */
export function installNodeThreadTeam(threads?: number): ThreadTeam | null {
  const size = threads ?? threadsFromEnv() ?? availableParallelism();
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`thread team: threads must be a positive integer, got ${size}`);
  const prev = setThreadTeam(size >= 2 ? new NodeThreadTeam(size) : null);
  if (prev) void prev.close();
  return threadTeam();
}
