/**
 * Seed 003: energy migration through spin domains with collective decay (Dias et al. 2021).
 * Registry entry `spin-domains`: exact collective-space solution of Eq. 3 (exact.ts) or the
 * generated mean-field equations (moments.ts, mean-field.ts), T = 0 or thermal reservoirs.
 *
 * SI units: rates γ_i in s⁻¹ (default 1 s⁻¹, so that t in s equals the paper's γt), times in
 * s, ω0 as the frequency f0 = ω0/2π in Hz, temperature in K.
 */
import type { ModelDefinition, ModelResult, ParameterSpec, Series } from '../types.js';
import { solveExact } from './exact.js';
import { solveMeanField } from './mean-field.js';
import { thermalOccupation } from './lindbladian.js';
import { domainSpace, MAX_COLLECTIVE_DIMENSION } from './collective-space.js';
import { steadyJ2zSingleSpinDicke } from './closed-forms.js';
import { readParameters } from '../parameters.js';

export { spinDomainsFigures } from './figures.js';
export { solveExact, type ExactOptions, type ExactResult } from './exact.js';
export { solveMeanField, meanFieldSystem, compileMeanField, dickeInitialValues, type MeanFieldOptions, type MeanFieldResult } from './mean-field.js';
export { generateMeanField, heisenbergTerms, formatEquation, variableName, canonicalKey, type MeanFieldSystem, type ClosedTerm } from './moments.js';
export { thermalOccupation, collapseOperators, domainHamiltonian, type ReservoirSpec } from './lindbladian.js';
export { domainSpace, domainOperator, excitationNumbers, dickeProductKet, eq4DickeNumbers, MAX_COLLECTIVE_DIMENSION, type DomainSpace } from './collective-space.js';
export { steadyJ2zSingleSpin, steadyJ2zSingleSpinDicke, steadyRelativeExcitationLargeN1 } from './closed-forms.js';
export { fullSpace, fullProductKet, type FullSpace } from './full-space.js';

const parameters = [
  { name: 'N', kind: 'numbers', default: [40, 2], description: 'Spins per domain N_1 … N_M (M ≥ 1).', min: 1 },
  { name: 'j', kind: 'numbers', default: [], description: 'Total spin j_i of each domain (default N_i/2, the symmetric subspace).' },
  { name: 'm0', kind: 'numbers', default: [], description: 'Initial Dicke numbers m_i of |j_i, m_i⟩ (default Eq. 4: m_1 = j_1, m_i = −j_i).' },
  { name: 'gamma', kind: 'rate', default: 1, min: 0, description: 'Reservoir rate γ for every pair of neighbouring domains (s⁻¹); 1 s⁻¹ makes t in s equal to γt.' },
  { name: 'gammas', kind: 'numbers', default: [], description: 'Per-reservoir rates γ_1 … γ_{M−1} in s⁻¹ (overrides gamma).' },
  { name: 'omega0', kind: 'frequency', default: 10e9, min: 0, description: 'Spin frequency ω0/2π in Hz (enters only the thermal occupation n̄).' },
  { name: 'temperature', kind: 'temperature', default: 0, min: 0, symbol: 'T', description: 'Reservoir temperature in K (n̄ = 1/(e^{hf0/kT} − 1)).' },
  { name: 'method', kind: 'string', default: 'auto', choices: ['auto', 'exact', 'mean-field'], description: 'exact: collective-space master equation; mean-field: generated cumulant equations; auto: exact when Π(2j_i+1) ≤ 20000.' },
  { name: 'tStart', kind: 'time', default: 0, min: 0, description: 'First plotted time on a log grid (s; default tEnd·1e-6).' },
  { name: 'tEnd', kind: 'time', default: 10, min: 0, description: 'Final time in s.' },
  { name: 'points', kind: 'integer', default: 201, min: 2, max: 100000, description: 'Number of output times.' },
  { name: 'timeGrid', kind: 'string', default: 'linear', choices: ['linear', 'log'], description: 'Spacing of the output times.' },
] as const satisfies readonly ParameterSpec[];

/** Output times: times[0] = 0 always (the initial state); a log grid adds points from tStart to tEnd. */
function timeGrid(params: Record<string, unknown>): { times: number[]; firstPlotted: number } {
  const par = readParameters(parameters, params);
  const tEnd = par.tEnd;
  const points = par.points;
  if (!(tEnd > 0)) throw new RangeError('tEnd: must be > 0');
  if (!Number.isInteger(points) || points < 2) throw new RangeError('points: must be an integer ≥ 2');
  if ((params.timeGrid ?? 'linear') === 'log') {
    let t0 = par.tStart;
    if (!(t0 > 0)) t0 = tEnd * 1e-6;
    if (!(t0 < tEnd)) throw new RangeError('tStart: must be < tEnd');
    const a = Math.log10(t0), b = Math.log10(tEnd);
    return { times: [0, ...Array.from({ length: points }, (_, i) => 10 ** (a + ((b - a) * i) / (points - 1)))], firstPlotted: 1 };
  }
  if (params.timeGrid !== undefined && params.timeGrid !== 'linear') throw new RangeError(`timeGrid: '${String(params.timeGrid)}' is not linear or log`);
  return { times: Array.from({ length: points }, (_, i) => (tEnd * i) / (points - 1)), firstPlotted: 0 };
}

