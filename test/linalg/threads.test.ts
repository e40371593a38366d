/**
 * The dense thread team (src/linalg/threads): row-blocked products and the
 * complex back-transformation give the same bits for 1, 2 and 3 threads, on
 * odd sizes, with the blocks taken by the caller and workers together and by
 * the workers alone; a failing job falls back; the team never keeps a process
 * alive. The single-thread results are themselves checked against the
 * TypeScript kernels / the eigen-equation elsewhere (dense, real-dense,
 * eigen-hermitian, wasm-kernels tests); here they are the reference, and
 * equality is exact (===), because determinism for any thread count is the claim.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ComplexMatrix, matmul } from '../../src/linalg/dense.js';
import { gemmNT, gramRows, matmulReal, matmulTransposedReal } from '../../src/linalg/real-dense.js';
import { eigh } from '../../src/linalg/eigen-hermitian.js';
import { eighSymmetric } from '../../src/linalg/eigen-symmetric.js';
import { tridiagonalEigenvectorsInWasm } from '../../src/linalg/tridiagonal.js';
import { setWasmMemoryLimit, wasmKernels, wasmKernelsAvailable } from '../../src/linalg/wasm.js';
import { setThreadMinFlops, setThreadTeam, threadTeam, teamFor, type ThreadTeam } from '../../src/linalg/threads/team.js';
import { NodeThreadTeam, installNodeThreadTeam, threadsFromEnv } from '../../src/linalg/threads/node-team.js';
import { blockRowsFor, wyBlocks } from '../../src/linalg/threads/row-jobs.js';
import { Lcg, assertSameBits, dyingTeam, randomMatrix, randomHermitian, randomSymmetric, teamsForFile, withTeam } from '../helpers.js';

const SIZES = [1, 3, 17, 255, 513];
const skip = !wasmKernelsAvailable() && 'WebAssembly SIMD kernels unavailable (the team runs them)';

const teams = teamsForFile();

/** Teams for 1, 2 and 3 threads (null = no team = the single-thread kernel), and 3 threads with only the workers taking blocks. */
function configurations(): { name: string; team: NodeThreadTeam | null }[] {
  if (teams.length === 0) teams.push(new NodeThreadTeam(2), new NodeThreadTeam(3), new NodeThreadTeam(3, { callerWorks: false }));
  return [
    { name: '1 thread', team: null },
    { name: '2 threads', team: teams[0] },
    { name: '3 threads', team: teams[1] },
    { name: '3 threads, workers only', team: teams[2] },
  ];
}

function randomReal(n: number, seed: number): Float64Array {
  const g = new Lcg(seed);
  return Float64Array.from({ length: n }, () => 2 * g.next() - 1);
}

/** max_k,i |(A v_k)_i − λ_k v_k,i| for eigenvectors as rows. */
function symmetricResidual(a: Float64Array, n: number, values: Float64Array, vectors: Float64Array): number {
  let worst = 0;
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j] * vectors[k * n + j];
    worst = Math.max(worst, Math.abs(s - values[k] * vectors[k * n + i]));
  }
  return worst;
}

test('complex products are bit-identical for 1, 2, 3 threads (odd sizes, square and rectangular)', { skip }, () => {
  const configs = configurations();
  const shapes = [...SIZES.map((n) => [n, n, n]), [17, 255, 3], [255, 1, 513], [513, 17, 255]];
  for (const [n, m, p] of shapes) {
    const a = randomMatrix(n, m, 100 + n + m), b = randomMatrix(m, p, 200 + m + p);
    const want = withTeam(null, () => matmul(a, b));
    for (const { name, team } of configs.slice(1)) {
      const got = withTeam(team, () => matmul(a, b));
      assertSameBits(got.re, want.re, `${n}x${m}·${m}x${p} re, ${name}`);
      assertSameBits(got.im, want.im, `${n}x${m}·${m}x${p} im, ${name}`);
    }
  }
  // The workers-only team computed every block of every product in a worker.
  assert.ok(teams[2].stats.workerBlocks > 0 && teams[2].stats.jobs > 0, 'the workers ran blocks');
});

