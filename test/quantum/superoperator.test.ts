import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, adjoint, matmul, maxAbsDiff, normMax, scale, trace, traceOfProduct, add, sub } from '../../src/linalg/dense.js';
import { SparseMatrix, spmvInto, sparseAdjoint } from '../../src/linalg/sparse.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import {
  vec, unvec, spre, spost, sprepost, lindbladDissipator, liouvillian, liouvillianAdjoint,
  hamiltonianAt, liouvillianParts, liouvillianAt, applyLiouvillianPartsInto, LindbladRhs, lindbladRhsInto,
  type TimeDependentHamiltonian,
} from '../../src/quantum/superoperator.js';
import { spinX, spinZ, projector, identity } from '../../src/quantum/spin.js';
import { tensor, embed } from '../../src/quantum/tensor.js';
import { loadFixture, matrixFromJson, randomMatrix, randomHermitian } from '../helpers.js';

/** L (sparse n²×n²) applied to ρ through vec/unvec. */
function applySuper(l: SparseMatrix, rho: ComplexMatrix): ComplexMatrix {
  const v = vec(rho);
  const out = new ComplexVector(v.length);
  spmvInto(l, v.re, v.im, out.re, out.im);
  return unvec(out, rho.rows);
}

/** Direct dense evaluation of −i[H,ρ] + Σ (CρC† − ½{C†C,ρ}) (reference). */
function lindbladDense(h: ComplexMatrix, cs: ComplexMatrix[], rho: ComplexMatrix): ComplexMatrix {
  let out = scale(sub(matmul(h, rho), matmul(rho, h)), 0, -1);
  for (const c of cs) {
    const cd = adjoint(c), cdc = matmul(cd, c);
    out = add(out, matmul(matmul(c, rho), cd));
    out = sub(out, scale(add(matmul(cdc, rho), matmul(rho, cdc)), 0.5));
  }
  return out;
}

test('vec is column stacking and unvec inverts it', () => {
  const a = randomMatrix(3, 3, 1);
  const v = vec(a);
  assert.equal(v.re[1], a.getRe(1, 0)); // i + j·n with (i, j) = (1, 0)
  assert.equal(v.re[3], a.getRe(0, 1));
  assert.equal(v.im[7], a.getIm(1, 2));
  assert.ok(maxAbsDiff(unvec(v, 3), a) === 0);
  assert.throws(() => unvec(v, 4), RangeError);
});

test('spre / spost / sprepost act as Aρ, ρA, AρB on vec(ρ)', () => {
  const a = randomMatrix(4, 4, 2), b = randomMatrix(4, 4, 3), rho = randomMatrix(4, 4, 4);
  // Each entry is a 4-term sum of O(1) products: 1e-14.
  assert.ok(maxAbsDiff(applySuper(spre(a), rho), matmul(a, rho)) < 1e-14);
  assert.ok(maxAbsDiff(applySuper(spost(a), rho), matmul(rho, a)) < 1e-14);
  assert.ok(maxAbsDiff(applySuper(sprepost(a, b), rho), matmul(matmul(a, rho), b)) < 1e-13);
  const c = randomMatrix(4, 4, 5);
  assert.ok(maxAbsDiff(applySuper(lindbladDissipator(c), rho), lindbladDense(ComplexMatrix.zeros(4), [c], rho)) < 1e-13);
  assert.throws(() => spre(randomMatrix(2, 3, 1)), RangeError);
  assert.throws(() => sprepost(a, randomMatrix(3, 3, 1)), RangeError);
});

test('Liouvillian of spin-1 ⊗ spin-1/2 with optical-pumping jumps matches QuTiP liouvillian() to 1e-12', () => {
  const fx = loadFixture('quantum-qutip.json').liouvillian;
  const { D, a, Gamma } = fx.params;
  const sz = spinZ(1).toDense(), iz = spinZ(0.5);
  // H = 2π (D Sz² ⊗ I + a Sz ⊗ Iz)
  const hFull = add(
    scale(tensor(matmul(sz, sz), identity(2)).toDense(), 2 * Math.PI * D),
    scale(tensor(sz, iz).toDense(), 2 * Math.PI * a),
  );
  // Our H equals QuTiP's H (checks the operator construction itself).
  assert.ok(maxAbsDiff(hFull, matrixFromJson(fx.H)) < 1e-14);
  const c1 = scale(tensor(projector(1, 0, 1), identity(2)).toDense(), Math.sqrt(Gamma));
  const c2 = scale(tensor(projector(1, 0, -1), identity(2)).toDense(), Math.sqrt(Gamma));
  assert.ok(maxAbsDiff(c1, matrixFromJson(fx.c_ops[0])) < 1e-15);
  assert.ok(maxAbsDiff(c2, matrixFromJson(fx.c_ops[1])) < 1e-15);
  const l = liouvillian(SparseMatrix.fromDense(hFull), [c1, SparseMatrix.fromDense(c2)]);
  assert.equal(l.rows, 36);
  // Entries are ≤ 2π·1.3 ≈ 8; the same few-term sums in both codes: 1e-12 is generous.
  const diff = maxAbsDiff(l.toDense(), matrixFromJson(fx.L));
  assert.ok(diff < 1e-12, `|L − L_qutip|_max = ${diff}`);
});

