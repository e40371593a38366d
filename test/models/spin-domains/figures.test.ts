import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spinDomainsFigures } from '../../../src/models/spin-domains/figures.js';
import { figureToScenario, resolveScenario } from '../../../src/scenario/scenario.js';
import { runScenario } from '../../../src/runner/run.js';

test('Fig. S1(a) is time traces for both temperatures (T = 0 solid, 1.6 K dashed) from one sweep', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spindrift-s1-'));
  try {
    const f = spinDomainsFigures.find((x) => x.id === 's003-figS1a')!;
    await runScenario(resolveScenario(figureToScenario(f), '<S1a>', ''), { out: dir, progress: null, workers: 1 });
    const data = JSON.parse(readFileSync(join(dir, 'data.json'), 'utf8')) as { rows: { series: string; x: number; y: number }[]; x_label: string };
    const byName = new Map<string, { x: number; y: number }[]>();
    for (const r of data.rows) byName.set(r.series, [...(byName.get(r.series) ?? []), r]);
    for (const n of ['J1 temperature=0 K', 'J2 temperature=0 K', 'J1 temperature=1.6 K', 'J2 temperature=1.6 K']) {
      const s = byName.get(n);
      assert.ok(s && s.length === (f.params.points as number), `${n}: ${s?.length} points`);
      assert.equal(s![0].x, 0);
      assert.equal(s!.at(-1)!.x, f.params.tEnd, 'x stays in s (SI) in the data');
    }
    // Steady values of docs/reproduction.md (J2 → 0.4008 at T = 0, 0.2761 at 1.6 K): the window reaches them.
    assert.ok(Math.abs(byName.get('J2 temperature=0 K')!.at(-1)!.y - 0.4008) < 2e-3);
    assert.ok(Math.abs(byName.get('J2 temperature=1.6 K')!.at(-1)!.y - 0.2761) < 2e-3);
    assert.match(data.x_label, /γ₁t/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
