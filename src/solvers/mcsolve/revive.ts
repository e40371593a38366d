/**
 * Rebuilding the plain data that crossed a thread boundary (structured clone
 * keeps the fields of a SparseMatrix but not its class).
 */
import { SparseMatrix } from '../../linalg/sparse.js';

/** A SparseMatrix again from its structured-cloned fields (the same object when it already is one). */
export function revive(m: SparseMatrix): SparseMatrix {
  if (m instanceof SparseMatrix) return m;
  const d = m as { rows: number; cols: number; rowPtr: Int32Array; colIndex: Int32Array; re: Float64Array; im: Float64Array };
  return new SparseMatrix(d.rows, d.cols, d.rowPtr, d.colIndex, d.re, d.im);
}
