/**
 * Hermitian eigendecomposition A = V diag(λ) V†.
 *
 * Pipeline (Golub & Van Loan 2013, §8.3; LAPACK zheevd structure):
 * 1. Householder reduction of the complex Hermitian matrix to Hermitian
 *    tridiagonal form T = Q† A Q (zhetd2-style, Hermitian reflectors
 *    H = I − τuu†, τ real). The symmetric matrix–vector product of step k is
 *    fused with the rank-2 update of step k−1, so each step streams the
 *    trailing upper triangle once.
 * 2. The complex off-diagonal phases are absorbed by a diagonal unitary D:
 *    T = D T_r D† with T_r real symmetric tridiagonal.
 * 3. T_r is diagonalised (implicit QL for values only or small n;
 *    Cuppen divide-and-conquer with vectors), see ./tridiagonal.ts.
 * 4. Back-transformation V = Q D Z, applying the reflectors to blocks of
 *    eigenvectors held as contiguous rows (cache-friendly).
 */
import { ComplexMatrix } from './dense.js';
import {
  tridiagonalQL, tridiagonalEigenvectors, tridiagonalEigenvectorsInWasm,
  tridiagonalEigenvectorsScratch,
} from './tridiagonal.js';
import { kernelsPlace, wasmKernels, type WasmKernels } from './wasm.js';
import { teamFor } from './threads/team.js';
import { blockRowsFor, localRowBlockRunner, packedReflectorDoubles, zreflectSlotDoubles, type ZreflectJob } from './threads/row-jobs.js';

const even = (x: number): number => (x + 1) & ~1;

export interface EighResult {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** Orthonormal eigenvectors as the COLUMNS of an n×n matrix (A V = V diag(values)), or null. */
  vectors: ComplexMatrix | null;
}


interface Tridiagonal {
  /** Real diagonal. */
  d: Float64Array;
  /** |off-diagonal| (real, ≥ 0), length n−1. */
  e: Float64Array;
  /** Phases δ (unit modulus) with T = D T_r D†, D = diag(δ). */
  phRe: Float64Array;
  phIm: Float64Array;
  /** Householder vectors: reflector k is stored in row k, positions k+1…n−1 (row-major n×n). */
  uRe: Float64Array;
  uIm: Float64Array;
  /** τ_k of reflector k (0 = identity). */
  tau: Float64Array;
}

/**
 * Reduce Hermitian A (only its upper triangle is read) to real symmetric
 * tridiagonal form. Householder tridiagonalisation (Golub & Van Loan 2013,
 * Alg. 8.3.1, complex Hermitian variant), with the rank-2 update of step k−1
 * applied in the same pass as the matrix–vector product of step k.
 */
