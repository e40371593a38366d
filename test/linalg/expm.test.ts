import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, matmul, add, scale, normFrobenius, norm1, sub, adjoint } from '../../src/linalg/dense.js';
import { expm, expmScaled, expmStepwise, FUSED_EXPM_LIMIT, FUSED_TEAM_START_LIMIT, padeQuotient } from '../../src/linalg/expm.js';
import { installNodeThreadTeam } from '../../src/linalg/threads/node-team.js';
import { setThreadTeam, threadTeam } from '../../src/linalg/threads/team.js';
import { wasmKernelsAvailable } from '../../src/linalg/wasm.js';
import { loadFixture, matrixFromJson, randomMatrix, randomHermitian, assertClose, withTypeScript } from '../helpers.js';

interface ExpmCase {
  name: string;
  kind: 'random' | 'hermitian' | 'antihermitian' | 'nilpotent';
  n: number;
  seed: number;
  scale: number;
  norm1: number;
  cond: number;
  expm: { re: number[][]; im: number[][] };
}

/** Rebuild a fixture's input exactly as test/fixtures/scripts/expm.py does. */
function buildInput(c: ExpmCase): ComplexMatrix {
  const n = c.n;
  switch (c.kind) {
    case 'random':
      return scale(randomMatrix(n, n, c.seed), c.scale);
    case 'hermitian':
      return scale(randomHermitian(n, c.seed), c.scale);
    case 'antihermitian': {
      const h = scale(randomHermitian(n, c.seed), c.scale);
      const a = new ComplexMatrix(n, n);
      for (let k = 0; k < n * n; k++) { a.re[k] = h.im[k]; a.im[k] = -h.re[k]; } // −i·h
      return a;
    }
    case 'nilpotent': {
      const r = scale(randomMatrix(n, n, c.seed), c.scale);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) r.set(i, j, 0);
      return r;
    }
  }
}

const relErr = (x: ComplexMatrix, ref: ComplexMatrix): number => normFrobenius(sub(x, ref)) / normFrobenius(ref);

test('expm agrees with scipy.linalg.expm on the fixture cases', () => {
  const fx = loadFixture<{ cases: ExpmCase[] }>('expm.json');
  assert.ok(fx.cases.length >= 10);
  for (const c of fx.cases) {
    const a = buildInput(c);
    // The rebuilt input must be the one scipy saw (its 1-norm is stored).
    assertClose(norm1(a), c.norm1, 1e-14 * c.norm1, `${c.name} input ‖A‖₁`);
    const ref = matrixFromJson(c.expm);
    const err = relErr(expm(a), ref);
    // Tolerance: the exponential's relative condition number κ (scipy.linalg.expm_cond, stored)
    // bounds the attainable forward error at ≈ κ·u for a backward-stable method. Every case here
    // is well conditioned (κ ≤ 1.1e3, so κ·u ≤ 1.2e-13, including ‖A‖₁ = 500 and the nilpotent
    // case), hence all must meet 1e-12 relative (Frobenius). Observed: 2e-16 … 2e-14.
    const tol = 1e-12;
    assert.ok(err <= tol, `${c.name}: relative error ${err.toExponential(2)} > ${tol.toExponential(2)} (κ = ${c.cond.toFixed(1)})`);
  }
});

test('expm(0) = I exactly and exp(A)·exp(−A) ≈ I', () => {
  const z = expm(ComplexMatrix.zeros(7));
  assert.deepEqual(z.re, ComplexMatrix.identity(7).re);
  assert.ok(z.im.every((v) => v === 0));
  for (const [nrm, seed] of [[0.4, 61], [3, 62], [40, 63]]) {
    const a0 = randomMatrix(12, 12, seed);
    const a = scale(a0, nrm / normFrobenius(a0));
    const e = expm(a), f = expm(scale(a, -1));
    const p = matmul(e, f);
    const err = normFrobenius(sub(p, ComplexMatrix.identity(12)));
    // Each factor has relative error ~κu; the product error is ≲ ‖e^A‖‖e^{−A}‖ · (error of each).
    const bound = 1e-13 * normFrobenius(e) * normFrobenius(f);
    assert.ok(err <= bound, `‖A‖_F=${nrm}: ‖e^A e^−A − I‖ = ${err} > ${bound}`);
  }
});

