/**
 * The one pool-worker entry of the browser (web-platform.ts): runs the job
 * named by a task's kind from the engine's job registry (src/runner/jobs.ts,
 * the same registry as Node's worker threads), posting progress fractions
 * and the result back.
 */
import { jobHandler } from '../../src/runner/jobs.js';
import type { FromPoolWorker, ToPoolWorker } from './web-platform.js';

const post = (m: FromPoolWorker): void => (self as unknown as Worker).postMessage(m);

self.onmessage = async (ev: MessageEvent<ToPoolWorker>) => {
  const { id, kind, input, progress } = ev.data;
  try {
    const handler = await jobHandler(kind);
    const result = await handler(input, progress ? (f: number) => post({ id, progress: f }) : undefined);
    post({ id, result });
  } catch (err) {
    post({ id, error: { name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) } });
  }
};
