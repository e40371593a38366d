/**
 * The seed-004 model for the scenario runner: one `ModelDefinition` with a
 * `mode` parameter. User-facing couplings are in Hz (γ, γ', detunings) and are
 * converted to rad/s (× 2π) for the Hamiltonians; rates (local decay,
 * dephasing) are in s⁻¹.
 */
import type { ModelDefinition, ModelResult, ParameterSpec, PointItems, RunContext, Series } from '../types.js';
import { chainDynamics, chainTrajectoryResult, oneQuantumDynamics, planChainTrajectories, type ChainTrajectories } from './dynamics.js';
import { transferMeasures, type TransferMeasures } from './measures.js';
import { CHUNK_SIZE, combineMcsolveChunks, runMcsolveChunks, type TrajectorySums } from '../../solvers/mcsolve/index.js';
import { availableThreads } from '../../util/parallel.js';
import { pairSpectrumVsDetuning, pairExceptionalPoint, trackBranches } from './spectrum.js';
import { runTable1 } from './table1.js';
import { eliminationScaling } from './elimination.js';
import type { CascadedChainConfig, ReversePhaseConvention } from './cascaded.js';
import { readParameters } from '../parameters.js';

const TWO_PI = 2 * Math.PI;

export const CHIRAL_MODES = ['transfer', 'chain', 'spectrum', 'table1', 'elimination'] as const;

const parameters = [
  { name: 'mode', kind: 'string', default: 'transfer', choices: CHIRAL_MODES, description: 'transfer: A→B vs B→A; chain: one-way chain; spectrum: eigenvalues of H_NH vs spin detuning; table1: coupling estimator; elimination: Eq. 3 → Eq. 4 error vs Δ/g' },
  { name: 'gamma', kind: 'frequency', default: 100, min: 0, description: 'γ of the (+k_z,+L) channel (Hz; Hamiltonian uses 2πγ)' },
  { name: 'gammaRatio', kind: 'number', default: 0, min: 0, description: "γ'/γ for chain and spectrum modes" },
  { name: 'gammaRatios', kind: 'numbers', default: [0, 0.1, 1], description: "γ'/γ values for the transfer curves" },
  { name: 'phase', kind: 'number', default: 0, description: 'propagation phase k_z d between neighbours (rad)' },
  { name: 'reversePhase', kind: 'string', default: 'paper', choices: ['paper', 'propagation'], description: "phase convention of the γ' channel: paper (−2iγ'e^{−ik_z d}S_A^+S_B^-) or propagation (e^{+ik_z d})" },
  { name: 'spin', kind: 'number', default: 0.5, min: 0.5, description: 'spin quantum number s of every site (½, 1, 5/2)' },
  { name: 'sites', kind: 'integer', default: 6, min: 2, max: 16, description: 'number of spins in chain mode' },
  { name: 'initial', kind: 'string', default: 'first', choices: ['first', 'last', 'site', 'all'], description: 'chain mode: one quantum on the first spin, the last spin (a backward test), spin `initialSite`, or all spins fully excited' },
  { name: 'initialSite', kind: 'integer', default: 1, min: 1, description: "chain mode with initial = 'site': the excited spin (1-based)" },
  { name: 'method', kind: 'string', default: 'auto', choices: ['auto', 'me', 'mc', 'amplitudes'], description: 'chain mode solver: master equation, trajectories, or one-quantum amplitudes (auto picks)' },
  { name: 'ntraj', kind: 'integer', default: 200, min: 1, description: 'trajectories for method mc' },
  { name: 'duration', kind: 'time', default: 5e-3, min: 0, description: 'simulated time (s)' },
  { name: 'points', kind: 'integer', default: 201, min: 2, description: 'output times' },
  { name: 'localDecay', kind: 'rate', default: 0, min: 0, description: 'extra local spin decay γ₀ (s⁻¹)' },
  { name: 'dephasing', kind: 'rate', default: 0, min: 0, description: 'extra pure dephasing Γ_φ (s⁻¹)' },
  { name: 'detuningMax', kind: 'frequency', default: 200, min: 0, description: 'spectrum mode: largest spin–spin detuning δ (Hz)' },
  { name: 'material', kind: 'string', default: 'α-SiO2', choices: ['α-SiO2', 'α-HgS', 'α-TeO2'], description: 'table1: chiral crystal (Table I velocities, handbook density)' },
  { name: 'length', kind: 'length', default: 1e-6, min: 0, description: 'table1: resonator length l (m); modes k_z = π/l' },
  { name: 'width', kind: 'length', default: 1e-7, min: 0, description: 'table1: resonator width w (m)' },
  { name: 'height', kind: 'length', default: 1e-7, min: 0, description: 'table1: resonator height h (m)' },
  { name: 'xi', kind: 'frequency', default: 10e9, min: 0, description: 'table1: spin–strain response Ξ (Hz per unit strain; electrons Ξ^S ≈ 10 GHz, nuclei Ξ^I ≈ 1 MHz)' },
  { name: 'detuning', kind: 'frequency', default: 10e3, min: 0, description: 'table1: spin detuning Δ from the (+k_z, +L) mode (Hz)' },
  { name: 'detuningReverse', kind: 'frequency', default: null, min: 0, description: "table1: detuning Δ' of the (−k_z, +L) mode (Hz); default |f₋ − f₊ − Δ| from the velocities" },
  { name: 'density', kind: 'number', default: null, min: 0, unit: 'kg/m³', description: "table1: mass density ρ (kg/m³); default the material's handbook value" },
  { name: 'velocityPlus', kind: 'number', default: null, min: 0, unit: 'm/s', description: 'table1: group velocity of the (+k_z, +L) TA mode (m/s); default Table I' },
  { name: 'velocityMinus', kind: 'number', default: null, min: 0, unit: 'm/s', description: 'table1: group velocity of the (−k_z, +L) TA mode (m/s); default Table I' },
  { name: 'drivenStrain', kind: 'number', default: null, min: 0, description: 'table1: driven strain amplitude u replacing u_zpf in g (e.g. 1e-4 for nuclei)' },
] as const satisfies readonly ParameterSpec[];


