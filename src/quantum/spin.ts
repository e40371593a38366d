/**
 * Spin operators for a single spin s ∈ {0, 1/2, 1, 3/2, …} and the Pauli
 * matrices, as sparse (CSR) matrices.
 *
 * Basis order (SPEC §3): index k holds m = s − k, i.e. m = +s, s−1, …, −s, so
 * index 0 is |m = +s⟩ (|↑⟩ for a spin-1/2). This is also QuTiP's `jmat` order.
 * Matrix elements follow the standard angular-momentum algebra (ħ = 1;
 * Sakurai & Napolitano, *Modern Quantum Mechanics*, §3.5):
 *   S_z|m⟩ = m|m⟩,  S_±|m⟩ = √(s(s+1) − m(m±1)) |m±1⟩,
 *   S_x = (S_+ + S_−)/2,  S_y = (S_+ − S_−)/(2i).
 */
import { SparseMatrix } from '../linalg/sparse.js';

/**
 * Check that 2s is a non-negative integer and return the dimension 2s + 1.
 * @throws RangeError for anything else (s = 1/3, −1/2, NaN, …).
 */
export function spinDimension(s: number): number {
  const twoS = 2 * s;
  if (!Number.isFinite(s) || !Number.isInteger(twoS) || twoS < 0) {
    throw new RangeError(`spin: s = ${s} is not a non-negative multiple of 1/2`);
  }
  return twoS + 1;
}

/**
 * Basis index of |s, m⟩: k = s − m (index 0 is m = +s).
 * @throws RangeError if s is not a valid spin or m is not one of s, s−1, …, −s.
 */
export function spinIndex(s: number, m: number): number {
  const d = spinDimension(s);
  const k = s - m;
  if (!Number.isInteger(k) || k < 0 || k >= d) {
    throw new RangeError(`spinIndex: m = ${m} is not one of ${s}, ${s - 1}, …, ${-s}`);
  }
  return k;
}

/** Magnetic quantum number m = s − k of basis index k (inverse of `spinIndex`). */
export function spinM(s: number, index: number): number {
  const d = spinDimension(s);
  if (!Number.isInteger(index) || index < 0 || index >= d) {
    throw new RangeError(`spinM: index ${index} outside 0..${d - 1} for s = ${s}`);
  }
  return s - index;
}

/** S_z = diag(s, s−1, …, −s). */
export function spinZ(s: number): SparseMatrix {
  const d = spinDimension(s);
  const rows: number[] = [], vals: number[] = [];
  for (let k = 0; k < d; k++) {
    rows.push(k);
    vals.push(s - k);
  }
  return SparseMatrix.fromTriplets(d, d, rows, rows, vals);
}

/** √(s(s+1) − m(m+1)) = ⟨m+1|S_+|m⟩, written as √((s−m)(s+m+1)) to avoid cancellation. */
function ladderElement(s: number, m: number): number {
  return Math.sqrt((s - m) * (s + m + 1));
}

/**
 * Raising operator S_+ : ⟨m+1|S_+|m⟩ = √(s(s+1) − m(m+1)); with index k ↔ m = s − k
 * its entries sit at (k−1, k).
 */
export function spinPlus(s: number): SparseMatrix {
  const d = spinDimension(s);
  const r: number[] = [], c: number[] = [], v: number[] = [];
  for (let k = 1; k < d; k++) {
    r.push(k - 1);
    c.push(k);
    v.push(ladderElement(s, s - k));
  }
  return SparseMatrix.fromTriplets(d, d, r, c, v);
}

/** Lowering operator S_− = S_+ᵀ : ⟨m−1|S_−|m⟩ = √(s(s+1) − m(m−1)), entries at (k+1, k). */
export function spinMinus(s: number): SparseMatrix {
  const d = spinDimension(s);
  const r: number[] = [], c: number[] = [], v: number[] = [];
  for (let k = 1; k < d; k++) {
    r.push(k);
    c.push(k - 1);
    v.push(ladderElement(s, s - k));
  }
  return SparseMatrix.fromTriplets(d, d, r, c, v);
}

