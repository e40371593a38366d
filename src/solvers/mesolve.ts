/**
 * `mesolve`: the Lindblad master equation
 *
 *   dρ/dt = −i[H(t), ρ] + Σ_k (C_k ρ C_k† − ½{C_k†C_k, ρ}),   H in rad/s,
 *
 * on a grid of output times. The generator is first restricted to the
 * density-matrix sectors reachable from ρ0 (blocks.ts), then propagated
 * exactly (constant generator: eigendecomposition or matrix exponential;
 * large: Krylov) or by adaptive Dormand–Prince 8(5,3) (time-dependent H).
 */
import { ComplexMatrix } from '../linalg/dense.js';
import { ComplexVector } from '../linalg/vector.js';
import { toSparse, type Operator } from '../linalg/operator.js';
import { spmvInto, SparseMatrix } from '../linalg/sparse.js';
import { integrate } from '../linalg/ode/integrate.js';
import { ketToDensity } from '../quantum/states.js';
import { findBlocks, occupiedSectors, reachableSectors, singleBlock, type BlockStructure } from './blocks.js';
import { effectiveHamiltonian, expandDensity, observableWeights, restrictDensity, restrictKet, sectorLayout, sectorLiouvillian, type SectorLayout } from './sector-liouvillian.js';
import { DENSE_LIMIT, propagateLinear, type PropagationMethod } from './linear-propagation.js';
import { isTimeDependent, type Hamiltonian, type MesolveMethod, type MesolveOptions, type MesolveResult } from './types.js';
import { checkSquare, checkTimes } from '../util/checks.js';
import { ArgumentError } from '../util/errors.js';
import { formatValue } from '../util/format-value.js';
import { SplitViews } from '../util/split-views.js';
import { SolverArguments, type Collapse, type CollapseLike, type HamiltonianLike, type StateLike } from './arguments.js';
import { coefficientBreaks, isTimeDependentCollapse, type CoefficientFunction, type TimeDependentCollapse } from '../quantum/qobj-evo.js';
import { isHermitianState, propagateDenseOde } from './mesolve-dense.js';
import { planSectorCascade, sectorPlanCost, type SectorPlan } from './sector-propagation.js';
import { denseFormPlan, EXPM_LIMIT, resolveMethod } from './mesolve-plan.js';

export { EXPM_LIMIT, resolveMethod } from './mesolve-plan.js';

/** |ψ⟩⟨ψ| for a ket (re-exported from the quantum layer). */
export const densityFromKet = ketToDensity;

/** @deprecated Use `checkSquare` from `src/util/checks.ts` (kept while the trajectory engine's branch still imports it). */
export const checkSquareOperators = checkSquare;

/**
 * A Lindblad problem restricted to its reachable sectors: block structure,
 * sector layout, reduced generator(s) and the restricted initial state.
 * `prepareMesolve` makes one; `solvePrepared` runs it for any output times,
 * observables and method; passing it as `reuse` to the next point of a sweep
 * skips the block search when the operators' sparsity pattern is unchanged.
 */
export interface PreparedProblem {
  n: number;
  structure: BlockStructure;
  layout: SectorLayout;
  /** The reduced generator, built on first access (the sector cascade path never needs it). */
  readonly generator: SparseMatrix;
  /** The constant part on the Hilbert space: H_eff = H₀ − (i/2) Σ C†C and the constant collapse operators (sparse). */
  hilbert: { heff: SparseMatrix; collapses: SparseMatrix[] };
  /** L_k with their coefficients: −i[H_k, ·] with f_k(t), and D[C_j] with |g_j(t)|² for time-dependent collapse operators. */
  drivenGenerators: { generator: SparseMatrix; coefficient: (t: number) => number }[];
  /** The coefficient functions as given (f_k and g_j), for their break times. */
  coefficients: CoefficientFunction[];
  /** Sparsity patterns of H, its driven terms and the C_k (what the block structure depends on). */
  patterns: { rowPtr: Int32Array; colIndex: Int32Array }[];
  /** The initial state's occupied sectors, as a key. */
  sectorsKey: string;
  useBlocks: boolean;
  quantumNumbers: ArrayLike<number> | undefined;
  /** True when the block structure came from `reuse`. */
  reusedBlocks: boolean;
}

