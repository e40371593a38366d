/**
 * Import rules as a test: every import under src/ (static, dynamic, type-only,
 * re-export) is checked against import-rules.json — layers may import only
 * the layers listed in their `mayImport` and src/util; `forbidden` arrows are
 * refused even between allowed layers. Imports are read with TypeScript's own
 * pre-processor, so imports quoted in comments (doc examples) do not count.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './helpers.js';

interface Rules {
  util: string;
  layers: { name: string; path: string; mayImport: string[] }[];
  forbidden: { from: string; to: string; why: string }[];
  knownViolations: { from: string; to: string; owner: string }[];
}

const root = repoRoot();
const rules = JSON.parse(readFileSync(join(root, 'import-rules.json'), 'utf8')) as Rules;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Repo-relative path with forward slashes. */
const rel = (p: string): string => relative(root, p).split('\\').join('/');
const under = (file: string, prefix: string): boolean => file === prefix || file.startsWith(prefix + '/');

function layerOf(file: string): string | null {
  if (under(file, rules.util)) return 'util';
  for (const l of rules.layers) if (under(file, l.path)) return l.name;
  return null;
}

/** Every relative import of every file under src/, resolved to a repo-relative .ts path. */
function imports(): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (const file of walk(join(root, 'src'))) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), ref.fileName).replace(/\.js$/, '.ts');
      out.push({ from: rel(file), to: rel(target) });
    }
  }
  return out;
}

/** Why an import is forbidden, or null when it is allowed. */
export function violation(from: string, to: string): string | null {
  const a = layerOf(from), b = layerOf(to);
  if (a === null) return `${from} is in no layer of import-rules.json`;
  if (b === null) return `${to} is in no layer of import-rules.json`;
  for (const f of rules.forbidden) if (under(from, f.from) && under(to, f.to)) return f.why;
  if (a === b || b === 'util') return null;
  if (a === 'util') return `src/util may import nothing but itself`;
  const layer = rules.layers.find((l) => l.name === a)!;
  return layer.mayImport.includes(b) ? null : `layer ${a} may not import layer ${b}`;
}

test('import-rules.json names every folder under src/ as a layer', () => {
  for (const name of readdirSync(join(root, 'src'))) {
    assert.notEqual(layerOf(`src/${name}`), null, `src/${name} is in no layer of import-rules.json`);
  }
});

test('the rule checker refuses an upward import and allows util and downward ones', () => {
  assert.match(violation('src/linalg/dense.ts', 'src/quantum/spin.ts') ?? '', /linalg may not import layer quantum/);
  assert.match(violation('src/models/generic/model.ts', 'src/scenario/scenario.ts') ?? '', /models may not import layer scenario/);
  assert.equal(violation('src/linalg/dense.ts', 'src/util/errors.ts'), null);
  assert.equal(violation('src/models/generic/model.ts', 'src/expression/units.ts'), null);
});

test('every import under src/ follows import-rules.json', () => {
  const all = imports();
  assert.ok(all.length > 300, `only ${all.length} imports found; the reader is broken`);
  const known = new Set(rules.knownViolations.map((k) => `${k.from} -> ${k.to}`));
  const seen = new Set<string>();
  const bad: string[] = [];
  for (const { from, to } of all) {
    const why = violation(from, to);
    if (why === null) continue;
    const key = `${from} -> ${to}`;
    if (known.has(key)) seen.add(key);
    else bad.push(`${key}: ${why}`);
  }
  assert.deepEqual(bad, [], `forbidden imports:\n  ${bad.join('\n  ')}`);
  const stale = [...known].filter((k) => !seen.has(k));
  assert.deepEqual(stale, [], `knownViolations that no longer occur (remove them from import-rules.json): ${stale.join('; ')}`);
});
