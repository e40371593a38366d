/**
 * Item 7 of issue 13 (beyond the paper): predict the HypRes experiment of Fig. 2 from D(r).
 * Radial spin diffusion around one electron, each electron owning a sphere of the mean volume:
 *
 *   ∂P/∂t = r⁻² ∂_r(r² D(r) ∂_r P) − (P − P_eq)/T₁ₙ,   r ∈ [r_min, r_MV],
 *
 * reflecting (zero flux) at r_min and at r_MV. Conservative finite volumes: cells between faces
 * r_0 < … < r_N (r_h is a face), volume V_i = (4π/3)(r_{i+1}³ − r_i³), flux through face f
 * −4π r_f² D(r_f)(P_{i+1} − P_i)/(c_{i+1} − c_i) with cell centres c_i = (r_i + r_{i+1})/2;
 * Σ V_i P_i is conserved exactly by the spatial operator when T₁ₙ = ∞. Time: TR-BDF2 with
 * step-doubling error control (src/linalg/ode/trbdf2.ts) — the operator is stiff (rates from
 * ~10⁻⁴ s⁻¹ near the electron to ~10⁴ s⁻¹ on the finest cells).
 *
 * Initial state: hidden spins (r < r_h) at P₀, visible spins (r > r_h) saturated (0). Outputs: the
 * volume-weighted mean polarization of the hidden and of the visible spins.
 */
import type { ModelResult, RunContext, Series } from '../types.js';
import { trbdf2Tridiagonal, type TridiagonalLinearSystem } from '../../linalg/ode/trbdf2.js';
import { check } from './flip-flop.js';
import { diffusionCoefficient, meanVolumeRadius, protonPolarization, type Conventions, type SampleParams } from './geometry.js';
import { AbortError } from '../../util/errors.js';
import { readParameters } from '../parameters.js';
import { SPIN_DIFFUSION_PARAMETERS } from './parameters.js';

export type GridKind = 'graded' | 'uniform';

/**
 * Faces of a radial grid on [rMin, rMax] with rh as a face: `graded` = geometric in each of
 * [rMin, rh] and [rh, rMax] (cells ∝ ln of the radius ratio; needs rMin > 0), `uniform` = equal widths
 * in each segment (cells ∝ length; rMin may be 0).
 */
export function radialGrid(rMin: number, rh: number, rMax: number, cells: number, kind: GridKind = 'graded'): Float64Array {
  check('hypresRmin', rMin, (v) => v >= 0, 'a radius ≥ 0 (m)');
  check('rh', rh, (v) => v > rMin, 'a radius > r_min (m)');
  check('rMax', rMax, (v) => v > rh, 'a radius > r_h (m)');
  if (!Number.isInteger(cells) || cells < 4) throw new RangeError(`hypresCells: expected an integer ≥ 4, got ${cells}`);
  const graded = kind === 'graded';
  if (graded && !(rMin > 0)) throw new RangeError('hypresRmin: a graded grid needs r_min > 0');
  const w1 = graded ? Math.log(rh / rMin) : rh - rMin, w2 = graded ? Math.log(rMax / rh) : rMax - rh;
  const n1 = Math.min(cells - 1, Math.max(1, Math.round((cells * w1) / (w1 + w2))));
  const n2 = cells - n1;
  const f = new Float64Array(cells + 1);
  for (let i = 0; i <= n1; i++) f[i] = graded ? rMin * (rh / rMin) ** (i / n1) : rMin + ((rh - rMin) * i) / n1;
  for (let j = 1; j <= n2; j++) f[n1 + j] = graded ? rh * (rMax / rh) ** (j / n2) : rh + ((rMax - rh) * j) / n2;
  f[n1] = rh;
  f[cells] = rMax;
  return f;
}

export interface RadialOperator {
  system: TridiagonalLinearSystem;
  volumes: Float64Array;
  centres: Float64Array;
  /** Index of the first visible cell (faces[hiddenCells] = r_h). */
  hiddenCells: number;
}

