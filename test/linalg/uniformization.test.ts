import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, matvecInto, scale } from '../../src/linalg/dense.js';
import { expm } from '../../src/linalg/expm.js';
import { poissonWindow, uniformizedExpmvTimes, uniformizationTerms } from '../../src/linalg/uniformization.js';

/** Poisson(λ) pmf from log-factorials summed directly (independent of the ratio recursion). */
function poissonPmf(lambda: number, k: number): number {
  let lf = 0;
  for (let i = 2; i <= k; i++) lf += Math.log(i);
  return Math.exp(-lambda + k * Math.log(lambda) - lf);
}

/** A random n-state Markov generator (column convention dp/dt = Q p): off-diagonal rates in [0, 2), some zero. */
function randomGenerator(n: number, seed: number): { q: Float64Array; maxExit: number } {
  let s = seed >>> 0;
  const rnd = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const q = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) if (i !== j && rnd() < 0.6) q[i * n + j] = 2 * rnd();
  let maxExit = 0;
  for (let j = 0; j < n; j++) {
    let e = 0;
    for (let i = 0; i < n; i++) if (i !== j) e += q[i * n + j];
    q[j * n + j] = -e;
    maxExit = Math.max(maxExit, e);
  }
  return { q, maxExit };
}

const applyDense = (q: Float64Array, n: number) => (x: Float64Array, y: Float64Array): void => {
  for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += q[i * n + j] * x[j]; y[i] = s; }
};

/** exp(tQ)·p by the dense Padé exponential (scaling and squaring). */
function reference(q: Float64Array, n: number, t: number, p: Float64Array): Float64Array {
  const e = expm(scale(new ComplexMatrix(n, n, Float64Array.from(q), new Float64Array(n * n)), t));
  const re = new Float64Array(n), im = new Float64Array(n);
  matvecInto(e, p, new Float64Array(n), re, im);
  return re;
}

test('poissonWindow: weights equal the Poisson pmf and the omitted mass is within the bound', () => {
  for (const lambda of [0.3, 1, 7.5, 40, 300]) {
    for (const tol of [1e-6, 1e-13]) {
      const w = poissonWindow(lambda, tol);
      for (let i = 0; i < w.weights.length; i++) {
        const exact = poissonPmf(lambda, w.left + i);
        // normalization by the window's mass changes each weight by the relative omitted mass (≤ tol/2);
        // the reference's exponent (magnitude ~λ + k) carries ~1e-16·(λ + k)·√k of round-off
        assert.ok(Math.abs(w.weights[i] - exact) <= (1e-14 * (lambda + w.left + i) + tol) * exact, `λ=${lambda} k=${w.left + i}: ${w.weights[i]} vs ${exact}`);
      }
      // omitted mass summed directly over both tails (not 1 − inside, which cancels)
      let omitted = 0;
      for (let k = 0; k < w.left; k++) omitted += poissonPmf(lambda, k);
      for (let k = w.left + w.weights.length; k < w.left + w.weights.length + 400; k++) omitted += poissonPmf(lambda, k);
      assert.ok(w.tailBound <= tol / 2, `λ=${lambda}: bound ${w.tailBound}`);
      // the bound is a bound: the true omitted mass does not exceed it
      assert.ok(omitted <= w.tailBound * (1 + 1e-9), `λ=${lambda}, tol ${tol}: omitted ${omitted} > bound ${w.tailBound}`);
    }
  }
  assert.deepEqual(Array.from(poissonWindow(0, 1e-13).weights), [1]);
  assert.throws(() => poissonWindow(-1, 1e-13), /Poisson mean/);
  assert.throws(() => poissonWindow(1, 0), /tol/);
});

test('poissonWindow: no underflow at λ = 5000 (e^{-λ} is below the double range)', () => {
  const w = poissonWindow(5000, 1e-13);
  let s = 0;
  for (const x of w.weights) s += x;
  assert.ok(Math.abs(s - 1) < 1e-14);
  // σ = √5000 ≈ 71: a 1e-13 window spans about ±8σ
  assert.ok(w.left > 5000 - 10 * 71 && w.left + w.weights.length < 5000 + 10 * 71, `${w.left} + ${w.weights.length}`);
  assert.ok(uniformizationTerms(5000, 1e-13) === w.left + w.weights.length - 1);
});

test('uniformizedExpmvTimes equals the dense exponential of a random Markov generator at several times', () => {
  const n = 23;
  const { q, maxExit } = randomGenerator(n, 7);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = (i % 5) + 1;
  let sum = 0; for (const x of p) sum += x;
  for (let i = 0; i < n; i++) p[i] /= sum;
  const times = [0, 0.05, 0.4, 1.3, 0.7, 3];
  const r = uniformizedExpmvTimes(applyDense(q, n), n, maxExit, times, p, { tol: 1e-13 });
  times.forEach((t, j) => {
    const ref = reference(q, n, t, p);
    let d = 0, mass = 0;
    for (let i = 0; i < n; i++) { d += Math.abs(r.states[j][i] - ref[i]); mass += r.states[j][i]; }
    // 1-norm error: truncation ≤ 1e-13 plus round-off of ~Λt terms and of the Padé reference (~1e-14 each)
    assert.ok(d < 2e-13, `t=${t}: ‖Δ‖₁ = ${d}`);
    assert.ok(Math.abs(mass - 1) < 1e-13, `t=${t}: probability ${mass}`);
  });
  assert.ok(r.stats.truncationBound <= 1e-13);
  assert.equal(r.stats.matvecs, uniformizationTerms(maxExit * 3, 1e-13));
});

test('uniformizedExpmvTimes: a larger rate Λ than the largest exit rate gives the same result; a loose tol stays within it', () => {
  const n = 9;
  const { q, maxExit } = randomGenerator(n, 3);
  const p = new Float64Array(n); p[0] = 1;
  const a = uniformizedExpmvTimes(applyDense(q, n), n, maxExit, [2], p).states[0];
  const b = uniformizedExpmvTimes(applyDense(q, n), n, 3 * maxExit, [2], p).states[0];
  const ref = reference(q, n, 2, p);
  const loose = uniformizedExpmvTimes(applyDense(q, n), n, maxExit, [2], p, { tol: 1e-5 }).states[0];
  let dab = 0, dl = 0;
  for (let i = 0; i < n; i++) { dab += Math.abs(a[i] - b[i]); dl += Math.abs(loose[i] - ref[i]); }
  assert.ok(dab < 2e-13, `${dab}`);
  assert.ok(dl <= 1e-5, `${dl}`);
  assert.throws(() => uniformizedExpmvTimes(applyDense(q, n), n, maxExit, [1e9], p), /maxTerms/);
  assert.throws(() => uniformizedExpmvTimes(applyDense(q, n), n, 0, [1], p), /rate/);
  assert.throws(() => uniformizedExpmvTimes(applyDense(q, n), n, 1, [-1], p), /times\[0\]/);
});
