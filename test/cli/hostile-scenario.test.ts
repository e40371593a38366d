/**
 * Hostile scenario files for `spindrift run` (issue 17, rows on sweeps, YAML
 * aliases, load-time checks and messages): each is refused with exit 2 and
 * one line naming the file position, the path and the real problem, and
 * nothing is written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'spindrift-hostile-scenario-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const base = `model: generic
params:
  spins: {S: 1/2}
  constants: {f_R: 1 MHz, G: 1e6 /s}
  hamiltonian: [f_R * Sx]
  dissipators: [G * S-]
  initial: {S: +1/2}
times: {stop: 1 us, steps: 5}
`;

/** Run `text` as a scenario; expect exit 2, one stderr line matching `expect`, nothing written. */
async function refused(name: string, text: string, expect: RegExp): Promise<void> {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  const out = join(dir, `out-${name}`);
  const r = await run(['run', file, '--out', out]);
  assert.equal(r.code, 2, `${name}: exit status (stderr: ${r.stderr})`);
  assert.ok(r.stderr.endsWith('\n') && r.stderr.split('\n').length === 2, `${name}: one line: ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderr, expect, name);
  assert.equal(r.stdout, '');
  assert.equal(existsSync(out), false, `${name}: nothing written`);
}

test('sweep over an unknown constant (constants.fR for f_R): exit 2 naming it, with "did you mean"', async () => {
  await refused('unknown-constant', base + 'sweep: {parameter: constants.fR, values: [0.2 MHz, 0.4 MHz]}\n',
    /unknown-constant\.yaml:9:\d+: sweep\.parameter: params\.constants has no entry "fR" \(sweeping it would change nothing\); did you mean "constants\.f_R"\?/);
});

test('sweep with a time ("from: 1 us") over a frequency constant: exit 2, unit kind mismatch', async () => {
  await refused('unit-kind', base + 'sweep: {parameter: constants.f_R, from: 1 us, to: 2 us, steps: 3}\n',
    /sweep\.parameter: unit kind mismatch: params\.constants\.f_R is a frequency \("1 MHz", Hz\), but the swept values are a time \(s\)/);
  await refused('unit-kind-mixed', base + 'sweep: {parameter: constants.f_R, values: [1 MHz, 2 us]}\n',
    /sweep\.values\[1\]: unit kind mismatch: a time \(s\) among values that are a frequency \(Hz\)/);
});

test('sweep with steps: 1e9: exit 2, too many points, the limit stated', async () => {
  await refused('steps', base + 'sweep: {parameter: constants.f_R, from: 1 MHz, to: 2 MHz, steps: 1e9}\n',
    /sweep\.steps: expected an integer ≤ 100000 \(the limit of this field\), got 1000000000/);
  await refused('grid', base + 'sweep:\n  grid:\n    - {parameter: constants.f_R, from: 1 MHz, to: 2 MHz, steps: 1000}\n    - {parameter: constants.G, from: 1e5 /s, to: 1e6 /s, steps: 1000}\n',
    /sweep: 1000000 points are too many for one run \(the limit is 100000\)/);
  await refused('time-steps', base.replace('steps: 5', 'steps: 1e9'), /times\.steps: expected an integer ≤ 1000000/);
});

test('YAML alias bomb (billion laughs, top-level anchors): exit 2 with file, line and column', async () => {
  const lol = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
model: generic
`;
  await refused('bomb-top', lol, /bomb-top\.yaml:2:8: YAML aliases expand too much/);
});

test('YAML alias bomb nested inside params: exit 2 with file, line and column', async () => {
  const nested = `model: generic
params:
  constants: &a {x: [&b [1,2,3,4,5,6,7,8,9], *b, *b, *b, *b, *b, *b, *b, *b, *b]}
  hamiltonian: [${Array.from({ length: 120 }, () => '*a').join(', ')}]
`;
  await refused('bomb-nested', nested, /bomb-nested\.yaml:3:\d+: YAML aliases expand too much/);
});

test('nuclear-transport initial: sideways: exit 2 at load time naming the field and the allowed values', async () => {
  await refused('initial', 'model: nuclear-transport\nparams:\n  initial: sideways\n',
    /initial\.yaml:3:12: params\.initial: expected 'unpolarized', 'first-up', 'first-up-rest-unpolarized', 'up', 'down' or a pattern of u\/d\/0, got 'sideways'/);
});

test('ntraj: .inf: "must be a finite integer"', async () => {
  await refused('ntraj', base + 'solver: {method: mc, ntraj: .inf}\n', /solver\.ntraj: must be a finite integer, got Infinity/);
});

test('an observable on an unknown spin: "unknown spin" naming it', async () => {
  await refused('unknown-spin', base + 'observables: ["X:|0><1|"]\n', /params\.observables\[0\]: unknown spin "X" in the transition operator X:\|m><m'\|; spins are S/);
});
