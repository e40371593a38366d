/**
 * Benchmark workloads: each is defined once here (parameters, tolerances,
 * output grid) and implemented twice — in bench/spindrift-child.ts and in
 * bench/peer.py — both of which read the resolved parameters this module
 * produces (job JSON + binary inputs). See bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tolerance } from './stats.js';
import { SparseMatrix } from '../src/linalg/sparse.js';
import { dickeInitialValues, meanFieldSystem } from '../src/models/spin-domains/index.js';
import { collapseOperators as chainCollapseOperators, dressedHamiltonian, polarizationObservables } from '../src/models/dressed-chain/index.js';
import { firstBondCoupling, graphFromParams, withDefaults } from '../src/models/dressed-chain/model.js';
import { gammaEffective } from '../src/models/dressed-chain/analytics.js';
import { FIG3_EXACT_R, mergedGrid } from '../src/models/spin-diffusion/index.js';
import { chainGraph, collapseOperators as transportCollapseOperators, hamiltonian as transportHamiltonian, RateGenerator, siteIz, type NuclearGraph } from '../src/models/nuclear-transport/index.js';
import { andersonDnpModel, resolveSettings as andersonSettings } from '../src/models/anderson-dnp/index.js';
import { realizationLattice, realizationStream } from '../src/models/anderson-dnp/realization.js';

export type Side = 'spindrift' | 'peer';

/** One run configuration of a workload. */
export interface Variant {
  /** e.g. 'main', 'short' (span QuTiP can finish), 'full' (the whole span, spindrift only). */
  id: string;
  sides: Side[];
  /** Merged over the workload's parameters. */
  params: Record<string, unknown>;
  /** Compare spindrift and peer outputs of this variant (needs both sides). */
  compare: boolean;
  /** Per-run time limit (s) for this variant; a side that fails or times out is not run again. */
  timeoutS?: number;
  /**
   * Timed rounds of one side when fewer than `reps` (a side whose single run takes minutes): that
   * side then gets no warm-up round either. The table shows its run count.
   */
  rounds?: Partial<Record<Side, number>>;
  /** Short description shown after the workload name in the table (default: the span in µs, if any). */
  label?: string;
  /** Environment changes of the peer process only (null = unset the variable). */
  peerEnv?: Record<string, string | null>;
}

/** Peer time on a variant only spindrift runs = (peer's median on `from`) × factor(from params, target params). */
export interface Extrapolation { target: string; from: string; factor(p: Record<string, unknown>, target: Record<string, unknown>): number; note: string }

export interface WorkloadDef {
  name: string;
  title: string;
  /** What the peer is, e.g. 'QuTiP 4.7 mesolve'. */
  peer: string;
  /** Resolve the parameters (JSON-able); may write binary inputs into inputDir. */
  params(inputDir: string): Record<string, unknown>;
  variants(quick: boolean): Variant[];
  /** Names of the compared output arrays (each side writes <name>.f64). */
  outputs: string[];
  /** Outputs carry standard errors <name>_se (stochastic results). */
  stdErr?: boolean;
  tolerance: Tolerance;
  /** Why the tolerance is what it is (goes into docs). */
  toleranceNote: string;
  /** Peer time on a variant that only spindrift runs, extrapolated linearly from another variant. */
  extrapolate?: Extrapolation | Extrapolation[];
  /** Timed repetitions (default mode, quick mode). */
  reps: [number, number];
  /** Python interpreter of the peer (default: the runner's /usr/bin/python3). */
  peerPython?: () => string;
}

// ---------------------------------------------------------------------------
// Deterministic inputs: the 32-bit LCG of test/helpers.ts (state = 1664525·state + 1013904223 mod 2³²).

/** 32-bit linear congruential generator; next() in [0, 1). */
export class Lcg {
  private state: number;
  constructor(seed: number) { this.state = seed >>> 0; }
  next(): number {
    this.state = (Math.imul(1664525, this.state) + 1013904223) >>> 0;
    return this.state / 4294967296;
  }
}

/** Random complex n×n entries 2u−1 + i(2u−1) (re then im, row-major), as test/helpers randomMatrix. */
export function randomComplex(n: number, seed: number): { re: Float64Array; im: Float64Array } {
  const g = new Lcg(seed);
  const re = new Float64Array(n * n), im = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) { re[k] = 2 * g.next() - 1; im[k] = 2 * g.next() - 1; }
  return { re, im };
}

/** (M + M†)/2 of a random complex matrix. */
export function randomHermitianData(n: number, seed: number): { re: Float64Array; im: Float64Array } {
  const m = randomComplex(n, seed);
  const re = new Float64Array(n * n), im = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      re[i * n + j] = 0.5 * (m.re[i * n + j] + m.re[j * n + i]);
      im[i * n + j] = 0.5 * (m.im[i * n + j] - m.im[j * n + i]);
    }
  }
  return { re, im };
}

/** Write a Float64Array as raw little-endian doubles (numpy.fromfile(dtype='<f8')). */
export function writeF64(path: string, a: Float64Array): void {
  writeFileSync(path, Buffer.from(a.buffer, a.byteOffset, a.byteLength));
}

/** Sparse complex matrix as coordinate triplets (JSON-able; both sides build CSR from it). */
export interface Triplets { n: number; row: number[]; col: number[]; re: number[]; im: number[] }

/** Random sparse matrix with `perRow` entries per row at random columns (duplicates summed by both builders). */
export function randomSparse(n: number, perRow: number, scale: number, g: Lcg, hermitian: boolean): Triplets {
  const t: Triplets = { n, row: [], col: [], re: [], im: [] };
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < perRow; k++) {
      const j = Math.min(n - 1, Math.floor(g.next() * n));
      const re = scale * (2 * g.next() - 1), im = scale * (2 * g.next() - 1);
      if (hermitian) {
        if (i === j) { t.row.push(i); t.col.push(i); t.re.push(2 * re); t.im.push(0); continue; }
        t.row.push(i, j); t.col.push(j, i); t.re.push(re, re); t.im.push(im, -im);
      } else {
        t.row.push(i); t.col.push(j); t.re.push(re); t.im.push(im);
      }
    }
  }
  return t;
}

// ---------------------------------------------------------------------------
// Seed 000, Sec. II: the 4-spin set I1 (1/2) ⊗ S (1) ⊗ S' (1/2) ⊗ I2 (1/2).

const TWO_PI = 2 * Math.PI;
/** |γ_e|/2π (Hz/T), CODATA 2018 electron gyromagnetic ratio. */
export const GAMMA_E_HZ_PER_T = 28.024951e9;
/** γ_n/2π of ¹³C (Hz/T). */
export const GAMMA_13C_HZ_PER_T = 10.7084e6;

/**
 * Energy (Hz) of |m_I1, m_S, m_S', m_I2⟩ at field B with J_d = 0, nuclei in
 * the eigenframe of their hyperfine + Zeeman field: nucleus I with field
 * Z = (m A_zx, m A_zz − ω_n) has energies ±|Z|/2, and the label m_I = ±1/2 is
 * the eigenstate continuously connected to |m_I⟩ along z (sign(Z_z)).
 */
