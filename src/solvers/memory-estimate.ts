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
 * | solver, path                         | bytes                       | measured at             |
 * |--------------------------------------|-----------------------------|-------------------------|
 * | mesolve, Krylov (N = n² > 256)        | 2500·N + 16·N·n_t           | 6–10 spins (N ≤ 1.05e6) |
 * | mesolve, dense (N ≤ 256: eigen)       | 6·16·N²                     | upper bound             |
 * | steadystate, dense LU (N ≤ 1600)      | 2·16·N² + 5500·N            | 5 spins                 |
 * | steadystate, GMRES (N > 1600)         | 5500·N                      | 6–7 spins               |
 * | mcsolve (kets), per worker thread     | 20 MB + 4000·n              | 12–16 spins             |
 *
 * The per-N costs cover the sector Liouvillian (triplets, then CSR), the
 * Krylov or GMRES basis and the state vectors; mesolve's Krylov path also
 * keeps the state at each of the n_t output times (16·N bytes each). Problems with conserved
 * quantities (blocks) need less; the estimate is then an upper bound.
 */

/** Liouville-space dimension up to which mesolve diagonalizes densely. */
const ME_EIGEN_LIMIT = 256;
/** Reduced dimension up to which steadystate uses dense LU (STEADY_DIRECT_LIMIT). */
const STEADY_DENSE_LIMIT = 1600;

/** Peak bytes of `mesolve` on an n-dimensional Hilbert space with `outputs` output times. */
export function mesolveMemoryEstimate(n: number, outputs = 2): number {
  const N = n * n;
  return 2500 * N + 16 * N * outputs + (N <= ME_EIGEN_LIMIT ? 6 * 16 * N * N : 0);
}

/** Peak bytes of `steadystate` on an n-dimensional Hilbert space. */
export function steadystateMemoryEstimate(n: number): number {
  const N = n * n;
  return 5500 * N + (N <= STEADY_DENSE_LIMIT ? 2 * 16 * N * N : 0);
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

/** Peak bytes of a solver by method name ("me", "mc", "steady"); `workers` for mc, `outputs` (output times) for me. */
export function solverMemoryEstimate(method: string, n: number, options: { workers?: number; outputs?: number } = {}): number {
  if (method === 'mc') return mcsolveMemoryEstimate(n, options.workers);
  if (method === 'steady') return steadystateMemoryEstimate(n);
  return mesolveMemoryEstimate(n, options.outputs);
}
