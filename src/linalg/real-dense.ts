/**
 * Real dense kernels on row-major `Float64Array`s: C = A·Bᵀ, C = A·B and the
 * Gram matrix A·Aᵀ.
 *
 * All three run on one internal kernel, `gemmNT` (C ← βC + α·A·Bᵀ on strided
 * sub-matrices), in dot-product form: both operands are walked along
 * contiguous rows, and a 4×3 register block of C (4 rows of A against 3 rows
 * of B) is accumulated in registers, so each inner iteration loads 7 numbers
 * for 12 multiply–adds and stores nothing. 4×3 keeps the 12 accumulators and
 * the 4 operands within the 16 x86-64 vector registers; measured ≈ 5–10%
 * faster than 4×4 (which spills) at n = 500–1000 on this machine, 4×4 in turn
 * ≈ 10% faster than 4×2. Leftover rows/columns use 4×1, 1×2 and 1×1 blocks;
 * every entry of C is summed in the same order whatever the blocking. The inner dimension is split into
 * panels of K_BLOCK and the rows of B into groups of J_BLOCK so that a panel
 * of B stays in L2 while all rows of A pass over it (Goto & van de Geijn
 * 2008, "Anatomy of high-performance matrix multiplication", ACM TOMS 34:12,
 * simplified to one level of blocking). A·B is computed as A·(Bᵀ)ᵀ after
 * packing Bᵀ (O(kn) extra work and memory).
 *
 * Where the WebAssembly SIMD kernels load (./wasm.ts), `gemmNT` copies its
 * operands into the module's memory and runs the f64x2 version of the same
 * kernel there (wasm/kernels.ts, same blocking; ≈ 3× the scalar speed);
 * `gemmNTScalar` is the TypeScript kernel, used as fallback and as the
 * cross-check in tests. Callers that apply many products to the same
 * operands (back-transformation, divide-and-conquer merges) keep them
 * resident in the wasm memory and call `exports.gemmNT` directly.
 */
import { kernelsPlace, wasmKernels, type WasmKernels, type KernelExports } from './wasm.js';
import { teamFor, type ThreadTeam } from './threads/team.js';
import { blockRowsFor, gramSlotDoubles, type GemmJob, type GramJob } from './threads/row-jobs.js';

/** Inner-dimension panel length (doubles). */
const K_BLOCK = 256;
/** Rows of B per L2-resident panel (a multiple of the 3-row register block): J_BLOCK × K_BLOCK × 8 B = 126 KiB. */
const J_BLOCK = 63;

/**
 * C ← β·C + α·A·Bᵀ on strided row-major sub-matrices:
 * C[i·ldc + j] (0 ≤ i < m, 0 ≤ j < n) with A[i·lda + l], B[j·ldb + l] (0 ≤ l < k),
 * each offset by aOff / bOff / cOff. β = 0 overwrites C (its old contents,
 * even NaN, are ignored). C must not overlap A or B.
 * Cost 2mnk flops. Runs in WebAssembly when available (see the module comment).
 */
export function gemmNT(
  m: number, n: number, k: number, alpha: number,
  a: Float64Array, aOff: number, lda: number,
  b: Float64Array, bOff: number, ldb: number,
  beta: number, c: Float64Array, cOff: number, ldc: number,
): void {
  if (m <= 0 || n <= 0) return;
  if (m * n * k >= WASM_MIN_WORK && k > 0 && alpha !== 0) {
    const w = wasmKernels();
    const team = w ? teamFor(2 * m * n * k) : null;
    if (team && gemmNTThreaded(team, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc)) return;
    if (w && gemmNTWasm(w, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc)) return;
  }
  gemmNTScalar(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
}

/** Below this m·n·k the copies into wasm memory are not worth it. */
const WASM_MIN_WORK = 4096;

/**
 * Copies `rows` rows of `cols` doubles (stride `ld`, from `off`) of `src`
 * into `heap` at `dst`, contiguously (stride `cols`).
 */
export function packRowsInto(heap: Float64Array, dst: number, src: Float64Array, off: number, ld: number, rows: number, cols: number): void {
  if (ld === cols || rows === 1) heap.set(src.subarray(off, off + rows * cols), dst);
  else if (cols < 16) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) heap[dst + i * cols + j] = src[off + i * ld + j];
  } else for (let i = 0; i < rows; i++) heap.set(src.subarray(off + i * ld, off + i * ld + cols), dst + i * cols);
}

