/**
 * The scenario-execution core shared by `spindrift run` (run.ts) and the
 * browser app: compute a resolved scenario's points (over the installed
 * platform's worker pool for sweeps, util/parallel.ts), with progress inside
 * points and abort, and assemble what a run writes — data.csv, data.json and
 * the Vega-Lite spec of plot.svg — from the results. Browser-clean: no file
 * I/O, locks, memory checks or PNG rendering here (run.ts adds those in Node).
 *
 * Determinism: every point runs with the scenario's seed and its own
 * parameters, and outputs are assembled in point order, so the CLI and the
 * app write the same bytes for the same scenario.
 */
import { ProblemError, CliRuntimeError, ArgumentError } from '../util/errors.js';
import { availableThreads, openPool } from '../util/parallel.js';
import type { ModelResult } from '../models/types.js';
import { describeCoords, type ResolvedScenario, type SweepAxis } from '../scenario/scenario.js';
import { vegaLiteSpec } from './plot.js';
import { Progress, type ProgressStream } from './progress.js';
import { firstNonFinite, jsonSafe, plainResult } from './result.js';
import type { SweepTask } from './sweep-point.js';
import { keptSeriesOf, runData, tidyKeptSeries, type KeptSeries, type SweepSeries } from './sweep-outputs.js';
import { siLabel, toCsv, type TidyData } from './tidy.js';

/** How points are computed and reported. */
export interface ExecuteOptions {
  /** Abort: no new point starts, running ones are stopped, RunInterrupted is thrown. */
  signal?: AbortSignal;
  /** Workers for sweeps (default: scenario's, else the platform's thread count). */
  workers?: number;
  /** Text progress display (null: none). */
  progress?: ProgressStream | null;
  /** Called after each finished point (index, number done, total). */
  onPoint?: (index: number, done: number, total: number) => void;
  /** Called with each finished point's full result (plain data), before series go to a store. */
  onResult?: (index: number, result: ModelResult) => void;
  /**
   * Partial results of a point in flight (RunContext.partial: the trace up to the time reached, running
   * ensemble means), for live display; models throttle them (≤ 10/s). Points computed on this thread
   * only (one point, or workers = 1): sweep points on pool workers report when they finish.
   */
  onPartial?: (index: number, result: ModelResult) => void;
  /** Overall progress in points (fractional while points are in flight) with a detail from a point in flight. */
  onProgress?: (done: number, total: number, detail?: string) => void;
  /** Where finished points are kept (for the interruption message); none: the interruption keeps nothing. */
  checkpoint?: string;
}

/** Thrown when a run is aborted; finished points are in the checkpoint when there is one. */
export class RunInterrupted extends Error {
  constructor(readonly kept: number, readonly total: number, readonly checkpoint: string = '') {
    super(checkpoint
      ? `interrupted: ${kept} of ${total} points kept in ${checkpoint}; rerun with --resume to continue`
      : `interrupted: ${kept} of ${total} points computed`);
    this.name = 'RunInterrupted';
  }
}

/** Where a sweep's finished series go (a folder on disk in the CLI: series-store.ts; memory in the app). */
export interface SeriesKeeper extends SweepSeries {
  /** Keep a finished point's series; returns the result without them. */
  keep(index: number, r: ModelResult): ModelResult;
}

/**
 * A sweep's series kept in memory, stored exactly as the CLI's per-point files
 * (a JSON round trip), so the assembled data are the same bytes.
 */
export class MemorySeriesStore implements SeriesKeeper {
  private readonly points = new Map<number, string>();

  keep(index: number, r: ModelResult): ModelResult {
    if (r.series.length === 0) return r;
    this.points.set(index, JSON.stringify(keptSeriesOf(r)));
    return { ...r, series: [] };
  }

  tidy(axes: readonly SweepAxis[], coords: readonly (readonly number[])[]): TidyData | null {
    return tidyKeptSeries(axes, coords, (i) => {
      const text = this.points.get(i);
      return text === undefined ? null : (JSON.parse(text) as KeptSeries);
    });
  }
}

function pointFailure(sc: ResolvedScenario, index: number, detail: string): CliRuntimeError {
  const where = sc.axes.length ? `sweep point ${index + 1}/${sc.points.length} (${describeCoords(sc.axes, sc.points[index].coords)})` : 'the run';
  return new CliRuntimeError(`${where} of model "${sc.model.id}" failed: ${detail}`);
}

