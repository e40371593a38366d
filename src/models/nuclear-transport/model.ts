/**
 * `nuclearTransportModel`: the effective nuclear-spin model of seed 000 as a
 * runner `ModelDefinition` — one-way bonds, coherent bonds, detunings and
 * relaxation on chains, rings, the Fig. 5b tree or an edge list; three solvers
 * (Lindblad, rate equation, kinetic Monte Carlo) chosen automatically or by
 * name; three analyses (time evolution, chain steady profiles vs χ = j/N,
 * ring persistent current vs N).
 */
import { ProblemError } from '../../util/errors.js';
import { gammaEffective } from '../dressed-chain/analytics.js';
import type { ModelDefinition, ModelResult, ParameterSpec, PointItems, RunContext, Series } from '../types.js';
import { readParameters } from '../parameters.js';
import { domainWallPolarizations, ringStationary, upCountDistribution } from './closed-forms.js';
import { MAX_CONFIGURATION_SITES, parseInitial } from './configurations.js';
import { chainGraph, graphFromEdges, isClassical, pairLabel, ringGraph, treeGraph, type CoherentBond, type DirectedBond, type NuclearGraph } from './graph.js';
import { combineKmcChunks, KMC_CHUNK_SIZE, planKmc, runKmcChunks, type KmcOptions, type KmcPlan, type KmcResult } from './kmc.js';
import type { KmcSums } from './kmc-core.js';
import { computeItems, partsByEnsemble } from '../ensemble-items.js';
import { lindbladTransport } from './lindblad.js';
import type { TransportResult, VoltagePair } from './observables.js';
import { MAX_LINDBLAD_SITES } from './operators.js';
import { rateEquationLimit, rateEquationTransport } from './rate-equation.js';

/** Largest N the rate equation is chosen for automatically. */
export const AUTO_RATE_LIMIT = 16;
/** Largest N for which KMC dynamics returns one series per site. */
export const PER_SITE_SERIES_LIMIT = 32;

const parameters = [
  { name: 'topology', kind: 'string', default: 'chain', choices: ['chain', 'ring', 'tree', 'graph'], description: 'chain (Eq. 11), ring (Sec. IV), tree (Fig. 5b) or graph (edge list in `edges`)' },
  { name: 'sites', kind: 'integer', default: 4, min: 1, max: 1e7, description: 'number of nuclei N (chain, ring)' },
  { name: 'gammaE', kind: 'rate', default: 100, min: 0, description: 'electron spin-lattice relaxation rate Γ_e (s⁻¹; the paper\'s 0.1 kHz is a rate, 100 s⁻¹)' },
  { name: 'gammaVariant', kind: 'string', default: 'chain', choices: ['chain', 'pair'], description: 'Γ_eff = |ln(7/8)|Γ_e (Eq. B.6, chains/rings) or |ln(3/4)|Γ_e (Eq. B.7, pair)' },
  { name: 'gammaEff', kind: 'rate', default: 0, min: 0, description: 'one-way bond rate Γ_eff (s⁻¹); 0 = from Γ_e by Eqs. B.6/B.7' },
  { name: 'coupling', kind: 'frequency', default: 547, description: 'coherent bond J_b (Hz) of the tree\'s dashed bonds (Fig. 5b); H = 2πJ(I⁺I⁻ + h.c.)' },
  { name: 'chainCoupling', kind: 'frequency', default: 0, description: 'coherent coupling J (Hz) added on every chain/ring bond (Eq. 2); makes the dynamics non-diagonal' },
  { name: 'treeCrown', kind: 'integer', default: 5, min: 1, max: 10, description: 'nuclei in the tree top (Fig. 5b; hub = the paper\'s nucleus 5)' },
  { name: 'treeRoots', kind: 'integer', default: 5, min: 1, max: 10, description: 'nuclei in the roots (hub = the paper\'s nucleus 6)' },
  { name: 'edges', kind: 'json', default: null, description: 'for topology "graph": {"sites": N, "directed": [[from, to, rate?], …], "coherent": [[a, b, J?], …]}, sites 1-based; rate defaults to Γ_eff, J to `coupling`' },
  { name: 'detunings', kind: 'numbers', default: [], description: 'per-site detunings δ_j (Hz): H += 2πδ_j I_j^z (Eq. 2 has +δ_eff, −δ_eff)' },
  { name: 'relaxation', kind: 'rate', default: 0, min: 0, description: 'nuclear relaxation rate Γ₁ (s⁻¹): P_j → 0 at rate Γ₁' },
  { name: 'initial', kind: 'string', default: 'unpolarized', description: "initial nuclear state: 'unpolarized', 'first-up' (|↑↓…↓⟩), 'first-up-rest-unpolarized', 'up', 'down', or a pattern of u/d/0 per site" },
  { name: 'initialPolarizations', kind: 'numbers', default: [], description: 'initial site polarizations p_j ∈ [−1, 1] (overrides `initial` when given)' },
  { name: 'solver', kind: 'string', default: 'auto', choices: ['auto', 'lindblad', 'rate', 'kmc', 'closed-form'], description: 'auto: rate equation for classical graphs up to N = 16, KMC beyond (chains, rings), Lindblad with coherent bonds' },
  { name: 'analysis', kind: 'string', default: 'dynamics', choices: ['dynamics', 'steady-profile', 'ring-current-vs-n'], description: 'time evolution; chain steady profiles P vs χ = j/N for each N in `sizes` (Fig. 5a); ring persistent current vs N (Fig. 6d)' },
  { name: 'sizes', kind: 'numbers', default: [10, 100, 1000], description: 'N values for the steady-profile and ring-current analyses' },
  { name: 'outputs', kind: 'string', default: 'P,K,V', description: 'series groups to return: P (P_j and Pc), K (bond currents), V (voltages)' },
  { name: 'tMax', kind: 'time', default: 1, min: 0, description: 'end of the time evolution (s)' },
  { name: 'points', kind: 'integer', default: 101, min: 2, max: 100000, description: 'output times (uniform grid from 0 to tMax)' },
  { name: 'realizations', kind: 'integer', default: 200, min: 1, description: 'KMC realizations' },
  { name: 'bins', kind: 'integer', default: 0, min: 0, description: 'KMC site bins for profiles (0 = automatic)' },
  { name: 'seriesSuffix', kind: 'string', default: '', description: "appended to series names, e.g. ' eff' when overlaid with the full model" },
] as const satisfies readonly ParameterSpec[];