/** The problem `solvePrepared` runs: a prepared problem with its initial state and the dims of its Qobj arguments. */
export interface MesolveProblem extends PreparedProblem {
  x0: { re: Float64Array; im: Float64Array };
  /** Dims of the Qobj arguments it was made from (null for plain matrices), and the argument they were read from. */
  dims: readonly number[] | null;
  dimsOwner: string;
}

function sparsityPattern(op: Operator): { rowPtr: Int32Array; colIndex: Int32Array } {
  const s = toSparse(op);
  return { rowPtr: s.rowPtr, colIndex: s.colIndex.subarray(0, s.nnz) };
}

function samePatterns(a: readonly { rowPtr: Int32Array; colIndex: Int32Array }[], b: readonly { rowPtr: Int32Array; colIndex: Int32Array }[]): boolean {
  if (a.length !== b.length) return false;
  const eq = (x: Int32Array, y: Int32Array): boolean => x.length === y.length && x.every((v, i) => v === y[i]);
  return a.every((p, k) => eq(p.rowPtr, b[k].rowPtr) && eq(p.colIndex, b[k].colIndex));
}

/**
 * Restrict (H, C_k) to the sectors reachable from the initial state (a
 * density matrix, or a ket — whose n×n projector is never formed). Exposed for
 * tests and for solvers that reuse the reduced generator.
 */
export function prepareLindblad(
  h: Hamiltonian, collapses: readonly Collapse[], initial: ComplexMatrix | ComplexVector, useBlocks: boolean, quantumNumbers?: ArrayLike<number>,
  reuse?: PreparedProblem,
): PreparedProblem & { x0: { re: Float64Array; im: Float64Array } } {
  const n = initial instanceof ComplexVector ? initial.length : initial.rows;
  const h0 = isTimeDependent(h) ? h.h0 : h;
  const driven = isTimeDependent(h) ? h.terms : [];
  const cOps = collapses.filter((c): c is Operator => !isTimeDependentCollapse(c));
  const drivenC = collapses.filter(isTimeDependentCollapse);
  const allC = collapses.map((c) => (isTimeDependentCollapse(c) ? c.op : c));
  checkSquare(n, [['H', h0], ...driven.map((d, k): [string, Operator] => [`H.terms[${k}]`, d.op]), ...allC.map((c, k): [string, Operator] => [`c_ops[${k}]`, c])]);
  const patterns = [h0, ...driven.map((d) => d.op), ...allC].map(sparsityPattern);
  // The block structure depends only on where the operators are nonzero: a sweep that changes
  // values but not that pattern reuses it (and the sector layout, when the initial sectors agree).
  const reusable = reuse !== undefined && reuse.useBlocks === useBlocks && samePatterns(reuse.patterns, patterns) && reuse.quantumNumbers === quantumNumbers;
  const structure = reusable ? reuse.structure : useBlocks ? findBlocks([h0, ...driven.map((d) => d.op)], allC, quantumNumbers) : singleBlock(n, allC.length);
  let initialSectors;
  if (initial instanceof ComplexVector) {
    const occupied = new Set<number>();
    for (let i = 0; i < n; i++) if (initial.re[i] !== 0 || initial.im[i] !== 0) occupied.add(structure.blockOf[i]);
    const blocks = Array.from(occupied).sort((x, y) => x - y);
    initialSectors = blocks.flatMap((a) => blocks.map((b) => ({ a, b })));
  } else {
    initialSectors = occupiedSectors(structure, initial);
  }
  const sectorsKey = initialSectors.map((x) => `${x.a},${x.b}`).join(';');
  const layout = reusable && reuse.sectorsKey === sectorsKey ? reuse.layout : sectorLayout(structure, reachableSectors(structure, initialSectors));
  const x0 = initial instanceof ComplexVector ? restrictKet(layout, initial.re, initial.im) : restrictDensity(layout, initial);
  let generator: SparseMatrix | undefined;
  const problem = {
    n,
    structure,
    layout,
    x0,
    patterns,
    sectorsKey,
    useBlocks,
    quantumNumbers,
    reusedBlocks: reusable,
    hilbert: { heff: effectiveHamiltonian(h0, cOps), collapses: cOps.map(toSparse) },
    drivenGenerators: [
      ...driven.map((d) => ({ generator: sectorLiouvillian(layout, d.op, []), coefficient: d.coefficient })),
      ...drivenC.map((c) => ({ generator: sectorLiouvillian(layout, zeroOperator(n), [c.op]), coefficient: rateOf(c) })),
    ],
    coefficients: [...driven.map((d) => d.coefficient), ...drivenC.map((c) => c.coefficient)],
  };
  // A getter, not a value: spreading or copying the problem would build the generator (use withDims).
  Object.defineProperty(problem, 'generator', { enumerable: false, get: () => (generator ??= sectorLiouvillian(layout, h0, cOps)) });
  return problem as typeof problem & { generator: SparseMatrix };
}