/**
 * Compute every pending point (of `only`, when given: a shard's points) into
 * `done`, calling `save` after each. With `store`, each point's series go
 * there and `done` keeps the rest.
 */
export async function computePoints(sc: ResolvedScenario, opts: ExecuteOptions, done: Map<number, ModelResult>, save: () => void, only?: ReadonlySet<number>, store: SeriesKeeper | null = null): Promise<void> {
  const pending = sc.points.filter((p) => !done.has(p.index) && (!only || only.has(p.index)));
  const total = only ? only.size : sc.points.length;
  const progress = new Progress(opts.progress ?? null, total, sc.figure?.id ?? sc.model.id);
  const report = (n: number, detail?: string): void => {
    progress.update(n, detail);
    opts.onProgress?.(n, total, detail);
  };
  const interrupted = (): RunInterrupted => new RunInterrupted(done.size, total, opts.checkpoint);
  report(done.size);
  // Fractions of the points in flight (models that report progress inside a point).
  const inFlight = new Map<number, number>();
  const partial = (index: number, fraction: number, detail?: string): void => {
    inFlight.set(index, Math.min(1, Math.max(0, fraction)));
    let s = 0;
    for (const f of inFlight.values()) s += f;
    report(Math.min(total, done.size + Math.min(s, inFlight.size - 1e-9)), inFlight.size === 1 ? detail : undefined);
  };
  const finish = (index: number, r: ModelResult): void => {
    const bad = firstNonFinite(r);
    if (bad !== null) throw pointFailure(sc, index, `non-finite value ${bad}`);
    const plain = plainResult(r);
    opts.onResult?.(index, plain);
    done.set(index, store ? store.keep(index, plain) : plain);
    inFlight.delete(index);
    save();
    report(done.size);
    opts.onPoint?.(index, done.size, total);
  };
  const workers = Math.max(1, Math.min(opts.workers ?? sc.workers ?? availableThreads(), pending.length));
  try {
    if (pending.length === 0) return;
    if (total === 1 || workers === 1) {
      for (const p of pending) {
        if (opts.signal?.aborted) throw interrupted();
        let r: ModelResult;
        try {
          r = await sc.model.run(p.params, {
            seed: sc.seed, workers: total === 1 ? (opts.workers ?? sc.workers ?? availableThreads()) : 1,
            progress: (f: number, detail?: string) => partial(p.index, f, detail),
            ...(opts.onPartial ? { partial: (r: ModelResult) => opts.onPartial!(p.index, r) } : {}),
            ...(opts.signal ? { signal: opts.signal } : {}),
          });
        } catch (err) {
          if (opts.signal?.aborted) throw interrupted();
          throw err instanceof ProblemError ? err : pointFailure(sc, p.index, err instanceof Error ? err.message : String(err));
        }
        finish(p.index, r);
      }
      return;
    }
    const pool = openPool(workers)!;
    // At most `workers` points in flight; on abort or failure no new point starts and the pool is
    // closed (terminating running points). Per-task abort is not used: it races with results
    // already in flight.
    let failure: unknown = null;
    let stopped = false;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      void pool.close();
    };
    const onAbort = (): void => stop();
    opts.signal?.addEventListener('abort', onAbort);
    if (opts.signal?.aborted) stop();
    let next = 0;
    const lane = async (): Promise<void> => {
      while (!stopped && next < pending.length) {
        const p = pending[next++];
        const task: SweepTask = { modelId: sc.model.id, params: p.params, seed: sc.seed };
        let r: ModelResult;
        try {
          r = (await pool.run('sweep-point', task, { onProgress: (f: number) => { if (!stopped && !done.has(p.index)) partial(p.index, f); } })) as ModelResult;
        } catch (err) {
          if (stopped) return;
          failure = failure ?? pointFailure(sc, p.index, err instanceof Error ? err.message : String(err));
          stop();
          return;
        }
        if (stopped) return; // finished while stopping: not kept, so the kept set is what was saved
        try {
          finish(p.index, r);
        } catch (err) {
          failure = failure ?? err;
          stop();
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: workers }, lane));
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      if (!stopped) await pool.close();
    }
    if (failure !== null) throw failure;
    if (opts.signal?.aborted) throw interrupted();
  } catch (err) {
    progress.stop();
    throw err;
  }
}

