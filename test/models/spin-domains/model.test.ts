import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spinDomainsModel, spinDomainsFigures } from '../../../src/models/spin-domains/index.js';

const ctx = { seed: 1, workers: 1 };

test('model: defaults filled in, series J1…JM = ⟨J_i^z⟩/N_i on SI time, γt display scale', async () => {
  const params = Object.fromEntries(spinDomainsModel.parameters.map((p) => [p.name, p.default]));
  const r = await spinDomainsModel.run({ ...params, N: [6, 1], tEnd: 40, points: 5 }, ctx);
  assert.deepEqual(r.series.map((s) => s.name), ['J1', 'J2']);
  assert.equal(r.series[0].y[0], 0.5);
  assert.equal(r.series[1].y[0], -0.5);
  // Steady state at γt = 40 equals S8 (N1 = 6): (36 − 12 − 1)/(2·49) — scalar S9 agrees.
  assert.ok(Math.abs(r.series[1].y[4] - 23 / 98) < 1e-8);
  assert.ok(Math.abs((r.scalars!.S9_J2z_steady) - 23 / 98) < 1e-15);
  assert.equal(r.xDisplayScale, 1);
});

test('model: log grid drops t = 0 from the series; mean field chosen automatically for large N', async () => {
  const params = Object.fromEntries(spinDomainsModel.parameters.map((p) => [p.name, p.default]));
  const r = await spinDomainsModel.run({ ...params, N: [1e6, 1e2], timeGrid: 'log', tStart: 1e-9, tEnd: 1e-3, points: 7 }, ctx);
  assert.equal(r.series[0].x.length, 7);
  assert.ok(Math.abs(r.series[0].x[0] - 1e-9) < 1e-24);
  assert.match(String(r.stats!.method), /mean-field/);
  assert.ok(r.scalars!.J2_final > 0.49);
});

test('model: bad parameters are RangeErrors naming the parameter', async () => {
  const params = Object.fromEntries(spinDomainsModel.parameters.map((p) => [p.name, p.default]));
  await assert.rejects(spinDomainsModel.run({ ...params, N: [] }, ctx), /N:/);
  await assert.rejects(spinDomainsModel.run({ ...params, N: [4, 2], gammas: [1, 2] }, ctx), /gammas/);
  await assert.rejects(spinDomainsModel.run({ ...params, method: 'magic' }, ctx), /method/);
  await assert.rejects(spinDomainsModel.run({ ...params, timeGrid: 'log', tStart: 20, tEnd: 10 }, ctx), /tStart/);
});

test('figures: the ten seed-003 figures reference this model with valid parameters', () => {
  const ids = spinDomainsFigures.map((f) => f.id).sort();
  assert.deepEqual(ids, ['s003-fig2a', 's003-fig2b', 's003-fig2c', 's003-fig3a', 's003-fig3b', 's003-fig4a', 's003-fig4b', 's003-figS1a', 's003-figS1b', 's003-figS1c']);
  const names = new Set(spinDomainsModel.parameters.map((p) => p.name));
  for (const f of spinDomainsFigures) {
    assert.equal(f.model, spinDomainsModel.id);
    for (const k of Object.keys(f.params)) assert.ok(names.has(k), `${f.id}: unknown parameter ${k}`);
    if (f.id.startsWith('s003-fig3') || f.id === 's003-fig4b') assert.equal(f.xScale, 'log');
  }
});