/** The problem with the dims of its Qobj arguments, keeping the lazy generator (no spread). */
function withDims<T extends PreparedProblem>(prepared: T, dims: readonly number[] | null, dimsOwner: string): T & { dims: readonly number[] | null; dimsOwner: string } {
  return Object.assign(prepared, { dims, dimsOwner });
}

function zeroOperator(n: number): SparseMatrix {
  return SparseMatrix.zeros(n);
}

/** |g(t)|² of a collapse operator g(t)·C: the rate multiplying D[C]. */
export function rateOf(c: TimeDependentCollapse): (t: number) => number {
  const g = c.coefficient;
  return (t: number) => {
    const v = g(t);
    return v * v;
  };
}

/**
 * Solve the Lindblad master equation from ρ0 (or |ψ0⟩⟨ψ0|) and return the
 * expectation values Tr(O_k ρ(t)) (complex) and, on request, the states.
 * Operators and states may be plain matrices or `Qobj`s; Qobj arguments
 * must all have the same dims.
 *
 * @example
 * import { Qobj, mesolve } from 'spindrift';
 * const sx = Qobj.spin(1 / 2, 'x'), sm = Qobj.spin(1 / 2, '-'), sz = Qobj.spin(1 / 2, 'z');
 * const H = sx.scale(2 * Math.PI * 1e6);             // Rabi frequency 1 MHz (rad/s)
 * const r = mesolve(H, [sm.scale(Math.sqrt(1e5))], Qobj.basis(2, 0), {
 *   times: [0, 0.25e-6, 0.5e-6], eOps: [sz], method: { kind: 'ode', atol: 1e-10, rtol: 1e-8 },
 * });
 * r.expect[0].re; // ⟨Sz⟩(t): 0.5, ≈ −0.01, ≈ −0.48 (a damped π rotation at t = 0.5 µs)
 */
export function mesolve(h: HamiltonianLike, cOps: readonly CollapseLike[], rho0: StateLike, options: MesolveOptions): MesolveResult {
  const start = performance.now();
  const args = new SolverArguments();
  const plainH = args.hamiltonian(h);
  const plainC = args.collapses(cOps, 'c_ops');
  const initial = args.state(rho0, 'rho0');
  const eOps = args.operators(options.eOps ?? [], 'e_ops');
  if (!(initial instanceof ComplexVector) && !initial.isSquare) throw new ArgumentError('rho0', `is ${initial.rows}x${initial.cols}, not square`);
  const n = initial instanceof ComplexVector ? initial.length : initial.rows;
  const times = checkTimes(options.times); // before the (costlier) preparation
  checkSquare(n, eOps.map((o, k): [string, Operator] => [`e_ops[${k}]`, o]));
  const storeStates = options.storeStates ?? eOps.length === 0;
  const dense = denseFormSolve(plainH, plainC, initial, times, eOps, storeStates, options, start);
  if (dense) return dense;
  const prepared = prepareLindblad(plainH, plainC, initial, options.useBlocks ?? true, options.quantumNumbers);
  return solvePrepared(withDims(prepared, args.dimsSeen, args.dimsOwnerSeen), options, start);
}

