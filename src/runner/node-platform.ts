/**
 * Node's threads for the engine (util/parallel.ts): piscina pools of worker
 * threads running the one worker entry (worker.ts), and the core count as the
 * default thread count. Node programs (the CLI, the `spindrift` package entry
 * for Node, tests and benchmarks that use threads) call `installNodePlatform()`.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { MessageChannel, isMainThread } from 'node:worker_threads';
import { installNodeThreadTeam } from '../linalg/threads/node-team.js';
import { threadTeam } from '../linalg/threads/team.js';
import { preloadWasmKernels } from '../linalg/wasm.js';

/** Sets the thread count of the dense kernels' team from code (default SPINDRIFT_THREADS, else the core count; 1 = none). */
export { installNodeThreadTeam };
import type { Piscina as PiscinaPool } from 'piscina';
import { hasParallelPlatform, setParallelPlatform, type ParallelPlatform, type PoolTaskOptions, type WorkerPool } from '../util/parallel.js';
import type { WorkerTask } from './worker.js';

/** Young-generation size of each pool worker's V8 heap, in MB (see `openPool`). */
const POOL_YOUNG_GENERATION_MB = 1;

/**
 * piscina, loaded when the first pool opens: the module and the Node built-ins it pulls in cost ≈ 5–8 MB
 * of resident memory, which a program that never opens a pool (a dense eigensolve, one `mesolve`) need
 * not pay. `openPool` is synchronous, hence `require` (piscina ships CommonJS) rather than `import()`.
 */
let piscinaClass: typeof PiscinaPool | null = null;
function piscina(): typeof PiscinaPool {
  piscinaClass ??= (createRequire(import.meta.url)('piscina') as { Piscina: typeof PiscinaPool }).Piscina;
  return piscinaClass;
}

/** Piscina pools over worker.ts. */
export const nodePlatform: ParallelPlatform = {
  threads: () => availableParallelism(),
  openPool(threads: number): WorkerPool {
    const Piscina = piscina();
    // A 1 MB young generation per worker (V8's default is sized for servers): 6–12 MB less peak RSS with
    // 2 workers on the trajectory and model workloads, no measurable time cost (docs/architecture.md).
    const pool = new Piscina({
      filename: new URL('./worker.js', import.meta.url).href, minThreads: threads, maxThreads: threads,
      resourceLimits: { maxYoungGenerationSizeMb: POOL_YOUNG_GENERATION_MB },
    });
    // A result already on its way when the pool is closed (an abort) reaches a pool that forgot the
    // task: piscina reports it as an 'error' event. After close that is expected and ignored;
    // before, it stays an error.
    let closing = false;
    pool.on('error', (err: unknown) => {
      if (!closing) throw err;
    });
    return {
      async run(kind: string, input: unknown, options: PoolTaskOptions = {}): Promise<unknown> {
        const task: WorkerTask = { kind, input };
        const channel = options.onProgress ? new MessageChannel() : null;
        if (channel) {
          channel.port1.on('message', (f: number) => options.onProgress!(f));
          task.progressPort = channel.port2;
        }
        try {
          return await pool.run(task, { ...(options.signal ? { signal: options.signal } : {}), ...(channel ? { transferList: [channel.port2] as never } : {}) });
        } finally {
          channel?.port1.close();
        }
      },
      close: () => {
        closing = true;
        return pool.destroy();
      },
    };
  },
};

/**
 * Use Node worker threads for the engine's parallel work (idempotent unless
 * `force`): piscina pools for chunked jobs, and — on the main thread — the
 * thread team of the dense kernels (src/linalg/threads/node-team.ts; size
 * SPINDRIFT_THREADS, default the core count, 1 = none; its workers start at
 * the first large product) — and start validating the WebAssembly kernels
 * module in the background. The team's job code (src/linalg/threads/row-jobs.ts,
 * with the divide-and-conquer and the real products it runs) is not loaded
 * here: the modules that post jobs load it.
 */
export function installNodePlatform(force = false): void {
  if (force || !hasParallelPlatform()) {
    setParallelPlatform(nodePlatform);
    if (isMainThread && (force || !threadTeam())) installNodeThreadTeam();
    // Validate the WebAssembly kernels module in the background now, so that the first solver call does
    // not wait for it (its functions still compile at their first call). Issue 18, lever 6: a small
    // problem's first call takes 5 ms with this and 9 ms when the compilation starts only as the solver's
    // modules load (qubit-me, bench/results/session13-lead/rss-ab-preload.txt); it costs a program that
    // never uses the kernels 1.3–2 MB of resident memory (the module and V8's WebAssembly compiler).
    void preloadWasmKernels();
  }
}
