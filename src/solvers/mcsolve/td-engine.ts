/**
 * Quantum-jump trajectories under a time-dependent generator
 *
 *   H(t) = H_0 + Σ_k f_k(t) H_k,   C_j(t) = g_j(t) C_j  (or constant C_j),
 *
 * by the waiting-time method with the no-jump evolution integrated
 * numerically, as QuTiP's mcsolve does:
 *  1. draw r ∈ (0, 1);
 *  2. integrate d|ψ̃⟩/dt = −i H_eff(t)|ψ̃⟩, H_eff(t) = H(t) − (i/2) Σ_j |g_j(t)|² C_j†C_j,
 *     with Dormand–Prince 8(5,3) under error control (atol, rtol: the `mcsolve` options);
 *  3. when an accepted step ends with ‖ψ̃‖² ≤ r, locate the jump time t* inside the step on
 *     the step's 7th-order continuous extension (dense output), by regula falsi on
 *     ln‖ψ̃(t)‖² = ln r (jump-time.ts) — no step is shortened to find it;
 *  4. jump with C_j chosen with probability |g_j(t*)|²‖C_j ψ̃‖² / Σ, normalize, restart at t*.
 * Outputs between steps come from the same dense output. The integrator steps exactly onto
 * the break times of the coefficients (square-wave jumps, triangle-wave corners).
 *
 * States are full-space vectors (the block-local engine, engine.ts, serves constant and
 * piecewise-constant generators). Trajectory k draws from the stream of (seed, k) exactly as
 * there, so results do not depend on how trajectories are split into chunks.
 */
import { SparseMatrix, spmvInto, sparseAdjoint, sparseMatmul, sparseScale } from '../../linalg/sparse.js';
import { Dop853Stepper } from '../../linalg/ode/dop853.js';
import { StepController, initialStep, nextUp } from '../../linalg/ode/step-control.js';
import type { OdeRhs } from '../../linalg/ode/types.js';
import { SplitViews } from '../../util/split-views.js';
import { uniformOpen, type JumpableRandomGenerator } from '../random.js';
import { effectiveHamiltonian } from '../sector-liouvillian.js';
import { findJumpTime } from '../jump-time.js';
import { coefficientBreaks, reviveCoefficient, type CoefficientFunction, type CoefficientSource } from '../../quantum/qobj-evo.js';
import type { Chunk, ChunkJob } from '../../util/parallel.js';
import { revive } from './revive.js';
import { addObservation, type TrajectorySums } from './ensemble.js';
import { runTrajectoryChunk, type ChunkOutput } from './engine.js';

/** Default tolerances of the no-jump integration (QuTiP's mcsolve defaults). */
export const MC_ATOL = 1e-8;
export const MC_RTOL = 1e-6;

/** A time-dependent trajectory problem on plain sparse matrices. */
export interface TimeDependentTrajectoryProblem {
  h0: SparseMatrix;
  hTerms: readonly { op: SparseMatrix; coefficient: CoefficientFunction }[];
  /** Collapse operators in order; `coefficient` null for a constant one. */
  collapses: readonly { op: SparseMatrix; coefficient: CoefficientFunction | null }[];
  eOps: readonly SparseMatrix[];
  times: Float64Array;
  /** Initial ket (normalized by the engine). */
  ket: { re: Float64Array; im: Float64Array };
  seed: number;
  atol: number;
  rtol: number;
  keepTrajectories?: boolean;
}

/** The trajectory engine of a time-dependent problem (one per thread; not shared across threads). */
export class TimeDependentTrajectoryEngine {
  readonly n: number;
  private readonly m0: SparseMatrix; // −i H_eff of the constant parts
  private readonly mk: { m: SparseMatrix; f: CoefficientFunction }[]; // −i H_k, f_k
  private readonly nj: { m: SparseMatrix; g: CoefficientFunction }[]; // −½ C_j†C_j, g_j
  private readonly stepper: Dop853Stepper;
  private readonly rhs: OdeRhs;
  private readonly views: SplitViews;
  private readonly stops: Float64Array;
  private readonly tmpR: Float64Array;
  private readonly tmpI: Float64Array;
  private readonly buf: Float64Array;
  private readonly scratch1: Float64Array;
  private readonly scratch2: Float64Array;
  /** Work counters summed over the trajectories run by this engine. */
  steps = 0;
  rejected = 0;

