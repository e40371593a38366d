/**
 * The control words that a thread team's threads share (an Int32Array on a
 * SharedArrayBuffer) and the block counter on them. Browser-clean (only
 * `Atomics`), used by ./node-team.ts and its workers (./node-worker.ts).
 *
 * TICKET holds (job sequence number << 12) | next block: a thread takes
 * block b of job s by compare-and-swap from (s, b) to (s, b + 1), so a
 * worker that reads a job's message late (after the caller already finished
 * it, or after a newer job started) finds another sequence number and takes
 * nothing. Sequence numbers wrap at 2¹⁹; blocks per job are fewer than 4096.
 */

/** Indices into the control array. */
export const TICKET = 0;
/** Blocks finished (by any thread) of the current job. */
export const DONE = 1;
/** Set to 1 by a thread whose block failed (then the caller recomputes the whole job). */
export const FAILED = 2;
/** Workers that have started (informational). */
export const READY = 3;
/** Length of the control array. */
export const CONTROL_WORDS = 4;

/** Largest job sequence number + 1. */
export const SEQ_LIMIT = 1 << 19;
/** Blocks per job must stay below this (12 bits of the ticket, one spare so the counter never carries into the sequence number). */
export const BLOCK_LIMIT = 4095;

/** Block index for the calling thread, or −1 when job `seq` has no block left (or is no longer current). */
export function takeBlock(ctrl: Int32Array, seq: number, blocks: number): number {
  for (;;) {
    const t = Atomics.load(ctrl, TICKET);
    if (t >>> 12 !== seq) return -1;
    const b = t & 0xfff;
    if (b >= blocks) return -1;
    if (Atomics.compareExchange(ctrl, TICKET, t, t + 1) === t) return b;
  }
}

/** Page size assumed when a worker faults in memory ahead of a job (4 KiB, the x86-64 and arm64 Linux default; larger pages are simply touched several times). */
export const PAGE_BYTES = 4096;
