/**
 * Real symmetric tridiagonal eigensolvers.
 *
 * A tridiagonal matrix is given by its diagonal `d` (length n) and
 * off-diagonal `e` (length n − 1, `e[i]` couples rows i and i+1).
 *
 * - `tridiagonalQL`: implicit QL with Wilkinson shifts (Bowdler, Martin,
 *   Reinsch & Wilkinson 1968, "The QR and QL algorithms for symmetric
 *   matrices", Numer. Math. 11; EISPACK tql1/tql2). O(n²) without vectors.
 * - `tridiagonalDivideAndConquer`: Cuppen's divide-and-conquer (Cuppen 1981;
 *   Gu & Eisenstat 1995 for the Löwner-formula recomputation of z that keeps
 *   the eigenvectors orthogonal; deflation and the secular-equation root
 *   finder follow the structure of LAPACK dlaed0/dlaed2/dlaed3/dlaed4).
 *
 * Eigenvector matrices here are real, row-major, n×n. With a thread team
 * (./threads/team.ts) the top level's two halves are solved at the same time
 * (`dcTopThreaded`), with the same bits.
 */

import { gemmNT, wasmGemmWorkspace, unpackRowsFrom } from './real-dense.js';
import { scratch, hypot2 } from './scratch.js';
import { arenaDoubles, kernelsPlace, wasmKernels, type KernelExports, type WasmKernels } from './wasm.js';
import { teamFor, type ThreadTeam } from './threads/team.js';
import { blockRowsFor, dcTopSlotDoubles, localRowBlockRunner, setCallerPack, type DcHalfJob, type DcTopJob } from './threads/row-jobs.js';

const EPS = 2.220446049250313e-16;

/**
 * Implicit QL iteration with Wilkinson shifts on a symmetric tridiagonal
 * matrix (EISPACK tql2 algorithm; Golub & Van Loan 2013, §8.3).
 *
 * On return `d` holds the eigenvalues in ascending order. `e` is destroyed.
 * If `zt` is given (n×n row-major, normally the identity on entry) the plane
 * rotations are accumulated into its ROWS, so that on return row j of `zt`
 * is the eigenvector for `d[j]` (i.e. `zt` holds Zᵀ, which keeps every
 * rotation on two contiguous rows).
 *
 * @throws Error if an eigenvalue fails to converge in 60 iterations.
 */
export function tridiagonalQL(d: Float64Array, e: Float64Array, zt: Float64Array | null = null): void {
  const n = d.length;
  if (e.length < n - 1) throw new RangeError(`tridiagonalQL: off-diagonal has ${e.length} entries, expected ${n - 1}`);
  if (zt && zt.length !== n * n) throw new RangeError(`tridiagonalQL: vector buffer has ${zt.length} entries, expected ${n * n}`);
  if (n <= 1) return;
  // Work copy of e padded with a trailing zero so the split search terminates.
  const f = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) f[i] = e[i];
  let shiftSum = 0;
  let tst = 0;
  for (let l = 0; l < n; l++) {
    tst = Math.max(tst, Math.abs(d[l]) + Math.abs(f[l]));
    let m = l;
    while (m < n - 1 && Math.abs(f[m]) > EPS * tst) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new Error('tridiagonalQL: no convergence after 60 iterations');
        // Wilkinson shift from the leading 2×2 of the unreduced block.
        const g0 = d[l];
        let p = (d[l + 1] - g0) / (2 * f[l]);
        let r = hypot2(p, 1);
        const pr = p >= 0 ? p + r : p - r;
        d[l] = f[l] / pr;
        d[l + 1] = f[l] * pr;
        const dl1 = d[l + 1];
        const h0 = g0 - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h0;
        shiftSum += h0;
        // QL sweep from the bottom of the block up to l.
        p = d[m];
        let c = 1, c2 = 1, c3 = 1;
        const el1 = f[l + 1];
        let s = 0, s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          const g = c * f[i];
          const h = c * p;
          r = hypot2(p, f[i]);
          f[i + 1] = s * r;
          s = f[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (zt) {
            // Rotate rows i and i+1 of Zᵀ.
            const a = i * n, b = (i + 1) * n;
            for (let k = 0; k < n; k++) {
              const zi = zt[a + k], zi1 = zt[b + k];
              zt[b + k] = s * zi + c * zi1;
              zt[a + k] = c * zi - s * zi1;
            }
          }
        }
        p = (-s * s2 * c3 * el1 * f[l]) / dl1;
        f[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(f[l]) > EPS * tst);
    }
    d[l] += shiftSum;
    f[l] = 0;
  }
  sortAscending(d, zt);
}

/** Selection sort of eigenvalues (ascending) carrying the rows of `zt`. O(n²) compares, O(n) row swaps. */
function sortAscending(d: Float64Array, zt: Float64Array | null): void {
  const n = d.length;
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      if (zt) {
        const a = i * n, b = k * n;
        for (let j = 0; j < n; j++) {
          const t = zt[a + j];
          zt[a + j] = zt[b + j];
          zt[b + j] = t;
        }
      }
    }
  }
}

/** Leaf size below which divide-and-conquer calls implicit QL. */
const DC_LEAF = 25;
/** Roots per panel of Uᵀ in a merge (the panel is DC_PANEL × k): a multiple of both sides of the 4×3 `gemmNT` register block, within one J_BLOCK. */
const DC_PANEL = 60;
/** Merges with k·n below this use the TypeScript `gemmNT` (the copies into wasm memory are not worth it). */
const DC_WASM_MIN = 4096;

/**
 * Workspace shared by all merges of one divide-and-conquer run, so that no
 * merge allocates O(n²) memory. `q` is the N×N eigenvector matrix in COLUMN
 * layout (q[r·N + c] = component r of the eigenvector in column c); block
 * [lo, lo+n) lives in q[lo…lo+n, lo…lo+n], and its off-diagonal quarters
 * are zero until the block's own merge fills them. Within a block the
 * columns are NOT sorted: column c belongs to eigenvalue d[c] (a merge
 * sorts indices, not columns; the final result is sorted once).
 */
interface DcWork {
  N: number;
  q: Float64Array;
  /** Packed non-deflated columns of each row half (the operand of the merge products). */
  pack: Float64Array;
  /** Copies of the deflated columns (rows × number deflated). */
  dbuf: Float64Array;
  /** One panel of rows of Uᵀ (DC_PANEL × k). */
  sq: Float64Array;
  /** Set by the top-level merge when q already holds Zᵀ (rows = eigenvectors, sorted). */
  rows: boolean;
}

function grow(buf: Float64Array, need: number): Float64Array {
  return buf.length >= need ? buf : new Float64Array(need);
}

/**
 * Cuppen's divide-and-conquer for the symmetric tridiagonal eigenproblem
 * (Cuppen 1981; Gu & Eisenstat 1995, SIAM J. Matrix Anal. Appl. 16:172;
 * LAPACK dlaed0–dlaed4 structure). The matrix is split T = diag(T₁, T₂) +
 * |β| v vᵀ, the halves are solved recursively, and the rank-one update
 * D + ρ z zᵀ is solved by deflation (small |z_i| or nearly equal d_i, the
 * latter by a Givens rotation), the secular equation (rational-interpolation
 * root finder bracketed by bisection, with the origin moved to the nearer
 * pole as in dlaed4), and the Löwner formula for ẑ, which makes the computed
 * eigenvectors numerically orthogonal. Blocks of size ≤ 25 use
 * `tridiagonalQL`.
 *
 * Data layout (as in dlaed0/dlaed3): one N×N eigenvector matrix with the
 * eigenvectors as columns, updated in place, and workspaces shared by all
 * merges (no per-merge O(n²) allocation). A merge applies the deflation
 * rotations row by row (contiguous), and in the same pass over the rows
 * packs the non-deflated columns of each row half — grouped as in dlaed2
 * into upper-only, mixed and lower-only columns, so that the known zero
 * quarters are skipped — and copies the deflated ones. The new vectors are
 * then formed by blocked products (`gemmNT`, ./real-dense.ts) of the packed
 * rows against panels of rows of Uᵀ (DC_PANEL roots at a time, each row
 * rebuilt from the secular solver's origin and shift, so no k×k matrix is
 * stored), written straight into columns 0…k−1 of the block; the deflated
 * vectors follow. Eigenvalues stay unsorted between levels. The top-level
 * merge forms the transposed products instead, which writes Zᵀ directly,
 * and sorts its rows in place (no final transposition).
 *
 * With the WebAssembly kernels the same algorithm runs on an eigenvector
 * matrix in the wasm memory (`divideAndConquerWasm`: the row pass, the
 * placement of deflated columns, the index sorts and the leaves are kernels,
 * the products write into it directly); the TypeScript path below is the
 * fallback and the reference of the tests.
 *
 * On return `d` holds the eigenvalues ascending; `e` is destroyed. With
 * `vectors` the result is Zᵀ (n×n row-major, row j = eigenvector of d[j]),
 * otherwise null (values are then computed by QL).
 */
