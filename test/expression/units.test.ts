import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuantity, parseAnyQuantity } from '../../src/expression/units.js';
import { parseParameterValue } from '../../src/models/parameters.js';
import { ProblemError } from '../../src/util/errors.js';

// Unit factors are exact powers of ten, but "0.1 kHz" = 0.1 * 1e3 is not exactly 100 in binary;
// compare with a relative tolerance of 1e-15 (a couple of ulps).
function close(a: number, b: number): void {
  assert.ok(Math.abs(a - b) <= 1e-15 * Math.abs(b), `${a} != ${b}`);
}

test('valid quantities convert to SI', () => {
  close(parseQuantity('13 MHz', 'frequency', 'p'), 13e6);
  close(parseQuantity('0.1 kHz', 'frequency', 'p'), 100);
  close(parseQuantity('2.87 GHz', 'frequency', 'p'), 2.87e9);
  close(parseQuantity('51.2 mT', 'field', 'p'), 0.0512);
  close(parseQuantity('10 µs', 'time', 'p'), 1e-5);
  close(parseQuantity('10 μs', 'time', 'p'), 1e-5); // Greek mu as well as the micro sign
  close(parseQuantity('10 us', 'time', 'p'), 1e-5);
  close(parseQuantity('17e3 /s', 'rate', 'p'), 17e3);
  close(parseQuantity('17e3 s^-1', 'rate', 'p'), 17e3);
  close(parseQuantity('2 /ms', 'rate', 'p'), 2e3);
  close(parseQuantity('2 nm', 'length', 'p'), 2e-9);
  close(parseQuantity('-3.5e-2 K', 'temperature', 'p'), -0.035);
  assert.equal(parseQuantity(42, 'frequency', 'p'), 42); // plain numbers are SI
  assert.equal(parseQuantity('42', 'time', 'p'), 42);
  assert.equal(parseQuantity('1 mHz', 'frequency', 'p'), 1e-3); // case matters: milli, not mega
});

test('invalid quantities give path-named errors with suggestions', () => {
  assert.throws(() => parseQuantity('13 Mhz', 'frequency', 'sweep.values[2]'), (e: unknown) => {
    assert.ok(e instanceof ProblemError);
    assert.match(e.message, /^sweep\.values\[2\]: expected a frequency such as "13 MHz", got "13 Mhz" \(unknown unit "Mhz"; did you mean "MHz"\?\)$/);
    return true;
  });
  assert.throws(() => parseQuantity('10 us', 'frequency', 'params.f'), /params\.f: expected a frequency such as "13 MHz", got "10 us", which is a time/);
  assert.throws(() => parseQuantity('fast', 'rate', 'x'), /x: expected a rate such as "17e3 \/s", got "fast"/);
  assert.throws(() => parseQuantity(true, 'time', 'x'), /x: expected a time such as "10 µs", got true/);
  assert.throws(() => parseQuantity(Infinity, 'time', 'x'), /x: expected a time/);
  assert.throws(() => parseQuantity('1e400 Hz', 'frequency', 'x'), /not finite/);
  assert.throws(() => parseAnyQuantity('3 furlongs', 'c.L'), /c\.L: .*unknown unit "furlongs"/);
});

test('parameter values: kinds, bounds and choices', () => {
  assert.equal(parseParameterValue(3, { kind: 'integer', min: 1 }, 'n'), 3);
  assert.throws(() => parseParameterValue(0, { kind: 'integer', min: 1 }, 'n'), /n: must be ≥ 1, got 0/);
  assert.throws(() => parseParameterValue(1.5, { kind: 'integer' }, 'n'), /n: expected an integer, got 1.5/);
  assert.throws(() => parseParameterValue('mcc', { kind: 'string', choices: ['me', 'mc'] }, 'method'), /did you mean "mc"/);
  assert.deepEqual(parseParameterValue(['1 us', 2e-6], { kind: 'numbers' }, 't'), [1e-6, 2e-6]);
  assert.throws(() => parseParameterValue('2 MHz', { kind: 'number' }, 'x'), /x: expected a plain number/);
  assert.equal(parseParameterValue(true, { kind: 'boolean' }, 'b'), true);
});
