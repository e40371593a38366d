/**
 * Model parameters: the kinds a parameter can have, the resolution of a
 * user's value (number or unit string) to SI, and a typed reader so that a
 * model declares its parameters once and reads them as typed fields
 * (`const p = readParameters(PARAMETERS, params); p.sites` is a number).
 */
import { ProblemError, closestName } from '../util/errors.js';
import { isQuantityKind, parseAnyQuantity, parseQuantity, show } from '../expression/units.js';
import type { ParameterKind } from './types.js';

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
