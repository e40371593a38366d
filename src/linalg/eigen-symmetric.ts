/**
 * Real symmetric eigendecomposition A = V diag(λ) Vᵀ on plain row-major
 * `Float64Array`s — the real counterpart of ./eigen-hermitian.ts at about a
 * quarter of its flops.
 *
 * Pipeline (Golub & Van Loan 2013, §8.3; LAPACK dsyevd structure):
 * 1. Householder reduction to tridiagonal form T = Qᵀ A Q (dsytd2-style,
 *    reflectors H = I − τuuᵀ). As in the Hermitian code the symmetric
 *    matrix–vector product of step k is fused with the rank-2 update of step
 *    k−1, so each step streams the trailing upper triangle once (four rows
 *    per pass). ≈ 4n³/3 flops. That is the TypeScript path (and the last
 *    rows of the wasm one); in the WebAssembly kernels the reduction is
 *    blocked as LAPACK dsytrd/dlatrd: panels of 32 steps whose symmetric
 *    products read the trailing triangle only, corrected by the panel's
 *    pending rank-2 terms, then one rank-64 update of the trailing triangle
 *    on the SIMD `gemmNT` — the trailing matrix is written once per panel
 *    instead of every step. (In TypeScript the blocked form was measured
 *    slower: there the scalar gemm runs no faster than the fused pass.)
 * 2. The signs of the off-diagonal are absorbed by D = diag(±1):
 *    T = D T₊ D with T₊ having off-diagonal |e| ≥ 0 (the form eigh hands to
 *    the tridiagonal solvers).
 * 3. T₊ is diagonalised by implicit QL (values only, or n < 32) or Cuppen
 *    divide-and-conquer (./tridiagonal.ts).
 *    With the wasm kernels the divide-and-conquer keeps Zᵀ in the wasm
 *    memory (./tridiagonal.ts, `tridiagonalEigenvectorsInWasm`), next to the
 *    reflectors, and step 4 runs on it in place: no n×n JavaScript
 *    temporaries, so a first call in a process pays no garbage collection
 *    for them and later calls reuse the already-touched pages. With a
 *    thread team the top level's halves and its merge's products run on the
 *    team (job kinds 'dchalf' and 'dctop'), the products writing Zᵀ straight
 *    into the result array, which the workers faulted in while step 1 ran
 *    (`prepareTeam`; docs/architecture.md, "First-touch page faults").
 * 4. Back-transformation V = Q D Z with the eigenvectors held as ROWS
 *    (Y = Vᵀ). The reflectors are applied in blocks of NB in compact-WY form
 *    (Schreiber & Van Loan 1989; LAPACK dlarft/dlarfb):
 *    H_{k}…H_{k+NB−1} = I − U T Uᵀ, so Y ← Y − (Y U) Tᵀ Uᵀ, two real
 *    matrix products per block on the register-blocked `gemmNT` kernel of
 *    ./real-dense.ts. ≈ 2n³ flops. The rows of Y are independent, so with a
 *    thread team (./threads/team.ts) blocks of rows go to the threads (job
 *    kind 'wyreflect' of ./threads/row-jobs.ts), with the same bits; each
 *    block applies D to its rows first when Zᵀ is already in the result.
 */
import { dcSharedDoubles, tridiagonalQL, tridiagonalEigenvectorsScratch, tridiagonalEigenvectorsInWasm } from './tridiagonal.js';
import { scratch } from './scratch.js';
import { gemmWorkspace, wasmGemmWorkspace, type GemmWorkspace } from './real-dense.js';
import { kernelsPlace, wasmKernels } from './wasm.js';
import { tridiagonalizePanels } from './tridiagonalize-threaded.js';
import { teamFor, type ThreadTeam } from './threads/team.js';
import { blockRowsFor, WY_BLOCK, wyBlocks, wyReflectRegionDoubles, wyReflectSlotDoubles, type WyBlocks, type WyReflectJob } from './threads/row-jobs.js';

export interface SymmetricEigResult {
  /** Eigenvalues ascending. */
  values: Float64Array;
  /**
   * Eigenvectors as ROWS, row-major n×n: vectors[k*n + i] = component i of
   * eigenvector k (A v_k = values[k] v_k), orthonormal; null when not requested.
   * When the thread team computed it, the array is backed by a SharedArrayBuffer
   * (the threads wrote their rows straight into it): posting it to a worker then
   * shares it rather than copying it, and its buffer cannot be transferred.
   */
  vectors: Float64Array | null;
}

const even = (x: number): number => (x + 1) & ~1;

/** Reflectors per compact-WY block in the back-transformation (the threaded job uses the same). */
const NB = WY_BLOCK;

interface RealTridiagonal {
  d: Float64Array;
  /** |off-diagonal|, length n−1. */
  e: Float64Array;
  /** Signs δ_i = ±1 with T = D T₊ D. */
  sign: Float64Array;
  /**
   * Reflector k in row k, positions k+1…n−1 (row-major n×n); other entries
   * are scratch. Null when the reflectors stay in the wasm memory (`uWasm`).
   */
  u: Float64Array | null;
  /**
   * Where the reflectors are when they stay in the wasm memory (double index
   * into its heap, held by `keep` until `keepToken` is released), else −1.
   * Saves an n×n scratch array (its page faults on a first call) and two copies.
   */
  uWasm: number;
  keepToken: number;
  tau: Float64Array;
  /**
   * The reflectors packed for the threaded back-transformation, with their
   * T factors and the signs δ, in a SharedArrayBuffer (`packReflectors`);
   * set (and `uWasm` −1) once they have left the wasm memory, so that the
   * divide-and-conquer reuses their pages. Null otherwise.
   */
  packed: PackedReflectors | null;
}

