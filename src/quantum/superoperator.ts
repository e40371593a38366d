/**
 * Superoperators on density matrices, in **column-stacking** vectorization
 * (SPEC §3, as QuTiP): vec(ρ)[i + j·n] = ρ_ij. With this convention
 * (Horn & Johnson, *Topics in Matrix Analysis*, Lemma 4.3.1; Roth's column lemma)
 *   vec(A ρ B) = (Bᵀ ⊗ A) vec(ρ),
 * so left multiplication is I ⊗ A and right multiplication is Bᵀ ⊗ I.
 *
 * The Lindblad generator (Lindblad 1976; Gorini, Kossakowski, Sudarshan 1976)
 *   L(ρ) = −i[H, ρ] + Σ_k (C_k ρ C_k† − ½{C_k†C_k, ρ}),   H in rad/s,
 * is available as a sparse n²×n² matrix (`liouvillian`), its Heisenberg-picture
 * adjoint (`liouvillianAdjoint`), split into constant and time-dependent parts
 * (`liouvillianParts`), and as a matrix-form right-hand side working on the
 * n×n density matrix directly (`LindbladRhs`), which costs O(nnz·n) per call
 * and never forms the n²×n² superoperator.
 */
import { ComplexMatrix } from '../linalg/dense.js';
import { ComplexVector } from '../linalg/vector.js';
import { SparseMatrix, sparseAdjoint, sparseKron, sparseLinearCombination, sparseMatmul, sparseTranspose } from '../linalg/sparse.js';
import { type Operator, toSparse } from '../linalg/operator.js';

/** Column-stacked vec(ρ): v[i + j·n] = ρ_ij (length rows·cols). */
export function vec(rho: ComplexMatrix): ComplexVector {
  const { rows, cols } = rho;
  const v = new ComplexVector(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      v.re[i + j * rows] = rho.re[i * cols + j];
      v.im[i + j * rows] = rho.im[i * cols + j];
    }
  }
  return v;
}

/** Inverse of `vec` for a square n×n matrix: ρ_ij = v[i + j·n]. */
export function unvec(v: ComplexVector, n: number): ComplexMatrix {
  if (!Number.isInteger(n) || n < 0 || v.length !== n * n) {
    throw new RangeError(`unvec: vector of length ${v.length} is not the vectorization of a ${n}x${n} matrix`);
  }
  const rho = new ComplexMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      rho.re[i * n + j] = v.re[i + j * n];
      rho.im[i * n + j] = v.im[i + j * n];
    }
  }
  return rho;
}

function square(a: Operator, what: string): SparseMatrix {
  if (a.rows !== a.cols) throw new RangeError(`${what}: operator is ${a.rows}x${a.cols}, not square`);
  return toSparse(a);
}

/** Entry-wise complex conjugate of a sparse matrix. */
function sparseConjugate(a: SparseMatrix): SparseMatrix {
  return sparseTranspose(sparseAdjoint(a));
}

/** Left multiplication ρ ↦ Aρ as a superoperator: I ⊗ A. */
export function spre(a: Operator): SparseMatrix {
  const s = square(a, 'spre');
  return sparseKron(SparseMatrix.identity(s.rows), s);
}

/** Right multiplication ρ ↦ ρA as a superoperator: Aᵀ ⊗ I. */
export function spost(a: Operator): SparseMatrix {
  const s = square(a, 'spost');
  return sparseKron(sparseTranspose(s), SparseMatrix.identity(s.rows));
}

/** ρ ↦ A ρ B as a superoperator: Bᵀ ⊗ A. */
export function sprepost(a: Operator, b: Operator): SparseMatrix {
  const sa = square(a, 'sprepost'), sb = square(b, 'sprepost');
  if (sa.rows !== sb.rows) throw new RangeError(`sprepost: dimensions ${sa.rows} and ${sb.rows} differ`);
  return sparseKron(sparseTranspose(sb), sa);
}

/**
 * Dissipator D[C]ρ = CρC† − ½{C†C, ρ} as a superoperator:
 * C* ⊗ C − ½ I ⊗ C†C − ½ (C†C)ᵀ ⊗ I.
 */
