/**
 * The WebAssembly SIMD kernels (wasm/kernels.ts via src/linalg/wasm.ts) against the TypeScript
 * paths they replace, on random inputs of odd sizes, and the committed module against its source.
 *
 * Tolerance: both paths compute every entry as the same sum of products in a different order
 * (the wasm kernels add even and odd terms in two lanes), so entries differ by rounding only,
 * |Δ| ≤ c·k·ε·Σ_l |a_l b_l| with c of order 1; we assert c = 4 (≈ 1e-14 relative for these sizes).
 * Eigensolver: eigenvalues to 1e-13·‖A‖ and residuals ‖Av − λv‖ ≤ 1e-12·‖A‖ (backward stable, n ≤ 255).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { gemmNT, gemmNTScalar, gramRows, matmulReal } from '../../src/linalg/real-dense.js';
import { ComplexMatrix, matmulInto } from '../../src/linalg/dense.js';
import { eighSymmetric } from '../../src/linalg/eigen-symmetric.js';
import { eigh } from '../../src/linalg/eigen-hermitian.js';
import { mergeRootsAndRows, tridiagonalQL } from '../../src/linalg/tridiagonal.js';
import { wasmKernelsAvailable, wasmKernels } from '../../src/linalg/wasm.js';
import { Lcg, repoRoot, withTypeScript } from '../helpers.js';

const EPS = 2.220446049250313e-16;

function randomReal(len: number, seed: number): Float64Array {
  const g = new Lcg(seed);
  const a = new Float64Array(len);
  for (let i = 0; i < len; i++) a[i] = 2 * g.next() - 1;
  return a;
}

test('wasm kernels load in Node (otherwise the comparisons below would compare TypeScript with itself)', () => {
  if (process.env.SPINDRIFT_WASM && /^(0|false|off|no)$/i.test(process.env.SPINDRIFT_WASM)) return;
  assert.ok(wasmKernelsAvailable(), 'WebAssembly SIMD kernels did not load');
  withTypeScript(() => assert.equal(wasmKernelsAvailable(), false, 'setWasmKernelsEnabled(false) must disable them'));
  assert.ok(wasmKernelsAvailable());
});

test('gemmNT: wasm equals the TypeScript kernel on odd sizes, strides, offsets, α and β', () => {
  const sizes = [1, 3, 17, 255];
  let seed = 1;
  for (const m of sizes) for (const n of [1, 3, 17, 64, 255]) for (const k of [1, 3, 17, 255, 300]) {
    if (m * n * k > 2e6) continue;
    const lda = k + 3, ldb = k + 1, ldc = n + 5, aOff = 7, bOff = 2, cOff = 3;
    const a = randomReal(aOff + m * lda, seed++), b = randomReal(bOff + n * ldb, seed++);
    const c0 = randomReal(cOff + m * ldc, seed++);
    for (const [alpha, beta] of [[1, 0], [-0.7, 1], [2, -0.5]]) {
      const cw = c0.slice(), ct = c0.slice();
      gemmNT(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, cw, cOff, ldc);
      gemmNTScalar(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, ct, cOff, ldc);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
        let mag = Math.abs(beta * c0[cOff + i * ldc + j]);
        for (let l = 0; l < k; l++) mag += Math.abs(alpha * a[aOff + i * lda + l] * b[bOff + j * ldb + l]);
        const p = cOff + i * ldc + j;
        assert.ok(Math.abs(cw[p] - ct[p]) <= 4 * (k + 2) * EPS * mag,
          `m=${m} n=${n} k=${k} α=${alpha} β=${beta} (${i},${j}): ${cw[p]} vs ${ct[p]}`);
      }
      // Entries outside the m×n block (the row padding of C) are untouched.
      for (let i = 0; i < m; i++) for (let j = n; j < ldc && cOff + i * ldc + j < cw.length; j++) {
        assert.equal(cw[cOff + i * ldc + j], c0[cOff + i * ldc + j]);
      }
    }
  }
});

test('matmulReal and gramRows: wasm equals TypeScript (relative 1e-14 of Σ|a||b|)', () => {
  for (const [m, k, n] of [[1, 1, 1], [3, 17, 5], [17, 255, 3], [255, 17, 129]]) {
    const a = randomReal(m * k, 11 + m), b = randomReal(k * n, 13 + n);
    const w = matmulReal(a, b, m, k, n), t = withTypeScript(() => matmulReal(a, b, m, k, n));
    for (let i = 0; i < m * n; i++) assert.ok(Math.abs(w[i] - t[i]) <= 1e-14 * k, `matmulReal ${m}×${k}×${n} [${i}]`);
    const gw = gramRows(a, m, k), gt = withTypeScript(() => gramRows(a, m, k));
    for (let i = 0; i < m * m; i++) assert.ok(Math.abs(gw[i] - gt[i]) <= 1e-14 * k, `gramRows ${m}×${k} [${i}]`);
    for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) assert.equal(gw[i * m + j], gw[j * m + i], 'Gram matrix exactly symmetric');
  }
});

test('complex matmulInto: wasm equals TypeScript on odd shapes', () => {
  for (const [n, m, p] of [[1, 1, 1], [3, 5, 7], [17, 17, 17], [255, 3, 17], [17, 255, 33]]) {
    const g = new Lcg(n * 1000 + m * 10 + p);
    const a = new ComplexMatrix(n, m), b = new ComplexMatrix(m, p);
    for (const x of [a.re, a.im, b.re, b.im]) for (let i = 0; i < x.length; i++) x[i] = 2 * g.next() - 1;
    const cw = matmulInto(new ComplexMatrix(n, p), a, b);
    const ct = withTypeScript(() => matmulInto(new ComplexMatrix(n, p), a, b));
    // Each entry is a sum of m complex products of modulus ≤ 2: |Δ| ≤ 4·m·ε·2m.
    const tol = 8 * m * m * EPS;
    for (let i = 0; i < n * p; i++) {
      assert.ok(Math.abs(cw.re[i] - ct.re[i]) <= tol && Math.abs(cw.im[i] - ct.im[i]) <= tol, `${n}×${m}×${p} [${i}]`);
    }
  }
});

test('eighSymmetric: wasm tridiagonalisation (blocked from n = 96 on)/back-transformation/D&C agree with TypeScript', () => {
  for (const n of [1, 3, 17, 40, 255, 300]) {
    const g = new Lcg(1234 + n);
    const a = new Float64Array(n * n);
    // n = 300: two uncoupled blocks of 150, so steps 148 and 149 meet already reduced rows (τ = 0) inside a panel.
    const split = n === 300 ? 150 : n;
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) if ((i < split) === (j < split)) a[i * n + j] = a[j * n + i] = 2 * g.next() - 1;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let j = 0; j < n; j++) r += Math.abs(a[i * n + j]);
      norm = Math.max(norm, r);
    }
    const w = eighSymmetric(a, n), t = withTypeScript(() => eighSymmetric(a, n));
    for (let i = 0; i < n; i++) assert.ok(Math.abs(w.values[i] - t.values[i]) <= 1e-13 * norm, `n=${n} λ${i}`);
    const v = w.vectors!;
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j] * v[k * n + j];
        assert.ok(Math.abs(s - w.values[k] * v[k * n + i]) <= 1e-12 * norm, `n=${n} residual (${k},${i})`);
      }
    }
  }
});

test('D&C merge kernels (secular roots, Löwner ẑ, rows of Uᵀ): wasm equals TypeScript bit for bit (same operations in the same order), k = 1, 3, 17, 255', () => {
  for (const k of [1, 3, 17, 255]) {
    const g = new Lcg(77 + k);
    const d = new Float64Array(k), z = new Float64Array(k);
    let x = -1;
    for (let i = 0; i < k; i++) {
      // Strictly increasing poles with some near-coincident pairs (gaps down to 1e-9), z of both signs.
      x += i % 5 === 3 ? 1e-9 * (1 + g.next()) : 2 * g.next() / k;
      d[i] = x;
      z[i] = (g.next() < 0.5 ? -1 : 1) * (0.05 + g.next()) / Math.sqrt(k);
    }
    const rho = 0.3 + g.next();
    // A column permutation as the merge's grouping produces (here: odd positions first, then even).
    const grp = Int32Array.from([...Array(k).keys()].sort((a, b) => (a % 2) - (b % 2) || a - b).reverse());
    const w = mergeRootsAndRows(d, z, rho, grp), t = withTypeScript(() => mergeRootsAndRows(d, z, rho, grp));
    assert.deepEqual(Array.from(w.ut), Array.from(t.ut), `k=${k} rows of Uᵀ`);
    // Independent check of the rows: orthonormal (Gu–Eisenstat: ẑ makes them orthogonal to working precision).
    for (let a = 0; a < k; a += Math.max(1, k >> 3)) for (let b = a; b < k; b += Math.max(1, k >> 4)) {
      let dot = 0;
      for (let c = 0; c < k; c++) dot += w.ut[a * k + c] * w.ut[b * k + c];
      assert.ok(Math.abs(dot - (a === b ? 1 : 0)) <= 1e-12, `k=${k} rows ${a},${b}: ${dot}`);
    }
    assert.deepEqual(Array.from(w.lambda), Array.from(t.lambda), `k=${k} λ`);
    assert.deepEqual(Array.from(w.origin), Array.from(t.origin), `k=${k} origins`);
    assert.deepEqual(Array.from(w.shift), Array.from(t.shift), `k=${k} shifts`);
    // Independent check: every root is interlaced and makes the secular function small relative to its terms.
    for (let j = 0; j < k; j++) {
      const l = w.lambda[j];
      assert.ok(l >= d[j] && (j === k - 1 ? l <= d[j] + rho * z.reduce((s, v) => s + v * v, 0) : l <= d[j + 1]), `k=${k} root ${j} interlaced`);
      let f = 1 / rho, mag = 1 / rho;
      for (let i = 0; i < k; i++) {
        const di = d[i] - d[w.origin[j]] - w.shift[j];
        f += (z[i] * z[i]) / di;
        mag += Math.abs((z[i] * z[i]) / di);
      }
      assert.ok(Math.abs(f) <= 1e-9 * mag, `k=${k} root ${j}: |f| = ${Math.abs(f)} vs terms ${mag}`);
    }
  }
});

test('scaleColumns and transpose kernels equal their TypeScript loops (exact copies and ±1 scalings), sizes 1, 3, 17, 255', (t) => {
  const w = wasmKernels();
  if (!w) return t.skip('WebAssembly kernels unavailable on this platform');
  for (const n of [1, 3, 17, 255]) {
    const rows = Math.max(1, n - 2);
    const y = randomReal(rows * n, 11 + n), sign = randomReal(n, 13 + n).map((x) => (x < 0 ? -1 : 1));
    const base: number = w.reserve(rows * n + n + rows * n + 2), h: Float64Array = w.heap;
    const yo: number = base + 1, so: number = yo + rows * n, to: number = so + n; // an odd start: kernels must not assume alignment
    h.set(y, yo);
    h.set(sign, so);
    w.exports.scaleColumns(yo * 8, n, rows, so * 8);
    for (let r = 0; r < rows; r++) for (let i = 0; i < n; i++) assert.equal(h[yo + r * n + i], y[r * n + i] * sign[i], `scale n=${n}`);
    // Transpose the first `rows` rows, columns 1…n−1 (stride n) into a (n−1) × rows block with stride rows + 1.
    const cols = n - 1, ldd = rows + 1;
    w.exports.transpose((yo + 1) * 8, n, rows, cols, to * 8, ldd);
    for (let r = 0; r < rows; r++) for (let l = 0; l < cols; l++) assert.equal(h[to + l * ldd + r], h[yo + r * n + 1 + l], `transpose n=${n}`);
  }
});

test('tridiagonalQLVectors kernel (divide-and-conquer leaves) equals tridiagonalQL bit for bit, n = 1, 3, 17, 255', (t) => {
  const w = wasmKernels();
  if (!w) return t.skip('WebAssembly kernels unavailable on this platform');
  for (const n of [1, 3, 17, 255]) {
    const d = randomReal(n, 21 + n), e = randomReal(Math.max(n - 1, 0), 23 + n);
    if (n > 3) e[n >> 1] = 0; // a split
    const dt = d.slice(), zt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) zt[i * n + i] = 1;
    tridiagonalQL(dt, e.slice(), zt);
    const base: number = w.reserve(n * n + 2 * n + 2), h: Float64Array = w.heap;
    const pd = base, pf = pd + n, pz = pf + n;
    h.set(d, pd);
    h.set(e, pf);
    h[pf + n - 1] = 0;
    h.fill(0, pz, pz + n * n);
    for (let i = 0; i < n; i++) h[pz + i * n + i] = 1;
    assert.equal(w.exports.tridiagonalQLVectors(n, pd * 8, pf * 8, pz * 8), 0, 'converged');
    assert.deepEqual(Array.from(h.subarray(pd, pd + n)), Array.from(dt), `n=${n} eigenvalues`);
    assert.deepEqual(Array.from(h.subarray(pz, pz + n * n)), Array.from(zt), `n=${n} eigenvectors`);
  }
});

test('keep/release: kept slots survive later reservations (and memory growth); eighSymmetric leaves nothing kept', (t) => {
  const w = wasmKernels();
  if (!w) return t.skip('WebAssembly kernels unavailable on this platform');
  const base = w.reserve(16);
  const n = 31;
  // The real eigensolver keeps its reflectors this way between tridiagonalisation and back-transformation.
  eighSymmetric(randomReal(n * n, 5).map((x, i) => x + (i % (n + 1) === 0 ? 1 : 0)), n, { vectors: false });
  eighSymmetric(new Float64Array([2, 1, 1, 2]), 2);
  for (const vectors of [true, false]) {
    const m = 40, a = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = i; j < m; j++) a[i * m + j] = a[j * m + i] = Math.cos(i + 2 * j);
    eighSymmetric(a, m, { vectors });
    assert.equal(w.reserve(16), base, `nothing stays kept after eighSymmetric (vectors: ${vectors})`);
  }
  const r = w.reserve(5);
  for (let i = 0; i < 5; i++) w.heap[r + i] = i + 0.5;
  const token = w.keep(5);
  const r2 = w.reserve(1 << 20); // grows the memory
  assert.ok(r2 >= r + 5 && r2 % 2 === 0, 'a reservation while kept starts after the kept slots, 16-byte aligned');
  w.heap.fill(-1, r2, r2 + (1 << 20));
  for (let i = 0; i < 5; i++) assert.equal(w.heap[r + i], i + 0.5, 'kept slot unchanged');
  w.release(token);
  assert.equal(w.reserve(16), base);
});

test('complex eigh: wasm tridiagonalisation and back-transformation agree with TypeScript', () => {
  for (const n of [1, 3, 17, 40, 255]) {
    const g = new Lcg(777 + n);
    const a = new ComplexMatrix(n, n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) {
      a.re[i * n + j] = a.re[j * n + i] = 2 * g.next() - 1;
      if (j > i) {
        const v = 2 * g.next() - 1;
        a.im[i * n + j] = v;
        a.im[j * n + i] = -v;
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let j = 0; j < n; j++) r += Math.hypot(a.re[i * n + j], a.im[i * n + j]);
      norm = Math.max(norm, r);
    }
    const w = eigh(a), t = withTypeScript(() => eigh(a));
    for (let i = 0; i < n; i++) assert.ok(Math.abs(w.values[i] - t.values[i]) <= 1e-13 * norm, `n=${n} λ${i}`);
    const v = w.vectors!;
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) {
      let sr = 0, si = 0;
      for (let j = 0; j < n; j++) {
        const ar = a.re[i * n + j], ai = a.im[i * n + j], xr = v.re[j * n + k], xi = v.im[j * n + k];
        sr += ar * xr - ai * xi;
        si += ar * xi + ai * xr;
      }
      const r = Math.hypot(sr - w.values[k] * v.re[i * n + k], si - w.values[k] * v.im[i * n + k]);
      assert.ok(r <= 1e-12 * norm, `n=${n} residual (${k},${i}) = ${r}`);
    }
  }
});

test('the committed wasm module is what wasm/kernels.ts compiles to (scripts/build-wasm.mjs)', async () => {
  const root = repoRoot();
  const build = await import(pathToFileURL(join(root, 'scripts', 'build-wasm.mjs')).href);
  const fresh: string = build.generatedModule(await build.compileKernels());
  const committed = readFileSync(join(root, build.GENERATED), 'utf8');
  assert.equal(committed, fresh, 'src/linalg/wasm-kernels.generated.ts is stale: run node scripts/build-wasm.mjs');
});
