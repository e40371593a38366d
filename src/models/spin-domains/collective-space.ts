/**
 * Collective-spin space of M spin domains (seed 003, Dias et al. 2021, Eq. 2–4).
 *
 * Domain i holds N_i spins ½. Every operator of the model (Eq. 3) is built from the
 * collective operators J_i^α = Σ_n S_n^α, which conserve each domain's total angular
 * momentum j_i. A state of domain i with a definite j_i (the Dicke states |j_i, m_i⟩;
 * j_i = N_i/2 is the permutation-symmetric subspace that holds |↑…↑⟩, |↓…↓⟩ and every
 * |N_i/2, m⟩) therefore evolves in the spin-j_i representation, and the M-domain state
 * in the product space ⊗_i C^{2j_i+1} of dimension Π_i (2j_i + 1) — Π (N_i + 1) for the
 * symmetric subspaces — instead of 2^{ΣN_i} (Dicke, Phys. Rev. 93, 99 (1954)).
 *
 * Basis: tensor products in domain order, each factor ordered m = +j … −j (index 0 is the
 * fully excited state), as everywhere in spindrift.
 */
import { SparseMatrix } from '../../linalg/sparse.js';
import { ComplexVector } from '../../linalg/vector.js';
import { spinOperator, spinIndex, type SpinComponent } from '../../quantum/spin.js';
import { embed, totalDimension } from '../../quantum/tensor.js';

/** Largest collective-space dimension Π(2j_i+1) the exact solver accepts (memory guard). */
export const MAX_COLLECTIVE_DIMENSION = 20000;

/** Domain sizes and per-domain total angular momenta of one collective-space problem. */
export interface DomainSpace {
  /** Spins per domain, N_i ≥ 1. */
  sizes: number[];
  /** Total angular momentum of each domain, j_i ∈ {N_i/2, N_i/2 − 1, …, 0 or ½}. */
  spins: number[];
  /** Local dimensions 2j_i + 1. */
  dims: number[];
  /** Π dims. */
  dimension: number;
}

/**
 * Validate domain sizes N_i (positive integers) and optional total spins j_i (default
 * N_i/2, the symmetric subspace) and return the collective-space description.
 * @throws RangeError naming the offending domain.
 */
export function domainSpace(sizes: readonly number[], spins?: readonly number[], maxDimension = MAX_COLLECTIVE_DIMENSION): DomainSpace {
  if (sizes.length === 0) throw new RangeError('N: at least one domain is required');
  const n = sizes.map((v, i) => {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`N[${i}] = ${v}: domain sizes must be positive integers`);
    return v;
  });
  const j = n.map((ni, i) => {
    const ji = spins && spins.length > 0 ? spins[i] : ni / 2;
    if (spins && spins.length > 0 && spins.length !== n.length) {
      throw new RangeError(`j: ${spins.length} values for ${n.length} domains`);
    }
    const twoJ = 2 * ji;
    if (!Number.isInteger(twoJ) || twoJ < 0 || twoJ > ni || (ni - twoJ) % 2 !== 0) {
      throw new RangeError(`j[${i}] = ${ji}: must be one of N/2, N/2 − 1, … ≥ 0 for N = ${ni}`);
    }
    return ji;
  });
  const dims = j.map((ji) => 2 * ji + 1);
  let dimension = 1;
  for (const d of dims) dimension *= d;
  if (dimension > maxDimension) {
    throw new RangeError(`N: collective-space dimension Π(2j_i+1) = ${dimension} exceeds ${maxDimension}; use the mean-field method`);
  }
  totalDimension(dims);
  return { sizes: n, spins: j, dims, dimension };
}

/** J_i^which of domain i embedded in the product space (sparse). */
export function domainOperator(space: DomainSpace, domain: number, which: SpinComponent): SparseMatrix {
  if (!Number.isInteger(domain) || domain < 0 || domain >= space.dims.length) {
    throw new RangeError(`domain ${domain} outside 0..${space.dims.length - 1}`);
  }
  return embed(spinOperator(space.spins[domain], which), domain, space.dims);
}

/**
 * Number of excitations Σ_i (j_i + m_i) of every basis state: conserved by the
 * Hamiltonian of Eq. 3 and changed by ±1 by each jump, so it labels the invariant
 * blocks of the Lindbladian (passed to the solvers as declared quantum numbers).
 */
export function excitationNumbers(space: DomainSpace): Int32Array {
  const out = new Int32Array(space.dimension);
  const m = space.dims.length;
  for (let idx = 0; idx < space.dimension; idx++) {
    let rest = idx, exc = 0;
    for (let d = m - 1; d >= 0; d--) {
      const k = rest % space.dims[d];
      rest = (rest - k) / space.dims[d];
      exc += space.dims[d] - 1 - k; // j + m = 2j − k
    }
    out[idx] = exc;
  }
  return out;
}

/**
 * Product of Dicke states ⊗_i |j_i, m_i⟩ as a ket of the collective space.
 * @throws RangeError if some m_i is not one of j_i, j_i − 1, …, −j_i.
 */
export function dickeProductKet(space: DomainSpace, m: readonly number[]): ComplexVector {
  if (m.length !== space.dims.length) throw new RangeError(`m: ${m.length} values for ${space.dims.length} domains`);
  let idx = 0;
  for (let d = 0; d < m.length; d++) {
    let k: number;
    try {
      k = spinIndex(space.spins[d], m[d]);
    } catch {
      throw new RangeError(`m[${d}] = ${m[d]} is not one of ${space.spins[d]}, ${space.spins[d] - 1}, …, ${-space.spins[d]}`);
    }
    idx = idx * space.dims[d] + k;
  }
  return ComplexVector.basis(space.dimension, idx);
}

/**
 * The initial state of Eq. 4: domain 1 fully excited (m_1 = +j_1), all others in
 * their ground state (m_i = −j_i).
 */
export function eq4DickeNumbers(space: DomainSpace): number[] {
  return space.spins.map((j, i) => (i === 0 ? j : -j));
}
