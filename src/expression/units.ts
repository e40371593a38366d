/**
 * Physical quantities in scenario files: `"13 MHz"`, `"51.2 mT"`, `"0.1 kHz"`,
 * `"10 µs"` / `"10 us"`, `"17e3 /s"`. Plain numbers are SI (Hz for
 * frequencies, s⁻¹ for rates, s, T, K, m). Unit symbols are case-sensitive
 * (`mHz` is millihertz, `MHz` megahertz), so a wrong case is an error with a
 * suggestion rather than a silent factor of 10⁹.
 */
import { ProblemError, closestName, editDistance } from '../util/errors.js';

/** Kinds that carry a unit. */
export type QuantityKind = 'frequency' | 'rate' | 'time' | 'field' | 'temperature' | 'length';

/** SI factor of every accepted unit symbol, per kind. */
export const UNITS: Readonly<Record<QuantityKind, Readonly<Record<string, number>>>> = {
  frequency: { Hz: 1, mHz: 1e-3, kHz: 1e3, MHz: 1e6, GHz: 1e9, THz: 1e12 },
  rate: {
    '/s': 1, '1/s': 1, 's^-1': 1, 's-1': 1,
    '/ms': 1e3, '1/ms': 1e3, 'ms^-1': 1e3, 'ms-1': 1e3,
    '/us': 1e6, '/µs': 1e6, '/μs': 1e6, '1/us': 1e6, '1/µs': 1e6, 'us^-1': 1e6, 'µs^-1': 1e6, 'us-1': 1e6,
    '/ns': 1e9, '1/ns': 1e9, 'ns^-1': 1e9, 'ns-1': 1e9,
  },
  time: { s: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ns: 1e-9, ps: 1e-12, min: 60, h: 3600 },
  field: { T: 1, mT: 1e-3, uT: 1e-6, 'µT': 1e-6, 'μT': 1e-6, nT: 1e-9, G: 1e-4, mG: 1e-7 },
  temperature: { K: 1, mK: 1e-3, uK: 1e-6, 'µK': 1e-6, 'μK': 1e-6 },
  length: { m: 1, cm: 1e-2, mm: 1e-3, um: 1e-6, 'µm': 1e-6, 'μm': 1e-6, nm: 1e-9, pm: 1e-12, 'Å': 1e-10, A: 1e-10 },
};

/** SI unit symbol of each kind, for labels ("x (Hz)"). */
export const SI_UNIT: Readonly<Record<QuantityKind, string>> = {
  frequency: 'Hz', rate: 's⁻¹', time: 's', field: 'T', temperature: 'K', length: 'm',
};

/** One example per kind, used in error messages. */
export const EXAMPLE: Readonly<Record<QuantityKind, string>> = {
  frequency: '"13 MHz"', rate: '"17e3 /s"', time: '"10 µs"', field: '"51.2 mT"', temperature: '"4 K"', length: '"2 nm"',
};

const ARTICLE: Record<QuantityKind, string> = {
  frequency: 'a frequency', rate: 'a rate', time: 'a time', field: 'a magnetic field', temperature: 'a temperature', length: 'a length',
};

/** True for the parameter kinds that accept unit strings. */
export function isQuantityKind(kind: string): kind is QuantityKind {
  return Object.prototype.hasOwnProperty.call(UNITS, kind);
}

const NUMBER_RE = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$/;

/**
 * Closest unit symbol: case-insensitive closeness first (closestName), ties
 * broken by the case-sensitive edit distance, so "Mhz" suggests "MHz", not "mHz".
 */
export function suggestUnit(unit: string, known: readonly string[]): string | null {
  const first = closestName(unit, known);
  if (first === null) return null;
  const d0 = editDistance(unit.toLowerCase(), first.toLowerCase());
  let best = first;
  for (const k of known) {
    if (editDistance(unit.toLowerCase(), k.toLowerCase()) === d0 && editDistance(unit, k) < editDistance(unit, best)) best = k;
  }
  return best;
}

/** The kind a unit symbol belongs to (first match), or null. */
export function unitKind(unit: string): QuantityKind | null {
  for (const k of Object.keys(UNITS) as QuantityKind[]) if (Object.prototype.hasOwnProperty.call(UNITS[k], unit)) return k;
  return null;
}

/** Split "13 MHz" into its number and unit text; null when it does not start with a number. */
export function splitQuantity(text: string): { value: number; unit: string } | null {
  const m = NUMBER_RE.exec(text);
  if (!m) return null;
  return { value: Number(m[1]), unit: m[2] };
}

/** A value as it appears in error messages (strings quoted, objects as JSON). */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Parse a quantity of `kind` to SI. Numbers pass through (SI); strings are
 * "NUMBER UNIT" with a unit of that kind. Errors are `ProblemError`s at
 * `path`, e.g. `sweep.values[2]: expected a frequency such as "13 MHz", got
 * "13 Mhz" (unknown unit "Mhz"; did you mean "MHz"?)`.
 */
export function parseQuantity(value: unknown, kind: QuantityKind, path: string): number {
  const expected = `expected ${ARTICLE[kind]} such as ${EXAMPLE[kind]}`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ProblemError(path, `${expected}, got ${value}`);
    return value;
  }
  if (typeof value !== 'string') throw new ProblemError(path, `${expected}, got ${show(value)}`);
  const q = splitQuantity(value);
  if (!q) throw new ProblemError(path, `${expected}, got ${show(value)}`);
  if (q.unit === '') return q.value;
  const table = UNITS[kind];
  const factor = table[q.unit];
  if (factor !== undefined) {
    const v = q.value * factor;
    if (!Number.isFinite(v)) throw new ProblemError(path, `${expected}, got ${show(value)} (not finite)`);
    return v;
  }
  const other = unitKind(q.unit);
  if (other !== null && other !== kind) {
    throw new ProblemError(path, `${expected}, got ${show(value)}, which is ${ARTICLE[other]}`);
  }
  const guess = suggestUnit(q.unit, Object.keys(table));
  const hint = guess !== null ? `unknown unit ${JSON.stringify(q.unit)}; did you mean ${JSON.stringify(guess)}?` : `unknown unit ${JSON.stringify(q.unit)}; known: ${Object.keys(table).join(', ')}`;
  throw new ProblemError(path, `${expected}, got ${show(value)} (${hint})`);
}

/**
 * Parse a quantity whose kind is not known in advance (e.g. a constant of the
 * generic model): a number, or "NUMBER UNIT" with any known unit. Returns the
 * SI value and the kind (null for a plain number).
 */
export function parseAnyQuantity(value: unknown, path: string): { value: number; kind: QuantityKind | null } {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ProblemError(path, `expected a finite number or a quantity such as "13 MHz", got ${value}`);
    return { value, kind: null };
  }
  if (typeof value === 'string') {
    const q = splitQuantity(value);
    if (q && q.unit === '') return { value: q.value, kind: null };
    if (q) {
      const k = unitKind(q.unit);
      if (k !== null) return { value: parseQuantity(value, k, path), kind: k };
      const all = (Object.keys(UNITS) as QuantityKind[]).flatMap((kk) => Object.keys(UNITS[kk]));
      const guess = suggestUnit(q.unit, all);
      throw new ProblemError(path, `expected a number or a quantity such as "13 MHz", got ${show(value)} (unknown unit ${JSON.stringify(q.unit)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ''})`);
    }
  }
  throw new ProblemError(path, `expected a number or a quantity such as "13 MHz", got ${show(value)}`);
}
