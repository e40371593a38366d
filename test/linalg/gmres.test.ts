import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparseMatrix, spmvInto } from '../../src/linalg/sparse.js';
import { norm2 } from '../../src/linalg/vector.js';
import { luFactor, luSolveInto } from '../../src/linalg/lu.js';
import { gmres, ilu0, jacobiPreconditioner, type GmresApply } from '../../src/linalg/gmres.js';
import { Lcg, randomMatrix, assertClose } from '../helpers.js';

const apply = (a: SparseMatrix): GmresApply => (xr, xi, yr, yi) => spmvInto(a, xr, xi, yr, yi);

/**
 * n×n complex sparse matrix B·D: B has diagonal 1 + 0.5i·(2u−1) and `perRow` random
 * off-diagonal entries per row of modulus ≤ offScale·√2 (row-diagonally dominant when
 * perRow·offScale·√2 < 1); D = diag(colScale(j)) scales the columns.
 */
function testMatrix(n: number, seed: number, perRow: number, offScale: number, colScale: (j: number) => number): SparseMatrix {
  const g = new Lcg(seed);
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  for (let i = 0; i < n; i++) {
    ri.push(i); ci.push(i); re.push(1); im.push(0.5 * (2 * g.next() - 1));
    for (let k = 0; k < perRow; k++) {
      const j = Math.floor(g.next() * n);
      if (j === i) continue;
      ri.push(i); ci.push(j); re.push(offScale * (2 * g.next() - 1)); im.push(offScale * (2 * g.next() - 1));
    }
  }
  for (let k = 0; k < ci.length; k++) {
    const s = colScale(ci[k]);
    re[k] *= s; im[k] *= s;
  }
  return SparseMatrix.fromTriplets(n, n, ri, ci, re, im);
}

function trueRelativeResidual(a: SparseMatrix, xr: Float64Array, xi: Float64Array, br: Float64Array, bi: Float64Array): number {
  const n = br.length;
  const rr = new Float64Array(n), ri = new Float64Array(n);
  spmvInto(a, xr, xi, rr, ri);
  for (let k = 0; k < n; k++) { rr[k] = br[k] - rr[k]; ri[k] = bi[k] - ri[k]; }
  return norm2(rr, ri) / norm2(br, bi);
}

const N = 2000;

test('GMRES converges on a diagonally dominant complex sparse system (n = 2000) to 1e-10', () => {
  const a = testMatrix(N, 11, 8, 0.08, () => 1);
  const b = randomMatrix(N, 1, 12);
  const r = gmres(apply(a), b.re, b.im, { tol: 1e-10 });
  assert.ok(r.converged);
  // The reported residual is the recomputed true one.
  const rel = trueRelativeResidual(a, r.xr, r.xi, b.re, b.im);
  assert.ok(rel <= 1e-10, `true relative residual ${rel}`);
  assertClose(r.relativeResidual, rel, 1e-14, 'reported vs true residual');
  assert.ok(r.iterations > 5 && r.iterations <= 50, `iterations ${r.iterations}`);
  // Cross-check x against a dense LU solve on a 300×300 instance of the same construction.
  const small = testMatrix(300, 13, 8, 0.08, () => 1);
  const sb = randomMatrix(300, 1, 14);
  const g = gmres(apply(small), sb.re, sb.im, { tol: 1e-12 });
  const xr = new Float64Array(300), xi = new Float64Array(300);
  luSolveInto(luFactor(small.toDense()), sb.re, sb.im, xr, xi);
  // The matrix is well conditioned (diagonally dominant, κ ≈ 3): ‖x − x*‖/‖x*‖ ≲ κ·1e-12.
  const dr = xr.map((v, k) => v - g.xr[k]), di = xi.map((v, k) => v - g.xi[k]);
  assert.ok(norm2(dr, di) / norm2(xr, xi) < 1e-10);
});

test('GMRES(m) with restart smaller than the iterations needed still converges', () => {
  // Weaker dominance → more iterations than the restart length.
  const a = testMatrix(N, 21, 10, 0.065, () => 1);
  const b = randomMatrix(N, 1, 22);
  const full = gmres(apply(a), b.re, b.im, { tol: 1e-10, restart: 200 });
  assert.ok(full.converged && full.restarts === 1);
  const restarted = gmres(apply(a), b.re, b.im, { tol: 1e-10, restart: 8 });
  assert.ok(restarted.converged, `restarted: ${restarted.relativeResidual}`);
  assert.ok(restarted.iterations > 8 && restarted.restarts > 1, `iterations ${restarted.iterations}, restarts ${restarted.restarts}`);
  // Restarting discards information: never fewer iterations than full GMRES.
  assert.ok(restarted.iterations >= full.iterations);
  assert.ok(trueRelativeResidual(a, restarted.xr, restarted.xi, b.re, b.im) <= 1e-10);
  // Always-on reorthogonalization gives the same convergence.
  const ro = gmres(apply(a), b.re, b.im, { tol: 1e-10, restart: 8, reorthogonalize: true });
  assert.ok(ro.converged && Math.abs(ro.iterations - restarted.iterations) <= 2);
});

