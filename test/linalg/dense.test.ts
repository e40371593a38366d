import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ComplexMatrix, adjoint, kron, matmul, maxAbsDiff, normFrobenius, trace, traceOfProduct, transpose, hermitianDefect,
} from '../../src/linalg/dense.js';
import { randomMatrix, assertClose } from '../helpers.js';

/** Reference product by the textbook triple loop (independent of the blocked kernel). */
function naiveMatmul(a: ComplexMatrix, b: ComplexMatrix): ComplexMatrix {
  const c = new ComplexMatrix(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < b.cols; j++) {
    let sr = 0, si = 0;
    for (let k = 0; k < a.cols; k++) {
      const x = a.get(i, k), y = b.get(k, j);
      sr += x.re * y.re - x.im * y.im;
      si += x.re * y.im + x.im * y.re;
    }
    c.set(i, j, sr, si);
  }
  return c;
}

test('blocked matmul equals the naive triple loop on non-square, non-multiple-of-block shapes', () => {
  const a = randomMatrix(70, 133, 1), b = randomMatrix(133, 301, 2);
  // Same sums in a different order: rounding differences only, ~ k·eps·|entries| ≈ 133 · 1e-16 · 2.
  assert.ok(maxAbsDiff(matmul(a, b), naiveMatmul(a, b)) < 1e-12);
});

test('register-blocked matmul handles odd row counts, odd inner dimensions and sizes across the cache blocks', () => {
  // Exercises the 2-row × 2-k kernel, its odd-k tail, the odd last row, and K/J block boundaries (128, 512).
  for (const [n, m, p] of [[1, 1, 1], [3, 5, 2], [7, 129, 9], [131, 257, 515]] as const) {
    const a = randomMatrix(n, m, 10 + n), b = randomMatrix(m, p, 20 + p);
    const d = maxAbsDiff(matmul(a, b), naiveMatmul(a, b));
    assert.ok(d < 1e-12, `${n}x${m}·${m}x${p}: ${d}`);
  }
});

test('kron obeys the mixed-product rule (A⊗B)(C⊗D) = AC⊗BD', () => {
  const A = randomMatrix(3, 4, 3), B = randomMatrix(2, 5, 4), C = randomMatrix(4, 2, 5), D = randomMatrix(5, 3, 6);
  const lhs = matmul(kron(A, B), kron(C, D));
  const rhs = kron(matmul(A, C), matmul(B, D));
  assert.ok(maxAbsDiff(lhs, rhs) < 1e-12);
});

test('adjoint, transpose, trace and Frobenius norm', () => {
  const a = randomMatrix(6, 6, 7), b = randomMatrix(6, 6, 8);
  const h = matmul(a, adjoint(a));
  assert.ok(hermitianDefect(h) < 1e-13);
  assertClose(trace(h).re, normFrobenius(a) ** 2, 1e-12, 'Tr AA† = ‖A‖²');
  assertClose(trace(h).im, 0, 1e-13, 'Im Tr AA†');
  const t1 = traceOfProduct(a, b), t2 = trace(matmul(a, b));
  assertClose(t1.re, t2.re, 1e-12, 'Re Tr AB');
  assertClose(t1.im, t2.im, 1e-12, 'Im Tr AB');
  assert.ok(maxAbsDiff(transpose(transpose(a)), a) === 0);
  assert.throws(() => matmul(a, randomMatrix(5, 5, 1)), /inner dimensions/);
});