function foursiteLevel(b: number, mI1: number, mS: number, mSp: number, mI2: number, p: FoursiteHz): number {
  const we = GAMMA_E_HZ_PER_T * b, wn = GAMMA_13C_HZ_PER_T * b;
  const nuc = (m: number, azz: number, azx: number, mI: number) => {
    const zx = m * azx, zz = m * azz - wn;
    return mI * Math.sign(zz) * Math.hypot(zx, zz);
  };
  return we * (mS + mSp) + p.D * mS * mS + nuc(mS, p.Azz1, p.Azx1, mI1) + nuc(mSp, p.Azz2, p.Azx2, mI2);
}

interface FoursiteHz { D: number; Azz1: number; Azx1: number; Azz2: number; Azx2: number }

/**
 * Matching field B_m^(α) (T) where |↑,0,+½,↓⟩ and |↓,−1,−½,↑⟩ are degenerate
 * (Fig. 1), by bisection on the level difference near D/(2|γ_e|).
 */
export function matchingFieldAlpha(p: FoursiteHz): number {
  const f = (b: number) => foursiteLevel(b, 0.5, 0, 0.5, -0.5, p) - foursiteLevel(b, -0.5, -1, -0.5, 0.5, p);
  const b0 = p.D / (2 * GAMMA_E_HZ_PER_T);
  let lo = 0.9 * b0, hi = 1.1 * b0;
  let flo = f(lo);
  if (flo * f(hi) > 0) throw new Error('matchingFieldAlpha: no sign change in bracket');
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi), fm = f(mid);
    if (fm * flo <= 0) hi = mid; else { lo = mid; flo = fm; }
  }
  return 0.5 * (lo + hi);
}

/** Fig. 2 parameters (Hz) and the derived angular frequencies (rad/s) both codes use. */
export function foursiteParams(): Record<string, unknown> {
  const hz: FoursiteHz = { D: 2.87e9, Azz1: 13e6, Azx1: 13e6, Azz2: 4e6, Azx2: 4e6 };
  const jdHz = 247e3, jeffHz = 17e3;
  const B = matchingFieldAlpha(hz);
  return {
    B_T: B,
    // angular frequencies, rad/s (H = ωe(Sz + S'z) − ωn(I1z + I2z) + D Sz² + hyperfine + Jd/2 (S+S'+ + S−S'−))
    we: TWO_PI * GAMMA_E_HZ_PER_T * B,
    wn: TWO_PI * GAMMA_13C_HZ_PER_T * B,
    D: TWO_PI * hz.D,
    Azz1: TWO_PI * hz.Azz1, Azx1: TWO_PI * hz.Azx1, Azz2: TWO_PI * hz.Azz2, Azx2: TWO_PI * hz.Azx2,
    Jd: TWO_PI * jdHz,
    // Γ_op ≈ J_eff = 17 kHz (Fig. 2b), taken as 2π·17 kHz in s⁻¹ (near the critical pumping rate)
    gammaOp: TWO_PI * jeffHz,
    // |m_I1, m_S, m_S', m_I2⟩ = |↑, 0, +½, ↓⟩ → local indices (basis m = +s … −s)
    psi0Local: [0, 1, 0, 1],
    dims: [2, 3, 2, 2],
    atol: 1e-8,
    rtol: 1e-6,
  };
}

const spanSteps = (p: Record<string, unknown>) => Math.round((p.span as number) / (p.dt as number));


// ---------------------------------------------------------------------------
// Model workloads (issues 5, 7, 8): operators exported from the models' own builders.

/**
 * Write a sparse matrix as one raw f64 file: [rows, nnz, row indices…, column indices…, re…, im…]
 * (both children rebuild CSR / scipy.sparse from it).
 */
export function writeSparseF64(path: string, m: SparseMatrix): void {
  const nnz = m.nnz;
  const out = new Float64Array(2 + 4 * nnz);
  out[0] = m.rows; out[1] = nnz;
  for (let i = 0; i < m.rows; i++) {
    for (let k = m.rowPtr[i]; k < m.rowPtr[i + 1]; k++) {
      out[2 + k] = i;
      out[2 + nnz + k] = m.colIndex[k];
      out[2 + 2 * nnz + k] = m.re[k];
      out[2 + 3 * nnz + k] = m.im[k];
    }
  }
  writeF64(path, out);
}

/** Seed-000 Fig. 4 chain parameters (as `s000-fig4c`). */
export const FIG4_PARAMS = { topology: 'chain', sites: 4, Jd: 62e3, gammaE: 100, tEnd: 0.5, points: 201, ntraj: 6, method: 'mc' } as const;

/**
 * The 4-site dressed chain of Fig. 4 built with the dressed-chain model's own builders, exactly as
 * `dressedChainModel` does for mode 'dynamics' (field at the full-H resonance of the first bond,
 * Γ_op = 2π·J_eff, secular pumping, S' relaxation Γ_e): H, collapse operators and P1…P4 are written
 * as sparse f64 files for the peer. Also returns the composite index of the product basis state
 * with nucleus 1 up, nuclei 2–4 down, every S in m = 0 and every S' in m = +½ (short-span start).
 */
function chainOperators(inputDir: string): Record<string, unknown> {
  const p = withDefaults({ ...FIG4_PARAMS });
  const graph = graphFromParams(p);
  const bc = firstBondCoupling(graph, p, 'alpha');
  const field = bc.resonanceField;
  const gammaOp = 2 * Math.PI * bc.halfGap;
  const H = dressedHamiltonian(graph).at(field);
  const cOps = chainCollapseOperators(graph, { gammaOp, gammaE: FIG4_PARAMS.gammaE, pumping: 'separate' }).map((c) => c.op);
  const obs = polarizationObservables(graph).filter((o) => o.name !== 'Pc');
  writeSparseF64(join(inputDir, 'chain_H.f64'), H);
  cOps.forEach((c, k) => writeSparseF64(join(inputDir, `chain_c${k}.f64`), c));
  obs.forEach((o, k) => writeSparseF64(join(inputDir, `chain_e${k}.f64`), o.op));
  let idx = 0;
  for (const s of graph.slots) {
    const local = s.kind === 'I' ? (s.site === 0 ? 0 : 1) : s.kind === 'S' ? 1 : 0; // m = +s … −s
    idx = idx * s.dim + local;
  }
  return {
    n: H.rows, field, gammaOp, jEffHz: bc.halfGap, Hnnz: H.nnz,
    H: 'chain_H.f64', cOps: cOps.map((_, k) => `chain_c${k}.f64`), eOps: obs.map((_, k) => `chain_e${k}.f64`),
    // a large seed: pure-rand's xoroshiro128+ seeded with a small integer gives a first uniform ≈ 1 − 1e-10 (trajectory 0 jumps at once; see docs/benchmarks.md)
    psi0Index: idx, seed: 987654321,
  };
}

/**
 * The seed-003 mean-field system for M domains, with N̄_i, γ_i and the variable scales substituted
 * (same arithmetic as `compileMeanField`), flattened for the peer: for term k of variable v,
 * coefficient coef[k], variables vars[start[k] … start[k+1]); termsOf[v] … termsOf[v+1] index the
 * terms of v. y0 is the scaled initial vector.
 */