/** S_x = (S_+ + S_−)/2 (real symmetric tridiagonal). */
export function spinX(s: number): SparseMatrix {
  const d = spinDimension(s);
  const r: number[] = [], c: number[] = [], v: number[] = [];
  for (let k = 1; k < d; k++) {
    const x = 0.5 * ladderElement(s, s - k);
    r.push(k - 1, k);
    c.push(k, k - 1);
    v.push(x, x);
  }
  return SparseMatrix.fromTriplets(d, d, r, c, v);
}

/** S_y = (S_+ − S_−)/(2i): −i/2·√… above the diagonal, +i/2·√… below. */
export function spinY(s: number): SparseMatrix {
  const d = spinDimension(s);
  const r: number[] = [], c: number[] = [], re: number[] = [], im: number[] = [];
  for (let k = 1; k < d; k++) {
    const y = 0.5 * ladderElement(s, s - k);
    r.push(k - 1, k);
    c.push(k, k - 1);
    re.push(0, 0);
    im.push(-y, y);
  }
  return SparseMatrix.fromTriplets(d, d, r, c, re, im);
}

/** Spin component names accepted by `spinOperator` (QuTiP `jmat` names). */
export type SpinComponent = 'x' | 'y' | 'z' | '+' | '-';

/** One spin component by name, as QuTiP's `jmat(s, which)`. */
export function spinOperator(s: number, which: SpinComponent): SparseMatrix {
  switch (which) {
    case 'x': return spinX(s);
    case 'y': return spinY(s);
    case 'z': return spinZ(s);
    case '+': return spinPlus(s);
    case '-': return spinMinus(s);
    default: throw new RangeError(`spinOperator: unknown component '${String(which)}' (use x, y, z, +, -)`);
  }
}

/**
 * Projector / transition operator |m⟩⟨m'| of spin s (e.g. `projector(1, 0, -1)`
 * is |0⟩⟨−1|, the optical-pumping jump of SPEC §1.3).
 */
export function projector(s: number, m: number, mPrime: number = m): SparseMatrix {
  const d = spinDimension(s);
  return SparseMatrix.fromTriplets(d, d, [spinIndex(s, m)], [spinIndex(s, mPrime)], [1]);
}

/** Sparse identity of dimension d (d a non-negative integer). */
export function identity(d: number): SparseMatrix {
  if (!Number.isInteger(d) || d < 0) throw new RangeError(`identity: dimension ${d} is not a non-negative integer`);
  return SparseMatrix.identity(d);
}

/** Pauli σ_x = [[0, 1], [1, 0]] (= 2 S_x for s = 1/2). */
export function sigmaX(): SparseMatrix {
  return SparseMatrix.fromTriplets(2, 2, [0, 1], [1, 0], [1, 1]);
}

/** Pauli σ_y = [[0, −i], [i, 0]] (= 2 S_y for s = 1/2). */
export function sigmaY(): SparseMatrix {
  return SparseMatrix.fromTriplets(2, 2, [0, 1], [1, 0], [0, 0], [-1, 1]);
}

/** Pauli σ_z = diag(1, −1) with |↑⟩ = index 0 (= 2 S_z for s = 1/2). */
export function sigmaZ(): SparseMatrix {
  return SparseMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1, -1]);
}

/** σ_+ = (σ_x + iσ_y)/2 = |↑⟩⟨↓| (entry (0, 1)); same as QuTiP's `sigmap()`. */
export function sigmaPlus(): SparseMatrix {
  return SparseMatrix.fromTriplets(2, 2, [0], [1], [1]);
}

/** σ_− = (σ_x − iσ_y)/2 = |↓⟩⟨↑| (entry (1, 0)); same as QuTiP's `sigmam()`. */
export function sigmaMinus(): SparseMatrix {
  return SparseMatrix.fromTriplets(2, 2, [1], [0], [1]);
}
