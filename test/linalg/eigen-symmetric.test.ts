import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix } from '../../src/linalg/dense.js';
import { eigh } from '../../src/linalg/eigen-hermitian.js';
import { eighSymmetric } from '../../src/linalg/eigen-symmetric.js';
import { matmulTransposedReal } from '../../src/linalg/real-dense.js';
import { Lcg, assertClose, assertSameBits, randomSymmetric } from '../helpers.js';

const EPS = 2.220446049250313e-16;

/**
 * Tolerances. Householder tridiagonalisation, divide-and-conquer and the
 * back-transformation are backward stable: the residual ‖AV − VΛ‖_F/‖A‖_F
 * and the orthogonality defect ‖VVᵀ − I‖_F are O(n·eps) (measured: 4e-15 and
 * 4e-14 at n = 255, i.e. ≤ n·eps). The bound 50·n·eps (2.8e-12 at n = 255)
 * is the "1e-12·n-ish" agreed bound with margin for other machines/orderings.
 * Eigenvalues of two backward-stable solvers differ by O(n·eps·‖A‖) (Weyl),
 * ≈ 6e-14‖A‖ at n = 255; 1e-12‖A‖_F is the agreed bound.
 */
const resTol = (n: number): number => 50 * Math.max(n, 1) * EPS;

/** Hopping matrix −t Σ_<ij> (|i⟩⟨j| + h.c.) of an L×L×L periodic cubic lattice (L ≥ 3), plus an optional diagonal. */
function cubicLattice(L: number, t: number, diag?: (i: number) => number): Float64Array {
  const n = L * L * L;
  const a = new Float64Array(n * n);
  const idx = (x: number, y: number, z: number): number => (x % L) + L * ((y % L) + L * (z % L));
  for (let z = 0; z < L; z++) for (let y = 0; y < L; y++) for (let x = 0; x < L; x++) {
    const i = idx(x, y, z);
    if (diag) a[i * n + i] = diag(i);
    for (const j of [idx(x + 1, y, z), idx(x, y + 1, z), idx(x, y, z + 1)]) {
      a[i * n + j] -= t;
      a[j * n + i] -= t;
    }
  }
  return a;
}

function normF(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** ‖AV − VΛ‖_F / ‖A‖_F with eigenvectors as rows (absolute when A = 0). */
function relResidual(a: Float64Array, n: number, values: Float64Array, vrows: Float64Array): number {
  // (V Aᵀ)[k, i] = Σ_j v_k[j] A[i, j] = (A v_k)[i] since A is symmetric.
  const av = matmulTransposedReal(vrows, a, n, n, n);
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) av[k * n + i] -= values[k] * vrows[k * n + i];
  const na = normF(a);
  return normF(av) / (na === 0 ? 1 : na);
}

/** ‖V Vᵀ − I‖_F (rows orthonormal). */
function orthDefect(vrows: Float64Array, n: number): number {
  const g = matmulTransposedReal(vrows, vrows, n, n, n);
  for (let i = 0; i < n; i++) g[i * n + i] -= 1;
  return normF(g);
}

function assertAscending(values: Float64Array): void {
  for (let i = 1; i < values.length; i++) assert.ok(values[i] >= values[i - 1], `values not ascending at ${i}`);
}

/** Decomposition checks shared by all cases; returns the result. */
function checkDecomposition(a: Float64Array, n: number, what: string) {
  const copy = a.slice();
  const r = eighSymmetric(a, n);
  assert.deepEqual(a, copy, `${what}: input modified`);
  assert.ok(r.vectors);
  assert.equal(r.values.length, n);
  assert.equal(r.vectors.length, n * n);
  assertAscending(r.values);
  const res = relResidual(a, n, r.values, r.vectors);
  const orth = orthDefect(r.vectors, n);
  assert.ok(res <= resTol(n), `${what}: residual ${res.toExponential(3)} > ${resTol(n).toExponential(1)}`);
  assert.ok(orth <= resTol(n), `${what}: orthogonality ${orth.toExponential(3)} > ${resTol(n).toExponential(1)}`);
  // Values-only path (QL without vectors): same tridiagonal matrix, different solver; 1e-12‖A‖ as for eigh.
  const vo = eighSymmetric(a, n, { vectors: false });
  assert.equal(vo.vectors, null);
  const tolV = 1e-12 * Math.max(normF(a), 1e-300);
  for (let i = 0; i < n; i++) assertClose(vo.values[i], r.values[i], tolV, `${what}: values-only λ_${i}`);
  return r;
}

