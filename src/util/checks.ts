/**
 * Argument checks shared by every layer (one copy of each): output times,
 * square operators of the right size, positive integers, finite numbers.
 * Each throws an `ArgumentError` (a RangeError) whose path is the argument's
 * name as the calling API spells it, e.g. `times[3]: times must increase
 * strictly (0.2 then 0.1)` or `c_ops[1]: is 2x2, expected 3x3`.
 */
import { ArgumentError } from './errors.js';

/**
 * Output times: at least one, finite, strictly increasing (and ≥ 0 when
 * `nonNegative`). Returns them as a Float64Array copy.
 * @example checkTimes([0, 1e-6, 2e-6]) // Float64Array [0, 1e-6, 2e-6]
 */
export function checkTimes(times: ArrayLike<number>, options: { name?: string; nonNegative?: boolean } = {}): Float64Array {
  const name = options.name ?? 'times';
  if (!times || times.length === 0) throw new ArgumentError(name, 'at least one output time is required');
  const t = Float64Array.from(times);
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i])) throw new ArgumentError(`${name}[${i}]`, `not a finite number (${t[i]})`);
    if (options.nonNegative && t[i] < 0) throw new ArgumentError(`${name}[${i}]`, `expected a finite time ≥ 0, got ${t[i]}`);
    if (i > 0 && !(t[i] > t[i - 1])) throw new ArgumentError(`${name}[${i}]`, `times must increase strictly (${t[i - 1]} then ${t[i]})`);
  }
  return t;
}

/** Anything with a shape (dense or sparse matrix). */
export interface Shaped {
  readonly rows: number;
  readonly cols: number;
}

/** Check that every named matrix is n×n: `H: is 2x2, expected 3x3`. */
export function checkSquare(n: number, named: readonly (readonly [string, Shaped])[]): void {
  for (const [name, m] of named) {
    if (m.rows !== n || m.cols !== n) throw new ArgumentError(name, `is ${m.rows}x${m.cols}, expected ${n}x${n}`);
  }
}

/** A positive integer (e.g. ntraj): returns it, or throws naming `name`. */
export function checkPositiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new ArgumentError(name, `expected a positive integer, got ${value}`);
  return value;
}

/** A finite number (optionally ≥ 0): returns it, or throws naming `name`. */
export function checkFinite(value: number, name: string, options: { nonNegative?: boolean } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ArgumentError(name, `expected a finite number, got ${String(value)}`);
  if (options.nonNegative && value < 0) throw new ArgumentError(name, `expected a number ≥ 0, got ${value}`);
  return value;
}

/** A number > 0: returns it, or throws naming `name` (`T1e: must be > 0, got 0`). */
export function checkPositive(value: number, name: string): number {
  if (!(value > 0)) throw new ArgumentError(name, `must be > 0, got ${value}`);
  return value;
}