function randomSystem(n: number, nc: number, seed: number): { h: ComplexMatrix; cs: ComplexMatrix[] } {
  const h = randomHermitian(n, seed);
  const cs: ComplexMatrix[] = [];
  for (let k = 0; k < nc; k++) cs.push(randomMatrix(n, n, seed + 100 + k));
  return { h, cs };
}

test('trace preservation: vec(I)ᵀ L = 0 and L†(I) = 0; L† is the conjugate transpose of L', () => {
  for (const seed of [1, 2, 3]) {
    const n = 5;
    const { h, cs } = randomSystem(n, 2, seed);
    const l = liouvillian(h, cs);
    // Column sums over the diagonal rows i + i·n: Tr L(E_col) for every basis matrix.
    const colSumRe = new Float64Array(n * n), colSumIm = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const row = i + i * n;
      for (let k = l.rowPtr[row]; k < l.rowPtr[row + 1]; k++) {
        colSumRe[l.colIndex[k]] += l.re[k];
        colSumIm[l.colIndex[k]] += l.im[k];
      }
    }
    // Cancellation of O(n·‖C‖²) ≈ 10 sized terms: 1e-12 absolute.
    for (let j = 0; j < n * n; j++) assert.ok(Math.abs(colSumRe[j]) < 1e-12 && Math.abs(colSumIm[j]) < 1e-12, `column ${j}`);
    const ladj = liouvillianAdjoint(h, cs);
    const li = applySuper(ladj, ComplexMatrix.identity(n));
    assert.ok(normMax(li) < 1e-12, `‖L†(I)‖ = ${normMax(li)}`);
    assert.ok(maxAbsDiff(ladj.toDense(), sparseAdjoint(l).toDense()) < 1e-13);
  }
});

test('duality Tr(O·L(ρ)) = Tr(L†(O)·ρ) on random H, C, O, ρ', () => {
  for (const seed of [4, 5, 6]) {
    const n = 4;
    const { h, cs } = randomSystem(n, 3, seed);
    const rho = randomMatrix(n, n, seed + 7), o = randomMatrix(n, n, seed + 8);
    const lhs = traceOfProduct(o, applySuper(liouvillian(h, cs), rho));
    const rhs = traceOfProduct(applySuper(liouvillianAdjoint(h, cs), o), rho);
    // O(n³) terms of size ~10: 1e-12.
    assert.ok(Math.abs(lhs.re - rhs.re) < 1e-12 && Math.abs(lhs.im - rhs.im) < 1e-12, `${lhs.re}+${lhs.im}i vs ${rhs.re}+${rhs.im}i`);
    // And the Heisenberg generator on O is i[H,O] + Σ (C†OC − ½{C†C,O}).
    let ref = scale(sub(matmul(h, o), matmul(o, h)), 0, 1);
    for (const c of cs) {
      const cd = adjoint(c), cdc = matmul(cd, c);
      ref = add(ref, sub(matmul(matmul(cd, o), c), scale(add(matmul(cdc, o), matmul(o, cdc)), 0.5)));
    }
    assert.ok(maxAbsDiff(applySuper(liouvillianAdjoint(h, cs), o), ref) < 1e-12);
  }
});

