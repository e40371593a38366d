import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix } from '../../src/linalg/dense.js';
import { SparseMatrix } from '../../src/linalg/sparse.js';
import { expm } from '../../src/linalg/expm.js';
import { nilpotentSplit, NilpotentBlockPropagator } from '../../src/solvers/mcsolve/nilpotent-propagator.js';
import { blockPropagator, krylovBlockPropagator } from '../../src/solvers/mcsolve/propagator.js';
import { Lcg } from '../helpers.js';

/**
 * h·I + N with N strictly "upper" in a random order of the states (acyclic coupling), couplings of
 * size ~c; `residue` adds entries of size 1e-18·scale in the other direction (the rounding residue of
 * a cascaded chain's cancelled upstream couplings).
 */
function nilpotentBlock(n: number, seed: number, c: number, residue = false): SparseMatrix {
  const g = new Lcg(seed);
  const perm = Array.from({ length: n }, (_, i) => i).sort(() => g.next() - 0.5);
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  const hRe = 3.0, hIm = -0.7;
  for (let i = 0; i < n; i++) {
    ri.push(i); ci.push(i); re.push(hRe); im.push(hIm);
  }
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
    if (g.next() < 0.3) {
      ri.push(perm[b]); ci.push(perm[a]); re.push(c * (2 * g.next() - 1)); im.push(c * (2 * g.next() - 1));
      if (residue) { ri.push(perm[a]); ci.push(perm[b]); re.push(1e-18 * c); im.push(0); }
    }
  }
  return SparseMatrix.fromTriplets(n, n, ri, ci, re, im);
}

/** exp(−i H s) ψ densely (scaling-and-squaring Padé), the independent reference. */
function reference(h: SparseMatrix, s: number, psiR: Float64Array, psiI: Float64Array): { re: Float64Array; im: Float64Array } {
  const d = h.toDense();
  const n = h.rows;
  const a = new ComplexMatrix(n, n, new Float64Array(n * n), new Float64Array(n * n));
  for (let k = 0; k < n * n; k++) {
    a.re[k] = d.im[k] * s; // −i(x + iy)s = (y − ix)s
    a.im[k] = -d.re[k] * s;
  }
  const p = expm(a);
  const re = new Float64Array(n), im = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    re[i] += p.re[i * n + j] * psiR[j] - p.im[i * n + j] * psiI[j];
    im[i] += p.re[i * n + j] * psiI[j] + p.im[i * n + j] * psiR[j];
  }
  return { re, im };
}

// Odd sizes; s‖N‖ up to ~6 (the chiral chains reach ~10 over an output span).
for (const [n, seed] of [[3, 1], [17, 2], [65, 3]] as const) {
  test(`nilpotent propagator equals the dense exponential (n = ${n}, with and without rounding residue)`, () => {
    for (const residue of [false, true]) {
      const h = nilpotentBlock(n, seed, 1.0, residue);
      const split = nilpotentSplit(h);
      assert.ok(split, 'recognised as h·I + nilpotent');
      assert.equal(split!.hRe, 3.0);
      const prop = blockPropagator(h, new Map());
      assert.equal(prop.kind, 'nilpotent');
      const g = new Lcg(seed + 100);
      const psiR = Float64Array.from({ length: n }, () => 2 * g.next() - 1), psiI = Float64Array.from({ length: n }, () => 2 * g.next() - 1);
      prop.start(psiR, psiI);
      const outR = new Float64Array(n), outI = new Float64Array(n);
      for (const s of [0, 1e-9, 0.3, 1.7, 0.05, 2.5]) { // not monotone: evaluations are independent of order
        prop.at(s, outR, outI);
        const ref = reference(h, s, psiR, psiI);
        let err = 0, nrm = 0;
        for (let i = 0; i < n; i++) {
          err = Math.max(err, Math.hypot(outR[i] - ref.re[i], outI[i] - ref.im[i]));
          nrm = Math.max(nrm, Math.hypot(ref.re[i], ref.im[i]));
        }
        // Both are accurate to ~1e-13 relative here (Padé: ~n·ε·e^{s‖N‖}; the finite sum: ε·Σs^k‖v_k‖);
        // 1e-10 leaves room and still fails on any wrong term or sign.
        assert.ok(err <= 1e-10 * Math.max(nrm, 1e-300), `n = ${n}, s = ${s}, residue = ${residue}: error ${err} vs norm ${nrm}`);
      }
    }
  });
}

test('blocks that are not h·I + nilpotent keep the general route', () => {
  // A cycle 0 → 1 → 0 (Hermitian hopping): not nilpotent.
  const cyc = SparseMatrix.fromTriplets(2, 2, [0, 0, 1, 1], [0, 1, 0, 1], [1, 0.5, 0.5, 1], [0, 0, 0, 0]);
  assert.equal(nilpotentSplit(cyc), null);
  // Acyclic but with different diagonal entries.
  const tri = SparseMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [1, 0.5, 2], [0, 0, 0]);
  assert.equal(nilpotentSplit(tri), null);
  assert.equal(blockPropagator(tri, new Map()).kind, 'eigen');
  // Diagonal only (no coupling): the eigen route is exact.
  const diag = SparseMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1, 1], [-0.5, -0.5]);
  assert.equal(nilpotentSplit(diag), null);
});

test('cancellation beyond 6 digits falls back to Krylov and stays accurate', () => {
  // H = h·I + N, N = [[0, 0], [a, 0]]; ψ = (1, i·a·s₀) makes the two terms of component 1 cancel exactly
  // at s₀: ψ(s₀) = e^{−ihs₀}(1, 0), while Σ s^k‖v_k‖ ≈ 2·a·s₀ = 2e7 ≫ 1e6·‖ψ(s₀)‖.
  const a = 1e7, s0 = 1, hIm = -0.5;
  const h = SparseMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [0, a, 0], [hIm, 0, hIm]);
  let fellBack = 0;
  const prop = new NilpotentBlockPropagator(nilpotentSplit(h)!, () => {
    fellBack++;
    return krylovBlockPropagator(h, new Map());
  });
  prop.start(Float64Array.of(1, 0), Float64Array.of(0, a * s0));
  const outR = new Float64Array(2), outI = new Float64Array(2);
  prop.at(s0, outR, outI);
  assert.equal(fellBack, 1);
  const m = Math.exp(hIm * s0);
  // Any method loses ~ε·(a·s₀) = 2e-9 absolute to this cancellation; Krylov (tol 1e-13 on steps whose
  // intermediates reach 1e7) measured 5e-4, i.e. 5e-11 of the intermediates: bound 1e-10 of them.
  const tol = 1e-10 * a * s0;
  assert.ok(Math.abs(outR[0] - m) <= tol && Math.abs(outI[0]) <= tol, `component 0: ${outR[0]}, ${outI[0]} vs ${m}`);
  assert.ok(Math.hypot(outR[1], outI[1]) <= tol, `component 1: ${outR[1]}, ${outI[1]} vs 0`);
  // A small s needs no fallback and is exact.
  prop.at(1e-9, outR, outI);
  assert.equal(fellBack, 1);
});