function baseConfig(p: Record<string, unknown>): Omit<CascadedChainConfig, 'spins'> {
  const par = readParameters(parameters, p);
  const gamma = TWO_PI * par.gamma;
  const rev = par.reversePhase;
  if (rev !== 'paper' && rev !== 'propagation') throw new RangeError(`reversePhase: expected 'paper' or 'propagation', got '${rev}'`);
  return {
    gamma, gammaReverse: gamma * par.gammaRatio, phase: par.phase, reversePhase: rev as ReversePhaseConvention,
    localDecay: par.localDecay, dephasing: par.dephasing,
  };
}

function timeGrid(p: Record<string, unknown>): number[] {
  const par = readParameters(parameters, p);
  const T = par.duration, m = par.points;
  if (!(T > 0)) throw new RangeError(`duration: must be > 0, got ${T}`);
  if (!Number.isInteger(m) || m < 2) throw new RangeError(`points: expected an integer ≥ 2, got ${m}`);
  return Array.from({ length: m }, (_, i) => (T * i) / (m - 1));
}

/** γ'/γ values of the transfer curves (validated). */
function transferRatios(p: Record<string, unknown>): number[] {
  const ratios = p.gammaRatios;
  if (!Array.isArray(ratios) || ratios.some((r) => typeof r !== 'number' || !(r >= 0))) throw new RangeError('gammaRatios: expected an array of numbers ≥ 0');
  return ratios as number[];
}

/** Transfer measures of the ratios `indices` (each an independent two-spin master equation). */
async function transferParts(p: Record<string, unknown>, indices: readonly number[]): Promise<TransferMeasures[]> {
  const par = readParameters(parameters, p);
  const times = timeGrid(p);
  const ratios = transferRatios(p);
  const s = par.spin;
  const out: TransferMeasures[] = [];
  for (const i of indices) {
    if (!(i >= 0 && i < ratios.length)) throw new RangeError(`chiral-phonons: no transfer curve ${i} (of ${ratios.length})`);
    const cfg = { ...baseConfig(p), spins: [s, s] };
    cfg.gammaReverse = cfg.gamma * ratios[i];
    out.push(await transferMeasures(cfg, times));
  }
  return out;
}