/** The finite-volume operator (see the module comment); D(r) in m²/s, T₁ₙ in s (Infinity: none). */
export function radialOperator(faces: Float64Array, rh: number, diffusion: (r: number) => number, t1n: number, pEq: number): RadialOperator {
  const n = faces.length - 1;
  const volumes = new Float64Array(n), centres = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    volumes[i] = ((4 * Math.PI) / 3) * (faces[i + 1] ** 3 - faces[i] ** 3);
    centres[i] = 0.5 * (faces[i] + faces[i + 1]);
  }
  const lower = new Float64Array(n), diag = new Float64Array(n), upper = new Float64Array(n), source = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) {
    const rf = faces[i + 1];
    const d = diffusion(rf);
    if (!(d >= 0) || !Number.isFinite(d)) throw new RangeError(`D: diffusion coefficient ${d} at r = ${rf} m`);
    const k = (4 * Math.PI * rf * rf * d) / (centres[i + 1] - centres[i]);
    diag[i] -= k / volumes[i];
    upper[i] += k / volumes[i];
    diag[i + 1] -= k / volumes[i + 1];
    lower[i + 1] += k / volumes[i + 1];
  }
  if (!(t1n > 0)) throw new RangeError(`hypresT1n: expected a time > 0 (s) or Infinity, got ${t1n}`);
  if (Number.isFinite(t1n)) for (let i = 0; i < n; i++) { diag[i] -= 1 / t1n; source[i] = pEq / t1n; }
  let hiddenCells = 0;
  while (hiddenCells < n && faces[hiddenCells] < rh * (1 - 1e-12)) hiddenCells++;
  return { system: { lower, diag, upper, source }, volumes, centres, hiddenCells };
}

export interface RadialRun {
  times: number[];
  hidden: number[];
  visible: number[];
  /** Σ V_i P_i / Σ V_i at each time. */
  total: number[];
  stats: { steps: number; rejected: number; solves: number; cells: number };
}

/** Hidden / visible mean polarization versus time from the step initial state. */
export function radialDiffusion(op: RadialOperator, p0: number, times: number[], tol: { atol?: number; rtol?: number; signal?: AbortSignal } = {}): RadialRun {
  const n = op.volumes.length;
  const y0 = new Float64Array(n);
  for (let i = 0; i < op.hiddenCells; i++) y0[i] = p0;
  const r = trbdf2Tridiagonal(op.system, y0, times, { atol: tol.atol ?? 1e-9 * Math.max(Math.abs(p0), 1e-3), rtol: tol.rtol ?? 1e-6, ...(tol.signal ? { signal: tol.signal } : {}) });
  let vh = 0, vv = 0;
  for (let i = 0; i < n; i++) if (i < op.hiddenCells) vh += op.volumes[i]; else vv += op.volumes[i];
  const hidden: number[] = [], visible: number[] = [], total: number[] = [];
  for (const y of r.y) {
    let sh = 0, sv = 0;
    for (let i = 0; i < n; i++) if (i < op.hiddenCells) sh += op.volumes[i] * y[i]; else sv += op.volumes[i] * y[i];
    hidden.push(sh / vh); visible.push(sv / vv); total.push((sh + sv) / (vh + vv));
  }
  return { times, hidden, visible, total, stats: { ...r.stats, cells: n } };
}

/** Roots x_n (n = 1 … count) of tan x = x, i.e. of sin x − x cos x = 0, in (nπ, nπ + π/2). */
export function tanRoots(count: number): number[] {
  const out: number[] = [];
  for (let n = 1; n <= count; n++) {
    let lo = n * Math.PI + 1e-12, hi = n * Math.PI + Math.PI / 2 - 1e-12;
    const f = (x: number): number => Math.sin(x) - x * Math.cos(x);
    for (let it = 0; it < 200; it++) {
      const m = 0.5 * (lo + hi);
      if (Math.sign(f(m)) === Math.sign(f(lo))) lo = m; else hi = m;
    }
    out.push(0.5 * (lo + hi));
  }
  return out;
}

/**
 * Analytic series for constant D on the full sphere [0, R] with a reflecting wall, initial P₀ for
 * r < r_h and 0 beyond: P(r, t) = P̄ + Σ_n a_n e^{−D k_n² t} j₀(k_n r), k_n R = x_n (tan x = x). Returns
 * the volume-averaged visible polarization (r_h < r < R) at each time.
 */
export function sphereSeriesVisible(d: number, rh: number, bigR: number, p0: number, times: number[], terms = 400): number[] {
  const mean = (p0 * rh ** 3) / bigR ** 3;
  const ks = tanRoots(terms).map((x) => x / bigR);
  // ∫₀^{r_h} j₀(kr) r² dr = (sin k r_h − k r_h cos k r_h)/k³; ∫₀^R j₀² r² dr = (R/2 − sin(2kR)/(4k))/k².
  const g = ks.map((k) => (Math.sin(k * rh) - k * rh * Math.cos(k * rh)) / k ** 3);
  const norm = ks.map((k) => (bigR / 2 - Math.sin(2 * k * bigR) / (4 * k)) / (k * k));
  const vVis = (bigR ** 3 - rh ** 3) / 3; // ∫_{r_h}^R r² dr
  return times.map((t) => {
    let s = mean;
    for (let n = 0; n < ks.length; n++) {
      const a = (p0 * g[n]) / norm[n];
      // ∫_{r_h}^R j₀(kr) r² dr = −g (the full integral vanishes because tan kR = kR).
      s += (a * Math.exp(-d * ks[n] * ks[n] * t) * -g[n]) / vVis;
    }
    return s;
  });
}

