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
import type { Operator } from '../linalg/operator.js';
import { spmvInto, SparseMatrix } from '../linalg/sparse.js';
import { integrate } from '../linalg/ode/integrate.js';
import { ketToDensity } from '../quantum/states.js';
import { findBlocks, occupiedSectors, reachableSectors, singleBlock, type BlockStructure } from './blocks.js';
import { expandDensity, observableWeights, restrictDensity, restrictKet, sectorLayout, sectorLiouvillian, type SectorLayout } from './sector-liouvillian.js';
import { DENSE_LIMIT, propagateLinear, type PropagationMethod } from './linear-propagation.js';
import { isTimeDependent, type Hamiltonian, type MesolveOptions, type MesolveResult } from './types.js';

/** |ψ⟩⟨ψ| for a ket (re-exported from the quantum layer). */
export const densityFromKet = ketToDensity;

/** Check that every operator is n×n; throws a RangeError naming the argument. */
export function checkSquareOperators(n: number, named: [string, Operator][]): void {
  for (const [name, op] of named) {
    if (op.rows !== n || op.cols !== n) throw new RangeError(`${name}: is ${op.rows}x${op.cols}, expected ${n}x${n}`);
  }
}

function checkTimes(times: ArrayLike<number>): Float64Array {
  if (times.length === 0) throw new RangeError('times: at least one output time is required');
  const t = Float64Array.from(times);
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i])) throw new RangeError(`times[${i}]: not a finite number`);
    if (i > 0 && !(t[i] > t[i - 1])) throw new RangeError(`times[${i}]: times must increase strictly (${t[i - 1]} then ${t[i]})`);
  }
  return t;
}

export interface PreparedProblem {
  n: number;
  structure: BlockStructure;
  layout: SectorLayout;
  generator: SparseMatrix;
  drivenGenerators: { generator: SparseMatrix; coefficient: (t: number) => number }[];
}

/**
 * Restrict (H, C_k) to the sectors reachable from the initial state (a
 * density matrix, or a ket — whose n×n projector is never formed). Exposed for
 * tests and for solvers that reuse the reduced generator.
 */
export function prepareLindblad(
  h: Hamiltonian, cOps: readonly Operator[], initial: ComplexMatrix | ComplexVector, useBlocks: boolean, quantumNumbers?: ArrayLike<number>,
): PreparedProblem & { x0: { re: Float64Array; im: Float64Array } } {
  const n = initial instanceof ComplexVector ? initial.length : initial.rows;
  const h0 = isTimeDependent(h) ? h.h0 : h;
  const driven = isTimeDependent(h) ? h.terms : [];
  checkSquareOperators(n, [['H', h0], ...driven.map((d, k): [string, Operator] => [`H.terms[${k}]`, d.op]), ...cOps.map((c, k): [string, Operator] => [`c_ops[${k}]`, c])]);
  const structure = useBlocks ? findBlocks([h0, ...driven.map((d) => d.op)], cOps, quantumNumbers) : singleBlock(n, cOps.length);
  let initialSectors;
  if (initial instanceof ComplexVector) {
    const occupied = new Set<number>();
    for (let i = 0; i < n; i++) if (initial.re[i] !== 0 || initial.im[i] !== 0) occupied.add(structure.blockOf[i]);
    const blocks = Array.from(occupied).sort((x, y) => x - y);
    initialSectors = blocks.flatMap((a) => blocks.map((b) => ({ a, b })));
  } else {
    initialSectors = occupiedSectors(structure, initial);
  }
  const layout = sectorLayout(structure, reachableSectors(structure, initialSectors));
  const x0 = initial instanceof ComplexVector ? restrictKet(layout, initial.re, initial.im) : restrictDensity(layout, initial);
  return {
    n,
    structure,
    layout,
    x0,
    generator: sectorLiouvillian(layout, h0, cOps),
    drivenGenerators: driven.map((d) => ({ generator: sectorLiouvillian(layout, d.op, []), coefficient: d.coefficient })),
  };
}

