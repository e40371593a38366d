/**
 * Which path `mesolve` takes, decided from the Hilbert-space operators, the
 * output times and the tolerances alone (no Liouvillian is built): the
 * matrix-form DOP853 on the n×n ρ (mesolve-dense.ts) or the vectorized path
 * over the reachable sectors (eigen/expm/Krylov/ODE on the n²-dimensional
 * generator). `mesolve` itself and the memory estimate (memory-estimate.ts)
 * both call {@link planMesolvePath}, so the estimate follows the solver.
 */
import type { Operator } from '../linalg/operator.js';
import { findBlocks } from './blocks.js';
import { DENSE_FORM_MIN_DIMENSION, planDenseForm, type DenseFormPlan } from './mesolve-dense.js';
import { isTimeDependent, type Hamiltonian, type MesolveMethod } from './types.js';
import { ArgumentError } from '../util/errors.js';

/** Largest reduced dimension for which 'auto' considers a dense matrix exponential. */
export const EXPM_LIMIT = 3000;

/** The solver tolerances a method object or the legacy atol/rtol options select. */
export function resolveMethod(method: MesolveMethod | undefined, options: { atol?: number; rtol?: number }): {
  kind: 'auto' | 'exact' | 'eigen' | 'expm' | 'krylov' | 'ode'; atol: number; rtol: number; krylovTol: number;
} {
  const m = method ?? 'auto';
  const kind = typeof m === 'string' ? m : m.kind;
  if (!['auto', 'exact', 'eigen', 'expm', 'krylov', 'ode'].includes(kind)) {
    throw new ArgumentError('method', `expected 'auto', 'exact', 'eigen', 'expm', 'krylov' or 'ode', got ${JSON.stringify(kind)}`);
  }
  const ode = typeof m === 'object' && m.kind === 'ode' ? m : null;
  const krylov = typeof m === 'object' && m.kind === 'krylov' ? m : null;
  return {
    kind,
    atol: ode?.atol ?? options.atol ?? 1e-10,
    rtol: ode?.rtol ?? options.rtol ?? 1e-8,
    krylovTol: krylov?.tol ?? options.atol ?? 1e-12,
  };
}

/** The options of `mesolve` that decide its path. */
export interface MesolvePathOptions {
  method?: MesolveMethod;
  atol?: number;
  rtol?: number;
  useBlocks?: boolean;
  quantumNumbers?: ArrayLike<number>;
}

/**
 * The matrix-form plan of a problem whose operators (and method) allow the
 * matrix form — n ≥ DENSE_FORM_MIN_DIMENSION, method 'auto' or 'ode', beyond
 * the dense exponentials (n² > EXPM_LIMIT) for a constant H under 'auto', a
 * single block — or null when they do not. The plan's `use` is the cost
 * model's verdict; the matrix form also needs a Hermitian ρ0
 * (isHermitianState), which this function does not see. Operators must
 * already be checked square n×n.
 */
export function denseFormPlan(n: number, h: Hamiltonian, cOps: readonly Operator[], times: Float64Array, options: MesolvePathOptions): DenseFormPlan | null {
  const resolved = resolveMethod(options.method, options);
  const requested = resolved.kind;
  const timeDependent = isTimeDependent(h);
  if (n < DENSE_FORM_MIN_DIMENSION || (requested !== 'auto' && requested !== 'ode')) return null;
  if (requested === 'auto' && !timeDependent && n * n <= EXPM_LIMIT) return null;
  const h0 = isTimeDependent(h) ? h.h0 : h;
  const driven = isTimeDependent(h) ? h.terms : [];
  if (options.useBlocks ?? true) {
    if (findBlocks([h0, ...driven.map((d) => d.op)], cOps, options.quantumNumbers).count > 1) return null;
  }
  return planDenseForm(n, h0, cOps, times, resolved.rtol, requested === 'ode' || timeDependent);
}

/** mesolve's path: the matrix form, the vectorized generator, or 'either' when it depends on what the caller did not say. */
export type MesolvePath = 'dense-form' | 'vectorized' | 'either';

/**
 * The path `mesolve(h, cOps, ρ0, options)` takes on an n-dimensional Hilbert
 * space. `hermitianRho0`: whether ρ0 (or |ψ0⟩⟨ψ0|, always Hermitian) passes
 * isHermitianState; undefined when unknown — then a problem the cost model
 * gives to the matrix form is 'either'.
 */
export function planMesolvePath(
  n: number, h: Hamiltonian, cOps: readonly Operator[], times: Float64Array, options: MesolvePathOptions, hermitianRho0?: boolean,
): MesolvePath {
  const plan = denseFormPlan(n, h, cOps, times, options);
  if (!plan?.use || hermitianRho0 === false) return 'vectorized';
  return hermitianRho0 === undefined ? 'either' : 'dense-form';
}
