/**
 * Shared test utilities: fixture loading, deterministic pseudo-random
 * matrices, and tolerance assertions with readable messages.
 */
import { readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { ComplexMatrix } from '../src/linalg/dense.js';
import { setWasmKernelsEnabled } from '../src/linalg/wasm.js';
import { setThreadMinFlops, setThreadTeam, type ThreadTeam } from '../src/linalg/threads/team.js';
import { NodeThreadTeam } from '../src/linalg/threads/node-team.js';
import { Worker } from 'node:worker_threads';

/** Repository root (the folder holding package.json), found from this compiled file. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

/** Parse test/fixtures/<name> as JSON. */
export function loadFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(repoRoot(), 'test', 'fixtures', name), 'utf8')) as T;
}

/** Matrix from a fixture's {re, im} nested arrays. */
export function matrixFromJson(m: { re: number[][]; im?: number[][] }): ComplexMatrix {
  return ComplexMatrix.fromRows(m.re, m.im);
}

/**
 * Deterministic uniform numbers in [0, 1): a 32-bit LCG (Numerical Recipes
 * constants). The fixture scripts implement the same generator so that test
 * matrices need not be stored.
 */
export class Lcg {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0;
    return this.state / 4294967296;
  }
}

/** n×m matrix with entries uniform in [−1, 1) + i[−1, 1), row-major, from Lcg(seed). */
export function randomMatrix(rows: number, cols: number, seed: number): ComplexMatrix {
  const g = new Lcg(seed);
  const m = new ComplexMatrix(rows, cols);
  for (let k = 0; k < rows * cols; k++) {
    m.re[k] = 2 * g.next() - 1;
    m.im[k] = 2 * g.next() - 1;
  }
  return m;
}

/** (A + A†)/2 of randomMatrix(n, n, seed). */
export function randomHermitian(n: number, seed: number): ComplexMatrix {
  const a = randomMatrix(n, n, seed);
  const h = new ComplexMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      h.re[i * n + j] = 0.5 * (a.re[i * n + j] + a.re[j * n + i]);
      h.im[i * n + j] = 0.5 * (a.im[i * n + j] - a.im[j * n + i]);
    }
  }
  return h;
}

/** assert |actual − expected| ≤ tol, with the numbers in the message. */
export function assertClose(actual: number, expected: number, tol: number, what = 'value'): void {
  const d = Math.abs(actual - expected);
  assert.ok(d <= tol, `${what}: |${actual} − ${expected}| = ${d.toExponential(3)} > ${tol.toExponential(1)}`);
}

/** Scenario lines of a driven (f = 1 MHz), decaying (G = 1e6 /s) spin-1/2 of the generic model, shared by runner tests. */
export const DRIVEN_DECAYING_SPIN = `model: generic
params:
  spins: {S: 1/2}
  constants: {f: 1 MHz, G: 1e6 /s}
  hamiltonian: [f * Sx]
  dissipators: [G * S-]
  initial: {S: +1/2}
observables: {"P(S)": P(S)}
`;

/** Runs f with the WebAssembly kernels disabled (every caller takes its TypeScript path), restoring the previous setting. */
export function withTypeScript<T>(f: () => T): T {
  const prev = setWasmKernelsEnabled(false);
  try {
    return f();
  } finally {
    setWasmKernelsEnabled(prev);
  }
}

/** Random symmetric n×n (row-major, both triangles) with entries uniform in [−1, 1): the upper triangle drawn row by row, mirrored. */
export function randomSymmetric(n: number, seed: number): Float64Array {
  const g = new Lcg(seed), a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = 2 * g.next() - 1;
  return a;
}

/** Runs f with `team` installed as the dense thread team (null: none), restoring the previous one. */
export function withTeam<T>(team: ThreadTeam | null, f: () => T): T {
  const prev = setThreadTeam(team);
  try {
    return f();
  } finally {
    setThreadTeam(prev);
  }
}

