/**
 * The page: a scenario (YAML text, the format of `spindrift run`) edited
 * through a model/figure picker, a parameter form and a one-axis sweep, checked
 * with the CLI's own resolver (errors inline next to the field), run in a Web
 * Worker (engine-worker.ts) with progress and a live plot, and shown with the
 * CLI's Vega-Lite spec. State for tests and automation:
 * `document.body.dataset.state` = loading | ready | running | done | cancelled | error.
 */
import * as Comlink from 'comlink';
import { parseDocument, parse, isMap, type Document } from 'yaml';
import { oneLine } from '../../src/util/errors.js';
import { check } from './check.js';
import { LivePlotView } from './live-plot.js';
import { locationOf, valueText } from './scenario-doc.js';
import { catalog as engineCatalog } from './catalog.js';
import type { Catalog, CheckResult, EngineApi, LivePlot, ModelInfo, ParamInfo, RunResultMessage } from './engine-api.js';
import './style.css';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

let catalog: Catalog;
let text = '';
let engineWorker: Worker | null = null;
let engine: Comlink.Remote<EngineApi> | null = null;
let running = false;
let runId = 0;
let live: LivePlotView;
let objectUrls: string[] = [];

function setState(state: string): void {
  document.body.dataset.state = state;
}

/* ---------- validation (the CLI's resolver, in the page: it is fast) ---------- */

/** The form field a scenario path belongs to ("params.B.x" → the field of B; "sweep.from" → sweep-from). */
function fieldFor(path: string): { input: HTMLElement | null; error: HTMLElement | null } {
  const m = /^(?:params|solver)\.([A-Za-z_][\w]*)/.exec(path) ?? /^(times|observables)\b/.exec(path);
  if (m) {
    const row = document.querySelector<HTMLElement>(`.param[data-name="${m[1]}"]`);
    return { input: row?.querySelector('input,select,textarea') ?? null, error: row?.querySelector('.field-error') ?? null };
  }
  const s = /^sweep\.(parameter|from|to|steps)\b/.exec(path);
  if (s) return { input: $(`sweep-${s[1]}`), error: document.querySelector(`.field-error[data-for="sweep.${s[1]}"]`) };
  if (path.startsWith('sweep')) return { input: null, error: $('sweep-note') };
  if (path === 'params') return { input: null, error: $('params-error') };
  return { input: null, error: null };
}

function clearErrors(): void {
  for (const e of document.querySelectorAll('.field-error')) e.textContent = '';
  for (const e of document.querySelectorAll('.invalid')) e.classList.remove('invalid');
  $('alert').textContent = '';
}

/** Check the scenario; show the one-line error next to its field and in the alert. */
function validate(): CheckResult {
  clearErrors();
  const r = check(text);
  if (!r.ok) {
    const f = fieldFor(r.path);
    if (f.error) f.error.textContent = r.message;
    f.input?.classList.add('invalid');
    $('alert').textContent = r.message;
    if (!running) {
      setState('error');
      $('status').textContent = '';
    }
  } else if (!running) {
    setState('ready');
    $('status').textContent = `${r.title} — ${r.points} point${r.points === 1 ? '' : 's'}`;
  }
  return r;
}

/* ---------- the scenario document and the form ---------- */

function doc(): Document {
  return parseDocument(text);
}

