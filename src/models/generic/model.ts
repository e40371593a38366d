/**
 * The generic spin-system model: spins, Hamiltonian terms, dissipators,
 * initial state and observables declared in a scenario, solved with
 * `mesolve`, `mcsolve` or `steadystate`.
 *
 * Units (SPEC §3): Hamiltonian coefficients are frequencies in Hz and are
 * multiplied by 2π (H in rad/s); dissipator coefficients are rates Γ in s⁻¹
 * and the collapse operator is √Γ · O; times are in s.
 */
import { availableThreads } from '../../util/parallel.js';
import { ProblemError, AbortError } from '../../util/errors.js';
import { mcsolveWorkers, mesolveEstimatePath, solverMemoryEstimate } from '../../solvers/memory-estimate.js';
import { SolverArguments } from '../../solvers/arguments.js';
import { Qobj } from '../../quantum/qobj.js';
import type { ModelDefinition, ModelResult, ParameterSpec, PointItems, RunContext } from '../types.js';
import type { ChunkOutput, TrajectorySums } from '../../solvers/mcsolve/index.js';
import { partialPublisher, partialTrace, RunningEnsemble, type PartialBase } from '../partial.js';
import type { McsolveResult } from '../../solvers/types.js';
import { buildSystem, isTimeDependentSpec, parseSystem, type SystemOperators, type SystemSpec } from '../../expression/system.js';

/** A generic system with its expressions parsed (src/expression/system.ts). */
export type GenericSpec = SystemSpec;
/** The operators of a parsed generic system (src/expression/system.ts). */
export type GenericOperators = SystemOperators;
/** Check and parse the structured parameters of the generic model (src/expression/system.ts). */
export const parseGeneric = parseSystem;
/** Build the operators of a parsed system (src/expression/system.ts). */
export const buildGeneric = buildSystem;

/** Parameters of the generic model. */
export const GENERIC_PARAMETERS: readonly ParameterSpec[] = [
  { name: 'spins', kind: 'json', default: { S: '1/2' }, description: 'Spins in tensor order: {name: s}, s = 1/2, 1, 3/2, ... (names: letters, digits, _).' },
  { name: 'constants', kind: 'json', default: {}, description: 'Named constants usable in expressions: {name: quantity}, e.g. {Omega: "1 MHz"}; converted to SI.' },
  { name: 'hamiltonian', kind: 'json', default: [], description: 'Hamiltonian terms (summed), coefficients in Hz, e.g. ["13 MHz * Sz*I1x", "0.5 MHz * (S+*Sp- + h.c.)", "2 MHz * cos(2*pi * 10 MHz * t) * Sx"]; ×2π → rad/s; t is the time.' },
  { name: 'dissipators', kind: 'json', default: [], description: 'Dissipators "RATE * OPERATOR" (rate in s⁻¹, collapse operator √RATE·OPERATOR), e.g. "17e3 /s * S:|0><-1|", "1e4 /s * (1 + square(t, 10 us)) * S-", or {rate, op}.' },
  { name: 'initial', kind: 'json', default: {}, description: 'Initial state per spin: m ("+1/2", -1, 0), "mixed", or {m: population}; unlisted spins are maximally mixed.' },
  { name: 'observables', kind: 'json', default: [], description: 'Observables: {name: expression} or a list of "expression" / "name = expression"; default <Xz> per spin. P(X) = <Xz>/s.' },
  { name: 'times', kind: 'numbers', default: [], description: 'Output times (s), increasing; required by "me" and "mc".' },
  { name: 'method', kind: 'string', default: 'me', choices: ['me', 'mc', 'steady'], description: 'Solver: Lindblad master equation, quantum-jump trajectories, or steady state.' },
  { name: 'ntraj', kind: 'integer', default: 200, min: 1, description: 'Trajectories of "mc".' },
  { name: 'atol', kind: 'number', default: 0, min: 0, description: 'Absolute tolerance (0: solver default).' },
  { name: 'rtol', kind: 'number', default: 0, min: 0, description: 'Relative tolerance (0: solver default).' },
];

/** Peak memory (bytes, beyond the process baseline) of a solve of Hilbert dimension n (src/solvers/memory-estimate.ts). */
export function genericMemoryEstimate(n: number, method: string, workers = availableThreads(), outputs = 2): number {
  return solverMemoryEstimate(method, n, { workers, outputs });
}

function pickTimeScale(tmax: number): { scale: number; unit: string } {
  if (tmax >= 1) return { scale: 1, unit: 's' };
  if (tmax >= 1e-3) return { scale: 1e3, unit: 'ms' };
  if (tmax >= 1e-6) return { scale: 1e6, unit: 'µs' };
  return { scale: 1e9, unit: 'ns' };
}

function checkFinite(name: string, times: ArrayLike<number>, y: ArrayLike<number>): void {
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) throw new RangeError(`non-finite value (${y[i]}) of ${name} at t = ${times[i]} s`);
  }
}

