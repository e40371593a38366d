/**
 * The generic spin-system model: spins, Hamiltonian terms, dissipators,
 * initial state and observables declared in a scenario, solved with
 * `mesolve`, `mcsolve` or `steadystate`.
 *
 * Units (SPEC §3): Hamiltonian coefficients are frequencies in Hz and are
 * multiplied by 2π (H in rad/s); dissipator coefficients are rates Γ in s⁻¹
 * and the collapse operator is √Γ · O; times are in s.
 */
import { availableParallelism } from 'node:os';
import { ProblemError, AbortError } from '../../util/errors.js';
import { mcsolveWorkers, mesolveEstimatePath, solverMemoryEstimate } from '../../solvers/memory-estimate.js';
import { SolverArguments } from '../../solvers/arguments.js';
import type { ComplexMatrix } from '../../linalg/dense.js';
import { SparseMatrix } from '../../linalg/sparse.js';
import { Qobj } from '../../quantum/qobj.js';
import type { ComplexVector } from '../../linalg/vector.js';
import { maximallyMixed, productDensity, productKet, spinKet } from '../../quantum/states.js';
import { spinDimension, spinIndex } from '../../quantum/spin.js';
import { parseAnyQuantity, SI_UNIT, type QuantityKind } from '../../expression/units.js';
import type { ModelDefinition, ModelResult, ParameterSpec, PointItems, RunContext } from '../types.js';
import type { TrajectorySums } from '../../solvers/jump-trajectory.js';
import type { McsolveResult } from '../../solvers/types.js';
import { evaluate, parseExpression, parseM, splitRate, valueOperator, type ExpressionScope, type ParsedExpression } from '../../expression/operators.js';

/** Parameters of the generic model. */
export const GENERIC_PARAMETERS: readonly ParameterSpec[] = [
  { name: 'spins', kind: 'json', default: { S: '1/2' }, description: 'Spins in tensor order: {name: s}, s = 1/2, 1, 3/2, ... (names: letters, digits, _).' },
  { name: 'constants', kind: 'json', default: {}, description: 'Named constants usable in expressions: {name: quantity}, e.g. {Omega: "1 MHz"}; converted to SI.' },
  { name: 'hamiltonian', kind: 'json', default: [], description: 'Hamiltonian terms (summed), coefficients in Hz, e.g. ["13 MHz * Sz*I1x", "0.5 MHz * (S+*Sp- + h.c.)"]; ×2π → rad/s.' },
  { name: 'dissipators', kind: 'json', default: [], description: 'Dissipators "RATE * OPERATOR" (rate in s⁻¹, collapse operator √RATE·OPERATOR), e.g. "17e3 /s * S:|0><-1|", or {rate, op}.' },
  { name: 'initial', kind: 'json', default: {}, description: 'Initial state per spin: m ("+1/2", -1, 0), "mixed", or {m: population}; unlisted spins are maximally mixed.' },
  { name: 'observables', kind: 'json', default: [], description: 'Observables: {name: expression} or a list of "expression" / "name = expression"; default <Xz> per spin. P(X) = <Xz>/s.' },
  { name: 'times', kind: 'numbers', default: [], description: 'Output times (s), increasing; required by "me" and "mc".' },
  { name: 'method', kind: 'string', default: 'me', choices: ['me', 'mc', 'steady'], description: 'Solver: Lindblad master equation, quantum-jump trajectories, or steady state.' },
  { name: 'ntraj', kind: 'integer', default: 200, min: 1, description: 'Trajectories of "mc".' },
  { name: 'atol', kind: 'number', default: 0, min: 0, description: 'Absolute tolerance (0: solver default).' },
  { name: 'rtol', kind: 'number', default: 0, min: 0, description: 'Relative tolerance (0: solver default).' },
];

