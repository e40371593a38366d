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
import { PREFIXABLE, PREFIXES, formatValue } from '../util/format-value.js';

export { formatValue };

/** One row of data.csv. x is null for a scalar result without a sweep. */
export interface TidyRow {
  series: string;
  x: number | null;
  y: number;
  yErr?: number;
  /** Observable (or scalar) the row belongs to, when `series` also names a sweep point: drives the plot's encodings. */
  obs?: string;
  /** Swept value of the row's point (second axis for scalar grids), SI. */
  value?: number;
  /** The same as text with its unit, for people ("Γ_B = 50 Hz"; "gammaB=50 Hz" for a parameter without a symbol). */
  valueLabel?: string;
  /** A series sweep over two axes: the second axis's value as text ("bond = 2"), one plot panel each. */
  group?: string;
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
  /** x is log-spaced (a log sweep): plot on a log axis unless told otherwise. */
  xLog?: boolean;
  /** What `value` of the rows is ("Γ_B (Hz)") and whether it is log-spaced, for a colour legend. */
  valueTitle?: string;
  valueLog?: boolean;
  /** Multiply `value` by this for display, in the unit of `valueTitle` (data stay SI). */
  valueDisplayScale?: number;
  /** A two-axis scalar grid dense enough for heat maps: x = first axis, value = second axis. */
  grid?: boolean;
}


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

/** A sweep point's coordinate in series names (data.csv keys, stable): "gammaB=50 Hz". */
export function coordLabel(axis: SweepAxis, v: number): string {
  return `${axis.parameter}=${formatValue(v, axis.unit)}`;
}

/** The same for people (legends, panel headers): the parameter's symbol when it has one, "Γ_B = 50 Hz". */
export function coordDisplay(axis: SweepAxis, v: number): string {
  return axis.symbol ? `${axis.symbol} = ${formatValue(v, axis.unit)}` : coordLabel(axis, v);
}

/** Axis title of a swept parameter in its display unit: "Γ_op (s⁻¹)" (its name when it has no symbol). */
export function axisTitle(axis: SweepAxis): string {
  const shown = axisDisplay(axis);
  return `${axis.symbol ?? axis.parameter}${shown.unit ? ` (${shown.unit})` : ''}`;
}

/**
 * True for values that are log-spaced: declared so, or all positive, spanning at least a factor
 * 20, with ratios between neighbours more uniform than differences.
 */
export function isLogSpaced(axis: SweepAxis): boolean {
  if (axis.scale) return axis.scale === 'log';
  const v = [...axis.values].sort((a, b) => a - b);
  if (v.length < 3 || !(v[0] > 0) || v[v.length - 1] / v[0] < 20) return false;
  const spread = (d: number[]): number => {
    const m = d.reduce((a, b) => a + b, 0) / d.length;
    return Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / d.length) / Math.abs(m);
  };
  const lin = v.slice(1).map((x, i) => x - v[i]);
  const log = v.slice(1).map((x, i) => Math.log(x / v[i]));
  return spread(log) < spread(lin);
}

/** Label of an axis whose values are stored in SI but shown scaled: "t (ms)" with scale 1e3 → "t (s)". */
export function siLabel(label: string, scale: number): string {
  if (scale === 1) return label;
  const m = /\((G|M|k|m|µ|u|n)(s|Hz|T|m)\)\s*$/.exec(label);
  if (!m) return `(${label}) / ${scale}`; // e.g. γ₁t shown for t in s: stored x = (γ₁t)/γ₁
  const f = { G: 1e9, M: 1e6, k: 1e3, m: 1e-3, µ: 1e-6, u: 1e-6, n: 1e-9 }[m[1] as 'G'];
  if (Math.abs(f * scale - 1) > 1e-9) return label;
  return label.slice(0, m.index) + `(${m[2]})`;
}

/** y label of plotted scalars: their common unit, one name, or the names (never a bare "value"). */
export function scalarsLabel(names: readonly string[], labels?: Readonly<Record<string, string>>, units?: Readonly<Record<string, string>>): string {
  const shown = names.map((n) => labels?.[n] ?? n);
  const us = [...new Set(names.map((n) => units?.[n] ?? ''))];
  const unit = us.length === 1 && us[0] ? ` (${us[0]})` : '';
  const text = shown.join(', ');
  return (text.length <= 48 ? text : shown.length > 1 ? `${shown[0]}, … (${shown.length} results)` : text) + unit;
}

