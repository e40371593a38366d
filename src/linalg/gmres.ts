/**
 * Restarted GMRES(m) for complex non-Hermitian linear systems A x = b, with
 * right preconditioning, plus simple preconditioners for CSR matrices.
 *
 * Algorithm: Saad & Schultz, "GMRES: a generalized minimal residual algorithm
 * for solving nonsymmetric linear systems", SIAM J. Sci. Stat. Comput. 7 (1986)
 * 856–869; Saad, "Iterative Methods for Sparse Linear Systems", 2nd ed. (2003),
 * Alg. 6.9 (GMRES with Givens rotations) and Alg. 9.5 (right preconditioning).
 * Arnoldi uses modified Gram–Schmidt with an optional second pass; the
 * Hessenberg least-squares problem is reduced by complex Givens rotations
 * (c real, s complex, as LAPACK zlartg), so the residual norm of every inner
 * iteration is known without forming x. With right preconditioning the
 * minimised residual is the true residual ‖b − A x‖ (not a preconditioned one).
 */
import { SparseMatrix } from './sparse.js';
import { orthogonalize } from './gram-schmidt.js';
import { norm2 } from './vector.js';

/** y ← A·x for split complex vectors (y never aliases x). */
export type GmresApply = (xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array) => void;
/** z ← M⁻¹·r (z never aliases r). */
export type Preconditioner = (rr: Float64Array, ri: Float64Array, zr: Float64Array, zi: Float64Array) => void;

export interface GmresOptions {
  /** Initial guess (default 0). */
  x0r?: Float64Array;
  x0i?: Float64Array;
  /** Target relative residual ‖b − A x‖ / ‖b‖ (default 1e-10). */
  tol?: number;
  /** Krylov dimension between restarts (default 50, capped at n). */
  restart?: number;
  /** Maximum total number of inner (Arnoldi) iterations (default max(1000, n)). */
  maxIterations?: number;
  /** Right preconditioner z ← M⁻¹ r: GMRES solves A M⁻¹ u = b, x = M⁻¹ u. */
  preconditioner?: Preconditioner;
  /**
   * Second Gram–Schmidt pass: `true` always, `false` never, `'auto'` (default)
   * when the new vector lost more than 30 % of its norm to the projection.
   */
  reorthogonalize?: boolean | 'auto';
}

export interface GmresResult {
  xr: Float64Array;
  xi: Float64Array;
  /** True residual ‖b − A x‖₂, recomputed at the end. */
  residualNorm: number;
  /** residualNorm / ‖b‖ (residualNorm itself when b = 0). */
  relativeResidual: number;
  /** Inner (Arnoldi) iterations performed, i.e. products with A M⁻¹. */
  iterations: number;
  /** Number of restart cycles started. */
  restarts: number;
  converged: boolean;
}

/**
 * Solve A x = b by restarted GMRES(m) (Saad & Schultz 1986; Saad 2003,
 * Alg. 6.9 with right preconditioning, Alg. 9.5). The Krylov basis and all work
 * vectors are allocated once; inner iterations allocate nothing.
 *
 * Convergence is declared only when the true residual, recomputed from x at
 * the end of a cycle, meets `tol`; otherwise the method restarts until
 * `maxIterations` is reached and reports `converged: false` with the true
 * residual of the returned x.
 */