/** Γ_eff from the parameters: `gammaEff` if > 0, else Eqs. B.6/B.7 from Γ_e. */
export function resolveGammaEff(params: Record<string, unknown>): number {
  const par = readParameters(parameters, params);
  const given = par.gammaEff;
  if (given > 0) return given;
  const variant = par.gammaVariant;
  if (variant !== 'chain' && variant !== 'pair') throw new RangeError(`gammaVariant: expected 'chain' or 'pair', got '${variant}'`);
  return gammaEffective(par.gammaE, variant);
}

/** Build the graph described by the parameters (sites 0-based). */
export function graphFromParams(params: Record<string, unknown>, sitesOverride?: number): NuclearGraph {
  const par = readParameters(parameters, params);
  const topology = par.topology;
  const gamma = resolveGammaEff(params);
  const relaxation = par.relaxation;
  const n = sitesOverride ?? par.sites;
  let g: NuclearGraph;
  if (topology === 'chain' || topology === 'ring') {
    g = topology === 'chain' ? chainGraph(n, gamma, relaxation) : ringGraph(n, gamma, relaxation);
    const jc = par.chainCoupling;
    if (jc !== 0) g.coherent = g.directed.map((b): CoherentBond => ({ a: b.from, b: b.to, coupling: jc }));
  } else if (topology === 'tree') {
    g = treeGraph({ coupling: par.coupling, rate: gamma, crown: par.treeCrown, roots: par.treeRoots, relaxation });
  } else if (topology === 'graph') {
    const e = params.edges as { sites?: unknown; directed?: unknown; coherent?: unknown } | null;
    if (!e || typeof e !== 'object') throw new RangeError('edges: topology "graph" needs {"sites": N, "directed": [...], "coherent": [...]}');
    const sites = e.sites;
    if (typeof sites !== 'number' || !Number.isInteger(sites) || sites < 1) throw new RangeError('edges.sites: expected a positive integer');
    const list = (v: unknown, what: string): number[][] => {
      if (v === undefined) return [];
      if (!Array.isArray(v) || v.some((x) => !Array.isArray(x) || x.length < 2 || x.length > 3 || x.some((y) => typeof y !== 'number'))) {
        throw new RangeError(`edges.${what}: expected an array of [i, j] or [i, j, value]`);
      }
      return v as number[][];
    };
    const directed = list(e.directed, 'directed').map(([i, j, r]): DirectedBond => ({ from: i - 1, to: j - 1, rate: r ?? gamma }));
    const coherent = list(e.coherent, 'coherent').map(([i, j, c]): CoherentBond => ({ a: i - 1, b: j - 1, coupling: c ?? par.coupling }));
    g = graphFromEdges(sites, directed, coherent, [], relaxation);
  } else {
    throw new RangeError(`topology: expected chain, ring, tree or graph, got '${topology}'`);
  }
  const det = par.detunings;
  if (det.length) g.detunings = det.slice();
  return g;
}

