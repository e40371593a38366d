/**
 * The one worker-thread entry (loaded by piscina, node-platform.ts): runs the
 * job named by the task's kind (jobs.ts), forwarding its progress through the
 * task's message port.
 */
import type { MessagePort } from 'node:worker_threads';
import { jobHandler } from './jobs.js';

export interface WorkerTask {
  kind: string;
  input: unknown;
  progressPort?: MessagePort;
}

export default async function runTask(task: WorkerTask): Promise<unknown> {
  const port = task.progressPort;
  try {
    const handler = await jobHandler(task.kind);
    return await handler(task.input, port ? (f: number) => port.postMessage(f) : undefined);
  } finally {
    port?.close();
  }
}
