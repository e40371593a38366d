#!/usr/bin/env node
// Heavy validation of the seed-000 effective model (not part of `npm test`; wired to `npm run validate`).
// Needs a build: `npm run build` (reads dist/), or pass --dist DIR.
//  1. KMC: 1000 realizations of a 10⁴-site chain from unpolarized nuclei to their domain walls;
//     the averaged profile must lie within 3σ of Eq. 12 at every site (σ from the exact site
//     variance 1 − P_j², which stays meaningful where P_j = ±1); reports events/s and wall time.
//  2. KMC single-core throughput (CPU time of the main thread), 10⁴-site chain.
//  3. Rate equation N = 16: exact t → ∞ limit vs Eq. 12, and Krylov propagation to t = 1 s.
// Options: --realizations R (default 1000), --sites N (default 10000), --workers W, --dist DIR.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const dist = resolve(root, opt('dist', 'dist'));
const T = await import(pathToFileURL(join(dist, 'src/models/nuclear-transport/index.js')).href);
const { installNodePlatform } = await import(pathToFileURL(join(dist, 'src/runner/node-platform.js')).href);
installNodePlatform(); // worker threads for the ensembles
const { availableThreads } = await import(pathToFileURL(join(dist, 'src/util/parallel.js')).href);

let failed = 0;
const check = (ok, msg) => { console.log(`${ok ? 'PASS' : 'FAIL'} ${msg}`); if (!ok) failed++; };

// 2. Single-core throughput.
{
  const n = 10000;
  const sim = new T.KmcSimulator({ sites: n, periodic: false, rate: 1, relaxation: 0, initial: new Float64Array(n), times: Float64Array.of(0), bins: 100, untilAbsorbed: true, seed: 7 });
  const c0 = process.cpuUsage(), w0 = performance.now();
  const s = sim.runRealizations(0, 4);
  const c = process.cpuUsage(c0), w = (performance.now() - w0) / 1e3;
  console.log(`KMC single thread, N = ${n}, 4 realizations: ${s.events} events, ${(s.events / ((c.user + c.system) / 1e6) / 1e6).toFixed(1)}e6 events/s (CPU time), ${(s.events / w / 1e6).toFixed(1)}e6 events/s (wall)`);
}

// 1. 1000 realizations to domain walls.
{
  const n = Number(opt('sites', 10000)), R = Number(opt('realizations', 1000));
  const workers = Number(opt('workers', availableThreads()));
  const t0 = performance.now();
  let last = 0;
  const r = await T.kmcTransport({
    sites: n, periodic: false, rate: Math.abs(Math.log(7 / 8)) * 100, initial: new Float64Array(n), times: [0], realizations: R,
    seed: 2024, bins: n, untilAbsorbed: true, workers,
    progress: (f) => { if (f - last >= 0.1) { last = f; console.log(`  ${(100 * f).toFixed(0)}% (${((performance.now() - t0) / 1e3).toFixed(0)} s)`); } },
  });
  const wall = (performance.now() - t0) / 1e3;
  const eq = T.domainWallPolarizations(n);
  let worst = 0, worstSite = -1;
  for (let j = 0; j < n; j++) {
    const sigma = Math.sqrt(Math.max(0, 1 - eq[j] * eq[j]) / R);
    const z = Math.abs(r.finalPolarization.mean[j] - eq[j]) / Math.max(sigma, 1e-300);
    const dev = Math.abs(r.finalPolarization.mean[j] - eq[j]);
    if (dev > 1e-12 && z > worst) { worst = z; worstSite = j; }
  }
  console.log(`KMC N = ${n}, ${R} realizations, ${workers} workers: ${r.stats.events} events in ${wall.toFixed(1)} s = ${(r.stats.events / wall / 1e6).toFixed(1)}e6 events/s; mean absorption time ${r.absorptionTime.mean.toFixed(1)} ± ${r.absorptionTime.stdErr.toFixed(1)} s`);
  check(worst <= 3, `domain-wall profile within 3σ of Eq. 12 at every site (worst |z| = ${worst.toFixed(2)} at site ${worstSite + 1})`);
  check(wall < 600, `1000 realizations in under 10 minutes (${wall.toFixed(0)} s)`);
}

// 3. Rate equation N = 16.
{
  const n = 16, g = T.chainGraph(n, Math.abs(Math.log(7 / 8)) * 100);
  const t0 = performance.now();
  const lim = T.rateEquationLimit(g, { initial: new Array(n).fill(0) });
  const tl = performance.now() - t0;
  const eq = T.domainWallPolarizations(n);
  let dev = 0;
  lim.polarization.forEach((p, j) => { dev = Math.max(dev, Math.abs(p - eq[j])); });
  check(dev < 1e-12, `rate equation N = 16 exact limit equals Eq. 12 (max dev ${dev.toExponential(1)}) in ${tl.toFixed(0)} ms`);
  const t1 = performance.now();
  const ev = T.rateEquationTransport(g, { times: [0, 0.25, 0.5, 1], initial: new Array(n).fill(0) });
  console.log(`rate equation N = 16 Krylov propagation to t = 1 s (Γt = 13): ${((performance.now() - t1) / 1e3).toFixed(1)} s, ${ev.stats.matvecs} matvecs`);
  check(Math.abs(ev.netPolarization[3]) < 1e-10, 'magnetization conserved by the N = 16 propagation');
}
process.exit(failed ? 1 : 0);
