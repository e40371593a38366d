import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sylvesterPreconditioner } from '../../src/solvers/sylvester-preconditioner.js';
import { findBlocks, reachableSectors } from '../../src/solvers/blocks.js';
import { effectiveHamiltonian, sectorLayout, sectorLiouvillian } from '../../src/solvers/sector-liouvillian.js';
import { SparseMatrix, spmvInto } from '../../src/linalg/sparse.js';
import { ComplexMatrix } from '../../src/linalg/dense.js';
import { randomHermitian, randomMatrix } from '../helpers.js';

test('the Sylvester preconditioner inverts the no-jump Liouvillian of every sector exactly', () => {
  // Two blocks (sizes 4 and 3) of a random Hamiltonian plus a non-Hermitian decay term inside each block
  // (as H_eff would have); collapse operators that stay inside their block are absent here, so the
  // sector Liouvillian is exactly the Sylvester operator and P·L must be the identity.
  const h = new ComplexMatrix(7, 7);
  const b1 = randomHermitian(4, 41), b2 = randomHermitian(3, 42), d1 = randomMatrix(4, 4, 43), d2 = randomMatrix(3, 3, 44);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) h.set(i, j, b1.getRe(i, j) + 0.2 * d1.getIm(i, j), b1.getIm(i, j) - 0.2 * Math.abs(d1.getRe(i, j)));
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) h.set(4 + i, 4 + j, b2.getRe(i, j) + 0.2 * d2.getIm(i, j), b2.getIm(i, j) - 0.2 * Math.abs(d2.getRe(i, j)));
  const hs = SparseMatrix.fromDense(h);
  const structure = findBlocks([hs], []);
  assert.equal(structure.count, 2);
  const sectors = reachableSectors(structure, [{ a: 0, b: 0 }, { a: 0, b: 1 }, { a: 1, b: 0 }, { a: 1, b: 1 }]);
  const layout = sectorLayout(structure, sectors);
  // "H" here is already an effective (non-Hermitian) Hamiltonian: no collapse operators are added.
  const l = sectorLiouvillian(layout, hs, []);
  const pre = sylvesterPreconditioner(layout, effectiveHamiltonian(hs, []), 1e-14);
  const n = layout.dimension;
  const x = randomMatrix(n, 1, 45);
  const yr = new Float64Array(n), yi = new Float64Array(n), zr = new Float64Array(n), zi = new Float64Array(n);
  spmvInto(l, x.re, x.im, yr, yi);
  pre(yr, yi, zr, zi);
  let err = 0;
  for (let k = 0; k < n; k++) err = Math.max(err, Math.hypot(zr[k] - x.re[k], zi[k] - x.im[k]));
  // Exact up to the conditioning of the eigenvector matrices (random blocks: κ ~ 10): 1e-10.
  assert.ok(err < 1e-10, `‖P L x − x‖_max = ${err}`);
});
