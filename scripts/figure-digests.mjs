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
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { stripTimings as strip } from './digest-normalize.mjs';

function digests(dir) {
  const out = new Map();
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const file = statSync(p).isDirectory() ? join(p, 'data.json') : name.endsWith('.json') ? p : null;
    if (!file || !existsSync(file)) continue;
    out.set(name, createHash('sha256').update(JSON.stringify(strip(JSON.parse(readFileSync(file, 'utf8'))))).digest('hex').slice(0, 16));
  }
  return out;
}

const [a, b] = process.argv.slice(2);
if (!a) { console.error('usage: figure-digests.mjs DIR [DIR2]'); process.exit(2); }
const da = digests(a), db = b ? digests(b) : null;
let diff = 0;
for (const [name, h] of da) {
  if (!db) { console.log(`${h}  ${name}`); continue; }
  const h2 = db.get(name) ?? '-';
  if (h2 !== h) diff++;
  console.log(`${name.padEnd(28)} ${h}  ${h2}  ${h2 === h ? 'SAME' : 'DIFF'}`);
}
process.exit(diff ? 1 : 0);