/** Mode transfer: A→B and B→A curves and their peaks for each γ'/γ, from the measures of every ratio. */
function transferResult(p: Record<string, unknown>, parts: readonly TransferMeasures[]): ModelResult {
  const ratios = transferRatios(p);
  if (parts.length !== ratios.length) throw new RangeError(`chiral-phonons: expected ${ratios.length} transfer curves, got ${parts.length}`);
  const series: Series[] = [];
  const scalars: Record<string, number> = {};
  ratios.forEach((r, i) => {
    const m = parts[i];
    series.push({ name: `A→B (γ'/γ=${r})`, x: Array.from(m.times), y: Array.from(m.forward) });
    series.push({ name: `B→A (γ'/γ=${r})`, x: Array.from(m.times), y: Array.from(m.backward) });
    scalars[`peakAB[${r}]`] = m.peakForward;
    scalars[`peakBA[${r}]`] = m.peakBackward;
    scalars[`contrast[${r}]`] = m.contrast;
  });
  return { series, scalars, xLabel: 't (ms)', xDisplayScale: 1e3, yLabel: 'excitation of the receiving spin', notes: ['cascaded master equation (Eqs. 5–6 + γ′ channel), one quantum on the source spin'] };
}

/** Chain mode: the chain, its initial quanta, output times and the solver ('auto' resolved). */
function chainSetup(p: Record<string, unknown>): { cfg: CascadedChainConfig; quanta: number[]; times: number[]; method: string; all: boolean; site: number; n: number } {
  const par = readParameters(parameters, p);
  const times = timeGrid(p);
  const n = par.sites, s = par.spin;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`sites: expected an integer ≥ 2, got ${n}`);
  const cfg: CascadedChainConfig = { ...baseConfig(p), spins: Array(n).fill(s) };
  const initial = par.initial;
  const all = initial === 'all';
  const site = initial === 'last' ? n - 1 : initial === 'site' ? par.initialSite - 1 : 0;
  if (!all && !(Number.isInteger(site) && site >= 0 && site < n)) throw new RangeError(`initialSite: expected a spin 1…${n}, got ${site + 1}`);
  const quanta = all ? cfg.spins.map((x) => 2 * x) : cfg.spins.map((_, j) => (j === site ? 1 : 0));
  let method: string = par.method;
  if (method === 'auto') method = !all && s === 0.5 && (cfg.dephasing ?? 0) === 0 ? 'amplitudes' : all && n > 8 ? 'mc' : 'me';
  return { cfg, quanta, times, method, all, site, n };
}

/** The last chain point's trajectory problem: compute and assemble of one point (and a shard's units of it) build the chain once. */
let lastTrajectories: { key: string; value: ChainTrajectories } | null = null;

/** The quantum-jump problem of a chain point with method mc (read-only, so shared by the calls for one point). */
function chainTrajectories(p: Record<string, unknown>, seed: number): ChainTrajectories {
  const key = JSON.stringify([p, seed]);
  if (lastTrajectories?.key === key) return lastTrajectories.value;
  const c = chainSetup(p);
  const value = planChainTrajectories(c.cfg, c.quanta, c.times, { ntraj: readParameters(parameters, p).ntraj, seed });
  lastTrajectories = { key, value };
  return value;
}

/**
 * y label of mode chain: the excitation of spin j, ⟨S_j^z⟩ + s (dimensionless) — for spins ½ the
 * probability that spin j is up; for larger s the number of quanta (0 … 2s) it holds.
 */
export function chainYLabel(spin: number): string {
  return spin === 0.5 ? 'excitation probability P_j = ⟨S_j^z⟩ + ½' : `excitation quanta ⟨S_j^z⟩ + s (s = ${spin})`;
}

