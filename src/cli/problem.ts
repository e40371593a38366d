/**
 * The generic problem format of `spindrift solve` (SPEC §2): parsing the JSON
 * text, validating every field, and building the operators and states.
 *
 * Every defect is reported as a `ProblemError` whose path names the field,
 * e.g. `c_ops[1].re[2]: expected 3 numbers, got 2`.
 *
 * MATRIX is either dense `{"re": [[...]], "im": [[...]]}` (`im` optional) or
 * sparse `{"shape": [n, n], "entries": [[i, j, re], [i, j, re, im], ...]}`
 * (0-based, duplicates summed). VECTOR is `{"re": [...], "im": [...]}` (`im`
 * optional). Sparse input stays a `SparseMatrix`; dense input that is mostly
 * zero is converted to one (see `compactOperator`).
 */
import { ComplexMatrix } from '../linalg/dense.js';
import { ketToDensity } from '../quantum/states.js';
import { SparseMatrix } from '../linalg/sparse.js';
import { ComplexVector, norm2 } from '../linalg/vector.js';
import type { Operator } from '../linalg/operator.js';
import { eigh } from '../linalg/eigen-hermitian.js';
import { ProblemError, unknownNameMessage } from '../util/errors.js';

/** Top-level fields of a problem (`description` is free text and ignored). */
export const PROBLEM_FIELDS = [
  'H', 'c_ops', 'rho0', 'psi0', 'times', 'e_ops', 'method', 'ntraj', 'seed', 'atol', 'rtol', 'complex', 'description',
] as const;

/** Values of the `method` field. */
export const METHOD_NAMES = ['me', 'mc', 'steady', 'auto'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];
/** A method after resolving "auto". */
export type SolveMethod = Exclude<MethodName, 'auto'>;

/** Relative tolerance of the Hermiticity checks: |A_ij − conj(A_ji)| ≤ 1e-10·max|A| + 1e-300. */
export const HERMITIAN_RTOL = 1e-10;
/** |Tr ρ0 − 1| and |‖ψ0‖ − 1| must not exceed this. */
export const NORMALIZATION_TOL = 1e-8;
/** Smallest eigenvalue of ρ0 must be ≥ −PSD_TOL. */
export const PSD_TOL = 1e-10;
/** ρ0 counts as pure (for "mc") when 1 − Tr ρ0² ≤ PURITY_TOL. */
export const PURITY_TOL = 1e-8;
/** Largest accepted dimension of an operator (guards allocations against typos such as 1e9). */
export const MAX_DIMENSION = 1 << 22;

/** A validated problem, ready for a solver. */
export interface Problem {
  /** Hilbert-space dimension n (H is n×n). */
  dim: number;
  H: Operator;
  cOps: Operator[];
  eOps: Operator[];
  /**
   * Initial density matrix. For method "me" it is set from psi0 (|ψ⟩⟨ψ|) when
   * only psi0 was given; null for "steady" without an initial state.
   */
  rho0: ComplexMatrix | null;
  /** Initial ket. For method "mc" it is extracted from a pure rho0 when only rho0 was given. */
  psi0: ComplexVector | null;
  /** Output times (strictly increasing), or null when absent. */
  times: Float64Array | null;
  /** The method that will run ("auto" resolved). */
  method: SolveMethod;
  /** The method as written in the file (default "auto"). */
  requestedMethod: MethodName;
  ntraj?: number;
  seed?: number;
  atol?: number;
  rtol?: number;
  /** Return complex expectation values ({re, im}) instead of real parts. */
  complex: boolean;
  description?: string;
}

// ---------------------------------------------------------------------------
// JSON text
// ---------------------------------------------------------------------------

/**
 * Parse a problem file's text and validate it. `source` (the file name) names
 * the location of JSON syntax errors.
 */
export function parseProblemText(text: string, source = 'problem'): Problem {
  return validateProblem(parseJsonText(text, source));
}

/**
 * Parse JSON text. The native parser runs first; when it fails, a small
 * recursive-descent parser re-reads the text to report the line and column of
 * the error. That parser also accepts the tokens NaN, Infinity and -Infinity
 * (not JSON, but written by numpy and others) so that validation can name the
 * field that holds them instead of failing with a syntax error.
 */
