/**
 * Run a resolved scenario: compute its points (in parallel over worker
 * threads for sweeps), keep finished points in a checkpoint, and write
 * data.csv, data.json, plot.svg, plot.png, report.html and meta.json.
 *
 * Determinism: every point runs with the scenario's seed and its own
 * parameters, and outputs are assembled in point order, so a resumed run
 * writes the same bytes as an uninterrupted one.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { setMaxListeners } from 'node:events';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError, CliRuntimeError, ProblemError } from '../util/errors.js';
import { ensureDirectory, writeFileAtomic } from '../util/atomic-write.js';
import { acquireRunLock } from './lock.js';
import { PROCESS_BASELINE_BYTES, requireMemory, type MemoryLimit } from './memory.js';
import type { ModelResult } from '../models/types.js';
import { describeCoords, type ResolvedScenario } from '../scenario/scenario.js';
import { gitCommit, spindriftVersion } from './package-info.js';
import { renderPng, renderSvg, vegaLiteSpec } from './plot.js';
import { Progress, type ProgressStream } from './progress.js';
import { reportHtml } from './report.js';
import { firstNonFinite, jsonSafe, plainResult } from './result.js';
import type { SweepTask } from './sweep-worker.js';
import { PointSeriesStore } from './series-store.js';
import { runData } from './sweep-outputs.js';
import { siLabel, toCsv } from './tidy.js';

/** Name of the checkpoint file in the output directory. */
export const CHECKPOINT_FILE = 'checkpoint.json';

export interface RunOptions {
  /** Output directory (created). */
  out: string;
  /** Continue from DIR/checkpoint.json. */
  resume?: boolean;
  /** Abort (Ctrl-C, kill, tests): finished points stay in the checkpoint. */
  signal?: AbortSignal;
  /** Worker threads for sweeps (default: scenario's, else available cores). */
  workers?: number;
  /** Progress display (null: none). */
  progress?: ProgressStream | null;
  /** Called after each finished point (index, number done, total). */
  onPoint?: (index: number, done: number, total: number) => void;
  /** Results computed elsewhere (merged shards), by point index; not recomputed. */
  precomputed?: ReadonlyMap<number, ModelResult>;
}

export interface RunSummary {
  out: string;
  files: string[];
  points: number;
  resumed: number;
  timings: Record<string, number>;
  png: { width: number; height: number };
}

/** Thrown when a run is aborted; finished points are in the checkpoint. */
export class RunInterrupted extends Error {
  constructor(readonly kept: number, readonly total: number, readonly checkpoint: string) {
    super(`interrupted: ${kept} of ${total} points kept in ${checkpoint}; rerun with --resume to continue`);
    this.name = 'RunInterrupted';
  }
}

interface Checkpoint {
  version: 1;
  hash: string;
  results: Record<string, ModelResult>;
}

export { formatBytes } from './memory.js';

/**
 * Whole-process memory estimate of a run: the process baseline plus the
 * model's estimate times the points computed at once (sweep workers).
 */
export function runMemoryEstimate(sc: ResolvedScenario, workers?: number): number {
  const concurrent = sc.points.length > 1 ? Math.max(1, Math.min(workers ?? sc.workers ?? availableParallelism(), sc.points.length)) : 1;
  return PROCESS_BASELINE_BYTES + concurrent * sc.memoryBytes;
}

/**
 * Refuse a run whose memory estimate exceeds the memory available (the
 * smallest of free memory, ulimit -v and the cgroup limit), before anything is written.
 */
export function checkMemory(sc: ResolvedScenario, workers?: number, available?: MemoryLimit): void {
  if (sc.memoryBytes > 0) requireMemory(runMemoryEstimate(sc, workers), `this run (model "${sc.model.id}")`, 'params', available);
}

function pointFailure(sc: ResolvedScenario, index: number, detail: string): CliRuntimeError {
  const where = sc.axes.length ? `sweep point ${index + 1}/${sc.points.length} (${describeCoords(sc.axes, sc.points[index].coords)})` : 'the run';
  return new CliRuntimeError(`${where} of model "${sc.model.id}" failed: ${detail}`);
}

