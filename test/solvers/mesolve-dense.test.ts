import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, scale } from '../../src/linalg/dense.js';
import { spmvInto, SparseMatrix, sparseAdjoint, sparseLinearCombination } from '../../src/linalg/sparse.js';
import { toSparse } from '../../src/linalg/operator.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import { mesolve, prepareLindblad } from '../../src/solvers/mesolve.js';
import { integrate } from '../../src/linalg/ode/integrate.js';
import { csrDenseRows, denseCsrAdjRows, DenseLindbladRhs, hermitianSumInto, kernelCsr, planDenseForm, type KernelCsr } from '../../src/solvers/mesolve-dense.js';
import { RegionPlan, wasmKernels, wasmKernelsAvailable } from '../../src/linalg/wasm.js';
import { restrictDensity, expandDensity } from '../../src/solvers/sector-liouvillian.js';
import { randomHermitian, randomMatrix, Lcg, withTypeScript } from '../helpers.js';

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
  rhs.dispose();
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

// ---- the WebAssembly SIMD kernels of the matrix form (wasm/kernels.ts, denseode section) against their
// TypeScript twins (same operations in the same order: equal BITS asserted) and against naive products ----

/** Lays out the operator and dense operands in the wasm memory; returns byte offsets. */
function wasmOperands(a: KernelCsr, dense: Float64Array[]): { heap: () => Float64Array; at: number[] } {
  const w = wasmKernels()!;
  const plan = new RegionPlan();
  const rp = plan.add(a.n + 1, 4), ci = plan.add(Math.max(1, a.nnz), 4), az = plan.add(Math.max(2, a.az.length), 8);
  const cz = plan.add(Math.max(2, a.cz?.length ?? 0), 8);
  const ds = dense.map((d) => plan.add(d.length, 8));
  const base = plan.reserve(w);
  assert.ok(base >= 0);
  const i32 = new Int32Array(w.heap.buffer);
  i32.set(a.rp, (base + rp) / 4); i32.set(a.ci, (base + ci) / 4);
  w.heap.set(a.az, (base + az) / 8);
  if (a.cz) w.heap.set(a.cz, (base + cz) / 8);
  dense.forEach((d, k) => w.heap.set(d, (base + ds[k]) / 8));
  a.at = { rp: base + rp, ci: base + ci, az: base + az, cz: base + cz };
  return { heap: () => w.heap, at: ds.map((d) => base + d) };
}

function randomInterleaved(len: number, seed: number): Float64Array {
  const g = new Lcg(seed);
  return Float64Array.from({ length: len }, () => 2 * g.next() - 1);
}

const bitsEqual = (a: Float64Array, b: Float64Array, what: string): void => {
  assert.equal(a.length, b.length);
  for (let k = 0; k < a.length; k++) assert.ok(a[k] === b[k], `${what}: entry ${k}: ${a[k]} vs ${b[k]}`);
};

