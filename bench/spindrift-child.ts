/**
 * One timed spindrift run of a benchmark workload, in its own process.
 * Usage: node spindrift-child.js <job.json>
 *
 * job.json: { workload, variant, params, inputDir, outDir }. Writes
 * outDir/result.json (timings, peak RSS, solver stats) and one raw
 * little-endian Float64 file outDir/<name>.f64 per output array. Only the
 * solver / kernel call is inside the timed region; module import and operator
 * construction are timed separately and reported.
 */
const startEpochMs = Date.now();
const startPerf = performance.now();

import { closeSync, fstatSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Job { workload: string; variant: string; params: Record<string, any>; inputDir: string; outDir: string }
interface Outcome {
  outputs: Record<string, Float64Array>; computeMs: number; info: Record<string, unknown>;
  /** Peak RSS (kB) taken before a self-check that the peer does not run (else: at the end). */
  maxRssKb?: number;
}

const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Job;
const tImport0 = performance.now();
// The Node platform exactly as the package's Node entry (src/node.ts) installs it — the dense kernels' thread
// team, piscina pools opened on first use — and then only the modules this workload uses: the whole engine
// (src/index.ts) costs ≈ 10 MB of resident memory (module code, V8 heap) that e.g. a dense eigensolve never
// touches, and peak RSS is part of the comparison (the Python peers import only numpy or QuTiP as well).
const { installNodePlatform } = await import('../src/runner/node-platform.js');
installNodePlatform();
/**
 * The engine's public API as the package's subpath entries give it ('spindrift/linalg', '/quantum', '/solvers'):
 * operators, states and solvers without the models, runner and expression layers of the whole-engine entry
 * (≈ 1 MB less resident for a `mesolve` script).
 */
type Engine = typeof import('../src/linalg/index.js') & typeof import('../src/quantum/index.js') & typeof import('../src/solvers/index.js');
/** Workloads that use the engine's public API (`sd.…`); the others import their model or kernel modules only. */
const ENGINE_WORKLOADS = new Set([
  'qubit-me', 'foursite-me', 'foursite-mc', 'random-me-200', 'random-me-400', 'xy-steady-10', 'chain4-mc',
  'cosdrive-me', 'cosdrive-mc', 'chain6-sweep-me', 'chain6-sweep-mc',
]);
const sd: Engine = ENGINE_WORKLOADS.has(job.workload)
  ? { ...(await import('../src/linalg/index.js')), ...(await import('../src/quantum/index.js')), ...(await import('../src/solvers/index.js')) }
  : (null as unknown as Engine);
const importMs = performance.now() - tImport0;
/** Resident memory (kB) once the runtime and the engine are loaded: the base the workload's own memory adds to. */
const importRssKb = Math.round(process.memoryUsage.rss() / 1024);

type Sparse = import('../src/linalg/sparse.js').SparseMatrix;

/** A raw little-endian Float64 file, read straight into its array (no intermediate Buffer: one copy of the data resident, not two). */
function readF64(name: string): Float64Array {
  const fd = openSync(join(job.inputDir, name), 'r');
  try {
    const out = new Float64Array(fstatSync(fd).size / 8);
    const bytes = new Uint8Array(out.buffer);
    for (let at = 0; at < bytes.length;) {
      const got = readSync(fd, bytes, at, bytes.length - at, at);
      if (got <= 0) throw new Error(`spindrift-child: ${name} is shorter than its size`);
      at += got;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

function fromTriplets(t: { n: number; row: number[]; col: number[]; re: number[]; im: number[] }): Sparse {
  return sd.SparseMatrix.fromTriplets(t.n, t.n, t.row, t.col, t.re, t.im);
}

const TWO_PI_CHILD = 2 * Math.PI;

function linspace(a: number, b: number, n: number): Float64Array {
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = a + ((b - a) * i) / (n - 1);
  return t;
}

/** The seed-000 4-spin set (Eq. 1) and C_op (Eq. 6), dims [I1, S, S', I2] = [2, 3, 2, 2]. */
function foursite(p: Record<string, any>) {
  const dims: number[] = p.dims;
  const e = (op: Sparse, site: number) => sd.embed(op, site, dims);
  const em = (f: { op: Sparse; site: number }[]) => sd.embedMany(f, dims);
  const I1z = e(sd.spinZ(0.5), 0);
  const Sz = e(sd.spinZ(1), 1);
  const Spz = e(sd.spinZ(0.5), 2);
  const I2z = e(sd.spinZ(0.5), 3);
  const h = sd.sparseLinearCombination([
    { matrix: I1z, re: -p.wn }, { matrix: I2z, re: -p.wn },
    { matrix: Sz, re: p.we }, { matrix: Spz, re: p.we },
    { matrix: sd.sparseMatmul(Sz, Sz), re: p.D },
    { matrix: em([{ op: sd.spinZ(1), site: 1 }, { op: sd.spinZ(0.5), site: 0 }]), re: p.Azz1 },
    { matrix: em([{ op: sd.spinZ(1), site: 1 }, { op: sd.spinX(0.5), site: 0 }]), re: p.Azx1 },
    { matrix: em([{ op: sd.spinZ(0.5), site: 2 }, { op: sd.spinZ(0.5), site: 3 }]), re: p.Azz2 },
    { matrix: em([{ op: sd.spinZ(0.5), site: 2 }, { op: sd.spinX(0.5), site: 3 }]), re: p.Azx2 },
    { matrix: em([{ op: sd.spinPlus(1), site: 1 }, { op: sd.spinPlus(0.5), site: 2 }]), re: p.Jd / 2 },
    { matrix: em([{ op: sd.spinMinus(1), site: 1 }, { op: sd.spinMinus(0.5), site: 2 }]), re: p.Jd / 2 },
  ]);
  // C_op = √Γ_op (|0⟩⟨−1| + |0⟩⟨+1|) on S (indices: +1 → 0, 0 → 1, −1 → 2)
  const cLocal = sd.SparseMatrix.fromTriplets(3, 3, [1, 1], [2, 0], [1, 1], [0, 0]);
  const cOp = sd.sparseScale(e(cLocal, 1), Math.sqrt(p.gammaOp));
  const psi0 = sd.basisKet(dims, p.psi0Local as number[]);
  const times = linspace(0, p.span, Math.round(p.span / p.dt) + 1);
  return { h, cOps: [cOp], psi0, eOps: [I1z, Sz, Spz, I2z], times };
}


/** Sparse matrix from the raw f64 layout of bench/workloads.ts writeSparseF64. */
function readSparseF64(name: string): Sparse {
  const a = readF64(name);
  const n = a[0], nnz = a[1];
  const row = Array.from(a.subarray(2, 2 + nnz)), col = Array.from(a.subarray(2 + nnz, 2 + 2 * nnz));
  return sd.SparseMatrix.fromTriplets(n, n, row, col, Array.from(a.subarray(2 + 2 * nnz, 2 + 3 * nnz)), Array.from(a.subarray(2 + 3 * nnz, 2 + 4 * nnz)));
}

/** Concatenate per-site arrays (site-major) into one output array. */
function concat(arrays: ArrayLike<number>[]): Float64Array {
  const len = arrays.reduce((s, a) => s + a.length, 0);
  const out = new Float64Array(len);
  let o = 0;
  for (const a of arrays) { out.set(Array.from(a), o); o += a.length; }
  return out;
}

function expectRe(res: { expect: { re: Float64Array }[] }, names: string[]): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  names.forEach((n, k) => { out[n] = Float64Array.from(res.expect[k].re); });
  return out;
}

async function run(): Promise<{ setupMs: number } & Outcome> {
  const p = job.params;
  const s0 = performance.now();
  switch (job.workload) {
    case 'qubit-me': {
      const h = sd.sparseLinearCombination([{ matrix: sd.sigmaZ(), re: p.delta / 2 }, { matrix: sd.sigmaX(), re: p.omega / 2 }]);
      const c = sd.sparseScale(sd.sigmaMinus(), Math.sqrt(p.gamma));
      const psi0 = sd.basisKet(2, 0);
      const times = linspace(0, p.tEnd, p.nTimes);
      const eOps = [sd.sigmaX(), sd.sigmaY(), sd.sigmaZ()];
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      const r = sd.mesolve(h, [c], psi0, { times, eOps, atol: p.atol, rtol: p.rtol });
      const computeMs = performance.now() - t0;
      return { setupMs, computeMs, outputs: expectRe(r, ['sx', 'sy', 'sz']), info: { stats: r.stats } };
    }
    case 'foursite-me': {
      const f = foursite(p);
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      const r = sd.mesolve(f.h, f.cOps, f.psi0, { times: f.times, eOps: f.eOps, atol: p.atol, rtol: p.rtol, method: p.sdMethod ?? 'auto' });
      const computeMs = performance.now() - t0;
      return { setupMs, computeMs, outputs: expectRe(r, ['I1z', 'Sz', 'Spz', 'I2z']), info: { stats: r.stats, nTimes: f.times.length } };
    }
    case 'foursite-mc': {
      const f = foursite(p);
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      const r = await sd.mcsolve(f.h, f.cOps, f.psi0, {
        times: f.times, eOps: f.eOps, ntraj: p.ntraj, seed: p.seed, workers: p.workers, atol: p.atol, rtol: p.rtol,
      });
      const computeMs = performance.now() - t0;
      const outputs = expectRe(r, ['I1z', 'Sz', 'Spz', 'I2z']);
      ['I1z', 'Sz', 'Spz', 'I2z'].forEach((n, k) => { outputs[`${n}_se`] = Float64Array.from(r.stdErr[k].re); });
      return { setupMs, computeMs, outputs, info: { stats: r.stats, ntraj: r.ntraj, nTimes: f.times.length } };
    }
    case 'random-me-200':
    case 'random-me-400': {
      const h = fromTriplets(p.H);
      const cOps = (p.cOps as any[]).map(fromTriplets);
      const eOps = (p.eOps as any[]).map(fromTriplets);
      const psi0 = sd.basisKet(p.n, p.psi0Index);
      const times = linspace(0, p.tEnd, p.nTimes);
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      const r = sd.mesolve(h, cOps, psi0, { times, eOps, atol: p.atol, rtol: p.rtol });
      const computeMs = performance.now() - t0;
      return { setupMs, computeMs, outputs: expectRe(r, ['e0', 'e1']), info: { stats: r.stats } };
    }
    case 'xy-steady-10': {
      const N: number = p.N;
      const dims = new Array(N).fill(2);
      const terms: { matrix: Sparse; re: number }[] = [];
      for (let i = 0; i + 1 < N; i++) {
        terms.push({ matrix: sd.embedMany([{ op: sd.sigmaPlus(), site: i }, { op: sd.sigmaMinus(), site: i + 1 }], dims), re: p.J });
        terms.push({ matrix: sd.embedMany([{ op: sd.sigmaMinus(), site: i }, { op: sd.sigmaPlus(), site: i + 1 }], dims), re: p.J });
      }
      const h = sd.sparseLinearCombination(terms);
      const cOps = [
        sd.sparseScale(sd.embed(sd.sigmaPlus(), 0, dims), Math.sqrt(p.gamma)),
        sd.sparseScale(sd.embed(sd.sigmaMinus(), N - 1, dims), Math.sqrt(p.gamma)),
      ];
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      const r = sd.steadystate(h, cOps, {});
      const computeMs = performance.now() - t0;
      const sz = new Float64Array(N), curRe = new Float64Array(N - 1), curIm = new Float64Array(N - 1);
      for (let i = 0; i < N; i++) sz[i] = sd.expect(sd.embed(sd.sigmaZ(), i, dims), r.rho).re;
      for (let i = 0; i + 1 < N; i++) {
        const v = sd.expect(sd.embedMany([{ op: sd.sigmaPlus(), site: i }, { op: sd.sigmaMinus(), site: i + 1 }], dims), r.rho);
        curRe[i] = v.re; curIm[i] = v.im;
      }
      return { setupMs, computeMs, outputs: { sz, cur_re: curRe, cur_im: curIm }, info: { stats: r.stats, residual: r.residual } };
    }
    case 'eigh-1000': {
      const { ComplexMatrix } = await import('../src/linalg/dense.js');
      const { eigh } = await import('../src/linalg/eigen-hermitian.js');
      const n: number = p.n;
      const a = new ComplexMatrix(n, n, readF64(p.re), readF64(p.im));
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      const r = eigh(a);
      const computeMs = performance.now() - t0;
      const v = r.vectors!;
      const absvec = new Float64Array(n * n);
      for (let k = 0; k < n * n; k++) absvec[k] = Math.hypot(v.re[k], v.im[k]);
      return { setupMs, computeMs, outputs: { values: Float64Array.from(r.values), absvec }, info: {} };
    }
    case 'matmul-512': {
      const { ComplexMatrix, matmulInto } = await import('../src/linalg/dense.js');
      const n: number = p.n;
      const a = new ComplexMatrix(n, n, readF64(p.a[0]), readF64(p.a[1]));
      const b = new ComplexMatrix(n, n, readF64(p.b[0]), readF64(p.b[1]));
      const c = ComplexMatrix.zeros(n, n);
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      for (let k = 0; k < p.repeat; k++) matmulInto(c, a, b);
      const computeMs = (performance.now() - t0) / p.repeat;
      const gflops = (8 * n * n * n) / (computeMs * 1e6);
      return { setupMs, computeMs, outputs: { c_re: c.re, c_im: c.im }, info: { repeat: p.repeat, gflops } };
    }
    case 'domains-2c': {
      const dom = await import('../src/models/spin-domains/index.js');
      const times = linspace(0, p.tEnd, p.nTimes);
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      // solveExact builds its operators (collective space, Eq. 3) inside; that construction is timed too
      const r = dom.solveExact({ sizes: p.sizes, reservoirs: { gammas: p.gammas, nThermal: 0 }, times, atol: p.sdAtol });
      const computeMs = performance.now() - t0;
      const outputs: Record<string, Float64Array> = {};
      r.jz.forEach((v, i) => { outputs[`J${i + 1}`] = Float64Array.from(v); });
      return { setupMs, computeMs, outputs, info: { stats: r.stats } };
    }
    case 'domains-meanfield-3b': {
      const dom = await import('../src/models/spin-domains/mean-field.js');
      const system = dom.meanFieldSystem(p.sizes.length, false); // generated once per M (cached); not timed
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      const r = dom.solveMeanField({ sizes: p.sizes, gammas: p.gammas, nThermal: 0, times: p.times, rtol: p.rtol, atol: p.atol, system });
      const computeMs = performance.now() - t0;
      const outputs: Record<string, Float64Array> = {};
      r.jz.forEach((v, i) => { outputs[`J${i + 1}`] = Float64Array.from(v, (x) => x / p.sizes[i]); });
      return { setupMs, computeMs, outputs, info: { stats: { method: 'mean-field DOP853', ...r.stats } } };
    }
    case 'chain4-mc': {
      // operators from the dressed-chain model's builders (the same ones the peer reads from the f64 files)
      const dc = await import('../src/models/dressed-chain/index.js');
      const dm = await import('../src/models/dressed-chain/model.js');
      const { mcsolve } = await import('../src/solvers/mcsolve/index.js');
      const mp = dm.withDefaults({ topology: p.topology, sites: p.sites, Jd: p.Jd, gammaE: p.gammaE, tEnd: p.tEnd, points: p.points, ntraj: p.ntraj, method: 'mc' });
      const graph = dc.graphFromParams(mp);
      const H = dc.dressedHamiltonian(graph).at(p.field);
      const cOps = dc.collapseOperators(graph, { gammaOp: p.gammaOp, gammaE: p.gammaE, pumping: 'separate' }).map((c) => c.op);
      const eOps = dc.polarizationObservables(graph).filter((o) => o.name !== 'Pc').map((o) => o.op);
      const basis = p.init === 'basis';
      const times = basis ? linspace(0, p.span, Math.round(p.span / p.dt) + 1) : linspace(0, p.tEnd, p.points);
      let initial: any;
      if (basis) {
        const re = new Float64Array(H.rows), im = new Float64Array(H.rows);
        re[p.psi0Index] = 1;
        initial = new sd.ComplexVector(H.rows, re, im);
      } else {
        // all nuclei unpolarized, electrons maximally mixed (as dressedChainModel for nuclearPolarization [])
        initial = { product: { dims: graph.slots.map((s: { dim: number }) => s.dim), probabilities: graph.slots.map((s: { dim: number }) => new Array(s.dim).fill(1 / s.dim)) } };
      }
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      const r = await mcsolve(H, cOps, initial, { times, eOps, ntraj: p.ntraj, seed: p.seed, workers: 1 });
      const computeMs = performance.now() - t0;
      const outputs: Record<string, Float64Array> = {};
      ['P1', 'P2', 'P3', 'P4'].forEach((n, k) => { outputs[n] = Float64Array.from(r.expect[k].re); outputs[`${n}_se`] = Float64Array.from(r.stdErr[k].re); });
      const last = times.length - 1;
      return { setupMs, computeMs, outputs, info: { stats: r.stats, jumpCounts: Array.from(r.jumpCounts), ntraj: p.ntraj, nTimes: times.length, final: ['P1', 'P2', 'P3', 'P4'].map((n) => +outputs[n][last].toFixed(4)), finalSe: ['P1', 'P2', 'P3', 'P4'].map((n) => +outputs[`${n}_se`][last].toFixed(4)) } };
    }
    case 'chiral-chain12':
    case 'chiral-chain10-all': {
      const ch = await import('../src/models/chiral-phonons/index.js');
      const cfg = { spins: new Array(p.N).fill(0.5), gamma: p.gamma, gammaReverse: p.gammaReverse, phase: p.phase };
      const times = linspace(0, p.tEnd, p.nTimes);
      const all = job.workload === 'chiral-chain10-all';
      const quanta = new Array(p.N).fill(0).map((_, j) => (all || j === 0 ? 1 : 0));
      if (!all && p.sdMethod !== 'amplitudes') {
        // The `me` variant: the model's operators in the ≤ 1-quantum subspace are built outside the timed
        // region, as the peer builds its operators before timing qutip.mesolve; only mesolve is timed.
        const { mesolve } = await import('../src/solvers/mesolve.js');
        const { ComplexVector } = await import('../src/linalg/vector.js');
        const chain = ch.cascadedChain({ ...cfg, maxExcitations: 1 });
        const psi0 = ComplexVector.basis(chain.basis.states.length, ch.productStateIndex(chain.basis, quanta));
        const setupMs = performance.now() - s0;
        const t0 = performance.now();
        const r = mesolve(chain.h, chain.cOps, psi0, { times, eOps: chain.sz, quantumNumbers: chain.excitations });
        const computeMs = performance.now() - t0;
        const excitation = concat(r.expect.map((e) => e.re.map((v) => v + 0.5)));
        return { setupMs, computeMs, outputs: { excitation }, info: { stats: r.stats, dimension: chain.basis.states.length } };
      }
      if (!all && p.sdMethod === 'amplitudes') {
        // The model's 12×12 one-quantum block of H_NH is built outside the timed region (as the peer builds
        // its operators before timing qutip.mesolve); the exponential and the propagation are timed.
        const h = ch.sectorNonHermitianHamiltonian(cfg, 1);
        const setupMs = performance.now() - s0;
        const t0 = performance.now();
        const r = ch.oneQuantumPropagation(h, 0, times);
        const computeMs = performance.now() - t0;
        return { setupMs, computeMs, outputs: { excitation: concat(r.excitation) }, info: { stats: { method: 'one-quantum amplitudes (expm of the 12×12 block)' } } };
      }
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      // chainDynamics builds the operators in the ≤ Q₀-quanta subspace inside (timed too; the peer's mcsolve
      // start-up dwarfs it)
      const r = await ch.chainDynamics(cfg, quanta, times, all ? { method: 'mc', ntraj: p.ntraj, seed: p.seed, workers: p.workers } : { method: 'me' });
      const computeMs = performance.now() - t0;
      const outputs: Record<string, Float64Array> = { excitation: concat(r.excitation) };
      if (r.excitationErr) outputs.excitation_se = concat(r.excitationErr);
      return { setupMs, computeMs, outputs, info: { stats: r.stats, dimension: r.dimension } };
    }
    case 'transport-kmc': {
      const nt = await import('../src/models/nuclear-transport/index.js');
      const n: number = p.sites, R: number = p.realizations;
      const initial = new Float64Array(n); // unpolarized
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = await nt.kmcTransport({
        sites: n, periodic: false, rate: p.rate, initial, times: [0], realizations: R, seed: p.seed,
        bins: n, untilAbsorbed: true, workers: p.workers,
      });
      const computeMs = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      const fin = r.finalPolarization!;
      // Eq. 12: σ_j from the exact site variance 1 − P_j² (the sample error is 0 where every realization agrees)
      const eq = nt.domainWallPolarizations(n);
      let worstZ = 0, worstSite = -1;
      for (let j = 0; j < n; j++) {
        const dev = Math.abs(fin.mean[j] - eq[j]);
        const sigma = Math.sqrt(Math.max(0, 1 - eq[j] * eq[j]) / R);
        if (dev > 1e-12 && dev / Math.max(sigma, 1e-300) > worstZ) { worstZ = dev / Math.max(sigma, 1e-300); worstSite = j; }
      }
      const events = r.stats.events;
      const eventsPerSecond = events / (computeMs / 1000);
      return {
        setupMs, computeMs, outputs: { P: Float64Array.from(fin.mean), P_se: Float64Array.from(fin.stdErr) },
        info: {
          stats: {
            method: 'kinetic Monte Carlo (Gillespie, active-bond list)', events: events.toExponential(3),
            eventsPerSecond: eventsPerSecond.toExponential(3), profileWorstZ: `${worstZ.toFixed(2)} (site ${worstSite + 1})`,
          },
          events, eventsPerSecond, eventsPerCpuSecond: events / ((cpu.user + cpu.system) / 1e6), workers: r.stats.workers,
          realizations: R, absorptionTime: r.absorptionTime, profileWorstZ: worstZ, profileWorstSite: worstSite + 1,
        },
      };
    }
    case 'transport-rate16': {
      const nt = await import('../src/models/nuclear-transport/index.js');
      const n: number = p.sites;
      const g = nt.chainGraph(n, p.rate);
      const initial = new Array(n).fill(0);
      const setupMs = performance.now() - s0;
      const eq = nt.domainWallPolarizations(n);
      if (p.mode === 'limit') {
        const t0 = performance.now();
        const r = nt.rateEquationLimit(g, { initial });
        const computeMs = performance.now() - t0;
        let dev = 0;
        r.polarization.forEach((v, j) => { dev = Math.max(dev, Math.abs(v - eq[j])); });
        return { setupMs, computeMs, outputs: { P: Float64Array.from(r.polarization) }, info: { stats: { method: `rate-equation limit, ${String(r.stats.method)}`, configurations: r.stats.configurations, eq12MaxDev: dev.toExponential(1) } } };
      }
      const times = linspace(0, p.tEnd, p.points);
      const t0 = performance.now();
      const r = nt.rateEquationTransport(g, { times, initial });
      const computeMs = performance.now() - t0;
      let dev = 0;
      r.polarization.forEach((v, j) => { dev = Math.max(dev, Math.abs(v[v.length - 1] - eq[j])); });
      return {
        setupMs, computeMs, outputs: { P: concat(r.polarization) },
        info: { stats: { method: `${String(r.stats.solver)}, matrix-free Q`, configurations: r.stats.configurations, matvecs: r.stats.matvecs, ...(r.stats.krylovSteps !== undefined ? { krylovSteps: r.stats.krylovSteps } : { truncationBound: (r.stats.truncationBound as number).toExponential(1) }) }, finalDevFromEq12: dev },
      };
    }
    case 'transport-lindblad10': {
      const nt = await import('../src/models/nuclear-transport/index.js');
      // the chain with a coherent bond on every one-way bond (as the model's graphFromParams for chainCoupling)
      const g = nt.chainGraph(p.sites, p.rate);
      g.coherent = g.directed.map((b) => ({ a: b.from, b: b.to, coupling: p.coupling as number }));
      const initial = Array.from(p.pattern as string, (c) => (c === 'u' ? 1 : -1));
      const times = linspace(0, p.tEnd, p.points);
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      // lindbladTransport builds H, the collapse operators and the observables inside (timed too); DOP853 at atol 1e-10, rtol 1e-9
      const r = nt.lindbladTransport(g, { times, initial });
      const computeMs = performance.now() - t0;
      return { setupMs, computeMs, outputs: { P: concat(r.polarization) }, info: { stats: r.stats, nTimes: times.length } };
    }
    case 's002-fig3a': {
      const m = { ...(await import('../src/models/spin-diffusion/geometry.js')), ...(await import('../src/models/spin-diffusion/flip-flop.js')) };
      const r: number[] = p.r, pBars: number[] = p.pBars;
      const sample = { field: p.field, a: p.a, tauC: p.tauC, linewidthHz: p.hwhmHz };
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      const D = new Float64Array(r.length * pBars.length);
      let evaluations = 0;
      pBars.forEach((pb, j) => r.forEach((x, i) => {
        const k = m.couplingsAt(x, pb, sample, m.DEFAULT_CONVENTIONS);
        const c = m.flipFlopRateConvolutionPerD2(k, p.relTol);
        evaluations += c.evaluations;
        D[j * r.length + i] = k.d12 * k.d12 * c.perD2 * p.a * p.a;
      }));
      const computeMs = performance.now() - t0;
      return { setupMs, computeMs, outputs: { D }, info: { stats: { method: 'adaptive Gauss–Kronrod 7/15 on a feature partition', evaluations }, points: D.length } };
    }
    case 's002-telegraph-mc': {
      const m = { ...(await import('../src/models/spin-diffusion/sle.js')), ...(await import('../src/models/spin-diffusion/telegraph.js')) };
      const proc = m.symmetricTelegraph(p.pBar, p.gammaC);
      const times = linspace(0, p.tEnd, p.points);
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      const r = await m.telegraphMonteCarlo({
        delta: p.delta, d12: p.d12, gamma2: p.gamma2, process: proc, times, trajectories: p.trajectories, batches: 20,
        window: [p.tEnd / 10, p.tEnd], seed: p.seed, workers: p.workers,
      });
      const computeMs = performance.now() - t0;
      return {
        setupMs, computeMs, outputs: { sz: r.mean, sz_se: r.stdErr },
        info: { stats: { switches: r.switches.toExponential(3), switchesPerSecond: (r.switches / (computeMs / 1000)).toExponential(3), workers: r.stats.workers, W: r.w.toFixed(2), W_se: r.wErr.toFixed(2) } },
      };
    }
    case 'anderson-exact-L10': {
      const ad = await import('../src/models/anderson-dnp/index.js');
      const rz = await import('../src/models/anderson-dnp/realization.js');
      const settings = ad.resolveSettings(p.model, p.model.seed);
      const lat = rz.realizationLattice(settings, rz.realizationStream(settings.seed, p.realization));
      const exported = readF64(p.disorder);
      if (exported.length !== lat.N || exported.some((v, i) => v !== lat.disorder[i])) throw new Error('anderson-exact-L10: exported disorder differs from the realization');
      const n = lat.N;
      if (p.complex) {
        // the same matrix as complex Hermitian (imaginary part 0), src/linalg/eigen-hermitian.ts eigh with vectors
        const { ComplexMatrix } = await import('../src/linalg/dense.js');
        const { eigh } = await import('../src/linalg/eigen-hermitian.js');
        const a = new ComplexMatrix(n, n, ad.andersonMatrixDense(lat), new Float64Array(n * n));
        if (p.warm) eigh(a);
        const setupMs = performance.now() - s0;
        const t0 = performance.now();
        const r = eigh(a);
        const computeMs = performance.now() - t0;
        const ref = ad.exactSpectrum(lat).values;
        let dev = 0;
        for (let k = 0; k < n; k++) dev = Math.max(dev, Math.abs(r.values[k] - ref[k]));
        return { setupMs, computeMs, outputs: { values: Float64Array.from(r.values) }, info: { stats: { method: 'complex eigh (eigen-hermitian), vectors', N: n }, maxEigenvalueDevFromReal: dev } };
      }
      const pt = settings.points[0];
      const drive = { omegaMW: pt.omegaMW, omega1: settings.omega1, T1e: settings.T1e, T2e: settings.T2e, beta: settings.beta };
      // 'warm': one untimed diagonalization first — the per-realization cost inside a disorder average (JIT compiled, heap grown)
      if (p.warm) ad.overlapMatrix(ad.exactSpectrum(lat).weights, n);
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      // The dense matrix is built inside the timed pipeline but apart from eighMs, so that eighMs is the
      // eigensolver (+ the |φ|² squaring) alone, as the complex variant's time is (its matrix is built untimed).
      const dense = ad.andersonMatrixDense(lat);
      const tm = performance.now();
      const spec = ad.exactSpectrum(lat, dense); // eighSymmetric with vectors, then |φ|²
      const t1 = performance.now();
      const overlap = ad.overlapMatrix(spec.weights, n); // W = A·Aᵀ
      const t2 = performance.now();
      const pol = new Float64Array(n);
      for (let a = 0; a < n; a++) pol[a] = ad.blochBias(settings.omegaE + spec.values[a], drive);
      const sums = ad.issSums(spec.values, pol, overlap, pt.omegaN, settings.T2n);
      const leak = ad.leakageTerm(settings.NnOverNe * n, settings.A0, settings.T1n, settings.T2n);
      const pn = ad.nuclearPolarization(sums, leak, Math.tanh((settings.beta * pt.omegaN) / 2)).canonical;
      const t3 = performance.now();
      const computeMs = t3 - t0;
      // The peak of the workload (the peer's script ends here): the check below re-runs the whole model route
      // (a second eigensolve, W and Eq. C7's products) while this pipeline's arrays are still alive.
      const maxRssKb = process.resourceUsage().maxRSS;
      // the model's own route on the same realization (outside the timing and the peak RSS): must give the same P_n
      const modelPn = ad.exactRealization(settings, p.realization).points[0].Pn;
      return {
        setupMs, computeMs, maxRssKb,
        outputs: { values: Float64Array.from(spec.values), Pn: Float64Array.of(pn), iss: Float64Array.of(sums.difference / leak, sums.sum / leak, sums.polarizationLoss / leak) },
        info: {
          stats: { method: 'eighSymmetric + gramRows + issSums', N: n, matrixMs: (tm - t0).toFixed(0), eighMs: (t1 - tm).toFixed(0), overlapMs: (t2 - t1).toFixed(0), sumsMs: (t3 - t2).toFixed(0) },
          matrixMs: tm - t0, eighMs: t1 - tm, overlapMs: t2 - t1, sumsMs: t3 - t2, Pn: pn, modelPn, modelPnRelDev: Math.abs(modelPn - pn) / Math.abs(pn),
        },
      };
    }
    case 'anderson-kpm-L18':
    case 'anderson-kpm-L30': {
      const ad = await import('../src/models/anderson-dnp/index.js');
      const settings = ad.resolveSettings(p.model, p.model.seed);
      const R = settings.realizations;
      const setupMs = performance.now() - s0;
      const per: number[] = [], pns: number[] = [];
      const t0 = performance.now();
      for (let r = 0; r < R; r++) {
        const tr = performance.now();
        pns.push(ad.kpmRealization(settings, r).points[0].Pn);
        per.push(performance.now() - tr);
      }
      const totalMs = performance.now() - t0;
      const mean = pns.reduce((a, b) => a + b, 0) / R;
      const sdev = R > 1 ? Math.sqrt(pns.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1)) : Number.NaN;
      const se = R > 1 ? sdev / Math.sqrt(R) : 0;
      return {
        setupMs, computeMs: totalMs / R,
        outputs: { Pn: Float64Array.of(mean), Pn_se: Float64Array.of(se) },
        info: {
          stats: { method: `KPM, ${settings.moments} moments, ${Math.min(settings.sites, settings.L ** 3)} sites, 1 thread`, N: settings.L ** 3, realizations: R, msPerRealization: (totalMs / R).toFixed(0), PnMean: mean.toPrecision(5), PnSd: sdev.toPrecision(3) },
          realizations: R, totalMs, perRealizationMs: per, Pn: pns, PnMean: mean, PnSd: sdev, PnSe: se,
        },
      };
    }
    case 'cosdrive-me':
    case 'cosdrive-mc': {
      // The drive as a compiled string coefficient, as QuTiP's 'cos(w*t)'.
      const { parseCoefficient } = await import('../src/expression/index.js');
      const sz = sd.spinZ(0.5), sx = sd.spinX(0.5);
      const h = { h0: sd.sparseScale(sz, p.w0), terms: [{ op: sd.sparseScale(sx, 2 * p.Omega), coefficient: parseCoefficient(`cos(${p.w}*t)`, 'drive') }] };
      const c = sd.sparseScale(sd.spinMinus(0.5), Math.sqrt(p.gamma));
      const psi0 = sd.basisKet(2, 0);
      const times = linspace(0, (p.periods * TWO_PI_CHILD) / p.w, p.nTimes);
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      if (job.workload === 'cosdrive-me') {
        const r = sd.mesolve(h, [c], psi0, { times, eOps: [sx, sz], atol: p.atol, rtol: p.rtol });
        return { setupMs, computeMs: performance.now() - t0, outputs: expectRe(r, ['sx', 'sz']), info: { stats: r.stats } };
      }
      const r = await sd.mcsolve(h, [c], psi0, { times, eOps: [sx, sz], ntraj: p.ntraj, seed: p.seed, workers: p.workers, atol: p.atol, rtol: p.rtol });
      const computeMs = performance.now() - t0;
      const outputs = expectRe(r, ['sx', 'sz']);
      ['sx', 'sz'].forEach((n, k) => { outputs[`${n}_se`] = Float64Array.from(r.stdErr[k].re); });
      return { setupMs, computeMs, outputs, info: { stats: r.stats, ntraj: r.ntraj } };
    }
    case 'chain6-sweep-me':
    case 'chain6-sweep-mc': {
      const { parseCoefficient } = await import('../src/expression/index.js');
      const N: number = p.N;
      const dims = new Array(N).fill(2);
      const site = (op: Sparse, j: number) => sd.embed(op, j, dims);
      const terms: { matrix: Sparse; re: number }[] = [];
      for (let j = 0; j + 1 < N; j++) {
        terms.push({ matrix: sd.embedMany([{ op: sd.spinX(0.5), site: j }, { op: sd.spinX(0.5), site: j + 1 }], dims), re: p.J });
        terms.push({ matrix: sd.embedMany([{ op: sd.spinY(0.5), site: j }, { op: sd.spinY(0.5), site: j + 1 }], dims), re: p.J });
      }
      for (let j = 0; j < N; j++) terms.push({ matrix: site(sd.spinX(0.5), j), re: p.hx });
      const szTotal = sd.sparseLinearCombination(Array.from({ length: N }, (_, j) => ({ matrix: site(sd.spinZ(0.5), j), re: 1 })));
      const h = { h0: sd.sparseLinearCombination(terms), terms: [{ op: szTotal, coefficient: parseCoefficient(`${p.v}*t`, 'sweep') }] };
      const cOps = Array.from({ length: N }, (_, j) => sd.sparseScale(site(sd.spinMinus(0.5), j), Math.sqrt(p.gamma)));
      const psi0 = sd.basisKet(2 ** N, 0);
      const times = linspace(-p.T, p.T, p.nTimes);
      const eOps = [szTotal, site(sd.spinZ(0.5), 0)];
      const setupMs = performance.now() - s0;
      const t0 = performance.now();
      if (job.workload === 'chain6-sweep-me') {
        const r = sd.mesolve(h, cOps, psi0, { times, eOps, atol: p.atol, rtol: p.rtol });
        return { setupMs, computeMs: performance.now() - t0, outputs: expectRe(r, ['szTotal', 'sz0']), info: { stats: r.stats } };
      }
      const r = await sd.mcsolve(h, cOps, psi0, { times, eOps, ntraj: p.ntraj, seed: p.seed, workers: p.workers, atol: p.atol, rtol: p.rtol });
      const computeMs = performance.now() - t0;
      const outputs = expectRe(r, ['szTotal', 'sz0']);
      ['szTotal', 'sz0'].forEach((n, k) => { outputs[`${n}_se`] = Float64Array.from(r.stdErr[k].re); });
      return { setupMs, computeMs, outputs, info: { stats: r.stats, ntraj: r.ntraj } };
    }
    default:
      throw new Error(`spindrift-child: unknown workload ${job.workload}`);
  }
}

const outcome = await run();
for (const [name, arr] of Object.entries(outcome.outputs)) {
  writeFileSync(join(job.outDir, `${name}.f64`), Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength));
}
const result = {
  side: 'spindrift',
  startEpochMs,
  startupToScriptMs: startPerf, // ms since the Node process started (performance.timeOrigin)
  importMs,
  importRssKb,
  setupMs: outcome.setupMs,
  computeMs: outcome.computeMs,
  maxRssKb: outcome.maxRssKb ?? process.resourceUsage().maxRSS,
  ...(outcome.maxRssKb !== undefined ? { maxRssWithSelfCheckKb: process.resourceUsage().maxRSS } : {}),
  outputs: Object.keys(outcome.outputs),
  info: outcome.info,
};
writeFileSync(join(job.outDir, 'result.json'), JSON.stringify(result, null, 1));
// piscina workers may keep the loop alive a moment; the result is written, so leave now
process.exit(0);
