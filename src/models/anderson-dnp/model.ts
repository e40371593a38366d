/**
 * Registry entry `anderson-dnp` (seed 001, Rodríguez-Arias, Müller, Rosso,
 * De Luca, PRB 98, 224202 (2018)): the free-fermion (3D Anderson) model of
 * DNP. One parameter point = one disorder average over `realizations`
 * lattices, by dense diagonalization (`method: exact`) or the kernel
 * polynomial method (`method: kpm`).
 *
 * Scenario units: every frequency in Hz ("108 MHz"); the paper's numbers are
 * angular ("108 (2π MHz)"), so the model multiplies by 2π. Outputs: x in Hz
 * ((ε − ω_e)/2π), densities per Hz, rates relative to the leakage term.
 */
import { availableThreads, runChunks, type Chunk, type ChunkJob } from '../../util/parallel.js';
import type { ModelDefinition, ModelResult, ParameterSpec, PointItems, RunContext, Series } from '../types.js';
import { blochBias, inverseTemperature } from './bloch.js';
import { averageRealizations, computeRealization } from './ensemble-core.js';
import { kpmResolution, KPM_MARGIN } from './kpm.js';
import { checkLatticeSize, type Boundary } from './lattice.js';
import { dosBins, driveOf, type RealizationResult } from './realization.js';
import { megahertzLabel, type AndersonDnpSettings, type EvaluationPoint } from './settings.js';
import { AbortError } from '../../util/errors.js';
import { readParameters } from '../parameters.js';
import { checkPositive } from '../../util/checks.js';

const TWO_PI = 2 * Math.PI;

/** The critical disorder w_c/t = 16.536 of the 3D Anderson model with box disorder (the paper's ref. 32). */
export const CRITICAL_RATIO = 16.536;

/** Table I of the paper (frequencies as Hz = angular/2π), w = 108 MHz, t = 6.5 MHz. */
const parameters = [
  { name: 'L', kind: 'integer', default: 8, min: 1, max: 64, description: 'Linear lattice size; N_e = L³ sites (electron spins).' },
  { name: 'boundary', kind: 'string', default: 'periodic', choices: ['periodic', 'open'], description: 'Lattice boundary (periodic needs L ≥ 3; w_c/t = 16.536 is a periodic-boundary result).' },
  { name: 'w', kind: 'frequency', default: 108e6, min: 0, description: 'Disorder width w/2π: Δ_i uniform on [−w/2, w/2] (Hz).' },
  { name: 't', kind: 'frequency', default: 6.5e6, min: 0, symbol: 't/2π', description: 'Nearest-neighbour hopping t/2π (Hz).' },
  { name: 'omegaE', kind: 'frequency', default: 93.9e9, min: 0, description: 'Centre of the electron band ω_e/2π (Hz), Table I.' },
  { name: 'omegaMW', kind: 'frequency', default: 93.86e9, min: 0, description: 'Microwave frequency ω_MW/2π (Hz), Table I.' },
  { name: 'omega1', kind: 'frequency', default: 25e3, min: 0, description: 'Microwave amplitude ω₁/2π (Hz), Table I.' },
  { name: 'T1e', kind: 'time', default: 1, min: 0, description: 'Electron relaxation time T1e (s).' },
  { name: 'T2e', kind: 'time', default: 1e-6, min: 0, description: 'Electron coherence time T2e (s).' },
  { name: 'T1n', kind: 'time', default: 1e4, min: 0, description: 'Nuclear relaxation time T1n (s).' },
  { name: 'T2n', kind: 'time', default: 1e-5, min: 0, description: 'Nuclear coherence time T2n (s).' },
  { name: 'omegaN', kind: 'frequency', default: 20e6, min: 0, description: 'Nuclear Zeeman frequency ω_n/2π (Hz).' },
  { name: 'A0', kind: 'frequency', default: 4.47e3, min: 0, description: 'Hyperfine coupling A0/2π of the core nuclei (Hz).' },
  { name: 'temperature', kind: 'temperature', default: 1.2, min: 0, symbol: 'T', description: 'Bath temperature β⁻¹ (K).' },
  { name: 'NnOverNe', kind: 'number', default: 1000, min: 0, description: 'Leaking nuclei per electron N_n/N_e (the paper\'s ref. 36: 10³).' },
  { name: 'realizations', kind: 'integer', default: 10, min: 1, max: 1000000, description: 'Disorder realizations averaged.' },
  { name: 'method', kind: 'string', default: 'exact', choices: ['exact', 'kpm'], description: 'exact: dense diagonalization; kpm: kernel polynomial method (no diagonalization, scales to L ≥ 30).' },
  { name: 'moments', kind: 'integer', default: 256, min: 16, max: 65536, description: 'KPM: Chebyshev moments M (resolution σ ≈ π·a/M, a ≈ 1.02(w/2 + 6t)).' },
  { name: 'sites', kind: 'integer', default: 256, min: 1, description: 'KPM: sites sampled per realization for the correlator (≥ N: every site).' },
  { name: 'goe', kind: 'string', default: 'eq23', choices: ['eq23', 'sampled'], description: 'GOE comparison: eq23 (𝒦 = ρρ, W → 1/N on the same levels) or sampled (GOE eigenvectors on the sorted Anderson levels; exact route only).' },
  { name: 'dosBin', kind: 'frequency', default: 2e6, min: 0, description: 'DOS histogram bin (Hz).' },
  { name: 'cOmegas', kind: 'numbers', default: [1e6, 5e6, 20e6], min: 0, description: 'Frequencies ω/2π (Hz) at which C(ω) of Eq. 30 is reported.' },
  { name: 'cHalfWindow', kind: 'frequency', default: 0.25e6, min: 0, description: 'Exact route: half width h/2π (Hz) of the level-pair window for C(ω).' },
  { name: 'omegaMWs', kind: 'numbers', default: [], min: 0, description: 'Extra microwave frequencies (Hz) evaluated on the same realizations: scalars Pn(dMW=<ω_MW − ω_e in MHz>MHz), …' },
  { name: 'omegaNs', kind: 'numbers', default: [], min: 0, description: 'Extra nuclear Zeeman frequencies (Hz) evaluated on the same realizations: scalars Pn(wn=<MHz>MHz), …' },
  { name: 'series', kind: 'string', default: 'dos', choices: ['dos', 'integrand'], description: 'Series returned: dos (density of states) or integrand (Eq. 24: P_B(ε) − P_B(ε + ω_n) and ρ(ε)ρ(ε + ω_n) scaled to max 1).' },
  { name: 'seed', kind: 'integer', default: null, description: 'Seed of the disorder streams (default: the scenario seed).' },
] as const satisfies readonly ParameterSpec[];




