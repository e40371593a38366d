/**
 * Worker entry of the Node thread team (./node-team.ts): takes blocks of each
 * posted job from the shared counter and computes them with this thread's own
 * instance of the WebAssembly kernels, or, for a job in place in the caller's
 * memory, with an instance over that memory (./row-jobs.ts). Node-only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DONE, FAILED, PAGE_BYTES, READY, TICKET, takeBlock } from './protocol.js';
import { localRowBlockRunner } from './row-jobs.js';
import { adoptKernelsModule } from '../wasm.js';
import { reductionPartner, type ReductionLoan } from '../tridiagonalize-threaded.js';
import type { JobMessage, LoanMessage, PrepareMessage } from './node-team.js';

const data = workerData as { ctrl: SharedArrayBuffer; kernels?: unknown };
const ctrl = new Int32Array(data.ctrl);
// The caller's compiled kernels module: its machine code is shared, nothing is compiled here.
adoptKernelsModule(data.kernels);

parentPort!.on('message', (message: JobMessage | PrepareMessage | LoanMessage) => {
  if ('prepare' in message) {
    queuePrepare(message.prepare);
    touchPending();
    return;
  }
  if ('loan' in message) {
    try {
      if (message.loan.kind === 'tridiagonalize') reductionPartner(message.loan as ReductionLoan);
    } catch {
      // (the caller computes whatever this worker did not take)
    }
    touchPending();
    return;
  }
  const { seq, job, slot } = message;
  lastSeq = seq;
  const runner = localRowBlockRunner();
  for (let b = takeBlock(ctrl, seq, job.blocks); b >= 0; b = takeBlock(ctrl, seq, job.blocks)) {
    let ok = false;
    try {
      ok = runner !== null && runner.runBlock(job, b, slot);
    } catch {
      ok = false;
    }
    if (!ok) Atomics.store(ctrl, FAILED, 1);
    Atomics.add(ctrl, DONE, 1);
    Atomics.notify(ctrl, DONE);
  }
  runner?.finish();
  // Idle until the next job: go on faulting in what a prestart asked for.
  touchPending();
});

warmUp();
Atomics.add(ctrl, READY, 1);

/**
 * Pages still to fault in for a prestart (`TeamPrepare` in ./team.ts), in
 * the order they will be needed: its share of the shared buffers in the
 * order the caller listed them, with this worker's own wasm region (which a
 * first job reserves) before the first of them or where `rangesFirst` says.
 */
const pending: ({ own: number; done: number } | { words: Int32Array; next: number; end: number })[] = [];
/** Sequence number of the last job this worker handled (0: none yet; the team numbers jobs from 1). */
let lastSeq = 0;
/** Doubles of the own region faulted in so far (they stay resident: a later request skips them). */
let ownTouched = 0;

function queuePrepare({ ranges, workerDoubles, rangesFirst }: PrepareMessage['prepare']): void {
  pending.length = 0;
  ranges.forEach(([buf, b0, b1], i) => {
    if (i === rangesFirst && workerDoubles > ownTouched) pending.push({ own: workerDoubles, done: ownTouched });
    pending.push({ words: new Int32Array(buf, 0, buf.byteLength >> 2), next: b0, end: b1 });
  });
  if (rangesFirst >= ranges.length && workerDoubles > ownTouched) pending.push({ own: workerDoubles, done: ownTouched });
}

/** Pages touched between two looks at the job counter. */
const TOUCH_CHUNK_PAGES = 16;

/**
 * Faults in pending pages until none is left or a job is posted (the job
 * counter shows a job this worker has not handled yet): a job always comes first, and what is left is resumed
 * after it (a page the job touched meanwhile costs nothing the second time). A loan (`ThreadTeam.lend`) waits
 * in the message queue until the pages are done.
 * Shared pages are touched by an atomic OR with 0 on one word (contents
 * unchanged, safe while the caller writes there); this worker's own wasm
 * memory is grown and zeroed over the region a job reserves (nothing is kept
 * there between jobs, so that region is free).
 */
function touchPending(): void {
  const posted = (): boolean => Atomics.load(ctrl, TICKET) >>> 12 !== lastSeq;
  while (pending.length > 0) {
    const p = pending[0];
    if ('own' in p) {
      const w = localRowBlockRunner()?.w;
      const base = w ? w.reserve(p.own) : -1;
      if (!w || base < 0) {
        pending.shift();
        continue;
      }
      const step = (TOUCH_CHUNK_PAGES * PAGE_BYTES) / 8;
      for (; p.done < p.own; p.done = Math.min(p.done + step, p.own)) {
        if (posted()) return;
        w.heap.fill(0, base + p.done, base + Math.min(p.done + step, p.own));
        ownTouched = Math.max(ownTouched, Math.min(p.done + step, p.own));
      }
    } else {
      for (; p.next < p.end; p.next = Math.min(p.end, p.next + TOUCH_CHUNK_PAGES * PAGE_BYTES)) {
        if (posted()) return;
        const stop = Math.min(p.end, p.next + TOUCH_CHUNK_PAGES * PAGE_BYTES);
        for (let b = p.next; b < stop; b += PAGE_BYTES) Atomics.or(p.words, b >> 2, 0);
      }
    }
    pending.shift();
  }
}

/**
 * Compiles the kernels and calls each a few times on small operands: V8 runs a
 * wasm function in its baseline compiler until its optimised code is ready, and a
 * call already running never switches, so without this a worker's first block of a
 * job would run several times slower (measured: the first 2-thread product at n = 512
 * took 4× the single-thread time).
 */
function warmUp(): void {
  const w = localRowBlockRunner()?.w;
  if (!w) return;
  const s = 48, ss = s * s, base = w.reserve(8 * ss + s);
  if (base < 0) return;
  const h = w.heap, e = w.exports;
  for (let i = 0; i < 8 * ss + s; i++) h[base + i] = ((i * 7919) % 101) / 101 - 0.5;
  const p = (q: number): number => (base + q * ss) * 8;
  for (let rep = 0; rep < 8; rep++) {
    e.zgemmNT(s, s, s, p(0), p(1), p(2), p(3), p(4), p(5));
    e.gemmNT(s, s, s, 1, p(0), s, p(1), s, 0, p(4), s);
    e.zreflectRows(s, 0, s, p(4), p(5), p(0), p(1), p(8));
  }
}
