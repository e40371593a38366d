/**
 * Fig. 6b/6c bottom on their data: the full model's QJM traces (the paper's faint lines) beside the
 * effective model, from unpolarized nuclei sampled in spin-flipped pairs (short run, few trajectories).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_FIGURES } from '../../../src/models/builtin.js';
import { getModel } from '../../../src/models/registry.js';

const overlayModel = getModel('overlay');

type Part = { model: string; params: Record<string, unknown> };
const shrunk = (id: string) => {
  const f = BUILTIN_FIGURES.find((x) => x.id === id)!;
  assert.equal(f.model, 'overlay', `${id} overlays the full and the effective model`);
  const parts = (f.params.parts as Part[]).map((p) => (p.model === 'dressed-chain' ? { ...p, params: { ...p.params, ntraj: 8, tEnd: 0.02, points: 5 } } : { ...p, params: { ...p.params, tMax: 0.02, points: 5 } }));
  return { f, parts };
};

test('s000-fig6b-bottom: full-model P_j (QJM) start at exactly 0 and are drawn beside P_j eff', async () => {
  const { f, parts } = shrunk('s000-fig6b-bottom');
  assert.deepEqual(parts.map((p) => p.model), ['dressed-chain', 'nuclear-transport']);
  const r = await overlayModel.run({ parts }, { seed: 1, workers: 1 });
  const names = r.series.map((s) => s.name);
  for (const n of ['P1', 'P2', 'P3', 'P1 eff', 'P2 eff', 'P3 eff']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
  for (const j of [1, 2, 3]) {
    const s = r.series.find((x) => x.name === `P${j}`)!;
    assert.ok(Math.abs(s.y[0]) < 1e-12, `P${j}(0) = ${s.y[0]} (paired sampling)`);
    assert.ok(s.yErr && s.yErr.length === s.y.length, 'trajectory averages carry standard errors');
  }
  assert.deepEqual(f.plot!.methods!.map((m) => m.suffix), ['', ' eff'], 'full model solid, effective model dashed');
});

test('s000-fig6c-bottom: full-model K_jk and V_jk beside the effective ones', async () => {
  const { parts } = shrunk('s000-fig6c-bottom');
  const r = await overlayModel.run({ parts }, { seed: 1, workers: 1 });
  const names = new Set(r.series.map((s) => s.name));
  for (const n of ['K12', 'K23', 'K31', 'V12', 'V23', 'V31']) {
    assert.ok(names.has(n) && names.has(`${n} eff`), `${n} and ${n} eff in ${[...names].join(', ')}`);
  }
  // The effective model starts from the maximally mixed state: every ↑↓ wall has probability 1/4.
  const v = r.series.find((s) => s.name === 'V12 eff')!.y[0];
  assert.ok(Math.abs(v - 0.25) < 1e-9, `V12 eff(0) = ${v}`);
  // The sampled pairs give V12(0) in {0, 1/2, 1} per pair: a proportion, within [0, 1].
  const w = r.series.find((s) => s.name === 'V12')!.y[0];
  assert.ok(w >= 0 && w <= 1, `V12(0) = ${w}`);
});