  constructor(readonly problem: TimeDependentTrajectoryProblem) {
    const n = problem.h0.rows;
    this.n = n;
    const constantC = problem.collapses.filter((c) => c.coefficient === null).map((c) => c.op);
    this.m0 = sparseScale(effectiveHamiltonian(problem.h0, constantC), 0, -1);
    this.mk = problem.hTerms.map((x) => ({ m: sparseScale(x.op, 0, -1), f: x.coefficient }));
    this.nj = problem.collapses.filter((c) => c.coefficient !== null).map((c) => ({ m: sparseScale(sparseMatmul(sparseAdjoint(c.op), c.op), -0.5), g: c.coefficient! }));
    this.tmpR = new Float64Array(n);
    this.tmpI = new Float64Array(n);
    this.buf = new Float64Array(2 * n);
    this.scratch1 = new Float64Array(2 * n);
    this.scratch2 = new Float64Array(2 * n);
    const { m0, mk, nj, tmpR, tmpI } = this;
    // dψ/dt = −i H_eff(t) ψ on y = [Re ψ, Im ψ].
    const views = new SplitViews(n);
    this.views = views;
    const rhs: OdeRhs = (t, y, dy) => {
      const [yr, yi] = views.of(y);
      const [dr, di] = views.of(dy);
      spmvInto(m0, yr, yi, dr, di);
      for (let k = 0; k < mk.length; k++) {
        const c = mk[k].f(t);
        if (c === 0) continue;
        spmvInto(mk[k].m, yr, yi, tmpR, tmpI);
        for (let x = 0; x < n; x++) { dr[x] += c * tmpR[x]; di[x] += c * tmpI[x]; }
      }
      for (let j = 0; j < nj.length; j++) {
        const g = nj[j].g(t), c = g * g;
        if (c === 0) continue;
        spmvInto(nj[j].m, yr, yi, tmpR, tmpI);
        for (let x = 0; x < n; x++) { dr[x] += c * tmpR[x]; di[x] += c * tmpI[x]; }
      }
    };
    if (!(problem.atol > 0) || !(problem.rtol > 0)) throw new RangeError(`mcsolve: atol and rtol must be positive (got ${problem.atol}, ${problem.rtol})`);
    this.rhs = rhs;
    this.stepper = new Dop853Stepper(rhs, 2 * n, problem.rtol, problem.atol);
    const times = problem.times;
    const all = [...problem.hTerms.map((x) => x.coefficient), ...problem.collapses.flatMap((c) => (c.coefficient ? [c.coefficient] : []))];
    this.stops = Float64Array.from(coefficientBreaks(all, times[0], times[times.length - 1]) ?? []);
  }

  /** Run trajectories first … first+count−1 (trajectory k on the stream of (seed, k)); see runTrajectoryChunk. */
  runChunk(first: number, count: number, signal?: AbortSignal, progress?: (done: number) => void): ChunkOutput {
    const { seed, eOps, times, collapses, keepTrajectories } = this.problem;
    const shape = { seed, observables: eOps.length, times: times.length, collapses: collapses.length, keepTrajectories: !!keepTrajectories };
    return runTrajectoryChunk(shape, first, count, (rng, sums, jumpCounts, trace) => this.runOne(rng, sums, jumpCounts, trace), signal, progress);
  }


  private norm2(y: Float64Array): number {
    let s = 0;
    for (let x = 0; x < y.length; x++) s += y[x] * y[x];
    return s;
  }

