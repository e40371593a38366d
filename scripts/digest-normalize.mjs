/**
 * What a before/after digest of a figure's data.json leaves out: run-time
 * measurements that differ between any two runs — wall times, solver
 * statistics, and throughput fragments of notes ("2.3×10⁶ events/s").
 * Shared by figure-digests.mjs and gallery-digests.mjs.
 */
const TIMING_KEY = /^(wallTimeMs|wall_time_ms|eigenTimeMs|stats|eventsPerSecond|switchesPerSecond)$/;
const TIMING_TEXT = /[\d.]+(×10[⁰-⁹]+)? (events|switches)\/s/g;

/** A copy of parsed JSON without run-time measurements. */
export function stripTimings(x) {
  if (typeof x === 'string') return x.replace(TIMING_TEXT, '<rate>');
  if (Array.isArray(x)) return x.map(stripTimings);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).filter(([k]) => !TIMING_KEY.test(k)).map(([k, v]) => [k, stripTimings(v)]));
  return x;
}