// n = 1, 2, 3, 17 take the QL branch (n < 32), 33, 100, 255 divide-and-conquer; 33 and 100 are not multiples of the WY block (32).
for (const [n, seed] of [[1, 11], [2, 12], [3, 13], [17, 14], [33, 15], [100, 16], [255, 17]] as const) {
  test(`eighSymmetric decomposes a random symmetric matrix and agrees with eigh (n = ${n})`, () => {
    const a = randomSymmetric(n, seed);
    const r = checkDecomposition(a, n, `n = ${n}`);
    const ref = eigh(new ComplexMatrix(n, n, a.slice(), new Float64Array(n * n)), { vectors: false }).values;
    const tol = 1e-12 * normF(a);
    for (let i = 0; i < n; i++) assertClose(r.values[i], ref[i], tol, `n = ${n}: λ_${i} vs eigh`);
  });
}

test('only the upper triangle is read (lower triangle NaN gives the identical result)', () => {
  for (const n of [17, 100]) {
    const a = randomSymmetric(n, 99 + n);
    const upper = a.slice();
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) upper[i * n + j] = NaN;
    const r1 = eighSymmetric(a, n), r2 = eighSymmetric(upper, n);
    assert.deepEqual(r2.values, r1.values);
    assert.deepEqual(r2.vectors, r1.vectors);
  }
});

test('periodic cubic lattice hopping (highly degenerate spectrum) matches −2t Σ cos k', () => {
  // L = 3: n = 27 (QL branch); L = 4, 6: n = 64, 216 (divide-and-conquer, heavy deflation).
  for (const L of [3, 4, 6]) {
    const n = L * L * L, t = 1;
    const a = cubicLattice(L, t);
    const r = checkDecomposition(a, n, `lattice L = ${L}`);
    const exact: number[] = [];
    for (let mx = 0; mx < L; mx++) for (let my = 0; my < L; my++) for (let mz = 0; mz < L; mz++) {
      exact.push(-2 * t * (Math.cos((2 * Math.PI * mx) / L) + Math.cos((2 * Math.PI * my) / L) + Math.cos((2 * Math.PI * mz) / L)));
    }
    exact.sort((x, y) => x - y);
    // Exact spectrum known to roundoff of cos (≈ 1e-15); eigenvalue error O(n·eps·‖A‖) ≤ 1e-12‖A‖_F.
    for (let i = 0; i < n; i++) assertClose(r.values[i], exact[i], 1e-12 * normF(a), `lattice L = ${L}: λ_${i}`);
  }
});

test('Anderson-type lattice (random diagonal plus hopping) agrees with eigh', () => {
  const L = 5, n = 125, w = 16.5;
  const g = new Lcg(2024);
  const a = cubicLattice(L, 1, () => w * (g.next() - 0.5));
  const r = checkDecomposition(a, n, 'Anderson L = 5');
  const ref = eigh(new ComplexMatrix(n, n, a.slice(), new Float64Array(n * n)), { vectors: false }).values;
  for (let i = 0; i < n; i++) assertClose(r.values[i], ref[i], 1e-12 * normF(a), `Anderson λ_${i} vs eigh`);
});

