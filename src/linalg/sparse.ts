/**
 * Complex sparse matrices in compressed sparse row (CSR) form.
 *
 * Row i holds the entries k = rowPtr[i] … rowPtr[i+1]−1, with column
 * colIndex[k] and value re[k] + i·im[k]; columns are sorted within a row and
 * unique. Liouvillians of spin systems are built and applied in this form.
 */
import { ComplexMatrix } from './dense.js';

export class SparseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly rowPtr: Int32Array;
  readonly colIndex: Int32Array;
  readonly re: Float64Array;
  readonly im: Float64Array;

  constructor(rows: number, cols: number, rowPtr: Int32Array, colIndex: Int32Array, re: Float64Array, im: Float64Array) {
    if (rowPtr.length !== rows + 1) throw new RangeError(`SparseMatrix: rowPtr has length ${rowPtr.length}, expected ${rows + 1}`);
    const nnz = rowPtr[rows];
    if (colIndex.length < nnz || re.length < nnz || im.length < nnz) throw new RangeError('SparseMatrix: arrays shorter than rowPtr says');
    this.rows = rows;
    this.cols = cols;
    this.rowPtr = rowPtr;
    this.colIndex = colIndex;
    this.re = re;
    this.im = im;
  }

  get nnz(): number {
    return this.rowPtr[this.rows];
  }

  get isSquare(): boolean {
    return this.rows === this.cols;
  }

  static zeros(rows: number, cols: number = rows): SparseMatrix {
    return new SparseMatrix(rows, cols, new Int32Array(rows + 1), new Int32Array(0), new Float64Array(0), new Float64Array(0));
  }

  static identity(n: number): SparseMatrix {
    const rowPtr = new Int32Array(n + 1);
    const colIndex = new Int32Array(n);
    const re = new Float64Array(n).fill(1);
    for (let i = 0; i <= n; i++) rowPtr[i] = i;
    for (let i = 0; i < n; i++) colIndex[i] = i;
    return new SparseMatrix(n, n, rowPtr, colIndex, re, new Float64Array(n));
  }

  /**
   * Build from coordinate triplets; duplicates are summed (in input order), exact zeros dropped.
   * Each row is sorted in place in typed arrays (no JavaScript arrays: the assembly of a large
   * Liouvillian is the peak memory of the Krylov and steady-state solvers, see
   * src/solvers/memory-estimate.ts).
   */
  static fromTriplets(
    rows: number, cols: number,
    rowIdx: ArrayLike<number>, colIdx: ArrayLike<number>,
    re: ArrayLike<number>, im?: ArrayLike<number>,
  ): SparseMatrix {
    const n = rowIdx.length;
    if (colIdx.length !== n || re.length !== n || (im && im.length !== n)) {
      throw new RangeError('SparseMatrix.fromTriplets: triplet arrays have different lengths');
    }
    const counts = new Int32Array(rows + 1);
    for (let k = 0; k < n; k++) {
      const i = rowIdx[k], j = colIdx[k];
      if (!(i >= 0 && i < rows && j >= 0 && j < cols) || !Number.isInteger(i) || !Number.isInteger(j)) {
        throw new RangeError(`SparseMatrix.fromTriplets: entry ${k} index (${i}, ${j}) outside ${rows}x${cols}`);
      }
      counts[i + 1]++;
    }
    for (let i = 0; i < rows; i++) counts[i + 1] += counts[i];
    // Scatter into rows, then sort each row by column and merge duplicates.
    const pos = counts.slice(0, rows);
    const tc = new Int32Array(n), tr = new Float64Array(n), ti = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const p = pos[rowIdx[k]]++;
      tc[p] = colIdx[k];
      tr[p] = re[k];
      ti[p] = im ? im[k] : 0;
    }
    // Each row's entries in column order, ties in input order (so duplicates are summed in input order), then
    // merged and compacted in place: an entry never moves to a later position.
    const rowPtr = new Int32Array(rows + 1);
    let order = new Int32Array(0);
    let nnz = 0;
    for (let i = 0; i < rows; i++) {
      const s = counts[i], e = counts[i + 1], len = e - s;
      if (len <= 32) {
        // insertion sort of the row in place (stable: only strictly larger columns move right)
        for (let p = s + 1; p < e; p++) {
          const c = tc[p], r = tr[p], m = ti[p];
          let q = p - 1;
          while (q >= s && tc[q] > c) { tc[q + 1] = tc[q]; tr[q + 1] = tr[q]; ti[q + 1] = ti[q]; q--; }
          tc[q + 1] = c; tr[q + 1] = r; ti[q + 1] = m;
        }
      } else {
        if (order.length < len) order = new Int32Array(Math.max(len, 2 * order.length));
        const o = order.subarray(0, len);
        for (let p = 0; p < len; p++) o[p] = s + p;
        o.sort((a, b) => tc[a] - tc[b] || a - b);
        const c = new Int32Array(len), r = new Float64Array(len), m = new Float64Array(len);
        for (let p = 0; p < len; p++) { c[p] = tc[o[p]]; r[p] = tr[o[p]]; m[p] = ti[o[p]]; }
        tc.set(c, s); tr.set(r, s); ti.set(m, s);
      }
      for (let p = s; p < e;) {
        const c = tc[p];
        let sr = 0, si = 0;
        while (p < e && tc[p] === c) { sr += tr[p]; si += ti[p]; p++; }
        if (sr !== 0 || si !== 0) { tc[nnz] = c; tr[nnz] = sr; ti[nnz] = si; nnz++; }
      }
      rowPtr[i + 1] = nnz;
    }
    return new SparseMatrix(rows, cols, rowPtr, tc.slice(0, nnz), tr.slice(0, nnz), ti.slice(0, nnz));
  }

  /** Sparse copy of a dense matrix, dropping entries with |a_ij| ≤ tolerance. */
  static fromDense(a: ComplexMatrix, tolerance = 0): SparseMatrix {
    const rowPtr = new Int32Array(a.rows + 1);
    let nnz = 0;
    for (let k = 0; k < a.re.length; k++) if (Math.hypot(a.re[k], a.im[k]) > tolerance) nnz++;
    const colIndex = new Int32Array(nnz), re = new Float64Array(nnz), im = new Float64Array(nnz);
    let p = 0;
    for (let i = 0; i < a.rows; i++) {
      for (let j = 0; j < a.cols; j++) {
        const k = i * a.cols + j;
        if (Math.hypot(a.re[k], a.im[k]) > tolerance) {
          colIndex[p] = j;
          re[p] = a.re[k];
          im[p] = a.im[k];
          p++;
        }
      }
      rowPtr[i + 1] = p;
    }
    return new SparseMatrix(a.rows, a.cols, rowPtr, colIndex, re, im);
  }

  toDense(): ComplexMatrix {
    const d = new ComplexMatrix(this.rows, this.cols);
    for (let i = 0; i < this.rows; i++) {
      for (let k = this.rowPtr[i]; k < this.rowPtr[i + 1]; k++) {
        const idx = i * this.cols + this.colIndex[k];
        d.re[idx] += this.re[k];
        d.im[idx] += this.im[k];
      }
    }
    return d;
  }

  /** Triplet form (row, col, re, im) of the stored entries. */
  toTriplets(): { row: Int32Array; col: Int32Array; re: Float64Array; im: Float64Array } {
    const nnz = this.nnz;
    const row = new Int32Array(nnz);
    for (let i = 0; i < this.rows; i++) row.fill(i, this.rowPtr[i], this.rowPtr[i + 1]);
    return { row, col: this.colIndex.slice(0, nnz), re: this.re.slice(0, nnz), im: this.im.slice(0, nnz) };
  }
}

