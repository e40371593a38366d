/**
 * The 'direct' steady state through a banded LU (linalg/banded-lu.ts) when a
 * reverse Cuthill–McKee ordering of the reduced Liouvillian L makes its band
 * narrow: inverse iteration with a tiny shift,
 *   x_{k+1} = (L − σ I)⁻¹ x_k / Tr(...),   σ = 1e-8 · max|L_ij|,
 * which converges to the null vector of L (the steady state) by the factor
 * σ/|λ₂| per step (λ₂: the slowest decay rate) — the shift keeps the pattern
 * of L, whereas the trace row of the bordered system would be dense and
 * destroy the band. Uniqueness is checked by running the iteration from two
 * different starting populations: a second steady state makes them differ.
 */
import { SparseMatrix, sparseLinearCombination } from '../linalg/sparse.js';
import { bandedLuCost, bandedLuFactor, bandedLuSolve, permutedBandwidth, reverseCuthillMcKee } from '../linalg/banded-lu.js';

/** Use the banded path when its factorization costs less than this fraction of the dense LU. */
export const BANDED_COST_FRACTION = 0.25;

/** Most inverse-iteration steps before giving up (then the dense path is used). */
const MAX_STEPS = 12;

/**
 * Steady state of L (reduced, dimension n) with trace weights t, or null when
 * the band is not narrow enough to pay off (or the iteration did not settle).
 * Throws a RangeError when the two starting vectors converge to different
 * states (more than one steady state).
 */
export function bandedSteadyState(l: SparseMatrix, t: Float64Array, scale: number): { xr: Float64Array; xi: Float64Array; details: Record<string, unknown> } | null {
  const n = l.rows;
  const perm = reverseCuthillMcKee(l);
  const { kl, ku } = permutedBandwidth(l, perm);
  const denseCost = (8 * n * n * n) / 3;
  const cost = bandedLuCost(n, kl, ku);
  if (!(cost < BANDED_COST_FRACTION * denseCost)) return null;
  const sigma = 1e-8 * scale;
  const diag = SparseMatrix.fromTriplets(n, n, Array.from({ length: n }, (_, i) => i), Array.from({ length: n }, (_, i) => i), new Array(n).fill(-sigma), new Array(n).fill(0));
  const shifted = sparseLinearCombination([{ matrix: l, re: 1 }, { matrix: diag, re: 1 }]);
  const f = bandedLuFactor(shifted, perm, kl, ku);
  const iterate = (startR: Float64Array): { re: Float64Array; im: Float64Array; steps: number } | null => {
    let xr: Float64Array = startR, xi: Float64Array = new Float64Array(n);
    for (let step = 1; step <= MAX_STEPS; step++) {
      const y = bandedLuSolve(f, xr, xi);
      let tr = 0, ti = 0;
      for (let k = 0; k < n; k++) { tr += t[k] * y.re[k]; ti += t[k] * y.im[k]; }
      const den = tr * tr + ti * ti;
      if (!(den > 0) || !Number.isFinite(den)) return null;
      // divide by the complex trace
      let change = 0, size = 0;
      for (let k = 0; k < n; k++) {
        const a = y.re[k], b = y.im[k];
        const vr = (a * tr + b * ti) / den, vi = (b * tr - a * ti) / den;
        change = Math.max(change, Math.abs(vr - xr[k]), Math.abs(vi - xi[k]));
        size = Math.max(size, Math.abs(vr), Math.abs(vi));
        y.re[k] = vr; y.im[k] = vi;
      }
      xr = y.re; xi = y.im;
      if (step > 1 && change <= 1e-13 * size) return { re: xr, im: xi, steps: step };
    }
    return null;
  };
  // starting populations: the trace weights (identity), and a non-uniform positive mixture
  const s1 = Float64Array.from(t);
  const s2 = Float64Array.from(t, (v, k) => v * (1 + 0.5 * Math.sin(1.7 * k + 0.3)));
  const a = iterate(s1);
  const b = a ? iterate(s2) : null;
  if (!a || !b) return null;
  let diff = 0, size = 0;
  for (let k = 0; k < n; k++) {
    diff = Math.max(diff, Math.abs(a.re[k] - b.re[k]), Math.abs(a.im[k] - b.im[k]));
    size = Math.max(size, Math.abs(a.re[k]), Math.abs(a.im[k]));
  }
  if (diff > 1e-8 * size) throw new RangeError(`steady state is not unique: inverse iteration from two starting states converged to different states (difference ${diff.toExponential(2)}); the dynamics has more than one invariant sector`);
  return { xr: a.re, xi: a.im, details: { solver: 'banded LU (RCM)', bandwidth: [kl, ku], inverseIterations: a.steps + b.steps } };
}
