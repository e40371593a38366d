/** s002-fig3b on its plot data: the "as printed" limits are dashed, the exact rate and corrected limits solid, colour per curve. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spinDiffusionFigures } from '../../../src/models/spin-diffusion/figures.js';
import { spinDiffusionModel } from '../../../src/models/spin-diffusion/model.js';
import { tidyData } from '../../../src/runner/tidy.js';
import { vegaLiteSpec } from '../../../src/runner/plot.js';

test('s002-fig3b: printed limits share their colour with the corrected ones and are drawn dashed', async () => {
  const f = spinDiffusionFigures.find((x) => x.id === 's002-fig3b')!;
  const params = Object.fromEntries([...spinDiffusionModel.parameters.map((p) => [p.name, p.default]), ...Object.entries(f.params)]);
  const r = await spinDiffusionModel.run(params, { seed: 1, workers: 1 });
  const spec = vegaLiteSpec(tidyData([], [], [r]), { methods: f.plot!.methods }) as { data: { values: { series: string; c: string; d: string }[] }; layer: { mark: unknown; encoding: Record<string, { field?: string; scale?: { domain?: unknown[]; range?: unknown[] } }> }[] };
  const keys = new Map(spec.data.values.map((v) => [v.series, [v.c, v.d]]));
  assert.deepEqual(keys.get('slow-printed'), ['slow', 'limits as printed']);
  assert.deepEqual(keys.get('fast-printed'), ['fast', 'limits as printed']);
  assert.deepEqual(keys.get('slow'), ['slow', 'Eq. 9 / corrected limits']);
  assert.deepEqual(keys.get('exact'), ['exact', 'Eq. 9 / corrected limits']);
  const line = spec.layer.find((l) => (l.mark as { type?: string }).type === 'line')!;
  const dash = line.encoding.strokeDash.scale!;
  assert.deepEqual(dash.domain, ['Eq. 9 / corrected limits', 'limits as printed']);
  assert.deepEqual((dash.range as number[][])[0], [1, 0], 'first style solid');
  assert.ok((dash.range as number[][])[1].length > 0 && (dash.range as number[][])[1][1] > 0, 'second style dashed');
});
