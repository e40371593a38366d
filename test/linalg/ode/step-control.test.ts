import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StepController, initialStep, nextDown, nextUp } from '../../../src/linalg/ode/step-control.js';
import { DOPRI5_CONTROL } from '../../../src/linalg/ode/dopri5.js';
import { DOP853_CONTROL } from '../../../src/linalg/ode/dop853.js';

test('nextUp / nextDown are the IEEE-754 neighbours', () => {
  assert.equal(nextUp(1), 1 + Number.EPSILON);
  assert.equal(nextDown(1), 1 - Number.EPSILON / 2);
  assert.equal(nextUp(-1), -1 + Number.EPSILON / 2);
  assert.equal(nextDown(-1), -1 - Number.EPSILON);
  assert.equal(nextUp(0), Number.MIN_VALUE);
  assert.equal(nextDown(0), -Number.MIN_VALUE);
  assert.equal(nextDown(Number.MIN_VALUE), 0);
  for (const x of [0.7317, 3e-300, 12345.678, -2.5e10, 2 ** 32, 2 ** -1022]) {
    const up = nextUp(x);
    const down = nextDown(x);
    assert.ok(up > x && down < x, `${x}`);
    // Nothing lies strictly between: the midpoints round back onto x or the neighbour.
    assert.equal(nextDown(up), x);
    assert.equal(nextUp(down), x);
    assert.ok(Math.abs(up - x) <= Math.abs(x) * Number.EPSILON);
  }
  assert.equal(nextUp(Infinity), Infinity);
  assert.ok(Number.isNaN(nextDown(NaN)));
});

test('StepController (DOP853 constants): growth/shrink limits and safety factor', () => {
  const c = new StepController(DOP853_CONTROL);
  // err = 1 → h · 0.9 (β = 0: pure I control, fac = err^{1/8}/0.9).
  assert.ok(Math.abs(c.accepted(1, 1) - 0.9) < 1e-15);
  // err → 0: capped at facMax = 6.
  assert.equal(c.accepted(1, 0), 6);
  // err = 0.9^8·6^{-8} gives exactly the cap; slightly larger errors grow less.
  const g = c.accepted(1, 1e-6);
  assert.ok(Math.abs(g - 0.9 * 1e-6 ** (-1 / 8)) < 1e-12, `${g}`);
  // Rejection: shrink at most to facMin = 0.333, else 0.9·err^{−1/8}.
  assert.ok(Math.abs(c.rejected(1, 1e12) - 0.333) < 1e-15);
  assert.ok(Math.abs(c.rejected(1, 2) - 0.9 * 2 ** (-1 / 8)) < 1e-15);
  // After a rejection the next accepted step may not grow.
  assert.equal(c.accepted(0.5, 1e-8), 0.5);
  assert.ok(c.accepted(0.5, 1e-8) > 0.5, 'growth allowed again after one accepted step');
});

test('StepController (DOPRI5 constants): PI term with β = 0.04 uses the previous error', () => {
  const a = new StepController(DOPRI5_CONTROL);
  const b = new StepController(DOPRI5_CONTROL);
  a.accepted(1, 1e-4); // errOld = 1e-4 (the floor)
  b.accepted(1, 0.5); // errOld = 0.5
  const expo1 = 0.2 - 0.04 * 0.75;
  // h_new = h · safe · err^{−expo1} · errOld^β
  const ha = a.accepted(1, 0.3);
  const hb = b.accepted(1, 0.3);
  assert.ok(Math.abs(ha - 0.9 * 0.3 ** -expo1 * 1e-4 ** 0.04) < 1e-12, `${ha}`);
  assert.ok(Math.abs(hb - 0.9 * 0.3 ** -expo1 * 0.5 ** 0.04) < 1e-12, `${hb}`);
  assert.ok(ha < hb, 'a smaller previous error damps the growth');
  assert.equal(new StepController(DOPRI5_CONTROL).accepted(1, 0), 10);
  assert.ok(Math.abs(new StepController(DOPRI5_CONTROL).rejected(1, 1e20) - 0.2) < 1e-15);
});

test('initialStep: Hairer heuristic on y\' = −λy', () => {
  for (const lambda of [1, 1e3, 1e6]) {
    let calls = 0;
    const f = (_t: number, y: Float64Array, d: Float64Array) => {
      calls++;
      d[0] = -lambda * y[0];
    };
    const y0 = Float64Array.from([1]);
    const f0 = Float64Array.from([-lambda]);
    const h = initialStep(f, 0, y0, f0, 5, 1e-6, 1e-9, 1e9, new Float64Array(1), new Float64Array(1));
    assert.equal(calls, 1);
    // ‖f0‖ = λ/sc, ‖y''‖ ≈ λ²/sc: h1 = (0.01·sc/λ²)^{1/5}, h = min(100·0.01/λ, h1): the step scales as 1/λ.
    const sc = 1e-9 + 1e-6;
    const expected = Math.min(1 / lambda, (0.01 / (Math.max(lambda * lambda, lambda) / sc)) ** (1 / 5));
    assert.ok(Math.abs(h / expected - 1) < 0.05, `λ = ${lambda}: h = ${h}, expected ≈ ${expected}`);
  }
  // hmax caps the result.
  const h = initialStep((_t, y, d) => void (d[0] = 0 * y[0]), 0, Float64Array.from([1]), Float64Array.from([0]), 8, 1e-8, 1e-10, 1e-3, new Float64Array(1), new Float64Array(1));
  assert.ok(h <= 1e-3 && h > 0);
});
