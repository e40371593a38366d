/**
 * Collective spin operators of N spins-1/2, J_α = Σ_i σ_α^(i)/2 (α = x, y, z)
 * and J_± = J_x ± iJ_y = Σ_i σ_±^(i).
 *
 * Two representations:
 * - **Full space** (`collectiveSpin`): dimension 2^N, subsystem i is spin i,
 *   built by embedding σ_α/2 on each site (tensor.ts) and summing.
 * - **Symmetric subspace** (`symmetricCollectiveSpin`): the permutation-
 *   symmetric (Dicke) states |j = N/2, m⟩, m = j … −j, dimension N + 1. J_α
 *   leaves this subspace invariant and acts there as the spin-j operators, so
 *   the matrices are simply `spinOperator(N/2, α)` (Dicke, Phys. Rev. 93, 99
 *   (1954); the collective models of seed 003 work in this space). Dynamics
 *   started in the symmetric subspace and driven only by collective operators
 *   (H and collapse operators built from J_α) stay in it.
 */
import { SparseMatrix, sparseLinearCombination } from '../linalg/sparse.js';
import { embed } from './tensor.js';
import { sigmaMinus, sigmaPlus, spinOperator, spinX, spinY, spinZ, type SpinComponent } from './spin.js';

/** Largest N accepted for the full 2^N representation (2^24 ≈ 1.7·10⁷ basis states). */
export const MAX_COLLECTIVE_SPINS = 24;

function checkCount(n: number, max: number, what: string): void {
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new RangeError(`${what}: number of spins ${n} is not an integer in 1..${max}`);
  }
}

/**
 * Collective operator J_which = Σ_i s_which^(i) on the full 2^N space of N
 * spins-1/2 (s_α = σ_α/2 for x, y, z; σ_± for '+', '−').
 */
export function collectiveSpin(n: number, which: SpinComponent): SparseMatrix {
  checkCount(n, MAX_COLLECTIVE_SPINS, 'collectiveSpin');
  let local: SparseMatrix;
  switch (which) {
    case 'x': local = spinX(0.5); break;
    case 'y': local = spinY(0.5); break;
    case 'z': local = spinZ(0.5); break;
    case '+': local = sigmaPlus(); break;
    case '-': local = sigmaMinus(); break;
    default: throw new RangeError(`collectiveSpin: unknown component '${String(which)}' (use x, y, z, +, -)`);
  }
  const dims = new Array<number>(n).fill(2);
  const terms: { matrix: SparseMatrix; re: number }[] = [];
  for (let i = 0; i < n; i++) terms.push({ matrix: embed(local, i, dims), re: 1 });
  return sparseLinearCombination(terms);
}

/** All five collective operators {x, y, z, plus, minus} on the full 2^N space. */
export function collectiveOperators(n: number): { x: SparseMatrix; y: SparseMatrix; z: SparseMatrix; plus: SparseMatrix; minus: SparseMatrix } {
  return {
    x: collectiveSpin(n, 'x'),
    y: collectiveSpin(n, 'y'),
    z: collectiveSpin(n, 'z'),
    plus: collectiveSpin(n, '+'),
    minus: collectiveSpin(n, '-'),
  };
}

/**
 * Collective operator restricted to the symmetric subspace j = N/2
 * (dimension N + 1, basis m = N/2 … −N/2): the spin-j matrices.
 */
export function symmetricCollectiveSpin(n: number, which: SpinComponent): SparseMatrix {
  checkCount(n, 2 ** 30, 'symmetricCollectiveSpin');
  return spinOperator(n / 2, which);
}

/**
 * Isometry V (2^N × (N+1)) whose column k is the normalized Dicke state
 * |j = N/2, m = j − k⟩ = (number of ↓ spins equal to k, uniform superposition).
 * Then J_α^{sym} = V† J_α V. Useful for checking and for mapping symmetric
 * states back to the full space.
 */
export function dickeIsometry(n: number): SparseMatrix {
  checkCount(n, MAX_COLLECTIVE_SPINS, 'dickeIsometry');
  const dim = 2 ** n;
  // Binomial coefficients C(n, k) for the normalization 1/√C(n, k).
  const binom = new Float64Array(n + 1);
  binom[0] = 1;
  for (let k = 1; k <= n; k++) binom[k] = (binom[k - 1] * (n - k + 1)) / k;
  const rows = new Int32Array(dim), cols = new Int32Array(dim), vals = new Float64Array(dim);
  for (let idx = 0; idx < dim; idx++) {
    // Bit = 1 means spin down (basis index 1 of that spin-1/2).
    let downs = 0;
    for (let b = idx; b !== 0; b &= b - 1) downs++;
    rows[idx] = idx;
    cols[idx] = downs;
    vals[idx] = 1 / Math.sqrt(binom[downs]);
  }
  return SparseMatrix.fromTriplets(dim, n + 1, rows, cols, vals);
}
