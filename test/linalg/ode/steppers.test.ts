import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dop853Stepper } from '../../../src/linalg/ode/dop853.js';
import { Dopri5Stepper } from '../../../src/linalg/ode/dopri5.js';
import type { OdeRhs } from '../../../src/linalg/ode/types.js';

/**
 * Single-step checks of both Dormand–Prince steppers, one table row each:
 * DOPRI5 (order 5, dense output 4, error estimate O(h⁵), 6 stages + FSAL, no extra dense stages) and
 * DOP853 (order 8, dense output 7, estimate O(h⁸) = |h|·err5²/√(err5² + 0.01·err3²) ~ h·h¹⁰/h³,
 * 11 stages, one extra FSAL evaluation, 3 extra dense-output stages).
 * The step sizes of the order test are chosen so errors stay above roundoff; measured slopes:
 * DOPRI5 local 6.04, dense 5.38, estimate 5.05; DOP853 local 9.62, dense 7.97, estimate 8.47.
 */
const STEPPERS = [
  { name: 'dopri5', make: (f: OdeRhs, n: number, tol: number) => new Dopri5Stepper(f, n, tol, tol), order: 5, denseOrder: 4, estimateOrder: 5, steps: [0.2, 0.1], stages: 6, fsal: 0, denseStages: 0 },
  { name: 'dop853', make: (f: OdeRhs, n: number, tol: number) => new Dop853Stepper(f, n, tol, tol), order: 8, denseOrder: 7, estimateOrder: 8, steps: [0.4, 0.2], stages: 11, fsal: 1, denseStages: 3 },
];