/** The inverse of `packRowsInto`: contiguous rows of `heap` at `src` to `dst` (stride `ld`, from `off`). */
export function unpackRowsFrom(heap: Float64Array, src: number, dst: Float64Array, off: number, ld: number, rows: number, cols: number): void {
  if (ld === cols || rows === 1) dst.set(heap.subarray(src, src + rows * cols), off);
  else if (cols < 16) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) dst[off + i * ld + j] = heap[src + i * cols + j];
  } else for (let i = 0; i < rows; i++) dst.set(heap.subarray(src + i * cols, src + (i + 1) * cols), off + i * ld);
}

/** `gemmNT` through the wasm kernel with copies in and out; false if the memory could not be reserved. */
function gemmNTWasm(
  w: WasmKernels, m: number, n: number, k: number, alpha: number,
  a: Float64Array, aOff: number, lda: number,
  b: Float64Array, bOff: number, ldb: number,
  beta: number, c: Float64Array, cOff: number, ldc: number,
): boolean {
  // Layout: A (m×k), B (n×k), C (m×n), each starting on an even double (16-byte aligned).
  const sa = (m * k + 1) & ~1, sb = (n * k + 1) & ~1;
  const base = w.reserve(sa + sb + m * n);
  if (base < 0) return false;
  const heap = w.heap;
  const pa = base, pb = base + sa, pc = pb + sb;
  packRowsInto(heap, pa, a, aOff, lda, m, k);
  packRowsInto(heap, pb, b, bOff, ldb, n, k);
  if (beta !== 0) packRowsInto(heap, pc, c, cOff, ldc, m, n);
  w.exports.gemmNT(m, n, k, alpha, pa * 8, k, pb * 8, k, beta, pc * 8, n);
  unpackRowsFrom(heap, pc, c, cOff, ldc, m, n);
  return true;
}

/**
 * `gemmNT` over the thread team (./threads/team.ts): A, B (and C when β ≠ 0)
 * packed into the team's shared memory, row blocks of C computed by all
 * threads with the wasm kernel — the same bits as one thread (see
 * ./threads/row-jobs.ts). False when the team could not run the job.
 */
function gemmNTThreaded(
  team: ThreadTeam, m: number, n: number, k: number, alpha: number,
  a: Float64Array, aOff: number, lda: number,
  b: Float64Array, bOff: number, ldb: number,
  beta: number, c: Float64Array, cOff: number, ldc: number,
): boolean {
  const sa = (m * k + 1) & ~1, sb = (n * k + 1) & ~1;
  const data = team.shared(sa + sb + m * n);
  const pa = 0, pb = sa, pc = sa + sb;
  packRowsInto(data, pa, a, aOff, lda, m, k);
  packRowsInto(data, pb, b, bOff, ldb, n, k);
  if (beta !== 0) packRowsInto(data, pc, c, cOff, ldc, m, n);
  const blockRows = blockRowsFor('gemm', m, team.size);
  const job: GemmJob = { kind: 'gemm', data, blockRows, blocks: Math.ceil(m / blockRows), m, n, k, alpha, beta, a: pa, b: pb, c: pc };
  if (!team.run(job)) return false;
  unpackRowsFrom(data, pc, c, cOff, ldc, m, n);
  return true;
}

/**
 * One Float64Array `h` that holds all operands of a multi-product operation,
 * with the `gemmNT` kernel on double offsets into it (`base` is the first
 * slot of the caller's `doubles`). Where WebAssembly is available `h` is the
 * wasm memory, so the products run in the SIMD kernel with no copies; `h` is
 * then valid only until the next `gemmWorkspace` or wasm-backed `gemmNT`
 * call (see ./wasm.ts) — use it for one operation and copy results out.
 * Otherwise `h` is a fresh array and `nt` is `gemmNTScalar`.
 */
