/**
 * Dense matrix exponential by scaling and squaring with Padé approximants.
 *
 * N. J. Higham, "The scaling and squaring method for the matrix exponential
 * revisited", SIAM J. Matrix Anal. Appl. 26 (2005) 1179–1193, Algorithm 2.3:
 * the degree m ∈ {3, 5, 7, 9, 13} and the number of squarings s are chosen from
 * ‖A‖₁ against the backward-error thresholds θ_m (Table 2.3 of the paper), so
 * that the Padé approximant r_m(2^{-s}A) has backward error ≤ u = 2^{-53}.
 * r_m = (V − U)⁻¹(V + U) is evaluated with U odd and V even in A (Eqs. 2.10,
 * 2.11 for m = 13), and the linear system is solved by LU with partial pivoting.
 */
import { ComplexMatrix, matmulInto } from './dense.js';
import type { Complex } from './complex.js';
import { luFactor, luSolve } from './lu.js';
import { wasmKernels, type WasmKernels } from './wasm.js';
import { teamFor } from './threads/team.js';

/** θ_m of Higham (2005), Table 2.3 (double precision). */
const THETA3 = 1.495585217958292e-2;
const THETA5 = 2.539398330063230e-1;
const THETA7 = 9.504178996162932e-1;
const THETA9 = 2.097847961257068e0;
const THETA13 = 5.371920351148152e0;

/** Coefficients b_0…b_m of the [m/m] Padé approximant to e^x (Higham 2005, Eq. 2.2 scaled to integers). */
const PADE: Record<number, readonly number[]> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800,
    129060195264000, 10559470521600, 670442572800, 33522128640, 1323241920,
    40840800, 960960, 16380, 182, 1,
  ],
};

/** ‖A‖₁ with moduli via sqrt (no hypot in the loop). NaN propagates. */
function norm1(a: ComplexMatrix): number {
  const n = a.cols;
  const sums = new Float64Array(n);
  for (let i = 0; i < a.rows; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) {
      const x = a.re[o + j], y = a.im[o + j];
      sums[j] += Math.sqrt(x * x + y * y);
    }
  }
  let m = 0;
  for (let j = 0; j < n; j++) {
    if (sums[j] > m || Number.isNaN(sums[j])) m = sums[j];
  }
  return m;
}

/**
 * out ← c_I·I + Σ_k c_k·M_k (real coefficients). `out` may be one of the M_k
 * only if it is the first term.
 */
function combine(out: ComplexMatrix, cI: number, terms: readonly (readonly [number, ComplexMatrix])[]): ComplexMatrix {
  const n = out.rows;
  const len = out.re.length;
  const or = out.re, oi = out.im;
  const [c0, m0] = terms[0];
  for (let k = 0; k < len; k++) {
    or[k] = c0 * m0.re[k];
    oi[k] = c0 * m0.im[k];
  }
  for (let t = 1; t < terms.length; t++) {
    const [c, m] = terms[t];
    const mr = m.re, mi = m.im;
    for (let k = 0; k < len; k++) {
      or[k] += c * mr[k];
      oi[k] += c * mi[k];
    }
  }
  for (let i = 0; i < n; i++) or[i * n + i] += cI;
  return out;
}

/** U and V of the degree-m Padé approximant at A (m ∈ {3,5,7,9}), Higham 2005 Eq. 2.10 style. */
function padeLow(a: ComplexMatrix, m: 3 | 5 | 7 | 9): { u: ComplexMatrix; v: ComplexMatrix } {
  const n = a.rows;
  const b = PADE[m];
  const powers: ComplexMatrix[] = []; // A^2, A^4, ...
  const a2 = new ComplexMatrix(n, n);
  matmulInto(a2, a, a);
  powers.push(a2);
  for (let k = 4; k < m; k += 2) {
    const next = new ComplexMatrix(n, n);
    matmulInto(next, powers[powers.length - 1], a2);
    powers.push(next);
  }
  // inner = b_1 I + b_3 A² + … + b_m A^{m−1};  V = b_0 I + b_2 A² + … + b_{m−1} A^{m−1}
  const innerTerms: [number, ComplexMatrix][] = [];
  const vTerms: [number, ComplexMatrix][] = [];
  for (let p = 0; p < powers.length; p++) {
    const deg = 2 * (p + 1);
    innerTerms.push([b[deg + 1], powers[p]]);
    vTerms.push([b[deg], powers[p]]);
  }
  const inner = combine(new ComplexMatrix(n, n), b[1], innerTerms);
  const u = new ComplexMatrix(n, n);
  matmulInto(u, a, inner);
  const v = combine(inner, b[0], vTerms); // reuse storage
  return { u, v };
}

