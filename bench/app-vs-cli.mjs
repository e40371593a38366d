#!/usr/bin/env node
// The browser app vs the CLI on the same scenarios, measured in the same invocation (issue 15's target: the app
// within 1.5× of the CLI). Each workload runs alternately `spindrift run` (a child process; its compute time is
// meta.json's timings_ms.solve_ms) and the app in Debian's Chromium (app/dist served locally, `?scenario=…&autorun`;
// its compute time is what the engine worker measured around the same execute.ts call, body.dataset.solveMs).
// Both also report wall time: the CLI process from spawn to exit, the app from navigation to state 'done' (page
// load, worker start, compute, Vega plot). Best of REPS per side. Prints a Markdown table and the load average.
//
//   npm run app:build && node bench/app-vs-cli.mjs [--reps 3]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveStatic } from '../dist/test/browser/static-server.js';
import { listGallery } from '../dist/src/runner/gallery.js';

const root = join(import.meta.dirname, '..');
const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 3;
if (!existsSync(join(root, 'app', 'dist', 'index.html'))) throw new Error('build the app first: npm run app:build');

const rabi = readFileSync(join(root, 'scenarios', 'figures', 'generic-rabi-decay.yaml'), 'utf8').replace(/^figure:[\s\S]*$/m, '');
const workloads = [
  { id: 'generic-sweep', what: 'generic model, Rabi with decay (me), one-axis sweep of f_R over 24 points', text: rabi + 'sweep: {parameter: constants.f_R, from: 0.5 MHz, to: 2 MHz, steps: 24}\n' },
  { id: 's003-fig2c', what: 'spin-domains, four domains N = (8, 6, 5, 1), master equation (one point)', text: listGallery().find((g) => g.id === 's003-fig2c').text },
];

const tmp = mkdtempSync(join(tmpdir(), 'spindrift-app-bench-'));
const server = await serveStatic(join(root, 'app', 'dist'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const load = [loadavg()[0]];

function cli(w, i) {
  const file = join(tmp, `${w.id}.yaml`);
  spawnSync('sh', ['-c', `cat > ${file}`], { input: w.text });
  const out = join(tmp, `${w.id}-${i}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'bin', 'spindrift.js'), 'run', file, '--out', out], { encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`spindrift run ${w.id}: ${r.stderr}`);
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
  return { solve: meta.timings_ms.solve_ms, wall, csv: readFileSync(join(out, 'data.csv'), 'utf8') };
}

async function app(w) {
  const page = await browser.newPage();
  const t0 = performance.now();
  await page.goto(`${server.url}?scenario=${encodeURIComponent(w.text)}&autorun`);
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, { timeout: 600_000 });
  const wall = performance.now() - t0;
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== 'done') throw new Error(`app ${w.id}: ${await page.$eval('#alert', (e) => e.textContent)}`);
  const solve = Number(await page.evaluate(() => document.body.dataset.solveMs));
  const csv = await page.evaluate(async () => (await fetch(document.getElementById('download-csv').href)).text());
  await page.close();
  return { solve, wall, csv };
}

const rows = [];
for (const w of workloads) {
  const c = [], a = [];
  for (let i = 0; i < reps; i++) {
    c.push(cli(w, i));
    a.push(await app(w));
    load.push(loadavg()[0]);
  }
  const best = (xs, k) => Math.min(...xs.map((x) => x[k]));
  const same = a[0].csv === c[0].csv ? 'bit-identical' : 'differs';
  rows.push({ w, cliSolve: best(c, 'solve'), appSolve: best(a, 'solve'), cliWall: best(c, 'wall'), appWall: best(a, 'wall'), same });
}
await browser.close();
await server.close();
rmSync(tmp, { recursive: true, force: true });

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`Machine: ${cpus().length} cores; Node ${process.version}; Chromium ${browser.version?.() ?? ''}; best of ${reps}; load average (1 min) ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}\n`);
console.log('| workload | CLI compute | app compute | app / CLI | CLI wall (process) | app wall (load → plot) | app / CLI | data.csv |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.w.id}: ${r.w.what} | ${s(r.cliSolve)} | ${s(r.appSolve)} | ${(r.appSolve / r.cliSolve).toFixed(2)}× | ${s(r.cliWall)} | ${s(r.appWall)} | ${(r.appWall / r.cliWall).toFixed(2)}× | ${r.same} |`);
