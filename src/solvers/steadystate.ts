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
import { toSparse, type Operator } from '../linalg/operator.js';
import { SparseMatrix, spmvInto } from '../linalg/sparse.js';
import { gmres } from '../linalg/gmres.js';
import { blockJacobi } from '../linalg/block-jacobi.js';
import { RegionPlan, wasmKernels, type WasmKernels } from '../linalg/wasm.js';
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

/** Largest n·n for which {@link lindbladResidual} runs in WebAssembly (8 n×n complex work arrays, 16 MiB). */
const RESIDUAL_WASM_LIMIT = 1 << 18;

/**
 * ‖dρ/dt‖_F = ‖L vec ρ‖₂ computed in matrix form on the full space,
 *   dρ/dt = −i(Hρ − ρH) + Σ_k (T_k C_k† − ½ C_k† T_k − ½ U_k C_k),  T_k = C_k ρ,  U_k = ρ C_k†,
 * by the sparse × dense WebAssembly kernels when available (a steady state computes it once, on a
 * process's first call as often as not, where JavaScript loops over n² entries cost ~3 µs each),
 * else by the `LindbladRhs` of quantum/superoperator.ts. Independent of the sector reduction.
 */
export function lindbladResidual(h: Operator, cOps: readonly Operator[], rho: ComplexMatrix): number {
  const k = rho.rows * rho.rows <= RESIDUAL_WASM_LIMIT ? wasmKernels() : null;
  const r = k ? lindbladResidualWasm(k, toSparse(h), cOps.map(toSparse), rho) : null;
  return r ?? lindbladResidualTs(h, cOps, rho);
}

/** {@link lindbladResidual} by the kernels; null when the memory cannot grow. */
function lindbladResidualWasm(k: WasmKernels, h: SparseMatrix, cOps: SparseMatrix[], rho: ComplexMatrix): number | null {
  const n = rho.rows, nn = n * n;
  const plan = new RegionPlan();
  const op = (a: SparseMatrix) => ({ a, rp: plan.add(n + 1, 4), ci: plan.add(a.nnz, 4), re: plan.add(a.nnz, 8), im: plan.add(a.nnz, 8) });
  const ops = [h, ...cOps].map(op);
  const oXr = plan.add(nn, 8), oXi = plan.add(nn, 8), oRr = plan.add(nn, 8), oRi = plan.add(nn, 8);
  const oTr = plan.add(nn, 8), oTi = plan.add(nn, 8), oUr = plan.add(nn, 8), oUi = plan.add(nn, 8);
  const base = plan.reserve(k);
  if (base < 0) return null;
  const buf = k.exports.memory.buffer;
  const mi = new Int32Array(buf), mf = new Float64Array(buf);
  for (const o of ops) {
    mi.set(o.a.rowPtr.subarray(0, n + 1), (base + o.rp) >> 2);
    mi.set(o.a.colIndex.subarray(0, o.a.nnz), (base + o.ci) >> 2);
    mf.set(o.a.re.subarray(0, o.a.nnz), (base + o.re) >> 3);
    mf.set(o.a.im.subarray(0, o.a.nnz), (base + o.im) >> 3);
  }
  mf.set(rho.re, (base + oXr) >> 3);
  mf.set(rho.im, (base + oXi) >> 3);
  const zero = (o: number) => mf.fill(0, (base + o) >> 3, ((base + o) >> 3) + nn);
  zero(oRr); zero(oRi);
  const x = k.exports;
  const X = [base + oXr, base + oXi] as const, R = [base + oRr, base + oRi] as const;
  const T = [base + oTr, base + oTi] as const, U = [base + oUr, base + oUi] as const;
  const [H, ...C] = ops.map((o) => [base + o.rp, base + o.ci, base + o.re, base + o.im] as const);
  x.zcsrMulAcc(n, 0, ...H, 0, -1, ...X, ...R); // −i H ρ
  x.zMulCsrAcc(n, ...H, 0, 1, ...X, ...R); // +i ρ H
  for (const c of C) {
    zero(oTr); zero(oTi); zero(oUr); zero(oUi);
    x.zcsrMulAcc(n, 0, ...c, 1, 0, ...X, ...T); // T = C ρ
    x.zMulCsrAdjAcc(n, ...c, 1, 0, ...X, ...U); // U = ρ C†
    x.zMulCsrAdjAcc(n, ...c, 1, 0, ...T, ...R); // + C ρ C†
    x.zcsrMulAcc(n, 1, ...c, -0.5, 0, ...T, ...R); // − ½ C†C ρ
    x.zMulCsrAcc(n, ...c, -0.5, 0, ...U, ...R); // − ½ ρ C†C
  }
  let s = 0;
  for (let q = (base + oRr) >> 3, e = q + nn; q < e; q++) s += mf[q] * mf[q];
  for (let q = (base + oRi) >> 3, e = q + nn; q < e; q++) s += mf[q] * mf[q];
  return Math.sqrt(s);
}

/** {@link lindbladResidual} by `LindbladRhs.apply` (the fallback, and the reference of the tests). */
export function lindbladResidualTs(h: Operator, cOps: readonly Operator[], rho: ComplexMatrix): number {
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
  let scale2 = 0;
  for (let k = 0; k < l.nnz; k++) { const s2 = l.re[k] * l.re[k] + l.im[k] * l.im[k]; if (s2 > scale2) scale2 = s2; }
  let scale = Math.sqrt(scale2);
  if (scale === Infinity) for (let k = 0, m = 0; k < l.nnz; k++) scale = m = Math.max(m, Math.hypot(l.re[k], l.im[k])); // squares overflowed
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
