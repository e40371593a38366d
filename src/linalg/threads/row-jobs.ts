/**
 * Row-blocked dense jobs for a thread team (./team.ts): what a job is, how
 * its operands lie in the team's shared array, and how one thread computes
 * one block of it with the WebAssembly SIMD kernels (wasm/kernels.ts).
 *
 * Browser-clean (no thread API): the same `RowBlockRunner` runs on the
 * calling thread and in every worker.
 *
 * Determinism: block b of a job covers output rows [b·R, min((b+1)·R, m)),
 * with R a multiple of the kernel's own row grouping (2 rows for `zgemmNT`,
 * 4 for `gemmNT` and the `gemmNT` calls of a 'wyreflect' block, the 16-row
 * calls of `zreflectRows`), so every row passes
 * through exactly the instructions of the single-thread call; a row's
 * result never reads another row of the output. Hence any split over any
 * number of threads gives the same bits as one thread.
 *
 * Where the operands lie. A job with a `place` has them in the calling
 * thread's wasm memory (../wasm.ts): every thread runs the kernels over that
 * memory and reads them in place, with its scratch rows in a slot of it — one
 * copy of the shared operand for all threads. That is always so for the
 * complex back-transformation ('zreflect'), and where the caller's memory is
 * shared (Node) for every kind but the real product ('gemm'): the complex
 * product, the Gram matrix, the real back-transformation and the real top
 * merge; the divide-and-conquer's half ('dchalf', with `DcHalfInPlace`) runs
 * only in place. Without a `place` (the real product; any job whose caller's
 * memory could not hold its region) the operands are in the team's shared array: each thread copies
 * the operand that all blocks share (Bᵀ, or the reflectors) into its own wasm
 * memory once per job, and per block the block's rows in and its output rows
 * back out: O(n²) copies per thread for O(n³) work (≈ 1–2 % at n = 512,
 * measured), and one copy of the shared operand per thread plus the shared
 * array's.
 */
import { compiledKernelsModule, kernelsArena, kernelsOver, wasmKernels, type KernelExports, type KernelsPlace, type WasmKernels } from '../wasm.js';
import { solveDcBlockInPlace } from '../tridiagonal.js';
import { provideTeamRuntime } from './team.js';

const even = (x: number): number => (x + 1) & ~1;

/** Rows per call of `zreflectRows` (the single-thread back-transformation calls it on the same 16-row ranges). */
export const REFLECT_ROW_CHUNK = 16;

/** Fields of every job: `blocks` blocks of `blockRows` output rows (the last may be shorter), operands in `data`. */
interface JobBase {
  /**
   * The team's shared array (SharedArrayBuffer-backed) holding the operands at the offsets below; for a
   * job with a `place`, a view of the whole wasm memory of the calling thread (its `WasmKernels.heap`).
   */
  data: Float64Array;
  blockRows: number;
  blocks: number;
}

/**
 * Operands in the calling thread's wasm memory (`data` views all of it; the
 * offsets are double indices into it), computed in place by every thread.
 */
export interface InPlace {
  /**
   * Where the caller's kernels live, for a worker to run kernels over the
   * same memory (`kernelsOver`); null when the memory is not shared (the
   * browser's build), and then the job runs on the calling thread only.
   */
  kernels: KernelsPlace | null;
  /**
   * Double offset of the scratch slots: the thread in slot s (the caller 0,
   * the team's worker i slot i + 1, see `ThreadTeam.run`) uses `slotDoubles`
   * doubles from scratch + s·slotDoubles; there are `slots` of them.
   */
  scratch: number;
  slotDoubles: number;
  slots: number;
}

/**
 * Complex C = A·Bᵀ on split storage (the `zgemmNT` contract): A m×k at
 * ar/ai, B n×k at br/bi, C m×n at cr/ci, all contiguous rows; offsets in doubles.
 * When n = k, C may lie over A (cr = ar, ci = ai): a block copies its rows of
 * A into the wasm memory before it writes the same rows of C, and no block
 * reads another block's rows.
 */
export interface ZgemmJob extends JobBase {
  kind: 'zgemm';
  /**
   * Operands in place in the caller's wasm memory (`InPlace`): the kernel reads A's rows and writes C's
   * where they are; when C lies over A a block first copies its rows of A into its scratch slot (2·R·k).
   */
  place?: InPlace;
  m: number; n: number; k: number;
  ar: number; ai: number; br: number; bi: number; cr: number; ci: number;
}

/** Real C ← β·C + α·A·Bᵀ (the `gemmNT` contract) with A m×k at a, B n×k at b, C m×n at c, contiguous rows. */
export interface GemmJob extends JobBase {
  kind: 'gemm';
  m: number; n: number; k: number; alpha: number; beta: number;
  a: number; b: number; c: number;
}

