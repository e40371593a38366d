/**
 * Model results as plain JSON data: what checkpoints store and workers send
 * back, and the finiteness check applied to every point.
 */
import type { ModelResult } from '../models/types.js';

/** JSON-safe copy of a value: typed arrays become arrays, non-finite numbers strings, functions dropped. */
export function jsonSafe(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (depth > 8) return undefined;
  if (Array.isArray(value)) return value.map((v) => jsonSafe(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const s = jsonSafe(v, depth + 1);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
  return undefined;
}

/** A ModelResult reduced to plain data (numbers stay numbers; stats made JSON-safe). */
export function plainResult(r: ModelResult): ModelResult {
  const out: ModelResult = {
    series: r.series.map((s) => ({ name: s.name, x: Array.from(s.x), y: Array.from(s.y), ...(s.yErr ? { yErr: Array.from(s.yErr) } : {}) })),
  };
  if (r.scalars) out.scalars = { ...r.scalars };
  if (r.scalarErrors) out.scalarErrors = { ...r.scalarErrors };
  if (r.scalarUnits) out.scalarUnits = { ...r.scalarUnits };
  if (r.tables) out.tables = jsonSafe(r.tables) as ModelResult['tables'];
  if (r.scalarStatistics) out.scalarStatistics = JSON.parse(JSON.stringify(r.scalarStatistics)) as ModelResult['scalarStatistics'];
  if (r.xLabel !== undefined) out.xLabel = r.xLabel;
  if (r.yLabel !== undefined) out.yLabel = r.yLabel;
  if (r.xDisplayScale !== undefined) out.xDisplayScale = r.xDisplayScale;
  if (r.notes) out.notes = [...r.notes];
  if (r.stats) out.stats = jsonSafe(r.stats) as Record<string, unknown>;
  if (r.meta) out.meta = jsonSafe(r.meta) as Record<string, unknown>;
  if (r.decorations) out.decorations = jsonSafe(r.decorations) as ModelResult['decorations'];
  return out;
}

/**
 * First non-finite number in a result, described for an error message
 * ("series P(I1) at x = 2e-6"), or null when every value is finite.
 */
export function firstNonFinite(r: ModelResult): string | null {
  for (const s of r.series) {
    for (let i = 0; i < s.y.length; i++) {
      if (!Number.isFinite(s.y[i]) || !Number.isFinite(s.x[i])) return `${s.y[i]} in series ${JSON.stringify(s.name)} at x = ${s.x[i]}`;
    }
  }
  for (const [k, v] of Object.entries(r.scalars ?? {})) if (!Number.isFinite(v)) return `${v} in scalar ${JSON.stringify(k)}`;
  return null;
}