/**
 * Prepare a Lindblad problem for `solvePrepared`: unwrap and check the
 * arguments, find the blocks (or reuse `options.reuse`'s when the operators'
 * sparsity pattern is the same) and build the reduced generator. For a sweep
 * whose points change parameter values but not which matrix entries are
 * nonzero, pass the previous point's problem as `reuse`.
 *
 * @example
 * import { Qobj, prepareMesolve, solvePrepared } from 'spindrift';
 * const sz = Qobj.spin(1 / 2, 'z'), sm = Qobj.spin(1 / 2, '-'), up = Qobj.basis(2, 0);
 * let previous;
 * for (const gamma of [1e3, 2e3, 4e3]) {
 *   const problem = prepareMesolve(sz.scale(1e4), [sm.scale(Math.sqrt(gamma))], up, { reuse: previous });
 *   solvePrepared(problem, { times: [0, 1e-3], eOps: [sz] }).expect[0].re[1]; // −0.5 + e^{−γ·1 ms}
 *   previous = problem; // problem.reusedBlocks is true from the second point on
 * }
 */
export function prepareMesolve(
  h: HamiltonianLike, cOps: readonly CollapseLike[], rho0: StateLike,
  options: { useBlocks?: boolean; quantumNumbers?: ArrayLike<number>; reuse?: PreparedProblem } = {},
): MesolveProblem {
  const args = new SolverArguments();
  const plainH = args.hamiltonian(h);
  const plainC = args.collapses(cOps, 'c_ops');
  const initial = args.state(rho0, 'rho0');
  if (!(initial instanceof ComplexVector) && !initial.isSquare) throw new ArgumentError('rho0', `is ${initial.rows}x${initial.cols}, not square`);
  const prepared = prepareLindblad(plainH, plainC, initial, options.useBlocks ?? true, options.quantumNumbers, options.reuse);
  return withDims(prepared, args.dimsSeen, args.dimsOwnerSeen);
}

/**
 * Solve a prepared problem (see `prepareMesolve`) on `options.times`, with
 * `options.eOps` and `options.method`; the same problem can be solved again
 * with other times, observables or methods.
 */
