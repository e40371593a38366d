/**
 * `spindrift run`, `spindrift figures` and `spindrift models`.
 *
 * Exit status: 0 success; 2 bad input (one line naming the path in the
 * scenario and what was expected; nothing written); 1 a solver failure or
 * I/O error; 130 interrupted (finished points kept for --resume).
 */
import { join } from 'node:path';
import { CliRuntimeError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, ProblemError, oneLine } from '../util/errors.js';
import type { CliIo } from './solve-command.js';
import { OutputPathError, checkDirectory, writeFileAtomic } from '../util/atomic-write.js';

/** Exit status of an interrupted run. */
export const EXIT_INTERRUPTED = 130;

/** Options shared by run and figures. */
export interface ScenarioCommandOptions {
  out?: string;
  resume?: boolean;
  workers?: number;
  /** Abort signal (the CLI wires SIGINT/SIGTERM to it). */
  signal?: AbortSignal;
  /** Progress stream (default: io.stderr). */
  progress?: { write(s: string): unknown; isTTY?: boolean } | null;
}

function report(err: unknown, io: CliIo): number {
  const { RunInterrupted } = runModule!;
  if (err instanceof ProblemError) {
    io.stderr.write('spindrift: ' + oneLine(err.message) + '\n');
    return EXIT_USAGE;
  }
  if (err instanceof RunInterrupted) {
    io.stderr.write('spindrift: ' + oneLine(err.message) + '\n');
    return EXIT_INTERRUPTED;
  }
  if (err instanceof OutputPathError) {
    io.stderr.write('spindrift: --out ' + oneLine(err.message) + '\n');
    return EXIT_FAILURE;
  }
  if (err instanceof CliRuntimeError) {
    io.stderr.write('spindrift: ' + oneLine(err.message) + '\n');
    return EXIT_FAILURE;
  }
  io.stderr.write('spindrift: ' + oneLine(err instanceof Error ? err.message : String(err)) + '\n');
  return EXIT_FAILURE;
}

/** A --out folder that cannot be used is bad usage (exit 2), found before anything runs. */
function checkOutDirectory(out: string): void {
  try {
    checkDirectory(out);
  } catch (err) {
    if (err instanceof OutputPathError) throw new ProblemError(`--out ${err.path}`, err.detail);
    throw err;
  }
}

let runModule: typeof import('../runner/run.js') | null = null;
async function loadRun(): Promise<typeof import('../runner/run.js')> {
  runModule = runModule ?? await import('../runner/run.js');
  return runModule;
}

/** `spindrift run SCENARIO [--out DIR] [--resume]` */
export async function runCommand(file: string, opts: ScenarioCommandOptions, io: CliIo): Promise<number> {
  await loadRun();
  const { loadScenarioFile } = await import('../scenario/scenario-file.js');
  try {
    const sc = loadScenarioFile(file);
    const out = opts.out ?? join('out', (file.split(/[\\/]/).pop() ?? 'run').replace(/\.(ya?ml|json)$/, ''));
    runModule!.checkMemory(sc, opts.workers);
    checkOutDirectory(out);
    const summary = await runModule!.runScenario(sc, {
      out, ...(opts.resume ? { resume: true } : {}), ...(opts.workers ? { workers: opts.workers } : {}), ...(opts.signal ? { signal: opts.signal } : {}),
      progress: opts.progress === undefined ? (io.stderr as { write(s: string): unknown; isTTY?: boolean }) : opts.progress,
    });
    io.stdout.write(`wrote ${summary.files.length} files to ${out}/ (${summary.points} point${summary.points === 1 ? '' : 's'}${summary.resumed ? `, ${summary.resumed} resumed` : ''}, ${(summary.timings.total_ms / 1000).toFixed(2)} s)\nreport: ${join(out, 'report.html')}\n`);
    return EXIT_OK;
  } catch (err) {
    return report(err, io);
  }
}