/** What a run writes, as text and specs (run.ts adds plots, report and meta.json). */
export interface RunOutputs {
  /** Results by point (sweeps: without the series, which the store holds). */
  results: ModelResult[];
  data: TidyData;
  secondary?: { kind: 'series' | 'scalars'; data: TidyData };
  /** Vega-Lite spec of plot.svg. */
  spec: Record<string, unknown>;
  /** Vega-Lite spec of plot-series.svg (series beside plotted scalars), when there is one. */
  secondarySpec?: Record<string, unknown>;
  /** Contents of data.csv, data.json and (series|scalars).csv. */
  csv: string;
  dataJson: string;
  secondaryCsv?: string;
  /** The run's notes (models' caveats), deduplicated. */
  notes: string[];
  sweep: { parameter: string; unit: string; values: number[] }[];
}

/** Assemble data.csv, data.json and the plot specs from the finished points (all of `sc.points` in `done`). */
export function runOutputs(sc: ResolvedScenario, done: ReadonlyMap<number, ModelResult>, store: SweepSeries | null): RunOutputs {
  const results = sc.points.map((p) => done.get(p.index) as ModelResult);
  let data: TidyData, secondary: RunOutputs['secondary'];
  try {
    ({ primary: data, secondary } = runData(sc, results, store));
  } catch (err) {
    throw err instanceof ArgumentError ? new ProblemError(err.path, err.detail) : err;
  }
  const decorations = sc.axes.length === 0 ? results[0].decorations : undefined;
  const spec = vegaLiteSpec(data, { title: sc.plot.title ?? sc.title, ...sc.plot, ...(decorations ? { decorations } : {}) });
  // Scalars beside plotted series go to scalars.csv and the report's table (their units differ); series beside plotted scalars get their own plot.
  const secondarySpec = secondary?.kind === 'series' ? vegaLiteSpec(secondary.data, { title: sc.plot.title ?? sc.title, ...sc.plot, xLabel: undefined, xScale: undefined, rules: undefined }) : undefined;
  const notes = [...new Set(results.flatMap((r) => r.notes ?? []))];
  const sweep = sc.axes.map((a) => ({ parameter: a.parameter, unit: a.unit, values: a.values }));
  const rowsOf = (d: TidyData): unknown[] => d.rows.map((r) => ({ series: r.series, x: r.x, y: r.y, ...(r.yErr !== undefined ? { y_err: r.yErr } : {}) }));
  const dataJson = {
    title: sc.title,
    model: sc.model.id,
    seed: sc.seed,
    x_label: siLabel(data.xLabel, data.xDisplayScale),
    x_display_label: data.xLabel,
    y_label: data.yLabel,
    x_display_scale: data.xDisplayScale,
    params: jsonSafe(sc.params),
    sweep,
    rows: rowsOf(data),
    points: sc.points.map((p, i) => ({
      coords: p.coords, scalars: results[i].scalars ?? {}, scalar_errors: results[i].scalarErrors ?? {},
      ...(results[i].scalarStatistics ? { scalar_statistics: results[i].scalarStatistics } : {}),
    })),
    ...(secondary ? { [`${secondary.kind}_rows`]: rowsOf(secondary.data) } : {}),
    ...(results[0].tables ? { tables: results[0].tables } : {}),
    notes,
    ...(sc.axes.length === 0 && results[0].meta ? { meta: jsonSafe(results[0].meta) } : {}),
  };
  return {
    results, data, ...(secondary ? { secondary } : {}), spec, ...(secondarySpec ? { secondarySpec } : {}),
    csv: toCsv(data), dataJson: JSON.stringify(dataJson, null, 1) + '\n', ...(secondary ? { secondaryCsv: toCsv(secondary.data) } : {}),
    notes, sweep,
  };
}

/**
 * Compute a whole scenario in memory and assemble its outputs: what the app
 * runs (in a Web Worker). The CLI's run.ts adds checkpoints, a disk store for
 * sweep series, plots and the report around the same two steps.
 */
export async function executeScenario(sc: ResolvedScenario, opts: ExecuteOptions = {}): Promise<RunOutputs> {
  const done = new Map<number, ModelResult>();
  const store = sc.axes.length > 0 ? new MemorySeriesStore() : null;
  await computePoints(sc, opts, done, () => undefined, undefined, store);
  return runOutputs(sc, done, store);
}
