/**
 * The Lindblad equation on a dense ρ in matrix form, for problems without
 * block structure (the reachable generator is the whole n²×n² Liouvillian):
 *
 *   dρ/dt = A ρ + ρ A† + Σ_k C_k ρ C_k†,   A = −i H(t) − ½ Σ_k C_k† C_k,
 *
 * the same equation as mesolve's vectorized form (SPEC §4), with products of
 * n×n matrices by the sparse (CSR) operators instead of the n²×n² sparse
 * superoperator: no n²-sized index arrays are streamed per evaluation, and
 * the working set is a few copies of ρ. Since ρ is Hermitian, the
 * right-hand side is M + M† with M = A ρ + ½ Σ_k (C_k ρ) C_k† — one product
 * with A instead of two, and C ρ C† = (C ρ) C† for Hermitian ρ is a row-wise
 * product and a gather over the entries of C (no transpose).
 *
 * Integrated with the adaptive Dormand–Prince 8(5,3) of linalg/ode (dense
 * output at the requested times), which for non-stiff problems with many
 * output times costs far fewer operator applications than Krylov restarts
 * per output interval. With the WebAssembly SIMD kernels, the right-hand side
 * and DOP853 (linalg/ode/dop853-wasm.ts) run on data kept in the wasm memory,
 * with the same bits as the TypeScript path. `denseOdeCost` is the cost model
 * mesolve uses to choose.
 */
import { coefficientBreaks, type CoefficientFunction } from '../quantum/qobj-evo.js';
import { ComplexMatrix, hermitianDefect } from '../linalg/dense.js';
import { toSparse, type Operator } from '../linalg/operator.js';
import { sparseAdjoint, sparseLinearCombination, sparseMatmul, sparseScale, type SparseMatrix } from '../linalg/sparse.js';
import { integrate } from '../linalg/ode/integrate.js';
import { RegionPlan, wasmKernels, type WasmKernels } from '../linalg/wasm.js';
import type { OdeRhs, OdeStats, RkStepper } from '../linalg/ode/types.js';
import { Dop853Stepper } from '../linalg/ode/dop853.js';
import { Dop853WasmStepper } from '../linalg/ode/dop853-wasm.js';

/** Largest ‖ρ0 − ρ0†‖_max / max(1, ‖ρ0‖_max) for which the Hermitian form M + M† is used. */
export const HERMITIAN_TOLERANCE = 1e-14;

/**
 * A sparse operator laid out for the matrix-form kernels (the contract of `zcsrDenseRows` /
 * `zdenseCsrAdjRows` in wasm/kernels.ts): CSR row pointers and columns, entries interleaved
 * complex (az), and for X·C† each entry expanded as (a, a, b, −b) (cz, only for jump operators).
 */
export interface KernelCsr {
  n: number;
  nnz: number;
  rp: Int32Array;
  ci: Int32Array;
  az: Float64Array;
  cz: Float64Array | null;
  /** Byte offsets of rp, ci, az, cz in the WebAssembly region (set when the wasm path is used). */
  at: { rp: number; ci: number; az: number; cz: number };
}

/** `a` in the kernels' layout (`expanded`: also cz, for X·C†). */
export function kernelCsr(a: SparseMatrix, expanded: boolean): KernelCsr {
  const nnz = a.nnz;
  const az = new Float64Array(2 * nnz);
  for (let p = 0; p < nnz; p++) { az[2 * p] = a.re[p]; az[2 * p + 1] = a.im[p]; }
  let cz: Float64Array | null = null;
  if (expanded) {
    cz = new Float64Array(4 * nnz);
    for (let p = 0; p < nnz; p++) { cz[4 * p] = cz[4 * p + 1] = a.re[p]; cz[4 * p + 2] = a.im[p]; cz[4 * p + 3] = -a.im[p]; }
  }
  return { n: a.rows, nnz, rp: Int32Array.from(a.rowPtr), ci: Int32Array.from(a.colIndex), az, cz, at: { rp: 0, ci: 0, az: 0, cz: 0 } };
}

/**
 * out[r, :] (+)= s·Σ_p A[r, ci_p]·x[ci_p, :] for the rows of A with entries (overwrite: set them);
 * interleaved row-major n×n, s = sr + i·si. The TypeScript twin of the `zcsrDenseRows` kernel,
 * with the same rounding (entries in pairs: out += (s·a₁·x₁ + s·a₂·x₂)).
 */
