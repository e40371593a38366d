/**
 * Exact no-jump propagation of one invariant block of H_eff, and the policy
 * that picks how (nilpotent → eigen → Padé → Krylov).
 *
 * Between jumps a trajectory follows ψ̃(τ + s) = exp(−i H_eff s) ψ̃(τ), with
 * H_eff = H − (i/2) Σ_k C_k†C_k restricted to the block the state lies in.
 *  - Eigen: a block of at most EIGEN_BLOCK_LIMIT states whose eigenvectors are
 *    well conditioned, κ₁(V) = ‖V‖₁‖V⁻¹‖₁ ≤ EIGEN_CONDITION_LIMIT, is
 *    diagonalized once, H_eff = V Λ V⁻¹, so ψ̃(s) = V e^{−iΛs} V⁻¹ ψ̃(0) costs
 *    O(n_b²) at any s. The loss of accuracy is ~κ₁·ε, ~1e-9 at the limit.
 *  - Padé: an ill-conditioned small block (defective H_eff: one-way chains,
 *    exceptional points) steps between output times with a dense
 *    scaling-and-squaring exponential of the output spacing, built once;
 *  - Krylov: every other step (to a jump time, or in a large block) is
 *    exp(−i H_eff Δ)·ψ by Expokit-style Krylov with error control, restarting
 *    from the latest evaluated point when s moves forward.
 *  - Nilpotent: H_eff = h·I + N with N nilpotent by structure (one-way chains)
 *    is propagated by the exact finite sum of ./nilpotent-propagator.ts
 *    without trying an eigendecomposition.
 * Which route a step takes depends only on the block and the step, never on
 * what other trajectories did before on the same thread, so results do not
 * depend on how trajectories are spread over threads.
 */
import { ComplexMatrix, matvecInto } from '../../linalg/dense.js';
import { SparseMatrix, spmvInto } from '../../linalg/sparse.js';
import { eig } from '../../linalg/eigen-general.js';
import { expmv } from '../../linalg/krylov-expm.js';
import { expm } from '../../linalg/expm.js';
import { blockTriangularWithRepeatedEigenvalues, wellConditionedInverse } from '../conditioning.js';
import { nilpotentSplit, NilpotentBlockPropagator } from './nilpotent-propagator.js';

/**
 * Largest block diagonalized densely; larger blocks use sparse Krylov
 * propagation (a dense eig costs ~25 m³ once, a Krylov evaluation ~40 nnz).
 */
export const EIGEN_BLOCK_LIMIT = 256;

/** Propagation of one block of H_eff from the start of the current no-jump segment. */
export interface BlockPropagator {
  readonly kind: 'eigen' | 'krylov' | 'nilpotent';
  /** Set the segment's initial local state. */
  start(psiR: Float64Array, psiI: Float64Array): void;
  /** Local state at time s after the segment start. */
  at(s: number, outR: Float64Array, outI: Float64Array): void;
}

class EigenBlockPropagator implements BlockPropagator {
  readonly kind = 'eigen';
  private readonly cR: Float64Array;
  private readonly cI: Float64Array;
  private readonly eR: Float64Array;
  private readonly eI: Float64Array;
  constructor(private readonly v: ComplexMatrix, private readonly vinv: ComplexMatrix, private readonly muR: Float64Array, private readonly muI: Float64Array) {
    const n = v.rows;
    this.cR = new Float64Array(n);
    this.cI = new Float64Array(n);
    this.eR = new Float64Array(n);
    this.eI = new Float64Array(n);
  }
  start(psiR: Float64Array, psiI: Float64Array): void {
    matvecInto(this.vinv, psiR, psiI, this.cR, this.cI);
  }
  at(s: number, outR: Float64Array, outI: Float64Array): void {
    const n = this.cR.length;
    // e^{−iμ s} with μ = μR + iμI: magnitude e^{μI s}, phase −μR s.
    for (let m = 0; m < n; m++) {
      const mag = Math.exp(this.muI[m] * s);
      const ph = -this.muR[m] * s;
      const er = mag * Math.cos(ph), ei = mag * Math.sin(ph);
      const cr = this.cR[m], ci = this.cI[m];
      this.eR[m] = er * cr - ei * ci;
      this.eI[m] = er * ci + ei * cr;
    }
    matvecInto(this.v, this.eR, this.eI, outR, outI);
  }
}

/**
 * Krylov exp(−i H_eff s)·ψ (Expokit-style error control), restarting from the
 * latest evaluated point when s moves forward, so a scan over increasing times
 * costs one short propagation per step; steps equal to an output spacing
 * (to 13 digits) in small blocks use a dense (Padé) step propagator instead.
 */