/**
 * Complex back-transformation of the eigenvectors (../eigen-hermitian.ts, the
 * `zreflectRowsPacked` contract), computed in place in the caller's wasm
 * memory (`place`): block b takes eigenvectors j ∈ [b·R, b·R + R), forms
 * their rows y_j[i] = δ_i z_j[i] from Zᵀ (n×n, real, row j = eigenvector j of
 * T_r) at z and the phases δ at phRe/phIm in its scratch slot
 * (`zreflectSlotDoubles`), applies the reflectors (u_k, k = 0 … n−3, packed
 * row after row in the strict upper triangle, `packedReflectorDoubles(n)`
 * each part, at ur/ui; τ (n) at tau) and writes the results as COLUMNS j of
 * the result V (`vr`, `vi`: n×n row-major, SharedArrayBuffer-backed when
 * threads write them) — so neither Y nor a transposed copy of it is ever
 * held whole, and the reflectors are held once for all threads.
 */
export interface ZreflectJob extends JobBase {
  kind: 'zreflect';
  place: InPlace;
  n: number;
  ur: number; ui: number; tau: number; z: number; phRe: number; phIm: number;
  vr: Float64Array; vi: Float64Array;
}

/** Doubles of the reflectors u_0 … u_{n−2} packed row after row in the strict upper triangle: n(n−1)/2. */
export function packedReflectorDoubles(n: number): number {
  return (n * (n - 1)) / 2;
}

/**
 * Gram matrix strips (the wasm path of `gramRows`): A m×k at a of `data`; block b is the strip of
 * rows [b·R, b·R + R) of G = A·Aᵀ from the diagonal rightwards, written straight into `gram` (m×m,
 * its own SharedArrayBuffer-backed array, which becomes `gramRows`' result: no staging of G in
 * `data` and no copy out); entries left of the strips are not written (the caller mirrors the upper triangle).
 */
export interface GramJob extends JobBase {
  kind: 'gram';
  /**
   * Operands in place in the caller's wasm memory (`InPlace`): A read where it is; each thread forms its
   * strip in its scratch slot (`gramSlotDoubles`) before copying it to `gram`. Without it every thread
   * copies A into its own memory.
   */
  place?: InPlace;
  m: number; k: number;
  a: number;
  /** G (m×m, SharedArrayBuffer-backed). */
  gram: Float64Array;
}

/**
 * Real compact-WY back-transformation of eigenvector rows (the threaded
 * `backTransform` of ../eigen-symmetric.ts): Y n×n in `rows` (its own shared
 * array, which becomes the eigensolver's result; row j = eigenvector j), the
 * reflector blocks packed at u of `data` and their triangular factors at t,
 * as laid out by `wyBlocks(n)`. Each block of rows goes through every reflector
 * block, last first: W = Y[:, c0:] Uᵀ, W' = W Tᵀ, Y[:, c0:] −= W' U — the
 * three `gemmNT` calls of the single-thread loop, on the same numbers.
 */
export interface WyReflectJob extends JobBase {
  kind: 'wyreflect';
  /**
   * Operands in place in the caller's wasm memory (`InPlace`): U at u, its
   * transposes at `ut` (`wyBlocks` layout, formed once by the caller), T at t,
   * δ at `sign`; each block copies its rows of Y into its scratch slot
   * (`wyReflectSlotDoubles`) and back. Without it every thread copies U, T
   * and δ from the team's shared array and transposes U itself.
   */
  place?: InPlace;
  /** With `place`: offset of the transposes of U's blocks. */
  ut?: number;
  n: number;
  /** Y (n×n, SharedArrayBuffer-backed), transformed in place. */
  rows: Float64Array;
  /**
   * ready[0]: how many leading rows of Y the caller has written so far (it
   * fills Y while the workers start, see `ThreadTeam.run`'s `afterPost`); a
   * block waits for its rows. −1: the caller gave up (the block fails).
   */
  ready: Int32Array;
  u: number; t: number;
  /**
   * Offset in `data` of the signs δ (n entries ±1) when Y holds Zᵀ rather than
   * Zᵀ D: each block scales its rows' columns by δ first (`scaleColumns`, as
   * the single-thread loop does on all of Zᵀ; exact). Absent: Y is Zᵀ D.
   */
  sign?: number;
}

/** A thread waits for the rows of a 'wyreflect' block in slices of this many ms (re-checking `ready`). */
const READY_WAIT_MS = 100;
/** …and gives up (the block fails; the caller then recomputes alone) after this long. */
const READY_GIVE_UP_MS = 20_000;