/** Resolve scenario parameters (Hz, SI) into the angular settings of the computation. */
export function resolveSettings(params: Record<string, unknown>, contextSeed = 1): AndersonDnpSettings {
  const par = readParameters(parameters, params);
  const L = par.L;
  const boundary = (params.boundary ?? 'periodic') as Boundary;
  if (boundary !== 'periodic' && boundary !== 'open') throw new RangeError(`boundary: expected periodic or open, got ${String(boundary)}`);
  checkLatticeSize(L, boundary);
  const method = params.method as 'exact' | 'kpm';
  if (method !== 'exact' && method !== 'kpm') throw new RangeError(`method: expected exact or kpm, got ${String(method)}`);
  const goe = (params.goe ?? 'eq23') as 'eq23' | 'sampled';
  if (goe !== 'eq23' && goe !== 'sampled') throw new RangeError(`goe: expected eq23 or sampled, got ${String(goe)}`);
  if (goe === 'sampled' && method !== 'exact') throw new RangeError('goe: "sampled" needs method: exact (GOE eigenvectors need a dense diagonalization)');
  const realizations = par.realizations;
  if (!Number.isInteger(realizations) || realizations < 1) throw new RangeError(`realizations: expected a positive integer, got ${realizations}`);
  const moments = par.moments;
  if (!Number.isInteger(moments) || moments < 16) throw new RangeError(`moments: expected an integer ≥ 16, got ${moments}`);
  const sites = par.sites;
  if (!Number.isInteger(sites) || sites < 1) throw new RangeError(`sites: expected a positive integer, got ${sites}`);
  const w = par.w * TWO_PI, t = par.t * TWO_PI;
  if (w < 0 || t < 0) throw new RangeError(`${w < 0 ? 'w' : 't'}: must be ≥ 0`);
  if (!(w + t > 0)) throw new RangeError('w, t: at least one of disorder and hopping must be > 0');
  const omegaE = checkPositive(par.omegaE, 'omegaE') * TWO_PI;
  const omegaMW = par.omegaMW * TWO_PI;
  const omegaN = checkPositive(par.omegaN, 'omegaN') * TWO_PI;
  const cHz = par.cOmegas;
  const cHalfWindow = checkPositive(par.cHalfWindow, 'cHalfWindow') * TWO_PI;
  cHz.forEach((f, i) => { if (!(f > 0)) throw new RangeError(`cOmegas[${i}]: must be > 0, got ${f}`); });
  const points: EvaluationPoint[] = [{ suffix: '', omegaMW, omegaN }];
  for (const [i, f] of par.omegaMWs.entries()) {
    if (!(f > 0)) throw new RangeError(`omegaMWs[${i}]: must be > 0, got ${f}`);
    points.push({ suffix: `(dMW=${megahertzLabel(f - omegaE / TWO_PI)}MHz)`, omegaMW: f * TWO_PI, omegaN });
  }
  for (const [i, f] of par.omegaNs.entries()) {
    if (!(f > 0)) throw new RangeError(`omegaNs[${i}]: must be > 0, got ${f}`);
    points.push({ suffix: `(wn=${megahertzLabel(f)}MHz)`, omegaMW, omegaN: f * TWO_PI });
  }
  const seed = par.seed ?? contextSeed;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed: expected an integer, got ${seed}`);
  return {
    L, boundary, w, t, omegaE, omega1: par.omega1 * TWO_PI,
    T1e: checkPositive(par.T1e, 'T1e'), T2e: checkPositive(par.T2e, 'T2e'), T1n: checkPositive(par.T1n, 'T1n'), T2n: checkPositive(par.T2n, 'T2n'),
    A0: checkPositive(par.A0, 'A0') * TWO_PI, beta: inverseTemperature(par.temperature), NnOverNe: checkPositive(par.NnOverNe, 'NnOverNe'),
    realizations, method, moments, sites, goe, dosBin: checkPositive(par.dosBin, 'dosBin'),
    cOmegas: cHz.map((f) => f * TWO_PI), cLabels: cHz.map(megahertzLabel), cHalfWindow, seed, points,
  };
}

/** Realization chunks as a job of the parallel runner (kind 'anderson-realizations'). */
export const realizationJob: ChunkJob<AndersonDnpSettings, AndersonDnpSettings, Chunk, RealizationResult[]> = {
  kind: 'anderson-realizations',
  prepare: (settings) => settings,
  run: (settings, c) => Array.from({ length: c.count }, (_, i) => computeRealization(settings, c.first + i)),
};

/**
 * Compute realizations `indices` (default 0 … R−1) of `settings`, in that
 * order, one per chunk, over `workers` threads when more than one (each
 * realization depends only on (seed, index)).
 */
export async function runRealizations(
  settings: AndersonDnpSettings, context: Pick<RunContext, 'workers' | 'signal' | 'progress'>,
  indices: readonly number[] = Array.from({ length: settings.realizations }, (_, r) => r),
): Promise<RealizationResult[]> {
  for (const r of indices) if (!Number.isInteger(r) || r < 0 || r >= settings.realizations) throw new RangeError(`anderson-dnp: no realization ${r} (of ${settings.realizations})`);
  const chunks: Chunk[] = indices.map((r, i) => ({ index: i, first: r, count: 1 }));
  const R = chunks.length, progress = context.progress;
  const out = await runChunks(realizationJob, settings, chunks, {
    workers: Math.max(1, Math.min(context.workers || 1, R)),
    ...(context.signal ? { signal: context.signal } : {}),
    ...(progress ? { progress: (f: number) => progress(f, `${Math.round(f * R)} of ${R} realizations`) } : {}),
  });
  return out.flat();
}

/** Linear interpolation of y(x) on an ascending uniform grid (0 outside). */
function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  const step = xs[1] - xs[0];
  const u = (x - xs[0]) / step;
  const k = Math.floor(u);
  if (k < 0 || k >= xs.length - 1) return k === xs.length - 1 && u === k ? ys[k] : 0;
  return ys[k] + (u - k) * (ys[k + 1] - ys[k]);
}

/**
 * Work items of a point: its realizations (each drawn from the scenario
 * seed's stream jumped r times), so that a disorder average can be split over
 * machines; `run` is `assemble(compute(every realization))`.
 */
export const andersonDnpItems: PointItems = {
  async count(params) {
    const R = resolveSettings(params).realizations;
    return R > 1 ? R : null;
  },
  async compute(params, indices, context) {
    return runRealizations(resolveSettings(params, context.seed), context, indices);
  },
  async assemble(params, parts, context) {
    return pointResult(params, resolveSettings(params, context.seed), parts as RealizationResult[]);
  },
};

async function run(params: Record<string, unknown>, context: RunContext): Promise<ModelResult> {
  const start = performance.now();
  const settings = resolveSettings(params, context.seed);
  const results = await runRealizations(settings, { workers: context.workers, ...(context.signal ? { signal: context.signal } : {}), ...(context.progress ? { progress: context.progress } : {}) });
  const r = pointResult(params, settings, results);
  return { ...r, stats: { ...r.stats, wallTimeMs: performance.now() - start } };
}

/** The point's result (disorder averages, DOS or integrand series, notes) from its realizations. */
function pointResult(params: Record<string, unknown>, settings: AndersonDnpSettings, results: readonly RealizationResult[]): ModelResult {
  if (results.length !== settings.realizations) throw new RangeError(`anderson-dnp: expected ${settings.realizations} realizations, got ${results.length}`);
  const avg = averageRealizations(settings, results);
  const { centres } = dosBins(settings);
  const series: Series[] = [];
  const wantIntegrand = params.series === 'integrand';
  if (!wantIntegrand) {
    series.push({ name: 'dos', x: centres, y: avg.dos.mean, yErr: avg.dos.sem });
  } else {
    const main = settings.points[0];
    const drive = driveOf(settings, main.omegaMW);
    const shiftHz = main.omegaN / TWO_PI;
    series.push({
      name: 'bias-difference', x: centres,
      y: centres.map((c) => blochBias(settings.omegaE + TWO_PI * c, drive) - blochBias(settings.omegaE + TWO_PI * c + main.omegaN, drive)),
    });
    const rr = centres.map((c, k) => avg.dos.mean[k] * interpolate(centres, avg.dos.mean, c + shiftHz));
    const max = Math.max(...rr);
    series.push({ name: 'rho-rho', x: centres, y: rr.map((v) => (max > 0 ? v / max : 0)) });
  }
  const N = settings.L ** 3;
  const notes: string[] = [];
  if (settings.method === 'kpm') {
    const scale = (settings.w / 2 + 6 * settings.t) * (1 + KPM_MARGIN);
    notes.push(`KPM: ${settings.moments} Chebyshev moments (Jackson kernel, resolution σ/2π ≈ ${(kpmResolution(scale, settings.moments) / TWO_PI / 1e6).toPrecision(3)} MHz at the nominal bound), ${Math.min(settings.sites, N)} of ${N} sites sampled per realization; the T2n Lorentzian integrated as (π/T2n)δ.`);
  } else {
    notes.push(`Exact diagonalization of ${N}×${N} per realization; C(ω) from level pairs in [ω − h, ω + h), h/2π = ${settings.cHalfWindow / TWO_PI / 1e6} MHz.`);
  }
  notes.push(`Disorder average over ${settings.realizations} realizations (seed ${settings.seed}); errors are standard errors (C: jackknife of the pooled ratio). Sign of Eqs. 22/24/C7 taken from Eq. 19 (see docs/reproduction.md).`);
  return {
    series,
    scalars: avg.scalars,
    scalarErrors: avg.errors,
    scalarStatistics: avg.statistics,
    xLabel: '(ε − ω_e)/2π (MHz)',
    yLabel: wantIntegrand ? 'integrand factors (normalized)' : 'density of states ρ (1/Hz)',
    xDisplayScale: 1e-6,
    notes,
    stats: { method: settings.method, L: settings.L, N, realizations: settings.realizations },
  };
}

export const andersonDnpModel: ModelDefinition = {
  id: 'anderson-dnp',
  title: 'Free-fermion (3D Anderson) model of DNP',
  seed: '001',
  description: 'Seed 001 (Rodríguez-Arias et al., PRB 98, 224202): electrons as free fermions on an L³ Anderson lattice (Eq. 7), driven to the Bloch bias (Eq. 11); stationary nuclear polarization (Eqs. 19–20, 22, 24, C7), GOE comparison (Eq. 23), DOS, IPR (Eq. 27) and C(ω) (Eq. 30), disorder-averaged by dense diagonalization or the kernel polynomial method.',
  parameters,
  observables: ['dos'],
  validate(params: Record<string, unknown>): void {
    resolveSettings(params);
  },
  memoryEstimate(params: Record<string, unknown>): number {
    const L = typeof params.L === 'number' ? params.L : 8;
    const N = L ** 3;
    const workers = availableThreads();
    if (params.method === 'kpm') {
      const M = typeof params.moments === 'number' ? params.moments : 256;
      const S = Math.min(N, typeof params.sites === 'number' ? params.sites : 256);
      const G = 10 * M;
      return workers * 8 * (3 * N * 16 + S * M + 6 * G * (M + S)) + 64e6;
    }
    return workers * 8 * 12 * N * N + 64e6;
  },
  run,
  items: andersonDnpItems,
};