test('real products (A·B, A·Bᵀ, strided C ← βC + αABᵀ, Gram A·Aᵀ) are bit-identical for 1, 2, 3 threads', { skip }, () => {
  const configs = configurations();
  for (const n of SIZES) {
    const k = n === 513 ? 255 : n + 2;
    const a = randomReal(n * k, 7 + n), b = randomReal(k * n, 8 + n), bt = randomReal(n * k, 9 + n);
    // Strided sub-matrices: C (n×n) inside a wider array with ldc = n + 3, β = 0.5, α = −1.25.
    const ldc = n + 3, c0 = randomReal(n * ldc + 5, 10 + n);
    const run = (): Float64Array[] => {
      const c = c0.slice();
      gemmNT(n, n, k, -1.25, a, 0, k, bt, 0, k, 0.5, c, 5, ldc);
      return [matmulReal(a, b, n, k, n), matmulTransposedReal(a, bt, n, n, k), c, gramRows(a, n, k)];
    };
    const want = withTeam(null, run);
    for (const { name, team } of configs.slice(1)) {
      const got = withTeam(team, run);
      ['A·B', 'A·Bᵀ', 'βC + αA·Bᵀ strided', 'A·Aᵀ'].forEach((what, i) => assertSameBits(got[i], want[i], `${what} n = ${n}, ${name}`));
    }
  }
});

test('Hermitian eigenvectors (threaded divide-and-conquer halves and back-transformation) are bit-identical for 1, 2, 3 threads', { skip }, () => {
  const configs = configurations();
  for (const n of [17, 255, 513]) {
    const a = randomHermitian(n, 300 + n);
    const want = withTeam(null, () => eigh(a));
    for (const { name, team } of configs.slice(1)) {
      const got = withTeam(team, () => eigh(a));
      assertSameBits(got.values, want.values, `eigenvalues n = ${n}, ${name}`);
      assertSameBits(got.vectors!.re, want.vectors!.re, `eigenvectors re n = ${n}, ${name}`);
      assertSameBits(got.vectors!.im, want.vectors!.im, `eigenvectors im n = ${n}, ${name}`);
    }
  }
  // And the threaded result is an eigendecomposition (‖AV − VΛ‖ small), so the bits compared are right ones.
  const n = 255, a = randomHermitian(n, 555);
  const { values, vectors } = withTeam(teams[1], () => eigh(a));
  const av = matmul(a, vectors!);
  let worst = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const k = i * n + j;
    worst = Math.max(worst, Math.hypot(av.re[k] - vectors!.re[k] * values[j], av.im[k] - vectors!.im[k] * values[j]));
  }
  // Backward-stable: residual ≈ n·ε·‖A‖ with ‖A‖ ≈ √n for entries of size ≈ 1: 255·2.2e-16·16 ≈ 1e-12; bound 1e-10.
  assert.ok(worst < 1e-10, `‖AV − VΛ‖_max = ${worst}`);
});

test('real-symmetric eigenvectors (threaded divide-and-conquer halves and compact-WY back-transformation) are bit-identical for 1, 2, 3 threads', { skip }, () => {
  const configs = configurations();
  const before = teams[2].stats.workerBlocks;
  for (const n of SIZES) {
    const a = randomSymmetric(n, 400 + n);
    const want = withTeam(null, () => eighSymmetric(a, n));
    assert.ok(!(want.vectors!.buffer instanceof SharedArrayBuffer), 'one thread: a plain array');
    for (const { name, team } of configs.slice(1)) {
      const got = withTeam(team, () => eighSymmetric(a, n));
      assertSameBits(got.values, want.values, `eigenvalues n = ${n}, ${name}`);
      assertSameBits(got.vectors!, want.vectors!, `eigenvectors n = ${n}, ${name}`);
      // From the divide-and-conquer's order on (n ≥ 25) the threads wrote the rows into a shared result.
      if (n >= 255) assert.ok(got.vectors!.buffer instanceof SharedArrayBuffer, `n = ${n}, ${name}: the threaded path ran`);
    }
  }
  assert.ok(teams[2].stats.workerBlocks > before, 'the workers ran back-transformation blocks');
  // The bits compared are those of an eigendecomposition: residual ≈ n·ε·‖A‖ (‖A‖ ≈ 2√n here:
  // 255·2.2e-16·32 ≈ 2e-12); bound 1e-10.
  const n = 255, a = randomSymmetric(n, 556);
  const { values, vectors } = withTeam(teams[1], () => eighSymmetric(a, n));
  const worst = symmetricResidual(a, n, values, vectors!);
  assert.ok(worst < 1e-10, `‖AV − VΛ‖_max = ${worst}`);
});