export function lindbladDissipator(c: Operator): SparseMatrix {
  const s = square(c, 'lindbladDissipator');
  const cdc = sparseMatmul(sparseAdjoint(s), s);
  return sparseLinearCombination([
    { matrix: sparseKron(sparseConjugate(s), s), re: 1 },
    { matrix: spre(cdc), re: -0.5 },
    { matrix: spost(cdc), re: -0.5 },
  ]);
}

function checkDims(h: Operator | null, cOps: readonly Operator[], what: string): number {
  let n = -1;
  const check = (a: Operator, name: string): void => {
    if (a.rows !== a.cols) throw new RangeError(`${what}: ${name} is ${a.rows}x${a.cols}, not square`);
    if (n < 0) n = a.rows;
    else if (a.rows !== n) throw new RangeError(`${what}: ${name} is ${a.rows}x${a.cols}, expected ${n}x${n}`);
  };
  if (h) check(h, 'H');
  cOps.forEach((c, k) => check(c, `c_ops[${k}]`));
  if (n < 0) throw new RangeError(`${what}: neither H nor collapse operators given`);
  return n;
}

/**
 * Liouvillian superoperator (n²×n², sparse) of the Lindblad master equation
 * dρ/dt = −i[H, ρ] + Σ_k D[C_k]ρ, i.e. −i(I⊗H − Hᵀ⊗I) + Σ_k dissipator(C_k).
 * Same matrix as QuTiP's `liouvillian(H, c_ops)`. H (rad/s) may be null.
 */
export function liouvillian(h: Operator | null, cOps: readonly Operator[] = []): SparseMatrix {
  checkDims(h, cOps, 'liouvillian');
  const terms: { matrix: SparseMatrix; re: number; im?: number }[] = [];
  if (h) terms.push({ matrix: spre(h), re: 0, im: -1 }, { matrix: spost(h), re: 0, im: 1 });
  for (const c of cOps) terms.push({ matrix: lindbladDissipator(c), re: 1 });
  return sparseLinearCombination(terms);
}

/**
 * Heisenberg-picture generator L† acting on vec(O):
 * dO/dt = i[H, O] + Σ_k (C_k† O C_k − ½{C_k†C_k, O}), i.e.
 * i(I⊗H − Hᵀ⊗I) + Σ_k (Cᵀ⊗C† − ½ I⊗C†C − ½ (C†C)ᵀ⊗I).
 * It is the Hilbert–Schmidt adjoint of L: Tr(O·L(ρ)) = Tr(L†(O)·ρ)
 * (Breuer & Petruccione, *The Theory of Open Quantum Systems*, §3.2.1).
 */
export function liouvillianAdjoint(h: Operator | null, cOps: readonly Operator[] = []): SparseMatrix {
  checkDims(h, cOps, 'liouvillianAdjoint');
  const terms: { matrix: SparseMatrix; re: number; im?: number }[] = [];
  if (h) terms.push({ matrix: spre(h), re: 0, im: 1 }, { matrix: spost(h), re: 0, im: -1 });
  for (const c of cOps) {
    const s = toSparse(c);
    const cd = sparseAdjoint(s);
    const cdc = sparseMatmul(cd, s);
    terms.push({ matrix: sprepost(cd, s), re: 1 }, { matrix: spre(cdc), re: -0.5 }, { matrix: spost(cdc), re: -0.5 });
  }
  return sparseLinearCombination(terms);
}

/** H(t) = h0 + Σ_k f_k(t) H_k with real coefficient functions f_k (H in rad/s). */
export interface TimeDependentHamiltonian {
  h0: Operator;
  terms: { op: Operator; coefficient: (t: number) => number }[];
}

/** Type guard: a `TimeDependentHamiltonian` rather than a plain operator. */
export function isTimeDependent(h: Operator | TimeDependentHamiltonian): h is TimeDependentHamiltonian {
  return typeof h === 'object' && h !== null && 'h0' in h && 'terms' in h;
}

