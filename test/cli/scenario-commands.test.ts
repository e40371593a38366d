import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const tmp = mkdtempSync(join(tmpdir(), 'spindrift-cli-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '', err = '';
  const status = await main(args, { stdout: { write: (s: string) => { out += s; } }, stderr: { write: (s: string) => { err += s; } } });
  return { status, out, err };
}

test('figures --list prints id, model and caption of every gallery entry', async () => {
  const r = await cli(['figures', '--list']);
  assert.equal(r.status, 0);
  assert.match(r.out, /^generic-optical-pumping\s+generic\s+Generic model: optical pumping/m);
  assert.match(r.out, /^generic-rabi-decay\s+generic\s+/m);
  assert.equal(r.err, '');
});

test('models lists parameters with units and defaults', async () => {
  const r = await cli(['models']);
  assert.equal(r.status, 0);
  assert.match(r.out, /^generic — Generic spin system/m);
  assert.match(r.out, /^\s+method\s+string\s+default "me"\s+\(me \| mc \| steady\)/m);
});

const cases: [string, string, RegExp][] = [
  ['bad-unit.yaml', 'model: generic\nparams: {spins: {S: 1/2}, hamiltonian: ["1 MHz * Sx"]}\ntimes: {stop: 1 us, steps: 3}\nsweep: {parameter: constants.f, values: [1 MHz, 13 Mhz]}\n', /^spindrift: .*bad-unit\.yaml:4:\d+: sweep\.values\[1\]: .*got "13 Mhz" \(unknown unit "Mhz"; did you mean "MHz"\?\)\n$/],
  ['unknown-model.yaml', 'model: dressed-chian\n', /unknown model "dressed-chian"/],
  ['huge.yaml', 'model: generic\nparams:\n  spins: {A: 1/2, B: 1/2, C: 1/2, D: 1/2, E: 1/2, F: 1/2, G: 1/2, H: 1/2, J: 1/2, K: 1/2, L: 1/2, M: 1/2, N: 1/2, O: 1/2, Q: 1/2, R: 1/2, S: 1/2, T: 1/2, U: 1/2, V: 1/2}\n  hamiltonian: ["1 MHz * Az"]\ntimes: [0, 1 us]\n', /needs about \d.* of memory \(estimate\), but only .* is available \((free memory|ulimit -v|cgroup limit),/],
  ['broken.yaml', 'model: generic\nparams: {spins: [\n', /broken\.yaml:\d+:\d+: not valid YAML/],
];

for (const [name, text, re] of cases) {
  test(`run error ${name}: exit 2, one line, nothing written`, async () => {
    const file = join(tmp, name);
    writeFileSync(file, text);
    const out = join(tmp, 'out-' + name);
    const r = await cli(['run', file, '--out', out]);
    assert.equal(r.status, 2);
    assert.match(r.err, re);
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.equal(r.out, '');
    assert.ok(!existsSync(out), 'nothing written');
  });
}

test('run a missing file: exit 2; figures with an unknown id: exit 2 with a suggestion', async () => {
  const r = await cli(['run', join(tmp, 'nope.yaml'), '--out', join(tmp, 'o')]);
  assert.equal(r.status, 2);
  assert.match(r.err, /cannot read the scenario: ENOENT/);
  const f = await cli(['figures', 'generic-rabi-decai', '--out', join(tmp, 'figs')]);
  assert.equal(f.status, 2);
  assert.match(f.err, /generic-rabi-decai: unknown figure; did you mean "generic-rabi-decay"\?/);
  assert.ok(!existsSync(join(tmp, 'figs')));
});

test('figures ID writes DIR/<id>/ and DIR/index.html', async () => {
  const out = join(tmp, 'gallery');
  const r = await cli(['figures', 'generic-optical-pumping', '--out', out]);
  assert.equal(r.status, 0, r.err);
  assert.deepEqual(readdirSync(out).sort(), ['generic-optical-pumping', 'index.html']);
  assert.ok(existsSync(join(out, 'generic-optical-pumping', 'report.html')));
});