export function solvePrepared(problem: MesolveProblem, options: MesolveOptions, start = performance.now()): MesolveResult {
  const args = new SolverArguments(problem.dims, problem.dimsOwner);
  const eOps = args.operators(options.eOps ?? [], 'e_ops');
  const n = problem.n;
  const times = checkTimes(options.times);
  checkSquare(n, eOps.map((o, k): [string, Operator] => [`e_ops[${k}]`, o]));
  const storeStates = options.storeStates ?? eOps.length === 0;
  const { layout, x0 } = problem;
  const weights = eOps.map((o) => observableWeights(layout, o));
  const dim = layout.dimension;
  const resolved = resolveMethod(options.method, options);
  const requested = resolved.kind;
  const timeDependent = problem.drivenGenerators.length > 0;
  if (timeDependent && requested !== 'auto' && requested !== 'ode') {
    throw new ArgumentError('method', `'${requested}' needs a constant generator; use 'ode' or 'auto' for H(t) or time-dependent collapse operators`);
  }
  let method: PropagationMethod | 'ode';
  // 'auto' and 'exact': a cascade of free sectors into one-state sinks is propagated on the Hilbert space
  // (sector-propagation.ts) when its flop count is below a lower bound of every path on the reduced generator.
  let sectorPlan: SectorPlan | null = null;
  if (!timeDependent && (requested === 'auto' || requested === 'exact')) {
    sectorPlan = planSectorCascade(layout, problem.hilbert.heff, problem.hilbert.collapses);
    if (sectorPlan && !sectorsCheaper(sectorPlan, times)) sectorPlan = null;
  }
  if (requested === 'ode' || timeDependent) method = 'ode';
  else if (sectorPlan) method = 'sectors';
  else if (requested === 'krylov' || requested === 'eigen' || requested === 'expm') method = requested;
  else if (requested === 'exact') method = dim <= DENSE_LIMIT && distinctSteps(times) > FEW_STEPS ? 'eigen' : 'expm';
  else method = chooseConstantMethod(problem.generator, times);

  const onOutput = outputCallback(options, times);
  let values: { re: Float64Array; im: Float64Array }[];
  let states: { re: Float64Array; im: Float64Array }[] | null;
  let details: Record<string, unknown>;
  let usedMethod: string;
  if (method === 'ode') {
    const r = propagateOde(problem, x0, times, weights, storeStates, resolved.atol, resolved.rtol, onOutput);
    ({ values, states, details } = r);
    usedMethod = 'ode-dop853';
  } else {
    const generator = method === 'sectors' ? null : problem.generator;
    const r = propagateLinear({ generator, x0, times, weights, storeStates, method, ...(sectorPlan ? { sectorPlan } : {}), tolerance: resolved.krylovTol, ...(onOutput ? { onOutput } : {}) });
    ({ values, states, details } = r);
    usedMethod = r.method;
  }
  return {
    times,
    expect: values,
    states: states ? states.map((s) => expandDensity(layout, s.re, s.im, problem.n)) : null,
    stats: {
      method: usedMethod,
      wallTimeMs: performance.now() - start,
      hilbertDimension: problem.n,
      blocks: problem.structure.count,
      sectors: layout.sectors.length,
      reducedDimension: dim,
      fullDimension: problem.n * problem.n,
      ...details,
    },
  };
}

/**
 * The matrix-form path (mesolve-dense.ts) when the problem has no block
 * structure, ρ0 is Hermitian, and either an ODE is wanted ('ode', or 'auto'
 * with H(t)) or, for a constant H too large for the dense exponentials, the
 * cost model prefers it to Krylov. Returns null to use the vectorized path.
 */
function denseFormSolve(
  h: Hamiltonian, collapses: readonly Collapse[], rho0: ComplexMatrix | ComplexVector, times: Float64Array, eOps: readonly Operator[],
  storeStates: boolean, options: MesolveOptions, start: number,
): MesolveResult | null {
  const n = rho0 instanceof ComplexVector ? rho0.length : rho0.rows;
  // Time-dependent collapse operators take the vectorized path (their dissipators are driven generators there).
  if (collapses.some(isTimeDependentCollapse)) return null;
  const cOps = collapses as readonly Operator[];
  const resolved = resolveMethod(options.method, options);
  const h0 = isTimeDependent(h) ? h.h0 : h;
  const driven = isTimeDependent(h) ? h.terms : [];
  checkSquare(n, [['H', h0], ...driven.map((d, k): [string, Operator] => [`H.terms[${k}]`, d.op]), ...cOps.map((c, k): [string, Operator] => [`c_ops[${k}]`, c])]);
  // The same decision as the memory estimate's (planMesolvePath), plus the Hermiticity of this ρ0.
  const plan = denseFormPlan(n, h, cOps, times, options);
  if (!plan?.use) return null;
  const rho = rho0 instanceof ComplexVector ? ketToDensity(rho0) : rho0;
  if (!isHermitianState(rho)) return null;
  const rtol = resolved.rtol, atol = resolved.atol;
  const r = propagateDenseOde(h0, cOps, driven, rho, times, eOps, storeStates, atol, rtol, outputCallback(options, times));
  return {
    times,
    expect: r.values,
    states: r.states,
    stats: {
      method: 'ode-dop853-dense', wallTimeMs: performance.now() - start, hilbertDimension: n, blocks: 1, sectors: 1,
      reducedDimension: n * n, fullDimension: n * n, choice: plan.reason, ...r.details,
    },
  };
}

