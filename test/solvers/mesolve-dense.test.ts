import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, scale } from '../../src/linalg/dense.js';
import { spmvInto, SparseMatrix, sparseAdjoint, sparseLinearCombination } from '../../src/linalg/sparse.js';
import { toSparse } from '../../src/linalg/operator.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import { mesolve, prepareLindblad } from '../../src/solvers/mesolve.js';
import { integrate } from '../../src/linalg/ode/integrate.js';
import { DenseLindbladRhs, planDenseForm } from '../../src/solvers/mesolve-dense.js';
import { restrictDensity, expandDensity } from '../../src/solvers/sector-liouvillian.js';
import { randomHermitian, randomMatrix, Lcg } from '../helpers.js';

/** A random sparse operator with about `perRow` entries per row (complex). */
function randomSparse(n: number, perRow: number, seed: number, amp: number): SparseMatrix {
  const g = new Lcg(seed);
  const rows: number[] = [], cols: number[] = [], re: number[] = [], im: number[] = [];
  for (let i = 0; i < n; i++) for (let k = 0; k < perRow; k++) {
    rows.push(i); cols.push(Math.floor(g.next() * n)); re.push(amp * (2 * g.next() - 1)); im.push(amp * (2 * g.next() - 1));
  }
  return SparseMatrix.fromTriplets(n, n, rows, cols, re, im);
}

function randomDensity(n: number, seed: number): ComplexMatrix {
  // ρ = B B† / Tr(B B†): Hermitian, positive
  const b = randomMatrix(n, n, seed);
  const r = new ComplexMatrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let sr = 0, si = 0;
    for (let k = 0; k < n; k++) {
      const ar = b.re[i * n + k], ai = b.im[i * n + k], cr = b.re[j * n + k], ci = -b.im[j * n + k];
      sr += ar * cr - ai * ci; si += ar * ci + ai * cr;
    }
    r.re[i * n + j] = sr; r.im[i * n + j] = si;
  }
  let tr = 0; for (let i = 0; i < n; i++) tr += r.re[i * n + i];
  return scale(r, 1 / tr);
}

test('DenseLindbladRhs equals the vectorized superoperator (sparse C with C†C denser than C, diagonal C†C, a driven term)', () => {
  const n = 9;
  const h0 = toSparse(randomHermitian(n, 3));
  const h1 = toSparse(randomHermitian(n, 4));
  // one C folded into A (one entry per row: C†C diagonal), two split (C†C fills in)
  const lower = SparseMatrix.fromTriplets(n, n, Array.from({ length: n - 1 }, (_, i) => i), Array.from({ length: n - 1 }, (_, i) => i + 1), Array(n - 1).fill(0.7), Array(n - 1).fill(0.1));
  const cOps = [lower, randomSparse(n, 2, 5, 0.4), randomSparse(n, 3, 6, 0.3)];
  const f = 0.37;
  const rhs = new DenseLindbladRhs(n, h0, cOps, [{ op: h1, coefficient: () => f }]);
  const rho = randomDensity(n, 8);
  const y = new Float64Array(2 * n * n), dy = new Float64Array(2 * n * n);
  for (let k = 0; k < n * n; k++) { y[2 * k] = rho.re[k]; y[2 * k + 1] = rho.im[k]; }
  rhs.evaluate(0, y, dy);
  // reference: L(t) vec ρ with L = L0 + f L1 built by the sector Liouvillian (no blocks)
  const hTotal = sparseLinearCombination([{ matrix: h0, re: 1 }, { matrix: h1, re: f }]);
  const prep = prepareLindblad(hTotal, cOps, rho, false);
  const x = restrictDensity(prep.layout, rho);
  const outR = new Float64Array(x.re.length), outI = new Float64Array(x.re.length);
  spmvInto(prep.generator, x.re, x.im, outR, outI);
  const ref = expandDensity(prep.layout, outR, outI, n);
  let d = 0, scaleMax = 0;
  for (let k = 0; k < n * n; k++) {
    d = Math.max(d, Math.abs(dy[2 * k] - ref.re[k]), Math.abs(dy[2 * k + 1] - ref.im[k]));
    scaleMax = Math.max(scaleMax, Math.abs(ref.re[k]), Math.abs(ref.im[k]));
  }
  // same arithmetic in a different order: round-off only
  assert.ok(d < 1e-13 * Math.max(1, scaleMax), `max |Δ| = ${d}`);
});