test('block sizes keep the kernels\' row grouping and stay below the block limit', () => {
  for (const rows of [1, 3, 17, 255, 513, 100000]) {
    for (const threads of [2, 3, 8]) {
      assert.equal(blockRowsFor('zgemm', rows, threads) % 2, 0);
      assert.equal(blockRowsFor('gemm', rows, threads) % 4, 0);
      assert.equal(blockRowsFor('zreflect', rows, threads) % 16, 0);
      assert.equal(blockRowsFor('wyreflect', rows, threads, 32) % 4, 0);
      assert.ok(Math.ceil(rows / blockRowsFor('gemm', rows, threads)) <= 4000);
    }
  }
});

test('a job that fails in a worker returns false (the caller then computes it alone); a team of one is no team', { skip }, () => {
  const team = new NodeThreadTeam(2, { callerWorks: false });
  teams.push(team);
  // An unknown kind: the worker's runner computes nothing and reports the block as failed.
  const data = team.shared(4);
  assert.equal(team.run({ kind: 'nonsense', data, blockRows: 1, blocks: 3 } as never), false);
  assert.equal(team.stats.workerBlocks, 3);
  // With a sound job afterwards the same team works again.
  const a = randomMatrix(9, 9, 1), b = randomMatrix(9, 9, 2);
  const want = withTeam(null, () => matmul(a, b));
  assertSameBits(withTeam(team, () => matmul(a, b)).re, want.re, 'after a failed job');
  assert.throws(() => new NodeThreadTeam(1), /size must be an integer ≥ 2, got 1/);
  const prev = threadTeam();
  assert.equal(installNodeThreadTeam(1), null);
  setThreadTeam(prev);
});

/** `dyingWorkerTeam` of ../helpers.ts, closed after the file's tests. */
function dyingWorkerTeam(kind?: string, callerWorks = false): NodeThreadTeam {
  const team = dyingTeam(kind, callerWorks);
  teams.push(team);
  return team;
}

test('a worker that dies inside a block does not hang the caller: the team breaks, the caller computes alone with the same bits', { skip }, () => {
  const team = dyingWorkerTeam();
  const a = randomMatrix(64, 64, 3), b = randomMatrix(64, 64, 4);
  const want = withTeam(null, () => matmul(a, b));
  const t0 = performance.now();
  assertSameBits(withTeam(team, () => matmul(a, b)).re, want.re, 'the product with a dead worker');
  const waited = performance.now() - t0;
  assert.ok(waited >= 290, `the caller waited for the stall guard (${waited.toFixed(0)} ms)`);
  // Broken: every later job is refused at once, so callers compute alone and never wait again.
  assert.equal(team.run({ kind: 'zgemm', data: team.shared(4), blockRows: 1, blocks: 1 } as never), false);
  assertSameBits(withTeam(team, () => matmul(a, b)).re, want.re, 'a product after the team broke');
  assert.equal(team.stats.jobs, 0);
});

