/**
 * The browser's threads for the engine (src/util/parallel.ts): pools of Web
 * Workers running the one job entry (pool-worker.ts), the browser's
 * counterpart of Node's piscina platform (src/runner/node-platform.ts).
 *
 * Tasks and results are sent by structured clone (postMessage), so no
 * SharedArrayBuffer is needed: the pools work on any static file server,
 * without cross-origin isolation (COOP/COEP) headers. Aborting a task
 * terminates its worker (a replacement starts for the queue).
 */
import { hasParallelPlatform, setParallelPlatform, type ParallelPlatform, type PoolTaskOptions, type WorkerPool } from '../../src/util/parallel.js';
import { AbortError } from '../../src/util/errors.js';

/** Messages between a pool and its workers. */
export type ToPoolWorker = { id: number; kind: string; input: unknown; progress: boolean };
export type FromPoolWorker = { id: number; progress: number } | { id: number; result: unknown } | { id: number; error: { name: string; message: string } };

interface Pending {
  id: number;
  kind: string;
  input: unknown;
  options: PoolTaskOptions;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

function spawn(): Worker {
  return new Worker(new URL('./pool-worker.ts', import.meta.url), { type: 'module', name: 'spindrift-pool' });
}

/** A pool of `threads` Web Workers; tasks queue until a worker is idle. */
export function openWebPool(threads: number): WorkerPool {
  const idle: Worker[] = [];
  const busy = new Map<Worker, Pending>();
  const queue: Pending[] = [];
  let nextId = 0;
  let spawned = 0;
  let closed = false;

  const settle = (w: Worker, p: Pending): void => {
    busy.delete(w);
    idle.push(w);
    pump();
  };
  const attach = (w: Worker): Worker => {
    w.onmessage = (ev: MessageEvent<FromPoolWorker>) => {
      const p = busy.get(w);
      if (!p || p.id !== ev.data.id) return;
      const m = ev.data;
      if ('progress' in m) p.options.onProgress?.(m.progress);
      else if ('result' in m) { settle(w, p); p.resolve(m.result); }
      else { settle(w, p); const e = new Error(m.error.message); e.name = m.error.name; p.reject(e); }
    };
    w.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      const p = busy.get(w);
      busy.delete(w);
      w.terminate();
      spawned--;
      p?.reject(new Error(`worker failed: ${ev.message || 'unknown error'}`));
      pump();
    };
    return w;
  };
  function pump(): void {
    while (!closed && queue.length > 0) {
      let w = idle.pop();
      if (!w && spawned < threads) { w = attach(spawn()); spawned++; }
      if (!w) return;
      const p = queue.shift()!;
      if (p.options.signal?.aborted) { idle.push(w); p.reject(new AbortError(p.kind)); continue; }
      busy.set(w, p);
      const onAbort = (): void => {
        if (busy.get(w!) !== p) return;
        busy.delete(w!);
        w!.terminate();
        spawned--;
        p.reject(new AbortError(p.kind));
        pump();
      };
      p.options.signal?.addEventListener('abort', onAbort, { once: true });
      const msg: ToPoolWorker = { id: p.id, kind: p.kind, input: p.input, progress: !!p.options.onProgress };
      w.postMessage(msg);
    }
  }
  return {
    run(kind: string, input: unknown, options: PoolTaskOptions = {}): Promise<unknown> {
      if (closed) return Promise.reject(new Error('the worker pool is closed'));
      return new Promise((resolve, reject) => {
        queue.push({ id: ++nextId, kind, input, options, resolve, reject });
        pump();
      });
    },
    async close(): Promise<void> {
      closed = true;
      for (const w of idle) w.terminate();
      for (const [w, p] of busy) { w.terminate(); p.reject(new AbortError(p.kind)); }
      for (const p of queue) p.reject(new AbortError(p.kind));
      idle.length = 0; busy.clear(); queue.length = 0;
    },
  };
}

/** Web Workers as the engine's platform; thread count = the browser's logical cores. */
export const webPlatform: ParallelPlatform = {
  threads: () => Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1),
  openPool: openWebPool,
};

/** Use Web Workers for the engine's parallel work (idempotent). */
export function installWebPlatform(): void {
  if (!hasParallelPlatform()) setParallelPlatform(webPlatform);
}
