import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparseMatrix } from '../../src/linalg/sparse.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import { solve } from '../../src/linalg/lu.js';
import { bandedLuFactor, bandedLuSolve, permutedBandwidth, reverseCuthillMcKee } from '../../src/linalg/banded-lu.js';
import { Lcg } from '../helpers.js';

/** A random complex matrix with band (kl, ku), rows and columns shuffled by one random permutation (so the band is hidden). */
function hiddenBand(n: number, kl: number, ku: number, seed: number, weakDiagonal: boolean): { a: SparseMatrix; shuffle: Int32Array } {
  const g = new Lcg(seed);
  const shuffle = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(g.next() * (i + 1)); const t = shuffle[i]; shuffle[i] = shuffle[j]; shuffle[j] = t; }
  const rows: number[] = [], cols: number[] = [], re: number[] = [], im: number[] = [];
  for (let i = 0; i < n; i++) for (let j = Math.max(0, i - kl); j <= Math.min(n - 1, i + ku); j++) {
    if (i !== j && g.next() < 0.3) continue; // sparse inside the band
    // weak diagonal: partial pivoting has to interchange rows
    const d = i === j ? (weakDiagonal ? 1e-3 : 4) : 0;
    rows.push(shuffle[i]); cols.push(shuffle[j]); re.push(2 * g.next() - 1 + d); im.push(2 * g.next() - 1);
  }
  return { a: SparseMatrix.fromTriplets(n, n, rows, cols, re, im), shuffle };
}

for (const weakDiagonal of [false, true]) {
  test(`banded LU after RCM solves a shuffled banded system like the dense LU (${weakDiagonal ? 'weak diagonal, pivoting' : 'dominant diagonal'})`, () => {
    for (const [n, kl, ku] of [[1, 0, 0], [17, 2, 3], [200, 4, 2], [255, 7, 7]] as const) {
      const { a } = hiddenBand(n, kl, ku, 31 + n, weakDiagonal);
      const perm = reverseCuthillMcKee(a);
      assert.deepEqual(Array.from(perm).sort((x, y) => x - y), Array.from({ length: n }, (_, i) => i));
      const bw = permutedBandwidth(a, perm);
      // RCM finds a band close to the hidden one (symmetrized pattern: ≤ 2·max(kl, ku) + slack), far below n
      if (n > 20) assert.ok(bw.kl <= 3 * Math.max(kl, ku) && bw.ku <= 3 * Math.max(kl, ku), `n=${n}: band ${bw.kl}, ${bw.ku}`);
      const f = bandedLuFactor(a, perm, bw.kl, bw.ku);
      const b = new ComplexVector(n);
      for (let i = 0; i < n; i++) { b.re[i] = Math.sin(i + 1); b.im[i] = Math.cos(2 * i); }
      const x = bandedLuSolve(f, b.re, b.im);
      const ref = solve(a.toDense(), b);
      let d = 0, s = 0;
      for (let i = 0; i < n; i++) { d = Math.max(d, Math.abs(x.re[i] - ref.re[i]), Math.abs(x.im[i] - ref.im[i])); s = Math.max(s, Math.abs(ref.re[i]), Math.abs(ref.im[i])); }
      // both backward stable; the random matrices are modestly conditioned
      assert.ok(d <= 1e-10 * Math.max(1, s), `n=${n}: max |Δx| = ${d} (|x| ≤ ${s})`);
    }
  });
}

test('banded LU reports a singular matrix', () => {
  const a = SparseMatrix.fromTriplets(3, 3, [0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 0, 0]); // third column zero
  const perm = reverseCuthillMcKee(a);
  const bw = permutedBandwidth(a, perm);
  assert.throws(() => bandedLuFactor(a, perm, bw.kl, bw.ku), /singular/);
});