/** Waits until the first `rows` rows of the job's Y are written; false when the caller gave up. */
function awaitRows(ready: Int32Array, rows: number): boolean {
  const t0 = performance.now();
  for (let v = Atomics.load(ready, 0); v < rows; v = Atomics.load(ready, 0)) {
    if (v < 0 || performance.now() - t0 > READY_GIVE_UP_MS) return false;
    Atomics.wait(ready, 0, v, READY_WAIT_MS);
  }
  return true;
}

/**
 * The two halves of a divide-and-conquer's top level (../tridiagonal.ts,
 * `dcTopThreaded`), in place in the caller's wasm memory (`data` views all
 * of it): 2 blocks; block b solves half b (rows [0, m1) or [m1, n),
 * m1 = ⌊n/2⌋) of the torn, scaled tridiagonal (d at d, e at e), writing its
 * eigenvalues over its part of d and its eigenvectors (columns) into its
 * diagonal block of the caller's n×n matrix (`place`).
 */
export interface DcHalfJob extends JobBase {
  kind: 'dchalf';
  n: number;
  d: number; e: number;
  place: DcHalfInPlace;
  /** Half solved by block 0 (default 0): a one-block job with first = 1 leaves half 0 to the caller. */
  first?: number;
}

/**
 * Where a 'dchalf' job in place finds its operands in the caller's memory:
 * the n×n eigenvector matrix (zero outside the blocks already solved) at q,
 * and the range [arena, arena + arenaDoubles) that the thread taking a block
 * reserves the half's workspace from (`kernelsArena`; one block at a time).
 */
export interface DcHalfInPlace {
  kernels: KernelsPlace;
  q: number;
  arena: number;
  arenaDoubles: number;
}

/**
 * The products of a divide-and-conquer's top-level merge (../tridiagonal.ts,
 * `dcTopMergeThreaded`): rows j of Zᵀ = (row j of Uᵀ)·(packed eigenvector
 * blocks)ᵀ for the k non-deflated roots, each written to row `pos[j]` of the
 * result (the ascending order of the eigenvalues). Block b covers rows
 * [b·R, (b+1)·R) of Uᵀ, which each thread computes itself from the secular
 * solver's state (`panelRows`: a row depends only on that state) and then
 * multiplies with the same two `gemmNT` calls as the single-thread merge.
 * Operands in `data`: the merge's MERGE_SLOTS·k slots at `slots` (the layout
 * of `WasmMergeRoots`, i32 column order included), the packed blocks
 * (m1×colUp then m2×colLo) at `pack`, the target rows (as doubles) at `pos`.
 */
export interface DcTopJob extends JobBase {
  kind: 'dctop';
  /**
   * Operands in place in the caller's wasm memory (`InPlace`): the slots at `slots`, the packed blocks
   * in the rows of the merge's q (row r at pack + r·packStride), the target rows at `pos`; each thread
   * forms its rows of Uᵀ and of the product in its scratch slot (`dcTopSlotDoubles`).
   */
  place?: InPlace;
  /** With `place`: the row stride of the packed blocks. */
  packStride?: number;
  /** Order of the merged problem (row length of the result). */
  n: number;
  k: number; m1: number; colUp: number; colLo: number;
  /** Column of Uᵀ where the lower block's columns start (the merge's `n1`). */
  n1: number;
  slots: number; slotCount: number; pack: number; pos: number;
  /** The result Zᵀ (n×n, SharedArrayBuffer-backed); only rows pos[0…k−1] are written. */
  out: Float64Array;
}

export type RowJob = ZgemmJob | GemmJob | ZreflectJob | GramJob | WyReflectJob | DcHalfJob | DcTopJob;

/** Row quantum of each kind: block boundaries at multiples of it keep the kernels' row grouping (see the module comment). */
const ROW_QUANTUM: Record<RowJob['kind'], number> = { zgemm: 2, gemm: 4, zreflect: REFLECT_ROW_CHUNK, gram: 4, wyreflect: 4, dchalf: 1, dctop: 4 };

/** Reflectors per compact-WY block of the real back-transformation (../eigen-symmetric.ts). */
export const WY_BLOCK = 32;

/**
 * Packed layout of the real back-transformation's reflector blocks for order
 * n (reflectors 0…n−3; reflector n−2 is the identity): block j covers
 * reflectors k0 = j·WY_BLOCK … k0 + nb − 1 on columns c0 = k0 + 1 … n − 1
 * (len = n − c0 of them). Packed U of block j: nb rows of len at uAt[j]
 * (reflector k0 + r in row r, zero before its start); its transpose (len rows
 * of WY_BLOCK) at utAt[j]; its T (WY_BLOCK × WY_BLOCK, upper triangular) at
 * j·WY_BLOCK². Offsets in doubles, each even (16-byte aligned).
 */
