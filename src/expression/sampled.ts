/**
 * Sampled coefficients: f(t) given at times t_0 < … < t_{m−1}, interpolated by
 * a cubic spline with not-a-knot end conditions (scipy's `CubicSpline`
 * default, which reproduces cubic polynomials exactly); 3 samples give the
 * interpolating parabola, 2 the straight line. Outside [t_0, t_{m−1}] the
 * coefficient is undefined: callers check the time span (`sampledSpan`).
 */
import { registerCoefficientCompiler, type CoefficientFunction } from '../quantum/qobj-evo.js';

/**
 * Second derivatives M_i of the not-a-knot cubic spline through (x_i, y_i),
 * from the tridiagonal-plus-two-corners system solved by elimination (m ≥ 4).
 */
function notAKnotMoments(x: Float64Array, y: Float64Array): Float64Array {
  const m = x.length;
  const h = new Float64Array(m - 1);
  for (let i = 0; i < m - 1; i++) h[i] = x[i + 1] - x[i];
  // Unknowns M_0..M_{m-1}. Interior rows i = 1..m-2:
  //   h_{i-1} M_{i-1} + 2(h_{i-1}+h_i) M_i + h_i M_{i+1} = 6((y_{i+1}-y_i)/h_i − (y_i-y_{i-1})/h_{i-1}).
  // Not-a-knot: third derivative continuous at x_1 and x_{m-2}:
  //   (M_1 − M_0)/h_0 = (M_2 − M_1)/h_1,  (M_{m-2} − M_{m-3})/h_{m-3} = (M_{m-1} − M_{m-2})/h_{m-2}.
  // Eliminate M_0 and M_{m-1} into the first and last interior rows, solve the tridiagonal
  // system for M_1..M_{m-2} (Thomas), then recover the ends.
  const k = m - 2;
  const a = new Float64Array(k), b = new Float64Array(k), c = new Float64Array(k), d = new Float64Array(k);
  for (let r = 0; r < k; r++) {
    const i = r + 1;
    a[r] = h[i - 1];
    b[r] = 2 * (h[i - 1] + h[i]);
    c[r] = h[i];
    d[r] = 6 * ((y[i + 1] - y[i]) / h[i] - (y[i] - y[i - 1]) / h[i - 1]);
  }
  // M_0 = M_1 (1 + h0/h1) − M_2 h0/h1.
  const p = h[0] / h[1];
  b[0] += a[0] * (1 + p);
  c[0] -= a[0] * p;
  a[0] = 0;
  // M_{m-1} = M_{m-2} (1 + q) − M_{m-3} q, q = h_{m-2}/h_{m-3}.
  const q = h[m - 2] / h[m - 3];
  b[k - 1] += c[k - 1] * (1 + q);
  a[k - 1] -= c[k - 1] * q;
  c[k - 1] = 0;
  if (k === 2) {
    // Rows 0 and 1 now each involve M_1 and M_2 only (a 2×2 system).
    const det = b[0] * b[1] - c[0] * a[1];
    const m1 = (d[0] * b[1] - c[0] * d[1]) / det, m2 = (b[0] * d[1] - a[1] * d[0]) / det;
    const M = new Float64Array(m);
    M[1] = m1; M[2] = m2;
    M[0] = m1 * (1 + p) - m2 * p;
    M[3] = m2 * (1 + q) - m1 * q;
    return M;
  }
  for (let r = 1; r < k; r++) {
    const w = a[r] / b[r - 1];
    b[r] -= w * c[r - 1];
    d[r] -= w * d[r - 1];
  }
  const inner = new Float64Array(k);
  inner[k - 1] = d[k - 1] / b[k - 1];
  for (let r = k - 2; r >= 0; r--) inner[r] = (d[r] - c[r] * inner[r + 1]) / b[r];
  const M = new Float64Array(m);
  M.set(inner, 1);
  M[0] = M[1] * (1 + p) - M[2] * p;
  M[m - 1] = M[m - 2] * (1 + q) - M[m - 3] * q;
  return M;
}

/**
 * The cubic-spline coefficient through (times[i], values[i]); times strictly
 * increasing (checked by the caller). Evaluation finds the interval by
 * bisection, starting from the last one used (O(1) for marching times).
 */
export function splineCoefficient(times: ArrayLike<number>, values: ArrayLike<number>): CoefficientFunction {
  const x = Float64Array.from(times), y = Float64Array.from(values);
  const m = x.length;
  if (m < 2 || y.length !== m) throw new RangeError(`splineCoefficient: need ≥ 2 samples of equal length (got ${m} times, ${y.length} values)`);
  let M: Float64Array;
  if (m === 2) M = new Float64Array(2);
  else if (m === 3) {
    // Parabola: one constant second derivative.
    const s0 = (y[1] - y[0]) / (x[1] - x[0]), s1 = (y[2] - y[1]) / (x[2] - x[1]);
    const c = (2 * (s1 - s0)) / (x[2] - x[0]);
    M = Float64Array.of(c, c, c);
  } else M = notAKnotMoments(x, y);
  let last = 0;
  const f: CoefficientFunction = (t: number): number => {
    let i = last;
    if (!(t >= x[i] && t <= x[i + 1])) {
      let lo = 0, hi = m - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (x[mid] <= t) lo = mid;
        else hi = mid;
      }
      i = lo;
      last = i;
    }
    const h = x[i + 1] - x[i];
    const A = (x[i + 1] - t) / h, B = (t - x[i]) / h;
    return A * y[i] + B * y[i + 1] + ((A * A * A - A) * M[i] + (B * B * B - B) * M[i + 1]) * (h * h) / 6;
  };
  f.text = `cubic spline through ${m} samples`;
  f.source = { compiler: 'spline', data: { times: x, values: y } };
  return f;
}

registerCoefficientCompiler('spline', (data) => {
  const d = data as { times: Float64Array; values: Float64Array };
  return splineCoefficient(d.times, d.values);
});