export function tridiagonalDivideAndConquer(d: Float64Array, e: Float64Array, vectors: boolean): Float64Array | null {
  const n = d.length;
  if (e.length < n - 1) throw new RangeError(`tridiagonalDivideAndConquer: off-diagonal has ${e.length} entries, expected ${n - 1}`);
  if (!vectors) {
    tridiagonalQL(d, e, null);
    return null;
  }
  return divideAndConquerScratch(d, e).slice(0, n * n);
}

/**
 * `tridiagonalDivideAndConquer` with vectors, returning Zᵀ in a reused
 * scratch array (./scratch.ts) of length ≥ n²: valid only until the next
 * divide-and-conquer call. For the eigensolvers, which copy it at once.
 */
function divideAndConquerScratch(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  const zw = divideAndConquerInWasm(d, e, null);
  if (zw) {
    const wk = wasmKernels()!;
    const zt = scratch('dc.zt', n * n);
    zt.set(wk.heap.subarray(zw.at, zw.at + n * n));
    wk.release(zw.token);
    return zt;
  }
  const scale = dcScale(d, e);
  if (scale === 0) return identity(n);
  const dd = new Float64Array(n), ee = new Float64Array(Math.max(n - 1, 0));
  dcScaled(d, e, scale, dd, ee);
  // pack and dbuf are sized for the worst case once: pages are only touched (and faulted in) as far
  // as the merges actually use them, and every level reuses the pages of the one below.
  // The workspaces are reused scratch (./scratch.ts): no page faults or old-generation GCs per call.
  // q starts at zero (the off-diagonal quarters of a block must be zero until its merge fills them).
  const q0 = scratch('dc.q', n * n);
  q0.fill(0, 0, n * n);
  const w: DcWork = { N: n, q: q0, pack: scratch('dc.pack', n * n), dbuf: scratch('dc.dbuf', n * n), sq: scratch('dc.sq', DC_PANEL * n), rows: false };
  dcSolve(dd, ee, 0, n, w, true);
  const q = w.q;
  let zt = q;
  if (!w.rows) {
    // The top level ended without a product (leaf, ρ = 0 or full deflation): sort and transpose.
    zt = scratch('dc.zt', n * n);
    sortTranspose(q, dd, zt, 0);
  }
  for (let j = 0; j < n; j++) d[j] = dd[j] * scale;
  return zt;
}

/** Max-norm of the tridiagonal matrix (the divide-and-conquer works on it scaled to 1). */
function dcScale(d: Float64Array, e: Float64Array): number {
  const n = d.length;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(d[i]));
  for (let i = 0; i < n - 1; i++) scale = Math.max(scale, Math.abs(e[i]));
  return scale;
}

/** dd = d/scale, ee = e/scale: unit max-norm, so that tolerances are relative and nothing over/underflows. */
function dcScaled(d: Float64Array, e: Float64Array, scale: number, dd: Float64Array, ee: Float64Array): void {
  for (let i = 0; i < d.length; i++) dd[i] = d[i] / scale;
  for (let i = 0; i < d.length - 1; i++) ee[i] = e[i] / scale;
}

function identity(n: number): Float64Array {
  const zt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) zt[i * n + i] = 1;
  return zt;
}

/**
 * Divide-and-conquer with vectors whose result stays in the wasm memory:
 * on success `d` holds the eigenvalues ascending and Zᵀ (row j =
 * eigenvector of d[j], n×n) is at double offset `at` of the kernels' heap,
 * kept until the caller calls `release(token)` (see ./wasm.ts). Null when
 * the wasm kernels or their memory are unavailable (`d` is then unchanged).
 */
function divideAndConquerInWasm(d: Float64Array, e: Float64Array, out: Float64Array | null): { at: number; token: number; inOut: boolean } | null {
  const n = d.length;
  const scale = dcScale(d, e);
  if (scale === 0 || !wasmKernels()) return null;
  const dd = new Float64Array(n), ee = new Float64Array(Math.max(n - 1, 0));
  dcScaled(d, e, scale, dd, ee);
  const r = divideAndConquerWasm(dd, ee, out);
  if (r) for (let j = 0; j < n; j++) d[j] = dd[j] * scale;
  return r;
}

/** Below this length `sortedIndices` sorts in TypeScript. */
const SORT_WASM_MIN = 16;

/**
 * Indices lo…lo+n−1 relative to lo, sorted by d ascending (stable: equal
 * values keep their index order). In the wasm kernel `argsortStable` where
 * available (the same permutation; the comparator sort below runs
 * interpreted on a process's first eigensolve). May reserve wasm memory
 * (from `kernels`, default this thread's): callers hold no region across it.
 */
export function sortedIndices(d: Float64Array, lo: number, n: number, kernels: WasmKernels | null = wasmKernels()): Int32Array {
  const wk = n >= SORT_WASM_MIN ? kernels : null;
  const base = wk ? wk.reserve(2 * n + 2) : -1;
  if (wk && base >= 0) {
    const h = wk.heap, pk = base, pi = pk + n + (n & 1);
    h.set(d.subarray(lo, lo + n), pk);
    wk.exports.argsortStable(n, pk * 8, pi * 8, (pi * 2 + n) * 4);
    return new Int32Array(h.buffer, h.byteOffset + pi * 8, n).slice();
  }
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return idx.sort((a, b) => d[lo + a] - d[lo + b]);
}

/**
 * Solve the tridiagonal block [lo, lo+n) of (d, e) in place: d[lo…] becomes
 * the eigenvalues (unsorted) and the block q[lo…lo+n, lo…lo+n] of the
 * workspace the eigenvectors as columns (column lo+c for d[lo+c]). With
 * `top` (the whole matrix) a merge that forms products instead leaves Zᵀ in
 * q (rows = eigenvectors) with d ascending and sets `w.rows`.
 */
function dcSolve(d: Float64Array, e: Float64Array, lo: number, n: number, w: DcWork, top: boolean): void {
  dcRecurse(d, e, lo, n, w, top, dcLeaf, dcMerge);
}

/**
 * The recursion of `dcSolve` for either workspace (`DcWork`, or `DcWasmWork`
 * with the eigenvector matrix in the wasm memory): split, solve both halves,
 * merge; blocks of size ≤ DC_LEAF go to `leaf`.
 */
function dcRecurse<W>(d: Float64Array, e: Float64Array, lo: number, n: number, w: W, top: boolean,
  leaf: (d: Float64Array, e: Float64Array, lo: number, n: number, w: W) => void,
  merge: (d: Float64Array, lo: number, n: number, m1: number, beta: number, w: W, top: boolean) => void): void {
  // The merge is split into small functions (one loop nest each): V8 optimises small functions
  // quickly and keeps them optimised, where one large merge function was recompiled ~10 times per
  // eigensolve (seconds of compiler time on a shared 2-core machine) and boxed doubles meanwhile.
  if (n <= DC_LEAF) {
    leaf(d, e, lo, n, w);
    return;
  }
  const m1 = n >> 1, m2 = n - m1;
  const beta = e[lo + m1 - 1];
  const rho0 = Math.abs(beta);
  d[lo + m1 - 1] -= rho0;
  d[lo + m1] -= rho0;
  dcRecurse(d, e, lo, m1, w, false, leaf, merge);
  dcRecurse(d, e, lo + m1, m2, w, false, leaf, merge);
  if (rho0 !== 0) merge(d, lo, n, m1, beta, w, top);
}

/**
 * A leaf block: implicit QL, eigenvectors into the block's columns of q. In
 * the wasm kernel `tridiagonalQLVectors` where available (the same operations
 * as `tridiagonalQL`, hence the same bits; compiled from a process's first
 * call on, where the TypeScript loop would first run interpreted).
 */
function dcLeaf(d: Float64Array, e: Float64Array, lo: number, n: number, w: DcWork): void {
  if (dcLeafWasm(d, e, lo, n, w)) return;
  const N = w.N;
  const dl = d.slice(lo, lo + n);
  const el = e.slice(lo, lo + n - 1);
  const zt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) zt[i * n + i] = 1;
  tridiagonalQL(dl, el, zt);
  d.set(dl, lo);
  const q = w.q;
  for (let i = 0; i < n; i++) {
    const row = (lo + i) * N + lo;
    for (let j = 0; j < n; j++) q[row + j] = zt[j * n + i];
  }
}

/** `dcLeaf` in the wasm kernel; false when unavailable or not converged (the TypeScript path then reports it). */
function dcLeafWasm(d: Float64Array, e: Float64Array, lo: number, n: number, w: DcWork): boolean {
  const wk = wasmKernels();
  const pz = wk ? leafQLInWasm(wk, d, e, lo, n) : -1;
  if (!wk || pz < 0) return false;
  const h = wk.heap, N = w.N, q = w.q;
  for (let i = 0; i < n; i++) {
    const row = (lo + i) * N + lo;
    for (let j = 0; j < n; j++) q[row + j] = h[pz + j * n + i];
  }
  return true;
}

/**
 * Implicit QL with vectors of the leaf block [lo, lo+n) in the wasm kernel
 * `tridiagonalQLVectors`: d[lo…] becomes its eigenvalues (ascending), and
 * the double offset of its Zᵀ (n×n, rows = eigenvectors) in the heap is
 * returned (valid until the next reserve); −1 when the memory cannot be
 * reserved, −2 when an eigenvalue did not converge.
 */
