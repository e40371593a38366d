/**
 * `spindrift merge DIR… --out DIR`: assemble the shard files of a sharded run
 * (shard.ts) into the outputs of `spindrift run` — data.csv, data.json,
 * plots, report, meta.json — through the same code path as a single-machine
 * run, so the data files are byte-identical to one. Refused, with one line
 * naming the culprit: a missing shard, a shard of another scenario (digest)
 * or another shard count, a shard given twice, an incomplete shard.
 * Per-shard hosts and timings go to DIR/shards.json, not into data files.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CliRuntimeError, ProblemError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { ModelResult } from '../models/types.js';
import { describeCoords, resolveScenarioText, type ResolvedScenario } from '../scenario/scenario.js';
import { firstNonFinite, plainResult } from './result.js';
import { runScenario, type RunSummary } from './run.js';
import { readShardFile, type ShardFile, type UnitRecord } from './shard.js';
import { parseShardFileName, planUnits, scenarioDigest, shardUnits } from './units.js';

export interface MergeOptions {
  out: string;
}

export interface MergeSummary extends RunSummary {
  shards: number;
  units: number;
}

/** Shard files in `paths` (directories are searched for shard-K-of-N.json; files are taken as given). */
export function findShardFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new ProblemError(p, 'no such file or directory');
    if (statSync(p).isDirectory()) {
      const found = readdirSync(p).filter((f) => parseShardFileName(f) !== null).sort();
      if (found.length === 0) throw new ProblemError(p, 'no shard files (shard-K-of-N.json) in this directory');
      for (const f of found) files.push(join(p, f));
    } else {
      files.push(p);
    }
  }
  return files;
}

/** Load and cross-check shards; returns them indexed 1 … N and the resolved scenario. */
export async function loadShards(paths: readonly string[]): Promise<{ sc: ResolvedScenario; shards: { path: string; file: ShardFile }[] }> {
  const files = findShardFiles(paths).map((path) => ({ path, file: readShardFile(path) }));
  // The reference: the digest most shards agree on (so the odd one out is the one named).
  const votes = new Map<string, number>();
  for (const { file } of files) votes.set(`${file.digest}/${file.of}`, (votes.get(`${file.digest}/${file.of}`) ?? 0) + 1);
  const [ref] = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  const [digest, ofText] = ref.split('/');
  const n = Number(ofText);
  const byK = new Map<number, string>();
  for (const { path, file } of files) {
    if (file.digest !== digest) throw new ProblemError(path, `shard of a different scenario (digest ${file.digest.slice(0, 12)}…, the other shards ${digest.slice(0, 12)}…); refusing to merge`);
    if (file.of !== n) throw new ProblemError(path, `one of ${file.of} shards, the others are of ${n}; refusing to merge`);
    if (!file.complete) throw new ProblemError(path, `shard ${file.shard}/${n} is incomplete; rerun it (spindrift run … --shard ${file.shard}/${n})`);
    const prev = byK.get(file.shard);
    if (prev !== undefined) throw new ProblemError(path, `shard ${file.shard}/${n} given twice (also ${prev}); refusing to merge`);
    byK.set(file.shard, path);
  }
  for (let k = 1; k <= n; k++) {
    if (!byK.has(k)) throw new ProblemError(`shard ${k}/${n}`, `missing (no ${`shard-${k}-of-${n}.json`} in ${paths.join(', ')}); refusing to merge`);
  }
  const first = files.find((f) => f.file.shard === 1) as { path: string; file: ShardFile };
  const sc = resolveScenarioText(first.file.scenario, first.file.source);
  if (scenarioDigest(sc) !== digest) {
    throw new ProblemError(first.path, 'the scenario stored in the shards resolves differently with this spindrift version (digest differs); merge with the version that ran them');
  }
  const shards = [...byK.entries()].sort((a, b) => a[0] - b[0]).map(([, path]) => files.find((f) => f.path === path) as { path: string; file: ShardFile });
  return { sc, shards };
}

/**
 * Merge shard files into `opts.out`: every point's result (whole, or
 * assembled from its items in item order by the model), then the outputs of
 * `runScenario`.
 */
export async function mergeShards(paths: readonly string[], opts: MergeOptions): Promise<MergeSummary> {
  const { sc, shards } = await loadShards(paths);
  const n = shards.length;
  const units = await planUnits(sc, n);
  const records = new Map<string, UnitRecord>();
  for (const [i, { path, file }] of shards.entries()) {
    const expected = shardUnits(units, i + 1, n);
    const got = new Map(file.units.map((u) => [u.id, u]));
    for (const u of expected) {
      const r = got.get(u.id);
      if (!r || (u.items ? !Array.isArray(r.parts) || r.parts.length !== u.items.count : r.result === undefined)) {
        throw new ProblemError(path, `unit ${u.id} is missing or malformed; rerun shard ${i + 1}/${n}`);
      }
      records.set(u.id, r);
    }
  }
  const precomputed = new Map<number, ModelResult>();
  for (const p of sc.points) {
    const mine = units.filter((u) => u.point === p.index);
    if (mine.length === 1 && !mine[0].items) {
      precomputed.set(p.index, (records.get(mine[0].id) as UnitRecord).result as ModelResult);
      continue;
    }
    const parts = mine.flatMap((u) => (records.get(u.id) as UnitRecord).parts as unknown[]);
    let r: ModelResult;
    try {
      r = await sc.model.items!.assemble(p.params, parts, { seed: sc.seed, workers: 1 });
    } catch (err) {
      if (err instanceof ProblemError) throw err;
      const where = sc.axes.length ? `sweep point ${p.index + 1}/${sc.points.length} (${describeCoords(sc.axes, p.coords)})` : 'the run';
      throw new CliRuntimeError(`merging ${where} of model "${sc.model.id}" failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    const bad = firstNonFinite(r);
    if (bad !== null) throw new CliRuntimeError(`merging point ${p.index + 1}: non-finite value ${bad}`);
    precomputed.set(p.index, plainResult(r));
  }
  const summary = await runScenario(sc, { out: opts.out, precomputed, progress: null });
  writeFileAtomic(join(opts.out, 'shards.json'), JSON.stringify({
    digest: shards[0].file.digest,
    shards: shards.map(({ path, file }) => ({
      shard: file.shard, of: file.of, file: basename(path), host: file.host, spindrift: file.spindrift,
      units: file.units.length, wall_ms: file.timings_ms.total, unit_ms: file.units.map((u) => ({ id: u.id, ms: u.ms })),
    })),
  }, null, 1) + '\n');
  return { ...summary, files: [...summary.files, 'shards.json'], shards: n, units: units.length };
}