export function csrDenseRows(a: KernelCsr, sr: number, si: number, x: Float64Array, out: Float64Array, overwrite: boolean): void {
  const { n, rp, ci, az } = a;
  const n2 = 2 * n;
  for (let r = 0; r < n; r++) {
    let p = rp[r];
    const e = rp[r + 1];
    if (p >= e) continue;
    const o = r * n2;
    if (overwrite) out.fill(0, o, o + n2);
    for (; p + 1 < e; p += 2) {
      const a1 = az[2 * p], b1 = az[2 * p + 1], a2 = az[2 * p + 2], b2 = az[2 * p + 3];
      const c1r = sr * a1 - si * b1, c1i = sr * b1 + si * a1;
      const c2r = sr * a2 - si * b2, c2i = sr * b2 + si * a2;
      const k1 = ci[p] * n2, k2 = ci[p + 1] * n2;
      for (let j = 0; j < n2; j += 2) {
        const x1r = x[k1 + j], x1i = x[k1 + j + 1], x2r = x[k2 + j], x2i = x[k2 + j + 1];
        out[o + j] += (c1r * x1r + -c1i * x1i) + (c2r * x2r + -c2i * x2i);
        out[o + j + 1] += (c1r * x1i + c1i * x1r) + (c2r * x2i + c2i * x2r);
      }
    }
    if (p < e) {
      const a1 = az[2 * p], b1 = az[2 * p + 1];
      const cr = sr * a1 - si * b1, cm = sr * b1 + si * a1;
      const k = ci[p] * n2;
      for (let j = 0; j < n2; j += 2) {
        const xr = x[k + j], xi = x[k + j + 1];
        out[o + j] += cr * xr + -cm * xi;
        out[o + j + 1] += cr * xi + cm * xr;
      }
    }
  }
}

/**
 * out[i, j] += s_ij·Σ_{p ∈ row j of C} x[i, ci_p]·conj(C_p) (out += s·x·C†, s real) for the rows i
 * and columns j whose row of C has entries (x = C·ρ is zero in the other rows); s_ij = s, or with
 * `upper` only j ≥ i, s_ii = s and s_ij = 2s for j > i (x·C† = CρC† is Hermitian and out enters
 * the right-hand side as out + out†). The TypeScript twin of `zdenseCsrAdjRows` (each sum from
 * zero in entry order, then out += s_ij·sum).
 */
export function denseCsrAdjRows(c: KernelCsr, s: number, x: Float64Array, out: Float64Array, upper: boolean): void {
  const { n, rp, ci, cz } = c;
  const e4 = cz!;
  const n2 = 2 * n, s2 = upper ? 2 * s : s;
  for (let i = 0; i < n; i++) {
    if (rp[i] >= rp[i + 1]) continue;
    const xi = i * n2;
    for (let j = upper ? i : 0; j < n; j++) {
      const e = rp[j + 1];
      let p = rp[j];
      if (p >= e) continue;
      let ar = 0, ai = 0;
      for (; p < e; p++) {
        const q = xi + 2 * ci[p], yr = x[q], yi = x[q + 1];
        ar += e4[4 * p] * yr + e4[4 * p + 2] * yi;
        ai += e4[4 * p + 1] * yi + e4[4 * p + 3] * yr;
      }
      const o = xi + 2 * j, sj = j === i ? s : s2;
      out[o] += sj * ar;
      out[o + 1] += sj * ai;
    }
  }
}

/** dy = m + m† (interleaved n×n); the TypeScript twin of `hermitianSum`. */
export function hermitianSumInto(n: number, m: Float64Array, dy: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const a = 2 * (i * n + j), b = 2 * (j * n + i);
      const re = m[a] + m[b], im = m[a + 1] - m[b + 1];
      dy[a] = re; dy[a + 1] = im;
      if (j !== i) { dy[b] = re; dy[b + 1] = -im; }
    }
  }
}

/** Where the wasm path keeps its data: the kept region's token and the byte offsets of the dense buffers. */
interface WasmLayout {
  w: WasmKernels;
  token: number;
  y: number; m: number; x: number; dy: number;
}

