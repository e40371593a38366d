/**
 * Linear propagations of linear-propagation.ts run in the WebAssembly kernels
 * (wasm/kernels.ts, section "small2"): the state, the output functionals and
 * the recorded values live in one kept region of the wasm memory for the whole
 * propagation, and each output step (or run of equal steps) is a kernel call
 * or a few. The kernels mirror the TypeScript loops operation by operation, so
 * both paths give the same bits; the point is a cold first call, where the
 * TypeScript loops would run in V8's interpreter:
 *  - WasmSectorRun: the sector-by-sector steps of sector-propagation.ts
 *    (SectorState.apply; a 12-spin chain's 145-dimensional one-quantum
 *    problem, 100 steps: ~10 ms → ~1 ms);
 *  - WasmStepRun: x ← P x with a dense step propagator (propagateExpm; a
 *    driven qubit, 1000 steps: ~10 ms → ~0.2 ms).
 */
import type { ComplexMatrix } from '../linalg/dense.js';
import { RegionPlan, wasmKernels, type WasmKernels } from '../linalg/wasm.js';
import { rankOneFactors, type SectorPlan, type SectorStep } from './sector-propagation.js';

/** An output functional by its nonzero entries (linear-propagation.ts). */
export interface CompactFunctional { index: Int32Array; re: Float64Array; im: Float64Array }

/** Byte offsets (relative to the region) of the state, the functionals and the recorded values. */
interface RunLayout { xr: number; xi: number; acc: number; starts: number; index: number; wr: number; wi: number; out: number }

/** The region of a run: the common layout, then whatever `extra` adds to the plan; null if the memory cannot grow. */
function allocate<T>(w: WasmKernels, x0: { re: Float64Array; im: Float64Array }, functionals: readonly CompactFunctional[], nt: number, extra: (r: RegionPlan) => T):
  { base: number; token: number; o: RunLayout; extra: T } | null {
  const dim = x0.re.length;
  const r = new RegionPlan();
  const entries = functionals.reduce((t, f) => t + f.index.length, 0);
  const o: RunLayout = {
    xr: r.add(dim, 8), xi: r.add(dim, 8), acc: r.add(2, 8),
    starts: r.add(functionals.length + 1, 4), index: r.add(entries, 4), wr: r.add(entries, 8), wi: r.add(entries, 8),
    out: r.add(2 * functionals.length * nt, 8),
  };
  const more = extra(r);
  const base = r.reserve(w);
  if (base < 0) return null;
  const token = w.keep(r.bytes / 8);
  const h = w.heap, hi = new Int32Array(h.buffer);
  h.set(x0.re, (base + o.xr) / 8);
  h.set(x0.im, (base + o.xi) / 8);
  let e = 0;
  functionals.forEach((f, k) => {
    hi[(base + o.starts) / 4 + k] = e;
    hi.set(f.index, (base + o.index) / 4 + e);
    h.set(f.re, (base + o.wr) / 8 + e);
    h.set(f.im, (base + o.wi) / 8 + e);
    e += f.index.length;
  });
  hi[(base + o.starts) / 4 + functionals.length] = e;
  return { base, token, o, extra: more };
}

/** A complex array in a region plan: re, then im `count` doubles later. */
function complexArray(r: RegionPlan, count: number): number {
  return r.add(2 * count, 8);
}

/** The state and recorded values of a run in the wasm memory (see the module comment); `release` ends it. */
abstract class WasmRun {
  constructor(
    protected readonly w: WasmKernels,
    protected readonly base: number,
    private readonly token: number,
    protected readonly o: RunLayout,
    protected readonly dimension: number,
    protected readonly functionals: number,
    protected readonly nt: number,
  ) {}

  /** Records the functionals at output time i (in the region; `values` copies them out). */
  record(i: number): void {
    const { base, o } = this;
    this.w.exports.zrecordCompact(this.functionals, base + o.starts, base + o.index, base + o.wr, base + o.wi, base + o.xr, base + o.xi, base + o.out, this.nt, i);
  }

  /** Copies the recorded values of output times from … to − 1 into `values`. */
  values(values: readonly { re: Float64Array; im: Float64Array }[], from = 0, to = this.nt): void {
    const h = this.w.heap, out = (this.base + this.o.out) / 8, nt = this.nt;
    values.forEach((v, k) => {
      v.re.set(h.subarray(out + 2 * k * nt + from, out + 2 * k * nt + to), from);
      v.im.set(h.subarray(out + (2 * k + 1) * nt + from, out + (2 * k + 1) * nt + to), from);
    });
  }

  /** A copy of the state. */
  state(): { re: Float64Array; im: Float64Array } {
    const h = this.w.heap, xr = (this.base + this.o.xr) / 8, xi = (this.base + this.o.xi) / 8;
    return { re: h.slice(xr, xr + this.dimension), im: h.slice(xi, xi + this.dimension) };
  }

