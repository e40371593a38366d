/**
 * Which data a run plots and writes: a run without a sweep shows its model's
 * series (or scalars); a sweep of a time-resolved model shows every point's
 * series ("P1 gammaB=50 Hz") with its scalars beside them (scalars.csv and
 * the report's results table); a sweep that names `scalars` (or whose model
 * returns no series) plots those scalars against the swept parameter and
 * keeps the series as the secondary output (series.csv, plot-series.svg).
 */
import type { ModelResult } from '../models/types.js';
import type { ResolvedScenario, SweepAxis } from '../scenario/scenario.js';
import { ProblemError } from '../util/errors.js';
import type { Series } from '../models/types.js';
import { pointSeriesRows, sweptSeriesData, tidyData, type TidyData, type TidyRow } from './tidy.js';

/** A sweep's per-point series, kept outside the results (series-store.ts on disk; memory in the app). */
export interface SweepSeries {
  /** Tidy rows of every point's series in point order; null when no point kept series. */
  tidy(axes: readonly SweepAxis[], coords: readonly (readonly number[])[]): TidyData | null;
}

/** What a sweep keeps of a finished point's series: the series and how to label their axis. */
export interface KeptSeries {
  series: Series[];
  xLabel?: string;
  yLabel?: string;
  xDisplayScale?: number;
}

/** The series part of a result (what a SweepSeries keeps). */
export function keptSeriesOf(r: ModelResult): KeptSeries {
  return { series: r.series, ...(r.xLabel !== undefined ? { xLabel: r.xLabel } : {}), ...(r.yLabel !== undefined ? { yLabel: r.yLabel } : {}), ...(r.xDisplayScale !== undefined ? { xDisplayScale: r.xDisplayScale } : {}) };
}

/**
 * Tidy rows of every kept point's series ("P1 gammaB=50 Hz"), loaded one point
 * at a time in point order; null when no point kept series.
 */
export function tidyKeptSeries(axes: readonly SweepAxis[], coords: readonly (readonly number[])[], load: (index: number) => KeptSeries | null): TidyData | null {
  const rows: TidyRow[] = [];
  let first: KeptSeries | null = null;
  coords.forEach((c, i) => {
    const f = load(i);
    if (f === null) return;
    first ??= f;
    for (const r of pointSeriesRows(axes, c, f.series)) rows.push(r);
  });
  return first === null ? null : sweptSeriesData(rows, axes, first);
}

/** The data of a run: what data.csv and plot.svg show, and the other kind when there is one. */
export interface RunData {
  primary: TidyData;
  /** 'series' (series.csv, plot-series.*) or 'scalars' (scalars.csv, plot-scalars.* when named). */
  secondary?: { kind: 'series' | 'scalars'; data: TidyData };
}

function scalarData(sc: ResolvedScenario, results: readonly ModelResult[]): TidyData | null {
  const named = sc.scalars && sc.scalars.length > 0;
  if (!named && results.every((r) => Object.keys(r.scalars ?? {}).length === 0)) return null;
  try {
    return tidyData(sc.axes, sc.points.map((p) => p.coords), results.map((r) => ({ ...r, series: [] })), sc.scalars, sc.labels);
  } catch (err) {
    throw err instanceof RangeError ? new ProblemError('sweep.scalars', err.message.replace(/^sweep\.scalars: /, '')) : err;
  }
}

/** Assemble a run's data from its results (sweeps: series read back from `store`). */
export function runData(sc: ResolvedScenario, results: readonly ModelResult[], store: SweepSeries | null): RunData {
  if (sc.axes.length === 0 || store === null) {
    return { primary: tidyData(sc.axes, sc.points.map((p) => p.coords), results, sc.scalars, sc.labels) };
  }
  const series = store.tidy(sc.axes, sc.points.map((p) => p.coords));
  const scalars = scalarData(sc, results);
  const named = sc.scalars && sc.scalars.length > 0;
  if (series && !named) return { primary: series, ...(scalars ? { secondary: { kind: 'scalars', data: scalars } } : {}) };
  if (scalars) return { primary: scalars, ...(series ? { secondary: { kind: 'series', data: series } } : {}) };
  if (series) return { primary: series };
  throw new ProblemError('model', `model "${sc.model.id}" returned neither series nor scalars`);
}
