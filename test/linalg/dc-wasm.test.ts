/**
 * The divide-and-conquer with its eigenvector matrix in the wasm memory (src/linalg/tridiagonal.ts,
 * `divideAndConquerWasm`; issue 12's cold-call work) against the TypeScript path, and its kernels
 * (`dcPackRows`, `copyBlock`, `argsortStable` in wasm/kernels.ts) against the TypeScript loops they
 * replace.
 *
 * Tolerances: the kernels do the same operations in the same order as the TypeScript (copies,
 * the same rotation formulas without fused multiply-add, comparisons), so they are compared bit
 * for bit. The whole solve differs from the TypeScript path in the summation order of the small
 * merges' products (TypeScript `gemmNT` there, the SIMD kernel in wasm), so eigenvalues agree to
 * rounding, 1e-13·‖T‖ (n ≤ 300), and each path is checked on its own by the backward-stability
 * bounds: residual ‖T z − λ z‖ ≤ 1e-12·‖T‖ and |Zᵀ Z − I| ≤ 1e-12 entrywise (Gu–Eisenstat).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dcHalfWorkspaceDoubles, packRows, solveDcBlockInPlace, sortedIndices, tridiagonalDivideAndConquer,
  tridiagonalEigenvectors, type Rotations,
} from '../../src/linalg/tridiagonal.js';
import { arenaDoubles, kernelsArena, wasmKernels } from '../../src/linalg/wasm.js';
import { assertSameBits, Lcg, withTypeScript } from '../helpers.js';

function randomArray(len: number, g: Lcg): Float64Array {
  const a = new Float64Array(len);
  for (let i = 0; i < len; i++) a[i] = 2 * g.next() - 1;
  return a;
}

/** A random subset of 0…n−1 of size m, in random order. */
function randomColumns(n: number, m: number, g: Lcg): Int32Array {
  const all = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(g.next() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return Int32Array.from(all.slice(0, m));
}

test('dcPackRows kernel equals packRows bit for bit (rotations, packing of both row halves, deflated columns), n = 1, 3, 17, 255', (t) => {
  const w = wasmKernels();
  if (!w) return t.skip('WebAssembly kernels unavailable on this platform');
  for (const n of [1, 3, 17, 255]) {
    const g = new Lcg(501 + n);
    const lo = n > 3 ? 2 : 0, N = n + lo + 1, m1 = n >> 1;
    const q = randomArray(N * N, g);
    // Rotations on disjoint-or-chained column pairs, as deflation records them (p ≠ j).
    const nrot = Math.floor(n / 3);
    const rot: Rotations = { p: new Int32Array(n), j: new Int32Array(n), c: new Float64Array(n), s: new Float64Array(n), count: nrot };
    for (let r = 0; r < nrot; r++) {
      const [a, b] = randomColumns(n, 2, g);
      const th = 2 * Math.PI * g.next();
      rot.p[r] = a; rot.j[r] = b; rot.c[r] = Math.cos(th); rot.s[r] = Math.sin(th);
    }
    const colUp = Math.ceil(n / 2), colLo = Math.floor(n / 3), nd = n - Math.floor(n / 2);
    const srcUp = randomColumns(n, colUp, g), srcLo = randomColumns(n, colLo, g), defl = randomColumns(n, nd, g);
    const packLen = m1 * colUp + (n - m1) * colLo;
    // TypeScript reference.
    const qt = q.slice(), pack = new Float64Array(packLen + 3), dbuf = new Float64Array(n * nd);
    packRows(qt, N, lo, n, m1, rot, srcUp, srcLo, defl, pack, 3, dbuf);
    // Kernel, at odd double offsets (no alignment assumed).
    const ints = 2 * nrot + colUp + colLo + nd;
    const base: number = w.reserve(N * N + 2 * nrot + packLen + n * nd + ints + 8);
    const h: Float64Array = w.heap, pq: number = base + 1, prc = pq + N * N, prs = prc + nrot, ppk = prs + nrot, pdb = ppk + packLen, pint = pdb + n * nd + 1;
    h.set(q, pq);
    h.set(rot.c.subarray(0, nrot), prc);
    h.set(rot.s.subarray(0, nrot), prs);
    const iv = new Int32Array(h.buffer, pint * 8, ints);
    iv.set(rot.p.subarray(0, nrot), 0);
    iv.set(rot.j.subarray(0, nrot), nrot);
    iv.set(srcUp, 2 * nrot);
    iv.set(srcLo, 2 * nrot + colUp);
    iv.set(defl, 2 * nrot + colUp + colLo);
    const ib = pint * 8;
    w.exports.dcPackRows(pq * 8, N, lo, n, m1, ib, ib + 4 * nrot, prc * 8, prs * 8, nrot,
      ib + 8 * nrot, colUp, ib + 4 * (2 * nrot + colUp), colLo, ib + 4 * (2 * nrot + colUp + colLo), nd, ppk * 8, pdb * 8);
    assert.deepEqual(Array.from(h.subarray(pq, pq + N * N)), Array.from(qt), `n=${n} rotated q`);
    assert.deepEqual(Array.from(h.subarray(ppk, ppk + packLen)), Array.from(pack.subarray(3)), `n=${n} packed columns`);
    assert.deepEqual(Array.from(h.subarray(pdb, pdb + n * nd)), Array.from(dbuf), `n=${n} deflated columns`);
    // Independent check: the rotations are orthogonal, so every row keeps its 2-norm.
    for (let r = 0; r < n; r++) {
      let a = 0, b = 0;
      for (let c = 0; c < n; c++) {
        a += q[(lo + r) * N + lo + c] ** 2;
        b += qt[(lo + r) * N + lo + c] ** 2;
      }
      assert.ok(Math.abs(a - b) <= 1e-13 * a, `n=${n} row ${r} norm`);
    }
  }
});

test('copyBlock kernel copies a strided block exactly (sizes 1, 3, 17, 255, odd offsets)', (t) => {
  const w = wasmKernels();
  if (!w) return t.skip('WebAssembly kernels unavailable on this platform');
  for (const n of [1, 3, 17, 255]) {
    const g = new Lcg(601 + n);
    const rows = n, cols = Math.max(1, n - 1), lds = cols + 2, ldd = cols + 5;
    const src = randomArray(rows * lds, g);
    const base: number = w.reserve(rows * lds + rows * ldd + 2), h: Float64Array = w.heap;
    const ps: number = base + 1, pd: number = ps + rows * lds;
    h.set(src, ps);
    h.fill(-7, pd, pd + rows * ldd);
    w.exports.copyBlock(ps * 8, lds, rows, cols, pd * 8, ldd);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < ldd; c++) assert.equal(h[pd + r * ldd + c], c < cols ? src[r * lds + c] : -7, `n=${n} (${r},${c})`);
    }
  }
});