export interface WyBlocks {
  count: number;
  nb: Int32Array;
  uAt: Int32Array;
  utAt: Int32Array;
  /** Doubles of all packed U blocks, of all transposes, of all T. */
  uSize: number;
  utSize: number;
  tSize: number;
}

export function wyBlocks(n: number): WyBlocks {
  const last = n - 2;
  const count = last > 0 ? Math.ceil(last / WY_BLOCK) : 0;
  const nb = new Int32Array(count), uAt = new Int32Array(count), utAt = new Int32Array(count);
  let u = 0, ut = 0;
  for (let j = 0; j < count; j++) {
    const k0 = j * WY_BLOCK, len = n - k0 - 1;
    nb[j] = Math.min(WY_BLOCK, last - k0);
    uAt[j] = u;
    utAt[j] = ut;
    u += even(nb[j] * len);
    ut += even(len * WY_BLOCK);
  }
  return { count, nb, uAt, utAt, uSize: u, utSize: ut, tSize: count * WY_BLOCK * WY_BLOCK };
}

/** Doubles of one thread's scratch slot of a 'zreflect' job of order n with R rows per block (Y's rows, real and imaginary). */
export function zreflectSlotDoubles(n: number, R: number): number {
  return 2 * even(R * n);
}

/** Doubles of one thread's scratch slot of an in-place 'wyreflect' job with R rows per block (its rows of Y, W and W'). */
export function wyReflectSlotDoubles(n: number, R: number): number {
  return even(R * n) + 2 * R * WY_BLOCK;
}

/** Doubles of its own wasm memory a thread reserves for a 'wyreflect' job of order n with R rows per block. */
export function wyReflectRegionDoubles(L: WyBlocks, n: number, R: number): number {
  return L.uSize + L.utSize + L.tSize + even(R * n) + 2 * R * WY_BLOCK + even(n);
}

/** Doubles of its own wasm memory a thread reserves for a 'dctop' job (slots, packed blocks unless read in place, R rows of Uᵀ and of the result). */
export function dcTopRegionDoubles(n: number, k: number, m1: number, colUp: number, colLo: number, slotCount: number, R: number,
  packInPlace = false): number {
  return even(slotCount) + (packInPlace ? 0 : even(m1 * colUp + (n - m1) * colLo)) + even(R * k) + R * n;
}

/** Doubles of one thread's scratch slot of an in-place 'gram' job of m rows with R rows per block (one strip). */
export function gramSlotDoubles(m: number, R: number): number {
  return even(R * m);
}

/** Doubles of one thread's scratch slot of an in-place 'dctop' job (the secular row scratch, R rows of Uᵀ and of the result). */
export function dcTopSlotDoubles(n: number, k: number, R: number): number {
  return even(k) + even(R * k) + R * n;
}

/**
 * The calling thread's own copy of a 'dctop' job's packed blocks, in its
 * wasm memory (kept there for the job): upper rows at `at` + r·stride,
 * lower rows from `at` + m1·stride. Keyed by the job object, which only the
 * calling thread holds — a worker receives a clone, not in this map, and
 * copies the blocks from the shared array. The products read B with this
 * stride instead of the packed one: the same numbers, the same bits.
 */
const callerPacks = new WeakMap<RowJob, { at: number; stride: number }>();

/** Lets the calling thread's blocks of `job` read the packed blocks in place (see `callerPacks`). */
export function setCallerPack(job: DcTopJob, at: number, stride: number): void {
  callerPacks.set(job, { at, stride });
}

/** Most blocks per job (below the block limit of ./protocol.ts). */
export const MAX_BLOCKS = 4000;

/**
 * Rows per block for `rows` output rows of `kind` on a team of `threads`:
 * about 16 blocks per thread, at least `minRows`, a multiple of the kind's
 * row quantum. Small blocks bound the time the caller waits at the end of a
 * job for a block that a descheduled worker holds (a loaded machine); they
 * cost little, since the kernels reuse data within a few rows anyway.
 */
export function blockRowsFor(kind: RowJob['kind'], rows: number, threads: number, minRows = 8): number {
  const q = ROW_QUANTUM[kind];
  let r = Math.max(minRows, Math.ceil(rows / (16 * threads)), Math.ceil(rows / MAX_BLOCKS));
  r = Math.ceil(r / q) * q;
  return r;
}

/** Rows of the job's output (the dimension that is blocked). */
export function jobRows(job: RowJob): number {
  return job.kind === 'zreflect' || job.kind === 'wyreflect' ? job.n : job.kind === 'dchalf' ? 2 : job.kind === 'dctop' ? job.k : job.m;
}

