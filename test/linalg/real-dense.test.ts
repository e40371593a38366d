import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matmulTransposedReal, matmulReal, gramRows } from '../../src/linalg/real-dense.js';
import { Lcg } from '../helpers.js';

/** Row-major rows×cols matrix with entries uniform in [−1, 1) from Lcg(seed). */
function randomReal(rows: number, cols: number, seed: number): Float64Array {
  const g = new Lcg(seed);
  const a = new Float64Array(rows * cols);
  for (let i = 0; i < a.length; i++) a[i] = 2 * g.next() - 1;
  return a;
}

/**
 * Entries are sums of ≤ 300 products of numbers in [−1, 1), so |entry| ≤ 300 and the rounding
 * error of any summation order is ≤ k·eps·Σ|a||b| ≈ 300·2.2e-16·300 ≈ 2e-11 in the very worst case,
 * ≈ √k·eps·√k ≈ 1e-14 typically; the kernels and the naive loop sum in different orders.
 * 1e-12 absolute (the agreed bound) holds with a wide margin for k ≤ 130; the k = 300 case uses 1e-11.
 */
function assertMatClose(got: Float64Array, want: Float64Array, tol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  assert.ok(worst <= tol, `${what}: max |Δ| = ${worst.toExponential(3)} > ${tol}`);
}

function naiveABt(a: Float64Array, b: Float64Array, m: number, n: number, k: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let l = 0; l < k; l++) s += a[i * k + l] * b[j * k + l];
    c[i * n + j] = s;
  }
  return c;
}

function naiveAB(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let l = 0; l < k; l++) s += a[i * k + l] * b[l * n + j];
    c[i * n + j] = s;
  }
  return c;
}

// Odd sizes straddling the 4×2 register block and the 64-row panel / Gram tile.
const SIZES = [1, 3, 17, 65, 130];

test('matmulTransposedReal and matmulReal match a naive triple loop on odd shapes', () => {
  let seed = 1;
  for (const m of SIZES) for (const n of SIZES) for (const k of SIZES) {
    const a = randomReal(m, k, seed++);
    const bt = randomReal(n, k, seed++);
    assertMatClose(matmulTransposedReal(a, bt, m, n, k), naiveABt(a, bt, m, n, k), 1e-12, `A·Bᵀ ${m}×${n}×${k}`);
    const b = randomReal(k, n, seed++);
    assertMatClose(matmulReal(a, b, m, k, n), naiveAB(a, b, m, k, n), 1e-12, `A·B ${m}×${k}×${n}`);
  }
});

test('inner dimension longer than one 256-panel (k = 300)', () => {
  const m = 5, n = 7, k = 300;
  const a = randomReal(m, k, 11), bt = randomReal(n, k, 12), b = randomReal(k, n, 13);
  assertMatClose(matmulTransposedReal(a, bt, m, n, k), naiveABt(a, bt, m, n, k), 1e-11, 'A·Bᵀ k = 300');
  assertMatClose(matmulReal(a, b, m, k, n), naiveAB(a, b, m, k, n), 1e-11, 'A·B k = 300');
  assertMatClose(gramRows(a, m, k), naiveABt(a, a, m, m, k), 1e-11, 'gram k = 300');
});

test('gramRows matches A·Aᵀ and is exactly symmetric', () => {
  let seed = 100;
  for (const m of SIZES) for (const k of SIZES) {
    const a = randomReal(m, k, seed++);
    const g = gramRows(a, m, k);
    assertMatClose(g, naiveABt(a, a, m, m, k), 1e-12, `gram ${m}×${k}`);
    for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) assert.equal(g[i * m + j], g[j * m + i], `G[${i},${j}] mirrored`);
  }
});

test('a supplied output is overwritten (old contents, even NaN, ignored) and returned', () => {
  const m = 17, n = 3, k = 65;
  const a = randomReal(m, k, 7), bt = randomReal(n, k, 8), b = randomReal(k, n, 9);
  const c = new Float64Array(m * n).fill(NaN);
  assert.equal(matmulTransposedReal(a, bt, m, n, k, c), c);
  assertMatClose(c, naiveABt(a, bt, m, n, k), 1e-12, 'A·Bᵀ into c');
  c.fill(NaN);
  assert.equal(matmulReal(a, b, m, k, n, c), c);
  assertMatClose(c, naiveAB(a, b, m, k, n), 1e-12, 'A·B into c');
  const g = new Float64Array(m * m).fill(NaN);
  assert.equal(gramRows(a, m, k, g), g);
  assertMatClose(g, naiveABt(a, a, m, m, k), 1e-12, 'gram into out');
});

test('empty dimensions give zero-filled or empty results', () => {
  assert.deepEqual(Array.from(matmulTransposedReal(new Float64Array(0), new Float64Array(0), 2, 3, 0)), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(matmulReal(new Float64Array(0), new Float64Array(0), 2, 0, 2)), [0, 0, 0, 0]);
  assert.equal(matmulReal(new Float64Array(0), new Float64Array(6), 0, 2, 3).length, 0);
  assert.equal(gramRows(new Float64Array(0), 0, 4).length, 0);
});

test('short arrays, bad dimensions and aliasing outputs are rejected', () => {
  const a = randomReal(3, 3, 1);
  assert.throws(() => matmulTransposedReal(a, a, 3, 4, 3), RangeError);
  assert.throws(() => matmulReal(a, a, 3, 3, 3, new Float64Array(8)), RangeError);
  assert.throws(() => gramRows(a, 2.5, 1), RangeError);
  assert.throws(() => matmulReal(a, randomReal(3, 3, 2), 3, 3, 3, a), RangeError);
  assert.throws(() => gramRows(a, 3, 3, a), RangeError);
  const buf = new Float64Array(18);
  assert.throws(() => matmulTransposedReal(buf.subarray(0, 9), a, 3, 3, 3, buf.subarray(5, 14)), RangeError);
  assert.doesNotThrow(() => matmulTransposedReal(buf.subarray(0, 9), a, 3, 3, 3, buf.subarray(9, 18)));
});
