import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededStream } from '../../../src/solvers/random.js';
import { andersonLattice, andersonMatrixDense, applyStencilBlock, drawDisorder, neighboursOf, spectralBound, type Boundary } from '../../../src/models/anderson-dnp/lattice.js';
import { eighSymmetric } from '../../../src/linalg/eigen-symmetric.js';

function lattice(L: number, boundary: Boundary, seed = 3) {
  const N = L ** 3;
  return andersonLattice(L, 2 * Math.PI * 6.5e6, 2 * Math.PI * 108e6, boundary, drawDisorder(N, 2 * Math.PI * 108e6, seededStream(seed)));
}

test('periodic neighbours are six distinct sites for L = 3; open boundaries drop the outer ones', () => {
  const nb = neighboursOf(13, 3, 'periodic'); // centre of the 3×3×3 cube
  assert.equal(new Set(nb).size, 6);
  const corner = neighboursOf(0, 3, 'periodic');
  assert.equal(new Set(corner).size, 6);
  const open = [...neighboursOf(0, 3, 'open')].filter((j) => j >= 0);
  assert.deepEqual(open.sort((a, b) => a - b), [1, 3, 9]);
  assert.throws(() => andersonLattice(2, 1, 1, 'periodic', new Float64Array(8)), /L: periodic boundaries need L ≥ 3/);
});

test('the dense matrix is symmetric with −t on each bond: row sums of the hopping part are −6t (periodic)', () => {
  const lat = lattice(4, 'periodic');
  const m = andersonMatrixDense(lat);
  const N = lat.N;
  for (let i = 0; i < N; i++) {
    let off = 0;
    for (let j = 0; j < N; j++) {
      assert.equal(m[i * N + j], m[j * N + i]);
      if (j !== i) off += m[i * N + j];
    }
    // Exact in floating point up to the rounding of a 6-term sum.
    assert.ok(Math.abs(off + 6 * lat.t) <= 1e-9 * lat.t);
  }
});

test('the block stencil product equals the dense matrix product (periodic and open, k = 1, 3, 16)', () => {
  for (const boundary of ['periodic', 'open'] as const) {
    for (const L of [3, 4, 5]) {
      const lat = lattice(L, boundary, L);
      const m = andersonMatrixDense(lat);
      const N = lat.N;
      for (const k of [1, 3, 16]) {
        const x = new Float64Array(N * k), y = new Float64Array(N * k);
        const rng = seededStream(100 + k);
        for (let i = 0; i < x.length; i++) x[i] = (rng.next() >>> 0) / 2 ** 32 - 0.5;
        const scale = 7e8, shift = 1e7;
        applyStencilBlock(lat, scale, shift, x, y, k);
        for (let c = 0; c < k; c++) {
          for (let i = 0; i < N; i++) {
            let s = -shift * x[i * k + c];
            for (let j = 0; j < N; j++) s += m[i * N + j] * x[j * k + c];
            // Relative 1e-13: both are short sums of O(1) terms.
            assert.ok(Math.abs(s / scale - y[i * k + c]) < 1e-13, `${boundary} L=${L} k=${k} i=${i}`);
          }
        }
      }
    }
  }
});

test('the Gershgorin bound contains the spectrum', () => {
  for (const boundary of ['periodic', 'open'] as const) {
    const lat = lattice(5, boundary);
    const { values } = eighSymmetric(andersonMatrixDense(lat), lat.N, { vectors: false });
    const b = spectralBound(lat);
    assert.ok(values[0] >= -b && values[values.length - 1] <= b);
  }
});
