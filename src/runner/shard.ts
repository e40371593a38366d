/**
 * `spindrift run SCENARIO --shard K/N`: compute only shard K's work units
 * (units.ts) and write them to DIR/shard-K-of-N.json, keyed by unit, with the
 * scenario text and digest so that `spindrift merge` can assemble the full
 * result without the scenario file. Progress is kept in
 * DIR/shard-K-of-N.partial.json after every unit; a rerun (a resubmitted
 * Slurm task) continues from it, and a complete shard is not recomputed.
 * Timings and host names live in the shard file only, never in data files.
 */
import { existsSync, readFileSync, unlinkSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CliRuntimeError, ProblemError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { ModelResult } from '../models/types.js';
import { describeCoords, type ResolvedScenario } from '../scenario/scenario.js';
import { parseExact, stringifyExact } from './exact-json.js';
import { spindriftVersion } from './package-info.js';
import type { ProgressStream } from './progress.js';
import { checkMemory, computePoints, RunInterrupted } from './run.js';
import { planUnits, scenarioDigest, shardFileName, shardUnits, type WorkUnit } from './units.js';

/** Format marker of shard files. */
export const SHARD_FORMAT = 'spindrift-shard';

/** One computed unit: a whole point's result, or the per-item results of a batch. */
export interface UnitRecord extends WorkUnit {
  result?: ModelResult;
  parts?: unknown[];
  /** Wall time of the unit (ms); for the cost model, not for data. */
  ms: number;
}

/** Contents of DIR/shard-K-of-N.json (and .partial.json). */
export interface ShardFile {
  format: typeof SHARD_FORMAT;
  version: 1;
  digest: string;
  shard: number;
  of: number;
  /** Number of units of the whole run (all shards). */
  units_total: number;
  source: string;
  scenario: string;
  spindrift: string;
  host: string;
  complete: boolean;
  timings_ms: { total: number };
  units: UnitRecord[];
}

export interface ShardOptions {
  out: string;
  shard: number;
  of: number;
  workers?: number;
  signal?: AbortSignal;
  progress?: ProgressStream | null;
}

export interface ShardSummary {
  file: string;
  units: number;
  /** Units taken from a previous partial run. */
  resumed: number;
  /** The shard was already complete: nothing computed. */
  skipped: boolean;
  ms: number;
}

/** Read and check a shard file (complete or partial); ProblemError naming the file when it is not one. */
export function readShardFile(path: string): ShardFile {
  let f: ShardFile;
  try {
    f = parseExact(readFileSync(path, 'utf8')) as ShardFile;
  } catch (err) {
    throw new ProblemError(path, `not a readable shard file (${(err as Error).message})`);
  }
  if (f === null || typeof f !== 'object' || f.format !== SHARD_FORMAT || f.version !== 1 || !Array.isArray(f.units) || typeof f.digest !== 'string') {
    throw new ProblemError(path, 'not a spindrift shard file');
  }
  return f;
}

/** Compute one unit of items through the model's `items` interface. */
async function computeItems(sc: ResolvedScenario, unit: WorkUnit, workers: number, signal?: AbortSignal): Promise<unknown[]> {
  const p = sc.points[unit.point];
  const items = sc.model.items;
  if (!items || !unit.items) throw new Error(`unit ${unit.id}: model "${sc.model.id}" has no work items`);
  const indices = Array.from({ length: unit.items.count }, (_, i) => unit.items!.first + i);
  try {
    return await items.compute(p.params, indices, { seed: sc.seed, workers, ...(signal ? { signal } : {}) });
  } catch (err) {
    if (signal?.aborted || err instanceof ProblemError) throw err;
    const where = sc.axes.length ? `sweep point ${unit.point + 1}/${sc.points.length} (${describeCoords(sc.axes, p.coords)})` : 'the run';
    throw new CliRuntimeError(`${where}, items ${unit.items.first}–${unit.items.first + unit.items.count - 1}, of model "${sc.model.id}" failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Run shard `opts.shard` of `opts.of` of `sc` into `opts.out`. Throws
 * ProblemError when DIR holds a shard of another scenario, RunInterrupted
 * when aborted (finished units kept), CliRuntimeError when a unit fails.
 */
export async function runShard(sc: ResolvedScenario, opts: ShardOptions): Promise<ShardSummary> {
  const t0 = performance.now();
  const { shard: k, of: n } = opts;
  checkMemory(sc);
  const digest = scenarioDigest(sc);
  const finalPath = join(opts.out, shardFileName(k, n));
  const partialPath = join(opts.out, shardFileName(k, n, true));
  const all = await planUnits(sc, n);
  const units = shardUnits(all, k, n);
  const unitsTotal = all.length;
  if (existsSync(finalPath)) {
    const prev = readShardFile(finalPath);
    if (prev.digest !== digest) throw new ProblemError(finalPath, 'holds a shard of a different scenario (digest differs); use another --out directory or remove it');
    return { file: finalPath, units: prev.units.length, resumed: prev.units.length, skipped: true, ms: performance.now() - t0 };
  }
  const records = new Map<string, UnitRecord>();
  if (existsSync(partialPath)) {
    const prev = readShardFile(partialPath);
    if (prev.digest !== digest) throw new ProblemError(partialPath, 'holds a partial shard of a different scenario (digest differs); use another --out directory or remove it');
    const wanted = new Set(units.map((u) => u.id));
    for (const r of prev.units) if (wanted.has(r.id)) records.set(r.id, r);
  }
  const resumed = records.size;
  mkdirSync(opts.out, { recursive: true });
  const file = (complete: boolean): ShardFile => ({
    format: SHARD_FORMAT, version: 1, digest, shard: k, of: n, units_total: unitsTotal,
    source: sc.source, scenario: sc.text, spindrift: spindriftVersion(), host: hostname(), complete,
    timings_ms: { total: performance.now() - t0 },
    units: units.filter((u) => records.has(u.id)).map((u) => records.get(u.id) as UnitRecord),
  });
  const save = (): void => writeFileAtomic(partialPath, stringifyExact(file(false)));
  const workers = opts.workers ?? sc.workers ?? (await import('node:os')).availableParallelism();

  // Whole points: the runner's point loop (parallel over points) restricted to this shard's points.
  const wholeUnits = units.filter((u) => !u.items && !records.has(u.id));
  if (wholeUnits.length > 0) {
    const done = new Map<number, ModelResult>();
    let last = performance.now();
    // Called after each finished point: record the newly finished ones (ms: time since the previous one).
    const record = (): void => {
      const now = performance.now();
      for (const [index, result] of done) {
        const id = `p${index}`;
        if (!records.has(id)) records.set(id, { id, point: index, result, ms: now - last });
      }
      last = now;
      save();
    };
    const runOpts = { out: opts.out, workers, ...(opts.signal ? { signal: opts.signal } : {}), progress: opts.progress ?? null };
    try {
      await computePoints(sc, runOpts, done, record, new Set(wholeUnits.map((u) => u.point)));
    } catch (err) {
      if (err instanceof RunInterrupted) throw new RunInterrupted(records.size, units.length, partialPath);
      throw err;
    }
  }
  for (const u of units) {
    if (!u.items || records.has(u.id)) continue;
    if (opts.signal?.aborted) throw new RunInterrupted(records.size, units.length, partialPath);
    const ts = performance.now();
    const parts = await computeItems(sc, u, workers, opts.signal);
    if (opts.signal?.aborted) throw new RunInterrupted(records.size, units.length, partialPath);
    records.set(u.id, { ...u, parts, ms: performance.now() - ts });
    save();
    opts.progress?.write(`${sc.model.id} shard ${k}/${n}: unit ${u.id} done (${records.size}/${units.length} units, ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  writeFileAtomic(finalPath, stringifyExact(file(true)));
  if (existsSync(partialPath)) unlinkSync(partialPath);
  return { file: finalPath, units: units.length, resumed, skipped: false, ms: performance.now() - t0 };
}
