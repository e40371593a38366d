import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioSchemaJson } from '../../src/scenario/schema.js';
import { resolveScenarioText } from '../../src/scenario/scenario.js';
import { packageRoot } from '../../src/runner/package-info.js';

test('docs/scenario.schema.json equals the schema generated from the code (run `npm run schema`)', () => {
  const committed = readFileSync(join(packageRoot(), 'docs', 'scenario.schema.json'), 'utf8');
  assert.equal(committed, scenarioSchemaJson());
});

const base = `model: generic
params:
  spins: {S: 1/2}
  hamiltonian: ["1 MHz * Sx"]
times: {stop: 1 us, steps: 3}
`;

function err(text: string): string {
  try {
    resolveScenarioText(text, 'x.yaml');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

test('schema and resolution errors name the file position and path', () => {
  assert.equal(err(base + 'sweep: {parameter: constants.f, values: [1 MHz, 2 MHz, 13 Mhz]}\n'),
    'x.yaml:6:56: sweep.values[2]: expected a number or a quantity such as "13 MHz", got "13 Mhz" (unknown unit "Mhz"; did you mean "MHz"?)');
  assert.match(err(base + 'sede: 3\n'), /^x\.yaml:6:7: sede: unknown field; did you mean "seed"\?$/);
  assert.match(err(base.replace('model: generic', 'model: generik')), /^x\.yaml:1:8: model: unknown model "generik"; did you mean "generic"\?$/);
  assert.match(err(base + 'seed: -1\n'), /seed: expected an integer ≥ 0, got -1/);
  assert.match(err(base.replace('steps: 3', 'steps: 1')), /x\.yaml:5:\d+: times\.steps: expected an integer ≥ 2, got 1/);
  assert.match(err(base + 'solver: {method: mee}\n'), /solver\.method: expected one of "me", "mc", "steady", got "mee"; did you mean "me"\?/);
  assert.match(err(base.replace('spins: {S: 1/2}', 'spins: {S: 1/2}\n  hamiltonan: []')), /params\.hamiltonan: model "generic" has no parameter "hamiltonan"; did you mean "hamiltonian"\?/);
  assert.match(err(base.replace('1 MHz * Sx', '1 MHz * Sq')), /x\.yaml:4:\d+: params\.hamiltonian\[0\]: unknown name "Sq"; did you mean "Sx"\?/);
  assert.match(err(base.replace('1 MHz * Sx', '1e3 /s * Sx')), /params\.hamiltonian\[0\]: coefficients here are frequencies/);
  assert.match(err(base + 'times: [0]\n'), /not valid YAML\/JSON/); // duplicate key
  assert.match(err(base.replace('stop: 1 us', 'stop: 1 Hz')), /times\.stop: expected a time such as "10 µs", got "1 Hz", which is a frequency/);
  assert.match(err(base + 'sweep: {parameter: constants.f, from: 1, to: 2}\n'), /sweep: a range needs "from", "to" and "steps"; "steps" is missing/);
});

test('JSON scenarios are accepted (JSON is YAML)', () => {
  const sc = resolveScenarioText(JSON.stringify({ model: 'generic', params: { spins: { S: 0.5 } }, times: [0, '1 us'] }), 'x.json');
  assert.deepEqual(sc.params.times, [0, 1e-6]);
  assert.equal(sc.points.length, 1);
});

test('a 2-D grid sweep has the outer product of points', () => {
  const sc = resolveScenarioText(base.replace('spins: {S: 1/2}', 'spins: {S: 1/2}\n  constants: {a: 1, b: 1 kHz}') + 'sweep:\n  grid:\n    - {parameter: constants.a, values: [1, 2, 3]}\n    - {parameter: constants.b, from: 1 kHz, to: 100 kHz, steps: 3, scale: log}\n', 'g.yaml');
  assert.equal(sc.points.length, 9);
  assert.deepEqual(sc.points[4].coords.map((v) => Math.round(v)), [2, 10000]);
  assert.equal((sc.points[4].params.constants as Record<string, number>).b, sc.axes[1].values[1]);
  assert.equal(sc.axes[1].unit, 'Hz');
});
