import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocatedIn, srcModule } from '../../helpers.js';
import { installNodePlatform } from '../../../src/runner/node-platform.js';

installNodePlatform(); // worker threads, so the runs with workers > 1 use them
import {
  chainGraph, ringGraph, treeGraph, lindbladTransport, rateEquationTransport, rateEquationLimit, continuityDefect,
  currentFromAdjoint, currentOperator, currentChannels, kmcTransport, domainWallPolarizations, graphFromEdges,
} from '../../../src/models/nuclear-transport/index.js';

const GAMMA = Math.abs(Math.log(7 / 8)) * 100; // Eq. B.6 with Γ_e = 100 s⁻¹
const times = Array.from({ length: 9 }, (_, k) => k * 0.06);
const init6 = [1, -1, 0, 0.3, -0.5, 0];

function maxDiff(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  let d = 0;
  a.forEach((x, i) => { for (let k = 0; k < x.length; k++) d = Math.max(d, Math.abs(x[k] - b[i][k])); });
  return d;
}

for (const [name, g] of [['chain', chainGraph(6, GAMMA)], ['ring', ringGraph(6, GAMMA)]] as const) {
  test(`N = 6 ${name}: Lindblad (mesolve) and rate equation agree to 1e-10`, () => {
    const a = lindbladTransport(g, { times, initial: init6 });
    const b = rateEquationTransport(g, { times, initial: init6 });
    // Both are exact propagators (eigen/expm vs Krylov at tol 1e-13); 1e-10 leaves room for round-off only.
    assert.ok(maxDiff(a.polarization, b.polarization) < 1e-10);
    assert.ok(maxDiff(a.currents.map((c) => c.values), b.currents.map((c) => c.values)) < 1e-10);
    assert.ok(maxDiff(a.voltages.map((c) => c.values), b.voltages.map((c) => c.values)) < 1e-10);
    // Without coherent bonds every configuration is its own invariant block (finer than magnetization).
    assert.equal(a.stats.blocks, 64);
    // Total magnetization is conserved exactly (to round-off).
    const pc0 = a.netPolarization[0];
    for (const v of a.netPolarization) assert.ok(Math.abs(v - pc0) < 1e-12);
    for (const v of b.netPolarization) assert.ok(Math.abs(v - pc0) < 1e-12);
  });
}

test('N = 6 chain and ring: KMC within 3 standard errors of the rate equation', async () => {
  for (const g of [chainGraph(6, GAMMA), ringGraph(6, GAMMA)]) {
    const exact = rateEquationTransport(g, { times, initial: init6 });
    const r = await kmcTransport({ sites: 6, periodic: g.topology === 'ring', rate: GAMMA, initial: init6, times, realizations: 4000, seed: 11, workers: 1 });
    // 6 sites × 9 times = 54 (correlated) comparisons at 3σ; the fixed seed makes the outcome deterministic.
    for (let j = 0; j < 6; j++) for (let k = 0; k < times.length; k++) {
      const { mean, stdErr } = r.polarization[j];
      const tol = 3 * Math.max(stdErr[k], 1e-12);
      assert.ok(Math.abs(mean[k] - exact.polarization[j][k]) <= tol, `${g.topology} P${j + 1}(t${k}): ${mean[k]} vs ${exact.polarization[j][k]} ± ${stdErr[k]}`);
    }
    // KMC conserves the magnetization in every realization, so P_c has zero spread in time per realization; its mean matches.
    assert.ok(Math.abs(r.netPolarization.mean[times.length - 1] - r.netPolarization.mean[0]) < 1e-12);
  }
});