test('mesolve: the matrix-form ODE (auto, no blocks, n = 60) agrees with the exact Krylov propagator and is chosen by the cost model', () => {
  const n = 60;
  const h = randomSparse(n, 2, 12, 1);
  const herm = sparseLinearCombination([{ matrix: h, re: 0.5 }, { matrix: sparseAdjoint(h), re: 0.5 }]);
  const cOps = [randomSparse(n, 2, 13, 0.3), randomSparse(n, 2, 14, 0.3)];
  const eOps = [toSparse(randomHermitian(n, 15))];
  const psi = new ComplexVector(n); psi.re[0] = 1;
  const times = Array.from({ length: 21 }, (_, i) => i * 0.025);
  const a = mesolve(herm, cOps, psi, { times, eOps, atol: 1e-11, rtol: 1e-9 });
  assert.equal(a.stats.method, 'ode-dop853-dense');
  const b = mesolve(herm, cOps, psi, { times, eOps, method: 'krylov', atol: 1e-12 });
  let d = 0;
  for (let i = 0; i < times.length; i++) d = Math.max(d, Math.abs(a.expect[0].re[i] - b.expect[0].re[i]), Math.abs(a.expect[0].im[i] - b.expect[0].im[i]));
  // ODE at rtol 1e-9 / atol 1e-11 over ~20 steps vs Krylov at 1e-12: global error well below 1e-7
  assert.ok(d < 1e-7, `max |Δ⟨O⟩| = ${d}`);
  // states: trace 1 and Hermitian
  const s = mesolve(herm, cOps, psi, { times: [0, 1], storeStates: true, atol: 1e-11, rtol: 1e-9 }).states!;
  let tr = 0; for (let i = 0; i < n; i++) tr += s[1].re[i * n + i];
  assert.ok(Math.abs(tr - 1) < 1e-9);
});

test('mesolve: a non-Hermitian ρ0 is not given to the matrix form; a long stiff span prefers Krylov in the cost model', () => {
  const small = 12;
  const rho = randomDensity(small, 23);
  rho.im[1] += 1e-3; // no longer Hermitian
  const r = mesolve(toSparse(randomHermitian(small, 21)), [randomSparse(small, 2, 22, 0.3)], rho, { times: [0, 0.1], method: 'ode' });
  assert.equal(r.stats.method, 'ode-dop853');
  const n = 60;
  const herm = toSparse(randomHermitian(n, 21));
  const cOps = [randomSparse(n, 2, 22, 0.3)];
  // damping 10⁴ times the coherent scale, long span, two outputs: Krylov
  const strong = [sparseLinearCombination([{ matrix: cOps[0], re: 300 }])];
  const plan = planDenseForm(n, herm, strong, Float64Array.of(0, 100), 1e-8, false);
  assert.equal(plan.use, false, JSON.stringify(plan));
  const weak = planDenseForm(n, herm, cOps, Float64Array.from({ length: 101 }, (_, i) => i * 0.05), 1e-6, false);
  assert.equal(weak.use, true, JSON.stringify(weak));
});

test('mesolve with H(t) and no block structure (matrix form) agrees with DOP853 on the vectorized L0 + f(t)·L1', () => {
  const n = 10;
  const h0 = toSparse(randomHermitian(n, 41));
  const h1 = toSparse(randomHermitian(n, 42));
  const cOps = [randomSparse(n, 2, 43, 0.4), randomSparse(n, 1, 44, 0.5)];
  const coefficient = (t: number): number => Math.cos(3 * t);
  const h = { h0, terms: [{ op: h1, coefficient }] };
  const psi = new ComplexVector(n); psi.re[2] = 0.6; psi.im[5] = 0.8;
  const times = [0, 0.3, 0.7, 1.5];
  const eOps = [toSparse(randomHermitian(n, 45))];
  const r = mesolve(h, cOps, psi, { times, eOps, atol: 1e-12, rtol: 1e-10, storeStates: true });
  assert.equal(r.stats.method, 'ode-dop853-dense');
  // reference: the vectorized generators of the old path (no blocks), integrated here
  const prep = prepareLindblad(h, cOps, psi, false);
  const dim = prep.layout.dimension;
  const l1 = prep.drivenGenerators[0].generator;
  const tr = new Float64Array(dim), ti = new Float64Array(dim);
  const y0 = new Float64Array(2 * dim); y0.set(prep.x0.re, 0); y0.set(prep.x0.im, dim);
  const refStates: Float64Array[] = [];
  integrate((t, y, dy) => {
    const yr = y.subarray(0, dim), yi = y.subarray(dim), dr = dy.subarray(0, dim), di = dy.subarray(dim);
    spmvInto(prep.generator, yr, yi, dr, di);
    spmvInto(l1, yr, yi, tr, ti);
    const f = coefficient(t);
    for (let k = 0; k < dim; k++) { dr[k] += f * tr[k]; di[k] += f * ti[k]; }
  }, y0, times, { method: 'dop853', atol: 1e-13, rtol: 1e-12, onOutput: (_i, _t, y) => { refStates.push(y.slice()); } });
  times.forEach((_, i) => {
    const y = refStates[i];
    const rho = expandDensity(prep.layout, y.subarray(0, dim), y.subarray(dim), n);
    let d = 0;
    for (let k = 0; k < n * n; k++) d = Math.max(d, Math.abs(rho.re[k] - r.states![i].re[k]), Math.abs(rho.im[k] - r.states![i].im[k]));
    // two DOP853 runs at rtol 1e-10 / 1e-12 over ~1.5 time units: both within ~1e-9 of the exact solution
    assert.ok(d < 1e-8, `t=${times[i]}: max |Δρ| = ${d}`);
  });
});