/** Reflector blocks as the 'wyreflect' job reads them (`wyBlocks` layout), their T factors and δ. */
interface PackedReflectors {
  data: Float64Array;
  L: WyBlocks;
  uOff: number;
  tOff: number;
  signOff: number;
}

/**
 * Householder tridiagonalisation of real symmetric A (upper triangle read),
 * Golub & Van Loan 2013 Alg. 8.3.1, with the rank-2 update
 * A ← A − u wᵀ − w uᵀ of step k−1 applied in the same pass over the trailing
 * upper triangle that forms p = A u for step k. With `team`, the wasm path
 * runs on the caller and one of its workers.
 */
function tridiagonalize(a: Float64Array, n: number, team: ThreadTeam | null): RealTridiagonal {
  const d = new Float64Array(n);
  const eS = new Float64Array(Math.max(n - 1, 0));
  const tau = new Float64Array(n);
  if (n >= WASM_MIN_ORDER) {
    const kept = tridiagonalizeWasm(a, n, d, eS, tau, team);
    if (kept) return signSplit(d, eS, null, kept.at, kept.token, tau, n);
  }
  // The reduced matrix and reflectors live in a reused scratch array (./scratch.ts) until the
  // back-transformation has read them.
  const ar = scratch('sym.u', n * n);
  ar.set(a.subarray(0, n * n));
  // Pending rank-2 update (global indexing), zero when nothing is pending.
  const ur = new Float64Array(n), wr = new Float64Array(n);
  // Current reflector x and p = B x.
  const xr = new Float64Array(n), pr = new Float64Array(n);

  for (let k = 0; k < n; k++) {
    const rk = k * n;
    // 1. Bring row k (entries j ≥ k) up to date.
    {
      const uk = ur[k], wk = wr[k];
      for (let j = k; j < n; j++) ar[rk + j] -= uk * wr[j] + wk * ur[j];
    }
    d[k] = ar[rk + k];
    if (k === n - 1) break;
    // 2. Reflector for column k below the diagonal (= row k right of it).
    let tail = 0;
    for (let j = k + 2; j < n; j++) tail += ar[rk + j] * ar[rk + j];
    const x0 = ar[rk + k + 1];
    if (tail === 0) {
      eS[k] = x0;
      tau[k] = 0;
      for (let j = k + 1; j < n; j++) {
        xr[j] = 0;
        ar[rk + j] = 0;
      }
    } else {
      // H x = α e₁ with α = −sign(x₀)‖x‖ (no cancellation in u₀ = x₀ − α).
      const abs0 = Math.abs(x0);
      const xn = Math.sqrt(abs0 * abs0 + tail);
      const s = x0 < 0 ? -1 : 1;
      eS[k] = -s * xn;
      xr[k + 1] = x0 + s * xn;
      ar[rk + k + 1] = xr[k + 1];
      for (let j = k + 2; j < n; j++) xr[j] = ar[rk + j];
      tau[k] = 1 / (xn * (xn + abs0));
    }
    // 3. One pass over the trailing upper triangle: apply the pending update and form p = B x,
    //    four rows at a time so that every vector entry loaded (u_j, w_j, x_j, p_j) serves four rows
    //    (≈ 10–20% faster than two rows at n = 1000).
    for (let j = k + 1; j < n; j++) pr[j] = 0;
    let i = k + 1;
    for (; i + 3 < n; i += 4) {
      const r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
      const u0 = ur[i], u1 = ur[i + 1], u2 = ur[i + 2], u3 = ur[i + 3];
      const w0 = wr[i], w1 = wr[i + 1], w2 = wr[i + 2], w3 = wr[i + 3];
      // 4×4 diagonal block (upper entries).
      const a00 = (ar[r0 + i] -= 2 * u0 * w0);
      const a01 = (ar[r0 + i + 1] -= u0 * w1 + w0 * u1);
      const a02 = (ar[r0 + i + 2] -= u0 * w2 + w0 * u2);
      const a03 = (ar[r0 + i + 3] -= u0 * w3 + w0 * u3);
      const a11 = (ar[r1 + i + 1] -= 2 * u1 * w1);
      const a12 = (ar[r1 + i + 2] -= u1 * w2 + w1 * u2);
      const a13 = (ar[r1 + i + 3] -= u1 * w3 + w1 * u3);
      const a22 = (ar[r2 + i + 2] -= 2 * u2 * w2);
      const a23 = (ar[r2 + i + 3] -= u2 * w3 + w2 * u3);
      const a33 = (ar[r3 + i + 3] -= 2 * u3 * w3);
      const x0 = xr[i], x1 = xr[i + 1], x2 = xr[i + 2], x3 = xr[i + 3];
      let s0 = a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
      let s1 = a01 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
      let s2 = a02 * x0 + a12 * x1 + a22 * x2 + a23 * x3;
      let s3 = a03 * x0 + a13 * x1 + a23 * x2 + a33 * x3;
      for (let j = i + 4; j < n; j++) {
        const wj = wr[j], uj = ur[j], xj = xr[j];
        const b0 = ar[r0 + j] - (u0 * wj + w0 * uj);
        const b1 = ar[r1 + j] - (u1 * wj + w1 * uj);
        const b2 = ar[r2 + j] - (u2 * wj + w2 * uj);
        const b3 = ar[r3 + j] - (u3 * wj + w3 * uj);
        ar[r0 + j] = b0;
        ar[r1 + j] = b1;
        ar[r2 + j] = b2;
        ar[r3 + j] = b3;
        s0 += b0 * xj;
        s1 += b1 * xj;
        s2 += b2 * xj;
        s3 += b3 * xj;
        pr[j] += b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3;
      }
      pr[i] += s0;
      pr[i + 1] += s1;
      pr[i + 2] += s2;
      pr[i + 3] += s3;
    }
    for (; i < n; i++) {
      const ri = i * n;
      const ua = ur[i], wa = wr[i], xa = xr[i];
      let sa = (ar[ri + i] -= 2 * ua * wa) * xa;
      for (let j = i + 1; j < n; j++) {
        const bv = ar[ri + j] - (ua * wr[j] + wa * ur[j]);
        ar[ri + j] = bv;
        sa += bv * xr[j];
        pr[j] += bv * xa;
      }
      pr[i] += sa;
    }
    if (tau[k] === 0) {
      for (let j = k + 1; j < n; j++) wr[j] = 0;
      continue;
    }
    // 4. w = τp − (τ²/2)(uᵀp) u.
    const t = tau[k];
    let dot = 0;
    for (let j = k + 1; j < n; j++) dot += xr[j] * pr[j];
    const kk = 0.5 * t * t * dot;
    for (let j = k + 1; j < n; j++) {
      wr[j] = t * pr[j] - kk * xr[j];
      ur[j] = xr[j];
    }
  }

  return signSplit(d, eS, ar, -1, -1, tau, n);
}