/**
 * One thread's executor of row blocks. Keeps the shared operand of the
 * current job resident in this thread's wasm memory between its blocks.
 * Nothing else may reserve wasm memory on this thread while a job runs.
 */
export class RowBlockRunner {
  private job: RowJob | null = null;
  /** Double index of this job's region in the wasm heap. */
  private base = 0;
  /** Layout of the current 'wyreflect' job's reflector blocks (for order `wyOrder`). */
  private wy: WyBlocks | null = null;
  private wyOrder = -1;

  constructor(readonly w: WasmKernels) {}

  /**
   * Computes block `b` of `job` as the thread in scratch slot `slot` (for a job with a `place`; see
   * `InPlace`); false when the wasm memory cannot hold the job's region or there is no such slot.
   */
  runBlock(job: RowJob, b: number, slot = 0): boolean {
    if (job.kind === 'dchalf') return this.dcHalf(job, b);
    if (job.kind === 'zreflect') return this.zreflect(job, b, slot);
    if (job.kind === 'zgemm' && job.place) return this.zgemmInPlace(job, job.place, b, slot);
    if (job.kind === 'wyreflect' && job.place) return this.wyReflectInPlace(job, job.place, b, slot);
    if (job.kind === 'dctop' && job.place) return this.dcTopInPlace(job, job.place, b, slot);
    if (job.kind === 'gram' && job.place) return this.gramInPlace(job, job.place, b, slot);
    if (this.job !== job && !this.load(job)) return false;
    const h = this.w.heap, e = this.w.exports, data = job.data, R = job.blockRows;
    const r0 = b * R, rows = Math.min(R, jobRows(job) - r0);
    if (rows <= 0) return true;
    const base = this.base;
    switch (job.kind) {
      case 'zgemm': {
        const { n, k } = job;
        const pbr = base, pbi = pbr + even(n * k), par = pbi + even(n * k), pai = par + even(R * k);
        const pcr = pai + even(R * k), pci = pcr + even(R * n);
        h.set(data.subarray(job.ar + r0 * k, job.ar + (r0 + rows) * k), par);
        h.set(data.subarray(job.ai + r0 * k, job.ai + (r0 + rows) * k), pai);
        e.zgemmNT(rows, n, k, par * 8, pai * 8, pbr * 8, pbi * 8, pcr * 8, pci * 8);
        data.set(h.subarray(pcr, pcr + rows * n), job.cr + r0 * n);
        data.set(h.subarray(pci, pci + rows * n), job.ci + r0 * n);
        return true;
      }
      case 'gemm': {
        const { n, k } = job;
        const pb = base, pa = pb + even(n * k), pc = pa + even(R * k);
        h.set(data.subarray(job.a + r0 * k, job.a + (r0 + rows) * k), pa);
        if (job.beta !== 0) h.set(data.subarray(job.c + r0 * n, job.c + (r0 + rows) * n), pc);
        e.gemmNT(rows, n, k, job.alpha, pa * 8, k, pb * 8, k, job.beta, pc * 8, n);
        data.set(h.subarray(pc, pc + rows * n), job.c + r0 * n);
        return true;
      }
      case 'wyreflect': {
        const { n } = job, L = this.wy!, NB = WY_BLOCK;
        const pu = base, put = pu + L.uSize, pt = put + L.utSize, py = pt + L.tSize, pw = py + even(R * n), pw2 = pw + R * NB;
        const y = job.rows;
        if (!awaitRows(job.ready, r0 + rows)) return false;
        h.set(y.subarray(r0 * n, (r0 + rows) * n), py);
        if (job.sign !== undefined) e.scaleColumns(py * 8, n, rows, (pw2 + R * NB) * 8);
        for (let j = L.count - 1; j >= 0; j--) {
          const nb = L.nb[j], c0 = j * NB + 1, len = n - c0, yc = (py + c0) * 8;
          e.gemmNT(rows, nb, len, 1, yc, n, (pu + L.uAt[j]) * 8, len, 0, pw * 8, NB);
          e.gemmNT(rows, nb, nb, 1, pw * 8, NB, (pt + j * NB * NB) * 8, NB, 0, pw2 * 8, NB);
          e.gemmNT(rows, len, nb, -1, pw2 * 8, NB, (put + L.utAt[j]) * 8, NB, 1, yc, n);
        }
        y.set(h.subarray(py, py + rows * n), r0 * n);
        return true;
      }
      case 'dctop': {
        const { n, k, m1, colUp, colLo, n1 } = job, m2 = n - m1;
        // The packed blocks: this thread's copy (contiguous rows), or the calling thread's own rows in place.
        const local = callerPacks.get(job);
        const packSlots = local ? 0 : even(m1 * colUp + m2 * colLo);
        const pslots = base, ppack = pslots + even(job.slotCount), put = ppack + packSlots, pc = put + even(R * k);
        const upAt = local ? local.at : ppack, upLd = local ? local.stride : colUp;
        const loAt = local ? local.at + m1 * local.stride : ppack + m1 * colUp, loLd = local ? local.stride : colLo;
        // The slots' layout is WasmMergeRoots' (../tridiagonal.ts): d, z, λ, origin, shift, δ, z², ẑ, drow, grp at multiples of k.
        const sd = pslots, so = sd + 3 * k, ss = sd + 4 * k, szh = sd + 7 * k, sdrow = sd + 8 * k, sgrp = sd + 9 * k;
        e.panelRows(k, sd * 8, szh * 8, so * 8, ss * 8, sgrp * 8, r0, rows, sdrow * 8, put * 8);
        e.gemmNT(rows, m1, colUp, 1, put * 8, k, upAt * 8, upLd, 0, pc * 8, n);
        e.gemmNT(rows, m2, colLo, 1, (put + n1) * 8, k, loAt * 8, loLd, 0, (pc + m1) * 8, n);
        const out = job.out;
        for (let r = 0; r < rows; r++) out.set(h.subarray(pc + r * n, pc + (r + 1) * n), data[job.pos + r0 + r] * n);
        return true;
      }
      case 'gram': {
        const { m, k } = job, cols = m - r0;
        const pa = base, ps = pa + even(m * k), pr = (pa + r0 * k) * 8;
        e.gemmNT(rows, cols, k, 1, pr, k, pr, k, 0, ps * 8, cols);
        const g = job.gram;
        for (let r = 0; r < rows; r++) g.set(h.subarray(ps + r * cols, ps + (r + 1) * cols), (r0 + r) * m + r0);
        return true;
      }
    }
  }

