/**
 * `steadystate`: the state ρ_ss with L(ρ_ss) = 0 and Tr ρ_ss = 1.
 *
 * The diagonal density-matrix sectors (a, a) of the block structure form an
 * invariant, trace-carrying subspace of L, so a unique steady state lives
 * there; the problem is solved on that reduced space only. One population
 * equation (a row of L, which is linearly dependent on the others because
 * Tr L(ρ) = 0) is replaced by the trace condition:
 *   - 'direct': a sparse LU of the trace-constrained system with a
 *     minimum-degree ordering (steadystate-direct.ts; 'auto' picks 'direct'
 *     up to a reduced dimension of STEADY_DIRECT_LIMIT = 1600 unknowns);
 *   - 'iterative': restarted GMRES, preconditioned per density-matrix sector
 *     by block-Jacobi (dense LU of each sector's own dynamics, sectors up to
 *     SECTOR_LU_LIMIT = 1024 unknowns) or, for larger sectors, by the exact
 *     inverse of each sector's no-jump Sylvester operator
 *     (sylvester-preconditioner.ts).
 * The residual ‖L vec(ρ)‖₂ is evaluated independently in matrix form on the
 * full space.
 */
import { ComplexMatrix } from '../linalg/dense.js';
import type { Operator } from '../linalg/operator.js';
import { SparseMatrix, spmvInto } from '../linalg/sparse.js';
import { gmres } from '../linalg/gmres.js';
import { blockJacobi } from '../linalg/block-jacobi.js';
import { LindbladRhs } from '../quantum/superoperator.js';
import { findBlocks, reachableSectors, singleBlock } from './blocks.js';
import { effectiveHamiltonian, expandDensity, sectorLayout, sectorLiouvillian, traceWeights } from './sector-liouvillian.js';
import { sylvesterPreconditioner } from './sylvester-preconditioner.js';
import { directSteadyState } from './steadystate-direct.js';
import { checkSquare } from '../util/checks.js';
import { ArgumentError, NumericalError } from '../util/errors.js';
import { SolverArguments, type OperatorLike } from './arguments.js';
import type { SteadystateOptions, SteadystateResult } from './types.js';

/** Reduced dimension up to which 'auto' uses the dense direct solver. */
export const STEADY_DIRECT_LIMIT = 1600;

/** Largest sector (unknowns) factorized densely by the block-Jacobi preconditioner. */
export const SECTOR_LU_LIMIT = 1024;

/** ‖dρ/dt‖_F = ‖L vec ρ‖₂ computed in matrix form on the full space. */
export function lindbladResidual(h: Operator, cOps: readonly Operator[], rho: ComplexMatrix): number {
  const rhs = new LindbladRhs(h, cOps);
  const n = rho.rows;
  const outR = new Float64Array(n * n), outI = new Float64Array(n * n);
  rhs.apply(rho.re, rho.im, outR, outI);
  let s = 0;
  for (let k = 0; k < n * n; k++) s += outR[k] * outR[k] + outI[k] * outI[k];
  return Math.sqrt(s);
}

/** Replace row `row` of the CSR matrix by the dense real row vector `t` (restricted to its nonzeros). */
function replaceRow(l: SparseMatrix, row: number, t: Float64Array): SparseMatrix {
  const rows: number[] = [], cols: number[] = [], re: number[] = [], im: number[] = [];
  for (let i = 0; i < l.rows; i++) {
    if (i === row) {
      for (let j = 0; j < t.length; j++) if (t[j] !== 0) { rows.push(i); cols.push(j); re.push(t[j]); im.push(0); }
      continue;
    }
    for (let k = l.rowPtr[i]; k < l.rowPtr[i + 1]; k++) { rows.push(i); cols.push(l.colIndex[k]); re.push(l.re[k]); im.push(l.im[k]); }
  }
  return SparseMatrix.fromTriplets(l.rows, l.cols, rows, cols, re, im);
}

/**
 * The steady state of dρ/dt = −i[H, ρ] + Σ_k D[C_k]ρ (H in rad/s): the
 * trace-1 solution of L(ρ) = 0, with its residual ‖L vec ρ‖₂ on the full
 * space. H and the collapse operators may be plain matrices or `Qobj`s
 * (equal dims). Needs at least one collapse operator.
 * @throws ArgumentError for bad arguments; NumericalError when the steady
 *   state is not unique (several invariant sectors) or GMRES does not converge.
 *
 * @example
 * import { Qobj, steadystate } from 'spindrift';
 * // Resonantly driven, decaying spin-1/2: Rabi frequency Ω = 2π·1 MHz, decay Γ = 1e6 /s.
 * const H = Qobj.spin(1 / 2, 'x').scale(2 * Math.PI * 1e6), C = Qobj.spin(1 / 2, '-').scale(Math.sqrt(1e6));
 * const { rho, residual } = steadystate(H, [C]);
 * rho.re[0]; // population of |↑⟩ = Ω²/(Γ² + 2Ω²) = 0.4937 (optical Bloch equations at resonance)
 */