/** H(t) as one sparse matrix (allocates; for repeated use prefer `liouvillianParts` / `LindbladRhs`). */
export function hamiltonianAt(td: TimeDependentHamiltonian, t: number): SparseMatrix {
  const h0 = toSparse(td.h0);
  const terms: { matrix: SparseMatrix; re: number }[] = [{ matrix: h0, re: 1 }];
  for (const term of td.terms) {
    if (term.op.rows !== h0.rows || term.op.cols !== h0.cols) {
      throw new RangeError(`hamiltonianAt: term is ${term.op.rows}x${term.op.cols}, H0 is ${h0.rows}x${h0.cols}`);
    }
    terms.push({ matrix: toSparse(term.op), re: term.coefficient(t) });
  }
  return sparseLinearCombination(terms);
}

/** L(t) = l0 + Σ_k f_k(t) L_k, with L_k = −i(I⊗H_k − H_kᵀ⊗I). */
export interface LiouvillianParts {
  l0: SparseMatrix;
  terms: { superop: SparseMatrix; coefficient: (t: number) => number }[];
}

/** Split the Liouvillian of a time-dependent H into its constant part and per-term commutator superoperators. */
export function liouvillianParts(td: TimeDependentHamiltonian, cOps: readonly Operator[] = []): LiouvillianParts {
  checkDims(td.h0, [...td.terms.map((x) => x.op), ...cOps], 'liouvillianParts');
  return {
    l0: liouvillian(td.h0, cOps),
    terms: td.terms.map((term) => ({ superop: liouvillian(term.op, []), coefficient: term.coefficient })),
  };
}

/** L(t) assembled as one sparse matrix (allocates). */
export function liouvillianAt(parts: LiouvillianParts, t: number): SparseMatrix {
  return sparseLinearCombination([
    { matrix: parts.l0, re: 1 },
    ...parts.terms.map((p) => ({ matrix: p.superop, re: p.coefficient(t) })),
  ]);
}

/**
 * y ← L(t) x = l0 x + Σ_k f_k(t) L_k x for split complex vectors (y must not
 * alias x); no allocation, each coefficient evaluated once.
 */
export function applyLiouvillianPartsInto(
  parts: LiouvillianParts, t: number,
  xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array,
): void {
  yr.fill(0);
  yi.fill(0);
  spmvAcc(parts.l0, 1, xr, xi, yr, yi);
  for (const p of parts.terms) {
    const f = p.coefficient(t);
    if (f !== 0) spmvAcc(p.superop, f, xr, xi, yr, yi);
  }
}

/** y += f·A x (real f). */
function spmvAcc(a: SparseMatrix, f: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const { rowPtr, colIndex, re, im } = a;
  for (let i = 0; i < a.rows; i++) {
    let sr = 0, si = 0;
    const end = rowPtr[i + 1];
    for (let k = rowPtr[i]; k < end; k++) {
      const j = colIndex[k];
      sr += re[k] * xr[j] - im[k] * xi[j];
      si += re[k] * xi[j] + im[k] * xr[j];
    }
    yr[i] += f * sr;
    yi[i] += f * si;
  }
}

/**
 * out += (sr + i·si) · A X for sparse A (n×n CSR) and dense row-major X:
 * row i of the result gathers A_ik · X[k, :] (contiguous rows, O(nnz(A)·n)).
 */
function leftMulAcc(
  a: SparseMatrix, sr: number, si: number, n: number,
  xr: Float64Array, xi: Float64Array, outR: Float64Array, outI: Float64Array,
): void {
  const { rowPtr, colIndex, re, im } = a;
  for (let i = 0; i < n; i++) {
    const oi = i * n;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const cr = sr * re[p] - si * im[p];
      const ci = sr * im[p] + si * re[p];
      const xk = colIndex[p] * n;
      for (let j = 0; j < n; j++) {
        const vr = xr[xk + j], vi = xi[xk + j];
        outR[oi + j] += cr * vr - ci * vi;
        outI[oi + j] += cr * vi + ci * vr;
      }
    }
  }
}

/**
 * out += (sr + i·si) · X B for dense row-major X and sparse B (n×n CSR):
 * row i of the result scatters X_ik · B[k, :] (O(n·nnz(B)); zero X_ik skipped).
 */
