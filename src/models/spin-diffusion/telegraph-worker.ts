/**
 * Worker-thread entry of the telegraph Monte Carlo (loaded by piscina): a task
 * carries the problem and its chunks (with their starting stream states); the
 * simulator is cached per problem id for the worker's lifetime.
 */
import { emptySums, TelegraphSimulator, type TelegraphProblemData, type TelegraphSums } from './telegraph-core.js';
import { jumpState } from './telegraph.js';

export interface TelegraphWorkerTask {
  problemId: string;
  problem: TelegraphProblemData;
  chunks: { index: number; first: number; count: number; state: number[] }[];
}

let cached: { id: string; simulator: TelegraphSimulator } | null = null;

export default function runTelegraphChunks(task: TelegraphWorkerTask): { index: number; sums: TelegraphSums }[] {
  if (!cached || cached.id !== task.problemId) cached = { id: task.problemId, simulator: new TelegraphSimulator(task.problem) };
  const sim = cached.simulator;
  return task.chunks.map((c) => {
    const sums = emptySums(task.problem.times.length);
    sim.run(c.first, c.count, c.state, jumpState, sums);
    return { index: c.index, sums };
  });
}
