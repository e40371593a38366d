/**
 * Complex vectors as split real/imaginary `Float64Array`s, and the BLAS-1
 * operations the solvers need. Kets are `ComplexVector`s.
 */
import type { Complex } from './complex.js';

export class ComplexVector {
  readonly length: number;
  readonly re: Float64Array;
  readonly im: Float64Array;

  constructor(length: number, re?: Float64Array, im?: Float64Array) {
    this.length = length;
    this.re = re ?? new Float64Array(length);
    this.im = im ?? new Float64Array(length);
    if (this.re.length !== length || this.im.length !== length) {
      throw new RangeError(`ComplexVector: data length does not match ${length}`);
    }
  }

  static fromArrays(re: ArrayLike<number>, im?: ArrayLike<number>): ComplexVector {
    const v = new ComplexVector(re.length);
    v.re.set(re);
    if (im) {
      if (im.length !== re.length) throw new RangeError('ComplexVector.fromArrays: re and im lengths differ');
      v.im.set(im);
    }
    return v;
  }

  /** Standard basis vector e_k. */
  static basis(length: number, k: number): ComplexVector {
    if (k < 0 || k >= length) throw new RangeError(`ComplexVector.basis: index ${k} outside 0..${length - 1}`);
    const v = new ComplexVector(length);
    v.re[k] = 1;
    return v;
  }

  clone(): ComplexVector {
    return new ComplexVector(this.length, this.re.slice(), this.im.slice());
  }
}

/** ⟨x|y⟩ = Σ conj(x_k) y_k */
export function dot(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): Complex {
  let re = 0, im = 0;
  for (let k = 0; k < xr.length; k++) {
    re += xr[k] * yr[k] + xi[k] * yi[k];
    im += xr[k] * yi[k] - xi[k] * yr[k];
  }
  return { re, im };
}

/**
 * Euclidean norm of a split complex vector: one pass in the common case,
 * rescaled by the largest entry only when the plain sum of squares
 * overflows or underflows.
 */
export function norm2(xr: Float64Array, xi: Float64Array): number {
  let s = 0;
  for (let k = 0; k < xr.length; k++) s += xr[k] * xr[k] + xi[k] * xi[k];
  const r = Math.sqrt(s);
  if (r === Infinity || (r > 0 && r < 1e-150)) {
    let big = 0;
    for (let k = 0; k < xr.length; k++) big = Math.max(big, Math.abs(xr[k]), Math.abs(xi[k]));
    if (big === 0 || !Number.isFinite(big)) return big;
    let t = 0;
    for (let k = 0; k < xr.length; k++) {
      const a = xr[k] / big, b = xi[k] / big;
      t += a * a + b * b;
    }
    return big * Math.sqrt(t);
  }
  return r;
}

/** y ← y + (ar + i·ai) x */
export function axpy(ar: number, ai: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  for (let k = 0; k < xr.length; k++) {
    const a = xr[k], b = xi[k];
    yr[k] += ar * a - ai * b;
    yi[k] += ar * b + ai * a;
  }
}

/** x ← (ar + i·ai) x */
export function scaleInPlace(ar: number, ai: number, xr: Float64Array, xi: Float64Array): void {
  for (let k = 0; k < xr.length; k++) {
    const a = xr[k], b = xi[k];
    xr[k] = ar * a - ai * b;
    xi[k] = ar * b + ai * a;
  }
}
