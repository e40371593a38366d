/**
 * Run a resolved scenario in Node: compute its points with the shared core
 * (execute.ts; worker threads for sweeps), keep finished points in a
 * checkpoint, and write data.csv, data.json, plot.svg, plot.png, report.html
 * and meta.json. The core assembles the data and plot specs (the app uses the
 * same code); this wrapper adds the folder lock, memory check, checkpoint,
 * disk store of sweep series, SVG/PNG rendering and the report.
 *
 * Determinism: every point runs with the scenario's seed and its own
 * parameters, and outputs are assembled in point order, so a resumed run
 * writes the same bytes as an uninterrupted one.
 */
import { availableParallelism } from 'node:os';
import { setMaxListeners } from 'node:events';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ProblemError } from '../util/errors.js';
import { ensureDirectory, writeFileAtomic } from '../util/atomic-write.js';
import { acquireRunLock } from './lock.js';
import { PROCESS_BASELINE_BYTES, requireMemory, type MemoryLimit } from './memory.js';
import type { ModelResult } from '../models/types.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import { gitCommit, spindriftVersion } from './package-info.js';
import { renderSvg } from './plot.js';
import { renderPng } from './png.js';
import type { ProgressStream } from './progress.js';
import { reportHtml } from './report.js';
import { installNodePlatform } from './node-platform.js';
import { PointSeriesStore } from './series-store.js';
import { computePoints as computeCore, runOutputs, RunInterrupted, type SeriesKeeper } from './execute.js';

export { RunInterrupted };

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

/**
 * Compute every pending point (of `only`, when given: a shard's points) into
 * `done`, calling `save` after each, on Node's worker threads (execute.ts).
 */
export async function computePoints(sc: ResolvedScenario, opts: RunOptions, done: Map<number, ModelResult>, save: () => void, only?: ReadonlySet<number>, store: SeriesKeeper | null = null): Promise<void> {
  installNodePlatform(); // worker threads for the sweep and for the models' own parallel work
  const { out, resume: _resume, precomputed: _precomputed, ...rest } = opts;
  await computeCore(sc, { ...rest, checkpoint: join(out, CHECKPOINT_FILE) }, done, save, only, store);
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

  const outputs = runOutputs(sc, done, store);
  const { results, secondary } = outputs;
  const svg = await renderSvg(outputs.spec);
  const { png, width, height } = await renderPng(svg);
  const second = outputs.secondarySpec ? await renderSvg(outputs.secondarySpec) : null;
  const tPlot = performance.now();

  const notes = outputs.notes;
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
    sweep: outputs.sweep,
    figure: sc.figure ?? null,
    memory_estimate_bytes: runMemoryEstimate(sc, opts.workers),
    peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
    png: { width, height },
    timings_ms: timings,
    files,
  };
  writeFileAtomic(join(opts.out, 'data.csv'), outputs.csv);
  writeFileAtomic(join(opts.out, 'data.json'), outputs.dataJson);
  writeFileAtomic(join(opts.out, 'plot.svg'), svg);
  writeFileAtomic(join(opts.out, 'plot.png'), png);
  if (secondary) writeFileAtomic(join(opts.out, `${secondary.kind}.csv`), outputs.secondaryCsv!);
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
