import { test } from 'node:test';
import assert from 'node:assert/strict';
import { piecewiseJumpSolve, piecewiseJumpSolveParallel, periodicSchedule } from '../../src/solvers/piecewise-jumps.js';
import { mesolve } from '../../src/solvers/mesolve.js';
import { sparseScale, sparseLinearCombination } from '../../src/linalg/sparse.js';
import { sigmaMinus, sigmaX, sigmaZ } from '../../src/quantum/spin.js';
import { ComplexVector } from '../../src/linalg/vector.js';

const H = sparseLinearCombination([{ matrix: sigmaZ(), re: 2 * Math.PI * 1e3 }, { matrix: sigmaX(), re: 2 * Math.PI * 300 }]);
const C = sparseScale(sigmaMinus(), Math.sqrt(2e3));
const times = Array.from({ length: 21 }, (_, i) => i * 1e-4);

test('constant generator: trajectory mean agrees with mesolve within 3 standard errors', () => {
  const ref = mesolve(H, [C], ComplexVector.basis(2, 0), { times, eOps: [sigmaZ()] });
  const mc = piecewiseJumpSolve({ hamiltonians: [H], cOps: [C], eOps: [sigmaZ()], times }, { ntraj: 400, seed: 5, initial: { ket: { re: Float64Array.of(1, 0), im: Float64Array.of(0, 0) } } });
  // qubit: a single block; statistical check, 3σ plus 1e-3 slack for the t=0 point (σ = 0 there)
  for (let i = 0; i < times.length; i++) assert.ok(Math.abs(mc.mean[0][i] - ref.expect[0].re[i]) <= 3 * mc.stdErr[0][i] + 1e-3, `t=${times[i]}: ${mc.mean[0][i]} vs ${ref.expect[0].re[i]} ± ${mc.stdErr[0][i]}`);
});

test('piecewise schedule: two identical pieces reproduce the constant problem exactly (no jumps)', () => {
  const a = piecewiseJumpSolve({ hamiltonians: [H], cOps: [], eOps: [sigmaZ()], times }, { ntraj: 1, seed: 1, initial: { ket: { re: Float64Array.of(1, 0), im: Float64Array.of(0, 0) } } });
  const b = piecewiseJumpSolve({ hamiltonians: [H, H], cOps: [], eOps: [sigmaZ()], times, schedule: periodicSchedule(0, 3.3e-4, 2) }, { ntraj: 1, seed: 1, initial: { ket: { re: Float64Array.of(1, 0), im: Float64Array.of(0, 0) } } });
  // carrying ψ across boundaries is exact up to rounding of the eigen-propagator (~1e-12)
  for (let i = 0; i < times.length; i++) assert.ok(Math.abs(a.mean[0][i] - b.mean[0][i]) < 1e-10);
});

test('periodicSchedule returns pieces that advance and wrap', () => {
  const s = periodicSchedule(0, 1, 4);
  assert.deepEqual(s(0), { piece: 0, until: 0.25 });
  assert.equal(s(0.25).piece, 1);
  assert.equal(s(1.1).piece, 0);
  assert.throws(() => periodicSchedule(0, 0, 4), RangeError);
});

test('initial ket spanning two blocks is refused', () => {
  const Hd = sparseScale(sigmaZ(), 1);
  assert.throws(() => piecewiseJumpSolve({ hamiltonians: [Hd], cOps: [], eOps: [], times: [0, 1] }, { ntraj: 1, seed: 1, initial: { ket: { re: Float64Array.of(1, 1), im: Float64Array.of(0, 0) } } }), RangeError);
});

test('worker threads: 1 and 2 workers give bit-identical means, errors and jump counts (periodic schedule as data)', async () => {
  const H2 = sparseLinearCombination([{ matrix: sigmaZ(), re: 2 * Math.PI * 1.4e3 }, { matrix: sigmaX(), re: 2 * Math.PI * 300 }]);
  const problem = { hamiltonians: [H, H2], cOps: [C], eOps: [sigmaZ(), sigmaX()], times, periodic: { t0: 0, period: 4e-4, segments: 2 } };
  const options = { ntraj: 40, seed: 9, initial: { product: { dims: [2], probabilities: [[0.7, 0.3]] } } };
  const one = await piecewiseJumpSolveParallel(problem, { ...options, workers: 1 });
  const two = await piecewiseJumpSolveParallel(problem, { ...options, workers: 2 });
  assert.equal(two.stats.workers, 2);
  for (let k = 0; k < 2; k++) {
    assert.deepEqual(Array.from(two.mean[k]), Array.from(one.mean[k]));
    assert.deepEqual(Array.from(two.stdErr[k]), Array.from(one.stdErr[k]));
  }
  assert.deepEqual(Array.from(two.jumpCounts), Array.from(one.jumpCounts));
  // The data schedule is the function schedule.
  const fn = piecewiseJumpSolve({ ...problem, periodic: undefined, schedule: periodicSchedule(0, 4e-4, 2) }, options);
  assert.deepEqual(Array.from(fn.mean[0]), Array.from(one.mean[0]));
});
