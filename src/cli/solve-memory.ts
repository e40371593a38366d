/**
 * The memory check of `spindrift solve`: the same check as `spindrift run`
 * (estimate against the smallest of free memory, ulimit -v and the cgroup
 * limit), made after the problem is read and before the solver allocates.
 */
import { availableParallelism } from 'node:os';
import type { Problem } from '../problem/problem.js';
import { mcsolveWorkers, mesolveEstimatePath, solverMemoryEstimate } from '../solvers/memory-estimate.js';
import { isHermitianState } from '../solvers/mesolve-dense.js';
import { PROCESS_BASELINE_BYTES, requireMemory, type MemoryLimit } from '../runner/memory.js';

/**
 * Whole-process memory estimate of solving `p` (bytes). For "me" it follows
 * the path mesolve will take on these operators (planMesolvePath; solve-command
 * calls mesolve with storeStates false).
 */
export function solveMemoryEstimate(p: Problem): number {
  const outputs = p.times?.length ?? 2;
  const path = p.method === 'me' && p.times
    ? mesolveEstimatePath(p.dim, () => ({
      h: p.H, cOps: p.cOps, times: p.times as Float64Array, options: { atol: p.atol, rtol: p.rtol },
      hermitianRho0: p.rho0 ? isHermitianState(p.rho0) : true,
    }))
    : 'either';
  return PROCESS_BASELINE_BYTES + solverMemoryEstimate(p.method, p.dim, {
    workers: mcsolveWorkers(p.ntraj ?? 500, availableParallelism()), outputs, path, storeStates: false,
  });
}

/** Throw a ProblemError naming the problem file when `p` does not fit in memory. */
export function checkSolveMemory(p: Problem, file: string, limit?: MemoryLimit): void {
  requireMemory(solveMemoryEstimate(p), `method "${p.method}" on a ${p.dim}-dimensional Hilbert space (${p.method === 'mc' ? 'kets' : `Liouville space ${p.dim}² = ${p.dim * p.dim}`})`, file, limit);
}
