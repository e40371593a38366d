import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveScenarioText } from '../../src/scenario/scenario.js';
import { runScenario, RunInterrupted, CHECKPOINT_FILE } from '../../src/runner/run.js';
import { tidyData, toCsv } from '../../src/runner/tidy.js';
import { listGallery } from '../../src/runner/gallery.js';
import { DRIVEN_DECAYING_SPIN } from '../helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'spindrift-run-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** Width and height from a PNG's IHDR chunk, after checking the signature and chunk type. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  assert.equal(bytes.readUInt32BE(8), 13, 'IHDR length');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('tidy CSV: header, quoting, y_err only when statistical, 2-D sweeps labelled', () => {
  const axes = [{ parameter: 'B', values: [0.1, 0.2], unit: 'T' }, { parameter: 'n', values: [1, 2], unit: '' }];
  const coords = [[0.1, 1], [0.1, 2], [0.2, 1], [0.2, 2]];
  const results = coords.map(([b, n]) => ({ series: [], scalars: { 'P, final': b * n }, scalarErrors: { 'P, final': 0.01 } }));
  const csv = toCsv(tidyData(axes, coords, results));
  assert.equal(csv, 'series,x,y,y_err\n"P, final n=1",0.1,0.1,0.01\n"P, final n=1",0.2,0.2,0.01\n"P, final n=2",0.1,0.2,0.01\n"P, final n=2",0.2,0.4,0.01\n');
  const single = toCsv(tidyData([], [[]], [{ series: [{ name: 'a', x: [0, 1e-6], y: [1, 0.5] }] }]));
  assert.equal(single, 'series,x,y\na,0,1\na,0.000001,0.5\n');
});

const sweepScenario = `title: resume test
${DRIVEN_DECAYING_SPIN}solver: {method: mc, ntraj: 16}
times: {stop: 1 us, steps: 5}
seed: 7
sweep: {parameter: constants.f, values: [0.2 MHz, 0.4 MHz, 0.6 MHz, 0.8 MHz, 1 MHz, 1.2 MHz]}
workers: 2
`;

test('run writes all outputs; PNG has the stated size; resume after an interrupt equals an uninterrupted run', async () => {
  const sc = resolveScenarioText(sweepScenario, 'resume.yaml');
  const full = join(tmp, 'full');
  const s1 = await runScenario(sc, { out: full, progress: null });
  for (const f of ['data.csv', 'scalars.csv', 'data.json', 'plot.svg', 'plot.png', 'report.html', 'meta.json']) assert.ok(existsSync(join(full, f)), f);
  assert.ok(!existsSync(join(full, CHECKPOINT_FILE)), 'checkpoint removed after success');
  assert.ok(!existsSync(join(full, 'points')), 'per-point series files removed after success');
  // A sweep of a time-resolved model keeps every point's series (6 points x 5 times), named by the point.
  const csv = readFileSync(join(full, 'data.csv'), 'utf8');
  assert.match(csv, /^series,x,y,y_err\nP\(S\) constants\.f=200 kHz,0,1,0\n/);
  assert.equal(csv.trim().split('\n').length, 1 + 6 * 5);
  // Its scalars keep their own table: one row per point, with standard errors.
  const scalarsCsv = readFileSync(join(full, 'scalars.csv'), 'utf8');
  assert.match(scalarsCsv, /^series,x,y,y_err\nP\(S\),200000,/);
  assert.equal(scalarsCsv.trim().split('\n').length, 7);
  const meta = JSON.parse(readFileSync(join(full, 'meta.json'), 'utf8'));
  assert.deepEqual(pngSize(readFileSync(join(full, 'plot.png'))), meta.png);
  assert.deepEqual(meta.png, s1.png);
  assert.ok(meta.png.width > 1000 && meta.png.height > 600); // 2x zoom of a ~700x450 SVG
  const html = readFileSync(join(full, 'report.html'), 'utf8');
  assert.match(html, /<svg/);
  assert.match(html, /git commit/);
  assert.ok(!/src="http|href="http/.test(html), 'self-contained');

  // Interrupt after 2 points, then resume.
  const part = join(tmp, 'part');
  const ac = new AbortController();
  await assert.rejects(runScenario(sc, { out: part, progress: null, signal: ac.signal, onPoint: (_i, done) => { if (done >= 2) ac.abort(); } }), RunInterrupted);
  const ck = JSON.parse(readFileSync(join(part, CHECKPOINT_FILE), 'utf8'));
  const kept = Object.keys(ck.results).length;
  assert.ok(kept >= 2 && kept < 6, `kept ${kept}`);
  assert.ok(!existsSync(join(part, 'data.csv')));
  const s2 = await runScenario(sc, { out: part, progress: null, resume: true });
  assert.equal(s2.resumed, kept);
  assert.equal(readFileSync(join(part, 'data.csv'), 'utf8'), csv);
  assert.equal(readFileSync(join(part, 'scalars.csv'), 'utf8'), scalarsCsv);
  assert.equal(readFileSync(join(part, 'data.json'), 'utf8'), readFileSync(join(full, 'data.json'), 'utf8'));
});