/**
 * Compute every pending point (of `only`, when given: a shard's points) into
 * `done`, calling `save` after each. With `store`, each point's series go to
 * disk and `done` keeps the rest (series-store.ts).
 */
export async function computePoints(sc: ResolvedScenario, opts: RunOptions, done: Map<number, ModelResult>, save: () => void, only?: ReadonlySet<number>, store: PointSeriesStore | null = null): Promise<void> {
  const pending = sc.points.filter((p) => !done.has(p.index) && (!only || only.has(p.index)));
  const total = only ? only.size : sc.points.length;
  const progress = new Progress(opts.progress ?? null, total, sc.figure?.id ?? sc.model.id);
  progress.update(done.size);
  // Fractions of the points in flight (models that report progress inside a point).
  const inFlight = new Map<number, number>();
  const partial = (index: number, fraction: number, detail?: string): void => {
    inFlight.set(index, Math.min(1, Math.max(0, fraction)));
    let s = 0;
    for (const f of inFlight.values()) s += f;
    progress.update(Math.min(total, done.size + Math.min(s, inFlight.size - 1e-9)), inFlight.size === 1 ? detail : undefined);
  };
  const finish = (index: number, r: ModelResult): void => {
    const bad = firstNonFinite(r);
    if (bad !== null) throw pointFailure(sc, index, `non-finite value ${bad}`);
    done.set(index, store ? store.keep(index, plainResult(r)) : plainResult(r));
    inFlight.delete(index);
    save();
    progress.update(done.size);
    opts.onPoint?.(index, done.size, total);
  };
  const workers = Math.max(1, Math.min(opts.workers ?? sc.workers ?? availableParallelism(), pending.length));
  try {
    if (pending.length === 0) return;
    if (total === 1 || workers === 1) {
      for (const p of pending) {
        if (opts.signal?.aborted) throw new RunInterrupted(done.size, total, join(opts.out, CHECKPOINT_FILE));
        let r: ModelResult;
        try {
          r = await sc.model.run(p.params, {
            seed: sc.seed, workers: total === 1 ? (opts.workers ?? sc.workers ?? availableParallelism()) : 1,
            progress: (f: number, detail?: string) => partial(p.index, f, detail),
            ...(opts.signal ? { signal: opts.signal } : {}),
          });
        } catch (err) {
          if (opts.signal?.aborted) throw new RunInterrupted(done.size, total, join(opts.out, CHECKPOINT_FILE));
          throw err instanceof ProblemError ? err : pointFailure(sc, p.index, err instanceof Error ? err.message : String(err));
        }
        finish(p.index, r);
      }
      return;
    }
    const { Piscina } = await import('piscina');
    const pool = new Piscina({ filename: new URL('./sweep-worker.js', import.meta.url).href, minThreads: workers, maxThreads: workers });
    // At most `workers` points in flight; on abort or failure no new point starts and the pool is
    // destroyed (terminating running points). Piscina's per-task abort is not used: it races with
    // results already in flight.
    let failure: unknown = null;
    let stopped = false;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      void pool.destroy();
    };
    const onAbort = (): void => stop();
    opts.signal?.addEventListener('abort', onAbort);
    if (opts.signal?.aborted) stop();
    let next = 0;
    const lane = async (): Promise<void> => {
      while (!stopped && next < pending.length) {
        const p = pending[next++];
        const channel = new MessageChannel();
        channel.port1.on('message', (f: number) => { if (!stopped && !done.has(p.index)) partial(p.index, f); });
        const task: SweepTask = { modelId: sc.model.id, params: p.params, seed: sc.seed, progressPort: channel.port2 };
        let r: ModelResult;
        try {
          r = (await pool.run(task, { transferList: [channel.port2] as never })) as ModelResult;
        } catch (err) {
          channel.port1.close();
          if (stopped) return;
          failure = failure ?? pointFailure(sc, p.index, err instanceof Error ? err.message : String(err));
          stop();
          return;
        }
        channel.port1.close();
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
      if (!stopped) await pool.destroy();
    }
    if (failure !== null) throw failure;
    if (opts.signal?.aborted) throw new RunInterrupted(done.size, total, join(opts.out, CHECKPOINT_FILE));
  } catch (err) {
    progress.stop();
    throw err;
  }
}

