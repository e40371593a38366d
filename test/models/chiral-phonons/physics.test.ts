import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareElimination, eliminationScaling } from '../../../src/models/chiral-phonons/elimination.js';
import { pairExceptionalPoint, pairSpectrumVsDetuning, pairEigenvaluesClosedForm } from '../../../src/models/chiral-phonons/spectrum.js';
import { estimateCouplings, table1Rows, CHIRAL_MATERIALS, zeroPointStrain } from '../../../src/models/chiral-phonons/estimator.js';
import { chiralPhononModel, chiralPhononFigures } from '../../../src/models/chiral-phonons/index.js';

const G = 2 * Math.PI * 100;

test('Eq. 3 → eliminated exchange (g²/Δ)J⁺J⁻: error ∝ (g/Δ)²; Eq. 4 as printed (γ = 2g²/Δ) does not converge', () => {
  const sc = eliminationScaling(1, [10, 20, 40, 80]);
  for (let i = 1; i < sc.errors.length; i++) assert.ok(sc.errors[i] < sc.errors[i - 1], `errors ${sc.errors}`);
  // Second-order elimination: leading error (g/Δ)², measured slope ≈ −2.15 (finite-Δ curvature).
  assert.ok(sc.slope < -1.8 && sc.slope > -2.5, `slope ${sc.slope}`);
  assert.ok(sc.errors[3] < 1e-3, `error at Δ/g = 80: ${sc.errors[3]}`);
  const c = compareElimination({ g: 1, detuning: 80 });
  assert.ok(c.errorEq4 > 0.9, `Eq. 4 with γ = 2g²/Δ transfers twice as fast: error ${c.errorEq4}`);
  // Spin 1 (electron): the same convergence.
  const s1 = compareElimination({ s: 1, g: 1, detuning: 40 });
  assert.ok(s1.errorEliminated < 1e-2, `spin 1 error ${s1.errorEliminated}`);
});

test('H_NH spectrum (two spins, one quantum) matches λ± = −iΓ ± √(δ²/4 − 4γγ\'); EP at δ = 4√(γγ\')', () => {
  const base = { gamma: G, gammaReverse: 0.1 * G };
  const deltas = [0, 0.5 * G, 2 * G];
  const sp = pairSpectrumVsDetuning(base, deltas);
  deltas.forEach((d, i) => {
    const c = pairEigenvaluesClosedForm(G, 0.1 * G, d);
    // Each closed-form eigenvalue must have a numerical partner (order-free matching).
    for (let k = 0; k < 2; k++) {
      const dist = Math.min(...[0, 1].map((m) => Math.hypot(sp[i].re[m] - c.re[k], sp[i].im[m] - c.im[k])));
      assert.ok(dist < 1e-9 * G, `δ=${d}: eigenvalue ${c.re[k]}+${c.im[k]}i missing (distance ${dist})`);
    }
  });
  const ep = pairExceptionalPoint(base, 4 * G);
  const want = 4 * Math.sqrt(0.1) * G;
  // Golden-section on a √ cusp: parameter to ~1e-9 relative.
  assert.ok(Math.abs(ep.parameter - want) < 1e-6 * want, `EP at ${ep.parameter}, expected ${want}`);
});

test('estimator: u_zpf and g from the stated inputs (α-SiO2, l = 1 µm, w = h = 0.1 µm)', () => {
  const sio2 = CHIRAL_MATERIALS[0];
  const out = estimateCouplings({ material: sio2, length: 1e-6, width: 1e-7, height: 1e-7, xi: 10e9, detuning: 10e3 });
  // Hand computation: ω = π v/l = 1.3195e10 rad/s, ħω = 1.3915e-24 J, 2ρv²V = 9.349e-10 J → u = 3.858e-8.
  assert.ok(Math.abs(out.uZpfPlus - 3.858e-8) < 1e-3 * 3.858e-8, `u_zpf ${out.uZpfPlus}`);
  assert.ok(Math.abs(out.g - 385.8) < 0.5, `g ${out.g}`);
  assert.ok(Math.abs(out.gamma - (2 * out.g ** 2) / 10e3) < 1e-12 * out.gamma);
  assert.ok(Math.abs(out.fPlus - 2.1e9) < 1);
  assert.ok(Math.abs(out.detuningReverse - (4e8 - 1e4)) < 1);
  assert.ok(Math.abs(zeroPointStrain(2650, 4.2e3, 1e-6, 1e-20) - out.uZpfPlus) < 1e-20);
  const rows = table1Rows();
  const driven = rows.find((r) => r.label.includes('driven'))!;
  assert.ok(Math.abs(driven.g - 100) < 1e-9, 'g = Ξ^I u = 1 MHz × 1e-4 = 100 Hz');
  assert.ok(rows.length === 7);
});

test('model: every mode runs; figures have the required ids and reference the model', async () => {
  const defaults = Object.fromEntries(chiralPhononModel.parameters.map((p) => [p.name, p.default]));
  const ctx = { seed: 1, workers: 1 };
  const tr = await chiralPhononModel.run({ ...defaults, mode: 'transfer', points: 21 }, ctx);
  assert.equal(tr.series.length, 6);
  assert.ok(Math.abs(tr.scalars!['peakAB[1]'] - tr.scalars!['peakBA[1]']) < 1e-10);
  const ch = await chiralPhononModel.run({ ...defaults, mode: 'chain', sites: 6, points: 21 }, ctx);
  assert.equal(ch.series.length, 6);
  const sp = await chiralPhononModel.run({ ...defaults, mode: 'spectrum', gammaRatio: 0.1, points: 11 }, ctx);
  assert.ok(Math.abs(sp.scalars!.epNumericHz - sp.scalars!.epClosedFormHz) < 1e-4 * sp.scalars!.epClosedFormHz);
  const tb = await chiralPhononModel.run({ ...defaults, mode: 'table1' }, ctx);
  assert.ok(tb.scalars!.g > 300 && tb.scalars!.g < 500); // Table I's electron row: g ≈ 386 Hz
  await assert.rejects(chiralPhononModel.run({ ...defaults, mode: 'nope' }, ctx), RangeError);
  await assert.rejects(chiralPhononModel.run({ ...defaults, mode: 'transfer', gamma: 'x' }, ctx), /gamma/);
  assert.deepEqual(chiralPhononFigures.map((f) => f.id).sort(), ['s004-chain', 's004-spectrum', 's004-table1', 's004-transfer']);
  for (const f of chiralPhononFigures) assert.equal(f.model, chiralPhononModel.id);
});
