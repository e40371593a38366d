/**
 * The job registry of the worker entry (worker.ts): every kind of work the
 * engine hands to `runChunks` or a pool (util/parallel.ts), by name. Modules
 * are loaded on first use, so a worker pays only for the jobs it runs.
 */
import { chunkTaskRunner, type ChunkJob, type ChunkTask, type Chunk } from '../util/parallel.js';

/** A job as a worker runs it: input (a task), optional progress, output. */
export type JobHandler = (input: unknown, progress?: (fraction: number) => void) => unknown;

/** A chunk job as a worker handler (its prepared state cached per problem). */
function chunked<P, S, C extends Chunk, R>(job: ChunkJob<P, S, C, R>): JobHandler {
  const run = chunkTaskRunner(job);
  return (input) => run(input as ChunkTask<P, C>);
}

const LOADERS: Record<string, () => Promise<JobHandler>> = {
  trajectories: async () => chunked((await import('../solvers/mcsolve/index.js')).trajectoryJob),
  // Time-dependent trajectories: the expression modules register the compilers that rebuild the coefficients.
  'trajectories-td': async () => {
    await Promise.all([import('../expression/coefficient.js'), import('../expression/sampled.js'), import('../expression/system.js')]);
    return chunked((await import('../solvers/mcsolve/td-engine.js')).tdTrajectoryJob);
  },
  kmc: async () => chunked((await import('../models/nuclear-transport/kmc.js')).kmcJob),
  telegraph: async () => chunked((await import('../models/spin-diffusion/telegraph.js')).telegraphJob),
  'anderson-realizations': async () => chunked((await import('../models/anderson-dnp/model.js')).realizationJob),
  'sweep-point': async () => {
    const { runSweepPoint } = await import('./sweep-point.js');
    return (input, progress) => runSweepPoint(input as Parameters<typeof runSweepPoint>[0], progress);
  },
};

const loaded = new Map<string, JobHandler>();

/** The handler of job `kind`; throws for an unknown kind. */
export async function jobHandler(kind: string): Promise<JobHandler> {
  let h = loaded.get(kind);
  if (h) return h;
  const load = LOADERS[kind];
  if (!load) throw new Error(`worker: unknown job kind '${kind}'`);
  h = await load();
  loaded.set(kind, h);
  return h;
}