/** The solver tolerances a point sets (0 or absent: the solver's default). */
function tolerances(params: Record<string, unknown>): { atol?: number; rtol?: number } {
  const tol: { atol?: number; rtol?: number } = {};
  if (typeof params.atol === 'number' && params.atol > 0) tol.atol = params.atol;
  if (typeof params.rtol === 'number' && params.rtol > 0) tol.rtol = params.rtol;
  return tol;
}

/** The mcsolve inputs of an "mc" point (operators built, trajectories planned). */
async function mcPlan(params: Record<string, unknown>, seed: number) {
  const spec = parseGeneric(params);
  const ops = buildGeneric(spec);
  if (ops.psi0 === null) throw new ProblemError('initial', 'method "mc" needs a pure initial state: give every spin a level m');
  const times = params.times as number[];
  if (!Array.isArray(times) || times.length === 0) throw new ProblemError('times', 'method "mc" needs output times');
  const tol = tolerances(params);
  const options = { times, eOps: ops.eOps, ntraj: Number(params.ntraj ?? 200), seed, ...tol };
  const { planMcsolve } = await import('../../solvers/mcsolve/index.js');
  return { spec, ops, times, options, plan: planMcsolve(ops.hamiltonian, ops.cOps, ops.psi0, options) };
}

/** The point result of an "mc" run: one series per observable, its final value as a scalar. */
function mcResult(names: readonly string[], times: number[], r: McsolveResult, base: Pick<ModelResult, 'xLabel' | 'yLabel' | 'xDisplayScale' | 'notes'>): ModelResult {
  const series = names.map((nm, k) => {
    checkFinite(nm, times, r.expect[k].re);
    return { name: nm, x: times.slice(), y: Array.from(r.expect[k].re), yErr: Array.from(r.stdErr[k].re) };
  });
  const scalars: Record<string, number> = {}, scalarErrors: Record<string, number> = {};
  series.forEach((s) => { scalars[s.name] = s.y[s.y.length - 1]; scalarErrors[s.name] = s.yErr[s.yErr.length - 1]; });
  return { ...base, series, scalars, scalarErrors, stats: r.stats };
}

/** Notes and axis labels of a time-dependent generic point. */
function baseOf(spec: GenericSpec, nOps: { n: number; cOps: readonly unknown[] }, times: number[]): Pick<ModelResult, 'xLabel' | 'yLabel' | 'xDisplayScale' | 'notes'> {
  const notes: string[] = [`Hilbert dimension ${nOps.n} (${spec.scope.spins.map((s) => `${s.name}: s = ${s.s}`).join(', ')}); ${nOps.cOps.length} collapse operator(s).`];
  const { scale, unit } = pickTimeScale(times[times.length - 1]);
  return { xLabel: `t (${unit})`, yLabel: 'expectation value', xDisplayScale: scale, notes };
}

/**
 * Work items of an "mc" point: its trajectory chunks (CHUNK_SIZE trajectories
 * each, chunk k seeded by (seed, k)); other methods are one indivisible unit.
 */
export const genericItems: PointItems = {
  async count(params) {
    if (String(params.method ?? 'me') !== 'mc') return null;
    const ntraj = Number(params.ntraj ?? 200);
    const { CHUNK_SIZE } = await import('../../solvers/mcsolve/index.js');
    return Number.isInteger(ntraj) && ntraj > 0 ? Math.ceil(ntraj / CHUNK_SIZE) : null;
  },
  async compute(params, indices, context) {
    const { runMcsolveChunks } = await import('../../solvers/mcsolve/index.js');
    const { spec, ops, times, plan } = await mcPlan(params, context.seed);
    const onChunk = runningMeanPublisher(spec.observables.map((o) => o.name), times, baseOf(spec, ops, times), context);
    return (await runMcsolveChunks(plan, indices, Math.max(1, context.workers || 1), context.progress, undefined, onChunk)).sums;
  },
  async assemble(params, parts, context) {
    const { combineMcsolveChunks } = await import('../../solvers/mcsolve/index.js');
    const { spec, ops, times, plan } = await mcPlan(params, context.seed);
    const names = spec.observables.map((o) => o.name);
    return mcResult(names, times, combineMcsolveChunks(plan, parts as TrajectorySums[]), baseOf(spec, ops, times));
  },
};

/** A chunk listener publishing the running mean ± standard error of the chunks finished so far (context.partial), or none. */
function runningMeanPublisher(names: readonly string[], times: number[], base: PartialBase, context: RunContext): ((position: number, output: ChunkOutput) => void) | undefined {
  const publisher = partialPublisher(context);
  if (!publisher) return undefined;
  const ensemble = new RunningEnsemble(names.length, times);
  return (_position, output) => {
    ensemble.add(output.sums);
    publisher.offer(() => ensemble.result(names, base));
  };
}

