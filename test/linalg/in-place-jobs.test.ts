/**
 * Jobs computed in place in the calling thread's shared wasm memory
 * (`InPlace` of src/linalg/threads/row-jobs.ts): the complex product, the
 * Gram matrix, the complex and real back-transformations and the divide-and-conquer's lower
 * half (`DcHalfInPlace`). The workers run the kernels over the caller's
 * memory (`kernelsOver`) and write their scratch rows in their own slots of
 * it (the half: its workspace in an arena of it, `kernelsArena`). Claims: the bits of one thread with every block on the workers; a
 * worker that dies mid-job leaves the caller computing alone with the same
 * bits, and the job's region is never handed out again (a worker that was
 * only slow could still write into it). In a file of its own: an abandoned
 * region stays reserved for the rest of the process, which would shift the
 * layouts other files' tests cap the memory against.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matmul } from '../../src/linalg/dense.js';
import { gramRows } from '../../src/linalg/real-dense.js';
import { eigh } from '../../src/linalg/eigen-hermitian.js';
import { eighSymmetric } from '../../src/linalg/eigen-symmetric.js';
import { wasmKernels, wasmKernelsAvailable } from '../../src/linalg/wasm.js';
import { NodeThreadTeam } from '../../src/linalg/threads/node-team.js';
import { teamFor, type ThreadTeam } from '../../src/linalg/threads/team.js';
import { localRowBlockRunner } from '../../src/linalg/threads/row-jobs.js';
import { assertSameBits, dyingTeam, randomHermitian, randomMatrix, randomSymmetric, teamsForFile, withTeam } from '../helpers.js';

const skip = (!wasmKernelsAvailable() || wasmKernels()!.sharedMemory === null)
  && 'the WebAssembly kernels on a shared memory are unavailable (the in-place jobs need them)';

const teams = teamsForFile();

test('in place on the workers alone (3 threads, the caller takes no block): products, Gram matrices, Hermitian and real-symmetric eigenvectors have the bits of one thread', { skip }, () => {
  const team = new NodeThreadTeam(3, { callerWorks: false });
  teams.push(team);
  for (const n of [1, 3, 17, 255]) {
    // square (the rows of C over those of A, through the scratch slots) and not square (C apart)
    for (const [rows, inner, cols] of [[n, n, n], [n, n + 2, n + 1]]) {
      const a = randomMatrix(rows, inner, 10 + n), b = randomMatrix(inner, cols, 20 + n);
      const want = withTeam(null, () => matmul(a, b)), got = withTeam(team, () => matmul(a, b));
      assertSameBits(got.re, want.re, `product re ${rows}×${inner}·${inner}×${cols}`);
      assertSameBits(got.im, want.im, `product im ${rows}×${inner}·${inner}×${cols}`);
    }
  }
  for (const [m, k] of [[1, 3], [17, 5], [255, 255], [130, 301]]) {
    const a = randomSymmetric(Math.max(m, k), 30 + m).subarray(0, m * k);
    assertSameBits(withTeam(team, () => gramRows(a, m, k)), withTeam(null, () => gramRows(a, m, k)), `Gram matrix ${m}×${k}`);
  }
  const blocksBefore = team.stats.workerBlocks;
  for (const n of [17, 255]) {
    const a = randomHermitian(n, 40 + n);
    const want = withTeam(null, () => eigh(a)), got = withTeam(team, () => eigh(a));
    assertSameBits(got.values, want.values, `eigenvalues n = ${n}`);
    assertSameBits(got.vectors!.re, want.vectors!.re, `eigenvectors re n = ${n}`);
    assertSameBits(got.vectors!.im, want.vectors!.im, `eigenvectors im n = ${n}`);
  }
  for (const n of [17, 255]) {
    const a = randomSymmetric(n, 50 + n);
    const want = withTeam(null, () => eighSymmetric(a, n)), got = withTeam(team, () => eighSymmetric(a, n));
    assertSameBits(got.values, want.values, `real eigenvalues n = ${n}`);
    assertSameBits(got.vectors!, want.vectors!, `real eigenvectors n = ${n}`);
    // Into a caller's shared array (a disorder average's reused one): the workers write it directly.
    const out = new Float64Array(new SharedArrayBuffer(8 * n * n));
    const into = withTeam(team, () => eighSymmetric(a, n, { out }));
    assert.equal(into.vectors, out, `n = ${n}: the shared out is the result`);
    assertSameBits(out, want.vectors!, `real eigenvectors into out n = ${n}`);
    const g = new Float64Array(new SharedArrayBuffer(8 * n * n));
    assert.equal(withTeam(team, () => gramRows(want.vectors!, n, n, g)), g, `n = ${n}: the Gram matrix into the shared out`);
    assertSameBits(g, withTeam(null, () => gramRows(want.vectors!, n, n)), `Gram matrix into out n = ${n}`);
  }
  assert.ok(team.stats.workerBlocks > blocksBefore, 'the workers computed the blocks');
});

const DYING_CASES = [
  ['zgemm', 'product'], ['gram', 'Gram matrix'], ['zreflect', 'complex back-transformation'], ['wyreflect', 'real back-transformation'],
  ['dchalf', 'real divide-and-conquer half'], ['dchalf', 'complex divide-and-conquer half'],
] as const;

for (const [kind, what] of DYING_CASES) {
  test(`a worker that dies inside an in-place ${what} block: the caller computes alone with the same bits, the region stays reserved`, { skip }, () => {
    const team = dyingTeam(kind);
    teams.push(team);
    const n = 255;
    const w = wasmKernels()!;
    const freeBefore = w.reserve(0);
    const t0 = performance.now();
    if (kind === 'zgemm') {
      const a = randomMatrix(n, n, 71), b = randomMatrix(n, n, 72);
      const want = withTeam(null, () => matmul(a, b)), got = withTeam(team, () => matmul(a, b));
      assert.ok(performance.now() - t0 >= 290, 'the caller waited for the stall guard');
      assertSameBits(got.re, want.re, 'product re with a dead worker');
      assertSameBits(got.im, want.im, 'product im with a dead worker');
    } else if (kind === 'gram') {
      const a = randomSymmetric(n, 563);
      const want = withTeam(null, () => gramRows(a, n, n)), got = withTeam(team, () => gramRows(a, n, n));
      assert.ok(performance.now() - t0 >= 290, 'the caller waited for the stall guard');
      assertSameBits(got, want, 'Gram matrix with a dead worker');
    } else if (kind === 'wyreflect' || what === 'real divide-and-conquer half') {
      const a = randomSymmetric(n, 562);
      const want = withTeam(null, () => eighSymmetric(a, n)), got = withTeam(team, () => eighSymmetric(a, n));
      assert.ok(performance.now() - t0 >= 290, 'the caller waited for the stall guard');
      assertSameBits(got.values, want.values, 'eigenvalues with a dead worker');
      assertSameBits(got.vectors!, want.vectors!, 'eigenvectors with a dead worker');
    } else {
      const a = randomHermitian(n, 561);
      const want = withTeam(null, () => eigh(a)), got = withTeam(team, () => eigh(a));
      assert.ok(performance.now() - t0 >= 290, 'the caller waited for the stall guard');
      assertSameBits(got.values, want.values, 'eigenvalues with a dead worker');
      assertSameBits(got.vectors!.re, want.vectors!.re, 'eigenvectors re with a dead worker');
      assertSameBits(got.vectors!.im, want.vectors!.im, 'eigenvectors im with a dead worker');
    }
    assert.equal(team.running, false, 'the team is stopped');
    assert.equal(team.broken, true, 'for good');
    const freeAfter = w.reserve(0);
    assert.ok(freeAfter > freeBefore, 'the job\'s region stays reserved after the stall');
    // A broken team is not handed out: later calls with it installed run on this thread and give up no memory.
    withTeam(team, () => {
      assert.equal(teamFor(Number.MAX_SAFE_INTEGER), null, 'teamFor skips the broken team');
      const a = randomMatrix(n, n, 75), b = randomMatrix(n, n, 76);
      matmul(a, b);
      eighSymmetric(randomSymmetric(n, 77), n);
    });
    assert.equal(w.reserve(0), freeAfter, 'no region given up by later calls');
    // Later work in the process is unaffected (it lays out after the abandoned region).
    const a = randomMatrix(n, n, 73), b = randomMatrix(n, n, 74);
    const once = withTeam(null, () => matmul(a, b)), again = withTeam(null, () => matmul(a, b));
    assertSameBits(again.re, once.re, 'a later product');
  });
}

test('abandon: no later region starts before the slots given up, whatever is released; keep and release go on above them', { skip }, () => {
  const w = wasmKernels()!;
  const r = w.reserve(4);
  const outer = w.keep(4); // e.g. a solver's kept operands
  const r2 = w.reserve(10);
  assert.equal(r2, r + 4);
  w.abandon(6); // the first 6 slots of r2's region, and the kept ones below them
  w.release(outer);
  const r3 = w.reserve(2);
  assert.ok(r3 >= r2 + 6, `a region after the release starts at ${r3}, not before ${r2 + 6}`);
  const inner = w.keep(2);
  assert.equal(w.reserve(2), r3 + 2, 'a keep above the given-up slots works as before');
  w.release(inner);
  assert.equal(w.reserve(2), r3, 'and so does its release');
});

test('a divide-and-conquer half whose block fails where it ran (its arena short), after writing into the matrix: the caller solves it again with the same bits', { skip }, () => {
  // A team whose "worker" is this thread: it takes the lower half's block with a quarter of its arena,
  // so the half's recursion writes its leaves and lower merges into q and then fails; every other job
  // it refuses (the caller computes those alone).
  let failedHalves = 0;
  const team: ThreadTeam = {
    size: 2, running: true, broken: false,
    shared: (doubles) => new Float64Array(new SharedArrayBuffer(8 * doubles)),
    run: (job, afterPost) => {
      afterPost?.();
      if (job.kind !== 'dchalf') return false;
      const short = { ...job, place: { ...job.place, arenaDoubles: Math.floor(job.place.arenaDoubles / 4) } };
      assert.equal(localRowBlockRunner()!.runBlock(short, 0, 1), false, 'the short arena fails the block');
      failedHalves++;
      return false;
    },
    prestart: () => {}, close: async () => {}, lend: () => false, fail: () => {},
  };
  for (const n of [255, 400]) {
    const a = randomSymmetric(n, 580 + n);
    const want = withTeam(null, () => eighSymmetric(a, n)), got = withTeam(team, () => eighSymmetric(a, n));
    assertSameBits(got.values, want.values, `eigenvalues n = ${n}`);
    assertSameBits(got.vectors!, want.vectors!, `eigenvectors n = ${n}`);
    const c = randomHermitian(n, 590 + n);
    const wantC = withTeam(null, () => eigh(c)), gotC = withTeam(team, () => eigh(c));
    assertSameBits(gotC.vectors!.re, wantC.vectors!.re, `complex eigenvectors re n = ${n}`);
    assertSameBits(gotC.vectors!.im, wantC.vectors!.im, `complex eigenvectors im n = ${n}`);
  }
  assert.ok(failedHalves >= 4, 'every solve sent its lower half out (the real one twice: its back-transformation, refused too, computes Zᵀ again)');
});
