/**
 * JSON that gives back exactly the numbers it was given: NaN, ±Infinity and
 * −0 (which plain JSON turns into null or 0) and Float64Arrays survive a
 * round trip bit for bit. Shard files store per-item results (realizations,
 * trajectory sums) in it, so that a merge sees the same doubles as the
 * machine that computed them. Finite doubles need nothing special:
 * JSON.stringify writes the shortest decimal that reads back to the same
 * double (ECMA-262 Number::toString).
 */

/** Tag key of encoded values; plain objects must not use it. */
const TAG = '$exact';

function encode(value: unknown, path: string): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { [TAG]: 'number', v: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Float64Array) return { [TAG]: 'f64', v: Array.from(value, (x, i) => encode(x, `${path}[${i}]`)) };
  if (Array.isArray(value)) return value.map((x, i) => encode(x, `${path}[${i}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === TAG) throw new TypeError(`exact JSON: key ${TAG} at ${path} is reserved`);
      if (v !== undefined) out[k] = encode(v, `${path}.${k}`);
    }
    return out;
  }
  throw new TypeError(`exact JSON: cannot store ${Object.prototype.toString.call(value)} at ${path || 'the top level'}`);
}

/** Serialize `value` (numbers, strings, booleans, null, arrays, Float64Arrays, plain objects). */
export function stringifyExact(value: unknown): string {
  return JSON.stringify(encode(value, ''));
}

/** Inverse of `stringifyExact`. */
export function parseExact(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !(TAG in v)) return v;
    const t = v as { [TAG]: string; v: unknown };
    if (t[TAG] === 'number') return t.v === '-0' ? -0 : Number(t.v);
    if (t[TAG] === 'f64') return Float64Array.from(t.v as number[]);
    throw new SyntaxError(`exact JSON: unknown tag ${JSON.stringify(t[TAG])}`);
  });
}
