/**
 * Time-dependent problems through the command line (issue 19): `spindrift solve`
 * with "H_t" / "c_ops_t" (expressions and sampled coefficients) against the
 * QuTiP fixture (test/fixtures/timedep-qutip.json) and closed forms, and the
 * one-line errors with exit status 2 for a bad expression (unknown function,
 * unbalanced parentheses), a unit mismatch in a scenario, a steady state of a
 * time-dependent problem and a sampled coefficient that does not cover the times.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run-cli.js';
import { loadFixture, repoRoot } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'spindrift-cli-timedep-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const fx = loadFixture('timedep-qutip.json');

const Sx = { re: [[0, 0.5], [0.5, 0]] }, Sz = { re: [[0.5, 0], [0, -0.5]] };
const Sm = { shape: [2, 2], entries: [[1, 0, 1]] };
const Pup = { re: [[1, 0], [0, 0]] };
const scaled = (m: { re: number[][] }, s: number) => ({ re: m.re.map((row) => row.map((x) => x * s)) });

function write(name: string, doc: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return p;
}

async function solve(doc: unknown): Promise<{ times: number[]; expect: number[][]; expect_err?: number[][] }> {
  const r = await run(['solve', write('p.json', doc)]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function maxDiff(a: number[], b: number[]): number {
  return Math.max(...a.map((x, i) => Math.abs(x - b[i])));
}

test('solve: Landau–Zener with decay from "H_t" coefficient "v*t" equals QuTiP (≤ 1e-7)', async () => {
  const { Delta, v, Gamma, times, me_P_up: ref } = fx.lz;
  const out = await solve({
    H: scaled(Sx, Delta), H_t: [{ op: Sz, coeff: `${v}*t` }], c_ops: [{ shape: [2, 2], entries: [[1, 0, Math.sqrt(Gamma)]] }],
    psi0: { re: [1, 0] }, times, e_ops: [Pup], atol: 1e-12, rtol: 1e-10,
  });
  assert.ok(maxDiff(out.expect[0], ref) < 1e-7, `${maxDiff(out.expect[0], ref)}`);
});

test('solve: a time-dependent decay rate in "c_ops_t" gives exp(−∫g²dt) (≤ 1e-8); a sampled drive matches the expression (≤ 1e-5)', async () => {
  const { G0, f, w0, times, exact } = fx.tdrate;
  const out = await solve({
    H: scaled(Sz, w0), c_ops_t: [{ op: Sm, coeff: `sqrt(${G0}*(1 + 0.5*sin(2*pi*${f}*t)))` }],
    psi0: { re: [1, 0] }, times, e_ops: [Pup], atol: 1e-12, rtol: 1e-10,
  });
  assert.ok(maxDiff(out.expect[0], exact) < 1e-8, `${maxDiff(out.expect[0], exact)}`);
  // The cos drive of the fixture, as 3001 samples (≈ 35 per drive period): the not-a-knot spline's
  // error is ~(2π/35)⁴/384 ≈ 3e-6 of the amplitude, and ⟨S⟩ follows it to about that.
  const c = fx.cosdrive;
  const ts = Array.from({ length: 3001 }, (_, i) => (i * 3e-6) / 3000);
  const sampled = await solve({
    H: scaled(Sz, c.w0), H_t: [{ op: scaled(Sx, 2 * c.Omega), times: ts, values: ts.map((t) => Math.cos(c.w * t)) }],
    c_ops: [{ shape: [2, 2], entries: [[1, 0, Math.sqrt(c.gamma)]] }], psi0: { re: [1, 0] }, times: c.times, e_ops: [Sx, Sz], atol: 1e-12, rtol: 1e-10,
  });
  assert.ok(maxDiff(sampled.expect[0], c.Sx) < 1e-5 && maxDiff(sampled.expect[1], c.Sz) < 1e-5, `${maxDiff(sampled.expect[0], c.Sx)}`);
});

test('solve "mc" with "H_t": the trajectory mean agrees with "me" within 3σ', async () => {
  const { G0, f, w0, exact } = fx.tdrate;
  const times = [0, 5e-6, 10e-6, 20e-6];
  const out = await solve({
    H: scaled(Sz, w0), H_t: [{ op: Sx, coeff: `2*pi*1e5*cos(2*pi*3e6*t)` }], c_ops_t: [{ op: Sm, coeff: `sqrt(${G0}*(1 + 0.5*sin(2*pi*${f}*t)))` }],
    psi0: { re: [1, 0] }, times, e_ops: [Sz], method: 'mc', ntraj: 200, seed: 3,
  });
  const me = await solve({
    H: scaled(Sz, w0), H_t: [{ op: Sx, coeff: `2*pi*1e5*cos(2*pi*3e6*t)` }], c_ops_t: [{ op: Sm, coeff: `sqrt(${G0}*(1 + 0.5*sin(2*pi*${f}*t)))` }],
    psi0: { re: [1, 0] }, times, e_ops: [Sz],
  });
  for (let i = 1; i < times.length; i++) assert.ok(Math.abs(out.expect[0][i] - me.expect[0][i]) <= 3 * out.expect_err![0][i], `t=${times[i]}`);
  assert.ok(exact.length > 0);
});

/** Expect exit 2, one line on stderr matching `re`, nothing on stdout, no --out file. */
async function refused(args: string[], re: RegExp): Promise<void> {
  const out = join(dir, 'never.json');
  const r = await run([...args, ...(args[0] === 'solve' ? ['--out', out] : ['--out', join(dir, 'never-dir')])]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr.split('\n').length, 2, `one line: ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderr, re);
  assert.equal(r.stdout, '');
  assert.equal(existsSync(out) || existsSync(join(dir, 'never-dir')), false);
}

test('bad expressions: unknown function and unbalanced parentheses name the column; exit 2, nothing written', async () => {
  const base = { H: Sz, psi0: { re: [1, 0] }, times: [0, 1e-6], e_ops: [Sz] };
  await refused(['solve', write('f.json', { ...base, H_t: [{ op: Sx, coeff: '1e6*cosh(1e6*t)' }] })],
    /^spindrift solve: H_t\[0\]\.coeff: unknown function "cosh"; did you mean "cos"\?.* \(at column 5 of "1e6\*cosh\(1e6\*t\)"\)$/m);
  await refused(['solve', write('p.json', { ...base, c_ops_t: [{ op: Sm, coeff: 'sqrt(1e4*(1 + t)' }] })],
    /^spindrift solve: c_ops_t\[0\]\.coeff: expected "\)" to close sqrt\( \(at column 17 of/m);
  await refused(['solve', write('steady.json', { H: Sz, H_t: [{ op: Sx, coeff: 't' }], c_ops: [Sm], e_ops: [Sz] })],
    /times: a time-dependent problem \(H_t\) has no steady state/);
  await refused(['solve', write('span.json', { ...base, H_t: [{ op: Sx, times: [0, 0.5e-6], values: [1, 2] }] })],
    /H_t\[0\]\.times: the samples cover \[0, 5e-7\] s but the output times span \[0, 0\.000001\] s/);
  await refused(['solve', write('herm.json', { ...base, H_t: [{ op: { re: [[0, 1], [0, 0]] }, coeff: 't' }] })], /H_t\[0\]\.op: .*Hermitian/);
});

test('scenario with t: a unit mismatch inside cos names the column (exit 2); a valid sweep runs and matches the fixture', async () => {
  const scenario = (term: string) => `model: generic
params:
  spins: {S: 1/2}
  hamiltonian: ["${term}", "1 MHz * Sx"]
  dissipators: ["2e4 /s * S-"]
  initial: {S: +1/2}
times: [-10 us, -5 us, 0, 5 us, 10 us]
observables: {P_up: "S:|+1/2><+1/2|"}
solver: {method: me, atol: 1e-12, rtol: 1e-10}
`;
  await refused(['run', write('bad.yaml', scenario('2 MHz * cos(2*pi * 1e6 * t) * Sz'))],
    /bad\.yaml:\d+:\d+: params\.hamiltonian\[0\]: the argument of cos must be dimensionless, got s \(at column 13 of/);
  // Landau–Zener as a scenario: H/2π = (4e12 Hz/s · t) Sz + 1 MHz Sx, the fixture's sweep (Δ = 2π·1 MHz, v = 2π·4e12 /s²).
  const runDir = join(dir, 'lz-run');
  const r = await run(['run', write('lz.yaml', scenario('(4 MHz/us * t) * Sz')), '--out', runDir]);
  assert.equal(r.code, 0, r.stderr);
  const rows = readFileSync(join(runDir, 'data.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const y = rows.filter((row) => row[0] === 'P_up').map((row) => Number(row[2]));
  const ref = fx.lz.me_P_up.filter((_: number, i: number) => i % 10 === 0);
  assert.ok(maxDiff(y, ref) < 1e-7, `${y} vs ${ref}`);
});

test('docs/scenarios.md: the Landau–Zener scenario runs as written; final P_up = 0.1205 and the rate-equation estimate to 3e-3', async () => {
  const text = readFileSync(join(repoRoot(), 'docs', 'scenarios.md'), 'utf8');
  const at = text.indexOf('Worked example — a Landau–Zener');
  const block = /```yaml\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(at >= 0 && block, 'the worked example is in docs/scenarios.md');
  const runDir = join(dir, 'docs-lz');
  const r = await run(['run', write('docs-lz.yaml', block![1]), '--out', runDir]);
  assert.equal(r.code, 0, r.stderr);
  const rows = readFileSync(join(runDir, 'data.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const y = rows.filter((row) => row[0] === 'P_up').map((row) => Number(row[2]));
  const last = y[y.length - 1];
  assert.equal(Number(last.toFixed(4)), 0.1205, `P_up(T) = ${last}`);
  const PLZ = Math.exp(-(Math.PI ** 2) * 1e12 / 4e12), d = Math.exp(-1e3 * 50e-6);
  assert.ok(Math.abs(last - (PLZ * d + (1 - PLZ) * (1 - d)) * d) < 3e-3);
});
