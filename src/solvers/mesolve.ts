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
import { findBlocks, occupiedSectors, reachableSectors, singleBlock, type BlockStructure } from './blocks.js';
import { expandDensity, observableWeights, restrictDensity, sectorLayout, sectorLiouvillian, type SectorLayout } from './sector-liouvillian.js';
import { DENSE_LIMIT, propagateLinear, type PropagationMethod } from './linear-propagation.js';
import { isTimeDependent, type Hamiltonian, type MesolveOptions, type MesolveResult } from './types.js';

/** |ψ⟩⟨ψ| for a ket. */
export function densityFromKet(psi: ComplexVector): ComplexMatrix {
  const n = psi.length;
  const rho = new ComplexMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // ψ_i conj(ψ_j)
      rho.re[i * n + j] = psi.re[i] * psi.re[j] + psi.im[i] * psi.im[j];
      rho.im[i * n + j] = psi.im[i] * psi.re[j] - psi.re[i] * psi.im[j];
    }
  }
  return rho;
}

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
 * Restrict (H, C_k) to the sectors reachable from ρ0. Exposed for tests and
 * for solvers that reuse the reduced generator.
 */
export function prepareLindblad(h: Hamiltonian, cOps: readonly Operator[], rho0: ComplexMatrix, useBlocks: boolean, quantumNumbers?: ArrayLike<number>): PreparedProblem {
  const n = rho0.rows;
  const h0 = isTimeDependent(h) ? h.h0 : h;
  const driven = isTimeDependent(h) ? h.terms : [];
  checkSquareOperators(n, [['H', h0], ...driven.map((d, k): [string, Operator] => [`H.terms[${k}]`, d.op]), ...cOps.map((c, k): [string, Operator] => [`c_ops[${k}]`, c])]);
  const structure = useBlocks ? findBlocks([h0, ...driven.map((d) => d.op)], cOps, quantumNumbers) : singleBlock(n, cOps.length);
  const sectors = reachableSectors(structure, occupiedSectors(structure, rho0));
  const layout = sectorLayout(structure, sectors);
  return {
    n,
    structure,
    layout,
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
  const rho = rho0 instanceof ComplexVector ? densityFromKet(rho0) : rho0;
  if (!rho.isSquare) throw new RangeError(`rho0: is ${rho.rows}x${rho.cols}, not square`);
  const times = checkTimes(options.times);
  const eOps = options.eOps ?? [];
  checkSquareOperators(rho.rows, eOps.map((o, k): [string, Operator] => [`e_ops[${k}]`, o]));
  const storeStates = options.storeStates ?? eOps.length === 0;
  const problem = prepareLindblad(h, cOps, rho, options.useBlocks ?? true, options.quantumNumbers);
  const { layout, generator } = problem;
  const x0 = restrictDensity(layout, rho);
  const weights = eOps.map((o) => observableWeights(layout, o));
  const dim = layout.dimension;
  const requested = options.method ?? 'auto';
  const timeDependent = problem.drivenGenerators.length > 0;
  if (timeDependent && (requested === 'exact' || requested === 'krylov')) {
    throw new RangeError(`method: '${requested}' needs a constant Hamiltonian; use 'ode' or 'auto' for H(t)`);
  }
  let method: PropagationMethod | 'ode';
  if (requested === 'ode' || timeDependent) method = 'ode';
  else if (requested === 'krylov') method = 'krylov';
  else if (requested === 'exact') method = dim <= DENSE_LIMIT ? 'eigen' : 'expm';
  else method = dim <= DENSE_LIMIT ? 'eigen' : 'krylov';

  let values: { re: Float64Array; im: Float64Array }[];
  let states: { re: Float64Array; im: Float64Array }[] | null;
  let details: Record<string, unknown>;
  let usedMethod: string;
  if (method === 'ode') {
    const r = propagateOde(problem, x0, times, weights, storeStates, options.atol ?? 1e-10, options.rtol ?? 1e-8);
    ({ values, states, details } = r);
    usedMethod = 'ode-dop853';
  } else {
    const r = propagateLinear({ generator, x0, times, weights, storeStates, method, tolerance: options.atol ?? 1e-12 });
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

function propagateOde(
  problem: PreparedProblem,
  x0: { re: Float64Array; im: Float64Array },
  times: Float64Array,
  weights: { re: Float64Array; im: Float64Array }[],
  storeStates: boolean,
  atol: number,
  rtol: number,
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
    },
  });
  return { values, states, details: { ...stats } };
}