export function gmres(apply: GmresApply, br: Float64Array, bi: Float64Array, options: GmresOptions = {}): GmresResult {
  const n = br.length;
  if (bi.length !== n) throw new RangeError(`gmres: b has re/im lengths ${br.length}/${bi.length}`);
  const tol = options.tol ?? 1e-10;
  if (!(tol >= 0)) throw new RangeError(`gmres: tol must be non-negative, got ${tol}`);
  const m = Math.max(1, Math.min(options.restart ?? 50, n));
  if (!Number.isInteger(m)) throw new RangeError(`gmres: restart must be an integer, got ${options.restart}`);
  const maxIt = options.maxIterations ?? Math.max(1000, n);
  if (!(maxIt >= 0)) throw new RangeError(`gmres: maxIterations must be ≥ 0, got ${maxIt}`);
  const precond = options.preconditioner;
  const reorth = options.reorthogonalize ?? 'auto';

  const xr = new Float64Array(n), xi = new Float64Array(n);
  if (options.x0r || options.x0i) {
    if (options.x0r) {
      if (options.x0r.length !== n) throw new RangeError(`gmres: x0r has length ${options.x0r.length}, expected ${n}`);
      xr.set(options.x0r);
    }
    if (options.x0i) {
      if (options.x0i.length !== n) throw new RangeError(`gmres: x0i has length ${options.x0i.length}, expected ${n}`);
      xi.set(options.x0i);
    }
  }
  const bnorm = norm2(br, bi);
  if (!Number.isFinite(bnorm)) throw new RangeError('gmres: right-hand side has non-finite entries');
  const scaleRef = bnorm > 0 ? bnorm : 1;

  // ---- Workspace, allocated once.
  const basisRe = new Float64Array((m + 1) * n), basisIm = new Float64Array((m + 1) * n);
  const Vr: Float64Array[] = [], Vi: Float64Array[] = [];
  for (let j = 0; j <= m; j++) {
    Vr.push(basisRe.subarray(j * n, (j + 1) * n));
    Vi.push(basisIm.subarray(j * n, (j + 1) * n));
  }
  const wr = new Float64Array(n), wi = new Float64Array(n); // A M⁻¹ v_j, residuals
  const zr = new Float64Array(n), zi = new Float64Array(n); // M⁻¹ v_j
  // Hessenberg H ((m+1)×m, column j stored at j*(m+1)), rotations, rhs g, solution y.
  const ld = m + 1;
  const hr = new Float64Array(ld * m), hi = new Float64Array(ld * m);
  const cs = new Float64Array(m), snr = new Float64Array(m), sni = new Float64Array(m);
  const gr = new Float64Array(m + 1), gi = new Float64Array(m + 1);
  const yr = new Float64Array(m), yi = new Float64Array(m);

  /** w ← b − A x; returns ‖w‖. */
  const residual = (): number => {
    apply(xr, xi, wr, wi);
    for (let q = 0; q < n; q++) {
      wr[q] = br[q] - wr[q];
      wi[q] = bi[q] - wi[q];
    }
    return norm2(wr, wi);
  };

  let iterations = 0;
  let restarts = 0;
  let rnorm = residual();
  let converged = rnorm <= tol * scaleRef;
  if (bnorm === 0 && rnorm === 0) converged = true;

  while (!converged && iterations < maxIt) {
    restarts++;
    const beta = rnorm;
    {
      const inv = 1 / beta;
      const v0r = Vr[0], v0i = Vi[0];
      for (let q = 0; q < n; q++) { v0r[q] = wr[q] * inv; v0i[q] = wi[q] * inv; }
    }
    gr.fill(0); gi.fill(0);
    gr[0] = beta;
    let jDone = 0; // columns of H completed in this cycle
    for (let j = 0; j < m && iterations < maxIt; j++) {
      // w ← A M⁻¹ v_j
      if (precond) {
        precond(Vr[j], Vi[j], zr, zi);
        apply(zr, zi, wr, wi);
      } else {
        apply(Vr[j], Vi[j], wr, wi);
      }
      iterations++;
      const col = j * ld;
      for (let i = 0; i <= j + 1; i++) { hr[col + i] = 0; hi[col + i] = 0; }
      const wnorm0 = norm2(wr, wi);
      const s = orthogonalize(Vr, Vi, j + 1, wr, wi, wnorm0, hr, hi, col, 1, reorth === true ? 'always' : reorth === 'auto' ? 'auto' : 'once');
      hr[col + j + 1] = s;
      // Happy breakdown: the new direction is round-off of A M⁻¹ v_j, the Krylov space is invariant.
      const breakdown = !(s > 1e-14 * wnorm0);
      if (!breakdown) {
        const inv = 1 / s;
        const nr = Vr[j + 1], ni = Vi[j + 1];
        for (let q = 0; q < n; q++) { nr[q] = wr[q] * inv; ni[q] = wi[q] * inv; }
      }
      // Apply the previous rotations to column j.
      for (let i = 0; i < j; i++) {
        const c = cs[i], sr = snr[i], si = sni[i];
        const ar = hr[col + i], ai = hi[col + i], br2 = hr[col + i + 1], bi2 = hi[col + i + 1];
        // [a; b] ← [c a + s b; −conj(s) a + c b]
        hr[col + i] = c * ar + (sr * br2 - si * bi2);
        hi[col + i] = c * ai + (sr * bi2 + si * br2);
        hr[col + i + 1] = c * br2 - (sr * ar + si * ai);
        hi[col + i + 1] = c * bi2 - (sr * ai - si * ar);
      }
      // New rotation zeroing H[j+1, j] (zlartg-style: c real, s complex).
      {
        const fr = hr[col + j], fi = hi[col + j];
        const g = hr[col + j + 1]; // real, ≥ 0 (gi = 0)
        const fa = Math.hypot(fr, fi);
        let c: number, sr: number, si: number, rr: number, ri: number;
        if (g === 0) {
          c = 1; sr = 0; si = 0; rr = fr; ri = fi;
        } else if (fa === 0) {
          c = 0; sr = 1; si = 0; rr = g; ri = 0;
        } else {
          const rho = Math.hypot(fa, g);
          const ur = fr / fa, ui = fi / fa; // f/|f|
          c = fa / rho;
          sr = (ur * g) / rho; // (f/|f|)·conj(g)/ρ with g real
          si = (ui * g) / rho;
          rr = ur * rho; ri = ui * rho;
        }
        cs[j] = c; snr[j] = sr; sni[j] = si;
        hr[col + j] = rr; hi[col + j] = ri;
        hr[col + j + 1] = 0;
        // g ← [c g_j; −conj(s) g_j]
        const gjr = gr[j], gji = gi[j];
        gr[j] = c * gjr; gi[j] = c * gji;
        gr[j + 1] = -(sr * gjr + si * gji);
        gi[j + 1] = -(sr * gji - si * gjr);
      }
      jDone = j + 1;
      const est = Math.hypot(gr[j + 1], gi[j + 1]);
      if (est <= tol * scaleRef || breakdown) break;
    }
    if (jDone === 0) break;
    // ---- Solve the triangular system R y = g and update x ← x + M⁻¹ V y.
    for (let i = jDone - 1; i >= 0; i--) {
      let sr = gr[i], si = gi[i];
      for (let c = i + 1; c < jDone; c++) {
        const ar = hr[c * ld + i], ai = hi[c * ld + i];
        sr -= ar * yr[c] - ai * yi[c];
        si -= ar * yi[c] + ai * yr[c];
      }
      const dr = hr[i * ld + i], di = hi[i * ld + i];
      const den = dr * dr + di * di;
      if (den === 0) { yr[i] = 0; yi[i] = 0; continue; } // exactly singular A M⁻¹ on this space
      yr[i] = (sr * dr + si * di) / den;
      yi[i] = (si * dr - sr * di) / den;
    }
    // Accumulate V y in w, then x += M⁻¹ w.
    wr.fill(0); wi.fill(0);
    for (let c = 0; c < jDone; c++) {
      const cr = yr[c], ci = yi[c];
      const ar = Vr[c], ai = Vi[c];
      for (let q = 0; q < n; q++) {
        const a = ar[q], b = ai[q];
        wr[q] += cr * a - ci * b;
        wi[q] += cr * b + ci * a;
      }
    }
    if (precond) {
      precond(wr, wi, zr, zi);
      for (let q = 0; q < n; q++) { xr[q] += zr[q]; xi[q] += zi[q]; }
    } else {
      for (let q = 0; q < n; q++) { xr[q] += wr[q]; xi[q] += wi[q]; }
    }
    const previous = rnorm;
    rnorm = residual();
    converged = rnorm <= tol * scaleRef;
    if (!converged && !(rnorm < previous)) {
      // Stagnation over a whole cycle (e.g. singular operator or a breakdown without progress).
      if (jDone < m && iterations < maxIt) break;
    }
  }
  return {
    xr, xi,
    residualNorm: rnorm,
    relativeResidual: bnorm > 0 ? rnorm / bnorm : rnorm,
    iterations,
    restarts,
    converged,
  };
}


