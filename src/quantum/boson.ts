/**
 * Operators and states of a bosonic mode truncated to N Fock levels
 * |0⟩, …, |N−1⟩ (QuTiP's `destroy(N)` convention: N is the number of levels,
 * not the largest occupation). Basis index n is the Fock state |n⟩.
 *
 * Truncation makes [a, a†] = I − N|N−1⟩⟨N−1|, not I; results are reliable
 * only while the population of the top levels stays negligible.
 */
import { SparseMatrix, sparseAdjoint } from '../linalg/sparse.js';
import { ComplexVector } from '../linalg/vector.js';
import type { Complex } from '../linalg/complex.js';

function checkLevels(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${what}: number of Fock levels ${n} is not a positive integer`);
}

/** Annihilation operator a: a|n⟩ = √n |n−1⟩, entries (n−1, n) = √n, n = 1 … N−1. */
export function destroy(levels: number): SparseMatrix {
  checkLevels(levels, 'destroy');
  const r: number[] = [], c: number[] = [], v: number[] = [];
  for (let n = 1; n < levels; n++) {
    r.push(n - 1);
    c.push(n);
    v.push(Math.sqrt(n));
  }
  return SparseMatrix.fromTriplets(levels, levels, r, c, v);
}

/** Creation operator a† (a†|n⟩ = √(n+1)|n+1⟩ for n < N−1; a†|N−1⟩ = 0 by truncation). */
export function create(levels: number): SparseMatrix {
  return sparseAdjoint(destroy(levels));
}

/** Number operator a†a = diag(0, 1, …, N−1). */
export function number(levels: number): SparseMatrix {
  checkLevels(levels, 'number');
  const idx: number[] = [], v: number[] = [];
  for (let n = 1; n < levels; n++) {
    idx.push(n);
    v.push(n);
  }
  return SparseMatrix.fromTriplets(levels, levels, idx, idx, v);
}

/** Position quadrature x = (a + a†)/√2 (QuTiP `position`). */
export function position(levels: number): SparseMatrix {
  checkLevels(levels, 'position');
  const r: number[] = [], c: number[] = [], v: number[] = [];
  for (let n = 1; n < levels; n++) {
    const x = Math.sqrt(n / 2);
    r.push(n - 1, n);
    c.push(n, n - 1);
    v.push(x, x);
  }
  return SparseMatrix.fromTriplets(levels, levels, r, c, v);
}

/** Momentum quadrature p = −i(a − a†)/√2 (QuTiP `momentum`); [x, p] = i up to truncation. */
export function momentum(levels: number): SparseMatrix {
  checkLevels(levels, 'momentum');
  const r: number[] = [], c: number[] = [], re: number[] = [], im: number[] = [];
  for (let n = 1; n < levels; n++) {
    const x = Math.sqrt(n / 2);
    r.push(n - 1, n);
    c.push(n, n - 1);
    re.push(0, 0);
    im.push(-x, x);
  }
  return SparseMatrix.fromTriplets(levels, levels, r, c, re, im);
}

/** Fock state |n⟩ in the N-level truncated space. */
export function fockKet(levels: number, n: number): ComplexVector {
  checkLevels(levels, 'fockKet');
  if (!Number.isInteger(n) || n < 0 || n >= levels) throw new RangeError(`fockKet: n = ${n} outside 0..${levels - 1}`);
  return ComplexVector.basis(levels, n);
}

/**
 * Coherent state |α⟩ truncated to N levels and **renormalized**:
 * c_n ∝ α^n/√(n!) for n < N, then scaled so that Σ|c_n|² = 1 (Glauber,
 * Phys. Rev. 131, 2766 (1963), Eq. 3.7). This equals QuTiP's
 * `coherent(N, α, method='analytic')` divided by its norm; QuTiP's default
 * `method='operator'` (displacing |0⟩ inside the truncated space) differs by
 * truncation effects. Magnitudes are formed in log space, so large |α| and N
 * neither overflow nor underflow.
 */
export function coherentKet(levels: number, alpha: Complex | number): ComplexVector {
  checkLevels(levels, 'coherentKet');
  const ar = typeof alpha === 'number' ? alpha : alpha.re;
  const ai = typeof alpha === 'number' ? 0 : alpha.im;
  if (!Number.isFinite(ar) || !Number.isFinite(ai)) throw new RangeError('coherentKet: α is not finite');
  const v = new ComplexVector(levels);
  const mod = Math.hypot(ar, ai);
  if (mod === 0) {
    v.re[0] = 1;
    return v;
  }
  const logMod = Math.log(mod), phase = Math.atan2(ai, ar);
  const logMag = new Float64Array(levels);
  let logFact = 0, maxLog = -Infinity;
  for (let n = 0; n < levels; n++) {
    if (n > 0) logFact += Math.log(n);
    logMag[n] = n * logMod - 0.5 * logFact;
    if (logMag[n] > maxLog) maxLog = logMag[n];
  }
  let norm2 = 0;
  for (let n = 0; n < levels; n++) {
    const m = Math.exp(logMag[n] - maxLog);
    v.re[n] = m * Math.cos(n * phase);
    v.im[n] = m * Math.sin(n * phase);
    norm2 += m * m;
  }
  const inv = 1 / Math.sqrt(norm2);
  for (let n = 0; n < levels; n++) {
    v.re[n] *= inv;
    v.im[n] *= inv;
  }
  return v;
}