/** Below this order the tridiagonalisation stays in TypeScript (copies and call overhead). */
const WASM_MIN_ORDER = 16;
/** Steps per blocked panel of the wasm tridiagonalisation (./tridiagonalize-threaded.ts, LAPACK's dsytrd default 32). */
const TRD_NB = 32;
/** The last rows (at least this many) are reduced unblocked (a rank-2·NB update no longer pays there). */
const TRD_MIN_TAIL = 64;
/** From this order on the reduction runs on two threads when a thread team is installed (./tridiagonalize-threaded.ts). */
const THREADED_REDUCTION_MIN_ORDER = 256;

/**
 * `tridiagonalize` in the WebAssembly SIMD kernel (wasm/kernels.ts, the same
 * algorithm with the inner loops over column pairs). The reflectors, laid out
 * as the TypeScript path leaves them, stay in the wasm memory: the first n²
 * slots of the region are kept (`WasmKernels.keep`) and their start and the
 * keep's token are returned. With `team`, the blocked panels run on the
 * caller and one of its workers (./tridiagonalize-threaded.ts) with the same
 * bits. Null when unavailable.
 */
function tridiagonalizeWasm(a: Float64Array, n: number, d: Float64Array, eS: Float64Array, tau: Float64Array,
  team: ThreadTeam | null): { at: number; token: number } | null {
  const w = wasmKernels();
  // Blocked panels while more than TRD_MIN_TAIL rows remain after a panel, then the unblocked kernel.
  const panels = n - TRD_NB - TRD_MIN_TAIL >= 0 ? Math.floor((n - TRD_MIN_TAIL) / TRD_NB) : 0;
  const panelSlots = panels > 0 ? 2 * TRD_NB * n + 4 * TRD_NB * n : 0;
  const chunkSlots = w ? (w.exports.trdChunks() - 1) * n : 0;
  const regionDoubles = n * n + 7 * n + chunkSlots + 2 * TRD_NB + panelSlots;
  const base = w ? w.reserve(regionDoubles) : -1;
  if (!w || base < 0) return null;
  const h = w.heap, pa = base, pd = pa + n * n, pe = pd + n, pt = pe + n, pu = pt + n, pq = pu + 4 * n, pdots = pq + chunkSlots, pp = pdots + 2 * TRD_NB;
  const pU = pp * 8, pW = (pp + TRD_NB * n) * 8, pcat = (pp + 2 * TRD_NB * n) * 8;
  // Only the upper triangle is read: copying just it leaves most pages of the lower one untouched
  // (a first touch of fresh memory is a page fault, ≈ 13 µs per 4 KiB page on this kind of VM).
  for (let i = 0; i < n; i++) h.set(a.subarray(i * n + i, i * n + n), pa + i * n + i);
  h.fill(0, pd, pu + 4 * n);
  const layout = {
    a: pa * 8, d: pd * 8, eS: pe * 8, tau: pt * 8, x: (pu + 2 * n) * 8, p: (pu + 3 * n) * 8, q: pq * 8, dots: pdots * 8, U: pU, W: pW, cat: pcat,
  };
  if (panels > 0 && tridiagonalizePanels(team, w, n, TRD_NB, panels, layout) === 'failed') {
    // A worker stopped answering (the team is being stopped) and left the region undefined. Again, on this
    // thread, in a fresh region: this one is given up, so that a late write of that worker lands nowhere read.
    w.abandon(regionDoubles);
    return tridiagonalizeWasm(a, n, d, eS, tau, null);
  }
  // (The pending-update vectors u, w are zero: the panels left the trailing matrix up to date.)
  for (let k = panels * TRD_NB; k < n; k += 4) {
    w.exports.tridiagonalize(n, k, Math.min(k + 4, n), pa * 8, pd * 8, pe * 8, pt * 8, pu * 8, (pu + n) * 8, (pu + 2 * n) * 8, (pu + 3 * n) * 8);
  }
  d.set(h.subarray(pd, pd + n));
  eS.set(h.subarray(pe, pe + n - 1));
  tau.set(h.subarray(pt, pt + n));
  return { at: pa, token: w.keep(n * n) };
}

/** D = diag(δ), δ_{k+1} = δ_k sign(e_k), so that D T D has off-diagonal |e_k|. */
function signSplit(d: Float64Array, eS: Float64Array, ar: Float64Array | null, uWasm: number, keepToken: number,
  tau: Float64Array, n: number): RealTridiagonal {
  const e = new Float64Array(Math.max(n - 1, 0));
  const sign = new Float64Array(n);
  if (n > 0) sign[0] = 1;
  for (let k = 0; k < n - 1; k++) {
    e[k] = Math.abs(eS[k]);
    sign[k + 1] = eS[k] < 0 ? -sign[k] : sign[k];
  }
  return { d, e, sign, u: ar, uWasm, keepToken, tau, packed: null };
}

