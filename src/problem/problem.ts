/**
 * The generic problem format of `spindrift solve` (SPEC §2): reading the
 * text (JSON; YAML is accepted too, as JSON is YAML), validating every field,
 * and building the operators and states. Browser-safe: no file or process access.
 *
 * Every defect is reported as a `ProblemError` whose path names the field,
 * e.g. `c_ops[1].re[2]: expected 3 numbers, got 2`; syntax errors name the
 * line and column.
 */
import type { ComplexMatrix } from '../linalg/dense.js';
import { ketToDensity } from '../quantum/states.js';
import { type ComplexVector, norm2 } from '../linalg/vector.js';
import type { Operator } from '../linalg/operator.js';
import { hermitianPurity, ketOfPureState, smallestEigenvalue, traceRe } from '../quantum/validity.js';
import { ProblemError, unknownNameMessage } from '../util/errors.js';
import { parseYamlText } from '../util/yaml-document.js';
import type { CoefficientFunction } from '../quantum/qobj-evo.js';
import { parseTimeDependentList, checkSampledSpan } from './time-dependent.js';
import {
  checkKeys, compactOperator, describe, finiteNumber, fmt, has, isPlainObject, parseMatrix, parseOperatorList, parseVector,
  requireHermitian, requireSquare, toDenseMatrix,
} from './matrix.js';

export { HERMITIAN_RTOL, MAX_DIMENSION, compactOperator, parseMatrix, parseVector } from './matrix.js';
export { worstHermitianDefect } from '../quantum/validity.js';

/** Top-level fields of a problem (`description` is free text and ignored). */
export const PROBLEM_FIELDS = [
  'H', 'H_t', 'c_ops', 'c_ops_t', 'rho0', 'psi0', 'times', 'e_ops', 'method', 'ntraj', 'seed', 'atol', 'rtol', 'complex', 'description',
] as const;

/** Values of the `method` field. */
export const METHOD_NAMES = ['me', 'mc', 'steady', 'auto'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];
/** A method after resolving "auto". */
export type SolveMethod = Exclude<MethodName, 'auto'>;

/** |Tr ρ0 − 1| and |‖ψ0‖ − 1| must not exceed this. */
export const NORMALIZATION_TOL = 1e-8;
/** Smallest eigenvalue of ρ0 must be ≥ −PSD_TOL. */
export const PSD_TOL = 1e-10;
/** ρ0 counts as pure (for "mc") when 1 − Tr ρ0² ≤ PURITY_TOL. */
export const PURITY_TOL = 1e-8;

/** A validated problem, ready for a solver. */
export interface Problem {
  /** Hilbert-space dimension n (H is n×n). */
  dim: number;
  H: Operator;
  /** Time-dependent terms f_k(t)·H_k added to H (rad/s); empty for a constant H. */
  Ht: { op: Operator; coefficient: CoefficientFunction }[];
  cOps: Operator[];
  /** Time-dependent collapse operators g_j(t)·C_j (rate folded into g, s^-1/2). */
  cOpsT: { op: Operator; coefficient: CoefficientFunction }[];
  eOps: Operator[];
  /** Initial density matrix as given (null when psi0 was given, or for "steady" without an initial state). */
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
// Text
// ---------------------------------------------------------------------------

/**
 * Parse a problem file's text and validate it. `source` (the file name) names
 * the location of syntax errors.
 */
export function parseProblemText(text: string, source = 'problem'): Problem {
  return validateProblem(parseJsonText(text, source));
}

/**
 * Parse JSON text. The native parser runs first (fast on large files); when
 * it fails, the YAML parser (JSON is YAML) re-reads the text, reporting the
 * line and column of a syntax error. That path also accepts the unquoted
 * tokens NaN, Infinity and -Infinity (not JSON, but written by numpy and
 * others) so that validation can name the field that holds them, and limits
 * YAML alias expansion.
 */
export function parseJsonText(text: string, source = 'problem'): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch {
    if (body.trim() === '') throw new ProblemError(source, 'malformed JSON: the file is empty');
    return parseYamlText(body, source, { jsonNonFinite: true, syntaxLabel: 'malformed JSON', positionInMessage: true }).value;
  }
}

// ---------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------

function parseRho0(v: unknown, n: number): ComplexMatrix {
  const op = parseMatrix(v, 'rho0');
  requireSquare(op, 'rho0', n);
  const rho = toDenseMatrix(op);
  requireHermitian(rho, 'rho0', 'rho0');
  const tr = traceRe(rho);
  if (!(Math.abs(tr - 1) <= NORMALIZATION_TOL)) {
    throw new ProblemError('rho0', `trace is ${fmt(tr)}, expected 1 (within ${NORMALIZATION_TOL})`);
  }
  const lmin = smallestEigenvalue(rho);
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

/** The ket of a pure ρ0 for "mc" (checked: 1 − Tr ρ0² ≤ PURITY_TOL). */
function pureKet(rho: ComplexMatrix): ComplexVector {
  const purity = hermitianPurity(rho);
  if (!(1 - purity <= PURITY_TOL)) {
    throw new ProblemError('rho0', `method "mc" needs a pure initial state, but Tr(rho0²) = ${fmt(purity)} < 1 (a mixed state); give "psi0" or sample the mixture yourself`);
  }
  return ketOfPureState(rho);
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
 * a psi0 stays a ket (mesolve never forms |ψ⟩⟨ψ|); for "mc" a rho0 must be
 * pure and its ket is used.
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
  const Ht = has(doc, 'H_t') ? parseTimeDependentList(doc.H_t, 'H_t', n, true) : [];
  const cOpsT = has(doc, 'c_ops_t') ? parseTimeDependentList(doc.c_ops_t, 'c_ops_t', n, false) : [];
  const timeDependent = Ht.length > 0 || cOpsT.length > 0;
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
  if (method === 'steady' && timeDependent) {
    throw new ProblemError(requestedMethod === 'auto' ? 'times' : 'method', `a time-dependent problem (${Ht.length > 0 ? 'H_t' : 'c_ops_t'}) has no steady state; give "times" and method "me" or "mc"`);
  }
  if (times !== null) {
    checkSampledSpan(doc.H_t, 'H_t', times);
    checkSampledSpan(doc.c_ops_t, 'c_ops_t', times);
  }
  if (method !== 'steady' && times === null) {
    throw new ProblemError('times', `required field is missing (method "${method}" needs output times)`);
  }

  const hasRho = has(doc, 'rho0'), hasPsi = has(doc, 'psi0');
  if (hasRho && hasPsi) throw new ProblemError('rho0/psi0', 'give exactly one of "rho0" and "psi0", not both');
  if (!hasRho && !hasPsi && method !== 'steady') {
    throw new ProblemError('rho0/psi0', `method "${method}" needs an initial state: give "rho0" (a MATRIX) or "psi0" (a VECTOR)`);
  }
  const rho0 = hasRho ? parseRho0(doc.rho0, n) : null;
  let psi0 = hasPsi ? parsePsi0(doc.psi0, n) : null;
  if (method === 'mc' && psi0 === null && rho0 !== null) psi0 = pureKet(rho0);

  const problem: Problem = { dim: n, H, Ht, cOps, cOpsT, eOps, rho0, psi0, times, method, requestedMethod, complex: false };
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
