#!/usr/bin/env node
/**
 * Digests of computed numbers, to show that a change keeps every figure's data
 * bit for bit: for each DIR/<id>/data.json (and DIR/*.json solve outputs) prints
 * sha256 of the JSON with run-time measurements removed (wall times, solver
 * stats, "… events/s" note fragments), one line per file.
 *
 *   node bin/spindrift.js figures s000-fig2b --out /tmp/before   (before the change)
 *   node bin/spindrift.js figures s000-fig2b --out /tmp/after    (after)
 *   node scripts/figure-digests.mjs /tmp/before /tmp/after       (prints both, and SAME/DIFF)
 *
 * For a DIFF it also says how: how many of the numbers differ and the largest
 * relative difference (numbers in a fixed order; text that differs is counted
 * apart), so that last-bit changes (≲ 1e-12) are told from real ones.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { stripTimings as strip } from './digest-normalize.mjs';

function dataFiles(dir) {
  const out = new Map();
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const file = statSync(p).isDirectory() ? join(p, 'data.json') : name.endsWith('.json') ? p : null;
    if (file && existsSync(file)) out.set(name, strip(JSON.parse(readFileSync(file, 'utf8'))));
  }
  return out;
}

function digests(dir) {
  const out = new Map();
  for (const [name, data] of dataFiles(dir)) out.set(name, createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16));
  return out;
}

/** Numbers (in key order) and strings of parsed JSON. */
function leaves(x, nums = [], texts = []) {
  if (typeof x === 'number') nums.push(x);
  else if (typeof x === 'string') texts.push(x);
  else if (Array.isArray(x)) for (const v of x) leaves(v, nums, texts);
  else if (x && typeof x === 'object') for (const k of Object.keys(x).sort()) leaves(x[k], nums, texts);
  return { nums, texts };
}

/**
 * How two data files differ: "k of n numbers differ, max rel 3e-15" (and text
 * differences), over the top-level keys both have; keys only one has are named
 * (a newer version may add outputs, e.g. per-point series).
 */
function howTheyDiffer(x, y) {
  if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x)) {
    const only = (p, q) => Object.keys(p).filter((k) => !(k in q));
    const added = only(y, x), removed = only(x, y);
    if (added.length || removed.length) {
      const pick = (o) => Object.fromEntries(Object.keys(o).filter((k) => k in x && k in y).map((k) => [k, o[k]]));
      return `${howTheyDiffer(pick(x), pick(y))}${added.length ? `; only after: ${added.join(', ')}` : ''}${removed.length ? `; only before: ${removed.join(', ')}` : ''}`;
    }
  }
  const a = leaves(x), b = leaves(y);
  if (a.nums.length !== b.nums.length) return `different shape (${a.nums.length} vs ${b.nums.length} numbers)`;
  let k = 0, rel = 0;
  for (let i = 0; i < a.nums.length; i++) {
    if (a.nums[i] === b.nums[i]) continue;
    k++;
    rel = Math.max(rel, Math.abs(a.nums[i] - b.nums[i]) / Math.max(Math.abs(a.nums[i]), Math.abs(b.nums[i])));
  }
  const t = a.texts.filter((s, i) => s !== b.texts[i]).length + Math.abs(a.texts.length - b.texts.length);
  return `${k} of ${a.nums.length} numbers differ, max rel ${rel.toExponential(1)}${t ? `; ${t} texts differ` : ''}`;
}

const [a, b] = process.argv.slice(2);
if (!a) { console.error('usage: figure-digests.mjs DIR [DIR2]'); process.exit(2); }
const da = digests(a), db = b ? digests(b) : null;
let diff = 0;
for (const [name, h] of da) {
  if (!db) { console.log(`${h}  ${name}`); continue; }
  const h2 = db.get(name) ?? '-';
  if (h2 !== h) diff++;
  const how = h2 !== h && h2 !== '-' ? `  (${howTheyDiffer(dataFiles(a).get(name), dataFiles(b).get(name))})` : '';
  console.log(`${name.padEnd(28)} ${h}  ${h2}  ${h2 === h ? 'SAME' : 'DIFF'}${how}`);
}
process.exit(diff ? 1 : 0);
