/**
 * Exact route of seed 001: dense diagonalization of the Anderson matrix
 * (Eq. 7) per realization, then every quantity from the eigenpairs:
 * DOS, IPR (Eq. 27), the overlap matrix W_αβ = Σ_j |φ_αj|²|φ_βj|² that the
 * correlator 𝒦 of Eq. 21 is made of, C(ω) (Eq. 30) from level pairs in a
 * window, and the stationary nuclear polarization (Eqs. 19–20, 22, 24, C7)
 * with the GOE comparison of Eq. 23.
 *
 * Cost per realization: the real-symmetric eigensolver (~(4/3 + 3)N³ flops
 * with vectors), W = A·Aᵀ (N³) and, for Eq. C7, two N³ products per
 * evaluation point; memory: five N² arrays of its own, reused by the next
 * realization on the same thread (`RealizationWorkspace`), and the
 * eigensolver's wasm memory.
 */
import { eighSymmetric } from '../../linalg/eigen-symmetric.js';
import { threadTeam } from '../../linalg/threads/team.js';
import { gramRows, matmulTransposedReal } from '../../linalg/real-dense.js';
import { uniformOpen } from '../../solvers/random.js';
import type { JumpableRandomGenerator } from '../../solvers/random.js';
import { blochBias } from './bloch.js';
import { andersonMatrixDense, type AndersonLattice } from './lattice.js';
import { issSums, leakageTerm, lorentzian } from './polarization.js';
import { dosBins, driveOf, pointQuantities, realizationLattice, realizationStream, type RealizationResult } from './realization.js';
import type { AndersonDnpSettings } from './settings.js';

/** Eigenpairs of M − ω_e: ascending eigenvalues λ_α (rad/s) and the weights A[α·N + j] = |φ_αj|². */
export interface ExactSpectrum {
  values: Float64Array;
  /** |φ_αj|², row α = mode, column j = site (rows sum to 1). */
  weights: Float64Array;
}

/**
 * Diagonalize M − ω_e of one realization (real-symmetric solver). `matrix`
 * is its dense form when the caller built it already (the benchmark times
 * the construction apart from the eigensolver); it is not modified. The
 * weights go to `weightsOut` (N² entries) when given, else to a fresh array.
 */
export function exactSpectrum(lat: AndersonLattice, matrix: Float64Array = andersonMatrixDense(lat), weightsOut?: Float64Array): ExactSpectrum {
  const { values, vectors } = eighSymmetric(matrix, lat.N, weightsOut ? { vectors: true, out: weightsOut } : { vectors: true });
  const v = vectors!;
  for (let k = 0; k < v.length; k++) v[k] *= v[k];
  return { values, weights: v };
}

/**
 * W = A·Aᵀ, W_αβ = Σ_j |φ_αj|²|φ_βj|² (symmetric N×N; Σ_β W_αβ = 1, Σ W = N, tr W = N·I₂); into
 * `out` (N² entries) when given.
 */
export function overlapMatrix(weights: Float64Array, n: number, out?: Float64Array): Float64Array {
  return gramRows(weights, n, n, out);
}

/** I₂ = (1/N) Σ_αj |φ_αj|⁴ (Eq. 27). */
export function inverseParticipationRatio(weights: Float64Array, n: number): number {
  let s = 0;
  for (let k = 0; k < weights.length; k++) s += weights[k] * weights[k];
  return s / n;
}

/**
 * Sums over ordered level pairs with λ_β − λ_α in [ω − h, ω + h): Σ W_αβ
 * (W null: 1/N each) and the number of pairs. `values` ascending.
 */
export function pairWindowSums(values: Float64Array, overlap: Float64Array | null, omega: number, h: number): { sumW: number; count: number } {
  const n = values.length;
  let sumW = 0, count = 0;
  let lo = 0, hi = 0;
  for (let a = 0; a < n; a++) {
    const from = values[a] + omega - h, to = values[a] + omega + h;
    // Two monotone pointers (values ascending, so the window only moves up).
    while (lo < n && values[lo] < from) lo++;
    if (hi < lo) hi = lo;
    while (hi < n && values[hi] < to) hi++;
    for (let b = lo; b < hi; b++) {
      if (b === a) continue;
      count++;
      sumW += overlap === null ? 1 / n : overlap[a * n + b];
    }
  }
  return { sumW, count };
}