test('diagonal matrices: sorted diagonal, unit vectors; repeated entries give an orthonormal basis of each eigenspace', () => {
  // Distinct entries (n = 40 uses divide-and-conquer, where every z_i vanishes and all pairs deflate).
  for (const n of [6, 40]) {
    const diag = Array.from({ length: n }, (_, i) => ((i * 7) % n) - n / 3 + 0.25 * (i % 3));
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + i] = diag[i];
    const r = checkDecomposition(a, n, `diagonal n = ${n}`);
    const sorted = [...diag].sort((x, y) => x - y);
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => diag[x] - diag[y]);
    for (let k = 0; k < n; k++) {
      // Divide-and-conquer scales T by its max-norm and back: a few ulps, not exact.
      assertClose(r.values[k], sorted[k], 4 * EPS * Math.abs(sorted[k]), `diagonal λ_${k}`);
      assertClose(Math.abs(r.vectors![k * n + order[k]]), 1, 1e-15, `eigenvector ${k} is a unit vector`);
    }
  }
  // Repeated: blocks of equal entries, including a zero eigenvalue of multiplicity 5.
  const n = 45;
  const diag = Array.from({ length: n }, (_, i) => [2, 0, -1.5, 0, 2, 7, 0, 0, -1.5][i % 9]);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = diag[i];
  const r = checkDecomposition(a, n, 'repeated diagonal');
  const sorted = [...diag].sort((x, y) => x - y);
  for (let k = 0; k < n; k++) {
    assertClose(r.values[k], sorted[k], 4 * EPS * Math.abs(sorted[k]), `repeated diagonal λ_${k}`);
    // Eigenvector k lives on the coordinates whose diagonal equals λ_k.
    for (let i = 0; i < n; i++) if (diag[i] !== sorted[k]) assertClose(r.vectors![k * n + i], 0, 1e-15, `v_${k}[${i}] off its eigenspace`);
  }
});

test('tridiagonal input with mixed-sign and zero couplings (identity reflectors, sign absorption)', () => {
  const n = 50;
  const g = new Lcg(5);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 2 * g.next() - 1;
  for (let i = 0; i + 1 < n; i++) {
    const v = i % 11 === 10 ? 0 : (i % 2 === 0 ? -1 : 1) * (0.1 + g.next());
    a[i * n + i + 1] = v;
    a[(i + 1) * n + i] = v;
  }
  checkDecomposition(a, n, 'tridiagonal');
});

test('zero, 1×1 and empty matrices', () => {
  const z = checkDecomposition(new Float64Array(40 * 40), 40, 'zero n = 40');
  assert.ok(z.values.every((v) => v === 0));
  const one = eighSymmetric(new Float64Array([-3.5]), 1);
  assert.deepEqual(Array.from(one.values), [-3.5]);
  assert.deepEqual(Array.from(one.vectors!), [1]);
  const empty = eighSymmetric(new Float64Array(0), 0);
  assert.equal(empty.values.length, 0);
  assert.equal(empty.vectors!.length, 0);
  assert.equal(eighSymmetric(new Float64Array(0), 0, { vectors: false }).vectors, null);
});

test('bad arguments are rejected', () => {
  assert.throws(() => eighSymmetric(new Float64Array(3), 2), RangeError);
  assert.throws(() => eighSymmetric(new Float64Array(4), -1), RangeError);
  assert.throws(() => eighSymmetric(new Float64Array(4), 1.5), RangeError);
});

test('eighSymmetric with `out`: the eigenvectors written there and returned as it, the bits of a fresh result; short or overlapping out refused', () => {
  for (const n of [1, 3, 17, 255]) {
    const a = randomSymmetric(n, 900 + n);
    const want = eighSymmetric(a, n);
    const out = new Float64Array(n * n + 5).fill(Number.NaN);
    const got = eighSymmetric(a, n, { out });
    assert.equal(got.vectors!.buffer, out.buffer, `n = ${n}: the vectors are out`);
    assert.equal(got.vectors!.length, n * n);
    assertSameBits(got.values, want.values, `values n = ${n}`);
    assertSameBits(got.vectors!, want.vectors!, `vectors n = ${n}`);
    assert.ok(Number.isNaN(out[n * n]), 'nothing written past n²');
    assert.equal(eighSymmetric(a, n, { vectors: false, out }).vectors, null, 'no vectors asked: none written');
  }
  const a = randomSymmetric(4, 1);
  assert.throws(() => eighSymmetric(a, 4, { out: new Float64Array(15) }), /out has length 15 < n² = 16/);
  const both = new Float64Array(32);
  both.set(a);
  assert.throws(() => eighSymmetric(both.subarray(0, 16), 4, { out: both.subarray(8, 24) }), /out overlaps the matrix/);
});