function plainDoc(): Record<string, unknown> {
  try {
    const v = parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Replace the scenario text (from the form, a file, the picker or a URL) and refresh what shows it. */
function setText(t: string, opts: { form?: boolean } = {}): void {
  text = t;
  const ta = $<HTMLTextAreaElement>('yaml');
  if (ta.value !== t) ta.value = t;
  if (opts.form !== false) renderForm();
  syncPicker();
  updateScenarioLinks();
  validate();
}

function modelOf(d: Record<string, unknown>): ModelInfo | undefined {
  return catalog.models.find((m) => m.id === d.model);
}

function syncPicker(): void {
  const d = plainDoc();
  const fig = (d.figure as { id?: string } | undefined)?.id;
  const picker = $<HTMLSelectElement>('picker');
  const want = fig && catalog.figures.some((f) => f.id === fig) ? `figure:${fig}` : `model:${String(d.model ?? '')}`;
  if ([...picker.options].some((o) => o.value === want)) picker.value = want;
  const m = modelOf(d);
  const figure = fig ? catalog.figures.find((f) => f.id === fig) : undefined;
  $('picked-description').textContent = figure ? figure.caption : m ? `${m.title}${m.seed ? ` (seed ${m.seed})` : ''}: ${m.description}` : '';
}

function editParam(p: ParamInfo, raw: string): void {
  const d = doc();
  const path = locationOf(d.toJS() as Record<string, unknown> ?? {}, p.name);
  const trimmed = raw.trim();
  if (trimmed === '') d.deleteIn(path);
  else {
    let v: unknown = trimmed;
    if (p.kind !== 'string') {
      try { v = parse(trimmed); } catch { v = trimmed; }
    }
    if (path.length === 2 && !isMap(d.get(path[0]))) d.set(path[0], d.createNode({}));
    d.setIn(path, d.createNode(v, { flow: typeof v === 'object' }));
  }
  setText(d.toString({ lineWidth: 0 }), { form: false });
}

function renderForm(): void {
  const box = $('params');
  for (const el of [...box.querySelectorAll('.param, .hint')]) el.remove();
  const d = plainDoc();
  const m = modelOf(d);
  const list = $('sweepable');
  list.innerHTML = '';
  if (!m) {
    box.insertAdjacentHTML('beforeend', '<p class="hint">Pick a model, or write a scenario below.</p>');
  } else {
    for (const p of m.parameters) {
      const loc = locationOf(d, p.name);
      const cur = loc.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), d);
      const row = document.createElement('div');
      row.className = 'param';
      row.dataset.name = p.name;
      const label = document.createElement('label');
      label.htmlFor = `param-${p.name}`;
      label.innerHTML = `<b></b> <span class="unit"></span>`;
      label.querySelector('b')!.textContent = p.name;
      label.querySelector('.unit')!.textContent = `${p.unit ? `[${p.unit}] ` : ''}${p.kind}`;
      label.title = p.description;
      row.append(label);
      let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
      if (p.choices) {
        const sel = document.createElement('select');
        sel.innerHTML = `<option value="">default (${p.defaultText})</option>`;
        for (const c of p.choices) sel.add(new Option(c, c));
        sel.value = typeof cur === 'string' ? cur : '';
        input = sel;
      } else if (p.kind === 'json' || p.kind === 'numbers' || (cur !== undefined && typeof cur === 'object')) {
        const ta = document.createElement('textarea');
        ta.value = valueText(cur);
        ta.rows = Math.min(6, Math.max(1, Math.ceil(ta.value.length / 44)));
        input = ta;
      } else {
        const inp = document.createElement('input');
        inp.value = valueText(cur);
        input = inp;
      }
      input.id = `param-${p.name}`;
      input.setAttribute('placeholder', p.defaultText);
      input.addEventListener('change', () => editParam(p, input.value));
      row.append(input);
      const err = document.createElement('span');
      err.className = 'field-error';
      row.append(err);
      box.append(row);
      if (p.sweepable) list.append(new Option(p.name, p.name));
    }
  }
  renderSweep(d);
}

function renderSweep(d: Record<string, unknown>): void {
  const sw = (d.sweep ?? {}) as Record<string, unknown>;
  const simple = d.sweep === undefined || (typeof sw.parameter === 'string' && sw.values === undefined);
  const ids = ['sweep-parameter', 'sweep-from', 'sweep-to', 'sweep-steps', 'sweep-scale'];
  for (const id of ids) $<HTMLInputElement>(id).disabled = !simple;
  $('sweep-note').textContent = simple ? '' : 'This scenario sweeps with values/grid/parameters: edit the sweep in the YAML below.';
  $<HTMLInputElement>('sweep-parameter').value = simple ? valueText(sw.parameter) : '';
  $<HTMLInputElement>('sweep-from').value = simple ? valueText(sw.from) : '';
  $<HTMLInputElement>('sweep-to').value = simple ? valueText(sw.to) : '';
  $<HTMLInputElement>('sweep-steps').value = simple ? valueText(sw.steps) : '';
  $<HTMLSelectElement>('sweep-scale').value = sw.scale === 'log' ? 'log' : 'linear';
}

