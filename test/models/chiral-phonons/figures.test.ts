/** Seed-004 figures on their data: continuous spectrum branches, Table I from real inputs, chains excited anywhere. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chiralPhononModel } from '../../../src/models/chiral-phonons/model.js';
import { chiralPhononFigures } from '../../../src/models/chiral-phonons/figures.js';

const ctx = { seed: 1, workers: 1 };
const fig = (id: string) => chiralPhononFigures.find((f) => f.id === id)!;
const full = (params: Record<string, unknown>) => Object.fromEntries([...chiralPhononModel.parameters.map((p) => [p.name, p.default]), ...Object.entries(params)]);

test('s004-spectrum: branches are continuous (no jump beyond the closed form\'s over one grid step) and are the eigenvalues', async () => {
  const f = fig('s004-spectrum');
  const r = await chiralPhononModel.run(full(f.params), ctx);
  const s = (name: string) => r.series.find((x) => x.name === name)!;
  const g = 2 * Math.PI * (f.params.gamma as number), gr = g * (f.params.gammaRatio as number);
  const xs = s('Re λ1 (Hz)').x;
  // Closed form λ± = −iΓ ± √(δ²/4 − 4γγ′) with the principal root: continuous in δ (Hz).
  const cf = (sign: number, i: number) => {
    const delta = 2 * Math.PI * xs[i];
    const disc = (delta * delta) / 4 - 4 * g * gr;
    const root = disc >= 0 ? { re: Math.sqrt(disc), im: 0 } : { re: 0, im: Math.sqrt(-disc) };
    return { re: (sign * root.re) / (2 * Math.PI), im: (-(g + gr) + sign * root.im) / (2 * Math.PI) };
  };
  let allowed = 0;
  for (let i = 1; i < xs.length; i++) for (const sg of [1, -1]) allowed = Math.max(allowed, Math.hypot(cf(sg, i).re - cf(sg, i - 1).re, cf(sg, i).im - cf(sg, i - 1).im));
  for (const k of [1, 2]) {
    const re = s(`Re λ${k} (Hz)`).y, im = s(`Im λ${k} (Hz)`).y;
    let jump = 0;
    for (let i = 1; i < xs.length; i++) jump = Math.max(jump, Math.hypot(re[i] - re[i - 1], im[i] - im[i - 1]));
    assert.ok(jump <= allowed * 1.01 + 1e-6, `branch ${k}: largest step ${jump} Hz, closed form ${allowed} Hz`);
    // and each point is an eigenvalue (1e-3 Hz: √-sensitivity at the EP)
    for (let i = 0; i < xs.length; i++) {
      const d = Math.min(...[1, -1].map((sg) => Math.hypot(re[i] - cf(sg, i).re, im[i] - cf(sg, i).im)));
      assert.ok(d < 1e-3, `branch ${k} at δ = ${xs[i]}: ${d} Hz from the closed form`);
    }
  }
  assert.ok(allowed < 60, `grid step bound ${allowed} Hz (a swap would jump ~2√(4γγ′)/2π)`);
});

test('s004-table1: Table I is a report table from real inputs (length, density, Ξ, Δ act as the estimator says)', async () => {
  const f = fig('s004-table1');
  const base = await chiralPhononModel.run(full(f.params), ctx);
  const t = base.tables![0];
  const row = (name: string, r = t) => r.rows.find((x) => x[0] === name)!;
  assert.deepEqual(t.columns, ['quantity', 'unit', 'ours', 'paper (same inputs)']);
  assert.equal(row('γ = 2g²/Δ')[3], '~0.1 kHz (Table I: 0.1–1 kHz)');
  assert.ok(base.tables!.some((x) => /every row/.test(x.title)) && base.tables!.some((x) => /group velocities/.test(x.title)));
  // u_zpf = √(ħω/(2ρv²V)) with ω ∝ 1/l and V ∝ l: g ∝ 1/l, ∝ 1/√ρ, ∝ Ξ; γ = 2g²/Δ.
  const g0 = base.scalars!.g;
  assert.ok(Math.abs((await chiralPhononModel.run(full({ ...f.params, length: 2e-6 }), ctx)).scalars!.g / g0 - 0.5) < 1e-12);
  assert.ok(Math.abs((await chiralPhononModel.run(full({ ...f.params, density: 4 * 2650 }), ctx)).scalars!.g / g0 - 0.5) < 1e-12);
  const d = await chiralPhononModel.run(full({ ...f.params, detuning: 20e3 }), ctx);
  assert.ok(Math.abs(d.scalars!['γ'] / base.scalars!['γ'] - 0.5) < 1e-12);
  assert.equal(base.scalarUnits!.g, 'Hz');
});

test('chain: a quantum on the last spin stays there (one-way coupling, γ′ = 0); on a middle spin it moves only down the chain', async () => {
  const p = full({ mode: 'chain', sites: 5, gamma: 100, gammaRatio: 0, duration: 5e-3, points: 11 });
  const last = await chiralPhononModel.run({ ...p, initial: 'last' }, ctx);
  const mid = await chiralPhononModel.run({ ...p, initial: 'site', initialSite: 3 }, ctx);
  const at = (r: typeof last, k: number) => r.series[k].y.at(-1)!;
  for (let k = 0; k < 4; k++) assert.ok(Math.abs(at(last, k)) < 1e-12, `site ${k + 1} of the backward test: ${at(last, k)}`);
  for (let k = 0; k < 2; k++) assert.ok(Math.abs(at(mid, k)) < 1e-12, `upstream site ${k + 1}: ${at(mid, k)}`);
  assert.ok(at(mid, 3) > 1e-3, 'downstream site 4 receives excitation');
  await assert.rejects(chiralPhononModel.run({ ...p, initial: 'site', initialSite: 9 }, ctx), /initialSite/);
});
