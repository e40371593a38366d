/**
 * Partial results of the point in flight (RunContext.partial, ExecuteOptions.onPartial):
 * they must not change the final numbers (data.csv and data.json byte-identical with
 * and without a listener, on one thread and on worker threads), and they are what
 * they claim to be — mesolve's trace so far is the prefix of the final trace, and the
 * first running mean of a quantum-jump run is bit for bit the result of a run with
 * only the first chunk's trajectories (trajectory k draws from stream (seed, k)).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveScenarioText } from '../../src/scenario/scenario.js';
import { executeScenario } from '../../src/runner/execute.js';
import { installNodePlatform } from '../../src/runner/node-platform.js';
import { CHUNK_SIZE } from '../../src/solvers/mcsolve/index.js';
import { PartialPublisher } from '../../src/models/partial.js';
import type { ModelResult } from '../../src/models/types.js';

installNodePlatform(); // worker threads for the runs with workers > 1

/** A driven, decaying spin-1/2 (time-dependent drive: the ODE path reports every output time). */
function scenario(solver: string, steps: number): string {
  return [
    'title: partial results', 'model: generic', 'seed: 11', 'params:', '  spins: {S: 1/2}', '  constants: {Gamma: 2e5 /s}',
    '  hamiltonian: ["1 MHz * cos(2*pi * 0.2 MHz * t) * Sx"]', '  dissipators: [Gamma * S-]', '  initial: {S: +1/2}',
    `times: {start: 0, stop: 10 us, steps: ${steps}}`, `solver: ${solver}`, '',
  ].join('\n');
}

async function runBoth(text: string, workers: number): Promise<{ plain: Awaited<ReturnType<typeof executeScenario>>; live: Awaited<ReturnType<typeof executeScenario>>; partials: ModelResult[] }> {
  const plain = await executeScenario(resolveScenarioText(text, 'scenario'), { workers });
  const partials: ModelResult[] = [];
  const live = await executeScenario(resolveScenarioText(text, 'scenario'), { workers, onPartial: (index, r) => { assert.equal(index, 0); partials.push(r); } });
  return { plain, live, partials };
}

test('mesolve: the same data.csv and data.json with partial results; a partial trace is the prefix of the final one', async () => {
  const { plain, live, partials } = await runBoth(scenario('{method: me}', 401), 1);
  assert.equal(live.csv, plain.csv);
  assert.equal(live.dataJson, plain.dataJson);
  // the publisher's first offer always goes out (after output time 0)
  assert.ok(partials.length >= 1, 'no partial result');
  const final = plain.results[0].series[0];
  for (const p of partials) {
    const s = p.series[0];
    assert.equal(s.name, final.name);
    assert.ok(s.x.length >= 1 && s.x.length <= final.x.length);
    assert.deepEqual(s.x, final.x.slice(0, s.x.length));
    assert.deepEqual(s.y, final.y.slice(0, s.y.length)); // the solver's own values, bit for bit
  }
});

test('mcsolve: the same data.csv and data.json with partial results (one thread and worker threads)', async () => {
  for (const workers of [1, 2]) {
    const { plain, live, partials } = await runBoth(scenario('{method: mc, ntraj: 96}', 41), workers);
    assert.equal(live.csv, plain.csv, `workers ${workers}`);
    assert.equal(live.dataJson, plain.dataJson, `workers ${workers}`);
    assert.ok(partials.length >= 1, `workers ${workers}: no partial result`);
    for (const p of partials) {
      assert.equal(p.series[0].x.length, 41);
      assert.equal(p.series[0].yErr?.length, 41);
      assert.ok(p.series[0].y.every(Number.isFinite) && p.series[0].yErr!.every(Number.isFinite));
    }
  }
});

test('mcsolve: the first running mean (one chunk) is bit for bit a run of that chunk\'s trajectories alone', async () => {
  const { partials } = await runBoth(scenario('{method: mc, ntraj: 96}', 41), 1);
  const first = partials[0];
  assert.match(first.notes?.[0] ?? '', new RegExp(`^partial: ${CHUNK_SIZE} trajectories so far`));
  const alone = await executeScenario(resolveScenarioText(scenario(`{method: mc, ntraj: ${CHUNK_SIZE}}`, 41), 'scenario'), { workers: 1 });
  const s = alone.results[0].series[0];
  assert.deepEqual(first.series[0].y, s.y);
  assert.deepEqual(first.series[0].yErr, s.yErr);
});

test('PartialPublisher: the first offer goes out, then at most one per interval, and nothing is built in between', () => {
  const got: ModelResult[] = [];
  let built = 0;
  const p = new PartialPublisher((r) => got.push(r), 60_000);
  for (let i = 0; i < 1000; i++) p.offer(() => { built++; return { series: [] }; });
  assert.equal(got.length, 1);
  assert.equal(built, 1);
});