function initialFromParams(params: Record<string, unknown>, sites: number): number[] {
  const par = readParameters(parameters, params);
  const given = par.initialPolarizations;
  if (given.length) {
    if (given.length !== sites) throw new RangeError(`initialPolarizations: expected ${sites} values, got ${given.length}`);
    return given;
  }
  return parseInitial(par.initial, sites);
}

function timeGrid(params: Record<string, unknown>): number[] {
  const par = readParameters(parameters, params);
  const tMax = par.tMax, points = par.points;
  if (!(tMax > 0)) throw new RangeError(`tMax: expected a time > 0, got ${tMax}`);
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`points: expected an integer ≥ 2, got ${points}`);
  return Array.from({ length: points }, (_, k) => (tMax * k) / (points - 1));
}

function chooseSolver(params: Record<string, unknown>, g: NuclearGraph): 'lindblad' | 'rate' | 'kmc' {
  const par = readParameters(parameters, params);
  const s = par.solver;
  const classical = isClassical(g);
  const kmcOk = (g.topology === 'chain' || g.topology === 'ring') && classical && g.detunings.every((d) => d === 0) && g.sites >= 2;
  if (s === 'lindblad') {
    if (g.sites > MAX_LINDBLAD_SITES) throw new RangeError(`solver: Lindblad needs N ≤ ${MAX_LINDBLAD_SITES}, got ${g.sites}`);
    return 'lindblad';
  }
  if (s === 'rate') {
    if (!classical) throw new RangeError('solver: the rate equation needs a graph without coherent bonds');
    if (g.sites > MAX_CONFIGURATION_SITES) throw new RangeError(`solver: the rate equation needs N ≤ ${MAX_CONFIGURATION_SITES}`);
    return 'rate';
  }
  if (s === 'kmc') {
    if (!kmcOk) throw new RangeError('solver: KMC supports chains and rings with one-way bonds only (no coherent bonds)');
    return 'kmc';
  }
  if (s === 'auto') {
    if (!classical) {
      if (g.sites > MAX_LINDBLAD_SITES) throw new RangeError(`sites: coherent bonds need the Lindblad solver, N ≤ ${MAX_LINDBLAD_SITES}`);
      return 'lindblad';
    }
    if (g.sites <= AUTO_RATE_LIMIT) return 'rate';
    if (kmcOk) return 'kmc';
    if (g.sites <= MAX_CONFIGURATION_SITES) return 'rate';
    throw new RangeError(`sites: N = ${g.sites} is beyond the rate equation and KMC supports chains/rings only`);
  }
  throw new RangeError(`solver: '${s}' is not available for the dynamics analysis`);
}

function wants(params: Record<string, unknown>): { P: boolean; K: boolean; V: boolean } {
  const par = readParameters(parameters, params);
  const groups = par.outputs.split(',').map((x) => x.trim());
  return { P: groups.includes('P'), K: groups.includes('K'), V: groups.includes('V') };
}

function extraVoltages(g: NuclearGraph): VoltagePair[] {
  return g.topology === 'chain' && g.sites >= 2 ? [{ i: g.sites - 1, j: 0 }] : [];
}

function transportSeries(r: TransportResult, params: Record<string, unknown>, suffix: string): Series[] {
  const x = Array.from(r.times);
  const w = wants(params);
  const out: Series[] = [];
  if (w.P) {
    r.polarization.forEach((p, j) => out.push({ name: `P${j + 1}${suffix}`, x, y: Array.from(p) }));
    out.push({ name: `Pc${suffix}`, x, y: Array.from(r.netPolarization) });
  }
  if (w.K) for (const c of r.currents) out.push({ name: `${pairLabel('K', c.channel.from + 1, c.channel.to + 1)}${c.channel.kind === 'coherent' ? ' coh' : ''}${suffix}`, x, y: Array.from(c.values) });
  if (w.V) for (const v of r.voltages) out.push({ name: `${pairLabel('V', v.pair.i + 1, v.pair.j + 1)}${suffix}`, x, y: Array.from(v.values) });
  return out;
}