/**
 * The matrix-form Lindblad right-hand side on ρ stored interleaved (re, im per
 * entry, row-major n×n; the ODE state has length 2n²).
 *
 * Each C_k enters through X = C_k ρ: M += ½ X C_k† (= ½ C_k ρ C_k† for Hermitian ρ,
 * a gather over the entries of C_k, no transpose; since it is Hermitian, only its upper
 * triangle is computed, doubled above the diagonal), and its anticommutator either
 * through C_k†C_k folded into A (when C†C is no denser than C, e.g. σ⁻-like
 * operators with diagonal C†C) or as M −= ½ C_k† X (a random C with r entries
 * per row has ~r² in C†C). Only the rows where C_k has entries are computed.
 *
 * With the WebAssembly SIMD kernels (the default where they load) the operators
 * and the dense buffers live in one kept region of the wasm memory (until
 * `dispose()`), ρ is copied in and dρ out per evaluation; otherwise the
 * TypeScript twins of the kernels run, with the same rounding.
 */
export class DenseLindbladRhs {
  readonly n: number;
  /** A0 = −i H0 − ½ Σ_{folded} C†C. */
  private readonly a0: KernelCsr;
  /** Rows of A0 without entries (M's rows that the product with A0 does not set). */
  private readonly a0Empty: number[] = [];
  /** Jump operators: C, and C† when the anticommutator is not folded into A0. */
  private readonly jumps: { c: KernelCsr; cDag: KernelCsr | null }[];
  /** −i H_k of the driven terms, with their real coefficients f_k(t). */
  private readonly driven: { op: KernelCsr; coefficient: (t: number) => number }[];
  private m: Float64Array;
  private x: Float64Array;
  private wasm: WasmLayout | null = null;
  /** Σ nnz of the operators applied per evaluation (for the cost model). */
  readonly nnzPerEvaluation: number;

  constructor(n: number, h0: Operator, cOps: readonly Operator[], driven: readonly { op: Operator; coefficient: (t: number) => number }[] = [], useWasm = true) {
    this.n = n;
    const terms: { matrix: SparseMatrix; re: number; im?: number }[] = [{ matrix: toSparse(h0), re: 0, im: -1 }];
    this.jumps = [];
    let nnz = 0;
    for (const op of cOps) {
      const c = toSparse(op), cDag = sparseAdjoint(c);
      const cdc = sparseMatmul(cDag, c);
      const fold = cdc.nnz <= c.nnz;
      if (fold) terms.push({ matrix: cdc, re: -0.5 });
      this.jumps.push({ c: kernelCsr(c, true), cDag: fold ? null : kernelCsr(cDag, false) });
      nnz += (fold ? 2 : 3) * c.nnz;
    }
    this.a0 = kernelCsr(sparseLinearCombination(terms), false);
    for (let r = 0; r < n; r++) if (this.a0.rp[r] === this.a0.rp[r + 1]) this.a0Empty.push(r);
    this.driven = driven.map((d) => ({ op: kernelCsr(sparseScale(toSparse(d.op), 0, -1), false), coefficient: d.coefficient }));
    this.nnzPerEvaluation = nnz + this.a0.nnz + this.driven.reduce((s, d) => s + d.op.nnz, 0);
    const nn2 = 2 * n * n;
    const w = useWasm ? wasmKernels() : null;
    if (w) this.wasm = this.layOut(w);
    this.m = new Float64Array(this.wasm ? 0 : nn2);
    this.x = new Float64Array(this.wasm ? 0 : nn2);
  }

  /** True when the evaluations run on the WebAssembly kernels. */
  get usesWasm(): boolean {
    return this.wasm !== null;
  }

  /** Copies the operators into a kept region of the wasm memory; null when it cannot grow. */
  private layOut(w: WasmKernels): WasmLayout | null {
    const plan = new RegionPlan();
    const ops = [this.a0, ...this.jumps.flatMap((j) => (j.cDag ? [j.c, j.cDag] : [j.c])), ...this.driven.map((d) => d.op)];
    const at = ops.map((o) => ({
      rp: plan.add(o.n + 1, 4), ci: plan.add(Math.max(1, o.nnz), 4), az: plan.add(2 * Math.max(1, o.nnz), 8),
      cz: o.cz ? plan.add(o.cz.length, 8) : 0,
    }));
    const nn2 = 2 * this.n * this.n;
    const y = plan.add(nn2, 8), m = plan.add(nn2, 8), x = plan.add(nn2, 8), dy = plan.add(nn2, 8);
    const base = plan.reserve(w);
    if (base < 0) return null;
    const token = w.keep(plan.bytes / 8);
    const heap = w.heap, i32 = new Int32Array(heap.buffer);
    ops.forEach((o, k) => {
      const a = at[k];
      o.at = { rp: base + a.rp, ci: base + a.ci, az: base + a.az, cz: base + a.cz };
      i32.set(o.rp, o.at.rp / 4);
      i32.set(o.ci, o.at.ci / 4);
      heap.set(o.az, o.at.az / 8);
      if (o.cz) heap.set(o.cz, o.at.cz / 8);
    });
    return { w, token, y: base + y, m: base + m, x: base + x, dy: base + dy };
  }

