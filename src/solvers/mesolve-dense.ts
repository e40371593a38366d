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
 * right-hand side is M + M† with M = A ρ + ½ Σ_k C_k (C_k ρ)† — one product
 * with A instead of two, and C ρ C† = C (C ρ)† needs only row-wise products.
 *
 * Integrated with the adaptive Dormand–Prince 8(5,3) of linalg/ode (dense
 * output at the requested times), which for non-stiff problems with many
 * output times costs far fewer operator applications than Krylov restarts
 * per output interval. `denseOdeCost` is the cost model mesolve uses to choose.
 */
import { coefficientBreaks, type CoefficientFunction } from '../quantum/qobj-evo.js';
import { ComplexMatrix, hermitianDefect } from '../linalg/dense.js';
import { toSparse, type Operator } from '../linalg/operator.js';
import { sparseAdjoint, sparseLinearCombination, sparseMatmul, sparseScale, type SparseMatrix } from '../linalg/sparse.js';
import { integrate } from '../linalg/ode/integrate.js';
import type { OdeStats } from '../linalg/ode/types.js';

/** Largest ‖ρ0 − ρ0†‖_max / max(1, ‖ρ0‖_max) for which the Hermitian form M + M† is used. */
export const HERMITIAN_TOLERANCE = 1e-14;

/** out += s·(a·b) for sparse a (n×n, CSR) and dense row-major b, out (interleaved complex: re, im, re, …); s complex. */
function csrTimesDenseAdd(a: SparseMatrix, sr: number, si: number, b: Float64Array, out: Float64Array, n: number): void {
  const { rowPtr, colIndex, re, im } = a;
  const n2 = 2 * n;
  for (let i = 0; i < n; i++) {
    const oi = i * n2;
    let p = rowPtr[i];
    const end = rowPtr[i + 1];
    // three entries of the row at a time: one read/write of the output row per three input rows
    for (; p + 2 < end; p += 3) {
      const c1r = sr * re[p] - si * im[p], c1i = sr * im[p] + si * re[p];
      const c2r = sr * re[p + 1] - si * im[p + 1], c2i = sr * im[p + 1] + si * re[p + 1];
      const c3r = sr * re[p + 2] - si * im[p + 2], c3i = sr * im[p + 2] + si * re[p + 2];
      const k1 = colIndex[p] * n2, k2 = colIndex[p + 1] * n2, k3 = colIndex[p + 2] * n2;
      for (let j = 0; j < n2; j += 2) {
        const x1r = b[k1 + j], x1i = b[k1 + j + 1];
        const x2r = b[k2 + j], x2i = b[k2 + j + 1];
        const x3r = b[k3 + j], x3i = b[k3 + j + 1];
        out[oi + j] += c1r * x1r - c1i * x1i + c2r * x2r - c2i * x2i + c3r * x3r - c3i * x3i;
        out[oi + j + 1] += c1r * x1i + c1i * x1r + c2r * x2i + c2i * x2r + c3r * x3i + c3i * x3r;
      }
    }
    for (; p < end; p++) {
      const cr = sr * re[p] - si * im[p], ci = sr * im[p] + si * re[p];
      const ok = colIndex[p] * n2;
      for (let j = 0; j < n2; j += 2) {
        const xr = b[ok + j], xi = b[ok + j + 1];
        out[oi + j] += cr * xr - ci * xi;
        out[oi + j + 1] += cr * xi + ci * xr;
      }
    }
  }
}

/** z ← x† for interleaved complex n×n (row-major). */
function adjointInto(x: Float64Array, z: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = 2 * (i * n + j), b = 2 * (j * n + i);
      z[b] = x[a];
      z[b + 1] = -x[a + 1];
    }
  }
}

/**
 * The matrix-form Lindblad right-hand side on ρ stored interleaved (re, im per
 * entry, row-major n×n; the ODE state has length 2n²).
 *
 * Each C_k enters either through C_k†C_k folded into A (when C†C is no denser
 * than C, e.g. σ⁻-like operators with diagonal C†C) or through X = C ρ:
 * M += −½ C†X + ½ C X† (three row-wise products of nnz(C)·n, instead of the
 * fill-in of C†C — a random C with r entries per row has ~r² in C†C).
 */
export class DenseLindbladRhs {
  readonly n: number;
  /** A0 = −i H0 − ½ Σ_{folded} C†C. */
  private readonly a0: SparseMatrix;
  /** Collapse operators not folded into A0, with their adjoints. */
  private readonly split: { c: SparseMatrix; cDag: SparseMatrix }[];
  private readonly folded: SparseMatrix[];
  /** −i H_k of the driven terms, with their real coefficients f_k(t). */
  private readonly driven: { op: SparseMatrix; coefficient: (t: number) => number }[];
  private readonly m: Float64Array;
  private readonly x: Float64Array;
  private readonly z: Float64Array;
  /** Σ nnz of the operators applied per evaluation (for the cost model). */
  readonly nnzPerEvaluation: number;

