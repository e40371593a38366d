/**
 * The 'direct' steady state: the trace-constrained reduced system A x = b
 * (one population row of L replaced by the trace weights, steadystate.ts)
 * solved by a sparse LU. Because L preserves Hermiticity (L(ρ)† = L(ρ†)), the
 * system is first written in real Hermitian coordinates — u = Re ρ_ij at the
 * index of (i, j) and Im ρ_ij at the index of (j, i) for i < j, u = ρ_ii —
 * keeping the real and imaginary parts of the equations for (i, j) and
 * dropping those for (j, i), which are their conjugates. The real system has
 * as many unknowns and no more nonzeros, and its factors are real and (for
 * the 6-site XY chain, 924 unknowns) have half the entries of the complex
 * ones (67 k vs 142 k in SuperLU's own count): about 8× fewer flops. The LU is
 * a sparse LU with a minimum-degree ordering and threshold partial
 * pivoting (linalg/sparse-lu.ts). The residual ‖b − A x‖ is checked; up to
 * two steps of iterative refinement follow when it exceeds a few units of
 * rounding relative to ‖A‖‖x‖, and a dense LU is the fallback if they do not
 * bring it there. The real system is built, ordered, factorized and solved in
 * WebAssembly when available (`steadyRealSystem`, `solveRealSystem`): this
 * runs once per steady state, often as a process's first call, where
 * JavaScript loops run unoptimised (docs/architecture.md, "steadystate").
 */
import { SparseMatrix, spmvInto } from '../linalg/sparse.js';
import type { SectorLayout } from './sector-liouvillian.js';
import { solveRealSystem, sparseLuFactor, sparseLuNonzeros, sparseLuSolve } from '../linalg/sparse-lu.js';
import { luFactor, luSolveInto } from '../linalg/lu.js';
import { RegionPlan, wasmKernels, type WasmKernels } from '../linalg/wasm.js';
import { NumericalError } from '../util/errors.js';

/** Accepted backward error ‖b − A x‖∞ / (‖A‖_max·‖x‖∞·√n): a few hundred units of rounding. */
export const DIRECT_BACKWARD_TOLERANCE = 1e-13;

function notUnique(e: unknown): NumericalError {
  return new NumericalError(`steady state is not unique: the trace-constrained Liouvillian is singular (${(e as Error).message}); the dynamics has more than one invariant sector`);
}

/** Backward error of x for A x = b (see DIRECT_BACKWARD_TOLERANCE) and the residual r = b − A x. */
function backwardError(a: SparseMatrix, aMax: number, br: Float64Array, bi: Float64Array, xr: Float64Array, xi: Float64Array): { error: number; rr: Float64Array; ri: Float64Array } {
  const n = a.rows;
  const rr = new Float64Array(n), ri = new Float64Array(n);
  spmvInto(a, xr, xi, rr, ri);
  let r = 0, x = 0;
  for (let i = 0; i < n; i++) {
    rr[i] = br[i] - rr[i]; ri[i] = bi[i] - ri[i];
    r = Math.max(r, Math.abs(rr[i]), Math.abs(ri[i]));
    x = Math.max(x, Math.abs(xr[i]), Math.abs(xi[i]));
  }
  return { error: r / (aMax * x * Math.sqrt(n) || 1), rr, ri };
}

/**
 * partner[k] = the reduced index of ρ_ji for the reduced index k of ρ_ij
 * (sector (a, b) ↔ (b, a), column-major within a sector), or null when a
 * partner sector is missing from the layout.
 */
export function hermitianPartners(layout: SectorLayout): Int32Array | null {
  const { structure, sectors, offsets } = layout;
  const partner = new Int32Array(layout.dimension);
  for (let p = 0; p < sectors.length; p++) {
    const { a, b } = sectors[p];
    const q = layout.sectorIndex(b, a);
    if (q < 0) return null;
    const na = structure.members[a].length, nb = structure.members[b].length;
    for (let j = 0; j < nb; j++) for (let i = 0; i < na; i++) partner[offsets[p] + i + j * na] = offsets[q] + j + i * nb;
  }
  return partner;
}

/**
 * The trace-constrained system in real Hermitian coordinates (module comment):
 * equations of L with row `row` (a population, partner[row] = row) replaced by
 * scale·t (t nonzero on populations only).
 */
