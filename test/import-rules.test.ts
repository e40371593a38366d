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
import { builtinModules } from 'node:module';
import ts from 'typescript';
import { repoRoot } from './helpers.js';

interface Rules {
  util: string;
  layers: { name: string; path: string; mayImport: string[] }[];
  forbidden: { from: string; to: string; why: string }[];
  knownViolations: { from: string; to: string; owner: string }[];
  browserClean: { roots: string[]; nodeOnlyPackages: string[] };
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

/** Relative imports of TypeScript modules (resolved to repo-relative .ts paths) and bare imports (packages, node:) of one file. */
function importsOf(file: string): { relative: string[]; bare: string[] } {
  const info = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
  const out = { relative: [] as string[], bare: [] as string[] };
  for (const ref of info.importedFiles) {
    if (!ref.fileName.startsWith('.')) out.bare.push(ref.fileName);
    else if (/\.(js|ts)$/.test(ref.fileName)) out.relative.push(rel(resolve(dirname(join(root, file)), ref.fileName).replace(/\.js$/, '.ts')));
  }
  return out;
}

/** Every relative import of every file under src/ and app/src, resolved to a repo-relative .ts path. */
function imports(): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (const file of [...walk(join(root, 'src')), ...walk(join(root, 'app', 'src'))]) {
    for (const to of importsOf(rel(file)).relative) out.push({ from: rel(file), to });
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

/** Why a bare import cannot run in a browser, or null. */
function nodeOnly(spec: string): string | null {
  if (spec.startsWith('node:') || builtinModules.includes(spec)) return 'a Node built-in module';
  const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
  return rules.browserClean.nodeOnlyPackages.includes(pkg) ? 'a Node-only package' : null;
}

test('everything the app imports (transitively, static and dynamic) is browser-clean', () => {
  const seen = new Set<string>();
  const via = new Map<string, string>();
  const pending = rules.browserClean.roots.flatMap((r) => walk(join(root, r)).map(rel));
  const bad: string[] = [];
  while (pending.length) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const { relative: rels, bare } = importsOf(file);
    for (const spec of bare) {
      const why = nodeOnly(spec);
      if (why) {
        const chain = [file];
        for (let f = via.get(file); f; f = via.get(f)) chain.push(f);
        bad.push(`${spec} (${why}) imported by ${chain.join(' <- ')}`);
      }
    }
    for (const t of rels) if (!seen.has(t)) { if (!via.has(t)) via.set(t, file); pending.push(t); }
  }
  for (const core of ['src/runner/execute.ts', 'src/scenario/scenario.ts', 'src/runner/jobs.ts', 'src/models/registry.ts']) assert.ok(seen.has(core), `the app should reach ${core}; the reader is broken`);
  assert.deepEqual(bad, [], `the app reaches Node-only imports:\n  ${bad.join('\n  ')}`);
  assert.equal(nodeOnly('node:fs'), 'a Node built-in module');
  assert.equal(nodeOnly('@resvg/resvg-js'), 'a Node-only package');
  assert.equal(nodeOnly('yaml'), null);
});