  /** One trajectory; returns its number of jumps. */
  private runOne(rng: JumpableRandomGenerator, sums: TrajectorySums, jumpCounts: Float64Array, trace?: Float64Array[]): number {
    const { times, atol, rtol } = this.problem;
    const n = this.n, nt = times.length, tEnd = times[nt - 1];
    const st = this.stepper, stops = this.stops;
    const y0 = this.buf;
    const { re, im } = this.problem.ket;
    let nrm = 0;
    for (let x = 0; x < n; x++) nrm += re[x] * re[x] + im[x] * im[x];
    const inv = 1 / Math.sqrt(nrm);
    for (let x = 0; x < n; x++) { y0[x] = re[x] * inv; y0[n + x] = im[x] * inv; }
    let t = times[0];
    this.record(0, y0, 1, sums, trace);
    let idx = 1;
    if (nt === 1) return 0;
    let stopIdx = 0;
    const hasJumps = this.problem.collapses.length > 0;
    let r = uniformOpen(rng);
    let jumps = 0;
    const start = (tStart: number, y: Float64Array): number => {
      st.init(tStart, y, tStart);
      while (stopIdx < stops.length && stops[stopIdx] <= tStart) stopIdx++;
      return initialStep(this.rhs, tStart, st.y, st.f0, st.order, rtol, atol, tEnd - tStart, this.scratch1, this.scratch2);
    };
    let ctrl = new StepController(st.control);
    let h = start(t, y0);
    let normT = 1;
    while (idx < nt) {
      const nextStop = stopIdx < stops.length ? stops[stopIdx] : Infinity;
      const onStop = nextStop < tEnd;
      const target = onStop ? nextStop : tEnd;
      const hProposed = h;
      const landing = t + 1.01 * h >= target;
      if (landing) h = target - t;
      else if (!(h > 0) || 0.1 * h <= Math.abs(t) * Number.EPSILON) throw new Error(`mcsolve: step size underflow (h = ${h}) at t = ${t}`);
      const tNew = landing ? target : t + h;
      this.steps++;
      const err = st.attempt(h, tNew);
      if (!(err <= 1)) {
        this.rejected++;
        h = Number.isFinite(err) ? ctrl.rejected(h, err) : h * 0.1;
        continue;
      }
      st.finish(tNew);
      const normNew = this.norm2(st.yNew);
      if (!Number.isFinite(normNew)) throw new Error(`mcsolve: the state became non-finite at t = ${tNew}`);
      let dense = false;
      if (hasJumps && normNew <= r) {
        st.prepareDense();
        dense = true;
        const t0 = t, hh = h, out = this.buf;
        const normAt = (s: number): number => {
          st.interpolate((s - t0) / hh, out);
          return this.norm2(out);
        };
        const tStar = findJumpTime(normAt, t0, normT, tNew, normNew, r);
        while (idx < nt && times[idx] <= tStar) {
          st.interpolate((times[idx] - t0) / hh, out);
          this.record(idx, out, this.norm2(out), sums, trace);
          idx++;
        }
        st.interpolate((tStar - t0) / hh, out);
        this.jump(rng, tStar, out, jumpCounts);
        jumps++;
        r = uniformOpen(rng);
        t = tStar;
        normT = 1;
        ctrl = new StepController(st.control);
        if (idx >= nt) break;
        h = Math.min(start(t, out), Math.max(hProposed, h));
        continue;
      }
      while (idx < nt && times[idx] <= tNew) {
        if (times[idx] >= tNew) this.record(idx, st.yNew, normNew, sums, trace);
        else {
          if (!dense) { st.prepareDense(); dense = true; }
          st.interpolate((times[idx] - t) / h, this.buf);
          this.record(idx, this.buf, this.norm2(this.buf), sums, trace);
        }
        idx++;
      }
      let hNew = ctrl.accepted(h, err);
      if (landing && hProposed > h) hNew = Math.max(hNew, hProposed);
      h = hNew;
      st.accept(tNew);
      t = tNew;
      normT = normNew;
      if (landing && onStop) {
        stopIdx++;
        st.refreshDerivative(nextUp(t));
      }
    }
    return jumps;
  }