function rightMulAcc(
  b: SparseMatrix, sr: number, si: number, n: number,
  xr: Float64Array, xi: Float64Array, outR: Float64Array, outI: Float64Array,
): void {
  const { rowPtr, colIndex, re, im } = b;
  for (let i = 0; i < n; i++) {
    const oi = i * n;
    for (let k = 0; k < n; k++) {
      const ar = xr[oi + k], ai = xi[oi + k];
      if (ar === 0 && ai === 0) continue;
      const cr = sr * ar - si * ai;
      const ci = sr * ai + si * ar;
      for (let p = rowPtr[k]; p < rowPtr[k + 1]; p++) {
        const q = oi + colIndex[p];
        const br = re[p], bi = im[p];
        outR[q] += cr * br - ci * bi;
        outI[q] += cr * bi + ci * br;
      }
    }
  }
}

/**
 * out += C ρ C† by direct pair summation over the stored entries of C:
 * (CρC†)_ij = Σ_{(i,k),(j,l) ∈ nz(C)} C_ik ρ_kl conj(C_jl). Cost nnz(C)², which
 * beats the two-step (Cρ)C† (cost 2·n·nnz(C) plus an n² scratch) whenever
 * nnz(C) < 2n — the usual case for jump operators (projectors, ladders).
 */
function jumpDirectAcc(
  rows: Int32Array, cols: Int32Array, cr: Float64Array, ci: Float64Array, n: number,
  rhoRe: Float64Array, rhoIm: Float64Array, outRe: Float64Array, outIm: Float64Array,
): void {
  const nnz = rows.length;
  for (let p = 0; p < nnz; p++) {
    const oi = rows[p] * n, rk = cols[p] * n;
    const ar = cr[p], ai = ci[p];
    for (let q = 0; q < nnz; q++) {
      const kl = rk + cols[q];
      const xr = rhoRe[kl], xi = rhoIm[kl];
      // u = C_ik ρ_kl
      const ur = ar * xr - ai * xi, ui = ar * xi + ai * xr;
      // u · conj(C_jl)
      const br = cr[q], bi = ci[q];
      const o = oi + rows[q];
      outRe[o] += ur * br + ui * bi;
      outIm[o] += ui * br - ur * bi;
    }
  }
}

/** Tile edge for the in-place X ← X + X† pass (two 32×32 complex tiles stay in L1). */
const SYM_TILE = 32;

/**
 * X ← (X + X†)/2 in place on a row-major n×n matrix (the Hermitian part),
 * tile by tile so that the transposed accesses stay in cache.
 */
function hermitianPartInPlace(xr: Float64Array, xi: Float64Array, n: number): void {
  for (let ib = 0; ib < n; ib += SYM_TILE) {
    const iEnd = Math.min(ib + SYM_TILE, n);
    for (let jb = ib; jb < n; jb += SYM_TILE) {
      const jEnd = Math.min(jb + SYM_TILE, n);
      for (let i = ib; i < iEnd; i++) {
        let j = jb;
        if (jb === ib) {
          xi[i * n + i] = 0;
          j = i + 1;
        }
        for (; j < jEnd; j++) {
          const a = i * n + j, b = j * n + i;
          const re = 0.5 * (xr[a] + xr[b]), im = 0.5 * (xi[a] - xi[b]);
          xr[a] = re;
          xi[a] = im;
          xr[b] = re;
          xi[b] = -im;
        }
      }
    }
  }
}

/** One collapse operator as prepared by `LindbladRhs`. */
interface PreparedJump {
  c: SparseMatrix;
  cAdj: SparseMatrix;
  /** Triplets of C for the direct path (null → two-step path). */
  direct: { rows: Int32Array; cols: Int32Array; re: Float64Array; im: Float64Array } | null;
}

