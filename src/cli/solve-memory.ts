/**
 * The memory check of `spindrift solve`: the same check as `spindrift run`
 * (estimate against the smallest of free memory, ulimit -v and the cgroup
 * limit), made after the problem is read and before the solver allocates.
 */
import { availableParallelism } from 'node:os';
import type { Problem } from '../problem/problem.js';
import { mcsolveWorkers, solverMemoryEstimate } from '../solvers/memory-estimate.js';
import { PROCESS_BASELINE_BYTES, requireMemory, type MemoryLimit } from '../runner/memory.js';

/** Whole-process memory estimate of solving `p` (bytes). */
export function solveMemoryEstimate(p: Problem): number {
  return PROCESS_BASELINE_BYTES + solverMemoryEstimate(p.method, p.dim, { workers: mcsolveWorkers(p.ntraj ?? 500, availableParallelism()), outputs: p.times?.length ?? 2 });
}

/** Throw a ProblemError naming the problem file when `p` does not fit in memory. */
export function checkSolveMemory(p: Problem, file: string, limit?: MemoryLimit): void {
  requireMemory(solveMemoryEstimate(p), `method "${p.method}" on a ${p.dim}-dimensional Hilbert space (${p.method === 'mc' ? 'kets' : `Liouville space ${p.dim}² = ${p.dim * p.dim}`})`, file, limit);
}