function tridiagonalize(a: ComplexMatrix): Tridiagonal {
  const n = a.rows;
  // Working copy of the upper triangle (full storage, row-major).
  const ar = a.re.slice();
  const ai = a.im.slice();
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  const eRe = new Float64Array(Math.max(n - 1, 0));
  const eIm = new Float64Array(Math.max(n - 1, 0));
  const tau = new Float64Array(n);
  // Pending rank-2 update A ← A − u w† − w u† (from the previous step), in global indexing;
  // zero vectors when nothing is pending.
  const ur = new Float64Array(n), ui = new Float64Array(n);
  const wr = new Float64Array(n), wi = new Float64Array(n);
  // Current reflector and product p = B u.
  const xr = new Float64Array(n), xi = new Float64Array(n);
  const pr = new Float64Array(n), pi = new Float64Array(n);

  for (let k = 0; k < n; k++) {
    const rk = k * n;
    // 1. Bring row k (entries j ≥ k) up to date.
    {
      const uk = ur[k], uki = ui[k], wk = wr[k], wki = wi[k];
      for (let j = k; j < n; j++) {
        ar[rk + j] -= uk * wr[j] + uki * wi[j] + wk * ur[j] + wki * ui[j];
        ai[rk + j] -= uki * wr[j] - uk * wi[j] + wki * ur[j] - wk * ui[j];
      }
    }
    d[k] = ar[rk + k];
    if (k === n - 1) break;
    // 2. Column k below the diagonal is conj(row k, j > k).
    let tail = 0;
    for (let j = k + 2; j < n; j++) tail += ar[rk + j] * ar[rk + j] + ai[rk + j] * ai[rk + j];
    const x0r = ar[rk + k + 1], x0i = -ai[rk + k + 1];
    if (tail === 0) {
      // Already tridiagonal in this column: H = I.
      eRe[k] = x0r;
      eIm[k] = x0i;
      tau[k] = 0;
      for (let j = k + 1; j < n; j++) {
        xr[j] = 0;
        xi[j] = 0;
        ar[rk + j] = 0;
        ai[rk + j] = 0;
      }
    } else {
      // Hermitian reflector H = I − τuu† with H x = α e₁, α = −e^{iθ}‖x‖.
      const abs0 = Math.hypot(x0r, x0i);
      const xn = Math.sqrt(abs0 * abs0 + tail);
      const phr = abs0 === 0 ? 1 : x0r / abs0, phi = abs0 === 0 ? 0 : x0i / abs0;
      eRe[k] = -phr * xn;
      eIm[k] = -phi * xn;
      xr[k + 1] = x0r + phr * xn;
      xi[k + 1] = x0i + phi * xn;
      for (let j = k + 2; j < n; j++) {
        xr[j] = ar[rk + j];
        xi[j] = -ai[rk + j];
      }
      tau[k] = 1 / (xn * (xn + abs0));
      // Store u in row k (positions k+1…) for the back-transformation.
      for (let j = k + 1; j < n; j++) {
        ar[rk + j] = xr[j];
        ai[rk + j] = xi[j];
      }
    }
    // 3. One pass over the trailing upper triangle: apply the pending update and form p = B x.
    //    Rows are taken in pairs so that every vector entry loaded serves two rows.
    for (let j = k + 1; j < n; j++) {
      pr[j] = 0;
      pi[j] = 0;
    }
    let i = k + 1;
    for (; i + 1 < n; i += 2) {
      const ri = i * n, rn = ri + n;
      const ua = ur[i], uai = ui[i], wa = wr[i], wai = wi[i];
      const ub = ur[i + 1], ubi = ui[i + 1], wb = wr[i + 1], wbi = wi[i + 1];
      // Head entries (i,i), (i,i+1), (i+1,i+1).
      ar[ri + i] -= 2 * (ua * wa + uai * wai);
      ai[ri + i] = 0;
      ar[ri + i + 1] -= ua * wb + uai * wbi + wa * ub + wai * ubi;
      ai[ri + i + 1] -= uai * wb - ua * wbi + wai * ub - wa * ubi;
      ar[rn + i + 1] -= 2 * (ub * wb + ubi * wbi);
      ai[rn + i + 1] = 0;
      const xa = xr[i], xai = xi[i], xb = xr[i + 1], xbi = xi[i + 1];
      const daa = ar[ri + i], dbb = ar[rn + i + 1], ofr = ar[ri + i + 1], ofi = ai[ri + i + 1];
      let sar = daa * xa + ofr * xb - ofi * xbi;
      let sai = daa * xai + ofr * xbi + ofi * xb;
      let sbr = dbb * xb + ofr * xa + ofi * xai;
      let sbi = dbb * xbi + ofr * xai - ofi * xa;
      for (let j = i + 2; j < n; j++) {
        const wjr = wr[j], wji = wi[j], ujr = ur[j], uji = ui[j];
        const br = ar[ri + j] - (ua * wjr + uai * wji + wa * ujr + wai * uji);
        const bi = ai[ri + j] - (uai * wjr - ua * wji + wai * ujr - wa * uji);
        const cr = ar[rn + j] - (ub * wjr + ubi * wji + wb * ujr + wbi * uji);
        const ci = ai[rn + j] - (ubi * wjr - ub * wji + wbi * ujr - wb * uji);
        ar[ri + j] = br;
        ai[ri + j] = bi;
        ar[rn + j] = cr;
        ai[rn + j] = ci;
        const xjr = xr[j], xji = xi[j];
        sar += br * xjr - bi * xji;
        sai += br * xji + bi * xjr;
        sbr += cr * xjr - ci * xji;
        sbi += cr * xji + ci * xjr;
        pr[j] += br * xa + bi * xai + cr * xb + ci * xbi;
        pi[j] += br * xai - bi * xa + cr * xbi - ci * xb;
      }
      pr[i] += sar;
      pi[i] += sai;
      pr[i + 1] += sbr;
      pi[i + 1] += sbi;
    }
    if (i < n) {
      // Last (unpaired) row: only its diagonal entry.
      const ri = i * n;
      ar[ri + i] -= 2 * (ur[i] * wr[i] + ui[i] * wi[i]);
      ai[ri + i] = 0;
      pr[i] += ar[ri + i] * xr[i];
      pi[i] += ar[ri + i] * xi[i];
    }
    if (tau[k] === 0) {
      // No reflector: the next pending update is zero.
      for (let j = k + 1; j < n; j++) {
        wr[j] = 0;
        wi[j] = 0;
      }
      continue;
    }
    // 4. w = τp − (τ²/2)(u†p) u.
    const t = tau[k];
    let dotR = 0;
    for (let j = k + 1; j < n; j++) dotR += xr[j] * pr[j] + xi[j] * pi[j];
    const kk = 0.5 * t * t * dotR;
    for (let j = k + 1; j < n; j++) {
      wr[j] = t * pr[j] - kk * xr[j];
      wi[j] = t * pi[j] - kk * xi[j];
      ur[j] = xr[j];
      ui[j] = xi[j];
    }
  }

  return absorbPhases(d, e, eRe, eIm, ar, ai, tau, n);
}