export function parseJsonText(text: string, source = 'problem'): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch {
    return new LenientJsonParser(body, source).parseDocument();
  }
}

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class LenientJsonParser {
  private pos = 0;
  constructor(private readonly text: string, private readonly source: string) {}

  parseDocument(): unknown {
    this.skipWhite();
    if (this.pos >= this.text.length) throw new ProblemError(this.source, 'malformed JSON: the file is empty');
    const v = this.value();
    this.skipWhite();
    if (this.pos < this.text.length) this.fail('unexpected text after the end of the JSON value');
    return v;
  }

  private fail(what: string): never {
    let line = 1, col = 1;
    for (let k = 0; k < this.pos && k < this.text.length; k++) {
      if (this.text.charCodeAt(k) === 10) {
        line++;
        col = 1;
      } else col++;
    }
    throw new ProblemError(this.source, `malformed JSON at line ${line}, column ${col}: ${what}`);
  }

  private found(): string {
    if (this.pos >= this.text.length) return 'end of file';
    return JSON.stringify(this.text.slice(this.pos, this.pos + 12).split(/\s/)[0] || this.text[this.pos]);
  }

  private skipWhite(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  private value(): unknown {
    this.skipWhite();
    const t = this.text;
    const c = t[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (t.startsWith('true', this.pos)) { this.pos += 4; return true; }
    if (t.startsWith('false', this.pos)) { this.pos += 5; return false; }
    if (t.startsWith('null', this.pos)) { this.pos += 4; return null; }
    if (t.startsWith('NaN', this.pos)) { this.pos += 3; return NaN; }
    if (t.startsWith('Infinity', this.pos)) { this.pos += 8; return Infinity; }
    if (t.startsWith('-Infinity', this.pos)) { this.pos += 9; return -Infinity; }
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(t);
    if (m !== null && m[0].length > 0) {
      this.pos += m[0].length;
      return Number(m[0]);
    }
    return this.fail(`expected a value, found ${this.found()}`);
  }

  private object(): Record<string, unknown> {
    this.pos++; // {
    const out: Record<string, unknown> = {};
    this.skipWhite();
    if (this.text[this.pos] === '}') { this.pos++; return out; }
    for (;;) {
      this.skipWhite();
      if (this.text[this.pos] !== '"') this.fail(`expected a quoted field name, found ${this.found()}`);
      const key = this.string();
      this.skipWhite();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after field name ${JSON.stringify(key)}, found ${this.found()}`);
      this.pos++;
      const v = this.value();
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      this.skipWhite();
      const c = this.text[this.pos];
      if (c === ',') { this.pos++; continue; }
      if (c === '}') { this.pos++; return out; }
      this.fail(`expected ',' or '}' in object, found ${this.found()}`);
    }
  }

  private array(): unknown[] {
    this.pos++; // [
    const out: unknown[] = [];
    this.skipWhite();
    if (this.text[this.pos] === ']') { this.pos++; return out; }
    for (;;) {
      out.push(this.value());
      this.skipWhite();
      const c = this.text[this.pos];
      if (c === ',') { this.pos++; continue; }
      if (c === ']') { this.pos++; return out; }
      this.fail(`expected ',' or ']' in array, found ${this.found()}`);
    }
  }

  private string(): string {
    const start = this.pos;
    const t = this.text;
    let k = start + 1;
    while (k < t.length) {
      const c = t.charCodeAt(k);
      if (c === 34) break; // "
      if (c === 92) k += 2; // backslash escape
      else if (c < 32) { this.pos = k; this.fail('control character inside a string'); }
      else k++;
    }
    if (k >= t.length) this.fail('unterminated string');
    try {
      const s = JSON.parse(t.slice(start, k + 1)) as string;
      this.pos = k + 1;
      return s;
    } catch {
      return this.fail('invalid escape sequence in string');
    }
  }
}

// ---------------------------------------------------------------------------
// Field helpers
// ---------------------------------------------------------------------------

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `a string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)}`;
  if (typeof v === 'object') return 'an object';
  return typeof v === 'boolean' ? String(v) : typeof v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function has(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function finiteNumber(v: unknown, path: string): number {
  if (typeof v !== 'number') throw new ProblemError(path, `expected a number, got ${describe(v)}`);
  if (!Number.isFinite(v)) throw new ProblemError(path, `expected a finite number, got ${v}`);
  return v;
}

function checkKeys(obj: Record<string, unknown>, path: string, known: readonly string[], kind = 'field'): void {
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

// ---------------------------------------------------------------------------
// MATRIX and VECTOR
// ---------------------------------------------------------------------------

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
function requireSquare(op: Operator, path: string, n?: number): void {
  const [r, c] = shapeOf(op);
  if (n === undefined) {
    if (r !== c) throw new ProblemError(path, `expected a square matrix, got ${r}x${c}`);
  } else if (r !== n || c !== n) {
    throw new ProblemError(path, `expected a ${n}x${n} matrix (the size of H), got ${r}x${c}`);
  }
}

/** Largest |a_ij| over the stored entries. */
function maxAbs(op: Operator): number {
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

function fmt(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x);
}

function requireHermitian(op: Operator, path: string, name: string): void {
  const tol = HERMITIAN_RTOL * maxAbs(op) + 1e-300;
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

function toDenseMatrix(op: Operator): ComplexMatrix {
  return op instanceof SparseMatrix ? op.toDense() : op;
}

function parseOperatorList(v: unknown, path: string, n: number): Operator[] {
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

// ---------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------

function parseRho0(v: unknown, n: number): ComplexMatrix {
  const op = parseMatrix(v, 'rho0');
  requireSquare(op, 'rho0', n);
  const rho = toDenseMatrix(op);
  requireHermitian(rho, 'rho0', 'rho0');
  let tr = 0;
  for (let i = 0; i < n; i++) tr += rho.re[i * n + i];
  if (!(Math.abs(tr - 1) <= NORMALIZATION_TOL)) {
    throw new ProblemError('rho0', `trace is ${fmt(tr)}, expected 1 (within ${NORMALIZATION_TOL})`);
  }
  const { values } = eigh(rho, { vectors: false });
  let lmin = Infinity;
  for (let k = 0; k < values.length; k++) if (values[k] < lmin) lmin = values[k];
  if (!(lmin >= -PSD_TOL)) {
    throw new ProblemError('rho0', `not positive semidefinite: smallest eigenvalue ${fmt(lmin)} < -${PSD_TOL}`);
  }
  return rho;
}

function parsePsi0(v: unknown, n: number): ComplexVector {
  const psi = parseVector(v, 'psi0');
  if (psi.length !== n) throw new ProblemError('psi0', `expected ${n} components (the size of H), got ${psi.length}`);
  const nrm = norm2(psi.re, psi.im);
  if (nrm === 0) throw new ProblemError('psi0', 'is the zero vector; expected a normalized state');
  if (!(Math.abs(nrm - 1) <= NORMALIZATION_TOL)) {
    throw new ProblemError('psi0', `not normalized: norm is ${fmt(nrm)}, expected 1 (within ${NORMALIZATION_TOL})`);
  }
  // Remove the (tolerated) residual norm error exactly.
  for (let k = 0; k < n; k++) {
    psi.re[k] /= nrm;
    psi.im[k] /= nrm;
  }
  return psi;
}

/** |ψ⟩⟨ψ| as a dense matrix (the quantum layer's ketToDensity). */
export const projector = ketToDensity;

/**
 * The ket of a pure density matrix ρ = |ψ⟩⟨ψ| (checked: 1 − Tr ρ² ≤ 1e-8),
 * read from the column j of largest ρ_jj: ψ_i = ρ_ij / √ρ_jj (up to a global phase).
 */
function ketOfPureState(rho: ComplexMatrix): ComplexVector {
  const n = rho.rows;
  let purity = 0;
  for (let k = 0; k < rho.re.length; k++) purity += rho.re[k] * rho.re[k] + rho.im[k] * rho.im[k];
  if (!(1 - purity <= PURITY_TOL)) {
    throw new ProblemError('rho0', `method "mc" needs a pure initial state, but Tr(rho0²) = ${fmt(purity)} < 1 (a mixed state); give "psi0" or sample the mixture yourself`);
  }
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

// ---------------------------------------------------------------------------
// Problem
// ---------------------------------------------------------------------------

function parseTimes(v: unknown): Float64Array {
  if (!Array.isArray(v)) throw new ProblemError('times', `expected an array of increasing times in s, got ${describe(v)}`);
  if (v.length === 0) throw new ProblemError('times', 'expected at least one time, got an empty array');
  const t = new Float64Array(v.length);
  for (let k = 0; k < v.length; k++) {
    t[k] = finiteNumber(v[k], `times[${k}]`);
    if (k > 0 && !(t[k] > t[k - 1])) {
      throw new ProblemError(`times[${k}]`, `${fmt(t[k])} is not greater than times[${k - 1}] = ${fmt(t[k - 1])}; times must be strictly increasing`);
    }
  }
  return t;
}

function positiveNumber(v: unknown, path: string): number {
  const x = finiteNumber(v, path);
  if (!(x > 0)) throw new ProblemError(path, `expected a positive number, got ${x}`);
  return x;
}

function integerField(v: unknown, path: string, min: number, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isInteger(v) || v < min || v > Number.MAX_SAFE_INTEGER) {
    throw new ProblemError(path, `expected ${what}, got ${describe(v)}`);
  }
  return v;
}

/**
 * Validate a parsed problem object (SPEC §2) and build its operators and
 * states. Checks, in order: unknown fields (with the closest known name),
 * H (MATRIX, square, Hermitian), c_ops and e_ops (n×n), method, times (finite,
 * strictly increasing), the initial state (exactly one of rho0/psi0 for
 * "me"/"mc"; rho0 Hermitian, trace 1, positive semidefinite; psi0 normalized),
 * ntraj, seed, atol, rtol, complex.
 *
 * "auto" becomes "me" when times are given and "steady" otherwise. For "me"
 * a psi0 is turned into |ψ⟩⟨ψ|; for "mc" a rho0 must be pure and its ket is used.
 */
export function validateProblem(doc: unknown): Problem {
  if (!isPlainObject(doc)) throw new ProblemError('(top level)', `expected a JSON object with fields H, c_ops, …, got ${describe(doc)}`);
  checkKeys(doc, '', PROBLEM_FIELDS);

  if (!has(doc, 'H')) throw new ProblemError('H', 'required field is missing (the Hamiltonian, a MATRIX in rad/s)');
  const H0 = parseMatrix(doc.H, 'H');
  requireSquare(H0, 'H');
  const n = H0.rows;
  requireHermitian(H0, 'H', 'H');
  const H = compactOperator(H0);

  const cOps = has(doc, 'c_ops') ? parseOperatorList(doc.c_ops, 'c_ops', n) : [];
  const eOps = has(doc, 'e_ops') ? parseOperatorList(doc.e_ops, 'e_ops', n) : [];

  let requestedMethod: MethodName = 'auto';
  if (has(doc, 'method')) {
    const m = doc.method;
    if (typeof m !== 'string') throw new ProblemError('method', `expected one of ${METHOD_NAMES.map((s) => JSON.stringify(s)).join(', ')}, got ${describe(m)}`);
    if (!(METHOD_NAMES as readonly string[]).includes(m)) throw new ProblemError('method', unknownNameMessage('method', m, METHOD_NAMES));
    requestedMethod = m as MethodName;
  }

  const times = has(doc, 'times') ? parseTimes(doc.times) : null;
  const method: SolveMethod = requestedMethod === 'auto' ? (times !== null ? 'me' : 'steady') : requestedMethod;
  if (method !== 'steady' && times === null) {
    throw new ProblemError('times', `required field is missing (method "${method}" needs output times)`);
  }

  const hasRho = has(doc, 'rho0'), hasPsi = has(doc, 'psi0');
  if (hasRho && hasPsi) throw new ProblemError('rho0/psi0', 'give exactly one of "rho0" and "psi0", not both');
  if (!hasRho && !hasPsi && method !== 'steady') {
    throw new ProblemError('rho0/psi0', `method "${method}" needs an initial state: give "rho0" (a MATRIX) or "psi0" (a VECTOR)`);
  }
  let rho0 = hasRho ? parseRho0(doc.rho0, n) : null;
  let psi0 = hasPsi ? parsePsi0(doc.psi0, n) : null;
  if (method === 'me' && rho0 === null && psi0 !== null) rho0 = projector(psi0);
  if (method === 'mc' && psi0 === null && rho0 !== null) psi0 = ketOfPureState(rho0);

  const problem: Problem = { dim: n, H, cOps, eOps, rho0, psi0, times, method, requestedMethod, complex: false };
  if (has(doc, 'ntraj')) problem.ntraj = integerField(doc.ntraj, 'ntraj', 1, 'a positive integer');
  if (has(doc, 'seed')) problem.seed = integerField(doc.seed, 'seed', 0, 'a non-negative integer');
  if (has(doc, 'atol')) problem.atol = positiveNumber(doc.atol, 'atol');
  if (has(doc, 'rtol')) problem.rtol = positiveNumber(doc.rtol, 'rtol');
  if (has(doc, 'complex')) {
    if (typeof doc.complex !== 'boolean') throw new ProblemError('complex', `expected true or false, got ${describe(doc.complex)}`);
    problem.complex = doc.complex;
  }
  if (has(doc, 'description')) {
    if (typeof doc.description !== 'string') throw new ProblemError('description', `expected a string, got ${describe(doc.description)}`);
    problem.description = doc.description;
  }
  return problem;
}