/** What the propagators call after output time i: options.progress and options.partial (with the filled values). */
function outputCallback(options: MesolveOptions, times: Float64Array): ((i: number, values?: readonly { re: Float64Array; im: Float64Array }[]) => void) | undefined {
  const { progress, partial } = options;
  if (!progress && !partial) return undefined;
  const t0 = times[0], tEnd = times[times.length - 1];
  return (i, values) => {
    progress?.(tEnd > t0 ? (times[i] - t0) / (tEnd - t0) : 1, `t = ${formatValue(Number(times[i].toPrecision(4)), 's')} of ${formatValue(tEnd, 's')}`);
    if (partial && values) partial(i + 1, values);
  };
}

/** Output grids with at most this many distinct steps use one exponential per step. */
export const FEW_STEPS = 4;

/** Number of distinct output steps (equal to 1e-12 relative), counted up to FEW_STEPS + 1. */
export function distinctSteps(times: Float64Array): number {
  const steps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const dt = times[i] - times[i - 1];
    if (!steps.some((s) => Math.abs(s - dt) <= 1e-12 * Math.abs(dt))) {
      steps.push(dt);
      if (steps.length > FEW_STEPS) break;
    }
  }
  return steps.length;
}

/**
 * Cost model for a constant generator (flop estimates; see docs/architecture.md):
 * - dense exponential: (12 + log₂⌈‖L‖₁Δt⌉) products of N×N matrices plus one N² product per
 *   output time — independent of how long or how stiff the span is;
 * - Krylov: Expokit needs about 2‖L‖₁T + 30·n_t products with L (nnz each) over the span T,
 *   which is hopeless for GHz-scale lab-frame generators over milliseconds.
 * Small problems (N ≤ 256) on grids with many distinct steps use the eigendecomposition (O(N) per
 * expectation value and time).
 */
export function chooseConstantMethod(generator: SparseMatrix, times: Float64Array): PropagationMethod {
  const n = generator.rows;
  // Small: one Padé exponential per distinct step (~(12 + s)·8N³ flops) is cheaper and more robust than a
  // non-Hermitian eigendecomposition (~200N³, wasted when V is ill conditioned) unless the grid has many
  // distinct steps.
  if (n <= DENSE_LIMIT) return distinctSteps(times) > FEW_STEPS ? 'eigen' : 'expm';
  const colSums = new Float64Array(n);
  for (let k = 0; k < generator.nnz; k++) colSums[generator.colIndex[k]] += Math.hypot(generator.re[k], generator.im[k]);
  let norm = 0;
  for (let j = 0; j < n; j++) norm = Math.max(norm, colSums[j]);
  const nt = times.length;
  const span = times[nt - 1] - times[0];
  const step = nt > 1 ? span / (nt - 1) : 0;
  const krylovCost = (2 * norm * span + 30 * nt) * 8 * generator.nnz;
  if (n > EXPM_LIMIT) return 'krylov';
  const squarings = Math.max(0, Math.ceil(Math.log2(Math.max(1, norm * step))));
  const denseCost = (12 + squarings) * 8 * n * n * n + nt * 8 * n * n;
  return denseCost < krylovCost ? 'expm' : 'krylov';
}

/** Number of distinct output steps (equal to 1e-12 relative), counted up to `cap`. */
function distinctStepsUpTo(times: Float64Array, cap: number): number {
  const steps: number[] = [];
  for (let i = 1; i < times.length && steps.length < cap; i++) {
    const dt = times[i] - times[i - 1];
    if (!steps.some((s) => Math.abs(s - dt) <= 1e-12 * Math.abs(dt))) steps.push(dt);
  }
  return steps.length;
}

