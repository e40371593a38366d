/**
 * The seed-002 model for the scenario runner: one `ModelDefinition` with a
 * `mode` parameter (one mode per figure). Inputs in SI (B₀ in T, a and r in m,
 * τ_c in s, the nuclear linewidth HWHM in Hz); outputs in SI (D in m²/s, W in
 * s⁻¹, W/D₁₂² in s, r in m, plotted in nm via xDisplayScale).
 */
import type { ModelDefinition, ModelResult, RunContext, Series } from '../types.js';
import {
  ANGULAR_AVERAGES, CODATA, DEFAULT_CONVENTIONS, DEFAULT_SAMPLE, LINEWIDTH_READINGS, couplingsAt, diffusionCoefficient,
  electronPolarization, meanVolumeRadius, protonPolarization, validityRadius,
  type AngularAverage, type Conventions, type LinewidthReading, type SampleParams,
} from './geometry.js';
import { check, driveSpectrum, excitationSpectrum, fastLimitPerD2, flipFlopRateConvolutionPerD2, flipFlopRateParsevalPerD2, flipFlopRatePerD2, slowLimitPerD2 } from './flip-flop.js';
import { runTelegraph, telegraphItems } from './telegraph-items.js';
import { conventionTable } from './claim.js';
import { runHypres } from './hypres.js';
import { RATE_METHODS, SPIN_DIFFUSION_MODES, SPIN_DIFFUSION_PARAMETERS as parameters } from './parameters.js';
import { readParameters } from '../parameters.js';

export { SPIN_DIFFUSION_MODES, RATE_METHODS } from './parameters.js';

/** The r values (m) that Fig. 3's data must contain exactly (an external check reads them). */
export const FIG3_EXACT_R = [3e-10, 3.4e-10, 4e-10, 5e-10, 6e-10, 7e-10, 8e-10, 9e-10, 1e-9, 1.2e-9, 1.5e-9, 2e-9, 2.5e-9, 3e-9];
/** The r values (m) of the claim17 ratio that must be present. */
export const CLAIM_EXACT_R = [4e-10, 5e-10, 6e-10, 7e-10, 8e-10, 9e-10, 1e-9, 1.2e-9, 1.5e-9, 2e-9];



/** Sample parameters and conventions from the run parameters (validated). */
export function readInputs(p: Record<string, unknown>): { sample: SampleParams; conv: Conventions } {
  const par = readParameters(parameters, p);
  const sample: SampleParams = { field: par.field, a: par.a, tauC: par.tauC, linewidthHz: par.linewidth };
  const conv: Conventions = {
    angularAverage: String(p.angularAverage) as AngularAverage,
    deltaMultiplier: par.deltaMultiplier,
    linewidth: String(p.linewidthReading) as LinewidthReading,
    includeT1: p.includeT1 as boolean,
  };
  couplingsAt(1e-9, 0.5, sample, conv); // validates both (one-line RangeErrors naming the parameter)
  check('rh', par.rh, (v) => v > 0, 'a radius > 0 (m)');
  for (const k of ['pOn', 'pOff', 'pBar'] as const) check(k, par[k], (v) => v >= -1 && v <= 1, 'a polarization in [−1, 1]');
  check('temperature', par.temperature, (v) => v > 0, 'a temperature > 0 (K)');
  return { sample, conv };
}

/** n log-spaced points in [lo, hi] merged with `exact` (kept exactly; grid points within 1e-9 relative of one dropped). */
export function mergedGrid(lo: number, hi: number, n: number, exact: readonly number[]): number[] {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`points: expected an integer ≥ 2, got ${n}`);
  const grid = Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (i / (n - 1)));
  const out = [...exact];
  for (const x of grid) if (!exact.some((e) => Math.abs(x - e) <= 1e-9 * e)) out.push(x);
  return out.sort((a, b) => a - b);
}

function markers(p: Record<string, unknown>, sample: SampleParams, conv: Conventions): Record<string, unknown> {
  const par = readParameters(parameters, p);
  const gammaC = 1 / sample.tauC;
  return {
    rMV_m: meanVolumeRadius(par.concentration),
    rh_m: par.rh,
    rValidity_m: validityRadius(gammaC, conv.angularAverage, 'consistent'),
    rValidityPaperReading_m: validityRadius(gammaC, 'none', 'hz'),
    conventions: { ...conv, gammaC_per_s: gammaC, gamma2II_per_s: couplingsAt(1e-9, 0, sample, conv).gamma2II, omega0_rad_s: CODATA.gammaH * sample.field },
    sample,
    Pe: electronPolarization(sample.field, par.temperature),
    PH: protonPolarization(sample.field, par.temperature),
    Pe_4p2K: electronPolarization(sample.field, 4.2),
  };
}

const fmtP = (x: number): string => String(Number(x.toPrecision(6)));

