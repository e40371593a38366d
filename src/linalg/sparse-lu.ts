/**
 * Sparse LU factorization with a fill-reducing column ordering and threshold
 * partial pivoting, for complex square matrices in CSR form.
 *
 * 1. Ordering: minimum degree on the pattern of A + Aᵀ (Tinney–Walker scheme
 *    2; the elimination graph is kept explicitly as bit rows, one OR per
 *    neighbour of the eliminated node — O(n²/32) memory, used up to
 *    MINIMUM_DEGREE_LIMIT unknowns; larger matrices use reverse Cuthill–McKee,
 *    linalg/banded-lu.ts).
 * 2. Left-looking factorization column by column (J. R. Gilbert & T. Peierls,
 *    SIAM J. Sci. Stat. Comput. 9 (1988) 862): the pattern of L⁻¹ a_k comes
 *    from a depth-first search in the graph of the columns of L computed so
 *    far, the values from a sparse triangular solve over that pattern only.
 *    The pivot is the diagonal entry of the ordered column when it is at least
 *    PIVOT_THRESHOLD times the largest candidate (which keeps the fill the
 *    ordering predicted), else the largest candidate (partial pivoting).
 *
 * P A Q = L U with L unit lower triangular; rows of L are stored in pivot
 * order after the factorization.
 *
 * A real matrix has real factors, computed and applied in real arithmetic.
 * For real matrices (the steady states' real Hermitian systems) the ordering,
 * the factorization and the solves run in WebAssembly when it is available
 * (wasm/kernels.ts, `splu*`): the same operations in the same order as the
 * TypeScript real path here, so both give the same bits (tested). The point is
 * the first call of a process: this code runs once per steady state, and V8's
 * JavaScript tiers took ~3× the warm time on it, while WebAssembly is compiled
 * before it runs.
 */
import type { SparseMatrix } from './sparse.js';
import { sparseTranspose } from './sparse.js';
import { reverseCuthillMcKee } from './banded-lu.js';
import { RegionPlan, wasmKernels, type WasmKernels } from './wasm.js';

/** Largest dimension ordered by (bit-row) minimum degree; above it RCM. */
export const MINIMUM_DEGREE_LIMIT = 4096;

/** Relative size below which a diagonal pivot is passed over for the largest candidate. */
export const PIVOT_THRESHOLD = 0.1;

/** A sparse LU factorization P A Q = L U (see the module comment). */
export interface SparseLu {
  n: number;
  /** Column order: column k of the factorization is column q[k] of A. */
  q: Int32Array;
  /** pinv[i] = k: row i of A is pivot row k. */
  pinv: Int32Array;
  /** L by columns (unit diagonal first in each column), row indices in pivot order. */
  lp: Int32Array;
  li: Int32Array;
  lRe: Float64Array;
  /** Imaginary parts of L; null when the factors are real (A real). */
  lIm: Float64Array | null;
  /** U by columns (diagonal last in each column), row indices in pivot order. */
  up: Int32Array;
  ui: Int32Array;
  uRe: Float64Array;
  /** Imaginary parts of U; null when the factors are real. */
  uIm: Float64Array | null;
}

/** Degree of an eliminated node in the minimum-degree search (above any real degree). */
const ELIMINATED = 0x7fffffff;

/** Number of elimination steps or columns per WebAssembly call (V8 tiers a wasm function up between calls). */
const WASM_PIECE = 32;

/** Number of set bits of every 16-bit value. */
let bitCounts: Uint8Array | null = null;
function popcountTable(): Uint8Array {
  if (!bitCounts) {
    bitCounts = new Uint8Array(65536);
    for (let v = 1; v < 65536; v++) bitCounts[v] = (v & 1) + bitCounts[v >>> 1];
  }
  return bitCounts;
}

/** Set bits of the w-word row starting at r. */
function rowCount(bits: Uint32Array, r: number, w: number, table: Uint8Array): number {
  let d = 0;
  for (let k = r, e = r + w; k < e; k++) { const v = bits[k]; d += table[v & 0xffff] + table[v >>> 16]; }
  return d;
}

/** Row q ∪= row p (the neighbour q of the eliminated p joins p's clique); returns the new count of row q, including bits p and q. */
function absorb(bits: Uint32Array, rq: number, rp: number, w: number, table: Uint8Array): number {
  let d = 0;
  for (let k = 0; k < w; k++) {
    const v = bits[rq + k] | bits[rp + k];
    bits[rq + k] = v;
    d += table[v & 0xffff] + table[v >>> 16];
  }
  return d;
}

