// What one thread of the team costs a Node process (issue 18, session 14): resident memory after a worker has
// started and is idle (kept alive), for a bare worker, one that loads the team's job code, and the team's real
// worker entry (which also warms up `gemmNT`); and the cost of a process's first call of a WebAssembly kernel.
// Usage (after `npx tsc -p tsconfig.json`): node worker-cost.mjs
import { Worker } from 'node:worker_threads';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
const dist = fileURLToPath(new URL('../../../dist/src/', import.meta.url));
const rss = () => +readFileSync('/proc/self/statm', 'utf8').split(' ')[1] * 4 / 1024;
const { installNodePlatform } = await import(`${dist}runner/node-platform.js`);
installNodePlatform();
const rowJobs = await import(`${dist}linalg/threads/row-jobs.js`);
const { teamRuntime } = await import(`${dist}linalg/threads/team.js`);
await new Promise((r) => setTimeout(r, 500));
const dir = mkdtempSync(join(tmpdir(), 'worker-cost-'));
const keepAlive = "import { parentPort as __p } from 'node:worker_threads'; __p.on('message', () => {});";
const files = {
  'bare worker (idle, kept alive)': `import { workerData } from 'node:worker_threads'; Atomics.add(new Int32Array(workerData.ctrl), 3, 1); ${keepAlive}`,
  'worker importing the team\'s job code': `import { workerData } from 'node:worker_threads'; import '${dist}linalg/threads/row-jobs.js'; import '${dist}linalg/tridiagonalize-threaded.js'; Atomics.add(new Int32Array(workerData.ctrl), 3, 1); ${keepAlive}`,
};
async function cost(label, url) {
  const before = rss();
  const ctrl = new SharedArrayBuffer(64);
  const w = new Worker(url, { workerData: { ctrl, kernels: teamRuntime().kernelsModule() }, resourceLimits: { maxYoungGenerationSizeMb: 1 } });
  const c = new Int32Array(ctrl);
  while (Atomics.load(c, 3) === 0) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 400));
  console.log(`${label.padEnd(60)} +${(rss() - before).toFixed(1)} MB resident`);
  await w.terminate();
  await new Promise((r) => setTimeout(r, 300));
}
for (const [label, src] of Object.entries(files)) {
  const f = join(dir, `${label.length}.mjs`);
  writeFileSync(f, src);
  await cost(label, new URL(`file://${f}`));
}
await cost('the team\'s worker entry (node-worker.js: + gemmNT warm-up)', new URL(`file://${dist}linalg/threads/node-worker.js`));
// The first call of a kernel in a process whose main thread has not run it (V8 tiers it up: TurboFan's own
// machine code in the node binary is paged in).
const w = rowJobs.localRowBlockRunner().w;
const s = 48, ss = s * s, base = w.reserve(8 * ss + s), p = (q) => (base + q * ss) * 8;
const b0 = rss();
w.exports.gemmNT(s, s, s, 1, p(0), s, p(1), s, 0, p(4), s);
await new Promise((r) => setTimeout(r, 300));
console.log(`${'first gemmNT call on this thread'.padEnd(60)} +${(rss() - b0).toFixed(1)} MB resident`);
process.exit(0);