function kmcSeries(r: KmcResult, g: NuclearGraph, params: Record<string, unknown>, suffix: string): Series[] {
  const x = Array.from(r.times);
  const w = wants(params);
  const out: Series[] = [];
  const perSite = g.sites <= PER_SITE_SERIES_LIMIT && r.bins === g.sites;
  const mid = x.map((t, k) => (k === 0 ? t / 2 : (t + x[k - 1]) / 2));
  const nBonds = g.topology === 'ring' ? g.sites : g.sites - 1;
  if (perSite) {
    if (w.P) r.polarization.forEach((p, j) => out.push({ name: `P${j + 1}${suffix}`, x, y: Array.from(p.mean), yErr: Array.from(p.stdErr) }));
    if (w.K) for (let b = 0; b < nBonds; b++) {
      const h = r.hopCurrent[b];
      out.push({ name: `${pairLabel('K', b + 1, ((b + 1) % g.sites) + 1)}${suffix}`, x: mid.slice(1), y: Array.from(h.mean.subarray(1)), yErr: Array.from(h.stdErr.subarray(1)) });
    }
    if (w.V) for (let b = 0; b < nBonds; b++) out.push({ name: `${pairLabel('V', b + 1, ((b + 1) % g.sites) + 1)}${suffix}`, x, y: Array.from(r.voltage[b].mean), yErr: Array.from(r.voltage[b].stdErr) });
  } else if (w.P) {
    const k = x.length - 1;
    out.push({
      name: `P(χ) at t = ${x[k]} s${suffix}`,
      x: Array.from(r.binStart, (s, b) => (s + r.binSize[b] / 2 + 0.5) / g.sites),
      y: r.polarization.map((p) => p.mean[k]), yErr: r.polarization.map((p) => p.stdErr[k]),
    });
  }
  if (w.P) out.push({ name: `Pc${suffix}`, x, y: Array.from(r.netPolarization.mean), yErr: Array.from(r.netPolarization.stdErr) });
  if (w.V && g.topology === 'chain') out.push({ name: `${pairLabel('V', g.sites, 1)}${suffix}`, x, y: Array.from(r.endVoltage.mean), yErr: Array.from(r.endVoltage.stdErr) });
  return out;
}

/** A point's analysis given the results of its KMC ensembles (in the order of `kmcEnsembles`). */
async function runDynamics(params: Record<string, unknown>, kmc: readonly KmcResult[]): Promise<ModelResult> {
  const par = readParameters(parameters, params);
  const g = graphFromParams(params);
  const initial = initialFromParams(params, g.sites);
  const times = timeGrid(params);
  const solver = chooseSolver(params, g);
  const suffix = par.seriesSuffix;
  const notes: string[] = [];
  const scalars: Record<string, number> = {};
  const gamma = resolveGammaEff(params);
  scalars.gammaEff = gamma;
  let series: Series[];
  let stats: Record<string, unknown>;
  let pc: ArrayLike<number>;
  if (solver === 'kmc') {
    const r = kmc[0];
    series = kmcSeries(r, g, params, suffix);
    stats = { ...r.stats, realizations: r.realizations, bins: r.bins };
    pc = r.netPolarization.mean;
    notes.push(`KMC: ${r.realizations} realizations, ${r.stats.events} hop events (rate and workers: report statistics); currents K are hop counts per bond per unit time over each output interval, plotted at interval midpoints`);
  } else {
    const r = solver === 'lindblad'
      ? lindbladTransport(g, { times, initial, extraVoltages: extraVoltages(g) })
      : rateEquationTransport(g, { times, initial, extraVoltages: extraVoltages(g) });
    series = transportSeries(r, params, suffix);
    stats = r.stats;
    pc = r.netPolarization;
    if (solver === 'lindblad') notes.push(`Lindblad (mesolve): ${String(r.stats.blocks)} invariant blocks found from the operators' sparsity, reduced dimension ${String(r.stats.reducedDimension)} of ${String(r.stats.fullDimension)}`);
  }
  let drift = 0;
  for (let k = 0; k < pc.length; k++) drift = Math.max(drift, Math.abs(pc[k] - pc[0]));
  scalars.netPolarizationDrift = drift;
  scalars.finalNetPolarization = pc[pc.length - 1];
  if (g.topology === 'ring' && g.coherent.length === 0 && g.relaxation === 0) {
    const s = ringStationary(g.sites, gamma, { polarizations: initial });
    scalars.ringCurrentClosedForm = s.current;
    scalars.ringPolarizationClosedForm = s.polarization;
    scalars.ringVoltageClosedForm = s.voltage;
  }
  if (g.topology === 'chain' && g.coherent.length === 0 && g.relaxation === 0) {
    const dw = domainWallPolarizations(g.sites, upCountDistribution(initial));
    dw.forEach((p, j) => { if (g.sites <= PER_SITE_SERIES_LIMIT) scalars[`P${j + 1} limit (Eq. 12)`] = p; });
  }
  // The y label names only the groups shown (a P-only figure was labelled "P, K (s⁻¹), V").
  const w = wants(params);
  const yLabel = [w.P ? 'P' : '', w.K ? 'K (s⁻¹)' : '', w.V ? 'V' : ''].filter(Boolean).join(', ');
  return { series, scalars, xLabel: 't (s)', yLabel, notes, stats: { solver, ...stats } };
}

