/**
 * Exact solution of the seed-003 master equation (Eq. 3) in the product of collective-spin
 * spaces (collective-space.ts), with the general solver `mesolve`.
 *
 * Structure exploited: every jump changes the excitation number Σ_i(j_i + m_i) by exactly
 * ±1 and H_eff conserves it, so the Hilbert space splits into excitation-number blocks and a
 * product of Dicke states (diagonal in that number) only populates the diagonal
 * density-matrix sectors (k, k): coherences between different excitation numbers are never
 * created. `mesolve` finds these blocks (the excitation numbers are declared as quantum
 * numbers and validated against the operators' sparsity) and propagates only the reachable
 * sectors: for the Eq. 4 state at T = 0, Σ_k d_k² unknowns instead of (Π d_i)².
 *
 * The Hamiltonian ω0 Σ J_i^z commutes with the excitation number, so on these sectors it acts
 * as a multiple of the identity and drops out of ρ(t) exactly; it is therefore not included
 * (the spin frequency enters only through the thermal occupation n̄).
 */
import { SparseMatrix } from '../../linalg/sparse.js';
import { mesolve } from '../../solvers/mesolve.js';
import type { MesolveOptions } from '../../solvers/types.js';
import { collapseOperators, type ReservoirSpec } from './lindbladian.js';
import { dickeProductKet, domainOperator, domainSpace, excitationNumbers, type DomainSpace } from './collective-space.js';

export interface ExactOptions {
  /** Spins per domain N_i. */
  sizes: readonly number[];
  /** Total spin j_i per domain (default N_i/2). */
  spins?: readonly number[];
  /** Initial Dicke numbers m_i (default: Eq. 4, m_1 = j_1, m_i = −j_i). */
  m0?: readonly number[];
  reservoirs: ReservoirSpec;
  /** Output times in s (strictly increasing; times[0] is the initial time). */
  times: ArrayLike<number>;
  /** Passed to mesolve (default 'auto'). */
  method?: MesolveOptions['method'];
  /** Absolute / relative tolerances of the 'ode' and 'krylov' paths (default 1e-10 / 1e-8). */
  atol?: number;
  rtol?: number;
}

export interface ExactResult {
  space: DomainSpace;
  times: Float64Array;
  /** jz[i][t] = ⟨J_i^z⟩(t). */
  jz: Float64Array[];
  stats: Record<string, unknown>;
}

/** Solve Eq. 3 exactly from a product of Dicke states; returns ⟨J_i^z⟩(t) for every domain. */
export function solveExact(options: ExactOptions): ExactResult {
  const space = domainSpace(options.sizes, options.spins);
  const m = space.dims.length;
  const m0 = options.m0 && options.m0.length > 0 ? options.m0 : space.spins.map((j, i) => (i === 0 ? j : -j));
  const psi0 = dickeProductKet(space, m0);
  const lowering = space.spins.map((_, i) => domainOperator(space, i, '-'));
  const jz = space.spins.map((_, i) => domainOperator(space, i, 'z'));
  const cOps = m > 1 ? collapseOperators(lowering, options.reservoirs) : [];
  const n = space.dimension;
  const h = SparseMatrix.fromTriplets(n, n, [], [], []);
  const result = mesolve(h, cOps, psi0, {
    times: options.times,
    eOps: jz,
    method: options.method ?? 'auto',
    atol: options.atol,
    rtol: options.rtol,
    quantumNumbers: excitationNumbers(space),
  });
  return { space, times: result.times, jz: result.expect.map((e) => e.re), stats: result.stats };
}