  /** Apply a collapse operator chosen at time t to the state y (in place, normalized). */
  private jump(rng: JumpableRandomGenerator, t: number, y: Float64Array, jumpCounts: Float64Array): void {
    const n = this.n, cs = this.problem.collapses, K = cs.length;
    const [yr, yi] = this.views.of(y);
    const probs = new Float64Array(K);
    let total = 0;
    for (let k = 0; k < K; k++) {
      spmvInto(cs[k].op, yr, yi, this.tmpR, this.tmpI);
      let s = 0;
      for (let x = 0; x < n; x++) s += this.tmpR[x] * this.tmpR[x] + this.tmpI[x] * this.tmpI[x];
      const g = cs[k].coefficient ? cs[k].coefficient!(t) : 1;
      probs[k] = g * g * s;
      total += probs[k];
    }
    if (!(total > 0)) throw new Error(`mcsolve: no collapse operator can act on the state at the jump time t = ${t}`);
    const u = uniformOpen(rng) * total;
    let k = 0, acc = probs[0];
    while (acc < u && k < K - 1) acc += probs[++k];
    while (probs[k] === 0) k--;
    jumpCounts[k]++;
    spmvInto(cs[k].op, yr, yi, this.tmpR, this.tmpI);
    let s = 0;
    for (let x = 0; x < n; x++) s += this.tmpR[x] * this.tmpR[x] + this.tmpI[x] * this.tmpI[x];
    const inv = 1 / Math.sqrt(s);
    for (let x = 0; x < n; x++) { yr[x] = this.tmpR[x] * inv; yi[x] = this.tmpI[x] * inv; }
  }

  /** Add ⟨ψ|O_k|ψ⟩/‖ψ‖² at output time i to the sums. */
  private record(i: number, y: Float64Array, norm2: number, sums: TrajectorySums, trace?: Float64Array[]): void {
    const n = this.n, nt = this.problem.times.length;
    const [yr, yi] = this.views.of(y);
    const eOps = this.problem.eOps;
    for (let k = 0; k < eOps.length; k++) {
      spmvInto(eOps[k], yr, yi, this.tmpR, this.tmpI);
      let re = 0, im = 0;
      for (let x = 0; x < n; x++) {
        re += yr[x] * this.tmpR[x] + yi[x] * this.tmpI[x];
        im += yr[x] * this.tmpI[x] - yi[x] * this.tmpR[x];
      }
      re /= norm2;
      im /= norm2;
      addObservation(sums, k * nt + i, re, im);
      if (trace) trace[k][i] = re;
    }
  }
}

/** A coefficient on the wire: its source only (functions do not cross threads). */
interface WireCoefficient {
  source: CoefficientSource;
}

/** The problem as structured-clone-safe data for worker threads. */
export interface WireTrajectoryProblem extends Omit<TimeDependentTrajectoryProblem, 'hTerms' | 'collapses'> {
  hTerms: { op: SparseMatrix; coefficient: WireCoefficient }[];
  collapses: { op: SparseMatrix; coefficient: WireCoefficient | null }[];
}

/** The problem with its coefficients replaced by their sources, or null when one has none (a JavaScript function). */
export function wireProblem(p: TimeDependentTrajectoryProblem): WireTrajectoryProblem | null {
  const all = [...p.hTerms.map((x) => x.coefficient), ...p.collapses.flatMap((c) => (c.coefficient ? [c.coefficient] : []))];
  if (all.some((f) => f.source === undefined)) return null;
  return {
    ...p,
    hTerms: p.hTerms.map((x) => ({ op: x.op, coefficient: { source: x.coefficient.source! } })),
    collapses: p.collapses.map((c) => ({ op: c.op, coefficient: c.coefficient ? { source: c.coefficient.source! } : null })),
  };
}

/** Time-dependent trajectory chunks as a job of the parallel runner (src/runner/jobs.ts: 'trajectories-td'). */
export const tdTrajectoryJob: ChunkJob<WireTrajectoryProblem, TimeDependentTrajectoryEngine, Chunk, ChunkOutput> = {
  kind: 'trajectories-td',
  prepare(w: WireTrajectoryProblem): TimeDependentTrajectoryEngine {
    return new TimeDependentTrajectoryEngine({
      ...w,
      h0: revive(w.h0),
      hTerms: w.hTerms.map((x) => ({ op: revive(x.op), coefficient: reviveCoefficient(x.coefficient.source) })),
      collapses: w.collapses.map((c) => ({ op: revive(c.op), coefficient: c.coefficient ? reviveCoefficient(c.coefficient.source) : null })),
      eOps: w.eOps.map(revive),
    });
  },
  run(engine: TimeDependentTrajectoryEngine, c: Chunk): ChunkOutput {
    return engine.runChunk(c.first, c.count);
  },
};
