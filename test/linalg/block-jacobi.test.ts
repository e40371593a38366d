import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockJacobi } from '../../src/linalg/block-jacobi.js';
import { gmres } from '../../src/linalg/gmres.js';
import { SparseMatrix, spmvInto } from '../../src/linalg/sparse.js';
import { randomMatrix } from '../helpers.js';

/** Block-diagonal matrix with random dense blocks of the given sizes (+ n·I for good conditioning), plus optional weak coupling. */
function blocky(sizes: number[], coupling: number): { a: SparseMatrix; offsets: number[] } {
  const offsets = [0];
  for (const s of sizes) offsets.push(offsets[offsets.length - 1] + s);
  const n = offsets[offsets.length - 1];
  const r: number[] = [], c: number[] = [], re: number[] = [], im: number[] = [];
  sizes.forEach((m, b) => {
    const blk = randomMatrix(m, m, 100 + b);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
      r.push(offsets[b] + i); c.push(offsets[b] + j);
      re.push(blk.re[i * m + j] + (i === j ? m : 0)); im.push(blk.im[i * m + j]);
    }
  });
  if (coupling) for (let i = 0; i + 7 < n; i++) { r.push(i); c.push(i + 7); re.push(coupling); im.push(0); }
  return { a: SparseMatrix.fromTriplets(n, n, r, c, re, im), offsets };
}

test('block-Jacobi is the exact inverse of a block-diagonal matrix: GMRES converges in one iteration', () => {
  const { a, offsets } = blocky([5, 9, 3, 12], 0);
  const n = a.rows;
  const b = randomMatrix(n, 1, 7);
  const r = gmres((xr, xi, yr, yi) => spmvInto(a, xr, xi, yr, yi), b.re, b.im, { tol: 1e-12, preconditioner: blockJacobi(a, offsets) });
  assert.ok(r.converged);
  assert.equal(r.iterations, 1);
});

test('block-Jacobi with split blocks (maxBlock) and weak coupling still converges, faster than without', () => {
  const { a, offsets } = blocky([20, 30, 25], 0.5);
  const n = a.rows;
  const b = randomMatrix(n, 1, 8);
  const apply = (xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array) => spmvInto(a, xr, xi, yr, yi);
  const plain = gmres(apply, b.re, b.im, { tol: 1e-10 });
  const pre = gmres(apply, b.re, b.im, { tol: 1e-10, preconditioner: blockJacobi(a, offsets, { maxBlock: 16 }) });
  assert.ok(plain.converged && pre.converged);
  assert.ok(pre.iterations < plain.iterations, `${pre.iterations} vs ${plain.iterations}`);
  assert.throws(() => blockJacobi(a, [0, 10]), /offsets/);
});
