/**
 * Every public solver's doc comment carries a runnable `@example`, and every
 * example in src/solvers and src/quantum/qobj.ts runs as written against this
 * build (`import ... from 'spindrift'` resolves to the package itself). The
 * examples' numbers are checked where they are stated, in the solvers' own
 * tests; here the point is that the documentation cannot rot.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers.js';

const root = repoRoot();

/** The `@example` blocks of a source file, keyed by the name of the function or class they document. */
export function examples(file: string): { name: string; code: string }[] {
  const text = readFileSync(file, 'utf8');
  const out: { name: string; code: string }[] = [];
  const re = /\/\*\*((?:(?!\*\/)[\s\S])*?)\*\/\s*(?:export\s+)?(?:async\s+)?(?:function|class|const)\s+(\w+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const lines = m[1].split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
    const at = lines.findIndex((l) => l.startsWith('@example'));
    if (at < 0) continue;
    const body: string[] = [];
    for (const l of lines.slice(at + 1)) {
      if (l.startsWith('@')) break;
      body.push(l);
    }
    out.push({ name: m[2], code: body.join('\n').trim() });
  }
  return out;
}

const files = [
  ...readdirSync(join(root, 'src', 'solvers')).filter((f) => f.endsWith('.ts')).map((f) => join(root, 'src', 'solvers', f)),
  join(root, 'src', 'quantum', 'qobj.ts'),
];

test('every public solver has a runnable example in its doc comment', () => {
  const documented = new Set(files.flatMap((f) => examples(f).map((e) => e.name)));
  for (const name of ['mesolve', 'mcsolve', 'steadystate', 'liouvillianSpectrum', 'nonHermitianSpectrum', 'findExceptionalPoint', 'Qobj']) {
    assert.ok(documented.has(name), `${name} has no @example`);
  }
});

test('every @example runs as written', async () => {
  const dir = mkdtempSync(join(root, 'dist', 'doc-examples-'));
  try {
    let count = 0;
    for (const file of files) {
      for (const ex of examples(file)) {
        const path = join(dir, `${ex.name}.mjs`);
        writeFileSync(path, ex.code.includes("from 'spindrift'") ? ex.code : `import { Qobj } from 'spindrift';\n${ex.code}`);
        await assert.doesNotReject(import(pathToFileURL(path).href), `the example of ${ex.name} (${file}) fails`);
        count++;
      }
    }
    assert.ok(count >= 7);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