function meanFieldExport(sizes: number[], gammas: number[]): Record<string, unknown> {
  const sys = meanFieldSystem(sizes.length, false);
  const spins = sizes.map((n) => n / 2);
  const nbar = spins.map((j) => j * (j + 1));
  const scale = (key: string) => { let s = 1; for (let i = 0; i < key.length; i++) if (key[i] !== '1') s *= sizes[i]; return s; };
  const scales = sys.variables.map(scale);
  const coef: number[] = [], start: number[] = [0], vars: number[] = [], termsOf: number[] = [0];
  sys.rhs.forEach((terms, v) => {
    for (const t of terms) {
      let c = t.coef * gammas[t.channel];
      for (const i of t.nbar) c *= nbar[i];
      for (const x of t.vars) c *= scales[x];
      c /= scales[v];
      if (c === 0) continue;
      coef.push(c); vars.push(...t.vars); start.push(vars.length);
    }
    termsOf.push(coef.length);
  });
  const y0 = Array.from(dickeInitialValues(sys, spins.map((j, i) => (i === 0 ? j : -j))), (y, v) => y / scales[v]);
  return { variables: sys.variables, coef, start, vars, termsOf, y0 };
}

const chainSpan = (p: Record<string, unknown>) => (typeof p.span === 'number' ? p.span : (p.tEnd as number));

// ---------------------------------------------------------------------------
// Seed 000, effective nuclear-transport model (issue 6): Γ_eff = |ln(7/8)|·Γ_e (Eq. B.6), Γ_e = 100 s⁻¹.

/** Γ_eff (s⁻¹) of the model's figures: Eq. B.6 with Γ_e = 100 s⁻¹ (13.35 s⁻¹). */
export const TRANSPORT_GAMMA_EFF = gammaEffective(100, 'chain');

/**
 * The N-site one-way chain with a coherent bond J (Hz) on every chain bond, as the model's
 * `graphFromParams` builds it for `chainCoupling` (topology 'chain').
 */
export function coherentChainGraph(sites: number, rate: number, coupling: number): NuclearGraph {
  const g = chainGraph(sites, rate);
  g.coherent = g.directed.map((b) => ({ a: b.from, b: b.to, coupling }));
  return g;
}

/**
 * Configuration index (Hilbert-space basis index) of a pattern of 'u'/'d' per site: site j is bit
 * N−1−j, bit 0 = ↑ (src/models/nuclear-transport/configurations.ts).
 */
export function patternIndex(pattern: string): number {
  const n = pattern.length;
  let x = 0;
  for (let j = 0; j < n; j++) {
    const c = pattern[j];
    if (c !== 'u' && c !== 'd') throw new RangeError(`pattern: expected only 'u'/'d', got '${c}' at ${j}`);
    if (c === 'd') x |= 1 << (n - 1 - j);
  }
  return x;
}

/**
 * The rate-equation generator Q (dp/dt = Q p) of a classical graph as a sparse matrix, from the
 * model's own `RateGenerator` (Q_yx = rate of the hop x → y, Q_xx = −exit rate of x).
 */
export function rateGeneratorMatrix(g: NuclearGraph): SparseMatrix {
  const gen = new RateGenerator(g);
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  for (let x = 0; x < gen.size; x++) {
    rows.push(x); cols.push(x); vals.push(-gen.exit[x]);
    gen.forEachSuccessor(x, (y, r) => { rows.push(y); cols.push(x); vals.push(r); });
  }
  return SparseMatrix.fromTriplets(gen.size, gen.size, rows, cols, vals);
}

/** The 10-site coherent chain of `transport-lindblad10`: H, collapse operators and I_j^z written for the peer. */
function transportLindbladExport(inputDir: string, sites: number, coupling: number, pattern: string): Record<string, unknown> {
  const g = coherentChainGraph(sites, TRANSPORT_GAMMA_EFF, coupling);
  const H = transportHamiltonian(g);
  const cOps = transportCollapseOperators(g);
  writeSparseF64(join(inputDir, 'nt_H.f64'), H);
  cOps.forEach((c, k) => writeSparseF64(join(inputDir, `nt_c${k}.f64`), c));
  for (let j = 0; j < sites; j++) writeSparseF64(join(inputDir, `nt_e${j}.f64`), siteIz(sites, j));
  return {
    H: 'nt_H.f64', cOps: cOps.map((_, k) => `nt_c${k}.f64`), eOps: Array.from({ length: sites }, (_, j) => `nt_e${j}.f64`),
    n: H.rows, Hnnz: H.nnz, psi0Index: patternIndex(pattern),
  };
}

/** Output times 0 … tEnd, `points` uniform (the grid both sides use). */
const transportSpan = (p: Record<string, unknown>) => p.tEnd as number;

// ---------------------------------------------------------------------------

// ---------------------------------------------------------------------------
// Seed 001 (anderson-dnp): the model's Table I defaults, spindrift's own disorder exported to numpy.

/** Scenario parameters of anderson-dnp (Hz, SI): the model's defaults with `over` on top. */
function andersonParams(over: Record<string, unknown>): Record<string, unknown> {
  const defaults = Object.fromEntries(andersonDnpModel.parameters.map((q) => [q.name, q.default]));
  return { ...defaults, seed: ANDERSON_SEED, ...over };
}
const ANDERSON_SEED = 2018;

/** Write the disorder Δ_i (rad/s) of realizations 0 … count−1 as <prefix>_r<k>.f64; returns the file names. */
function andersonDisorderExport(inputDir: string, model: Record<string, unknown>, count: number, prefix: string): string[] {
  const settings = andersonSettings(model, ANDERSON_SEED);
  const files: string[] = [];
  for (let r = 0; r < count; r++) {
    const lat = realizationLattice(settings, realizationStream(settings.seed, r));
    const f = `${prefix}_r${r}.f64`;
    writeF64(join(inputDir, f), lat.disorder);
    files.push(f);
  }
  return files;
}

let numpyPythonCache: string | undefined;
/**
 * A Python with numpy for the numpy-only anderson-dnp peers: $BENCH_NUMPY_PYTHON, else /usr/bin/python3 if it
 * imports numpy, else `python3` on PATH (resolved to sys.executable so the pyenv shim is not in the timing).
 */