export interface GemmWorkspace {
  readonly h: Float64Array;
  readonly base: number;
  /** C ← β·C + α·A·Bᵀ with A, B, C at double offsets aOff, bOff, cOff of `h` (the `gemmNT` contract). */
  nt(m: number, n: number, k: number, alpha: number, aOff: number, lda: number, bOff: number, ldb: number,
    beta: number, cOff: number, ldc: number): void;
}

// The workspaces are class instances so that `ws.nt(…)` call sites see one function (a fresh
// closure per workspace made optimised callers deoptimise with "wrong call target").
class WasmWorkspace implements GemmWorkspace {
  constructor(readonly h: Float64Array, readonly base: number, private readonly e: KernelExports) {}
  nt(m: number, n: number, k: number, alpha: number, aOff: number, lda: number, bOff: number, ldb: number,
    beta: number, cOff: number, ldc: number): void {
    if (m > 0 && n > 0) this.e.gemmNT(m, n, k, alpha, aOff * 8, lda, bOff * 8, ldb, beta, cOff * 8, ldc);
  }
}

class ScalarWorkspace implements GemmWorkspace {
  readonly base = 0;
  constructor(readonly h: Float64Array) {}
  nt(m: number, n: number, k: number, alpha: number, aOff: number, lda: number, bOff: number, ldb: number,
    beta: number, cOff: number, ldc: number): void {
    const h = this.h;
    gemmNTScalar(m, n, k, alpha, h, aOff, lda, h, bOff, ldb, beta, h, cOff, ldc);
  }
}

/**
 * A wasm-memory workspace of `doubles` slots (see `GemmWorkspace`) reserved from `w` (default: this
 * thread's kernels), or null without WebAssembly or when the memory cannot hold it.
 */
export function wasmGemmWorkspace(doubles: number, w: WasmKernels | null = wasmKernels()): GemmWorkspace | null {
  const base = w ? w.reserve(doubles) : -1;
  if (!w || base < 0) return null;
  return new WasmWorkspace(w.heap, base, w.exports);
}

/** A workspace of `doubles` slots for products on resident operands (see `GemmWorkspace`). */
export function gemmWorkspace(doubles: number): GemmWorkspace {
  return wasmGemmWorkspace(doubles) ?? new ScalarWorkspace(new Float64Array(doubles));
}

/**
 * The TypeScript kernel of `gemmNT` (same contract), used when WebAssembly is
 * unavailable or disabled and as the reference in tests.
 */