/** Time at which `y` first reaches `level` (linear interpolation), or NaN. */
export function crossingTime(times: number[], y: number[], level: number): number {
  for (let i = 1; i < times.length; i++) {
    if ((y[i - 1] - level) * (y[i] - level) <= 0 && y[i] !== y[i - 1]) return times[i - 1] + ((level - y[i - 1]) * (times[i] - times[i - 1])) / (y[i] - y[i - 1]);
  }
  return Number.NaN;
}


/** The `hypres` mode of the model: µw off (P̄ = pOff) and µw on (P̄ = pOn). */
export async function runHypres(p: Record<string, unknown>, inputs: { sample: SampleParams; conv: Conventions }, ctx: RunContext): Promise<ModelResult> {
  const par = readParameters(SPIN_DIFFUSION_PARAMETERS, p);
  const { sample, conv } = inputs;
  const rh = par.rh, rMin = par.hypresRmin, cells = par.hypresCells, tEnd = par.hypresTEnd;
  const p0 = par.hypresP0;
  const t1nIn = check('hypresT1n', par.hypresT1n, (v) => v >= 0, 'a time ≥ 0 (s; 0 = no relaxation)');
  const t1n = t1nIn === 0 ? Infinity : t1nIn;
  check('hypresTEnd', tEnd, (v) => v > 0, 'a time > 0 (s)');
  const rMax = meanVolumeRadius(par.concentration);
  const pEq = protonPolarization(sample.field, par.temperature);
  const faces = radialGrid(rMin, rh, rMax, cells, 'graded');
  const times = [0, ...Array.from({ length: 121 }, (_, i) => 1e-2 * (tEnd / 1e-2) ** (i / 120))];
  const series: Series[] = [];
  const meta: Record<string, unknown> = { rMin_m: rMin, rh_m: rh, rMV_m: rMax, cells, P0: p0, T1n_s: t1n, Peq: pEq, conventions: conv, sample };
  const runs: Record<string, RadialRun> = {};
  for (const pb of [par.pOff, par.pOn]) {
    if (ctx.signal?.aborted) throw new AbortError('hypres');
    const op = radialOperator(faces, rh, (r) => diffusionCoefficient(r, pb, sample, conv), t1n, pEq);
    runs[pb] = radialDiffusion(op, p0, times, ctx.signal ? { signal: ctx.signal } : {});
  }
  const pbs = Object.keys(runs).map(Number);
  for (const kind of ['visible', 'hidden'] as const) for (const pb of pbs) {
    series.push({ name: `${kind} P=${pb}`, x: times.slice(1), y: runs[pb][kind].slice(1) });
  }
  const vh = rh ** 3 - rMin ** 3, vt = rMax ** 3 - rMin ** 3;
  const final = (p0 * vh) / vt;
  const notes: string[] = [];
  const equilibration: Record<string, number> = {};
  for (const pb of pbs) {
    const r = runs[pb];
    const te = crossingTime(r.times, r.visible, (1 - Math.exp(-1)) * final);
    const t90 = crossingTime(r.times, r.visible, 0.9 * final);
    equilibration[`P=${pb}`] = te;
    equilibration[`P=${pb} t90`] = t90;
    notes.push(`P̄ = ${pb}: visible reaches (1 − 1/e) of its T₁ₙ = ∞ plateau ${final.toFixed(4)} at t = ${te.toPrecision(3)} s and 90 % at ${t90.toPrecision(3)} s; ${r.stats.steps} TR-BDF2 steps (${r.stats.rejected} rejected)`);
  }
  meta.visiblePlateau = final;
  meta.equilibrationTime_s = equilibration;
  meta.stats = Object.fromEntries(pbs.map((pb) => [`P=${pb}`, runs[pb].stats]));
  return {
    series, meta, xLabel: 't (s)', yLabel: 'mean polarization', notes,
    scalars: Object.fromEntries(pbs.map((pb) => [`tEquilibration[P=${pb}]`, equilibration[`P=${pb}`]])),
  };
}
