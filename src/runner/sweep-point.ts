/**
 * One point of a parameter sweep as a job of the parallel runner
 * (kind 'sweep-point', src/runner/jobs.ts): look up the model in the registry
 * and compute the point. The result is made structured-clone safe (solver
 * stats may hold functions or typed arrays).
 */
import { getModel } from '../models/registry.js';
import type { ModelResult } from '../models/types.js';
import { plainResult } from './result.js';

/** One sweep point as sent to a worker. */
export interface SweepTask {
  modelId: string;
  params: Record<string, unknown>;
  seed: number;
}

/** Compute one sweep point; `progress` (fractions in [0, 1]) is throttled to five calls a second. */
export async function runSweepPoint(task: SweepTask, progress?: (fraction: number) => void): Promise<ModelResult> {
  const model = getModel(task.modelId);
  let last = 0;
  const throttled = progress
    ? (f: number): void => {
        const now = Date.now();
        if (now - last < 200 && f < 1) return;
        last = now;
        progress(f);
      }
    : undefined;
  const r = await model.run(task.params, { seed: task.seed, workers: 1, ...(throttled ? { progress: throttled } : {}) });
  return plainResult(r);
}