function runFig3a(p: Record<string, unknown>): ModelResult {
  const par = readParameters(parameters, p);
  const { sample, conv } = readInputs(p);
  const r = mergedGrid(3e-10, 3e-9, par.points, FIG3_EXACT_R);
  const pOn = par.pOn, pOff = par.pOff, rh = par.rh;
  const pBars = [...Array.from({ length: 11 }, (_, i) => i / 10), pOff];
  const method = String(p.rateMethod);
  if (!RATE_METHODS.includes(method as never)) throw new RangeError(`rateMethod: expected one of ${RATE_METHODS.join(', ')}, got '${method}'`);
  // D = W a² with W from the chosen form of Eq. 9; the largest deviation from the closed form is reported.
  let worst = 0;
  const dOf = (x: number, pb: number): number => {
    const k = couplingsAt(x, pb, sample, conv);
    const closed = flipFlopRatePerD2(k);
    const w = method === 'closed' ? closed : method === 'parseval' ? flipFlopRateParsevalPerD2(k) : flipFlopRateConvolutionPerD2(k).perD2;
    worst = Math.max(worst, Math.abs(w / closed - 1));
    return k.d12 * k.d12 * w * sample.a * sample.a;
  };
  const series: Series[] = pBars.map((pb) => ({ name: `P=${fmtP(pb)}`, x: r, y: r.map((x) => dOf(x, pb)) }));
  series.push({ name: 'circles', x: [rh, rh], y: [dOf(rh, pOn), dOf(rh, pOff)] });
  const meta: Record<string, unknown> = { ...markers(p, sample, conv), rateMethod: method, maxRelDevFromClosedForm: worst };
  const scalars = { ratioAtRh: series[series.length - 1].y[0] / series[series.length - 1].y[1] };
  return {
    series, scalars, meta,
    xLabel: 'r (nm)', xDisplayScale: 1e9, yLabel: 'D (m²/s)',
    decorations: {
      bands: [{ x0: r[0], x1: meta.rValidity_m as number, label: 'Γ_c < |A_z|' }],
      rules: [{ x: meta.rMV_m as number, label: 'r_MV', color: '#000000' }, { x: rh, label: 'r_h', color: '#888888' }],
    },
    notes: [
      `D = W a², W from Eq. 9; conventions ${JSON.stringify(conv)}; Γ_c = ${1 / sample.tauC} s⁻¹`,
      `grey band: r < ${(meta.rValidity_m as number * 1e9).toFixed(3)} nm where Γ_c < |A_z,rms| (rad/s vs s⁻¹); the paper's 0.34 nm is A_z/2π (Hz, no angular factor) vs Γ_c (s⁻¹): ${((meta.rValidityPaperReading_m as number) * 1e9).toFixed(3)} nm`,
      `circles: D(r_h, ${pOn}) / D(r_h, ${pOff}) = ${scalars.ratioAtRh.toFixed(3)}`,
      `W by the ${method} form of Eq. 9; largest relative deviation from the closed form on this grid ${worst.toExponential(2)}`,
    ],
  };
}

function runFig3b(p: Record<string, unknown>): ModelResult {
  const par = readParameters(parameters, p);
  const { sample, conv } = readInputs(p);
  const r = mergedGrid(3e-10, 3e-9, par.points, FIG3_EXACT_R);
  const pb = par.pBar;
  const a2 = sample.a * sample.a;
  const make = (name: string, f: (k: ReturnType<typeof couplingsAt>) => number): Series => ({
    name, x: r, y: r.map((x) => { const k = couplingsAt(x, pb, sample, conv); return k.d12 * k.d12 * f(k) * a2; }),
  });
  const series = [
    make('exact', flipFlopRatePerD2),
    make('slow', (k) => slowLimitPerD2(k, 'corrected')),
    make('fast', (k) => fastLimitPerD2(k, 'corrected')),
    make('slow-printed', (k) => slowLimitPerD2(k, 'printed')),
    make('fast-printed', (k) => fastLimitPerD2(k, 'printed')),
  ];
  return {
    series, meta: { ...markers(p, sample, conv), pBar: pb }, xLabel: 'r (nm)', xDisplayScale: 1e9, yLabel: 'D (m²/s)',
    notes: [`P̄ = ${pb}; slow = Eq. 10 with √(1−P̄²), fast = Eq. 11 with Γ₂⋆ = Γ₂ + (1−P̄²)Δ²/Γ_c; *-printed: as printed (√(1−P̄), (1−P̄²)Δ²/Γ₂)`],
  };
}

