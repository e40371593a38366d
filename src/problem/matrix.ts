/**
 * MATRIX and VECTOR values of the problem format (SPEC §2) read from plain
 * data (parsed JSON/YAML), with every defect a `ProblemError` naming the
 * field, e.g. `c_ops[1].re[2]: expected 3 numbers, got 2`.
 *
 * MATRIX is either dense `{"re": [[...]], "im": [[...]]}` (`im` optional) or
 * sparse `{"shape": [n, n], "entries": [[i, j, re], [i, j, re, im], ...]}`
 * (0-based, duplicates summed). VECTOR is `{"re": [...], "im": [...]}` (`im`
 * optional). Sparse input stays a `SparseMatrix`; dense input that is mostly
 * zero is converted to one (see `compactOperator`).
 */
import { ComplexMatrix } from '../linalg/dense.js';
import { SparseMatrix } from '../linalg/sparse.js';
import { ComplexVector } from '../linalg/vector.js';
import type { Operator } from '../linalg/operator.js';
import { maxAbsEntry, worstHermitianDefect } from '../quantum/validity.js';
import { ProblemError, unknownNameMessage } from '../util/errors.js';

/** Relative tolerance of the Hermiticity checks: |A_ij − conj(A_ji)| ≤ 1e-10·max|A| + 1e-300. */
export const HERMITIAN_RTOL = 1e-10;
/** Largest accepted dimension of an operator (guards allocations against typos such as 1e9). */
export const MAX_DIMENSION = 1 << 22;

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `a string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)}`;
  if (typeof v === 'object') return 'an object';
  return typeof v === 'boolean' ? String(v) : typeof v;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function has(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

export function finiteNumber(v: unknown, path: string): number {
  if (typeof v !== 'number') throw new ProblemError(path, `expected a number, got ${describe(v)}`);
  if (!Number.isFinite(v)) throw new ProblemError(path, `expected a finite number, got ${v}`);
  return v;
}

export function checkKeys(obj: Record<string, unknown>, path: string, known: readonly string[], kind = 'field'): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) throw new ProblemError(path ? `${path}.${key}` : key, unknownNameMessage(kind, key, known));
  }
}

function checkDimension(n: number, path: string): void {
  if (n > MAX_DIMENSION) throw new ProblemError(path, `dimension ${n} exceeds the supported maximum ${MAX_DIMENSION}`);
}

/** Fill `dst[offset..]` with the finite numbers of a row array, or throw naming the entry. */
function readRow(row: unknown, expected: number, path: string, dst: Float64Array, offset: number): void {
  if (!Array.isArray(row)) throw new ProblemError(path, `expected an array of ${expected} numbers, got ${describe(row)}`);
  if (row.length !== expected) throw new ProblemError(path, `expected ${expected} numbers, got ${row.length}`);
  for (let j = 0; j < expected; j++) {
    const x = row[j];
    if (typeof x === 'number' && Number.isFinite(x)) dst[offset + j] = x;
    else dst[offset + j] = finiteNumber(x, `${path}[${j}]`); // throws
  }
}

const MATRIX_HINT = 'expected a MATRIX: {"re": [[...]], "im": [[...]]} or {"shape": [n, n], "entries": [[i, j, re, im], ...]}';

/**
 * Parse a MATRIX (dense or sparse form). Dense input gives a `ComplexMatrix`,
 * sparse input a `SparseMatrix` (duplicate entries summed). Shapes are checked
 * for consistency here; squareness and size are the caller's to check.
 */
export function parseMatrix(v: unknown, path: string): Operator {
  if (!isPlainObject(v)) throw new ProblemError(path, `${MATRIX_HINT}, got ${describe(v)}`);
  const dense = has(v, 're') || has(v, 'im');
  const sparse = has(v, 'shape') || has(v, 'entries');
  if (dense && sparse) throw new ProblemError(path, 'mixes the dense ("re"/"im") and sparse ("shape"/"entries") forms; use one');
  if (sparse) return parseSparseMatrix(v, path);
  if (dense) return parseDenseMatrix(v, path);
  const keys = Object.keys(v);
  if (keys.length > 0) checkKeys(v, path, ['re', 'im', 'shape', 'entries']);
  throw new ProblemError(path, MATRIX_HINT);
}

