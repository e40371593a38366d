/**
 * Sector-wise Sylvester preconditioner for Liouvillians.
 *
 * Within a density-matrix sector (a, b) the no-jump part of the Lindblad
 * generator is the Sylvester operator
 *
 *   X ↦ −i (H_a X − X H_b†),   H = H_eff = H − (i/2) Σ C†C restricted to a block,
 *
 * which diagonalizes with the eigenvectors of the two blocks: with
 * H_a = V_a Λ_a V_a⁻¹ and X = V_a Y V_b†,
 *
 *   Y_ij = i [V_a⁻¹ R V_b^{−†}]_ij / (λ_i − conj(μ_j))
 *
 * solves −i(H_a X − X H_b†) = R exactly at the cost of four m×m products,
 * instead of a dense LU of the m²×m² sector matrix. Jump terms (which move
 * population between sectors or within one) are left to the Krylov solver.
 * Denominators smaller than `floor` (undamped modes, e.g. the populations of
 * eigenstates that do not decay) are raised to `floor` in modulus.
 */
import { ComplexMatrix, matmulInto, adjoint } from '../linalg/dense.js';
import { eig } from '../linalg/eigen-general.js';
import { inverse } from '../linalg/lu.js';
import type { SparseMatrix } from '../linalg/sparse.js';
import type { Preconditioner } from '../linalg/gmres.js';
import type { SectorLayout } from './sector-liouvillian.js';

interface BlockEigen {
  /** V (columns are right eigenvectors), V⁻¹, eigenvalues. */
  v: ComplexMatrix;
  vinv: ComplexMatrix;
  lr: Float64Array;
  li: Float64Array;
}

function blockEigen(heff: SparseMatrix, members: Int32Array, localIndex: Int32Array): BlockEigen {
  const m = members.length;
  const h = new ComplexMatrix(m, m);
  for (const g of members) {
    for (let k = heff.rowPtr[g]; k < heff.rowPtr[g + 1]; k++) {
      const idx = localIndex[g] * m + localIndex[heff.colIndex[k]];
      h.re[idx] = heff.re[k];
      h.im[idx] = heff.im[k];
    }
  }
  const { values, vectors } = eig(h, { vectors: true });
  const v = vectors!;
  return { v, vinv: inverse(v), lr: values.re, li: values.im };
}

/**
 * Build the preconditioner z ≈ L_noJump⁻¹ r for the sectors of `layout`
 * (reduced vectors in the layout's column-stacked order).
 */
export function sylvesterPreconditioner(layout: SectorLayout, heff: SparseMatrix, floor: number): Preconditioner {
  const { structure, sectors, offsets } = layout;
  const eigens = new Map<number, BlockEigen>();
  const eigenOf = (b: number): BlockEigen => {
    let e = eigens.get(b);
    if (!e) {
      e = blockEigen(heff, structure.members[b], structure.localIndex);
      eigens.set(b, e);
    }
    return e;
  };
  const plans = sectors.map(({ a, b }) => {
    const ea = eigenOf(a), eb = eigenOf(b);
    // V_b^{−†} = (V_b⁻¹)†, V_b†.
    return { ea, eb, vbInvDag: adjoint(eb.vinv), vbDag: adjoint(eb.v) };
  });
  let maxRows = 0, maxCols = 0;
  for (const { a, b } of sectors) {
    maxRows = Math.max(maxRows, structure.members[a].length);
    maxCols = Math.max(maxCols, structure.members[b].length);
  }
  const size = maxRows * maxCols;
  const buf = Array.from({ length: 6 }, () => new Float64Array(size));
  const view = (na: number, nb: number, k: number) => new ComplexMatrix(na, nb, buf[2 * k].subarray(0, na * nb), buf[2 * k + 1].subarray(0, na * nb));
  return (rr, ri, zr, zi) => {
    for (let p = 0; p < sectors.length; p++) {
      const { ea, eb, vbInvDag, vbDag } = plans[p];
      const na = ea.lr.length, nb = eb.lr.length;
      const off = offsets[p];
      // R as an na×nb row-major matrix from the column-stacked reduced vector.
      const r = view(na, nb, 0);
      for (let j = 0; j < nb; j++) {
        for (let i = 0; i < na; i++) {
          r.re[i * nb + j] = rr[off + i + j * na];
          r.im[i * nb + j] = ri[off + i + j * na];
        }
      }
      const t1 = view(na, nb, 1), t2 = view(na, nb, 2);
      matmulInto(t1, ea.vinv, r);
      matmulInto(t2, t1, vbInvDag);
      // Y_ij = i·T_ij / (λ_i − conj μ_j)
      for (let i = 0; i < na; i++) {
        for (let j = 0; j < nb; j++) {
          let dr = ea.lr[i] - eb.lr[j];
          let di = ea.li[i] + eb.li[j];
          const mod = Math.hypot(dr, di);
          if (mod < floor) {
            if (mod === 0) { dr = floor; di = 0; } else { dr *= floor / mod; di *= floor / mod; }
          }
          const k = i * nb + j;
          const xr = -t2.im[k], xi = t2.re[k]; // i·T
          const den = dr * dr + di * di;
          t2.re[k] = (xr * dr + xi * di) / den;
          t2.im[k] = (xi * dr - xr * di) / den;
        }
      }
      matmulInto(t1, ea.v, t2);
      matmulInto(t2, t1, vbDag);
      for (let j = 0; j < nb; j++) {
        for (let i = 0; i < na; i++) {
          zr[off + i + j * na] = t2.re[i * nb + j];
          zi[off + i + j * na] = t2.im[i * nb + j];
        }
      }
    }
  };
}
