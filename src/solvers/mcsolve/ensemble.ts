/**
 * Ensemble averages of trajectories: per-chunk sums of ⟨O_k⟩ and ⟨O_k⟩², added
 * in chunk order (so the bits do not depend on which thread ran which chunk),
 * and the means with their standard errors.
 */

/** Sums over a group of trajectories: Σx and Σx² of Re and Im of each ⟨O_k⟩(t_i). */
export interface TrajectorySums {
  count: number;
  jumps: number;
  /** [k][i] flattened as k * nt + i. */
  sumRe: Float64Array;
  sumIm: Float64Array;
  sumSqRe: Float64Array;
  sumSqIm: Float64Array;
}

export function emptySums(nE: number, nt: number): TrajectorySums {
  return { count: 0, jumps: 0, sumRe: new Float64Array(nE * nt), sumIm: new Float64Array(nE * nt), sumSqRe: new Float64Array(nE * nt), sumSqIm: new Float64Array(nE * nt) };
}

/** Add one trajectory's ⟨O_k⟩(t_i) = re + i·im at flat index `at` = k·nt + i (Σx and Σx² of both parts). */
export function addObservation(sums: TrajectorySums, at: number, re: number, im: number): void {
  sums.sumRe[at] += re;
  sums.sumIm[at] += im;
  sums.sumSqRe[at] += re * re;
  sums.sumSqIm[at] += im * im;
}

/** Add `b` into `a` element by element. */
export function addSums(a: TrajectorySums, b: TrajectorySums): void {
  a.count += b.count;
  a.jumps += b.jumps;
  for (let x = 0; x < a.sumRe.length; x++) {
    a.sumRe[x] += b.sumRe[x];
    a.sumIm[x] += b.sumIm[x];
    a.sumSqRe[x] += b.sumSqRe[x];
    a.sumSqIm[x] += b.sumSqIm[x];
  }
}

/** Mean Σx/N and its standard error √(s²/N), s² the unbiased sample variance (0 for N = 1). */
export function meanAndError(sum: Float64Array, sumSq: Float64Array, offset: number, nt: number, N: number): { mean: Float64Array; stdErr: Float64Array } {
  const m = new Float64Array(nt), e = new Float64Array(nt);
  for (let i = 0; i < nt; i++) {
    const x = offset + i;
    m[i] = sum[x] / N;
    if (N > 1) e[i] = Math.sqrt(Math.max(0, (sumSq[x] - N * m[i] * m[i]) / (N - 1)) / N);
  }
  return { mean: m, stdErr: e };
}
