/**
 * Tensor (Kronecker) products and embedding of local operators into a
 * composite Hilbert space H_0 ⊗ H_1 ⊗ … ⊗ H_{N−1}.
 *
 * Ordering (SPEC §3): tensor products in the order written, so subsystem 0
 * is the most significant digit of the composite index:
 *   index = Σ_k i_k · Π_{l>k} d_l     (row-major / "big-endian", as QuTiP).
 */
import { SparseMatrix, sparseKron, sparseMatmul } from '../linalg/sparse.js';
import { type Operator, toSparse } from '../linalg/operator.js';

/** Validate a list of local dimensions (positive integers) and return their product. */
export function totalDimension(dims: readonly number[]): number {
  if (dims.length === 0) throw new RangeError('dims: empty list of local dimensions');
  let n = 1;
  for (let k = 0; k < dims.length; k++) {
    const d = dims[k];
    if (!Number.isInteger(d) || d < 1) throw new RangeError(`dims[${k}] = ${d} is not a positive integer`);
    n *= d;
  }
  if (n > 2 ** 31 - 1) throw new RangeError(`dims: composite dimension ${n} exceeds the 32-bit index range`);
  return n;
}

/**
 * Kronecker product A_0 ⊗ A_1 ⊗ … in the order written (sparse result; dense
 * inputs are converted). Van Loan, "The ubiquitous Kronecker product",
 * J. Comput. Appl. Math. 123 (2000): (A⊗B)_{(i_a d_b + i_b),(j_a d_b + j_b)} = a_{i_a j_a} b_{i_b j_b}.
 */
export function tensor(...ops: Operator[]): SparseMatrix {
  if (ops.length === 0) throw new RangeError('tensor: no operators given');
  let acc = toSparse(ops[0]);
  for (let k = 1; k < ops.length; k++) acc = sparseKron(acc, toSparse(ops[k]));
  return acc;
}

/**
 * I_{left} ⊗ op ⊗ I_{right}: `op` acting on subsystem `site` of a composite
 * with local dimensions `dims`, identity elsewhere. Built directly in CSR
 * (rows in order (l, a, r), columns sorted) with nnz = nnz(op) · N/d_site.
 * @throws RangeError if `site` is out of range or `op` is not d_site × d_site.
 */
export function embed(op: Operator, site: number, dims: readonly number[]): SparseMatrix {
  const n = totalDimension(dims);
  if (!Number.isInteger(site) || site < 0 || site >= dims.length) {
    throw new RangeError(`embed: site ${site} outside 0..${dims.length - 1}`);
  }
  const d = dims[site];
  if (op.rows !== d || op.cols !== d) {
    throw new RangeError(`embed: operator is ${op.rows}x${op.cols} but subsystem ${site} has dimension ${d}`);
  }
  const a = toSparse(op);
  let left = 1;
  for (let k = 0; k < site; k++) left *= dims[k];
  const right = n / (left * d);
  const nnzOp = a.nnz;
  const nnz = nnzOp * left * right;
  const rowPtr = new Int32Array(n + 1);
  const colIndex = new Int32Array(nnz);
  const re = new Float64Array(nnz);
  const im = new Float64Array(nnz);
  let p = 0;
  for (let l = 0; l < left; l++) {
    for (let ia = 0; ia < d; ia++) {
      const start = a.rowPtr[ia], end = a.rowPtr[ia + 1];
      const rowBase = (l * d + ia) * right;
      for (let r = 0; r < right; r++) {
        for (let k = start; k < end; k++) {
          colIndex[p] = (l * d + a.colIndex[k]) * right + r;
          re[p] = a.re[k];
          im[p] = a.im[k];
          p++;
        }
        rowPtr[rowBase + r + 1] = p;
      }
    }
  }
  return new SparseMatrix(n, n, rowPtr, colIndex, re, im);
}

/** One factor of a product of local operators: `op` acting on subsystem `site`. */
export interface LocalOperator {
  op: Operator;
  site: number;
}

/**
 * Product Π_k embed(op_k, site_k, dims) in the order given, e.g.
 * S⁺_j S'⁺_{j+1} = embedMany([{op: Sp, site: j}, {op: Spp, site: j+1}], dims).
 * Factors on different sites commute; factors on the same site are multiplied
 * in the order listed. Built as a single Kronecker product of the local
 * products (identity on untouched sites), so no composite-size matmul is done.
 */
export function embedMany(factors: readonly LocalOperator[], dims: readonly number[]): SparseMatrix {
  totalDimension(dims);
  const local: (SparseMatrix | null)[] = dims.map(() => null);
  for (const { op, site } of factors) {
    if (!Number.isInteger(site) || site < 0 || site >= dims.length) {
      throw new RangeError(`embedMany: site ${site} outside 0..${dims.length - 1}`);
    }
    if (op.rows !== dims[site] || op.cols !== dims[site]) {
      throw new RangeError(`embedMany: operator on site ${site} is ${op.rows}x${op.cols}, expected ${dims[site]}x${dims[site]}`);
    }
    const s = toSparse(op);
    const prev = local[site];
    local[site] = prev === null ? s : sparseMatmul(prev, s);
  }
  // Merge runs of identity factors into one identity to keep the number of krons small.
  const parts: SparseMatrix[] = [];
  let idRun = 1;
  for (let k = 0; k < dims.length; k++) {
    const m = local[k];
    if (m === null) {
      idRun *= dims[k];
      continue;
    }
    if (idRun > 1) parts.push(SparseMatrix.identity(idRun));
    idRun = 1;
    parts.push(m);
  }
  if (idRun > 1 || parts.length === 0) parts.push(SparseMatrix.identity(idRun));
  return tensor(...parts);
}

/**
 * Composite index Σ_k i_k Π_{l>k} d_l of local indices (i_0, …, i_{N−1}).
 * @throws RangeError on a length mismatch or an index outside 0..d_k−1.
 */
export function compositeIndex(dims: readonly number[], localIdx: readonly number[]): number {
  totalDimension(dims);
  if (localIdx.length !== dims.length) {
    throw new RangeError(`compositeIndex: ${localIdx.length} local indices for ${dims.length} subsystems`);
  }
  let index = 0;
  for (let k = 0; k < dims.length; k++) {
    const i = localIdx[k];
    if (!Number.isInteger(i) || i < 0 || i >= dims[k]) {
      throw new RangeError(`compositeIndex: local index ${i} of subsystem ${k} outside 0..${dims[k] - 1}`);
    }
    index = index * dims[k] + i;
  }
  return index;
}

/** Local indices (i_0, …, i_{N−1}) of a composite index (inverse of `compositeIndex`). */
export function localIndices(dims: readonly number[], index: number): number[] {
  const n = totalDimension(dims);
  if (!Number.isInteger(index) || index < 0 || index >= n) {
    throw new RangeError(`localIndices: index ${index} outside 0..${n - 1}`);
  }
  const out = new Array<number>(dims.length);
  let rest = index;
  for (let k = dims.length - 1; k >= 0; k--) {
    out[k] = rest % dims[k];
    rest = (rest - out[k]) / dims[k];
  }
  return out;
}
