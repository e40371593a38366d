// What the runtimes cost before a workload computes anything (issue 18, "peak memory ≤ the peer's").
// Usage: node bench/results/session13-lead/floors.mjs [reps]   (after `npx tsc -p tsconfig.json`)
// Each line is measured in fresh processes (median of `reps`), as VmHWM (peak resident memory, MB) at the end:
//   - a bare Node process, with the platform installed (`installNodePlatform`), and with one idle worker thread;
//   - Python with numpy and scipy imported (and with bench/peer.py's imports), with one idle extra thread, and
//     with OpenBLAS's two threads busy;
//   - the smallest process a threaded spindrift run of `matmul-512` or `s002-telegraph-mc` can be: the platform,
//     one worker thread (the second thread of a 2-thread run), and for the product its three 512×512 complex
//     arrays — no kernel, no model code.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const reps = Number(process.argv[2] ?? 5);
const platform = JSON.stringify(fileURLToPath(new URL('../../../dist/src/runner/node-platform.js', import.meta.url)));
const HWM = `+(require('node:fs').readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\\s+(\\d+)/)[1]) / 1024`;
const nodeHwm = `const { createRequire } = await import('node:module'); const require = createRequire(import.meta.url); const hwm = () => ${HWM};`;
const worker = `const { Worker } = await import('node:worker_threads');
  const w = new Worker("import('node:worker_threads').then((m) => m.parentPort.postMessage(0))", { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 1 } });
  await new Promise((r) => w.once('message', r)); await new Promise((r) => setTimeout(r, 200));`;
const install = `(await import(${platform})).installNodePlatform();`;
const arrays = `const arrays = Array.from({ length: 6 }, () => new Float64Array(512 * 512).fill(0.5));`;
const node = {
  'node: bare': '',
  'node: platform installed': install,
  'node: platform + one idle worker thread': `${install} ${worker}`,
  'node: platform + three 512×512 complex arrays': `${install} ${arrays}`,
  'node: platform + the arrays + one worker thread (threaded matmul-512, before any kernel)': `${install} ${arrays} ${worker}`,
};
const PY_HWM = "int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]) / 1024";
const python = {
  'python: numpy + scipy imported': 'import numpy, scipy',
  'python: the peer script\'s imports (json, os, resource, sys, numpy, scipy.sparse)': 'import json, os, resource, sys, numpy, scipy.sparse',
  'python: + one idle thread': 'import numpy, scipy, threading, time\nt = threading.Thread(target=time.sleep, args=(0.3,)); t.start(); time.sleep(0.1)',
  'python: + a 64×64 complex product on OpenBLAS\'s threads': 'import numpy, scipy\na = numpy.ones((64, 64), complex); b = a @ a',
  'python: + three 512×512 complex arrays': 'import numpy, scipy\nx = [numpy.full((512, 512), 0.5 + 0.5j) for _ in range(3)]',
};
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
const run = (cmd, args) => Number(execFileSync(cmd, args, { encoding: 'utf8', env: { ...process.env, SPINDRIFT_THREADS: '2', OPENBLAS_NUM_THREADS: '2' } }).trim());
for (const [label, body] of Object.entries(node)) {
  const script = `${nodeHwm} ${body} process.stdout.write(String(hwm())); process.exit(0);`;
  const xs = Array.from({ length: reps }, () => run(process.execPath, ['--input-type=module', '-e', script]));
  console.log(`${label.padEnd(92)} ${median(xs).toFixed(1)} MB  (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`);
}
for (const [label, body] of Object.entries(python)) {
  const xs = Array.from({ length: reps }, () => run('/usr/bin/python3', ['-c', `${body}\nprint(${PY_HWM})`]));
  console.log(`${label.padEnd(92)} ${median(xs).toFixed(1)} MB  (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`);
}
