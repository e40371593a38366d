import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveScenarioText } from '../../../src/scenario/scenario.js';
import { runScenario } from '../../../src/runner/run.js';
import { FIG3_EXACT_R } from '../../../src/models/spin-diffusion/model.js';

const tmp = mkdtempSync(join(tmpdir(), 'spindrift-s002-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

test('s002-fig3a through the runner: data.csv columns and SI x values, data.json meta, plot with band and rules', async () => {
  const sc = resolveScenarioText('title: fig3a\nmodel: spin-diffusion\nparams: {mode: fig3a}\nplot: {xScale: log, yScale: log}\n', 'inline');
  const out = join(tmp, 'fig3a');
  await runScenario(sc, { out, workers: 1 });
  const csv = readFileSync(join(out, 'data.csv'), 'utf8').trim().split('\n');
  assert.equal(csv[0], 'series,x,y');
  const rows = csv.slice(1).map((l) => l.split(','));
  const xs = new Set(rows.filter((r) => r[0] === 'P=0.5').map((r) => Number(r[1])));
  for (const r of FIG3_EXACT_R) assert.ok(xs.has(r), `x = ${r} m in data.csv`);
  assert.deepEqual([...new Set(rows.map((r) => r[0]))].length, 13);
  const json = JSON.parse(readFileSync(join(out, 'data.json'), 'utf8'));
  for (const k of ['rMV_m', 'rh_m', 'rValidity_m', 'conventions']) assert.ok(k in json.meta, k);
  assert.ok(json.meta.rValidity_m > 6e-10 && json.meta.rValidity_m < 6.1e-10);
  const svg = readFileSync(join(out, 'plot.svg'), 'utf8');
  assert.ok(svg.includes('r_MV') && svg.includes('r_h'), 'rules labelled in the plot');
  assert.ok(svg.includes('r (nm)') && svg.includes('D (m²/s)'), 'axis titles with units');
});