/**
 * y ← A x (y must not alias x). Split real/imaginary vectors; no allocation.
 */
export function spmvInto(a: SparseMatrix, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const { rowPtr, colIndex, re, im } = a;
  for (let i = 0; i < a.rows; i++) {
    let sr = 0, si = 0;
    const end = rowPtr[i + 1];
    for (let k = rowPtr[i]; k < end; k++) {
      const j = colIndex[k];
      const pr = re[k], pi = im[k];
      const vr = xr[j], vi = xi[j];
      sr += pr * vr - pi * vi;
      si += pr * vi + pi * vr;
    }
    yr[i] = sr;
    yi[i] = si;
  }
}

/** Conjugate transpose A†. */
export function sparseAdjoint(a: SparseMatrix): SparseMatrix {
  return sparseTransposeImpl(a, -1);
}

/** Transpose Aᵀ (no conjugation). */
export function sparseTranspose(a: SparseMatrix): SparseMatrix {
  return sparseTransposeImpl(a, 1);
}

function sparseTransposeImpl(a: SparseMatrix, imSign: number): SparseMatrix {
  const nnz = a.nnz;
  const rowPtr = new Int32Array(a.cols + 1);
  for (let k = 0; k < nnz; k++) rowPtr[a.colIndex[k] + 1]++;
  for (let j = 0; j < a.cols; j++) rowPtr[j + 1] += rowPtr[j];
  const pos = rowPtr.slice(0, a.cols);
  const colIndex = new Int32Array(nnz), re = new Float64Array(nnz), im = new Float64Array(nnz);
  for (let i = 0; i < a.rows; i++) {
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      const p = pos[a.colIndex[k]]++;
      colIndex[p] = i; // rows visited in increasing order → columns sorted
      re[p] = a.re[k];
      im[p] = imSign * a.im[k];
    }
  }
  return new SparseMatrix(a.cols, a.rows, rowPtr, colIndex, re, im);
}

