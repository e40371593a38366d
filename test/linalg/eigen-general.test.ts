import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, adjoint, matmul, normFrobenius, sub } from '../../src/linalg/dense.js';
import { eig, schur, sortEigenvalues } from '../../src/linalg/eigen-general.js';
import { loadFixture, randomMatrix, assertClose } from '../helpers.js';

interface GenCase { n: number; seed: number; normF: number; re: number[]; im: number[] }
const fixture = loadFixture<{ general: GenCase[] }>('eig.json');

/**
 * Match every reference eigenvalue to the nearest not-yet-used computed one
 * (greedy nearest-neighbour assignment); returns the largest distance.
 */
function matchDistance(ref: { re: ArrayLike<number>; im: ArrayLike<number> }, got: { re: Float64Array; im: Float64Array }): number {
  const n = ref.re.length;
  assert.equal(got.re.length, n);
  const used = new Uint8Array(n);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let best = -1, bd = Infinity;
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      const dist = Math.hypot(ref.re[i] - got.re[j], ref.im[i] - got.im[j]);
      if (dist < bd) {
        bd = dist;
        best = j;
      }
    }
    used[best] = 1;
    worst = Math.max(worst, bd);
  }
  return worst;
}

/** max_j ‖A v_j − λ_j v_j‖₂ and max_j |‖v_j‖₂ − 1|. */
function columnResiduals(a: ComplexMatrix, values: { re: Float64Array; im: Float64Array }, v: ComplexMatrix): { res: number; norm: number } {
  const n = a.rows;
  const av = matmul(a, v);
  let res = 0, norm = 0;
  for (let j = 0; j < n; j++) {
    let s = 0, q = 0;
    for (let i = 0; i < n; i++) {
      const vr = v.re[i * n + j], vi = v.im[i * n + j];
      const rr = av.re[i * n + j] - (values.re[j] * vr - values.im[j] * vi);
      const ri = av.im[i * n + j] - (values.re[j] * vi + values.im[j] * vr);
      s += rr * rr + ri * ri;
      q += vr * vr + vi * vi;
    }
    res = Math.max(res, Math.sqrt(s));
    norm = Math.max(norm, Math.abs(Math.sqrt(q) - 1));
  }
  return { res, norm };
}

for (const c of fixture.general) {
  test(`eig matches numpy eigvals and A v = λ v (n = ${c.n}, seed ${c.seed})`, () => {
    const a = randomMatrix(c.n, c.n, c.seed);
    assertClose(normFrobenius(a), c.normF, 1e-12 * c.normF, 'regenerated matrix norm');
    const r = eig(a);
    // Random matrices have well-conditioned eigenvalues (condition numbers ~ n at worst): errors ~1e-13‖A‖; bound 1e-9‖A‖.
    const d = matchDistance(c, r.values);
    assert.ok(d <= 1e-9 * c.normF, `eigenvalue mismatch ${d}`);
    // Backward stable: ‖Av − λv‖ ≈ n·eps·‖A‖ per unit column; agreed bound 1e-10‖A‖.
    const { res, norm } = columnResiduals(a, r.values, r.vectors!);
    assert.ok(res <= 1e-10 * c.normF, `residual ${res}`);
    assert.ok(norm <= 1e-12, `column norm defect ${norm}`);
    // Values-only path gives identical values (same QR iteration).
    const v0 = eig(a, { vectors: false });
    assert.equal(v0.vectors, null);
    for (let i = 0; i < c.n; i++) {
      assert.equal(v0.values.re[i], r.values.re[i]);
      assert.equal(v0.values.im[i], r.values.im[i]);
    }
  });
}

test('schur: A = Q T Q†, Q unitary, T upper triangular with the eigenvalues on its diagonal', () => {
  for (const n of [1, 3, 17, 60]) {
    const a = randomMatrix(n, n, 300 + n);
    const { t, q } = schur(a);
    const na = normFrobenius(a);
    // Unitary similarity by rotations/reflectors: O(n·eps·‖A‖) reconstruction error.
    assert.ok(normFrobenius(sub(matmul(matmul(q, t), adjoint(q)), a)) <= 1e-12 * na);
    assert.ok(normFrobenius(sub(matmul(adjoint(q), q), ComplexMatrix.identity(n))) <= 1e-12);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) {
      assert.equal(t.re[i * n + j], 0);
      assert.equal(t.im[i * n + j], 0);
    }
    const ev = eig(a, { vectors: false }).values;
    const diag = { re: new Float64Array(n), im: new Float64Array(n) };
    for (let i = 0; i < n; i++) {
      diag.re[i] = t.re[i * n + i];
      diag.im[i] = t.im[i * n + i];
    }
    assert.ok(matchDistance(diag, ev) <= 1e-11 * na);
  }
});

