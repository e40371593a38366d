// What one live Node worker costs in resident memory, and a kernel's first optimisation in it (issue 18, session 11).
// Usage: node wlive.mjs <step 0-3> [mainwarm]  (0: live worker; 1: + kernels instance; 2: + one tiny gemmNT; 3: + 8 calls at 48³; mainwarm: the main thread ran them first)
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
const st = () => { const t = readFileSync('/proc/self/status', 'utf8'); return Number(t.match(/VmRSS:\s+(\d+)/)[1]) / 1024; };
const step = Number(process.argv[2]);
const D = '/work/main/dist/src/linalg/';
const { compiledKernelsModule, wasmKernels } = await import(D + 'wasm.js');
const wm = wasmKernels();
if (process.argv[3] === 'mainwarm') { const b = wm.reserve(10000); for (let r = 0; r < 8; r++) wm.exports.gemmNT(48,48,48,1,b*8,48,b*8,48,0,b*8,48); }
const module = compiledKernelsModule();
await new Promise((r) => setTimeout(r, 300));
const r0 = st();
const code = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const W = await import('${D}wasm.js');
  W.adoptKernelsModule(workerData.module);
  if (${step} >= 1) W.wasmKernels();
  if (${step} >= 2) { const w = W.wasmKernels(); const b = w.reserve(1000); w.exports.gemmNT(4,4,4,1,b*8,4,b*8,4,0,b*8,4); }
  if (${step} >= 3) { const w = W.wasmKernels(); const b = w.reserve(10000); for (let r = 0; r < 8; r++) w.exports.gemmNT(48,48,48,1,b*8,48,b*8,48,0,b*8,48); }
  parentPort.on('message', () => {});
  parentPort.postMessage(1);
})();`;
const w = new Worker(code, { eval: true, workerData: { module }, resourceLimits: { maxYoungGenerationSizeMb: 1 } });
await new Promise((res) => w.once('message', res));
await new Promise((r) => setTimeout(r, 1000));
console.log('step', step, process.argv[3] ?? '', '+', (st() - r0).toFixed(1), 'MB');
await w.terminate();