  /** Block b of a 'zgemm' job in place in the caller's memory (`ZgemmJob.place`), as the thread in `slot`. */
  private zgemmInPlace(job: ZgemmJob, place: InPlace, b: number, slot: number): boolean {
    this.job = null;
    if (!(slot >= 0 && slot < place.slots)) return false;
    const { n, k } = job, R = job.blockRows, r0 = b * R, rows = Math.min(R, job.m - r0);
    if (rows <= 0) return true;
    const e = this.kernelsFor(place), h = job.data;
    let par = job.ar + r0 * k, pai = job.ai + r0 * k;
    if (job.cr === job.ar) {
      // C over A: this block's rows of A move to the slot before its rows of C overwrite them.
      const sr = place.scratch + slot * place.slotDoubles, si = sr + even(R * k);
      h.copyWithin(sr, par, par + rows * k);
      h.copyWithin(si, pai, pai + rows * k);
      par = sr;
      pai = si;
    }
    e.zgemmNT(rows, n, k, par * 8, pai * 8, job.br * 8, job.bi * 8, (job.cr + r0 * n) * 8, (job.ci + r0 * n) * 8);
    return true;
  }

  /** Block b of a 'wyreflect' job in place in the caller's memory (`WyReflectJob.place`), as the thread in `slot`. */
  private wyReflectInPlace(job: WyReflectJob, place: InPlace, b: number, slot: number): boolean {
    this.job = null;
    if (!(slot >= 0 && slot < place.slots) || job.ut === undefined) return false;
    const { n } = job, R = job.blockRows, r0 = b * R, rows = Math.min(R, n - r0), NB = WY_BLOCK;
    if (rows <= 0) return true;
    if (!this.wy || this.wyOrder !== n) {
      this.wy = wyBlocks(n);
      this.wyOrder = n;
    }
    const L = this.wy, e = this.kernelsFor(place), h = job.data, y = job.rows;
    const py = place.scratch + slot * place.slotDoubles, pw = py + even(R * n), pw2 = pw + R * NB;
    if (!awaitRows(job.ready, r0 + rows)) return false;
    h.set(y.subarray(r0 * n, (r0 + rows) * n), py);
    if (job.sign !== undefined) e.scaleColumns(py * 8, n, rows, job.sign * 8);
    // The three products of the single-thread loop per reflector block, last block first.
    for (let j = L.count - 1; j >= 0; j--) {
      const nb = L.nb[j], c0 = j * NB + 1, len = n - c0, yc = (py + c0) * 8;
      e.gemmNT(rows, nb, len, 1, yc, n, (job.u + L.uAt[j]) * 8, len, 0, pw * 8, NB);
      e.gemmNT(rows, nb, nb, 1, pw * 8, NB, (job.t + j * NB * NB) * 8, NB, 0, pw2 * 8, NB);
      e.gemmNT(rows, len, nb, -1, pw2 * 8, NB, (job.ut + L.utAt[j]) * 8, NB, 1, yc, n);
    }
    y.set(h.subarray(py, py + rows * n), r0 * n);
    return true;
  }