test('expm: 2×2 rotation generators match closed forms', () => {
  for (const theta of [1e-4, 0.1, 1, 2.5, 10, 100]) {
    // exp(θ [[0, −1], [1, 0]]) = [[cos θ, −sin θ], [sin θ, cos θ]]
    const r = expm(ComplexMatrix.fromRows([[0, -theta], [theta, 0]]));
    const c = Math.cos(theta), s = Math.sin(theta);
    // κ of exp for a normal generator is ≈ ‖A‖ = θ: at θ = 100 about 100 squarings' worth of
    // rounding (2^5 squarings here); 1e-14·max(1, θ) absolute on O(1) entries.
    const tol = 1e-14 * Math.max(1, theta) + 1e-15;
    assertClose(r.re[0], c, tol, `cos ${theta}`);
    assertClose(r.re[1], -s, tol, `−sin ${theta}`);
    assertClose(r.re[2], s, tol, `sin ${theta}`);
    assertClose(r.re[3], c, tol, `cos ${theta}`);
    assert.ok(Math.max(...r.im.map(Math.abs)) <= tol);
    // Spin-1/2 rotation exp(−iθσx/2) = cos(θ/2) I − i sin(θ/2) σx.
    const sx = expm(ComplexMatrix.fromRows([[0, 0], [0, 0]], [[0, -theta / 2], [-theta / 2, 0]]));
    assertClose(sx.re[0], Math.cos(theta / 2), tol, 'σx cos');
    assertClose(sx.im[1], -Math.sin(theta / 2), tol, 'σx sin');
    assertClose(sx.re[1], 0, tol, 'σx off-diagonal real part');
  }
});

test('expm: nilpotent matrix equals its finite Taylor series', () => {
  const n = 6;
  const a = scale(randomMatrix(n, n, 77), 3);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a.set(i, j, 0);
  // exp(N) = Σ_{k<n} N^k / k! exactly (N^n = 0).
  let term = ComplexMatrix.identity(n);
  let series = ComplexMatrix.identity(n);
  for (let k = 1; k < n; k++) {
    term = scale(matmul(term, a), 1 / k);
    series = add(series, term);
  }
  const err = relErr(expm(a), series);
  assert.ok(err < 1e-13, `nilpotent: ${err}`);
});

test('expm: Hermitian generator gives a Hermitian positive result; expmScaled(a, t) = expm(t·a)', () => {
  const h = randomHermitian(9, 88);
  const e = expm(h);
  assert.ok(normFrobenius(sub(e, adjoint(e))) < 1e-13 * normFrobenius(e));
  const t = { re: 0.3, im: -1.7 };
  const a = randomMatrix(9, 9, 89);
  const ta = new ComplexMatrix(9, 9);
  for (let k = 0; k < 81; k++) {
    ta.re[k] = t.re * a.re[k] - t.im * a.im[k];
    ta.im[k] = t.re * a.im[k] + t.im * a.re[k];
  }
  assert.equal(relErr(expmScaled(a, t), expm(ta)), 0);
  assert.ok(relErr(expmScaled(a, 0.5), expm(scale(a, 0.5))) === 0);
  // 1×1 case is the scalar exponential.
  const one = expm(ComplexMatrix.fromRows([[0.5]], [[2]]));
  assertClose(one.re[0], Math.exp(0.5) * Math.cos(2), 1e-15, '1x1 re');
  assertClose(one.im[0], Math.exp(0.5) * Math.sin(2), 1e-15, '1x1 im');
  assert.throws(() => expm(new ComplexMatrix(2, 3)), /not square/);
  const bad = ComplexMatrix.identity(2);
  bad.re[1] = Infinity;
  assert.throws(() => expm(bad), /non-finite/);
});