async function runSteadyProfile(params: Record<string, unknown>, kmc: readonly KmcResult[]): Promise<ModelResult> {
  const par = readParameters(parameters, params);
  if (par.topology !== 'chain') throw new RangeError('analysis: steady-profile is for open chains (topology "chain")');
  const sizes = par.sizes;
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 2)) throw new RangeError('sizes: expected integers ≥ 2');
  const solverName = par.solver;
  const suffix = par.seriesSuffix;
  const series: Series[] = [];
  const notes: string[] = [];
  const stats: Record<string, unknown> = {};
  const scalars: Record<string, number> = {};
  let ensemble = 0;
  for (const n of sizes) {
    const chi = Array.from({ length: n }, (_, j) => (j + 1) / n);
    const initial = initialFromParams(params, n);
    const closed = domainWallPolarizations(n, upCountDistribution(initial));
    series.push({ name: `Eq. 12, N = ${n}${suffix}`, x: chi, y: Array.from(closed) });
    const solver = solverName === 'auto' ? (n <= AUTO_RATE_LIMIT ? 'rate' : 'kmc') : solverName;
    if (solver === 'closed-form') continue;
    const g = graphFromParams(params, n);
    if (solver === 'rate' || solver === 'lindblad') {
      const r = rateEquationLimit(g, { initial });
      series.push({ name: `N = ${n}${suffix}`, x: chi, y: Array.from(r.polarization) });
      let dev = 0;
      r.polarization.forEach((p, j) => { dev = Math.max(dev, Math.abs(p - closed[j])); });
      scalars[`maxDeviation N=${n}`] = dev;
      stats[`N=${n}`] = r.stats;
    } else if (solver === 'kmc') {
      const R = par.realizations;
      const r = kmc[ensemble++];
      const fin = r.finalPolarization!;
      series.push({ name: `N = ${n} (KMC)${suffix}`, x: Array.from(r.binStart, (s, b) => (s + (r.binSize[b] + 1) / 2) / n), y: Array.from(fin.mean), yErr: Array.from(fin.stdErr) });
      scalars[`absorptionTime N=${n}`] = r.absorptionTime!.mean;
      stats[`N=${n}`] = { ...r.stats, realizations: R, bins: r.bins };
      notes.push(`N = ${n}: KMC to the absorbing domain wall, ${R} realizations, ${r.stats.events} events`);
    } else {
      throw new RangeError(`solver: '${solver}' not available for the steady profile`);
    }
  }
  return { series, scalars, xLabel: 'χ = j/N', yLabel: 'steady-state P_j', notes, stats };
}