/** Rows of one sweep point's series, named "<observable> <param>=<value with unit>". */
export function pointSeriesRows(axes: readonly SweepAxis[], coords: readonly number[], series: readonly { name: string; x: ArrayLike<number>; y: ArrayLike<number>; yErr?: ArrayLike<number> }[]): TidyRow[] {
  const label = axes.map((a, k) => coordLabel(a, coords[k])).join(', ');
  const shown = axes.map((a, k) => coordDisplay(a, coords[k])).join(', ');
  const group = axes.length > 1 ? axes.slice(1).map((a, k) => coordDisplay(a, coords[k + 1])).join(', ') : undefined;
  const rows: TidyRow[] = [];
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      rows.push({ series: `${s.name} ${label}`, x: s.x[i], y: s.y[i], ...(s.yErr ? { yErr: s.yErr[i] } : {}), obs: s.name, value: coords[0], valueLabel: shown, ...(group !== undefined ? { group } : {}) });
    }
  }
  return rows;
}

/** Assemble the tidy rows of a run from its points' results (in point order). */
export function tidyData(axes: readonly SweepAxis[], coords: readonly number[][], results: readonly ModelResult[], scalars?: readonly string[], labels?: Readonly<Record<string, string>>, units?: Readonly<Record<string, string>>): TidyData {
  const rows: TidyRow[] = [];
  const first = results[0];
  if (axes.length === 0) {
    if (first.series.length > 0) {
      for (const s of first.series) s.x.forEach((x, i) => rows.push({ series: s.name, x, y: s.y[i], ...(s.yErr ? { yErr: s.yErr[i] } : {}) }));
    } else {
      for (const [k, v] of Object.entries(first.scalars ?? {})) rows.push({ series: k, x: null, y: v, ...(first.scalarErrors?.[k] !== undefined ? { yErr: first.scalarErrors[k] } : {}) });
    }
    const shownNames = first.series.length > 0 ? first.series.map((s) => s.name) : Object.keys(first.scalars ?? {});
    return finish(rows, first.xLabel ?? 'x', first.yLabel ?? scalarsLabel(shownNames, undefined, first.series.length > 0 ? undefined : first.scalarUnits), first.xDisplayScale ?? 1, false);
  }
  const ax = axes[0];
  const shown = axisDisplay(ax);
  const xLabel = axisTitle(ax);
  const names = scalars && scalars.length > 0 ? [...scalars] : Object.keys(first.scalars ?? {});
  if (names.length > 0) {
    for (const name of names) {
      results.forEach((r, p) => {
        const v = r.scalars?.[name];
        if (v === undefined) throw new ArgumentError('sweep.scalars', `the model returned no scalar ${JSON.stringify(name)} (it returns ${Object.keys(r.scalars ?? {}).join(', ') || 'none'})`);
        const label = labels?.[name] ?? name;
        const series = axes.length === 2 ? `${label} ${coordLabel(axes[1], coords[p][1])}` : label;
        const e = r.scalarErrors?.[name];
        rows.push({
          series, x: coords[p][0], y: v, ...(e !== undefined ? { yErr: e } : {}),
          ...(axes.length === 2 ? { obs: label, value: coords[p][1], valueLabel: coordDisplay(axes[1], coords[p][1]) } : {}),
        });
      });
    }
    // Group rows by series (the 2-D case interleaves them).
    const order = new Map<string, number>();
    rows.forEach((r) => { if (!order.has(r.series)) order.set(r.series, order.size); });
    rows.sort((a, b) => (order.get(a.series)! - order.get(b.series)!) || ((a.x as number) - (b.x as number)));
    const out = finish(rows, xLabel, scalarsLabel(names, labels, units ?? first.scalarUnits), shown.scale, true);
    out.xLog = isLogSpaced(ax);
    if (axes.length === 2) {
      out.valueTitle = axisTitle(axes[1]);
      out.valueLog = isLogSpaced(axes[1]);
      out.valueDisplayScale = axisDisplay(axes[1]).scale;
      out.grid = axes[0].values.length >= 5 && axes[1].values.length >= 5;
    }
    return out;
  }
  results.forEach((r, p) => rows.push(...pointSeriesRows(axes, coords[p], r.series)));
  return sweptSeriesData(rows, axes, first);
}

/** TidyData of a sweep's series (rows from pointSeriesRows, in point order). */
export function sweptSeriesData(rows: TidyRow[], axes: readonly SweepAxis[], first: Pick<ModelResult, 'xLabel' | 'yLabel' | 'xDisplayScale'>): TidyData {
  // Series x is the model's own axis (time), not the swept parameter.
  const out = finish(rows, first.xLabel ?? 'x', first.yLabel ?? scalarsLabel([...new Set(rows.map((r) => r.obs ?? r.series))]), first.xDisplayScale ?? 1, false);
  out.valueTitle = axisTitle(axes[0]);
  out.valueLog = isLogSpaced(axes[0]);
  out.valueDisplayScale = axisDisplay(axes[0]).scale;
  return out;
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
