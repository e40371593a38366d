/**
 * The seed-003 model in the full tensor-product space of all ΣN_i spins ½ (dimension
 * 2^{ΣN_i}), for validating the collective-space solver on small systems. Domain i's
 * collective operators are sums of single-spin operators over its spins (quantum/tensor.ts).
 */
import { SparseMatrix, sparseLinearCombination } from '../../linalg/sparse.js';
import { ComplexVector } from '../../linalg/vector.js';
import { sigmaMinus, spinZ } from '../../quantum/spin.js';
import { embed } from '../../quantum/tensor.js';

/** Largest total number of spins accepted (2^14 basis states). */
export const MAX_FULL_SPINS = 14;

export interface FullSpace {
  sizes: number[];
  dims: number[];
  dimension: number;
  /** J_i^− of each domain on the full space. */
  lowering: SparseMatrix[];
  /** J_i^z of each domain on the full space. */
  jz: SparseMatrix[];
}

/** Collective operators of every domain on the 2^{ΣN_i} space (spins of domain 1 first). */
export function fullSpace(sizes: readonly number[]): FullSpace {
  const total = sizes.reduce((a, b) => a + b, 0);
  sizes.forEach((n, i) => { if (!Number.isInteger(n) || n < 1) throw new RangeError(`N[${i}] = ${n} must be a positive integer`); });
  if (total > MAX_FULL_SPINS) throw new RangeError(`N: ${total} spins exceed the full-space limit ${MAX_FULL_SPINS}`);
  const dims = new Array<number>(total).fill(2);
  const lowering: SparseMatrix[] = [], jz: SparseMatrix[] = [];
  let offset = 0;
  for (const n of sizes) {
    const sites = Array.from({ length: n }, (_, k) => offset + k);
    lowering.push(sparseLinearCombination(sites.map((s) => ({ matrix: embed(sigmaMinus(), s, dims), re: 1 }))));
    jz.push(sparseLinearCombination(sites.map((s) => ({ matrix: embed(spinZ(0.5), s, dims), re: 1 }))));
    offset += n;
  }
  return { sizes: sizes.slice(), dims, dimension: 2 ** total, lowering, jz };
}

/**
 * Product state with the first `excited[i]` spins of domain i up and the rest down
 * (e.g. Eq. 4: excited = [N_1, 0, …, 0]).
 */
export function fullProductKet(space: FullSpace, excited: readonly number[]): ComplexVector {
  let idx = 0;
  space.sizes.forEach((n, i) => {
    for (let k = 0; k < n; k++) idx = idx * 2 + (k < excited[i] ? 0 : 1);
  });
  return ComplexVector.basis(space.dimension, idx);
}
