import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  binomialHalf, domainWallPolarizations, domainWallStates, ringGraph, ringSector, ringStationary, rateEquationLimit,
  upCountDistribution, productDistribution, kmcTransport, parseInitial,
} from '../../../src/models/nuclear-transport/index.js';

test('Eq. 12: N = 4 limit polarizations and domain-wall weights', () => {
  // Σ_i C(4,i)/16 over walls with i down spins on the left: P = (−7/8, −3/8, 3/8, 7/8).
  const p = domainWallPolarizations(4);
  [-7 / 8, -3 / 8, 3 / 8, 7 / 8].forEach((v, j) => assert.ok(Math.abs(p[j] - v) < 1e-14));
  const states = domainWallStates(4);
  assert.deepEqual(states.map((s) => s.config), [0b1111, 0b1110, 0b1100, 0b1000, 0b0000]);
  assert.ok(Math.abs(states[2].weight - 6 / 16) < 1e-14);
  // Large N: symmetric, monotone, and finite (log-space binomials).
  const big = domainWallPolarizations(100000);
  // Sums of 10⁵ log-space weights: round-off ~1e-12.
  assert.ok(Math.abs(big[0] + 1) < 1e-10 && Math.abs(big[99999] - 1) < 1e-10 && Math.abs(big[50000] + big[49999]) < 1e-10);
  let s = 0;
  for (const w of binomialHalf(1000)) s += w;
  assert.ok(Math.abs(s - 1) < 1e-12);
});

test('up-count distribution equals the marginal of the product distribution', () => {
  const p = [0.3, -1, 0, 1, 0.5];
  const w = upCountDistribution(p);
  const full = productDistribution(p);
  const byM = new Float64Array(6);
  full.forEach((v, x) => { let down = 0; for (let y = x; y; y &= y - 1) down++; byM[5 - down] += v; });
  for (let m = 0; m <= 5; m++) assert.ok(Math.abs(w[m] - byM[m]) < 1e-15);
});

test('ring (TASEP) stationary state: closed form equals the exact rate-equation limit', () => {
  for (const n of [3, 5, 8]) {
    for (const spec of ['first-up', 'unpolarized', 'udu'.padEnd(n, '0')]) {
      const p = parseInitial(spec, n);
      const exact = rateEquationLimit(ringGraph(n, 2.5), { initial: p });
      const cf = ringStationary(n, 2.5, { polarizations: p });
      for (const c of exact.currents) assert.ok(Math.abs(c.value - cf.current) < 1e-12, `${n} ${spec}`);
      for (const v of exact.polarization) assert.ok(Math.abs(v - cf.polarization) < 1e-12);
    }
  }
  // Unpolarized start: K = Γ/4 for every N.
  for (const n of [3, 10, 1000]) assert.ok(Math.abs(ringStationary(n, 4, {}).current - 1) < 1e-12);
  assert.ok(Math.abs(ringSector(3, 1, 3).current - 1) < 1e-15);
});

test('Fig. 6d: K = Γ/N for a single up spin (rate-equation limit N = 3…12, KMC N = 500)', async () => {
  const gamma = 13;
  for (let n = 3; n <= 12; n++) {
    const r = rateEquationLimit(ringGraph(n, gamma), { initial: parseInitial('first-up', n) });
    for (const c of r.currents) assert.ok(Math.abs(c.value * n - gamma) < 1e-10, `N = ${n}`);
  }
  // KMC: one particle hops at rate Γ always, so the hop current per bond is Poisson(ΓT)/(N T).
  const n = 500, T = 200;
  const k = await kmcTransport({ sites: n, periodic: true, rate: gamma, initial: parseInitial('first-up', n), times: [0, T], realizations: 40, seed: 4, workers: 1, bins: 1 });
  const mean = k.hopCurrent[0].mean[1], se = k.hopCurrent[0].stdErr[1];
  assert.ok(Math.abs(mean - gamma / n) <= 3 * se, `${mean} vs ${gamma / n} ± ${se}`);
});
