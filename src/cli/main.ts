/**
 * Entry point of the `spindrift` command-line tool (launched by
 * `bin/spindrift.js`). Built on commander; `main` never calls process.exit —
 * it returns the exit status, and every error is printed as one line.
 *
 * Exit status: 0 success (also --help, --version), 1 solver or I/O failure,
 * 2 bad input or bad usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { solveCommand, type CliIo } from './solve-command.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, ProblemError, oneLine } from '../util/errors.js';
import { figuresCommand, modelsCommand, runCommand } from './scenario-commands.js';
import { installNodePlatform } from '../runner/node-platform.js';
import { registerClusterCommands, shardRunCommand } from './cluster-commands.js';

export type { CliIo } from './solve-command.js';

/** Version field of the package.json found above this module (compiled or not). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      try {
        const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'spindrift' && typeof pkg.version === 'string') return pkg.version;
      } catch { /* keep looking */ }
    }
    const up = dirname(dir);
    if (up === dir) return '0.0.0';
    dir = up;
  }
}

/** Help text appended to `spindrift solve --help`: the problem and output formats. */
export const SOLVE_HELP = `
Problem fields (JSON object):
  H            MATRIX    Hamiltonian in rad/s, n x n, Hermitian           (required)
  c_ops        [MATRIX]  collapse operators, rates folded in (s^-1/2)     (default [])
  rho0         MATRIX    initial density matrix: Hermitian, trace 1, >= 0 (exactly one of
  psi0         VECTOR    initial ket, normalized                           rho0, psi0; "steady": neither)
  times        [number]  output times in s, strictly increasing           (required by me, mc)
  e_ops        [MATRIX]  observables O_k; <O_k> = Tr(O_k rho) is returned (default [])
  method       "me" | "mc" | "steady" | "auto"                            (default "auto":
               "me" when times are given, otherwise "steady")
  ntraj        integer >= 1, trajectories of "mc"                         (default 500)
  seed         integer >= 0, random seed of "mc" (same seed, same result)
  atol, rtol   positive numbers, integrator tolerances
  complex      true: return real and imaginary parts of <O_k>             (default false)
  description  free text, ignored
  "me" accepts psi0 (as |psi><psi|); "mc" accepts a pure rho0.

  MATRIX  dense  {"re": [[row], ...], "im": [[row], ...]}             ("im" optional)
          sparse {"shape": [n, n], "entries": [[i, j, re, im], ...]}  (0-based, "im"
                 optional, duplicate entries summed)
  VECTOR  {"re": [...], "im": [...]}                                  ("im" optional)
  Basis order of a spin: m = +s, ..., -s (|up> is index 0).

Output (JSON, on stdout or in --out FILE):
  me, mc  {"times": [t_0, ...], "expect": [[Re<O_k>(t_0), ...] per e_op], "stats": {...}}
          mc adds "expect_err": standard errors of the trajectory means, same shape.
  steady  {"rho": {"re": [[...]], "im": [[...]]}, "expect": [Re<O_k> per e_op], "stats": {...}}
  With "complex": true each per-e_op entry of "expect" (and "expect_err") is
  {"re": [...per time], "im": [...per time]} ("steady": {"re": x, "im": y}).

Example: a qubit decaying from |up> at 1e5 s^-1 (sqrt(1e5) = 316.227766...):
  {"H": {"re": [[0, 0], [0, 0]]},
   "c_ops": [{"shape": [2, 2], "entries": [[1, 0, 316.22776601683796]]}],
   "psi0": {"re": [1, 0]},
   "times": [0, 1e-5, 2e-5],
   "e_ops": [{"re": [[1, 0], [0, -1]]}]}
  spindrift solve decay.json --out result.json

Exit status: 0 success; 2 bad input (a one-line error naming the field, e.g.
"c_ops[1].re[2]: expected 3 numbers, got 2"; nothing is written); 1 solver or
I/O failure. --out is written atomically (temporary file, then rename; a symbolic
link's target is replaced, the link kept); "-" or /dev/stdout is standard output; a
special file (/dev/null, a FIFO) is written through, never replaced.
`;

/** Rewrite commander's "error: ..." messages as one line "spindrift: ...". */
function commanderMessage(s: string): string {
  return 'spindrift: ' + oneLine(s.replace(/^error:\s*/i, ''));
}