export function gemmNTScalar(
  m: number, n: number, k: number, alpha: number,
  a: Float64Array, aOff: number, lda: number,
  b: Float64Array, bOff: number, ldb: number,
  beta: number, c: Float64Array, cOff: number, ldc: number,
): void {
  if (m <= 0 || n <= 0) return;
  if (beta !== 1) {
    for (let i = 0; i < m; i++) {
      const ci = cOff + i * ldc;
      if (beta === 0) c.fill(0, ci, ci + n);
      else for (let j = 0; j < n; j++) c[ci + j] *= beta;
    }
  }
  if (k <= 0 || alpha === 0) return;
  for (let l0 = 0; l0 < k; l0 += K_BLOCK) {
    const l1 = Math.min(l0 + K_BLOCK, k);
    for (let j0 = 0; j0 < n; j0 += J_BLOCK) {
      const j1 = Math.min(j0 + J_BLOCK, n);
      let i = 0;
      for (; i + 3 < m; i += 4) {
        const a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        const c0 = cOff + i * ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        let j = j0;
        for (; j + 2 < j1; j += 3) {
          const b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb;
          let s00 = 0, s01 = 0, s02 = 0, s10 = 0, s11 = 0, s12 = 0;
          let s20 = 0, s21 = 0, s22 = 0, s30 = 0, s31 = 0, s32 = 0;
          for (let l = l0; l < l1; l++) {
            const x0 = b[b0 + l], x1 = b[b1 + l], x2 = b[b2 + l];
            let y = a[a0 + l];
            s00 += y * x0;
            s01 += y * x1;
            s02 += y * x2;
            y = a[a1 + l];
            s10 += y * x0;
            s11 += y * x1;
            s12 += y * x2;
            y = a[a2 + l];
            s20 += y * x0;
            s21 += y * x1;
            s22 += y * x2;
            y = a[a3 + l];
            s30 += y * x0;
            s31 += y * x1;
            s32 += y * x2;
          }
          c[c0 + j] += alpha * s00;
          c[c0 + j + 1] += alpha * s01;
          c[c0 + j + 2] += alpha * s02;
          c[c1 + j] += alpha * s10;
          c[c1 + j + 1] += alpha * s11;
          c[c1 + j + 2] += alpha * s12;
          c[c2 + j] += alpha * s20;
          c[c2 + j + 1] += alpha * s21;
          c[c2 + j + 2] += alpha * s22;
          c[c3 + j] += alpha * s30;
          c[c3 + j + 1] += alpha * s31;
          c[c3 + j + 2] += alpha * s32;
        }
        for (; j < j1; j++) {
          const b0 = bOff + j * ldb;
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          for (let l = l0; l < l1; l++) {
            const x0 = b[b0 + l];
            s0 += a[a0 + l] * x0;
            s1 += a[a1 + l] * x0;
            s2 += a[a2 + l] * x0;
            s3 += a[a3 + l] * x0;
          }
          c[c0 + j] += alpha * s0;
          c[c1 + j] += alpha * s1;
          c[c2 + j] += alpha * s2;
          c[c3 + j] += alpha * s3;
        }
      }
      for (; i < m; i++) {
        const a0 = aOff + i * lda, c0 = cOff + i * ldc;
        let j = j0;
        for (; j + 1 < j1; j += 2) {
          const b0 = bOff + j * ldb, b1 = b0 + ldb;
          let s0 = 0, s1 = 0;
          for (let l = l0; l < l1; l++) {
            const y = a[a0 + l];
            s0 += y * b[b0 + l];
            s1 += y * b[b1 + l];
          }
          c[c0 + j] += alpha * s0;
          c[c0 + j + 1] += alpha * s1;
        }
        if (j < j1) {
          const b0 = bOff + j * ldb;
          let s = 0;
          for (let l = l0; l < l1; l++) s += a[a0 + l] * b[b0 + l];
          c[c0 + j] += alpha * s;
        }
      }
    }
  }
}

function checkShape(name: string, what: string, arr: Float64Array, need: number): void {
  if (arr.length < need) throw new RangeError(`${name}: ${what} has length ${arr.length}, needs ${need}`);
}

function checkDims(name: string, dims: number[]): void {
  for (const d of dims) if (!Number.isInteger(d) || d < 0) throw new RangeError(`${name}: invalid dimension ${d}`);
}

function checkNoAlias(name: string, c: Float64Array, ...inputs: Float64Array[]): void {
  for (const x of inputs) {
    if (c.buffer === x.buffer && c.byteOffset < x.byteOffset + x.byteLength && x.byteOffset < c.byteOffset + c.byteLength) {
      throw new RangeError(`${name}: output aliases an input`);
    }
  }
}

/**
 * C = A·Bᵀ for row-major A (m×k) and B (n×k): C[i·n + j] = Σ_l A[i·k + l]·B[j·k + l].
 * Writes into `c` (m×n, must not overlap A or B) if given, else allocates.
 * Register-blocked (4×3) dot-product kernel with L2 panelling, see the
 * module comment. Cost 2mnk flops.
 * @throws RangeError on bad dimensions, short arrays or aliasing output
 */
export function matmulTransposedReal(a: Float64Array, b: Float64Array, m: number, n: number, k: number, c?: Float64Array): Float64Array {
  const name = 'matmulTransposedReal';
  checkDims(name, [m, n, k]);
  checkShape(name, 'a', a, m * k);
  checkShape(name, 'b', b, n * k);
  const out = c ?? new Float64Array(m * n);
  checkShape(name, 'c', out, m * n);
  if (c) checkNoAlias(name, out, a, b);
  gemmNT(m, n, k, 1, a, 0, k, b, 0, k, 0, out, 0, n);
  return out;
}

/** Tile edge of the Gram matrix: only tiles on or above the diagonal are computed. */
const GRAM_TILE = 64;

