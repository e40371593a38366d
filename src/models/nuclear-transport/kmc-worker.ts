/**
 * Worker-thread entry of the kinetic Monte Carlo (loaded by piscina): a task
 * carries the problem and its chunks; the simulator (work arrays) is cached per
 * problem id for the worker's lifetime.
 */
import { KmcSimulator, type KmcProblemData, type KmcSums } from './kmc-core.js';

export interface KmcWorkerTask {
  problemId: string;
  problem: KmcProblemData;
  chunks: { index: number; first: number; count: number }[];
}

let cached: { id: string; simulator: KmcSimulator } | null = null;

export default function runKmcChunks(task: KmcWorkerTask): { index: number; sums: KmcSums }[] {
  if (!cached || cached.id !== task.problemId) cached = { id: task.problemId, simulator: new KmcSimulator(task.problem) };
  const sim = cached.simulator;
  return task.chunks.map((c) => ({ index: c.index, sums: sim.runRealizations(c.first, c.count) }));
}
