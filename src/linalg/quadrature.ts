/**
 * Adaptive Gauss–Kronrod quadrature of a real function over the real line or
 * a part of it, on a user-given partition (breakpoints at the integrand's
 * features), in the manner of QUADPACK's QAGP/QAGI (Piessens, de Doncker-Kapenga,
 * Überhuber & Kahaner, *QUADPACK*, Springer 1983):
 *
 * - each subinterval is integrated with the 15-point Kronrod rule and its
 *   embedded 7-point Gauss rule; |K15 − G7| (with QUADPACK's (200·err/resasc)^1.5
 *   scaling) is the local error estimate;
 * - the subinterval with the largest error estimate is bisected until the summed
 *   estimate is below max(absTol, relTol·|I|) or `maxIntervals` is reached;
 * - a semi-infinite piece [b, ∞) is mapped to t ∈ [0, 1) by x = b + s·t/(1 − t)
 *   (dx = s/(1 − t)² dt), with the scale s given by the caller (the width of the
 *   nearest feature), so the nodes never touch t = 1.
 *
 * Nodes and weights: QUADPACK `qk15` (to 1e-16).
 */

const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0.0,
];
const WGK = [
  0.022935322010529224963732008058970, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const WG = [0.129484966168869693270611432679082, 0.279705391489276667901467771423780, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

export interface QuadratureOptions {
  /** Absolute error target (default 0). */
  absTol?: number;
  /** Relative error target (default 1e-12). */
  relTol?: number;
  /** Largest number of subintervals (default 2000). */
  maxIntervals?: number;
  /** Scale s of the map x = b ± s·t/(1−t) on the infinite tails (default: span of the breakpoints, or 1). */
  tailScale?: number;
}

export interface QuadratureResult {
  value: number;
  /** Summed Gauss–Kronrod error estimate. */
  error: number;
  intervals: number;
  evaluations: number;
  converged: boolean;
}

interface Piece {
  a: number;
  b: number;
  value: number;
  error: number;
}

/** One 15-point Kronrod / 7-point Gauss evaluation of g on [a, b]. */
function kronrod(g: (t: number) => number, a: number, b: number): { value: number; error: number } {
  const c = 0.5 * (a + b), h = 0.5 * (b - a);
  const fc = g(c);
  let resK = fc * WGK[7], resG = fc * WG[3], resAbs = Math.abs(resK);
  const fv1 = new Float64Array(7), fv2 = new Float64Array(7);
  for (let j = 0; j < 7; j++) {
    const dx = h * XGK[j];
    const f1 = g(c - dx), f2 = g(c + dx);
    fv1[j] = f1; fv2[j] = f2;
    resK += WGK[j] * (f1 + f2);
    resAbs += WGK[j] * (Math.abs(f1) + Math.abs(f2));
    if (j % 2 === 1) resG += WG[(j - 1) / 2] * (f1 + f2);
  }
  const mean = resK * 0.5;
  let resAsc = WGK[7] * Math.abs(fc - mean);
  for (let j = 0; j < 7; j++) resAsc += WGK[j] * (Math.abs(fv1[j] - mean) + Math.abs(fv2[j] - mean));
  const ah = Math.abs(h);
  resAsc *= ah;
  resAbs *= ah;
  let err = Math.abs((resK - resG) * h);
  if (resAsc !== 0 && err !== 0) err = resAsc * Math.min(1, (200 * err / resAsc) ** 1.5);
  const epmach = 2.220446049250313e-16, uflow = 2.2250738585072014e-308;
  if (resAbs > uflow / (50 * epmach)) err = Math.max(epmach * 50 * resAbs, err);
  return { value: resK * h, error: err };
}

/**
 * ∫ f(x) dx over [lower, upper] (either may be ±Infinity), with the partition
 * given by `breakpoints` (any order; those outside (lower, upper) are ignored).
 * Throws RangeError for non-finite integrand values or bad options.
 */
export function integrateAdaptive(
  f: (x: number) => number,
  lower: number,
  upper: number,
  breakpoints: readonly number[] = [],
  options: QuadratureOptions = {},
): QuadratureResult {
  if (Number.isNaN(lower) || Number.isNaN(upper) || !(lower < upper)) throw new RangeError(`integrateAdaptive: need lower < upper, got [${lower}, ${upper}]`);
  const absTol = options.absTol ?? 0, relTol = options.relTol ?? 1e-12;
  const maxIntervals = options.maxIntervals ?? 2000;
  if (!(absTol >= 0) || !(relTol >= 0) || (absTol === 0 && relTol === 0)) throw new RangeError('integrateAdaptive: absTol and relTol must be ≥ 0, not both 0');
  const pts = [...new Set(breakpoints.filter((p) => Number.isFinite(p) && p > lower && p < upper))].sort((x, y) => x - y);
  const finite = [Number.isFinite(lower) ? lower : null, ...pts, Number.isFinite(upper) ? upper : null].filter((p): p is number => p !== null);
  const span = finite.length >= 2 ? finite[finite.length - 1] - finite[0] : 0;
  const s = options.tailScale ?? (span > 0 ? span : 1);
  if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`integrateAdaptive: tailScale must be a positive number, got ${s}`);
  let evaluations = 0;
  const checked = (x: number): number => {
    evaluations++;
    const y = f(x);
    if (!Number.isFinite(y)) throw new RangeError(`integrateAdaptive: integrand is ${y} at x = ${x}`);
    return y;
  };
  // Each piece is integrated in its own variable: identity on finite pieces, the tail map on infinite ones.
  type Mapped = { g: (t: number) => number; a: number; b: number };
  const pieces: Mapped[] = [];
  if (finite.length === 0) {
    // (−∞, ∞) with no breakpoint: split at 0.
    finite.push(0);
  }
  const first = finite[0], last = finite[finite.length - 1];
  if (!Number.isFinite(lower)) pieces.push({ g: (t) => { const u = 1 - t; return checked(first - (s * t) / u) * (s / (u * u)); }, a: 0, b: 1 });
  for (let i = 0; i + 1 < finite.length; i++) pieces.push({ g: checked, a: finite[i], b: finite[i + 1] });
  if (!Number.isFinite(upper)) pieces.push({ g: (t) => { const u = 1 - t; return checked(last + (s * t) / u) * (s / (u * u)); }, a: 0, b: 1 });

  const list: (Piece & { k: number })[] = [];
  for (let k = 0; k < pieces.length; k++) {
    const r = kronrod(pieces[k].g, pieces[k].a, pieces[k].b);
    list.push({ k, a: pieces[k].a, b: pieces[k].b, value: r.value, error: r.error });
  }
  const totals = (): { value: number; error: number } => {
    let v = 0, e = 0;
    for (const p of list) { v += p.value; e += p.error; }
    return { value: v, error: e };
  };
  let t = totals();
  let converged = t.error <= Math.max(absTol, relTol * Math.abs(t.value));
  while (!converged && list.length < maxIntervals) {
    let worst = 0;
    for (let i = 1; i < list.length; i++) if (list[i].error > list[worst].error) worst = i;
    const p = list[worst];
    const m = 0.5 * (p.a + p.b);
    if (!(m > p.a && m < p.b)) break; // interval too small to split further
    const g = pieces[p.k].g;
    const left = kronrod(g, p.a, m), right = kronrod(g, m, p.b);
    list[worst] = { k: p.k, a: p.a, b: m, value: left.value, error: left.error };
    list.push({ k: p.k, a: m, b: p.b, value: right.value, error: right.error });
    t = totals();
    converged = t.error <= Math.max(absTol, relTol * Math.abs(t.value));
  }
  return { value: t.value, error: t.error, intervals: list.length, evaluations, converged };
}