test('argsortStable kernel gives the permutation of the stable comparator sort, ties included (n = 1, 3, 17, 255)', (t) => {
  const w = wasmKernels();
  if (!w) return t.skip('WebAssembly kernels unavailable on this platform');
  for (const n of [1, 3, 17, 255]) {
    const g = new Lcg(701 + n);
    // Keys with many exact ties (multiples of 1/8) and both signs.
    const key = new Float64Array(n);
    for (let i = 0; i < n; i++) key[i] = Math.floor(16 * g.next() - 8) / 8;
    const ts = withTypeScript(() => sortedIndices(key, 0, n));
    const base: number = w.reserve(2 * n + 2), h: Float64Array = w.heap;
    h.set(key, base);
    const pi: number = base + n + (n & 1);
    w.exports.argsortStable(n, base * 8, pi * 8, (pi * 2 + n) * 4);
    const wa = new Int32Array(h.buffer, pi * 8, n).slice();
    assert.deepEqual(Array.from(wa), Array.from(ts), `n=${n}`);
    assert.deepEqual(Array.from(sortedIndices(key, 0, n)), Array.from(ts), `n=${n} through sortedIndices`);
    // Independent check: ascending keys, ties in index order, a permutation.
    for (let i = 1; i < n; i++) assert.ok(key[wa[i - 1]] < key[wa[i]] || (key[wa[i - 1]] === key[wa[i]] && wa[i - 1] < wa[i]), `n=${n} order at ${i}`);
    assert.equal(new Set(wa).size, n);
  }
});

