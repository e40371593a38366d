import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mcsolve, periodicSchedule, setPoolStartupEstimate } from '../../src/solvers/mcsolve/index.js';
import { mesolve } from '../../src/solvers/mesolve.js';
import { sparseScale, sparseLinearCombination } from '../../src/linalg/sparse.js';
import { sigmaMinus, sigmaX, sigmaZ } from '../../src/quantum/spin.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import { installNodePlatform } from '../../src/runner/node-platform.js';

installNodePlatform();

const H = sparseLinearCombination([{ matrix: sigmaZ(), re: 2 * Math.PI * 1e3 }, { matrix: sigmaX(), re: 2 * Math.PI * 300 }]);
const C = sparseScale(sigmaMinus(), Math.sqrt(2e3));
const times = Array.from({ length: 21 }, (_, i) => i * 1e-4);
const up = ComplexVector.basis(2, 0);

test('constant generator: trajectory mean agrees with mesolve within 3 standard errors', async () => {
  const ref = mesolve(H, [C], up, { times, eOps: [sigmaZ()] });
  const mc = await mcsolve(H, [C], up, { times, eOps: [sigmaZ()], ntraj: 400, seed: 5, workers: 1 });
  // qubit: a single block; statistical check, 3σ plus 1e-3 slack for the t=0 point (σ = 0 there)
  for (let i = 0; i < times.length; i++) assert.ok(Math.abs(mc.expect[0].re[i] - ref.expect[0].re[i]) <= 3 * mc.stdErr[0].re[i] + 1e-3, `t=${times[i]}: ${mc.expect[0].re[i]} vs ${ref.expect[0].re[i]} ± ${mc.stdErr[0].re[i]}`);
});

test('piecewise schedule: two identical pieces reproduce the constant problem exactly (no jumps)', async () => {
  const a = await mcsolve(H, [], up, { times, eOps: [sigmaZ()], ntraj: 1, seed: 1 });
  const b = await mcsolve({ pieces: [H, H], schedule: periodicSchedule({ t0: 0, period: 3.3e-4, segments: 2 }) }, [], up, { times, eOps: [sigmaZ()], ntraj: 1, seed: 1 });
  // carrying ψ across boundaries is exact up to rounding of the eigen-propagator (~1e-12)
  for (let i = 0; i < times.length; i++) assert.ok(Math.abs(a.expect[0].re[i] - b.expect[0].re[i]) < 1e-10);
});

test('periodicSchedule returns pieces that advance and wrap', () => {
  const s = periodicSchedule({ t0: 0, period: 1, segments: 4 });
  assert.deepEqual(s(0), { piece: 0, until: 0.25 });
  assert.equal(s(0.25).piece, 1);
  assert.equal(s(1.1).piece, 0);
  assert.throws(() => periodicSchedule({ t0: 0, period: 0, segments: 4 }), RangeError);
});

test('a ket spanning two blocks evolves exactly: H = ω σz, ⟨σx⟩(t) = cos 2ωt (≤ 1e-12)', async () => {
  const w = 2 * Math.PI * 1e3;
  const r = await mcsolve(sparseScale(sigmaZ(), w), [], new ComplexVector(2, Float64Array.of(1, 1), Float64Array.of(0, 0)), { times, eOps: [sigmaX()], ntraj: 1, seed: 1 });
  assert.equal(r.stats.blocks, 2);
  for (let i = 0; i < times.length; i++) assert.ok(Math.abs(r.expect[0].re[i] - Math.cos(2 * w * times[i])) < 1e-12, `t=${times[i]}`);
});

test('a sampled basis state maps through `states` into one block only', async () => {
  const Hd = sparseScale(sigmaZ(), 1);
  const mix = sparseLinearCombination([{ matrix: sigmaX(), re: 1 }, { matrix: sigmaZ(), re: 1 }]); // rows span both blocks
  await assert.rejects(mcsolve(Hd, [], { product: { dims: [2], probabilities: [[1, 0]], states: mix } }, { times: [0, 1], ntraj: 1, seed: 1 }), /spans several invariant blocks/);
});

test('worker threads: 1, 2 and 3 workers give bit-identical means, errors and jump counts (periodic schedule as data)', async () => {
  const H2 = sparseLinearCombination([{ matrix: sigmaZ(), re: 2 * Math.PI * 1.4e3 }, { matrix: sigmaX(), re: 2 * Math.PI * 300 }]);
  const periodic = { t0: 0, period: 4e-4, segments: 2 };
  const psi0 = { product: { dims: [2], probabilities: [[0.7, 0.3]] } };
  const options = { times, eOps: [sigmaZ(), sigmaX()], ntraj: 40, seed: 9 };
  const one = await mcsolve({ pieces: [H, H2], periodic }, [C], psi0, { ...options, workers: 1 });
  for (const workers of [2, 3]) {
    // a small ensemble would stay on this thread (mcsolve's runEngineChunks): assume a free pool to test the threads
    const previous = setPoolStartupEstimate(0);
    const many = await mcsolve({ pieces: [H, H2], periodic }, [C], psi0, { ...options, workers }).finally(() => setPoolStartupEstimate(previous));
    assert.equal(many.stats.workers, workers);
    for (let k = 0; k < 2; k++) {
      assert.deepEqual(Array.from(many.expect[k].re), Array.from(one.expect[k].re));
      assert.deepEqual(Array.from(many.expect[k].im), Array.from(one.expect[k].im));
      assert.deepEqual(Array.from(many.stdErr[k].re), Array.from(one.stdErr[k].re));
    }
    assert.deepEqual(Array.from(many.jumpCounts), Array.from(one.jumpCounts));
  }
  // The data schedule is the function schedule.
  const fn = await mcsolve({ pieces: [H, H2], schedule: periodicSchedule(periodic) }, [C], psi0, options);
  assert.deepEqual(Array.from(fn.expect[0].re), Array.from(one.expect[0].re));
});

test('progress reaches 1 and an aborted signal rejects', async () => {
  const seen: number[] = [];
  await mcsolve(H, [C], up, { times, eOps: [sigmaZ()], ntraj: 20, seed: 2, workers: 1, progress: (f) => seen.push(f) });
  assert.equal(seen.length, 20);
  assert.equal(seen[seen.length - 1], 1);
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(mcsolve(H, [C], up, { times, eOps: [sigmaZ()], ntraj: 20, seed: 2, workers: 1, signal: ac.signal }), /aborted/);
});
