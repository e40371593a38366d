/**
 * Peak memory of the solvers (bytes beyond the process baseline), as a
 * function of the Hilbert dimension n. Callers refuse a run whose estimate
 * exceeds the memory available (src/runner/memory.ts) before allocating.
 *
 * The coefficients are measured (peak RSS of `spindrift run` on a driven,
 * decaying spin-½ chain without conserved quantities, so no block structure
 * shrinks the problem; test/cli/memory-estimate.test.ts re-measures three
 * sizes and requires ±25 %):
 *
 * | solver, path                              | bytes                          | measured at                 |
 * |-------------------------------------------|--------------------------------|-----------------------------|
 * | mesolve, Krylov (N = n² > 256)             | (150·log₂n + 50)·N + 16·N·n_t  | 6–11 spins (N ≤ 4·10⁶), stiff chain |
 * | mesolve, dense (N ≤ 256: eigen)            | 6·16·N²                        | upper bound                 |
 * | mesolve, matrix form (DOP853 on n×n ρ)     | 32·16·n² (+ 16·n²·n_t states)  | 7–9 spins, random-me-200/400 |
 * | steadystate, dense LU (N ≤ 1600)           | 2·16·N² + 2700·N               | 5 spins                     |
 * | steadystate, GMRES (N > 1600)              | 2700·N                         | 6–8 spins                   |
 * | mcsolve (kets), per worker thread          | 20 MB + 4000·n                 | 12–16 spins                 |
 *
 * The matrix form touches about 30 copies of ρ (16·n² bytes each): DOP853's 23
 * stage and dense-output vectors and the right-hand side's 4 work matrices
 * (all in the WebAssembly memory, which never shrinks), y0, ρ0 and its dense
 * copy; the states at the output times only when they are stored. Measured
 * (issue 18, 2026-11-30, session 6) as the slope of peak RSS between two sizes, so
 * the baseline cancels: `spindrift run` on the chain of the test (no states
 * stored), 7 → 9 spins: 28.5 copies (peaks 122 → 234 MB in three runs of four;
 * the fourth peaked at 247 MB, 31.8 copies); the benchmark's `random-me-200` →
 * `random-me-400` (`mesolve` with 4 collapse operators, no states stored): 34.5
 * copies (84 → 148 MB). How much of the setup's garbage (ρ0 from the ket, y0)
 * is still resident at the peak depends on when the GC ran. The estimate uses
 * 32: within 8 % of the benchmark's case, 1.05–1.11× the CLI's peaks at 9
 * spins (the test's ratio is printed; it requires ±25 %).
 * At 8 spins the ~30 MB of copies are within the baseline's run-to-run spread
 * (peak 116–151 MB), so the calibration test uses 6, 7 and 9 spins. Which mesolve path runs is decided
 * from the operators by planMesolvePath (mesolve-plan.ts), the same
 * function mesolve calls; where the path cannot be known (only n is given, or
 * ρ0's Hermiticity is unknown) the estimate is the largest of the paths, an
 * upper bound (the vectorized path's, since (150·log₂n + 50)·N > 32·16·n² for n ≥ 9).
 *
 * The per-N costs cover the sector Liouvillian (triplets, then CSR), the
 * Krylov or GMRES basis and the state vectors; mesolve's Krylov path also
 * keeps the state at each of the n_t output times (16·N bytes each). Problems with conserved
 * quantities (blocks) need less; the estimate is then an upper bound.
 */

import type { Operator } from '../linalg/operator.js';
import { planMesolvePath, type MesolvePath, type MesolvePathOptions } from './mesolve-plan.js';
import type { Hamiltonian } from './types.js';

/** Liouville-space dimension up to which mesolve diagonalizes densely. */
const ME_EIGEN_LIMIT = 256;
/** Reduced dimension up to which steadystate uses dense LU (STEADY_DIRECT_LIMIT). */
const STEADY_DENSE_LIMIT = 1600;

/**
 * Bytes per Liouville-space element of the vectorized (Krylov) mesolve path on an n-dimensional Hilbert
 * space: 150·log₂ n + 50. The peak is the sector Liouvillian's assembly and storage, ≈ 48 bytes per stored
 * entry (its triplets, their row-sorted copy in SparseMatrix.fromTriplets, the CSR arrays), and a
 * Liouvillian of local terms has ≈ 3 entries per row for each site (a transverse field: two; a decay: one
 * and a diagonal share) — so the cost per element grows with the number of sites, here log₂ n (spin-½
 * sites; for larger spins it counts more sites than there are, an upper bound). Re-measured 2026-12-01
 * (issue 18, session 14) after fromTriplets stopped building its rows in growing JavaScript arrays: peaks
 * of `spindrift run` on the test's stiff chain at 6/7/8/9/11 spins: 121–123, 131–146, 175–180, 465–466 MB,
 * and 7.24 GB reached within 4 minutes at 11 spins (before: 126–128, 158–159, 259–264, 748–749 MB and
 * 8.8 GB within 90 s; the constant was 2500 bytes).
 */