test('a back-transformation block whose rows the caller never delivers fails (the caller then computes alone)', { skip }, () => {
  const team = new NodeThreadTeam(2, { callerWorks: false });
  teams.push(team);
  const n = 40, L = wyBlocks(n);
  const data = team.shared(L.uSize + L.tSize).fill(0);
  const rows = new Float64Array(new SharedArrayBuffer(8 * n * n)), ready = new Int32Array(new SharedArrayBuffer(4));
  ready[0] = -1; // the caller gave up filling Y
  const job = { kind: 'wyreflect' as const, data, blockRows: 8, blocks: 5, n, rows, ready, u: 0, t: L.uSize };
  assert.equal(team.run(job), false);
  assert.equal(team.stats.workerBlocks, 5, 'the worker took (and failed) every block');
  // Rows delivered while the job runs (after it is posted) are waited for: the same job succeeds.
  ready[0] = 0;
  assert.equal(team.run(job, () => { Atomics.store(ready, 0, n); Atomics.notify(ready, 0); }), true);
  assert.equal(team.stats.workerBlocks, 10);
});

for (const kind of ['dchalf', 'wyreflect'] as const) {
  const stage = kind === 'dchalf' ? 'a divide-and-conquer half' : 'a real back-transformation block';
  test(`a worker that dies inside ${stage}: the stall guard breaks the team, eighSymmetric finishes alone with the same bits`, { skip }, () => {
    const team = dyingWorkerTeam(kind);
    const n = 255, a = randomSymmetric(n, 557);
    const want = withTeam(null, () => eighSymmetric(a, n));
    // The divide-and-conquer's halves go to the team from n³ flops, the back-transformation from 2n³:
    // a threshold between the two leaves the back-transformation as the first job.
    const prev = setThreadMinFlops(kind === 'dchalf' ? 0 : 2 * n * n * n);
    const t0 = performance.now();
    let got;
    try {
      got = withTeam(team, () => eighSymmetric(a, n));
    } finally {
      setThreadMinFlops(prev);
    }
    const waited = performance.now() - t0;
    assert.ok(waited >= 290, `the caller waited for the stall guard (${waited.toFixed(0)} ms)`);
    assertSameBits(got.values, want.values, 'eigenvalues with a dead worker');
    assertSameBits(got.vectors!, want.vectors!, 'eigenvectors with a dead worker (computed on the calling thread)');
    assert.ok(!(got.vectors!.buffer instanceof SharedArrayBuffer), 'the back-transformation ran on one thread');
    assert.equal(team.run({ kind, data: team.shared(4), blockRows: 4, blocks: 1 } as never), false, 'the team is broken');
  });
}

test('a worker that dies in the back-transformation when the wasm memory cannot take the packed reflectors back: they are unpacked into a TypeScript workspace, the result is right', { skip }, () => {
  // The reflectors went to the team's shared array right after the reduction; the single-thread
  // fallback puts them back into the wasm memory, or — with the memory capped so that it cannot — into
  // the TypeScript workspace of the back-transformation (TypeScript products: the same numbers to
  // rounding, not the same bits).
  const n = 255, a = randomSymmetric(n, 559);
  const want = withTeam(null, () => eighSymmetric(a, n));
  const team = dyingWorkerTeam('wyreflect');
  const prevFlops = setThreadMinFlops(2 * n * n * n);
  // Room for the reduction (n² + panels) and the divide-and-conquer (Zᵀ, n², kept, and a merge's region),
  // not for Zᵀ and the reflectors (2n²) at once.
  // (from where the free memory starts now: a region abandoned by an earlier test stays reserved)
  const base = 8 * wasmKernels()!.reserve(0);
  const prevLimit = setWasmMemoryLimit(base + 8 * (2 * n * n - 1));
  let got;
  try {
    got = withTeam(team, () => eighSymmetric(a, n));
  } finally {
    setWasmMemoryLimit(prevLimit);
    setThreadMinFlops(prevFlops);
  }
  assert.ok(!(got.vectors!.buffer instanceof SharedArrayBuffer), 'the back-transformation ran on one thread');
  assertSameBits(got.values, want.values, 'eigenvalues (the tridiagonal part is unchanged)');
  let diff = 0;
  for (let k = 0; k < n * n; k++) diff = Math.max(diff, Math.abs(got.vectors![k] - want.vectors![k]));
  assert.ok(diff < 1e-12, `eigenvectors from the unpacked reflectors: max deviation ${diff}`);
});

