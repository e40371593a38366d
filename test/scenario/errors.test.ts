/**
 * Error classes instead of message parsing: a model's validate() throwing an
 * ArgumentError becomes a ProblemError at params.<path> (bad input, exit 2);
 * a TypeError is a bug and propagates as such (exit 1, not "bad params").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerModel } from '../../src/models/registry.js';
import { resolveScenario } from '../../src/scenario/scenario.js';
import { ArgumentError, ProblemError } from '../../src/util/errors.js';
import type { ModelDefinition } from '../../src/models/types.js';

function model(id: string, validate: () => void): ModelDefinition {
  return {
    id, title: id, description: 'test model', observables: [],
    parameters: [{ name: 'x', kind: 'number', default: 1, description: 'x' }],
    run: async () => ({ series: [] }),
    validate,
  };
}

test('validate(): ArgumentError → ProblemError at its path; TypeError stays a TypeError', () => {
  registerModel(model('test-argument-error', () => { throw new ArgumentError('x', 'must be even'); }));
  registerModel(model('test-type-error', () => { throw new TypeError('cannot read properties of undefined'); }));
  assert.throws(() => resolveScenario({ model: 'test-argument-error' }, 'mem.yaml', ''), (e: Error) => e instanceof ProblemError && e.message === 'params.x: must be even');
  assert.throws(() => resolveScenario({ model: 'test-type-error' }, 'mem.yaml', ''), (e: Error) => e instanceof TypeError && !(e instanceof ProblemError));
});