  /** Releases the wasm region (later evaluations run the TypeScript path). */
  dispose(): void {
    if (!this.wasm) return;
    this.wasm.w.release(this.wasm.token);
    this.wasm = null;
    const nn2 = 2 * this.n * this.n;
    this.m = new Float64Array(nn2);
    this.x = new Float64Array(nn2);
  }

  /** dρ ← A(t)ρ + ρA(t)† + Σ CρC† for Hermitian ρ (y, dy interleaved, length 2n²). */
  evaluate(t: number, y: Float64Array, dy: Float64Array): void {
    if (this.wasm) {
      this.evaluateWasm(t, y, dy, this.wasm);
      return;
    }
    const { m, x, n } = this;
    // M = A0 ρ: the product sets the rows where A0 has entries, the others are zeroed
    for (const r of this.a0Empty) m.fill(0, 2 * n * r, 2 * n * (r + 1));
    csrDenseRows(this.a0, 1, 0, y, m, true);
    for (const d of this.driven) {
      const f = d.coefficient(t);
      if (f !== 0) csrDenseRows(d.op, f, 0, y, m, false);
    }
    for (const { c, cDag } of this.jumps) {
      csrDenseRows(c, 1, 0, y, x, true);
      if (cDag) csrDenseRows(cDag, -0.5, 0, x, m, false);
      denseCsrAdjRows(c, 0.5, x, m, true);
    }
    hermitianSumInto(this.n, m, dy);
  }

  private evaluateWasm(t: number, y: Float64Array, dy: Float64Array, L: WasmLayout): void {
    const n = this.n, nn2 = 2 * n * n, e = L.w.exports;
    const heap = L.w.heap; // fresh: a reserve elsewhere (after the kept region) may have grown the memory
    // Views of the wasm memory (the stepper of ./dop853-wasm.ts) are used in place; other arrays are copied.
    const yIn = y.buffer === heap.buffer ? y.byteOffset : L.y;
    const dyIn = dy.buffer === heap.buffer ? dy.byteOffset : L.dy;
    if (yIn === L.y) heap.set(y, L.y / 8);
    for (const r of this.a0Empty) heap.fill(0, L.m / 8 + 2 * n * r, L.m / 8 + 2 * n * (r + 1));
    const rows = (a: KernelCsr, sr: number, si: number, x: number, out: number, overwrite: number): void =>
      e.zcsrDenseRows(0, n, n, a.at.rp, a.at.ci, a.at.az, sr, si, x, out, overwrite);
    rows(this.a0, 1, 0, yIn, L.m, 1);
    for (const d of this.driven) {
      const f = d.coefficient(t);
      if (f !== 0) rows(d.op, f, 0, yIn, L.m, 0);
    }
    for (const { c, cDag } of this.jumps) {
      rows(c, 1, 0, yIn, L.x, 1);
      if (cDag) rows(cDag, -0.5, 0, L.x, L.m, 0);
      e.zdenseCsrAdjRows(0, n, n, c.at.rp, c.at.ci, c.at.cz, 0.5, L.x, L.m, 1);
    }
    e.hermitianSum(n, L.m, dyIn);
    if (dyIn === L.dy) dy.set(heap.subarray(L.dy / 8, L.dy / 8 + nn2));
  }
}

/** True when ρ0 is Hermitian to {@link HERMITIAN_TOLERANCE} (the matrix form relies on it). */
export function isHermitianState(rho0: ComplexMatrix): boolean {
  let scale = 1;
  for (let k = 0; k < rho0.re.length; k++) scale = Math.max(scale, Math.abs(rho0.re[k]), Math.abs(rho0.im[k]));
  return hermitianDefect(rho0) <= HERMITIAN_TOLERANCE * scale;
}

