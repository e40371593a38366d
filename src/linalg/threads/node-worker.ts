/**
 * Worker entry of the Node thread team (./node-team.ts): takes blocks of each
 * posted job from the shared counter and computes them with this thread's own
 * instance of the WebAssembly kernels (./row-jobs.ts). Node-only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DONE, FAILED, PAGE_BYTES, READY, takeBlock } from './protocol.js';
import { localRowBlockRunner } from './row-jobs.js';
import { adoptKernelsModule } from '../wasm.js';
import type { JobMessage, PrepareMessage } from './node-team.js';

const data = workerData as { ctrl: SharedArrayBuffer; kernels?: unknown };
const ctrl = new Int32Array(data.ctrl);
// The caller's compiled kernels module: its machine code is shared, nothing is compiled here.
adoptKernelsModule(data.kernels);

parentPort!.on('message', (message: JobMessage | PrepareMessage) => {
  if ('prepare' in message) {
    prepare(message.prepare);
    return;
  }
  const { seq, job } = message;
  const runner = localRowBlockRunner();
  for (let b = takeBlock(ctrl, seq, job.blocks); b >= 0; b = takeBlock(ctrl, seq, job.blocks)) {
    let ok = false;
    try {
      ok = runner !== null && runner.runBlock(job, b);
    } catch {
      ok = false;
    }
    if (!ok) Atomics.store(ctrl, FAILED, 1);
    Atomics.add(ctrl, DONE, 1);
    Atomics.notify(ctrl, DONE);
  }
  runner?.finish();
});

warmUp();
Atomics.add(ctrl, READY, 1);

/**
 * Faults in this worker's share of the pages a coming job will touch
 * (`TeamPrepare` in ./team.ts): one atomic OR with 0 per page of each shared
 * range (contents unchanged, safe while the caller writes there), and its own
 * wasm memory grown and written over the region a job will reserve (nothing
 * else runs on this thread meanwhile, so that region is free).
 */
function prepare({ ranges, workerDoubles }: PrepareMessage['prepare']): void {
  for (const [buf, b0, b1] of ranges) {
    const words = new Int32Array(buf, 0, buf.byteLength >> 2);
    for (let b = b0; b < b1; b += PAGE_BYTES) Atomics.or(words, b >> 2, 0);
  }
  if (workerDoubles > 0) {
    const w = localRowBlockRunner()?.w;
    const base = w ? w.reserve(workerDoubles) : -1;
    if (w && base >= 0) w.heap.fill(0, base, base + workerDoubles);
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