  /** Ends the run: its region may be reused. */
  release(): void {
    this.w.release(this.token);
  }
}

/**
 * x ← P x for dense step propagators P (n×n) with the functionals recorded after each step
 * (propagateExpm of linear-propagation.ts).
 */
export class WasmStepRun extends WasmRun {
  private loaded: ComplexMatrix | null = null;

  private constructor(w: WasmKernels, base: number, token: number, o: RunLayout, n: number, functionals: number, nt: number,
    private readonly at: { p: number; y: number }) {
    super(w, base, token, o, n, functionals, nt);
  }

  /** The run from x0, or null when the kernels are unavailable or the memory cannot grow. */
  static create(x0: { re: Float64Array; im: Float64Array }, functionals: readonly CompactFunctional[], nt: number): WasmStepRun | null {
    const w = wasmKernels();
    if (!w) return null;
    const n = x0.re.length;
    const a = allocate(w, x0, functionals, nt, (r) => ({ p: complexArray(r, n * n), y: complexArray(r, n) }));
    return a && new WasmStepRun(w, a.base, a.token, a.o, n, functionals.length, nt, a.extra);
  }

  /** Output steps i0 … i1 − 1 with propagator p: x(t_{i+1}) = p x(t_i), recorded at i + 1. */
  steps(p: ComplexMatrix, i0: number, i1: number): void {
    const { w, base, o, at } = this;
    const n = this.dimension;
    if (this.loaded !== p) {
      w.heap.set(p.re, (base + at.p) / 8);
      w.heap.set(p.im, (base + at.p) / 8 + n * n);
      this.loaded = p;
    }
    w.exports.zstepsRecord(n, base + at.p, base + at.p + 8 * n * n, base + o.xr, base + o.xi, base + at.y, base + at.y + 8 * n,
      this.functionals, base + o.starts, base + o.index, base + o.wr, base + o.wi, base + o.out, this.nt, i0, i1);
  }
}

/**
 * Largest block of a dense (not rank-one) free sector on the wasm path: its products then stay below
 * the thread team's size (matmulInto), so the TypeScript path computes them in one thread with the
 * same kernel — the same bits.
 */
const DENSE_BLOCK_LIMIT = 127;

/** Byte offsets of a free sector's buffers: factors u, v and scratch t (rank one) or t, y, bt (dense); its two step matrices p, q. */
interface FreeLayout { rankOne: boolean; u: number; v: number; t: number; y: number; bt: number; p: number; q: number }

/** The sector-by-sector propagation of a SectorPlan (SectorState of sector-propagation.ts) in the wasm memory. */
export class WasmSectorRun extends WasmRun {
  /** Number of free sectors propagated as rank-one factors. */
  readonly rankOneSectors: number;
  private loaded: SectorStep | null = null;
  private readonly traceRe: number;
  private readonly traceIm: number;

  private constructor(
    w: WasmKernels, base: number, token: number, o: RunLayout, functionals: number, nt: number,
    private readonly plan: SectorPlan,
    private readonly free: FreeLayout[],
    /** Byte offsets of W (re; im follows after na·nb doubles) per sink and feed. */
    private readonly feeds: number[][],
  ) {
    super(w, base, token, o, plan.dimension, functionals, nt);
    this.rankOneSectors = free.filter((f) => f.rankOne).length;
    const sink = plan.traceSink >= 0 ? plan.sinks[plan.traceSink].offset : -1;
    const t0 = this.freeTrace();
    const h = w.heap;
    this.traceRe = t0.re + (sink >= 0 ? h[(base + o.xr) / 8 + sink] : 0);
    this.traceIm = t0.im + (sink >= 0 ? h[(base + o.xi) / 8 + sink] : 0);
  }

  /**
   * The run of `plan` from x0 recording `functionals` at nt output times, or null when the kernels
   * are unavailable, a dense free sector is larger than DENSE_BLOCK_LIMIT, or the memory cannot grow.
   */
  static create(plan: SectorPlan, x0: { re: Float64Array; im: Float64Array }, functionals: readonly CompactFunctional[], nt: number): WasmSectorRun | null {
    const w = wasmKernels();
    if (!w) return null;
    const factors = plan.free.map((s) => rankOneFactors(x0.re, x0.im, s.offset, s.na, s.nb));
    if (plan.free.some((s, p) => !factors[p] && Math.max(s.na, s.nb) > DENSE_BLOCK_LIMIT)) return null;
    const a = allocate(w, x0, functionals, nt, (r) => {
      const c = (count: number): number => complexArray(r, count);
      const free: FreeLayout[] = plan.free.map((s, p) => {
        const ab = s.na * s.nb;
        return factors[p]
          ? { rankOne: true, u: c(s.na), v: c(s.nb), t: c(Math.max(s.na, s.nb)), y: -1, bt: -1, p: c(s.na * s.na), q: c(s.nb * s.nb) }
          : { rankOne: false, u: -1, v: -1, t: c(ab), y: c(ab), bt: c(Math.max(ab, s.na * s.na)), p: c(s.nb * s.nb), q: c(s.na * s.na) };
      });
      const feeds = plan.sinks.map((f, index) => (index === plan.traceSink ? [] : f.feeds.map((feed) => c(plan.free[feed.source].na * plan.free[feed.source].nb))));
      return { free, feeds };
    });
    if (!a) return null;
    const h = w.heap;
    plan.free.forEach((s, p) => {
      const f = factors[p], l = a.extra.free[p];
      if (!f) return;
      h.set(f.ur, (a.base + l.u) / 8); h.set(f.ui, (a.base + l.u) / 8 + s.na);
      h.set(f.vr, (a.base + l.v) / 8); h.set(f.vi, (a.base + l.v) / 8 + s.nb);
    });
    return new WasmSectorRun(w, a.base, a.token, a.o, functionals.length, nt, plan, a.extra.free, a.extra.feeds);
  }