/**
 * Solve the Lindblad master equation from ρ0 (or |ψ0⟩⟨ψ0|) and return the
 * expectation values Tr(O_k ρ(t)) (complex) and, on request, the states.
 */
export function mesolve(h: Hamiltonian, cOps: readonly Operator[], rho0: ComplexMatrix | ComplexVector, options: MesolveOptions): MesolveResult {
  const start = performance.now();
  if (!(rho0 instanceof ComplexVector) && !rho0.isSquare) throw new RangeError(`rho0: is ${rho0.rows}x${rho0.cols}, not square`);
  const n = rho0 instanceof ComplexVector ? rho0.length : rho0.rows;
  const times = checkTimes(options.times);
  const eOps = options.eOps ?? [];
  checkSquareOperators(n, eOps.map((o, k): [string, Operator] => [`e_ops[${k}]`, o]));
  const storeStates = options.storeStates ?? eOps.length === 0;
  const problem = prepareLindblad(h, cOps, rho0, options.useBlocks ?? true, options.quantumNumbers);
  const { layout, generator, x0 } = problem;
  const weights = eOps.map((o) => observableWeights(layout, o));
  const dim = layout.dimension;
  const requested = options.method ?? 'auto';
  const timeDependent = problem.drivenGenerators.length > 0;
  if (timeDependent && requested !== 'auto' && requested !== 'ode') {
    throw new RangeError(`method: '${requested}' needs a constant Hamiltonian; use 'ode' or 'auto' for H(t)`);
  }
  let method: PropagationMethod | 'ode';
  if (requested === 'ode' || timeDependent) method = 'ode';
  else if (requested === 'krylov' || requested === 'eigen' || requested === 'expm') method = requested;
  else if (requested === 'exact') method = dim <= DENSE_LIMIT && distinctSteps(times) > FEW_STEPS ? 'eigen' : 'expm';
  else method = chooseConstantMethod(generator, times);

  const t0 = times[0], tEnd = times[times.length - 1];
  const onOutput = options.progress
    ? (i: number): void => options.progress!(tEnd > t0 ? (times[i] - t0) / (tEnd - t0) : 1, `t = ${Number(times[i].toPrecision(4))} s of ${Number(tEnd.toPrecision(4))} s`)
    : undefined;
  let values: { re: Float64Array; im: Float64Array }[];
  let states: { re: Float64Array; im: Float64Array }[] | null;
  let details: Record<string, unknown>;
  let usedMethod: string;
  if (method === 'ode') {
    const r = propagateOde(problem, x0, times, weights, storeStates, options.atol ?? 1e-10, options.rtol ?? 1e-8, onOutput);
    ({ values, states, details } = r);
    usedMethod = 'ode-dop853';
  } else {
    const r = propagateLinear({ generator, x0, times, weights, storeStates, method, tolerance: options.atol ?? 1e-12, ...(onOutput ? { onOutput } : {}) });
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

/** Largest reduced dimension for which 'auto' considers a dense matrix exponential. */
export const EXPM_LIMIT = 3000;

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

function propagateOde(
  problem: PreparedProblem,
  x0: { re: Float64Array; im: Float64Array },
  times: Float64Array,
  weights: { re: Float64Array; im: Float64Array }[],
  storeStates: boolean,
  atol: number,
  rtol: number,
  onOutputTime?: (i: number) => void,
): { values: { re: Float64Array; im: Float64Array }[]; states: { re: Float64Array; im: Float64Array }[] | null; details: Record<string, unknown> } {
  const dim = problem.layout.dimension;
  const { generator, drivenGenerators } = problem;
  const tmpR = new Float64Array(dim), tmpI = new Float64Array(dim);
  const rhs = (t: number, y: Float64Array, dy: Float64Array): void => {
    const yr = y.subarray(0, dim), yi = y.subarray(dim);
    const dr = dy.subarray(0, dim), di = dy.subarray(dim);
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
  const { stats } = integrate(rhs, y0, times, {
    method: 'dop853',
    atol,
    rtol,
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
      onOutputTime?.(i);
    },
  });
  return { values, states, details: { ...stats } };
}