/** Tr(O ρ) for sparse O and interleaved row-major ρ. */
function traceProduct(o: SparseMatrix, y: Float64Array, n: number): { re: number; im: number } {
  let sr = 0, si = 0;
  for (let i = 0; i < n; i++) {
    for (let p = o.rowPtr[i]; p < o.rowPtr[i + 1]; p++) {
      const q = 2 * (o.colIndex[p] * n + i);
      const xr = y[q], xi = y[q + 1];
      sr += o.re[p] * xr - o.im[p] * xi;
      si += o.re[p] * xi + o.im[p] * xr;
    }
  }
  return { re: sr, im: si };
}

export interface DenseOdeResult {
  values: { re: Float64Array; im: Float64Array }[];
  states: ComplexMatrix[] | null;
  details: OdeStats & { rhsNnz: number };
}

/**
 * Propagate a Hermitian ρ0 through the matrix-form Lindblad equation with
 * DOP853 at (atol, rtol) on the entries of ρ; expectation values Tr(O_k ρ(t))
 * at every output time, and the states on request; `onOutput(i, values)` after
 * output time i (values filled for 0 … i).
 */
export function propagateDenseOde(
  h0: Operator, cOps: readonly Operator[], driven: readonly { op: Operator; coefficient: (t: number) => number }[],
  rho0: ComplexMatrix, times: Float64Array, eOps: readonly Operator[], storeStates: boolean, atol: number, rtol: number,
  onOutput?: (i: number, values: readonly { re: Float64Array; im: Float64Array }[]) => void,
): DenseOdeResult {
  const n = rho0.rows, nn = n * n;
  const obs = eOps.map(toSparse);
  const y0 = new Float64Array(2 * nn);
  for (let k = 0; k < nn; k++) { y0[2 * k] = rho0.re[k]; y0[2 * k + 1] = rho0.im[k]; }
  const nt = times.length;
  const values = obs.map(() => ({ re: new Float64Array(nt), im: new Float64Array(nt) }));
  const states: ComplexMatrix[] | null = storeStates ? [] : null;
  // Step exactly onto the break times of the drive (square-wave jumps, triangle corners).
  const stops = coefficientBreaks(driven.map((d) => d.coefficient as CoefficientFunction), times[0], times[nt - 1]);
  const rhs = new DenseLindbladRhs(n, h0, cOps, driven);
  // With the wasm kernels, DOP853's vectors live in the wasm memory too (no copies of ρ per evaluation).
  const w = rhs.usesWasm ? wasmKernels() : null;
  let stepper: Dop853WasmStepper | null = null;
  const makeStepper = (f: OdeRhs, len: number, rt: number, at: number): RkStepper =>
    (stepper = Dop853WasmStepper.create(f, len, rt, at, w!)) ?? new Dop853Stepper(f, len, rt, at);
  let stats: OdeStats;
  try {
    ({ stats } = integrate((t, y, dy) => rhs.evaluate(t, y, dy), y0, times, {
      method: 'dop853', atol, rtol, ...(stops && stops.length > 0 ? { tstops: stops } : {}), ...(w ? { stepper: makeStepper } : {}),
      onOutput: (i, _t, y) => {
        obs.forEach((o, k) => {
          const v = traceProduct(o, y, n);
          values[k].re[i] = v.re;
          values[k].im[i] = v.im;
        });
        if (states) {
          const s = new ComplexMatrix(n, n);
          for (let k = 0; k < nn; k++) { s.re[k] = y[2 * k]; s.im[k] = y[2 * k + 1]; }
          states.push(s);
        }
        onOutput?.(i, values);
      },
    }));
  } finally {
    (stepper as Dop853WasmStepper | null)?.dispose();
    rhs.dispose();
  }
  return { values, states, details: { ...stats, rhsNnz: rhs.nnzPerEvaluation } };
}

