/**
 * Worker-thread task of a parameter sweep (loaded by piscina): look up the
 * model in the registry and compute one point. Results are made
 * structured-clone safe (solver stats may hold functions or typed arrays).
 */
import { getModel } from '../models/registry.js';
import type { ModelResult } from '../models/types.js';
import type { MessagePort } from 'node:worker_threads';
import { plainResult } from './result.js';

/** One sweep point as sent to a worker. */
export interface SweepTask {
  modelId: string;
  params: Record<string, unknown>;
  seed: number;
  /** Where the point reports its progress (fraction in [0, 1]), when the model reports any. */
  progressPort?: MessagePort;
}

/** Compute one sweep point (piscina default export). */
export default async function runPoint(task: SweepTask): Promise<ModelResult> {
  const model = getModel(task.modelId);
  let last = 0;
  const port = task.progressPort;
  const progress = port
    ? (f: number): void => {
        const now = Date.now();
        if (now - last < 200 && f < 1) return; // at most five messages a second
        last = now;
        port.postMessage(f);
      }
    : undefined;
  try {
    const r = await model.run(task.params, { seed: task.seed, workers: 1, ...(progress ? { progress } : {}) });
    return plainResult(r);
  } finally {
    port?.close();
  }
}