/**
 * Minimum-degree ordering of the pattern of A + Aᵀ (diagonal ignored):
 * order[k] = the k-th node eliminated. Ties go to the lowest index, so the
 * result is deterministic. `symbolicNonzeros` is nnz(L) + nnz(U) of the
 * factorization with diagonal pivots (the degrees at elimination, twice, plus
 * n), which {@link sparseLuFactor} uses to size its storage.
 */
export function minimumDegreeOrder(a: SparseMatrix): Int32Array & { symbolicNonzeros?: number } {
  const k = wasmKernels();
  return (k && minimumDegreeWasm(k, a)) || minimumDegreeTs(a);
}

/** {@link minimumDegreeOrder} in WebAssembly (same steps); null when the memory cannot grow. */
function minimumDegreeWasm(k: WasmKernels, a: SparseMatrix): (Int32Array & { symbolicNonzeros: number }) | null {
  const n = a.rows, nnz = a.nnz, w = (n + 31) >>> 5;
  const plan = new RegionPlan();
  const oRp = plan.add(n + 1, 4), oCi = plan.add(nnz, 4), oBits = plan.add(n * w, 4), oDeg = plan.add(n, 4);
  const oNbrs = plan.add(n, 4), oOrder = plan.add(n, 4);
  const base = plan.reserve(k);
  if (base < 0) return null;
  const mem = new Int32Array(k.exports.memory.buffer);
  mem.set(a.rowPtr.subarray(0, n + 1), (base + oRp) >> 2);
  mem.set(a.colIndex.subarray(0, nnz), (base + oCi) >> 2);
  const x = k.exports;
  x.spluMinimumDegreeInit(n, base + oRp, base + oCi, base + oBits, base + oDeg);
  let fill = n;
  for (let s = 0; s < n; s += WASM_PIECE) {
    fill += x.spluMinimumDegreeSteps(n, s, Math.min(n, s + WASM_PIECE), base + oBits, base + oDeg, base + oNbrs, base + oOrder);
  }
  const order = new Int32Array(k.exports.memory.buffer, base + oOrder, n).slice();
  return Object.assign(order, { symbolicNonzeros: fill });
}

/** {@link minimumDegreeOrder} in TypeScript (the fallback, and the reference of the tests). */
export function minimumDegreeTs(a: SparseMatrix): Int32Array & { symbolicNonzeros?: number } {
  const n = a.rows;
  const w = (n + 31) >>> 5;
  const bits = new Uint32Array(n * w);
  for (let i = 0; i < n; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const j = a.colIndex[p];
      if (j === i) continue;
      bits[i * w + (j >>> 5)] |= 1 << (j & 31);
      bits[j * w + (i >>> 5)] |= 1 << (i & 31);
    }
  }
  const table = popcountTable();
  const degree = new Int32Array(n);
  for (let i = 0; i < n; i++) degree[i] = rowCount(bits, i * w, w, table);
  const order = new Int32Array(n);
  const nbrs = new Int32Array(n);
  let fill = n;
  for (let step = 0; step < n; step++) {
    let p = -1, best = n + 1;
    for (let i = 0; i < n; i++) if (degree[i] < best) { best = degree[i]; p = i; }
    order[step] = p;
    degree[p] = ELIMINATED; // never chosen again (eliminated nodes are in no row, so never updated)
    fill += 2 * best;
    // neighbours of p in the elimination graph become a clique
    let m = 0;
    const rp = p * w;
    for (let k = 0; k < w; k++) {
      let v = bits[rp + k];
      while (v !== 0) {
        const t = v & -v;
        nbrs[m++] = (k << 5) + (31 - Math.clz32(t));
        v ^= t;
      }
    }
    const pw = p >>> 5, pb = ~(1 << (p & 31));
    for (let r = 0; r < m; r++) {
      const q = nbrs[r], rq = q * w;
      // row q had bit p; after the union it also has bit q (from row p): both are cleared
      degree[q] = absorb(bits, rq, rp, w, table) - 2;
      bits[rq + pw] &= pb;
      bits[rq + (q >>> 5)] &= ~(1 << (q & 31));
    }
  }
  return Object.assign(order, { symbolicNonzeros: fill });
}

/** The column ordering used by {@link sparseLuFactor} for A. */
export function fillReducingOrder(a: SparseMatrix): Int32Array & { symbolicNonzeros?: number } {
  return a.rows <= MINIMUM_DEGREE_LIMIT ? minimumDegreeOrder(a) : reverseCuthillMcKee(a);
}

