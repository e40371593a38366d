/**
 * DOP853 (./dop853.ts) with its vectors kept in the WebAssembly memory and its stage
 * combinations, error estimate and dense output computed by the SIMD kernels of
 * wasm/kernels.ts (`odeCombine`, `dop853Error`, `dop853DenseHead`, `dop853Interpolate`).
 *
 * Same method, same coefficients (DOP853_TABLEAU), same rounding order as `Dop853Stepper`:
 * for the same right-hand side both produce the same bits (tested). What changes is where
 * the 23 state-sized vectors live: for large states (the matrix-form Lindblad equation,
 * 2n² = 320 000 doubles at n = 400) the combinations run at SIMD speed, and a right-hand
 * side that itself runs in wasm (solvers/mesolve-dense.ts) reads its input and writes its
 * output there without copies: `f` is called with Float64Array views of the wasm memory
 * (fresh for every call; recognisable by `view.buffer`).
 *
 * The region is kept (`WasmKernels.keep`) from construction until `dispose()`.
 */
import type { WasmKernels } from '../wasm.js';
import { RegionPlan } from '../wasm.js';
import { DOP853_CONTROL, DOP853_TABLEAU, dop853ErrorNorm, type Dop853StageRow } from './dop853.js';
import type { OdeRhs, RkStepper } from './types.js';

/** Coefficient slots (doubles; the interpolant's 4 × 12) and pointer slots (i32: 16 stages, then 16 outputs). */
const SCRATCH_SLOTS = 64;
const ODE_BLOCK = 512;

/** DOP853 on vectors in the WebAssembly memory (see the module comment). */
export class Dop853WasmStepper implements RkStepper {
  readonly order = 8;
  readonly control = DOP853_CONTROL;
  t = 0;
  private h = 0;
  /** Byte offsets: current point, proposal, stages (index = stage number; 0 and 12 are f0 and fNew). */
  private oy: number;
  private oyNew: number;
  private readonly k: number[];
  private readonly ytmp: number;
  private readonly F: number[];
  private readonly coef: number;
  private readonly ptrs: number;
  private readonly sums: number;
  private readonly tmp: number;
  private token: number | null;

  /** Use `Dop853WasmStepper.create` (null when the memory cannot hold the vectors). */
  private constructor(
    private readonly f: OdeRhs,
    readonly n: number,
    private readonly rtol: number,
    private readonly atol: number,
    private readonly w: WasmKernels,
    base: number,
    plan: { vec: number[]; coef: number; ptrs: number; sums: number; tmp: number; bytes: number },
  ) {
    const v = plan.vec.map((o) => base + o);
    // v: y, yNew, f0, fNew, k1 … k11, ytmp, F0 … F6
    this.oy = v[0];
    this.oyNew = v[1];
    this.k = [v[2], ...v.slice(4, 15), v[3], v[4], v[5], v[6]]; // k13..k15 reuse k1..k3, as in Dop853Stepper
    this.ytmp = v[15];
    this.F = v.slice(16, 23);
    this.coef = base + plan.coef;
    this.ptrs = base + plan.ptrs;
    this.sums = base + plan.sums;
    this.tmp = base + plan.tmp;
    this.token = w.keep(Math.ceil(plan.bytes / 8));
  }

  /** The stepper on `w`'s memory, or null when it cannot grow to hold 23 vectors of n doubles. */
  static create(f: OdeRhs, n: number, rtol: number, atol: number, w: WasmKernels): Dop853WasmStepper | null {
    const p = new RegionPlan();
    const vec = Array.from({ length: 23 }, () => p.add(n, 8));
    const coef = p.add(SCRATCH_SLOTS, 8), ptrs = p.add(SCRATCH_SLOTS, 4), sums = p.add(2, 8), tmp = p.add(ODE_BLOCK, 8);
    const base = p.reserve(w);
    if (base < 0) return null;
    return new Dop853WasmStepper(f, n, rtol, atol, w, base, { vec, coef, ptrs, sums, tmp, bytes: p.bytes });
  }

  /** Ends the kept region (the stepper must not be used afterwards). */
  dispose(): void {
    if (this.token !== null) this.w.release(this.token);
    this.token = null;
  }

  /** A fresh view of the vector at byte offset `at` (views of an older memory buffer detach when it grows). */
  private view(at: number): Float64Array {
    return new Float64Array(this.w.heap.buffer, at, this.n);
  }

