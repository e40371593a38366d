/**
 * The blocked reduction's panels on two threads (src/linalg/tridiagonalize-threaded.ts,
 * wasm/kernels.ts `trdPanel`/`trdPartner`): the same bits as on one thread — with a real
 * worker that joins, with a lent worker that never comes, and with one that takes a block and
 * hangs (the caller gives up after the stall time and reduces again alone) — and the same bits
 * from the two builds of the kernels (own memory, shared memory). Equality is exact (===):
 * determinism for any thread count is the claim; the single-thread results are checked against
 * the eigen-equation in eigen-symmetric.test.ts.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { eighSymmetric } from '../../src/linalg/eigen-symmetric.js';
import { instantiateOn, wasmKernels, wasmKernelsAvailable, type KernelExports } from '../../src/linalg/wasm.js';
import { KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from '../../src/linalg/wasm-kernels.generated.js';
import { setThreadTeam, type ThreadTeam } from '../../src/linalg/threads/team.js';
import { NodeThreadTeam } from '../../src/linalg/threads/node-team.js';
import { setReductionStallMs, STALL_MS, threadedReductionStats, type ReductionLoan } from '../../src/linalg/tridiagonalize-threaded.js';
import { assertSameBits, randomSymmetric, withTeam } from '../helpers.js';

const skip = (!wasmKernelsAvailable() || wasmKernels()?.sharedMemory === null) && 'no WebAssembly kernels on a shared memory here';
/** Orders from the threaded reduction's threshold (256) up, odd ones included. */
const SIZES = [256, 301, 513];

