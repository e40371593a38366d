/**
 * Worker-thread entry of `piecewiseJumpSolveParallel` (loaded by piscina).
 * The simulator (with its cached block propagators) is kept per problem id
 * for the worker's lifetime.
 */
import { sparseFromData } from './jump-trajectory.js';
import { PiecewiseJumpSimulator, runPiecewiseChunks, type PiecewiseJumpOptions, type PiecewiseWorkerProblem } from './piecewise-jumps.js';

interface Task {
  problemId: string;
  problem: PiecewiseWorkerProblem;
  options: PiecewiseJumpOptions;
  chunks: { index: number; first: number; count: number }[];
}

let cached: { id: string; simulator: PiecewiseJumpSimulator } | null = null;

export default function run(task: Task): ReturnType<typeof runPiecewiseChunks> {
  if (!cached || cached.id !== task.problemId) {
    const p = task.problem;
    cached = {
      id: task.problemId,
      simulator: new PiecewiseJumpSimulator({
        hamiltonians: p.hamiltonians.map(sparseFromData),
        cOps: p.cOps.map(sparseFromData),
        eOps: p.eOps.map(sparseFromData),
        times: p.times,
        ...(p.periodic ? { periodic: p.periodic } : {}),
        ...(p.quantumNumbers ? { quantumNumbers: p.quantumNumbers } : {}),
      }),
    };
  }
  return runPiecewiseChunks(cached.simulator, task.options, task.chunks, task.problem.eOps.length);
}