/**
 * Matrix-form Lindblad right-hand side on the n×n density matrix,
 *   dρ/dt = −i(H_eff ρ − ρ H_eff†) + Σ_k C_k ρ C_k†,   H_eff = H − (i/2) Σ_k C_k†C_k,
 * which equals −i[H, ρ] + Σ_k (C_k ρ C_k† − ½{C_k†C_k, ρ}) (Breuer & Petruccione
 * §3.2; the H_eff split is the one of quantum-jump unravellings, Dalibard,
 * Castin & Mølmer, PRL 68, 580 (1992)). All products are sparse × dense, so a
 * call costs O(2·nnz(H_eff)·n + Σ_k min(nnz(C_k)², 2·n·nnz(C_k))) — no n²×n²
 * superoperator is formed (a 12⁴ = 20736-dimensional chain would need one with
 * ~10¹⁰ entries).
 *
 * H may be time-dependent: for H(t) = h0 + Σ f_j(t) H_j the terms
 * −i f_j(t)[H_j, ρ] are added at the time passed to `apply`.
 * The constructor precomputes everything; `apply` allocates nothing
 * (an n² scratch pair is kept only if some C_k has nnz ≥ 2n).
 *
 * `apply` accepts any n×n matrix (the map is linear; Krylov / GMRES steady-state
 * solvers apply it to non-Hermitian vectors). `applyHermitian` is about twice
 * as fast on the Hamiltonian part but requires ρ = ρ† (true along a master-
 * equation trajectory started from a density matrix).
 */
export class LindbladRhs {
  /** Hilbert-space dimension n. */
  readonly n: number;
  /** −i H_eff (left factor). */
  private readonly left: SparseMatrix;
  /** +i H_eff† (right factor). */
  private readonly right: SparseMatrix;
  private readonly jumps: PreparedJump[];
  private readonly tdOps: SparseMatrix[];
  private readonly tdCoefficients: ((t: number) => number)[];
  private readonly scratchRe: Float64Array;
  private readonly scratchIm: Float64Array;

  constructor(h: Operator | TimeDependentHamiltonian | null, cOps: readonly Operator[] = []) {
    const td = h !== null && isTimeDependent(h) ? h : null;
    const h0 = td ? td.h0 : (h as Operator | null);
    const n = checkDims(h0, [...(td ? td.terms.map((x) => x.op) : []), ...cOps], 'LindbladRhs');
    this.n = n;
    const terms: { matrix: SparseMatrix; re: number; im?: number }[] = [{ matrix: SparseMatrix.zeros(n), re: 0 }];
    // −i H_eff = −i H − ½ Σ C†C
    if (h0) terms.push({ matrix: toSparse(h0), re: 0, im: -1 });
    let needScratch = false;
    this.jumps = cOps.map((op) => {
      const c = toSparse(op);
      const cAdj = sparseAdjoint(c);
      terms.push({ matrix: sparseMatmul(cAdj, c), re: -0.5 });
      let direct: PreparedJump['direct'] = null;
      if (c.nnz < 2 * n) {
        const t = c.toTriplets();
        direct = { rows: t.row, cols: t.col, re: t.re, im: t.im };
      } else {
        needScratch = true;
      }
      return { c, cAdj, direct };
    });
    this.left = sparseLinearCombination(terms);
    this.right = sparseAdjoint(this.left); // (−i H_eff)† = i H_eff†
    this.tdOps = td ? td.terms.map((x) => toSparse(x.op)) : [];
    this.tdCoefficients = td ? td.terms.map((x) => x.coefficient) : [];
    this.scratchRe = new Float64Array(needScratch ? n * n : 0);
    this.scratchIm = new Float64Array(needScratch ? n * n : 0);
  }

  private check(rhoRe: Float64Array, rhoIm: Float64Array, outRe: Float64Array, outIm: Float64Array, what: string): void {
    const nn = this.n * this.n;
    if (rhoRe.length !== nn || rhoIm.length !== nn || outRe.length !== nn || outIm.length !== nn) {
      throw new RangeError(`LindbladRhs.${what}: arrays must have length ${nn} (n = ${this.n})`);
    }
    if (outRe === rhoRe || outIm === rhoIm || outRe === rhoIm || outIm === rhoRe) {
      throw new RangeError(`LindbladRhs.${what}: output aliases the input`);
    }
  }