/** Run one parameter point of the generic model. */
export async function runGeneric(params: Record<string, unknown>, context: RunContext): Promise<ModelResult> {
  if (context.signal?.aborted) throw new AbortError('generic');
  const method = String(params.method ?? 'me');
  if (method === 'mc') {
    // The same path as a sharded run: every trajectory chunk, then their combination in chunk order.
    const start = performance.now();
    const count = (await genericItems.count(params)) as number;
    const sums = await genericItems.compute(params, Array.from({ length: count }, (_, i) => i), { ...context, workers: Math.max(1, context.workers || availableThreads()) });
    const r = await genericItems.assemble(params, sums, context);
    return { ...r, stats: { ...r.stats, wallTimeMs: performance.now() - start } };
  }
  const spec = parseGeneric(params);
  const ops = buildGeneric(spec);
  const names = spec.observables.map((o) => o.name);
  const tol = tolerances(params);
  if (method === 'steady') {
    if (ops.timeDependent) throw new ProblemError('method', 'a time-dependent system (a term or rate with t) has no steady state; use "me" or "mc" with times');
    const { steadystate } = await import('../../solvers/steadystate.js');
    const r = steadystate(ops.H, ops.cOps as Qobj[]);
    const rho = new Qobj(r.rho, ops.dims);
    const scalars: Record<string, number> = {};
    names.forEach((nm, k) => {
      const v = ops.eOps[k].expect(rho).re;
      if (!Number.isFinite(v)) throw new RangeError(`non-finite steady-state value of ${nm}`);
      scalars[nm] = v;
    });
    return { series: [], scalars, notes: baseOf(spec, ops, [1]).notes, stats: { ...r.stats, residual: r.residual } };
  }
  const times = params.times as number[];
  if (!Array.isArray(times) || times.length === 0) throw new ProblemError('times', `method "${method}" needs output times`);
  const base = baseOf(spec, ops, times);
  const { mesolve } = await import('../../solvers/mesolve.js');
  // Partial results: the time trace up to the output time reached, read from mesolve's own arrays.
  const publisher = partialPublisher(context);
  const partial = publisher
    ? (filled: number, expect: readonly { re: Float64Array }[]): void => publisher.offer(() => partialTrace(names, times, filled, expect, base))
    : undefined;
  const r = mesolve(ops.hamiltonian, ops.cOps, ops.psi0 ?? ops.rho0(), {
    times, eOps: ops.eOps, ...tol, ...(context.progress ? { progress: context.progress } : {}), ...(partial ? { partial } : {}),
  });
  const series = names.map((nm, k) => {
    checkFinite(nm, times, r.expect[k].re);
    return { name: nm, x: times.slice(), y: Array.from(r.expect[k].re) };
  });
  const scalars: Record<string, number> = {};
  series.forEach((s) => { scalars[s.name] = s.y[s.y.length - 1]; });
  return { ...base, series, scalars, stats: r.stats };
}

/** The generic spin-system model (registry id "generic"). */
export const genericModel: ModelDefinition = {
  id: 'generic',
  title: 'Generic spin system',
  description: 'Spins, Hamiltonian terms, dissipators, initial state and observables declared in the scenario; solved by mesolve, mcsolve or steadystate.',
  parameters: GENERIC_PARAMETERS,
  observables: [],
  run: runGeneric,
  items: genericItems,
  validate(params) {
    const spec = parseGeneric(params);
    if (String(params.method ?? 'me') === 'steady' && isTimeDependentSpec(spec)) {
      throw new ProblemError('method', 'a time-dependent system (a term or rate with t) has no steady state; use "me" or "mc" with times');
    }
  },
  memoryEstimate(params) {
    try {
      const spec = parseGeneric(params);
      const n = spec.dims.reduce((a, b) => a * b, 1);
      const method = String(params.method ?? 'me');
      const times = Array.isArray(params.times) ? params.times as number[] : null;
      const outputs = times ? times.length : 2;
      if (method === 'mc') return genericMemoryEstimate(n, method, mcsolveWorkers(Number(params.ntraj ?? 200), availableThreads()), outputs);
      if (method !== 'me' || !times || times.length === 0) return genericMemoryEstimate(n, method, 1, outputs);
      // The path mesolve will take on these (sparse, Hilbert-space) operators; ρ0 is a product ket or a
      // product of diagonal populations, Hermitian either way. runGeneric passes e_ops: no states are stored.
      const path = mesolveEstimatePath(n, () => {
        const ops = buildGeneric(spec);
        const args = new SolverArguments();
        return {
          h: args.hamiltonian(ops.hamiltonian), cOps: args.collapses(ops.cOps, 'c_ops').map((c) => ('coefficient' in c ? c.op : c)), times: Float64Array.from(times),
          options: tolerances(params), hermitianRho0: true,
        };
      });
      return solverMemoryEstimate(method, n, { outputs, path, storeStates: spec.observables.length === 0 });
    } catch {
      return 0;
    }
  },
};