/**
 * Cost model (flops) of the matrix-form DOP853 path over the span T with
 * `outputs` output times, against which mesolve weighs Krylov:
 * steps ≈ max(stability limit ‖L‖·T / 6 (DOP853's real stability interval is
 * ≈ [−6, 0]), accuracy limit ωT / (8·rtol^{1/8}) with ω ≈ 2‖H‖ the largest
 * coherent frequency) + 10, 12 evaluations per step, each 8·nnz·n flops plus
 * ~10 n² for the Hermitian sum and the stage combinations (calibrated before
 * the WebAssembly kernels, which made each evaluation ~2–3× cheaper; the model
 * is conservative for the ODE since). The stiffness enters through
 * ‖L‖ vs ω: a strongly damped problem is stability-limited, where Krylov's
 * ~2‖L‖T products are about as many evaluations.
 */
export function denseOdeCost(n: number, rhsNnz: number, liouvillianNorm: number, hamiltonianNorm: number, span: number, rtol: number): number {
  const accuracyStep = 8 * Math.pow(Math.max(rtol, 1e-14), 1 / 8);
  const steps = Math.max((liouvillianNorm * span) / 6, (2 * hamiltonianNorm * span) / accuracyStep) + 10;
  return steps * 12 * (8 * rhsNnz * n + 10 * n * n);
}

/** Largest column sum of |entries| (the 1-norm) of an operator. */
function norm1Of(a: SparseMatrix): number {
  const col = new Float64Array(a.cols);
  for (let k = 0; k < a.nnz; k++) col[a.colIndex[k]] += Math.hypot(a.re[k], a.im[k]);
  let m = 0;
  for (const v of col) m = Math.max(m, v);
  return m;
}

/** Smallest Hilbert dimension for which mesolve considers the matrix form (below it the exact dense propagators win). */
export const DENSE_FORM_MIN_DIMENSION = 8;

export interface DenseFormPlan {
  /** Why the matrix form was (not) chosen, for the stats. */
  reason: string;
  use: boolean;
  odeCost: number;
  krylovCost: number;
}

/**
 * mesolve's choice for a problem whose reachable generator is the whole
 * Liouvillian (one block): matrix-form DOP853 ({@link denseOdeCost}) vs the
 * vectorized Krylov path. Krylov's step is limited by the coherent frequency
 * ω ≈ 2‖H‖₁, not by damping (Expokit's error estimate shrinks with the
 * decayed modes), so it is modelled as ≈ 4ωT + 60 products with L, each
 * 16·nnz(L) flop-equivalents (a streamed sparse product: ~20 bytes per entry,
 * about twice the dense form's cost per flop) plus m = 30 Arnoldi vector
 * operations of length n², and 30 vector operations per output time for the
 * output combination. ‖L‖₁ is bounded from the operators (2‖A‖₁ + Σ‖C_k‖₁²,
 * the 1-norm of the Kronecker form), nnz(L) by 2n·nnz(A) + Σ nnz(C_k)², so the
 * n²×n² generator is never built. Stiffness enters through ‖L‖ ≫ ω: the ODE
 * is then stability-limited and Krylov wins. Calibrated on random-me-200
 * (ODE measured ~2× faster than Krylov there). `forceOde`: the caller asked
 * for an ODE (method 'ode' or a time-dependent H); only applicability counts.
 */
export function planDenseForm(n: number, h0: Operator, cOps: readonly Operator[], times: Float64Array, rtol: number, forceOde: boolean): DenseFormPlan {
  const h = toSparse(h0);
  const cs = cOps.map(toSparse);
  const hNorm = norm1Of(h);
  let aNorm = hNorm, lNorm = 0, cNnz = 0, lNnz = 2 * n * h.nnz;
  for (const c of cs) {
    const c1 = norm1Of(c);
    aNorm += 0.5 * c1 * c1;
    lNorm += c1 * c1;
    cNnz += 3 * c.nnz;
    lNnz += c.nnz * c.nnz + 2 * n * c.nnz;
  }
  lNorm += 2 * aNorm;
  const span = times[times.length - 1] - times[0];
  const odeCost = denseOdeCost(n, h.nnz + cNnz, lNorm, hNorm, span, rtol);
  const nn = n * n;
  const krylovCost = (8 * hNorm * span + 60) * (16 * lNnz + 8 * 30 * nn) + times.length * 8 * 30 * nn;
  if (forceOde) return { reason: 'ODE requested or H(t)', use: true, odeCost, krylovCost };
  const use = odeCost < krylovCost;
  return { reason: use ? 'cost model: ODE cheaper than Krylov' : 'cost model: Krylov cheaper', use, odeCost, krylovCost };
}
