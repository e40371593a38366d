/**
 * The commands of sharded runs (docs/scaling.md): `spindrift run --shard K/N`,
 * `spindrift merge`, `spindrift slurm`, `spindrift status`.
 *
 * Exit status: 0 success; 2 bad input or a refused merge (one line naming the
 * shard or field); 1 a solver, Slurm or I/O failure; 130 interrupted.
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, ProblemError } from '../util/errors.js';
import { EXIT_INTERRUPTED, type ScenarioCommandOptions } from './scenario-commands.js';
import type { CliIo } from './solve-command.js';

async function report(err: unknown, io: CliIo): Promise<number> {
  const { oneLine } = await import('../util/errors.js');
  const { RunInterrupted } = await import('../runner/run.js');
  const msg = oneLine(err instanceof Error ? err.message : String(err));
  io.stderr.write(`spindrift: ${msg}\n`);
  if (err instanceof ProblemError) return EXIT_USAGE;
  if (err instanceof RunInterrupted) return EXIT_INTERRUPTED;
  return EXIT_FAILURE;
}

/** A scenario file, or the id of a gallery figure (`spindrift figures --list`) when no such file exists. */
async function loadScenarioOrFigure(arg: string) {
  const { existsSync } = await import('node:fs');
  const { loadScenarioFile } = await import('../scenario/scenario-file.js');
  if (!existsSync(arg) && /^[A-Za-z0-9_.-]+$/.test(arg) && !/\.(ya?ml|json)$/.test(arg)) {
    const { listGallery } = await import('../runner/gallery.js');
    const g = listGallery().find((e) => e.id === arg);
    if (g) return g.load();
  }
  return loadScenarioFile(arg);
}

function positiveInt(name: string, v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < 1) throw new ProblemError(name, `expected a positive integer, got ${JSON.stringify(v)}`);
  return n;
}

/** `spindrift run SCENARIO --shard K/N --out DIR`: shard K's units into DIR/shard-K-of-N.json. */
export async function shardRunCommand(file: string, shard: string, opts: ScenarioCommandOptions, io: CliIo): Promise<number> {
  try {
    const { parseShard } = await import('../runner/units.js');
    const s = parseShard(shard);
    if (!s) throw new ProblemError('--shard', `expected K/N with 1 ≤ K ≤ N, got ${JSON.stringify(shard)}`);
    const sc = await loadScenarioOrFigure(file);
    const out = opts.out ?? join('out', (file.split(/[\\/]/).pop() ?? 'run').replace(/\.(ya?ml|json)$/, ''), 'shards');
    const { runShard } = await import('../runner/shard.js');
    const r = await runShard(sc, {
      out, shard: s.k, of: s.n, ...(opts.workers ? { workers: opts.workers } : {}), ...(opts.signal ? { signal: opts.signal } : {}),
      progress: opts.progress === undefined ? (io.stderr as { write(s: string): unknown; isTTY?: boolean }) : opts.progress,
    });
    io.stdout.write(r.skipped
      ? `shard ${s.k}/${s.n} already complete: ${r.file}\n`
      : `wrote ${r.file} (${r.units} unit${r.units === 1 ? '' : 's'}${r.resumed ? `, ${r.resumed} resumed` : ''}, ${(r.ms / 1000).toFixed(2)} s)\n`);
    return EXIT_OK;
  } catch (err) {
    return report(err, io);
  }
}

/** `spindrift merge DIR… --out DIR` */
export async function mergeCommand(paths: string[], out: string, io: CliIo): Promise<number> {
  try {
    const { mergeShards } = await import('../runner/merge.js');
    const r = await mergeShards(paths, { out });
    io.stdout.write(`merged ${r.shards} shard${r.shards === 1 ? '' : 's'} (${r.units} units, ${r.points} point${r.points === 1 ? '' : 's'}) into ${out}/\nreport: ${join(out, 'report.html')}\n`);
    return EXIT_OK;
  } catch (err) {
    return report(err, io);
  }
}

export interface SlurmCommandOptions {
  out: string;
  array: string;
  partition?: string;
  time?: string;
  cpusPerTask?: string;
  dryRun?: boolean;
}