/** Growable column storage; `im` is null for real factors. */
class Columns<Im extends Float64Array | null> {
  ptr: Int32Array;
  idx: Int32Array;
  re: Float64Array;
  im: Im;
  nz = 0;
  constructor(n: number, capacity: number, complex: boolean) {
    this.ptr = new Int32Array(n + 1);
    this.idx = new Int32Array(capacity);
    this.re = new Float64Array(capacity);
    this.im = (complex ? new Float64Array(capacity) : null) as Im;
  }
  reserve(extra: number): void {
    if (this.nz + extra <= this.idx.length) return;
    const cap = Math.max(2 * this.idx.length, this.nz + extra);
    const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => { b.set(a.subarray(0, this.nz)); return b; };
    this.idx = grow(this.idx, new Int32Array(cap));
    this.re = grow(this.re, new Float64Array(cap));
    if (this.im) this.im = grow(this.im as Float64Array, new Float64Array(cap)) as Im;
  }
  push(i: number, vr: number, vi = 0): void {
    this.idx[this.nz] = i; this.re[this.nz] = vr;
    if (this.im) this.im[this.nz] = vi;
    this.nz++;
  }
}

/**
 * Factorize A (square, CSR) as P A Q = L U. `order` is the column ordering
 * (default {@link fillReducingOrder}). Throws a RangeError naming the column
 * when no nonzero pivot exists (A singular).
 */
export function sparseLuFactor(a: SparseMatrix, order?: Int32Array & { symbolicNonzeros?: number }): SparseLu {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`sparse LU: matrix is ${a.rows}x${a.cols}, not square`);
  order ??= fillReducingOrder(a);
  // a real matrix has real factors: the triangular solves then run in real arithmetic (4× fewer flops)
  let real = true;
  for (let k = 0; k < a.nnz && real; k++) if (a.im[k] !== 0) real = false;
  if (real) {
    const k = wasmKernels();
    return (k && factorRealWasm(k, a, order)) || factorRealTs(a, order);
  }
  return factorTs(a, order, true);
}

/** Storage of L and U for a factorization ordered by `order`: its symbolic count (exact with diagonal pivots) + 10 % for interchanges. */
function factorCapacity(a: SparseMatrix, order: Int32Array & { symbolicNonzeros?: number }): number {
  return Math.ceil(0.55 * (order.symbolicNonzeros ?? 8 * a.nnz)) + a.rows;
}

/** The real factorization in TypeScript: the same operations, in the same order, as `spluFactor` in wasm/kernels.ts. */
export function factorRealTs(a: SparseMatrix, order: Int32Array): SparseLu {
  return factorTs(a, order, false);
}

/**
 * The left-looking factorization in TypeScript, complex or (`complex` false: A real, the imaginary
 * parts never read) real; the column kernels below.
 */
function factorTs(a: SparseMatrix, order: Int32Array & { symbolicNonzeros?: number }, complex: boolean): SparseLu {
  const n = a.rows;
  const c = sparseTranspose(a); // CSR of Aᵀ = columns of A
  const guess = factorCapacity(a, order);
  const L = new Columns<Float64Array | null>(n, guess, complex), U = new Columns<Float64Array | null>(n, guess, complex);
  const pinv = new Int32Array(n).fill(-1);
  const xr = new Float64Array(n), xi = complex ? new Float64Array(n) : null;
  const pattern = new Int32Array(n); // reach in topological order at pattern[top … n−1]
  const stack = new Int32Array(n), next = new Int32Array(n);
  const mark = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    L.ptr[k] = L.nz;
    U.ptr[k] = U.nz;
    const col = order[k];
    const top = reach(c.rowPtr, c.colIndex, col, L.ptr, L.idx, pinv, mark, k, stack, next, pattern, n);
    U.reserve(n - top + 1);
    L.reserve(n - top + 1);
    let ipiv: number;
    if (xi) {
      scatterColumn(c.rowPtr, c.colIndex, c.re, c.im, col, pattern, top, n, xr, xi);
      lowerSolve(pattern, top, n, pinv, L.ptr, L.idx, L.re, L.im!, xr, xi);
      U.nz = storeU(pattern, top, n, pinv, xr, xi, U.idx, U.re, U.im!, U.nz);
      ipiv = choosePivot(pattern, top, n, pinv, xr, xi, col);
      if (ipiv < 0) throw singular(col);
      U.push(k, xr[ipiv], xi[ipiv]);
      L.push(ipiv, 1, 0);
      L.nz = storeL(pattern, top, n, pinv, xr, xi, ipiv, L.idx, L.re, L.im!, L.nz);
    } else {
      scatterColumnReal(c.rowPtr, c.colIndex, c.re, col, pattern, top, n, xr);
      lowerSolveReal(pattern, top, n, pinv, L.ptr, L.idx, L.re, xr);
      U.nz = storeUReal(pattern, top, n, pinv, xr, U.idx, U.re, U.nz);
      ipiv = choosePivotReal(pattern, top, n, pinv, xr, col);
      if (ipiv < 0) throw singular(col);
      const piv = xr[ipiv];
      U.push(k, piv);
      L.push(ipiv, 1);
      L.nz = storeLReal(pattern, top, n, pinv, xr, ipiv, piv, L.idx, L.re, L.nz);
    }
    pinv[ipiv] = k;
  }
  L.ptr[n] = L.nz;
  U.ptr[n] = U.nz;
  for (let p = 0; p < L.nz; p++) L.idx[p] = pinv[L.idx[p]];
  return { n, q: order, pinv, lp: L.ptr, li: L.idx, lRe: L.re, lIm: L.im, up: U.ptr, ui: U.idx, uRe: U.re, uIm: U.im };
}