/**
 * Back-transformation Y = (Z D) Qᵀ, returned as a fresh n×n array, where the
 * rows of `zt` (row stride n) are the eigenvectors of T₊ (D is applied while
 * they are copied in) and
 * Q = H₀H₁…H_{n−3}. Blocks of NB reflectors are applied last block first in
 * compact-WY form: with U the block's reflectors as rows (nb × len) and T
 * upper triangular (dlarft, forward), H_{k0}…H_{k0+nb−1} = I − Uᵀ T U, hence
 * Y ← Y − ((Y Uᵀ) Tᵀ) U on the trailing columns k0+1…n−1.
 *
 * Every row of Y goes through the same three products per block whatever
 * the others do, so with a thread team (and Y, the reflectors and Zᵀ all in
 * the wasm memory) the rows are split over the threads
 * (`backTransformThreaded`): the same bits as this single-thread loop.
 */
function backTransform(t: RealTridiagonal, zt: Float64Array | null, zAt: number, n: number, result: Float64Array | null,
  target: Float64Array | null = null): Float64Array {
  if (zAt >= 0 && (t.uWasm >= 0 || t.packed) && n - 2 > 0) {
    const team = teamFor(2 * n * n * n);
    const threaded = team ? backTransformThreaded(team, t, zAt, n, result, false) : null;
    if (threaded) return threaded.vectors ?? backTransformOneThread(t, null, zAt, n, true, target);
  }
  return backTransformOneThread(t, zt, zAt, n, false, target);
}

/**
 * The compact-WY factor T of the reflector block starting at k0 (nb
 * reflectors as rows at `uOff` of `h`, stride `ldu`, full length `len`,
 * zero before each one's start), written upper triangular with stride NB at
 * `to` of `h`; `go` is NB² scratch for the Gram matrix G = U Uᵀ, `tmp` NB scratch.
 */
function blockFactor(ws: GemmWorkspace, tau: Float64Array, k0: number, nb: number, uOff: number, ldu: number, len: number,
  go: number, to: number, tmp: Float64Array): void {
  const h = ws.h;
  // G = U Uᵀ (reflector r vanishes before offset r, so full-length dots are the dlarft ones).
  ws.nt(nb, nb, len, 1, uOff, ldu, uOff, ldu, 0, go, NB);
  // Forward dlarft.
  for (let r = 0; r < nb; r++) {
    const tr = tau[k0 + r];
    h[to + r * NB + r] = tr;
    if (r === 0) continue;
    // tmp_s = −τ_r u_s·u_r for s < r.
    for (let s = 0; s < r; s++) tmp[s] = -tr * h[go + s * NB + r];
    // T[0:r, r] = T[0:r, 0:r] tmp (upper triangular).
    for (let s = 0; s < r; s++) {
      let acc = 0;
      for (let q = s; q < r; q++) acc += h[to + s * NB + q] * tmp[q];
      h[to + s * NB + r] = acc;
    }
  }
}

/**
 * Zeroes the scratch between column k0 + 1 of each reflector block and
 * each reflector's start (row k of the reflector layout at `uo`, stride n),
 * so that the block's rows are full-length reflectors for the products.
 */
function zeroReflectorHeads(h: Float64Array, uo: number, n: number): void {
  for (let k = 0; k < n; k++) {
    const k0 = k - (k % NB);
    h.fill(0, uo + k * n + k0 + 1, uo + k * n + k + 1);
  }
}

/**
 * `backTransform` on the calling thread. `formed`: Y = Zᵀ D has already been
 * formed in place over Zᵀ at `zAt` (by a threaded attempt that then could not run).
 */
