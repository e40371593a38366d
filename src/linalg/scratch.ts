/**
 * Reused scratch arrays for the dense eigensolvers (issue 12): a large
 * `Float64Array` allocated per call costs page faults on first touch and
 * old-generation garbage collections, which for the divide-and-conquer
 * workspaces (three n×n arrays) were 10–15 % of a real-symmetric eigensolve at
 * n = 1000. A scratch array is owned by one named slot and handed out again
 * by the next request for that slot, so its contents are valid only until
 * then; callers never keep one beyond their own call and never hand one to
 * user code. Slots up to `RETAIN_LIMIT` doubles are kept between calls (each
 * thread has its own module instance); larger requests get a fresh array that
 * is not retained, so an occasional huge problem does not pin its memory.
 */

/** Largest slot kept between calls: 2²¹ doubles = 16 MiB (an n ≈ 1450 square). */
const RETAIN_LIMIT = 1 << 21;

const slots = new Map<string, Float64Array>();

/**
 * A Float64Array of at least `length` doubles for slot `name`, with
 * unspecified contents (zero it if you need zeros). Valid until the next
 * `scratch(name, …)` call.
 */
export function scratch(name: string, length: number): Float64Array {
  const have = slots.get(name);
  if (have && have.length >= length) return have;
  const buf = new Float64Array(length);
  if (length <= RETAIN_LIMIT) slots.set(name, buf);
  else slots.delete(name);
  return buf;
}

/**
 * `Math.hypot(a, b)` without the builtin's argument allocation (V8 boxes the
 * arguments of `Math.hypot` into a heap array; in the tridiagonal solvers that
 * was most of the young-generation garbage). Scaled as LAPACK dlapy2, so no
 * overflow or harmful underflow; the result can differ from `Math.hypot` in
 * the last bit.
 */
export function hypot2(a: number, b: number): number {
  const x = Math.abs(a), y = Math.abs(b);
  const big = x > y ? x : y, small = x > y ? y : x;
  if (big === 0 || big === Infinity) return big + small; // 0, or ∞ (NaN stays NaN)
  const r = small / big;
  return big * Math.sqrt(1 + r * r);
}
