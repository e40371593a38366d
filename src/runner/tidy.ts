/**
 * Tidy data of a run: one row per (series, x) with y and, where statistical,
 * y_err. Without a sweep the rows are the model's series (x as returned, SI);
 * with a sweep they are the scalar results against the swept parameter (a
 * 2-D grid gives one series per value of the second parameter); a sweep of a
 * model without scalars concatenates its series, labelled by the point.
 */
import type { ModelResult } from '../models/types.js';
import { ArgumentError } from '../util/errors.js';
import type { SweepAxis } from '../scenario/scenario.js';

/** One row of data.csv. x is null for a scalar result without a sweep. */
export interface TidyRow {
  series: string;
  x: number | null;
  y: number;
  yErr?: number;
}

/** The rows and the axis description of a run's data. */
export interface TidyData {
  rows: TidyRow[];
  hasErrors: boolean;
  xLabel: string;
  yLabel: string;
  /** Multiply x by this for display (data stay SI). */
  xDisplayScale: number;
  /** True when x is the swept parameter. */
  swept: boolean;
}

/** SI prefixes for displaying a swept axis: the largest with |x| ≥ 1 at the axis maximum. */
const PREFIXES: [number, string][] = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n']];
/** Units whose swept values are shown with an SI prefix (data stay SI). */
const PREFIXABLE = new Set(['Hz', 's', 'T', 'm']);

/** Display unit and scale of a swept axis, e.g. Hz values up to 3e7 → ('MHz', 1e-6). */
export function axisDisplay(axis: SweepAxis): { unit: string; scale: number } {
  if (!PREFIXABLE.has(axis.unit)) return { unit: axis.unit, scale: 1 };
  const max = Math.max(0, ...axis.values.map(Math.abs));
  if (!(max > 0)) return { unit: axis.unit, scale: 1 };
  for (const [f, p] of PREFIXES) {
    if (max >= f) return { unit: p + axis.unit, scale: 1 / f };
  }
  return { unit: axis.unit, scale: 1 };
}

function coordLabel(axis: SweepAxis, v: number): string {
  return `${axis.parameter}=${v}${axis.unit ? ' ' + axis.unit : ''}`;
}

/** Assemble the tidy rows of a run from its points' results (in point order). */
export function tidyData(axes: readonly SweepAxis[], coords: readonly number[][], results: readonly ModelResult[], scalars?: readonly string[], labels?: Readonly<Record<string, string>>): TidyData {
  const rows: TidyRow[] = [];
  const first = results[0];
  if (axes.length === 0) {
    if (first.series.length > 0) {
      for (const s of first.series) s.x.forEach((x, i) => rows.push({ series: s.name, x, y: s.y[i], ...(s.yErr ? { yErr: s.yErr[i] } : {}) }));
    } else {
      for (const [k, v] of Object.entries(first.scalars ?? {})) rows.push({ series: k, x: null, y: v, ...(first.scalarErrors?.[k] !== undefined ? { yErr: first.scalarErrors[k] } : {}) });
    }
    return finish(rows, first.xLabel ?? 'x', first.yLabel ?? 'value', first.xDisplayScale ?? 1, false);
  }
  const ax = axes[0];
  const shown = axisDisplay(ax);
  const xLabel = `${ax.parameter}${shown.unit ? ` (${shown.unit})` : ''}`;
  const names = scalars && scalars.length > 0 ? [...scalars] : Object.keys(first.scalars ?? {});
  if (names.length > 0) {
    for (const name of names) {
      results.forEach((r, p) => {
        const v = r.scalars?.[name];
        if (v === undefined) throw new ArgumentError('sweep.scalars', `the model returned no scalar ${JSON.stringify(name)} (it returns ${Object.keys(r.scalars ?? {}).join(', ') || 'none'})`);
        const label = labels?.[name] ?? name;
        const series = axes.length === 2 ? `${label} @ ${coordLabel(axes[1], coords[p][1])}` : label;
        const e = r.scalarErrors?.[name];
        rows.push({ series, x: coords[p][0], y: v, ...(e !== undefined ? { yErr: e } : {}) });
      });
    }
    // Group rows by series (the 2-D case interleaves them).
    const order = new Map<string, number>();
    rows.forEach((r) => { if (!order.has(r.series)) order.set(r.series, order.size); });
    rows.sort((a, b) => (order.get(a.series)! - order.get(b.series)!) || ((a.x as number) - (b.x as number)));
    return finish(rows, xLabel, first.yLabel && names.length === 0 ? first.yLabel : 'value', shown.scale, true);
  }
  results.forEach((r, p) => {
    const label = axes.map((a, k) => coordLabel(a, coords[p][k])).join(', ');
    for (const s of r.series) s.x.forEach((x, i) => rows.push({ series: `${s.name} @ ${label}`, x, y: s.y[i], ...(s.yErr ? { yErr: s.yErr[i] } : {}) }));
  });
  return finish(rows, first.xLabel ?? 'x', first.yLabel ?? 'value', first.xDisplayScale ?? 1, false);
}

function finish(rows: TidyRow[], xLabel: string, yLabel: string, xDisplayScale: number, swept: boolean): TidyData {
  return { rows, hasErrors: rows.some((r) => r.yErr !== undefined), xLabel, yLabel, xDisplayScale, swept };
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** data.csv: header `series,x,y` (+ `,y_err` when any row has one), RFC 4180 quoting, shortest round-trip numbers. */
export function toCsv(data: TidyData): string {
  const lines = [data.hasErrors ? 'series,x,y,y_err' : 'series,x,y'];
  for (const r of data.rows) {
    const cells = [csvField(r.series), r.x === null ? '' : String(r.x), String(r.y)];
    if (data.hasErrors) cells.push(r.yErr === undefined ? '' : String(r.yErr));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}
