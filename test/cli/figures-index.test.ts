/**
 * `spindrift figures` (issue 17): a failing figure never prevents index.html
 * for the others — neither a figure that throws nor a process that dies in the
 * middle of one — and many worker-pool tasks sharing the interrupt signal give
 * no MaxListenersExceededWarning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { figuresCommand } from '../../src/cli/scenario-commands.js';
import { Sink } from './run-cli.js';
import { repoRoot } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'spindrift-figures-index-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const gallery = join(dir, 'gallery');
mkdirSync(gallery);
writeFileSync(join(gallery, 'aa-ok.yaml'), `model: generic
params: {spins: {S: 1/2}, hamiltonian: ["1 MHz * Sx"]}
times: {stop: 1 us, steps: 3}
figure: {id: aa-ok, caption: a figure that works}
`);
// Valid at load time; fails at run time (a 2-site pattern on a 4-site chain).
writeFileSync(join(gallery, 'bb-fails.yaml'), `model: nuclear-transport
params: {sites: 4, initial: ud, tMax: 0.01 s, points: 3}
figure: {id: bb-fails, caption: a figure that fails}
`);
// Kinetic Monte Carlo: 64 realizations = 16 chunks = 16 pool tasks holding the same abort signal at once.
writeFileSync(join(gallery, 'cc-kmc.yaml'), `model: nuclear-transport
params: {solver: kmc, sites: 12, realizations: 64, tMax: 0.01 s, points: 3}
figure: {id: cc-kmc, caption: many worker tasks}
`);
// Slow (thousands of trajectories of a 10-spin chain): the process is killed in the middle of it.
const names = Array.from({ length: 10 }, (_, i) => `A${i}`);
writeFileSync(join(gallery, 'dd-slow.yaml'), `model: generic
params:
  spins: {${names.map((a) => `${a}: 1/2`).join(', ')}}
  hamiltonian: [${names.map((a) => `"1 MHz * ${a}x"`).join(', ')}]
  dissipators: [${names.map((a) => `"1e5 /s * ${a}-"`).join(', ')}]
  initial: {${names.map((a) => `${a}: +1/2`).join(', ')}}
solver: {method: mc, ntraj: 100000}
times: {stop: 20 us, steps: 50}
figure: {id: dd-slow, caption: a figure that never finishes}
`);

test('a failing figure is listed as failed; index.html links the others; no listener-leak warning', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error): void => { warnings.push(w); };
  process.on('warning', onWarning);
  const out = join(dir, 'out');
  const stdout = new Sink(), stderr = new Sink();
  const ac = new AbortController();
  try {
    const code = await figuresCommand(['aa-ok', 'bb-fails', 'cc-kmc'], { dir: gallery, out, workers: 2, signal: ac.signal, progress: null }, { stdout, stderr });
    await new Promise((resolve) => setTimeout(resolve, 50)); // warnings are emitted on a later tick
    assert.equal(code, 1, stderr.text);
  } finally {
    process.removeListener('warning', onWarning);
  }
  assert.match(stderr.text, /^spindrift: figure bb-fails: .*pattern 'ud' has 2 characters for 4 sites\n$/m);
  const index = readFileSync(join(out, 'index.html'), 'utf8');
  assert.match(index, /<a href="aa-ok\/report\.html">aa-ok<\/a>/);
  assert.match(index, /<a href="cc-kmc\/report\.html">cc-kmc<\/a>/);
  assert.match(index, /<h2>bb-fails<\/h2>\n<p><b>failed:<\/b> .*pattern &#39;ud&#39;|<h2>bb-fails<\/h2>\n<p><b>failed:<\/b> .*pattern 'ud'/);
  assert.ok(existsSync(join(out, 'cc-kmc', 'plot.png')));
  assert.deepEqual(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message), []);
});

test('a process killed in the middle of a figure leaves index.html with the finished ones', async () => {
  const out = join(dir, 'killed');
  // The figures command in a child process, on the test gallery.
  const commands = pathToFileURL(join(repoRoot(), 'dist', 'src', 'cli', 'scenario-commands.js')).href;
  const child = spawn(process.execPath, ['--input-type=module', '-e',
    `const { figuresCommand } = await import(${JSON.stringify(commands)});
     await figuresCommand(['aa-ok', 'dd-slow'], { dir: ${JSON.stringify(gallery)}, out: ${JSON.stringify(out)}, workers: 1, progress: null }, { stdout: process.stdout, stderr: process.stderr });`,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  // Wait until the first figure is done (its report line), then let the second start and kill the process.
  const t0 = Date.now();
  while (!stdout.includes('aa-ok: ') && child.exitCode === null && Date.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  child.kill('SIGKILL');
  await exited;
  assert.ok(stdout.includes('aa-ok: '), `first figure finished: ${stdout}`);
  const index = readFileSync(join(out, 'index.html'), 'utf8');
  assert.match(index, /<a href="aa-ok\/report\.html">aa-ok<\/a>/);
  assert.match(index, /<h2>dd-slow<\/h2>\n<p><b>not run yet<\/b>/);
});