function editSweep(): void {
  const d = doc();
  const parameter = $<HTMLInputElement>('sweep-parameter').value.trim();
  if (parameter === '') {
    d.delete('sweep');
  } else {
    const val = (id: string): unknown => {
      const v = $<HTMLInputElement>(id).value.trim();
      if (v === '') return undefined;
      try { return parse(v); } catch { return v; }
    };
    const sweep: Record<string, unknown> = { parameter };
    for (const [k, id] of [['from', 'sweep-from'], ['to', 'sweep-to'], ['steps', 'sweep-steps']] as const) {
      const v = val(id);
      if (v !== undefined) sweep[k] = v;
    }
    if ($<HTMLSelectElement>('sweep-scale').value === 'log') sweep.scale = 'log';
    d.set('sweep', d.createNode(sweep));
  }
  setText(d.toString({ lineWidth: 0 }), { form: false });
}

/* ---------- links: downloads, share ---------- */

function blobUrl(content: BlobPart, type: string): string {
  const url = URL.createObjectURL(new Blob([content], { type }));
  objectUrls.push(url);
  return url;
}

function updateScenarioLinks(): void {
  const yaml = $<HTMLAnchorElement>('download-yaml');
  if (yaml.href.startsWith('blob:')) URL.revokeObjectURL(yaml.href);
  yaml.href = URL.createObjectURL(new Blob([text], { type: 'text/yaml' }));
  $<HTMLAnchorElement>('share-link').href = shareUrl(text);
}

/** `index.html?scenario=<URL-encoded text>` (add `&autorun` to run it at load). */
function shareUrl(t: string): string {
  return `${location.origin}${location.pathname}?scenario=${encodeURIComponent(t)}`;
}

function clearResults(): void {
  for (const u of objectUrls) URL.revokeObjectURL(u);
  objectUrls = [];
  for (const id of ['download-csv', 'download-json', 'download-svg', 'download-png', 'download-secondary']) $<HTMLAnchorElement>(id).removeAttribute('href');
  $('download-secondary').hidden = true;
  $('final-plot').innerHTML = '';
  $('secondary-plot').innerHTML = '';
  $('notes').innerHTML = '';
}

/* ---------- running ---------- */

function getEngine(): Comlink.Remote<EngineApi> {
  if (!engine) {
    engineWorker = new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module', name: 'spindrift-engine' });
    engine = Comlink.wrap<EngineApi>(engineWorker);
  }
  return engine;
}

function showProgress(done: number, total: number, detail?: string): void {
  $<HTMLProgressElement>('progress').value = total > 0 ? done / total : 0;
  const shown = total === 1 ? `${Math.floor(100 * Math.min(1, done))} %` : `${Number.isInteger(done) ? done : done.toFixed(2)}/${total} points`;
  $('status').textContent = `running: ${shown}${detail ? ` (${detail})` : ''}`;
}

async function showResult(r: RunResultMessage): Promise<void> {
  const { default: embed } = await import('vega-embed');
  const res = await embed($('final-plot'), r.spec as never, { actions: false, renderer: 'svg' });
  $<HTMLAnchorElement>('download-csv').href = blobUrl(r.csv, 'text/csv');
  $<HTMLAnchorElement>('download-json').href = blobUrl(r.dataJson, 'application/json');
  $<HTMLAnchorElement>('download-svg').href = blobUrl(await res.view.toSVG(), 'image/svg+xml');
  $<HTMLAnchorElement>('download-png').href = await res.view.toImageURL('png', 2);
  if (r.secondaryCsv) {
    const a = $<HTMLAnchorElement>('download-secondary');
    a.href = blobUrl(r.secondaryCsv, 'text/csv');
    a.download = `${r.secondaryKind}.csv`;
    a.textContent = `${r.secondaryKind}.csv`;
    a.hidden = false;
  }
  if (r.secondarySpec) await embed($('secondary-plot'), r.secondarySpec as never, { actions: false, renderer: 'svg' });
  for (const n of r.notes) {
    const li = document.createElement('li');
    li.textContent = n;
    $('notes').append(li);
  }
}

