/**
 * The real and imaginary halves [re…, im…] of the few state buffers an ODE
 * integrator passes to a right-hand side, as cached subarray views: a
 * `subarray` per call allocates, and at millions of calls the garbage
 * collector took a third of a small problem's run time.
 */
export class SplitViews {
  private readonly cache = new Map<Float64Array, [Float64Array, Float64Array]>();

  constructor(private readonly n: number) {}

  /** [re, im] views of buffer y (length 2n). */
  of(y: Float64Array): [Float64Array, Float64Array] {
    let v = this.cache.get(y);
    if (v === undefined) {
      v = [y.subarray(0, this.n), y.subarray(this.n, 2 * this.n)];
      // An integrator uses a fixed set of buffers; bound the cache anyway.
      if (this.cache.size > 64) this.cache.clear();
      this.cache.set(y, v);
    }
    return v;
  }
}