/** Mode chain: one series per spin (with standard errors for trajectories) and each spin's peak. */
function chainResult(times: number[], excitation: Float64Array[], err: Float64Array[] | null, stats: Record<string, unknown>, method: string, spin: number): ModelResult {
  const series: Series[] = excitation.map((y, j) => ({ name: `spin ${j + 1}`, x: times, y: Array.from(y), ...(err ? { yErr: Array.from(err[j]) } : {}) }));
  const scalars: Record<string, number> = {};
  excitation.forEach((y, j) => { scalars[`peak[${j + 1}]`] = Math.max(...y); });
  return { series, scalars, stats, xLabel: 't (ms)', xDisplayScale: 1e3, yLabel: chainYLabel(spin), notes: [`solver: ${method}`] };
}

async function runChain(p: Record<string, unknown>): Promise<ModelResult> {
  const { cfg, quanta, times, method, all, site, n } = chainSetup(p);
  if (method === 'amplitudes') {
    if (all) throw new RangeError("method: 'amplitudes' needs a single excited spin (initial first, last or site)");
    const r = oneQuantumDynamics(cfg, site, times);
    return chainResult(times, r.excitation, null, { method: 'one-quantum amplitudes', wallTimeMs: r.wallTimeMs, dimension: n }, method, cfg.spins[0]);
  }
  if (method === 'me') {
    const r = await chainDynamics(cfg, quanta, times, { method });
    return chainResult(times, r.excitation, r.excitationErr, { ...r.stats, dimension: r.dimension }, method, cfg.spins[0]);
  }
  throw new RangeError(`method: expected auto, me, mc or amplitudes, got '${method}'`);
}

/**
 * Work items of a point: the γ'/γ curves of mode transfer (one master
 * equation each), the trajectory chunks of mode chain with method mc
 * (CHUNK_SIZE trajectories, chunk k seeded by (seed, k)); other points are one
 * unit. `run` is `assemble(compute(every item))` for these.
 */
export const chiralItems: PointItems = {
  async count(p) {
    const mode = readParameters(parameters, p).mode;
    if (mode === 'transfer') return transferRatios(p).length;
    if (mode === 'chain' && chainSetup(p).method === 'mc') return Math.ceil(readParameters(parameters, p).ntraj / CHUNK_SIZE);
    return null;
  },
  async compute(p, indices, context) {
    if (readParameters(parameters, p).mode === 'transfer') return transferParts(p, indices);
    const t = chainTrajectories(p, context.seed);
    return (await runMcsolveChunks(t.plan, indices, Math.max(1, context.workers || 1), context.progress, context.signal)).sums;
  },
  async assemble(p, parts, context) {
    if (readParameters(parameters, p).mode === 'transfer') return transferResult(p, parts as TransferMeasures[]);
    const t = chainTrajectories(p, context.seed);
    const r = chainTrajectoryResult(t, combineMcsolveChunks(t.plan, parts as TrajectorySums[]));
    const c = chainSetup(p);
    return chainResult(c.times, r.excitation, r.excitationErr, { ...r.stats, dimension: r.dimension }, 'mc', c.cfg.spins[0]);
  },
};

/** A point of a mode with work items: every item, then the assembly of a sharded run. */
async function runItems(p: Record<string, unknown>, ctx: RunContext): Promise<ModelResult> {
  const start = performance.now();
  const count = (await chiralItems.count(p)) as number;
  const parts = await chiralItems.compute(p, Array.from({ length: count }, (_, i) => i), { ...ctx, workers: Math.max(1, ctx.workers || availableThreads()) });
  const r = await chiralItems.assemble(p, parts, ctx);
  return { ...r, stats: { ...r.stats, wallTimeMs: performance.now() - start } };
}