function leafQLInWasm(wk: WasmKernels, d: Float64Array, e: Float64Array, lo: number, n: number): number {
  const base = wk.reserve(n * n + 2 * n + 2);
  if (base < 0) return -1;
  const h = wk.heap, pd = base, pf = pd + n, pz = pf + n;
  h.set(d.subarray(lo, lo + n), pd);
  h.set(e.subarray(lo, lo + n - 1), pf);
  h[pf + n - 1] = 0;
  h.fill(0, pz, pz + n * n);
  for (let i = 0; i < n; i++) h[pz + i * n + i] = 1;
  if (wk.exports.tridiagonalQLVectors(n, pd * 8, pf * 8, pz * 8) !== 0) return -2;
  d.set(h.subarray(pd, pd + n), lo);
  return pz;
}

/** Deflation rotations of one merge (dlaed2): rotation t acts on columns p[t], j[t]. */
export interface Rotations {
  p: Int32Array;
  j: Int32Array;
  c: Float64Array;
  s: Float64Array;
  count: number;
}

/**
 * Merge of the two solved halves [lo, lo+m1) and [lo+m1, lo+n) of a block
 * coupled by β (Cuppen's rank-one update D + ρzzᵀ, ρ = 2|β|); see
 * `tridiagonalDivideAndConquer` for the method and data layout.
 */
function dcMerge(d: Float64Array, lo: number, n: number, m1: number, beta: number, w: DcWork, top: boolean): void {
  const N = w.N, q = w.q, m2 = n - m1;
  const dv = d.subarray(lo, lo + n);
  const { rho, k, rot, grp, n1, colUp, colLo, srcUp, srcLo, defl, nd, dk, zk, dvals } = mergePlan(d, lo, n, m1, beta, q, 0, N);
  if (k === 0) {
    // Everything deflated: only the rotations remain (in place, row by row).
    for (let r = 0; r < n; r++) applyRotations(q, (lo + r) * N + lo, rot);
    return;
  }

  // The products' workspace: with WebAssembly the packed rows are written straight into the wasm
  // memory and stay resident there for all panels (./real-dense.ts); no reserve may happen until the
  // last product (secularSolve, lownerZ and panelRows do not reserve).
  const jp = Math.min(DC_PANEL, k);
  const packLen = m1 * colUp + m2 * colLo;
  const secOff = ((packLen + 1) & ~1) + ((jp * k + 1) & ~1) + jp * n + 2;
  const ws = k * n >= DC_WASM_MIN ? wasmGemmWorkspace(secOff + MERGE_SLOTS * k + 8) : null;
  if (!ws) w.pack = grow(w.pack, packLen);
  w.dbuf = grow(w.dbuf, n * nd);
  const loOff = m1 * colUp;
  // One pass over the block's rows: deflation rotations, then packing of the non-deflated
  // columns (the products' operand) and of the deflated ones (dbuf, rows = components).
  const pack = ws ? ws.h : w.pack, pk = ws ? ws.base : 0;
  packRows(q, N, lo, n, m1, rot, srcUp, srcLo, defl, pack, pk, w.dbuf);

  const origin = new Int32Array(k), shift = new Float64Array(k);
  const drow = new Float64Array(k);
  const wm = ws ? new WasmMergeRoots(ws.h, ws.base + secOff, k, wasmKernels()!.exports) : null;
  const lambda = wm ? wm.roots(dk, zk, rho) : secularSolve(dk, zk, rho, origin, shift);
  const zh = wm ? null : lownerZ(dk, zk, rho, origin, shift, drow);
  if (wm) wm.lowner(rho, grp);

  // The new vectors, DC_PANEL roots at a time: rows j of Uᵀ (ẑ ./ (d − λ_j), normalised, columns in
  // the grouped order) form a panel, and two products per panel give the upper rows from the packed
  // upper-only ∪ mixed columns and the lower rows from the mixed ∪ lower-only ones.
  if (!ws) w.sq = grow(w.sq, jp * k);
  const ut = w.sq;
  const wh = ws ? ws.h : ut, uo = pk + ((packLen + 1) & ~1), co = uo + ((jp * k + 1) & ~1);
  for (let j0 = 0; j0 < k; j0 += jp) {
    const jn = Math.min(jp, k - j0);
    if (wm && ws) {
      // The panel is formed in place and the products run on the resident operands; results copied to q.
      wm.panel(j0, jn, uo);
      if (!top) {
        ws.nt(m1, jn, colUp, 1, pk, colUp, uo, k, 0, co, jn);
        unpackRowsFrom(wh, co, q, lo * N + lo + j0, N, m1, jn);
        ws.nt(m2, jn, colLo, 1, pk + loOff, colLo, uo + n1, k, 0, co, jn);
        unpackRowsFrom(wh, co, q, (lo + m1) * N + lo + j0, N, m2, jn);
      } else {
        ws.nt(jn, m1, colUp, 1, uo, k, pk, colUp, 0, co, n);
        ws.nt(jn, m2, colLo, 1, uo + n1, k, pk + loOff, colLo, 0, co + m1, n);
        q.set(wh.subarray(co, co + jn * n), j0 * n);
      }
    } else if (!top) {
      panelRows(dk, zh!, origin, shift, grp, j0, jn, drow, ut);
      // Block columns j0… (column layout).
      gemmNT(m1, jn, colUp, 1, pack, 0, colUp, ut, 0, k, 0, q, lo * N + lo + j0, N);
      gemmNT(m2, jn, colLo, 1, pack, loOff, colLo, ut, n1, k, 0, q, (lo + m1) * N + lo + j0, N);
    } else {
      panelRows(dk, zh!, origin, shift, grp, j0, jn, drow, ut);
      // Top level (lo = 0, n = N): the transposed products write Zᵀ rows j0… directly.
      gemmNT(jn, m1, colUp, 1, ut, 0, k, pack, 0, colUp, 0, q, j0 * n, n);
      gemmNT(jn, m2, colLo, 1, ut, n1, k, pack, loOff, colLo, 0, q, j0 * n + m1, n);
    }
  }
  const dbuf = w.dbuf;
  if (!top) {
    // Deflated vectors follow in columns k…n−1.
    if (nd > 0) for (let r = 0; r < n; r++) q.set(dbuf.subarray(r * nd, (r + 1) * nd), (lo + r) * N + lo + k);
    dv.set(lambda, 0);
    dv.set(dvals, k);
    return;
  }
  // Top level: the deflated vectors as rows k…n−1, then one in-place sort of the rows.
  for (let t = 0; t < nd; t++) {
    const row = (k + t) * n;
    for (let r = 0; r < n; r++) q[row + r] = dbuf[r * nd + t];
  }
  dv.set(lambda, 0);
  dv.set(dvals, k);
  const perm = sortedIndices(dv, 0, n);
  permuteRows(q, n, perm, dv);
  w.rows = true;
}

/** Deflation and column grouping of one merge, shared by the TypeScript and the wasm-memory merges. */
interface MergePlan {
  rho: number;
  /** Number of non-deflated entries (0: everything deflated, only `rot` remains to apply). */
  k: number;
  rot: Rotations;
  /** Column order of the panels: upper-only | mixed | lower-only (n1 upper-only). */
  grp: Int32Array;
  n1: number;
  colUp: number;
  colLo: number;
  /** Block columns packed for the upper rows (colUp), the lower rows (colLo); deflated columns (nd). */
  srcUp: Int32Array;
  srcLo: Int32Array;
  defl: Int32Array;
  nd: number;
  /** Poles and weights of the secular equation (k each), values of the deflated columns (nd). */
  dk: Float64Array;
  zk: Float64Array;
  dvals: Float64Array;
}

/**
 * The part of a merge before any O(n²) work: z (from the last row of the upper half and the first
 * of the lower half of the block, in `q` from offset `q0` with row stride N), deflation, and the
 * dlaed2 grouping of the kept columns. The deflated values are rotated in `d` in place. The sort
 * reserves from `wk` (see `sortedIndices`).
 */