// The fused WebAssembly exponential (wasm/kernels.ts zexpmPade, n < FUSED_EXPM_LIMIT) mirrors the
// TypeScript steps operation by operation, products included (matmulInto's loop below n³ = 4096, the
// zgemmNT kernel above), so it must give the SAME BITS as expmStepwise, which runs those steps in
// TypeScript with the same products. Against the all-TypeScript path (products in TypeScript too:
// other summation order for n ≥ 16) the difference is rounding: 1e-13 relative to max |e^A|.
test('expm: the fused WebAssembly kernel = the TypeScript steps bit for bit (odd sizes, every Padé degree, squarings)', () => {
  if (!wasmKernelsAvailable()) return;
  assert.equal(FUSED_EXPM_LIMIT, 128);
  let seed = 100;
  for (const n of [2, 3, 15, 17, 33, 127]) {
    // ‖A‖₁ from 0.01 (degree 3) to 300 (degree 13, 6 squarings)
    for (const target of [0.01, 0.2, 0.9, 2, 5, 300]) {
      const a = randomMatrix(n, n, seed++);
      const f = target / norm1(a);
      for (let k = 0; k < a.re.length; k++) { a.re[k] *= f; a.im[k] *= f; }
      const fused = expm(a), steps = expmStepwise(a);
      for (let k = 0; k < a.re.length; k++) {
        assert.ok(Object.is(fused.re[k], steps.re[k]) && Object.is(fused.im[k], steps.im[k]), `n = ${n}, ‖A‖₁ = ${target}: entry ${k} differs`);
      }
      const ts = withTypeScript(() => expm(a));
      let big = 0, diff = 0;
      for (let k = 0; k < a.re.length; k++) {
        big = Math.max(big, Math.abs(ts.re[k]), Math.abs(ts.im[k]));
        diff = Math.max(diff, Math.abs(ts.re[k] - fused.re[k]), Math.abs(ts.im[k] - fused.im[k]));
      }
      assert.ok(diff <= 1e-13 * big, `n = ${n}, ‖A‖₁ = ${target}: ${diff} vs TypeScript`);
    }
  }
  // n = 1 (closed form) and non-finite input: the same result and the same error on both paths
  const one = new ComplexMatrix(1, 1, Float64Array.of(-0.3), Float64Array.of(2));
  assert.deepEqual(expm(one), withTypeScript(() => expm(one)));
  const bad = randomMatrix(5, 5, 9);
  bad.re[7] = NaN;
  assert.throws(() => expm(bad), /expm: matrix has non-finite entries/);
  assert.throws(() => withTypeScript(() => expm(bad)), /expm: matrix has non-finite entries/);
});

// The Padé quotient of the stepwise path in the kernel zpadeQuotient: the operations of luFactor and
// luSolve, so the same bits, also past the LU's column blocks (JB = 256) and for singular V − U.
test('padeQuotient: the WebAssembly kernel = luFactor/luSolve bit for bit (n = 2, 3, 17, 129, 257, 300), and the same errors', () => {
  if (!wasmKernelsAvailable()) return;
  let seed = 700;
  for (const n of [2, 3, 17, 129, 257, 300]) {
    const u = randomMatrix(n, n, seed++), v = randomMatrix(n, n, seed++);
    const got = padeQuotient(u, v.clone());
    const want = padeQuotient(u, v.clone(), { typescript: true });
    for (let k = 0; k < n * n; k++) {
      assert.ok(Object.is(got.re[k], want.re[k]) && Object.is(got.im[k], want.im[k]), `n = ${n}: entry ${k} differs`);
    }
  }
  // V − U singular (U = V: zero matrix) and non-finite: the messages of luFactor
  const u = randomMatrix(5, 5, 1);
  assert.throws(() => padeQuotient(u, u.clone()), /luFactor: matrix is singular \(zero pivot in column 0\)/);
  assert.throws(() => padeQuotient(u, u.clone(), { typescript: true }), /luFactor: matrix is singular \(zero pivot in column 0\)/);
  const bad = u.clone();
  bad.re[3] = NaN;
  assert.throws(() => padeQuotient(u, bad), /luFactor: matrix has non-finite entries/);
});

// From FUSED_EXPM_LIMIT on, expm runs fused when the products would run on one thread anyway or the
// team's workers are not running (and n < FUSED_TEAM_START_LIMIT), else stepwise with the team: the
// same bits every way, and a single exponential does not start the workers.
test('expm from order 128: fused, stepwise and stepwise on the thread team give the same bits; an idle team is not started', async () => {
  if (!wasmKernelsAvailable()) return;
  assert.equal(FUSED_TEAM_START_LIMIT, 320);
  const prev = threadTeam();
  try {
    for (const [n, target] of [[129, 300], [200, 0.9]] as const) {
      const a = randomMatrix(n, n, 40 + n);
      const f = target / norm1(a);
      for (let k = 0; k < a.re.length; k++) { a.re[k] *= f; a.im[k] *= f; }
      setThreadTeam(null);
      const alone = expm(a), steps = expmStepwise(a);
      installNodeThreadTeam(2);
      const team = threadTeam()!;
      const fused = expm(a);
      assert.equal(team.running, false, `n = ${n}: one exponential does not start the workers`);
      team.prestart();
      const threaded = expm(a);
      assert.equal(team.running, true);
      for (const [name, r] of [['stepwise', steps], ['fused with an idle team', fused], ['stepwise on the team', threaded]] as const) {
        for (let k = 0; k < a.re.length; k++) {
          assert.ok(Object.is(r.re[k], alone.re[k]) && Object.is(r.im[k], alone.im[k]), `n = ${n}, ${name}: entry ${k} differs`);
        }
      }
      await team.close();
    }
  } finally {
    setThreadTeam(prev);
  }
});