function singular(col: number): RangeError {
  return new RangeError(`sparse LU: matrix is singular (no nonzero pivot in column ${col})`);
}

/** A real factorization held in WebAssembly memory (byte offsets into the kernels' memory). */
interface WasmRealFactor {
  k: WasmKernels;
  n: number;
  lnz: number;
  unz: number;
  /** A (CSR), the factors (see spluFactor), and five n-vectors of work space for solves. */
  at: { rp: number; ci: number; v: number; nnz: number; q: number; pinv: number; lp: number; li: number; lv: number; up: number; ui: number; uv: number; b: number; y: number; x: number; r: number; d: number };
}

/**
 * The real factorization in WebAssembly (`spluColumns`, `spluFactor`, `spluFinish`), in pieces of
 * WASM_PIECE columns; restarted with twice the storage if the factors outgrow it. The factors stay
 * in the region (valid until the next reservation). Null when the memory cannot grow.
 */
function factorRealInWasm(k: WasmKernels, a: SparseMatrix, order: Int32Array & { symbolicNonzeros?: number }): WasmRealFactor | null {
  const n = a.rows, nnz = a.nnz;
  for (let cap = factorCapacity(a, order); ; cap *= 2) {
    const plan = new RegionPlan();
    const oRp = plan.add(n + 1, 4), oCi = plan.add(nnz, 4), oV = plan.add(nnz, 8);
    const oCp = plan.add(n + 1, 4), oRi = plan.add(nnz, 4), oCv = plan.add(nnz, 8);
    const oOrder = plan.add(n, 4), oPinv = plan.add(n, 4), oLp = plan.add(n + 1, 4), oUp = plan.add(n + 1, 4);
    const oLi = plan.add(cap, 4), oLv = plan.add(cap, 8), oUi = plan.add(cap, 4), oUv = plan.add(cap, 8);
    const oX = plan.add(n, 8), oPat = plan.add(n, 4), oStack = plan.add(n, 4), oNext = plan.add(n, 4), oMark = plan.add(n, 4);
    const oState = plan.add(4, 4);
    const oB = plan.add(n, 8), oY = plan.add(n, 8), oSol = plan.add(n, 8), oR = plan.add(n, 8), oD = plan.add(n, 8);
    const base = plan.reserve(k);
    if (base < 0) return null;
    const buf = k.exports.memory.buffer;
    const mi = new Int32Array(buf);
    mi.set(a.rowPtr.subarray(0, n + 1), (base + oRp) >> 2);
    mi.set(a.colIndex.subarray(0, nnz), (base + oCi) >> 2);
    new Float64Array(buf).set(a.re.subarray(0, nnz), (base + oV) >> 3);
    mi.set(order, (base + oOrder) >> 2);
    mi.fill(-1, (base + oPinv) >> 2, ((base + oPinv) >> 2) + n);
    mi.fill(-1, (base + oMark) >> 2, ((base + oMark) >> 2) + n);
    mi.fill(0, (base + oState) >> 2, ((base + oState) >> 2) + 4);
    const x = k.exports;
    x.spluColumns(n, base + oRp, base + oCi, base + oV, base + oCp, base + oRi, base + oCv);
    let status = 0;
    for (let k0 = 0; k0 < n && status === 0; k0 += WASM_PIECE) {
      status = x.spluFactor(n, k0, Math.min(n, k0 + WASM_PIECE), base + oCp, base + oRi, base + oCv, base + oOrder, base + oPinv,
        base + oLp, base + oLi, base + oLv, cap, base + oUp, base + oUi, base + oUv, cap,
        base + oX, base + oPat, base + oStack, base + oNext, base + oMark, PIVOT_THRESHOLD, base + oState);
    }
    if (status === 1) continue;
    if (status === 2) throw singular(mi[((base + oState) >> 2) + 2]);
    x.spluFinish(n, base + oPinv, base + oLp, base + oLi, base + oUp, base + oState);
    return {
      k, n, lnz: mi[(base + oState) >> 2], unz: mi[((base + oState) >> 2) + 1],
      at: {
        rp: base + oRp, ci: base + oCi, v: base + oV, nnz, q: base + oOrder, pinv: base + oPinv, lp: base + oLp, li: base + oLi, lv: base + oLv,
        up: base + oUp, ui: base + oUi, uv: base + oUv, b: base + oB, y: base + oY, x: base + oSol, r: base + oR, d: base + oD,
      },
    };
  }
}