export function steadystate(hIn: OperatorLike, cOpsIn: readonly OperatorLike[], options: SteadystateOptions = {}): SteadystateResult {
  const start = performance.now();
  const args = new SolverArguments();
  const h = args.operator(hIn, 'H'), cOps = args.operators(cOpsIn, 'c_ops');
  const n = h.rows;
  checkSquare(n, [['H', h], ...cOps.map((c, k): [string, Operator] => [`c_ops[${k}]`, c])]);
  if (cOps.length === 0) throw new ArgumentError('c_ops', 'a steady state needs at least one collapse operator (a closed system has no unique steady state)');
  const structure = n > 1 ? findBlocks([h], cOps, options.quantumNumbers) : singleBlock(n, cOps.length);
  const diagonal = Array.from({ length: structure.count }, (_, a) => ({ a, b: a }));
  const layout = sectorLayout(structure, reachableSectors(structure, diagonal));
  const l = sectorLiouvillian(layout, h, cOps);
  const t = traceWeights(layout);
  const dim = layout.dimension;
  const row = t.findIndex((v) => v !== 0);
  // The trace row is scaled to the size of L's entries (rad/s) so the system stays well balanced.
  let scale = 0;
  for (let k = 0; k < l.nnz; k++) scale = Math.max(scale, Math.hypot(l.re[k], l.im[k]));
  if (!(scale > 0)) scale = 1;
  const trace = (): { a: SparseMatrix; br: Float64Array; bi: Float64Array } => {
    const br = new Float64Array(dim), bi = new Float64Array(dim);
    br[row] = scale;
    return { a: replaceRow(l, row, t.map((v) => v * scale)), br, bi };
  };
  const m = options.method ?? 'auto';
  const kind = typeof m === 'string' ? m : m.kind;
  if (kind !== 'auto' && kind !== 'direct' && kind !== 'iterative') throw new ArgumentError('method', `expected 'auto', 'direct' or 'iterative', got ${JSON.stringify(kind)}`);
  const iterative: { tol?: number; maxIterations?: number; preconditioner?: 'auto' | 'block-jacobi' | 'sylvester' } = typeof m === 'object' && m.kind === 'iterative' ? m : {};
  const method = kind !== 'auto' ? kind : dim <= STEADY_DIRECT_LIMIT ? 'direct' : 'iterative';
  const preconditioner = iterative.preconditioner ?? options.preconditioner;
  let xr: Float64Array, xi: Float64Array;
  const details: Record<string, unknown> = {};
  if (method === 'direct') {
    ({ xr, xi } = directSteadyState(layout, l, t, scale, row, trace, details));
  } else {
    const { a, br, bi } = trace();
    // Preconditioner from the sector structure. Small sectors: block-Jacobi, a dense LU of each
    // sector's own dynamics (6-site XY chain, 924 unknowns: 29 GMRES iterations against ~4300
    // unpreconditioned; ILU(0) did not converge). Large sectors: the exact inverse of each sector's
    // no-jump Sylvester operator through the eigenvectors of H_eff (O(m³) instead of O(m⁶)).
    let largest = 0;
    for (let p = 0; p < layout.sectors.length; p++) largest = Math.max(largest, layout.offsets[p + 1] - layout.offsets[p]);
    const useSylvester = preconditioner === 'sylvester' || (preconditioner !== 'block-jacobi' && largest > SECTOR_LU_LIMIT);
    const pre = useSylvester
      ? sylvesterPreconditioner(layout, effectiveHamiltonian(h, cOps), 1e-6 * scale)
      : blockJacobi(a, layout.offsets, { shift: 1e-8 * scale });
    details.preconditioner = useSylvester ? 'sylvester' : 'block-jacobi';
    const r = gmres((ur, ui, vr, vi) => spmvInto(a, ur, ui, vr, vi), br, bi, {
      tol: iterative.tol ?? options.tol ?? 1e-12,
      maxIterations: iterative.maxIterations ?? options.maxIterations ?? 20000,
      restart: 80,
      preconditioner: pre,
    });
    xr = r.xr;
    xi = r.xi;
    Object.assign(details, { iterations: r.iterations, converged: r.converged, gmresRelativeResidual: r.relativeResidual });
    if (!r.converged) throw new NumericalError(`steadystate: GMRES did not converge in ${r.iterations} iterations (relative residual ${r.relativeResidual.toExponential(2)}); try method 'direct'`);
  }
  const rho = expandDensity(layout, xr, xi, n);
  // Remove the rounding-level anti-Hermitian part and renormalize the trace.
  let tr = 0;
  for (let i = 0; i < n; i++) tr += rho.re[i * n + i];
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const pr = 0.5 * (rho.re[i * n + j] + rho.re[j * n + i]) / tr;
      const pi = 0.5 * (rho.im[i * n + j] - rho.im[j * n + i]) / tr;
      rho.re[i * n + j] = pr; rho.im[i * n + j] = pi;
      rho.re[j * n + i] = pr; rho.im[j * n + i] = -pi;
    }
  }
  const residual = lindbladResidual(h, cOps, rho);
  return {
    rho,
    residual,
    stats: { method, wallTimeMs: performance.now() - start, blocks: structure.count, reducedDimension: dim, fullDimension: n * n, ...details },
  };
}
