/**
 * Quantum states: kets (`ComplexVector`) and density matrices (dense
 * `ComplexMatrix`) — basis, spin, product, maximally mixed and thermal states,
 * and a validity check for density matrices.
 */
import { ComplexMatrix, hermitianDefect, kron, trace } from '../linalg/dense.js';
import { ComplexVector } from '../linalg/vector.js';
import { SparseMatrix } from '../linalg/sparse.js';
import { type Operator, toDense } from '../linalg/operator.js';
import { eigh } from '../linalg/eigen-hermitian.js';
import { spinDimension, spinIndex } from './spin.js';
import { compositeIndex, totalDimension } from './tensor.js';

/** Planck constant h in J·s (exact in the 2019 SI). */
export const PLANCK = 6.62607015e-34;
/** Reduced Planck constant ħ = h/2π in J·s (≈ 1.0545718176e-34; as scipy.constants.hbar). */
export const HBAR = PLANCK / (2 * Math.PI);
/** Boltzmann constant k_B in J/K (exact since the 2019 SI). */
export const BOLTZMANN = 1.380649e-23;

/**
 * Basis ket |index⟩. `dims` may be a single dimension d (then `index` is a
 * number) or a list of local dimensions (then `index` is either the composite
 * index or the list of local indices, see `compositeIndex`).
 */
export function basisKet(dims: number | readonly number[], index: number | readonly number[]): ComplexVector {
  const list = typeof dims === 'number' ? [dims] : dims;
  const n = totalDimension(list);
  const k = typeof index === 'number' ? index : compositeIndex(list, index);
  if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`basisKet: index ${k} outside 0..${n - 1}`);
  return ComplexVector.basis(n, k);
}

/** Spin ket |s, m⟩ in the basis m = +s … −s (index s − m). */
export function spinKet(s: number, m: number): ComplexVector {
  return ComplexVector.basis(spinDimension(s), spinIndex(s, m));
}

/** Product ket |ψ_0⟩ ⊗ |ψ_1⟩ ⊗ … in the order written. */
export function productKet(kets: readonly ComplexVector[]): ComplexVector {
  if (kets.length === 0) throw new RangeError('productKet: no kets given');
  let accR = kets[0].re.slice(), accI = kets[0].im.slice();
  for (let q = 1; q < kets.length; q++) {
    const b = kets[q];
    const nr = new Float64Array(accR.length * b.length), ni = new Float64Array(accR.length * b.length);
    for (let i = 0; i < accR.length; i++) {
      const xr = accR[i], xi = accI[i];
      const off = i * b.length;
      for (let j = 0; j < b.length; j++) {
        nr[off + j] = xr * b.re[j] - xi * b.im[j];
        ni[off + j] = xr * b.im[j] + xi * b.re[j];
      }
    }
    accR = nr;
    accI = ni;
  }
  return new ComplexVector(accR.length, accR, accI);
}

/** Pure-state density matrix |ψ⟩⟨ψ| (dense; ψ is used as given, not normalized). */
export function ketToDensity(psi: ComplexVector): ComplexMatrix {
  const n = psi.length;
  const rho = new ComplexMatrix(n, n);
  for (let i = 0; i < n; i++) {
    const ar = psi.re[i], ai = psi.im[i];
    for (let j = 0; j < n; j++) {
      // ψ_i conj(ψ_j)
      const br = psi.re[j], bi = -psi.im[j];
      rho.re[i * n + j] = ar * br - ai * bi;
      rho.im[i * n + j] = ar * bi + ai * br;
    }
  }
  return rho;
}

/** Product state ρ_0 ⊗ ρ_1 ⊗ … (dense) in the order written. */
export function productDensity(rhos: readonly Operator[]): ComplexMatrix {
  if (rhos.length === 0) throw new RangeError('productDensity: no density matrices given');
  let acc = toDense(rhos[0]);
  for (let k = 1; k < rhos.length; k++) acc = kron(acc, toDense(rhos[k]));
  return acc === rhos[0] ? acc.clone() : acc;
}

/** Maximally mixed state I/d (dense). */
export function maximallyMixed(d: number): ComplexMatrix {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`maximallyMixed: dimension ${d} is not a positive integer`);
  const rho = new ComplexMatrix(d, d);
  for (let i = 0; i < d; i++) rho.re[i * d + i] = 1 / d;
  return rho;
}

/**
 * Inverse temperature for `thermalState`: either `beta` in s/rad (multiplies
 * H, which is in rad/s; β = ħ/(k_B T)) or a temperature in kelvin.
 * `beta: Infinity` / `temperatureKelvin: 0` give the ground-state projector
 * (uniform over a degenerate ground space).
 */
export type ThermalSpec = { beta: number } | { temperatureKelvin: number };

function betaOf(spec: ThermalSpec): number {
  if ('beta' in spec) {
    if (Number.isNaN(spec.beta) || spec.beta < 0) throw new RangeError(`thermalState: beta = ${spec.beta} must be ≥ 0`);
    return spec.beta;
  }
  const t = spec.temperatureKelvin;
  if (Number.isNaN(t) || t < 0) throw new RangeError(`thermalState: temperature ${t} K must be ≥ 0`);
  return t === 0 ? Infinity : HBAR / (BOLTZMANN * t);
}

