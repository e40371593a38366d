/**
 * An `Operator` is a linear map stored either densely or sparsely. Layers
 * above linalg accept either and convert with these helpers.
 */
import { ComplexMatrix, matvecInto } from './dense.js';
import { SparseMatrix, spmvInto } from './sparse.js';

export type Operator = ComplexMatrix | SparseMatrix;

export function isSparse(a: Operator): a is SparseMatrix {
  return a instanceof SparseMatrix;
}

export function toSparse(a: Operator): SparseMatrix {
  return a instanceof SparseMatrix ? a : SparseMatrix.fromDense(a);
}

export function toDense(a: Operator): ComplexMatrix {
  return a instanceof SparseMatrix ? a.toDense() : a;
}

/** y ← A x for split complex vectors, whatever the storage of A. */
export function applyInto(a: Operator, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  if (a instanceof SparseMatrix) spmvInto(a, xr, xi, yr, yi);
  else matvecInto(a, xr, xi, yr, yi);
}