export function realTraceSystem(l: SparseMatrix, partner: Int32Array, t: Float64Array, scale: number, row: number): SparseMatrix {
  const k = wasmKernels();
  return (k && realTraceSystemWasm(k, l, partner, t, scale, row)) || realTraceSystemTs(l, partner, t, scale, row);
}

/**
 * {@link realTraceSystem} by the WebAssembly kernel `steadyRealSystem` (straight to CSR, the same
 * entries and sums; JavaScript loops over the entries cost ~3 µs each on a process's first call).
 * Null when the memory cannot grow.
 */
function realTraceSystemWasm(k: WasmKernels, l: SparseMatrix, partner: Int32Array, t: Float64Array, scale: number, row: number): SparseMatrix | null {
  const n = l.rows, nnz = l.nnz, cap = 4 * nnz + n;
  const plan = new RegionPlan();
  const oRp = plan.add(n + 1, 4), oCi = plan.add(nnz, 4), oRe = plan.add(nnz, 8), oIm = plan.add(nnz, 8);
  const oPartner = plan.add(n, 4), oT = plan.add(n, 8), oOrp = plan.add(n + 1, 4), oOci = plan.add(cap, 4), oOv = plan.add(cap, 8);
  const oAcc = plan.add(n, 8), oMarker = plan.add(n, 4), oCols = plan.add(n, 4);
  const base = plan.reserve(k);
  if (base < 0) return null;
  const buf = k.exports.memory.buffer;
  const mi = new Int32Array(buf), mf = new Float64Array(buf);
  mi.set(l.rowPtr.subarray(0, n + 1), (base + oRp) >> 2);
  mi.set(l.colIndex.subarray(0, nnz), (base + oCi) >> 2);
  mf.set(l.re.subarray(0, nnz), (base + oRe) >> 3);
  mf.set(l.im.subarray(0, nnz), (base + oIm) >> 3);
  mi.set(partner, (base + oPartner) >> 2);
  mf.set(t.subarray(0, n), (base + oT) >> 3);
  mi.fill(-1, (base + oMarker) >> 2, ((base + oMarker) >> 2) + n);
  const m = k.exports.steadyRealSystem(n, base + oRp, base + oCi, base + oRe, base + oIm, base + oPartner, base + oT, scale, row,
    base + oOrp, base + oOci, base + oOv, base + oAcc, base + oMarker, base + oCols);
  const rowPtr = mi.slice((base + oOrp) >> 2, ((base + oOrp) >> 2) + n + 1);
  const colIndex = mi.slice((base + oOci) >> 2, ((base + oOci) >> 2) + m);
  const re = mf.slice((base + oOv) >> 3, ((base + oOv) >> 3) + m);
  return new SparseMatrix(n, n, rowPtr, colIndex, re, new Float64Array(m));
}

/** {@link realTraceSystem} in TypeScript, through triplets (the fallback, and the reference of the tests). */
export function realTraceSystemTs(l: SparseMatrix, partner: Int32Array, t: Float64Array, scale: number, row: number): SparseMatrix {
  const n = l.rows;
  // at most 2 columns × 2 rows per complex entry, plus the trace row
  const cap = 4 * l.nnz + n;
  const ri = new Int32Array(cap), ci = new Int32Array(cap), v = new Float64Array(cap);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const kp = partner[k];
    if (kp < k || k === row) continue; // conjugate equation, or the trace row
    for (let p = l.rowPtr[k]; p < l.rowPtr[k + 1]; p++) {
      const j = l.colIndex[p], jp = partner[j], lr = l.re[p], li = l.im[p];
      // L_kj x_j with x_j = u_j (j = j'), u_j + i u_j' (j < j'), u_j' − i u_j (j > j'):
      // coefficient (lr + i li) on column `first`, and (sr + i si) on column `second`
      const first = j <= jp ? j : jp;
      ri[m] = k; ci[m] = first; v[m++] = lr;
      if (kp !== k) { ri[m] = kp; ci[m] = first; v[m++] = li; }
      if (j === jp) continue;
      const second = j < jp ? jp : j, sr = j < jp ? -li : li, si = j < jp ? lr : -lr;
      ri[m] = k; ci[m] = second; v[m++] = sr;
      if (kp !== k) { ri[m] = kp; ci[m] = second; v[m++] = si; }
    }
  }
  for (let j = 0; j < n; j++) if (t[j] !== 0) { ri[m] = row; ci[m] = j; v[m++] = scale * t[j]; }
  return SparseMatrix.fromTriplets(n, n, ri.subarray(0, m), ci.subarray(0, m), v.subarray(0, m));
}