/** {@link factorRealInWasm} with the factors copied out into a {@link SparseLu}. */
function factorRealWasm(k: WasmKernels, a: SparseMatrix, order: Int32Array & { symbolicNonzeros?: number }): SparseLu | null {
  const f = factorRealInWasm(k, a, order);
  if (!f) return null;
  const { n, lnz, unz, at } = f;
  const buf = k.exports.memory.buffer;
  const i32 = (o: number, len: number) => new Int32Array(buf, o, len).slice();
  const f64 = (o: number, len: number) => new Float64Array(buf, o, len).slice();
  return {
    n, q: order, pinv: i32(at.pinv, n),
    lp: i32(at.lp, n + 1), li: i32(at.li, lnz), lRe: f64(at.lv, lnz), lIm: null,
    up: i32(at.up, n + 1), ui: i32(at.ui, unz), uRe: f64(at.uv, unz), uIm: null,
  };
}

/** The outcome of {@link solveRealSystem}. */
export interface RealSolution {
  x: Float64Array;
  /** nnz(L) + nnz(U). */
  factorNonzeros: number;
  /** Steps of iterative refinement taken. */
  refinements: number;
  /** ‖b − A x‖∞ / (‖A‖_max ‖x‖∞ √n) of the returned x. */
  backwardError: number;
}

/**
 * x with A x = b for a real square CSR matrix A (imaginary parts all zero) and real b, by the sparse LU with its ordering, then the backward error ‖b − A x‖∞ / (‖A‖_max ‖x‖∞ √n)
 * and up to `maxRefinements` steps of iterative refinement x ← x + A⁻¹(b − A x) while it exceeds
 * `tolerance`. In WebAssembly the factors never leave its memory (no copies of L and U); the
 * TypeScript path uses {@link sparseLuFactor} and {@link sparseLuSolve}; both give the same bits.
 * Throws the RangeError of {@link sparseLuFactor} for a singular A.
 */
export function solveRealSystem(a: SparseMatrix, b: Float64Array, tolerance: number, maxRefinements: number): RealSolution {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`sparse LU: matrix is ${a.rows}x${a.cols}, not square`);
  const order = fillReducingOrder(a);
  const k = wasmKernels();
  const f = k ? factorRealInWasm(k, a, order) : null;
  if (f) {
    const { at } = f, x = f.k.exports;
    const heap = new Float64Array(x.memory.buffer);
    const aMax = x.dmaxAbs(at.v, at.nnz);
    heap.set(b.subarray(0, n), at.b >> 3);
    x.spluSolve(n, at.q, at.pinv, at.lp, at.li, at.lv, at.up, at.ui, at.uv, at.b, at.y, at.x);
    const error = (): number => x.dcsrResidual(n, at.rp, at.ci, at.v, at.x, at.b, at.r) / (aMax * x.dmaxAbs(at.x, n) * Math.sqrt(n) || 1);
    let e = error(), refinements = 0;
    while (!(e <= tolerance) && refinements < maxRefinements) {
      x.spluSolve(n, at.q, at.pinv, at.lp, at.li, at.lv, at.up, at.ui, at.uv, at.r, at.y, at.d);
      for (let i = 0, px = at.x >> 3, pd = at.d >> 3; i < n; i++) heap[px + i] += heap[pd + i];
      refinements++;
      e = error();
    }
    return { x: heap.slice(at.x >> 3, (at.x >> 3) + n), factorNonzeros: f.lnz + f.unz, refinements, backwardError: e };
  }
  const lu = sparseLuFactor(a, order);
  if (lu.lIm) throw new RangeError('solveRealSystem: the matrix is not real');
  let aMax = 0;
  for (let p = 0; p < a.nnz; p++) aMax = Math.max(aMax, Math.abs(a.re[p]));
  const xs = solveRealTs(lu, b);
  const r = new Float64Array(n);
  const error = (): number => {
    let rMax = 0, xMax = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) s += a.re[p] * xs[a.colIndex[p]];
      r[i] = b[i] - s;
      rMax = Math.max(rMax, Math.abs(r[i]));
      xMax = Math.max(xMax, Math.abs(xs[i]));
    }
    return rMax / (aMax * xMax * Math.sqrt(n) || 1);
  };
  let e = error(), refinements = 0;
  while (!(e <= tolerance) && refinements < maxRefinements) {
    const d = solveRealTs(lu, r);
    for (let i = 0; i < n; i++) xs[i] += d[i];
    refinements++;
    e = error();
  }
  return { x: xs, factorNonzeros: sparseLuNonzeros(lu), refinements, backwardError: e };
}

