/**
 * Seed-000 figures checked on their data (not their pictures): the critical pumping rate of
 * Fig. 2b, the regimes of the Γ_op sweep, Fig. 9's exceptional point on the swept grid, and
 * Fig. 8c's time series per Γ_B through the runner.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dressedChainModel } from '../../../src/models/dressed-chain/model.js';
import { dressedChainFigures } from '../../../src/models/dressed-chain/figures.js';
import { figureToScenario, resolveScenario } from '../../../src/scenario/scenario.js';
import { runScenario } from '../../../src/runner/run.js';
import type { ModelResult } from '../../../src/models/types.js';

const ctx = { seed: 1, workers: 1 };
const fig = (id: string) => dressedChainFigures.find((f) => f.id === id)!;
const y = (r: ModelResult, name: string) => r.series.find((s) => s.name === name)!.y;
/** Largest fall of a series after a running maximum (back-flow). */
const backflow = (v: number[]) => { let max = -Infinity, drop = 0; for (const x of v) { max = Math.max(max, x); drop = Math.max(drop, max - x); } return drop; };

test('Fig. 2b: at the critical rate Γ_c = 8π·J_eff P2 rises without back-flow; at Γ_c/4 = 2π·J_eff it flows back', async () => {
  const parts = (fig('s000-fig2b').params as { parts: { params: Record<string, unknown> }[] }).parts;
  const crit = await dressedChainModel.run({ ...parts[0].params, method: 'me', points: 101 }, ctx);
  const quarter = await dressedChainModel.run({ ...parts[1].params, points: 101 }, ctx);
  assert.ok(Math.abs(crit.scalars!.gammaOp - 8 * Math.PI * crit.scalars!.jEffHz) < 1e-6 * crit.scalars!.gammaOp);
  assert.ok(Math.abs(quarter.scalars!.gammaOp - 2 * Math.PI * quarter.scalars!.jEffHz) < 1e-6 * quarter.scalars!.gammaOp);
  // critically damped: P2 never falls by more than the MHz dressing wiggles (1e-3)
  assert.ok(backflow(y(crit, 'P2')) < 1e-3, `critical back-flow ${backflow(y(crit, 'P2'))}`);
  assert.ok(backflow(y(quarter, 'P2')) > 0.2, `2πJ_eff back-flow ${backflow(y(quarter, 'P2'))}`);
  assert.ok(y(crit, 'P2').at(-1)! > 0.99);
});

test('Fig. 2b sweep: two-way exchange below Γ_c, one-way at Γ_c, frozen far above', async () => {
  const f = fig('s000-fig2b-sweep');
  const values = f.sweep!.values[0] as number[];
  const run = (g: number) => dressedChainModel.run({ ...f.params, gammaOp: g, points: 201 }, ctx);
  const [slow, crit, fast] = await Promise.all([run(values[0]), run(values[2]), run(values.at(-1)!)]);
  assert.ok(Math.abs(values[2] - crit.scalars!.jEffHz * 8 * Math.PI) < 0.01 * values[2], 'the third value is Γ_c');
  assert.ok(backflow(y(slow, 'P2')) > 1, `two-way: P2 oscillates (back-flow ${backflow(y(slow, 'P2'))})`);
  assert.ok(backflow(y(crit, 'P2')) < 1e-3 && y(crit, 'P2').at(-1)! > 0.99, 'one-way at Γ_c');
  assert.ok(y(fast, 'P2').at(-1)! < -0.5, `frozen: P2(0.2 ms) = ${y(fast, 'P2').at(-1)}`);
});

test('Fig. 9: the swept grid holds the exceptional point; real eigenvalues below Γ_c, imaginary above (δ_eff = 0)', async () => {
  const f = fig('s000-fig9');
  const gammas = f.sweep!.values[1] as number[];
  const at = (g: number) => dressedChainModel.run({ ...f.params, deltaEff: 0, gammaOp: g }, ctx);
  const ep = (await at(0)).scalars!.epGammaOp;
  assert.ok(gammas.some((g) => Math.abs(g - ep) < 1e-3 * ep), `grid contains Γ_c = ${ep}`);
  const below = await at(0.5 * ep), above = await at(1.5 * ep);
  assert.ok(Math.abs(below.scalars!.im1) < 1e-9 && Math.abs(below.scalars!.re1) > 100);
  assert.ok(Math.abs(above.scalars!.re1) < 1e-9 && Math.abs(above.scalars!.im1) > 100);
  // The x label's unit is the unit the swept δ_eff is displayed in (it said Hz under kHz ticks).
  const { axisTitle } = await import('../../../src/runner/tidy.js');
  const shown = axisTitle({ parameter: 'deltaEff', values: f.sweep!.values[0] as number[], unit: 'Hz' });
  assert.equal(/\((.*)\)$/.exec(f.xLabel!)![1], /\((.*)\)$/.exec(shown)![1]);
});

test('Fig. 8c keeps P_j(t) per Γ_B (runner sweep with series; short window)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spindrift-fig8c-'));
  try {
    const f = fig('s000-fig8c');
    const input = figureToScenario({ ...f, params: { ...f.params, tEnd: 5e-4, points: 3 }, sweep: { parameters: ['gammaB'], values: [[100, 200]] } });
    await runScenario(resolveScenario(input, '<fig8c test>', ''), { out: dir, progress: null, workers: 1 });
    const csv = readFileSync(join(dir, 'data.csv'), 'utf8');
    const names = new Set(csv.trim().split('\n').slice(1).map((l) => l.split(',')[0]));
    for (const g of ['100 Hz', '200 Hz']) for (const p of ['P1', 'P2', 'P3', 'Pc']) assert.ok(names.has(`${p} gammaB=${g}`), `${p} gammaB=${g} in ${[...names].join('; ')}`);
    assert.equal(csv.trim().split('\n').length, 1 + 2 * 4 * 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Fig. 2a: the effective Eq. 2 (lower panel) follows the full 4-spin exchange (|ΔP1| < 0.02) at the full-H J_eff', async () => {
  const { nuclearTransportFigures } = await import('../../../src/models/nuclear-transport/figures.js');
  const { nuclearTransportModel } = await import('../../../src/models/nuclear-transport/model.js');
  const full = await dressedChainModel.run({ ...fig('s000-fig2a').params, points: 101 }, ctx);
  const e = nuclearTransportFigures.find((f) => f.id === 's000-fig2a')!;
  const params = Object.fromEntries([...nuclearTransportModel.parameters.map((p) => [p.name, p.default]), ...Object.entries(e.params), ['points', 101]]);
  const eff = await nuclearTransportModel.run(params, ctx);
  const j = ((e.params.edges as { coherent: number[][] }).coherent[0][2]);
  assert.ok(Math.abs(j - full.scalars!.jEffHz) < 0.01, `Eq. 2 coupling ${j} Hz vs full-H J_eff ${full.scalars!.jEffHz} Hz`);
  const a = y(full, 'P1'), b = y(eff, 'P1 eff (Eq. 2)');
  // MHz dressing wiggles and off-resonant admixture of the full H: 0.02
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 0.02, `t index ${i}: ${a[i]} vs ${b[i]}`);
});
