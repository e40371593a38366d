import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oneQuantumDynamics, oneQuantumPropagation, chainDynamics } from '../../../src/models/chiral-phonons/dynamics.js';
import { sectorNonHermitianHamiltonian } from '../../../src/models/chiral-phonons/spectrum.js';
import { ComplexMatrix } from '../../../src/linalg/dense.js';
import { oneWayChainPopulations, laguerreSequence } from '../../../src/models/chiral-phonons/closed-form.js';

const G = 2 * Math.PI * 100;
const times = Array.from({ length: 101 }, (_, i) => i * 1e-4);

test('Laguerre recurrence: L_3(x) = (−x³ + 9x² − 18x + 6)/6', () => {
  const x = 1.7;
  assert.ok(Math.abs(laguerreSequence(3, x)[3] - (-(x ** 3) + 9 * x * x - 18 * x + 6) / 6) < 1e-14);
});

test('one-way chain of 12 spins ½, one quantum: amplitudes match the Laguerre closed form', () => {
  const cfg = { spins: Array(12).fill(0.5), gamma: G, phase: 0.4 };
  oneQuantumDynamics(cfg, 0, times); // warm-up (JIT)
  const r = oneQuantumDynamics(cfg, 0, times);
  let err = 0;
  times.forEach((t, i) => {
    const p = oneWayChainPopulations(12, G, t);
    for (let j = 0; j < 12; j++) err = Math.max(err, Math.abs(r.excitation[j][i] - p[j]));
  });
  // Jordan-block exponential of a 12×12 matrix: entries up to (2γt)^11/11! ≈ 1e3 cancel, so ~1e-12.
  assert.ok(err < 1e-9, `max population error ${err}`);
});

test('oneQuantumPropagation on the prebuilt block gives oneQuantumDynamics\' bits; a non-square block or a bad site is refused', () => {
  const cfg = { spins: Array(12).fill(0.5), gamma: G, phase: 0.4 };
  const a = oneQuantumDynamics(cfg, 3, times);
  const b = oneQuantumPropagation(sectorNonHermitianHamiltonian(cfg, 1), 3, times);
  for (let j = 0; j < 12; j++) assert.deepEqual(b.excitation[j], a.excitation[j]);
  assert.throws(() => oneQuantumPropagation(new ComplexMatrix(3, 4), 0, times), /h: expected a square one-quantum block, got 3×4/);
  assert.throws(() => oneQuantumPropagation(new ComplexMatrix(3, 3), 3, times), /site: 3 outside 0\.\.2/);
});

test('12-spin chain through mesolve: the solver finds the one-quantum block (stats) and agrees', async () => {
  const short = times.slice(0, 11);
  const r = await chainDynamics({ spins: Array(12).fill(0.5), gamma: G, phase: 0.4 }, [1, ...Array(11).fill(0)], short);
  assert.equal(r.dimension, 13); // vacuum + 12 one-quantum states (excitation cut)
  assert.equal(r.stats.blocks, 2);
  assert.equal(r.stats.reducedDimension, 12 * 12 + 1);
  let err = 0;
  short.forEach((t, i) => { const p = oneWayChainPopulations(12, G, t); for (let j = 0; j < 12; j++) err = Math.max(err, Math.abs(r.excitation[j][i] - p[j])); });
  assert.ok(err < 1e-9, `max error ${err}`);
});

test('all spins excited (5 spins, γ\' = 0.1γ): master equation vs trajectories within 5σ', async () => {
  const cfg = { spins: Array(5).fill(0.5), gamma: G, gammaReverse: 0.1 * G };
  const t = times.slice(0, 21);
  const me = await chainDynamics(cfg, [1, 1, 1, 1, 1], t);
  const mc = await chainDynamics(cfg, [1, 1, 1, 1, 1], t, { method: 'mc', ntraj: 200, seed: 3, workers: 1 });
  for (let j = 0; j < 5; j++) {
    for (let i = 1; i < t.length; i += 5) {
      const d = Math.abs(me.excitation[j][i] - mc.excitation[j][i]);
      assert.ok(d < 5 * mc.excitationErr![j][i] + 1e-3, `site ${j} t=${t[i]}: |me − mc| = ${d}, σ = ${mc.excitationErr![j][i]}`);
    }
  }
  // Total excitation decays monotonically (every channel removes quanta).
  for (let i = 1; i < t.length; i++) {
    const a = me.excitation.reduce((s, e) => s + e[i], 0), b = me.excitation.reduce((s, e) => s + e[i - 1], 0);
    assert.ok(a <= b + 1e-12);
  }
});