/** x = A(:, col) on the pattern, real. */
function scatterColumnReal(cp: Int32Array, ci: Int32Array, cr: Float64Array, col: number, pattern: Int32Array, top: number, n: number, x: Float64Array): void {
  for (let p = top; p < n; p++) x[pattern[p]] = 0;
  for (let p = cp[col]; p < cp[col + 1]; p++) x[ci[p]] = cr[p];
}

/** {@link storeU}, real. */
function storeUReal(pattern: Int32Array, top: number, n: number, pinv: Int32Array, x: Float64Array, uIdx: Int32Array, uRe: Float64Array, nz: number): number {
  for (let p = top; p < n; p++) {
    const i = pattern[p];
    if (pinv[i] < 0) continue;
    uIdx[nz] = pinv[i]; uRe[nz] = x[i]; nz++;
  }
  return nz;
}

/** {@link choosePivot}, real. */
function choosePivotReal(pattern: Int32Array, top: number, n: number, pinv: Int32Array, x: Float64Array, col: number): number {
  let ipiv = -1, big = 0, diag = -1;
  for (let p = top; p < n; p++) {
    const i = pattern[p];
    if (pinv[i] >= 0) continue;
    const v = x[i] * x[i];
    if (v > big) { big = v; ipiv = i; }
    if (i === col) diag = v;
  }
  if (ipiv >= 0 && diag >= PIVOT_THRESHOLD * PIVOT_THRESHOLD * big) ipiv = col;
  return ipiv;
}

/** {@link storeL}, real: multipliers x_i / piv. */
function storeLReal(pattern: Int32Array, top: number, n: number, pinv: Int32Array, x: Float64Array, ipiv: number, piv: number, lIdx: Int32Array, lRe: Float64Array, nz: number): number {
  for (let p = top; p < n; p++) {
    const i = pattern[p];
    const v = x[i];
    x[i] = 0;
    if (pinv[i] >= 0 || i === ipiv || v === 0) continue;
    lIdx[nz] = i; lRe[nz] = v / piv; nz++;
  }
  return nz;
}

/*
 * The kernels of one column of the factorization, as small functions on typed
 * arrays: each compiles once and fast (one large loop nest was recompiled
 * several times by V8 during a first, cold factorization).
 */

/**
 * Nodes reachable from the nonzeros of A(:, col) in the graph of the columns
 * of L computed so far (depth-first, postorder), in topological order at
 * pattern[top … n − 1]; returns top.
 */
function reach(cp: Int32Array, ci: Int32Array, col: number, lPtr: Int32Array, lIdx: Int32Array, pinv: Int32Array, mark: Int32Array, k: number, stack: Int32Array, next: Int32Array, pattern: Int32Array, n: number): number {
  let top = n;
  for (let p = cp[col]; p < cp[col + 1]; p++) {
    const start = ci[p];
    if (mark[start] === k) continue;
    let head = 0;
    stack[0] = start;
    mark[start] = k;
    next[0] = pinv[start] >= 0 ? lPtr[pinv[start]] + 1 : -1;
    while (head >= 0) {
      const j = stack[head];
      const jc = pinv[j];
      let pushed = false;
      if (jc >= 0) {
        const end = lPtr[jc + 1];
        for (let q = next[head]; q < end; q++) {
          const i = lIdx[q];
          if (mark[i] === k) continue;
          next[head] = q + 1;
          mark[i] = k;
          stack[++head] = i;
          next[head] = pinv[i] >= 0 ? lPtr[pinv[i]] + 1 : -1;
          pushed = true;
          break;
        }
      }
      if (!pushed) { pattern[--top] = j; head--; }
    }
  }
  return top;
}

/** x = A(:, col) on the pattern (zero elsewhere in it). */
function scatterColumn(cp: Int32Array, ci: Int32Array, cr: Float64Array, cm: Float64Array, col: number, pattern: Int32Array, top: number, n: number, xr: Float64Array, xi: Float64Array): void {
  for (let p = top; p < n; p++) { xr[pattern[p]] = 0; xi[pattern[p]] = 0; }
  for (let p = cp[col]; p < cp[col + 1]; p++) { xr[ci[p]] = cr[p]; xi[ci[p]] = cm[p]; }
}