function parseDenseMatrix(v: Record<string, unknown>, path: string): ComplexMatrix {
  checkKeys(v, path, ['re', 'im']);
  if (!has(v, 're')) throw new ProblemError(`${path}.re`, 'required field is missing (the real part; "im" alone is not enough)');
  const re = v.re;
  if (!Array.isArray(re)) throw new ProblemError(`${path}.re`, `expected an array of rows, got ${describe(re)}`);
  if (re.length === 0) throw new ProblemError(`${path}.re`, 'expected at least one row, got an empty array');
  const rows = re.length;
  checkDimension(rows, `${path}.re`);
  const first = re[0];
  if (!Array.isArray(first)) throw new ProblemError(`${path}.re[0]`, `expected an array of numbers (a row), got ${describe(first)}`);
  const cols = first.length;
  if (cols === 0) throw new ProblemError(`${path}.re[0]`, 'expected at least one number, got an empty row');
  checkDimension(cols, `${path}.re[0]`);
  const m = new ComplexMatrix(rows, cols);
  for (let i = 0; i < rows; i++) readRow(re[i], cols, `${path}.re[${i}]`, m.re, i * cols);
  if (has(v, 'im')) {
    const im = v.im;
    if (!Array.isArray(im)) throw new ProblemError(`${path}.im`, `expected an array of rows, got ${describe(im)}`);
    if (im.length !== rows) throw new ProblemError(`${path}.im`, `expected ${rows} rows (as in "re"), got ${im.length}`);
    for (let i = 0; i < rows; i++) readRow(im[i], cols, `${path}.im[${i}]`, m.im, i * cols);
  }
  return m;
}

function parseSparseMatrix(v: Record<string, unknown>, path: string): SparseMatrix {
  checkKeys(v, path, ['shape', 'entries']);
  if (!has(v, 'shape')) throw new ProblemError(`${path}.shape`, 'required field is missing (sparse form: {"shape": [n, n], "entries": [...]})');
  if (!has(v, 'entries')) throw new ProblemError(`${path}.entries`, 'required field is missing (sparse form: {"shape": [n, n], "entries": [...]})');
  const shape = v.shape;
  if (!Array.isArray(shape) || shape.length !== 2) {
    throw new ProblemError(`${path}.shape`, `expected [rows, cols], got ${describe(shape)}`);
  }
  for (let k = 0; k < 2; k++) {
    const d = shape[k];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) {
      throw new ProblemError(`${path}.shape[${k}]`, `expected a positive integer, got ${describe(d)}`);
    }
    checkDimension(d, `${path}.shape[${k}]`);
  }
  const rows = shape[0] as number, cols = shape[1] as number;
  const entries = v.entries;
  if (!Array.isArray(entries)) throw new ProblemError(`${path}.entries`, `expected an array of [i, j, re, im] entries, got ${describe(entries)}`);
  const nnz = entries.length;
  const ri = new Int32Array(nnz), ci = new Int32Array(nnz);
  const vr = new Float64Array(nnz), vi = new Float64Array(nnz);
  for (let k = 0; k < nnz; k++) {
    const e = entries[k];
    const ep = `${path}.entries[${k}]`;
    if (!Array.isArray(e)) throw new ProblemError(ep, `expected [i, j, re] or [i, j, re, im], got ${describe(e)}`);
    if (e.length !== 3 && e.length !== 4) throw new ProblemError(ep, `expected [i, j, re] or [i, j, re, im], got ${e.length} elements`);
    const i = e[0], j = e[1];
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= rows) {
      throw new ProblemError(`${ep}[0]`, `row index ${describe(i)} out of range: expected an integer in 0..${rows - 1}`);
    }
    if (typeof j !== 'number' || !Number.isInteger(j) || j < 0 || j >= cols) {
      throw new ProblemError(`${ep}[1]`, `column index ${describe(j)} out of range: expected an integer in 0..${cols - 1}`);
    }
    ri[k] = i;
    ci[k] = j;
    vr[k] = finiteNumber(e[2], `${ep}[2]`);
    vi[k] = e.length === 4 ? finiteNumber(e[3], `${ep}[3]`) : 0;
  }
  return SparseMatrix.fromTriplets(rows, cols, ri, ci, vr, vi);
}

