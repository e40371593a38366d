/**
 * Modified Gram–Schmidt orthogonalization of w against the first `count`
 * Krylov basis vectors, shared by GMRES and the Krylov exponential.
 *
 * Re-orthogonalization follows the "twice is enough" rule (Kahan, Parlett;
 * Giraud, Langou & Rozložník 2005): with `'auto'` a second pass runs when
 * the first one cancelled more than 30 % of ‖w‖ (‖w‖ < 0.7 × its value
 * before the pass); `'always'` runs two passes, `'once'` one.
 *
 * The coefficients h_i = ⟨v_i|w⟩ are accumulated (+=) into
 * hRe/hIm[offset + i·stride], so callers keep their own Hessenberg layout.
 * Returns ‖w‖ after orthogonalization. No allocation.
 */
import { norm2 } from './vector.js';

export function orthogonalize(
  Vr: readonly Float64Array[], Vi: readonly Float64Array[], count: number,
  wr: Float64Array, wi: Float64Array,
  initialNorm: number,
  hRe: Float64Array, hIm: Float64Array, offset: number, stride: number,
  policy: 'auto' | 'always' | 'once',
): number {
  const n = wr.length;
  let s = initialNorm;
  for (let pass = 0; pass < 2; pass++) {
    const before = s;
    for (let i = 0; i < count; i++) {
      const ar = Vr[i], ai = Vi[i];
      let dr = 0, di = 0;
      for (let q = 0; q < n; q++) {
        const a = ar[q], b = ai[q], x = wr[q], y = wi[q];
        dr += a * x + b * y;
        di += a * y - b * x;
      }
      for (let q = 0; q < n; q++) {
        const a = ar[q], b = ai[q];
        wr[q] -= dr * a - di * b;
        wi[q] -= dr * b + di * a;
      }
      hRe[offset + i * stride] += dr;
      hIm[offset + i * stride] += di;
    }
    s = norm2(wr, wi);
    if (policy === 'once' || (policy === 'auto' && s >= 0.7 * before)) break;
  }
  return s;
}