/**
 * Gram matrix G = A·Aᵀ of the rows of A (m×k row-major): G[i·m + j] = rows i·j.
 * The upper triangle is computed tile by tile (GRAM_TILE² tiles on or above
 * the diagonal, each with the `gemmNT` kernel) and mirrored, so the result is
 * exactly symmetric. Cost ≈ m²k flops (half of a general product).
 * Writes into `out` (m×m, must not overlap A) if given; otherwise the result
 * is a fresh array, backed by a SharedArrayBuffer when the thread team
 * computed it (the workers write into it directly).
 * @throws RangeError on bad dimensions, short arrays or aliasing output
 */
export function gramRows(a: Float64Array, m: number, k: number, out?: Float64Array): Float64Array {
  const name = 'gramRows';
  checkDims(name, [m, k]);
  checkShape(name, 'a', a, m * k);
  if (out) {
    checkShape(name, 'out', out, m * m);
    checkNoAlias(name, out, a);
  }
  const w = m * m * k >= WASM_MIN_WORK ? wasmKernels() : null;
  const team = w ? teamFor(m * m * k) : null;
  // With a team and no `out`, the workers write G straight into a fresh shared array that is the result.
  let g = team && !out ? gramRowsThreaded(team, a, m, k, null) : null;
  if (!g) {
    g = out ?? new Float64Array(m * m);
    if (!(team && out && gramRowsThreaded(team, a, m, k, out))) gramStrips(w, a, m, k, g);
  }
  // Mirror the strict upper triangle (diagonal tiles were computed in full; overwrite their lower part too).
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) g[j * m + i] = g[i * m + j];
  }
  return g;
}

/** The strips of `gramRows` on this thread: in wasm memory when `w` is given and has room, else in TypeScript. */
function gramStrips(w: WasmKernels | null, a: Float64Array, m: number, k: number, g: Float64Array): void {
  // A and one strip of G (GRAM_TILE rows), not all of G: the wasm memory never shrinks, so a region of m·k + m²
  // doubles would stay resident for the rest of the process (as the thread team's workers do it, see GramJob).
  const base = w ? w.reserve(((m * k + 1) & ~1) + Math.min(GRAM_TILE, m) * m) : -1;
  if (w && base >= 0) {
    // A copied into wasm memory once; each strip formed there (right of the diagonal, contiguous) and copied out.
    const heap = w.heap, pa = base, ps = base + ((m * k + 1) & ~1);
    heap.set(a.subarray(0, m * k), pa);
    for (let i0 = 0; i0 < m; i0 += GRAM_TILE) {
      const mi = Math.min(GRAM_TILE, m - i0), cols = m - i0;
      w.exports.gemmNT(mi, cols, k, 1, (pa + i0 * k) * 8, k, (pa + i0 * k) * 8, k, 0, ps * 8, cols);
      for (let r = 0; r < mi; r++) g.set(heap.subarray(ps + r * cols, ps + (r + 1) * cols), (i0 + r) * m + i0);
    }
  } else {
    for (let i0 = 0; i0 < m; i0 += GRAM_TILE) {
      const mi = Math.min(GRAM_TILE, m - i0);
      // Tiles (i0, j0) with j0 ≥ i0: one call covers the whole strip right of the diagonal.
      gemmNTScalar(mi, m - i0, k, 1, a, i0 * k, k, a, i0 * k, k, 0, g, i0 * m + i0, m);
    }
  }
}

/**
 * The wasm strips of `gramRows` over the thread team (./threads/team.ts): in
 * place in this thread's wasm memory where it is shared (`gramRowsInPlace`);
 * else A copied to the team's shared memory (or read where it is, when it is
 * on a SharedArrayBuffer already) and into every thread's memory. The strips
 * of GRAM_TILE rows (from the diagonal rightwards) are taken by all threads
 * — the same `gemmNT` calls as one thread, so the same bits. The threads
 * write G's upper triangle (and the diagonal tiles) into a SharedArrayBuffer-
 * backed array — `out` when it is one, else a fresh one, copied to `out` if
 * given — which is returned (issue 18: G is never staged in the team's
 * array). Null when the team could not run the job.
 */
