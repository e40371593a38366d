/**
 * Issue 18 lever 6, "no eigendecomposition thrown away (condition estimate first)": the structural
 * estimate for block-triangular generators (conditioning.ts blockTriangularWithRepeatedEigenvalues)
 * and the LU-based estimate that rejects an ill-conditioned eigenvector matrix before its inverse is
 * formed (wellConditionedInverse). The exact values come from a closed form of e^{Lt} for
 * L = [[B, 0], [C, B]] with B = a·I + b·X (eigenvectors (1, ±1)/√2), independent of the code paths.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, maxAbsDiff } from '../../src/linalg/dense.js';
import { SparseMatrix } from '../../src/linalg/sparse.js';
import { eig } from '../../src/linalg/eigen-general.js';
import { inverse } from '../../src/linalg/lu.js';
import { blockTriangularWithRepeatedEigenvalues, triangularWithRepeatedEigenvalues, wellConditionedInverse } from '../../src/solvers/conditioning.js';
import { propagateLinear } from '../../src/solvers/linear-propagation.js';

type C = [number, number];
const mul = (x: C, y: C): C => [x[0] * y[0] - x[1] * y[1], x[0] * y[1] + x[1] * y[0]];
const add = (x: C, y: C): C => [x[0] + y[0], x[1] + y[1]];
const sub = (x: C, y: C): C => [x[0] - y[0], x[1] - y[1]];
const div = (x: C, y: C): C => { const d = y[0] * y[0] + y[1] * y[1]; return [(x[0] * y[0] + x[1] * y[1]) / d, (x[1] * y[0] - x[0] * y[1]) / d]; };
const cexp = (x: C, t: number): C => { const m = Math.exp(x[0] * t); return [m * Math.cos(x[1] * t), m * Math.sin(x[1] * t)]; };

function sparse(n: number, entries: [number, number, number, number][]): SparseMatrix {
  return SparseMatrix.fromTriplets(n, n, entries.map((e) => e[0]), entries.map((e) => e[1]), entries.map((e) => e[2]), entries.map((e) => e[3]));
}

// B = a I + b X on states (0, 1) and again on (2, 3); C = c·|2⟩⟨0| + d·|3⟩⟨1| couples the first copy into the second
const a: C = [-1, 0.4], b: C = [0.6, 0.2], c: C = [0.8, -0.3], d: C = [0.5, 0.1];
const L = sparse(4, [
  [0, 0, ...a], [1, 1, ...a], [0, 1, ...b], [1, 0, ...b],
  [2, 2, ...a], [3, 3, ...a], [2, 3, ...b], [3, 2, ...b],
  [2, 0, ...c], [3, 1, ...d],
]);

/** e^{Lt} x0 in closed form: in the eigenbasis of B (λ± = a ± b), the coupling block is C'_ij (e^{λ_i t} − e^{λ_j t})/(λ_i − λ_j), or t e^{λt} C'_ii. */
function exact(x0: C[], t: number): C[] {
  const lam: C[] = [add(a, b), sub(a, b)];
  const s = Math.SQRT1_2;
  const toEig = (u: C[]): C[] => [[s * (u[0][0] + u[1][0]), s * (u[0][1] + u[1][1])], [s * (u[0][0] - u[1][0]), s * (u[0][1] - u[1][1])]];
  const fromEig = toEig; // the Hadamard-like basis change is its own inverse
  const y1 = toEig([x0[0], x0[1]]), y2 = toEig([x0[2], x0[3]]);
  // C' = V⁻¹ diag(c, d) V with V = (1/√2)[[1, 1], [1, −1]]
  const cp: C[][] = [[mul([0.5, 0], add(c, d)), mul([0.5, 0], sub(c, d))], [mul([0.5, 0], sub(c, d)), mul([0.5, 0], add(c, d))]];
  const e = lam.map((l) => cexp(l, t));
  const z1 = y1.map((y, i) => mul(e[i], y));
  const z2 = y2.map((y, i) => {
    let v = mul(e[i], y);
    for (let j = 0; j < 2; j++) {
      const g = i === j ? mul([t, 0], e[i]) : div(sub(e[i], e[j]), sub(lam[i], lam[j]));
      v = add(v, mul(mul(cp[i][j], g), y1[j]));
    }
    return v;
  });
  return [...fromEig(z1), ...fromEig(z2)];
}