  /** out += Σ_k C_k ρ C_k† */
  private addJumps(rhoRe: Float64Array, rhoIm: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const n = this.n;
    for (const j of this.jumps) {
      if (j.direct) {
        jumpDirectAcc(j.direct.rows, j.direct.cols, j.direct.re, j.direct.im, n, rhoRe, rhoIm, outRe, outIm);
      } else {
        const tr = this.scratchRe, ti = this.scratchIm;
        tr.fill(0);
        ti.fill(0);
        leftMulAcc(j.c, 1, 0, n, rhoRe, rhoIm, tr, ti); // T = C ρ
        rightMulAcc(j.cAdj, 1, 0, n, tr, ti, outRe, outIm); // out += T C†
      }
    }
  }

  /**
   * out ← dρ/dt at time t for ρ given as flat row-major n×n arrays
   * (out must not alias ρ). t only matters for a time-dependent H.
   */
  apply(rhoRe: Float64Array, rhoIm: Float64Array, outRe: Float64Array, outIm: Float64Array, t = 0): void {
    this.check(rhoRe, rhoIm, outRe, outIm, 'apply');
    const n = this.n;
    outRe.fill(0);
    outIm.fill(0);
    leftMulAcc(this.left, 1, 0, n, rhoRe, rhoIm, outRe, outIm);
    rightMulAcc(this.right, 1, 0, n, rhoRe, rhoIm, outRe, outIm);
    for (let k = 0; k < this.tdOps.length; k++) {
      const f = this.tdCoefficients[k](t);
      if (f === 0) continue;
      // −i f [H_k, ρ] = (−i f) H_k ρ + (i f) ρ H_k
      leftMulAcc(this.tdOps[k], 0, -f, n, rhoRe, rhoIm, outRe, outIm);
      rightMulAcc(this.tdOps[k], 0, f, n, rhoRe, rhoIm, outRe, outIm);
    }
    this.addJumps(rhoRe, rhoIm, outRe, outIm);
  }

  /**
   * Same as `apply` for a Hermitian ρ (not checked): with X = −i H_eff(t) ρ and
   * J = Σ_k C_k ρ C_k† (Hermitian), dρ/dt = X + X† + J, computed as the
   * Hermitian part of 2X + J. Only the left products are formed, and the
   * result is exactly Hermitian, so a trajectory stays Hermitian to the last
   * bit. Wrong results if ρ ≠ ρ†.
   */
  applyHermitian(rhoRe: Float64Array, rhoIm: Float64Array, outRe: Float64Array, outIm: Float64Array, t = 0): void {
    this.check(rhoRe, rhoIm, outRe, outIm, 'applyHermitian');
    const n = this.n;
    outRe.fill(0);
    outIm.fill(0);
    leftMulAcc(this.left, 2, 0, n, rhoRe, rhoIm, outRe, outIm);
    for (let k = 0; k < this.tdOps.length; k++) {
      const f = this.tdCoefficients[k](t);
      if (f !== 0) leftMulAcc(this.tdOps[k], 0, -2 * f, n, rhoRe, rhoIm, outRe, outIm);
    }
    this.addJumps(rhoRe, rhoIm, outRe, outIm);
    hermitianPartInPlace(outRe, outIm, n);
  }

  /** Convenience form of `apply` on `ComplexMatrix` (allocates nothing beyond `out`). */
  applyMatrix(rho: ComplexMatrix, out: ComplexMatrix, t = 0): ComplexMatrix {
    this.apply(rho.re, rho.im, out.re, out.im, t);
    return out;
  }
}

/**
 * out ← −i[H, ρ] + Σ_k (C_k ρ C_k† − ½{C_k†C_k, ρ}) for one call (builds a
 * `LindbladRhs`; for repeated calls construct the class once).
 */
export function lindbladRhsInto(h: Operator | null, cOps: readonly Operator[], rho: ComplexMatrix, out: ComplexMatrix): ComplexMatrix {
  const rhs = new LindbladRhs(h, cOps);
  if (rho.rows !== rhs.n || rho.cols !== rhs.n || out.rows !== rhs.n || out.cols !== rhs.n) {
    throw new RangeError(`lindbladRhsInto: ρ is ${rho.rows}x${rho.cols}, out is ${out.rows}x${out.cols}, expected ${rhs.n}x${rhs.n}`);
  }
  return rhs.applyMatrix(rho, out);
}