/** Position of the diagonal entry of each row of a square CSR matrix; RangeError if one is missing. */
function diagonalPositions(a: SparseMatrix, who: string): Int32Array {
  if (a.rows !== a.cols) throw new RangeError(`${who}: matrix is ${a.rows}x${a.cols}, not square`);
  const n = a.rows;
  const diag = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let p = -1;
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      if (a.colIndex[k] === i) { p = k; break; }
    }
    if (p < 0) throw new RangeError(`${who}: diagonal entry (${i}, ${i}) is not stored`);
    diag[i] = p;
  }
  return diag;
}

/**
 * Jacobi (diagonal) preconditioner z ← D⁻¹ r for a CSR matrix. Throws a
 * RangeError if a diagonal entry is missing or zero.
 */
export function jacobiPreconditioner(a: SparseMatrix): Preconditioner {
  const diag = diagonalPositions(a, 'jacobiPreconditioner');
  const n = a.rows;
  const dr = new Float64Array(n), di = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = a.re[diag[i]], y = a.im[diag[i]];
    const den = x * x + y * y;
    if (den === 0) throw new RangeError(`jacobiPreconditioner: zero diagonal entry in row ${i}`);
    dr[i] = x / den;
    di[i] = -y / den;
  }
  return (rr, ri, zr, zi) => {
    for (let i = 0; i < n; i++) {
      const x = rr[i], y = ri[i];
      zr[i] = dr[i] * x - di[i] * y;
      zi[i] = dr[i] * y + di[i] * x;
    }
  };
}

