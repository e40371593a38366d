/**
 * The package's `exports` (package.json): the layers and every model folder
 * are importable by name, e.g. `import { genericModel } from
 * 'spindrift/models/generic'` (Node resolves a package's own name from inside
 * it, so this runs against this build).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './helpers.js';

test('spindrift, its layers and every model folder are importable through package exports', async () => {
  const root = await import('spindrift');
  assert.equal(typeof root.Qobj, 'function');
  assert.equal(typeof root.mesolve, 'function');
  for (const layer of ['linalg', 'quantum', 'solvers', 'expression']) {
    const m = await import(`spindrift/${layer}`);
    assert.ok(Object.keys(m).length > 3, `spindrift/${layer} exports nothing`);
  }
  const registry = await import('spindrift/models');
  assert.equal(registry.getModel('generic').id, 'generic');
  const dir = join(repoRoot(), 'src', 'models');
  const folders = readdirSync(dir).filter((f) => statSync(join(dir, f)).isDirectory());
  assert.ok(folders.length >= 7);
  for (const f of folders) {
    const m = await import(`spindrift/models/${f}`);
    assert.ok(Object.keys(m).length > 0, `spindrift/models/${f} exports nothing`);
  }
  const { genericModel } = await import('spindrift/models/generic');
  assert.equal(genericModel.id, 'generic');
});
