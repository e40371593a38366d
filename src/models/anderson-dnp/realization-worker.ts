/**
 * Worker-thread entry of the seed-001 disorder average (loaded by piscina):
 * a task is the settings and a list of realization indices; each realization
 * depends only on (seed, index), so the split between workers never changes
 * the numbers.
 */
import { computeRealization } from './ensemble-core.js';
import type { RealizationResult } from './realization.js';
import type { AndersonDnpSettings } from './settings.js';

export interface RealizationTask {
  settings: AndersonDnpSettings;
  indices: number[];
}

export default function runRealizations(task: RealizationTask): RealizationResult[] {
  return task.indices.map((r) => computeRealization(task.settings, r));
}