/** Σ_k (α_k) A_k for same-shape sparse matrices (complex weights). */
export function sparseLinearCombination(terms: readonly { matrix: SparseMatrix; re: number; im?: number }[]): SparseMatrix {
  if (terms.length === 0) throw new RangeError('sparseLinearCombination: no terms');
  const { rows, cols } = terms[0].matrix;
  let total = 0;
  for (const t of terms) {
    if (t.matrix.rows !== rows || t.matrix.cols !== cols) throw new RangeError('sparseLinearCombination: shapes differ');
    total += t.matrix.nnz;
  }
  const ri = new Int32Array(total), ci = new Int32Array(total), vr = new Float64Array(total), vi = new Float64Array(total);
  let p = 0;
  for (const t of terms) {
    const { matrix: m } = t;
    const wr = t.re, wi = t.im ?? 0;
    for (let i = 0; i < m.rows; i++) {
      for (let k = m.rowPtr[i]; k < m.rowPtr[i + 1]; k++) {
        ri[p] = i;
        ci[p] = m.colIndex[k];
        vr[p] = wr * m.re[k] - wi * m.im[k];
        vi[p] = wr * m.im[k] + wi * m.re[k];
        p++;
      }
    }
  }
  return SparseMatrix.fromTriplets(rows, cols, ri, ci, vr, vi);
}

/** A + B */
export function sparseAdd(a: SparseMatrix, b: SparseMatrix): SparseMatrix {
  return sparseLinearCombination([{ matrix: a, re: 1 }, { matrix: b, re: 1 }]);
}

/** (sr + i·si) A */
export function sparseScale(a: SparseMatrix, sr: number, si = 0): SparseMatrix {
  const nnz = a.nnz;
  const re = new Float64Array(nnz), im = new Float64Array(nnz);
  for (let k = 0; k < nnz; k++) {
    re[k] = sr * a.re[k] - si * a.im[k];
    im[k] = sr * a.im[k] + si * a.re[k];
  }
  return new SparseMatrix(a.rows, a.cols, a.rowPtr.slice(), a.colIndex.slice(0, nnz), re, im);
}