/**
 * `tridiagonalize`'s reduction in the WebAssembly SIMD kernel `ztridiagonalize`
 * (wasm/kernels.ts: the same algorithm, pairs of columns per f64x2 step), called
 * in short ranges of steps so that V8 switches it to optimised code. A is
 * copied into the wasm memory straight from the input (no JavaScript working
 * copy); on return the reflectors (rows of U) and τ stay in the heap at
 * `at.ur`, `at.ui`, `at.tau` (double offsets, valid until the next `reserve`).
 * Null when the wasm memory cannot hold the region.
 */
function tridiagonalizeWasm(w: WasmKernels, a: ComplexMatrix, d: Float64Array, eRe: Float64Array, eIm: Float64Array,
  n: number): { ur: number; ui: number; tau: number } | null {
  const nn = n * n;
  const base = w.reserve(2 * nn + 12 * n);
  if (base < 0) return null;
  const h = w.heap, par = base, pai = par + nn, pd = pai + nn, per = pd + n, pei = per + n, pt = pei + n, ps = pt + n;
  h.set(a.re.subarray(0, nn), par);
  h.set(a.im.subarray(0, nn), pai);
  h.fill(0, pd, ps + 8 * n);
  const p = (q: number): number => (ps + q * n) * 8;
  for (let k = 0; k < n; k += 4) {
    w.exports.ztridiagonalize(n, k, Math.min(k + 4, n), par * 8, pai * 8, pd * 8, per * 8, pei * 8, pt * 8,
      p(0), p(1), p(2), p(3), p(4), p(5), p(6), p(7));
  }
  d.set(h.subarray(pd, pd + n));
  eRe.set(h.subarray(per, per + n - 1));
  eIm.set(h.subarray(pei, pei + n - 1));
  return { ur: par, ui: pai, tau: pt };
}

/** Absorb the phases of the off-diagonal into D (see `Tridiagonal`). */
function absorbPhases(d: Float64Array, e: Float64Array, eRe: Float64Array, eIm: Float64Array, ar: Float64Array, ai: Float64Array,
  tau: Float64Array, n: number): Tridiagonal {
  const phRe = new Float64Array(n), phIm = new Float64Array(n);
  phasesInto(e, eRe, eIm, phRe, phIm, n);
  return { d, e, phRe, phIm, uRe: ar, uIm: ai, tau };
}

/** δ_{k+1} = δ_k e_k/|e_k| (δ₀ = 1) into phRe/phIm, so that D† T D has the real off-diagonal |e_k| (into e). */
function phasesInto(e: Float64Array, eRe: Float64Array, eIm: Float64Array, phRe: Float64Array, phIm: Float64Array, n: number): void {
  if (n > 0) {
    phRe[0] = 1;
    phIm[0] = 0;
  }
  for (let k = 0; k < n - 1; k++) {
    const m = Math.hypot(eRe[k], eIm[k]);
    e[k] = m;
    if (m === 0) {
      phRe[k + 1] = 1;
      phIm[k + 1] = 0;
    } else {
      const cr = eRe[k] / m, ci = eIm[k] / m;
      phRe[k + 1] = phRe[k] * cr - phIm[k] * ci;
      phIm[k + 1] = phRe[k] * ci + phIm[k] * cr;
    }
  }
}

