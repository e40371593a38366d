/**
 * The browser app in a real browser: app/ is built with Vite, app/dist is
 * served by a tiny static server, and Debian's Chromium (/usr/bin/chromium,
 * never a downloaded browser) is driven with playwright-core. Covered: the app
 * loads with every model and gallery figure; the default scenario runs, its
 * plot has data and its CSV and data.json are the bytes of `spindrift run`;
 * a live plot appears while a sweep runs and cancel terminates the engine
 * worker; the progress bar moves inside a single point and a one-point run draws
 * its partial result (running mean ± σ, trace so far) before it finishes; a misspelled unit
 * shows the one-line error next to its field with state 'error'; a scenario
 * file opens from the file picker and by drag-and-drop; the shareable URL round trip (export → open → same scenario,
 * `&autorun` runs it); a seed-003 figure runs and agrees with `spindrift figures`;
 * and the app works offline once loaded. Screenshots of every test go to
 * test-artifacts/app/ (git-ignored). Without Chromium every test is skipped
 * with the reason (`apt-get install -y chromium`).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { repoRoot } from '../helpers.js';
import { run as cli } from '../cli/run-cli.js';
import { listModels } from '../../src/models/registry.js';
import { listGallery } from '../../src/runner/gallery.js';
import { serveStatic } from './static-server.js';

// The callbacks given to page.evaluate/$eval run in the page; this compilation has no DOM library, so they see these.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const navigator: any;
declare const DataTransfer: any;
type PageElement = any;

const root = repoRoot();
const CHROMIUM = '/usr/bin/chromium';
const shots = join(root, 'test-artifacts', 'app');
const skip = existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium): the browser tests cannot run`;

let server: Awaited<ReturnType<typeof serveStatic>> | null = null;
let browser: Browser | null = null;
let context: BrowserContext | null = null;
const tmp = mkdtempSync(join(tmpdir(), 'spindrift-app-test-'));

before(async () => {
  if (skip) return;
  const built = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'app', '--logLevel', 'error'], { cwd: root, encoding: 'utf8' });
  assert.equal(built.status, 0, `vite build failed:\n${built.stdout}\n${built.stderr}`);
  mkdirSync(shots, { recursive: true });
  server = await serveStatic(join(root, 'app', 'dist'));
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A fresh page at `query` (e.g. '?scenario=…'); page errors fail the test. */
async function open(query = ''): Promise<{ page: Page; errors: string[] }> {
  const page = await context!.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server!.url + query);
  await page.waitForFunction(() => document.body.dataset.state !== 'loading');
  return { page, errors };
}

const state = (page: Page): Promise<string | undefined> => page.evaluate(() => document.body.dataset.state);
const until = (page: Page, states: string[], timeout = 60_000): Promise<unknown> =>
  page.waitForFunction((s) => s.includes(document.body.dataset.state ?? ''), states, { timeout });
/** Number of plotted marks among `els` (legend swatches excluded). */
const plotted = (els: PageElement[]): number => els.filter((e: PageElement) => !e.closest('.role-legend')).length;
/** The text behind a download link (a blob: URL). */
const linked = (page: Page, id: string): Promise<string> => page.evaluate(async (i) => (await fetch((document.getElementById(i) as PageElement).href)).text(), id);