test('a worker that dies inside the threaded top merge: the caller redoes its blocks, eighSymmetric finishes with the same bits', { skip }, async () => {
  // The caller works too (the dying worker ignores the divide-and-conquer halves, which the caller then
  // solves), and the worker takes a block of the top merge's products and exits. Whether it gets one
  // before the caller has taken them all is up to the scheduler, so try a few fresh teams.
  const n = 255, a = randomSymmetric(n, 558);
  const want = withTeam(null, () => eighSymmetric(a, n));
  let broke = false;
  for (let attempt = 0; attempt < 6 && !broke; attempt++) {
    const team = dyingWorkerTeam('dctop', true);
    team.prestart();
    await new Promise((r) => setTimeout(r, 100)); // the worker is listening before the first job
    const got = withTeam(team, () => eighSymmetric(a, n));
    assertSameBits(got.values, want.values, 'eigenvalues with a worker dead in the top merge');
    assertSameBits(got.vectors!, want.vectors!, 'eigenvectors with a worker dead in the top merge');
    broke = !team.run({ kind: 'gemm', data: team.shared(4), blockRows: 4, blocks: 1 } as never);
  }
  assert.ok(broke, 'the worker took a top-merge block (and the stall guard broke the team) in one of the attempts');
});

/** A symmetric tridiagonal of order n with clusters of equal diagonal entries and tiny couplings between clusters (heavy deflation). */
function deflatingTridiagonal(n: number, seed: number): { d: Float64Array; e: Float64Array } {
  const g = new Lcg(seed), d = new Float64Array(n), e = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) d[i] = Math.floor(i / 7) % 5;
  for (let i = 0; i < n - 1; i++) e[i] = i % 7 === 6 ? 1e-18 : 0.5 + g.next();
  return { d, e };
}

test('the top merge on the team writes Zᵀ, rows sorted, into the result with the bits of the single-thread merge (also with deflation)', { skip }, () => {
  const wk = wasmKernels()!;
  for (const [what, n, make] of [
    ['random', 255, (m: number) => ({ d: randomReal(m, 31), e: randomReal(m - 1, 32) })],
    ['random', 513, (m: number) => ({ d: randomReal(m, 33), e: randomReal(m - 1, 34) })],
    ['deflating', 301, (m: number) => deflatingTridiagonal(m, 35)],
  ] as const) {
    const { d, e } = make(n);
    const dWant = d.slice();
    const one = withTeam(null, () => tridiagonalEigenvectorsInWasm(dWant, e, new Float64Array(new SharedArrayBuffer(8 * n * n))))!;
    assert.equal(one.inOut, false, 'without a team Zᵀ stays in the wasm memory');
    const want = wk.heap.slice(one.at, one.at + n * n);
    wk.release(one.token);
    for (const { name, team } of configurations().slice(1)) {
      const out = new Float64Array(new SharedArrayBuffer(8 * n * n)).fill(NaN);
      const dGot = d.slice();
      const r = withTeam(team, () => tridiagonalEigenvectorsInWasm(dGot, e, out))!;
      wk.release(r.token);
      assert.equal(r.inOut, true, `${what} n = ${n}, ${name}: the top merge ran on the team`);
      assertSameBits(dGot, dWant, `${what} n = ${n}, ${name}: eigenvalues`);
      assertSameBits(out, want, `${what} n = ${n}, ${name}: Zᵀ (every row written, in ascending order)`);
    }
  }
});