test('KMC hop-counting currents agree with Γ⟨V⟩ of the rate equation (ring N = 6)', async () => {
  const g = ringGraph(6, GAMMA);
  const t = [0, 0.1, 0.2, 0.4];
  const r = await kmcTransport({ sites: 6, periodic: true, rate: GAMMA, initial: init6, times: t, realizations: 4000, seed: 5, workers: 1 });
  // Time-averaged current over (0.2, 0.4] from the rate equation (times measured from t = 0), by fine trapezoid over Γ⟨V⟩.
  const fine = Array.from({ length: 81 }, (_, k) => k * 0.005);
  const exact = rateEquationTransport(g, { times: fine, initial: init6 });
  for (let b = 0; b < 6; b++) {
    const v = exact.currents[b].values;
    let avg = 0;
    for (let k = 40; k + 1 < v.length; k++) avg += (v[k] + v[k + 1]) / 2 * 0.005;
    avg /= 0.2;
    const h = r.hopCurrent[b];
    // 3σ plus the trapezoid error (≪ σ).
    assert.ok(Math.abs(h.mean[3] - avg) <= 3 * h.stdErr[3] + 1e-3, `K bond ${b}: ${h.mean[3]} vs ${avg} ± ${h.stdErr[3]}`);
  }
});

test('KMC results do not depend on the number of workers', async () => {
  const opts = { sites: 40, periodic: false, rate: 1, initial: new Array(40).fill(0), times: [0, 2, 5], realizations: 24, seed: 9, untilAbsorbed: true };
  const a = await kmcTransport({ ...opts, workers: 1 });
  const b = await kmcTransport({ ...opts, workers: 2 });
  assert.deepEqual(Array.from(a.finalPolarization!.mean), Array.from(b.finalPolarization!.mean));
  assert.deepEqual(Array.from(a.polarization[7].mean), Array.from(b.polarization[7].mean));
  assert.equal(a.stats.events, b.stats.events);
});

test('steady state from the unpolarized start equals Eq. 12 (rate-equation limit, long-time Lindblad, KMC)', async () => {
  for (const n of [2, 5, 9, 14]) {
    const lim = rateEquationLimit(chainGraph(n, GAMMA), { initial: new Array(n).fill(0) });
    const eq12 = domainWallPolarizations(n);
    lim.polarization.forEach((p, j) => assert.ok(Math.abs(p - eq12[j]) < 1e-12));
    // Currents vanish in the limit of an open chain.
    for (const c of lim.currents) assert.ok(Math.abs(c.value) < 1e-14);
  }
  // Lindblad at t = 3 s ≫ the N = 5 absorption time: within 1e-6 of Eq. 12.
  const lt = lindbladTransport(chainGraph(5, GAMMA), { times: [0, 3], initial: new Array(5).fill(0) });
  const eq5 = domainWallPolarizations(5);
  lt.polarization.forEach((p, j) => assert.ok(Math.abs(p[1] - eq5[j]) < 1e-6, `P${j + 1}: ${p[1]} vs ${eq5[j]}`));
  // KMC to absorption, N = 200: within 3σ of Eq. 12 at every site, σ from the exact site variance 1 − P².
  const n = 200, R = 300;
  const r = await kmcTransport({ sites: n, periodic: false, rate: 1, initial: new Array(n).fill(0), times: [0], realizations: R, seed: 2, untilAbsorbed: true, workers: 1 });
  const eq = domainWallPolarizations(n);
  for (let j = 0; j < n; j++) {
    const sigma = Math.sqrt(Math.max(0, 1 - eq[j] * eq[j]) / R);
    assert.ok(Math.abs(r.finalPolarization!.mean[j] - eq[j]) <= 3 * sigma + 1e-12, `site ${j}: ${r.finalPolarization!.mean[j]} vs ${eq[j]} ± ${sigma}`);
  }
});

