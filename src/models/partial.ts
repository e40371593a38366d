/**
 * Partial results of the point in flight (RunContext.partial): a throttle so
 * that a model publishes at most every PARTIAL_INTERVAL_MS and builds nothing
 * in between, and the builders of the two usual shapes — a time trace filled
 * up to the output time reached (mesolve), and the running mean with its
 * standard error of the trajectory chunks finished so far (mcsolve). They
 * only read what the solver already computed: the final result is unchanged.
 */
import { addSums, emptySums, meanAndError, type TrajectorySums } from '../solvers/mcsolve/ensemble.js';
import type { ModelResult, RunContext, Series } from './types.js';

/** Shortest time between two partial results of one point (ms): at most 10 per second. */
export const PARTIAL_INTERVAL_MS = 100;

/** Publishes partial results of one point, at most one per PARTIAL_INTERVAL_MS (the first at once). */
export class PartialPublisher {
  private last = -Infinity;

  constructor(private readonly sink: (result: ModelResult) => void, private readonly intervalMs = PARTIAL_INTERVAL_MS) {}

  /** Publish `build()` unless the last publication was less than the interval ago (then `build` is not called). */
  offer(build: () => ModelResult): void {
    const now = performance.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    this.sink(build());
  }
}

/** A publisher for `context.partial`, or null when nobody listens. */
export function partialPublisher(context: RunContext): PartialPublisher | null {
  return context.partial ? new PartialPublisher(context.partial) : null;
}

/** What a partial result carries beside its series (axis labels, display scale). */
export type PartialBase = Pick<ModelResult, 'xLabel' | 'yLabel' | 'xDisplayScale'>;

/** `meta.partial` of a partial result: the x range the finished series will span (SI), so a display can keep its frame. */
export interface PartialMeta {
  xDomain: [number, number];
}

function partialMeta(times: ArrayLike<number>): { partial: PartialMeta } {
  return { partial: { xDomain: [times[0], times[times.length - 1]] } };
}

/** Series `names[k]` = Re expect[k] at times[0 … filled − 1] (copies of the solver's filled prefix). */
export function partialTrace(names: readonly string[], times: ArrayLike<number>, filled: number, expect: readonly { re: Float64Array }[], base: PartialBase): ModelResult {
  const x = Array.from({ length: filled }, (_, i) => times[i]);
  const series: Series[] = names.map((name, k) => ({ name, x: x.slice(), y: Array.from(expect[k].re.subarray(0, filled)) }));
  return { ...base, series, meta: partialMeta(times) };
}

/**
 * The running ensemble of a point's trajectory chunks: their sums added as the
 * chunks finish (in any order: a display, not the result, which mcsolve sums
 * in chunk order), and the mean ± standard error of the trajectories so far.
 */
export class RunningEnsemble {
  private readonly total: TrajectorySums;

  constructor(private readonly nE: number, private readonly times: ArrayLike<number>) {
    this.total = emptySums(nE, times.length);
  }

  /** Add a finished chunk's sums. */
  add(sums: TrajectorySums): void {
    addSums(this.total, sums);
  }

  /** Trajectories added so far. */
  get count(): number {
    return this.total.count;
  }

  /** Series `names[k]`: mean of Re⟨O_k⟩(t) over the trajectories so far, with its standard error. */
  result(names: readonly string[], base: PartialBase): ModelResult {
    const nt = this.times.length, n = this.total.count;
    const x = Array.from(this.times);
    const series: Series[] = names.slice(0, this.nE).map((name, k) => {
      const { mean, stdErr } = meanAndError(this.total.sumRe, this.total.sumSqRe, k * nt, nt, n);
      return { name, x: x.slice(), y: Array.from(mean), yErr: Array.from(stdErr) };
    });
    return { ...base, series, notes: [`partial: ${n} trajectories so far`], meta: partialMeta(this.times) };
  }
}