export function numpyPython(): string {
  if (numpyPythonCache) return numpyPythonCache;
  const probe = (py: string): string | null => {
    const r = spawnSync(py, ['-c', 'import sys, numpy; print(sys.executable)'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  const found = (process.env.BENCH_NUMPY_PYTHON ? probe(process.env.BENCH_NUMPY_PYTHON) : null) ?? probe('/usr/bin/python3') ?? probe('python3');
  if (!found) throw new Error('bench: no Python with numpy found (set BENCH_NUMPY_PYTHON)');
  numpyPythonCache = found;
  return found;
}

/**
 * random-me-*: random sparse Hermitian H (3 per row), 4 random sparse collapse operators (2 per row, scale 0.3),
 * two random sparse observables, from |0⟩ — all from the shared LCG with `seed`; ODE tolerances atol 1e-8, rtol 1e-6.
 */
function randomLindbladParams(seed: number, n: number, tEnd: number, nTimes: number): Record<string, unknown> {
  const g = new Lcg(seed);
  return {
    n,
    H: randomSparse(n, 3, 1.0, g, true),
    cOps: [0, 1, 2, 3].map(() => randomSparse(n, 2, 0.3, g, false)),
    eOps: [randomSparse(n, 3, 1.0, g, true), randomSparse(n, 3, 1.0, g, true)],
    psi0Index: 0, tEnd, nTimes, atol: 1e-8, rtol: 1e-6,
  };
}

export const WORKLOADS: WorkloadDef[] = [
  {
    name: 'anderson-exact-L10',
    title: 'seed 001 exact route, one realization at L = 10 (N = 1000), Table I: eigensolver + W = AAᵀ + pair sums → P_n',
    peer: 'numpy eigh + A @ A.T + the same pair sums (same disorder, exported)',
    peerPython: numpyPython,
    params: (inputDir) => {
      const model = andersonParams({ L: 10, method: 'exact', realizations: 1 });
      const [disorder] = andersonDisorderExport(inputDir, model, 1, 'anderson_L10');
      return { model, realization: 0, disorder };
    },
    variants: () => [
      // spindrift: exactSpectrum (eighSymmetric) + overlapMatrix (gramRows) + blochBias/issSums/nuclearPolarization
      { id: 'main', label: 'real-symmetric pipeline → P_n', sides: ['spindrift', 'peer'], params: {}, compare: true },
      // the same, numpy with the OpenBLAS defaults for core type and cache and one thread (as anderson-kpm-L18's peer:
      // on this shared 2-core machine the environment's OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE and 2 threads slow eigh down)
      {
        id: 'np1t', label: 'real-symmetric pipeline → P_n, numpy 1 thread, OpenBLAS env unset', sides: ['spindrift', 'peer'], params: {}, compare: true,
        peerEnv: { OPENBLAS_CORETYPE: null, OPENBLAS_L2_SIZE: null, OPENBLAS_NUM_THREADS: '1' },
      },
      // the complex Hermitian eigh of src/linalg/eigen-hermitian.ts on the same matrix (imaginary part 0): eigensolver only
      { id: 'complex', label: 'complex eigh (eigen-hermitian) of the same matrix, eigensolver only', sides: ['spindrift'], params: { complex: true }, compare: false },
      // per realization inside a disorder average: both sides diagonalize once untimed first (JIT compiled, heap grown)
      {
        id: 'warm', label: 'real-symmetric pipeline → P_n, warm (second realization of a run), numpy 1 thread, OpenBLAS env unset', sides: ['spindrift', 'peer'], params: { warm: true }, compare: true,
        peerEnv: { OPENBLAS_CORETYPE: null, OPENBLAS_L2_SIZE: null, OPENBLAS_NUM_THREADS: '1' },
      },
      { id: 'complex-warm', label: 'complex eigh of the same matrix, warm', sides: ['spindrift'], params: { complex: true, warm: true }, compare: false },
    ],
    // 'values': eigenvalues of M − ω_e (rad/s); 'Pn': [P_n]; 'iss': [D/Λ, S/Λ, PL/Λ]
    outputs: ['values', 'Pn', 'iss'],
    tolerance: { abs: 0, rel: 1e-8 },
    toleranceNote: 'the same real-symmetric matrix: eigenvalues to ‖M‖·n·ε ≈ 1e-4 rad/s of ‖M‖ ≈ 5e8 rad/s; the pair sums are sums of positive terms and smooth in the levels (relative 1e-8 leaves room)',
    reps: [3, 1],
  },
  {
    name: 'anderson-kpm-L18',
    title: 'seed 001 at L = 18 (N = 5832), t = 6.5 MHz, Table I: disorder mean of P_n, KPM (256 moments, 256 sites) vs numpy exact, time per realization',
    peer: 'numpy exact pipeline (eigh + A @ A.T + pair sums) on the first realizations\' exported disorder, 1 OpenBLAS thread',
    peerPython: numpyPython,
    params: (inputDir) => {
      const peerRealizations = 3;
      const model = andersonParams({ L: 18, method: 'kpm', realizations: 40, moments: 256, sites: 256 });
      return { model, peerRealizations, disorder: andersonDisorderExport(inputDir, model, peerRealizations, 'anderson_L18') };
    },
    variants: (quick) => [
      {
        id: 'main', label: 'per realization (spindrift KPM 40, numpy exact 3)', sides: ['spindrift', 'peer'],
        params: quick ? { peerRealizations: 1 } : {}, compare: true, timeoutS: 600,
        // minutes per peer run: no warm-up, one timed round each (the per-realization loop is the repetition)
        rounds: { spindrift: 1, peer: 1 },
        // numpy as measured in the issue: OpenBLAS defaults for the core type and cache, one thread
        peerEnv: { OPENBLAS_CORETYPE: null, OPENBLAS_L2_SIZE: null, OPENBLAS_NUM_THREADS: '1' },
      },
    ],
    // the disorder mean of P_n and its standard error (sample s.d. / √R)
    outputs: ['Pn'],
    stdErr: true,
    tolerance: { abs: 0, rel: 0, nSigma: 2 },
    toleranceNote: 'two independent disorder means (40 KPM realizations, 3 exact ones): within 2 combined standard errors; the KPM route\'s systematic error (Jackson broadening, the T2n Lorentzian as a δ, 256 of 5832 sites) is not in the errors',
    reps: [1, 1],
  },
  {
    name: 'anderson-kpm-L30',
    title: 'seed 001 KPM route, one realization at L = 30 (N = 27000), 256 moments, 256 sites, Table I',
    peer: 'none (time only)',
    params: () => ({ model: andersonParams({ L: 30, method: 'kpm', realizations: 1, moments: 256, sites: 256 }) }),
    variants: () => [{ id: 'main', label: 'one realization', sides: ['spindrift'], params: {}, compare: false, timeoutS: 300 }],
    outputs: ['Pn'],
    tolerance: { abs: 0, rel: 0 },
    toleranceNote: 'spindrift only (time)',
    reps: [3, 1],
  },
  {
    name: 'qubit-me',
    title: 'driven damped qubit, mesolve, 1000 output times',
    peer: 'QuTiP mesolve',
    params: () => ({
      // H = Δ/2 σz + Ω/2 σx (rad/s), C = √γ σ−, from |↑⟩; eOps σx, σy, σz
      delta: TWO_PI * 0.3, omega: TWO_PI * 1.0, gamma: 0.4, tEnd: 20, nTimes: 1000, atol: 1e-8, rtol: 1e-6,
    }),
    variants: () => [{ id: 'main', sides: ['spindrift', 'peer'], params: {}, compare: true }],
    outputs: ['sx', 'sy', 'sz'],
    tolerance: { abs: 1e-4, rel: 0 },
    toleranceNote: 'global error of the peer\'s adaptive ODE (Adams, rtol 1e-6, atol 1e-8) over 20 s: measured ~2e-5; spindrift propagates exactly (eigendecomposition)',
    reps: [5, 1],
  },
  {
    name: 'foursite-me',
    title: 'seed 000 4-spin set (dim 24), lab frame, mesolve from |↑,0,+½,↓⟩, output every µs',
    peer: 'QuTiP mesolve',
    // spindrift method 'exact' (expm of the reduced generator on the uniform grid): 'auto' picks
    // krylov here (reduced dimension 288 > 256) and did not finish (see docs/benchmarks.md)
    params: () => ({ ...foursiteParams(), sdMethod: 'exact' }),
    variants: (quick) => [
      // apples to apples: the span QuTiP can finish, finer output grid for the deviation check
      { id: 'short', sides: ['spindrift', 'peer'], params: { span: quick ? 0.2e-6 : 1e-6, dt: 1e-8 }, compare: true },
      // the real workload: 1 ms, every µs — spindrift only; peer time extrapolated from 'short'
      { id: 'full', sides: ['spindrift'], params: { span: 1e-3, dt: 1e-6 }, compare: false },
    ],
    outputs: ['I1z', 'Sz', 'Spz', 'I2z'],
    tolerance: { abs: 1e-4, rel: 0 },
    toleranceNote: 'ODE global error of the peer (rtol 1e-6) over ~10⁵ steps of GHz oscillation',
    extrapolate: {
      target: 'full', from: 'short',
      factor: (from, target) => (target.span as number) / (from.span as number),
      note: 'peer time on the full span = (median time on the short span) × (full span / short span): the adaptive ODE cost is proportional to simulated time at GHz lab-frame frequencies',
    },
    reps: [5, 1],
  },
  {
    name: 'random-me-200',
    title: 'random sparse Lindbladian, dim 200, 4 collapse operators, mesolve, 101 output times',
    peer: 'QuTiP mesolve',
    params: () => randomLindbladParams(2024, 200, 5, 101),
    variants: () => [{ id: 'main', sides: ['spindrift', 'peer'], params: {}, compare: true }],
    outputs: ['e0', 'e1'],
    tolerance: { abs: 1e-4, rel: 0 },
    toleranceNote: 'global error of both adaptive ODEs (rtol 1e-6, atol 1e-8): QuTiP Adams on the 40 000-dim vectorised ρ, spindrift DOP853 on the matrix form (before issue 18: Krylov at tolerance 1e-8)',
    reps: [5, 1],
  },
  {
    name: 'random-me-400',
    title: 'random sparse Lindbladian, dim 400 (dense ρ, no block structure), 4 collapse operators, mesolve, 51 output times',
    peer: 'QuTiP mesolve',
    params: () => randomLindbladParams(4004, 400, 2, 51),
    variants: () => [{ id: 'main', sides: ['spindrift', 'peer'], params: {}, compare: true, timeoutS: 600 }],
    outputs: ['e0', 'e1'],
    tolerance: { abs: 1e-4, rel: 0 },
    toleranceNote: 'global error of both adaptive ODEs (rtol 1e-6, atol 1e-8): QuTiP Adams on the 160 000-dim vectorised ρ, spindrift DOP853 on the matrix form',
    reps: [3, 1],
  },
  {
    name: 'foursite-mc',
    title: 'foursite-me with 1000 quantum-jump trajectories (mcsolve, 2 workers / num_cpus=2)',
    peer: 'QuTiP mcsolve',
    params: () => ({ ...foursiteParams(), ntraj: 1000, seed: 12345, workers: 2 }),
    variants: (quick) => [
      { id: 'short', sides: ['spindrift', 'peer'], params: { span: quick ? 0.05e-6 : 0.2e-6, dt: 2e-9, ntraj: quick ? 100 : 1000 }, compare: true },
      { id: 'full', sides: ['spindrift'], params: { span: 1e-3, dt: 1e-6, ntraj: quick ? 100 : 1000 }, compare: false },
    ],
    outputs: ['I1z', 'Sz', 'Spz', 'I2z'],
    stdErr: true,
    tolerance: { abs: 1e-4, rel: 0, nSigma: 5 },
    toleranceNote: 'two independent samples of 1000 trajectories: 5 combined standard errors, plus the ODE error 1e-4',
    extrapolate: {
      target: 'full', from: 'short',
      factor: (from, target) => (target.span as number) / (from.span as number),
      note: 'peer time on the full span = (median time on the short span) × (full span / short span): per-trajectory ODE cost is proportional to simulated time',
    },
    reps: [5, 1],
  },
  {
    name: 'xy-steady-10',
    title: '10-spin XY chain, gain on site 1 and loss on site 10, steady state (dim 1024)',
    peer: 'QuTiP steadystate',
    params: () => ({
      // H = J Σ (σ⁺_i σ⁻_{i+1} + h.c.), C = √γ σ⁺_1, √γ σ⁻_N; peer: QuTiP's default steadystate method
      N: 10, J: 1.0, gamma: 0.5, peerMethod: 'direct',
    }),
    variants: () => [
      // the target size: QuTiP's sparse LU on the full 10⁶-dimensional Liouvillian does not finish in
      // minutes (N = 8 already took 157 s in a trial), so it gets a time limit and is not retried
      { id: 'main', sides: ['spindrift', 'peer'], params: {}, compare: true, timeoutS: 150 },
      // a size both codes finish: validates the two steady states against each other
      { id: 'n6', sides: ['spindrift', 'peer'], params: { N: 6 }, compare: true },
    ],
    // ⟨σz_i⟩ (N) and Re/Im ⟨σ⁺_i σ⁻_{i+1}⟩ (N − 1 each)
    outputs: ['sz', 'cur_re', 'cur_im'],
    tolerance: { abs: 1e-6, rel: 0 },
    toleranceNote: 'both solve the linear system to ~1e-10 residual; 1e-6 leaves room for the conditioning of L',
    reps: [5, 1],
  },
  {
    name: 'eigh-1000',
    title: 'Hermitian eigendecomposition n = 1000, values and vectors',
    peer: 'numpy.linalg.eigh',
    params: (inputDir) => {
      const n = 1000;
      const a = randomHermitianData(n, 7);
      writeF64(join(inputDir, 'eigh_re.f64'), a.re);
      writeF64(join(inputDir, 'eigh_im.f64'), a.im);
      return { n, re: 'eigh_re.f64', im: 'eigh_im.f64' };
    },
    variants: () => [{ id: 'main', sides: ['spindrift', 'peer'], params: {}, compare: true }],
    // eigenvalues, and |V_ij| (phase-free; eigenvalues of a random matrix are simple)
    outputs: ['values', 'absvec'],
    tolerance: { abs: 1e-9, rel: 1e-11 },
    toleranceNote: 'backward-stable algorithms: ‖A‖·n·ε ≈ 1e-11 on values; vectors of gaps ≥ 1e-3 to ~1e-9',
    reps: [5, 1],
  },
  {
    name: 'matmul-512',
    title: 'complex matrix product n = 512',
    peer: 'numpy @ (OpenBLAS zgemm)',
    params: (inputDir) => {
      const n = 512;
      const a = randomComplex(n, 11), b = randomComplex(n, 13);
      writeF64(join(inputDir, 'mm_a_re.f64'), a.re); writeF64(join(inputDir, 'mm_a_im.f64'), a.im);
      writeF64(join(inputDir, 'mm_b_re.f64'), b.re); writeF64(join(inputDir, 'mm_b_im.f64'), b.im);
      return { n, a: ['mm_a_re.f64', 'mm_a_im.f64'], b: ['mm_b_re.f64', 'mm_b_im.f64'], repeat: 5 };
    },
    variants: () => [{ id: 'main', sides: ['spindrift', 'peer'], params: {}, compare: true }],
    outputs: ['c_re', 'c_im'],
    tolerance: { abs: 1e-10, rel: 0 },
    toleranceNote: 'summation order differs: n·ε·max|a||b| ≈ 1e-13 per entry',
    reps: [5, 1],
  },
  {
    name: 'domains-2c',
    title: 'seed 003 Fig. 2c: four spin domains N = (8, 6, 5, 1), collective space (756 states), t = 0…20/γ, 101 times',
    peer: 'QuTiP mesolve',
    params: () => ({
      // Eq. 3 at T = 0: C_i = √γ_i (J_i⁻ + J_{i+1}⁻), H = 0 (ω0ΣJ_z drops out exactly, see src/models/spin-domains/exact.ts);
      // from Eq. 4 (D1 fully excited, others in their ground state); outputs ⟨J_i^z⟩
      sizes: [8, 6, 5, 1], gammas: [1, 1, 1], tEnd: 20, nTimes: 101,
      // spindrift: solveExact's defaults (Krylov tolerance 1e-10); QuTiP: Adams, atol 1e-8, rtol 1e-6 (as the other workloads)
      sdAtol: 1e-10, atol: 1e-8, rtol: 1e-6,
    }),
    // QuTiP needs ~4–5 min per run (measured 262 s): one timed peer run, no warm-up (rounds), time limit 600 s
    variants: () => [{ id: 'main', sides: ['spindrift', 'peer'], params: {}, compare: true, timeoutS: 600, rounds: { peer: 1 } }],
    outputs: ['J1', 'J2', 'J3', 'J4'],
    tolerance: { abs: 1e-4, rel: 0 },
    toleranceNote: 'global error of the peer\'s adaptive ODE (rtol 1e-6, atol 1e-8) on ⟨J_i^z⟩ ≤ 4 over 20/γ; spindrift\'s Krylov error estimate is ~1e-13',
    reps: [5, 1],
  },
  {
    name: 'domains-meanfield-3b',
    title: 'seed 003 Fig. 3b: generated 13-variable mean-field system, N = (10⁸, 10⁵, 10²), γt = 10⁻¹¹…10⁻³ (log grid, 241 times + t = 0)',
    peer: 'scipy solve_ivp (LSODA) on the exported system',
    params: () => {
      const sizes = [1e8, 1e5, 1e2], gammas = [1, 1];
      const a = Math.log10(1e-11), b = Math.log10(1e-3);
      const times = [0, ...Array.from({ length: 241 }, (_, i) => 10 ** (a + ((b - a) * i) / 240))];
      // spindrift: solveMeanField's defaults (DOP853, rtol 1e-10, atol 1e-12: what s003-fig3b uses);
      // peer: LSODA at rtol 1e-12, atol 1e-14 (at 1e-10 LSODA is off by 4e-5 at the burst, see toleranceNote)
      return { sizes, gammas, times, atol: 1e-12, rtol: 1e-10, peerAtol: 1e-14, peerRtol: 1e-12, ...meanFieldExport(sizes, gammas) };
    },
    variants: () => [{ id: 'main', sides: ['spindrift', 'peer'], params: {}, compare: true, timeoutS: 300 }],
    // ⟨J_i^z⟩/N_i
    outputs: ['J1', 'J2', 'J3'],
    tolerance: { abs: 2e-5, rel: 0 },
    toleranceNote: 'the same generated ODE system: the superradiant burst of D1 at γt ≈ 2·10⁻⁷ amplifies local errors — converged references (scipy Radau, LSODA and DOP853 at rtol 1e-12) agree to 5e-7 there, spindrift\'s DOP853 at its default rtol 1e-10 is within 7e-6 of them (scipy\'s DOP853 at 1e-10 within 5e-6), LSODA at 1e-10 only within 4e-5',
    reps: [5, 1],
  },
  {
    name: 'chain4-mc',
    title: 'seed 000 Fig. 4: 4-site dressed chain (dim 12⁴ = 20736), quantum-jump trajectories',
    peer: 'QuTiP mcsolve (num_cpus=1)',
    params: (inputDir) => ({ ...FIG4_PARAMS, ...chainOperators(inputDir), atol: 1e-8, rtol: 1e-6 }),
    variants: (quick) => [
      // span both codes run: basis-state start (QuTiP needs a ket), MHz nuclear precession in the tilted hyperfine field
      { id: 'short', sides: ['spindrift', 'peer'], params: { span: quick ? 10e-9 : 50e-9, dt: 1e-9, ntraj: 2, init: 'basis' }, compare: true, timeoutS: 300 },
      // the targets: one trajectory to 0.5 s and Fig. 4c (6 trajectories), unpolarized nuclei and electrons (sampled product states)
      { id: 'traj1', label: '1 traj. to 0.5 s', sides: ['spindrift'], params: { ntraj: 1, init: 'unpolarized' }, compare: false, timeoutS: 120 },
      { id: 'fig4c', label: 'Fig. 4c, 6 traj. to 0.5 s', sides: ['spindrift'], params: { ntraj: 6, init: 'unpolarized' }, compare: false, timeoutS: 240 },
    ],
    outputs: ['P1', 'P2', 'P3', 'P4'],
    stdErr: true,
    tolerance: { abs: 1e-3, rel: 0, nSigma: 5 },
    toleranceNote: 'short span: Hamiltonian dynamics (jump probability ~Γ_op·50 ns ≈ 1e-4 per trajectory), so the peer\'s ODE error at GHz frequencies (rtol 1e-6 over ~10⁵ steps) dominates; 5 combined standard errors for any jump',
    extrapolate: [
      { target: 'traj1', from: 'short', factor: (f, t) => (chainSpan(t) / chainSpan(f)) * ((t.ntraj as number) / (f.ntraj as number)), note: 'peer time = (median on the short span) × (0.5 s / short span) × (trajectories / short-span trajectories): the ODE cost per trajectory grows linearly with simulated time at GHz frequencies' },
      { target: 'fig4c', from: 'short', factor: (f, t) => (chainSpan(t) / chainSpan(f)) * ((t.ntraj as number) / (f.ntraj as number)), note: 'as traj1, × 6 trajectories' },
    ],
    reps: [5, 1],
  },
  {
    name: 'chiral-chain12',
    title: 'seed 004: one-way chain of 12 spins ½, one excitation on spin 1 (13-state subspace), γ = 2π·100 rad/s, k_z d = 0.5, 101 times to 20 ms',
    peer: 'QuTiP mesolve',
    params: () => ({ N: 12, gamma: TWO_PI * 100, gammaReverse: 0, phase: 0.5, tEnd: 20e-3, nTimes: 101, atol: 1e-10, rtol: 1e-8 }),
    variants: () => [
      // oneQuantumDynamics: amplitudes in the one-quantum block of H_NH (exact for one quantum)
      { id: 'main', label: 'oneQuantumPropagation on the model\'s 12×12 block', sides: ['spindrift', 'peer'], params: { sdMethod: 'amplitudes' }, compare: true },
      // chainDynamics with mesolve on the same 13-state problem
      { id: 'me', label: 'mesolve on the model\'s operators', sides: ['spindrift', 'peer'], params: { sdMethod: 'me' }, compare: true },
    ],
    // excitation ⟨S_j^z⟩ + ½ of spins 1 … 12, concatenated
    outputs: ['excitation'],
    tolerance: { abs: 1e-6, rel: 0 },
    toleranceNote: 'peer ODE at rtol 1e-8 / atol 1e-10; spindrift exact (Padé exponential)',
    // 9 rounds: QuTiP's time on this problem is bimodal (~40 ms or ~6 s, identical outputs; see docs/benchmarks.md)
    reps: [9, 1],
  },
  {
    name: 'chiral-chain10-all',
    title: 'seed 004: one-way chain of 10 spins ½, all excited (dim 1024), 16 trajectories to 20 ms, 101 times (1 worker / num_cpus=1)',
    peer: 'QuTiP mcsolve (num_cpus=1)',
    params: () => ({ N: 10, gamma: TWO_PI * 100, gammaReverse: 0, phase: 0.5, tEnd: 20e-3, nTimes: 101, ntraj: 16, seed: 987654321, workers: 1, atol: 1e-8, rtol: 1e-6 }),
    variants: () => [
      { id: 'main', sides: ['spindrift', 'peer'], params: {}, compare: true, timeoutS: 400 },
      // issue 18 lever 5 (one-way blocks are h·I + nilpotent: exact finite sums): many trajectories of a small chain (dim 64)
      { id: 'chain6-mc1000', label: '6 spins all excited (dim 64), 1000 trajectories', sides: ['spindrift', 'peer'], params: { N: 6, ntraj: 1000 }, compare: true, timeoutS: 400 },
    ],
    outputs: ['excitation'],
    stdErr: true,
    tolerance: { abs: 1e-3, rel: 0, nSigma: 5 },
    toleranceNote: 'two independent samples of 16 trajectories: 5 combined standard errors (at t = 0 both are exactly 1) plus the peer\'s ODE error',
    reps: [5, 1],
  },
  {
    name: 'transport-kmc',
    title: 'seed 000 effective model: kinetic Monte Carlo of a 10⁴-site one-way chain, unpolarized nuclei → domain wall (absorption), 1 worker',
    peer: 'none (no QuTiP equivalent; profile checked against Eq. 12)',
    // Γ_eff of the figures (Eq. B.6, Γ_e = 100 s⁻¹); per-site profile of the absorbing state (bins = sites)
    params: () => ({ sites: 10000, rate: TRANSPORT_GAMMA_EFF, realizations: 100, seed: 2024, workers: 1 }),
    variants: (quick) => [
      // ~55 s per run (1.24×10⁹ hops): 3 timed rounds, no warm-up (the JIT settles within the first realization)
      { id: 'main', label: `${quick ? 8 : 100} realizations to absorption, 1 worker`, sides: ['spindrift'], params: quick ? { realizations: 8 } : {}, compare: false, timeoutS: 300, rounds: { spindrift: 3 } },
    ],
    // final profile P_j of the absorbing state (mean over realizations), not compared with a peer
    outputs: ['P'],
    stdErr: true,
    tolerance: { abs: 0, rel: 0 },
    toleranceNote: 'spindrift only: the averaged absorbing profile is checked against Eq. 12 inside the child (worst |z| with σ_j = √((1 − P_j²)/R) reported as profileWorstZ)',
    reps: [5, 1],
  },
  {
    name: 'transport-rate16',
    title: 'seed 000 effective model: rate equation of the 16-site one-way chain (65536 configurations) from unpolarized nuclei',
    peer: 'scipy.sparse.linalg.expm_multiply on the exported generator Q',
    params: (inputDir) => {
      const sites = 16;
      const g = chainGraph(sites, TRANSPORT_GAMMA_EFF);
      const q = rateGeneratorMatrix(g);
      writeSparseF64(join(inputDir, 'rate16_Q.f64'), q);
      return { sites, rate: TRANSPORT_GAMMA_EFF, Q: 'rate16_Q.f64', Qnnz: q.nnz, tEnd: 1, points: 11 };
    },
    variants: (quick) => [
      // the steady state: exact t → ∞ limit (potential order), spindrift only; compared with Eq. 12 inside the child
      { id: 'limit', label: 'exact t → ∞ limit', sides: ['spindrift'], params: { mode: 'limit' }, compare: false },
      // propagation to a fixed time (Γ_eff·t = 13.4), P_j at 11 times: both sides
      { id: 'prop', label: `propagation to t = ${quick ? 0.25 : 1} s, 11 times`, sides: ['spindrift', 'peer'], params: { mode: 'prop', ...(quick ? { tEnd: 0.25 } : {}) }, compare: true, timeoutS: 300 },
    ],
    // P_j(t_k), site-major (16 × 11); the limit variant writes the 16 limit values
    outputs: ['P'],
    tolerance: { abs: 1e-9, rel: 0 },
    toleranceNote: 'both propagate the same linear ODE to ~double precision (spindrift Krylov tolerance 1e-13 relative to ‖p‖; scipy\'s Al-Mohy–Higham Taylor scheme at its default tolerance 2⁻⁵³)',
    reps: [5, 1],
  },
  {
    name: 'transport-lindblad10',
    title: 'seed 000 effective model: 10-site one-way chain with coherent bonds (J = 547 Hz, Γ_eff = 13.35 s⁻¹), density matrix from |↑↑↑↑↑↓↓↓↓↓⟩, P_j',
    peer: 'QuTiP mesolve on the exported H and collapse operators',
    params: (inputDir) => ({
      sites: 10, rate: TRANSPORT_GAMMA_EFF, coupling: 547, pattern: 'uuuuuddddd',
      // lindbladTransport's own ODE tolerances (DOP853 for coherent bonds); the peer gets the same
      atol: 1e-10, rtol: 1e-9,
      ...transportLindbladExport(inputDir, 10, 547, 'uuuuuddddd'),
    }),
    variants: (quick) => [
      // span both codes finish: QuTiP integrates the full 1024² Liouvillian
      // (measured: ~25 s per simulated ms, so 2 timed rounds without warm-up)
      { id: 'short', label: `to ${quick ? 0.5 : 2} ms, 11 times`, sides: ['spindrift', 'peer'], params: { tEnd: quick ? 0.5e-3 : 2e-3, points: 11 }, compare: true, timeoutS: 600, rounds: { peer: 2 } },
      // a longer run (~70 coherent periods 1/J): spindrift only (~1 min per run, 2 rounds), peer time extrapolated from 'short'
      { id: 'full', label: `to ${quick ? 10 : 100} ms, 101 times`, sides: ['spindrift'], params: { tEnd: quick ? 0.01 : 0.1, points: 101 }, compare: false, timeoutS: 600, rounds: { spindrift: 2 } },
    ],
    // P_j(t_k), site-major (10 × points)
    outputs: ['P'],
    tolerance: { abs: 1e-6, rel: 0 },
    toleranceNote: 'both adaptive ODEs at rtol 1e-9 / atol 1e-10 (spindrift DOP853 on the populated magnetization block, QuTiP Adams on the full Liouvillian); against a DOP853 reference at rtol 1e-13 after 1 ms: spindrift 2.7e-9, QuTiP 1.8e-7 (growing about linearly with time)',
    extrapolate: {
      target: 'full', from: 'short',
      factor: (f, t) => transportSpan(t) / transportSpan(f),
      note: 'peer time on the full span = (median on the short span) × (full span / short span): the adaptive ODE cost grows linearly with simulated time (step size set by 2πJ, constant in time)',
    },
    reps: [5, 1],
  },
  {
    name: 's002-fig3a',
    title: 'seed 002 Fig. 3(a): D(r) = W a² on 108 r × 12 P̄, W by adaptive Gauss–Kronrod convolution of S and F (Eq. 9, first line)',
    peer: 'scipy.integrate.quad (QUADPACK QAGS/QAGI) on the same partition, couplings computed independently in numpy',
    peerPython: numpyPython,
    params: () => ({
      r: mergedGrid(3e-10, 3e-9, 96, FIG3_EXACT_R), pBars: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 0.9993],
      field: 7.05, a: 0.66e-9, tauC: 0.5e-6, hwhmHz: 11e3, relTol: 1e-10,
    }),
    variants: () => [{ id: 'main', label: '108 r × 12 P̄', sides: ['spindrift', 'peer'], params: {}, compare: true, timeoutS: 300 }],
    // D(r) per P̄, P̄-major (12 × 108)
    outputs: ['D'],
    tolerance: { abs: 0, rel: 1e-8 },
    toleranceNote: 'both integrate to 1e-10 relative (quad: epsrel 1e-10) and both agree with the closed form of Eq. 9 to < 1e-9; 1e-8 relative is the issue\'s bound for the convolution',
    reps: [5, 1],
  },
  {
    name: 's002-telegraph-mc',
    title: 'seed 002: telegraph Monte Carlo of the flip-flop pair, 2000 trajectories × ≈10⁴ switches (symmetric process, Δ = Γ_c = 2e6 s⁻¹, P̄ = 0.5), ⟨σ_z⟩ at 101 times, 2 workers',
    peer: 'the same event-driven algorithm in numpy (vectorized over trajectories, exact eigenbasis propagation)',
    peerPython: numpyPython,
    params: () => ({ delta: 2e6, gammaC: 2e6, pBar: 0.5, gamma2: TWO_PI * 11e3, d12: 1.5e4, tEnd: 1e-2, points: 101, trajectories: 2000, seed: 2026, workers: 2 }),
    variants: (quick) => [{ id: 'main', label: `${quick ? 200 : 2000} traj. × 10⁴ switches`, sides: ['spindrift', 'peer'], params: quick ? { trajectories: 200 } : {}, compare: true, timeoutS: 600, rounds: { peer: 2 } }],
    outputs: ['sz'],
    stdErr: true,
    tolerance: { abs: 1e-12, rel: 0, nSigma: 5 },
    toleranceNote: 'independent random streams (xoroshiro128+ vs numpy PCG64): 5 combined standard errors; at t = 0 both are exactly 1',
    reps: [3, 1],
  },
  // ---- time-dependent generators (issue 19): string coefficients on both sides ----------------
  {
    name: 'cosdrive-me',
    title: 'qubit driven by 2Ω cos(ωt) σx/2 without RWA, decay, 1000 drive periods (100 µs), 1001 output times, mesolve',
    peer: 'QuTiP mesolve, string coefficient (Cython-compiled)',
    params: () => cosDriveParams(),
    variants: (quick) => [
      // apples to apples on the span QuTiP finishes in reasonable time (it needs ~45 s per 100 periods here)
      { id: 'short', label: '100 periods', sides: ['spindrift', 'peer'], params: { periods: 100, nTimes: 101 }, compare: true, rounds: { peer: quick ? 1 : 2 } },
      // the workload of issue 19: 1000 periods — spindrift only; peer time extrapolated from 'short'
      { id: 'full', label: '1000 periods', sides: ['spindrift'], params: {}, compare: false },
    ],
    outputs: ['sx', 'sz'],
    tolerance: { abs: 1e-3, rel: 0 },
    toleranceNote: 'global error of both adaptive ODEs (rtol 1e-6, atol 1e-8) over 10³–10⁴ rad of Larmor phase: QuTiP Adams on the vectorised ρ, spindrift DOP853',
    extrapolate: {
      target: 'full', from: 'short',
      factor: (from, target) => (target.periods as number) / (from.periods as number),
      note: 'peer time on 1000 periods = (median time on 100 periods) × 10: the adaptive ODE cost is proportional to the number of drive periods',
    },
    reps: [3, 1],
  },
  {
    name: 'cosdrive-mc',
    title: 'cosdrive-me (20 drive periods, 2 µs) with 500 quantum-jump trajectories, 2 workers / num_cpus=2',
    peer: 'QuTiP mcsolve, string coefficient, num_cpus=2',
    params: () => ({ ...cosDriveParams(), periods: 20, nTimes: 101, gamma: 3e5, ntraj: 500, seed: 19, workers: 2 }),
    variants: (quick) => [{ id: 'main', label: `${quick ? 100 : 500} traj.`, sides: ['spindrift', 'peer'], params: quick ? { ntraj: 100 } : {}, compare: true, timeoutS: 600 }],
    outputs: ['sx', 'sz'],
    stdErr: true,
    tolerance: { abs: 1e-3, rel: 0, nSigma: 5 },
    toleranceNote: 'two independent samples of 500 trajectories: 5 combined standard errors plus the ODE error 1e-3',
    reps: [3, 1],
  },
  {
    name: 'chain6-sweep-me',
    title: '6-spin XX chain with transverse field and a swept longitudinal field (v t Σ Sz, −2…2 µs), decay on every spin, mesolve (dim 64), 81 output times',
    peer: 'QuTiP mesolve, string coefficient (Cython-compiled)',
    params: () => chainSweepParams(),
    variants: () => [{ id: 'main', sides: ['spindrift', 'peer'], params: {}, compare: true, timeoutS: 600 }],
    outputs: ['szTotal', 'sz0'],
    tolerance: { abs: 1e-4, rel: 0 },
    toleranceNote: 'global error of both adaptive ODEs (rtol 1e-6, atol 1e-8)',
    reps: [3, 1],
  },
  {
    name: 'chain6-sweep-mc',
    title: 'chain6-sweep-me with 500 quantum-jump trajectories, 2 workers / num_cpus=2',
    peer: 'QuTiP mcsolve, string coefficient, num_cpus=2',
    params: () => ({ ...chainSweepParams(), ntraj: 500, seed: 23, workers: 2 }),
    variants: (quick) => [{ id: 'main', label: `${quick ? 50 : 500} traj.`, sides: ['spindrift', 'peer'], params: quick ? { ntraj: 50 } : {}, compare: true, timeoutS: 900, rounds: { peer: 1, spindrift: 1 } }],
    outputs: ['szTotal', 'sz0'],
    stdErr: true,
    tolerance: { abs: 1e-3, rel: 0, nSigma: 5 },
    toleranceNote: 'two independent samples of 500 trajectories: 5 combined standard errors plus the ODE error 1e-3',
    reps: [3, 1],
  },
];

/** The cos-driven qubit: H = ω0 Sz + 2Ω cos(ωt) Sx (rad/s), C = √γ S−, from |↑⟩, resonant drive, no RWA. */
function cosDriveParams(): Record<string, unknown> {
  return { w0: TWO_PI * 10e6, Omega: TWO_PI * 0.5e6, w: TWO_PI * 10e6, gamma: 2e4, periods: 1000, nTimes: 1001, atol: 1e-8, rtol: 1e-6 };
}

/**
 * 6 spins ½: H(t) = J Σ (Sx_j Sx_{j+1} + Sy_j Sy_{j+1}) + hx Σ Sx_j + v t Σ Sz_j (rad/s),
 * C_j = √γ S−_j, from |↑…↑⟩, t from −T to T; e_ops Σ Sz_j and Sz_0.
 */
function chainSweepParams(): Record<string, unknown> {
  return { N: 6, J: TWO_PI * 0.5e6, hx: TWO_PI * 0.3e6, v: TWO_PI * 2e12, T: 2e-6, gamma: 2e4, nTimes: 81, atol: 1e-8, rtol: 1e-6 };
}

/** Steps of a span/dt variant (for the README and the table). */
export { spanSteps };