function mergePlan(d: Float64Array, lo: number, n: number, m1: number, beta: number, q: Float64Array, q0: number, N: number,
  wk: WasmKernels | null = wasmKernels()): MergePlan {
  // z = [last row of Q₁; sign(β)·first row of Q₂] / √2 (both contiguous rows), ρ = 2|β|.
  const z = new Float64Array(n);
  const sg = beta >= 0 ? 1 : -1;
  {
    const r1 = q0 + (lo + m1 - 1) * N + lo, r2 = q0 + (lo + m1) * N + lo;
    for (let j = 0; j < m1; j++) z[j] = q[r1 + j] * Math.SQRT1_2;
    for (let j = m1; j < n; j++) z[j] = sg * q[r2 + j] * Math.SQRT1_2;
  }
  const rho = 2 * Math.abs(beta);
  const dv = d.subarray(lo, lo + n);
  // Column support: bit 1 = rows of the upper half, bit 2 = rows of the lower half.
  const support = new Uint8Array(n);
  support.fill(1, 0, m1);
  support.fill(2, m1, n);
  const order = sortedIndices(d, lo, n, wk);
  const keep = new Int32Array(n);
  const rot: Rotations = { p: new Int32Array(n), j: new Int32Array(n), c: new Float64Array(n), s: new Float64Array(n), count: 0 };
  const k = deflate(dv, z, order, rho, support, keep, rot);
  // Non-deflated columns grouped as upper-only | mixed | lower-only (dlaed2 column types);
  // deflated columns listed separately.
  const grp = new Int32Array(k);
  let n1 = 0, n2 = 0;
  for (let i = 0; i < k; i++) if (support[keep[i]] === 1) grp[n1++] = i;
  for (let i = 0; i < k; i++) if (support[keep[i]] === 3) grp[n1 + n2++] = i;
  let n3 = 0;
  for (let i = 0; i < k; i++) if (support[keep[i]] === 2) grp[n1 + n2 + n3++] = i;
  const colUp = n1 + n2, colLo = n2 + n3;
  const srcUp = new Int32Array(colUp), srcLo = new Int32Array(colLo);
  for (let c = 0; c < colUp; c++) srcUp[c] = keep[grp[c]];
  for (let c = 0; c < colLo; c++) srcLo[c] = keep[grp[n1 + c]];
  const nd = k === 0 ? 0 : n - k;
  const defl = new Int32Array(nd);
  if (nd > 0) {
    const kept = new Uint8Array(n);
    for (let i = 0; i < k; i++) kept[keep[i]] = 1;
    let t = 0;
    for (let c = 0; c < n; c++) if (!kept[c]) defl[t++] = c;
  }
  const dk = new Float64Array(k), zk = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    dk[i] = dv[keep[i]];
    zk[i] = z[keep[i]];
  }
  const dvals = new Float64Array(nd);
  for (let t = 0; t < nd; t++) dvals[t] = dv[defl[t]];
  return { rho, k, rot, grp, n1, colUp, colLo, srcUp, srcLo, defl, nd, dk, zk, dvals };
}

/** Thrown inside the wasm-memory divide-and-conquer when the memory cannot grow (its driver falls back). */
class WasmMemoryExhausted extends Error {}

/**
 * Workspace of a divide-and-conquer run whose eigenvector matrix q (N×N,
 * the layout of `DcWork.q`) lives in the wasm memory at double offset `at`,
 * kept (`WasmKernels.keep`) for the whole run, so every merge level and the
 * back-transformation work on it in place and no O(n²) JavaScript array is
 * allocated (no page faults or garbage per call once the memory has grown).
 */
interface DcWasmWork {
  N: number;
  at: number;
  wk: WasmKernels;
  rows: boolean;
  /**
   * With a team: the top merge writes Zᵀ (rows sorted) straight into this
   * n×n SharedArrayBuffer-backed array instead of q (`dcTopMergeThreaded`), and sets `inOut`.
   */
  out?: Float64Array | null;
  team?: ThreadTeam | null;
  inOut?: boolean;
}

/**
 * Divide-and-conquer with vectors on the scaled (dd, ee), q in the wasm
 * memory; on return dd holds the eigenvalues ascending and q Zᵀ (rows =
 * eigenvectors). Returns q's offset and the token of its keep (the caller
 * releases it), or null when the wasm memory is unavailable (dd is then
 * clobbered: the caller starts again from its own copy).
 */
function divideAndConquerWasm(dd: Float64Array, ee: Float64Array, out: Float64Array | null): { at: number; token: number; inOut: boolean } | null {
  const n = dd.length;
  const wk = wasmKernels();
  const at = wk ? wk.reserve(n * n) : -1;
  if (!wk || at < 0) return null;
  // The off-diagonal quarters of every block must be zero until its merge fills them.
  wk.heap.fill(0, at, at + n * n);
  const token = wk.keep(n * n);
  const team = n > DC_LEAF ? teamFor(n * n * n) : null;
  const w: DcWasmWork = { N: n, at, wk, rows: false, team, out: team && out && out.length === n * n ? out : null, inOut: false };
  try {
    if (team) dcTopThreaded(team, dd, ee, w);
    else dcRecurse(dd, ee, 0, n, w, true, dcLeafInWasm, dcMergeWasm);
  } catch (err) {
    wk.release(token);
    if (err instanceof WasmMemoryExhausted) return null;
    throw err;
  }
  if (!w.rows) {
    // The top level ended without a product (leaf, ρ = 0 or full deflation): sort and transpose
    // through a copy (rare; not on the way of a typical solve).
    const q = wk.heap.slice(at, at + n * n), zt = new Float64Array(n * n);
    sortTranspose(q, dd, zt, 0);
    wk.heap.set(zt, at);
  }
  return { at, token, inOut: w.inOut === true };
}

/**
 * The top level of `dcRecurse` (n > DC_LEAF) with its two halves solved at
 * the same time: the lower one on the thread team (job kind 'dchalf' of
 * ./threads/row-jobs.ts, one block), the upper one meanwhile here, in place
 * in q; the caller takes the lower half's block too if no worker has taken
 * it when the caller is done. Then the top merge (on the team too when
 * `w.out` is set, see `dcTopMergeThreaded`). The lower half is solved in
 * place as well, straight into its block of q, with its workspace in a
 * region of this thread's (shared) memory (`dcLowerHalfInPlace`). A half's
 * arithmetic does not depend on where its block and workspace lie (offsets
 * and strides only), so the bits are those of the single-thread recursion;
 * if the team cannot run the job, or this memory is not shared or cannot
 * hold the region, the lower half is solved here, in place, as there.
 */
function dcTopThreaded(team: ThreadTeam, dd: Float64Array, ee: Float64Array, w: DcWasmWork): void {
  const n = w.N, m1 = n >> 1, m2 = n - m1;
  const beta = ee[m1 - 1];
  const rho0 = Math.abs(beta);
  dd[m1 - 1] -= rho0;
  dd[m1] -= rho0;
  // The upper half is solved here, in place in q (pages the merge touches anyway), right after the job
  // for the lower half is posted. (A team that refuses the job, e.g. a broken one, never calls it.)
  let upperError: unknown = null, upperSolved = false;
  const solveUpper = (): void => {
    upperSolved = true;
    try {
      dcRecurse(dd, ee, 0, m1, w, false, dcLeafInWasm, dcMergeWasm);
    } catch (err) {
      upperError = err;
    }
  };
  const lowerDone = dcLowerHalfInPlace(team, dd, ee, w, solveUpper) ?? false;
  if (!upperSolved) solveUpper();
  if (upperError) throw upperError;
  if (!lowerDone) dcRecurse(dd, ee, m1, m2, w, false, dcLeafInWasm, dcMergeWasm);
  if (rho0 !== 0) dcMergeWasm(dd, 0, n, m1, beta, w, true);
}

/**
 * The lower half of `dcTopThreaded` as a 'dchalf' job in place in this
 * thread's (shared) wasm memory: d and e, then an arena for the half's
 * workspace (`dcHalfWorkspaceDoubles`: every merge and leaf of the half
 * reserves there, `kernelsArena`), laid out in a region kept after q; the
 * thread that takes the block writes the eigenvectors straight into the
 * lower block of q and the eigenvalues over its part of d. No copy of the
 * block in the team's shared array or in a worker's memory (issue 18, peak
 * memory). `afterPost` (the upper half) runs while the job is out. True when
 * the half is solved (dd[m1…] updated); false when not — the lower block of
 * q is then zero again, for the caller to solve it; null when nothing was
 * tried (memory not shared, or it cannot hold the region).
 * @throws WasmMemoryExhausted when a worker stopped answering: it may still
 *   write into q, so q and the region are given up for good and the caller
 *   starts the divide-and-conquer again elsewhere
 */
function dcLowerHalfInPlace(team: ThreadTeam, dd: Float64Array, ee: Float64Array, w: DcWasmWork, afterPost: () => void): boolean | null {
  const wk = w.wk, kernels = kernelsPlace(wk);
  if (!kernels || wk !== wasmKernels()) return null;
  const n = w.N, m1 = n >> 1, m2 = n - m1;
  const arena = arenaDoubles(dcHalfWorkspaceDoubles(m2)), region = 2 * even(n) + arena;
  const at = wk.reserve(region);
  if (at < 0) return null;
  const token = wk.keep(region);
  try {
    wk.heap.set(dd, at);
    wk.heap.set(ee, at + even(n));
    const job: DcHalfJob = {
      kind: 'dchalf', data: wk.heap, blockRows: 1, blocks: 1, first: 1, n, d: at, e: at + even(n),
      place: { kernels, q: w.at, arena: at + 2 * even(n), arenaDoubles: arena },
    };
    if (team.run(job, afterPost)) {
      dd.set(wk.heap.subarray(at + m1, at + n), m1);
      return true;
    }
    if (!team.running) {
      wk.abandon(0); // (everything up to the kept region's end: q too)
      throw new WasmMemoryExhausted();
    }
    // The block failed where it ran (e.g. its arena was short). The caller's recursion rewrites what it
    // wrote (the same sub-blocks merge: the splits do not depend on the run), but starts, as everywhere,
    // from a zero block.
    const h = wk.heap;
    for (let i = m1; i < n; i++) h.fill(0, w.at + i * n + m1, w.at + (i + 1) * n);
    return false;
  } finally {
    wk.release(token);
  }
}

