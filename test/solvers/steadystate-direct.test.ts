import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexVector } from '../../src/linalg/vector.js';
import { SparseMatrix } from '../../src/linalg/sparse.js';
import { solve } from '../../src/linalg/lu.js';
import { liouvillian } from '../../src/quantum/superoperator.js';
import { lindbladResidual, lindbladResidualTs, steadystate } from '../../src/solvers/steadystate.js';
import { hermitianPartners, realTraceSystem, realTraceSystemTs } from '../../src/solvers/steadystate-direct.js';
import { findBlocks, reachableSectors } from '../../src/solvers/blocks.js';
import { sectorLayout, sectorLiouvillian, traceWeights } from '../../src/solvers/sector-liouvillian.js';
import { ComplexMatrix } from '../../src/linalg/dense.js';
import { wasmKernelsAvailable } from '../../src/linalg/wasm.js';
import { Lcg, withTypeScript } from '../helpers.js';

/** Random sparse Hermitian H and two random sparse collapse operators on n levels (fixed seed). */
function randomLindbladian(n: number, seed: number): { h: SparseMatrix; cOps: SparseMatrix[] } {
  const g = new Lcg(seed);
  const hr: number[] = [], hc: number[] = [], hre: number[] = [], him: number[] = [];
  for (let i = 0; i < n; i++) {
    hr.push(i); hc.push(i); hre.push(2 * g.next() - 1); him.push(0);
    for (let k = 0; k < 2; k++) {
      const j = Math.floor(g.next() * n);
      if (j === i) continue;
      const a = 2 * g.next() - 1, b = 2 * g.next() - 1;
      hr.push(i, j); hc.push(j, i); hre.push(a, a); him.push(b, -b);
    }
  }
  const cOps = [0, 1].map(() => {
    const r: number[] = [], c: number[] = [], re: number[] = [], im: number[] = [];
    for (let k = 0; k < 2 * n; k++) { r.push(Math.floor(g.next() * n)); c.push(Math.floor(g.next() * n)); re.push(2 * g.next() - 1); im.push(2 * g.next() - 1); }
    return SparseMatrix.fromTriplets(n, n, r, c, re, im);
  });
  return { h: SparseMatrix.fromTriplets(n, n, hr, hc, hre, him), cOps };
}

test('direct steady state (real Hermitian coordinates, sparse LU) equals a dense LU of the full trace-constrained Liouvillian on random sparse Lindbladians', () => {
  for (const n of [1, 3, 7, 17]) {
    const { h, cOps } = randomLindbladian(n, 900 + n);
    const r = steadystate(h, cOps, { method: 'direct' });
    // reference: the full n² × n² Liouvillian (column-stacking vec, src/quantum/superoperator.ts) with the
    // first equation replaced by the trace condition, solved by the dense LU — independent of the sector reduction
    const l = liouvillian(h, cOps).toDense();
    const m = n * n;
    for (let j = 0; j < m; j++) { l.re[j] = 0; l.im[j] = 0; }
    for (let i = 0; i < n; i++) l.re[i * n + i] = 1; // row 0: Σ_i ρ_ii (vec index i + i·n)
    const b = new ComplexVector(m);
    b.re[0] = 1;
    const x = solve(l, b);
    let d = 0, size = 0, herm = 0, tr = 0;
    for (let i = 0; i < n; i++) {
      tr += r.rho.re[i * n + i];
      for (let j = 0; j < n; j++) {
        const k = i * n + j, v = i + j * n; // rho row-major; x column-stacked
        d = Math.max(d, Math.abs(r.rho.re[k] - x.re[v]), Math.abs(r.rho.im[k] - x.im[v]));
        size = Math.max(size, Math.abs(x.re[v]), Math.abs(x.im[v]));
        herm = Math.max(herm, Math.abs(r.rho.re[k] - r.rho.re[j * n + i]), Math.abs(r.rho.im[k] + r.rho.im[j * n + i]));
      }
    }
    // both are backward-stable solves of a system with condition ≲ 1e4 for these seeds: 1e-10 relative
    assert.ok(d <= 1e-10 * size, `n=${n}: |ρ − ρ_dense| = ${d}`);
    assert.ok(Math.abs(tr - 1) <= 1e-13, `n=${n}: trace ${tr}`);
    assert.equal(herm, 0); // Hermitian by construction (symmetrized after the solve)
    // residual ‖L vec ρ‖ relative to ‖L‖ (max entry) — rounding level
    let lmax = 0;
    for (const c of cOps) for (let k = 0; k < c.nnz; k++) lmax = Math.max(lmax, Math.hypot(c.re[k], c.im[k]) ** 2);
    for (let k = 0; k < h.nnz; k++) lmax = Math.max(lmax, Math.hypot(h.re[k], h.im[k]));
    assert.ok(r.residual <= 1e-12 * lmax * n, `n=${n}: residual ${r.residual}`);
    if (n > 1) assert.equal(r.stats.solver, 'sparse LU (minimum degree), real Hermitian coordinates');
  }
});