async function run(): Promise<void> {
  if (running) return;
  const c = validate();
  if (!c.ok) return;
  const id = ++runId;
  running = true;
  setState('running');
  clearResults();
  live.clear();
  $<HTMLButtonElement>('run').disabled = true;
  $<HTMLButtonElement>('cancel').disabled = false;
  showProgress(0, c.points);
  const t0 = performance.now();
  try {
    const r = await getEngine().run(text, Comlink.proxy({
      progress: (done: number, total: number, detail?: string) => { if (id === runId) showProgress(done, total, detail); },
      live: (p: LivePlot) => { if (id === runId) live.draw(p, (plainDoc().sweep as { scale?: string } | undefined)?.scale === 'log'); },
    }));
    if (id !== runId) return;
    $<HTMLProgressElement>('progress').value = 1;
    await showResult(r);
    live.clear();
    document.body.dataset.solveMs = String(r.solveMs);
    $('status').textContent = `done: ${r.points} point${r.points === 1 ? '' : 's'}, computed in ${(r.solveMs / 1000).toFixed(2)} s (${((performance.now() - t0) / 1000).toFixed(2)} s with plotting)`;
    setState('done');
  } catch (err) {
    if (id !== runId) return;
    $('alert').textContent = oneLine(err instanceof Error ? err.message : String(err));
    $('status').textContent = 'failed';
    setState('error');
  } finally {
    if (id === runId) {
      running = false;
      $<HTMLButtonElement>('run').disabled = false;
      $<HTMLButtonElement>('cancel').disabled = true;
    }
  }
}

/** Stop the run: the engine worker (and the pool workers it started) is terminated; a new one starts on the next run. */
function cancel(): void {
  if (!running) return;
  runId++;
  engineWorker?.terminate();
  engineWorker = null;
  engine = null;
  running = false;
  $<HTMLButtonElement>('run').disabled = false;
  $<HTMLButtonElement>('cancel').disabled = true;
  $('status').textContent = 'cancelled';
  setState('cancelled');
}

/* ---------- opening scenarios ---------- */

async function openFile(f: File): Promise<void> {
  setText(await f.text());
}

function setupDrop(): void {
  const overlay = $('drop-overlay');
  let depth = 0;
  document.addEventListener('dragenter', (e) => { if (e.dataTransfer?.types.includes('Files')) { depth++; overlay.hidden = false; } });
  document.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; overlay.hidden = true; } });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const f = e.dataTransfer?.files[0];
    if (f) void openFile(f);
  });
}

function setupPicker(): void {
  const picker = $<HTMLSelectElement>('picker');
  const models = document.createElement('optgroup');
  models.label = 'Models';
  for (const m of catalog.models) models.append(new Option(`${m.id}${m.seed ? ` (seed ${m.seed})` : ''} — ${m.title}`, `model:${m.id}`));
  const figures = document.createElement('optgroup');
  figures.label = 'Figures';
  for (const f of catalog.figures) figures.append(new Option(`${f.id} — ${f.caption.slice(0, 80)}`, `figure:${f.id}`));
  picker.append(models, figures);
  picker.addEventListener('change', () => {
    const [kind, id] = picker.value.split(/:(.*)/s);
    if (kind === 'figure') setText(catalog.figures.find((f) => f.id === id)!.text);
    else if (id === 'generic') setText(catalog.defaultText);
    else {
      const m = catalog.models.find((x) => x.id === id)!;
      setText(`title: ${JSON.stringify(m.title)}\nmodel: ${m.id}\nparams: {}\n`);
    }
  });
}

function init(): void {
  catalog = engineCatalog();
  live = new LivePlotView($('live-plot'));
  setupPicker();
  setupDrop();
  let timer: ReturnType<typeof setTimeout> | undefined;
  $<HTMLTextAreaElement>('yaml').addEventListener('input', (e) => {
    clearTimeout(timer);
    const v = (e.target as HTMLTextAreaElement).value;
    timer = setTimeout(() => setText(v), 300);
  });
  for (const id of ['sweep-parameter', 'sweep-from', 'sweep-to', 'sweep-steps', 'sweep-scale']) $(id).addEventListener('change', editSweep);
  $('run').addEventListener('click', () => void run());
  $('cancel').addEventListener('click', cancel);
  $<HTMLInputElement>('open-file').addEventListener('change', (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) void openFile(f);
  });
  const q = new URLSearchParams(location.search);
  setText(q.get('scenario') ?? catalog.defaultText);
  if (q.has('autorun')) void run();
  if (import.meta.env.PROD && 'serviceWorker' in navigator) void navigator.serviceWorker.register('./sw.js').catch(() => undefined);
}

init();