/**
 * Doubles of workspace that the divide-and-conquer of a non-top block of
 * order m reserves at most at any one time (one region at a time: a leaf's
 * QL matrix, a sort, or a merge's region in `dcMergeWasm` — for a merge of
 * order s with k kept roots, the packed blocks and the deflated columns take
 * ≤ s·k + s·(s − k) = s², the Uᵀ panel DC_PANEL·s, rotations, index lists and
 * the secular solver's slots < 16·s).
 */
export function dcHalfWorkspaceDoubles(m: number): number {
  return m * m + (DC_PANEL + 16) * m + 16;
}

/**
 * Solves the tridiagonal block [lo, lo + len) of (d, e) (scaled as the
 * divide-and-conquer scales it) as a non-top block of `dcRecurse` straight
 * into its block of the N×N eigenvector matrix at double offset q of `wk`'s
 * memory (zero there outside the diagonal blocks of its leaves, as the
 * recursion leaves it), with every workspace reserved from `wk` (a
 * `kernelsArena` over the caller's memory, for the in-place 'dchalf' job of
 * ./threads/row-jobs.ts). d[lo…] becomes the block's eigenvalues (unsorted).
 * False when `wk` cannot hold a workspace (q's block is then undefined).
 */
export function solveDcBlockInPlace(d: Float64Array, e: Float64Array, lo: number, len: number, q: number, N: number, wk: WasmKernels): boolean {
  try {
    dcRecurse(d, e, lo, len, { N, at: q, wk, rows: false }, false, dcLeafInWasm, dcMergeWasm);
    return true;
  } catch (err) {
    if (err instanceof WasmMemoryExhausted) return false;
    throw err;
  }
}

const even = (x: number): number => (x + 1) & ~1;

/**
 * Sorts dd ascending and writes the correspondingly permuted transpose of
 * the column-layout eigenvector matrix q (n×n) to `zt` from offset `off`:
 * column c of q becomes row pos[c] of Zᵀ.
 */
function sortTranspose(q: Float64Array, dd: Float64Array, zt: Float64Array, off: number): void {
  const n = dd.length;
  const order = sortedIndices(dd, 0, n);
  const pos = new Int32Array(n);
  const old = dd.slice();
  for (let j = 0; j < n; j++) {
    pos[order[j]] = j;
    dd[j] = old[order[j]];
  }
  // Permuted transpose, 8 rows of q at a time so that every written cache line of Zᵀ is filled at once.
  for (let i0 = 0; i0 < n; i0 += 8) {
    const i1 = Math.min(i0 + 8, n);
    for (let c = 0; c < n; c++) {
      const base = off + pos[c] * n;
      for (let i = i0; i < i1; i++) zt[base + i] = q[i * n + c];
    }
  }
}

/** A leaf on the wasm-memory workspace: `tridiagonalQLVectors`, then its Zᵀ transposed into the block of q. */
function dcLeafInWasm(d: Float64Array, e: Float64Array, lo: number, n: number, w: DcWasmWork): void {
  const pz = leafQLInWasm(w.wk, d, e, lo, n);
  if (pz === -1) throw new WasmMemoryExhausted();
  if (pz === -2) throw new Error('tridiagonalQL: no convergence after 60 iterations');
  w.wk.exports.transpose(pz * 8, n, n, n, (w.at + lo * w.N + lo) * 8, w.N);
}

/**
 * `dcMerge` with q, the packed operands, the panels and the deflated columns
 * all in the wasm memory: the row pass (rotations, packing) is the
 * `dcPackRows` kernel, the products write straight into q, the deflated
 * columns are placed by `copyBlock`/`transpose`. The same operations as
 * `dcMerge`, hence the same bits.
 */
function dcMergeWasm(d: Float64Array, lo: number, n: number, m1: number, beta: number, w: DcWasmWork, top: boolean): void {
  const N = w.N, m2 = n - m1, qa = w.at;
  const { rho, k, rot, grp, n1, colUp, colLo, srcUp, srcLo, defl, nd, dk, zk, dvals } = mergePlan(d, lo, n, m1, beta, w.wk.heap, qa, N, w.wk);
  const nrot = rot.count;
  // Layout (doubles from the workspace base, each part 16-byte aligned): packed operand, one panel of
  // Uᵀ, deflated columns, rotation cosines and sines, the i32 index lists, the secular solver's slots.
  const even = (x: number): number => (x + 1) & ~1;
  const jp = Math.min(DC_PANEL, k);
  // The threaded top merge packs in place, into the rows of q (its products go to w.out, not to q):
  // no packed region, and the Uᵀ panel's slots serve as the packing's row scratch.
  const inPlace = top && !!w.team && !!w.out;
  const packLen = inPlace ? 0 : m1 * colUp + m2 * colLo;
  const oUt = even(packLen), oDbuf = oUt + even(inPlace ? Math.max(jp * k, n) : jp * k), oRc = oDbuf + even(n * nd), oRs = oRc + even(nrot), oInt = oRs + even(nrot);
  const nInt = 2 * nrot + colUp + colLo + nd;
  const oSec = oInt + even((nInt + 1) >> 1);
  const ws = wasmGemmWorkspace(oSec + MERGE_SLOTS * k + 8, w.wk);
  if (!ws) throw new WasmMemoryExhausted();
  const h = ws.h, b = ws.base, kern = w.wk.exports;
  h.set(rot.c.subarray(0, nrot), b + oRc);
  h.set(rot.s.subarray(0, nrot), b + oRs);
  const ints = new Int32Array(h.buffer, h.byteOffset + (b + oInt) * 8, nInt);
  ints.set(rot.p.subarray(0, nrot), 0);
  ints.set(rot.j.subarray(0, nrot), nrot);
  ints.set(srcUp, 2 * nrot);
  ints.set(srcLo, 2 * nrot + colUp);
  ints.set(defl, 2 * nrot + colUp + colLo);
  const ib = (b + oInt) * 8, pk = b;
  if (inPlace) {
    kern.dcPackRowsInPlace(qa * 8, N, lo, n, m1, ib, ib + 4 * nrot, (b + oRc) * 8, (b + oRs) * 8, nrot,
      ib + 8 * nrot, colUp, ib + 4 * (2 * nrot + colUp), colLo, ib + 4 * (2 * nrot + colUp + colLo), nd, (b + oUt) * 8, (b + oDbuf) * 8);
  } else {
    kern.dcPackRows(qa * 8, N, lo, n, m1, ib, ib + 4 * nrot, (b + oRc) * 8, (b + oRs) * 8, nrot,
      ib + 8 * nrot, colUp, ib + 4 * (2 * nrot + colUp), colLo, ib + 4 * (2 * nrot + colUp + colLo), nd, pk * 8, (b + oDbuf) * 8);
  }
  if (k === 0) return; // everything deflated: the rotations were all there was to do
  const wm = new WasmMergeRoots(h, b + oSec, k, kern);
  const lambda = wm.roots(dk, zk, rho);
  wm.lowner(rho, grp);
  if (inPlace) {
    dcTopMergeThreaded(w.team!, w.out!, d.subarray(lo, lo + n), lambda, dvals, {
      n, k, m1, colUp, colLo, n1, nd, slots: wm.slotsStart, pack: qa + lo * N + lo, packStride: N, dbuf: b + oDbuf, h,
      wsBase: b, wsDoubles: oSec + MERGE_SLOTS * k + 8,
    });
    w.rows = true;
    w.inOut = true;
    return;
  }
  const uo = b + oUt, loOff = m1 * colUp;
  for (let j0 = 0; j0 < k; j0 += jp) {
    const jn = Math.min(jp, k - j0);
    wm.panel(j0, jn, uo);
    if (!top) {
      ws.nt(m1, jn, colUp, 1, pk, colUp, uo, k, 0, qa + lo * N + lo + j0, N);
      ws.nt(m2, jn, colLo, 1, pk + loOff, colLo, uo + n1, k, 0, qa + (lo + m1) * N + lo + j0, N);
    } else {
      ws.nt(jn, m1, colUp, 1, uo, k, pk, colUp, 0, qa + j0 * n, n);
      ws.nt(jn, m2, colLo, 1, uo + n1, k, pk + loOff, colLo, 0, qa + j0 * n + m1, n);
    }
  }
  const dv = d.subarray(lo, lo + n);
  dv.set(lambda, 0);
  dv.set(dvals, k);
  if (!top) {
    // Deflated vectors follow in columns k…n−1.
    if (nd > 0) kern.copyBlock((b + oDbuf) * 8, nd, n, nd, (qa + lo * N + lo + k) * 8, N);
    return;
  }
  // Top level: the deflated vectors as rows k…n−1, then one in-place sort of the rows.
  if (nd > 0) kern.transpose((b + oDbuf) * 8, nd, n, nd, (qa + k * n) * 8, n);
  const perm = sortedIndices(dv, 0, n, w.wk); // (may reserve: the heap view is taken after it)
  permuteRows(w.wk.heap.subarray(qa, qa + n * n), n, perm, dv);
  w.rows = true;
}

