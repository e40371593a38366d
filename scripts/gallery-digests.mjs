#!/usr/bin/env node
// Digest of every gallery figure's data.json, to show that a refactoring leaves the numbers unchanged.
//
//   node scripts/gallery-digests.mjs [--timeout S] [--workers N] [--out FILE] [--normalize]
//                                    [--bin OTHER/bin/spindrift.js] [--set KEY=JSON ...] [ID...]
//
// --bin runs another build (e.g. a worktree of the commit before a change, with its own dist/):
// the same invocation before and after. --set KEY=JSON overrides a parameter of every figure given
// (e.g. --set realizations=2 for a shortened disorder average of a heavy figure): the figure's scenario
// is taken from this checkout's gallery, the parameter replaced, and the file run with `run` by the
// chosen build; the line then says `(shortened: KEY=JSON)`. --keep DIR keeps each figure's outputs in
// DIR/<id>/ (for `node scripts/figure-digests.mjs BEFORE AFTER`, which says how two data files differ).
//
// Runs `spindrift figures ID` for each figure (all of them by default) into a temporary directory,
// one at a time, and prints one line per figure: `id  sha256(data.json)  seconds`, or `id  TIMEOUT`
// (with --normalize, run-time measurements are removed first: throughput notes such as
// "2.3×10⁶ events/s" and wall-time keys, which differ between any two runs),
// when the run exceeds the time limit (default 120 s; long figures are then covered by their tests),
// or `id  FAILED (exit n)`. Run it before and after a change (on the compiled dist/) and diff the two files.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';
import { stripTimings } from './digest-normalize.mjs';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const bin = join(root, 'bin', 'spindrift.js');
const args = process.argv.slice(2);
let timeout = 120;
let workers = '1';
let outFile;
let normalize = false;
let binUsed = bin;
let keep;
const overrides = {};
const ids = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--timeout') timeout = Number(args[++i]);
  else if (args[i] === '--workers') workers = args[++i];
  else if (args[i] === '--out') outFile = args[++i];
  else if (args[i] === '--normalize') normalize = true;
  else if (args[i] === '--bin') binUsed = args[++i];
  else if (args[i] === '--keep') keep = args[++i];
  else if (args[i] === '--set') {
    const [key, ...rest] = args[++i].split('=');
    overrides[key] = JSON.parse(rest.join('='));
  }
  else ids.push(args[i]);
}
if (!(timeout > 0)) throw new Error('--timeout must be a positive number of seconds');

if (ids.length === 0) {
  const list = spawnSync(process.execPath, [binUsed, 'figures', '--list'], { encoding: 'utf8' });
  if (list.status !== 0) throw new Error('figures --list failed: ' + list.stderr);
  for (const line of list.stdout.split('\n')) if (line.trim()) ids.push(line.split(/\s+/)[0]);
}

/** data.json without run-time measurements (wall times, solver stats, "… events/s" throughput notes). */
function normalized(text) {
  return JSON.stringify(stripTimings(JSON.parse(text)));
}

const shortened = Object.keys(overrides).length > 0;

/** The scenario file of figure `id` from this checkout's gallery with `overrides` applied to its params. */
async function shortenedScenario(id, dir) {
  const { listGallery } = await import(pathToFileURL(join(root, 'dist', 'src', 'runner', 'gallery.js')).href);
  const entry = listGallery().find((g) => g.id === id);
  if (!entry) throw new Error(`no gallery figure ${id}`);
  const value = parse(entry.load().text);
  if (!value.params) throw new Error(`${id}: --set needs a figure with params (not an overlay of parts)`);
  Object.assign(value.params, overrides);
  const file = join(dir, `${id}.yaml`);
  writeFileSync(file, stringify(value));
  return file;
}

const lines = [];
for (const id of ids) {
  const dir = keep ? join(keep, '.run') : mkdtempSync(join(tmpdir(), 'figdigest-'));
  if (keep) mkdirSync(dir, { recursive: true });
  const t0 = process.hrtime.bigint();
  const cmd = shortened ? ['run', await shortenedScenario(id, dir), '--out', join(dir, id)] : ['figures', id, '--out', dir];
  const r = spawnSync(process.execPath, [binUsed, ...cmd, '--workers', workers], { encoding: 'utf8', timeout: timeout * 1000, killSignal: 'SIGKILL' });
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  const data = join(dir, id, 'data.json');
  let line;
  if (r.error && r.error.code === 'ETIMEDOUT') line = `${id}  TIMEOUT(>${timeout}s)`;
  else if (r.status !== 0 || !existsSync(data)) line = `${id}  FAILED (exit ${r.status}) ${(r.stderr || '').trim().split('\n').pop() ?? ''}`;
  else line = `${id}  ${createHash('sha256').update(normalize ? normalized(readFileSync(data, 'utf8')) : readFileSync(data)).digest('hex')}  ${sec.toFixed(1)}s${shortened ? `  (shortened: ${Object.entries(overrides).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')})` : ''}`;
  if (keep && existsSync(join(dir, id))) {
    rmSync(join(keep, id), { recursive: true, force: true });
    renameSync(join(dir, id), join(keep, id));
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(line);
  lines.push(line);
  if (outFile) writeFileSync(outFile, lines.join('\n') + '\n');
}
