/**
 * Shared option and result types of the solvers (one function per solver,
 * each with an options object, in the style of dynamiqs).
 */
import type { ComplexMatrix } from '../linalg/dense.js';
import type { Operator } from '../linalg/operator.js';

import type { TimeDependentHamiltonian } from '../quantum/superoperator.js';
import type { OperatorLike } from './arguments.js';
export { isTimeDependent, type TimeDependentHamiltonian } from '../quantum/superoperator.js';

/** A constant Hamiltonian, or H(t) = h0 + Σ_k f_k(t) H_k (rad/s). */
export type Hamiltonian = Operator | TimeDependentHamiltonian;

export interface MesolveOptions {
  /** Output times in s, increasing; times[0] is the time of the initial state. */
  times: ArrayLike<number>;
  /** Observables whose expectation values Tr(O ρ(t)) are returned (plain matrices or Qobjs). */
  eOps?: OperatorLike[];
  /** Keep ρ(t) at every output time (memory: n² per time). Default: only when no eOps are given. */
  storeStates?: boolean;
  /**
   * 'exact': the exact propagator of the constant Liouvillian — 'expm' when the output grid has
   *   few distinct steps (one Padé exponential per step), else 'eigen' (up to 256 unknowns); or, when
   *   cheaper, sector by sector on the Hilbert space for a cascade of jump-free sectors into one-state
   *   sinks (stats.method 'sectors', sector-propagation.ts);
   * 'eigen': eigendecomposition L = VΛV⁻¹ (falls back to 'expm' if V is ill conditioned);
   * 'expm': dense matrix exponential per distinct output step;
   * 'krylov': Krylov exp(Lt)·vec ρ between output times;
   * 'ode': adaptive Dormand–Prince 8(5,3) on the reduced generator;
   * 'auto' (default): chosen by size, time dependence and a cost model ('sectors' as for 'exact') — for large problems
   *   without block structure possibly the matrix-form ODE (mesolve-dense.ts), accurate to atol/rtol.
   * A method object carries its own tolerances: `{kind: 'ode', atol, rtol}`, `{kind: 'krylov', tol}`.
   */
  method?: MesolveMethod;
  /**
   * Legacy tolerances, still honoured when the method object does not give its own: `atol`/`rtol`
   * of the ODE paths, and `atol` as the Krylov tolerance.
   */
  atol?: number;
  rtol?: number;
  /** Solve invariant blocks separately when the state and generator allow it (default true). */
  useBlocks?: boolean;
  /**
   * Conserved quantum number of each basis state, declared by a model (e.g. a
   * magnetization). Used as the starting block partition; if the operators
   * connect different labels the blocks are merged, so a wrong declaration
   * costs speed, never correctness. Default: blocks from sparsity alone.
   */
  quantumNumbers?: ArrayLike<number>;
  /** Progress: fraction of the time span reached, and a description ("t = 1.2 µs of 2 µs"). */
  progress?: (fraction: number, detail: string) => void;
  /**
   * Partial results: after each output time, `expect[k]` (the solver's own arrays, filled for output
   * times 0 … filled − 1; read during the call only, never modify). Not called by the eigen and Krylov methods (they fill the values at once or at the end).
   */
  partial?: (filled: number, expect: readonly { re: Float64Array; im: Float64Array }[]) => void;
}

/** Propagation method of `mesolve`: a name, or an object carrying that method's own tolerances. */
export type MesolveMethod =
  | 'auto' | 'exact' | 'eigen' | 'expm' | 'krylov' | 'ode'
  | { kind: 'ode'; atol?: number; rtol?: number }
  | { kind: 'krylov'; tol?: number }
  | { kind: 'auto' | 'exact' | 'eigen' | 'expm' };

export interface SolverStats {
  method: string;
  wallTimeMs: number;
  [key: string]: unknown;
}

export interface MesolveResult {
  times: Float64Array;
  /** expect[k][i] = Tr(O_k ρ(t_i)) (complex; real part in re). */
  expect: { re: Float64Array; im: Float64Array }[];
  states: ComplexMatrix[] | null;
  stats: SolverStats;
}

export interface McsolveOptions {
  times: ArrayLike<number>;
  eOps?: OperatorLike[];
  /** Number of trajectories (default 500). */
  ntraj?: number;
  /** Seed of the random streams: trajectory k uses the base stream jumped k times. */
  seed?: number;
  /** Worker threads (default: available cores); results do not depend on it. */
  workers?: number;
  /**
   * How the no-jump evolution is propagated:
   * 'exact' — block-local exact propagators (constant or piecewise-constant H, constant c_ops);
   * 'ode' — DOP853 with error control between jumps and the jump time located on its dense
   *   output (needed for H(t) with smooth coefficients or time-dependent c_ops);
   * 'auto' (default) — 'exact' when the generator is constant or piecewise constant, else 'ode'.
   * `{kind: 'ode', atol, rtol}` carries the integrator's tolerances (default 1e-8, 1e-6).
   */
  method?: McsolveMethod;
  /** Tolerances of the 'ode' path (used when the method object gives none). */
  atol?: number;
  rtol?: number;
  /** Declared conserved quantum numbers (see MesolveOptions.quantumNumbers). */
  quantumNumbers?: ArrayLike<number>;
  /** Progress: fraction of the trajectories done, and a description ("120 of 500 trajectories"). */
  progress?: (fraction: number, detail: string) => void;
}

/** Propagation method of `mcsolve`: a name, or an object carrying its tolerances. */
export type McsolveMethod = 'auto' | 'exact' | 'ode' | { kind: 'ode'; atol?: number; rtol?: number } | { kind: 'auto' | 'exact' };

export interface McsolveResult {
  times: Float64Array;
  /** Trajectory means of ⟨ψ|O_k|ψ⟩ (complex). */
  expect: { re: Float64Array; im: Float64Array }[];
  /** Standard errors of the means (of the real and imaginary parts). */
  stdErr: { re: Float64Array; im: Float64Array }[];
  ntraj: number;
  stats: SolverStats & { jumps: number };
}

/** Method of `steadystate`: a name, or an object carrying that method's own settings. */
export type SteadystateMethod =
  | 'auto' | 'direct' | 'iterative'
  | { kind: 'auto' | 'direct' }
  | { kind: 'iterative'; tol?: number; maxIterations?: number; preconditioner?: 'auto' | 'block-jacobi' | 'sylvester' };

export interface SteadystateOptions {
  /**
   * 'direct' (sparse→dense LU with the trace constraint), 'iterative' (GMRES + preconditioner), 'auto';
   * or `{kind: 'iterative', tol, maxIterations, preconditioner}`. The top-level `tol`,
   * `maxIterations` and `preconditioner` below still work when the object gives none.
   */
  method?: SteadystateMethod;
  /** Residual target for the iterative method (‖L vec ρ‖). */
  tol?: number;
  maxIterations?: number;
  /** Preconditioner of the iterative method (default: block-Jacobi for small sectors, Sylvester for large). */
  preconditioner?: 'auto' | 'block-jacobi' | 'sylvester';
  /** Declared conserved quantum numbers (see MesolveOptions.quantumNumbers). */
  quantumNumbers?: ArrayLike<number>;
}

export interface SteadystateResult {
  rho: ComplexMatrix;
  /** ‖L vec(ρ)‖₂ of the returned (Hermitian, trace-1) state. */
  residual: number;
  stats: SolverStats;
}
