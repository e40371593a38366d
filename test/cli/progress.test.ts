/**
 * Progress inside a point (issue 17): a single-point run shows how far the
 * point is (trajectories done, time reached), and `solve` shows the same on
 * stderr when it is a terminal — and nothing when it is not (logs, pipes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { Sink } from './run-cli.js';
import { resolveScenarioText } from '../../src/scenario/scenario.js';
import { runScenario } from '../../src/runner/run.js';

const dir = mkdtempSync(join(tmpdir(), 'spindrift-progress-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** A stderr that says it is a terminal. */
class TtySink extends Sink {
  isTTY = true;
}

const problem = (method: string): string => {
  const file = join(dir, `${method}.json`);
  writeFileSync(file, JSON.stringify({
    H: { re: [[0, 1e6], [1e6, 0]] }, c_ops: [{ shape: [2, 2], entries: [[1, 0, 300]] }],
    psi0: { re: [1, 0] }, times: Array.from({ length: 11 }, (_, i) => i * 1e-6), e_ops: [{ re: [[1, 0], [0, -1]] }],
    method, ntraj: 64, seed: 3,
  }));
  return file;
};

test('solve on a terminal: progress with trajectories done ("mc") and time reached ("me"); none when stderr is not a terminal', async () => {
  for (const [method, detail] of [['mc', /\(\d+ of 64 trajectories\)/], ['me', /\(t = [0-9.]+ [µn]?s of 10 µs\)/]] as const) {
    const stdout = new Sink(), stderr = new TtySink();
    const code = await main(['solve', problem(method)], { stdout, stderr });
    assert.equal(code, 0, stderr.text);
    assert.match(stderr.text, new RegExp(`\\rspindrift solve \\(${method}\\) \\[`), method);
    assert.match(stderr.text, detail, method);
    assert.match(stderr.text, /100 %.*\n$/, `${method}: ends at 100 % with a newline`);
    assert.ok(Array.isArray(JSON.parse(stdout.text).times));
    const quiet = new Sink();
    assert.equal(await main(['solve', problem(method)], { stdout: new Sink(), stderr: quiet }), 0);
    assert.equal(quiet.text, '', `${method}: no progress when stderr is not a terminal`);
  }
});

test('a single-point run reports progress inside the point (not just 0/1 then 1/1)', async () => {
  const sc = resolveScenarioText(`model: generic
params:
  spins: {S: 1/2}
  hamiltonian: ["1 MHz * Sx"]
  dissipators: ["1e5 /s * S-"]
  initial: {S: +1/2}
solver: {method: mc, ntraj: 64}
times: {stop: 2 us, steps: 5}
`, 'single.yaml');
  const stream = new TtySink();
  await runScenario(sc, { out: join(dir, 'single'), progress: stream, workers: 1 });
  const updates = stream.text.split('\r').filter((s) => s.length > 0);
  const inside = updates.filter((u) => /\] [1-9][0-9]? % \(\d+ of 64 trajectories\)/.test(u));
  assert.ok(inside.length >= 3, `updates inside the point: ${JSON.stringify(updates.slice(0, 10))}`);
  assert.match(updates[updates.length - 1], /100 %/);
});