/**
 * Eq. C7 (one nucleus per site, no leakage) with the sign of Eq. 19:
 * P^j = D_j/(S_j + PL_j) with W replaced by |φ_αj|²|φ_βj|², averaged over
 * the sites j. D_j = (Aᵀ F A)_jj is evaluated as Σ_α A_αj (F·A)_αj.
 *
 * Memory: three N×N arrays (Aᵀ packed once, one F, one F·A), the F of D and
 * then that of S formed in the same array — not the four (plus a packed Aᵀ
 * per product) of forming both F's and both products at once; the products
 * and every sum are the same operations in the same order, so the result is
 * bit-identical to that. `scratch` (three arrays of ≥ N² entries, overlapping
 * none of the inputs) gives them instead of fresh ones (a disorder average
 * reuses them, see `exactRealization`).
 */
export function siteResolvedPolarization(values: Float64Array, polarizations: Float64Array, weights: Float64Array, omegaN: number, T2n: number,
  scratch?: { at: Float64Array; f: Float64Array; g: Float64Array }): number {
  const n = values.length;
  const nn = n * n;
  // Aᵀ, packed once for both products (matmulReal would pack it per call).
  const at = scratch ? scratch.at.subarray(0, nn) : new Float64Array(nn);
  for (let l = 0; l < n; l++) {
    const row = l * n;
    for (let j = 0; j < n; j++) at[j * n + l] = weights[row + j];
  }
  const f = scratch ? scratch.f.subarray(0, nn) : new Float64Array(nn), g = scratch ? scratch.g.subarray(0, nn) : new Float64Array(nn);
  const dj = new Float64Array(n), sj = new Float64Array(n), pj = new Float64Array(n);
  // D: F_αβ = (P_α − P_β) L(ω_n + λ_β − λ_α), G = F·A, D_j = Σ_α A_αj G_αj.
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) f[a * n + b] = (polarizations[a] - polarizations[b]) * lorentzian(omegaN + values[b] - values[a], T2n);
  }
  matmulTransposedReal(f, at, n, n, n, g);
  for (let a = 0; a < n; a++) {
    const row = a * n, pa = polarizations[a];
    for (let j = 0; j < n; j++) {
      const w = weights[row + j];
      dj[j] += w * g[row + j];
      pj[j] += w * pa;
    }
  }
  // S: F_αβ = (1 − P_α P_β) L(ω_n + λ_β − λ_α) in the same arrays.
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) f[a * n + b] = (1 - polarizations[a] * polarizations[b]) * lorentzian(omegaN + values[b] - values[a], T2n);
  }
  matmulTransposedReal(f, at, n, n, n, g);
  for (let a = 0; a < n; a++) {
    const row = a * n;
    for (let j = 0; j < n; j++) sj[j] += weights[row + j] * g[row + j];
  }
  const lw = lorentzian(omegaN, T2n);
  let mean = 0;
  for (let j = 0; j < n; j++) mean += dj[j] / (sj[j] + lw * pj[j] * pj[j]);
  return mean / n;
}

/** A GOE matrix (real symmetric, off-diagonal N(0, 1), diagonal N(0, 2)), row-major. */
export function sampleGoe(n: number, rng: JumpableRandomGenerator): Float64Array {
  const a = new Float64Array(n * n);
  const gauss = (): number => Math.sqrt(-2 * Math.log(uniformOpen(rng))) * Math.cos(2 * Math.PI * uniformOpen(rng));
  for (let i = 0; i < n; i++) {
    a[i * n + i] = Math.SQRT2 * gauss();
    for (let j = i + 1; j < n; j++) {
      const g = gauss();
      a[i * n + j] = g;
      a[j * n + i] = g;
    }
  }
  return a;
}

/**
 * The sampled GOE surrogate: eigenvector weights |ψ_αj|² of a GOE matrix, in
 * ascending order of the GOE eigenvalues, to be paired with the ascending
 * Anderson levels (the text's recipe below Eq. 23).
 */
export function sampledGoeWeights(n: number, rng: JumpableRandomGenerator): Float64Array {
  const v = eighSymmetric(sampleGoe(n, rng), n, { vectors: true }).vectors!;
  for (let k = 0; k < v.length; k++) v[k] *= v[k];
  return v;
}

/** Histogram of ((λ)/2π) in the DOS bins, as a density per Hz (counts/(N·bin)). */
export function dosHistogram(values: Float64Array, centres: number[], bin: number): number[] {
  const out = new Array<number>(centres.length).fill(0);
  const first = centres[0] - bin / 2;
  for (const v of values) {
    const k = Math.floor((v / (2 * Math.PI) - first) / bin);
    if (k >= 0 && k < out.length) out[k] += 1;
  }
  return out.map((c) => c / (values.length * bin));
}

