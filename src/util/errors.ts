/**
 * Errors of user input, shared by the CLI, the scenario runner and the model registry.
 *
 * A `ProblemError` is a defect of the user's input (the problem file, its
 * fields, a command-line argument): the CLI prints it as ONE line naming the
 * offending field path (e.g. `c_ops[1].re[2]: expected 3 numbers, got 2`) and
 * exits with status 2. Anything else that goes wrong (a solver failure, an
 * unwritable output) is a `CliRuntimeError` or a plain exception and exits
 * with status 1.
 */

/** Exit status of a successful run. */
export const EXIT_OK = 0;
/** Exit status of an internal failure (solver error, unwritable output). */
export const EXIT_FAILURE = 1;
/** Exit status of bad input or bad usage. */
export const EXIT_USAGE = 2;

/** A defect of the input, located by a field path such as `H.re[0][1]` or `times[3]`. */
export class ProblemError extends Error {
  /** Field path in the problem JSON (or the file name for file-level errors). */
  readonly path: string;
  /** Description of the defect, without the path. */
  readonly detail: string;

  constructor(path: string, detail: string) {
    super(path ? `${path}: ${detail}` : detail);
    this.name = 'ProblemError';
    this.path = path;
    this.detail = detail;
  }
}

/** A failure that is not the user's input (solver breakdown, I/O while writing). */
export class CliRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliRuntimeError';
  }
}

/**
 * Collapse a message to a single line (newlines and runs of white space become
 * one space), so that every error the CLI prints is exactly one line.
 */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * Levenshtein edit distance between two strings (Wagner–Fischer dynamic
 * programming, two rows).
 */
export function editDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[n];
}

/**
 * The known name closest to `name` (case-insensitive edit distance), or null
 * when none is within max(2, ⌈|name|/2⌉) edits — far guesses mislead more than
 * they help.
 */
export function closestName(name: string, known: readonly string[]): string | null {
  const lower = name.toLowerCase();
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  const limit = Math.max(2, Math.ceil(name.length / 2));
  return bestD <= limit ? best : null;
}

/** "unknown field; did you mean "x"?" or a list of the known names when none is close. */
export function unknownNameMessage(kind: string, name: string, known: readonly string[]): string {
  const guess = closestName(name, known);
  return guess !== null
    ? `unknown ${kind} ${JSON.stringify(name)}; did you mean ${JSON.stringify(guess)}?`
    : `unknown ${kind} ${JSON.stringify(name)}; known: ${known.join(', ')}`;
}

/**
 * A bad argument of a library call, located by the argument's name as the
 * API spells it (`times[3]`, `c_ops[1]`, `sweep.scalars`). A RangeError, so
 * existing `instanceof RangeError` checks keep working; callers that report
 * input errors (the runner, the CLI) turn it into a ProblemError at `path`
 * without parsing the message.
 */
export class ArgumentError extends RangeError {
  readonly path: string;
  readonly detail: string;

  constructor(path: string, detail: string) {
    super(path ? `${path}: ${detail}` : detail);
    this.name = 'ArgumentError';
    this.path = path;
    this.detail = detail;
  }
}

/**
 * A numerical failure that is not the caller's fault in any obvious way: an
 * iteration that did not converge, a matrix that turned out singular. The
 * runner reports it as a failed computation (exit 1), never as bad input.
 */
export class NumericalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NumericalError';
  }
}

/** Thrown by a computation that stopped because its AbortSignal fired. */
export class AbortError extends Error {
  constructor(what = 'computation') {
    super(`${what}: aborted`);
    this.name = 'AbortError';
  }
}

/** Throw an AbortError when `signal` has fired (call between units of work). */
export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw new AbortError(what);
}