/** A generic system with its expressions parsed (no matrices built yet). */
export interface GenericSpec {
  scope: ExpressionScope;
  dims: number[];
  hamiltonian: { path: string; parsed: ParsedExpression }[];
  dissipators: { path: string; rate: ParsedExpression | null; rateValue: number | null; op: ParsedExpression }[];
  initial: { path: string; pure: number | null; populations: number[] }[];
  observables: { name: string; path: string; parsed: ParsedExpression }[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function spinValue(v: unknown, path: string): number {
  const s = typeof v === 'number' ? v : typeof v === 'string' ? parseM(v) : null;
  if (s === null || !(s > 0) || !Number.isInteger(2 * s)) throw new ProblemError(path, `expected a spin quantum number such as 1/2, 1 or "3/2", got ${JSON.stringify(v)}`);
  return s;
}

function checkKinds(p: ParsedExpression, allowed: QuantityKind, path: string): void {
  for (const k of p.kinds) {
    if (k.kind !== allowed) {
      const want = allowed === 'frequency' ? 'frequencies (Hz, kHz, MHz, ...)' : 'rates (/s, /ms, ...)';
      throw new ProblemError(path, `coefficients here are ${want}; got a ${k.kind} (in ${SI_UNIT[k.kind]}) at column ${k.pos + 1} of ${JSON.stringify(p.text)}`);
    }
  }
}

function stringList(v: unknown, path: string): { text: string; path: string }[] {
  if (typeof v === 'string') return [{ text: v, path }];
  if (!Array.isArray(v)) throw new ProblemError(path, `expected a list of expressions, got ${JSON.stringify(v)}`);
  return v.map((x, i) => {
    if (typeof x !== 'string') throw new ProblemError(`${path}[${i}]`, `expected an expression string, got ${JSON.stringify(x)}`);
    return { text: x, path: `${path}[${i}]` };
  });
}

/**
 * Check and parse the structured parameters of the generic model (no
 * matrices are built). Errors are ProblemErrors at paths relative to the
 * parameters, e.g. `hamiltonian[1]`.
 */
export function parseGeneric(params: Record<string, unknown>): GenericSpec {
  const spinsIn = params.spins;
  if (!isRecord(spinsIn) || Object.keys(spinsIn).length === 0) throw new ProblemError('spins', `expected a mapping such as {I1: 1/2, S: 1}, got ${JSON.stringify(spinsIn)}`);
  const spins: { name: string; s: number }[] = [];
  for (const [name, v] of Object.entries(spinsIn)) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new ProblemError(`spins.${name}`, 'a spin name is a letter followed by letters, digits or _');
    if (name === 'P' || name === 'i' || name === 'pi') throw new ProblemError(`spins.${name}`, `"${name}" is reserved`);
    spins.push({ name, s: spinValue(v, `spins.${name}`) });
  }
  const constants: Record<string, { value: number; kind: QuantityKind | null }> = {};
  const cIn = params.constants ?? {};
  if (!isRecord(cIn)) throw new ProblemError('constants', `expected a mapping such as {Omega: "1 MHz"}, got ${JSON.stringify(cIn)}`);
  for (const [name, v] of Object.entries(cIn)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ProblemError(`constants.${name}`, 'a constant name is a letter followed by letters, digits or _');
    if (spins.some((s) => s.name === name)) throw new ProblemError(`constants.${name}`, `"${name}" is already a spin name`);
    constants[name] = parseAnyQuantity(v, `constants.${name}`);
  }
  const scope: ExpressionScope = { spins, constants };
  const dims = spins.map((s) => spinDimension(s.s));

  const hamiltonian = stringList(params.hamiltonian ?? [], 'hamiltonian').map(({ text, path }) => {
    const parsed = parseExpression(text, scope, path);
    checkKinds(parsed, 'frequency', path);
    return { path, parsed };
  });

  const dIn = params.dissipators ?? [];
  if (!Array.isArray(dIn)) throw new ProblemError('dissipators', `expected a list, got ${JSON.stringify(dIn)}`);
  const dissipators = dIn.map((d, i) => {
    const path = `dissipators[${i}]`;
    if (isRecord(d)) {
      for (const k of Object.keys(d)) if (k !== 'rate' && k !== 'op') throw new ProblemError(`${path}.${k}`, 'unknown field; expected "rate" and "op"');
      if (typeof d.op !== 'string') throw new ProblemError(`${path}.op`, 'expected an operator expression');
      const op = parseExpression(d.op, scope, `${path}.op`);
      checkKinds(op, 'rate', `${path}.op`);
      let rateValue: number;
      if (typeof d.rate === 'string' && !/^\s*[+-]?[0-9.]/.test(d.rate) && d.rate.trim() in constants) rateValue = constants[d.rate.trim()].value;
      else {
        const q = parseAnyQuantity(d.rate, `${path}.rate`);
        if (q.kind !== null && q.kind !== 'rate') throw new ProblemError(`${path}.rate`, `expected a rate such as "17e3 /s", got ${JSON.stringify(d.rate)}`);
        rateValue = q.value;
      }
      if (!(rateValue >= 0)) throw new ProblemError(`${path}.rate`, `a rate must be ≥ 0, got ${rateValue}`);
      return { path, rate: null, rateValue, op };
    }
    if (typeof d !== 'string') throw new ProblemError(path, `expected "RATE * OPERATOR" or {rate, op}, got ${JSON.stringify(d)}`);
    const parsed = parseExpression(d, scope, path);
    checkKinds(parsed, 'rate', path);
    return { path, rate: parsed, rateValue: null, op: parsed };
  });

  const iIn = params.initial ?? {};
  if (!isRecord(iIn)) throw new ProblemError('initial', `expected a mapping such as {S: 0, I1: "+1/2"}, got ${JSON.stringify(iIn)}`);
  for (const k of Object.keys(iIn)) if (!spins.some((s) => s.name === k)) throw new ProblemError(`initial.${k}`, `unknown spin; spins are ${spins.map((s) => s.name).join(', ')}`);
  const initial = spins.map((sp) => {
    const path = `initial.${sp.name}`;
    const d = spinDimension(sp.s);
    const v = iIn[sp.name];
    const level = (x: unknown, p: string): number => {
      let m: number | null = typeof x === 'number' ? x : typeof x === 'string' ? parseM(x) : null;
      if (typeof x === 'string' && sp.s === 0.5 && (x === 'up' || x === 'down')) m = x === 'up' ? 0.5 : -0.5;
      if (m === null || !Number.isInteger(sp.s - m) || Math.abs(m) > sp.s) throw new ProblemError(p, `expected a level m of spin ${sp.s} (${levels(sp.s)}), got ${JSON.stringify(x)}`);
      return spinIndex(sp.s, m);
    };
    if (v === undefined || v === 'mixed') return { path, pure: null, populations: new Array(d).fill(1 / d) };
    if (isRecord(v)) {
      const pops = new Array(d).fill(0);
      let sum = 0;
      for (const [mk, pv] of Object.entries(v)) {
        if (typeof pv !== 'number' || !(pv >= 0)) throw new ProblemError(`${path}[${JSON.stringify(mk)}]`, `expected a population ≥ 0, got ${JSON.stringify(pv)}`);
        pops[level(mk, `${path}[${JSON.stringify(mk)}]`)] += pv;
        sum += pv;
      }
      if (!(Math.abs(sum - 1) < 1e-9)) throw new ProblemError(path, `populations must sum to 1, got ${sum}`);
      return { path, pure: null, populations: pops };
    }
    const idx = level(v, path);
    const pops = new Array(d).fill(0);
    pops[idx] = 1;
    return { path, pure: idx, populations: pops };
  });

  const oIn = params.observables ?? [];
  const observables: GenericSpec['observables'] = [];
  if (isRecord(oIn)) {
    for (const [name, v] of Object.entries(oIn)) {
      if (typeof v !== 'string') throw new ProblemError(`observables.${name}`, 'expected an expression string');
      observables.push({ name, path: `observables[${JSON.stringify(name)}]`, parsed: parseExpression(v, scope, `observables[${JSON.stringify(name)}]`) });
    }
  } else if (Array.isArray(oIn)) {
    oIn.forEach((v, i) => {
      const path = `observables[${i}]`;
      if (typeof v !== 'string') throw new ProblemError(path, 'expected an expression string');
      const eq = v.indexOf('=');
      const name = eq >= 0 ? v.slice(0, eq).trim() : v.trim();
      const text = eq >= 0 ? v.slice(eq + 1) : v;
      observables.push({ name, path, parsed: parseExpression(text, scope, path) });
    });
  } else {
    throw new ProblemError('observables', `expected a mapping {name: expression} or a list, got ${JSON.stringify(oIn)}`);
  }
  if (observables.length === 0) {
    for (const s of spins) observables.push({ name: `<${s.name}z>`, path: 'observables', parsed: parseExpression(`${s.name}z`, scope, 'observables') });
  }
  const seen = new Set<string>();
  for (const o of observables) {
    if (seen.has(o.name)) throw new ProblemError(o.path, `duplicate observable name ${JSON.stringify(o.name)}`);
    seen.add(o.name);
  }
  return { scope, dims, hamiltonian, dissipators, initial, observables };
}

function levels(s: number): string {
  const out: string[] = [];
  for (let m = s; m >= -s; m--) out.push(Number.isInteger(m) ? String(m) : `${m > 0 ? '+' : '-'}${Math.round(Math.abs(2 * m))}/2`);
  return out.join(', ');
}

/** The operators of a parsed generic system (Qobjs with the spins' dims): H in rad/s, collapse operators, observables, initial state. */
export interface GenericOperators {
  n: number;
  dims: readonly number[];
  H: Qobj;
  cOps: Qobj[];
  eOps: Qobj[];
  /** Product ket when every spin starts in a level, else null. */
  psi0: Qobj | null;
  /** The initial density matrix, built on demand (n×n dense: never formed for a pure start). */
  rho0(): Qobj;
}

/** Build the operators of a parsed system with `src/quantum` (Hz → rad/s for H). */
export function buildGeneric(spec: GenericSpec): GenericOperators {
  const dims = spec.dims;
  const n = dims.reduce((a, b) => a * b, 1);
  let H = new Qobj(SparseMatrix.zeros(n), dims);
  for (const { path, parsed } of spec.hamiltonian) {
    const term = valueOperator(evaluate(parsed, spec.scope, path), dims);
    const t = term.op;
    const stored = t instanceof SparseMatrix ? t.nnz : t.re.length;
    let scaleH = 1; // max(1, max |entry|), without spreading 10⁶ arguments onto the stack
    for (let k = 0; k < stored; k++) scaleH = Math.max(scaleH, Math.abs(t.re[k]), Math.abs(t.im[k]));
    if (term.hermitianDefect() > 1e-12 * scaleH) throw new ProblemError(path, `the term is not Hermitian; add "+ h.c." (${JSON.stringify(parsed.text)})`);
    H = H.add(term.scale(2 * Math.PI));
  }
  const cOps = spec.dissipators.map((d) => {
    let rate: number;
    let op: Qobj;
    if (d.rateValue !== null) {
      rate = d.rateValue;
      op = valueOperator(evaluate(d.op, spec.scope, `${d.path}.op`), dims);
    } else {
      const split = splitRate(d.op);
      if (split === null) throw new ProblemError(d.path, `expected "RATE * OPERATOR", e.g. "17e3 /s * S-", got ${JSON.stringify(d.op.text)}`);
      rate = 1;
      for (const f of split.scalar) {
        const v = evaluate({ text: d.op.text, expr: f, kinds: [] }, spec.scope, d.path);
        if (v.op !== null || v.im !== 0) throw new ProblemError(d.path, 'the rate must be a real number');
        rate *= v.re;
      }
      if (!(rate >= 0)) throw new ProblemError(d.path, `the rate must be ≥ 0, got ${rate}`);
      let acc: Qobj | null = null;
      for (const f of split.operator) {
        const m = valueOperator(evaluate({ text: d.op.text, expr: f, kinds: [] }, spec.scope, d.path), dims);
        acc = acc === null ? m : acc.mul(m);
      }
      op = acc!;
    }
    return op.scale(Math.sqrt(rate));
  });
  const eOps = spec.observables.map((o) => valueOperator(evaluate(o.parsed, spec.scope, o.path), dims));
  const allPure = spec.initial.every((x) => x.pure !== null);
  const psi0 = allPure ? new Qobj(productKet(spec.initial.map((x, k) => {
    const s = spec.scope.spins[k].s;
    const k0 = x.pure as number;
    return spinKet(s, s - k0);
  })), dims) : null;
  const rho0 = (): Qobj => new Qobj(productDensity(spec.initial.map((x) => {
    const d = x.populations.length;
    const r = maximallyMixed(d);
    for (let i = 0; i < d; i++) r.re[i * d + i] = x.populations[i];
    return r;
  })), dims);
  return { n, dims, H, cOps, eOps, psi0, rho0 };
}


/** Peak memory (bytes, beyond the process baseline) of a solve of Hilbert dimension n (src/solvers/memory-estimate.ts). */
export function genericMemoryEstimate(n: number, method: string, workers = availableParallelism(), outputs = 2): number {
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
  const { planMcsolve } = await import('../../solvers/mcsolve.js');
  return { spec, ops, times, options, plan: planMcsolve(ops.H, ops.cOps, ops.psi0, options) };
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
    const { CHUNK_SIZE } = await import('../../solvers/mcsolve.js');
    return Number.isInteger(ntraj) && ntraj > 0 ? Math.ceil(ntraj / CHUNK_SIZE) : null;
  },
  async compute(params, indices, context) {
    const { runMcsolveChunks } = await import('../../solvers/mcsolve.js');
    const { plan } = await mcPlan(params, context.seed);
    return (await runMcsolveChunks(plan, indices, Math.max(1, context.workers || 1), context.progress)).sums;
  },
  async assemble(params, parts, context) {
    const { combineMcsolveChunks } = await import('../../solvers/mcsolve.js');
    const { spec, ops, times, plan } = await mcPlan(params, context.seed);
    const names = spec.observables.map((o) => o.name);
    return mcResult(names, times, combineMcsolveChunks(plan, parts as TrajectorySums[]), baseOf(spec, ops, times));
  },
};

