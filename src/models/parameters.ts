/**
 * Model parameters: the kinds a parameter can have, the resolution of a
 * user's value (number or unit string) to SI, and a typed reader so that a
 * model declares its parameters once and reads them as typed fields
 * (`const p = readParameters(PARAMETERS, params); p.sites` is a number).
 */
import { ArgumentError, ProblemError, closestName } from '../util/errors.js';
import { isQuantityKind, parseAnyQuantity, parseQuantity, show } from '../expression/units.js';
import type { ParameterKind, ParameterSpec } from './types.js';

/**
 * Resolve a parameter value of any `ParameterKind` to SI, checking type,
 * bounds and choices. `numbers` accept a list of plain numbers or unit
 * strings (any unit; SI after conversion); `json` passes through.
 */
export function parseParameterValue(
  value: unknown,
  spec: { kind: ParameterKind; min?: number; max?: number; choices?: readonly string[] },
  path: string,
): unknown {
  const bounds = (v: number): number => {
    if (spec.min !== undefined && v < spec.min) throw new ProblemError(path, `must be ≥ ${spec.min}, got ${v}`);
    if (spec.max !== undefined && v > spec.max) throw new ProblemError(path, `must be ≤ ${spec.max}, got ${v}`);
    return v;
  };
  const kind = spec.kind;
  if (isQuantityKind(kind)) return bounds(parseQuantity(value, kind, path));
  switch (kind) {
    case 'number': {
      const v = typeof value === 'string' ? parseAnyQuantity(value, path) : null;
      if (v !== null) {
        if (v.kind !== null) throw new ProblemError(path, `expected a plain number, got ${show(value)}`);
        return bounds(v.value);
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new ProblemError(path, `expected a number, got ${show(value)}`);
      return bounds(value);
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new ProblemError(path, `expected an integer, got ${show(value)}`);
      return bounds(value);
    case 'boolean':
      if (typeof value !== 'boolean') throw new ProblemError(path, `expected true or false, got ${show(value)}`);
      return value;
    case 'string':
      if (typeof value !== 'string') throw new ProblemError(path, `expected a string, got ${show(value)}`);
      if (spec.choices && !spec.choices.includes(value)) {
        const guess = closestName(value, spec.choices);
        throw new ProblemError(path, `expected one of ${spec.choices.map((c) => JSON.stringify(c)).join(', ')}, got ${show(value)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ''}`);
      }
      return value;
    case 'numbers':
      if (!Array.isArray(value)) throw new ProblemError(path, `expected a list of numbers, got ${show(value)}`);
      return value.map((v, i) => bounds(parseAnyQuantity(v, `${path}[${i}]`).value));
    case 'json':
      return value;
    default:
      return value;
  }
}

type NumericKind = 'frequency' | 'rate' | 'time' | 'field' | 'temperature' | 'length' | 'number' | 'integer';

/** The TypeScript type a parameter of kind K is read as. */
export type ParameterType<K extends ParameterKind> =
  K extends NumericKind ? number
    : K extends 'boolean' ? boolean
      : K extends 'string' ? string
        : K extends 'numbers' ? number[]
          : unknown;

/** Typed values of a model's parameter list (a parameter whose default is null may be null). */
export type ParameterValues<S extends readonly ParameterSpec[]> = {
  readonly [P in S[number] as P['name']]: P['default'] extends null ? ParameterType<P['kind']> | null : ParameterType<P['kind']>;
};

/**
 * Read a model's parameters once, as typed fields: `specs` is the model's
 * declared list (declare it `as const satisfies readonly ParameterSpec[]`),
 * `params` the SI values the runner resolved (or a direct caller's object;
 * missing entries take their defaults). Each value is checked against its
 * kind — a number (an integer for 'integer'), a string, a boolean, an array
 * of numbers; a declared default of null allows null — and a wrong one is an
 * ArgumentError naming the parameter: `sites: expected an integer, got 2.5`.
 *
 * @example
 * const PARAMETERS = [
 *   { name: 'sites', kind: 'integer', default: 4, description: 'number of spins' },
 *   { name: 'gamma', kind: 'rate', default: 100, description: 'decay rate (s⁻¹)' },
 * ] as const satisfies readonly ParameterSpec[];
 * const p = readParameters(PARAMETERS, { gamma: 50 }); // p.sites === 4, p.gamma === 50 (typed number)
 */
export function readParameters<const S extends readonly ParameterSpec[]>(specs: S, params: Record<string, unknown>): ParameterValues<S> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const given = params[spec.name];
    const v = given === undefined ? spec.default : given;
    out[spec.name] = checkKind(v, spec);
  }
  return out as ParameterValues<S>;
}

function checkKind(v: unknown, spec: ParameterSpec): unknown {
  if (v === null && spec.default === null) return null;
  const fail = (what: string): never => {
    throw new ArgumentError(spec.name, `expected ${what}, got ${show(v)}`);
  };
  switch (spec.kind) {
    case 'boolean':
      return typeof v === 'boolean' ? v : fail('true or false');
    case 'string':
      return typeof v === 'string' ? v : fail('a string');
    case 'numbers':
      return Array.isArray(v) && v.every((x) => typeof x === 'number' && !Number.isNaN(x)) ? v : fail('a list of numbers');
    case 'json':
      return v;
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) ? v : fail('an integer');
    default:
      return typeof v === 'number' && !Number.isNaN(v) ? v : fail('a number');
  }
}