/** Sparse product A·B (Gustavson's row-by-row algorithm with a dense accumulator). */
export function sparseMatmul(a: SparseMatrix, b: SparseMatrix): SparseMatrix {
  if (a.cols !== b.rows) throw new RangeError(`sparseMatmul: inner dimensions ${a.cols} and ${b.rows} differ`);
  const n = a.rows, p = b.cols;
  const accR = new Float64Array(p), accI = new Float64Array(p);
  const mark = new Int32Array(p).fill(-1);
  const rowPtr = new Int32Array(n + 1);
  let cap = Math.max(16, a.nnz + b.nnz);
  let colIndex = new Int32Array(cap), re = new Float64Array(cap), im = new Float64Array(cap);
  let nnz = 0;
  const touched: number[] = [];
  for (let i = 0; i < n; i++) {
    touched.length = 0;
    for (let ka = a.rowPtr[i]; ka < a.rowPtr[i + 1]; ka++) {
      const k = a.colIndex[ka];
      const xr = a.re[ka], xi = a.im[ka];
      for (let kb = b.rowPtr[k]; kb < b.rowPtr[k + 1]; kb++) {
        const j = b.colIndex[kb];
        if (mark[j] !== i) {
          mark[j] = i;
          accR[j] = 0;
          accI[j] = 0;
          touched.push(j);
        }
        const yr = b.re[kb], yi = b.im[kb];
        accR[j] += xr * yr - xi * yi;
        accI[j] += xr * yi + xi * yr;
      }
    }
    touched.sort((u, v) => u - v);
    if (nnz + touched.length > cap) {
      cap = Math.max(2 * cap, nnz + touched.length);
      const c2 = new Int32Array(cap); c2.set(colIndex.subarray(0, nnz)); colIndex = c2;
      const r2 = new Float64Array(cap); r2.set(re.subarray(0, nnz)); re = r2;
      const i2 = new Float64Array(cap); i2.set(im.subarray(0, nnz)); im = i2;
    }
    for (const j of touched) {
      if (accR[j] !== 0 || accI[j] !== 0) {
        colIndex[nnz] = j;
        re[nnz] = accR[j];
        im[nnz] = accI[j];
        nnz++;
      }
    }
    rowPtr[i + 1] = nnz;
  }
  return new SparseMatrix(n, p, rowPtr, colIndex.slice(0, nnz), re.slice(0, nnz), im.slice(0, nnz));
}

/** Sparse Kronecker product A ⊗ B. */
export function sparseKron(a: SparseMatrix, b: SparseMatrix): SparseMatrix {
  const rows = a.rows * b.rows, cols = a.cols * b.cols;
  const nnz = a.nnz * b.nnz;
  const rowPtr = new Int32Array(rows + 1);
  const colIndex = new Int32Array(nnz), re = new Float64Array(nnz), im = new Float64Array(nnz);
  let p = 0;
  for (let ia = 0; ia < a.rows; ia++) {
    for (let ib = 0; ib < b.rows; ib++) {
      // Columns ja·b.cols + jb are increasing because both inputs are sorted.
      for (let ka = a.rowPtr[ia]; ka < a.rowPtr[ia + 1]; ka++) {
        const ja = a.colIndex[ka];
        const xr = a.re[ka], xi = a.im[ka];
        for (let kb = b.rowPtr[ib]; kb < b.rowPtr[ib + 1]; kb++) {
          colIndex[p] = ja * b.cols + b.colIndex[kb];
          const yr = b.re[kb], yi = b.im[kb];
          re[p] = xr * yr - xi * yi;
          im[p] = xr * yi + xi * yr;
          p++;
        }
      }
      rowPtr[ia * b.rows + ib + 1] = p;
    }
  }
  return new SparseMatrix(rows, cols, rowPtr, colIndex, re, im);
}

/** max |a_ij − a_ji*| over stored entries: zero for a Hermitian matrix. */
export function sparseHermitianDefect(a: SparseMatrix): number {
  if (!a.isSquare) return Infinity;
  const d = sparseLinearCombination([{ matrix: a, re: 1 }, { matrix: sparseAdjoint(a), re: -1 }]);
  let m = 0;
  for (let k = 0; k < d.nnz; k++) m = Math.max(m, Math.hypot(d.re[k], d.im[k]));
  return m;
}