/** Run one parameter point of the generic model. */
export async function runGeneric(params: Record<string, unknown>, context: RunContext): Promise<ModelResult> {
  if (context.signal?.aborted) throw new AbortError('generic');
  const method = String(params.method ?? 'me');
  if (method === 'mc') {
    // The same path as a sharded run: every trajectory chunk, then their combination in chunk order.
    const start = performance.now();
    const count = (await genericItems.count(params)) as number;
    const sums = await genericItems.compute(params, Array.from({ length: count }, (_, i) => i), { ...context, workers: Math.max(1, context.workers || availableParallelism()) });
    const r = await genericItems.assemble(params, sums, context);
    return { ...r, stats: { ...r.stats, wallTimeMs: performance.now() - start } };
  }
  const spec = parseGeneric(params);
  const ops = buildGeneric(spec);
  const names = spec.observables.map((o) => o.name);
  const tol = tolerances(params);
  if (method === 'steady') {
    const { steadystate } = await import('../../solvers/steadystate.js');
    const r = steadystate(ops.H, ops.cOps);
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
  const r = mesolve(ops.H, ops.cOps, ops.psi0 ?? ops.rho0(), { times, eOps: ops.eOps, ...tol, ...(context.progress ? { progress: context.progress } : {}) });
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
    parseGeneric(params);
  },
  memoryEstimate(params) {
    try {
      const spec = parseGeneric(params);
      const n = spec.dims.reduce((a, b) => a * b, 1);
      const method = String(params.method ?? 'me');
      const times = Array.isArray(params.times) ? params.times as number[] : null;
      const outputs = times ? times.length : 2;
      if (method === 'mc') return genericMemoryEstimate(n, method, mcsolveWorkers(Number(params.ntraj ?? 200), availableParallelism()), outputs);
      if (method !== 'me' || !times || times.length === 0) return genericMemoryEstimate(n, method, 1, outputs);
      // The path mesolve will take on these (sparse, Hilbert-space) operators; ρ0 is a product ket or a
      // product of diagonal populations, Hermitian either way. runGeneric passes e_ops: no states are stored.
      const path = mesolveEstimatePath(n, () => {
        const ops = buildGeneric(spec);
        const args = new SolverArguments();
        return {
          h: args.hamiltonian(ops.H), cOps: args.operators(ops.cOps, 'c_ops'), times: Float64Array.from(times),
          options: tolerances(params), hermitianRho0: true,
        };
      });
      return solverMemoryEstimate(method, n, { outputs, path, storeStates: spec.observables.length === 0 });
    } catch {
      return 0;
    }
  },
};