/** `spindrift figures [--list] [ID...] [--out DIR]` */
export async function figuresCommand(ids: string[], opts: ScenarioCommandOptions & { list?: boolean; dir?: string }, io: CliIo): Promise<number> {
  await loadRun();
  const { listGallery } = await import('../runner/gallery.js');
  const { esc, REPORT_STYLE } = await import('../runner/report.js');
  const { closestName } = await import('../util/errors.js');
  try {
    const gallery = listGallery(opts.dir);
    if (opts.list) {
      const w = Math.max(2, ...gallery.map((g) => g.id.length));
      const wm = Math.max(5, ...gallery.map((g) => g.model.length));
      for (const g of gallery) io.stdout.write(`${g.id.padEnd(w)}  ${g.model.padEnd(wm)}  ${g.caption}\n`);
      return EXIT_OK;
    }
    for (const id of ids) {
      if (!gallery.some((g) => g.id === id)) {
        const guess = closestName(id, gallery.map((g) => g.id));
        throw new ProblemError(id, `unknown figure${guess ? `; did you mean ${JSON.stringify(guess)}?` : `; see spindrift figures --list`}`);
      }
    }
    const chosen = ids.length ? gallery.filter((g) => ids.includes(g.id)) : gallery;
    // Resolve (validate) everything before writing anything.
    const resolved = chosen.map((g) => ({ g, sc: g.load() }));
    const out = opts.out ?? join('out', 'figures');
    checkOutDirectory(out);
    // index.html is rewritten after every figure, so a figure that fails (or a process that dies in one)
    // never loses the index of the others.
    const entries: IndexEntry[] = resolved.map(({ g }) => ({ id: g.id, caption: g.caption, ...(g.notes ? { notes: g.notes } : {}), state: 'pending' }));
    let status = EXIT_OK;
    for (let k = 0; k < resolved.length; k++) {
      const { g, sc } = resolved[k];
      const dir = join(out, g.id);
      try {
        runModule!.checkMemory(sc, opts.workers);
        writeIndex(out, entries, esc, REPORT_STYLE);
        await runModule!.runScenario(sc, {
          out: dir, ...(opts.resume ? { resume: true } : {}), ...(opts.workers ? { workers: opts.workers } : {}), ...(opts.signal ? { signal: opts.signal } : {}),
          progress: opts.progress === undefined ? (io.stderr as { write(s: string): unknown; isTTY?: boolean }) : opts.progress,
        });
        entries[k].state = 'ok';
        io.stdout.write(`${g.id}: ${join(dir, 'report.html')}\n`);
      } catch (err) {
        if (err instanceof runModule!.RunInterrupted) {
          writeIndex(out, entries, esc, REPORT_STYLE);
          throw err;
        }
        status = err instanceof ProblemError && status === EXIT_OK ? EXIT_USAGE : EXIT_FAILURE;
        const msg = oneLine(err instanceof Error ? err.message : String(err));
        entries[k].state = 'failed';
        entries[k].error = msg;
        io.stderr.write(`spindrift: figure ${g.id}: ${msg}\n`);
      }
    }
    writeIndex(out, entries, esc, REPORT_STYLE);
    io.stdout.write(`index: ${join(out, 'index.html')}\n`);
    return status;
  } catch (err) {
    return report(err, io);
  }
}

interface IndexEntry { id: string; caption: string; notes?: string; state: 'pending' | 'ok' | 'failed'; error?: string }

/** Write OUT/index.html linking the finished figures (failed and not yet run ones are listed as such). */
function writeIndex(out: string, entries: readonly IndexEntry[], esc: (s: string) => string, style: string): void {
  const items = entries.map((d) => `<li><h2>${d.state === 'ok' ? `<a href="${esc(d.id)}/report.html">${esc(d.id)}</a>` : esc(d.id)}</h2>
${d.state === 'ok' ? `<a href="${esc(d.id)}/report.html"><img src="${esc(d.id)}/plot.png" alt="${esc(d.id)}" width="480"></a>`
    : d.state === 'failed' ? `<p><b>failed:</b> ${esc(d.error ?? '')}</p>` : '<p><b>not run yet</b> (running or interrupted; rerun with --resume)</p>'}
<p>${esc(d.caption)}</p>${d.notes ? `<p class="muted">${esc(d.notes)}</p>` : ''}</li>`).join('\n');
  writeFileAtomic(join(out, 'index.html'), `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>spindrift figures</title><style>${style} ul{list-style:none;padding:0} li{margin-bottom:2em}</style></head>
<body><h1>spindrift figures</h1>
<ul>
${items}
</ul></body></html>
`);
}

/** `spindrift models`: each registered model with its parameters, kinds/units and defaults. */
export async function modelsCommand(io: CliIo): Promise<number> {
  const { listModels } = await import('../models/registry.js');
  const { SI_UNIT, isQuantityKind } = await import('../expression/units.js');
  for (const m of listModels()) {
    io.stdout.write(`${m.id}${m.seed ? ` (seed ${m.seed})` : ''} — ${m.title}\n  ${m.description}\n`);
    for (const p of m.parameters) {
      const unit = isQuantityKind(p.kind) ? SI_UNIT[p.kind] : p.kind;
      const def = JSON.stringify(p.default);
      io.stdout.write(`  ${p.name.padEnd(14)} ${unit.padEnd(9)} default ${def && def.length > 40 ? def.slice(0, 37) + '...' : def}${p.choices ? `  (${p.choices.join(' | ')})` : ''}\n      ${p.description}\n`);
    }
    if (m.observables.length) io.stdout.write(`  observables: ${m.observables.join(', ')}\n`);
    io.stdout.write('\n');
  }
  return EXIT_OK;
}
