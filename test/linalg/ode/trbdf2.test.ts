import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trbdf2Tridiagonal } from '../../../src/linalg/ode/trbdf2.js';
import { ComplexMatrix } from '../../../src/linalg/dense.js';
import { expmScaled } from '../../../src/linalg/expm.js';

test('TR-BDF2: decoupled stiff scalar equations y′ = −λy + b match the exact solution to the requested tolerance', () => {
  const lam = [1e-3, 1, 1e3, 1e6];
  const n = lam.length;
  const sys = { lower: new Float64Array(n), diag: Float64Array.from(lam, (l) => -l), upper: new Float64Array(n), source: Float64Array.from(lam, (l) => 0.5 * l) };
  const y0 = [1, 1, 1, 1];
  const times = [0, 1e-3, 0.1, 1, 10];
  const r = trbdf2Tridiagonal(sys, y0, times, { atol: 1e-10, rtol: 1e-8 });
  for (let k = 0; k < times.length; k++) for (let i = 0; i < n; i++) {
    const exact = 0.5 + 0.5 * Math.exp(-lam[i] * times[k]);
    // Local error control at 1e-8 relative; over ≤ 10⁴ steps the global error stays below 1e-6 absolute.
    assert.ok(Math.abs(r.y[k][i] - exact) <= 1e-6, `λ = ${lam[i]}, t = ${times[k]}: ${r.y[k][i]} vs ${exact}`);
  }
});

test('TR-BDF2: a 30-cell heat equation matches exp(tA)·y₀ (dense Padé expm) and conserves the sum', () => {
  const n = 30;
  const lower = new Float64Array(n), diag = new Float64Array(n), upper = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) { const k = 1 + i / n; diag[i] -= k; upper[i] += k; diag[i + 1] -= k; lower[i + 1] += k; }
  const y0 = Float64Array.from({ length: n }, (_, i) => (i < 10 ? 1 : 0));
  const times = [0, 0.5, 5, 50];
  const r = trbdf2Tridiagonal({ lower, diag, upper }, y0, times, { atol: 1e-12, rtol: 1e-10 });
  const a = new ComplexMatrix(n, n);
  for (let i = 0; i < n; i++) { a.set(i, i, diag[i]); if (i > 0) a.set(i, i - 1, lower[i]); if (i + 1 < n) a.set(i, i + 1, upper[i]); }
  for (let k = 1; k < times.length; k++) {
    const e = expmScaled(a, times[k]);
    for (let i = 0; i < n; i++) {
      let x = 0;
      for (let j = 0; j < n; j++) x += e.getRe(i, j) * y0[j];
      assert.ok(Math.abs(r.y[k][i] - x) <= 1e-7, `t = ${times[k]}, i = ${i}: ${r.y[k][i]} vs ${x}`);
    }
    // Columns of A sum to zero: Σy is conserved by every stage up to rounding, which accumulates over the
    // ~10³ steps to ~1e-11 (observed 1.6e-11); 1e-10 bounds it with margin.
    const s = r.y[k].reduce((p, v) => p + v, 0);
    assert.ok(Math.abs(s - 10) <= 1e-10, `sum ${s}`);
  }
});

test('TR-BDF2: bad input is a RangeError', () => {
  const z = new Float64Array(2);
  assert.throws(() => trbdf2Tridiagonal({ lower: z, diag: z, upper: new Float64Array(3) }, [0, 0], [0, 1]), /length 2/);
  assert.throws(() => trbdf2Tridiagonal({ lower: z, diag: z, upper: z }, [0, 0], [1, 0]), /times\[1\]: times must increase strictly/);
});