/** Where the operands of a top-level merge lie in the caller's wasm heap `h` (double offsets), and its sizes. */
interface TopMergeOperands {
  n: number; k: number; m1: number; colUp: number; colLo: number; n1: number; nd: number;
  /** The packed blocks: row r (colUp entries for r < m1, else colLo) at pack + r·packStride. */
  slots: number; pack: number; packStride: number; dbuf: number; h: Float64Array;
  /** The merge's workspace (slots, deflated columns, …): the region the last `reserve` returned, and its size. */
  wsBase: number; wsDoubles: number;
}

/**
 * The top-level merge's products on the thread team (job kind 'dctop' of
 * ./threads/row-jobs.ts), writing Zᵀ with its rows already in ascending
 * order of the eigenvalues straight into `out`: row j of Uᵀ times the packed
 * blocks goes to row pos[j], and the deflated vectors (columns of the
 * merge's deflation buffer) to rows pos[k…n−1]. Every row is computed with
 * the instructions of the single-thread merge (`dcMergeWasm`: `panelRows`
 * and two `gemmNT` calls on blocks of a multiple of 4 rows, the kernel's row
 * grouping; sort by `sortedIndices` and the same permutation as
 * `permuteRows`), so the bits are the same. The secular solver's slots, the
 * packed blocks and the deflation buffer are copied to the team's shared
 * array first: the caller's own blocks reserve wasm memory over them. If the
 * team cannot run the job, the caller runs every block itself (same bits).
 * `dv` (the merge's n eigenvalues) ends sorted, as in `dcMergeWasm`.
 * @throws WasmMemoryExhausted when even the caller cannot hold a block's region
 */
function dcTopMergeThreaded(team: ThreadTeam, out: Float64Array, dv: Float64Array, lambda: Float64Array, dvals: Float64Array,
  o: TopMergeOperands): void {
  if (dcTopMergeInPlace(team, out, dv, lambda, dvals, o)) return;
  const { n, k, m1, colUp, colLo, n1, nd, h } = o;
  const slotCount = MERGE_SLOTS * k, packLen = m1 * colUp + (n - m1) * colLo;
  const sSlots = 0, sPack = even(slotCount), sPos = sPack + even(packLen), sDbuf = sPos + even(n);
  const data = team.shared(sDbuf + n * nd);
  data.set(h.subarray(o.slots, o.slots + slotCount), sSlots);
  for (let r = 0; r < n; r++) {
    const len = r < m1 ? colUp : colLo, at = r < m1 ? r * colUp : m1 * colUp + (r - m1) * colLo;
    data.set(h.subarray(o.pack + r * o.packStride, o.pack + r * o.packStride + len), sPack + at);
  }
  if (nd > 0) data.set(h.subarray(o.dbuf, o.dbuf + n * nd), sDbuf);
  // (From here on the caller's wasm region may be reused: sortedIndices and the caller's blocks reserve.)
  dv.set(lambda, 0);
  dv.set(dvals, k);
  const perm = sortedIndices(dv, 0, n);
  const old = dv.slice();
  for (let p = 0; p < n; p++) {
    dv[p] = old[perm[p]];
    data[sPos + perm[p]] = p;
  }
  // Deflated vector t (column t of the n×nd buffer) is row k + t before the sort.
  for (let t = 0; t < nd; t++) {
    const row = data[sPos + k + t] * n;
    for (let i = 0; i < n; i++) out[row + i] = data[sDbuf + i * nd + t];
  }
  const blockRows = blockRowsFor('dctop', k, team.size, DC_TOP_MIN_ROWS);
  const job: DcTopJob = {
    kind: 'dctop', data, blockRows, blocks: Math.ceil(k / blockRows), n, k, m1, colUp, colLo, n1,
    slots: sSlots, slotCount, pack: sPack, pos: sPos, out,
  };
  // This thread's blocks read the packed rows where they are (q stays kept while the job runs).
  setCallerPack(job, o.pack, o.packStride);
  if (team.run(job)) return;
  // The team failed (a worker died or could not grow its memory): every block again, here.
  const runner = localRowBlockRunner();
  try {
    for (let b = 0; b < job.blocks; b++) if (!runner || !runner.runBlock(job, b)) throw new WasmMemoryExhausted();
  } finally {
    runner?.finish();
  }
}

/**
 * `dcTopMergeThreaded` with the job in place in this thread's wasm memory,
 * where that memory is shared (./wasm.ts): the merge's workspace (the
 * secular solver's slots, the deflated columns) stays kept while the job
 * runs, the target rows and a scratch slot per thread follow it, and every
 * thread reads the slots and the packed blocks (in q's rows) where they are
 * — no copy of them in the team's shared array or in any worker's memory
 * (issue 18, peak memory). The same blocks, the same bits. False (nothing
 * done) when the memory is not shared or the workspace is not where it was.
 * @throws WasmMemoryExhausted when the memory cannot hold the slots
 */
function dcTopMergeInPlace(team: ThreadTeam, out: Float64Array, dv: Float64Array, lambda: Float64Array, dvals: Float64Array,
  o: TopMergeOperands): boolean {
  const wk = wasmKernels();
  const kernels = wk ? kernelsPlace(wk) : null;
  if (!wk || !kernels || wk.reserve(0) !== o.wsBase) return false;
  const { n, k, m1, colUp, colLo, n1, nd } = o;
  const token = wk.keep(o.wsDoubles);
  try {
    dv.set(lambda, 0);
    dv.set(dvals, k);
    const perm = sortedIndices(dv, 0, n); // (reserves after the kept workspace)
    const blockRows = blockRowsFor('dctop', k, team.size, DC_TOP_MIN_ROWS), slotDoubles = dcTopSlotDoubles(n, k, blockRows);
    const slotsRegion = even(n) + team.size * slotDoubles;
    const pos = wk.reserve(slotsRegion);
    if (pos < 0) throw new WasmMemoryExhausted();
    const h = wk.heap, old = dv.slice();
    for (let p = 0; p < n; p++) {
      dv[p] = old[perm[p]];
      h[pos + perm[p]] = p;
    }
    // Deflated vector t (column t of the n×nd buffer) is row k + t before the sort.
    for (let t = 0; t < nd; t++) {
      const row = h[pos + k + t] * n;
      for (let i = 0; i < n; i++) out[row + i] = h[o.dbuf + i * nd + t];
    }
    const job: DcTopJob = {
      kind: 'dctop', data: h, place: { kernels, scratch: pos + even(n), slotDoubles, slots: team.size }, packStride: o.packStride,
      blockRows, blocks: Math.ceil(k / blockRows), n, k, m1, colUp, colLo, n1, slots: o.slots, slotCount: MERGE_SLOTS * k, pack: o.pack, pos, out,
    };
    if (!team.run(job)) {
      // A worker that stopped answering (the team is stopped then) may still write into its slot: given up
      // for good. The caller computes every block again, in its own slot.
      if (!team.running) wk.abandon(slotsRegion);
      const runner = localRowBlockRunner()!;
      try {
        for (let b = 0; b < job.blocks; b++) runner.runBlock(job, b, 0);
      } finally {
        runner.finish();
      }
    }
  } finally {
    wk.release(token);
  }
  return true;
}

/** Fewest rows of Uᵀ per block of the threaded top merge (each block streams the packed blocks once). */
const DC_TOP_MIN_ROWS = 16;

/** Doubles of the team's shared array that the threaded top merge of order n needs at most (k = n, no deflation: pack ≤ n², buffers). */
function dcTopMergeSharedDoubles(n: number): number {
  return even(MERGE_SLOTS * n) + even(n * n) + even(n) + 2;
}

/**
 * Doubles at the start of the team's shared array that an order-n
 * divide-and-conquer's jobs may use (its top merge, when it cannot run in
 * place: `dcTopMergeThreaded`): a caller keeps its own data there only
 * beyond this.
 */
export function dcSharedDoubles(n: number): number {
  return dcTopMergeSharedDoubles(n);
}

/**
 * Deflation (dlaed2) of D + ρzzᵀ in the order of ascending d: entries with
 * small ρ|z_i| deflate, and nearly equal d_i are rotated (recorded in `rot`,
 * applied later row by row) so that one of each pair deflates. The kept
 * (non-deflated) indices go to `keep`; returns their number k.
 */
function deflate(dv: Float64Array, z: Float64Array, order: Int32Array, rho: number, support: Uint8Array, keep: Int32Array, rot: Rotations): number {
  const n = dv.length;
  let dmax = 0;
  for (let i = 0; i < n; i++) dmax = Math.max(dmax, Math.abs(dv[i]));
  const tol = 8 * EPS * Math.max(dmax, rho);
  let k = 0, nrot = 0;
  let pj = -1;
  for (let oi = 0; oi < n; oi++) {
    const j = order[oi];
    if (rho * Math.abs(z[j]) <= tol) continue;
    if (pj < 0) {
      pj = j;
      continue;
    }
    let s = z[pj], c = z[j];
    const tau = hypot2(c, s);
    const t = dv[j] - dv[pj];
    c /= tau;
    s /= tau;
    if (Math.abs(t * c * s) <= tol) {
      // Rotate (pj, j) so that z[pj] = 0; pj deflates.
      z[j] = tau;
      z[pj] = 0;
      rot.p[nrot] = pj;
      rot.j[nrot] = j;
      rot.c[nrot] = c;
      rot.s[nrot] = s;
      nrot++;
      const sup = support[pj] | support[j];
      support[pj] = sup;
      support[j] = sup;
      const dpj = dv[pj] * c * c + dv[j] * s * s;
      dv[j] = dv[pj] * s * s + dv[j] * c * c;
      dv[pj] = dpj;
      pj = j;
    } else {
      keep[k++] = pj;
      pj = j;
    }
  }
  if (pj >= 0) keep[k++] = pj;
  rot.count = nrot;
  return k;
}