  /** Block b of a 'dctop' job in place in the caller's memory (`DcTopJob.place`), as the thread in `slot`. */
  private dcTopInPlace(job: DcTopJob, place: InPlace, b: number, slot: number): boolean {
    this.job = null;
    if (!(slot >= 0 && slot < place.slots) || job.packStride === undefined) return false;
    const { n, k, m1, colUp, colLo, n1 } = job, m2 = n - m1, R = job.blockRows, r0 = b * R, rows = Math.min(R, k - r0);
    if (rows <= 0) return true;
    const e = this.kernelsFor(place), h = job.data, ld = job.packStride;
    // The slots' layout is WasmMergeRoots' (../tridiagonal.ts): d, z, λ, origin, shift, δ, z², ẑ, drow, grp at multiples of k;
    // drow is scratch, so each thread has its own in its slot.
    const sd = job.slots, so = sd + 3 * k, ss = sd + 4 * k, szh = sd + 7 * k, sgrp = sd + 9 * k;
    const pdrow = place.scratch + slot * place.slotDoubles, put = pdrow + even(k), pc = put + even(R * k);
    e.panelRows(k, sd * 8, szh * 8, so * 8, ss * 8, sgrp * 8, r0, rows, pdrow * 8, put * 8);
    e.gemmNT(rows, m1, colUp, 1, put * 8, k, job.pack * 8, ld, 0, pc * 8, n);
    e.gemmNT(rows, m2, colLo, 1, (put + n1) * 8, k, (job.pack + m1 * ld) * 8, ld, 0, (pc + m1) * 8, n);
    const out = job.out;
    for (let r = 0; r < rows; r++) out.set(h.subarray(pc + r * n, pc + (r + 1) * n), h[job.pos + r0 + r] * n);
    return true;
  }

  /** Block b of a 'gram' job in place in the caller's memory (`GramJob.place`), as the thread in `slot`. */
  private gramInPlace(job: GramJob, place: InPlace, b: number, slot: number): boolean {
    this.job = null;
    if (!(slot >= 0 && slot < place.slots)) return false;
    const { m, k } = job, R = job.blockRows, r0 = b * R, rows = Math.min(R, m - r0), cols = m - r0;
    if (rows <= 0) return true;
    const e = this.kernelsFor(place), h = job.data, ps = place.scratch + slot * place.slotDoubles, pr = (job.a + r0 * k) * 8;
    // The strip from the diagonal rightwards: the call of the single-thread `gramStrips`.
    e.gemmNT(rows, cols, k, 1, pr, k, pr, k, 0, ps * 8, cols);
    const g = job.gram;
    for (let r = 0; r < rows; r++) g.set(h.subarray(ps + r * cols, ps + (r + 1) * cols), (r0 + r) * m + r0);
    return true;
  }

  /** The kernels over the memory of an in-place job: this thread's own, or an instance over the caller's. */
  private kernelsFor(place: { kernels: KernelsPlace | null }): KernelExports {
    return place.kernels === null || place.kernels.memory === this.w.sharedMemory ? this.w.exports : kernelsOver(place.kernels);
  }

  /** Block b of a 'zreflect' job, in place in the caller's memory, with the scratch rows of `slot`. */
  private zreflect(job: ZreflectJob, b: number, slot: number): boolean {
    this.job = null;
    const place = job.place, { n } = job, R = job.blockRows;
    if (!(slot >= 0 && slot < place.slots)) return false;
    const r0 = b * R, rows = Math.min(R, n - r0);
    if (rows <= 0) return true;
    const e = this.kernelsFor(place), h = job.data;
    const pyr = place.scratch + slot * place.slotDoubles, pyi = pyr + even(R * n);
    // y_j[i] = δ_i z_j[i] (the products of the single-thread `phaseRows`)
    for (let r = 0; r < rows; r++) {
      const zj = job.z + (r0 + r) * n, yr = pyr + r * n, yi = pyi + r * n;
      for (let i = 0; i < n; i++) {
        const z = h[zj + i];
        h[yr + i] = h[job.phRe + i] * z;
        h[yi + i] = h[job.phIm + i] * z;
      }
    }
    for (let r = 0; r < rows; r += REFLECT_ROW_CHUNK) {
      e.zreflectRowsPacked(n, r, Math.min(r + REFLECT_ROW_CHUNK, rows), pyr * 8, pyi * 8, job.ur * 8, job.ui * 8, job.tau * 8);
    }
    // row j of Y is column j of V
    const vr = job.vr, vi = job.vi;
    for (let i = 0; i < n; i++) {
      const vrow = i * n + r0;
      for (let r = 0; r < rows; r++) {
        vr[vrow + r] = h[pyr + r * n + i];
        vi[vrow + r] = h[pyi + r * n + i];
      }
    }
    return true;
  }

