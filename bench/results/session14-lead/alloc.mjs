// Bytes allocated per function of one compiled module while a workload runs in a fresh process (issue 18,
// session 14): V8's sampling heap profiler (one sample per 4 KiB on average, collected objects included).
// Usage: node alloc.mjs <distDir> telegraph|kmc [V8 flags...]
//   telegraph: 300 trajectories of the s002-telegraph-mc case; kmc: 2 realizations of transport-kmc (10⁴ sites).
// E.g. `node alloc.mjs dist telegraph --no-concurrent-recompilation --no-concurrent-osr` (compilation on the
// main thread: the order of events V8 takes by chance on a loaded machine, made deterministic).
import { resolve } from 'node:path';
const [distArg, which, ...flags] = process.argv.slice(2);
const dist = resolve(distArg);
const bodies = {
  telegraph: [`/telegraph-core.js`, `
    const { telegraphMonteCarlo } = await import('${dist}/src/models/spin-diffusion/telegraph.js');
    const { symmetricTelegraph } = await import('${dist}/src/models/spin-diffusion/sle.js');
    const times = Float64Array.from({ length: 101 }, (_, i) => 1e-4 * i);
    await telegraphMonteCarlo({ delta: 2e6, d12: 1.5e4, gamma2: 2 * Math.PI * 11e3, process: symmetricTelegraph(0.5, 2e6), times, trajectories: 300, batches: 20, window: [1e-3, 1e-2], seed: 2026, workers: 1 });`],
  kmc: [`/kmc-core.js`, `
    const { kmcTransport } = await import('${dist}/src/models/nuclear-transport/index.js');
    const n = 10000;
    await kmcTransport({ sites: n, periodic: false, rate: 13.35, initial: new Float64Array(n), times: [0], realizations: 2, seed: 2024, bins: n, untilAbsorbed: true, workers: 1 });`],
};
const [file, body] = bodies[which];
// (the profiling script is the tests' helper: test/helpers.ts, allocationsIn)
const { allocationsIn } = await import(new URL('../../../dist/test/helpers.js', import.meta.url));
const bytes = allocationsIn(file, body, flags);
const list = Object.entries(bytes).filter(([, v]) => v > 1e5).map(([k, v]) => `${k} ${(v / 1e6).toFixed(1)} MB`).join(', ');
console.log(`${distArg} ${which} ${flags.join(' ') || '(default flags)'}: ${list}`);
