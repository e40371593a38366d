/**
 * Work items of a point that consists of several Monte Carlo ensembles, each
 * split into chunks (KMC realizations, telegraph trajectories, quantum-jump
 * trajectories): item i is chunk c of ensemble e, counted over the ensembles
 * in order. A point's items are computed by any partition (threads, shards on
 * other machines) and reassembled here per ensemble in chunk order, so the
 * reduction — and therefore every bit of the result — is that of one run.
 */

/** (ensemble, chunk) of each global item index in `indices`, for ensembles with `chunkCounts` chunks. */
export function locateItems(chunkCounts: readonly number[], indices: readonly number[], what: string): { ensemble: number; chunk: number }[] {
  const offsets: number[] = [];
  let total = 0;
  for (const c of chunkCounts) { offsets.push(total); total += c; }
  return indices.map((i) => {
    if (!Number.isInteger(i) || i < 0 || i >= total) throw new RangeError(`${what}: no work item ${i} (of ${total})`);
    let e = chunkCounts.length - 1;
    while (offsets[e] > i || chunkCounts[e] === 0) e--;
    return { ensemble: e, chunk: i - offsets[e] };
  });
}

/**
 * Results of items `indices` in that order: each run of consecutive items of
 * one ensemble goes to `run(ensemble, chunks, done)` at once (so its chunks
 * share the ensemble's threads); `done` is the number of items finished before.
 */
export async function computeItems<R>(
  chunkCounts: readonly number[], indices: readonly number[], what: string,
  run: (ensemble: number, chunks: number[], done: number) => Promise<R[]>,
): Promise<R[]> {
  const where = locateItems(chunkCounts, indices, what);
  const out: R[] = [];
  for (let a = 0; a < where.length;) {
    let b = a;
    while (b < where.length && where[b].ensemble === where[a].ensemble) b++;
    out.push(...(await run(where[a].ensemble, where.slice(a, b).map((w) => w.chunk), a)));
    a = b;
  }
  return out;
}

/** The parts of every item (in item order) cut into one list per ensemble. */
export function partsByEnsemble<R>(chunkCounts: readonly number[], parts: readonly unknown[], what: string): R[][] {
  const total = chunkCounts.reduce((a, b) => a + b, 0);
  if (parts.length !== total) throw new RangeError(`${what}: expected ${total} chunk results, got ${parts.length}`);
  const out: R[][] = [];
  let at = 0;
  for (const c of chunkCounts) { out.push(parts.slice(at, at + c) as R[]); at += c; }
  return out;
}