/**
 * The N×N arrays of one exact realization (the matrix, whose array then
 * holds Eq. C7's packed Aᵀ, the weights, W, and Eq. C7's other two), kept
 * for the next realization of the same N on this
 * thread — a disorder average otherwise leaves six N² arrays per
 * realization (48 MB at L = 10) to the garbage collector, which frees
 * array memory only at its next collection, so a process's peak grew with
 * the number of realizations (12 realizations at L = 10: 369 MB against
 * 216 MB for one). Held through a WeakRef between realizations: a collection
 * that finds it unused frees it (nothing is kept after a run). The weights
 * and W are on a SharedArrayBuffer when a thread team is installed (its
 * workers write them directly).
 */
interface RealizationWorkspace {
  n: number;
  matrix: Float64Array; weights: Float64Array; overlap: Float64Array;
  scratch: { at: Float64Array; f: Float64Array; g: Float64Array };
}

let lastWorkspace: WeakRef<RealizationWorkspace> | null = null;

function realizationWorkspace(n: number): RealizationWorkspace {
  const kept = lastWorkspace?.deref();
  if (kept && kept.n === n) return kept;
  const nn = n * n, shared = threadTeam() !== null && typeof SharedArrayBuffer === 'function';
  const teamArray = (): Float64Array => shared ? new Float64Array(new SharedArrayBuffer(8 * nn)) : new Float64Array(nn);
  // The matrix is read only by the eigensolver: Eq. C7's packed Aᵀ, formed after it, takes its array.
  const matrix = new Float64Array(nn);
  const w: RealizationWorkspace = {
    n, matrix, weights: teamArray(), overlap: teamArray(),
    scratch: { at: matrix, f: new Float64Array(nn), g: new Float64Array(nn) },
  };
  lastWorkspace = new WeakRef(w);
  return w;
}

/**
 * Everything of realization r by dense diagonalization (its N×N arrays
 * reused from the previous realization of this thread, see
 * `RealizationWorkspace`; the result holds none of them).
 */
export function exactRealization(settings: AndersonDnpSettings, r: number): RealizationResult {
  const rng = realizationStream(settings.seed, r);
  const lat = realizationLattice(settings, rng);
  const n = lat.N;
  const ws = realizationWorkspace(n);
  const { values, weights } = exactSpectrum(lat, andersonMatrixDense(lat, ws.matrix), ws.weights);
  const overlap = overlapMatrix(weights, n, ws.overlap);
  let goeOverlap: Float64Array | null = null;
  let iprGoe = NaN;
  if (settings.goe === 'sampled') {
    const gw = sampledGoeWeights(n, rng);
    iprGoe = inverseParticipationRatio(gw, n);
    goeOverlap = overlapMatrix(gw, n);
  }
  const leakage = leakageTerm(settings.NnOverNe * n, settings.A0, settings.T1n, settings.T2n);
  const points = settings.points.map((pt) => {
    const drive = driveOf(settings, pt.omegaMW);
    const pol = new Float64Array(n);
    for (let a = 0; a < n; a++) pol[a] = blochBias(settings.omegaE + values[a], drive);
    const thermal = Math.tanh((settings.beta * pt.omegaN) / 2);
    const sums = issSums(values, pol, overlap, pt.omegaN, settings.T2n);
    const goeSums = issSums(values, pol, goeOverlap, pt.omegaN, settings.T2n);
    const c7 = siteResolvedPolarization(values, pol, weights, pt.omegaN, settings.T2n, ws.scratch);
    return pointQuantities(sums, goeSums, leakage, thermal, c7);
  });
  const { centres, bin } = dosBins(settings);
  let m2 = 0;
  for (const v of values) m2 += (v / (2 * Math.PI)) ** 2;
  const h = settings.cHalfWindow;
  const cK: number[] = [], cR: number[] = [], cKGoe: number[] = [], cRGoe: number[] = [];
  for (const omega of settings.cOmegas) {
    const s = pairWindowSums(values, overlap, omega, h);
    // K(ω) ≈ (1/N) Σ_window W / (2h), R(ω) ≈ (1/N²) #pairs / (2h): C = K/R = N Σ W / #pairs.
    cK.push(s.sumW / (n * 2 * h));
    cR.push(s.count / (n * n * 2 * h));
    if (goeOverlap) {
      const g = pairWindowSums(values, goeOverlap, omega, h);
      cKGoe.push(g.sumW / (n * 2 * h));
      cRGoe.push(g.count / (n * n * 2 * h));
    }
  }
  return {
    index: r, points, ipr: inverseParticipationRatio(weights, n), iprGoe, m2: m2 / n,
    dos: dosHistogram(values, centres, bin), cK, cR, cKGoe, cRGoe,
  };
}
