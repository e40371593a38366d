/** s004-chain on its data: the y axis names the observable, and the ringing is the cascaded physics (Eq. 8), not the plot. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chiralPhononModel } from '../../../src/models/chiral-phonons/model.js';
import { chiralPhononFigures } from '../../../src/models/chiral-phonons/figures.js';

const full = (params: Record<string, unknown>) => Object.fromEntries([...chiralPhononModel.parameters.map((p) => [p.name, p.default]), ...Object.entries(params)]);

test('s004-chain: y is the excitation probability of spin j; spin 2 peaks at 4/e² where spin 3 has its exact zero', async () => {
  const f = chiralPhononFigures.find((x) => x.id === 's004-chain')!;
  const r = await chiralPhononModel.run(full(f.params), { seed: 1, workers: 1 });
  assert.equal(r.yLabel, 'excitation probability P_j = ⟨S_j^z⟩ + ½');
  assert.ok(!/\+ s$/.test(r.yLabel!), 'no bare spin symbol s in the label');
  const s = (j: number) => r.series.find((x) => x.name === `spin ${j}`)!;
  // H_NH of Eq. 8 with 2πγ: c2 = −2γt e^{−γt}, c3 = e^{−γt}((2γt)²/2 − 2γt): at 2γt = 2 (t = 1/γ),
  // P2 = 4/e² (its maximum) and P3 = 0. The grid (50 µs) misses t = 1/(2π·100 s⁻¹) by ≤ 25 µs;
  // tolerances from the curvature there: |ΔP2| ≤ ½·|P2''|·Δt² < 1e-3, |P3| ≤ (dc3/dt·Δt)² < 1e-3.
  const g = 2 * Math.PI * (f.params.gamma as number);
  const i = s(2).x.reduce((best, t, k, xs) => (Math.abs(t - 1 / g) < Math.abs(xs[best] - 1 / g) ? k : best), 0);
  assert.ok(Math.abs(s(2).y[i] - 4 / Math.E ** 2) < 1e-3, `P2(1/γ) = ${s(2).y[i]}`);
  assert.ok(s(3).y[i] < 1e-3, `P3(1/γ) = ${s(3).y[i]}`);
  // spin 3 rises before that zero (first lobe) and again after it: two lobes, the ringing the plot shows
  const early = Math.max(...s(3).y.slice(0, i)), late = Math.max(...s(3).y.slice(i));
  assert.ok(early > 0.05 && late > 0.3, `spin 3 lobes ${early}, ${late}`);
});

test('chain mode for spins 1: the label counts quanta, ⟨S^z⟩ + s with s stated', async () => {
  const r = await chiralPhononModel.run(full({ mode: 'chain', sites: 2, spin: 1, duration: 1e-3, points: 5, method: 'me' }), { seed: 1, workers: 1 });
  assert.equal(r.yLabel, 'excitation quanta ⟨S_j^z⟩ + s (s = 1)');
});