test('prestart with pages to touch: the workers fault them in without changing a value, even while the caller writes', { skip }, () => {
  const team = new NodeThreadTeam(3);
  teams.push(team);
  const buf = new SharedArrayBuffer(8 * 300_001), x = new Float64Array(buf);
  const g = new Lcg(77);
  for (let i = 0; i < x.length; i += 1000) x[i] = g.next();
  const want = x.slice();
  team.prestart({ buffers: [buf], workerDoubles: 100_000 });
  // The caller writes (the same values, and new ones) while the workers touch.
  for (let i = 1; i < x.length; i += 997) x[i] = want[i] = -i;
  // A job after the request: a worker handles messages in order, so its touching is done when it takes blocks.
  const a = randomMatrix(40, 40, 9), b = randomMatrix(40, 40, 10);
  assertSameBits(withTeam(team, () => matmul(a, b)).re, withTeam(null, () => matmul(a, b)).re, 'a product after the request');
  assertSameBits(x, want, 'the touched buffer');
  // Byte ranges of a buffer (unaligned ends), in a chosen order, some before the workers' own regions
  // (buffersFirst), or all of them (buffersFirst past the end).
  const other = new SharedArrayBuffer(8 * 5_003), y = new Float64Array(other);
  y.fill(0.25);
  team.prestart({ buffers: [{ buffer: buf, from: 8 * 150_003, to: 8 * 300_001 }, { buffer: buf, from: 12, to: 8 * 150_003 }, other], buffersFirst: 1, workerDoubles: 200_000 });
  team.prestart({ buffers: [{ buffer: other, from: 0, to: 4096 * 3 + 5 }], buffersFirst: 9, workerDoubles: 50_000 });
  for (let i = 2; i < x.length; i += 991) x[i] = want[i] = i / 7;
  assertSameBits(withTeam(team, () => matmul(a, b)).re, withTeam(null, () => matmul(a, b)).re, 'a product after the ranged requests');
  assertSameBits(x, want, 'the buffer touched by ranges');
  assert.ok(y.every((v) => v === 0.25), 'the second buffer');
});

test('SPINDRIFT_THREADS: a positive integer, or unset; anything else is a one-line error naming it', () => {
  assert.equal(threadsFromEnv({}), null);
  assert.equal(threadsFromEnv({ SPINDRIFT_THREADS: '' }), null);
  assert.equal(threadsFromEnv({ SPINDRIFT_THREADS: '1' }), 1);
  assert.equal(threadsFromEnv({ SPINDRIFT_THREADS: ' 3 ' }), 3);
  for (const bad of ['0', '-2', '1.5', 'two', '2x']) {
    assert.throws(() => threadsFromEnv({ SPINDRIFT_THREADS: bad }), new RegExp(`^RangeError: SPINDRIFT_THREADS must be a positive integer, got "${bad}"$`));
  }
});

test('teamFor: no team below the size threshold', () => {
  const team = new NodeThreadTeam(2);
  const prev = setThreadTeam(team);
  const min = setThreadMinFlops(1000);
  try {
    assert.equal(teamFor(999), null);
    assert.equal(teamFor(1000), team);
  } finally {
    setThreadMinFlops(min);
    setThreadTeam(prev);
  }
});

test('a process whose thread team has run jobs exits on its own (the workers are unref\'d)', { skip }, () => {
  const engine = fileURLToPath(new URL('../../src/node.js', import.meta.url));
  const script = `
    const sd = await import(${JSON.stringify(engine)});
    const a = sd.ComplexMatrix.identity(300);
    const c = sd.matmul(a, a);
    process.stdout.write(String(c.re[0] + c.re[301]));`;
  // A hang would hit the 60 s timeout (status null); this is a liveness check, not a timing assertion.
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, SPINDRIFT_THREADS: '2' } });
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0, `exit status ${r.status} (signal ${r.signal})`);
  assert.equal(r.stdout, '2');
});

test('the CLI refuses a bad SPINDRIFT_THREADS with one line and exit status 2', () => {
  const bin = fileURLToPath(new URL('../../../bin/spindrift.js', import.meta.url));
  const r = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, SPINDRIFT_THREADS: 'many' } });
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'spindrift: SPINDRIFT_THREADS must be a positive integer, got "many"\n');
  assert.equal(r.stdout, '');
});
