import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_FIGURES, BUILTIN_MODELS } from '../../../src/models/builtin.js';
import { spinDiffusionModel, FIG3_EXACT_R, CLAIM_EXACT_R, mergedGrid } from '../../../src/models/spin-diffusion/model.js';
import { diffusionCoefficient, DEFAULT_CONVENTIONS, DEFAULT_SAMPLE } from '../../../src/models/spin-diffusion/geometry.js';
import { asymmetricRatePerD2, flipFlopRatePerD2 } from '../../../src/models/spin-diffusion/flip-flop.js';

const defaults = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...Object.fromEntries(spinDiffusionModel.parameters.map((p) => [p.name, p.default])), ...over,
});
const ctx = { seed: 1, workers: 1 };

test('registered with its figures', () => {
  assert.ok(BUILTIN_MODELS.some((m) => m.id === 'spin-diffusion'));
  const ids = BUILTIN_FIGURES.filter((f) => f.model === 'spin-diffusion').map((f) => f.id);
  for (const id of ['s002-fig3a', 's002-fig3b', 's002-telegraph-check', 's002-claim17', 's002-spectra']) assert.ok(ids.includes(id), id);
});

test('fig3a: 12 P̄ curves + circles on a grid holding the fixed r values exactly; meta markers; data computed from Eq. 9', async () => {
  const r = await spinDiffusionModel.run(defaults({ mode: 'fig3a' }), ctx);
  const names = r.series.map((s) => s.name);
  assert.deepEqual(names, ['P=0', 'P=0.1', 'P=0.2', 'P=0.3', 'P=0.4', 'P=0.5', 'P=0.6', 'P=0.7', 'P=0.8', 'P=0.9', 'P=1', 'P=0.9993', 'circles']);
  const x = r.series[0].x;
  for (const v of FIG3_EXACT_R) assert.ok(x.includes(v), `r = ${v} missing`);
  assert.ok(x.length - FIG3_EXACT_R.length >= 80);
  for (let i = 1; i < x.length; i++) assert.ok(x[i] > x[i - 1]);
  // Default: W by the adaptive convolution; spot check against the closed form of D = W a² (1e-8, the bound).
  const i = x.indexOf(9e-10);
  assert.equal(r.meta?.rateMethod, 'convolution');
  assert.ok((r.meta?.maxRelDevFromClosedForm as number) <= 1e-8);
  assert.ok(Math.abs(r.series[5].y[i] / diffusionCoefficient(9e-10, 0.5) - 1) <= 1e-8);
  const circles = r.series[12];
  assert.deepEqual(circles.x, [9e-10, 9e-10]);
  assert.ok(Math.abs(circles.y[1] / diffusionCoefficient(9e-10, 0.9993) - 1) <= 1e-8);
  const closed = await spinDiffusionModel.run(defaults({ mode: 'fig3a', rateMethod: 'closed' }), ctx);
  assert.equal(closed.series[5].y[i], diffusionCoefficient(9e-10, 0.5));
  for (const k of ['rMV_m', 'rh_m', 'rValidity_m', 'conventions']) assert.ok(r.meta && k in r.meta, k);
  assert.ok(r.decorations?.bands?.[0].x1 === r.meta?.rValidity_m);
});

test('claim17: ratio curves and the convention table are computed, not tabulated', async () => {
  const r = await spinDiffusionModel.run(defaults({ mode: 'claim17' }), ctx);
  const eq9 = r.series.find((s) => s.name === 'ratio-eq9')!;
  for (const v of CLAIM_EXACT_R) assert.ok(eq9.x.includes(v), `r = ${v}`);
  const k = (rr: number, p: number, c = DEFAULT_CONVENTIONS): number => diffusionCoefficient(rr, p, DEFAULT_SAMPLE, c);
  assert.equal(r.scalars?.ratioAtRh_eq9, k(9e-10, 0.5) / k(9e-10, 0.9993));
  const table = (r.meta?.conventionTable ?? []) as { label: string; eq9: number; asymmetric: number }[];
  assert.ok(table.length >= 7);
  const twice = table.find((t) => t.label.startsWith('Δ × 2'))!;
  const c2 = { ...DEFAULT_CONVENTIONS, deltaMultiplier: 2 };
  assert.equal(twice.eq9, k(9e-10, 0.5, c2) / k(9e-10, 0.9993, c2));
  // "The contrast is even stronger closer to the electron": the ratio grows as r decreases.
  for (let i = 1; i < eq9.y.length; i++) assert.ok(eq9.y[i] < eq9.y[i - 1]);
  // The asymmetric ratio uses its own closed form.
  assert.ok(asymmetricRatePerD2({ delta: 1e6, pBar: 0.5, gammaC: 2e6, gamma2: 7e4 }) !== flipFlopRatePerD2({ delta: 1e6, pBar: 0.5, gammaC: 2e6, gamma2: 7e4 }));
});

test('telegraph mode (small): every series present, MC points carry standard errors', async () => {
  const r = await spinDiffusionModel.run(defaults({ mode: 'telegraph', telegraphRatios: [1], telegraphP: [0.5], telegraphGammaC: 1e5, telegraphGamma2: 2e4, trajectories: 40, batches: 4 }), ctx);
  const names = r.series.map((s) => s.name);
  for (const n of ['eq9', 'sle-symmetric', 'sle-asymmetric', 'mc-symmetric', 'mc-asymmetric', 'rts-closed']) assert.ok(names.includes(`${n} P=0.5`), n);
  assert.ok(r.series.find((s) => s.name === 'mc-symmetric P=0.5')!.yErr![0] > 0);
});

test('bad parameters: one-line RangeError naming the parameter', async () => {
  await assert.rejects(spinDiffusionModel.run(defaults({ deltaMultiplier: 3 }), ctx), /^RangeError: deltaMultiplier:/);
  await assert.rejects(spinDiffusionModel.run(defaults({ tauC: -1 }), ctx), /^RangeError: tauC:/);
  await assert.rejects(spinDiffusionModel.run(defaults({ mode: 'fig9' }), ctx), /^RangeError: mode:/);
  await assert.rejects(spinDiffusionModel.run(defaults({ mode: 'telegraph', telegraphP: [1.5] }), ctx), /^RangeError: telegraphP:/);
  await assert.rejects(spinDiffusionModel.run(defaults({ rh: -1 }), ctx), /^RangeError: rh:/);
  await assert.rejects(spinDiffusionModel.run(defaults({ pOn: 2 }), ctx), /^RangeError: pOn:/);
  await assert.rejects(spinDiffusionModel.run(defaults({ mode: 'spectra', pOff: 1 }), ctx), /^RangeError: pOff:/);
  await assert.rejects(spinDiffusionModel.run(defaults({ angularAverage: 'max' }), ctx), /^RangeError: angularAverage:/);
  await assert.rejects(spinDiffusionModel.run(defaults({ a: 0 }), ctx), /^RangeError: a:/);
  assert.throws(() => mergedGrid(1, 2, 1, []), /^RangeError: points:/);
});
