import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blochBias, inverseTemperature, twoStateStationaryPolarization } from '../../../src/models/anderson-dnp/bloch.js';
import { hyperfineRate, hyperfineRateC5, issSums, leakageTerm, nuclearPolarization } from '../../../src/models/anderson-dnp/polarization.js';
import { bathFactor } from '../../../src/models/anderson-dnp/bloch.js';
import { seededStream } from '../../../src/solvers/random.js';
import { uniformOpen } from '../../../src/solvers/random.js';

const TWO_PI = 2 * Math.PI;
const drive = { omegaMW: TWO_PI * 93.86e9, omega1: TWO_PI * 25e3, T1e: 1, T2e: 1e-6, beta: inverseTemperature(1.2) };

test('Eq. 11 is the stationary state of the Eq. 10 two-state master equation; ω₁ = 0 gives tanh(βε/2)', () => {
  for (let k = -60; k <= 60; k++) {
    const eps = TWO_PI * (93.9e9 + k * 2e6);
    // 1e-12: both are closed forms of the same 2×2 balance, evaluated in different algebra.
    assert.ok(Math.abs(blochBias(eps, drive) - twoStateStationaryPolarization(eps, drive)) < 1e-12);
    const off = { ...drive, omega1: 0 };
    assert.ok(Math.abs(blochBias(eps, off) - Math.tanh((drive.beta * eps) / 2)) < 1e-15);
    assert.ok(Math.abs(twoStateStationaryPolarization(eps, off) - Math.tanh((drive.beta * eps) / 2)) < 1e-12);
  }
  // The hole burnt at ω_MW: strongly saturated there, thermal far away.
  assert.ok(blochBias(drive.omegaMW, drive) < 0.01 * blochBias(drive.omegaMW + TWO_PI * 500e6, drive));
  // Thermal electron polarization at 93.9 GHz, 1.2 K: tanh(hν/2kT) = 0.954 (sanity of the units).
  assert.ok(Math.abs(Math.tanh((drive.beta * TWO_PI * 93.9e9) / 2) - 0.9535) < 1e-3);
});

function randomModes(n: number, seed: number) {
  const rng = seededStream(seed);
  const energies = new Float64Array(n), pol = new Float64Array(n), weights = new Float64Array(n);
  let s = 0;
  for (let a = 0; a < n; a++) {
    energies[a] = TWO_PI * (93.9e9 + 60e6 * (uniformOpen(rng) - 0.5));
    pol[a] = blochBias(energies[a], drive);
    weights[a] = uniformOpen(rng);
    s += weights[a];
  }
  for (let a = 0; a < n; a++) weights[a] /= s;
  return { energies, pol, weights };
}

test('Eq. 19 with α = β kept equals Eq. C5 (which writes the diagonal as L(ω))', () => {
  const { energies, pol, weights } = randomModes(40, 7);
  for (const om of [TWO_PI * 20e6, -TWO_PI * 20e6, TWO_PI * 1e6, 0]) {
    const a = hyperfineRate(om, weights, energies, pol, TWO_PI * 4.47e3, 1e-5, 0);
    const b = hyperfineRateC5(om, weights, energies, pol, TWO_PI * 4.47e3, 1e-5);
    // Same terms summed in the same order except the diagonal: relative 1e-13.
    assert.ok(Math.abs(a - b) <= 1e-13 * Math.abs(b), `${a} vs ${b}`);
  }
});

test('the pair sums D, S, PL reproduce Eq. 20 computed from the rates of Eq. 19 summed over sites', () => {
  // Two sites with random mode weights (rows of an orthogonal-like weight matrix are not needed:
  // Eq. 19 holds for any weights), plus leaking nuclei.
  const n = 30;
  const { energies, pol } = randomModes(n, 11);
  const sites = [randomModes(n, 12).weights, randomModes(n, 13).weights, randomModes(n, 14).weights];
  const overlap = new Float64Array(n * n);
  for (const w of sites) for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) overlap[a * n + b] += w[a] * w[b];
  const A0 = TWO_PI * 4.47e3, T2n = 1e-5, T1n = 1e4, wn = TWO_PI * 20e6, leaking = 3 * 1000;
  const emit = sites.reduce((s, w) => s + hyperfineRate(wn, w, energies, pol, A0, T2n, 0), 0) + (leaking * bathFactor(wn, drive.beta)) / T1n;
  const absorb = sites.reduce((s, w) => s + hyperfineRate(-wn, w, energies, pol, A0, T2n, 0), 0) + (leaking * bathFactor(-wn, drive.beta)) / T1n;
  const fromRates = (emit - absorb) / (emit + absorb);
  const sums = issSums(energies, pol, overlap, wn, T2n);
  const p = nuclearPolarization(sums, leakageTerm(leaking, A0, T1n, T2n), Math.tanh((drive.beta * wn) / 2));
  // 1e-12 relative: algebraically identical, different summation order.
  assert.ok(Math.abs(p.canonical - fromRates) <= 1e-12 * Math.abs(fromRates), `${p.canonical} vs ${fromRates}`);
  assert.ok(Math.abs(p.eq24 - sums.difference / leakageTerm(leaking, A0, T1n, T2n)) < 1e-15);
});