  /** Σ Tr X_s over the diagonal free sectors (SectorState.freeTrace). */
  private freeTrace(): { re: number; im: number } {
    const { w, base, o } = this;
    const h = w.heap, acc = (base + o.acc) / 8;
    h[acc] = 0; h[acc + 1] = 0;
    for (const s of this.plan.free) {
      if (s.diagonal) w.exports.ztraceAcc(s.na, base + o.xr + 8 * s.offset, base + o.xi + 8 * s.offset, base + o.acc);
    }
    return { re: h[acc], im: h[acc + 1] };
  }

  /** Copies the matrices of `step` into the region (once per change of step). */
  private load(step: SectorStep): void {
    if (this.loaded === step) return;
    const { plan, base } = this;
    const h = this.w.heap;
    plan.free.forEach((s, p) => {
      const l = this.free[p], m = step.free[p];
      const [first, second] = l.rankOne ? [m.pa, m.pbH] : [m.pbT, m.paT];
      h.set(first.re, (base + l.p) / 8); h.set(first.im, (base + l.p) / 8 + first.re.length);
      h.set(second.re, (base + l.q) / 8); h.set(second.im, (base + l.q) / 8 + second.re.length);
    });
    step.sinks.forEach((st, f) => st.w.forEach((wq, q) => {
      const at = (base + this.feeds[f][q]) / 8;
      h.set(wq.re, at); h.set(wq.im, at + wq.re.length);
    }));
    this.loaded = step;
  }

  /** x ← exp(LΔ) x (SectorState.apply: sinks first, then the free sectors, then the trace sink). */
  apply(step: SectorStep): void {
    this.load(step);
    const { plan, base, o, w } = this;
    const e = w.exports, h = w.heap;
    const xr = (base + o.xr) / 8, xi = (base + o.xi) / 8, acc = (base + o.acc) / 8;
    for (let f = 0; f < plan.sinks.length; f++) {
      if (f === plan.traceSink) continue;
      const sink = plan.sinks[f], st = step.sinks[f], at = sink.offset;
      h[acc] = st.decayRe * h[xr + at] - st.decayIm * h[xi + at];
      h[acc + 1] = st.decayRe * h[xi + at] + st.decayIm * h[xr + at];
      for (let q = 0; q < sink.feeds.length; q++) {
        const s = plan.free[sink.feeds[q].source], len = s.na * s.nb, wAt = base + this.feeds[f][q];
        e.zdotuAcc(len, wAt, wAt + 8 * len, base + o.xr + 8 * s.offset, base + o.xi + 8 * s.offset, base + o.acc);
      }
      h[xr + at] = h[acc];
      h[xi + at] = h[acc + 1];
    }
    for (let p = 0; p < plan.free.length; p++) {
      const s = plan.free[p], l = this.free[p];
      const sr = base + o.xr + 8 * s.offset, si = base + o.xi + 8 * s.offset;
      if (l.rankOne) {
        e.zrankOneStep(s.na, s.nb, base + l.p, base + l.p + 8 * s.na * s.na, base + l.q, base + l.q + 8 * s.nb * s.nb,
          base + l.u, base + l.u + 8 * s.na, base + l.v, base + l.v + 8 * s.nb, base + l.t, base + l.t + 8 * Math.max(s.na, s.nb), sr, si);
      } else {
        const ab = s.na * s.nb, bt = Math.max(ab, s.na * s.na);
        e.zdenseSectorStep(s.na, s.nb, base + l.p, base + l.p + 8 * s.nb * s.nb, base + l.q, base + l.q + 8 * s.na * s.na, sr, si,
          base + l.t, base + l.t + 8 * ab, base + l.y, base + l.y + 8 * ab, base + l.bt, base + l.bt + 8 * bt);
      }
    }
    if (plan.traceSink >= 0) {
      const t = this.freeTrace(), at = plan.sinks[plan.traceSink].offset;
      h[xr + at] = this.traceRe - t.re;
      h[xi + at] = this.traceIm - t.im;
    }
  }
}