/**
 * Run a resolved scenario into `opts.out`. Throws ProblemError for input
 * defects found late (memory, a checkpoint of another scenario, another run
 * holding the folder's lock) before writing, OutputPathError when the folder
 * cannot be created, RunInterrupted when aborted, CliRuntimeError when a point fails.
 */
export async function runScenario(sc: ResolvedScenario, opts: RunOptions): Promise<RunSummary> {
  checkMemory(sc, opts.workers);
  // Models hand the signal to worker pools, which hold one 'abort' listener per queued task (removed when
  // it finishes): many tasks in flight are not a leak, so Node's warning at 11 listeners is switched off.
  if (opts.signal) setMaxListeners(0, opts.signal);
  ensureDirectory(opts.out);
  const lock = acquireRunLock(opts.out);
  try {
    return await runLocked(sc, opts);
  } finally {
    lock.release();
  }
}

/** runScenario once the output folder exists and is locked. */
async function runLocked(sc: ResolvedScenario, opts: RunOptions): Promise<RunSummary> {
  const t0 = performance.now();
  const started = new Date().toISOString();
  const ckPath = join(opts.out, CHECKPOINT_FILE);
  const done = new Map<number, ModelResult>();
  let resumed = 0;
  if (opts.resume && existsSync(ckPath)) {
    let ck: Checkpoint;
    try {
      ck = JSON.parse(readFileSync(ckPath, 'utf8')) as Checkpoint;
    } catch (err) {
      throw new ProblemError(ckPath, `unreadable checkpoint (${(err as Error).message})`);
    }
    if (ck.version !== 1 || ck.hash !== sc.hash) throw new ProblemError(ckPath, 'the checkpoint belongs to a different scenario (model, parameters or seed changed); remove it or run without --resume');
    for (const [k, v] of Object.entries(ck.results)) done.set(Number(k), v);
    resumed = done.size;
  }
  // Sweeps keep each point's series on disk (bounded memory); the checkpoint keeps the rest.
  const store = sc.axes.length > 0 ? new PointSeriesStore(opts.out) : null;
  for (const [k, v] of opts.precomputed ?? []) done.set(k, store ? store.keep(k, v) : v);
  const save = (): void => {
    const ck: Checkpoint = { version: 1, hash: sc.hash, results: Object.fromEntries([...done.entries()].sort((a, b) => a[0] - b[0])) };
    writeFileAtomic(ckPath, JSON.stringify(ck));
  };
  await computePoints(sc, opts, done, save, undefined, store);
  const tSolve = performance.now();

  const results = sc.points.map((p) => done.get(p.index) as ModelResult);
  let data, secondary;
  try {
    ({ primary: data, secondary } = runData(sc, results, store));
  } catch (err) {
    throw err instanceof ArgumentError ? new ProblemError(err.path, err.detail) : err;
  }
  const decorations = sc.axes.length === 0 ? results[0].decorations : undefined;
  const spec = vegaLiteSpec(data, { title: sc.plot.title ?? sc.title, ...sc.plot, ...(decorations ? { decorations } : {}) });
  const svg = await renderSvg(spec);
  const { png, width, height } = await renderPng(svg);
  // Scalars beside plotted series go to scalars.csv and the report's table (their units differ); series beside plotted scalars get their own plot.
  const second = secondary?.kind === 'series' ? await renderSvg(vegaLiteSpec(secondary.data, { title: sc.plot.title ?? sc.title, ...sc.plot, xLabel: undefined, xScale: undefined, rules: undefined })) : null;
  const tPlot = performance.now();

  const notes = [...new Set(results.flatMap((r) => r.notes ?? []))];
  const version = spindriftVersion();
  const commit = gitCommit();
  const files = ['data.csv', 'data.json', 'plot.svg', 'plot.png', ...(secondary ? [`${secondary.kind}.csv`] : []), ...(second ? ['plot-series.svg', 'plot-series.png'] : []), 'report.html', 'meta.json'];
  const timings = { solve_ms: tSolve - t0, plot_ms: tPlot - tSolve };
  const meta = {
    spindrift: version,
    commit,
    started,
    source: sc.source,
    title: sc.title,
    model: sc.model.id,
    seed: sc.seed,
    points: sc.points.length,
    resumed_points: resumed,
    sweep: sc.axes.map((a) => ({ parameter: a.parameter, unit: a.unit, values: a.values })),
    figure: sc.figure ?? null,
    memory_estimate_bytes: runMemoryEstimate(sc, opts.workers),
    peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
    png: { width, height },
    timings_ms: timings,
    files,
  };
  const dataJson = {
    title: sc.title,
    model: sc.model.id,
    seed: sc.seed,
    x_label: siLabel(data.xLabel, data.xDisplayScale),
    x_display_label: data.xLabel,
    y_label: data.yLabel,
    x_display_scale: data.xDisplayScale,
    params: jsonSafe(sc.params),
    sweep: meta.sweep,
    rows: data.rows.map((r) => ({ series: r.series, x: r.x, y: r.y, ...(r.yErr !== undefined ? { y_err: r.yErr } : {}) })),
    points: sc.points.map((p, i) => ({
      coords: p.coords, scalars: results[i].scalars ?? {}, scalar_errors: results[i].scalarErrors ?? {},
      ...(results[i].scalarStatistics ? { scalar_statistics: results[i].scalarStatistics } : {}),
    })),
    ...(secondary ? { [`${secondary.kind}_rows`]: secondary.data.rows.map((r) => ({ series: r.series, x: r.x, y: r.y, ...(r.yErr !== undefined ? { y_err: r.yErr } : {}) })) } : {}),
    ...(results[0].tables ? { tables: results[0].tables } : {}),
    notes,
    ...(sc.axes.length === 0 && results[0].meta ? { meta: jsonSafe(results[0].meta) } : {}),
  };
  writeFileAtomic(join(opts.out, 'data.csv'), toCsv(data));
  writeFileAtomic(join(opts.out, 'data.json'), JSON.stringify(dataJson, null, 1) + '\n');
  writeFileAtomic(join(opts.out, 'plot.svg'), svg);
  writeFileAtomic(join(opts.out, 'plot.png'), png);
  if (secondary) writeFileAtomic(join(opts.out, `${secondary.kind}.csv`), toCsv(secondary.data));
  if (second) {
    writeFileAtomic(join(opts.out, 'plot-series.svg'), second);
    writeFileAtomic(join(opts.out, 'plot-series.png'), (await renderPng(second)).png);
  }
  const tWrite = performance.now();
  const allTimings = { ...timings, total_ms: tWrite - t0 };
  writeFileAtomic(join(opts.out, 'report.html'), reportHtml({
    scenario: sc, svg, version, commit, started, results, ...(second ? { secondarySvg: second } : {}),
    timings: { 'solve (all points)': timings.solve_ms, 'plot (SVG + PNG)': timings.plot_ms, total: allTimings.total_ms },
    notes, stats: results[0].stats ?? {}, points: sc.points.length, files,
  }));
  writeFileAtomic(join(opts.out, 'meta.json'), JSON.stringify({ ...meta, timings_ms: allTimings }, null, 2) + '\n');
  if (existsSync(ckPath)) unlinkSync(ckPath);
  store?.remove();
  return { out: opts.out, files, points: sc.points.length, resumed, timings: allTimings, png: { width, height } };
}
