import { test } from 'node:test';
import assert from 'node:assert/strict';
import { integrateAdaptive } from '../../src/linalg/quadrature.js';

test('Gauss–Kronrod: K15 is exact to degree 22; for degree ≤ 13 G7 is too, so one interval suffices', () => {
  for (const k of [0, 1, 5, 13, 22]) {
    const r = integrateAdaptive((x) => x ** k, 0, 1, [], { relTol: 1e-12 });
    // Only rounding: 15 nodes of magnitude ≤ 1 → a few ulps.
    assert.ok(Math.abs(r.value - 1 / (k + 1)) <= 1e-15, `x^${k}: ${r.value}`);
    if (k <= 13) assert.equal(r.intervals, 1, `x^${k}`);
  }
});

test('infinite tails: ∫ e^{−x²} = √π and a narrow Lorentzian far from 0 integrates to π', () => {
  const g = integrateAdaptive((x) => Math.exp(-x * x), -Infinity, Infinity, [0], { relTol: 1e-13 });
  assert.ok(Math.abs(g.value / Math.sqrt(Math.PI) - 1) <= 1e-12, `gauss: ${g.value}`);
  // Width 1e-4 centred at 50: only findable because the partition has breakpoints there.
  const w = 1e-4, c = 50;
  const l = integrateAdaptive((x) => w / ((x - c) ** 2 + w * w), -Infinity, Infinity, [c - w, c, c + w], { relTol: 1e-12, tailScale: 1 });
  assert.ok(l.converged);
  assert.ok(Math.abs(l.value / Math.PI - 1) <= 1e-10, `lorentzian: ${l.value}`);
  // Half line [0, ∞): ∫ e^{−x} = 1.
  const e = integrateAdaptive((x) => Math.exp(-x), 0, Infinity, [], { relTol: 1e-13 });
  assert.ok(Math.abs(e.value - 1) <= 1e-12, `exp: ${e.value}`);
});

test('bad input: a one-line RangeError naming the problem', () => {
  assert.throws(() => integrateAdaptive((x) => x, 1, 0), /lower < upper/);
  assert.throws(() => integrateAdaptive((x) => x, 0, 1, [], { relTol: 0, absTol: 0 }), /absTol and relTol/);
  assert.throws(() => integrateAdaptive(() => Number.NaN, 0, 1), /integrand is NaN/);
  // A non-integrable singularity cannot converge: reported, not hidden.
  const r = integrateAdaptive((x) => 1 / x, 0, 1, [], { relTol: 1e-10, maxIntervals: 200 });
  assert.equal(r.converged, false);
});