test('continuity equation (Eq. 13): L†(I_j^z) = Σ_in K − Σ_out K − Γ₁I_j^z, with coherent bonds, detuning and relaxation', () => {
  const g = graphFromEdges(5, [{ from: 0, to: 1, rate: 3 }, { from: 1, to: 2, rate: 2 }, { from: 3, to: 1, rate: 1.5 }],
    [{ a: 2, b: 3, coupling: 0.7 }, { a: 3, b: 4, coupling: 1.1 }], [0.2, -0.3, 0, 0.5, 0.1], 0.4);
  // Entrywise agreement of exact operators: round-off only.
  assert.ok(continuityDefect(g) < 1e-12);
  // Closed-form bond currents (Eq. 17 and its coherent analogue) equal −L_b†(I^z_from) from liouvillianAdjoint.
  currentChannels(g).forEach((c, k) => {
    const fromAdj = currentFromAdjoint(g, k);
    const closed = currentOperator(g, c).toDense();
    for (let x = 0; x < closed.re.length; x++) {
      assert.ok(Math.abs(closed.re[x] - fromAdj.re[x]) < 1e-12 && Math.abs(closed.im[x] - fromAdj.im[x]) < 1e-12);
    }
  });
});

test('continuity equation in time: dP_j/dt = 2(K_in − K_out) along a Lindblad trajectory of a chain', () => {
  const g = chainGraph(4, GAMMA);
  const h = 1e-4, t0 = 0.05;
  const r = lindbladTransport(g, { times: [t0 - h, t0, t0 + h], initial: [1, -1, 0, 0] });
  for (let j = 0; j < 4; j++) {
    const dP = (r.polarization[j][2] - r.polarization[j][0]) / (2 * h);
    const kin = j > 0 ? r.currents[j - 1].values[1] : 0;
    const kout = j < 3 ? r.currents[j].values[1] : 0;
    // Central difference error O(h² ‖L‖³) ≈ 1e-8 · 13³ ≈ 2e-5.
    assert.ok(Math.abs(dP - 2 * (kin - kout)) < 1e-4, `site ${j}: ${dP} vs ${2 * (kin - kout)}`);
  }
});

test('Lindblad with coherent bonds: mesolve finds the (m_top, m_roots) blocks of a tree and conserves magnetization', () => {
  const g = treeGraph({ coupling: 547, rate: 13, crown: 3, roots: 3 });
  const r = lindbladTransport(g, { times: [0, 0.2, 1], initial: new Array(6).fill(0) });
  assert.equal(r.stats.method, 'ode-dop853');
  // Blocks: the coherent stars conserve m_top and m_roots separately: 4 × 4 = 16 blocks.
  assert.equal(r.stats.blocks, 16);
  for (const v of r.netPolarization) assert.ok(Math.abs(v) < 1e-12);
  // One-way trunk: the roots gain positive polarization, the top loses it.
  assert.ok(r.polarization[0][2] < -0.1 && r.polarization[5][2] > 0.1);
});

test('a realization of the KMC allocates little when V8 compiles on the main thread (sampled heap profile)', () => {
  // 10⁴ sites to absorption, 2 realizations (≈ 2.5·10⁷ events), as transport-kmc. A realization as one long
  // loop ran as on-stack-replaced code and boxed its loop-carried doubles and words at every event (≈ 400 MB
  // here); in calls of 64 events it is optimised as a function (`allocatedIn`: bytes allocated in kmc-core).
  // With compilation on the main thread the order of events is deterministic (< 1 MB now); V8's default
  // background compilation usually gives 6–8 MB, but not always (docs: kmc-core.ts, `runOne`), so it is not
  // asserted here.
  const body = `
    const { kmcTransport } = await import(${srcModule('models/nuclear-transport/index.js')});
    const n = 10000;
    await kmcTransport({ sites: n, periodic: false, rate: 13.35, initial: new Float64Array(n), times: [0], realizations: 2, seed: 2024, bins: n, untilAbsorbed: true, workers: 1 });`;
  const bytes = allocatedIn('/kmc-core.js', body, ['--no-concurrent-recompilation', '--no-concurrent-osr']);
  // (record/recordFinal/addKmcSums run a few times over 10⁴ sites before they are optimised: ≈ 5 MB)
  assert.ok(bytes < 30e6, `${(bytes / 1e6).toFixed(1)} MB allocated in kmc-core`);
});
