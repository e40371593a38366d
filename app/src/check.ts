/**
 * Checking scenario text in the page with the CLI's own resolver
 * (src/scenario/scenario.ts; fast, so no worker round trip): the one-line
 * message the CLI prints and the field path it names, for inline errors.
 */
import { resolveScenarioText } from '../../src/scenario/scenario.js';
import { ProblemError, oneLine } from '../../src/util/errors.js';
import { formatBytes } from '../../src/util/format-value.js';
import type { CheckResult } from './engine-api.js';

/** Where scenarios typed in the app come from, in messages ("scenario:3:15: params.Jd: …"). */
export const SOURCE = 'scenario';

/**
 * Memory one computation may use: a worker's JavaScript heap in 64-bit Chromium is limited to about 4 GB;
 * half leaves room for copies of the results. The CLI's memory check (runner/memory.ts) has the machine's limits instead.
 */
const BROWSER_MEMORY_BYTES = 2e9;

/** Resolve scenario text as `spindrift run` would; on a defect, its one-line message and the field path it names. */
export function check(t: string): CheckResult {
  try {
    const sc = resolveScenarioText(t, SOURCE);
    if (sc.memoryBytes > BROWSER_MEMORY_BYTES) {
      return { ok: false, path: 'params', message: `params: model "${sc.model.id}" needs an estimated ${formatBytes(sc.memoryBytes)} for one point, more than a browser tab gives one computation (~${formatBytes(BROWSER_MEMORY_BYTES)}); run it with the CLI (spindrift run)` };
    }
    return { ok: true, model: sc.model.id, points: sc.points.length, title: sc.title };
  } catch (err) {
    if (err instanceof ProblemError) {
      const parts = err.path.split(': ');
      const last = parts[parts.length - 1];
      return { ok: false, message: oneLine(err.message), path: last.startsWith(SOURCE) ? '' : last };
    }
    return { ok: false, message: oneLine(err instanceof Error ? err.message : String(err)), path: '' };
  }
}
