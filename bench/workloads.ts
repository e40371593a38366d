/**
 * Benchmark workloads: each is defined once here (parameters, tolerances,
 * output grid) and implemented twice — in bench/spindrift-child.ts and in
 * bench/peer.py — both of which read the resolved parameters this module
 * produces (job JSON + binary inputs). See bench/README.md.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tolerance } from './stats.js';

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
}

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
  extrapolate?: { target: string; from: string; factor(p: Record<string, unknown>, target: Record<string, unknown>): number; note: string };
  /** Timed repetitions (default mode, quick mode). */
  reps: [number, number];
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

export const WORKLOADS: WorkloadDef[] = [
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
    params: () => {
      const g = new Lcg(2024);
      const n = 200;
      return {
        n,
        H: randomSparse(n, 3, 1.0, g, true),
        cOps: [0, 1, 2, 3].map(() => randomSparse(n, 2, 0.3, g, false)),
        eOps: [randomSparse(n, 3, 1.0, g, true), randomSparse(n, 3, 1.0, g, true)],
        psi0Index: 0, tEnd: 5, nTimes: 101, atol: 1e-8, rtol: 1e-6,
      };
    },
    variants: () => [{ id: 'main', sides: ['spindrift', 'peer'], params: {}, compare: true }],
    outputs: ['e0', 'e1'],
    tolerance: { abs: 1e-4, rel: 0 },
    toleranceNote: 'global error of the peer\'s adaptive ODE (rtol 1e-6, atol 1e-8) and of spindrift\'s Krylov steps (tolerance 1e-8)',
    reps: [5, 1],
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
];

/** Steps of a span/dt variant (for the README and the table). */
export { spanSteps };