  constructor(n: number, h0: Operator, cOps: readonly Operator[], driven: readonly { op: Operator; coefficient: (t: number) => number }[] = []) {
    this.n = n;
    const terms: { matrix: SparseMatrix; re: number; im?: number }[] = [{ matrix: toSparse(h0), re: 0, im: -1 }];
    this.split = [];
    this.folded = [];
    for (const op of cOps) {
      const c = toSparse(op), cDag = sparseAdjoint(c);
      const cdc = sparseMatmul(cDag, c);
      if (cdc.nnz <= c.nnz) { terms.push({ matrix: cdc, re: -0.5 }); this.folded.push(c); }
      else this.split.push({ c, cDag });
    }
    this.a0 = sparseLinearCombination(terms);
    this.driven = driven.map((d) => ({ op: sparseScale(toSparse(d.op), 0, -1), coefficient: d.coefficient }));
    const nn2 = 2 * n * n;
    this.m = new Float64Array(nn2);
    this.x = new Float64Array(nn2);
    this.z = new Float64Array(nn2);
    this.nnzPerEvaluation = this.a0.nnz + this.folded.reduce((s, c) => s + 2 * c.nnz, 0) + this.split.reduce((s, o) => s + 3 * o.c.nnz, 0)
      + this.driven.reduce((s, d) => s + d.op.nnz, 0);
  }

  /** dρ ← A(t)ρ + ρA(t)† + Σ CρC† for Hermitian ρ (y, dy interleaved, length 2n²). */
  evaluate(t: number, y: Float64Array, dy: Float64Array): void {
    const n = this.n;
    const { m, x, z } = this;
    m.fill(0);
    csrTimesDenseAdd(this.a0, 1, 0, y, m, n);
    for (const d of this.driven) {
      const f = d.coefficient(t);
      if (f !== 0) csrTimesDenseAdd(d.op, f, 0, y, m, n);
    }
    for (const c of this.folded) {
      // M += ½ C (Cρ)†  (= ½ CρC† for Hermitian ρ)
      x.fill(0);
      csrTimesDenseAdd(c, 1, 0, y, x, n);
      adjointInto(x, z, n);
      csrTimesDenseAdd(c, 0.5, 0, z, m, n);
    }
    for (const { c, cDag } of this.split) {
      // X = Cρ; M += −½ C†X + ½ C X†
      x.fill(0);
      csrTimesDenseAdd(c, 1, 0, y, x, n);
      csrTimesDenseAdd(cDag, -0.5, 0, x, m, n);
      adjointInto(x, z, n);
      csrTimesDenseAdd(c, 0.5, 0, z, m, n);
    }
    // dρ = M + M†
    for (let i = 0; i < n; i++) {
      const ii = 2 * (i * n + i);
      dy[ii] = 2 * m[ii];
      dy[ii + 1] = 0;
      for (let j = i + 1; j < n; j++) {
        const a = 2 * (i * n + j), b = 2 * (j * n + i);
        const re = m[a] + m[b], im = m[a + 1] - m[b + 1];
        dy[a] = re; dy[a + 1] = im;
        dy[b] = re; dy[b + 1] = -im;
      }
    }
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
  const rhs = new DenseLindbladRhs(n, h0, cOps, driven);
  const obs = eOps.map(toSparse);
  const y0 = new Float64Array(2 * nn);
  for (let k = 0; k < nn; k++) { y0[2 * k] = rho0.re[k]; y0[2 * k + 1] = rho0.im[k]; }
  const nt = times.length;
  const values = obs.map(() => ({ re: new Float64Array(nt), im: new Float64Array(nt) }));
  const states: ComplexMatrix[] | null = storeStates ? [] : null;
  // Step exactly onto the break times of the drive (square-wave jumps, triangle corners).
  const stops = coefficientBreaks(driven.map((d) => d.coefficient as CoefficientFunction), times[0], times[nt - 1]);
  const { stats } = integrate((t, y, dy) => rhs.evaluate(t, y, dy), y0, times, {
    method: 'dop853', atol, rtol, ...(stops && stops.length > 0 ? { tstops: stops } : {}),
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
  });
  return { values, states, details: { ...stats, rhsNnz: rhs.nnzPerEvaluation } };
}

/**
 * Cost model (flops) of the matrix-form DOP853 path over the span T with
 * `outputs` output times, against which mesolve weighs Krylov:
 * steps ≈ max(stability limit ‖L‖·T / 6 (DOP853's real stability interval is
 * ≈ [−6, 0]), accuracy limit ωT / (8·rtol^{1/8}) with ω ≈ 2‖H‖ the largest
 * coherent frequency) + 10, 12 evaluations per step, each 8·nnz·n flops plus
 * ~10 n² for the transposes and the Hermitian sum. The stiffness enters through
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