test('zcsrDenseRows / zdenseCsrAdjRows / hermitianSum equal their TypeScript twins bit for bit and the naive products (n = 1, 3, 17, 255)', { skip: !wasmKernelsAvailable() && 'no WebAssembly SIMD' }, () => {
  for (const n of [1, 3, 17, 255]) {
    // about 2.5 entries per row, some rows empty (n > 1), complex entries
    const g = new Lcg(n);
    const rows: number[] = [], cols: number[] = [], re: number[] = [], im: number[] = [];
    for (let i = 0; i < n; i++) {
      if (n > 1 && i % 4 === 1) continue;
      const k = 1 + (i % 4);
      for (let q = 0; q < k; q++) { rows.push(i); cols.push(Math.floor(g.next() * n)); re.push(2 * g.next() - 1); im.push(2 * g.next() - 1); }
    }
    const a = kernelCsr(SparseMatrix.fromTriplets(n, n, rows, cols, re, im), true);
    const nn2 = 2 * n * n;
    const x = randomInterleaved(nn2, 7 + n), out0 = randomInterleaved(nn2, 8 + n);
    const [sr, si] = [0.7, -0.3];
    for (const overwrite of [false, true]) {
      const ts = Float64Array.from(out0);
      csrDenseRows(a, sr, si, x, ts, overwrite);
      const { heap, at } = wasmOperands(a, [x, out0]);
      wasmKernels()!.exports.zcsrDenseRows(0, n, n, a.at.rp, a.at.ci, a.at.az, sr, si, at[0], at[1], overwrite ? 1 : 0);
      bitsEqual(heap().slice(at[1] / 8, at[1] / 8 + nn2), ts, `n = ${n}, A·X, overwrite ${overwrite}`);
      // naive: out[r, j] (+)= Σ s·A[r, k]·x[k, j]; rows without entries untouched
      for (let r = 0; r < n; r++) {
        const p0 = a.rp[r], p1 = a.rp[r + 1];
        for (let j = 0; j < n; j++) {
          let vr = p0 < p1 && overwrite ? 0 : out0[2 * (r * n + j)], vi = p0 < p1 && overwrite ? 0 : out0[2 * (r * n + j) + 1];
          for (let p = p0; p < p1; p++) {
            const cr = sr * a.az[2 * p] - si * a.az[2 * p + 1], cm = sr * a.az[2 * p + 1] + si * a.az[2 * p];
            const q = 2 * (a.ci[p] * n + j);
            vr += cr * x[q] - cm * x[q + 1]; vi += cr * x[q + 1] + cm * x[q];
          }
          assert.ok(Math.abs(ts[2 * (r * n + j)] - vr) < 1e-13 && Math.abs(ts[2 * (r * n + j) + 1] - vi) < 1e-13, `n = ${n}: A·X entry (${r}, ${j})`);
        }
      }
    }
    // X·C† on the rows and columns where C has entries (all of it, or its upper triangle, doubled above the diagonal)
    for (const upper of [false, true]) {
      const ts = Float64Array.from(out0);
      denseCsrAdjRows(a, 0.5, x, ts, upper);
      const { heap, at } = wasmOperands(a, [x, out0]);
      wasmKernels()!.exports.zdenseCsrAdjRows(0, n, n, a.at.rp, a.at.ci, a.at.cz, 0.5, at[0], at[1], upper ? 1 : 0);
      bitsEqual(heap().slice(at[1] / 8, at[1] / 8 + nn2), ts, `n = ${n}, X·C†, upper ${upper}`);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        const live = a.rp[i] < a.rp[i + 1] && a.rp[j] < a.rp[j + 1] && (!upper || j >= i);
        const sij = upper && j > i ? 1 : 0.5;
        let vr = 0, vi = 0;
        for (let p = a.rp[j]; p < a.rp[j + 1]; p++) {
          const q = 2 * (i * n + a.ci[p]), cr = a.az[2 * p], cm = -a.az[2 * p + 1];
          vr += x[q] * cr - x[q + 1] * cm; vi += x[q] * cm + x[q + 1] * cr;
        }
        const o = 2 * (i * n + j);
        const er = live ? out0[o] + sij * vr : out0[o], ei = live ? out0[o + 1] + sij * vi : out0[o + 1];
        assert.ok(Math.abs(ts[o] - er) < 1e-13 && Math.abs(ts[o + 1] - ei) < 1e-13, `n = ${n}: X·C† entry (${i}, ${j}), upper ${upper}`);
      }
    }
    // M + M†
    const dyTs = new Float64Array(nn2);
    hermitianSumInto(n, x, dyTs);
    const hs = wasmOperands(a, [x, new Float64Array(nn2)]);
    wasmKernels()!.exports.hermitianSum(n, hs.at[0], hs.at[1]);
    bitsEqual(hs.heap().slice(hs.at[1] / 8, hs.at[1] / 8 + nn2), dyTs, `n = ${n}, M + M†`);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const a1 = 2 * (i * n + j), b1 = 2 * (j * n + i);
      assert.equal(dyTs[a1], x[a1] + x[b1]);
      assert.equal(dyTs[a1 + 1], x[a1 + 1] - x[b1 + 1]);
    }
  }
});