function gramRowsThreaded(team: ThreadTeam, a: Float64Array, m: number, k: number, out: Float64Array | null): Float64Array | null {
  const computed = gramRowsInPlace(team, a, m, k, out);
  if (computed !== undefined) {
    if (!computed || !out || computed === out) return computed;
    out.set(computed);
    return out;
  }
  // A already on shared memory (e.g. eigenvectors that the team's back-transformation wrote) is read in place.
  const inPlace = a.buffer instanceof SharedArrayBuffer;
  const data = inPlace ? a : team.shared(m * k);
  if (!inPlace) data.set(a.subarray(0, m * k), 0);
  const gram = out && out.buffer instanceof SharedArrayBuffer ? out : new Float64Array(new SharedArrayBuffer(8 * m * m));
  const job: GramJob = { kind: 'gram', data, blockRows: GRAM_TILE, blocks: Math.ceil(m / GRAM_TILE), m, k, a: 0, gram };
  if (!team.run(job)) return null;
  if (!out || gram === out) return gram;
  out.set(gram);
  return out;
}

/**
 * `gramRowsThreaded` with the job in place in this thread's wasm memory,
 * where that memory is shared (./wasm.ts): A copied there once (as the
 * single-thread `gramStrips` does), then a scratch slot per thread for its
 * strip; every thread reads A where it is (`kernelsOver`), so no worker holds
 * a copy of A (m·k doubles each; issue 18, peak memory) and the team's
 * shared array is not used. The same `gemmNT` calls, the same bits. Returns
 * G (upper triangle and diagonal tiles) in `out` when that is backed by a
 * SharedArrayBuffer, else in a fresh such array; null when the team failed
 * (a region a stalled worker may still write into is given up for good); or
 * undefined when the memory is not shared or cannot hold the region
 * (nothing done).
 */
function gramRowsInPlace(team: ThreadTeam, a: Float64Array, m: number, k: number, out: Float64Array | null): Float64Array | null | undefined {
  const w = wasmKernels();
  const kernels = w ? kernelsPlace(w) : null;
  if (!w || !kernels) return undefined;
  const slotDoubles = gramSlotDoubles(m, GRAM_TILE), operand = (m * k + 1) & ~1, region = operand + team.size * slotDoubles;
  const base = w.reserve(region);
  if (base < 0) return undefined;
  w.heap.set(a.subarray(0, m * k), base);
  const gram = out && out.buffer instanceof SharedArrayBuffer ? out : new Float64Array(new SharedArrayBuffer(8 * m * m));
  const job: GramJob = {
    kind: 'gram', data: w.heap, place: { kernels, scratch: base + operand, slotDoubles, slots: team.size },
    blockRows: GRAM_TILE, blocks: Math.ceil(m / GRAM_TILE), m, k, a: base, gram,
  };
  if (team.run(job)) return gram;
  if (!team.running) w.abandon(region);
  return null;
}

/**
 * C = A·B for row-major A (m×k) and B (k×n). Bᵀ is packed once (O(kn)) and
 * the product is formed as A·(Bᵀ)ᵀ by the `gemmNT` kernel, so both operands
 * are read along contiguous rows. Writes into `c` (m×n, must not overlap A or
 * B) if given. Cost 2mnk flops.
 * @throws RangeError on bad dimensions, short arrays or aliasing output
 */
export function matmulReal(a: Float64Array, b: Float64Array, m: number, k: number, n: number, c?: Float64Array): Float64Array {
  const name = 'matmulReal';
  checkDims(name, [m, k, n]);
  checkShape(name, 'a', a, m * k);
  checkShape(name, 'b', b, k * n);
  const out = c ?? new Float64Array(m * n);
  checkShape(name, 'c', out, m * n);
  if (c) checkNoAlias(name, out, a, b);
  const bt = new Float64Array(n * k);
  for (let l = 0; l < k; l++) {
    const bl = l * n;
    for (let j = 0; j < n; j++) bt[j * k + l] = b[bl + j];
  }
  gemmNT(m, n, k, 1, a, 0, k, bt, 0, k, 0, out, 0, n);
  return out;
}
