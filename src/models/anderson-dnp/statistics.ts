/**
 * Disorder-average statistics: means with standard deviations and standard
 * errors, and ratios of pooled sums with delete-one jackknife errors (used
 * for C(ω) = K/R, Eq. 30, pooled over realizations).
 */

export interface MeanStats {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one value. */
  std: number;
  /** Standard error of the mean, std/√n. */
  sem: number;
  count: number;
}

/** Mean, standard deviation and standard error of `values` (non-finite values are an error). */
export function meanStats(values: readonly number[]): MeanStats {
  const n = values.length;
  if (n === 0) throw new RangeError('meanStats: no values');
  let s = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`meanStats: non-finite value ${v}`);
    s += v;
  }
  const mean = s / n;
  let q = 0;
  for (const v of values) q += (v - mean) * (v - mean);
  const std = n > 1 ? Math.sqrt(q / (n - 1)) : 0;
  return { mean, std, sem: std / Math.sqrt(n), count: n };
}

export interface RatioStats {
  /** Σ numerators / Σ denominators. */
  ratio: number;
  /** Delete-one jackknife standard error (0 for one realization). */
  sem: number;
  count: number;
}

/**
 * Ratio of pooled sums Σ_r a_r / Σ_r b_r with the delete-one jackknife error
 * √((n−1)/n Σ_r (θ_(r) − θ̄)²), θ_(r) the ratio without realization r.
 */
export function pooledRatio(numerators: readonly number[], denominators: readonly number[]): RatioStats {
  const n = numerators.length;
  if (n === 0 || denominators.length !== n) throw new RangeError('pooledRatio: expected equal, non-empty lists');
  let a = 0, b = 0;
  for (let r = 0; r < n; r++) { a += numerators[r]; b += denominators[r]; }
  const ratio = a / b;
  if (n === 1) return { ratio, sem: 0, count: 1 };
  const loo: number[] = [];
  for (let r = 0; r < n; r++) loo.push((a - numerators[r]) / (b - denominators[r]));
  const m = loo.reduce((x, y) => x + y, 0) / n;
  const v = loo.reduce((x, y) => x + (y - m) * (y - m), 0);
  return { ratio, sem: Math.sqrt(((n - 1) / n) * v), count: n };
}
