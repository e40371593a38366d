import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, matmul, maxAbsDiff, scale, sub, add, adjoint } from '../../src/linalg/dense.js';
import { collectiveSpin, collectiveOperators, symmetricCollectiveSpin, dickeIsometry } from '../../src/quantum/collective.js';
import { spinOperator, type SpinComponent } from '../../src/quantum/spin.js';

// Sums of N ≤ 5 terms of ±1/2 and exact rationals: errors at the 1e-15 level.
const TOL = 1e-13;
const comm = (a: ComplexMatrix, b: ComplexMatrix): ComplexMatrix => sub(matmul(a, b), matmul(b, a));

test('full-space collective operators: Jz diagonal = N/2 − (number of ↓), SU(2) algebra, J± = Jx ± iJy', () => {
  const n = 4;
  const { x, y, z, plus, minus } = collectiveOperators(n);
  const dim = 2 ** n;
  for (let k = 0; k < dim; k++) {
    let downs = 0;
    for (let b = k; b; b >>= 1) downs += b & 1;
    assert.equal(z.toDense().getRe(k, k), n / 2 - downs);
  }
  const X = x.toDense(), Y = y.toDense(), Z = z.toDense();
  assert.ok(maxAbsDiff(comm(X, Y), scale(Z, 0, 1)) < TOL);
  assert.ok(maxAbsDiff(plus.toDense(), add(X, scale(Y, 0, 1))) < TOL);
  assert.ok(maxAbsDiff(minus.toDense(), adjoint(plus.toDense())) < TOL);
  // Casimir eigenvalues j(j+1) with j ∈ {2, 1, 0}: its trace is Σ_j mult(j)(2j+1) j(j+1) = 5·6 + 3·3·2 + 0 = 48.
  const j2 = add(add(matmul(X, X), matmul(Y, Y)), matmul(Z, Z));
  let tr = 0;
  for (let k = 0; k < dim; k++) tr += j2.getRe(k, k);
  assert.ok(Math.abs(tr - 48) < TOL);
  assert.throws(() => collectiveSpin(0, 'x'), RangeError);
});

test('symmetric subspace: V† J_α V equals the spin-N/2 matrices, and V is an isometry', () => {
  for (const n of [1, 3, 5]) {
    const v = dickeIsometry(n).toDense();
    const vd = adjoint(v);
    assert.ok(maxAbsDiff(matmul(vd, v), ComplexMatrix.identity(n + 1)) < TOL);
    for (const ax of ['x', 'y', 'z', '+', '-'] as SpinComponent[]) {
      const full = collectiveSpin(n, ax).toDense();
      const sym = symmetricCollectiveSpin(n, ax).toDense();
      assert.ok(maxAbsDiff(matmul(matmul(vd, full), v), sym) < TOL, `n=${n} ${ax}`);
      // The symmetric subspace is invariant: J V = V (V† J V).
      assert.ok(maxAbsDiff(matmul(full, v), matmul(v, sym)) < TOL, `invariance n=${n} ${ax}`);
      assert.ok(maxAbsDiff(sym, spinOperator(n / 2, ax).toDense()) === 0);
    }
  }
});