test('DenseLindbladRhs and mesolve\'s matrix form: WebAssembly and TypeScript paths give the same bits (H(t); right-hand side at n = 3 and 17, mesolve at n = 17)', { skip: !wasmKernelsAvailable() && 'no WebAssembly SIMD' }, () => {
  for (const n of [3, 17]) {
    const h0 = toSparse(randomHermitian(n, 51 + n));
    const h1 = toSparse(randomHermitian(n, 52 + n));
    const lower = SparseMatrix.fromTriplets(n, n, Array.from({ length: n - 1 }, (_, i) => i), Array.from({ length: n - 1 }, (_, i) => i + 1), Array(n - 1).fill(0.7), Array(n - 1).fill(0.1));
    const cOps = [lower, randomSparse(n, 2, 53 + n, 0.4)];
    const driven = [{ op: h1, coefficient: (t: number) => Math.cos(2 * t) }];
    const rho = randomDensity(n, 54 + n);
    const y = new Float64Array(2 * n * n);
    for (let k = 0; k < n * n; k++) { y[2 * k] = rho.re[k]; y[2 * k + 1] = rho.im[k]; }
    const dw = new Float64Array(y.length), dt = new Float64Array(y.length);
    const rw = new DenseLindbladRhs(n, h0, cOps, driven, true);
    assert.equal(rw.usesWasm, true);
    rw.evaluate(0.3, y, dw);
    rw.dispose();
    const rt = new DenseLindbladRhs(n, h0, cOps, driven, false);
    assert.equal(rt.usesWasm, false);
    rt.evaluate(0.3, y, dt);
    bitsEqual(dw, dt, `n = ${n}: dρ`);
    if (n < 8) continue; // below DENSE_FORM_MIN_DIMENSION mesolve takes the exact propagators
    const psi = new ComplexVector(n); psi.re[0] = 0.6; psi.im[n - 1] = 0.8;
    const times = Array.from({ length: 9 }, (_, i) => 0.2 * i);
    const eOps = [toSparse(randomHermitian(n, 55 + n))];
    const h = { h0, terms: driven };
    const a = mesolve(h, cOps, psi, { times, eOps, atol: 1e-10, rtol: 1e-8 });
    const b = withTypeScript(() => mesolve(h, cOps, psi, { times, eOps, atol: 1e-10, rtol: 1e-8 }));
    assert.equal(a.stats.method, 'ode-dop853-dense');
    assert.equal(b.stats.method, 'ode-dop853-dense');
    assert.equal(a.stats.rhsEvaluations, b.stats.rhsEvaluations);
    bitsEqual(a.expect[0].re, b.expect[0].re, `n = ${n}: ⟨O⟩(t)`);
  }
});

test('matrix form in the wasm memory survives a memory growth during the run (a progress callback reserving 64 MB): same bits', { skip: !wasmKernelsAvailable() && 'no WebAssembly SIMD' }, () => {
  const n = 12;
  const h = toSparse(randomHermitian(n, 61));
  const cOps = [randomSparse(n, 2, 62, 0.3)];
  const eOps = [toSparse(randomHermitian(n, 63))];
  const psi = new ComplexVector(n); psi.re[1] = 1;
  const times = Array.from({ length: 11 }, (_, i) => 0.1 * i);
  const w = wasmKernels()!;
  const start = w.reserve(0);
  const plain = mesolve(h, cOps, psi, { times, eOps, method: 'ode', atol: 1e-10, rtol: 1e-8 });
  let grown = false;
  const before = w.heap.buffer.byteLength;
  const disturbed = mesolve(h, cOps, psi, {
    times, eOps, method: 'ode', atol: 1e-10, rtol: 1e-8,
    progress: () => { if (!grown) { assert.ok(w.reserve(8 << 20) >= 0); grown = true; } },
  });
  assert.ok(grown && w.heap.buffer.byteLength > before, 'the memory grew during the run');
  assert.equal(disturbed.stats.method, 'ode-dop853-dense');
  bitsEqual(disturbed.expect[0].re, plain.expect[0].re, '⟨O⟩(t) after a growth');
  // the run released what it kept
  assert.equal(w.reserve(0), start);
});