/** U and V of the degree-13 Padé approximant at A (Higham 2005, Eqs. 2.10–2.11: 6 matrix products). */
function pade13(a: ComplexMatrix): { u: ComplexMatrix; v: ComplexMatrix } {
  const n = a.rows;
  const b = PADE[13];
  const a2 = new ComplexMatrix(n, n), a4 = new ComplexMatrix(n, n), a6 = new ComplexMatrix(n, n);
  matmulInto(a2, a, a);
  matmulInto(a4, a2, a2);
  matmulInto(a6, a4, a2);
  const t = new ComplexMatrix(n, n);
  const w = new ComplexMatrix(n, n);
  // U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I]
  combine(t, 0, [[b[13], a6], [b[11], a4], [b[9], a2]]);
  matmulInto(w, a6, t);
  combine(w, b[1], [[1, w], [b[7], a6], [b[5], a4], [b[3], a2]]);
  const u = new ComplexMatrix(n, n);
  matmulInto(u, a, w);
  // V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I
  combine(t, 0, [[b[12], a6], [b[10], a4], [b[8], a2]]);
  const v = new ComplexMatrix(n, n);
  matmulInto(v, a6, t);
  combine(v, b[0], [[1, v], [b[6], a6], [b[4], a4], [b[2], a2]]);
  return { u, v };
}

/**
 * r_m = (V − U)⁻¹ (V + U) via LU with partial pivoting: in the WebAssembly kernel `zpadeQuotient` where
 * available (the operations of luFactor/luSolve, the same bits, several times faster than their
 * TypeScript on a cold call), else — or with `typescript` (tests) — in TypeScript. `v` may be overwritten.
 * Exported for the tests that compare both paths.
 * @throws RangeError as luFactor when V − U is singular or not finite
 */
export function padeQuotient(u: ComplexMatrix, v: ComplexMatrix, options: { typescript?: boolean } = {}): ComplexMatrix {
  return (options.typescript ? null : padeQuotientWasm(u, v)) ?? padeQuotientTypeScript(u, v);
}

/** `padeQuotient` in the kernel; null when the kernels are unavailable or the memory cannot hold 4 n×n matrices. */
function padeQuotientWasm(u: ComplexMatrix, v: ComplexMatrix): ComplexMatrix | null {
  const n = u.rows, w = n > 1 ? wasmKernels() : null;
  if (!w) return null;
  const part = (n * n + 1) & ~1;
  const base = w.reserve(8 * part + w.exports.zpadeQuotientIntsDoubles(n));
  if (base < 0) return null;
  const h = w.heap, at = (k: number): number => base + k * part;
  h.set(u.re, at(0));
  h.set(u.im, at(1));
  h.set(v.re, at(2));
  h.set(v.im, at(3));
  const code = w.exports.zpadeQuotient(n, at(0) * 8, at(1) * 8, at(2) * 8, at(3) * 8, at(4) * 8, at(5) * 8, at(6) * 8, at(7) * 8, at(8) * 8);
  if (code !== 0) throw luError(code);
  return new ComplexMatrix(n, n, h.slice(at(6), at(6) + n * n), h.slice(at(7), at(7) + n * n));
}