/**
 * One pass over the rows of a merging block: the deflation rotations, then
 * the non-deflated columns packed per row half (upper rows: `srcUp`, lower
 * rows: `srcLo`) into `pack` from offset `pk`, and the deflated ones (`defl`) into `dbuf`.
 * (Exported for the test that compares it with the wasm kernel `dcPackRows`.)
 */
export function packRows(q: Float64Array, N: number, lo: number, n: number, m1: number, rot: Rotations,
  srcUp: Int32Array, srcLo: Int32Array, defl: Int32Array, pack: Float64Array, pk: number, dbuf: Float64Array): void {
  const colUp = srcUp.length, colLo = srcLo.length, nd = defl.length;
  const loOff = pk + m1 * colUp;
  for (let r = 0; r < n; r++) {
    const row = (lo + r) * N + lo;
    if (rot.count > 0) applyRotations(q, row, rot);
    if (r < m1) {
      const p0 = pk + r * colUp;
      for (let c = 0; c < colUp; c++) pack[p0 + c] = q[row + srcUp[c]];
    } else {
      const p0 = loOff + (r - m1) * colLo;
      for (let c = 0; c < colLo; c++) pack[p0 + c] = q[row + srcLo[c]];
    }
    const d0 = r * nd;
    for (let t = 0; t < nd; t++) dbuf[d0 + t] = q[row + defl[t]];
  }
}

/**
 * Löwner formula (Gu & Eisenstat): ẑ_i² = Π_j (λ_j − d_i) / (ρ Π_{j≠i} (d_j − d_i)),
 * accumulated one row j of d_i − λ_j at a time (last root first, then
 * ascending j); ẑ takes the sign of z. `drow` is scratch of length k.
 */
function lownerZ(dk: Float64Array, zk: Float64Array, rho: number, origin: Int32Array, shift: Float64Array, drow: Float64Array): Float64Array {
  const k = dk.length;
  const zh = new Float64Array(k);
  secularDiff(dk, origin[k - 1], shift[k - 1], drow);
  for (let i = 0; i < k; i++) zh[i] = -drow[i] / rho;
  for (let j = 0; j < k - 1; j++) {
    secularDiff(dk, origin[j], shift[j], drow);
    const dj = dk[j], dj1 = dk[j + 1];
    for (let i = 0; i <= j; i++) zh[i] *= drow[i] / (dk[i] - dj1);
    for (let i = j + 1; i < k; i++) zh[i] *= drow[i] / (dk[i] - dj);
  }
  for (let i = 0; i < k; i++) {
    const v = Math.sqrt(Math.max(zh[i], 0));
    zh[i] = zk[i] < 0 ? -v : v;
  }
  return zh;
}

/**
 * Rows j0…j0+jn−1 of Uᵀ into `ut` (row stride k): row j is ẑ ./ (d − λ_j),
 * normalised, with its columns in the grouped order `grp`.
 */
function panelRows(dk: Float64Array, zh: Float64Array, origin: Int32Array, shift: Float64Array, grp: Int32Array,
  j0: number, jn: number, drow: Float64Array, ut: Float64Array): void {
  const k = dk.length;
  for (let jj = 0; jj < jn; jj++) {
    secularDiff(dk, origin[j0 + jj], shift[j0 + jj], drow);
    let nrm = 0;
    for (let i = 0; i < k; i++) {
      const v = zh[i] / drow[i];
      drow[i] = v;
      nrm += v * v;
    }
    nrm = 1 / Math.sqrt(nrm);
    const rj = jj * k;
    for (let c = 0; c < k; c++) ut[rj + c] = drow[grp[c]] * nrm;
  }
}

/** out[i] = d_i − λ_j = (d_i − d_o) − τ for a root λ_j = d_o + τ (as formed inside the secular solver). */
function secularDiff(dk: Float64Array, o: number, tau: number, out: Float64Array): void {
  const dor = dk[o];
  for (let i = 0; i < dk.length; i++) out[i] = dk[i] - dor - tau;
}

/** Apply the recorded deflation rotations to one row segment of q (columns relative to `row`). */
function applyRotations(q: Float64Array, row: number, rot: Rotations): void {
  const rp = rot.p, rj = rot.j, rc = rot.c, rs = rot.s;
  for (let t = 0; t < rot.count; t++) {
    const ia = row + rp[t], ib = row + rj[t];
    const a = q[ia], b = q[ib], c = rc[t], s = rs[t];
    q[ia] = c * a - s * b;
    q[ib] = s * a + c * b;
  }
}

/** In place: row p of y (n×n) and vals[p] become old row / value perm[p] (cycle by cycle, one spare row). */
function permuteRows(y: Float64Array, n: number, perm: Int32Array, vals: Float64Array): void {
  const old = vals.slice();
  for (let p = 0; p < n; p++) vals[p] = old[perm[p]];
  const done = new Uint8Array(n);
  const spare = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    if (done[s] || perm[s] === s) continue;
    spare.set(y.subarray(s * n, (s + 1) * n));
    let cur = s;
    for (;;) {
      done[cur] = 1;
      const src = perm[cur];
      if (src === s) {
        y.set(spare, cur * n);
        break;
      }
      y.copyWithin(cur * n, src * n, (src + 1) * n);
      cur = src;
    }
  }
}

/** Doubles of wasm memory that `WasmMergeRoots` uses per non-deflated entry. */
const MERGE_SLOTS = 10;

/**
 * The O(k²) work of a merge — secular roots, Löwner ẑ, rows of Uᵀ — in the
 * WebAssembly kernels (wasm/kernels.ts: `secularSolve`, `lownerZ`,
 * `panelRows`, the same operations in the same order as the TypeScript
 * functions here, hence the same bits), on MERGE_SLOTS·k + 4 slots of the wasm
 * heap `h` from double offset `off` (inside a region the caller reserved; `h`
 * must stay the current heap, i.e. no reserve until the merge is done). In
 * wasm these loops run compiled from the first call instead of in V8's
 * interpreter, which is most of what a first eigensolve in a process costs extra.
 */
class WasmMergeRoots {
  private readonly pd: number; private readonly pz: number; private readonly pl: number; private readonly po: number;
  private readonly ps: number; private readonly pdel: number; private readonly pz2: number; private readonly pzh: number;
  private readonly pdrow: number; private readonly pgrp: number;
  /** Double offset of the first slot (the layout the 'dctop' job of ./threads/row-jobs.ts reads). */
  readonly slotsStart: number;
  /** `e`: the kernels over the memory that `h` views. */
  constructor(private readonly h: Float64Array, off: number, private readonly k: number, private readonly e: KernelExports) {
    const o = (off + 1) & ~1;
    this.slotsStart = o;
    this.pd = o; this.pz = o + k; this.pl = o + 2 * k; this.po = o + 3 * k; this.ps = o + 4 * k;
    this.pdel = o + 5 * k; this.pz2 = o + 6 * k; this.pzh = o + 7 * k; this.pdrow = o + 8 * k; this.pgrp = o + 9 * k;
  }

  /** Secular roots (see `secularSolve`): returns λ; origins and shifts stay in wasm memory. */
  roots(dk: Float64Array, zk: Float64Array, rho: number): Float64Array {
    const h = this.h;
    h.set(dk, this.pd);
    h.set(zk, this.pz);
    this.e.secularSolve(this.k, this.pd * 8, this.pz * 8, rho, this.pl * 8, this.po * 8, this.ps * 8, this.pdel * 8, this.pz2 * 8);
    return h.slice(this.pl, this.pl + this.k);
  }

  /** ẑ by the Löwner formula (see `lownerZ`), kept in wasm memory; `grp` is the column order of the panels. */
  lowner(rho: number, grp: Int32Array): void {
    this.e.lownerZ(this.k, this.pd * 8, this.pz * 8, rho, this.po * 8, this.ps * 8, this.pzh * 8, this.pdrow * 8);
    new Int32Array(this.h.buffer, this.h.byteOffset + this.pgrp * 8, this.k).set(grp);
  }

  /** Rows j0…j0+jn−1 of Uᵀ (see `panelRows`) into the heap at double offset `ut` (row stride k). */
  panel(j0: number, jn: number, ut: number): void {
    this.e.panelRows(this.k, this.pd * 8, this.pzh * 8, this.po * 8, this.ps * 8, this.pgrp * 8, j0, jn, this.pdrow * 8, ut * 8);
  }

  /** Origins and shifts of the roots (for tests). */
  originsShifts(origin: Int32Array, shift: Float64Array): void {
    for (let j = 0; j < this.k; j++) origin[j] = this.h[this.po + j];
    shift.set(this.h.subarray(this.ps, this.ps + this.k));
  }
}