test('direct steady state refuses two invariant sectors (singular trace-constrained system)', () => {
  // two decoupled decaying qubits-worth of levels: |1⟩→|0⟩ and |3⟩→|2⟩, no coupling between {0,1} and {2,3}
  const c1 = SparseMatrix.fromTriplets(4, 4, [0], [1], [1]), c2 = SparseMatrix.fromTriplets(4, 4, [2], [3], [1]);
  const h = SparseMatrix.fromTriplets(4, 4, [0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 0, 1]);
  assert.throws(() => steadystate(h, [c1, c2], { method: 'direct' }), /not unique/);
});

test('real trace system: the WebAssembly builder gives the CSR of the TypeScript triplet construction, bit for bit', { skip: !wasmKernelsAvailable() && 'no WebAssembly SIMD' }, () => {
  for (const n of [3, 7, 17]) {
    const { h, cOps } = randomLindbladian(n, 950 + n);
    const structure = findBlocks([h], cOps);
    const diagonal = Array.from({ length: structure.count }, (_, a) => ({ a, b: a }));
    const layout = sectorLayout(structure, reachableSectors(structure, diagonal));
    const l = sectorLiouvillian(layout, h, cOps);
    const t = traceWeights(layout), partner = hermitianPartners(layout)!;
    const row = t.findIndex((v) => v !== 0);
    const w = realTraceSystem(l, partner, t, 2.5, row), ts = realTraceSystemTs(l, partner, t, 2.5, row);
    assert.deepEqual(Array.from(w.rowPtr), Array.from(ts.rowPtr), `n=${n}: row pointers`);
    assert.deepEqual(Array.from(w.colIndex.subarray(0, w.nnz)), Array.from(ts.colIndex.subarray(0, ts.nnz)), `n=${n}: columns`);
    assert.deepEqual(Array.from(w.re.subarray(0, w.nnz)), Array.from(ts.re.subarray(0, ts.nnz)), `n=${n}: values`);
    assert.ok(ts.im.subarray(0, ts.nnz).every((v) => v === 0) && w.im.every((v) => v === 0), `n=${n}: real`);
  }
});

test('full-space residual: the WebAssembly sparse × dense kernels agree with LindbladRhs on random Lindbladians and states', { skip: !wasmKernelsAvailable() && 'no WebAssembly SIMD' }, () => {
  for (const n of [1, 3, 17, 33]) {
    const { h, cOps } = randomLindbladian(n, 970 + n);
    const g = new Lcg(n);
    const rho = new ComplexMatrix(n, n);
    for (let k = 0; k < n * n; k++) { rho.re[k] = 2 * g.next() - 1; rho.im[k] = 2 * g.next() - 1; }
    const w = lindbladResidual(h, cOps, rho), ts = lindbladResidualTs(h, cOps, rho);
    // the same sums of products in another order: agreement to rounding; H, C, ρ have O(1) entries, so each entry of
    // dρ/dt is a sum of O(n) products of size O(1) (absolute rounding floor ~n·ε: at n = 1, L ρ = 0 exactly in theory)
    assert.ok(Math.abs(w - ts) <= 1e-13 * n * (ts + 1), `n=${n}: ${w} vs ${ts}`);
  }
});

test('direct steady state: the same ρ bit for bit with and without the WebAssembly kernels', { skip: !wasmKernelsAvailable() && 'no WebAssembly SIMD' }, () => {
  for (const n of [3, 17]) {
    const { h, cOps } = randomLindbladian(n, 990 + n);
    const w = steadystate(h, cOps, { method: 'direct' }), ts = withTypeScript(() => steadystate(h, cOps, { method: 'direct' }));
    // system, ordering, factors and solves are the same operations in the same order on both paths
    assert.deepEqual(Array.from(w.rho.re), Array.from(ts.rho.re), `n=${n}: Re ρ`);
    assert.deepEqual(Array.from(w.rho.im), Array.from(ts.rho.im), `n=${n}: Im ρ`);
    assert.equal(w.stats.backwardError, ts.stats.backwardError);
  }
});
