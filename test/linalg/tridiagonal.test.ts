import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tridiagonalQL, tridiagonalDivideAndConquer } from '../../src/linalg/tridiagonal.js';
import { Lcg } from '../helpers.js';

const EPS = 2.220446049250313e-16;

/**
 * Divide-and-conquer checks on the paths of the merge: no deflation, heavy
 * deflation by small |z_i|, deflation by Givens rotation on exactly equal
 * poles of the two halves (mixed upper/lower columns), zero couplings at the
 * top split (ρ = 0) and complete deflation at the top. For every case:
 * values equal those of implicit QL to 1e-13·‖T‖ (both backward stable),
 * ascending; ‖T z_j − λ_j z_j‖_∞ ≤ 20·n·eps·‖T‖ and |Zᵀ Z − I| ≤ 20·n·eps
 * entrywise (measured ≤ 3·n·eps for all cases here).
 */
function check(d: Float64Array, e: Float64Array, what: string): void {
  const n = d.length;
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0));
  const dq = d.slice();
  tridiagonalQL(dq, e.slice(), null);
  const dc = d.slice();
  const zt = tridiagonalDivideAndConquer(dc, e.slice(), true)!;
  assert.equal(zt.length, n * n);
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(dc[i] - dq[i]) <= 1e-13 * Math.max(norm, 1), `${what}: λ_${i} ${dc[i]} vs QL ${dq[i]}`);
    if (i > 0) assert.ok(dc[i] >= dc[i - 1], `${what}: values not ascending at ${i}`);
  }
  let res = 0, orth = 0;
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    for (let i = 0; i < n; i++) {
      let tz = d[i] * zt[rj + i];
      if (i > 0) tz += e[i - 1] * zt[rj + i - 1];
      if (i < n - 1) tz += e[i] * zt[rj + i + 1];
      res = Math.max(res, Math.abs(tz - dc[j] * zt[rj + i]));
    }
    for (let k = j; k < n; k++) {
      let s = 0;
      const rk = k * n;
      for (let i = 0; i < n; i++) s += zt[rj + i] * zt[rk + i];
      orth = Math.max(orth, Math.abs(s - (j === k ? 1 : 0)));
    }
  }
  const tol = 20 * n * EPS;
  assert.ok(res <= tol * Math.max(norm, 1), `${what}: residual ${res.toExponential(3)} > ${(tol * norm).toExponential(1)}`);
  assert.ok(orth <= tol, `${what}: orthogonality ${orth.toExponential(3)} > ${tol.toExponential(1)}`);
}

test('divide-and-conquer: random tridiagonal matrices of sizes around the leaf size and several merge levels', () => {
  for (const n of [26, 27, 50, 51, 97, 200, 333]) {
    const g = new Lcg(7000 + n);
    const d = new Float64Array(n), e = new Float64Array(n - 1);
    for (let i = 0; i < n; i++) d[i] = 2 * g.next() - 1;
    for (let i = 0; i < n - 1; i++) e[i] = 2 * g.next() - 1;
    check(d, e, `random n = ${n}`);
  }
});

test('divide-and-conquer: Anderson-like chain (strong disorder, heavy deflation by small z)', () => {
  const n = 300;
  const g = new Lcg(4242);
  const d = new Float64Array(n), e = new Float64Array(n - 1).fill(-6.5 / 54);
  for (let i = 0; i < n; i++) d[i] = 2 * g.next() - 1;
  check(d, e, 'Anderson chain');
});

test('divide-and-conquer: mirror-symmetric and constant matrices (equal poles in both halves, rotation deflation)', () => {
  for (const n of [26, 60, 128]) {
    const d = new Float64Array(n).fill(1), e = new Float64Array(n - 1).fill(1);
    check(d, e, `constant n = ${n}`);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = Math.abs(i - (n - 1) / 2);
    check(w, e, `Wilkinson-like n = ${n}`);
  }
  // Repeated identical blocks separated by small couplings: many exactly equal poles across halves.
  const n = 160, b = 20;
  const d = new Float64Array(n), e = new Float64Array(n - 1);
  const g = new Lcg(99);
  const blockD = Array.from({ length: b }, () => g.next());
  const blockE = Array.from({ length: b - 1 }, () => g.next());
  for (let i = 0; i < n; i++) d[i] = blockD[i % b];
  for (let i = 0; i < n - 1; i++) e[i] = (i + 1) % b === 0 ? 1e-3 : blockE[i % b];
  check(d, e, 'repeated blocks');
});

test('divide-and-conquer: zero coupling at the top split (ρ = 0) and a diagonal matrix (complete deflation)', () => {
  const n = 80;
  const g = new Lcg(5);
  const d = new Float64Array(n), e = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) d[i] = 2 * g.next() - 1;
  for (let i = 0; i < n - 1; i++) e[i] = 2 * g.next() - 1;
  e[n / 2 - 1] = 0;
  check(d, e, 'ρ = 0 at the top');
  // Couplings far below the deflation tolerance: every z_i deflates at every level.
  const e2 = new Float64Array(n - 1).fill(1e-300);
  check(d, e2, 'diagonal with negligible couplings');
  // Diagonal with repeated values (ties in the deflation sort).
  const d3 = new Float64Array(n);
  for (let i = 0; i < n; i++) d3[i] = (i * 7) % 5;
  check(d3, new Float64Array(n - 1), 'repeated diagonal');
});
