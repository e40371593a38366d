/**
 * Physical validity of operators and states, located so that callers can
 * name the offending entry: Hermiticity defects (dense or CSR), the smallest
 * eigenvalue of a Hermitian matrix (positivity), and the ket of a pure
 * density matrix.
 */
import { ComplexMatrix } from '../linalg/dense.js';
import { SparseMatrix } from '../linalg/sparse.js';
import { ComplexVector, norm2 } from '../linalg/vector.js';
import type { Operator } from '../linalg/operator.js';
import { eigh } from '../linalg/eigen-hermitian.js';

/** Largest |a_ij| over the stored entries. */
export function maxAbsEntry(op: Operator): number {
  let m = 0;
  const len = op instanceof SparseMatrix ? op.nnz : op.re.length;
  for (let k = 0; k < len; k++) {
    const v = Math.hypot(op.re[k], op.im[k]);
    if (v > m) m = v;
  }
  return m;
}

/** Value of entry (i, j) of a CSR matrix (binary search in row i; 0 when absent). */
function sparseEntry(a: SparseMatrix, i: number, j: number): [number, number] {
  let lo = a.rowPtr[i], hi = a.rowPtr[i + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = a.colIndex[mid];
    if (c === j) return [a.re[mid], a.im[mid]];
    if (c < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return [0, 0];
}

/**
 * The entry (i, j) where |a_ij − conj(a_ji)| is largest, and that defect.
 * For CSR input only stored entries are visited (an absent pair is zero on both sides).
 */
export function worstHermitianDefect(op: Operator): { i: number; j: number; defect: number } {
  let best = { i: 0, j: 0, defect: 0 };
  if (op instanceof SparseMatrix) {
    for (let i = 0; i < op.rows; i++) {
      for (let k = op.rowPtr[i]; k < op.rowPtr[i + 1]; k++) {
        const j = op.colIndex[k];
        const [tr, ti] = sparseEntry(op, j, i);
        const d = Math.hypot(op.re[k] - tr, op.im[k] + ti);
        if (d > best.defect) best = { i, j, defect: d };
      }
    }
  } else {
    const n = op.rows;
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const d = Math.hypot(op.re[i * n + j] - op.re[j * n + i], op.im[i * n + j] + op.im[j * n + i]);
        if (d > best.defect) best = { i, j, defect: d };
      }
    }
  }
  return best;
}

/** Re Tr ρ. */
export function traceRe(rho: ComplexMatrix): number {
  const n = rho.rows;
  let tr = 0;
  for (let i = 0; i < n; i++) tr += rho.re[i * n + i];
  return tr;
}

/** Smallest eigenvalue of a Hermitian matrix (positivity of a density matrix: λ_min ≥ 0). */
export function smallestEigenvalue(herm: ComplexMatrix): number {
  const { values } = eigh(herm, { vectors: false });
  let lmin = Infinity;
  for (let k = 0; k < values.length; k++) if (values[k] < lmin) lmin = values[k];
  return lmin;
}

/** Tr ρ² = Σ_ij |ρ_ij|² for Hermitian ρ (1 for a pure state). */
export function hermitianPurity(rho: ComplexMatrix): number {
  let s = 0;
  for (let k = 0; k < rho.re.length; k++) s += rho.re[k] * rho.re[k] + rho.im[k] * rho.im[k];
  return s;
}

/**
 * The ket of a pure density matrix ρ = |ψ⟩⟨ψ| (the caller checks purity),
 * read from the column j of largest ρ_jj: ψ_i = ρ_ij / √ρ_jj (up to a global
 * phase), normalized.
 */
export function ketOfPureState(rho: ComplexMatrix): ComplexVector {
  const n = rho.rows;
  let jmax = 0;
  for (let j = 1; j < n; j++) if (rho.re[j * n + j] > rho.re[jmax * n + jmax]) jmax = j;
  const s = Math.sqrt(rho.re[jmax * n + jmax]);
  const psi = new ComplexVector(n);
  for (let i = 0; i < n; i++) {
    psi.re[i] = rho.re[i * n + jmax] / s;
    psi.im[i] = rho.im[i * n + jmax] / s;
  }
  const nrm = norm2(psi.re, psi.im);
  for (let i = 0; i < n; i++) {
    psi.re[i] /= nrm;
    psi.im[i] /= nrm;
  }
  return psi;
}