/** x ← L⁻¹ x over the pattern, in topological order (L unit lower, diagonal first in each column). */
function lowerSolve(pattern: Int32Array, top: number, n: number, pinv: Int32Array, lPtr: Int32Array, lIdx: Int32Array, lRe: Float64Array, lIm: Float64Array, xr: Float64Array, xi: Float64Array): void {
  for (let p = top; p < n; p++) {
    const j = pattern[p], jc = pinv[j];
    if (jc < 0) continue;
    const vr = xr[j], vi = xi[j];
    if (vr === 0 && vi === 0) continue;
    for (let q = lPtr[jc] + 1, end = lPtr[jc + 1]; q < end; q++) {
      const i = lIdx[q], lr = lRe[q], li = lIm[q];
      xr[i] -= lr * vr - li * vi;
      xi[i] -= lr * vi + li * vr;
    }
  }
}

/** {@link lowerSolve} for real L and x (imaginary parts all zero). */
function lowerSolveReal(pattern: Int32Array, top: number, n: number, pinv: Int32Array, lPtr: Int32Array, lIdx: Int32Array, lRe: Float64Array, xr: Float64Array): void {
  for (let p = top; p < n; p++) {
    const j = pattern[p], jc = pinv[j];
    if (jc < 0) continue;
    const v = xr[j];
    if (v === 0) continue;
    for (let q = lPtr[jc] + 1, end = lPtr[jc + 1]; q < end; q++) xr[lIdx[q]] -= lRe[q] * v;
  }
}

/** Append the entries of rows already pivotal (the strict upper part of U's column); returns the new count. */
function storeU(pattern: Int32Array, top: number, n: number, pinv: Int32Array, xr: Float64Array, xi: Float64Array, uIdx: Int32Array, uRe: Float64Array, uIm: Float64Array, nz: number): number {
  for (let p = top; p < n; p++) {
    const i = pattern[p];
    if (pinv[i] < 0) continue;
    uIdx[nz] = pinv[i]; uRe[nz] = xr[i]; uIm[nz] = xi[i]; nz++;
  }
  return nz;
}

/** The pivot row: the diagonal row `col` when |x_col| ≥ PIVOT_THRESHOLD·max, else the largest candidate; −1 if all are zero. */
function choosePivot(pattern: Int32Array, top: number, n: number, pinv: Int32Array, xr: Float64Array, xi: Float64Array, col: number): number {
  let ipiv = -1, big = 0, diag = -1;
  for (let p = top; p < n; p++) {
    const i = pattern[p];
    if (pinv[i] >= 0) continue;
    const v = xr[i] * xr[i] + xi[i] * xi[i]; // squared magnitudes
    if (v > big) { big = v; ipiv = i; }
    if (i === col) diag = v;
  }
  if (ipiv >= 0 && diag >= PIVOT_THRESHOLD * PIVOT_THRESHOLD * big) ipiv = col;
  return ipiv;
}

/** Append the multipliers x_i / x_pivot of the non-pivotal rows to L and clear x on the pattern; returns the new count. */
function storeL(pattern: Int32Array, top: number, n: number, pinv: Int32Array, xr: Float64Array, xi: Float64Array, ipiv: number, lIdx: Int32Array, lRe: Float64Array, lIm: Float64Array, nz: number): number {
  const pr = xr[ipiv], pi = xi[ipiv];
  const den = pr * pr + pi * pi, ir = pr / den, ii = -pi / den;
  for (let p = top; p < n; p++) {
    const i = pattern[p];
    const vr = xr[i], vi = xi[i];
    xr[i] = 0; xi[i] = 0;
    if (pinv[i] >= 0 || i === ipiv || (vr === 0 && vi === 0)) continue;
    lIdx[nz] = i; lRe[nz] = vr * ir - vi * ii; lIm[nz] = vr * ii + vi * ir; nz++;
  }
  return nz;
}

/** Entries of L plus U (the fill measure). */
export function sparseLuNonzeros(f: SparseLu): number {
  return f.lp[f.n] + f.up[f.n];
}