async function runRingCurrent(params: Record<string, unknown>, kmc: readonly KmcResult[]): Promise<ModelResult> {
  const par = readParameters(parameters, params);
  const sizes = par.sizes;
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 2)) throw new RangeError('sizes: expected integers ≥ 2');
  const gamma = resolveGammaEff(params);
  const suffix = par.seriesSuffix;
  const solverName = par.solver;
  const kx: number[] = [], ky: number[] = [], ke: number[] = [], vy: number[] = [];
  const cx: number[] = [], cy: number[] = [], cv: number[] = [];
  const notes: string[] = [];
  let ensemble = 0;
  for (const n of sizes) {
    const initial = initialFromParams(params, n);
    const s = ringStationary(n, gamma, { polarizations: initial });
    cx.push(n); cy.push(s.current); cv.push(s.voltage);
    const solver = solverName === 'auto' ? (n <= AUTO_RATE_LIMIT ? 'rate' : 'kmc') : solverName;
    if (solver === 'closed-form') continue;
    const g = graphFromParams({ ...params, topology: 'ring' }, n);
    if (solver === 'rate') {
      const r = rateEquationLimit(g, { initial });
      kx.push(n); ky.push(r.currents[0].value); ke.push(0); vy.push(r.voltages[0].value);
    } else if (solver === 'kmc') {
      // Stationary current: hops per bond per unit time over [tMax/2, tMax], averaged over bonds and realizations.
      const r = kmc[ensemble++];
      kx.push(n); ky.push(r.hopCurrent[0].mean[1]); ke.push(r.hopCurrent[0].stdErr[1]); vy.push(r.voltage[0].mean[1]);
      notes.push(`N = ${n}: KMC ${r.realizations} realizations, hop current over [tMax/2, tMax]`);
    } else {
      throw new RangeError(`solver: '${solver}' not available for the ring current`);
    }
  }
  const series: Series[] = [
    { name: `K closed form${suffix}`, x: cx, y: cy },
    { name: `V closed form${suffix}`, x: cx, y: cv },
  ];
  if (kx.length) {
    series.push({ name: `K${suffix}`, x: kx, y: ky, ...(ke.some((e) => e > 0) ? { yErr: ke } : {}) });
    series.push({ name: `V${suffix}`, x: kx, y: vy });
  }
  return { series, xLabel: 'N', yLabel: 'K (s⁻¹), V', notes, scalars: { gammaEff: gamma } };
}

/**
 * The kinetic Monte Carlo ensembles of a point, in the order its analysis uses
 * them: the dynamics' one ensemble when its solver is KMC, one per KMC size of
 * a steady profile (seed + size index) or of a ring current (seed + N); none
 * for the rate equation, Lindblad and closed forms.
 */
function kmcEnsembles(params: Record<string, unknown>, seed: number): KmcOptions[] {
  const par = readParameters(parameters, params);
  const sizesKmc = (): number[] => {
    const sizes = par.sizes;
    if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 2)) throw new RangeError('sizes: expected integers ≥ 2');
    return sizes.filter((n) => (par.solver === 'auto' ? (n <= AUTO_RATE_LIMIT ? 'rate' : 'kmc') : par.solver) === 'kmc');
  };
  if (par.analysis === 'dynamics') {
    const g = graphFromParams(params);
    if (chooseSolver(params, g) !== 'kmc') return [];
    return [{
      sites: g.sites, periodic: g.topology === 'ring', rate: resolveGammaEff(params), relaxation: g.relaxation, initial: initialFromParams(params, g.sites),
      times: timeGrid(params), realizations: par.realizations, seed, ...(par.bins > 0 ? { bins: par.bins } : {}),
    }];
  }
  if (par.analysis === 'steady-profile') {
    if (par.topology !== 'chain') return [];
    return par.sizes.flatMap((n, idx) => (sizesKmc().includes(n) ? [{
      sites: n, periodic: false, rate: graphFromParams(params, n).directed[0].rate, initial: initialFromParams(params, n), times: [0],
      realizations: par.realizations, seed: seed + idx, bins: par.bins > 0 ? Math.min(par.bins, n) : Math.min(n, 1000), untilAbsorbed: true,
    }] : []));
  }
  if (par.analysis === 'ring-current-vs-n') {
    return sizesKmc().map((n) => ({
      sites: n, periodic: true, rate: resolveGammaEff(params), initial: initialFromParams(params, n), times: [par.tMax / 2, par.tMax],
      realizations: par.realizations, seed: seed + n, bins: 1,
    }));
  }
  return [];
}

