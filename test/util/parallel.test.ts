import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableThreads, chunkTaskRunner, chunksOf, runChunks, setParallelPlatform, type Chunk, type ChunkJob, type ChunkTask, type ParallelPlatform } from '../../src/util/parallel.js';
import { goldenSectionMinimum } from '../../src/util/golden-section.js';

/** A job whose chunk result is the list of its unit numbers (so order and coverage are visible). */
const unitsJob: ChunkJob<{ scale: number }, { scale: number; prepared: number }, Chunk, number[]> = {
  kind: 'units',
  prepare: (p) => ({ ...p, prepared: 1 }),
  run: (s, c) => Array.from({ length: c.count }, (_, i) => (c.first + i) * s.scale),
};

/** An in-process "pool" that finishes tasks in a scrambled order, as threads would. */
function scramblingPlatform(log: string[]): ParallelPlatform {
  return {
    threads: () => 3,
    openPool(threads) {
      log.push(`open ${threads}`);
      const run = chunkTaskRunner(unitsJob);
      let k = 0;
      return {
        run: async (kind, input) => {
          assert.equal(kind, 'units');
          const delay = [7, 1, 4, 0, 3][k++ % 5];
          await new Promise((r) => setTimeout(r, delay));
          return run(structuredClone(input) as ChunkTask<{ scale: number }, Chunk>);
        },
        close: async () => { log.push('close'); },
      };
    },
  };
}

test('chunksOf covers every unit once, in order', () => {
  assert.deepEqual(chunksOf(10, 4), [{ index: 0, first: 0, count: 4 }, { index: 1, first: 4, count: 4 }, { index: 2, first: 8, count: 2 }]);
});

test('runChunks returns chunk results in chunk order for any thread count and task grouping', async () => {
  const chunks = chunksOf(23, 3);
  const serial = await runChunks(unitsJob, { scale: 2 }, chunks, { workers: 1 });
  assert.deepEqual(serial.flat(), Array.from({ length: 23 }, (_, i) => 2 * i));
  const log: string[] = [];
  setParallelPlatform(scramblingPlatform(log));
  try {
    assert.equal(availableThreads(), 3);
    for (const [workers, chunksPerTask] of [[2, 1], [3, 2], [5, 3]]) {
      const fractions: number[] = [];
      const par = await runChunks(unitsJob, { scale: 2 }, chunks, { workers, chunksPerTask, progress: (f) => fractions.push(f) });
      assert.deepEqual(par, serial);
      assert.equal(fractions[fractions.length - 1], 1);
      assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]));
    }
    assert.deepEqual(log, ['open 2', 'close', 'open 3', 'close', 'open 5', 'close']);
  } finally {
    setParallelPlatform(null);
  }
  assert.equal(availableThreads(), 1);
});

test('runChunks with callerWorks: a pool of one thread fewer, the caller and the pool both take chunks, results in chunk order', async () => {
  const chunks = chunksOf(40, 3);
  const serial = await runChunks(unitsJob, { scale: 3 }, chunks, { workers: 1 });
  const log: string[] = [];
  setParallelPlatform(scramblingPlatform(log));
  try {
    let callerRuns = 0;
    const counting = { ...unitsJob, run: (s: { scale: number; prepared: number }, c: Chunk) => { callerRuns++; return unitsJob.run(s, c); } };
    for (const [workers, chunksPerTask] of [[2, 1], [3, 2], [2, 40]]) {
      callerRuns = 0;
      const fractions: number[] = [];
      const seen = new Set<number>();
      const par = await runChunks(counting, { scale: 3 }, chunks, {
        workers, chunksPerTask, callerWorks: true, progress: (f) => fractions.push(f), onResult: (at) => seen.add(at),
      });
      assert.deepEqual(par, serial);
      assert.equal(seen.size, chunks.length, 'every result reported once');
      assert.equal(fractions[fractions.length - 1], 1);
      assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]));
      assert.ok(callerRuns > 0, `the caller ran chunks (${workers} threads, ${chunksPerTask} per task)`);
      assert.ok(callerRuns < chunks.length, 'the pool ran chunks');
    }
    assert.deepEqual(log, ['open 1', 'close', 'open 2', 'close', 'open 1', 'close']);
    // a chunk that throws on the caller rejects the run (after the pool's tasks settle) and closes the pool
    const failing = { ...unitsJob, run: (s: { scale: number; prepared: number }, c: Chunk) => { if (c.index === 5) throw new Error('chunk 5 failed'); return unitsJob.run(s, c); } };
    await assert.rejects(runChunks(failing, { scale: 1 }, chunks, { workers: 2, callerWorks: true }), /chunk 5 failed/);
    assert.equal(log[log.length - 1], 'close');
  } finally {
    setParallelPlatform(null);
  }
});

test('runChunks with callerWorks yields through a MessageChannel where there is no setImmediate (browsers)', async () => {
  const chunks = chunksOf(20, 3);
  const serial = await runChunks(unitsJob, { scale: 5 }, chunks, { workers: 1 });
  const g = globalThis as { setImmediate?: unknown };
  const saved = g.setImmediate;
  setParallelPlatform(scramblingPlatform([]));
  try {
    delete g.setImmediate;
    assert.deepEqual(await runChunks(unitsJob, { scale: 5 }, chunks, { workers: 2, callerWorks: true }), serial);
  } finally {
    g.setImmediate = saved;
    setParallelPlatform(null);
  }
});

test('runChunks: an aborted signal rejects before any chunk runs', async () => {
  const ac = new AbortController();
  ac.abort(new Error('stop here'));
  let ran = 0;
  const job = { ...unitsJob, run: (s: { scale: number; prepared: number }, c: Chunk) => { ran++; return unitsJob.run(s, c); } };
  await assert.rejects(runChunks(job, { scale: 1 }, chunksOf(8, 2), { workers: 1, signal: ac.signal }), /stop here/);
  assert.equal(ran, 0);
});

test('goldenSectionMinimum finds the minimum of a parabola and of |x − a|^(1/2) to the tolerance', () => {
  const p = goldenSectionMinimum((x) => (x - 2) ** 2 + 1, 0, 5, { tolerance: 1e-10 });
  assert.ok(Math.abs(p.x - 2) < 1e-5 && Math.abs(p.value - 1) < 1e-10, JSON.stringify(p)); // flat minimum: x to √tol
  const cusp = goldenSectionMinimum((x) => Math.sqrt(Math.abs(x - 0.3)), -1, 2, { tolerance: 1e-12 });
  assert.ok(Math.abs(cusp.x - 0.3) < 1e-11, String(cusp.x));
  assert.throws(() => goldenSectionMinimum((x) => x, 1, 1), /empty bracket/);
});
