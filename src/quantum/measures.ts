/**
 * Expectation values, purity, partial trace and distances between states.
 */
import { ComplexMatrix, matmul } from '../linalg/dense.js';
import { SparseMatrix } from '../linalg/sparse.js';
import type { ComplexVector } from '../linalg/vector.js';
import type { Complex } from '../linalg/complex.js';
import type { Operator } from '../linalg/operator.js';
import { eigh } from '../linalg/eigen-hermitian.js';
import { totalDimension } from './tensor.js';

/**
 * Tr(O ρ) = Σ_ij O_ij ρ_ji without forming the product: O(nnz(O)) for a
 * sparse O, O(n²) for a dense one.
 */
export function expect(op: Operator, rho: ComplexMatrix): Complex {
  const n = rho.rows;
  if (rho.cols !== n || op.rows !== n || op.cols !== n) {
    throw new RangeError(`expect: operator ${op.rows}x${op.cols} and state ${rho.rows}x${rho.cols} do not match`);
  }
  const rr = rho.re, ri = rho.im;
  let re = 0, im = 0;
  if (op instanceof SparseMatrix) {
    const { rowPtr, colIndex } = op;
    for (let i = 0; i < n; i++) {
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        const q = colIndex[k] * n + i;
        const ar = op.re[k], ai = op.im[k];
        re += ar * rr[q] - ai * ri[q];
        im += ar * ri[q] + ai * rr[q];
      }
    }
  } else {
    const or = op.re, oi = op.im;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const ar = or[i * n + j], ai = oi[i * n + j];
        const q = j * n + i;
        re += ar * rr[q] - ai * ri[q];
        im += ar * ri[q] + ai * rr[q];
      }
    }
  }
  return { re, im };
}

/** ⟨ψ|O|ψ⟩ = Σ_ij conj(ψ_i) O_ij ψ_j (ψ used as given, not normalized); no allocation. */
export function expectKet(op: Operator, psi: ComplexVector): Complex {
  const n = psi.length;
  if (op.rows !== n || op.cols !== n) throw new RangeError(`expectKet: operator ${op.rows}x${op.cols} and ket of length ${n} do not match`);
  const pr = psi.re, pi = psi.im;
  let re = 0, im = 0;
  for (let i = 0; i < n; i++) {
    let sr = 0, si = 0;
    if (op instanceof SparseMatrix) {
      for (let k = op.rowPtr[i]; k < op.rowPtr[i + 1]; k++) {
        const j = op.colIndex[k];
        sr += op.re[k] * pr[j] - op.im[k] * pi[j];
        si += op.re[k] * pi[j] + op.im[k] * pr[j];
      }
    } else {
      const off = i * n;
      for (let j = 0; j < n; j++) {
        sr += op.re[off + j] * pr[j] - op.im[off + j] * pi[j];
        si += op.re[off + j] * pi[j] + op.im[off + j] * pr[j];
      }
    }
    // conj(ψ_i) · (Oψ)_i
    re += pr[i] * sr + pi[i] * si;
    im += pr[i] * si - pi[i] * sr;
  }
  return { re, im };
}

/** Purity Tr(ρ²) = Σ_ij ρ_ij ρ_ji (real part; = Σ|ρ_ij|² for Hermitian ρ). */
export function purity(rho: ComplexMatrix): number {
  const n = rho.rows;
  if (rho.cols !== n) throw new RangeError(`purity: matrix is ${rho.rows}x${rho.cols}, not square`);
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = i * n + j, b = j * n + i;
      s += rho.re[a] * rho.re[b] - rho.im[a] * rho.im[b];
    }
  }
  return s;
}

/**
 * Partial trace over all subsystems not in `keep`; the kept subsystems appear
 * in the output in the order listed in `keep` (so `keep = [2, 0]` also swaps
 * them — QuTiP's `ptrace` always keeps the original order).
 * (Tr_B ρ)_{ab} = Σ_t ρ_{(a,t),(b,t)}: with offsets of the kept and traced
 * digits precomputed, the cost is D_keep² · D_traced.
 */