/**
 * Incomplete LU factorization with zero fill-in, ILU(0), of a square CSR matrix
 * (Saad 2003, Alg. 10.4, IKJ variant): L and U keep exactly the sparsity pattern
 * of A. Returns the preconditioner z ← (LU)⁻¹ r (forward then backward
 * substitution, no allocation per call). Throws a RangeError if a diagonal
 * entry is missing or a pivot becomes zero — unless `pivotFloor` is given, in
 * which case a pivot with |u_ii| < pivotFloor is replaced by pivotFloor (a
 * diagonal shift that keeps the preconditioner usable for singular-ish
 * matrices such as trace-constrained Liouvillians; the diagonal must still be
 * stored, see `withStructuralDiagonal`).
 */
export function ilu0(a: SparseMatrix, options: { pivotFloor?: number } = {}): Preconditioner {
  const floor = options.pivotFloor ?? 0;
  const diag = diagonalPositions(a, 'ilu0');
  const n = a.rows;
  const rowPtr = a.rowPtr, col = a.colIndex;
  const nnz = rowPtr[n];
  const lr = a.re.slice(0, nnz), li = a.im.slice(0, nnz);
  const where = new Int32Array(n).fill(-1); // column → position in the current row
  const invR = new Float64Array(n), invI = new Float64Array(n); // 1/U_ii
  for (let i = 0; i < n; i++) {
    const s = rowPtr[i], e = rowPtr[i + 1];
    for (let p = s; p < e; p++) where[col[p]] = p;
    for (let p = s; p < e && col[p] < i; p++) {
      const k = col[p];
      // l_ik = a_ik / u_kk
      const ar = lr[p], ai = li[p];
      const mr = ar * invR[k] - ai * invI[k], mi = ar * invI[k] + ai * invR[k];
      lr[p] = mr; li[p] = mi;
      for (let q = diag[k] + 1; q < rowPtr[k + 1]; q++) {
        const w = where[col[q]];
        if (w < 0) continue;
        const ur = lr[q], ui = li[q];
        lr[w] -= mr * ur - mi * ui;
        li[w] -= mr * ui + mi * ur;
      }
    }
    const d = diag[i];
    let x = lr[d], y = li[d];
    if (floor > 0 && Math.hypot(x, y) < floor) {
      x = floor;
      y = 0;
      lr[d] = x;
      li[d] = y;
    }
    const den = x * x + y * y;
    if (!(den > 0) || !Number.isFinite(den)) throw new RangeError(`ilu0: zero or non-finite pivot in row ${i}`);
    invR[i] = x / den;
    invI[i] = -y / den;
    for (let p = s; p < e; p++) where[col[p]] = -1;
  }
  return (rr, ri, zr, zi) => {
    // L y = r (unit lower)
    for (let i = 0; i < n; i++) {
      let sr = rr[i], si = ri[i];
      for (let p = rowPtr[i], d = diag[i]; p < d; p++) {
        const j = col[p];
        const ar = lr[p], ai = li[p];
        sr -= ar * zr[j] - ai * zi[j];
        si -= ar * zi[j] + ai * zr[j];
      }
      zr[i] = sr; zi[i] = si;
    }
    // U z = y
    for (let i = n - 1; i >= 0; i--) {
      let sr = zr[i], si = zi[i];
      for (let p = diag[i] + 1, e = rowPtr[i + 1]; p < e; p++) {
        const j = col[p];
        const ar = lr[p], ai = li[p];
        sr -= ar * zr[j] - ai * zi[j];
        si -= ar * zi[j] + ai * zr[j];
      }
      zr[i] = sr * invR[i] - si * invI[i];
      zi[i] = sr * invI[i] + si * invR[i];
    }
  };
}

/** Copy of `a` with an explicitly stored (possibly zero) entry on every diagonal position. */
export function withStructuralDiagonal(a: SparseMatrix): SparseMatrix {
  const n = a.rows;
  let missing = 0;
  for (let i = 0; i < n; i++) {
    let found = false;
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) if (a.colIndex[k] === i) { found = true; break; }
    if (!found) missing++;
  }
  if (missing === 0) return a;
  const nnz = a.nnz + missing;
  const rowPtr = new Int32Array(n + 1), colIndex = new Int32Array(nnz), re = new Float64Array(nnz), im = new Float64Array(nnz);
  let p = 0;
  for (let i = 0; i < n; i++) {
    let placed = false;
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      const j = a.colIndex[k];
      if (!placed && j > i) { colIndex[p++] = i; placed = true; }
      if (j === i) placed = true;
      colIndex[p] = j; re[p] = a.re[k]; im[p] = a.im[k]; p++;
    }
    if (!placed) colIndex[p++] = i;
    rowPtr[i + 1] = p;
  }
  return new SparseMatrix(n, a.cols, rowPtr, colIndex, re, im);
}
