/**
 * Issue 18 lever 6, "no per-call worker start": mcsolve keeps its worker pool alive between calls
 * (runChunks keepPool). Checked: two consecutive threaded calls open ONE pool and give the same bits
 * as each other, as a fresh pool and as one thread (each chunk's bits do not depend on the thread
 * that runs it); a process whose last mcsolve left the pool alive still exits by itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mcsolve, setPoolStartupEstimate } from '../../src/solvers/mcsolve/index.js';
import { sparseLinearCombination, sparseScale } from '../../src/linalg/sparse.js';
import { sigmaMinus, sigmaX, sigmaZ } from '../../src/quantum/spin.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import { nodePlatform } from '../../src/runner/node-platform.js';
import { closeKeptPool, keptPoolThreads, setParallelPlatform } from '../../src/util/parallel.js';

const H = sparseLinearCombination([{ matrix: sigmaZ(), re: 2 * Math.PI * 1e3 }, { matrix: sigmaX(), re: 2 * Math.PI * 300 }]);
const C = sparseScale(sigmaMinus(), Math.sqrt(2e3));
const times = Array.from({ length: 21 }, (_, i) => i * 1e-4);
const options = { times, eOps: [sigmaZ(), sigmaX()], ntraj: 96, seed: 17 };

function sameBits(a: Awaited<ReturnType<typeof mcsolve>>, b: Awaited<ReturnType<typeof mcsolve>>, label: string): void {
  for (let k = 0; k < 2; k++) {
    assert.deepEqual(Array.from(a.expect[k].re), Array.from(b.expect[k].re), `${label}: expect ${k}`);
    assert.deepEqual(Array.from(a.stdErr[k].re), Array.from(b.stdErr[k].re), `${label}: stdErr ${k}`);
  }
  assert.deepEqual(Array.from(a.jumpCounts), Array.from(b.jumpCounts), `${label}: jumps`);
}

test('mcsolve keeps its worker pool: two consecutive calls open one pool, same bits as a fresh pool and as one thread', async () => {
  let opened = 0;
  setParallelPlatform({ threads: () => nodePlatform.threads(), openPool: (t) => { opened++; return nodePlatform.openPool(t); } });
  const previous = setPoolStartupEstimate(0); // this small ensemble would otherwise stay on the calling thread
  try {
    await closeKeptPool();
    const first = await mcsolve(H, [C], ComplexVector.basis(2, 0), { ...options, workers: 2 });
    assert.equal(first.stats.workers, 2);
    assert.equal(keptPoolThreads(), 2);
    const second = await mcsolve(H, [C], ComplexVector.basis(2, 0), { ...options, workers: 2 });
    assert.equal(opened, 1, 'the second call reuses the first call\'s pool');
    sameBits(first, second, 'kept pool, second call');
    await closeKeptPool();
    assert.equal(keptPoolThreads(), 0);
    const fresh = await mcsolve(H, [C], ComplexVector.basis(2, 0), { ...options, workers: 2 });
    assert.equal(opened, 2, 'after closeKeptPool a new pool starts');
    sameBits(first, fresh, 'fresh pool');
    // another thread count replaces the kept pool; the results stay the same
    const three = await mcsolve(H, [C], ComplexVector.basis(2, 0), { ...options, workers: 3 });
    assert.equal(keptPoolThreads(), 3);
    sameBits(first, three, 'three workers');
    sameBits(first, await mcsolve(H, [C], ComplexVector.basis(2, 0), { ...options, workers: 1 }), 'one thread');
  } finally {
    setPoolStartupEstimate(previous);
    await closeKeptPool();
    setParallelPlatform(nodePlatform);
  }
});

test('a process whose mcsolve left the kept pool alive exits by itself (idle workers are unref\'d)', () => {
  const dist = fileURLToPath(new URL('../../src/', import.meta.url));
  const script = `
    import { installNodePlatform } from '${dist}runner/node-platform.js';
    import { mcsolve, setPoolStartupEstimate } from '${dist}solvers/mcsolve/index.js';
    import { keptPoolThreads } from '${dist}util/parallel.js';
    import { sigmaMinus, sigmaZ } from '${dist}quantum/spin.js';
    import { sparseScale } from '${dist}linalg/sparse.js';
    import { ComplexVector } from '${dist}linalg/vector.js';
    installNodePlatform();
    setPoolStartupEstimate(0);
    const r = await mcsolve(sigmaZ(), [sparseScale(sigmaMinus(), 1)], ComplexVector.basis(2, 0), { times: [0, 0.5, 1], eOps: [sigmaZ()], ntraj: 40, seed: 3, workers: 2 });
    console.log('done', r.stats.workers, keptPoolThreads());
  `;
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /done 2 2/);
  assert.ok(Date.now() - started < 60_000, 'the process exited (not killed by the timeout)');
});