/**
 * Run the CLI on `argv` (the arguments after the program name) and return the
 * exit status. `io` receives all output (process streams by default).
 */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    installNodePlatform();
  } catch (err) {
    // e.g. SPINDRIFT_THREADS is not a positive integer
    io.stderr.write(`spindrift: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
    return EXIT_USAGE;
  }
  let status = EXIT_OK;
  const program = new Command();
  program
    .name('spindrift')
    .description('Driven-dissipative spin dynamics: Lindblad, quantum-jump and steady-state solvers.')
    .configureOutput({
      writeOut: (s) => { io.stdout.write(s); },
      writeErr: (s) => { io.stderr.write(s); },
      outputError: (s, write) => { write(commanderMessage(s) + '\n'); },
    })
    .exitOverride()
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true);

  program
    .command('solve')
    .summary('solve a generic problem (JSON in, JSON out)')
    .description('Solve a Lindblad master equation ("me"), quantum-jump trajectories ("mc") or the steady state ("steady") of a problem given as JSON, and write the result as JSON.')
    .argument('<PROBLEM.json>', 'problem file (format below)')
    .option('-o, --out <FILE>', 'write the result to FILE (atomically; "-": stdout) instead of stdout')
    .addHelpText('after', SOLVE_HELP)
    .action(async (file: string, opts: { out?: string }) => {
      status = await solveCommand(file, { out: opts.out }, io);
    });

  /** Run `fn` with SIGINT/SIGTERM wired to an AbortSignal (a second signal kills as usual). */
  const interruptible = async (fn: (signal: AbortSignal) => Promise<number>): Promise<number> => {
    const ac = new AbortController();
    const onSignal = (): void => {
      io.stderr.write('\nspindrift: interrupted; keeping finished points...\n');
      ac.abort();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      return await fn(ac.signal);
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  };
  const workersOption = (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new ProblemError('--workers', `expected a positive integer, got ${JSON.stringify(v)}`);
    return n;
  };

  program
    .command('run')
    .summary('run a scenario (model + parameters + sweep) and write data, plots and a report')
    .description('Run a scenario file (YAML or JSON; format: docs/scenarios.md, schema: docs/scenario.schema.json) and write DIR/data.csv, data.json, plot.svg, plot.png, report.html and meta.json.')
    .argument('<SCENARIO>', 'scenario file (.yaml, .yml or .json; with --shard also a figure id)')
    .option('-o, --out <DIR>', 'output directory (default out/<scenario name>)')
    .option('--resume', 'continue an interrupted run from DIR/checkpoint.json')
    .option('-w, --workers <N>', 'worker threads for sweeps (default: available cores)')
    .option('--shard <K/N>', 'compute only shard K of N into DIR/shard-K-of-N.json (merge with spindrift merge)')
    .addHelpText('after', '\nExit status: 0 success; 2 bad input (one line naming the path in the file, nothing written);\n1 solver or I/O failure; 130 interrupted (finished points kept; rerun with --resume).\n')
    .action(async (file: string, opts: { out?: string; resume?: boolean; workers?: string; shard?: string }) => {
      let workers: number | undefined;
      try {
        workers = opts.workers === undefined ? undefined : workersOption(opts.workers);
      } catch (err) {
        io.stderr.write('spindrift: ' + (err as Error).message + '\n');
        status = EXIT_USAGE;
        return;
      }
      if (opts.shard !== undefined) {
        status = await interruptible((signal) => shardRunCommand(file, opts.shard as string, { ...(opts.out ? { out: opts.out } : {}), ...(workers ? { workers } : {}), signal }, io));
        return;
      }
      status = await interruptible((signal) => runCommand(file, { ...(opts.out ? { out: opts.out } : {}), ...(opts.resume ? { resume: true } : {}), ...(workers ? { workers } : {}), signal }, io));
    });

  program
    .command('figures')
    .summary('reproduce the seed papers\' figures (defined in src/models/*/figures.ts) and the gallery scenarios (scenarios/figures/)')
    .description('Run the figures (all, or the IDs given) into DIR/<id>/ and write DIR/index.html linking them (rewritten after every figure). The seed papers\' figures are defined in code (src/models/<model>/figures.ts; compiled into dist/); the gallery scenarios scenarios/figures/*.yaml are added to them.')
    .argument('[ID...]', 'figure ids (default: all)')
    .option('-l, --list', 'list the figures (id, model, caption) and exit')
    .option('-o, --out <DIR>', 'output directory (default out/figures)')
    .option('--resume', 'continue interrupted figures from their checkpoints')
    .option('-w, --workers <N>', 'worker threads for sweeps (default: available cores)')
    .action(async (ids: string[], opts: { list?: boolean; out?: string; resume?: boolean; workers?: string }) => {
      let workers: number | undefined;
      try {
        workers = opts.workers === undefined ? undefined : workersOption(opts.workers);
      } catch (err) {
        io.stderr.write('spindrift: ' + (err as Error).message + '\n');
        status = EXIT_USAGE;
        return;
      }
      status = await interruptible((signal) => figuresCommand(ids, { ...(opts.list ? { list: true } : {}), ...(opts.out ? { out: opts.out } : {}), ...(opts.resume ? { resume: true } : {}), ...(workers ? { workers } : {}), signal }, io));
    });

  registerClusterCommands(program, io, (s) => { status = s; });

  program
    .command('models')
    .summary('list the registered models with their parameters, units and defaults')
    .action(async () => {
      status = await modelsCommand(io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT_OK;
      // `spindrift help solve` exits with 0; bare `spindrift` shows help on stderr with a non-zero code.
      if (err.code === 'commander.help' && err.exitCode === 0) return EXIT_OK;
      return EXIT_USAGE; // unknown command or option, missing or excess arguments
    }
    io.stderr.write('spindrift: internal error: ' + oneLine(err instanceof Error ? err.message : String(err)) + '\n');
    return EXIT_FAILURE;
  }
  return status;
}