/** `spindrift slurm SCENARIO --out DIR --array N [...]` */
export async function slurmCommand(file: string, opts: SlurmCommandOptions, io: CliIo): Promise<number> {
  try {
    const array = positiveInt('--array', opts.array);
    const cpus = opts.cpusPerTask === undefined ? undefined : positiveInt('--cpus-per-task', opts.cpusPerTask);
    if (opts.time !== undefined && !/^[0-9:-]+$/.test(opts.time)) throw new ProblemError('--time', `expected a Slurm time such as 30, 02:00:00 or 1-12:00:00, got ${JSON.stringify(opts.time)}`);
    if (opts.partition !== undefined && !/^[A-Za-z0-9_.,-]+$/.test(opts.partition)) throw new ProblemError('--partition', `expected a partition name, got ${JSON.stringify(opts.partition)}`);
    const sc = await loadScenarioOrFigure(file);
    const { submitSlurm } = await import('../runner/slurm.js');
    const r = submitSlurm(sc, {
      out: opts.out, array, ...(opts.partition ? { partition: opts.partition } : {}), ...(opts.time ? { time: opts.time } : {}),
      ...(cpus ? { cpusPerTask: cpus } : {}), ...(opts.dryRun ? { dryRun: true } : {}),
    });
    if (opts.dryRun) {
      io.stdout.write(r.text);
      return EXIT_OK;
    }
    io.stdout.write(r.arrayJob
      ? `submitted array job ${r.arrayJob} (shards ${r.shards.length === array ? `1-${array}` : r.shards.join(',')} of ${array}) and merge job ${r.mergeJob} (afterok)\n`
      : `all ${array} shards complete; submitted merge job ${r.mergeJob}\n`);
    io.stdout.write(`status: spindrift status ${opts.out}\n`);
    return EXIT_OK;
  } catch (err) {
    return report(err, io);
  }
}

/** `spindrift status DIR` */
export async function statusCommand(dir: string, io: CliIo): Promise<number> {
  try {
    const { slurmStatus } = await import('../runner/slurm.js');
    io.stdout.write(slurmStatus(dir).text);
    return EXIT_OK;
  } catch (err) {
    return report(err, io);
  }
}

/** Register merge, slurm and status on the program; `done` receives each command's exit status. */
export function registerClusterCommands(program: Command, io: CliIo, done: (status: number) => void): void {
  program
    .command('merge')
    .summary('merge the shard files of a sharded run into the outputs of a single run')
    .description('Assemble DIR/shard-K-of-N.json files (from `spindrift run --shard K/N`) into data.csv, data.json, plots and report — data files byte-identical to a single-machine run. Refuses, naming it, a missing shard or one of another scenario.')
    .argument('<DIR...>', 'directories holding shard files (or shard files)')
    .requiredOption('-o, --out <DIR>', 'output directory')
    .action(async (paths: string[], opts: { out: string }) => { done(await mergeCommand(paths, opts.out, io)); });

  program
    .command('slurm')
    .summary('run a scenario as a Slurm job array (one shard per task) plus a merge job')
    .description('Write DIR/slurm/shards.sbatch (a job array: task K runs `spindrift run --shard K/N`) and DIR/slurm/merge.sbatch (runs after every task succeeded), submit them with sbatch and print the job ids. Resubmitting submits only incomplete shards. See docs/scaling.md.')
    .argument('<SCENARIO>', 'scenario file, or a figure id of spindrift figures --list')
    .requiredOption('-o, --out <DIR>', 'run directory (shards, logs, scripts, merged outputs)')
    .requiredOption('--array <N>', 'number of array tasks (shards)')
    .option('--partition <P>', 'Slurm partition')
    .option('--time <T>', 'time limit per task (Slurm format, e.g. 02:00:00)')
    .option('--cpus-per-task <C>', 'cores per task (the shard uses them as worker threads)')
    .option('--dry-run', 'print the scripts and sbatch commands; write and submit nothing')
    .action(async (file: string, opts: SlurmCommandOptions) => { done(await slurmCommand(file, opts, io)); });

  program
    .command('status')
    .summary('shards done / running / pending / failed of a Slurm run directory')
    .argument('<DIR>', 'directory given to spindrift slurm --out')
    .action(async (dir: string) => { done(await statusCommand(dir, io)); });
}