/**
 * The whole eigendecomposition with the WebAssembly kernels (n ≥ WASM_MIN_ORDER),
 * laid out for peak memory (issue 18). A is reduced in the wasm memory
 * straight from the input; the reflectors are then packed where they are
 * (row k's entries k+1 … n−1, the only ones the back-transformation reads,
 * row after row: n(n−1) doubles) and kept there with τ; the
 * divide-and-conquer leaves Zᵀ in the wasm memory after them (reusing the
 * reduction's pages); the back-transformation's blocks (job kind 'zreflect'
 * of ./threads/row-jobs.ts) read all of it in place, form their rows of
 * Y = (D Z)ᵀ in a scratch slot and write them as columns of the result. So
 * besides the input and the result only one wasm region is held, and the
 * reflectors exist once: where this thread's memory is shared (Node), the
 * team's workers run the kernels over it (`kernelsOver`) instead of copying
 * them. With a team, its workers start and fault in the result while this
 * thread reduces (`ThreadTeam.prestart`). The arithmetic is that of the one-thread layout
 * (same kernels on the same rows): the same bits for any number of threads
 * (test/linalg/memory-bits.test.ts). Null when the wasm memory cannot hold
 * the reduction or the back-transformation (the caller then runs the
 * TypeScript path).
 */
function eighWasm(w: WasmKernels, a: ComplexMatrix, wantVectors: boolean): EighResult | null {
  const n = a.rows, nn = n * n, m1 = Math.max(n - 1, 0);
  const d = new Float64Array(n), e = new Float64Array(m1), eRe = new Float64Array(m1), eIm = new Float64Array(m1);
  const kernels = kernelsPlace(w);
  const team = wantVectors && kernels ? teamFor(8 * nn * n) : null;
  const vShared = team
    ? new ComplexMatrix(n, n, new Float64Array(new SharedArrayBuffer(8 * nn)), new Float64Array(new SharedArrayBuffer(8 * nn)))
    : null;
  const blockRows = blockRowsFor('zreflect', n, team ? team.size : 1);
  // Start the thread team's workers while the reduction runs, and have them fault in meanwhile what the
  // later phases touch first (as `prepareTeam` of ./eigen-symmetric.ts does): the result. (Every job of
  // this call runs in place in this thread's memory, the divide-and-conquer's half included: the workers
  // need no memory of their own, and the team's shared array is not used.)
  if (team && vShared) team.prestart({ buffers: [vShared.re.buffer as SharedArrayBuffer, vShared.im.buffer as SharedArrayBuffer] });
  const red = tridiagonalizeWasm(w, a, d, eRe, eIm, n);
  if (!red) return null;
  if (!wantVectors) {
    phasesInto(e, eRe, eIm, new Float64Array(n), new Float64Array(n), n);
    tridiagonalQL(d, e, null);
    return { values: d, vectors: null };
  }
  // The reflectors packed in place at the start of the reduction's region (each row moves towards the
  // start, never over a row not yet moved), τ after them; kept while Zᵀ and the job's slots are reserved.
  const sp = even(packedReflectorDoubles(n));
  const ur = red.ur, ui = ur + sp, tau = ui + sp;
  let h = w.heap;
  for (let k = 0, at = 0; k < n - 1; at += n - k - 1, k++) h.copyWithin(ur + at, red.ur + k * n + k + 1, red.ur + (k + 1) * n);
  for (let k = 0, at = 0; k < n - 1; at += n - k - 1, k++) h.copyWithin(ui + at, red.ui + k * n + k + 1, red.ui + (k + 1) * n);
  h.copyWithin(tau, red.tau, red.tau + n);
  const kept = w.keep(2 * sp + even(n));
  const phRe = new Float64Array(n), phIm = new Float64Array(n);
  phasesInto(e, eRe, eIm, phRe, phIm, n);
  // Zᵀ: by the divide-and-conquer in the wasm memory (reusing the reduction's pages), or below DC_MIN by QL.
  let z = -1;
  const zw = tridiagonalEigenvectorsInWasm(d, e);
  if (zw) {
    z = zw.at;
  } else {
    const zt = tridiagonalEigenvectorsScratch(d, e);
    z = w.reserve(nn);
    if (z >= 0) {
      w.heap.set(zt.subarray(0, nn), z);
      w.keep(nn);
    }
  }
  // The phases and one scratch slot per thread.
  const slots = team ? team.size : 1, slotDoubles = zreflectSlotDoubles(n, blockRows);
  const at = z < 0 ? -1 : w.reserve(2 * even(n) + slots * slotDoubles);
  if (at < 0) {
    w.release(kept);
    return null;
  }
  h = w.heap;
  h.set(phRe, at);
  h.set(phIm, at + even(n));
  const v = vShared ?? new ComplexMatrix(n, n);
  const job: ZreflectJob = {
    kind: 'zreflect', data: h, place: { kernels, scratch: at + 2 * even(n), slotDoubles, slots },
    blockRows, blocks: Math.ceil(n / blockRows), n, ur, ui, tau, z, phRe: at, phIm: at + even(n), vr: v.re, vi: v.im,
  };
  if (!team || team.run(job)) {
    if (!team) runAllBlocks(job);
    w.release(kept);
    return { values: d, vectors: v };
  }
  // The team failed. A worker that stopped answering (the team is stopped then) may still write into its
  // slot, and columns of V computed from what it reads: the region is given up for the rest of the process
  // (its late writes then land where nothing else is, with the right numbers). This thread computes all.
  runAllBlocks(job);
  if (!team.running) w.abandon(2 * even(n) + slots * slotDoubles);
  w.release(kept);
  return { values: d, vectors: v };
}