/** Solve A x = b with a {@link sparseLuFactor} result (b unchanged). */
export function sparseLuSolve(f: SparseLu, br: Float64Array, bi: Float64Array): { re: Float64Array; im: Float64Array } {
  const { n, q, pinv, lp, li, lRe, lIm, up, ui, uRe, uIm } = f;
  if (!lIm || !uIm) {
    // real factors: the real and imaginary parts of b separately (the second only when nonzero)
    let complex = false;
    for (let i = 0; i < n && !complex; i++) if (bi[i] !== 0) complex = true;
    const k = wasmKernels();
    const solved = k ? solveRealWasm(k, f, complex ? [br, bi] : [br]) : null;
    if (solved) return { re: solved[0], im: complex ? solved[1] : new Float64Array(n) };
    return { re: solveRealTs(f, br), im: complex ? solveRealTs(f, bi) : new Float64Array(n) };
  }
  const yr = new Float64Array(n), yi = new Float64Array(n);
  for (let i = 0; i < n; i++) { yr[pinv[i]] = br[i]; yi[pinv[i]] = bi[i]; }
  for (let j = 0; j < n; j++) {
    const vr = yr[j], vi = yi[j];
    if (vr === 0 && vi === 0) continue;
    for (let p = lp[j] + 1; p < lp[j + 1]; p++) {
      const i = li[p];
      yr[i] -= lRe[p] * vr - lIm[p] * vi;
      yi[i] -= lRe[p] * vi + lIm[p] * vr;
    }
  }
  for (let j = n - 1; j >= 0; j--) {
    const d = up[j + 1] - 1;
    const dr = uRe[d], di = uIm[d], den = dr * dr + di * di;
    const sr = yr[j], si = yi[j];
    const vr = (sr * dr + si * di) / den, vi = (si * dr - sr * di) / den;
    yr[j] = vr; yi[j] = vi;
    if (vr === 0 && vi === 0) continue;
    for (let p = up[j]; p < d; p++) {
      const i = ui[p];
      yr[i] -= uRe[p] * vr - uIm[p] * vi;
      yi[i] -= uRe[p] * vi + uIm[p] * vr;
    }
  }
  const xr = new Float64Array(n), xi = new Float64Array(n);
  for (let k = 0; k < n; k++) { xr[q[k]] = yr[k]; xi[q[k]] = yi[k]; }
  return { re: xr, im: xi };
}

/** x = A⁻¹ b with real factors, in TypeScript (the operations of `spluSolve` in wasm/kernels.ts). */
export function solveRealTs(f: SparseLu, b: Float64Array): Float64Array {
  const { n, q, pinv, lp, li, lRe, up, ui, uRe } = f;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[pinv[i]] = b[i];
  for (let j = 0; j < n; j++) {
    const v = y[j];
    if (v === 0) continue;
    for (let p = lp[j] + 1; p < lp[j + 1]; p++) y[li[p]] -= lRe[p] * v;
  }
  for (let j = n - 1; j >= 0; j--) {
    const d = up[j + 1] - 1;
    const v = y[j] / uRe[d];
    y[j] = v;
    if (v === 0) continue;
    for (let p = up[j]; p < d; p++) y[ui[p]] -= uRe[p] * v;
  }
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) x[q[k]] = y[k];
  return x;
}

/** Real solves for each right-hand side in WebAssembly (`spluSolve`); null when the memory cannot grow. */
function solveRealWasm(k: WasmKernels, f: SparseLu, rhs: Float64Array[]): Float64Array[] | null {
  const { n } = f, lnz = f.lp[n], unz = f.up[n];
  const plan = new RegionPlan();
  const oQ = plan.add(n, 4), oPinv = plan.add(n, 4), oLp = plan.add(n + 1, 4), oLi = plan.add(lnz, 4), oLv = plan.add(lnz, 8);
  const oUp = plan.add(n + 1, 4), oUi = plan.add(unz, 4), oUv = plan.add(unz, 8);
  const oB = plan.add(n, 8), oY = plan.add(n, 8), oX = plan.add(n, 8);
  const base = plan.reserve(k);
  if (base < 0) return null;
  const buf = k.exports.memory.buffer;
  const mi = new Int32Array(buf), mf = new Float64Array(buf);
  mi.set(f.q, (base + oQ) >> 2); mi.set(f.pinv, (base + oPinv) >> 2);
  mi.set(f.lp, (base + oLp) >> 2); mi.set(f.li.subarray(0, lnz), (base + oLi) >> 2); mf.set(f.lRe.subarray(0, lnz), (base + oLv) >> 3);
  mi.set(f.up, (base + oUp) >> 2); mi.set(f.ui.subarray(0, unz), (base + oUi) >> 2); mf.set(f.uRe.subarray(0, unz), (base + oUv) >> 3);
  return rhs.map((b) => {
    mf.set(b.subarray(0, n), (base + oB) >> 3);
    k.exports.spluSolve(n, base + oQ, base + oPinv, base + oLp, base + oLi, base + oLv, base + oUp, base + oUi, base + oUv, base + oB, base + oY, base + oX);
    return mf.slice((base + oX) >> 3, ((base + oX) >> 3) + n);
  });
}
