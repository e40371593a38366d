/**
 * Issue 18, session 6 (memory2): the complex eigensolver, `gramRows` and the
 * complex product were re-laid out for peak memory (no staging copies of the
 * reflectors, Y, Zᵀ, G or C). The claim is that the arithmetic did not change:
 * the same bits as the code before the change, for 1, 2 and 3 threads. The
 * fingerprints (SHA-256 of the output bytes) in test/fixtures/memory2/bits.json
 * were made by test/fixtures/memory2/make-bits.mjs with the build of main
 * before the change (b3a1ad3, one thread), on the same seeded inputs.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { matmul } from '../../src/linalg/dense.js';
import { gramRows } from '../../src/linalg/real-dense.js';
import { eigh } from '../../src/linalg/eigen-hermitian.js';
import { eighSymmetric } from '../../src/linalg/eigen-symmetric.js';
import { wasmKernelsAvailable } from '../../src/linalg/wasm.js';
import { setThreadMinFlops, setThreadTeam } from '../../src/linalg/threads/team.js';
import { NodeThreadTeam } from '../../src/linalg/threads/node-team.js';
import { Lcg, randomMatrix, randomHermitian } from '../helpers.js';

const skip = !wasmKernelsAvailable() && 'WebAssembly SIMD kernels unavailable (the fingerprints are of the wasm paths)';
const want = JSON.parse(readFileSync(new URL('../../../test/fixtures/memory2/bits.json', import.meta.url), 'utf8')) as
  Record<'eigh' | 'gram' | 'matmul', Record<string, string>>;

// Split every job, however small, so that the small sizes exercise blocks on the workers too.
const prevMin = setThreadMinFlops(0);
const prevTeam = setThreadTeam(null);
const teams = [new NodeThreadTeam(2), new NodeThreadTeam(3)];
after(async () => {
  setThreadMinFlops(prevMin);
  setThreadTeam(prevTeam);
  await Promise.all(teams.map((t) => t.close()));
});

function hash(...arrays: Float64Array[]): string {
  const h = createHash('sha256');
  for (const a of arrays) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}

function real(len: number, seed: number): Float64Array {
  const g = new Lcg(seed);
  return Float64Array.from({ length: len }, () => 2 * g.next() - 1);
}

const configs: [string, NodeThreadTeam | null][] = [['1 thread', null], ['2 threads', teams[0]], ['3 threads', teams[1]]];

for (const [name, team] of configs) {
  test(`eigh, gramRows and matmul give the bits of the code before the memory re-layout (${name})`, { skip }, () => {
    const prev = setThreadTeam(team);
    try {
      for (const n of [1, 3, 17, 255, 513]) {
        const r = eigh(randomHermitian(n, 900 + n));
        assert.equal(hash(r.values, r.vectors!.re, r.vectors!.im), want.eigh[n], `eigh n = ${n}`);
      }
      for (const n of [1, 3, 17, 255]) {
        const k = n + 2;
        const a = real(n * k, 700 + n);
        assert.equal(hash(gramRows(a, n, k)), want.gram[n], `gramRows n = ${n}`);
        // A on a SharedArrayBuffer is read in place by the team's job (no copy into the team's array)
        const shared = new Float64Array(new SharedArrayBuffer(8 * n * k));
        shared.set(a);
        assert.equal(hash(gramRows(shared, n, k)), want.gram[n], `gramRows n = ${n}, A shared`);
        // into a caller's array
        const out = new Float64Array(n * n);
        assert.equal(gramRows(a, n, k, out), out);
        assert.equal(hash(out), want.gram[n], `gramRows n = ${n} into out`);
        const c = matmul(randomMatrix(n, n, 800 + n), randomMatrix(n, n, 850 + n));
        assert.equal(hash(c.re, c.im), want.matmul[n], `matmul n = ${n}`);
      }
    } finally {
      setThreadTeam(prev);
    }
  });
}

test('eigh on a team keeps its bits when the team\'s shared array is reused with stale contents', { skip }, () => {
  // Since session 9 the complex back-transformation's operands live in the team's shared array (kept
  // between calls), after the part the divide-and-conquer's jobs take from it. A smaller solve after a
  // larger one, a real solve in between (its own layout in the same array) and the larger one again must
  // each read only what they wrote.
  const prev = setThreadTeam(teams[0]);
  try {
    for (const n of [513, 255, 17, 513]) {
      const r = eigh(randomHermitian(n, 900 + n));
      assert.equal(hash(r.values, r.vectors!.re, r.vectors!.im), want.eigh[n], `eigh n = ${n}`);
      const g = real(n * n, 600 + n), sym = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym[i * n + j] = g[i * n + j] + g[j * n + i];
      const s = eighSymmetric(sym, n);
      assert.ok(s.vectors !== null && s.values.every(Number.isFinite), `eighSymmetric n = ${n} ran`);
    }
  } finally {
    setThreadTeam(prev);
  }
});
