/**
 * Success paths of `spindrift solve` (they run the solvers): "me" against the
 * closed form of a decaying qubit, complex expectation values, "steady" for
 * the spin-1 optical-pumping example, and "mc" output shape with standard
 * errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run-cli.js';
import { repoRoot } from '../helpers.js';


const dir = mkdtempSync(join(tmpdir(), 'spindrift-cli-solve-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function writeProblem(name: string, problem: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(problem));
  return p;
}

// Two-level system, basis |↑⟩ (index 0), |↓⟩ (index 1).
const GAMMA = 1e5; // s^-1
const OMEGA = 2 * Math.PI * 1e5; // rad/s
const sigmaZ = { re: [[1, 0], [0, -1]] };
const sigmaMinus = { shape: [2, 2], entries: [[1, 0, 1]] }; // |↓⟩⟨↑|
const decay = { shape: [2, 2], entries: [[1, 0, Math.sqrt(GAMMA)]] };
const H = { shape: [2, 2], entries: [[0, 0, OMEGA / 2], [1, 1, -OMEGA / 2]] }; // (ω/2) σz
const times = Array.from({ length: 21 }, (_, k) => k * 2e-6); // 0 … 40 µs = 4/Γ

test('"me": σz(t) = −1 + 2 e^{−Γt} for decay from |↑⟩ (to 1e-7), written atomically to --out', async () => {
  const file = writeProblem('decay.json', {
    H, c_ops: [decay], psi0: { re: [1, 0] }, times, e_ops: [sigmaZ], method: 'me', atol: 1e-12, rtol: 1e-10,
  });
  const out = join(dir, 'results', 'decay-out.json');
  const r = await run(['solve', file, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '', 'result goes to --out, not stdout');
  assert.equal(r.stderr, '');
  const res = JSON.parse(readFileSync(out, 'utf8')) as { times: number[]; expect: number[][]; stats: Record<string, unknown> };
  assert.deepEqual(res.times, times);
  assert.equal(res.expect.length, 1);
  assert.equal(res.expect[0].length, times.length);
  // Tolerance 1e-7: the brief's accuracy target for the exact/ODE paths at atol 1e-12, rtol 1e-10.
  for (let k = 0; k < times.length; k++) {
    const exact = -1 + 2 * Math.exp(-GAMMA * times[k]);
    assert.ok(Math.abs(res.expect[0][k] - exact) <= 1e-7, `t=${times[k]}: ${res.expect[0][k]} vs ${exact}`);
  }
  assert.equal(res.stats.method, 'me');
  assert.equal(res.stats.dim, 2);
  assert.deepEqual(readdirSync(join(dir, 'results')), ['decay-out.json'], 'no temporary file left');
});

test('"auto" with times and psi0 runs "me"; "complex": true gives {re, im} per e_op', async () => {
  // ψ0 = (|↑⟩ + |↓⟩)/√2: Tr(σ⁻ ρ(t)) = ρ_↑↓(t) = ½ e^{−Γt/2} e^{−iωt}.
  const s = Math.SQRT1_2;
  const file = writeProblem('coherence.json', {
    H, c_ops: [decay], psi0: { re: [s, s] }, times, e_ops: [sigmaMinus, sigmaZ], complex: true, atol: 1e-12, rtol: 1e-10,
  });
  const r = await run(['solve', file]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout) as { expect: { re: number[]; im: number[] }[]; stats: Record<string, unknown> };
  assert.equal(res.stats.method, 'me');
  assert.equal(res.stats.requested_method, 'auto');
  assert.equal(res.expect.length, 2);
  for (let k = 0; k < times.length; k++) {
    const t = times[k];
    const a = 0.5 * Math.exp(-GAMMA * t / 2);
    // Tolerance 1e-7 as above (values are O(1)).
    assert.ok(Math.abs(res.expect[0].re[k] - a * Math.cos(OMEGA * t)) <= 1e-7, `Re at t=${t}`);
    assert.ok(Math.abs(res.expect[0].im[k] + a * Math.sin(OMEGA * t)) <= 1e-7, `Im at t=${t}`);
    // σz from the equal superposition: ⟨σz⟩ = −1 + e^{−Γt}; a Hermitian e_op has Im = 0 (to rounding).
    assert.ok(Math.abs(res.expect[1].re[k] - (-1 + Math.exp(-GAMMA * t))) <= 1e-7);
    assert.ok(Math.abs(res.expect[1].im[k]) <= 1e-12);
  }
});

test('"steady": spin-1 optical pumping example ends in |0⟩ (population 1 to 1e-9)', async () => {
  const r = await run(['solve', join(repoRoot(), 'examples', 'optical-pumping-steady.json')]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout) as { rho: { re: number[][]; im: number[][] }; expect: number[]; stats: Record<string, unknown> };
  assert.equal(res.rho.re.length, 3);
  assert.equal(res.rho.im.length, 3);
  // e_ops: P(+1), P(0), P(−1), Sz. |0⟩ is the only dark state of the pumping, so P(0) = 1.
  // Tolerance 1e-9: a direct solve of a 9×9 system (rates 1e6, frequencies 2e10 rad/s).
  assert.equal(res.expect.length, 4);
  assert.ok(Math.abs(res.expect[1] - 1) <= 1e-9, `P(0) = ${res.expect[1]}`);
  assert.ok(Math.abs(res.expect[0]) <= 1e-9 && Math.abs(res.expect[2]) <= 1e-9 && Math.abs(res.expect[3]) <= 1e-9);
  assert.ok(Math.abs(res.rho.re[1][1] - 1) <= 1e-9);
  assert.equal(res.stats.method, 'steady');
  assert.equal(typeof res.stats.residual, 'number');
});

test('"steady" with "complex": true and no initial state', async () => {
  const file = writeProblem('steady-qubit.json', {
    H: { re: [[0, 1e5], [1e5, 0]] }, c_ops: [decay], e_ops: [sigmaZ, sigmaMinus], complex: true,
  });
  const r = await run(['solve', file]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout) as { expect: { re: number; im: number }[]; stats: Record<string, unknown> };
  assert.equal(res.stats.method, 'steady');
  assert.equal(res.stats.requested_method, 'auto');
  // Resonantly driven decaying qubit, H = (Ω/2)σx with Ω = 2e5: steady ⟨σz⟩ = −Γ²/(Γ² + 2Ω²)
  // (Bloch equations with T1 = 1/Γ, T2 = 2/Γ, σz measured with |↑⟩ = +1).
  const Om = 2e5;
  const sz = -(GAMMA * GAMMA) / (GAMMA * GAMMA + 2 * Om * Om);
  assert.ok(Math.abs(res.expect[0].re - sz) <= 1e-9, `⟨σz⟩ = ${res.expect[0].re} vs ${sz}`);
  assert.ok(Math.abs(res.expect[0].im) <= 1e-12);
  assert.equal(typeof res.expect[1].im, 'number');
});

test('"mc": expect and expect_err have the shape of times × e_ops; means agree with the closed form', async () => {
  const mcTimes = times.slice(0, 11); // 0 … 20 µs
  const file = writeProblem('decay-mc.json', {
    H, c_ops: [decay], psi0: { re: [1, 0] }, times: mcTimes, e_ops: [sigmaZ, { re: [[1, 0], [0, 0]] }],
    method: 'mc', ntraj: 200, seed: 7,
  });
  const r = await run(['solve', file]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout) as { times: number[]; expect: number[][]; expect_err: number[][]; stats: Record<string, unknown> };
  assert.deepEqual(res.times, mcTimes);
  assert.equal(res.expect.length, 2);
  assert.equal(res.expect_err.length, 2);
  for (let e = 0; e < 2; e++) {
    assert.equal(res.expect[e].length, mcTimes.length);
    assert.equal(res.expect_err[e].length, mcTimes.length);
  }
  assert.equal(res.stats.method, 'mc');
  assert.equal(res.stats.ntraj, 200);
  for (let k = 0; k < mcTimes.length; k++) {
    const exact = -1 + 2 * Math.exp(-GAMMA * mcTimes[k]);
    const err = res.expect_err[0][k];
    assert.ok(err >= 0 && Number.isFinite(err));
    // 5 standard errors (plus rounding): with a fixed seed this is deterministic, and a
    // wrong mean (e.g. a missing jump) would be many standard errors off.
    assert.ok(Math.abs(res.expect[0][k] - exact) <= 5 * err + 1e-12, `t=${mcTimes[k]}: ${res.expect[0][k]} ± ${err} vs ${exact}`);
  }
  assert.equal(res.expect[0][0], 1);
  assert.equal(res.expect_err[0][0], 0);

  // Same seed, same output.
  const again = await run(['solve', file]);
  const res2 = JSON.parse(again.stdout) as { expect: number[][] };
  assert.deepEqual(res2.expect, res.expect);
});

test('"mc" with "complex": true gives {re, im} for expect and expect_err', async () => {
  const file = writeProblem('decay-mc-complex.json', {
    H, c_ops: [decay], psi0: { re: [1, 0] }, times: times.slice(0, 3), e_ops: [sigmaMinus],
    method: 'mc', ntraj: 20, seed: 1, complex: true,
  });
  const r = await run(['solve', file]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout) as { expect: { re: number[]; im: number[] }[]; expect_err: { re: number[]; im: number[] }[] };
  assert.equal(res.expect.length, 1);
  assert.equal(res.expect[0].re.length, 3);
  assert.equal(res.expect[0].im.length, 3);
  assert.equal(res.expect_err[0].re.length, 3);
  assert.equal(res.expect_err[0].im.length, 3);
});

test('"npm start" example (driven qubit) runs and stays physical', async () => {
  const out = join(dir, 'driven.json');
  const r = await run(['solve', join(repoRoot(), 'examples', 'driven-qubit.json'), '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(out));
  const res = JSON.parse(readFileSync(out, 'utf8')) as { times: number[]; expect: number[][] };
  assert.equal(res.times.length, 201);
  assert.equal(res.expect[0][0], -1, 'starts in |↓⟩');
  // Bloch vector stays in the ball: σz² + σx² ≤ 1 (σy not asked for) — 1e-9 slack for rounding.
  for (let k = 0; k < 201; k++) assert.ok(res.expect[0][k] ** 2 + res.expect[1][k] ** 2 <= 1 + 1e-9);
});