/** ‖T‖∞ of the tridiagonal (d, e). */
function tnorm(d: Float64Array, e: Float64Array): number {
  let m = 0;
  for (let i = 0; i < d.length; i++) m = Math.max(m, Math.abs(d[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < d.length - 1 ? Math.abs(e[i]) : 0));
  return m;
}

function checkEigen(d: Float64Array, e: Float64Array, lam: Float64Array, zt: Float64Array, label: string): void {
  const n = d.length, nrm = tnorm(d, e);
  for (let k = 0; k < n; k++) {
    if (k > 0) assert.ok(lam[k - 1] <= lam[k], `${label}: ascending at ${k}`);
    const z = zt.subarray(k * n, (k + 1) * n);
    for (let i = 0; i < n; i++) {
      const tz = d[i] * z[i] + (i > 0 ? e[i - 1] * z[i - 1] : 0) + (i < n - 1 ? e[i] * z[i + 1] : 0);
      assert.ok(Math.abs(tz - lam[k] * z[i]) <= 1e-12 * nrm, `${label}: residual (${k},${i})`);
    }
  }
  for (let a = 0; a < n; a++) for (let b = a; b < n; b += a % 7 === 0 ? 1 : 13) {
    let s = 0;
    for (let i = 0; i < n; i++) s += zt[a * n + i] * zt[b * n + i];
    assert.ok(Math.abs(s - (a === b ? 1 : 0)) <= 1e-12, `${label}: orthonormality (${a},${b}) = ${s}`);
  }
}

test('divide-and-conquer in the wasm memory agrees with the TypeScript path and is backward stable (random, deflating, split; n = 33, 101, 255, 300)', () => {
  const cases: { label: string; d: Float64Array; e: Float64Array }[] = [];
  for (const n of [33, 101, 255]) {
    const g = new Lcg(801 + n);
    cases.push({ label: `random n=${n}`, d: randomArray(n, g), e: randomArray(n - 1, g) });
  }
  {
    // Strong deflation: glued copies of one block (equal eigenvalues across halves) and tiny couplings.
    const n = 300, g = new Lcg(901), b = randomArray(30, g), c = randomArray(29, g);
    const d = new Float64Array(n), e = new Float64Array(n - 1);
    for (let i = 0; i < n; i++) d[i] = b[i % 30];
    for (let i = 0; i < n - 1; i++) e[i] = i % 30 === 29 ? 1e-10 * (i % 3) : c[i % 30];
    cases.push({ label: 'glued blocks n=300', d, e });
  }
  {
    // Wilkinson W⁺ (nearly equal pairs of eigenvalues) of order 101.
    const n = 101, d = new Float64Array(n), e = new Float64Array(n - 1).fill(1);
    for (let i = 0; i < n; i++) d[i] = Math.abs(i - 50);
    cases.push({ label: 'Wilkinson W+101', d, e });
  }
  for (const { label, d, e } of cases) {
    const n = d.length, nrm = tnorm(d, e);
    const lw = d.slice(), lt = d.slice();
    const zw = tridiagonalDivideAndConquer(lw, e.slice(), true)!;
    const zt = withTypeScript(() => tridiagonalDivideAndConquer(lt, e.slice(), true)!);
    for (let k = 0; k < n; k++) assert.ok(Math.abs(lw[k] - lt[k]) <= 1e-13 * nrm, `${label}: λ${k} wasm vs TypeScript`);
    checkEigen(d, e, lw, zw, `${label} (wasm)`);
    checkEigen(d, e, lt, zt, `${label} (TypeScript)`);
    // The eigensolvers' entry point gives the same result and leaves no wasm memory kept.
    const w = wasmKernels();
    const before = w ? w.reserve(4) : -1;
    const l2 = d.slice(), z2 = tridiagonalEigenvectors(l2, e);
    assert.deepEqual(Array.from(l2), Array.from(lw), `${label}: tridiagonalEigenvectors values`);
    assert.deepEqual(Array.from(z2), Array.from(zw), `${label}: tridiagonalEigenvectors vectors`);
    if (w) assert.equal(w.reserve(4), before, `${label}: nothing stays kept`);
  }
});

test('a divide-and-conquer block solved in place (the threaded lower half: its block of a larger matrix, its workspace in an arena) has the bits of the block solved on its own with this thread\'s memory, within the arena bound', (t) => {
  const w = wasmKernels();
  if (!w) return t.skip('WebAssembly kernels unavailable on this platform');
  const g = new Lcg(977);
  for (const m of [1, 3, 17, 26, 255, 400]) {
    for (const kind of ['random', 'deflating'] as const) {
      // The lower half [lo, lo + m) of an order-N problem, as `dcTopThreaded` poses it.
      const lo = (m >> 1) + 1, N = lo + m;
      const d = randomArray(N, g), e = randomArray(N - 1, g);
      if (kind === 'deflating') {
        // clustered diagonal and many negligible couplings: most merges deflate most columns
        for (let i = 0; i < N; i++) d[i] = Math.floor(i / 5);
        for (let i = 0; i < N - 1; i++) if (i % 3 !== 0) e[i] *= 1e-18;
      }
      const alone = { d: d.slice(lo, lo + m), e: e.slice(lo, lo + m - 1) };
      // The reference: the block alone (its own m×m matrix), workspaces from this thread's whole memory.
      const refAt = w.reserve(m * m), refToken = w.keep(m * m);
      w.heap.fill(0, refAt, refAt + m * m);
      assert.ok(solveDcBlockInPlace(alone.d, alone.e, 0, m, refAt, m, w));
      const block = w.heap.slice(refAt, refAt + m * m);
      w.release(refToken);
      const bound = dcHalfWorkspaceDoubles(m), arenaSize = arenaDoubles(bound);
      const at = w.reserve(N * N + arenaSize);
      const token = w.keep(N * N + arenaSize);
      try {
        w.heap.fill(0, at, at + N * N);
        const arena = kernelsArena(w.exports, w.exports.memory, at + N * N, arenaSize);
        let high = 0;
        const reserve = arena.reserve.bind(arena);
        arena.reserve = (count: number) => {
          const r = reserve(count);
          if (r >= 0) high = Math.max(high, r + count - (at + N * N));
          return r;
        };
        const dd = d.slice(), ee = e.slice();
        assert.ok(solveDcBlockInPlace(dd, ee, lo, m, at, N, arena), `m = ${m} (${kind}): solved within the arena`);
        assert.ok(high <= arenaSize, `m = ${m} (${kind}): workspace ${high} ≤ arena ${arenaSize}`);
        assertSameBits(dd.subarray(lo, lo + m), alone.d, `m = ${m} (${kind}): eigenvalues`);
        const got = new Float64Array(m * m);
        for (let i = 0; i < m; i++) got.set(w.heap.subarray(at + (lo + i) * N + lo, at + (lo + i) * N + lo + m), i * m);
        assertSameBits(got, block, `m = ${m} (${kind}): eigenvector block`);
        assertSameBits(dd.subarray(0, lo), d.subarray(0, lo), `m = ${m} (${kind}): d outside the block untouched`);
        if (m >= 255 && kind === 'random') {
          // An arena a quarter of the bound's size cannot hold the top merge's workspace: false, no throw.
          w.heap.fill(0, at, at + N * N);
          const small = kernelsArena(w.exports, w.exports.memory, at + N * N, Math.floor(arenaSize / 4));
          assert.equal(solveDcBlockInPlace(d.slice(), e.slice(), lo, m, at, N, small), false, `m = ${m} (${kind}): a short arena is reported`);
        }
      } finally {
        w.release(token);
      }
    }
  }
});

test('kernelsArena: regions only inside its range, never growing the memory; keep, release and abandon as for the whole memory', (t) => {
  const w = wasmKernels();
  if (!w) return t.skip('WebAssembly kernels unavailable on this platform');
  const at = w.reserve(1000), bytes = w.exports.memory.buffer.byteLength;
  const arena = kernelsArena(w.exports, w.exports.memory, at + 1, 200);
  const r = arena.reserve(10);
  assert.ok(r >= at + 1 && r % 2 === 0, `the first region ${r} lies in the range, 16-byte aligned`);
  assert.ok(arena.control >= (at + 1) * 8 && arena.control + 64 <= r * 8, 'the control block lies in the range, before the regions');
  const end = at + 1 + 200;
  assert.equal(arena.reserve(end - r + 1), -1, 'a region past the range\'s end is refused');
  assert.equal(arena.reserve(end - r), r, 'a region up to the end is given');
  const token = arena.keep(10);
  assert.equal(arena.reserve(4), r + 10, 'kept slots are skipped');
  arena.abandon(2);
  arena.release(token);
  assert.equal(arena.reserve(4), r + 12, 'abandoned slots stay skipped after the release');
  assert.equal(w.exports.memory.buffer.byteLength, bytes, 'the memory did not grow');
  assert.equal(arena.reserve(1e9), -1, 'nor does a huge request grow it');
  assert.equal(w.exports.memory.buffer.byteLength, bytes);
});
