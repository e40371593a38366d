import { test } from 'node:test';
import assert from 'node:assert/strict';
import { radialDiffusion, radialGrid, radialOperator, sphereSeriesVisible, tanRoots } from '../../../src/models/spin-diffusion/hypres.js';
import { diffusionCoefficient, meanVolumeRadius } from '../../../src/models/spin-diffusion/geometry.js';
import { spinDiffusionModel } from '../../../src/models/spin-diffusion/model.js';

const RH = 0.9e-9;

test('radial grid: r_h is a face, graded cells grow geometrically, bad input is a RangeError', () => {
  const f = radialGrid(0.3e-9, RH, 2e-9, 50, 'graded');
  assert.equal(f.length, 51);
  assert.ok(f.includes(RH));
  assert.equal(f[0], 0.3e-9);
  assert.equal(f[50], 2e-9);
  assert.throws(() => radialGrid(0, RH, 2e-9, 50, 'graded'), /^RangeError: hypresRmin:/);
  assert.throws(() => radialGrid(0.3e-9, RH, 2e-9, 2), /^RangeError: hypresCells:/);
});

test('tan x = x roots', () => {
  for (const x of tanRoots(20)) assert.ok(Math.abs(Math.tan(x) - x) <= 1e-9 * x * x, `${x}`);
});

test('constant D on the sphere: finite volumes converge to the analytic series at second order', () => {
  const R = 2e-9, D = 1e-19;
  const times = [0, ...[0.003, 0.01, 0.1, 1].map((x) => (x * R * R) / D)];
  const ref = sphereSeriesVisible(D, RH, R, 0.7, times, 2000);
  const err = (n: number): number => {
    const op = radialOperator(radialGrid(0, RH, R, n, 'uniform'), RH, () => D, Infinity, 0);
    const r = radialDiffusion(op, 0.7, times, { atol: 1e-12, rtol: 1e-9 });
    return Math.max(...r.visible.slice(1).map((v, i) => Math.abs(v - ref[i + 1])));
  };
  const e100 = err(100), e200 = err(200);
  // Observed 3.0e-5 and 7.5e-6: midpoint flux, second order in Δr (ratio 4 within 15 %).
  assert.ok(e200 < 1e-5, `error at 200 cells ${e200}`);
  assert.ok(Math.abs(e100 / e200 - 4) < 0.6, `convergence ratio ${e100 / e200}`);
});

test('D(r) of Eq. 9: polarization conserved to 1e-10 with T₁ₙ = ∞; grid convergence; relaxation pulls toward P_eq', () => {
  const rmv = meanVolumeRadius(0.05);
  const times = [0, 0.1, 1, 10, 100];
  const run = (n: number, t1n = Infinity) => radialDiffusion(radialOperator(radialGrid(0.3e-9, RH, rmv, n), RH, (r) => diffusionCoefficient(r, 0.9993), t1n, 0.006), 0.7, times, { atol: 1e-12, rtol: 1e-9 });
  const a = run(100), b = run(200), c = run(400);
  for (const r of [a, b, c]) for (const t of r.total) assert.ok(Math.abs(t - r.total[0]) <= 1e-10, `total drift ${t - r.total[0]}`);
  // Plateau = P₀ V_hidden / V_total.
  const plateau = (0.7 * (RH ** 3 - (0.3e-9) ** 3)) / (rmv ** 3 - (0.3e-9) ** 3);
  assert.ok(Math.abs(c.visible[4] - plateau) < 1e-3 * plateau);
  const d1 = Math.max(...a.visible.map((v, i) => Math.abs(v - b.visible[i])));
  const d2 = Math.max(...b.visible.map((v, i) => Math.abs(v - c.visible[i])));
  assert.ok(d1 / d2 > 3.5, `grid convergence ratio ${d1 / d2}`);
  const relaxed = run(100, 10);
  assert.ok(relaxed.total[4] < 0.01 && relaxed.total[4] > 0.006 - 1e-4, `with T₁ₙ = 10 s: ${relaxed.total[4]}`);
});

test('hypres mode: µw on equilibrates faster than µw off', async () => {
  const params = { ...Object.fromEntries(spinDiffusionModel.parameters.map((p) => [p.name, p.default])), mode: 'hypres', hypresCells: 60, hypresTEnd: 100 };
  const r = await spinDiffusionModel.run(params, { seed: 1, workers: 1 });
  assert.deepEqual(r.series.map((s) => s.name), ['visible P=0.9993', 'visible P=0.5', 'hidden P=0.9993', 'hidden P=0.5']);
  const te = r.scalars!;
  assert.ok(te['tEquilibration[P=0.5]'] < te['tEquilibration[P=0.9993]']);
});