/** ‖A‖_max over real and imaginary parts. */
function maxAbsEntry(a: SparseMatrix): number {
  let m = 0;
  const { re, im } = a;
  for (let k = 0, e = a.nnz; k < e; k++) {
    const r = Math.abs(re[k]), i = Math.abs(im[k]);
    if (r > m) m = r;
    if (i > m) m = i;
  }
  return m;
}

/** Solve a system by the sparse LU with the residual check and refinement; null when the refinement fails. */
function sparseSolve(a: SparseMatrix, br: Float64Array, bi: Float64Array, details: Record<string, unknown>): { xr: Float64Array; xi: Float64Array } | null {
  const n = a.rows;
  const aMax = maxAbsEntry(a);
  let f;
  try {
    f = sparseLuFactor(a);
  } catch (e) {
    throw notUnique(e);
  }
  const { re: xr, im: xi } = sparseLuSolve(f, br, bi);
  let check = backwardError(a, aMax, br, bi, xr, xi);
  let refinements = 0;
  while (!(check.error <= DIRECT_BACKWARD_TOLERANCE) && refinements < 2) {
    const d = sparseLuSolve(f, check.rr, check.ri);
    for (let i = 0; i < n; i++) { xr[i] += d.re[i]; xi[i] += d.im[i]; }
    refinements++;
    check = backwardError(a, aMax, br, bi, xr, xi);
  }
  Object.assign(details, { factorNonzeros: sparseLuNonzeros(f), refinements, backwardError: check.error });
  return check.error <= DIRECT_BACKWARD_TOLERANCE ? { xr, xi } : null;
}

/**
 * Solve the trace-constrained system A x = b (A = L with row `row` replaced
 * by scale·t, b = scale·e_row; `trace` builds the complex A and b, needed only
 * when the real formulation does not apply); `details` receives the solver
 * statistics.
 */
export function directSteadyState(layout: SectorLayout, l: SparseMatrix, t: Float64Array, scale: number, row: number, trace: () => { a: SparseMatrix; br: Float64Array; bi: Float64Array }, details: Record<string, unknown>): { xr: Float64Array; xi: Float64Array } {
  const n = l.rows;
  const partner = hermitianPartners(layout);
  let populationsOnly = partner !== null && partner[row] === row;
  for (let k = 0; k < n && populationsOnly; k++) if (t[k] !== 0 && partner![k] !== k) populationsOnly = false;
  if (partner && populationsOnly) {
    const ur = new Float64Array(n);
    ur[row] = scale;
    let u;
    try {
      u = solveRealSystem(realTraceSystem(l, partner, t, scale, row), ur, DIRECT_BACKWARD_TOLERANCE, 2);
    } catch (e) {
      throw notUnique(e);
    }
    Object.assign(details, { factorNonzeros: u.factorNonzeros, refinements: u.refinements, backwardError: u.backwardError });
    if (u.backwardError <= DIRECT_BACKWARD_TOLERANCE) {
      details.solver = 'sparse LU (minimum degree), real Hermitian coordinates';
      const xr = new Float64Array(n), xi = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const kp = partner[k];
        if (kp === k) xr[k] = u.x[k];
        else if (k < kp) { xr[k] = u.x[k]; xi[k] = u.x[kp]; } else { xr[k] = u.x[kp]; xi[k] = -u.x[k]; }
      }
      return { xr, xi };
    }
  }
  const { a, br, bi } = trace();
  const x = sparseSolve(a, br, bi, details);
  details.solver = 'sparse LU (minimum degree)';
  if (x) return x;
  // not reached on the tested problems: the dense LU with full-row partial pivoting
  const aMax = maxAbsEntry(a);
  let dense;
  try {
    dense = luFactor(a.toDense());
  } catch (e) {
    throw notUnique(e);
  }
  const xr = new Float64Array(n), xi = new Float64Array(n);
  luSolveInto(dense, br, bi, xr, xi);
  Object.assign(details, { solver: 'dense LU (sparse LU residual too large)', backwardError: backwardError(a, aMax, br, bi, xr, xi).error });
  return { xr, xi };
}