test('eig of diagonal, identity, zero, 1×1 and 0×0 matrices', () => {
  const dre = [3, -1, 2, 0.5], dim = [0, 2, -1, 0];
  const r = eig(ComplexMatrix.diagonal(dre, dim));
  assert.equal(matchDistance({ re: dre, im: dim }, r.values), 0);
  assert.ok(columnResiduals(ComplexMatrix.diagonal(dre, dim), r.values, r.vectors!).res === 0);
  for (const n of [1, 5]) {
    const id = eig(ComplexMatrix.identity(n));
    for (let i = 0; i < n; i++) assert.equal(id.values.re[i], 1);
    assert.ok(normFrobenius(sub(id.vectors!, ComplexMatrix.identity(n))) === 0);
    const z = eig(ComplexMatrix.zeros(n));
    for (let i = 0; i < n; i++) assert.equal(Math.hypot(z.values.re[i], z.values.im[i]), 0);
    assert.ok(columnResiduals(ComplexMatrix.zeros(n), z.values, z.vectors!).norm <= 1e-15);
  }
  const one = eig(ComplexMatrix.fromRows([[2]], [[-3]]));
  assert.equal(one.values.re[0], 2);
  assert.equal(one.values.im[0], -3);
  assert.equal(eig(new ComplexMatrix(0, 0)).values.re.length, 0);
  assert.throws(() => eig(new ComplexMatrix(3, 2)), RangeError);
  assert.throws(() => schur(new ComplexMatrix(3, 2)), RangeError);
});

test('eig of real non-symmetric matrices: complex-conjugate pairs', () => {
  // 2-D rotation generator: eigenvalues ±i exactly.
  const rot = eig(ComplexMatrix.fromRows([[0, -1], [1, 0]]));
  assert.ok(matchDistance({ re: [0, 0], im: [1, -1] }, rot.values) <= 1e-15);
  // Random real 9×9: the spectrum must be closed under conjugation (to roundoff ~ eps·‖A‖·cond).
  const a = randomMatrix(9, 9, 42);
  a.im.fill(0);
  const r = eig(a);
  const conj = { re: r.values.re, im: r.values.im.map((x) => -x) };
  assert.ok(matchDistance(conj, r.values) <= 1e-12 * normFrobenius(a));
  let pairs = 0;
  for (const x of r.values.im) if (Math.abs(x) > 1e-6) pairs++;
  assert.ok(pairs >= 2, 'expected at least one complex pair');
  assert.ok(columnResiduals(a, r.values, r.vectors!).res <= 1e-12 * normFrobenius(a));
  // Companion matrix of (x−1)(x²+4)(x+3) = x⁴ + 2x³ + x² + 8x − 12: roots 1, −3, ±2i.
  const comp = ComplexMatrix.fromRows([[-2, -1, -8, 12], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]);
  assert.ok(matchDistance({ re: [1, -3, 0, 0], im: [0, 0, 2, -2] }, eig(comp).values) <= 1e-12);
});