test('the app loads: ready, with every model `spindrift models` lists and every gallery figure', { skip }, async () => {
  const { page, errors } = await open();
  assert.equal(await state(page), 'ready');
  const options = await page.$$eval('#picker option', (os) => os.map((o) => (o as PageElement).value));
  for (const m of listModels()) assert.ok(options.includes(`model:${m.id}`), `model ${m.id} missing from the picker`);
  for (const g of listGallery()) assert.ok(options.includes(`figure:${g.id}`), `figure ${g.id} missing from the picker`);
  assert.equal(await page.$eval('#yaml', (t) => (t as PageElement).value), readFileSync(join(root, 'scenarios', 'default.yaml'), 'utf8'));
  await page.screenshot({ path: join(shots, '1-loaded.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the default scenario runs in the worker; the plot has data; CSV and data.json are the bytes of `spindrift run`', { skip }, async () => {
  const { page, errors } = await open();
  await page.click('#run');
  await until(page, ['done', 'error']);
  assert.equal(await state(page), 'done', await page.$eval('#alert', (e) => e.textContent ?? ''));
  // 13 sweep points: one line through 13 symbols in the Vega-Lite plot
  const marks = await page.$$eval('#final-plot svg .mark-symbol path', plotted);
  assert.equal(marks, 13);
  const line = await page.$eval('#final-plot svg .mark-line path', (p) => p.getAttribute('d') ?? '');
  assert.ok(line.split(/[LM]/).length > 13, `line path too short: ${line.slice(0, 80)}`);
  const out = join(tmp, 'default');
  const r = await cli(['run', join(root, 'scenarios', 'default.yaml'), '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await linked(page, 'download-csv'), readFileSync(join(out, 'data.csv'), 'utf8'));
  assert.equal(await linked(page, 'download-json'), readFileSync(join(out, 'data.json'), 'utf8'));
  assert.match(await linked(page, 'download-svg'), /^<svg/);
  assert.match(await page.$eval('#download-png', (a) => (a as PageElement).href), /^data:image\/png;base64,/);
  await page.screenshot({ path: join(shots, '2-default-done.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a sweep streams a live plot point by point; cancel terminates the engine worker', { skip }, async () => {
  const text = readFileSync(join(root, 'scenarios', 'figures', 'generic-rabi-decay.yaml'), 'utf8')
    .replace(/^times: .*$/m, 'times: {start: 0, stop: 10 us, steps: 2001}')
    .replace(/^figure:[\s\S]*$/m, '') + 'sweep: {parameter: constants.f_R, from: 0.5 MHz, to: 2 MHz, steps: 400}\n';
  const { page, errors } = await open('?scenario=' + encodeURIComponent(text));
  assert.equal(await state(page), 'ready', await page.$eval('#alert', (e) => e.textContent ?? ''));
  const engineStarted = page.waitForEvent('worker', (w) => w.url().includes('engine-worker'));
  await page.click('#run');
  const engine = await engineStarted;
  assert.equal(await state(page), 'running');
  await page.waitForSelector('#live-plot canvas', { timeout: 60_000 });
  const closed = new Promise<void>((resolve) => engine.on('close', () => resolve()));
  await page.screenshot({ path: join(shots, '3-live-plot.png') });
  await page.click('#cancel');
  await closed; // the worker is gone (its pool workers with it)
  assert.equal(await state(page), 'cancelled');
  const progress = await page.$eval('#progress', (p) => (p as PageElement).value);
  assert.ok(progress > 0 && progress < 1, `progress ${progress}`);
  await page.waitForTimeout(500);
  assert.equal(await page.$eval('#progress', (p) => (p as PageElement).value), progress, 'progress moved after cancel');
  assert.ok(!page.workers().some((w) => w.url().includes('engine-worker')), 'an engine worker is still running');
  await page.screenshot({ path: join(shots, '3-cancelled.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

/**
 * Wait until the live plot shows a partial result of the point in flight with at least `least` values while
 * the run is still going; resolves with the state then and the number of values drawn (0 when the run ended first).
 */
async function livePartial(page: Page, least = 1): Promise<{ state: string; values: number }> {
  const h = await page.waitForFunction((n) => {
    const box = document.getElementById('live-plot');
    const st = document.body.dataset.state;
    if (st === 'ready' || st === 'loading') return false;
    if (st !== 'running') return { state: st, values: 0 };
    const values = Number(box.dataset.values ?? 0);
    return box.dataset.kind === 'partial' && values >= n && box.querySelector('canvas') !== null ? { state: st, values } : false;
  }, least, { polling: 10, timeout: 60_000 });
  return (await h.jsonValue()) as { state: string; values: number };
}

test('one point (quantum-jump trajectories) moves the progress bar inside the point and draws the running mean ± σ while it runs', { skip }, async () => {
  const text = [
    'title: Decay by quantum jumps', 'model: generic', 'params:', '  spins: {S: 1/2}', '  constants: {Gamma: 1e6 /s}',
    '  dissipators: [Gamma * S-]', '  initial: {S: +1/2}', 'times: {start: 0, stop: 5 us, steps: 101}', 'solver: {method: mc, ntraj: 4000}', '',
  ].join('\n');
  const { page, errors } = await open('?scenario=' + encodeURIComponent(text) + '&autorun');
  // progress strictly between 0 and 1 while the single point runs (chunks of trajectories finishing)
  await page.waitForFunction(() => { const v = document.getElementById('progress').value; return v > 0 && v < 1; }, null, { polling: 10, timeout: 60_000 });
  await page.screenshot({ path: join(shots, '4-progress-inside-point.png') });
  // the running ensemble mean (all 101 output times, after the first chunks) is drawn before the point finishes
  const seen = await livePartial(page, 101);
  assert.deepEqual(seen, { state: 'running', values: 101 }, 'no partial plot before the run ended');
  await page.screenshot({ path: join(shots, '4-live-partial-mc.png') });
  await until(page, ['done', 'error']);
  assert.equal(await state(page), 'done', await page.$eval('#alert', (e) => e.textContent ?? ''));
  assert.equal(await page.$eval('#live-plot', (b) => (b as PageElement).dataset.kind ?? 'cleared'), 'cleared');
  assert.deepEqual(errors, []);
  await page.close();
});

test('one point (a master-equation time trace) draws its curve while it computes', { skip }, async () => {
  const text = [
    'title: Driven decay, four spins', 'model: generic', 'params:', '  spins: {A: 1/2, B: 1/2, C: 1/2, D: 1/2}', '  constants: {Gamma: 2e5 /s}',
    '  hamiltonian: ["1 MHz * cos(2*pi * 3 MHz * t) * (Ax + Bx + Cx + Dx)", "0.3 MHz * (Az*Bz + Bz*Cz + Cz*Dz)"]',
    '  dissipators: [Gamma * A-, Gamma * D-]', '  initial: {A: +1/2, B: +1/2, C: +1/2, D: +1/2}', 'times: {start: 0, stop: 40 us, steps: 2001}', '',
  ].join('\n');
  const { page, errors } = await open('?scenario=' + encodeURIComponent(text) + '&autorun');
  // 4 observables (<Xz> per spin) × 2001 output times when finished: a partial trace has fewer
  const first = await livePartial(page);
  assert.equal(first.state, 'running', 'no partial plot before the run ended');
  assert.ok(first.values >= 4 && first.values < 4 * 2001, `values ${first.values}`);
  // a later look (for the screenshot): the trace has grown while still running
  const later = await livePartial(page, Math.max(first.values + 4, 2000));
  if (later.state === 'running') {
    assert.ok(later.values > first.values);
    await page.screenshot({ path: join(shots, '4-live-partial-me.png') });
  }
  await until(page, ['done', 'error']);
  assert.equal(await state(page), 'done', await page.$eval('#alert', (e) => e.textContent ?? ''));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a misspelled unit: the one-line error next to the field, in role="alert", state error; Run refuses; a run too large for a browser tab is refused up front', { skip }, async () => {
  const { page, errors } = await open();
  await page.selectOption('#picker', 'model:dressed-chain');
  await page.fill('#param-Jd', '62 kHzz');
  await page.press('#param-Jd', 'Tab');
  await until(page, ['error'], 5_000);
  const inline = await page.$eval('.param[data-name="Jd"] .field-error', (e) => e.textContent ?? '');
  const alert = await page.$eval('[role="alert"]', (e) => e.textContent ?? '');
  assert.match(inline, /params\.Jd/);
  assert.match(inline, /kHzz/);
  assert.ok(!inline.includes('\n'));
  assert.equal(alert, inline);
  assert.ok(await page.$eval('#param-Jd', (e) => e.classList.contains('invalid')));
  // the CLI says the same about the same scenario
  const file = join(tmp, 'bad-unit.yaml');
  const yaml = await page.$eval('#yaml', (t) => (t as PageElement).value);
  (await import('node:fs')).writeFileSync(file, yaml);
  const r = await cli(['run', file, '--out', join(tmp, 'bad')]);
  assert.equal(r.code, 2);
  assert.ok(r.stderr.includes(inline.replace(/^scenario:/, `${file}:`)), `CLI: ${r.stderr} app: ${inline}`);
  await page.click('#run');
  assert.equal(await state(page), 'error');
  await page.$eval('#param-Jd', (e) => e.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(shots, '5-unit-error.png') });
  // fixed: ready again; then a run too large for a browser tab is refused up front, naming params
  await page.fill('#param-Jd', '62 kHz');
  await page.press('#param-Jd', 'Tab');
  await until(page, ['ready'], 5_000);
  await page.fill('#param-sites', '6');
  await page.press('#param-sites', 'Tab');
  await until(page, ['error'], 5_000);
  assert.match(await page.$eval('[role="alert"]', (e) => e.textContent ?? ''), /^params: model "dressed-chain" needs an estimated .* for one point, more than a browser tab/);
  assert.equal(await page.$eval('#params-error', (e) => e.textContent ?? ''), await page.$eval('[role="alert"]', (e) => e.textContent ?? ''));
  assert.deepEqual(errors, []);
  await page.close();
});

test('shareable URL round trip: an edited scenario exported as ?scenario= opens as the same scenario; &autorun runs it', { skip }, async () => {
  const { page, errors } = await open();
  await page.fill('#sweep-steps', '5');
  await page.press('#sweep-steps', 'Tab');
  await until(page, ['ready'], 5_000);
  const yaml = await page.$eval('#yaml', (t) => (t as PageElement).value);
  assert.match(yaml, /steps: 5/);
  const href = await page.$eval('#share-link', (a) => (a as PageElement).href);
  assert.ok(href.startsWith(server!.url + '?scenario='), href);
  assert.equal(await linked(page, 'download-yaml'), yaml);
  await page.close();
  const again = await open(href.slice(server!.url.length) + '&autorun');
  assert.equal(await again.page.$eval('#yaml', (t) => (t as PageElement).value), yaml);
  await until(again.page, ['done', 'error']);
  assert.equal(await state(again.page), 'done');
  assert.equal(await again.page.$$eval('#final-plot svg .mark-symbol path', plotted), 5);
  await again.page.screenshot({ path: join(shots, '6-url-autorun.png') });
  assert.deepEqual([...errors, ...again.errors], []);
  await again.page.close();
});

/**
 * data.csv texts equal row by row: same series and columns, numbers within `rel` of the column's scale.
 * Used where the engines' Math.pow differ in the last bit (V8 of Node 20 vs Chromium; see docs/architecture.md).
 */
function assertCsvClose(actual: string, expected: string, rel: number): void {
  const a = actual.trimEnd().split('\n').map((l) => l.split(','));
  const e = expected.trimEnd().split('\n').map((l) => l.split(','));
  assert.equal(a.length, e.length, 'row count');
  assert.deepEqual(a[0], e[0], 'header');
  const scale = e[0].map((_, j) => Math.max(...e.slice(1).map((r) => Math.abs(Number(r[j])) || 0)));
  for (let i = 1; i < e.length; i++) {
    assert.equal(a[i][0], e[i][0], `row ${i} series`);
    for (let j = 1; j < e[i].length; j++) {
      const d = Math.abs(Number(a[i][j]) - Number(e[i][j])) / (scale[j] || 1);
      assert.ok(d <= rel, `row ${i} column ${e[0][j]}: ${a[i][j]} vs ${e[i][j]}`);
    }
  }
}

test('a scenario file opens from the file picker and by drag-and-drop', { skip }, async () => {
  const { page, errors } = await open();
  const rabi = readFileSync(join(root, 'scenarios', 'figures', 'generic-rabi-decay.yaml'), 'utf8');
  await page.setInputFiles('#open-file', { name: 'rabi.yaml', mimeType: 'text/yaml', buffer: Buffer.from(rabi) });
  await page.waitForFunction((t) => document.getElementById('yaml').value === t, rabi);
  assert.equal(await page.$eval('#picker', (e) => (e as PageElement).value), 'figure:generic-rabi-decay');
  const json = JSON.stringify({ model: 'generic', params: { spins: { S: '1/2' }, dissipators: ['1e6 /s * S-'], initial: { S: '+1/2' } }, times: { stop: '2 us', steps: 11 } });
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'decay.json', { type: 'application/json' }));
    return dt;
  }, json);
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await page.waitForFunction((t) => document.getElementById('yaml').value === t, json);
  await until(page, ['ready'], 5_000);
  assert.equal(await page.$eval('#param-dissipators', (e) => (e as PageElement).value), '[ 1e6 /s * S- ]');
  await page.screenshot({ path: join(shots, '7-dropped-json.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a seed-003 figure (s003-fig2a) runs from the picker and agrees with `spindrift figures` to 1e-12', { skip }, async () => {
  const { page, errors } = await open();
  await page.selectOption('#picker', 'figure:s003-fig2a');
  await until(page, ['ready'], 5_000);
  await page.click('#run');
  await until(page, ['done', 'error'], 120_000);
  assert.equal(await state(page), 'done', await page.$eval('#alert', (e) => e.textContent ?? ''));
  const r = await cli(['figures', 's003-fig2a', '--out', join(tmp, 'figs')]);
  assert.equal(r.code, 0, r.stderr);
  // Not bit-identical: Chromium's Math.pow differs from Node's in the last bit for some arguments
  // (docs/architecture.md); the master-equation solution then agrees to ~1e-15 of its scale. 1e-12 leaves room for
  // error growth over the integration while catching any real difference (a wrong parameter moves values by >1e-3).
  assertCsvClose(await linked(page, 'download-csv'), readFileSync(join(tmp, 'figs', 's003-fig2a', 'data.csv'), 'utf8'), 1e-12);
  assert.ok((await page.$$eval('#final-plot svg .mark-line path', (ps) => ps.length)) > 0);
  await page.screenshot({ path: join(shots, '8-s003-fig2a.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('offline once loaded: with the network cut, the app reloads from its service worker, opens a shared link and runs it', { skip }, async () => {
  const { page, errors } = await open();
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await context!.setOffline(true);
  try {
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    const text = readFileSync(join(root, 'scenarios', 'figures', 'generic-saturation.yaml'), 'utf8');
    await page.goto(`${server!.url}index.html?scenario=${encodeURIComponent(text)}&autorun`);
    await until(page, ['done', 'error']);
    assert.equal(await state(page), 'done', await page.$eval('#alert', (e) => e.textContent ?? ''));
    await page.screenshot({ path: join(shots, '9-offline.png') });
  } finally {
    await context!.setOffline(false);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