/**
 * A merge's secular roots and all k rows of Uᵀ (columns in the order `grp`)
 * for strictly increasing `dk`, ρ > 0 and nonzero `zk`: through the wasm
 * kernels when available, else the TypeScript functions. Exposed for the
 * tests that compare both paths.
 */
export function mergeRootsAndRows(dk: Float64Array, zk: Float64Array, rho: number, grp: Int32Array):
  { lambda: Float64Array; origin: Int32Array; shift: Float64Array; ut: Float64Array } {
  const k = dk.length;
  const origin = new Int32Array(k), shift = new Float64Array(k);
  const w = wasmKernels();
  const base = w ? w.reserve(k * k + MERGE_SLOTS * k + 8) : -1;
  if (w && base >= 0) {
    const m = new WasmMergeRoots(w.heap, base + k * k, k, w.exports);
    const lambda = m.roots(dk, zk, rho);
    m.originsShifts(origin, shift);
    m.lowner(rho, grp);
    m.panel(0, k, base);
    return { lambda, origin, shift, ut: w.heap.slice(base, base + k * k) };
  }
  const lambda = secularSolve(dk, zk, rho, origin, shift);
  const drow = new Float64Array(k), ut = new Float64Array(k * k);
  panelRows(dk, lownerZ(dk, zk, rho, origin, shift, drow), origin, shift, grp, 0, k, drow, ut);
  return { lambda, origin, shift, ut };
}

/**
 * Roots of the secular equation 1/ρ + Σ_i z_i²/(d_i − λ) = 0 for strictly
 * increasing d, ρ > 0, z_i ≠ 0 (the dlaed4 problem). Root j lies in
 * (d_j, d_{j+1}) (the last in (d_{k−1}, d_{k−1} + ρ‖z‖²)). For each root the
 * origin is moved to the nearer pole and λ − d_origin is found by a
 * two-pole rational interpolation step (the "middle way" of Li 1993 /
 * dlaed4) safeguarded by bisection on a maintained bracket.
 *
 * Returns λ and, per root j, the origin index o_j and the shift τ_j with
 * λ_j = d_{o_j} + τ_j, so that d_i − λ_j = (d_i − d_{o_j}) − τ_j is
 * available without cancellation (the k×k matrix of these differences is
 * never stored; see `secularDiff`).
 */
function secularSolve(dk: Float64Array, zk: Float64Array, rho: number, origin: Int32Array, shift: Float64Array): Float64Array {
  const k = dk.length;
  const lambda = new Float64Array(k);
  const del = new Float64Array(k);
  const z2 = new Float64Array(k);
  let zz = 0;
  for (let i = 0; i < k; i++) {
    z2[i] = zk[i] * zk[i];
    zz += z2[i];
  }
  const rinv = 1 / rho;
  for (let j = 0; j < k; j++) {
    const last = j === k - 1;
    let origin_: number, lo: number, hi: number;
    if (last) {
      origin_ = j;
      lo = 0;
      hi = rho * zz;
    } else {
      const gap = dk[j + 1] - dk[j];
      const mid = 0.5 * gap;
      let f = rinv;
      for (let i = 0; i < k; i++) f += z2[i] / (dk[i] - dk[j] - mid);
      if (f >= 0) {
        origin_ = j;
        lo = 0;
        hi = mid;
      } else {
        origin_ = j + 1;
        lo = -mid;
        hi = 0;
      }
    }
    const dor = dk[origin_];
    for (let i = 0; i < k; i++) del[i] = dk[i] - dor;
    let tau = 0.5 * (lo + hi);
    if (!last) {
      // Initial guess: the two nearest poles exactly, the rest frozen at the bracket midpoint.
      let c = rinv;
      for (let i = 0; i < k; i++) if (i !== j && i !== j + 1) c += z2[i] / (del[i] - tau);
      const x = twoPoleRoot(c, z2[j], z2[j + 1], del[j], del[j + 1]);
      if (x > lo && x < hi) tau = x;
    }
    for (let it = 0; it < 200; it++) {
      let psi = 0, dpsi = 0, phi = 0, dphi = 0;
      const split = last ? k : j + 1;
      for (let i = 0; i < split; i++) {
        const t = 1 / (del[i] - tau);
        const w = z2[i] * t;
        psi += w;
        dpsi += w * t;
      }
      for (let i = split; i < k; i++) {
        const t = 1 / (del[i] - tau);
        const w = z2[i] * t;
        phi += w;
        dphi += w * t;
      }
      const f = rinv + psi + phi;
      if (f === 0) break;
      if (f > 0) hi = tau;
      else lo = tau;
      const errBound = EPS * (k + 8) * (rinv + Math.abs(psi) + Math.abs(phi));
      if (Math.abs(f) <= errBound) break;
      if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) break;
      let x: number;
      if (last) {
        const pa = del[j] - tau;
        const s = dpsi * pa * pa;
        const c = rinv + psi - s / pa;
        x = c > 0 ? del[j] + s / c : NaN;
      } else {
        const pa = del[j] - tau, pb = del[j + 1] - tau;
        const s = dpsi * pa * pa, S = dphi * pb * pb;
        const c = rinv + (psi - s / pa) + (phi - S / pb);
        x = twoPoleRoot(c, s, S, del[j], del[j + 1]);
      }
      if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
      if (x === tau) break;
      tau = x;
    }
    lambda[j] = dor + tau;
    origin[j] = origin_;
    shift[j] = tau;
  }
  return lambda;
}

/** Root in (pa, pb) of c + s/(pa − x) + S/(pb − x) = 0 (s, S > 0, pa < pb); NaN if none is found. */
function twoPoleRoot(c: number, s: number, S: number, pa: number, pb: number): number {
  // c(pa−x)(pb−x) + s(pb−x) + S(pa−x) = 0  ⇔  A x² + B x + C = 0.
  const A = c;
  const B = -(c * (pa + pb) + s + S);
  const C = c * pa * pb + s * pb + S * pa;
  if (A === 0) return -C / B;
  const disc = B * B - 4 * A * C;
  if (disc < 0) return NaN;
  const q = -0.5 * (B + (B >= 0 ? Math.sqrt(disc) : -Math.sqrt(disc)));
  const x1 = q / A, x2 = q !== 0 ? C / q : NaN;
  if (x1 > pa && x1 < pb) return x1;
  if (x2 > pa && x2 < pb) return x2;
  return NaN;
}

/** Below this size the eigenvector problem uses implicit QL rather than divide-and-conquer. */
export const DC_MIN = 32;

/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix: `d` is
 * overwritten with the eigenvalues (ascending), `e` is left unchanged, and
 * the result holds Zᵀ (row j = eigenvector j, n×n row-major). Implicit QL
 * below DC_MIN, Cuppen divide-and-conquer above. Shared by the Hermitian and
 * the real-symmetric eigensolvers.
 */
export function tridiagonalEigenvectors(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  const zw = tridiagonalEigenvectorsInWasm(d, e);
  if (zw) {
    const wk = wasmKernels()!;
    const zt = wk.heap.slice(zw.at, zw.at + n * n);
    wk.release(zw.token);
    return zt;
  }
  const zt = tridiagonalEigenvectorsScratch(d, e);
  return n < DC_MIN ? zt : zt.slice(0, n * n); // below DC_MIN the array is already fresh
}

/**
 * `tridiagonalEigenvectors` for the dense eigensolvers: for n ≥ DC_MIN the
 * result (length ≥ n², rows of length n) is a reused scratch array, valid
 * only until the next call — copy what you keep.
 */
export function tridiagonalEigenvectorsScratch(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  if (n < DC_MIN) {
    const zt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) zt[i * n + i] = 1;
    tridiagonalQL(d, e.slice(), zt);
    return zt;
  }
  if (e.length < n - 1) throw new RangeError(`tridiagonalEigenvectors: off-diagonal has ${e.length} entries, expected ${n - 1}`);
  return divideAndConquerScratch(d, e.slice());
}

/**
 * `tridiagonalEigenvectors` for the real eigensolver's back-transformation
 * in the wasm memory: for n ≥ DC_MIN with the wasm kernels available, Zᵀ
 * stays in the kernels' heap at double offset `at` (n×n, row j = eigenvector
 * of d[j]), kept until `wasmKernels().release(token)`; `d` becomes the
 * eigenvalues ascending, `e` is unchanged. Null otherwise (nothing changed).
 * With a thread team and `out` (n², SharedArrayBuffer-backed), the top
 * merge's products run on the team and write Zᵀ into `out` instead
 * (`inOut` true; the region at `at` then holds no result but is still kept).
 */
export function tridiagonalEigenvectorsInWasm(d: Float64Array, e: Float64Array, out: Float64Array | null = null):
  { at: number; token: number; inOut: boolean } | null {
  const n = d.length;
  if (n < DC_MIN) return null;
  if (e.length < n - 1) throw new RangeError(`tridiagonalEigenvectors: off-diagonal has ${e.length} entries, expected ${n - 1}`);
  return divideAndConquerInWasm(d, e, out);
}
