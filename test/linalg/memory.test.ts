/**
 * Memory behaviour that can be checked deterministically (issue 18, "peak
 * memory ≤ the peer's"): the WebAssembly memory never shrinks, so how far an
 * operation grows it is part of its cost for the rest of the process; and the
 * Node platform must not load the pool library before a pool opens. Each check
 * runs in a fresh Node process, so nothing else has grown that process's wasm
 * memory or loaded modules before it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { wasmKernelsAvailable } from '../../src/linalg/wasm.js';

const skip = !wasmKernelsAvailable();
const mod = (p: string): string => JSON.stringify(fileURLToPath(new URL(`../../src/${p}`, import.meta.url)));

/** Runs an ES module script in a fresh process (no thread team) and returns what it printed, parsed as JSON. */
function fresh(script: string): any {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8', timeout: 120_000, env: { ...process.env, SPINDRIFT_THREADS: '1', SPINDRIFT_WASM: '1' },
  });
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0, `exit status ${r.status} (signal ${r.signal})`);
  return JSON.parse(r.stdout);
}

test('gramRows grows the wasm memory to A plus one 64-row strip of G, not A plus all of G, and reuses it on the next call', { skip }, () => {
  // m = 700, k = 300: A is 1.6 MiB, all of G 3.7 MiB, one strip 0.34 MiB.
  const out = fresh(`
    const { gramRows, gemmNT } = await import(${mod('linalg/real-dense.js')});
    const { wasmKernels } = await import(${mod('linalg/wasm.js')});
    const m = 700, k = 300;
    const a = Float64Array.from({ length: m * k }, (_, i) => Math.sin(0.37 * i) + 0.01 * (i % 7));
    const w = wasmKernels();
    const heapBase = (w.exports.heapBase() + 15) & ~15;
    const g = gramRows(a, m, k);
    const after1 = w.exports.memory.buffer.byteLength;
    const g2 = gramRows(a, m, k);
    const after2 = w.exports.memory.buffer.byteLength;
    // the same kernel calls on the same strips with all of G in the wasm memory (the previous layout), as the reference
    const ref = new Float64Array(m * m);
    for (let i0 = 0; i0 < m; i0 += 64) gemmNT(Math.min(64, m - i0), m - i0, k, 1, a, i0 * k, k, a, i0 * k, k, 0, ref, i0 * m + i0, m);
    let same = true;
    for (let i = 0; i < m; i++) for (let j = i; j < m; j++) if (!Object.is(g[i * m + j], ref[i * m + j]) || g[j * m + i] !== g[i * m + j] || g2[i * m + j] !== g[i * m + j]) same = false;
    process.stdout.write(JSON.stringify({ heapBase, after1, after2, same }));`);
  const m = 700, k = 300, PAGE = 65536;
  const bound = Math.ceil((out.heapBase + 8 * (((m * k + 1) & ~1) + 64 * m)) / PAGE) * PAGE;
  assert.ok(out.after1 <= bound, `wasm memory ${out.after1} B > A + one strip = ${bound} B`);
  assert.ok(out.after1 < 8 * (m * k + m * m), 'the memory must not hold A and all of G');
  assert.equal(out.after2, out.after1, 'the second call reuses the region');
  assert.equal(out.same, true, 'G equals the strip-by-strip products with all of G resident, bit for bit, mirrored exactly');
});

test('the Node platform loads piscina only when the first pool opens', () => {
  const out = fresh(`
    import { createRequire } from 'node:module';
    const req = createRequire(import.meta.url);
    const loaded = () => Object.keys(req.cache).some((f) => f.includes('/node_modules/piscina/'));
    const sd = await import(${mod('node.js')});
    const before = loaded();
    const { openPool } = await import(${mod('util/parallel.js')});
    const pool = openPool(2);
    const opened = loaded();
    await pool.close();
    process.stdout.write(JSON.stringify({ before, opened, platform: typeof sd.installNodePlatform }));`);
  assert.deepEqual(out, { before: false, opened: true, platform: 'function' });
});

test('the Node platform does not load the team\'s job code until code that posts jobs is loaded', { skip }, () => {
  // A rate convolution (seed 002's Fig. 3a) and a mean-field ODE load no dense linear algebra; a dense product
  // does, and then finds the team's runtime (and computes on it: the same bits as one thread).
  const out = fresh(`
    const { installNodePlatform, installNodeThreadTeam } = await import(${mod('runner/node-platform.js')});
    installNodePlatform();
    const team = installNodeThreadTeam(2);
    const { teamRuntime, setThreadMinFlops } = await import(${mod('linalg/threads/team.js')});
    await import(${mod('models/spin-diffusion/geometry.js')});
    await import(${mod('models/spin-domains/mean-field.js')});
    const before = teamRuntime() !== null;
    const { ComplexMatrix, matmulInto } = await import(${mod('linalg/dense.js')});
    const after = teamRuntime() !== null;
    setThreadMinFlops(1);
    const n = 96, a = ComplexMatrix.zeros(n, n), b = ComplexMatrix.zeros(n, n);
    for (let i = 0; i < n * n; i++) { a.re[i] = Math.sin(i); a.im[i] = Math.cos(3 * i); b.re[i] = Math.sin(7 * i); b.im[i] = 0.5 - (i % 5); }
    const threaded = matmulInto(ComplexMatrix.zeros(n, n), a, b);
    const jobs = team.stats.jobs;
    installNodeThreadTeam(1);
    const single = matmulInto(ComplexMatrix.zeros(n, n), a, b);
    const same = threaded.re.every((v, i) => Object.is(v, single.re[i])) && threaded.im.every((v, i) => Object.is(v, single.im[i]));
    process.stdout.write(JSON.stringify({ before, after, teamJobs: jobs > 0, same }));`);
  assert.deepEqual(out, { before: false, after: true, teamJobs: true, same: true });
});