/** Parse a VECTOR `{"re": [...], "im": [...]}` (`im` optional). */
export function parseVector(v: unknown, path: string): ComplexVector {
  if (!isPlainObject(v)) throw new ProblemError(path, `expected a VECTOR {"re": [...], "im": [...]}, got ${describe(v)}`);
  checkKeys(v, path, ['re', 'im']);
  if (!has(v, 're')) throw new ProblemError(`${path}.re`, 'required field is missing');
  const re = v.re;
  if (!Array.isArray(re)) throw new ProblemError(`${path}.re`, `expected an array of numbers, got ${describe(re)}`);
  if (re.length === 0) throw new ProblemError(`${path}.re`, 'expected at least one number, got an empty array');
  checkDimension(re.length, `${path}.re`);
  const n = re.length;
  const out = new ComplexVector(n);
  readRow(re, n, `${path}.re`, out.re, 0);
  if (has(v, 'im')) readRow(v.im, n, `${path}.im`, out.im, 0);
  return out;
}

/** Rows×cols of either storage. */
function shapeOf(op: Operator): [number, number] {
  return [op.rows, op.cols];
}

/** Throw unless `op` is n×n (n = H's dimension, or any square size when n is undefined). */
export function requireSquare(op: Operator, path: string, n?: number): void {
  const [r, c] = shapeOf(op);
  if (n === undefined) {
    if (r !== c) throw new ProblemError(path, `expected a square matrix, got ${r}x${c}`);
  } else if (r !== n || c !== n) {
    throw new ProblemError(path, `expected a ${n}x${n} matrix (the size of H), got ${r}x${c}`);
  }
}

export function fmt(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x);
}

/** Throw a ProblemError at `path` unless `op` is Hermitian within HERMITIAN_RTOL. */
export function requireHermitian(op: Operator, path: string, name: string): void {
  const tol = HERMITIAN_RTOL * maxAbsEntry(op) + 1e-300;
  const w = worstHermitianDefect(op);
  if (w.defect > tol) {
    throw new ProblemError(path, `not Hermitian: |${name}[${w.i}][${w.j}] − conj(${name}[${w.j}][${w.i}])| = ${fmt(w.defect)} exceeds the tolerance ${fmt(tol)} (1e-10·max|${name}|)`);
  }
}

/**
 * Storage choice for an operator: dense input of dimension ≥ 16 with at most
 * 20 % non-zero entries becomes CSR (the solvers' sparse paths are then used);
 * everything else is returned unchanged.
 */
export function compactOperator(op: Operator): Operator {
  if (op instanceof SparseMatrix) return op;
  const size = op.rows * op.cols;
  if (op.rows < 16) return op;
  let nnz = 0;
  for (let k = 0; k < size; k++) if (op.re[k] !== 0 || op.im[k] !== 0) nnz++;
  return nnz <= 0.2 * size ? SparseMatrix.fromDense(op) : op;
}

export function toDenseMatrix(op: Operator): ComplexMatrix {
  return op instanceof SparseMatrix ? op.toDense() : op;
}

export function parseOperatorList(v: unknown, path: string, n: number): Operator[] {
  if (!Array.isArray(v)) throw new ProblemError(path, `expected an array of matrices, got ${describe(v)}`);
  const out: Operator[] = [];
  for (let k = 0; k < v.length; k++) {
    const p = `${path}[${k}]`;
    const op = parseMatrix(v[k], p);
    requireSquare(op, p, n);
    out.push(compactOperator(op));
  }
  return out;
}