/** The point's analysis from the results of its KMC ensembles. */
async function analyse(params: Record<string, unknown>, kmc: readonly KmcResult[]): Promise<ModelResult> {
  const analysis = readParameters(parameters, params).analysis;
  if (analysis === 'dynamics') return runDynamics(params, kmc);
  if (analysis === 'steady-profile') return runSteadyProfile(params, kmc);
  if (analysis === 'ring-current-vs-n') return runRingCurrent(params, kmc);
  throw new RangeError(`analysis: expected dynamics, steady-profile or ring-current-vs-n, got '${analysis}'`);
}

/**
 * Work items of a point: the chunks (KMC_CHUNK_SIZE realizations, chunk k
 * seeded by the ensemble's seed jumped k·size times) of its KMC ensembles, so
 * that large KMC runs split over machines; `run` is
 * `assemble(compute(every chunk))`. Points without KMC are one unit.
 */
export const nuclearTransportItems: PointItems = {
  async count(params) {
    const total = kmcEnsembles(params, 1).reduce((a, o) => a + Math.ceil(o.realizations / KMC_CHUNK_SIZE), 0);
    return total > 1 ? total : null;
  },
  async compute(params, indices, context) {
    const plans = kmcEnsembles(params, context.seed).map(planKmc);
    const progress = context.progress;
    return computeItems(plans.map((p) => p.chunks.length), indices, 'nuclear-transport', async (e, chunks, done) => (await runKmcChunks(plans[e], chunks, {
      workers: context.workers, ...(context.signal ? { signal: context.signal } : {}),
      ...(progress ? { progress: (f: number, detail?: string) => progress((done + f * chunks.length) / indices.length, detail) } : {}),
    })).sums);
  },
  async assemble(params, parts, context) {
    const plans = kmcEnsembles(params, context.seed).map(planKmc);
    const byEnsemble = partsByEnsemble<KmcSums>(plans.map((p) => p.chunks.length), parts, 'nuclear-transport');
    return analyse(params, plans.map((p, e) => combineKmcChunks(p, byEnsemble[e])));
  },
};

export const nuclearTransportModel: ModelDefinition = {
  id: 'nuclear-transport',
  title: 'Effective nuclear-spin transport: one-way bonds, domain walls, persistent ring currents',
  seed: '000',
  description: 'Nuclear-only Lindbladian of seed 000 (Eqs. 2, 8, 10, 11) on chains, rings, trees and edge lists; solved as a density matrix (mesolve, blocks by magnetization), as a rate equation on 2^N configurations, or by kinetic Monte Carlo for 10⁴–10⁶ sites; site polarizations, spin currents (Eqs. 13–17) and voltages.',
  parameters,
  observables: ['P_j', 'Pc', 'K_ij', 'V_ij'],
  async run(params, context) {
    // The path of a sharded run: every chunk of every KMC ensemble, then their combination in chunk order.
    const plans = kmcEnsembles(params, context.seed).map(planKmc);
    const results: KmcResult[] = [];
    for (const [e, plan] of plans.entries()) {
      const start = performance.now();
      const n = plans.length, progress = context.progress;
      const r = await runKmcChunks(plan, plan.chunks.map((c) => c.index), {
        workers: context.workers, ...(context.signal ? { signal: context.signal } : {}),
        ...(progress ? { progress: (f: number, detail?: string) => progress((e + f) / n, detail) } : {}),
      });
      results.push(combineKmcChunks(plan, r.sums, performance.now() - start, r.workers));
    }
    return analyse(params, results);
  },
  items: nuclearTransportItems,
  validate(params) {
    // The initial state is checked at load time (its pattern length against the sites at run time).
    const par = readParameters(parameters, params);
    if (par.initialPolarizations.length === 0) {
      const spec = par.initial;
      try {
        parseInitial(spec, /^[ud0]+$/.test(spec) ? spec.length : 1);
      } catch (err) {
        throw new ProblemError('initial', (err as Error).message.replace(/^initial: /, ''));
      }
    }
  },
  memoryEstimate(params) {
    const n = typeof params.sites === 'number' ? params.sites : 4;
    const classical = !(typeof params.chainCoupling === 'number' && params.chainCoupling !== 0) && params.topology !== 'tree';
    if (!classical && n <= MAX_LINDBLAD_SITES) return 16 * 4 ** n * 4;
    if (n <= AUTO_RATE_LIMIT) return 8 * 2 ** n * 40;
    return 40 * n + 1e7;
  },
};

