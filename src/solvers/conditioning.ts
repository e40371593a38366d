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
import { ComplexMatrix, norm1 } from '../linalg/dense.js';
import { eig } from '../linalg/eigen-general.js';
import { inverseNorm1Estimate, luFactor, luSolve } from '../linalg/lu.js';

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

/** Largest strongly connected block whose eigenvalues blockTriangularWithRepeatedEigenvalues computes (dense, values only). */
const SCC_BLOCK_LIMIT = 24;

/**
 * The structural condition estimate of {@link triangularWithRepeatedEigenvalues} for generators that
 * are only BLOCK triangular up to a permutation: the strongly connected components of the graph of
 * the off-diagonal nonzeros (Tarjan) are the diagonal blocks of that form (Frobenius normal form),
 * so L's eigenvalues are the union of theirs. True when a block's eigenvalue (computed, values only)
 * equals, to 1e-9·max|L_ij|, an eigenvalue of a block upstream of it: the coupling then makes L
 * defective or κ₁(V) enormous, and the eigendecomposition would be thrown away. Only for blocks of
 * at most SCC_BLOCK_LIMIT states (cost Σ b³ ≪ n³); all singletons: the triangular check. A wrong
 * "true" costs only time (callers use the exponential instead), a wrong "false" the eig as before.
 */
export function blockTriangularWithRepeatedEigenvalues(l: SparseMatrix): boolean {
  const n = l.rows;
  const { rowPtr, colIndex, re, im } = l;
  const edge = (k: number, i: number): boolean => colIndex[k] !== i && (re[k] !== 0 || im[k] !== 0);
  // Tarjan's strongly connected components, iteratively; components come out in reverse topological order.
  const index = new Int32Array(n).fill(-1), low = new Int32Array(n), comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n), stack: number[] = [], members: number[][] = [];
  let counter = 0;
  const callI: number[] = [], callK: number[] = [];
  for (let root = 0; root < n; root++) {
    if (index[root] >= 0) continue;
    callI.push(root); callK.push(rowPtr[root]);
    index[root] = low[root] = counter++; stack.push(root); onStack[root] = 1;
    while (callI.length > 0) {
      const i = callI[callI.length - 1];
      let k = callK[callK.length - 1];
      let descended = false;
      for (; k < rowPtr[i + 1]; k++) {
        if (!edge(k, i)) continue;
        const j = colIndex[k];
        if (index[j] < 0) {
          callK[callK.length - 1] = k + 1;
          index[j] = low[j] = counter++; stack.push(j); onStack[j] = 1;
          callI.push(j); callK.push(rowPtr[j]);
          descended = true;
          break;
        }
        if (onStack[j]) low[i] = Math.min(low[i], index[j]);
      }
      if (descended) continue;
      callI.pop(); callK.pop();
      if (callI.length > 0) { const p = callI[callI.length - 1]; low[p] = Math.min(low[p], low[i]); }
      if (low[i] === index[i]) {
        const block: number[] = [];
        let j: number;
        do { j = stack.pop()!; onStack[j] = 0; comp[j] = members.length; block.push(j); } while (j !== i);
        members.push(block);
      }
    }
  }
  if (members.length === n) return triangularWithRepeatedEigenvalues(l);
  if (members.some((b) => b.length > SCC_BLOCK_LIMIT)) return false;
  let scale = 0;
  for (let k = 0; k < rowPtr[n]; k++) scale = Math.max(scale, Math.abs(re[k]), Math.abs(im[k]));
  const tol = 1e-9 * scale;
  // eigenvalues of each diagonal block
  const local = new Int32Array(n);
  const values = members.map((b) => {
    b.forEach((g, x) => { local[g] = x; });
    const m = new ComplexMatrix(b.length, b.length);
    const c = comp[b[0]];
    for (const g of b) for (let k = rowPtr[g]; k < rowPtr[g + 1]; k++) {
      if (comp[colIndex[k]] !== c) continue;
      m.re[local[g] * b.length + local[colIndex[k]]] += re[k];
      m.im[local[g] * b.length + local[colIndex[k]]] += im[k];
    }
    return eig(m, { vectors: false }).values;
  });
  // along the condensation in topological order (Tarjan's order reversed), each block carries the
  // eigenvalues upstream of it (at most 64 distinct)
  const upstream: { re: number; im: number }[][] = members.map(() => []);
  const close = (a: { re: number; im: number }, b: { re: number; im: number }): boolean => Math.abs(a.re - b.re) <= tol && Math.abs(a.im - b.im) <= tol;
  for (let c = members.length - 1; c >= 0; c--) {
    const mine = upstream[c], own = values[c];
    const ownList = Array.from(own.re, (r, x) => ({ re: r, im: own.im[x] }));
    if (ownList.some((v) => mine.some((w) => close(v, w)))) return true;
    for (const i of members[c]) {
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        if (!edge(k, i) || comp[colIndex[k]] === c) continue;
        const target = upstream[comp[colIndex[k]]];
        for (const v of [...mine, ...ownList]) {
          if (target.length >= 64) break;
          if (!target.some((w) => close(v, w))) target.push(v);
        }
      }
    }
  }
  return false;
}

/**
 * V⁻¹ and κ₁(V) = ‖V‖₁‖V⁻¹‖₁ when κ₁(V) ≤ EIGEN_CONDITION_LIMIT, else null (also for an exactly
 * singular V). Condition estimate first: after the LU of V, the Hager–Higham estimate of ‖V⁻¹‖₁
 * (a lower bound, O(n²); lu.ts inverseNorm1Estimate) rejects an ill-conditioned V before its
 * inverse is formed; otherwise the decision is the exact κ₁ of the formed inverse, as before.
 */
export function wellConditionedInverse(v: ComplexMatrix): { inverse: ComplexMatrix; kappa: number; estimated: boolean } | { inverse: null; kappa: number; estimated: boolean } {
  let f;
  try {
    f = luFactor(v);
  } catch {
    return { inverse: null, kappa: Infinity, estimated: false };
  }
  const nv = norm1(v);
  const estimate = nv * inverseNorm1Estimate(f);
  if (!(estimate <= EIGEN_CONDITION_LIMIT)) return { inverse: null, kappa: estimate, estimated: true };
  const inverse = luSolve(f, ComplexMatrix.identity(f.n));
  const kappa = nv * norm1(inverse);
  return kappa <= EIGEN_CONDITION_LIMIT ? { inverse, kappa, estimated: false } : { inverse: null, kappa, estimated: false };
}
