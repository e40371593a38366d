#!/usr/bin/env node
// Digest of every gallery figure's data.json, to show that a refactoring leaves the numbers unchanged.
//
//   node scripts/gallery-digests.mjs [--timeout S] [--workers N] [--out FILE] [ID...]
//
// Runs `spindrift figures ID` for each figure (all of them by default) into a temporary directory,
// one at a time, and prints one line per figure: `id  sha256(data.json)  seconds`, or `id  TIMEOUT`
// (with --normalize, run-time measurements are removed first: throughput notes such as
// "2.3×10⁶ events/s" and wall-time keys, which differ between any two runs),
// when the run exceeds the time limit (default 120 s; long figures are then covered by their tests),
// or `id  FAILED (exit n)`. Run it before and after a change (on the compiled dist/) and diff the two files.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const bin = join(root, 'bin', 'spindrift.js');
const args = process.argv.slice(2);
let timeout = 120;
let workers = '1';
let outFile;
let normalize = false;
const ids = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--timeout') timeout = Number(args[++i]);
  else if (args[i] === '--workers') workers = args[++i];
  else if (args[i] === '--out') outFile = args[++i];
  else if (args[i] === '--normalize') normalize = true;
  else ids.push(args[i]);
}
if (!(timeout > 0)) throw new Error('--timeout must be a positive number of seconds');

if (ids.length === 0) {
  const list = spawnSync(process.execPath, [bin, 'figures', '--list'], { encoding: 'utf8' });
  if (list.status !== 0) throw new Error('figures --list failed: ' + list.stderr);
  for (const line of list.stdout.split('\n')) if (line.trim()) ids.push(line.split(/\s+/)[0]);
}

/** data.json without run-time measurements (wall times, "… events/s" throughput notes). */
function normalized(text) {
  const strip = (x) => {
    if (typeof x === 'string') return x.replace(/[\d.]+(×10[⁰-⁹]+)? (events|switches)\/s/g, '<rate>');
    if (Array.isArray(x)) return x.map(strip);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).filter(([k]) => !/^(wallTimeMs|wall_time_ms)$/.test(k)).map(([k, v]) => [k, strip(v)]));
    return x;
  };
  return JSON.stringify(strip(JSON.parse(text)));
}

const lines = [];
for (const id of ids) {
  const dir = mkdtempSync(join(tmpdir(), 'figdigest-'));
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, 'figures', id, '--out', dir, '--workers', workers], { encoding: 'utf8', timeout: timeout * 1000, killSignal: 'SIGKILL' });
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  const data = join(dir, id, 'data.json');
  let line;
  if (r.error && r.error.code === 'ETIMEDOUT') line = `${id}  TIMEOUT(>${timeout}s)`;
  else if (r.status !== 0 || !existsSync(data)) line = `${id}  FAILED (exit ${r.status}) ${(r.stderr || '').trim().split('\n').pop() ?? ''}`;
  else line = `${id}  ${createHash('sha256').update(normalize ? normalized(readFileSync(data, 'utf8')) : readFileSync(data)).digest('hex')}  ${sec.toFixed(1)}s`;
  rmSync(dir, { recursive: true, force: true });
  console.log(line);
  lines.push(line);
  if (outFile) writeFileSync(outFile, lines.join('\n') + '\n');
}