export function partialTrace(rho: ComplexMatrix, dims: readonly number[], keep: readonly number[]): ComplexMatrix {
  const n = totalDimension(dims);
  if (rho.rows !== n || rho.cols !== n) {
    throw new RangeError(`partialTrace: matrix is ${rho.rows}x${rho.cols} but dims [${dims.join(', ')}] give ${n}`);
  }
  const seen = new Array<boolean>(dims.length).fill(false);
  for (const k of keep) {
    if (!Number.isInteger(k) || k < 0 || k >= dims.length) throw new RangeError(`partialTrace: subsystem ${k} outside 0..${dims.length - 1}`);
    if (seen[k]) throw new RangeError(`partialTrace: subsystem ${k} listed twice in keep`);
    seen[k] = true;
  }
  const strides = new Array<number>(dims.length);
  let st = 1;
  for (let k = dims.length - 1; k >= 0; k--) {
    strides[k] = st;
    st *= dims[k];
  }
  const traced: number[] = [];
  for (let k = 0; k < dims.length; k++) if (!seen[k]) traced.push(k);
  const offsets = (subs: readonly number[]): Int32Array => {
    let size = 1;
    for (const k of subs) size *= dims[k];
    const off = new Int32Array(size);
    // Enumerate multi-indices over subs, last listed subsystem fastest.
    const digit = new Array<number>(subs.length).fill(0);
    for (let a = 0; a < size; a++) {
      let o = 0;
      for (let q = 0; q < subs.length; q++) o += digit[q] * strides[subs[q]];
      off[a] = o;
      for (let q = subs.length - 1; q >= 0; q--) {
        if (++digit[q] < dims[subs[q]]) break;
        digit[q] = 0;
      }
    }
    return off;
  };
  const ko = offsets(keep), to = offsets(traced);
  const m = ko.length;
  const out = new ComplexMatrix(m, m);
  const rr = rho.re, ri = rho.im;
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      let sr = 0, si = 0;
      const base = ko[a] * n + ko[b];
      for (let t = 0; t < to.length; t++) {
        const q = base + to[t] * (n + 1);
        sr += rr[q];
        si += ri[q];
      }
      out.re[a * m + b] = sr;
      out.im[a * m + b] = si;
    }
  }
  return out;
}

/** V diag(f(λ)) V† for a Hermitian matrix a (eigen-decomposition). */
function hermitianFunction(a: ComplexMatrix, f: (x: number) => number): ComplexMatrix {
  const n = a.rows;
  const { values, vectors } = eigh(a);
  if (!vectors) throw new Error('hermitianFunction: eigensolver returned no eigenvectors');
  const out = new ComplexMatrix(n, n);
  const fv = Float64Array.from(values, f);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sr = 0, si = 0;
      for (let k = 0; k < n; k++) {
        const ar = vectors.re[i * n + k], ai = vectors.im[i * n + k];
        const br = vectors.re[j * n + k], bi = -vectors.im[j * n + k];
        sr += fv[k] * (ar * br - ai * bi);
        si += fv[k] * (ar * bi + ai * br);
      }
      out.re[i * n + j] = sr;
      out.im[i * n + j] = si;
    }
  }
  return out;
}

function hermitize(a: ComplexMatrix): ComplexMatrix {
  const n = a.rows;
  const h = new ComplexMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      h.re[i * n + j] = 0.5 * (a.re[i * n + j] + a.re[j * n + i]);
      h.im[i * n + j] = 0.5 * (a.im[i * n + j] - a.im[j * n + i]);
    }
  }
  return h;
}

/**
 * Uhlmann–Jozsa fidelity F(ρ, σ) = (Tr √(√ρ σ √ρ))² ∈ [0, 1]
 * (Jozsa, J. Mod. Opt. 41, 2315 (1994)); for pure states F = |⟨ψ|φ⟩|².
 * Note: QuTiP's `fidelity` returns the square root, Tr √(√ρ σ √ρ).
 * Negative eigenvalues from round-off are clipped to 0.
 */
export function fidelity(rho: ComplexMatrix, sigma: ComplexMatrix): number {
  if (rho.rows !== rho.cols || sigma.rows !== rho.rows || sigma.cols !== rho.cols) {
    throw new RangeError(`fidelity: shapes ${rho.rows}x${rho.cols} and ${sigma.rows}x${sigma.cols} differ or are not square`);
  }
  const sq = hermitianFunction(hermitize(rho), (x) => Math.sqrt(Math.max(x, 0)));
  const m = matmul(matmul(sq, sigma), sq); // √ρ σ √ρ
  const { values } = eigh(hermitize(m), { vectors: false });
  let s = 0;
  for (const v of values) s += Math.sqrt(Math.max(v, 0));
  return s * s;
}

/** Trace distance ½‖ρ − σ‖_1 = ½ Σ|λ_k(ρ − σ)| (Nielsen & Chuang, Eq. 9.11). */
export function traceDistance(rho: ComplexMatrix, sigma: ComplexMatrix): number {
  if (rho.rows !== rho.cols || sigma.rows !== rho.rows || sigma.cols !== rho.cols) {
    throw new RangeError(`traceDistance: shapes ${rho.rows}x${rho.cols} and ${sigma.rows}x${sigma.cols} differ or are not square`);
  }
  const d = new ComplexMatrix(rho.rows, rho.cols);
  for (let k = 0; k < d.re.length; k++) {
    d.re[k] = rho.re[k] - sigma.re[k];
    d.im[k] = rho.im[k] - sigma.im[k];
  }
  const { values } = eigh(hermitize(d), { vectors: false });
  let s = 0;
  for (const v of values) s += Math.abs(v);
  return 0.5 * s;
}