function backTransformOneThread(t: RealTridiagonal, zt: Float64Array | null, zAt: number, n: number, formed: boolean,
  target: Float64Array | null = null): Float64Array {
  const { tau, sign } = t;
  // Reflectors that went to the team's packed array come back into the wasm memory (the same numbers).
  if (t.uWasm < 0 && t.packed) unpackReflectors(t, n);
  const last = n - 2; // reflectors 0…n−3 (reflector n−2 is always the identity)
  // Zᵀ left in the wasm memory by the divide-and-conquer (zAt ≥ 0) is read there (a view, taken
  // after the last reserve below: growing the memory detaches earlier views).
  const zsrc = (): Float64Array => zt ?? wasmKernels()!.heap.subarray(zAt, zAt + n * n);
  if (last <= 0) {
    const y = target ?? new Float64Array(n * n), z = zsrc();
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) y[j * n + i] = z[j * n + i] * sign[i];
    return y;
  }
  // One workspace (the wasm memory where available, see ./real-dense.ts): Y, the reflectors U,
  // W = Y Uᵀ, W' = W Tᵀ, the packed Uᵀ, the Gram matrix U Uᵀ and T, so that every product runs on
  // resident operands. Reflectors kept in the wasm memory by the tridiagonalisation are used in place,
  // and so is Zᵀ kept there by the divide-and-conquer: Y is formed over it (no n² copy, no fresh pages).
  const small = 3 * n * NB + 2 * NB * NB + n;
  const inPlace = zAt >= 0 && t.uWasm >= 0;
  let ws = inPlace ? wasmGemmWorkspace(small) : t.uWasm >= 0 ? wasmGemmWorkspace(n * n + small) : null;
  let uo: number, wo: number, yo: number;
  // Whether Y is formed over Zᵀ where it lies (else it is copied into the workspace).
  const overZ = ws !== null && inPlace;
  if (ws && inPlace) {
    uo = t.uWasm;
    yo = zAt;
    wo = ws.base;
  } else if (ws) {
    uo = t.uWasm;
    yo = ws.base;
    wo = ws.base + n * n;
  } else {
    ws = gemmWorkspace(2 * n * n + small);
    yo = ws.base;
    uo = ws.base + n * n;
    wo = uo + n * n;
    if (t.uWasm < 0 && t.packed) unpackRows(t.packed, n, ws.h, uo); // (the wasm memory could not take them back)
    else {
      // Reflectors kept in a wasm memory that could not grow further are copied out of it.
      const src = t.u ?? wasmKernels()!.heap.subarray(t.uWasm, t.uWasm + n * n);
      ws.h.set(src.subarray(0, n * n), uo);
    }
  }
  const h = ws.h, w2o = wo + n * NB, uto = w2o + n * NB;
  const go = uto + n * NB, to = go + NB * NB, so = to + NB * NB;
  // In the wasm memory the copies below run in kernels (compiled from a process's first call on).
  const wk = wasmKernels();
  const kern = wk !== null && wk.heap === h ? wk.exports : null;
  // Rows of Zᵀ are eigenvectors of T₊; those of T = D T₊ D are D z.
  if (formed) {
    // Y = Zᵀ D is already at zAt (a threaded attempt formed it there); a workspace elsewhere (the wasm
    // memory could not hold one next to it) takes a copy.
    if (!overZ) h.set(zsrc().subarray(0, n * n), yo);
  } else if (kern) {
    if (yo !== zAt) h.set(zsrc().subarray(0, n * n), yo);
    h.set(sign, so);
    kern.scaleColumns(yo * 8, n, n, so * 8);
  } else {
    const z = zsrc();
    for (let j = 0; j < n; j++) {
      const rj = j * n, hj = yo + rj;
      for (let i = 0; i < n; i++) h[hj + i] = z[rj + i] * sign[i];
    }
  }
  // The products of the block starting at k0 read reflector rows from column k0 + 1 on.
  zeroReflectorHeads(h, uo, n);
  h.fill(0, to, to + NB * NB);
  const tmp = new Float64Array(NB);
  const kStart = Math.floor((last - 1) / NB) * NB;
  for (let k0 = kStart; k0 >= 0; k0 -= NB) {
    const nb = Math.min(NB, last - k0);
    const c0 = k0 + 1; // first column touched by the block
    const len = n - c0;
    const uOff = uo + k0 * n + c0; // reflector row k0+r starts at uOff + r·n
    blockFactor(ws, tau, k0, nb, uOff, n, len, go, to, tmp);
    // W = Y[:, c0:] Uᵀ (n × nb), then W' = W Tᵀ (T is zero below its diagonal).
    ws.nt(n, nb, len, 1, yo + c0, n, uOff, n, 0, wo, NB);
    ws.nt(n, nb, nb, 1, wo, NB, to, NB, 0, w2o, NB);
    // Pack Uᵀ (len × nb) so that the update is again an A·Bᵀ product: Y[:, c0:] −= W' (Uᵀ)ᵀ.
    if (kern) kern.transpose(uOff * 8, n, nb, len, uto * 8, NB);
    else {
      for (let r = 0; r < nb; r++) {
        const rr = uOff + r * n;
        for (let l = 0; l < len; l++) h[uto + l * NB + r] = h[rr + l];
      }
    }
    ws.nt(n, len, nb, -1, w2o, NB, uto, NB, 1, yo + c0, n);
  }
  if (!target) return h.slice(yo, yo + n * n);
  target.set(h.subarray(yo, yo + n * n));
  return target;
}

/**
 * `backTransform` over the thread team (./threads/team.ts; rows of Y split
 * into blocks, job kind 'wyreflect' of ./threads/row-jobs.ts). Y = Zᵀ D is
 * formed in place over Zᵀ in the wasm memory and copied to the result, a
 * shared array; the reflector blocks, packed as `wyBlocks` lays them out, and
 * their T factors (computed once, by `blockFactor` as on one thread) lie in
 * this thread's wasm memory, read in place by every thread where that memory
 * is shared (`wyReflectInPlace`), else in the team's shared array; every
 * thread then runs the single-thread loop's products on its rows.
 * Zᵀ D and the reflectors stay in the wasm memory, so when the team cannot
 * run the job (`vectors` null: Y = Zᵀ D is then formed over Zᵀ) the caller
 * computes on one thread with the same bits. Null when nothing was done (no
 * workspace). Needs the reflectors (`t.uWasm`) and Zᵀ (`zAt`) in the wasm memory.
 * `result`, if given (n², SharedArrayBuffer-backed, any contents), becomes the
 * eigenvector array (`prepareTeam` allocated it and had its pages faulted in).
 */
