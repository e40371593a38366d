/**
 * Golden-section search for the minimum of a unimodal function on [lo, hi]
 * (Kiefer 1953; Press et al., Numerical Recipes §10.2). Each step keeps the
 * sub-bracket that holds the smaller of the two interior values and reuses the
 * other interior point, so one new evaluation shrinks the bracket by
 * φ = (√5 − 1)/2 ≈ 0.618.
 *
 * Example: goldenSectionMinimum((x) => (x - 2) ** 2, 0, 5, { tolerance: 1e-12 }).x ≈ 2
 */

export interface GoldenSectionOptions {
  /** Stop when hi − lo ≤ tolerance (default 0: run maxIterations steps). */
  tolerance?: number;
  /** Largest number of steps (default 200). */
  maxIterations?: number;
}

export interface GoldenSectionResult {
  /** The interior point with the smaller value, and that value. */
  x: number;
  value: number;
}

/** Minimum of a unimodal `f` on [lo, hi] (see the module comment). */
export function goldenSectionMinimum(f: (x: number) => number, lo: number, hi: number, options: GoldenSectionOptions = {}): GoldenSectionResult {
  if (!(hi > lo)) throw new RangeError(`goldenSectionMinimum: empty bracket [${lo}, ${hi}]`);
  const tol = options.tolerance ?? 0;
  const maxIterations = options.maxIterations ?? 200;
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = lo, b = hi;
  let c = b - phi * (b - a), d = a + phi * (b - a);
  let fc = f(c), fd = f(d);
  for (let it = 0; it < maxIterations && b - a > tol; it++) {
    if (fc < fd) {
      b = d; d = c; fd = fc;
      c = b - phi * (b - a);
      fc = f(c);
    } else {
      a = c; c = d; fc = fd;
      d = a + phi * (b - a);
      fd = f(d);
    }
  }
  return fc < fd ? { x: c, value: fc } : { x: d, value: fd };
}