/** `padeQuotient` in TypeScript (luFactor, luSolve). */
function padeQuotientTypeScript(u: ComplexMatrix, v: ComplexMatrix): ComplexMatrix {
  const len = u.re.length;
  const p = new ComplexMatrix(u.rows, u.cols);
  for (let k = 0; k < len; k++) {
    const ur = u.re[k], ui = u.im[k], vr = v.re[k], vi = v.im[k];
    p.re[k] = vr + ur;
    p.im[k] = vi + ui;
    v.re[k] = vr - ur; // v becomes q = V − U
    v.im[k] = vi - ui;
  }
  return luSolve(luFactor(v), p);
}

/**
 * exp(A) for a square complex matrix by scaling and squaring with Padé
 * approximants of degree ≤ 13 (Higham 2005, Algorithm 2.3, 1-norm).
 *
 * Accuracy: backward stable in the sense of the paper; the forward relative
 * error is about κ_exp(A)·u, where κ_exp is the condition number of the
 * exponential (≈ ‖A‖ for normal A, larger for strongly non-normal A).
 * Cost: ≈ (6 + s) complex n×n products plus one LU solve with n right-hand sides.
 */
export function expm(a: ComplexMatrix): ComplexMatrix {
  if (a.rows !== a.cols) throw new RangeError(`expm: matrix is ${a.rows}x${a.cols}, not square`);
  const n = a.rows;
  if (n === 0) return new ComplexMatrix(0, 0);
  const w = n > 1 && fusedExpm(n) ? wasmKernels() : null;
  const base = w ? w.reserve(w.exports.zexpmWorkDoubles(n)) : -1;
  const nrm = w && base >= 0 ? wasmNorm1(w, a, base) : norm1(a);
  if (!Number.isFinite(nrm)) throw new RangeError('expm: matrix has non-finite entries');
  if (n === 1) {
    const mag = Math.exp(a.re[0]);
    return new ComplexMatrix(1, 1, Float64Array.of(mag * Math.cos(a.im[0])), Float64Array.of(mag * Math.sin(a.im[0])));
  }
  const { m, s } = padeDegree(nrm);
  return w && base >= 0 ? expmWasm(w, n, m, s, base) : expmSteps(a, m, s);
}

/**
 * `expm` with its steps orchestrated in TypeScript (the products may still run in WebAssembly, see
 * matmulInto): the path for n ≥ FUSED_EXPM_LIMIT or without WebAssembly, and the reference the
 * fused kernel is tested against (same bits). n ≥ 2; throws like expm on non-finite entries.
 */
export function expmStepwise(a: ComplexMatrix): ComplexMatrix {
  const nrm = norm1(a);
  if (!Number.isFinite(nrm)) throw new RangeError('expm: matrix has non-finite entries');
  const { m, s } = padeDegree(nrm);
  return expmSteps(a, m, s);
}

function expmSteps(a: ComplexMatrix, m: 3 | 5 | 7 | 9 | 13, s: number): ComplexMatrix {
  const n = a.rows;
  if (m !== 13) { const { u, v } = padeLow(a, m); return padeQuotient(u, v); }
  let scaled = a;
  if (s > 0) {
    const f = Math.pow(2, -s); // exact power of two: the scaling introduces no rounding
    scaled = new ComplexMatrix(n, n);
    for (let k = 0; k < a.re.length; k++) {
      scaled.re[k] = a.re[k] * f;
      scaled.im[k] = a.im[k] * f;
    }
  }
  const { u, v } = pade13(scaled);
  let r = padeQuotient(u, v);
  let tmp = u; // reuse as the squaring buffer
  for (let k = 0; k < s; k++) {
    matmulInto(tmp, r, r);
    const t = r; r = tmp; tmp = t;
  }
  return r;
}

/** Higham (2005) Algorithm 2.3: the Padé degree m for ‖A‖₁ and, for m = 13, the squarings s. */
function padeDegree(nrm: number): { m: 3 | 5 | 7 | 9 | 13; s: number } {
  if (nrm <= THETA3) return { m: 3, s: 0 };
  if (nrm <= THETA5) return { m: 5, s: 0 };
  if (nrm <= THETA7) return { m: 7, s: 0 };
  if (nrm <= THETA9) return { m: 9, s: 0 };
  return { m: 13, s: Math.max(0, Math.ceil(Math.log2(nrm / THETA13))) };
}

