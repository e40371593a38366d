import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocatedIn, srcModule } from '../../helpers.js';
import { sleExactRate, symmetricTelegraph, asymmetricTelegraph } from '../../../src/models/spin-diffusion/sle.js';
import { telegraphMonteCarlo, logSlope } from '../../../src/models/spin-diffusion/telegraph.js';
import { installNodePlatform } from '../../../src/runner/node-platform.js';

installNodePlatform(); // worker threads, so the runs with workers > 1 use them

// A small, fast case: Γ_c = 1e5 s⁻¹, Γ₂ = 2e4 s⁻¹, Δ = Γ_c, D₁₂ = 2e3 rad/s (2W ≈ 120 s⁻¹),
// T = 1.5/(2W) ≈ 12 ms ≈ 600 switches per trajectory, 320 trajectories.
const GC = 1e5, G2 = 2e4, DELTA = 1e5, D12 = 2e3;

for (const [name, proc] of [['symmetric', symmetricTelegraph(0.5, GC)], ['asymmetric', asymmetricTelegraph(0.5, GC)]] as const) {
  test(`Monte Carlo of the ${name} telegraph agrees with the exact SLE rate within 3 standard errors (seed 7)`, async () => {
    const w = sleExactRate({ delta: DELTA, d12: D12, gamma2: G2, process: proc }).w;
    const T = 1.5 / (2 * w);
    const times = Array.from({ length: 61 }, (_, i) => (T * i) / 60);
    const r = await telegraphMonteCarlo({ delta: DELTA, d12: D12, gamma2: G2, process: proc, times, trajectories: 320, batches: 20, window: [T / 10, T], seed: 7, workers: 1 });
    assert.ok(r.wErr > 0 && r.wErr < 0.05 * w, `SE ${r.wErr} of ${w}`);
    assert.ok(Math.abs(r.w - w) <= 3 * r.wErr, `MC ${r.w} ± ${r.wErr} vs SLE ${w}`);
    // ⟨σ_z⟩(0) = 1 exactly for every trajectory.
    assert.equal(r.mean[0], 1);
    assert.equal(r.stdErr[0], 0);
  });
}

test('trajectories over worker threads (the caller taking chunks too) are bit-identical to the serial run', async () => {
  const proc = asymmetricTelegraph(0.7, GC);
  const times = Array.from({ length: 21 }, (_, i) => i * 2e-4);
  // 120 trajectories = 8 chunks: with 2 and 3 threads both the caller and the pool's workers take some
  const base = { delta: DELTA, d12: D12, gamma2: G2, process: proc, times, trajectories: 120, batches: 4, window: [1e-3, 4e-3] as [number, number], seed: 11 };
  const a = await telegraphMonteCarlo({ ...base, workers: 1 });
  for (const workers of [2, 3]) {
    const b = await telegraphMonteCarlo({ ...base, workers });
    assert.deepEqual(Array.from(b.mean), Array.from(a.mean), `mean, ${workers} threads`);
    assert.deepEqual(Array.from(b.stdErr), Array.from(a.stdErr), `stdErr, ${workers} threads`);
    assert.deepEqual(b.batchRates, a.batchRates);
    assert.equal(b.switches, a.switches);
  }
  const c = await telegraphMonteCarlo({ ...base, seed: 12, workers: 1 });
  assert.notDeepEqual(Array.from(a.mean), Array.from(c.mean));
});

test('fit helper and input checks', async () => {
  const t = [0, 1, 2, 3];
  assert.ok(Math.abs(logSlope(t, t.map((x) => 2 * Math.exp(-0.3 * x)), 0, 3) + 0.3) < 1e-14);
  assert.throws(() => logSlope(t, [1, 0.5, -0.1, 0.1], 0, 3), /^RangeError: window:/);
  const proc = symmetricTelegraph(0.5, GC);
  await assert.rejects(telegraphMonteCarlo({ delta: 1, d12: 1, gamma2: 1, process: proc, times: [0, 1], trajectories: 30, batches: 4, window: [0, 1] }), /^RangeError: batches:/);
  await assert.rejects(telegraphMonteCarlo({ delta: 1, d12: 1, gamma2: 1, process: proc, times: [1, 2], trajectories: 4, batches: 2, window: [0, 1] }), /^RangeError: times:/);
});

test('a fresh process\'s trajectories allocate little, however V8 compiles the switch loop (sampled heap profile)', () => {
  // 300 trajectories of the s002-telegraph-mc case (3·10⁶ switches). Bytes of the objects allocated in
  // telegraph-core.ts (`allocatedIn`), in a fresh process so that no earlier run has warmed the code; with
  // V8's default background compilation, and with
  // compilation on the main thread, which makes the order of events deterministic (what a loaded machine does
  // by chance: the test suite's parallel files made it happen). Before: the loop inlined in `run`, whose
  // bookkeeping threw the optimised code away, 90–124 MB by default; the loop in a function of its own with its
  // values in local variables, 196 MB when compiled on the main thread (on-stack-replaced code only, boxing
  // every loop-carried double); now 3–7 MB either way.
  const body = `
    const { telegraphMonteCarlo } = await import(${srcModule('models/spin-diffusion/telegraph.js')});
    const { symmetricTelegraph } = await import(${srcModule('models/spin-diffusion/sle.js')});
    const times = Float64Array.from({ length: 101 }, (_, i) => 1e-4 * i);
    const r = await telegraphMonteCarlo({ delta: 2e6, d12: 1.5e4, gamma2: 2 * Math.PI * 11e3, process: symmetricTelegraph(0.5, 2e6), times, trajectories: 300, batches: 20, window: [1e-3, 1e-2], seed: 2026, workers: 1 });
    if (r.switches < 2.5e6) throw new Error('switches ' + r.switches);`;
  for (const flags of [[], ['--no-concurrent-recompilation', '--no-concurrent-osr']]) {
    const bytes = allocatedIn('/telegraph-core.js', body, flags);
    assert.ok(bytes < 20e6, `${(bytes / 1e6).toFixed(1)} MB allocated in telegraph-core for 300 trajectories (${flags.join(' ') || 'default flags'})`);
  }
});