  /**
   * Block b of a 'dchalf' job: the divide-and-conquer reserves its own workspaces, from the job's arena
   * in the caller's memory (`kernelsArena`), so no job region is held.
   */
  private dcHalf(job: DcHalfJob, block: number): boolean {
    this.job = null;
    const b = (job.first ?? 0) + block;
    const n = job.n, m1 = n >> 1, lo = b === 0 ? 0 : m1, len = b === 0 ? m1 : n - m1;
    const p = job.place, arena = kernelsArena(this.kernelsFor(p), p.kernels.memory, p.arena, p.arenaDoubles);
    const h = arena.heap;
    // Whole copies of d and e: the recursion indexes them from lo, as on one thread.
    const d = h.slice(job.d, job.d + n), e = h.slice(job.e, job.e + n - 1);
    if (!solveDcBlockInPlace(d, e, lo, len, p.q, n, arena)) return false;
    h.set(d.subarray(lo, lo + len), job.d + lo);
    return true;
  }

  /** Forgets the current job (its region may be reused by anything else afterwards). */
  finish(): void {
    this.job = null;
  }

  /** Reserves the job's region and copies its shared operand in. */
  private load(job: RowJob): boolean {
    const R = job.blockRows, data = job.data;
    let doubles: number;
    switch (job.kind) {
      case 'zgemm': doubles = 2 * even(job.n * job.k) + 2 * even(R * job.k) + 2 * even(R * job.n); break;
      case 'gemm': doubles = even(job.n * job.k) + even(R * job.k) + even(R * job.n); break;
      case 'zreflect': return false; // (in place, see `zreflect`)
      case 'gram': doubles = even(job.m * job.k) + R * job.m; break;
      case 'dchalf': return false; // (runs without a job region, see `dcHalf`)
      case 'wyreflect':
        this.wy = wyBlocks(job.n);
        this.wyOrder = job.n;
        doubles = wyReflectRegionDoubles(this.wy, job.n, R);
        break;
      case 'dctop':
        doubles = dcTopRegionDoubles(job.n, job.k, job.m1, job.colUp, job.colLo, job.slotCount, R, callerPacks.has(job));
        break;
    }
    const base = this.w.reserve(doubles);
    if (base < 0) return false;
    const h = this.w.heap;
    switch (job.kind) {
      case 'zgemm': {
        const nk = job.n * job.k;
        h.set(data.subarray(job.br, job.br + nk), base);
        h.set(data.subarray(job.bi, job.bi + nk), base + even(nk));
        break;
      }
      case 'gemm':
        h.set(data.subarray(job.b, job.b + job.n * job.k), base);
        break;
      case 'gram':
        h.set(data.subarray(job.a, job.a + job.m * job.k), base);
        break;
      case 'wyreflect': {
        // U and T as packed by the caller; each thread transposes U itself (the update's operand).
        const L = this.wy!, n = job.n, pu = base, put = pu + L.uSize, pt = put + L.utSize;
        h.set(data.subarray(job.u, job.u + L.uSize), pu);
        h.set(data.subarray(job.t, job.t + L.tSize), pt);
        for (let j = 0; j < L.count; j++) {
          const len = n - j * WY_BLOCK - 1;
          this.w.exports.transpose((pu + L.uAt[j]) * 8, len, L.nb[j], len, (put + L.utAt[j]) * 8, WY_BLOCK);
        }
        if (job.sign !== undefined) h.set(data.subarray(job.sign, job.sign + n), pt + L.tSize + even(R * n) + 2 * R * WY_BLOCK);
        break;
      }
      case 'dctop': {
        const packLen = job.m1 * job.colUp + (job.n - job.m1) * job.colLo;
        h.set(data.subarray(job.slots, job.slots + job.slotCount), base);
        if (!callerPacks.has(job)) h.set(data.subarray(job.pack, job.pack + packLen), base + even(job.slotCount));
        break;
      }
    }
    this.job = job;
    this.base = base;
    return true;
  }
}

let local: RowBlockRunner | null = null;

/** This thread's runner (null without the WebAssembly kernels: then no job can run here). */
export function localRowBlockRunner(): RowBlockRunner | null {
  const w = wasmKernels();
  if (!w) return null;
  if (!local || local.w !== w) local = new RowBlockRunner(w);
  return local;
}

provideTeamRuntime({ localRunner: localRowBlockRunner, kernelsModule: compiledKernelsModule });
