/**
 * The blocked panels of the Householder tridiagonalisation of a real
 * symmetric matrix (./eigen-symmetric.ts, `tridiagonalizeWasm`) on one
 * thread or on two: the calling thread and one worker of the thread team
 * (./threads/team.ts), both working on the ONE copy of the matrix in the
 * caller's wasm memory.
 *
 * Why: the reduction is ≈ 4n³/3 flops, 40 % of a real n = 1000
 * eigendecomposition, and it was the one phase on one thread. Half its flops
 * are the symmetric products p = A x of the panel steps (one per step, each
 * streaming the trailing upper triangle), half the rank-2·nb updates after
 * each panel. Both need the whole current trailing matrix, which changes
 * every panel, so copying it to a worker's own memory is out; the worker
 * instead instantiates the kernels module over the caller's memory, which is
 * a shared `WebAssembly.Memory` wherever one can be made (./wasm.ts: the
 * shared-memory build of the same kernels).
 *
 * How the work is shared (wasm/kernels.ts, `trdPanel` and `trdPartner`): per
 * step the caller forms the reflector and posts the symmetric product as
 * `trdChunks()` row chunks of the trailing upper triangle, each with about
 * the same number of entries and its own partial vector; the worker starts
 * on them at once while the caller forms the dots the chunks' corrections
 * need, then the caller takes chunks too, adds the partial vectors in chunk
 * order and finishes the step. After each panel the update's row blocks go
 * to both threads the same way. Chunks rather than halves, because this
 * machine's two vCPUs are at times unequally fast (one thread's half taking
 * 3× the other's was seen): whoever is free takes the next chunk. Blocks are
 * taken from a ticket (sequence << 12 | next block) by compare-and-swap, so
 * a worker that is still starting (≈ 60 ms for a fresh Node worker) or
 * descheduled simply takes none and the caller computes everything. The
 * chunks are a function of (n, k) alone and on one thread the same kernels
 * run in the same order without the posting: the same bits on one thread or
 * two, whichever thread computed which part.
 *
 * The sequencing and the synchronisation (atomics and waits on a control
 * block in the shared memory, `WasmKernels.control`) run inside wasm: as
 * JavaScript they cost ≈ 120 ms of optimising-compiler time in the first
 * threaded call, on the two cores the threads were using (measured,
 * docs/benchmarks.md "Session 10").
 *
 * A worker that holds a block for STALL_MS (20 s) without finishing it is
 * taken to be dead: the team is stopped (`ThreadTeam.fail`), the threaded
 * reduction is not tried again in this process, and the caller reduces again
 * on one thread, in a fresh region (the old one is given up, so that a late
 * write of that worker lands where nothing reads).
 */
import type { KernelExports, WasmKernels } from './wasm.js';
import { compiledKernelsModule, kernelsOver, sharedMemoryId, type KernelsPlace } from './wasm.js';
import type { ThreadTeam } from './threads/team.js';

/** Byte offsets, in the caller's wasm memory, of one reduction's operands (`tridiagonalizeWasm`'s layout). */
export interface PanelLayout {
  a: number;
  d: number;
  eS: number;
  tau: number;
  x: number;
  p: number;
  /** The partial vectors of row chunks 1 … trdChunks() − 1, n doubles each. */
  q: number;
  dots: number;
  U: number;
  W: number;
  cat: number;
}

/** What a lent worker receives (`ThreadTeam.lend`). */
export interface ReductionLoan extends PanelLayout, KernelsPlace {
  kind: 'tridiagonalize';
  id: number;
  /** The control block (`WasmKernels.control`). */
  ctl: number;
  n: number;
  nb: number;
}

/** Counts for tests and diagnostics: reductions whose worker joined, and loans made. */
export const threadedReductionStats = { loans: 0, joined: 0 };

