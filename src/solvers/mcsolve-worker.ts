/**
 * Worker-thread entry of `mcsolve` (loaded by piscina). A task carries the
 * problem and a list of chunk indices; the simulator (with its block
 * eigendecompositions) is cached per problem id for the worker's lifetime.
 */
import { JumpSimulator, type JumpProblemData, type TrajectorySums } from './jump-trajectory.js';

export interface WorkerTask {
  problemId: string;
  problem: JumpProblemData;
  chunks: { index: number; first: number; count: number }[];
}

let cached: { id: string; simulator: JumpSimulator } | null = null;

export default function runChunks(task: WorkerTask): { index: number; sums: TrajectorySums }[] {
  if (!cached || cached.id !== task.problemId) cached = { id: task.problemId, simulator: new JumpSimulator(task.problem) };
  const sim = cached.simulator;
  return task.chunks.map((c) => ({ index: c.index, sums: sim.runTrajectories(c.first, c.count) }));
}