for (const { name, make, order: ORDER, denseOrder: DENSE_ORDER, estimateOrder, steps, stages, fsal, denseStages } of STEPPERS) {

/** One step of size h from (t0, y0); returns yNew and the dense output at the given thetas. */
function oneStep(f: OdeRhs, t0: number, y0: number[], h: number, thetas: number[]) {
  const s = make(f, y0.length, 1e-6);
  s.init(t0, y0, t0);
  const err = s.attempt(h, t0 + h);
  s.finish(t0 + h);
  s.prepareDense();
  const dense = thetas.map((th) => {
    const out = new Float64Array(y0.length);
    s.interpolate(th, out);
    return Array.from(out);
  });
  return { err, yNew: Array.from(s.yNew), dense, stepper: s };
}

test(`${name}: exact on y = t^p for p ≤ order (steps) and p ≤ dense order (interpolant), not beyond`, () => {
  const t0 = 0.3;
  const h = 0.7;
  const thetas = [0.2, 0.5, 0.77];
  for (let p = 1; p <= ORDER + 1; p++) {
    const f: OdeRhs = (t, _y, d) => {
      d[0] = p * t ** (p - 1);
    };
    const { yNew, dense } = oneStep(f, t0, [t0 ** p], h, thetas);
    const stepErr = Math.abs(yNew[0] - 1);
    const denseErr = Math.max(...dense.map((v, i) => Math.abs(v[0] - (t0 + thetas[i] * h) ** p)));
    // Exact to roundoff (values ≤ 1, a few ulps) up to the order; measured errors ≥ 1e-5 beyond it.
    if (p <= ORDER) assert.ok(stepErr < 1e-14, `step, p = ${p}: ${stepErr}`);
    else assert.ok(stepErr > 1e-7, `step, p = ${p} should not be exact: ${stepErr}`);
    if (p <= DENSE_ORDER) assert.ok(denseErr < 1e-14, `dense, p = ${p}: ${denseErr}`);
    if (p === DENSE_ORDER + 1) assert.ok(denseErr > 1e-7, `dense, p = ${p} should not be exact: ${denseErr}`);
  }
});

/** Classical RK4 with N equal steps: an independent reference (error ~ (h/N)⁴ ≈ 1e-16 here). */
function rk4(f: OdeRhs, t0: number, y0: number[], t1: number, N: number): number[] {
  const n = y0.length;
  const y = Float64Array.from(y0);
  const k1 = new Float64Array(n), k2 = new Float64Array(n), k3 = new Float64Array(n), k4 = new Float64Array(n);
  const tmp = new Float64Array(n);
  const h = (t1 - t0) / N;
  for (let s = 0; s < N; s++) {
    const t = t0 + s * h;
    f(t, y, k1);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + (h / 2) * k1[i];
    f(t + h / 2, tmp, k2);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + (h / 2) * k2[i];
    f(t + h / 2, tmp, k3);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * k3[i];
    f(t + h, tmp, k4);
    for (let i = 0; i < n; i++) y[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
  return Array.from(y);
}

test(`${name}: local error orders on a nonlinear problem (step, dense output, error estimate)`, () => {
  // Driven damped pendulum y0' = y1, y1' = −sin y0 + 0.3 cos(t) y1: a generic nonlinear,
  // non-autonomous problem (no special structure that could hide order conditions).
  const f: OdeRhs = (t, y, d) => {
    d[0] = y[1];
    d[1] = -Math.sin(y[0]) + 0.3 * Math.cos(t) * y[1];
  };
  const t0 = 0.3;
  const y0 = [1.1, -0.4];
  const res = steps.map((h) => {
    const r = oneStep(f, t0, y0, h, [0.5]);
    const e1 = rk4(f, t0, y0, t0 + h, 2000);
    const em = rk4(f, t0, y0, t0 + h / 2, 1000);
    return {
      local: Math.max(Math.abs(r.yNew[0] - e1[0]), Math.abs(r.yNew[1] - e1[1])),
      dense: Math.max(Math.abs(r.dense[0][0] - em[0]), Math.abs(r.dense[0][1] - em[1])),
      err: r.err,
    };
  });
  const order = (k: 'local' | 'dense' | 'err') => Math.log2(res[0][k] / res[1][k]);
  // Local error O(h^(p+1)); interpolant O(h^(q+1)); error estimate as in the table above.
  // Observed slopes must lie within [−0.7, +1.5] of these.
  const checks: [string, number, number][] = [
    ['local', order('local'), ORDER + 1],
    ['dense', order('dense'), DENSE_ORDER + 1],
    ['error estimate', order('err'), estimateOrder],
  ];
  for (const [what, got, want] of checks) {
    assert.ok(got > want - 0.7 && got < want + 1.5, `${what} order ${got}, expected ${want}`);
  }
});

test(`${name}: continuous extension matches the step at both ends; FSAL derivative; evaluation counts`, () => {
  let calls = 0;
  const f: OdeRhs = (t, y, d) => {
    calls++;
    d[0] = Math.sin(t) * y[1];
    d[1] = -y[0] * y[0];
  };
  const s = make(f, 2, 1e-8);
  s.init(0.1, [0.4, -1.3], 0.1);
  assert.equal(calls, 1);
  s.attempt(0.25, 0.35);
  assert.equal(calls, 1 + stages, 'evaluations per attempt');
  s.finish(0.35);
  assert.equal(calls, 1 + stages + fsal, 'FSAL evaluation');
  s.prepareDense();
  assert.equal(calls, 1 + stages + fsal + denseStages, 'extra dense-output stages');
  const out = new Float64Array(2);
  s.interpolate(0, out);
  assert.deepEqual(Array.from(out), [0.4, -1.3]);
  s.interpolate(1, out);
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(out[i] - s.yNew[i]) < 1e-15, 'θ = 1 gives yNew');
  const yNew = Array.from(s.yNew);
  s.accept(0.35);
  assert.equal(s.t, 0.35);
  assert.deepEqual(Array.from(s.y), yNew);
  const d = new Float64Array(2);
  f(0.35, s.y, d);
  assert.deepEqual(Array.from(s.f0), Array.from(d), 'f0 after accept is f(tNew, yNew)');
});
}
