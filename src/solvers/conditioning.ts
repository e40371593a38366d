/**
 * When an eigendecomposition may stand in for a matrix exponential — the one
 * limit shared by mesolve's eigen strategy (linear-propagation.ts) and the
 * trajectory propagators (mcsolve/propagator.ts).
 *
 * exp(A s) = V e^{Λ s} V⁻¹ loses about κ₁(V)·ε of relative accuracy, with
 * κ₁(V) = ‖V‖₁‖V⁻¹‖₁ (Golub & Van Loan, §11.3, "the eigenvector approach"):
 * at κ₁ = 1e7 that is ~1e-9. Beyond the limit (near an exceptional point, or a
 * defective generator such as a one-way chain) callers fall back to Padé or
 * Krylov. The seed-000 trajectory blocks have κ₁ < 50; the defective blocks of
 * one-way chains have κ₁ ≫ 1e8, so the choice between 1e7 and 1e8 (the two
 * values that existed before) changes none of them.
 */

import type { SparseMatrix } from '../linalg/sparse.js';

/** Largest κ₁(V) for which a propagator is built from the eigenvectors V. */
export const EIGEN_CONDITION_LIMIT = 1e7;

/**
 * A structural condition estimate made before any eigendecomposition: true when L is triangular
 * up to a permutation (the directed graph of its off-diagonal nonzeros is acyclic — then its
 * eigenvalues are its diagonal entries) and two diagonal entries joined by a path agree to
 * `1e-12·max|L_ij|`. A repeated eigenvalue with such a coupling makes L defective (a Jordan
 * block: the one-way chains of seed 004) or κ₁(V) enormous, so the eigenvectors would be thrown
 * away (EIGEN_CONDITION_LIMIT): callers go to the exponential directly. O(nnz) for the graph and
 * O(n·d) for the paths (d the number of distinct diagonal values reachable, bounded by 64).
 */
export function triangularWithRepeatedEigenvalues(l: SparseMatrix): boolean {
  const n = l.rows;
  const { rowPtr, colIndex, re, im } = l;
  let scale = 0;
  for (let k = 0; k < rowPtr[n]; k++) scale = Math.max(scale, Math.abs(re[k]), Math.abs(im[k]));
  const tol = 1e-12 * scale;
  const dRe = new Float64Array(n), dIm = new Float64Array(n);
  const indegree = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = colIndex[k];
      if (j === i) { dRe[i] += re[k]; dIm[i] += im[k]; } else if (re[k] !== 0 || im[k] !== 0) indegree[j]++;
    }
  }
  // Kahn's order along edges i → j (entry L_ij ≠ 0, i ≠ j); each state carries the diagonal values of its ancestors.
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) queue.push(i);
  const seen: { re: number; im: number }[][] = Array.from({ length: n }, () => []);
  let visited = 0, repeated = false;
  while (queue.length > 0) {
    const i = queue.pop()!;
    visited++;
    const mine = seen[i];
    if (!repeated && mine.some((v) => Math.abs(v.re - dRe[i]) <= tol && Math.abs(v.im - dIm[i]) <= tol)) repeated = true;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = colIndex[k];
      if (j === i || (re[k] === 0 && im[k] === 0)) continue;
      if (!repeated) {
        const target = seen[j];
        for (const v of [...mine, { re: dRe[i], im: dIm[i] }]) {
          if (target.length >= 64) break;
          if (!target.some((w) => Math.abs(w.re - v.re) <= tol && Math.abs(w.im - v.im) <= tol)) target.push(v);
        }
      }
      if (--indegree[j] === 0) queue.push(j);
    }
  }
  return visited === n && repeated;
}
