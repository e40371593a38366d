// Feasibility spike (session 7), after build.mjs and npm run build: the kernels on a shared
// WebAssembly.Memory — gemmNT speed shared vs the committed (unshared) module at n = 512, a second
// instance on the same memory, and a worker instantiating the module on the caller's memory and
// computing half of a product in place while the caller computes the other half and grows the memory.
//   node bench/results/session7-lead/shared-memory/test.mjs
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
const here = dirname(fileURLToPath(import.meta.url)), root = join(here, '../../../..');
import { Worker } from 'node:worker_threads';
const sharedBytes = readFileSync(join(here, 'kernels-shared.wasm'));
const { KERNELS_WASM_BASE64 } = await import(join(root, 'dist/src/linalg/wasm-kernels.generated.js'));
const plainMod = new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
const sharedMod = new WebAssembly.Module(sharedBytes);
console.log('imports', WebAssembly.Module.imports(sharedMod).map((i) => i.module + '.' + i.name + ':' + i.kind).join(' '));
const memory = new WebAssembly.Memory({ initial: 512, maximum: 32767, shared: true });
const inst1 = new WebAssembly.Instance(sharedMod, { env: { memory, abort() { throw new Error('abort'); } } });
const inst2 = new WebAssembly.Instance(sharedMod, { env: { memory, abort() { throw new Error('abort'); } } });
const plain = new WebAssembly.Instance(plainMod, { env: { abort() {} } });
const n = 512, base = 1 << 20;
function fill(h) { for (let i = 0; i < 3 * n * n; i++) h[base / 8 + i] = Math.sin(i * 0.001); }
for (const [name, inst, mem] of [['shared', inst1, memory], ['plain', plain, plain.exports.memory]]) {
  if (mem.buffer.byteLength < base + 3 * n * n * 8 + 65536) mem.grow(Math.ceil((base + 3 * n * n * 8) / 65536));
  const h = new Float64Array(mem.buffer); fill(h);
  const g = inst.exports.gemmNT;
  for (let w = 0; w < 3; w++) g(n, n, n, 1, base, n, base + n * n * 8, n, 0, base + 2 * n * n * 8, n);
  const t0 = performance.now();
  for (let r = 0; r < 10; r++) g(n, n, n, 1, base, n, base + n * n * 8, n, 0, base + 2 * n * n * 8, n);
  const ms = (performance.now() - t0) / 10;
  console.log(name, 'gemmNT 512:', ms.toFixed(1), 'ms', (2 * n ** 3 / ms / 1e6).toFixed(1), 'GFLOP/s', 'c[7]', new Float64Array(mem.buffer)[base / 8 + 2 * n * n + 7]);
}
// second instance on the same memory sees the same data
const h = new Float64Array(memory.buffer);
inst2.exports.gemmNT(4, 4, 4, 1, base, n, base + n * n * 8, n, 0, base + 3 * n * n * 8, 4);
console.log('inst2 c00', h[base / 8 + 3 * n * n]);
// a worker instantiates on the same memory and computes rows 256..511 of C' at +3n² while we do 0..255
const w = new Worker(`
const { parentPort, workerData } = require('node:worker_threads');
const { mod, memory, n, base } = workerData;
const inst = new WebAssembly.Instance(mod, { env: { memory, abort() {} } });
const t0 = performance.now();
inst.exports.gemmNT(n / 2, n, n, 1, base + (n / 2) * n * 8, n, base + n * n * 8, n, 0, base + (3 * n * n + (n / 2) * n) * 8, n);
parentPort.postMessage(performance.now() - t0);
`, { eval: true, workerData: { mod: sharedMod, memory, n, base } });
memory.grow(Math.ceil((3 * n * n * 8 + n * n * 8) / 65536));
const t0 = performance.now();
inst1.exports.gemmNT(n / 2, n, n, 1, base, n, base + n * n * 8, n, 0, base + 3 * n * n * 8, n);
const mine = performance.now() - t0;
w.on('message', (wms) => {
  const hh = new Float64Array(memory.buffer);
  let diff = 0;
  for (let i = 0; i < n * n; i++) diff = Math.max(diff, Math.abs(hh[base / 8 + 3 * n * n + i] - hh[base / 8 + 2 * n * n + i]));
  console.log('split gemm: caller', mine.toFixed(1), 'ms, worker', wms.toFixed(1), 'ms; max diff vs one-thread C', diff);
  process.exit(0);
});
