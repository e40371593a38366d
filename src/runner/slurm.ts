/**
 * `spindrift slurm` and `spindrift status`: a sharded run as a Slurm job
 * array (one task per shard, `spindrift run --shard $SLURM_ARRAY_TASK_ID/N`)
 * plus a merge job that starts when every task succeeded
 * (`--dependency=afterok`). Slurm does all scheduling; spindrift only writes
 * the batch scripts, calls `sbatch` and reads `squeue`.
 *
 * Layout of DIR: scenario.yaml (the scenario as submitted), shards/ (shard
 * files), logs/ (one log per task and the merge), slurm/ (the batch scripts),
 * slurm.json (submissions), and after the merge the outputs of `spindrift run`.
 * Resubmitting submits only the shards that are not complete.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProblemError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { resolveScenarioText, type ResolvedScenario } from '../scenario/scenario.js';
import { readShardFile } from './shard.js';
import { parseShardFileName, scenarioDigest, shardFileName } from './units.js';

export interface SlurmOptions {
  out: string;
  /** Number of array tasks (= shards). */
  array: number;
  partition?: string;
  /** Slurm time limit per task, e.g. "02:00:00". */
  time?: string;
  cpusPerTask?: number;
  /** Print the scripts and the sbatch commands instead of submitting. */
  dryRun?: boolean;
  /** sbatch executable (tests; default "sbatch" on PATH). */
  sbatch?: string;
}

export interface SlurmSubmission {
  /** Shards submitted (1-based); empty when all were complete. */
  shards: number[];
  arrayJob: string | null;
  mergeJob: string | null;
  arrayScript: string;
  mergeScript: string;
  /** What `--dry-run` prints. */
  text: string;
}

/** Record of DIR/slurm.json. */
interface SlurmRecord {
  digest: string;
  array: number;
  submissions: { at: string; shards: number[]; array_job: string | null; merge_job: string | null }[];
}