/** Exact equality (Object.is, so −0 ≠ 0 and NaN = NaN) of two arrays, naming the first differing entry. */
export function assertSameBits(got: Float64Array, want: Float64Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) assert.fail(`${what}: entry ${i} is ${got[i]}, expected ${want[i]}`);
  }
}

/**
 * A team of 2 whose one worker takes a block of the first job (of `kind`, if given; other jobs it
 * ignores, leaving their blocks unreported too) and exits without reporting it, as if killed or out
 * of memory. Workers only, so the worker must take block 0 and nobody else would finish it; the
 * stall guard is shortened to 300 ms. The caller closes it.
 */
export function dyingTeam(kind?: string, callerWorks = false): NodeThreadTeam {
  const dying = `const { parentPort, workerData } = require('node:worker_threads');
const ctrl = new Int32Array(workerData.ctrl);
parentPort.on('message', ({ seq, job }) => {
  if (job === undefined) return; // a prestart's page-touching request
  if (${JSON.stringify(kind ?? null)} !== null && job.kind !== ${JSON.stringify(kind ?? null)}) return;
  for (;;) {
    const t = Atomics.load(ctrl, 0);
    if (t >>> 12 !== seq || (t & 0xfff) >= job.blocks) return;
    if (Atomics.compareExchange(ctrl, 0, t, t + 1) === t) process.exit(3);
  }
});`;
  const team = new NodeThreadTeam(2, { callerWorks, stallMs: 300, spawnWorker: (ctrl) => new Worker(dying, { eval: true, workerData: { ctrl } }) });
  return team;
}

/**
 * Set-up of a test file about thread teams: every product is split, however small (the team's size
 * threshold 0, so that odd sizes exercise blocks), and no team is installed; the teams pushed to the
 * returned array are closed, and the previous settings restored, after the file's tests.
 */
export function teamsForFile(): NodeThreadTeam[] {
  const prevMin = setThreadMinFlops(0);
  const prevTeam = setThreadTeam(null);
  const teams: NodeThreadTeam[] = [];
  after(async () => {
    setThreadMinFlops(prevMin);
    setThreadTeam(prevTeam);
    await Promise.all(teams.map((t) => t.close()));
  });
  return teams;
}

/**
 * Bytes of the objects allocated by each function of the compiled module whose file name ends in
 * `moduleFile` (e.g. '/telegraph-core.js'), collected or not, while `body` runs in a fresh Node process
 * with the V8 `flags` given: V8's sampling heap profiler, one sample per 4 KiB on average. `body` is the
 * body of an async ES module and may import with `await import(${srcModule('…')})`.
 * For hot loops that must not allocate per iteration: boxed doubles in code V8 has not optimised, or has
 * optimised only by on-stack replacement, show here as megabytes (docs/benchmarks.md, session 14;
 * bench/results/session14-lead/alloc.mjs prints these for two builds).
 */
export function allocationsIn(moduleFile: string, body: string, flags: string[] = []): Record<string, number> {
  const script = `
    import { Session } from 'node:inspector/promises';
    const s = new Session(); s.connect();
    await s.post('HeapProfiler.enable');
    await s.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    ${body}
    const { profile } = await s.post('HeapProfiler.stopSampling');
    const bytes = {};
    const walk = (n) => {
      const name = n.callFrame.functionName || '(top level)';
      if (n.callFrame.url.endsWith(${JSON.stringify(moduleFile)})) bytes[name] = (bytes[name] ?? 0) + n.selfSize;
      n.children.forEach(walk);
    };
    walk(profile.head);
    process.stdout.write(JSON.stringify(bytes));`;
  const out = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

/** The total of `allocationsIn`: bytes allocated in the module's functions. */
export function allocatedIn(moduleFile: string, body: string, flags: string[] = []): number {
  return Object.values(allocationsIn(moduleFile, body, flags)).reduce((a, b) => a + b, 0);
}

/** A module of src/ (compiled) as a quoted absolute path, for the scripts of `allocatedIn`. */
export function srcModule(path: string): string {
  return JSON.stringify(fileURLToPath(new URL(`../src/${path}`, import.meta.url)));
}
