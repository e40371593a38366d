/**
 * The CLI's scenario resolver and execution core run in a browser context,
 * without Chromium: src/scenario/scenario.ts and src/runner/execute.ts bundle
 * with esbuild for `platform: 'browser'` (which refuses any `node:` module),
 * and the bundle, evaluated in a `vm` context with only browser-style globals
 * (no process, require, Buffer), turns scenarios/default.yaml into the
 * data.csv and data.json that `spindrift run` writes — byte for byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createContext, runInContext } from 'node:vm';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { repoRoot } from '../helpers.js';
import { run as cli } from '../cli/run-cli.js';

const root = repoRoot();

test('scenario.ts + execute.ts bundle for the browser and reproduce `spindrift run` data.csv and data.json bytes', async () => {
  const bundle = buildSync({
    stdin: {
      contents: "export { resolveScenarioText } from './src/scenario/scenario.ts'; export { executeScenario } from './src/runner/execute.ts';",
      resolveDir: root, loader: 'ts',
    },
    bundle: true, write: false, platform: 'browser', format: 'iife', globalName: 'core', logLevel: 'silent',
  });
  const code = bundle.outputFiles[0].text;
  assert.ok(!/["'`]node:[a-z]/.test(code), 'the bundle imports a node: module');
  const context = createContext({ performance: { now: () => performance.now() }, TextEncoder });
  assert.equal(runInContext('typeof process + typeof require + typeof Buffer', context), 'undefinedundefinedundefined');
  runInContext(code, context);
  context.text = readFileSync(join(root, 'scenarios', 'default.yaml'), 'utf8');
  const out = (await runInContext('core.executeScenario(core.resolveScenarioText(text, "scenario"))', context)) as { csv: string; dataJson: string };
  const dir = mkdtempSync(join(tmpdir(), 'spindrift-core-'));
  try {
    const r = await cli(['run', join(root, 'scenarios', 'default.yaml'), '--out', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(out.csv, readFileSync(join(dir, 'data.csv'), 'utf8'));
    assert.equal(out.dataJson, readFileSync(join(dir, 'data.json'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
