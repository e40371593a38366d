import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { naturalCompare, nominalPanels, renderSvg, vegaLiteSpec, wrapTitle } from '../../src/runner/plot.js';
import { formatValue, isLogSpaced, pointSeriesRows, scalarsLabel, siLabel, sweptSeriesData, tidyData } from '../../src/runner/tidy.js';
import { PointSeriesStore } from '../../src/runner/series-store.js';
import { reportHtml, unitOf } from '../../src/runner/report.js';
import { resolveScenarioText } from '../../src/scenario/scenario.js';

const tmp = mkdtempSync(join(tmpdir(), 'spindrift-plot-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

type Layer = { mark: unknown; encoding: Record<string, { field?: string; legend?: unknown; scale?: { domain?: string[]; type?: string; scheme?: string } }> };

test('legends sort numbers by value (signs, decimals, exponents), not as text', () => {
  const names = ['x=1e6', 'x=5000', 'x=-3e-6', 'x=0', 'x=2.5', 'P10', 'P2'];
  assert.deepEqual([...names].sort(naturalCompare), ['P2', 'P10', 'x=-3e-6', 'x=0', 'x=2.5', 'x=5000', 'x=1e6']);
});

test('swept values are named with their unit once, SI prefixes where the unit takes them', () => {
  assert.equal(formatValue(50, 'Hz'), '50 Hz');
  assert.equal(formatValue(1.5e-6, 'T'), '1.5 µT');
  assert.equal(formatValue(3e6, 's⁻¹'), '3e+6 s⁻¹');
  assert.equal(formatValue(1.6, 'K'), '1.6 K');
  assert.equal(formatValue(0.25, ''), '0.25');
  const rows = pointSeriesRows([{ parameter: 'gammaB', values: [50, 100], unit: 'Hz' }], [100], [{ name: 'P1', x: [0, 1], y: [1, 0.5] }]);
  assert.deepEqual(rows.map((r) => r.series), ['P1 gammaB=100 Hz', 'P1 gammaB=100 Hz']);
  assert.equal(rows[0].obs, 'P1');
  assert.equal(rows[0].value, 100);
});

test('log sweeps are recognised (declared, or geometric values over a wide range)', () => {
  assert.equal(isLogSpaced({ parameter: 'g', values: [5e3, 1e4, 2e4, 5.7e4, 1e5, 2e5, 5e5, 1e6], unit: 's⁻¹' }), true);
  assert.equal(isLogSpaced({ parameter: 'g', values: Array.from({ length: 30 }, (_, i) => 10 * (i + 1)), unit: '' }), false);
  assert.equal(isLogSpaced({ parameter: 'g', values: [-1, 0, 1], unit: '' }), false);
  assert.equal(isLogSpaced({ parameter: 'g', values: [1, 2], unit: '', scale: 'log' }), true);
  const data = tidyData([{ parameter: 'g', values: [1e3, 1e4, 1e5, 1e6], unit: 's⁻¹' }], [[1e3], [1e4], [1e5], [1e6]], [1e3, 1e4, 1e5, 1e6].map((g) => ({ series: [], scalars: { rate: g } })), undefined, undefined, { rate: 's⁻¹' });
  assert.equal(data.xLog, true);
  const spec = vegaLiteSpec(data, {}) as { layer: Layer[] };
  const x = spec.layer.find((l) => l.encoding.x)!.encoding.x as { scale: { type: string } };
  assert.equal(x.scale.type, 'log');
  assert.equal(data.yLabel, 'rate (s⁻¹)', 'the y label is the scalar with its unit, never "value"');
});

test('labels: SI x label for data.json, scalar names for y, units column without "number"', () => {
  assert.equal(siLabel('t (ms)', 1e3), 't (s)');
  assert.equal(siLabel('r (nm)', 1e9), 'r (m)');
  assert.equal(siLabel('t (ms)', 1), 't (ms)');
  assert.equal(scalarsLabel(['P1_final', 'P2_final']), 'P1_final, P2_final');
  assert.equal(unitOf({ kind: 'frequency' }), 'Hz');
  assert.equal(unitOf({ kind: 'number', unit: 'Hz/T' }), 'Hz/T');
  assert.equal(unitOf({ kind: 'number' }), '—');
  assert.deepEqual(wrapTitle('a '.repeat(60).trim(), 20).every((l) => l.length <= 20), true);
});

test('methods get a line style beside colour; legend swatches are opaque', () => {
  const rows = ['P1', 'P2', 'P1 QJM', 'P2 QJM'].flatMap((s) => Array.from({ length: 50 }, (_, i) => ({ series: s, x: i, y: i, yErr: 0.1 })));
  const spec = vegaLiteSpec({ rows, hasErrors: true, xLabel: 't', yLabel: 'P', xDisplayScale: 1, swept: false }, { methods: [{ suffix: '', label: 'QME' }, { suffix: ' QJM', label: 'QJM' }] }) as { data: { values: { c: string; d: string }[] }; layer: Layer[] };
  const line = spec.layer.find((l) => (l.mark as { type: string }).type === 'line')!;
  assert.deepEqual(line.encoding.color.scale!.domain, ['P1', 'P2'], 'colour = observable');
  assert.deepEqual(line.encoding.strokeDash.scale!.domain, ['QME', 'QJM'], 'dash = method');
  assert.equal((line.encoding.color.legend as { symbolOpacity: number }).symbolOpacity, 1);
  assert.ok(spec.data.values.some((v) => v.c === 'P1' && v.d === 'QJM'));
});

test('a sweep over many values uses a continuous colour scale, never a repeating palette', () => {
  const axes = [{ parameter: 'g', values: Array.from({ length: 12 }, (_, i) => 10 ** (i / 3)), unit: 's⁻¹' }];
  const rows = axes[0].values.flatMap((g) => pointSeriesRows(axes, [g], [{ name: 'P1', x: [0, 1], y: [0, g] }, { name: 'P2', x: [0, 1], y: [1, g] }]));
  const spec = vegaLiteSpec({ rows, hasErrors: false, xLabel: 't (s)', yLabel: 'P', xDisplayScale: 1, swept: false, valueTitle: 'g (s⁻¹)', valueLog: true }, {}) as { layer: Layer[] };
  const line = spec.layer[0];
  assert.equal(line.encoding.color.field, 'v');
  assert.equal(line.encoding.color.scale!.type, 'log');
  assert.equal(line.encoding.strokeDash.field, 'd', 'the two observables by line style');
});

test('a dense two-axis scalar grid is drawn as heat maps, one per scalar', () => {
  const a = { parameter: 'x', values: [1, 2, 3, 4, 5], unit: '' }, b = { parameter: 'y', values: [1, 2, 3, 4, 5], unit: '' };
  const coords = a.values.flatMap((x) => b.values.map((y) => [x, y]));
  const data = tidyData([a, b], coords, coords.map(([x, y]) => ({ series: [], scalars: { re: x * y, im: x - y } })));
  assert.equal(data.grid, true);
  const spec = vegaLiteSpec(data, {}) as { facet: { field: string }; spec: { mark: { type: string } } };
  assert.equal(spec.facet.field, 'f');
  assert.equal(spec.spec.mark.type, 'rect');
});

test('two observable families (currents K in s⁻¹, voltages V) get one panel each, own y scale, colour by bond (Fig. 6c)', async () => {
  const x = [0, 0.1, 0.2];
  const series = ['K12', 'K23', 'K31', 'V12', 'V23', 'V31'].flatMap((n) => [{ name: n, x, y: [1, 2, 3] }, { name: `${n} eff`, x, y: [1, 2, 3] }]);
  const data = tidyData([], [], [{ series, xLabel: 't (s)', yLabel: 'K (s⁻¹), V' }]);
  const spec = vegaLiteSpec(data, { methods: [{ suffix: '', label: 'full' }, { suffix: ' eff', label: 'effective' }] }) as { facet: { field: string; sort: string[] }; resolve: unknown; spec: { layer: Layer[] }; data: { values: { c: string; f: string }[] } };
  assert.equal(spec.facet.field, 'f');
  assert.deepEqual(spec.facet.sort, ['K (s⁻¹)', 'V'], 'panel headers carry the quantity and its unit');
  assert.deepEqual(spec.resolve, { scale: { y: 'independent' } });
  const line = spec.spec.layer.find((l) => (l.mark as { type?: string }).type === 'line')!;
  assert.deepEqual(line.encoding.color.scale!.domain, ['12', '23', '31'], 'colour = bond, shared by K and V');
  // Fig. 7c: bonds in chain order, 9,10 and the end-to-end 10,1 last (not sorted as the numbers 9 and 10)
  const chain = tidyData([], [], [{ series: ['K12', 'K23', 'K89', 'K9,10', 'V10,1'].map((name) => ({ name, x, y: [0, 1, 2] })), xLabel: 't (s)', yLabel: 'K (s⁻¹), V' }]);
  const c7 = vegaLiteSpec(chain, {}) as { spec: { layer: Layer[] } };
  assert.deepEqual(c7.spec.layer.find((l) => (l.mark as { type?: string }).type === 'line')!.encoding.color.scale!.domain, ['12', '23', '89', '9,10', '10,1']);
  assert.equal(line.encoding.strokeDash.field, 'd', 'methods by line style');
  await renderSvg(spec as Record<string, unknown>);
});

test('more than 10 members of one family (P1 … P10, Pc): a continuous colour by site, Pc in near-black, never a repeating palette', async () => {
  const x = Array.from({ length: 50 }, (_, i) => i);
  const names = [...Array.from({ length: 10 }, (_, i) => `P${i + 1}`), 'Pc'];
  const data = tidyData([], [], [{ series: names.map((n) => ({ name: n, x, y: x.map((t) => t * 0.01) })), xLabel: 't (s)', yLabel: 'P_j' }]);
  const spec = vegaLiteSpec(data, {}) as { layer: Layer[] };
  const line = spec.layer.find((l) => (l.mark as { type?: string }).type === 'line')!;
  const color = line.encoding.color as { field: string; type: string; scale: { scheme?: string }; title: string };
  assert.equal(color.field, 'v');
  assert.equal(color.type, 'quantitative');
  assert.notEqual(color.scale.scheme, 'category20');
  assert.equal(color.title, 'site j');
  // Pc, which has no site, is its own near-black dashed line, named at its end
  const pc = spec.layer.find((l) => (l.mark as { color?: string }).color === '#222222' && (l.mark as { type?: string }).type === 'line') as unknown as { transform: { filter: { oneOf?: string[] } }[] };
  assert.deepEqual(pc.transform[0].filter.oneOf, ['Pc']);
  assert.ok(spec.layer.some((l) => (l.mark as { type?: string }).type === 'text'), 'label at the end of the Pc line');
  await renderSvg(spec as Record<string, unknown>);
});

test('more than 10 series with plain names: panels of at most 10, each with its own legend (no 20-colour palette)', async () => {
  const x = Array.from({ length: 50 }, (_, i) => i);
  const names = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu'];
  const data = tidyData([], [], [{ series: names.map((n, k) => ({ name: n, x, y: x.map((t) => t * k) })), xLabel: 't (s)', yLabel: 'E (J)' }]);
  const spec = vegaLiteSpec(data, {}) as { facet: { field: string; sort: string[] }; resolve: unknown; spec: { layer: Layer[] }; data: { values: { c: string; f: string }[] } };
  assert.equal(spec.facet.field, 'f');
  const perPanel = new Map<string, Set<string>>();
  for (const v of spec.data.values) perPanel.set(v.f, (perPanel.get(v.f) ?? new Set()).add(v.c));
  assert.equal(perPanel.size, 2);
  for (const [panel, set] of perPanel) assert.ok(set.size <= 10, `${panel}: ${set.size} series`);
  assert.deepEqual(spec.resolve, { scale: { color: 'independent' }, legend: { color: 'independent' } });
  const line = spec.spec.layer.find((l) => (l.mark as { type?: string }).type === 'line')!;
  assert.notEqual(line.encoding.color.scale!.scheme, 'category20');
  await renderSvg(spec as Record<string, unknown>);
  // names whose first word splits them into small groups: one panel per word
  const grouped = nominalPanels([...['a', 'b', 'c', 'd', 'e', 'f'].map((s) => `J1 ${s}`), ...['a', 'b', 'c', 'd', 'e', 'f'].map((s) => `J2 ${s}`)])!;
  assert.deepEqual([...new Set(grouped.values())], ['J1', 'J2']);
  assert.equal(nominalPanels(names.slice(0, 10)), null, 'ten or fewer: one panel');
});

test('Fig. 6b (bottom): P_j = 0 to rounding is drawn on a fixed [−1, 1] axis (it filled the plot as 1e-16 noise)', async () => {
  const { listFigures, getModel } = await import('../../src/models/registry.js');
  const fig = listFigures().find((f) => f.id === 's000-fig6b-bottom')!;
  const r = await getModel(fig.model).run(fig.params, { seed: 1, workers: 1 });
  for (const s of r.series) assert.ok(s.y.every((v) => Math.abs(v) < 1e-12), `${s.name} is 0 to rounding`);
  assert.equal(r.yLabel, 'P', 'the y label names only the groups shown (was "P, K (s⁻¹), V")');
  const spec = vegaLiteSpec(tidyData([], [], [r]), { ...fig.plot, yLabel: fig.yLabel }) as { layer: Layer[] };
  const line = spec.layer.find((l) => (l.mark as { type?: string }).type === 'line')!;
  assert.deepEqual((line.encoding.y.scale as { domain?: number[] }).domain, [-1, 1]);
  assert.equal((line.encoding.y as { axis?: unknown }).axis, undefined, 'plain tick labels on [−1, 1], not 1e+0 exponents');
});

test('curves constant to rounding (Fig. 6c bottom: K = Γ_eff/4 ± 1e-16) get an axis from zero, not rounding noise over the plot', () => {
  const x = Array.from({ length: 60 }, (_, i) => i * 0.01);
  const wobble = (c: number) => x.map((_, i) => c * (1 + (i % 3 - 1) * 1e-16));
  const series = ['12', '23', '31'].flatMap((b) => [{ name: `K${b}`, x, y: wobble(3.338) }, { name: `V${b}`, x, y: wobble(0.25) }]);
  const spec = vegaLiteSpec(tidyData([], [], [{ series, xLabel: 't (s)', yLabel: 'K (s⁻¹), V' }]), {}) as { spec: { layer: Layer[] } };
  const line = spec.spec.layer.find((l) => (l.mark as { type?: string }).type === 'line')!;
  assert.equal((line.encoding.y.scale as { zero?: boolean }).zero, true);
  // a curve that moves keeps the autoscaled axis
  const moving = vegaLiteSpec(tidyData([], [], [{ series: [{ name: 'P1', x, y: x.map((t) => 0.5 + t) }], xLabel: 't (s)', yLabel: 'P' }]), {}) as { layer: Layer[] };
  assert.equal((moving.layer.find((l) => (l.mark as { type?: string }).type === 'line')!.encoding.y.scale as { zero?: boolean }).zero, false);
});

test('the series store keeps one file per point and reads them back in point order', () => {
  const store = new PointSeriesStore(join(tmp, 'store'));
  const axes = [{ parameter: 'T', values: [0, 1.6], unit: 'K' }];
  const kept = store.keep(1, { series: [{ name: 'J1', x: [0, 1], y: [2, 3] }], scalars: { a: 1 }, xLabel: 't (s)' });
  assert.deepEqual(kept.series, [], 'the runner keeps no series in memory');
  store.keep(0, { series: [{ name: 'J1', x: [0, 1], y: [4, 5] }], xLabel: 't (s)' });
  const data = store.tidy(axes, [[0], [1.6]])!;
  assert.deepEqual(data.rows.map((r) => `${r.series}:${r.y}`), ['J1 T=0 K:4', 'J1 T=0 K:5', 'J1 T=1.6 K:2', 'J1 T=1.6 K:3']);
  assert.equal(data.xLabel, 't (s)');
  store.remove();
  assert.ok(!existsSync(store.dir));
});

test('report: scalar results and model tables appear as tables with units; values are not followed by their unit twice', () => {
  const sc = resolveScenarioText('model: generic\nparams:\n  spins: {S: 1/2}\n  constants: {f: 1 MHz}\n  hamiltonian: [f * Sx]\n  initial: {S: +1/2}\nobservables: {"P": P(S)}\ntimes: {stop: 1 us, steps: 3}\n', 'r.yaml');
  const html = reportHtml({
    scenario: sc, svg: '<svg/>', version: '0', commit: 'x', started: 'now', timings: {}, notes: [], stats: {}, points: 1, files: [],
    results: [{ series: [], scalars: { jEff: 9150.5 }, scalarErrors: { jEff: 0.5 }, scalarUnits: { jEff: 'Hz' }, tables: [{ title: 'Table I', columns: ['quantity', 'ours', 'paper'], rows: [['g', 1.5, '1.5 Hz']] }] }],
  });
  assert.match(html, /<h3>Scalar results<\/h3>.*<code>jEff<\/code><\/td><td class="num">9150.5 ± 0.5<\/td><td>Hz<\/td>/s);
  assert.match(html, /<h3>Table I<\/h3>/);
  assert.ok(!/ Hz<\/td><td>Hz</.test(html), 'no "… Hz | Hz"');
});

test('many curves named by a number ("P=0.1" …) get a continuous colour scale over that number; marked points stay', () => {
  const names = Array.from({ length: 12 }, (_, i) => `P=${i / 10}`);
  const rows = names.flatMap((s) => Array.from({ length: 60 }, (_, i) => ({ series: s, x: i + 1, y: i }))).concat([{ series: 'circles', x: 5, y: 1 }, { series: 'circles', x: 5, y: 2 }]);
  const spec = vegaLiteSpec({ rows, hasErrors: false, xLabel: 'r', yLabel: 'D', xDisplayScale: 1, swept: false }, {}) as { data: { values: { series: string; v?: number }[] }; layer: Layer[] };
  const line = spec.layer.find((l) => (l.mark as { type: string }).type === 'line')!;
  assert.equal(line.encoding.color.field, 'v');
  assert.equal(spec.data.values.find((v) => v.series === 'P=1.1')!.v, 1.1);
  assert.ok(spec.layer.some((l) => (l.mark as { type: string }).type === 'point'), 'the two marked points keep their circles');
});

test('the colour legend of a swept field shows values in the unit of its title (µT, not T under a µT label)', () => {
  const axes = [{ parameter: 'fieldOffset', values: [-3e-6, -2e-6, -1e-6, 0, 1e-6, 2e-6, 3e-6], unit: 'T' }];
  const rows = axes[0].values.flatMap((b) => pointSeriesRows(axes, [b], [{ name: 'P1', x: [0, 1], y: [0, b] }, { name: 'P2', x: [0, 1], y: [1, b] }]));
  const data = sweptSeriesData(rows, axes, { xLabel: 't (s)', yLabel: 'P', xDisplayScale: 1 });
  assert.equal(data.valueTitle, 'fieldOffset (µT)');
  const spec = vegaLiteSpec(data, {}) as { data: { values: { v: number }[] } };
  const shown = [...new Set(spec.data.values.map((x) => x.v))].sort((p, q) => p - q);
  assert.deepEqual(shown, [-3, -2, -1, 0, 1, 2, 3]);
});

test('a series sweep over two axes gets one panel per value of the second axis (colour = first axis, dash = observable)', () => {
  const axes = [{ parameter: 'fieldOffset', values: [-1e-6, 0, 1e-6, 2e-6], unit: 'T' }, { parameter: 'fieldBond', values: [1, 2], unit: '' }];
  const rows = axes[1].values.flatMap((k) => axes[0].values.flatMap((b) => pointSeriesRows(axes, [b, k], [{ name: 'P1', x: [0, 1], y: [0, b] }, { name: 'P2', x: [0, 1], y: [1, b] }])));
  const data = sweptSeriesData(rows, axes, { xLabel: 't (s)', yLabel: 'P', xDisplayScale: 1 });
  const spec = vegaLiteSpec(data, {}) as { data: { values: { f: string; d: string; v: number }[] } };
  assert.deepEqual([...new Set(spec.data.values.map((x) => x.f))], ['fieldBond=1', 'fieldBond=2']);
  assert.deepEqual([...new Set(spec.data.values.map((x) => x.d))], ['P1', 'P2']);
  assert.deepEqual([...new Set(spec.data.values.map((x) => x.v))].sort((p, q) => p - q), [-1, 0, 1, 2]);
});

test('dash-legend swatches are stroked when the lines carry points (they were invisible: stroke none)', async () => {
  const axes = [{ parameter: 'x', values: [1, 2, 3, 4, 5], unit: 'T' }, { parameter: 'k', values: [1, 2], unit: '' }];
  const coords = axes[1].values.flatMap((k) => axes[0].values.map((x) => [x, k]));
  const results = coords.map(([x, k]) => ({ series: [], scalars: { A: x * k, B: x - k } }));
  const svg = await renderSvg(vegaLiteSpec(tidyData(axes, coords, results), {}));
  const label = svg.lastIndexOf('>k=1<');
  const swatch = svg.slice(svg.lastIndexOf('role-legend-symbol', label), label);
  assert.match(swatch, /stroke="#333"/);
});
