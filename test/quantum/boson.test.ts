import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, matmul, maxAbsDiff, sub, scale } from '../../src/linalg/dense.js';
import { destroy, create, number, position, momentum, fockKet, coherentKet } from '../../src/quantum/boson.js';
import { expectKet } from '../../src/quantum/measures.js';
import { loadFixture, matrixFromJson, assertClose } from '../helpers.js';

test('destroy/position/momentum match QuTiP (N levels convention)', () => {
  const fx = loadFixture('quantum-qutip.json').boson;
  const n = fx.N;
  // Same closed-form square roots: a few ulps.
  assert.ok(maxAbsDiff(destroy(n).toDense(), matrixFromJson(fx.destroy)) < 1e-15);
  assert.ok(maxAbsDiff(position(n).toDense(), matrixFromJson(fx.position)) < 1e-15);
  assert.ok(maxAbsDiff(momentum(n).toDense(), matrixFromJson(fx.momentum)) < 1e-15);
});

test('a†a = number, [a, a†] = I except the truncated top level, [x, p] = i likewise', () => {
  const n = 6;
  const a = destroy(n).toDense(), ad = create(n).toDense();
  assert.ok(maxAbsDiff(matmul(ad, a), number(n).toDense()) < 1e-14);
  const c = sub(matmul(a, ad), matmul(ad, a));
  const expected = ComplexMatrix.identity(n);
  expected.re[n * n - 1] = 1 - n;
  assert.ok(maxAbsDiff(c, expected) < 1e-14);
  const x = position(n).toDense(), p = momentum(n).toDense();
  assert.ok(maxAbsDiff(sub(matmul(x, p), matmul(p, x)), scale(expected, 0, 1)) < 1e-14);
  assert.throws(() => destroy(0), RangeError);
  assert.throws(() => fockKet(3, 3), RangeError);
});

test('coherent state: renormalized truncated series, ⟨a⟩ ≈ α when N ≫ |α|², matches QuTiP analytic / its norm', () => {
  const fx = loadFixture('quantum-qutip.json').boson;
  const alpha = { re: 0.7, im: 0.4 };
  const ours = coherentKet(6, alpha);
  const ref = fx.coherent_analytic; // 6x1 column, not normalized
  let nrm = 0;
  for (let k = 0; k < 6; k++) nrm += ref.re[k][0] ** 2 + ref.im[k][0] ** 2;
  nrm = Math.sqrt(nrm);
  for (let k = 0; k < 6; k++) {
    assertClose(ours.re[k], ref.re[k][0] / nrm, 1e-14, `re c_${k}`);
    assertClose(ours.im[k], ref.im[k][0] / nrm, 1e-14, `im c_${k}`);
  }
  // Large truncation: ⟨a⟩ = α and ⟨n⟩ = |α|² to truncation error e^{-|α|²}|α|^{2N}/N! (< 1e-12 here).
  const big = coherentKet(40, { re: 1.5, im: -2 });
  const ea = expectKet(destroy(40), big);
  assertClose(ea.re, 1.5, 1e-12, 'Re⟨a⟩');
  assertClose(ea.im, -2, 1e-12, 'Im⟨a⟩');
  assertClose(expectKet(number(40), big).re, 6.25, 1e-10, '⟨n⟩');
  // Huge α: log-space magnitudes, still normalized and finite.
  const huge = coherentKet(2000, 30);
  let s = 0;
  for (let k = 0; k < 2000; k++) s += huge.re[k] ** 2 + huge.im[k] ** 2;
  assertClose(s, 1, 1e-12, '‖|α=30⟩‖²');
  assertClose(expectKet(number(2000), huge).re, 900, 1e-8, '⟨n⟩ for α=30');
  assert.equal(coherentKet(3, 0).re[0], 1);
});