async function run(params: Record<string, unknown>): Promise<ModelResult> {
  const par = readParameters(parameters, params);
  const sizes = par.N;
  if (sizes.length === 0) throw new RangeError('N: at least one domain size is required');
  sizes.forEach((n, i) => { if (!(n >= 1)) throw new RangeError(`N[${i}] = ${n}: domain sizes must be ≥ 1`); });
  const m = sizes.length;
  const spinsIn = par.j;
  if (spinsIn.length > 0 && spinsIn.length !== m) throw new RangeError(`j: ${spinsIn.length} values for ${m} domains`);
  const spins = spinsIn.length > 0 ? spinsIn : sizes.map((n) => n / 2);
  const m0In = par.m0;
  if (m0In.length > 0 && m0In.length !== m) throw new RangeError(`m0: ${m0In.length} values for ${m} domains`);
  const m0 = m0In.length > 0 ? m0In : spins.map((j, i) => (i === 0 ? j : -j));
  const gammasIn = par.gammas;
  const gamma = par.gamma;
  if (!(gamma >= 0)) throw new RangeError('gamma: must be ≥ 0');
  if (gammasIn.length > 0 && gammasIn.length !== m - 1) throw new RangeError(`gammas: ${gammasIn.length} rates for ${m} domains (need ${m - 1})`);
  const gammas = gammasIn.length > 0 ? gammasIn : new Array<number>(Math.max(0, m - 1)).fill(gamma);
  const temperature = par.temperature;
  const f0 = par.omega0;
  const nThermal = temperature > 0 ? thermalOccupation(f0, temperature) : 0;
  if (temperature < 0) throw new RangeError('temperature: must be ≥ 0');
  const { times, firstPlotted } = timeGrid(params);
  const requested = String(params.method ?? 'auto');
  if (!['auto', 'exact', 'mean-field'].includes(requested)) throw new RangeError(`method: '${requested}' is not auto, exact or mean-field`);
  let dim = Infinity;
  if (sizes.every((n) => Number.isInteger(n)) && spins.every((j) => Number.isInteger(2 * j))) {
    dim = spins.reduce((p, j) => p * (2 * j + 1), 1);
  }
  const method = requested === 'auto' ? (dim <= MAX_COLLECTIVE_DIMENSION ? 'exact' : 'mean-field') : requested;
  let jz: Float64Array[];
  let stats: Record<string, unknown>;
  const notes: string[] = [];
  if (method === 'exact') {
    domainSpace(sizes, spins); // validates sizes, j and the dimension
    const r = solveExact({ sizes, spins, m0, reservoirs: { gammas, nThermal }, times, atol: 1e-10 });
    jz = r.jz;
    stats = r.stats;
    notes.push(`exact collective-space solution: ${r.space.dimension} states, ${String(r.stats.sectors)} reachable sectors, reduced dimension ${String(r.stats.reducedDimension)} (full Liouville space ${String(r.stats.fullDimension)})`);
  } else {
    const r = solveMeanField({ sizes, spins, m0, gammas, nThermal, times });
    jz = r.jz;
    stats = { method: 'mean-field-dop853', ...r.stats };
    notes.push(`mean-field: ${r.system.variables.length} generated moment equations, DOP853 (${r.stats.accepted} steps)`);
  }
  const x = times.slice(firstPlotted);
  const series: Series[] = jz.map((v, i) => ({ name: `J${i + 1}`, x, y: Array.from(v.subarray(firstPlotted), (y) => y / sizes[i]) }));
  const scalars: Record<string, number> = { nThermal };
  jz.forEach((v, i) => {
    scalars[`J${i + 1}_final`] = v[v.length - 1] / sizes[i];
    scalars[`J${i + 1}_max`] = Math.max(...v) / sizes[i];
  });
  if (m === 2 && sizes[1] === 1 && nThermal === 0 && spins[0] === sizes[0] / 2 && m0[1] === -0.5) {
    scalars.S9_J2z_steady = steadyJ2zSingleSpinDicke(sizes[0], m0[0]);
    notes.push('closed form S9 gives the steady ⟨J_2^z⟩ (scalar S9_J2z_steady) for comparison with J2_final·N2');
  }
  const g1 = gammas[0] ?? gamma;
  return {
    series,
    scalars,
    xLabel: g1 > 0 ? 'γ₁t' : 't (s)',
    yLabel: '⟨J_i^z⟩/N_i',
    xDisplayScale: g1 > 0 ? g1 : 1,
    notes,
    stats,
  };
}

/** The `spin-domains` model (seed 003). */
export const spinDomainsModel: ModelDefinition = {
  id: 'spin-domains',
  title: 'Energy migration through spin domains with collective decay',
  seed: '003',
  description:
    'M domains of N_i spins ½ at frequency ω0; neighbouring domains share a reservoir with rate γ_i (Eq. 3, D[O]ρ = 2OρO† − O†Oρ − ρO†O with prefactor γ_i/2). ' +
    'Exact solution in the product of collective-spin spaces, or generated mean-field equations for large N_i; T = 0 or thermal reservoirs.',
  parameters,
  observables: ['J1', 'J2'],
  run: (params) => run(params),
  memoryEstimate(params) {
    const sizes = Array.isArray(params.N) ? (params.N as number[]) : [40, 2];
    const dim = sizes.reduce((p, n) => p * (n + 1), 1);
    if (params.method === 'mean-field' || dim > MAX_COLLECTIVE_DIMENSION) return 1e6;
    // Reachable diagonal sectors hold at most dim²/(#blocks) unknowns; dense work of the eigen / Krylov paths.
    const blocks = sizes.reduce((a, n) => a + n, 0) + 1;
    const unknowns = (dim * dim) / blocks;
    return 16 * unknowns * 60 + 1e6;
  },
};
