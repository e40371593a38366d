/**
 * `spindrift solve PROBLEM.json [--out FILE]`: read a problem (SPEC §2), run
 * the chosen solver, write the result as JSON to FILE (atomically) or stdout.
 *
 * Output shapes (n_e = number of e_ops, n_t = number of times):
 * - "me": `{"times": [n_t], "expect": [n_e][n_t], "stats": {...}}`
 * - "mc": as "me" plus `"expect_err": [n_e][n_t]` (standard errors of the means)
 * - "steady": `{"rho": {"re": [[...]], "im": [[...]]}, "expect": [n_e], "stats": {...}}`
 * With `"complex": true` every expectation series becomes `{"re": [n_t], "im": [n_t]}`
 * (and every steady value `{"re": x, "im": y}`); `expect_err` follows the same shape.
 */
import { readFileSync } from 'node:fs';
import type { ComplexVector } from '../linalg/vector.js';
import { expect as expectation } from '../quantum/measures.js';
import type { SolverStats } from '../solvers/types.js';
import { parseProblemText, type Problem } from '../problem/problem.js';
import { CliRuntimeError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, ProblemError, oneLine } from '../util/errors.js';
import { OutputPathError, checkOutputFile, isStdoutPath, writeFileAtomic } from '../util/atomic-write.js';
import { jsonSafe } from '../runner/result.js';
import { Progress, type ProgressStream } from '../runner/progress.js';

/** Where the CLI writes (process streams by default; tests pass collectors). */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export interface SolveCommandOptions {
  /** Output file; stdout when absent. */
  out?: string;
}

type Series = number[] | { re: number[]; im: number[] };
type Scalar = number | { re: number; im: number };

/** The JSON document written by `spindrift solve`. */
export type SolveOutput =
  | { times: number[]; expect: Series[]; expect_err?: Series[]; stats: Record<string, unknown> }
  | { rho: { re: number[][]; im: number[][] }; expect: Scalar[]; stats: Record<string, unknown> };

function series(e: { re: Float64Array; im: Float64Array }, complex: boolean): Series {
  return complex ? { re: Array.from(e.re), im: Array.from(e.im) } : Array.from(e.re);
}

function baseStats(p: Problem, solver: SolverStats, started: number): Record<string, unknown> {
  return {
    method: p.method,
    requested_method: p.requestedMethod,
    dim: p.dim,
    wall_time_ms: Math.round((performance.now() - started) * 1000) / 1000,
    solver: jsonSafe(solver),
  };
}

/**
 * Run the solver chosen by a validated problem and build the output document.
 * Solvers are loaded on demand, so `--help` and input errors do not load them.
 */
export async function solveProblem(p: Problem, progress?: (fraction: number, detail: string) => void): Promise<SolveOutput> {
  const started = performance.now();
  const onProgress = progress ? { progress } : {};
  // H(t) = H + Σ f_k(t) H_k and the collapse operators g_j(t) C_j after the constant ones.
  const H = p.Ht.length > 0 ? { h0: p.H, terms: p.Ht } : p.H;
  const cOps = [...p.cOps, ...p.cOpsT];
  if (p.method === 'me') {
    const { mesolve } = await import('../solvers/mesolve.js');
    const r = mesolve(H, cOps, p.rho0 ?? (p.psi0 as ComplexVector), {
      times: p.times as Float64Array, eOps: p.eOps, storeStates: false, atol: p.atol, rtol: p.rtol, ...onProgress,
    });
    return {
      times: Array.from(p.times as Float64Array),
      expect: r.expect.map((e) => series(e, p.complex)),
      stats: baseStats(p, r.stats, started),
    };
  }
  if (p.method === 'mc') {
    const { mcsolve } = await import('../solvers/mcsolve/index.js');
    const r = await mcsolve(H, cOps, p.psi0!, {
      times: p.times as Float64Array, eOps: p.eOps, ntraj: p.ntraj, seed: p.seed, atol: p.atol, rtol: p.rtol, ...onProgress,
    });
    const stats = baseStats(p, r.stats, started);
    stats.ntraj = r.ntraj;
    if (p.seed !== undefined) stats.seed = p.seed;
    return {
      times: Array.from(p.times as Float64Array),
      expect: r.expect.map((e) => series(e, p.complex)),
      expect_err: r.stdErr.map((e) => series(e, p.complex)),
      stats,
    };
  }
  const { steadystate } = await import('../solvers/steadystate.js');
  const r = steadystate(p.H, p.cOps);
  const expect: Scalar[] = p.eOps.map((op) => {
    const v = expectation(op, r.rho);
    return p.complex ? v : v.re;
  });
  const stats = baseStats(p, r.stats, started);
  stats.residual = r.residual;
  return { rho: r.rho.toRows(), expect, stats };
}