test('eig of defective (Jordan) and nilpotent matrices: eigenvalues to ~eps^(1/k), residuals still tiny', () => {
  const { q } = schur(randomMatrix(6, 6, 8)); // random unitary
  const conj = (m: ComplexMatrix): ComplexMatrix => matmul(matmul(q, m), adjoint(q));
  // J₂(2) ⊕ J₃(−1) ⊕ [0.5]: a perturbation δ moves a k-block's eigenvalue by ~δ^(1/k);
  // δ ≈ eps‖A‖ ⇒ ~1.5e-8 (k = 2) and ~6e-6 (k = 3). Tolerance 1e-4 covers both with margin, still detecting e.g. a lost block.
  const j = ComplexMatrix.zeros(6);
  j.set(0, 0, 2).set(1, 1, 2).set(0, 1, 1);
  j.set(2, 2, -1).set(3, 3, -1).set(4, 4, -1).set(2, 3, 1).set(3, 4, 1);
  j.set(5, 5, 0.5);
  const a = conj(j);
  const r = eig(a);
  assert.ok(matchDistance({ re: [2, 2, -1, -1, -1, 0.5], im: [0, 0, 0, 0, 0, 0] }, r.values) <= 1e-4);
  // The mean of a cluster is well conditioned: trace is preserved to roundoff.
  assertClose(r.values.re.reduce((s, x) => s + x, 0), 2 * 2 - 3 + 0.5, 1e-12, 'Σλ = tr A');
  // Backward stability still gives tiny residuals for the (nearly parallel) computed vectors.
  assert.ok(columnResiduals(a, r.values, r.vectors!).res <= 1e-10 * normFrobenius(a));
  // Nilpotent: strictly upper triangular 5×5 (full Jordan-like), conjugated. Eigenvalues 0 to ~(eps‖A‖)^(1/5) ≈ 1e-3.
  const nmat = randomMatrix(5, 5, 12);
  for (let i = 0; i < 5; i++) for (let k = 0; k <= i; k++) nmat.set(i, k, 0);
  const z = eig(nmat);
  for (let i = 0; i < 5; i++) assert.equal(Math.hypot(z.values.re[i], z.values.im[i]), 0, 'already triangular: exact zeros');
  assert.ok(columnResiduals(nmat, z.values, z.vectors!).res <= 1e-14);
  const qn = schur(randomMatrix(5, 5, 13)).q;
  const an = matmul(matmul(qn, nmat), adjoint(qn));
  const zn = eig(an);
  for (let i = 0; i < 5; i++) assert.ok(Math.hypot(zn.values.re[i], zn.values.im[i]) <= 1e-2 * normFrobenius(an), `|λ_${i}|`);
  assert.ok(columnResiduals(an, zn.values, zn.vectors!).res <= 1e-10 * normFrobenius(an));
});

test('eig handles badly scaled matrices via balancing', () => {
  // D A D⁻¹ with D spanning 1e±6: same eigenvalues as A. Without balancing the error would scale with ‖DAD⁻¹‖ ≈ 1e12.
  const n = 8;
  const a = randomMatrix(n, n, 21);
  const b = a.clone();
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
    const s = Math.pow(10, 12 * (i - k) / (n - 1));
    b.re[i * n + k] *= s;
    b.im[i * n + k] *= s;
  }
  const ra = eig(a, { vectors: false }).values;
  const rb = eig(b);
  assert.ok(matchDistance(ra, rb.values) <= 1e-10, `balanced mismatch ${matchDistance(ra, rb.values)}`);
  // Column residuals relative to the column's own scale.
  assert.ok(columnResiduals(b, rb.values, rb.vectors!).res <= 1e-10 * normFrobenius(b));
});

test('sortEigenvalues orders by descending real part and permutes vector columns', () => {
  const a = randomMatrix(7, 7, 5);
  const r = eig(a);
  const s = sortEigenvalues(r.values, r.vectors);
  for (let k = 1; k < 7; k++) assert.ok(s.values.re[k] <= s.values.re[k - 1]);
  for (let k = 0; k < 7; k++) {
    assert.equal(s.values.re[k], r.values.re[s.order[k]]);
    for (let i = 0; i < 7; i++) assert.equal(s.vectors!.re[i * 7 + k], r.vectors!.re[i * 7 + s.order[k]]);
  }
  assert.ok(columnResiduals(a, s.values, s.vectors!).res <= 1e-12 * normFrobenius(a));
  const byAbs = sortEigenvalues(r.values, null, (x, y) => Math.hypot(x.re, x.im) - Math.hypot(y.re, y.im));
  for (let k = 1; k < 7; k++) assert.ok(Math.hypot(byAbs.values.re[k], byAbs.values.im[k]) >= Math.hypot(byAbs.values.re[k - 1], byAbs.values.im[k - 1]));
  assert.equal(byAbs.vectors, null);
});