function vectorizedBytesPerElement(n: number): number {
  return 150 * Math.log2(Math.max(n, 2)) + 50;
}

/**
 * Bytes per Liouville-space element of steadystate (GMRES, and the per-element part of dense LU):
 * re-measured 2026-12-01 after the same change, 6/7/8 spins: 123–124, 175–176, 256–277 MB (before: 122, 189, 324; the
 * constant was 5500).
 */
const STEADY_BYTES_PER_ELEMENT = 2700;

/** Copies of the n×n ρ (16·n² bytes each) the matrix-form mesolve path keeps (see the table). */
const DENSE_FORM_COPIES = 32;

/**
 * Peak bytes of `mesolve` on an n-dimensional Hilbert space with `outputs`
 * output times, on the given path (planMesolvePath). 'either' (the default,
 * when the path is not known) is the maximum over the paths, an upper bound.
 * `storeStates`: whether the states at the output times are kept (the
 * vectorized path's estimate always counts them).
 */
export function mesolveMemoryEstimate(n: number, outputs = 2, path: MesolvePath = 'either', storeStates = true): number {
  const N = n * n;
  const vectorized = vectorizedBytesPerElement(n) * N + 16 * N * outputs + (N <= ME_EIGEN_LIMIT ? 6 * 16 * N * N : 0);
  const denseForm = 16 * N * (DENSE_FORM_COPIES + (storeStates ? outputs : 0));
  if (path === 'dense-form') return denseForm;
  if (path === 'vectorized') return vectorized;
  return Math.max(vectorized, denseForm);
}

/**
 * Largest Hilbert dimension for which the estimate plans mesolve's path from
 * the operators: beyond it even the matrix form needs > 34 GB (32·16·n²), and
 * the upper bound ('either') is used without looking at (or building) them.
 */
export const MESOLVE_PLAN_MAX_DIMENSION = 8192;

/**
 * mesolve's path for the memory estimate: planMesolvePath on the operators
 * `problem()` returns (called only for n ≤ MESOLVE_PLAN_MAX_DIMENSION, so a
 * caller can build them lazily), else 'either'.
 */
export function mesolveEstimatePath(
  n: number,
  problem: () => { h: Hamiltonian; cOps: readonly Operator[]; times: Float64Array; options: MesolvePathOptions; hermitianRho0?: boolean },
): MesolvePath {
  if (n > MESOLVE_PLAN_MAX_DIMENSION) return 'either';
  const p = problem();
  return planMesolvePath(n, p.h, p.cOps, p.times, p.options, p.hermitianRho0);
}

/** Peak bytes of `steadystate` on an n-dimensional Hilbert space. */
export function steadystateMemoryEstimate(n: number): number {
  const N = n * n;
  return STEADY_BYTES_PER_ELEMENT * N + (N <= STEADY_DENSE_LIMIT ? 2 * 16 * N * N : 0);
}

/** Peak bytes of `mcsolve` (quantum-jump trajectories: kets, never ρ) with `workers` threads. */
export function mcsolveMemoryEstimate(n: number, workers = 1): number {
  return Math.max(1, workers) * (20e6 + 4000 * n);
}

/** Trajectories per mcsolve task (mcsolve's CHUNK_SIZE): `ntraj` trajectories keep at most ⌈ntraj/8⌉ workers busy. */
const MC_CHUNK = 8;

/** Worker threads mcsolve uses for `ntraj` trajectories with `available` threads. */
export function mcsolveWorkers(ntraj: number, available: number): number {
  return Math.max(1, Math.min(available, Math.ceil(ntraj / MC_CHUNK)));
}

/**
 * Peak bytes of a solver by method name ("me", "mc", "steady"); `workers` for
 * mc; `outputs` (output times), `path` (planMesolvePath; default 'either', the
 * upper bound) and `storeStates` for me.
 */
export function solverMemoryEstimate(
  method: string, n: number, options: { workers?: number; outputs?: number; path?: MesolvePath; storeStates?: boolean } = {},
): number {
  if (method === 'mc') return mcsolveMemoryEstimate(n, options.workers);
  if (method === 'steady') return steadystateMemoryEstimate(n);
  return mesolveMemoryEstimate(n, options.outputs, options.path, options.storeStates);
}
