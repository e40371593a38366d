/**
 * Spectra of open-system generators: Liouvillian eigenvalues (relaxation
 * rates and frequencies of the slowest modes), eigenvalues of non-Hermitian
 * Hamiltonians, and the search for exceptional points along a parameter.
 */
import { ComplexMatrix } from '../linalg/dense.js';
import type { Operator } from '../linalg/operator.js';
import { toDense } from '../linalg/operator.js';
import { eig } from '../linalg/eigen-general.js';
import { findBlocks, reachableSectors, singleBlock } from './blocks.js';
import { sectorLayout, sectorLiouvillian } from './sector-liouvillian.js';
import { checkSquare } from '../util/checks.js';
import { SolverArguments, type OperatorLike } from './arguments.js';

export interface Eigenvalues {
  re: Float64Array;
  im: Float64Array;
}

/** Sort eigenvalues by descending real part (slowest decay first), ties by imaginary part. */
export function sortByRealPartDescending(values: Eigenvalues): Eigenvalues {
  const order = Array.from(values.re, (_, i) => i).sort((i, j) => values.re[j] - values.re[i] || values.im[i] - values.im[j]);
  return { re: Float64Array.from(order, (i) => values.re[i]), im: Float64Array.from(order, (i) => values.im[i]) };
}

/**
 * Eigenvalues of the Liouvillian of (H, C_k), sorted slowest first (the
 * first is 0 for a trace-preserving generator). With `sector: 'populations'`
 * only the sectors reachable from block-diagonal states are diagonalized
 * (the modes seen by any initial state without inter-block coherence).
 * `count` truncates the list. H and C_k may be plain matrices or `Qobj`s.
 *
 * @example
 * import { Qobj, liouvillianSpectrum } from 'spindrift';
 * // Pure decay of a spin-1/2 at Γ = 2 /s: eigenvalues 0, −Γ/2 (twice, the coherences), −Γ.
 * liouvillianSpectrum(Qobj.spin(1 / 2, 'z').scale(0), [Qobj.spin(1 / 2, '-').scale(Math.SQRT2)]).re; // [0, −1, −1, −2]
 */
export function liouvillianSpectrum(
  hIn: OperatorLike,
  cOpsIn: readonly OperatorLike[],
  options: { count?: number; sectors?: 'all' | 'populations'; maxDimension?: number } = {},
): Eigenvalues {
  const args = new SolverArguments();
  const h = args.operator(hIn, 'H'), cOps = args.operators(cOpsIn, 'c_ops');
  const n = h.rows;
  checkSquare(n, [['H', h], ...cOps.map((c, k): [string, Operator] => [`c_ops[${k}]`, c])]);
  const limit = options.maxDimension ?? 2500;
  let sectors;
  let structure;
  if (options.sectors === 'populations') {
    structure = findBlocks([h], cOps);
    sectors = reachableSectors(structure, Array.from({ length: structure.count }, (_, a) => ({ a, b: a })));
  } else {
    structure = singleBlock(n, cOps.length);
    sectors = [{ a: 0, b: 0 }];
  }
  const layout = sectorLayout(structure, sectors);
  if (layout.dimension > limit) {
    throw new RangeError(`liouvillianSpectrum: dimension ${layout.dimension} exceeds the dense limit ${limit} (raise maxDimension, or use sectors: 'populations')`);
  }
  const l = sectorLiouvillian(layout, h, cOps).toDense();
  const sorted = sortByRealPartDescending(eig(l, { vectors: false }).values);
  const count = options.count ?? sorted.re.length;
  return { re: sorted.re.slice(0, count), im: sorted.im.slice(0, count) };
}

/**
 * Eigenvalues of a (non-Hermitian) Hamiltonian, sorted by real part ascending.
 *
 * @example
 * import { Qobj, nonHermitianSpectrum } from 'spindrift';
 * // H = σx − (i/2)·γ·|↓⟩⟨↓| with γ = 4 sits at its exceptional point: a double eigenvalue −i.
 * nonHermitianSpectrum(Qobj.spin(1 / 2, 'x').scale(2).add(Qobj.projector(1 / 2, -1 / 2).scale(0, -2)));
 */