/** Set when a worker stopped answering: the threaded reduction is not tried again in this process. */
let disabled = false;
/** How long (ms) a worker may hold a block without finishing it before it is taken to be dead. */
export const STALL_MS = 20_000;
let stallMs = STALL_MS;
/** The control block's wait slice (wasm/kernels.ts WAIT_NS). */
const WAIT_SLICE_MS = 5;

/**
 * Sets how long a lent worker may hold a block without finishing it (default
 * STALL_MS) and clears a previous verdict that a worker was dead; returns the
 * previous time. For tests (a worker made to hang).
 */
export function setReductionStallMs(ms: number): number {
  const prev = stallMs;
  stallMs = ms;
  disabled = false;
  return prev;
}
let loanIds = 0;

/** Whether `tridiagonalizePanels` can use a worker here (a shared kernels memory, the compiled module, no dead worker). */
export function threadedReductionAvailable(w: WasmKernels | null): boolean {
  return !disabled && w !== null && w.sharedMemory !== null && compiledKernelsModule() !== null;
}

/**
 * Runs the `panels` blocked panels (nb steps each, from step 0) of the
 * reduction laid out at `L` in the caller's wasm memory (`w`): with `team`
 * (and a shared memory, ./wasm.ts) on the caller and one worker of it, else
 * on the caller alone — the same bits either way. The trailing matrix must be
 * up to date and d, eS, tau, x, p zero. Returns 'done', or 'failed' when the
 * worker stopped answering: the region's contents are then undefined and the
 * caller starts again (later calls run on one thread).
 */
export function tridiagonalizePanels(team: ThreadTeam | null, w: WasmKernels, n: number, nb: number, panels: number,
  L: PanelLayout): 'done' | 'failed' {
  const e = w.exports;
  const module = compiledKernelsModule();
  if (!team || !threadedReductionAvailable(w) || !module) {
    runPanels(e, n, nb, panels, L, w.control, 0);
    return 'done';
  }
  const memory = w.sharedMemory!;
  const memoryId = sharedMemoryId(memory);
  const id = (loanIds = (loanIds % 0x3ffffff0) + 1);
  e.trdLoanOpen(w.control, id, Math.max(1, Math.ceil(stallMs / WAIT_SLICE_MS)));
  const loan: ReductionLoan = { kind: 'tridiagonalize', id, memoryId, memory, module, ctl: w.control, n, nb, ...L };
  const lent = team.lend(loan);
  if (lent) threadedReductionStats.loans++;
  let ok = false;
  try {
    ok = runPanels(e, n, nb, panels, L, w.control, lent ? 1 : 0);
  } finally {
    // Waits until the worker has left (so nothing writes into the region after this call).
    const closed = e.trdLoanClose(w.control, id);
    if (closed === 0) ok = false;
    else if (closed === 2) threadedReductionStats.joined++;
  }
  if (ok) return 'done';
  disabled = true;
  team.fail();
  return 'failed';
}

/** The panels, one `trdPanel` call each (V8 optimises a wasm function between calls); false on a stalled worker. */
function runPanels(e: KernelExports, n: number, nb: number, panels: number, L: PanelLayout, ctl: number, two: number): boolean {
  for (let panel = 0, k0 = 0; panel < panels; panel++, k0 += nb) {
    if (e.trdPanel(n, k0, nb, L.a, L.d, L.eS, L.tau, L.x, L.p, L.q, L.dots, L.U, L.W, L.cat, ctl, two) === 0) return false;
  }
  return true;
}

/**
 * A lent worker's side of `tridiagonalizePanels` (called by the team's worker
 * on a `ReductionLoan`): joins the loan if it is still open and takes blocks
 * until it is closed (wasm/kernels.ts, `trdPartner`). Returns whether it joined.
 */
export function reductionPartner(loan: ReductionLoan): boolean {
  const { n, nb, a, x, p, q, dots, U, W, cat, ctl, id } = loan;
  return kernelsOver(loan).trdPartner(n, nb, a, x, p, q, dots, U, W, cat, ctl, id) === 1;
}