/**
 * Below this order `expm` runs whole in the WebAssembly kernel `zexpmPade` (wasm/kernels.ts): the
 * same operations in the same order as the TypeScript path with its WebAssembly products. On a cold
 * call this keeps the Padé products and the LU out of V8's interpreter (a 12×12 exponential: ~8 ms →
 * ~0.1 ms). From this order on the products are large enough for the thread team, so the steps run
 * from TypeScript (`fusedExpm` says when they still run fused).
 */
export const FUSED_EXPM_LIMIT = 128;

/**
 * Below this order, an exponential whose products could go to the thread team still runs fused on
 * one thread when the team's workers are not running yet: starting them (≈ 60 ms and 10–16 MB of
 * memory per worker) does not pay for one exponential of this size. Measured in fresh processes
 * (bench/results/session7-lead/expm-team-start.txt, ‖A‖₁ = 300): fused vs starting the team 235–245 vs
 * 246–263 ms at n = 256, 420 vs 390–402 ms at 320, 1.04 s vs 820 ms at 448; the team costs 15–24 MB.
 * From this order on the team is started.
 */
export const FUSED_TEAM_START_LIMIT = 320;

/**
 * Whether `expm` of order n runs whole in `zexpmPade`: below FUSED_EXPM_LIMIT; above it when its
 * products would run on one thread anyway (no thread team for them), or when the team's workers are
 * not running and n < FUSED_TEAM_START_LIMIT. The choice never changes the result: the team's
 * products are bit-identical to one thread's, and the fused kernel does the steps' operations.
 */
function fusedExpm(n: number): boolean {
  if (n < FUSED_EXPM_LIMIT) return true;
  const team = teamFor(8 * n * n * n);
  return team === null || (!team.running && n < FUSED_TEAM_START_LIMIT);
}

/** Copies A into the working matrix 0 of the region at `base` (doubles) and returns expm's ‖A‖₁ of it. */
function wasmNorm1(w: WasmKernels, a: ComplexMatrix, base: number): number {
  const n = a.rows, part = (n * n + 1) & ~1;
  const h = w.heap;
  h.set(a.re, base);
  h.set(a.im, base + part);
  // the pivot/permutation scratch after the 12 working matrices holds the column sums
  return w.exports.znorm1(n, base * 8, (base + part) * 8, (base + 24 * part) * 8);
}

/** exp(A) from the copy of A that wasmNorm1 laid out at `base`, by zexpmPade. */
function expmWasm(w: WasmKernels, n: number, m: number, s: number, base: number): ComplexMatrix {
  const k = w.exports.zexpmPade(n, m, s, Math.pow(2, -s), base * 8);
  if (k < 0) throw luError(-k);
  const part = (n * n + 1) & ~1, at = base + 2 * k * part;
  const h = w.heap;
  return new ComplexMatrix(n, n, h.slice(at, at + n * n), h.slice(at + part, at + part + n * n));
}

/** The RangeError luFactor throws, from zexpmPade's failure code (wasm/kernels.ts zluFactor). */
function luError(code: number): RangeError {
  if (code === 1) return new RangeError('luFactor: matrix has non-finite entries');
  const k = (code - 2) >> 1;
  return code % 2 === 0
    ? new RangeError(`luFactor: matrix is singular (zero pivot in column ${k})`)
    : new RangeError(`luFactor: pivot in column ${k} is not finite (overflow or non-finite input)`);
}

/**
 * exp(t·A) for a real or complex scalar t (e.g. the propagator of a constant
 * generator over a time step). Same algorithm as {@link expm}.
 */
export function expmScaled(a: ComplexMatrix, t: number | Complex): ComplexMatrix {
  const tr = typeof t === 'number' ? t : t.re;
  const ti = typeof t === 'number' ? 0 : t.im;
  const b = new ComplexMatrix(a.rows, a.cols);
  for (let k = 0; k < a.re.length; k++) {
    const x = a.re[k], y = a.im[k];
    b.re[k] = tr * x - ti * y;
    b.im[k] = tr * y + ti * x;
  }
  return expm(b);
}