function runClaim(p: Record<string, unknown>): ModelResult {
  const par = readParameters(parameters, p);
  const { sample, conv } = readInputs(p);
  const r = mergedGrid(4e-10, 2e-9, Math.max(2, par.points - 36), CLAIM_EXACT_R);
  const pOn = par.pOn, pOff = par.pOff, rh = par.rh;
  const ratio = (x: number, rate: 'eq9' | 'asymmetric'): number => diffusionCoefficient(x, pOn, sample, conv, rate) / diffusionCoefficient(x, pOff, sample, conv, rate);
  const table = conventionTable(rh, pOn, pOff, sample, conv);
  const series: Series[] = [
    { name: 'ratio-eq9', x: r, y: r.map((x) => ratio(x, 'eq9')) },
    { name: 'ratio-asymmetric', x: r, y: r.map((x) => ratio(x, 'asymmetric')) },
  ];
  return {
    series, xLabel: 'r (nm)', xDisplayScale: 1e9, yLabel: `D(r, ${pOn}) / D(r, ${pOff})`,
    scalars: { ratioAtRh_eq9: ratio(rh, 'eq9'), ratioAtRh_asymmetric: ratio(rh, 'asymmetric') },
    meta: { ratioAtRh: { eq9: ratio(rh, 'eq9'), asymmetric: ratio(rh, 'asymmetric'), paper: 17 }, conventionTable: table, ...markers(p, sample, conv) },
    decorations: { rules: [{ x: rh, label: 'r_h', color: '#888888' }] },
    notes: table.map((t) => `${t.label}: eq9 ${t.eq9.toFixed(2)}, asymmetric ${t.asymmetric.toFixed(2)}`),
  };
}

function runSpectra(p: Record<string, unknown>): ModelResult {
  const par = readParameters(parameters, p);
  const { sample, conv } = readInputs(p);
  const rh = par.rh;
  const series: Series[] = [];
  for (const [name, pb] of [['pOn', par.pOn], ['pOff', par.pOff]] as const) {
    if (!(Math.abs(pb) < 1)) throw new RangeError(`${name}: F(ω) is a δ-function at |P̄| = 1; the spectra mode needs |P̄| < 1, got ${pb}`);
    const k = couplingsAt(rh, pb, sample, conv);
    const span = 3 * Math.max(Math.abs(k.delta), k.gammaC);
    // sinh-graded grid: spacing near ω = 0 resolves the narrowest feature (Γ₂ or the motional-narrowed (1−P̄²)Δ²/Γ_c).
    const narrow = Math.min(k.gamma2, ((1 - pb * pb) * k.delta * k.delta) / k.gammaC);
    const alpha = Math.asinh(span / (narrow / 20) / 400);
    const w = Array.from({ length: 801 }, (_, i) => (span * Math.sinh(alpha * ((i - 400) / 400))) / Math.sinh(alpha));
    const F = w.map((x) => driveSpectrum(x, k));
    const S = w.map((x) => excitationSpectrum(x, k.delta * k.pBar, k.gamma2));
    series.push({ name: `F P=${pb}`, x: w, y: F }, { name: `S P=${pb}`, x: w, y: S }, { name: `S·F·Γ_c P=${pb}`, x: w, y: F.map((f, i) => f * S[i] * k.gammaC) });
  }
  return {
    series, xLabel: 'ω/2π (MHz)', xDisplayScale: 1 / (2 * Math.PI * 1e6), yLabel: 'spectral density (s)',
    notes: ['x data in rad/s (SI angular frequency), displayed as ω/2π in MHz; S·F is scaled by Γ_c to share the axis (units s)'],
  };
}

/** Seed 002: electron-polarization-driven nuclear spin diffusion. */
export const spinDiffusionModel: ModelDefinition = {
  id: 'spin-diffusion',
  title: 'Electron-polarization-driven nuclear spin diffusion',
  seed: '002',
  description: 'Flip-flop rate W of two protons near an electron whose polarization fluctuates (Chessari et al., PRB 107, 224429): Eq. 9 (closed form, adaptive convolution, Parseval), the slow/fast limits, D(r) = W a², an SLE and Monte Carlo check with telegraph noise, the 17× claim and a radial spin-diffusion prediction of the HypRes experiment.',
  parameters,
  observables: ['D(r) (m²/s)', 'W/D₁₂² (s)', 'D ratio', 'polarization'],
  async run(params, context) {
    const mode = String(params.mode);
    switch (mode) {
      case 'fig3a': return runFig3a(params);
      case 'fig3b': return runFig3b(params);
      case 'telegraph': return runTelegraph(params, context);
      case 'claim17': return runClaim(params);
      case 'spectra': return runSpectra(params);
      case 'hypres': return runHypres(params, readInputs(params), context);
      default: throw new RangeError(`mode: expected one of ${SPIN_DIFFUSION_MODES.join(', ')}, got '${mode}'`);
    }
  },
  validate(params) {
    const mode = String(params.mode);
    if (!(SPIN_DIFFUSION_MODES as readonly string[]).includes(mode)) throw new RangeError(`mode: expected one of ${SPIN_DIFFUSION_MODES.join(', ')}, got '${mode}'`);
    readInputs(params);
  },
  memoryEstimate: () => 64e6,
  items: telegraphItems,
};

