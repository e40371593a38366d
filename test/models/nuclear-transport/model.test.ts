import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nuclearTransportModel, nuclearTransportFigures } from '../../../src/models/nuclear-transport/index.js';

function defaults(over: Record<string, unknown>): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  for (const s of nuclearTransportModel.parameters) p[s.name] = s.default;
  return { ...p, ...over };
}
const ctx = { seed: 1, workers: 1 };

test('every figure runs on its own parameters to the expected series (heavy ones shrunk)', async () => {
  const ids = nuclearTransportFigures.map((f) => f.id);
  for (const id of ['s000-fig4a', 's000-fig4b', 's000-fig4c', 's000-fig5a', 's000-fig5b', 's000-fig6b', 's000-fig6c', 's000-fig6d', 's000-fig7b', 's000-fig7c']) assert.ok(ids.includes(id), id);
  for (const f of nuclearTransportFigures) {
    // Fig. 4c runs to 2 s here (the figure stops at the full model's 0.5 s) so that Eq. 12's limit is reached.
    const shrink: Record<string, unknown> = f.id === 's000-fig5a' ? { sizes: [4, 10, 40], realizations: 20 } : f.id === 's000-fig5b' ? { treeCrown: 3, treeRoots: 3, points: 5 } : f.id === 's000-fig4c' ? { tMax: 2 } : {};
    const sfx = String(f.params.seriesSuffix ?? '');
    const r = await nuclearTransportModel.run(defaults({ ...f.params, ...shrink }), ctx);
    assert.ok(r.series.length > 0, f.id);
    for (const s of r.series) for (const y of s.y) assert.ok(Number.isFinite(y), `${f.id} ${s.name}`);
    if (f.id === 's000-fig4a') assert.deepEqual(r.series.map((s) => s.name).slice(0, 4), ['P1', 'P2', 'P3', 'P4'].map((p) => p + sfx));
    if (f.id === 's000-fig6c') for (const n of ['K12 eff', 'K23 eff', 'K31 eff', 'V12 eff', 'V23 eff', 'V31 eff']) assert.ok(r.series.some((s) => s.name === n), n);
    if (f.id === 's000-fig7c') assert.ok(r.series.some((s) => s.name === 'V10,1'));
    if (f.id === 's000-fig4c') {
      // Limit of Eq. 12 reached by t = 2 s (Γ_eff t ≥ 27 with Eq. B.6 or B.7).
      const p4 = r.series.find((s) => s.name === `P4${sfx}`)!;
      assert.ok(Math.abs(p4.y[p4.y.length - 1] - 7 / 8) < 1e-3);
    }
  }
});

test('model: bad parameters give RangeErrors naming the parameter', async () => {
  await assert.rejects(nuclearTransportModel.run(defaults({ topology: 'moebius' }), ctx), /topology/);
  await assert.rejects(nuclearTransportModel.run(defaults({ initial: 'uux', sites: 3 }), ctx), /initial/);
  await assert.rejects(nuclearTransportModel.run(defaults({ solver: 'kmc', topology: 'tree' }), ctx), /solver/);
  await assert.rejects(nuclearTransportModel.run(defaults({ solver: 'rate', sites: 3, chainCoupling: 100 }), ctx), /solver/);
});

test('model: auto picks KMC for a long ring and reports the closed-form current', async () => {
  const r = await nuclearTransportModel.run(defaults({ topology: 'ring', sites: 2000, initial: 'unpolarized', tMax: 1, points: 3, realizations: 8 }), ctx);
  assert.equal(r.stats?.solver, 'kmc');
  assert.ok(Math.abs(r.scalars!.ringCurrentClosedForm - r.scalars!.gammaEff / 4) < 1e-12);
  assert.equal(r.scalars!.netPolarizationDrift, 0);
});
