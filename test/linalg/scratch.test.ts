import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hypot2, scratch } from '../../src/linalg/scratch.js';
import { eighSymmetric } from '../../src/linalg/eigen-symmetric.js';
import { tridiagonalEigenvectors } from '../../src/linalg/tridiagonal.js';
import { Lcg } from '../helpers.js';

const EPS = 2.220446049250313e-16;

test('hypot2 agrees with Math.hypot to 2 ulp (it is the scaled dlapy2 form, not bit-identical) and handles extremes', () => {
  const g = new Lcg(5);
  for (let t = 0; t < 2000; t++) {
    const a = (2 * g.next() - 1) * 10 ** (40 * g.next() - 20), b = (2 * g.next() - 1) * 10 ** (40 * g.next() - 20);
    const ref = Math.hypot(a, b);
    assert.ok(Math.abs(hypot2(a, b) - ref) <= 2 * EPS * ref, `hypot2(${a}, ${b})`);
  }
  assert.equal(hypot2(0, 0), 0);
  assert.equal(hypot2(-3, 4), 5);
  assert.equal(hypot2(1e300, 1e300), Math.SQRT2 * 1e300); // no overflow
  assert.ok(Math.abs(hypot2(3e-320, 4e-320) - 5e-320) <= 1e-323); // subnormals keep their value
  assert.equal(hypot2(Infinity, 1), Infinity);
  assert.ok(Number.isNaN(hypot2(Number.NaN, 1)));
});

test('scratch slots are reused while large enough and never shared between names', () => {
  const a = scratch('test.a', 10);
  assert.equal(scratch('test.a', 5), a);
  assert.notEqual(scratch('test.b', 5), a);
  const big = scratch('test.a', 20);
  assert.notEqual(big, a);
  assert.ok(big.length >= 20);
});

test('eigensolver results own their arrays: a later solve of another size leaves them unchanged', () => {
  // The divide-and-conquer and reflector workspaces are reused scratch; results must not alias them.
  const sym = (n: number, seed: number): Float64Array => {
    const g = new Lcg(seed), a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = 2 * g.next() - 1;
    return a;
  };
  const r1 = eighSymmetric(sym(65, 1), 65);
  const v1 = r1.vectors!.slice();
  const d = Float64Array.from({ length: 40 }, (_, i) => Math.cos(i));
  const z1 = tridiagonalEigenvectors(d.slice(), new Float64Array(39).fill(0.5));
  const z1copy = z1.slice();
  eighSymmetric(sym(97, 2), 97);
  eighSymmetric(sym(33, 3), 33);
  tridiagonalEigenvectors(d.map((x) => 2 * x), new Float64Array(39).fill(0.25));
  assert.deepEqual(r1.vectors, v1);
  assert.deepEqual(z1, z1copy);
  assert.equal(r1.vectors!.length, 65 * 65);
});
