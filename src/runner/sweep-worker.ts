/**
 * Worker-thread task of a parameter sweep (loaded by piscina): look up the
 * model in the registry and compute one point. Results are made
 * structured-clone safe (solver stats may hold functions or typed arrays).
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

/** Compute one sweep point (piscina default export). */
export default async function runPoint(task: SweepTask): Promise<ModelResult> {
  const model = getModel(task.modelId);
  const r = await model.run(task.params, { seed: task.seed, workers: 1 });
  return plainResult(r);
}