function backTransformThreaded(team: ThreadTeam, t: RealTridiagonal, zAt: number, n: number,
  result: Float64Array | null, prefilled: boolean): { vectors: Float64Array | null } | null {
  const { sign } = t;
  const ws = wasmGemmWorkspace(2 * NB * NB + n);
  const wk = wasmKernels();
  if (!ws || !wk || wk.heap !== ws.h) return null;
  const h = ws.h, kern = wk.exports, so = ws.base + 2 * NB * NB;
  const nn = n * n;
  // Y = Zᵀ D: formed in place over Zᵀ and copied to the result below (a fresh shared array), or, when
  // the divide-and-conquer already wrote Zᵀ into the result (`prefilled`), scaled by each block itself.
  const y = result && result.length === nn && result.buffer instanceof SharedArrayBuffer ? result : new Float64Array(new SharedArrayBuffer(8 * nn));
  if (prefilled && y !== result) return null;
  if (!prefilled) {
    h.set(sign, so);
    kern.scaleColumns(zAt * 8, n, n, so * 8);
  }
  const ready = new Int32Array(new SharedArrayBuffer(4));
  if (prefilled) ready[0] = n;
  const blockRows = blockRowsFor('wyreflect', n, team.size, WY_MIN_ROWS);
  // Y is copied in (the result's page faults: ≈ 30 ms at n = 1000) after the job is posted, one block of
  // rows at a time, so that the workers load the reflectors meanwhile and start on the first blocks.
  const fill = (): void => {
    let done = 0;
    try {
      const src = wk.heap;
      for (; done < n; done = Math.min(done + blockRows, n)) {
        y.set(src.subarray(zAt + done * n, zAt + Math.min(done + blockRows, n) * n), done * n);
        Atomics.store(ready, 0, Math.min(done + blockRows, n));
        Atomics.notify(ready, 0);
      }
    } finally {
      if (done < n) {
        Atomics.store(ready, 0, -1);
        Atomics.notify(ready, 0);
      }
    }
  };
  const inPlace = wyReflectInPlace(team, t, n, blockRows, prefilled, y, ready);
  if (inPlace) {
    const ok = team.run(inPlace.job, prefilled ? undefined : fill);
    inPlace.finish(ok);
    return { vectors: ok ? y : null };
  }
  // Else every thread copies the reflector blocks and their T factors from the team's shared array, where
  // they were packed right after the reduction (when `prepareTeam` gave them an array) or are packed now.
  const packed = t.packed ?? packReflectors(t, n, team.shared(wyReflectSharedDoubles(wyBlocks(n), n)), 0, false);
  if (!packed) return { vectors: null }; // (Y = Zᵀ D is formed: the caller goes on from there on one thread)
  const { data, uOff, tOff, signOff } = packed;
  const job: WyReflectJob = { kind: 'wyreflect', data, blockRows, blocks: Math.ceil(n / blockRows), n, rows: y, ready, u: uOff, t: tOff };
  if (prefilled) job.sign = signOff;
  if (!team.run(job, prefilled ? undefined : fill)) return { vectors: null };
  return { vectors: y };
}

/**
 * The threaded back-transformation's job with its operands in place in this
 * thread's wasm memory, where that memory is shared (../wasm.ts): the
 * reflector blocks (from the team's packed array, or packed here from the
 * wasm memory), their T factors, δ and the transposes of U's blocks, formed
 * once, then a scratch slot per thread. The workers run the kernels over
 * this memory instead of each holding a copy of U and of its transposes
 * (n² doubles per thread; issue 18, peak memory). The region is kept while
 * the job runs; `finish` releases it, or gives it up for good when a worker
 * stopped answering (it may still write into its slot). Null when the memory
 * is not shared or cannot hold the region.
 */
function wyReflectInPlace(team: ThreadTeam, t: RealTridiagonal, n: number, blockRows: number, prefilled: boolean,
  rows: Float64Array, ready: Int32Array): { job: WyReflectJob; finish(ok: boolean): void } | null {
  const wk = wasmKernels();
  const kernels = wk ? kernelsPlace(wk) : null;
  if (!wk || !kernels || (!t.packed && t.uWasm < 0)) return null;
  const L = wyBlocks(n), slotDoubles = wyReflectSlotDoubles(n, blockRows);
  const uOff0 = 0, tOff0 = L.uSize, signOff0 = tOff0 + L.tSize, utOff0 = signOff0 + even(n), scratch0 = utOff0 + L.utSize;
  const region = scratch0 + team.size * slotDoubles;
  const at = wk.reserve(region);
  if (at < 0) return null;
  const token = wk.keep(region);
  if (t.packed) {
    const p = t.packed;
    wk.heap.set(p.data.subarray(p.uOff, p.uOff + L.uSize), at + uOff0);
    wk.heap.set(p.data.subarray(p.tOff, p.tOff + L.tSize), at + tOff0);
    wk.heap.set(p.data.subarray(p.signOff, p.signOff + n), at + signOff0);
  } else if (!packReflectors(t, n, wk.heap, at + uOff0, false)) {
    wk.release(token);
    return null;
  }
  for (let j = 0; j < L.count; j++) {
    const len = n - j * NB - 1;
    wk.exports.transpose((at + uOff0 + L.uAt[j]) * 8, len, L.nb[j], len, (at + utOff0 + L.utAt[j]) * 8, NB);
  }
  const job: WyReflectJob = {
    kind: 'wyreflect', data: wk.heap, place: { kernels, scratch: at + scratch0, slotDoubles, slots: team.size },
    blockRows, blocks: Math.ceil(n / blockRows), n, rows, ready, u: at + uOff0, ut: at + utOff0, t: at + tOff0,
  };
  if (prefilled) job.sign = at + signOff0;
  return {
    job,
    finish(ok: boolean): void {
      if (!ok && !team.running) wk.abandon(0); // (everything up to the kept region's end)
      wk.release(token);
    },
  };
}

/**
 * Packs the reflectors held in the wasm memory (`t.uWasm`) as the threaded
 * back-transformation reads them into `data` (SharedArrayBuffer-backed) from
 * offset `at` on (`wyReflectSharedDoubles` doubles): each block of NB reflectors with
 * their heads zeroed (`wyBlocks` layout), its compact-WY factor T (computed
 * here once, by `blockFactor` as on one thread) and δ. With `release` the
 * reflectors' wasm region is freed afterwards (`t.packed` is set and
 * `t.uWasm` becomes −1): the divide-and-conquer then lays its eigenvector
 * matrix over pages a first call has already faulted in, instead of n² fresh
 * ones. Null when no workspace can be reserved (nothing changed).
 */
