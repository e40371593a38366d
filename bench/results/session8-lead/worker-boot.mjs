// Session 8 (lead): time from `new Worker` to the worker running its first line (bare eval worker).
//   node bench/results/session8-lead/worker-boot.mjs [busy]
import { Worker } from 'node:worker_threads';
const busy = process.argv[2] === 'busy';
const t0 = performance.now();
const sab = new Int32Array(new SharedArrayBuffer(4));
const w = new Worker(`const {workerData}=require('node:worker_threads'); const a=new Int32Array(workerData); Atomics.store(a,0,1); Atomics.notify(a,0);`, { eval: true, workerData: sab.buffer });
const t1 = performance.now();
if (busy) { let x = 0; while (Atomics.load(sab, 0) === 0) x++; }
else Atomics.wait(sab, 0, 0, 5000);
console.log(`spawn call ${(t1 - t0).toFixed(1)} ms, worker running at ${(performance.now() - t0).toFixed(1)} ms (${busy ? 'main busy' : 'main waiting'})`);
w.terminate();