async function runSpectrum(p: Record<string, unknown>): Promise<ModelResult> {
  const par = readParameters(parameters, p);
  const base = baseConfig(p);
  const dMax = TWO_PI * par.detuningMax;
  const m = Math.max(2, par.points);
  const deltasHz = Array.from({ length: m }, (_, i) => (par.detuningMax * i) / (m - 1));
  // Branches followed by continuity (sorting by index would swap them where the real parts cross).
  const spectra = trackBranches(pairSpectrumVsDetuning({ ...base, dephasing: 0, localDecay: base.localDecay }, deltasHz.map((d) => TWO_PI * d)));
  const series: Series[] = [];
  for (let k = 0; k < 2; k++) {
    series.push({ name: `Re λ${k + 1} (Hz)`, x: deltasHz, y: spectra.map((e) => e.re[k] / TWO_PI) });
    series.push({ name: `Im λ${k + 1} (Hz)`, x: deltasHz, y: spectra.map((e) => e.im[k] / TWO_PI) });
  }
  const scalars: Record<string, number> = { epClosedFormHz: 4 * Math.sqrt(par.gamma ** 2 * par.gammaRatio) };
  if ((base.gammaReverse ?? 0) > 0 && dMax > 0) {
    const ep = pairExceptionalPoint({ ...base, dephasing: 0 }, dMax);
    scalars.epNumericHz = ep.parameter / TWO_PI;
    scalars.epGapHz = ep.gap / TWO_PI;
  }
  return { series, scalars, xLabel: 'δ (Hz)', yLabel: 'eigenvalue of H_NH / 2π (Hz)', notes: ['two spins ½, one-quantum block; EP at δ = 4√(γγ′) for the paper phase convention'] };
}

function runElimination(p: Record<string, unknown>): ModelResult {
  const par = readParameters(parameters, p);
  const ratios = [10, 20, 40, 80];
  const s = par.spin;
  const r = eliminationScaling(1, ratios, s);
  return {
    series: [{ name: 'max |P_B(Eq. 3) − P_B(H_eff)|', x: r.ratios, y: r.errors }],
    scalars: { slope: r.slope }, xLabel: 'Δ/g', yLabel: 'max population error over one transfer',
    notes: ['H_eff = (g²/Δ)J⁺J⁻ (second order); Eq. 4 with γ = 2g²/Δ transfers twice as fast (see docs/reproduction.md)'],
  };
}

/** Seed 004: non-Hermitian (one-way) spin–spin coupling through chiral phonons. */
export const chiralPhononModel: ModelDefinition = {
  id: 'chiral-phonons',
  title: 'Non-Hermitian spin–spin coupling through chiral phonons',
  seed: '004',
  description: 'Cascaded master equation of spins coupled by (+k_z,+L) and (−k_z,+L) chiral phonons (Xu et al., seed 004): transfer A→B vs B→A, one-way chains, spectra/EPs of H_NH, the Table I estimator, and the Eq. 3 → Eq. 4 elimination check.',
  parameters,
  observables: ['excitation per spin', 'peak transfer', 'eigenvalues of H_NH', 'g, γ, γ′ estimates'],
  async run(params, context) {
    const mode = readParameters(parameters, params).mode;
    switch (mode) {
      case 'transfer': return runItems(params, context);
      case 'chain': return (await chiralItems.count(params)) !== null ? runItems(params, context) : runChain(params);
      case 'spectrum': return runSpectrum(params);
      case 'table1': return runTable1(params);
      case 'elimination': return runElimination(params);
      default: throw new RangeError(`mode: expected one of ${CHIRAL_MODES.join(', ')}, got '${mode}'`);
    }
  },
  items: chiralItems,
  memoryEstimate(params) {
    const n = typeof params.sites === 'number' ? params.sites : 6;
    const s = typeof params.spin === 'number' ? params.spin : 0.5;
    const dim = (2 * s + 1) ** n;
    if (params.mode === 'chain' && params.initial === 'all') return params.method === 'mc' || (params.method !== 'me' && n > 8) ? 64 * dim * 40 + 16 * dim : 16 * dim * dim;
    return 64e6;
  },
};

/** All seed-004 models (one). */
export const chiralPhononModels: ModelDefinition[] = [chiralPhononModel];