test('block-triangular generator with a repeated eigenvalue: no eigendecomposition (it used to be computed and thrown away), exact values', () => {
  assert.equal(triangularWithRepeatedEigenvalues(L), false, 'not triangular: the blocks are cycles');
  assert.equal(blockTriangularWithRepeatedEigenvalues(L), true);
  // what the eigendecomposition gives here (what the old path computed, then discarded): κ₁(V) far beyond the limit
  const { vectors } = eig(L.toDense(), { vectors: true });
  const checked = wellConditionedInverse(vectors!);
  assert.equal(checked.inverse, null);
  assert.ok(checked.kappa > 1e7);
  const times = new Float64Array(Array.from({ length: 25 }, (_, i) => 0.15 * i * (1 + 0.02 * i))); // many distinct steps: 'eigen' territory
  const x0 = { re: Float64Array.of(0.6, -0.2, 0.3, 0.1), im: Float64Array.of(0.1, 0.5, 0, -0.4) };
  const weights = [0, 1, 2, 3].map((i) => ({ re: Float64Array.from({ length: 4 }, (_, j) => (j === i ? 1 : 0)), im: new Float64Array(4) }));
  const r = propagateLinear({ generator: L, x0, times, weights, storeStates: false, tolerance: 1e-12, method: 'eigen' });
  assert.equal(r.method, 'expm');
  assert.match(String(r.details.eigenSkipped), /block\) triangular with a repeated eigenvalue/);
  for (let i = 0; i < times.length; i++) {
    const ref = exact([[x0.re[0], x0.im[0]], [x0.re[1], x0.im[1]], [x0.re[2], x0.im[2]], [x0.re[3], x0.im[3]]], times[i]);
    // Padé exponentials over ≤ 25 steps of ‖LΔ‖ < 1: ~1e-14 per step
    for (let j = 0; j < 4; j++) assert.ok(Math.hypot(r.values[j].re[i] - ref[j][0], r.values[j].im[i] - ref[j][1]) <= 1e-12, `x_${j}(t_${i})`);
  }
  // distinct spectra of the two blocks: diagonalizable, no structural verdict, the eigen path stays
  const shifted = sparse(4, [[0, 0, ...a], [1, 1, ...a], [0, 1, ...b], [1, 0, ...b], [2, 2, a[0] - 0.7, a[1]], [3, 3, a[0] - 0.7, a[1]], [2, 3, ...b], [3, 2, ...b], [2, 0, ...c], [3, 1, ...d]]);
  assert.equal(blockTriangularWithRepeatedEigenvalues(shifted), false);
  assert.equal(propagateLinear({ generator: shifted, x0, times, weights, storeStates: false, tolerance: 1e-12, method: 'eigen' }).method, 'eigen');
  // one big block (a cycle through everything): no structural verdict either
  const cycle = sparse(3, [[0, 0, -1, 0], [1, 1, -1, 0], [2, 2, -1, 0], [1, 0, 1, 0], [2, 1, 1, 0], [0, 2, 1, 0]]);
  assert.equal(blockTriangularWithRepeatedEigenvalues(cycle), false);
});

test('condition estimate before the inverse: an ill-conditioned V is rejected on its LU estimate; a good one gets the same inverse as before', () => {
  // a 6-state one-way chain closed by a tiny back-coupling (one strongly connected block, so no structural
  // verdict): nearly defective, its eigenvectors nearly parallel
  const n = 6;
  const entries: [number, number, number, number][] = [];
  for (let i = 0; i < n; i++) entries.push([i, i, -1, 0.5]);
  for (let i = 0; i + 1 < n; i++) entries.push([i + 1, i, 1, 0]);
  entries.push([0, n - 1, 1e-12, 0]);
  const nearly = sparse(n, entries);
  assert.equal(blockTriangularWithRepeatedEigenvalues(nearly), false);
  const bad = wellConditionedInverse(eig(nearly.toDense(), { vectors: true }).vectors!);
  assert.equal(bad.inverse, null);
  assert.equal(bad.estimated, true, 'rejected on the estimate, the inverse never formed');
  assert.ok(bad.kappa > 1e7);
  const x0 = { re: Float64Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0)), im: new Float64Array(n) };
  const weights = [{ re: Float64Array.from({ length: n }, (_, j) => (j === n - 1 ? 1 : 0)), im: new Float64Array(n) }];
  const times = new Float64Array(Array.from({ length: 12 }, (_, i) => 0.2 * i * (1 + 0.05 * i)));
  const r = propagateLinear({ generator: nearly, x0, times, weights, storeStates: false, tolerance: 1e-12, method: 'eigen' });
  assert.equal(r.details.fallbackFrom, 'eigen (ill-conditioned eigenvectors)');
  assert.equal(r.details.conditionEstimated, true);
  // well conditioned: the same bits as the inverse the eigen path formed before
  const good = eig(new ComplexMatrix(3, 3, Float64Array.of(1, 2, 0, 0.5, -1, 0.3, 0.2, 0, 2), Float64Array.of(0, 0.1, 0.4, 0, 0.2, 0, -0.3, 0, 0.1)), { vectors: true }).vectors!;
  const ok = wellConditionedInverse(good);
  assert.ok(ok.inverse);
  assert.equal(maxAbsDiff(ok.inverse!, inverse(good)), 0);
  assert.ok(ok.kappa < 1e3);
});
