/**
 * The time-dependent fields of a problem (`H_t`, `c_ops_t`): lists of
 * `{"op": MATRIX, "coeff": "<expression in t>"}` or sampled
 * `{"op": MATRIX, "times": [...], "values": [...]}` (cubic spline). The
 * expressions are parsed and compiled once by src/expression (never
 * evaluated as code); a bad token is a ProblemError naming the field and
 * the column, e.g. `H_t[0].coeff: unknown function "cosh" (at column 1 of "cosh(t)")`.
 */
import type { Operator } from '../linalg/operator.js';
import type { CoefficientFunction } from '../quantum/qobj-evo.js';
import { parseCoefficient } from '../expression/coefficient.js';
import { splineCoefficient } from '../expression/sampled.js';
import { ProblemError } from '../util/errors.js';
import { checkKeys, compactOperator, describe, finiteNumber, fmt, has, isPlainObject, parseMatrix, requireHermitian, requireSquare } from './matrix.js';

/** One time-dependent term after validation. */
export interface TimeDependentTerm {
  op: Operator;
  coefficient: CoefficientFunction;
}

function numberArray(v: unknown, path: string): Float64Array {
  if (!Array.isArray(v)) throw new ProblemError(path, `expected an array of numbers, got ${describe(v)}`);
  const out = new Float64Array(v.length);
  for (let k = 0; k < v.length; k++) out[k] = finiteNumber(v[k], `${path}[${k}]`);
  return out;
}

/**
 * Validate `H_t` (hermitian = true: each operator Hermitian, the coefficients
 * real) or `c_ops_t`: a list of terms, each with `op` and either `coeff` or
 * `times` + `values`.
 */
export function parseTimeDependentList(v: unknown, path: string, n: number, hermitian: boolean): TimeDependentTerm[] {
  if (!Array.isArray(v)) throw new ProblemError(path, `expected a list of {"op": MATRIX, "coeff": "expression in t"}, got ${describe(v)}`);
  return v.map((item, k) => {
    const at = `${path}[${k}]`;
    if (!isPlainObject(item)) throw new ProblemError(at, `expected {"op": MATRIX, "coeff": "expression in t"} or {"op", "times", "values"}, got ${describe(item)}`);
    checkKeys(item, at, ['op', 'coeff', 'times', 'values']);
    if (!has(item, 'op')) throw new ProblemError(`${at}.op`, 'required field is missing (a MATRIX)');
    const op0 = parseMatrix(item.op, `${at}.op`);
    requireSquare(op0, `${at}.op`, n);
    if (hermitian) requireHermitian(op0, `${at}.op`, `${at}.op`);
    const op = compactOperator(op0);
    const sampled = has(item, 'times') || has(item, 'values');
    if (has(item, 'coeff')) {
      if (sampled) throw new ProblemError(at, 'give either "coeff" or "times" and "values", not both');
      if (typeof item.coeff !== 'string') throw new ProblemError(`${at}.coeff`, `expected an expression in t such as "cos(2*pi*1e6*t)", got ${describe(item.coeff)}`);
      return { op, coefficient: parseCoefficient(item.coeff, `${at}.coeff`) };
    }
    if (!sampled) throw new ProblemError(at, 'needs "coeff" (an expression in t) or "times" and "values" (samples)');
    if (!has(item, 'times')) throw new ProblemError(`${at}.times`, 'required with "values": the sample times in s');
    if (!has(item, 'values')) throw new ProblemError(`${at}.values`, 'required with "times": the coefficient at each sample time');
    const times = numberArray(item.times, `${at}.times`), values = numberArray(item.values, `${at}.values`);
    if (times.length < 2) throw new ProblemError(`${at}.times`, `expected at least 2 sample times, got ${times.length}`);
    if (values.length !== times.length) throw new ProblemError(`${at}.values`, `expected ${times.length} values (one per sample time), got ${values.length}`);
    for (let i = 1; i < times.length; i++) {
      if (!(times[i] > times[i - 1])) throw new ProblemError(`${at}.times[${i}]`, `${fmt(times[i])} is not greater than ${fmt(times[i - 1])}; sample times must be strictly increasing`);
    }
    return { op, coefficient: splineCoefficient(times, values) };
  });
}

/** Refuse output times outside the span of a sampled coefficient (it is not extrapolated). */
export function checkSampledSpan(v: unknown, path: string, times: Float64Array): void {
  if (!Array.isArray(v)) return;
  v.forEach((item, k) => {
    if (!isPlainObject(item) || !Array.isArray(item.times) || item.times.length < 2) return;
    const first = item.times[0] as number, last = item.times[item.times.length - 1] as number;
    if (times[0] < first || times[times.length - 1] > last) {
      throw new ProblemError(`${path}[${k}].times`, `the samples cover [${fmt(first)}, ${fmt(last)}] s but the output times span [${fmt(times[0])}, ${fmt(times[times.length - 1])}] s; a sampled coefficient is not extrapolated`);
    }
  });
}