function packReflectors(t: RealTridiagonal, n: number, data: Float64Array, at: number, release: boolean): PackedReflectors | null {
  const L = wyBlocks(n);
  const ws = wasmGemmWorkspace(2 * NB * NB);
  if (!ws || t.uWasm < 0) return null;
  const h = ws.h, uo = t.uWasm, go = ws.base, to = go + NB * NB;
  const packed: PackedReflectors = { data, L, uOff: at, tOff: at + L.uSize, signOff: at + L.uSize + L.tSize };
  zeroReflectorHeads(h, uo, n);
  const tmp = new Float64Array(NB);
  for (let j = 0; j < L.count; j++) {
    const k0 = j * NB, nb = L.nb[j], c0 = k0 + 1, len = n - c0, src = uo + k0 * n + c0;
    h.fill(0, to, to + NB * NB);
    blockFactor(ws, t.tau, k0, nb, src, n, len, go, to, tmp);
    data.set(h.subarray(to, to + NB * NB), packed.tOff + j * NB * NB);
    for (let r = 0; r < nb; r++) data.set(h.subarray(src + r * n, src + r * n + len), packed.uOff + L.uAt[j] + r * len);
  }
  data.set(t.sign, packed.signOff);
  if (release) {
    releaseReflectors(t);
    t.packed = packed;
  }
  return packed;
}

/**
 * Puts reflectors packed by `packReflectors` back into a kept region of the
 * wasm memory (`unpackRows`), for the single-thread back-transformation. If
 * the memory cannot grow, they stay packed and `t.uWasm` stays −1: the
 * back-transformation then unpacks them into its TypeScript workspace.
 */
function unpackReflectors(t: RealTridiagonal, n: number): void {
  const wk = wasmKernels();
  const at = wk ? wk.reserve(n * n) : -1;
  if (!wk || at < 0) return;
  unpackRows(t.packed!, n, wk.heap, at);
  t.keepToken = wk.keep(n * n);
  t.uWasm = at;
}

/**
 * Writes packed reflectors into `h` at `at` laid out as the reduction left
 * them (reflector k in row k, stride n, from column k0 + 1 of its block on,
 * the heads zeroed — what `zeroReflectorHeads` makes of them; the entries
 * before column k0 + 1, which no product reads, are left as they are).
 */
function unpackRows(p: PackedReflectors, n: number, h: Float64Array, at: number): void {
  const { L, data } = p;
  for (let j = 0; j < L.count; j++) {
    const k0 = j * NB, nb = L.nb[j], c0 = k0 + 1, len = n - c0, from = p.uOff + L.uAt[j];
    for (let r = 0; r < nb; r++) h.set(data.subarray(from + r * len, from + (r + 1) * len), at + (k0 + r) * n + c0);
  }
}

/** Doubles of the team's shared array for the threaded back-transformation: packed U, the T factors, δ. */
function wyReflectSharedDoubles(L: WyBlocks, n: number): number {
  return L.uSize + L.tSize + n;
}

/** Fewest eigenvector rows per block of the threaded back-transformation (each block streams all reflectors once). */
const WY_MIN_ROWS = 32;

/**
 * Eigendecomposition of a real symmetric matrix given row-major n×n (only
 * the upper triangle is read; `a` is not modified). Householder
 * tridiagonalisation (≈ 4n³/3 flops), then divide-and-conquer with vectors
 * (implicit QL for n < 32) or implicit QL for values only, then a compact-WY
 * blocked back-transformation (≈ 2n³ flops) that leaves the eigenvectors as
 * rows; see the module comment. Values only costs ≈ 4n³/3 flops.
 *
 * @param a row-major n×n symmetric matrix (length ≥ n²)
 * @param n order
 * @param options.vectors compute eigenvectors (default true)
 * @param options.out array (length ≥ n², must not overlap `a`) that the eigenvectors are written to
 *   and returned as (itself when its length is n², else a view of its first n² entries): a caller that solves many problems of one order reuses it
 *   instead of leaving an n² array per call to the garbage collector (a disorder average). Backed by
 *   a SharedArrayBuffer, the thread team writes into it directly; else the threaded result is copied in.
 * @returns eigenvalues ascending and, if requested, orthonormal eigenvectors as rows
 *   (vectors[k*n + i] = component i of the eigenvector of values[k])
 * @throws RangeError on a bad order or a short array
 */
export function eighSymmetric(a: Float64Array, n: number, options: { vectors?: boolean; out?: Float64Array } = {}): SymmetricEigResult {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`eighSymmetric: invalid order ${n}`);
  if (a.length < n * n) throw new RangeError(`eighSymmetric: array length ${a.length} < n² = ${n * n}`);
  const wantVectors = options.vectors ?? true;
  const given = options.out;
  const out = wantVectors && given ? (given.length === n * n ? given : given.subarray(0, n * n)) : null;
  if (options.out && options.out.length < n * n) throw new RangeError(`eighSymmetric: out has length ${options.out.length} < n² = ${n * n}`);
  if (out && out.buffer === a.buffer && out.byteOffset < a.byteOffset + 8 * n * n && a.byteOffset < out.byteOffset + 8 * n * n) {
    throw new RangeError('eighSymmetric: out overlaps the matrix');
  }
  const r = eighSymmetricInto(a, n, wantVectors, out);
  if (out && r.vectors && r.vectors !== out) out.set(r.vectors.subarray(0, n * n));
  return out && r.vectors ? { values: r.values, vectors: out } : r;
}