/** Every block of `job` on this thread as slot 0, in order (the team's absence or failure; in place, nothing to reserve). */
function runAllBlocks(job: ZreflectJob): void {
  const runner = localRowBlockRunner()!;
  try {
    for (let b = 0; b < job.blocks; b++) runner.runBlock(job, b, 0);
  } finally {
    runner.finish();
  }
}

/**
 * Back-transformation V = Q D Z. `zt` holds Zᵀ (row j = eigenvector j of
 * T_r). The reflectors are applied to blocks of R eigenvectors stored as
 * contiguous rows, so a block stays in cache while all reflectors stream past
 * once (reflector order: Q = H₀H₁…H_{n−3}, applied right to left).
 */
function backTransform(t: Tridiagonal, zt: Float64Array, n: number): ComplexMatrix {
  const yr = new Float64Array(n * n), yi = new Float64Array(n * n);
  phaseRows(t, zt, n, yr, yi);
  const { uRe, uIm, tau } = t;
  // Blocks of 4 eigenvectors: each reflector entry is loaded once per 4 vectors (register blocking).
  let j0 = 0;
  for (; j0 + 3 < n; j0 += 4) {
    const r0 = j0 * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
    for (let k = n - 3; k >= 0; k--) {
      const tk = tau[k];
      if (tk === 0) continue;
      const rk = k * n;
      let s0r = 0, s0i = 0, s1r = 0, s1i = 0, s2r = 0, s2i = 0, s3r = 0, s3i = 0;
      for (let i = k + 1; i < n; i++) {
        const vr = uRe[rk + i], vi = uIm[rk + i];
        let a = yr[r0 + i], b = yi[r0 + i];
        s0r += vr * a + vi * b;
        s0i += vr * b - vi * a;
        a = yr[r1 + i];
        b = yi[r1 + i];
        s1r += vr * a + vi * b;
        s1i += vr * b - vi * a;
        a = yr[r2 + i];
        b = yi[r2 + i];
        s2r += vr * a + vi * b;
        s2i += vr * b - vi * a;
        a = yr[r3 + i];
        b = yi[r3 + i];
        s3r += vr * a + vi * b;
        s3i += vr * b - vi * a;
      }
      s0r *= tk; s0i *= tk; s1r *= tk; s1i *= tk; s2r *= tk; s2i *= tk; s3r *= tk; s3i *= tk;
      for (let i = k + 1; i < n; i++) {
        const vr = uRe[rk + i], vi = uIm[rk + i];
        yr[r0 + i] -= vr * s0r - vi * s0i;
        yi[r0 + i] -= vr * s0i + vi * s0r;
        yr[r1 + i] -= vr * s1r - vi * s1i;
        yi[r1 + i] -= vr * s1i + vi * s1r;
        yr[r2 + i] -= vr * s2r - vi * s2i;
        yi[r2 + i] -= vr * s2i + vi * s2r;
        yr[r3 + i] -= vr * s3r - vi * s3i;
        yi[r3 + i] -= vr * s3i + vi * s3r;
      }
    }
  }
  for (let j = j0; j < n; j++) {
    const rj = j * n;
    for (let k = n - 3; k >= 0; k--) {
      const tk = tau[k];
      if (tk === 0) continue;
      const rk = k * n;
      let sr = 0, si = 0;
      for (let i = k + 1; i < n; i++) {
        const vr = uRe[rk + i], vi = uIm[rk + i];
        const a = yr[rj + i], b = yi[rj + i];
        sr += vr * a + vi * b;
        si += vr * b - vi * a;
      }
      sr *= tk;
      si *= tk;
      for (let i = k + 1; i < n; i++) {
        const vr = uRe[rk + i], vi = uIm[rk + i];
        yr[rj + i] -= vr * sr - vi * si;
        yi[rj + i] -= vr * si + vi * sr;
      }
    }
  }
  return transposeRows(yr, yi, n);
}