test('a checkpoint of another scenario is refused on --resume', async () => {
  const sc = resolveScenarioText(sweepScenario, 'a.yaml');
  const other = resolveScenarioText(sweepScenario.replace('seed: 7', 'seed: 8'), 'b.yaml');
  const dir = join(tmp, 'mismatch');
  const ac = new AbortController();
  await assert.rejects(runScenario(sc, { out: dir, progress: null, signal: ac.signal, workers: 1, onPoint: () => ac.abort() }), RunInterrupted);
  await assert.rejects(runScenario(other, { out: dir, progress: null, resume: true }), /belongs to a different scenario/);
});

test('gallery figures reproduce their closed forms', async () => {
  const gallery = listGallery();
  const ids = gallery.map((g) => g.id);
  for (const id of ['generic-rabi-decay', 'generic-optical-pumping', 'generic-saturation']) assert.ok(ids.includes(id), id);
  const rows = async (id: string): Promise<{ series: string; x: number; y: number }[]> => {
    const dir = join(tmp, id);
    await runScenario(gallery.find((g) => g.id === id)!.load(), { out: dir, progress: null, workers: 2 });
    return JSON.parse(readFileSync(join(dir, 'data.json'), 'utf8')).rows;
  };
  // Torrey's solution of the driven, decaying two-level system from the ground state. Exact
  // propagation (eigendecomposition of a 4x4 Liouvillian): agreement to 1e-9.
  const W = 2 * Math.PI * 1e6, G = 1e6, lam = Math.sqrt(W * W - G * G / 16);
  for (const r of (await rows('generic-rabi-decay')).filter((r) => r.series === 'P_up')) {
    const t = r.x;
    const ref = (W * W / (2 * W * W + G * G)) * (1 - Math.exp(-3 * G * t / 4) * (Math.cos(lam * t) + (3 * G / (4 * lam)) * Math.sin(lam * t)));
    assert.ok(Math.abs(r.y - ref) < 1e-9, `P_up(${t}) = ${r.y}, closed form ${ref}`);
  }
  // Rate equations of optical pumping (the coherent D Sz² term commutes with the populations).
  const Gp = 5e4, g = 5e3, pinf = (Gp + g) / (Gp + 3 * g);
  for (const r of (await rows('generic-optical-pumping')).filter((r) => r.series === 'p0')) {
    const ref = pinf + (1 / 3 - pinf) * Math.exp(-(Gp + 3 * g) * r.x);
    assert.ok(Math.abs(r.y - ref) < 1e-9, `p0(${r.x}) = ${r.y}, closed form ${ref}`);
  }
  // Steady-state saturation: 2<Sz> = -1/(1 + 2Ω²/Γ²), dense LU: 1e-10.
  const sat = await rows('generic-saturation');
  assert.equal(sat.length, 13);
  for (const r of sat) {
    const O = 2 * Math.PI * r.x;
    assert.ok(Math.abs(r.y + 1 / (1 + 2 * O * O / (G * G))) < 1e-10, `P(${r.x})`);
  }
});

test('swept axes are displayed with an SI prefix (data stay SI)', async () => {
  const { axisDisplay } = await import('../../src/runner/tidy.js');
  assert.deepEqual(axisDisplay({ parameter: 't', values: [5e5, 3e7], unit: 'Hz' }), { unit: 'MHz', scale: 1e-6 });
  assert.deepEqual(axisDisplay({ parameter: 'T', values: [0, 1.6], unit: 'K' }), { unit: 'K', scale: 1 });
  assert.deepEqual(axisDisplay({ parameter: 'tau', values: [1e-6, 5e-6], unit: 's' }), { unit: 'µs', scale: 1e6 });
  assert.deepEqual(axisDisplay({ parameter: 'n', values: [1, 2], unit: '' }), { unit: '', scale: 1 });
});