test('preconditioners (Jacobi, ILU(0)) reduce the iteration count', () => {
  // Columns scaled over two decades: badly conditioned unless the scaling is undone.
  // Observed: ≈ 280 iterations without, ≈ 14 with Jacobi, ≈ 7 with ILU(0).
  const a = testMatrix(N, 31, 6, 0.1, (j) => Math.pow(10, 2 * ((j * 7919) % N) / N));
  const b = randomMatrix(N, 1, 32);
  const plain = gmres(apply(a), b.re, b.im, { tol: 1e-10, restart: 50, maxIterations: 3000 });
  const jac = gmres(apply(a), b.re, b.im, { tol: 1e-10, restart: 50, preconditioner: jacobiPreconditioner(a) });
  const ilu = gmres(apply(a), b.re, b.im, { tol: 1e-10, restart: 50, preconditioner: ilu0(a) });
  assert.ok(plain.converged && jac.converged && ilu.converged);
  assert.ok(jac.iterations < plain.iterations, `Jacobi ${jac.iterations} vs none ${plain.iterations}`);
  assert.ok(ilu.iterations <= jac.iterations, `ILU(0) ${ilu.iterations} vs Jacobi ${jac.iterations}`);
  // Right preconditioning: the tolerance applies to the true residual of A x = b.
  assert.ok(trueRelativeResidual(a, jac.xr, jac.xi, b.re, b.im) <= 1e-10);
  assert.ok(trueRelativeResidual(a, ilu.xr, ilu.xi, b.re, b.im) <= 1e-10);
});

test('ILU(0) of a tridiagonal matrix is its exact LU: z = A⁻¹ r', () => {
  const n = 40;
  const g = new Lcg(41);
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const j of [i - 1, i, i + 1]) {
      if (j < 0 || j >= n) continue;
      ri.push(i); ci.push(j);
      re.push((j === i ? 3 : 0) + 2 * g.next() - 1); im.push(2 * g.next() - 1);
    }
  }
  const a = SparseMatrix.fromTriplets(n, n, ri, ci, re, im);
  const r = randomMatrix(n, 1, 42);
  const zr = new Float64Array(n), zi = new Float64Array(n);
  ilu0(a)(r.re, r.im, zr, zi);
  const xr = new Float64Array(n), xi = new Float64Array(n);
  luSolveInto(luFactor(a.toDense()), r.re, r.im, xr, xi);
  for (let k = 0; k < n; k++) {
    // No fill-in exists for a tridiagonal matrix, so both are exact up to rounding (κ small).
    assertClose(zr[k], xr[k], 1e-12, `z[${k}].re`);
    assertClose(zi[k], xi[k], 1e-12, `z[${k}].im`);
  }
  // Hence preconditioned GMRES converges in one iteration.
  const s = gmres(apply(a), r.re, r.im, { preconditioner: ilu0(a), tol: 1e-12 });
  assert.ok(s.converged && s.iterations === 1, `iterations ${s.iterations}`);
  assert.throws(() => ilu0(SparseMatrix.fromTriplets(2, 2, [0, 1], [1, 0], [1, 1])), /diagonal entry \(0, 0\)/);
  assert.throws(() => jacobiPreconditioner(SparseMatrix.fromTriplets(2, 2, [0, 1], [0, 0], [1, 1])), /diagonal entry \(1, 1\)/);
});

test('GMRES reports non-convergence honestly; trivial and warm starts', () => {
  const a = testMatrix(N, 51, 10, 0.065, () => 1);
  const b = randomMatrix(N, 1, 52);
  const r = gmres(apply(a), b.re, b.im, { tol: 1e-10, maxIterations: 3 });
  assert.equal(r.converged, false);
  assert.equal(r.iterations, 3);
  assert.ok(r.relativeResidual > 1e-10);
  assertClose(r.relativeResidual, trueRelativeResidual(a, r.xr, r.xi, b.re, b.im), 1e-14, 'reported residual');
  // Warm start from a converged solution: zero iterations.
  const s = gmres(apply(a), b.re, b.im, { tol: 1e-10 });
  const w = gmres(apply(a), b.re, b.im, { tol: 1e-10, x0r: s.xr, x0i: s.xi });
  assert.ok(w.converged && w.iterations === 0);
  // b = 0 → x = 0.
  const z = gmres(apply(a), new Float64Array(N), new Float64Array(N));
  assert.ok(z.converged && z.iterations === 0 && z.xr.every((v) => v === 0));
  assert.throws(() => gmres(apply(a), new Float64Array(3), new Float64Array(2)), /lengths/);
});