  get y(): Float64Array { return this.view(this.oy); }
  get yNew(): Float64Array { return this.view(this.oyNew); }
  get f0(): Float64Array { return this.view(this.k[0]); }
  get fNew(): Float64Array { return this.view(this.k[12]); }

  /**
   * outs[r] = base + h·Σ_j a_rj k_j for rows that share their stages (base 0: h·Σ …; `scale`
   * multiplies the coefficients: stage 1 passes h there and 1 as h, as Dop853Stepper rounds it).
   */
  private combine(outs: readonly number[], base: number, h: number, rows: readonly Dop853StageRow['a'][], scale = 1): void {
    const heap = this.w.heap, i32 = new Int32Array(heap.buffer), count = rows[0].length;
    const c = this.coef / 8, p = this.ptrs / 4, o = p + SCRATCH_SLOTS / 2;
    for (let j = 0; j < count; j++) i32[p + j] = this.k[rows[0][j][0]];
    rows.forEach((row, r) => {
      for (let j = 0; j < count; j++) heap[c + r * count + j] = scale * row[j][1];
      i32[o + r] = outs[r];
    });
    this.w.exports.odeCombine(this.n, rows.length, (o * 4), base, h, count, this.coef, this.ptrs, this.tmp);
  }

  init(t0: number, y0: ArrayLike<number>, tEval: number): void {
    this.t = t0;
    this.w.heap.set(y0 as Float64Array, this.oy / 8);
    this.f(tEval, this.y, this.f0);
  }

  refreshDerivative(tEval: number): void {
    this.f(tEval, this.y, this.f0);
  }

  attempt(h: number, tEnd: number): number {
    const { n, f, t } = this;
    this.h = h;
    const S = DOP853_TABLEAU.stages;
    // stage 1 as Dop853Stepper rounds it: y + (h·a₁₀)·k0
    this.combine([this.ytmp], this.oy, 1, [S[0].a], h);
    f(t + S[0].c * h, this.view(this.ytmp), this.view(this.k[1]));
    for (let s = 2; s <= 11; s++) {
      this.combine([this.ytmp], this.oy, h, [S[s - 1].a]);
      f(s === 11 ? tEnd : t + S[s - 1].c * h, this.view(this.ytmp), this.view(this.k[s]));
    }
    const heap = this.w.heap, i32 = new Int32Array(heap.buffer), c = this.coef / 8, p = this.ptrs / 4;
    const { weights, bhh, er } = DOP853_TABLEAU;
    for (let j = 0; j < 8; j++) {
      heap[c + j] = weights[j][1];
      heap[c + 11 + j] = er[j][1];
      i32[p + j] = this.k[weights[j][0]];
    }
    heap[c + 8] = bhh[0]; heap[c + 9] = bhh[1]; heap[c + 10] = bhh[2];
    this.w.exports.dop853Error(n, this.oy, this.oyNew, h, this.rtol, this.atol, this.coef, this.ptrs, this.sums);
    const sums = this.w.heap.subarray(this.sums / 8, this.sums / 8 + 2);
    return dop853ErrorNorm(h, n, sums[0], sums[1]);
  }

  finish(tEnd: number): void {
    this.f(tEnd, this.yNew, this.fNew);
  }

  prepareDense(): void {
    const { h, t, f, F } = this;
    const D = DOP853_TABLEAU.denseStages;
    for (let s = 13; s <= 15; s++) {
      this.combine([this.ytmp], this.oy, h, [D[s - 13].a]);
      f(t + D[s - 13].c * h, this.view(this.ytmp), this.view(this.k[s]));
    }
    this.w.exports.dop853DenseHead(this.n, this.oy, this.oyNew, this.k[0], this.k[12], h, F[0], F[1], F[2]);
    this.combine(F.slice(3), 0, h, DOP853_TABLEAU.dense); // the four rows share stages 0, 5 … 15
  }

  interpolate(theta: number, out: Float64Array): void {
    const i32 = new Int32Array(this.w.heap.buffer);
    for (let r = 0; r < 7; r++) i32[this.ptrs / 4 + r] = this.F[r];
    // into ytmp: free between prepareDense and the next attempt
    this.w.exports.dop853Interpolate(this.n, this.oy, this.ptrs, theta, this.ytmp);
    out.set(this.view(this.ytmp));
  }

  accept(tNew: number): void {
    this.t = tNew;
    [this.oy, this.oyNew] = [this.oyNew, this.oy];
    [this.k[0], this.k[12]] = [this.k[12], this.k[0]];
  }
}
