/** Seed-001 figures on their plot data: legends name the quantity with symbol and unit; Fig. 3's Eq. 22 weights by dashes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { andersonDnpFigures } from '../../../src/models/anderson-dnp/figures.js';
import { andersonDnpModel } from '../../../src/models/anderson-dnp/model.js';
import { tidyData } from '../../../src/runner/tidy.js';
import { vegaLiteSpec } from '../../../src/runner/plot.js';

const fig = (id: string) => andersonDnpFigures.find((f) => f.id === id)!;

test('s001 sweeps: series labels read "ω_n/2π = 5 MHz", never "wn=5MHz"; the swept hopping is titled t/2π (MHz)', () => {
  for (const f of andersonDnpFigures.filter((x) => x.sweep)) {
    for (const l of Object.values(f.sweep!.labels!)) assert.ok(!/wn=|dMW=|iss-|eq22|MHz\b(?<! MHz)/.test(l), `${f.id}: ${l}`);
    const axes = [{ parameter: 't', values: [1e6, 2e6], unit: 'Hz', symbol: andersonDnpModel.parameters.find((p) => p.name === 't')!.symbol }];
    const results = axes[0].values.map(() => ({ series: [], scalars: Object.fromEntries(f.sweep!.scalars!.map((k) => [k, 0.1])) }));
    const data = tidyData(axes, [[1e6], [2e6]], results, f.sweep!.scalars, f.sweep!.labels);
    assert.equal(data.xLabel, 't/2π (MHz)');
    assert.deepEqual([...new Set(data.rows.map((r) => r.series))], f.sweep!.scalars!.map((k) => f.sweep!.labels![k]));
  }
  assert.equal(fig('s001-fig4b').sweep!.labels!.Pn, 'ω_n/2π = 5 MHz');
  assert.equal(fig('s001-fig4a').sweep!.labels!.Pn, '(ω_MW − ω_e)/2π = −40 MHz');
});

test('s001-fig3: colour = Anderson vs GOE, line style = Eq. 19 vs Eq. 22 weights', () => {
  const f = fig('s001-fig3');
  const axes = [{ parameter: 't', values: [1e6, 2e6], unit: 'Hz' }];
  const results = axes[0].values.map(() => ({ series: [], scalars: { Pn: 0.1, Pn_goe: 0.2, Pn_eq22: 0.03, Pn_goe_eq22: 0.05 } }));
  const spec = vegaLiteSpec(tidyData(axes, [[1e6], [2e6]], results, f.sweep!.scalars, f.sweep!.labels), { methods: f.plot!.methods }) as { layer: { mark: unknown; encoding: Record<string, { scale?: { domain?: unknown[] } }> }[] };
  const line = spec.layer.find((l) => (l.mark as { type?: string }).type === 'line')!;
  assert.deepEqual(line.encoding.color.scale!.domain, ['Anderson', 'GOE']);
  assert.deepEqual(line.encoding.strokeDash.scale!.domain, ['Eq. 19 weights', 'Eq. 22 weights (N_e/4)']);
});

test('s001-fig2/6 overlays: curve names carry symbol and unit', () => {
  const names = (id: string) => (fig(id).params.parts as { rename: Record<string, string | null> }[]).flatMap((p) => Object.values(p.rename)).filter((x): x is string => x !== null);
  assert.deepEqual(names('s001-fig2'), ['t/2π = 1 MHz', 't/2π = 5 MHz', 't/2π = 8 MHz', 't/2π = 14 MHz']);
  assert.ok(names('s001-fig6').includes('P_B(ε) − P_B(ε + ω_n)') && names('s001-fig6').includes('ρρ, t/2π = 14 MHz'));
});