/**
 * Whether the sector-by-sector propagation (sector-propagation.ts: step maps from Hilbert-space
 * exponentials, one per distinct output step, ≤ 8 cached, and O(n_a n_b (n_a + n_b)) per output
 * time) costs fewer flops than a lower bound of every path on the reduced generator of dimension
 * N: a dense exponential or eigendecomposition needs more than 12·8N³, Krylov more than
 * 2‖L‖₁T + 30·n_t products with the generator (chooseConstantMethod's model, with ‖L‖₁ ≥ max |L_jj|
 * and the nonzeros of the free sectors' blocks alone).
 */
export function sectorsCheaper(plan: SectorPlan, times: Float64Array): boolean {
  const n = plan.dimension, nt = times.length;
  const distinct = distinctStepsUpTo(times, 9);
  const { perStep, perApplication, generatorNonzeros, normLower } = sectorPlanCost(plan);
  // Beyond 8 distinct steps the step cache misses: count one step map per output step.
  const sectorCost = (distinct > 8 ? nt - 1 : distinct) * perStep + nt * perApplication;
  const denseLower = 12 * 8 * n * n * n;
  const krylovLower = (2 * normLower * (times[nt - 1] - times[0]) + 30 * nt) * 8 * generatorNonzeros;
  return sectorCost < Math.min(denseLower, krylovLower);
}

function propagateOde(
  problem: PreparedProblem,
  x0: { re: Float64Array; im: Float64Array },
  times: Float64Array,
  weights: { re: Float64Array; im: Float64Array }[],
  storeStates: boolean,
  atol: number,
  rtol: number,
  onOutputTime?: (i: number, values: readonly { re: Float64Array; im: Float64Array }[]) => void,
): { values: { re: Float64Array; im: Float64Array }[]; states: { re: Float64Array; im: Float64Array }[] | null; details: Record<string, unknown> } {
  const dim = problem.layout.dimension;
  const { generator, drivenGenerators } = problem;
  const tmpR = new Float64Array(dim), tmpI = new Float64Array(dim);
  const views = new SplitViews(dim);
  const rhs = (t: number, y: Float64Array, dy: Float64Array): void => {
    const [yr, yi] = views.of(y);
    const [dr, di] = views.of(dy);
    spmvInto(generator, yr, yi, dr, di);
    for (const d of drivenGenerators) {
      const f = d.coefficient(t);
      if (f === 0) continue;
      spmvInto(d.generator, yr, yi, tmpR, tmpI);
      for (let k = 0; k < dim; k++) {
        dr[k] += f * tmpR[k];
        di[k] += f * tmpI[k];
      }
    }
  };
  const y0 = new Float64Array(2 * dim);
  y0.set(x0.re, 0);
  y0.set(x0.im, dim);
  const nt = times.length;
  const values = weights.map(() => ({ re: new Float64Array(nt), im: new Float64Array(nt) }));
  const states: { re: Float64Array; im: Float64Array }[] | null = storeStates ? [] : null;
  const stops = coefficientBreaks(problem.coefficients, times[0], times[times.length - 1]);
  const { stats } = integrate(rhs, y0, times, {
    method: 'dop853',
    atol,
    rtol,
    ...(stops && stops.length > 0 ? { tstops: stops } : {}),
    onOutput: (i, _t, y) => {
      const yr = y.subarray(0, dim), yi = y.subarray(dim);
      weights.forEach((w, k) => {
        let sr = 0, si = 0;
        for (let x = 0; x < dim; x++) {
          sr += w.re[x] * yr[x] - w.im[x] * yi[x];
          si += w.re[x] * yi[x] + w.im[x] * yr[x];
        }
        values[k].re[i] = sr;
        values[k].im[i] = si;
      });
      if (states) states.push({ re: yr.slice(), im: yi.slice() });
      onOutputTime?.(i, values);
    },
  });
  return { values, states, details: { ...stats } };
}