test('LindbladRhs (matrix form) equals the superoperator form, dense and sparse inputs, non-Hermitian ρ too', () => {
  const n = 6;
  const { h, cs } = randomSystem(n, 2, 9);
  const rho = randomMatrix(n, n, 10); // general matrix: the RHS is linear, no Hermiticity assumed
  const ref = applySuper(liouvillian(h, cs), rho);
  const rhs = new LindbladRhs(h, cs);
  const out = new ComplexMatrix(n, n);
  rhs.applyMatrix(rho, out);
  assert.ok(maxAbsDiff(out, ref) < 1e-12, `dense: ${maxAbsDiff(out, ref)}`);
  assert.ok(maxAbsDiff(out, lindbladDense(h, cs, rho)) < 1e-12);
  // Repeated calls give the same result (no state kept between calls).
  rhs.applyMatrix(rho, out);
  assert.ok(maxAbsDiff(out, ref) < 1e-12);
  // Sparse spin system: spin-1 ⊗ spin-1/2 ⊗ spin-1/2, dims [3, 2, 2].
  const dims = [3, 2, 2];
  const hs = SparseMatrix.fromDense(add(
    add(scale(embed(spinZ(1), 0, dims).toDense(), 2.1), scale(embed(spinX(0.5), 1, dims).toDense(), 0.7)),
    scale(matmul(embed(spinZ(1), 0, dims).toDense(), embed(spinZ(0.5), 2, dims).toDense()), 1.3),
  ));
  // Sparse jump operators (nnz < 2n) take the direct C ρ C† path; the dense random C above take the two-step path.
  const cops = [scale(embed(projector(1, 0, 1), 0, dims).toDense(), 0.8), embed(spinX(0.5), 2, dims)];
  const rho2 = randomMatrix(12, 12, 12);
  const out2 = lindbladRhsInto(hs, cops, rho2, new ComplexMatrix(12, 12));
  assert.ok(maxAbsDiff(out2, applySuper(liouvillian(hs, cops), rho2)) < 1e-12);
  // No H, only dissipation; and no collapse operators.
  assert.ok(maxAbsDiff(lindbladRhsInto(null, cs, rho, new ComplexMatrix(n, n)), applySuper(liouvillian(null, cs), rho)) < 1e-12);
  assert.ok(maxAbsDiff(lindbladRhsInto(h, [], rho, new ComplexMatrix(n, n)), applySuper(liouvillian(h), rho)) < 1e-12);
  // Trace preservation of the matrix form on a density matrix.
  const dm = matmul(rho, adjoint(rho));
  const d = lindbladRhsInto(h, cs, dm, new ComplexMatrix(n, n));
  assert.ok(Math.abs(trace(d).re) < 1e-11 && Math.abs(trace(d).im) < 1e-11);
  assert.throws(() => rhs.apply(new Float64Array(5), new Float64Array(5), new Float64Array(5), new Float64Array(5)), RangeError);
  assert.throws(() => rhs.apply(rho.re, rho.im, rho.re, out.im), /alias/);
  assert.throws(() => new LindbladRhs(h, [randomMatrix(3, 3, 1)]), RangeError);
});

test('time-dependent H: hamiltonianAt, liouvillianParts and LindbladRhs agree with the rebuilt Liouvillian', () => {
  const n = 4;
  const { h, cs } = randomSystem(n, 1, 20);
  const h1 = randomHermitian(n, 21), h2 = SparseMatrix.fromDense(randomHermitian(n, 22));
  const td: TimeDependentHamiltonian = {
    h0: h,
    terms: [
      { op: h1, coefficient: (t) => Math.cos(3 * t) },
      { op: h2, coefficient: (t) => t * t },
    ],
  };
  const parts = liouvillianParts(td, cs);
  const rhs = new LindbladRhs(td, cs);
  const rho = randomMatrix(n, n, 23);
  const v = vec(rho);
  for (const t of [0, 0.37, 1.5]) {
    const ht = hamiltonianAt(td, t);
    const ref = add(add(h, scale(h1, Math.cos(3 * t))), scale(h2.toDense(), t * t));
    assert.ok(maxAbsDiff(ht.toDense(), ref) < 1e-14);
    const lref = liouvillian(ht, cs);
    assert.ok(maxAbsDiff(liouvillianAt(parts, t).toDense(), lref.toDense()) < 1e-13);
    const yr = new Float64Array(n * n), yi = new Float64Array(n * n);
    applyLiouvillianPartsInto(parts, t, v.re, v.im, yr, yi);
    const want = applySuper(lref, rho);
    assert.ok(maxAbsDiff(unvec(new ComplexVector(n * n, yr, yi), n), want) < 1e-12);
    const out = new ComplexMatrix(n, n);
    rhs.apply(rho.re, rho.im, out.re, out.im, t);
    assert.ok(maxAbsDiff(out, want) < 1e-12, `t=${t}: ${maxAbsDiff(out, want)}`);
  }
});

test('LindbladRhs.applyHermitian equals apply on Hermitian ρ (constant and time-dependent H), result exactly Hermitian', () => {
  // n = 40 > 32 exercises several tiles of the in-place X + X† pass.
  for (const n of [5, 40]) {
    const { h, cs } = randomSystem(n, 2, 30 + n);
    const sparseJump = SparseMatrix.fromTriplets(n, n, [0, 1], [1, 2], [0.7, 0.3], [0.1, 0]);
    const td: TimeDependentHamiltonian = { h0: h, terms: [{ op: randomHermitian(n, 31), coefficient: (t) => Math.sin(t) }] };
    const a = randomMatrix(n, n, 32);
    const rho = matmul(a, adjoint(a));
    for (const rhs of [new LindbladRhs(h, [...cs, sparseJump]), new LindbladRhs(td, [sparseJump])]) {
      const o1 = new ComplexMatrix(n, n), o2 = new ComplexMatrix(n, n);
      rhs.apply(rho.re, rho.im, o1.re, o1.im, 0.8);
      rhs.applyHermitian(rho.re, rho.im, o2.re, o2.im, 0.8);
      // Entries are sums of ~n·nnz terms of size up to ~n: relative 1e-13 of the largest entry.
      const tol = 1e-13 * normMax(o1);
      assert.ok(maxAbsDiff(o1, o2) < tol, `n=${n}: ${maxAbsDiff(o1, o2)} vs ${tol}`);
      assert.equal(maxAbsDiff(o2, adjoint(o2)), 0);
    }
  }
});