export function nonHermitianSpectrum(hIn: OperatorLike): Eigenvalues {
  const h = new SolverArguments().operator(hIn, 'H');
  const { values } = eig(toDense(h), { vectors: false });
  const order = Array.from(values.re, (_, i) => i).sort((i, j) => values.re[i] - values.re[j] || values.im[i] - values.im[j]);
  return { re: Float64Array.from(order, (i) => values.re[i]), im: Float64Array.from(order, (i) => values.im[i]) };
}

/** Smallest distance between two eigenvalues of `m`, with the pair's indices. */
export function closestEigenvaluePair(m: ComplexMatrix): { distance: number; values: [{ re: number; im: number }, { re: number; im: number }] } {
  const { values } = eig(m, { vectors: false });
  let best = Infinity, bi = 0, bj = 1;
  for (let i = 0; i < values.re.length; i++) {
    for (let j = i + 1; j < values.re.length; j++) {
      const d = Math.hypot(values.re[i] - values.re[j], values.im[i] - values.im[j]);
      if (d < best) { best = d; bi = i; bj = j; }
    }
  }
  return { distance: best, values: [{ re: values.re[bi], im: values.im[bi] }, { re: values.re[bj], im: values.im[bj] }] };
}

export interface ExceptionalPointResult {
  /** Parameter value of the closest approach of two eigenvalues. */
  parameter: number;
  /** Eigenvalue gap there (→ 0 at an exceptional point, ∝ √|p − p_EP| nearby). */
  gap: number;
  /** The two coalescing eigenvalues. */
  values: [{ re: number; im: number }, { re: number; im: number }];
  /** Gap on the scan grid, for plots. */
  scan: { parameter: Float64Array; gap: Float64Array };
}

/**
 * Locate an exceptional point of a one-parameter family H(p), p ∈ [pMin, pMax]:
 * scan the minimum eigenvalue gap on a grid, then refine the best bracket by
 * golden-section search (the gap behaves as √|p − p_EP| near an EP, a
 * unimodal cusp). A gap that stays finite means there is no EP in range.
 *
 * @example
 * import { ComplexMatrix, findExceptionalPoint } from 'spindrift';
 * // H(p) = σx − i·p·|↓⟩⟨↓|: eigenvalues −ip/2 ± √(1 − p²/4) coalesce at p = 2.
 * const ep = findExceptionalPoint((p) => new ComplexMatrix(2, 2, Float64Array.of(0, 1, 1, 0), Float64Array.of(0, 0, 0, -p)), 1, 3);
 * ep.parameter; // ≈ 2 (the gap closes as √|p − 2|)
 */
export function findExceptionalPoint(
  family: (p: number) => ComplexMatrix,
  pMin: number,
  pMax: number,
  options: { gridPoints?: number; tolerance?: number } = {},
): ExceptionalPointResult {
  if (!(pMax > pMin)) throw new RangeError(`findExceptionalPoint: empty range [${pMin}, ${pMax}]`);
  const m = Math.max(5, options.gridPoints ?? 101);
  const grid = new Float64Array(m), gap = new Float64Array(m);
  let best = 0;
  for (let i = 0; i < m; i++) {
    grid[i] = pMin + ((pMax - pMin) * i) / (m - 1);
    gap[i] = closestEigenvaluePair(family(grid[i])).distance;
    if (gap[i] < gap[best]) best = i;
  }
  let a = grid[Math.max(0, best - 1)], b = grid[Math.min(m - 1, best + 1)];
  const tol = options.tolerance ?? 1e-12 * Math.max(Math.abs(pMin), Math.abs(pMax), pMax - pMin);
  const phi = (Math.sqrt(5) - 1) / 2;
  let c = b - phi * (b - a), d = a + phi * (b - a);
  let fc = closestEigenvaluePair(family(c)).distance, fd = closestEigenvaluePair(family(d)).distance;
  for (let it = 0; it < 200 && b - a > tol; it++) {
    if (fc < fd) {
      b = d; d = c; fd = fc;
      c = b - phi * (b - a);
      fc = closestEigenvaluePair(family(c)).distance;
    } else {
      a = c; c = d; fc = fd;
      d = a + phi * (b - a);
      fd = closestEigenvaluePair(family(d)).distance;
    }
  }
  const p = fc < fd ? c : d;
  const final = closestEigenvaluePair(family(p));
  return { parameter: p, gap: final.distance, values: final.values, scan: { parameter: grid, gap } };
}