/** Throw if an expectation value is NaN or infinite, naming where (so nothing non-numeric is written). */
function assertFinite(output: SolveOutput): void {
  const check = (v: unknown, path: string): void => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new CliRuntimeError(`${path}: the solver produced ${v}`);
    } else if (Array.isArray(v)) v.forEach((x, i) => check(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) check(x, `${path}.${k}`);
  };
  check(output.expect, 'expect');
  if ('expect_err' in output) check(output.expect_err, 'expect_err');
  if ('rho' in output) check(output.rho, 'rho');
}

/** Read a problem file; a missing or unreadable file is a ProblemError naming it. */
function readProblemFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file'
      : e.code === 'EISDIR' ? 'is a directory, not a file'
        : e.code === 'EACCES' ? 'permission denied'
          : (e.message ?? String(err));
    throw new ProblemError(file, `cannot read the problem file: ${why}`);
  }
}

/**
 * The `solve` command. Returns the exit status: 0 on success, 2 on bad input
 * (one line on stderr naming the field; nothing written), 1 when a solver or
 * the output write fails.
 */
export async function solveCommand(file: string, options: SolveCommandOptions, io: CliIo): Promise<number> {
  const prefix = 'spindrift solve: ';
  let problem: Problem;
  try {
    problem = parseProblemText(readProblemFile(file), file);
  } catch (err) {
    if (err instanceof ProblemError) {
      io.stderr.write(prefix + oneLine(err.message) + '\n');
      return EXIT_USAGE;
    }
    io.stderr.write(prefix + 'internal error while reading the problem: ' + oneLine(String((err as Error)?.message ?? err)) + '\n');
    return EXIT_FAILURE;
  }

  // The output path is checked before solving (nothing is created): a bad --out is bad usage.
  if (options.out !== undefined) {
    try {
      checkOutputFile(options.out);
    } catch (err) {
      if (!(err instanceof OutputPathError)) throw err;
      io.stderr.write(prefix + '--out ' + oneLine(err.message) + '\n');
      return EXIT_USAGE;
    }
  }

  // Memory: refuse (exit 2) before the solver allocates anything.
  try {
    const { checkSolveMemory } = await import('./solve-memory.js');
    checkSolveMemory(problem, file);
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    io.stderr.write(prefix + oneLine(err.message) + '\n');
    return EXIT_USAGE;
  }

  // Progress inside the solve (time reached, trajectories done) when stderr is a terminal.
  const bar = (io.stderr as ProgressStream).isTTY === true ? new Progress(io.stderr as ProgressStream, 1, `spindrift solve (${problem.method})`) : null;
  let text: string;
  try {
    const output = await solveProblem(problem, bar ? (f, detail) => bar.update(Math.min(f, 0.999), detail) : undefined);
    bar?.update(1);
    assertFinite(output);
    text = JSON.stringify(output) + '\n';
  } catch (err) {
    bar?.stop();
    const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    io.stderr.write(prefix + `solver failed (method "${problem.method}"): ` + oneLine(msg) + '\n');
    return EXIT_FAILURE;
  }

  if (options.out === undefined || isStdoutPath(options.out)) {
    io.stdout.write(text);
    return EXIT_OK;
  }
  try {
    writeFileAtomic(options.out, text);
  } catch (err) {
    const msg = err instanceof OutputPathError ? err.message : `${options.out}: cannot write the output: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
    io.stderr.write(prefix + oneLine(new CliRuntimeError(msg).message) + '\n');
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}
