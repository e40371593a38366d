/**
 * Sweep labels for people: panel headers, legends and axis titles of swept parameters use the
 * parameter's symbol ("Γ_B = 50 Hz"), while data.csv keeps the stable keys ("P1 gammaB=50 Hz").
 * Checked on the header strings of every built-in figure that sweeps, not on pictures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_FIGURES } from '../../src/models/builtin.js';
import '../../src/models/registry.js';
import { figureToScenario, resolveScenario } from '../../src/scenario/scenario.js';
import { pointSeriesRows, sweptSeriesData, tidyData } from '../../src/runner/tidy.js';
import { vegaLiteSpec } from '../../src/runner/plot.js';

const resolved = (id: string) => {
  const f = BUILTIN_FIGURES.find((x) => x.id === id)!;
  return { f, sc: resolveScenario(figureToScenario(f), `<${id}>`, '') };
};

test('Fig. 8c: one panel per Γ_B, headed "Γ_B = 50 Hz"; series keys unchanged', () => {
  const { f, sc } = resolved('s000-fig8c');
  const rows = sc.points.flatMap((p) => pointSeriesRows(sc.axes, p.coords, [{ name: 'P1', x: [0, 1], y: [0, 1] }, { name: 'P2', x: [0, 1], y: [1, 0] }]));
  const data = sweptSeriesData(rows, sc.axes, { xLabel: 't (s)', yLabel: 'P_j', xDisplayScale: 1 });
  const spec = vegaLiteSpec(data, { ...f.plot }) as { facet: { field: string; sort: string[] } };
  assert.equal(spec.facet.field, 'f');
  assert.deepEqual(spec.facet.sort, ['Γ_B = 50 Hz', 'Γ_B = 100 Hz', 'Γ_B = 200 Hz']);
  assert.equal(data.valueTitle, 'Γ_B (Hz)');
  assert.ok(rows.some((r) => r.series === 'P1 gammaB=50 Hz'), 'data.csv series keys stay machine-stable');
});

test('every built-in sweep figure: headers, legend values and titles show the symbol, never the camelCase name, where one is declared', () => {
  let checked = 0;
  for (const f of BUILTIN_FIGURES.filter((x) => x.sweep)) {
    const sc = resolveScenario(figureToScenario(f), `<${f.id}>`, '');
    const model = sc.model;
    for (const [k, a] of sc.axes.entries()) {
      const spec = model.parameters.find((p) => p.name === a.parameter);
      if (!spec?.symbol) continue;
      assert.equal(a.symbol, spec.symbol, `${f.id}: axis ${a.parameter}`);
      const p = sc.points[0];
      const rows = pointSeriesRows(sc.axes, p.coords, [{ name: 'X', x: [0], y: [0] }]);
      const shown = [rows[0].valueLabel, rows[0].group].filter((s) => s !== undefined).join(', ');
      assert.ok(shown.includes(`${spec.symbol} = `), `${f.id}: "${shown}" shows ${spec.symbol}`);
      assert.ok(!new RegExp(`\\b${a.parameter}=`).test(shown), `${f.id}: "${shown}" has no raw ${a.parameter}=`);
      if (k > 0 || sc.axes.length === 1) checked++;
    }
  }
  assert.ok(checked >= 4, `checked ${checked} swept axes with symbols (fig8c Γ_B, fig2b Γ_op, fig9 δ_eff/Γ_op, S1 T …)`);
});

test('a two-axis scalar grid names its second axis by symbol in the legend/colour title', () => {
  const axes = [{ parameter: 'deltaEff', values: [0, 1e3], unit: 'Hz', symbol: 'δ_eff' }, { parameter: 'gammaOp', values: [1, 10], unit: 's⁻¹', symbol: 'Γ_op' }];
  const coords = axes[0].values.flatMap((x) => axes[1].values.map((y) => [x, y]));
  const data = tidyData(axes, coords, coords.map(([x, y]) => ({ series: [], scalars: { re: x * y } })));
  assert.equal(data.xLabel, 'δ_eff (kHz)');
  assert.equal(data.valueTitle, 'Γ_op (s⁻¹)');
  assert.deepEqual([...new Set(data.rows.map((r) => r.valueLabel))], ['Γ_op = 1 s⁻¹', 'Γ_op = 10 s⁻¹']);
  assert.deepEqual([...new Set(data.rows.map((r) => r.series))], ['re gammaOp=1 s⁻¹', 're gammaOp=10 s⁻¹']);
});