class KrylovBlockPropagator implements BlockPropagator {
  readonly kind = 'krylov';
  private readonly startR: Float64Array;
  private readonly startI: Float64Array;
  private readonly lastR: Float64Array;
  private readonly lastI: Float64Array;
  private lastS = 0;
  private readonly apply: (xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array) => void;
  private readonly generator: SparseMatrix;
  /** Dense exp(−i H_eff Δ) for the output spacings Δ, built on first use. */
  private readonly stepPropagators = new Map<string, ComplexMatrix>();
  /** @param steps output spacings by stepKey (the value used for the dense propagator). */
  constructor(heff: SparseMatrix, private readonly steps: ReadonlyMap<string, number>) {
    const n = heff.rows;
    this.startR = new Float64Array(n);
    this.startI = new Float64Array(n);
    this.lastR = new Float64Array(n);
    this.lastI = new Float64Array(n);
    // Generator −i H_eff: (a + ib)(−i) = b − i a; applied sparse.
    const g = new SparseMatrix(n, n, heff.rowPtr, heff.colIndex, heff.im.slice(0, heff.nnz), heff.re.slice(0, heff.nnz).map((a) => -a));
    this.generator = g;
    this.apply = (xr, xi, yr, yi) => spmvInto(g, xr, xi, yr, yi);
  }
  start(psiR: Float64Array, psiI: Float64Array): void {
    this.startR.set(psiR);
    this.startI.set(psiI);
    this.lastR.set(psiR);
    this.lastI.set(psiI);
    this.lastS = 0;
  }
  at(s: number, outR: Float64Array, outI: Float64Array): void {
    const fromLast = s >= this.lastS;
    const dt = fromLast ? s - this.lastS : s;
    const inR = fromLast ? this.lastR : this.startR, inI = fromLast ? this.lastI : this.startI;
    let cached: ComplexMatrix | null;
    if (dt === 0) {
      outR.set(inR);
      outI.set(inI);
    } else if ((cached = this.cachedStep(dt))) {
      matvecInto(cached, inR, inI, outR, outI);
    } else {
      const r = expmv(this.apply, this.startR.length, dt, inR, inI, { tol: 1e-13 });
      outR.set(r.wr);
      outI.set(r.wi);
    }
    this.lastR.set(outR);
    this.lastI.set(outI);
    this.lastS = s;
  }
  /** The dense step propagator for dt if dt is an output spacing and the block is small (≤ EIGEN_BLOCK_LIMIT). */
  private cachedStep(dt: number): ComplexMatrix | null {
    if (this.generator.rows > EIGEN_BLOCK_LIMIT) return null;
    const key = stepKey(dt);
    const step = this.steps.get(key);
    if (step === undefined) return null;
    let p = this.stepPropagators.get(key);
    if (!p) {
      const d = this.generator.toDense();
      for (let k = 0; k < d.re.length; k++) { d.re[k] *= step; d.im[k] *= step; }
      p = expm(d);
      this.stepPropagators.set(key, p);
    }
    return p;
  }
}

/** The Krylov propagator of a block (with dense step propagators for output spacings), whatever its structure. */
export function krylovBlockPropagator(local: SparseMatrix, steps: ReadonlyMap<string, number>): BlockPropagator {
  return new KrylovBlockPropagator(local, steps);
}

/** Steps equal to 13 significant digits share a key. */
export function stepKey(dt: number): string {
  return dt.toPrecision(13);
}

/** The distinct spacings of an output grid, by stepKey (first occurrence). */
export function outputSpacings(times: ArrayLike<number>): Map<string, number> {
  const steps = new Map<string, number>();
  for (let i = 1; i < times.length; i++) {
    const dt = times[i] - times[i - 1];
    if (steps.size < 8 && !steps.has(stepKey(dt))) steps.set(stepKey(dt), dt);
  }
  return steps;
}

/**
 * The propagator of a local H_eff block (sparse, local indices), by the policy of the
 * module comment; `steps` are the output spacings (outputSpacings).
 */
export function blockPropagator(local: SparseMatrix, steps: ReadonlyMap<string, number>): BlockPropagator {
  // h·I + nilpotent coupling (one-way chains): defective, so no eigendecomposition is tried (it would
  // be thrown away); exact finite sums instead (./nilpotent-propagator.ts).
  const split = nilpotentSplit(local);
  if (split) return new NilpotentBlockPropagator(split, () => new KrylovBlockPropagator(local, steps));
  // Condition estimates first (conditioning.ts): a block-triangular block with a repeated eigenvalue never
  // reaches eig, and an ill-conditioned V is rejected on its LU's estimate before the inverse is formed.
  if (local.rows <= EIGEN_BLOCK_LIMIT && !blockTriangularWithRepeatedEigenvalues(local)) {
    const { values, vectors } = eig(local.toDense(), { vectors: true });
    const v = vectors!;
    const { inverse: vinv } = wellConditionedInverse(v);
    if (vinv) return new EigenBlockPropagator(v, vinv, values.re, values.im);
  }
  return new KrylovBlockPropagator(local, steps);
}