/** POSIX shell single-quoting. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** "1-3,5,7-8" from sorted shard numbers. */
export function arraySpec(ks: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ks.length;) {
    let j = i;
    while (j + 1 < ks.length && ks[j + 1] === ks[j] + 1) j++;
    parts.push(i === j ? `${ks[i]}` : `${ks[i]}-${ks[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** Shards 1 … n whose complete file (of this digest) is in `shardsDir`. */
export function completeShards(shardsDir: string, digest: string, n: number): Set<number> {
  const done = new Set<number>();
  if (!existsSync(shardsDir)) return done;
  for (const name of readdirSync(shardsDir)) {
    const id = parseShardFileName(name);
    if (!id || id.n !== n) continue;
    try {
      const f = readShardFile(join(shardsDir, name));
      if (f.digest === digest && f.complete) done.add(id.k);
    } catch { /* unreadable: not complete */ }
  }
  return done;
}

function cliEntry(): string {
  return resolve(fileURLToPath(new URL('../../../bin/spindrift.js', import.meta.url)));
}

function sbatchHeader(lines: [string, string | number | undefined][]): string {
  return lines.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `#SBATCH --${k}=${String(v)}`).join('\n');
}

/**
 * Write DIR/scenario.yaml and the batch scripts of `sc` for `opts.array`
 * shards, and submit the incomplete shards and the merge (or, with dryRun,
 * only return what would be submitted, writing nothing).
 */
export function submitSlurm(sc: ResolvedScenario, opts: SlurmOptions): SlurmSubmission {
  const dir = resolve(opts.out);
  const n = opts.array;
  const digest = scenarioDigest(sc);
  const recordPath = join(dir, 'slurm.json');
  let record: SlurmRecord = { digest, array: n, submissions: [] };
  if (existsSync(recordPath)) {
    const prev = JSON.parse(readFileSync(recordPath, 'utf8')) as SlurmRecord;
    if (prev.digest !== digest) throw new ProblemError(opts.out, 'holds a Slurm run of a different scenario (digest differs); use another --out directory');
    if (prev.array !== n) throw new ProblemError('--array', `${opts.out} was submitted with --array ${prev.array}; resubmit with the same number (shards of different counts do not merge)`);
    record = prev;
  }
  const shardsDir = join(dir, 'shards'), logsDir = join(dir, 'logs'), scriptDir = join(dir, 'slurm');
  const done = completeShards(shardsDir, digest, n);
  const pending = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !done.has(k));
  const node = process.execPath, entry = cliEntry();
  const scenarioPath = join(dir, 'scenario.yaml');
  const name = `spindrift-${(sc.figure?.id ?? sc.source.split(/[\\/]/).pop() ?? 'run').replace(/\.(ya?ml|json)$/, '').replace(/[^A-Za-z0-9_.-]/g, '_')}`;
  const common: [string, string | number | undefined][] = [['partition', opts.partition], ['time', opts.time]];
  const arrayScript = `#!/bin/bash
${sbatchHeader([['job-name', name], ['array', arraySpec(pending.length ? pending : [1])], ['cpus-per-task', opts.cpusPerTask ?? 1], ...common, ['output', join(logsDir, 'shard-%a.out')]])}
# Written by spindrift slurm: shard $SLURM_ARRAY_TASK_ID of ${n} (docs/scaling.md).
# A shard whose file is complete is skipped; an interrupted one continues from its partial file.
set -eu
exec "\${SPINDRIFT_NODE:-${node}}" ${shellQuote(entry)} run ${shellQuote(scenarioPath)} --shard "\${SLURM_ARRAY_TASK_ID}/${n}" --out ${shellQuote(shardsDir)} --workers "\${SLURM_CPUS_PER_TASK:-1}"
`;
  const mergeScript = `#!/bin/bash
${sbatchHeader([['job-name', `${name}-merge`], ['cpus-per-task', 1], ...common, ['output', join(logsDir, 'merge.out')]])}
# Written by spindrift slurm: merge the ${n} shards into ${dir} (byte-identical to a single-machine run).
set -eu
exec "\${SPINDRIFT_NODE:-${node}}" ${shellQuote(entry)} merge ${shellQuote(shardsDir)} --out ${shellQuote(dir)}
`;
  const arrayPath = join(scriptDir, 'shards.sbatch'), mergePath = join(scriptDir, 'merge.sbatch');
  const sbatch = opts.sbatch ?? 'sbatch';
  const lines: string[] = [];
  if (pending.length) lines.push(`${sbatch} --parsable ${shellQuote(arrayPath)}`);
  lines.push(`${sbatch} --parsable${pending.length ? ' --dependency=afterok:<array job id>' : ''} ${shellQuote(mergePath)}`);
  const text = `# ${arrayPath}\n${arrayScript}\n# ${mergePath}\n${mergeScript}\n# ${done.size} of ${n} shards complete; would run:\n${lines.join('\n')}\n`;
  if (opts.dryRun) return { shards: pending, arrayJob: null, mergeJob: null, arrayScript, mergeScript, text };

  if (existsSync(scenarioPath)) {
    const prev = readFileSync(scenarioPath, 'utf8');
    if (prev !== sc.text) throw new ProblemError(scenarioPath, 'differs from the scenario being submitted; use another --out directory');
  }
  writeFileAtomic(scenarioPath, sc.text);
  writeFileAtomic(arrayPath, arrayScript);
  writeFileAtomic(mergePath, mergeScript);
  writeFileAtomic(join(logsDir, '.keep'), '');
  writeFileAtomic(join(shardsDir, '.keep'), '');
  const submit = (args: string[]): string => {
    let out: string;
    try {
      out = execFileSync(sbatch, ['--parsable', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      const e = err as { code?: string; stderr?: string; message: string };
      if (e.code === 'ENOENT') throw new ProblemError(sbatch, 'not found: is this a Slurm login node (module load slurm)? Use --dry-run to see the scripts');
      throw new Error(`${sbatch} failed: ${(e.stderr ?? e.message).trim()}`);
    }
    const id = out.trim().split(';')[0];
    if (!/^\d+$/.test(id)) throw new Error(`${sbatch} printed no job id: ${JSON.stringify(out.trim())}`);
    return id;
  };
  // A merge job of an earlier submission still waiting (e.g. on a failed task) would never run: cancel it.
  const stale = record.submissions[record.submissions.length - 1]?.merge_job;
  if (stale && queueStates([stale]).has(stale)) {
    try { execFileSync('scancel', [stale], { stdio: 'ignore' }); } catch { /* already gone */ }
  }
  const arrayJob = pending.length ? submit([arrayPath]) : null;
  const mergeJob = submit([...(arrayJob ? [`--dependency=afterok:${arrayJob}`] : []), mergePath]);
  record.submissions.push({ at: new Date().toISOString(), shards: pending, array_job: arrayJob, merge_job: mergeJob });
  writeFileAtomic(recordPath, JSON.stringify(record, null, 1) + '\n');
  return { shards: pending, arrayJob, mergeJob, arrayScript, mergeScript, text };
}

export type ShardState = 'done' | 'running' | 'pending' | 'failed' | 'interrupted' | 'not started';

export interface StatusReport {
  dir: string;
  shards: number;
  states: { shard: number; state: ShardState; detail: string }[];
  merge: 'done' | 'queued' | 'failed' | 'not submitted' | 'not started';
  text: string;
}

/** Slurm states of the array tasks and the merge job (empty when squeue is missing or the jobs have left the queue). */
function queueStates(jobIds: string[]): Map<string, string> {
  const states = new Map<string, string>();
  if (jobIds.length === 0) return states;
  try {
    const out = execFileSync('squeue', ['-h', '-r', '-j', jobIds.join(','), '-o', '%i %T'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    for (const line of out.split('\n')) {
      const [id, st] = line.trim().split(/\s+/);
      if (id && st) states.set(id, st);
    }
  } catch { /* no squeue, or jobs unknown to it: judge by files */ }
  return states;
}

function lastLine(path: string): string {
  try {
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    return lines[lines.length - 1].slice(0, 200);
  } catch {
    return '';
  }
}

/** `spindrift status DIR`: which shards are done, running, pending, failed; and the merge. */
export function slurmStatus(out: string): StatusReport {
  const dir = resolve(out);
  const recordPath = join(dir, 'slurm.json');
  if (!existsSync(recordPath)) throw new ProblemError(out, 'no slurm.json here: not a directory written by spindrift slurm');
  const record = JSON.parse(readFileSync(recordPath, 'utf8')) as SlurmRecord;
  const sc = resolveScenarioText(readFileSync(join(dir, 'scenario.yaml'), 'utf8'), join(dir, 'scenario.yaml'));
  const digest = scenarioDigest(sc);
  const n = record.array;
  const last = record.submissions[record.submissions.length - 1];
  const arrayJob = last?.array_job ?? null, mergeJob = last?.merge_job ?? null;
  const queue = queueStates([arrayJob, mergeJob].filter((x): x is string => x !== null));
  const shardsDir = join(dir, 'shards');
  const done = completeShards(shardsDir, digest, n);
  const states: StatusReport['states'] = [];
  for (let k = 1; k <= n; k++) {
    const log = join(dir, 'logs', `shard-${k}.out`);
    if (done.has(k)) {
      const f = readShardFile(join(shardsDir, shardFileName(k, n)));
      states.push({ shard: k, state: 'done', detail: `${f.units.length} unit${f.units.length === 1 ? '' : 's'}, ${(f.timings_ms.total / 1000).toFixed(1)} s on ${f.host}` });
      continue;
    }
    const q = arrayJob ? queue.get(`${arrayJob}_${k}`) ?? (last.shards.includes(k) ? queue.get(arrayJob) : undefined) : undefined;
    const partial = join(shardsDir, shardFileName(k, n, true));
    const progress = existsSync(partial) ? (() => { try { return `${readShardFile(partial).units.length} units saved`; } catch { return 'partial file'; } })() : '';
    if (q === 'RUNNING' || q === 'COMPLETING') states.push({ shard: k, state: 'running', detail: progress || `job ${arrayJob}_${k}` });
    else if (q !== undefined) states.push({ shard: k, state: 'pending', detail: `${q.toLowerCase()} (job ${arrayJob}_${k})` });
    else if (progress) states.push({ shard: k, state: 'interrupted', detail: `${progress}; resubmit to continue` });
    else if (existsSync(log)) states.push({ shard: k, state: 'failed', detail: lastLine(log) || 'see ' + log });
    else states.push({ shard: k, state: 'not started', detail: last ? '' : 'never submitted' });
  }
  const mergeLog = join(dir, 'logs', 'merge.out');
  const merged = existsSync(join(dir, 'shards.json')) && existsSync(join(dir, 'data.csv'));
  const mq = mergeJob ? queue.get(mergeJob) : undefined;
  const merge: StatusReport['merge'] = merged ? 'done' : mq !== undefined ? 'queued' : !mergeJob ? 'not submitted' : existsSync(mergeLog) ? 'failed' : 'not started';
  const count = (s: ShardState): number => states.filter((x) => x.state === s).length;
  const head = `${out}: ${sc.title} — ${n} shards: ${count('done')} done, ${count('running')} running, ${count('pending')} pending, ${count('failed')} failed, ${count('interrupted')} interrupted, ${count('not started')} not started; merge ${merge}${mq ? ` (job ${mergeJob}, ${mq.toLowerCase()})` : ''}${merge === 'failed' ? `: ${lastLine(mergeLog)}` : ''}`;
  const rows = states.map((s) => `  shard ${String(s.shard).padStart(String(n).length)}/${n}  ${s.state.padEnd(11)} ${s.detail}`.trimEnd());
  return { dir, shards: n, states, merge, text: [head, ...rows].join('\n') + '\n' };
}