/** Boltzmann weights e^{−β(E−E_min)}, normalized; β = ∞ gives a uniform ground-space weight. */
function boltzmannWeights(energies: Float64Array, beta: number): Float64Array {
  let emin = Infinity, emax = -Infinity;
  for (const e of energies) {
    if (e < emin) emin = e;
    if (e > emax) emax = e;
  }
  const w = new Float64Array(energies.length);
  // Degeneracy tolerance for β = ∞, relative to the spectral spread.
  const tol = 1e-12 * Math.max(Math.abs(emin), Math.abs(emax), 1e-300) * energies.length;
  let z = 0;
  for (let k = 0; k < energies.length; k++) {
    const x = energies[k] - emin;
    w[k] = beta === Infinity ? (x <= tol ? 1 : 0) : Math.exp(-beta * x);
    z += w[k];
  }
  for (let k = 0; k < w.length; k++) w[k] /= z;
  return w;
}

function isDiagonal(h: Operator): boolean {
  if (h instanceof SparseMatrix) {
    for (let i = 0; i < h.rows; i++) {
      for (let k = h.rowPtr[i]; k < h.rowPtr[i + 1]; k++) {
        if (h.colIndex[k] !== i && (h.re[k] !== 0 || h.im[k] !== 0)) return false;
      }
    }
    return true;
  }
  const n = h.rows;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j && (h.re[i * n + j] !== 0 || h.im[i * n + j] !== 0)) return false;
    }
  }
  return true;
}

/**
 * Thermal (Gibbs) state ρ = e^{−βH}/Tr e^{−βH} of a Hermitian H in rad/s.
 * Diagonal H: the Boltzmann weights directly (no eigensolver). Otherwise
 * H = V diag(E) V† by the Hermitian eigensolver and ρ = V diag(w) V†, with
 * weights shifted by E_min so nothing overflows at large β.
 * @throws RangeError if H is not square or not Hermitian (defect > 1e-12·‖H‖_max).
 */
export function thermalState(h: Operator, spec: ThermalSpec): ComplexMatrix {
  if (h.rows !== h.cols) throw new RangeError(`thermalState: H is ${h.rows}x${h.cols}, not square`);
  const beta = betaOf(spec);
  const n = h.rows;
  if (isDiagonal(h)) {
    const e = new Float64Array(n);
    const d = toDense(h);
    for (let i = 0; i < n; i++) {
      if (d.im[i * n + i] !== 0) throw new RangeError(`thermalState: H is not Hermitian (imaginary diagonal entry at ${i})`);
      e[i] = d.re[i * n + i];
    }
    return ComplexMatrix.diagonal(boltzmannWeights(e, beta));
  }
  const hd = toDense(h);
  let hmax = 0;
  for (let k = 0; k < hd.re.length; k++) hmax = Math.max(hmax, Math.hypot(hd.re[k], hd.im[k]));
  if (hermitianDefect(hd) > 1e-12 * hmax) throw new RangeError('thermalState: H is not Hermitian');
  const { values, vectors } = eigh(hd);
  if (!vectors) throw new Error('thermalState: eigensolver returned no eigenvectors');
  const w = boltzmannWeights(values, beta);
  // ρ_ij = Σ_k w_k V_ik conj(V_jk)
  const rho = new ComplexMatrix(n, n);
  const vr = vectors.re, vi = vectors.im;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sr = 0, si = 0;
      for (let k = 0; k < n; k++) {
        const wk = w[k];
        if (wk === 0) continue;
        const ar = vr[i * n + k], ai = vi[i * n + k];
        const br = vr[j * n + k], bi = -vi[j * n + k];
        sr += wk * (ar * br - ai * bi);
        si += wk * (ar * bi + ai * br);
      }
      rho.re[i * n + j] = sr;
      rho.im[i * n + j] = si;
      rho.re[j * n + i] = sr;
      rho.im[j * n + i] = -si;
    }
  }
  return rho;
}

/**
 * Check that ρ is a density matrix: square, finite, Hermitian (‖ρ − ρ†‖_max ≤ tol),
 * unit trace (|Tr ρ − 1| ≤ tol) and positive semidefinite (smallest
 * eigenvalue of the Hermitian part ≥ −tol, by the Hermitian eigensolver).
 * @returns null if all hold, else a one-line reason naming the first failure
 *   (for positivity, the most negative eigenvalue).
 */
export function isDensityMatrix(rho: Operator, tol = 1e-10): string | null {
  if (rho.rows !== rho.cols) return `not square (${rho.rows}x${rho.cols})`;
  if (rho.rows === 0) return 'empty matrix';
  const d = toDense(rho);
  const n = d.rows;
  for (let k = 0; k < d.re.length; k++) {
    if (!Number.isFinite(d.re[k]) || !Number.isFinite(d.im[k])) {
      return `non-finite entry at (${Math.floor(k / n)}, ${k % n})`;
    }
  }
  const defect = hermitianDefect(d);
  if (defect > tol) return `not Hermitian (max |ρ_ij − conj(ρ_ji)| = ${defect.toExponential(3)})`;
  const tr = trace(d);
  if (Math.abs(tr.re - 1) > tol || Math.abs(tr.im) > tol) {
    return `trace is ${tr.re}${tr.im !== 0 ? ` + ${tr.im}i` : ''}, not 1`;
  }
  const herm = new ComplexMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      herm.re[i * n + j] = 0.5 * (d.re[i * n + j] + d.re[j * n + i]);
      herm.im[i * n + j] = 0.5 * (d.im[i * n + j] - d.im[j * n + i]);
    }
  }
  const { values } = eigh(herm, { vectors: false });
  let minEig = Infinity;
  for (const v of values) if (v < minEig) minEig = v;
  if (minEig < -tol) return `not positive semidefinite (most negative eigenvalue ${minEig.toExponential(3)})`;
  return null;
}