/** `eighSymmetric` after its checks; the eigenvectors go to `out` where a path can write them there directly. */
function eighSymmetricInto(a: Float64Array, n: number, wantVectors: boolean, out: Float64Array | null): SymmetricEigResult {
  if (n === 0) return { values: new Float64Array(0), vectors: wantVectors ? new Float64Array(0) : null };
  // The reduction runs on two threads when the team's workers are already up: a first call's worker is still
  // starting (≈ 60 ms) through most of it and, meanwhile, faults in what the later phases touch (`prepareTeam`).
  const reductionTeam = n >= THREADED_REDUCTION_MIN_ORDER ? teamFor((4 * n * n * n) / 3) : null;
  const reduceOnTeam = reductionTeam?.running ? reductionTeam : null;
  // Start the thread team's workers (if the back-transformation will use them) while the reduction runs.
  const prepared = wantVectors && n >= WASM_MIN_ORDER ? prepareTeam(n, out) : null;
  if (!wantVectors && reductionTeam && !reduceOnTeam) reductionTeam.prestart();
  const result = prepared?.result ?? null;
  const t = tridiagonalize(a, n, reduceOnTeam);
  try {
    // The reflectors go to the back-transformation's packed array now, so that the divide-and-conquer
    // reuses their wasm pages (see `packReflectors`).
    if (prepared && n - 2 > 0) packReflectors(t, n, prepared.data, prepared.reflectorsAt, true);
    const d = t.d.slice();
    if (!wantVectors) {
      releaseReflectors(t);
      tridiagonalQL(d, t.e.slice(), null);
      return { values: d, vectors: null };
    }
    // Zᵀ kept in the wasm memory (then Y is formed over it) or in scratch (valid until the next
    // divide-and-conquer; the back-transformation copies it).
    // With a team, the divide-and-conquer's last products write Zᵀ straight into the result (`inOut`).
    const zw = t.uWasm >= 0 || t.packed ? tridiagonalEigenvectorsInWasm(d, t.e, result) : null;
    if (zw) {
      try {
        if (!zw.inOut) return { values: d, vectors: backTransform(t, null, zw.at, n, result, out) };
        // Zᵀ is in the result: its wasm region is free for the back-transformation's own region (pages
        // already faulted in, and a smaller wasm memory), and a fallback below computes Zᵀ again anyway.
        wasmKernels()?.release(zw.token); // (released again in `finally`: a no-op, nothing is kept after it)
        const team = teamFor(2 * n * n * n);
        const threaded = team ? backTransformThreaded(team, t, zw.at, n, result, true) : null;
        if (threaded?.vectors) return { values: d, vectors: threaded.vectors };
      } finally {
        wasmKernels()?.release(zw.token);
      }
      // The threaded back-transformation failed after it had started on the result rows: Zᵀ again, on
      // one thread (the team is broken or short of memory; the same bits), then the single-thread loop.
      const again = tridiagonalEigenvectorsInWasm(t.d.slice(), t.e, null);
      if (again) {
        try {
          return { values: d, vectors: backTransform(t, null, again.at, n, null, out) };
        } finally {
          wasmKernels()?.release(again.token);
        }
      }
    }
    const zt = tridiagonalEigenvectorsScratch(d, t.e);
    return { values: d, vectors: backTransform(t, zt, -1, n, null, out) };
  } finally {
    releaseReflectors(t);
  }
}

/**
 * Starts the thread team's workers (when the back-transformation will use
 * them) so that they are up when the reduction ends, and has them fault in,
 * meanwhile, the memory the threaded phases will touch for the first time:
 * the part of the team's shared array the reflectors are packed into right
 * after the reduction (`packReflectors`; the array's start is left to the
 * top merge's job, should it not run in place) and the result array — and,
 * where the jobs cannot run in place in this thread's memory, each worker's
 * own wasm region for the back-transformation (`prestart`'s workerDoubles).
 * The result array is the caller's `out` when that is SharedArrayBuffer-backed
 * (`eighSymmetric`'s option), else a fresh one.
 * A page fault costs ≈ 13 µs per 4 KiB page on this kind of virtual machine,
 * so an n = 1000 call's result alone (8 MB) is ≈ 27 ms the caller no longer
 * spends (docs/architecture.md, "First-touch page faults"). Null without a
 * team.
 */
function prepareTeam(n: number, out: Float64Array | null): { result: Float64Array; data: Float64Array; reflectorsAt: number } | null {
  const team = teamFor(2 * n * n * n);
  if (!team) return null;
  const L = wyBlocks(n), wk = wasmKernels();
  // The team's shared array (reused by later calls): the divide-and-conquer's jobs from its start, the
  // packed reflectors after them (they stay there while those jobs run).
  const reflectorsAt = dcSharedDoubles(n);
  const data = team.shared(reflectorsAt + wyReflectSharedDoubles(L, n));
  const result = out && out.buffer instanceof SharedArrayBuffer ? out : new Float64Array(new SharedArrayBuffer(8 * n * n));
  const reflectors = { buffer: data.buffer as SharedArrayBuffer, from: 8 * reflectorsAt, to: 8 * (reflectorsAt + wyReflectSharedDoubles(L, n)) };
  team.prestart(wk && kernelsPlace(wk)
    // The workers compute every job of the call in place in this thread's memory (the divide-and-conquer's
    // half, its top merge, the back-transformation): they need no memory of their own, and the team's
    // shared array holds only the packed reflectors (written right after the reduction, so first).
    ? { buffers: [reflectors, result.buffer as SharedArrayBuffer], buffersFirst: 2 }
    : {
      // The packed reflectors (right after the reduction, so before the workers' own regions, which the
      // first job uses), then the rows.
      buffers: [reflectors, result.buffer as SharedArrayBuffer],
      buffersFirst: 1,
      // A worker's own region: for the back-transformation's copies of the reflectors.
      workerDoubles: wyReflectRegionDoubles(L, n, blockRowsFor('wyreflect', n, team.size, WY_MIN_ROWS)),
    });
  return { result, data, reflectorsAt };
}

/** Ends the keep of reflectors held in the wasm memory (idempotent). */
function releaseReflectors(t: RealTridiagonal): void {
  if (t.uWasm < 0) return;
  wasmKernels()?.release(t.keepToken);
  t.uWasm = -1;
}
