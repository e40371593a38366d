/**
 * The README tells the truth (issue 17): its TypeScript example is the
 * runnable examples/quick-start.mjs, `run … --out` does not write into the
 * folder `npm start` fills, `figures --help` says where the paper figures are
 * defined, and no link leaves the repository.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, relative } from 'node:path';
import { repoRoot } from '../helpers.js';
import { run } from './run-cli.js';

const root = repoRoot();
const readme = readFileSync(join(root, 'README.md'), 'utf8');

test('the README TypeScript example is examples/quick-start.mjs, and it runs', () => {
  const block = /```ts\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'README has a ```ts block');
  const example = readFileSync(join(root, 'examples', 'quick-start.mjs'), 'utf8');
  assert.ok(example.includes(block[1].trim()), 'examples/quick-start.mjs contains the README code verbatim');
  assert.match(readme, /node examples\/quick-start\.mjs/);
  const r = spawnSync(process.execPath, [join(root, 'examples', 'quick-start.mjs')], { encoding: 'utf8', cwd: root });
  assert.equal(r.status, 0, r.stderr);
  // <σz>(100 µs) = 2e^{-1} − 1 for Γ = 1e4 /s (closed form), then the mc mean ± error, then the steady state |↓><↓|.
  const [first] = r.stdout.split('\n');
  assert.ok(Math.abs(Number(first.split(' ')[0]) - (2 * Math.exp(-1) - 1)) < 1e-9, first);
});

test('README: `run … --out` does not write into the folder `npm start` fills; links stay inside the repository', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const startOut = /--out (\S+)/.exec(pkg.scripts.start)![1];
  const runOuts = [...readme.matchAll(/spindrift run \S+ --out (\S+)/g)].map((m) => m[1]);
  assert.ok(runOuts.length > 0);
  for (const o of runOuts) {
    const rel = relative(normalize(startOut), normalize(o));
    assert.ok(rel.startsWith('..') && rel !== '', `run --out ${o} is outside npm start's ${startOut}/`);
  }
  for (const m of readme.matchAll(/\]\(([^)#]+)\)/g)) {
    if (/^https?:/.test(m[1])) continue;
    assert.ok(!normalize(m[1]).startsWith('..'), `link ${m[1]} leaves the repository`);
    assert.ok(existsSync(join(root, m[1])), `link ${m[1]} resolves`);
  }
  assert.doesNotMatch(readme, /\.\.\/shared/);
});

test('figures --help says where the paper figures are defined', async () => {
  const r = await run(['figures', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /src\/models\/<model>\/figures\.ts/);
  assert.match(r.stdout, /scenarios\/figures/);
});