const prevTeam = setThreadTeam(null);
const teams: NodeThreadTeam[] = [];
after(async () => {
  setThreadTeam(prevTeam);
  setReductionStallMs(STALL_MS);
  await Promise.all(teams.map((t) => t.close()));
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('with a worker of the team joining, eigenvalues and eigenvectors have the bits of one thread', { skip }, async () => {
  const team = new NodeThreadTeam(2);
  teams.push(team);
  team.prestart();
  await sleep(500); // the worker up and idle: it joins the reduction at once
  const joined = threadedReductionStats.joined;
  for (const n of SIZES) {
    const a = randomSymmetric(n, 700 + n);
    const want = withTeam(null, () => eighSymmetric(a, n));
    for (let round = 0; round < 2; round++) {
      const got = withTeam(team, () => eighSymmetric(a, n));
      assertSameBits(got.values, want.values, `eigenvalues n = ${n}`);
      assertSameBits(got.vectors!, want.vectors!, `eigenvectors n = ${n}`);
      await sleep(20); // (the worker goes back to its prestart pages between calls)
    }
    const valuesOnly = withTeam(null, () => eighSymmetric(a, n, { vectors: false })).values;
    assertSameBits(withTeam(team, () => eighSymmetric(a, n, { vectors: false })).values, valuesOnly, `eigenvalues only, n = ${n}`);
  }
  assert.ok(threadedReductionStats.joined > joined, 'the worker joined the reduction');
});

/** A team that lends "a worker" by calling `onLend` (and runs no row jobs: the caller computes those alone). */
function fakeTeam(onLend: (loan: ReductionLoan) => void, failures: { count: number }): ThreadTeam {
  return {
    size: 2,
    running: true,
    broken: false,
    shared: (doubles) => new Float64Array(new SharedArrayBuffer(8 * doubles)),
    run: () => false,
    prestart: () => {},
    close: async () => {},
    lend: (loan) => {
      onLend(loan as ReductionLoan);
      return true;
    },
    fail: () => {
      failures.count++;
    },
  };
}

test('a lent worker that never comes: the caller takes every block, with the same bits', { skip }, () => {
  const failures = { count: 0 };
  const team = fakeTeam(() => {}, failures);
  const n = 301, a = randomSymmetric(n, 91);
  const want = withTeam(null, () => eighSymmetric(a, n));
  const loans = threadedReductionStats.loans, joined = threadedReductionStats.joined;
  const got = withTeam(team, () => eighSymmetric(a, n));
  assertSameBits(got.values, want.values, 'eigenvalues');
  assertSameBits(got.vectors!, want.vectors!, 'eigenvectors');
  assert.equal(threadedReductionStats.loans, loans + 1, 'a loan was made');
  assert.equal(threadedReductionStats.joined, joined, 'nobody joined');
  assert.equal(failures.count, 0);
});

test('a worker that takes a block and hangs: after the stall time the caller reduces again alone, with the same bits', { skip }, async () => {
  const failures = { count: 0 };
  const hung: Worker[] = [];
  // The "worker" takes a block of a command posted (the first it sees open), then never reports it done.
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    const c = new Int32Array(workerData.memory.buffer, workerData.ctl, 16);
    parentPort.postMessage('spinning');
    for (;;) {
      const t = Atomics.load(c, 0), blocks = Atomics.load(c, 6);
      if ((t & 0xfff) < blocks && Atomics.compareExchange(c, 0, t, t + 1) === t) break;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);`;
  const team = fakeTeam(() => {}, failures);
  // n = 513: the rank-64 updates' row blocks stay open for ~ms while the caller computes one, so the spinning
  // thread, if it runs at all during the call, takes one; on a loaded machine it may not run during a whole
  // call, hence up to 3 calls (each a normal reduction with the same bits until the worker has taken a block).
  const n = 513, a = randomSymmetric(n, 92);
  const want = withTeam(null, () => eighSymmetric(a, n));
  setReductionStallMs(100);
  try {
    // Started (on the kernels' memory and control block) before the call, it spins until a command is posted.
    const w = wasmKernels()!;
    const worker = new Worker(code, { eval: true, workerData: { memory: w.sharedMemory, ctl: w.control } });
    hung.push(worker);
    await new Promise((resolve) => worker.once('message', resolve));
    for (let attempt = 0; attempt < 3 && failures.count === 0; attempt++) {
      const got = withTeam(team, () => eighSymmetric(a, n));
      assertSameBits(got.values, want.values, `eigenvalues, call ${attempt + 1}`);
      assertSameBits(got.vectors!, want.vectors!, `eigenvectors, call ${attempt + 1}`);
    }
    assert.equal(failures.count, 1, 'the team was told its worker failed');
    // From then on no loan is made (the threaded reduction is off for the process), still the same bits.
    const loans = threadedReductionStats.loans;
    assertSameBits(withTeam(team, () => eighSymmetric(a, n)).values, want.values, 'eigenvalues, later call');
    assert.equal(threadedReductionStats.loans, loans, 'no loan after a dead worker');
  } finally {
    setReductionStallMs(STALL_MS);
    await Promise.all(hung.map((w) => w.terminate()));
  }
});

/** Runs the reduction's panels (one thread) and tail on `e` over its memory; returns d, eS, tau and the reduced upper triangle. */
function reduceOn(e: KernelExports, a: Float64Array, n: number): Float64Array[] {
  const nb = 32, panels = Math.floor((n - 64) / nb), chunks = e.trdChunks();
  const base = 1 << 16; // bytes, past the module's data and control block
  const doubles = n * n + 7 * n + (chunks - 1) * n + 2 * nb + 6 * nb * n + 16;
  const mem = e.memory;
  const need = base + 8 * doubles - mem.buffer.byteLength;
  if (need > 0) mem.grow(Math.ceil(need / 65536));
  const h = new Float64Array(mem.buffer);
  const o = base / 8, pa = o, pd = pa + n * n, pe = pd + n, pt = pe + n, pu = pt + n, pq = pu + 4 * n, pdots = pq + (chunks - 1) * n, pp = pdots + 2 * nb;
  h.fill(0, pa, pp + 6 * nb * n);
  for (let i = 0; i < n; i++) h.set(a.subarray(i * n + i, i * n + n), pa + i * n + i);
  for (let p = 0, k0 = 0; p < panels; p++, k0 += nb) {
    const ok = e.trdPanel(n, k0, nb, pa * 8, pd * 8, pe * 8, pt * 8, (pu + 2 * n) * 8, (pu + 3 * n) * 8, pq * 8, pdots * 8,
      pp * 8, (pp + nb * n) * 8, (pp + 2 * nb * n) * 8, 0, 0);
    assert.equal(ok, 1);
  }
  for (let k = panels * nb; k < n; k += 4) {
    e.tridiagonalize(n, k, Math.min(k + 4, n), pa * 8, pd * 8, pe * 8, pt * 8, pu * 8, (pu + n) * 8, (pu + 2 * n) * 8, (pu + 3 * n) * 8);
  }
  const upper = new Float64Array(n * (n + 1) / 2);
  for (let i = 0, at = 0; i < n; at += n - i, i++) upper.set(h.subarray(pa + i * n + i, pa + i * n + n), at);
  return [h.slice(pd, pd + n), h.slice(pe, pe + n - 1), h.slice(pt, pt + n), upper];
}

test('the two builds of the kernels (own memory, shared memory) reduce with the same bits', { skip: !wasmKernelsAvailable() && 'no WebAssembly kernels' }, () => {
  const compile = (s: string): object => new (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } })
    .WebAssembly.Module(new Uint8Array(Buffer.from(s, 'base64')));
  const plain = instantiateOn(compile(KERNELS_WASM_BASE64), null);
  const shared = instantiateOn(compile(KERNELS_SHARED_WASM_BASE64), null);
  assert.ok(!(plain.memory.buffer instanceof SharedArrayBuffer), 'the plain build has its own memory');
  assert.ok(shared.memory.buffer instanceof SharedArrayBuffer, 'the shared build is on a shared memory');
  for (const n of [97, 301]) {
    const a = randomSymmetric(n, 31 + n);
    const [dp, ep, tp, up] = reduceOn(plain, a, n), [ds, es, ts, us] = reduceOn(shared, a, n);
    assertSameBits(ds, dp, `d, n = ${n}`);
    assertSameBits(es, ep, `e, n = ${n}`);
    assertSameBits(ts, tp, `tau, n = ${n}`);
    assertSameBits(us, up, `reflectors, n = ${n}`);
  }
});