/** Y = (D Z)ᵀ as rows, y_j[i] = δ_i z_j[i] (the 'zreflect' job of ./threads/row-jobs.ts forms its rows the same way). */
function phaseRows(t: Tridiagonal, zt: Float64Array, n: number, yr: Float64Array, yi: Float64Array): void {
  const { phRe, phIm } = t;
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    for (let i = 0; i < n; i++) {
      const z = zt[rj + i];
      yr[rj + i] = phRe[i] * z;
      yi[rj + i] = phIm[i] * z;
    }
  }
}

/** Below this order the whole eigensolver stays in TypeScript. */
const WASM_MIN_ORDER = 16;

/** Tile edge of `transposeRows` (a 32×32 tile of both parts stays in L1). */
const TRANSPOSE_TILE = 32;

/**
 * Eigenvectors held as rows of (yr, yi) into a ComplexMatrix with them as columns. Tiled: the
 * strided writes stay within 32 cache lines (measured 2–3× faster than row by row at n = 1000 on
 * warm memory; a fresh result's first touch, ≈ 50 ms for 16 MB here, costs more than either).
 */
function transposeRows(yr: Float64Array, yi: Float64Array, n: number): ComplexMatrix {
  const v = new ComplexMatrix(n, n);
  const vr = v.re, vi = v.im;
  for (let j0 = 0; j0 < n; j0 += TRANSPOSE_TILE) {
    const j1 = Math.min(j0 + TRANSPOSE_TILE, n);
    for (let i0 = 0; i0 < n; i0 += TRANSPOSE_TILE) {
      const i1 = Math.min(i0 + TRANSPOSE_TILE, n);
      for (let j = j0; j < j1; j++) {
        const rj = j * n;
        for (let i = i0; i < i1; i++) {
          vr[i * n + j] = yr[rj + i];
          vi[i * n + j] = yi[rj + i];
        }
      }
    }
  }
  return v;
}

/**
 * Eigendecomposition of a Hermitian matrix (only the upper triangle is
 * read; the diagonal's imaginary part is ignored). Householder
 * tridiagonalisation + divide-and-conquer (with vectors) or implicit QL
 * (values only), then blocked back-transformation; see the module comment.
 *
 * @param a square Hermitian matrix
 * @param options.vectors compute eigenvectors (default true)
 * @returns eigenvalues ascending, and orthonormal eigenvectors as columns
 * @throws RangeError if `a` is not square
 */
export function eigh(a: ComplexMatrix, options: { vectors?: boolean } = {}): EighResult {
  if (!a.isSquare) throw new RangeError(`eigh: matrix must be square, got ${a.rows}x${a.cols}`);
  const n = a.rows;
  const wantVectors = options.vectors ?? true;
  if (n === 0) return { values: new Float64Array(0), vectors: wantVectors ? new ComplexMatrix(0, 0) : null };
  const w = n >= WASM_MIN_ORDER ? wasmKernels() : null;
  const inWasm = w ? eighWasm(w, a, wantVectors) : null;
  if (inWasm) return inWasm;
  const t = tridiagonalize(a);
  if (!wantVectors) {
    const d = t.d.slice();
    tridiagonalQL(d, t.e.slice(), null);
    return { values: d, vectors: null };
  }
  const d = t.d.slice();
  const zt = tridiagonalEigenvectors(d, t.e);
  return { values: d, vectors: backTransform(t, zt, n) };
}

/** Eigenvalues (ascending) of a Hermitian matrix; shorthand for `eigh(a, { vectors: false }).values`. */
export function eighValues(a: ComplexMatrix): Float64Array {
  return eigh(a, { vectors: false }).values;
}
