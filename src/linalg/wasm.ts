/**
 * Loader and memory of the WebAssembly SIMD kernels (source wasm/kernels.ts,
 * bytes in ./wasm-kernels.generated.ts; see docs/architecture.md, "Dense
 * kernels").
 *
 * Browser-clean: the module bytes are a base64 string compiled once, lazily,
 * with `new WebAssembly.Module` on first use — no file system. Where
 * WebAssembly or its SIMD proposal is missing, or compilation is refused
 * (e.g. a browser's main thread limits synchronous compilation; call
 * `preloadWasmKernels()` there first), `wasmKernels()` returns null and every
 * caller runs its TypeScript path. `setWasmKernelsEnabled(false)` or the
 * environment variable SPINDRIFT_WASM=0 forces the TypeScript paths (tests
 * compare both).
 *
 * Two builds of the module: where a shared `WebAssembly.Memory` can be made
 * (Node; a browser page with cross-origin isolation) the one on an imported
 * shared memory, so that a worker of the thread team can instantiate the same
 * module over this thread's memory and work on the same operands
 * (./tridiagonalize-threaded.ts); elsewhere (a browser page without
 * isolation, where shared memory is unavailable) the one with its own memory.
 * Same source, same operations: the same bits either way.
 *
 * Memory: one linear memory per process (per worker), grown on demand by
 * `reserve`. A caller reserves one region for a whole operation, lays out its
 * operands in it (double offsets relative to `heap`), calls kernels on them
 * and copies results out. Growing detaches earlier views, so `heap` is only
 * valid until the next `reserve`, and a caller holding a region must not call
 * anything else that reserves (the public functions of ./real-dense.ts do).
 */
import { KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from './wasm-kernels.generated.js';

// The parts of the WebAssembly JS API used here (the project's `lib` has no DOM/WebAssembly typings).
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
type WasmModule = object;
interface WasmApi {
  Module: { new (bytes: Uint8Array): WasmModule; imports(module: WasmModule): { module: string; name: string; kind: string }[] };
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  compile(bytes: Uint8Array): Promise<WasmModule>;
}
const WA = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** Raw exports of the kernels module; pointers are byte offsets, leading dimensions count doubles. */
export interface KernelExports {
  memory: WasmMemory;
  heapBase(): number;
  gemmNT(m: number, n: number, k: number, alpha: number, a: number, lda: number, b: number, ldb: number,
    beta: number, c: number, ldc: number): void;
  zgemmNT(m: number, n: number, k: number, ar: number, ai: number, br: number, bi: number, cr: number, ci: number): void;
  zreflectRows(n: number, r0: number, r1: number, yr: number, yi: number, ur: number, ui: number, tau: number): void;
  /** `zreflectRows` on reflectors packed row after row in the strict upper triangle (row k from k(n−1) − k(k−1)/2). */
  zreflectRowsPacked(n: number, r0: number, r1: number, yr: number, yi: number, ur: number, ui: number, tau: number): void;
  ztridiagonalize(n: number, k0: number, k1: number, ar: number, ai: number, d: number, eRe: number, eIm: number, tau: number,
    ur: number, ui: number, wr: number, wi: number, xr: number, xi: number, pr: number, pi: number): void;
  tridiagonalize(n: number, k0: number, k1: number, a: number, d: number, eS: number, tau: number, u: number, w: number, x: number, p: number): void;
  tridiagonalQLVectors(n: number, d: number, f: number, zt: number): number;
  scaleColumns(y: number, n: number, rows: number, s: number): void;
  transpose(src: number, lds: number, rows: number, cols: number, dst: number, ldd: number): void;
  secularSolve(k: number, d: number, z: number, rho: number, lambda: number, origin: number, shift: number, del: number, z2: number): void;
  lownerZ(k: number, d: number, z: number, rho: number, origin: number, shift: number, zh: number, drow: number): void;
  panelRows(k: number, d: number, zh: number, origin: number, shift: number, grp: number, j0: number, jn: number, drow: number, ut: number): void;
  dcPackRows(q: number, N: number, lo: number, n: number, m1: number, rp: number, rj: number, rc: number, rs: number, nrot: number,
    srcUp: number, colUp: number, srcLo: number, colLo: number, defl: number, nd: number, pack: number, dbuf: number): void;
  dcPackRowsInPlace(q: number, N: number, lo: number, n: number, m1: number, rp: number, rj: number, rc: number, rs: number, nrot: number,
    srcUp: number, colUp: number, srcLo: number, colLo: number, defl: number, nd: number, tmp: number, dbuf: number): void;
  copyBlock(src: number, lds: number, rows: number, cols: number, dst: number, ldd: number): void;
  argsortStable(n: number, key: number, idx: number, tmp: number): void;
  // a blocked panel of the symmetric reduction, on one thread or two (tridiagonalize-threaded.ts)
  trdChunks(): number;
  trdPanel(n: number, k0: number, nb: number, a: number, d: number, eS: number, tau: number, x: number, p: number, q: number,
    dots: number, U: number, W: number, cat: number, ctl: number, two: number): number;
  trdLoanOpen(ctl: number, id: number, stallWaits: number): void;
  trdLoanClose(ctl: number, id: number): number;
  trdPartner(n: number, nb: number, a: number, x: number, p: number, q: number, dots: number, U: number, W: number,
    cat: number, ctl: number, id: number): number;
  // sparse LU of a real matrix (sparse-lu.ts)
  spluColumns(n: number, rp: number, ci: number, v: number, cp: number, ri: number, cv: number): void;
  spluMinimumDegreeInit(n: number, rp: number, ci: number, bits: number, degree: number): void;
  spluMinimumDegreeSteps(n: number, s0: number, s1: number, bits: number, degree: number, nbrs: number, order: number): number;
  spluFactor(n: number, k0: number, k1: number, cp: number, ri: number, cv: number, order: number, pinv: number,
    lp: number, li: number, lv: number, lcap: number, up: number, ui: number, uv: number, ucap: number,
    x: number, pattern: number, stack: number, next: number, mark: number, threshold: number, state: number): number;
  spluFinish(n: number, pinv: number, lp: number, li: number, up: number, state: number): void;
  spluSolve(n: number, q: number, pinv: number, lp: number, li: number, lv: number, up: number, ui: number, uv: number,
    b: number, y: number, x: number): void;
  steadyRealSystem(n: number, rp: number, ci: number, re: number, im: number, partner: number, t: number, scale: number, row: number,
    orp: number, oci: number, ov: number, acc: number, marker: number, cols: number): number;
  dcsrResidual(n: number, rp: number, ci: number, v: number, x: number, b: number, r: number): number;
  dmaxAbs(p: number, count: number): number;
  // sparse × dense complex products (the steady state's residual): OUT += s·op(A)·X or s·X·op(A)
  zcsrMulAcc(n: number, adjoint: number, rp: number, ci: number, ar: number, ai: number, sr: number, si: number, xr: number, xi: number, or: number, oi: number): void;
  zMulCsrAcc(n: number, rp: number, ci: number, ar: number, ai: number, sr: number, si: number, xr: number, xi: number, or: number, oi: number): void;
  zMulCsrAdjAcc(n: number, rp: number, ci: number, ar: number, ai: number, sr: number, si: number, xr: number, xi: number, or: number, oi: number): void;
  // small dense exponentials and sector steps (expm.ts, solvers/sector-propagation-wasm.ts)
  zexpmWorkDoubles(n: number): number;
  znorm1(n: number, ar: number, ai: number, sums: number): number;
  zexpmPade(n: number, m: number, s: number, f: number, base: number): number;
  zpadeQuotient(n: number, ur: number, ui: number, vr: number, vi: number, pr: number, pi: number, xr: number, xi: number, ints: number): number;
  zpadeQuotientIntsDoubles(n: number): number;
  zmatvec(rows: number, cols: number, ar: number, ai: number, xr: number, xi: number, yr: number, yi: number): void;
  zrankOneStep(na: number, nb: number, par: number, pai: number, qr: number, qi: number, ur: number, ui: number, vr: number, vi: number,
    tr: number, ti: number, xr: number, xi: number): void;
  zdenseSectorStep(na: number, nb: number, pbTr: number, pbTi: number, paTr: number, paTi: number, xr: number, xi: number,
    tr: number, ti: number, yr: number, yi: number, btr: number, bti: number): void;
  zdotuAcc(len: number, wr: number, wi: number, xr: number, xi: number, acc: number): void;
  ztraceAcc(na: number, xr: number, xi: number, acc: number): void;
  zrecordCompact(count: number, starts: number, index: number, wr: number, wi: number, xr: number, xi: number, out: number, nt: number, i: number): void;
  zstepsRecord(n: number, pr: number, pi: number, xr: number, xi: number, yr: number, yi: number,
    count: number, starts: number, index: number, wr: number, wi: number, out: number, nt: number, i0: number, i1: number): void;
  // the matrix-form Lindblad right-hand side (solvers/mesolve-dense.ts), interleaved complex n×n
  zcsrDenseRows(r0: number, r1: number, n: number, rp: number, ci: number, az: number, sr: number, si: number, x: number, out: number, overwrite: number): void;
  zdenseCsrAdjRows(r0: number, r1: number, n: number, rp: number, ci: number, cz: number, s: number, x: number, out: number, upper: number): void;
  hermitianSum(n: number, m: number, dy: number): void;
  // DOP853 on vectors in the wasm memory (ode/dop853-wasm.ts)
  odeCombine(n: number, rows: number, outs: number, y: number, h: number, count: number, coef: number, ptrs: number, tmp: number): void;
  dop853Error(n: number, y: number, yNew: number, h: number, rtol: number, atol: number, coef: number, ptrs: number, sums: number): void;
  dop853DenseHead(n: number, y: number, yNew: number, k0: number, k12: number, h: number, f0: number, f1: number, f2: number): void;
  dop853Interpolate(n: number, y: number, ptrs: number, theta: number, out: number): void;
}

/** The loaded kernels and a view of their memory. */
export interface WasmKernels {
  readonly exports: KernelExports;
  /**
   * The memory when it is a shared `WebAssembly.Memory` (the shared-memory
   * build): it can be posted to a worker, which instantiates the compiled
   * module (`compiledKernelsModule`) over it with `instantiateOn`. Else null.
   */
  readonly sharedMemory: WasmMemory | null;
  /**
   * Byte offset of a control block of CONTROL_BYTES that no `reserve` hands
   * out (the threaded reduction's counters, ./tridiagonalize-threaded.ts): a
   * worker still reading it after its operation ended reads nothing another
   * operation wrote.
   */
  readonly control: number;
  /**
   * Makes `doubles` float64 slots available and returns the double index of
   * the first one in `heap` (16-byte aligned), or −1 when the memory cannot
   * grow that far (the caller then uses its TypeScript path). Every reserve
   * returns the same start (after the slots held by `keep`): there is one
   * region at a time.
   */
  reserve(doubles: number): number;
  /**
   * Keeps the first `doubles` slots of the region that the last `reserve`
   * returned: until `release(token)`, every `reserve` returns a start after
   * them, so kernels and products run meanwhile (which reserve their own
   * region) cannot overwrite them. For data that stays in the wasm memory
   * between the phases of one operation (the real eigensolver's reflectors).
   * Returns the token for `release`.
   */
  keep(doubles: number): number;
  /** Ends a `keep` (token from it); keeps nested inside it end too. */
  release(token: number): void;
  /**
   * Gives up, for the rest of the process, the first `doubles` slots of the
   * region that the last `reserve` returned and everything before them (what
   * is kept there too): no later `reserve` returns a start before their end,
   * whatever is released. For memory that a worker which stopped answering
   * may still read or write (the team's in-place jobs, the threaded reduction).
   */
  abandon(doubles: number): void;
  /** Float64 view of the whole linear memory (refreshed by `reserve`). */
  readonly heap: Float64Array;
}

const PAGE = 65536;
/** wasm32 limit, and below V8's cap: 65536 pages = 4 GiB; keep below 2 GiB so byte offsets stay in int32. */
const MAX_BYTES = 2 ** 31 - PAGE;
/** The limit `reserve` grows the memory to (MAX_BYTES unless a test lowered it). */
let maxBytes = MAX_BYTES;

/**
 * Caps the linear memory at `bytes` (at most the wasm32 limit above), so that
 * tests can make `reserve` fail and exercise the fallbacks; returns the
 * previous cap. Not for production use: a memory that cannot grow sends every
 * caller to its slower path.
 */
export function setWasmMemoryLimit(bytes: number): number {
  const prev = maxBytes;
  maxBytes = Math.min(Math.max(0, bytes), MAX_BYTES);
  return prev;
}

let enabled: boolean | null = null;
let loaded: WasmKernels | null | undefined;

function envDisabled(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.SPINDRIFT_WASM;
  return v !== undefined && /^(0|false|off|no)$/i.test(v.trim());
}

function decodeBase64(s: string): Uint8Array {
  // Node's native decoder: the loop below runs interpreted on a cold start (~5–15 ms for the module, ~0.3 ms native)
  const nodeBuffer = (globalThis as { Buffer?: { from(data: string, encoding: string): Uint8Array } }).Buffer;
  if (nodeBuffer) return new Uint8Array(nodeBuffer.from(s, 'base64'));
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The shared-memory build's maximum (scripts/build-wasm.mjs, SHARED_FLAGS): 2 GiB − 64 KiB. */
const SHARED_MAX_PAGES = 32767;

/** Whether a module (either build) imports its memory. */
function importsMemory(module: WasmModule): boolean {
  return WA!.Module.imports(module).some((i) => i.kind === 'memory');
}

/**
 * Whether a shared memory can be made here (not in a browser page without
 * cross-origin isolation, where `crossOriginIsolated` is false and shared
 * memory is refused or cannot be posted).
 */
function sharedMemoryUsable(): boolean {
  if (sharedUsable !== null) return sharedUsable;
  if (typeof SharedArrayBuffer !== 'function' || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) {
    return (sharedUsable = false);
  }
  try {
    sharedUsable = new WA!.Memory({ initial: 1, maximum: SHARED_MAX_PAGES, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    sharedUsable = false;
  }
  return sharedUsable;
}
let sharedUsable: boolean | null = null;

/**
 * A fresh instance of `module` (either build) over `memory` (a shared
 * memory, for the shared-memory build), or with a memory of its own: a new
 * shared one for the shared-memory build. The instance's data segment (a few
 * constant tables) is written into the memory again, with the same bytes.
 */
export function instantiateOn(module: WasmModule, memory: WasmMemory | null): KernelExports {
  if (!importsMemory(module)) return new WA!.Instance(module, {}).exports as unknown as KernelExports;
  const m = memory ?? new WA!.Memory({ initial: 1, maximum: SHARED_MAX_PAGES, shared: true });
  return new WA!.Instance(module, { env: { memory: m } }).exports as unknown as KernelExports;
}

/**
 * Where another thread's kernels live: its shared memory (a `WasmKernels.sharedMemory`), a number
 * naming that memory across threads (`sharedMemoryId`), and the compiled module (`compiledKernelsModule`).
 * Posted to a worker, which runs kernels over that memory with `kernelsOver`.
 */
export interface KernelsPlace {
  memory: object;
  memoryId: number;
  module: object;
}

const memoryIds = new WeakMap<object, number>();
let nextMemoryId = 0;

/** A number for `memory`, the same for every call on this thread (a posted memory arrives as a new object, so workers compare ids). */
export function sharedMemoryId(memory: object): number {
  let id = memoryIds.get(memory);
  if (id === undefined) memoryIds.set(memory, (id = ++nextMemoryId));
  return id;
}

/** Where `w`'s kernels live, for workers to compute over its memory; null when that memory is not shared (or the module not compiled). */
export function kernelsPlace(w: WasmKernels): KernelsPlace | null {
  const module = w.sharedMemory ? compiledKernelsModule() : null;
  return w.sharedMemory && module ? { memory: w.sharedMemory, memoryId: sharedMemoryId(w.sharedMemory), module } : null;
}

/** This thread's instance over the memory of `place` (made once per memory; the last one is cached). */
let over: { memoryId: number; exports: KernelExports } | null = null;

/**
 * Kernels running over another thread's shared memory (`place`), for a worker
 * that computes in place on the caller's operands: a fresh instance of the
 * compiled module (its machine code is shared, nothing is compiled), made at
 * the first call for that memory and reused while the memory stays the same.
 */
export function kernelsOver(place: KernelsPlace): KernelExports {
  if (!over || over.memoryId !== place.memoryId) {
    over = { memoryId: place.memoryId, exports: instantiateOn(place.module, place.memory as WasmMemory) };
  }
  return over.exports;
}

/** Bytes of the control block at the start of each instance's free memory (`WasmKernels.control`): 4 · CT_WORDS of wasm/kernels.ts. */
export const CONTROL_BYTES = 64;

/**
 * A `WasmKernels` whose memory is a fixed range of another thread's shared
 * memory: `exports` (from `kernelsOver`) run over that memory, and `reserve`,
 * `keep`, `release` and `abandon` hand out regions inside the `doubles`
 * doubles from double offset `start` only — never growing the memory and
 * never touching anything outside the range, which the owning thread has
 * reserved and kept for this use. For a worker that runs a whole algorithm
 * that reserves its own workspace (a divide-and-conquer half, ./tridiagonal.ts)
 * in place in the caller's memory, while the caller reserves from the rest.
 * The range starts with a control block of its own (`control`).
 */
export function kernelsArena(exports: KernelExports, memory: object, start: number, doubles: number): WasmKernels {
  const shared = memory as WasmMemory;
  const controlDoubles = CONTROL_BYTES / 8;
  const first = ((start + 1) & ~1) + controlDoubles, end = start + doubles;
  const regions = new RegionStack();
  return {
    exports,
    sharedMemory: shared,
    control: (first - controlDoubles) * 8,
    // (The range lies inside the memory as it was when the owner reserved it: a view taken now covers it.)
    heap: new Float64Array(shared.buffer),
    reserve(count: number): number {
      const at = first + regions.next();
      return at + count <= end ? at : -1;
    },
    keep: (count: number) => regions.keep(count),
    release: (token: number) => regions.release(token),
    abandon: (count: number) => regions.abandon(count),
  };
}

/**
 * The bookkeeping behind `WasmKernels.reserve`, `keep`, `release` and
 * `abandon` (offsets in doubles from a memory's or an arena's first free
 * slot): the slots held by `keep` (even, so regions stay 16-byte aligned) and
 * the end of those given up by `abandon`; the next region starts after both.
 */
class RegionStack {
  private kept = 0;
  private floor = 0;
  /** Where the next region starts. */
  next(): number {
    return Math.max(this.kept, this.floor);
  }
  keep(doubles: number): number {
    const token = this.kept;
    this.kept = this.next() + ((doubles + 1) & ~1);
    return token;
  }
  release(token: number): void {
    this.kept = Math.min(this.kept, token);
  }
  abandon(doubles: number): void {
    this.floor = this.next() + ((doubles + 1) & ~1);
  }
}

/** Doubles a `kernelsArena` range needs so that regions of up to `doubles` fit (its control block and alignment included). */
export function arenaDoubles(doubles: number): number {
  return doubles + CONTROL_BYTES / 8 + 2;
}

function instantiate(module: WasmModule): WasmKernels {
  const exports = instantiateOn(module, null);
  const sharedMemory = importsMemory(module) ? exports.memory : null;
  const control = (exports.heapBase() + 15) & ~15;
  const base = control + CONTROL_BYTES;
  // The slots held by `keep` and given up by `abandon`, from the memory's first free slot (`base`).
  const regions = new RegionStack();
  const state = {
    exports,
    sharedMemory,
    control,
    heap: new Float64Array(exports.memory.buffer),
    reserve(doubles: number): number {
      const start = regions.next();
      const need = base + (start + doubles) * 8;
      if (!(need <= maxBytes)) return -1;
      const have = exports.memory.buffer.byteLength;
      if (need > have) {
        try {
          exports.memory.grow(Math.ceil((need - have) / PAGE));
        } catch {
          return -1;
        }
      }
      if (state.heap.buffer !== exports.memory.buffer) state.heap = new Float64Array(exports.memory.buffer);
      return base / 8 + start;
    },
    keep: (doubles: number) => regions.keep(doubles),
    release: (token: number) => regions.release(token),
    abandon: (doubles: number) => regions.abandon(doubles),
  };
  return state;
}

let compiled: WasmModule | null = null;

/** The build for this platform: the shared-memory one where a shared memory can be made. */
function moduleBytes(): Uint8Array {
  return decodeBase64(sharedMemoryUsable() ? KERNELS_SHARED_WASM_BASE64 : KERNELS_WASM_BASE64);
}

function load(): WasmKernels | null {
  if (!WA || typeof atob !== 'function') return null;
  try {
    compiled ??= new WA.Module(moduleBytes());
    return instantiate(compiled);
  } catch {
    return null; // no SIMD, or synchronous compilation refused: TypeScript paths
  }
}

/** The kernels, or null when disabled or unavailable (then use the TypeScript path). */
export function wasmKernels(): WasmKernels | null {
  if (enabled === null) enabled = !envDisabled();
  if (!enabled) return null;
  if (loaded === undefined) loaded = load();
  return loaded;
}

/**
 * Forces the TypeScript paths (false) or allows the WebAssembly kernels
 * again (true, the default unless SPINDRIFT_WASM=0). Returns the previous setting.
 */
export function setWasmKernelsEnabled(on: boolean): boolean {
  const prev = enabled ?? !envDisabled();
  enabled = on;
  return prev;
}

/** True when the WebAssembly kernels are enabled and load on this platform. */
export function wasmKernelsAvailable(): boolean {
  return wasmKernels() !== null;
}

/**
 * The compiled kernels module, or null when not compiled (yet). A worker
 * thread given it (`adoptKernelsModule`, e.g. through `workerData`) shares
 * its machine code: no decode, no compilation, and functions that V8 has
 * already optimised on one thread run optimised on the other from the first
 * call (./threads/node-team.ts).
 */
export function compiledKernelsModule(): WasmModule | null {
  if (compiled === null && loaded === undefined) wasmKernels();
  return compiled;
}

/**
 * Uses `module` (from `compiledKernelsModule` on another thread) instead of
 * compiling the kernels here. Ignored once the kernels are loaded on this
 * thread, or when `module` is not a WebAssembly module.
 */
export function adoptKernelsModule(module: unknown): void {
  if (loaded !== undefined || compiled !== null || !WA) return;
  if (typeof module === 'object' && module !== null && module instanceof WA.Module) compiled = module;
}

/**
 * Compiles the module asynchronously (for a browser's main thread, where
 * synchronous compilation of larger modules is refused). Optional elsewhere.
 */
export async function preloadWasmKernels(): Promise<boolean> {
  if (loaded || compiled || !WA || typeof atob !== 'function') return wasmKernelsAvailable();
  let module: WasmModule | null = null;
  try {
    module = await WA.compile(moduleBytes());
  } catch {
    module = null;
  }
  // A synchronous load meanwhile (a kernel was needed before this finished) compiled the module itself: keep
  // that one, the module its instance runs and the one `compiledKernelsModule` hands to workers.
  if (compiled === null && module !== null) compiled = module;
  if (loaded === null) loaded = undefined; // retry with the compiled module
  return wasmKernelsAvailable();
}

/** Byte offsets of consecutive arrays, each 16-byte aligned, in one WebAssembly region. */
export class RegionPlan {
  bytes = 0;
  /** Room for `count` elements of `size` bytes; returns the offset relative to the region. */
  add(count: number, size: 4 | 8): number {
    const at = this.bytes;
    this.bytes += (count * size + 15) & ~15;
    return at;
  }
  /** Reserves the region; returns its byte offset, or −1 when the memory cannot grow. */
  reserve(k: WasmKernels): number {
    const d = k.reserve(Math.ceil(this.bytes / 8));
    return d < 0 ? -1 : d * 8;
  }
}
