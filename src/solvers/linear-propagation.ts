/**
 * Propagation of a linear system dx/dt = L x (x complex, L constant) to a
 * grid of output times, recording linear functionals w·x (expectation
 * values, no conjugation) and optionally the states. Three exact-in-principle
 * strategies, chosen by size:
 *
 *  - 'eigen': L = V Λ V⁻¹, x(t) = V e^{Λ t} V⁻¹ x0. Each expectation value
 *    costs O(N) per output time. Used only when V is well conditioned
 *    (κ₁(V) ≤ EIGEN_CONDITION_LIMIT = 1e7, conditioning.ts: accuracy ~1e-9).
 *  - 'expm': x(t_{i+1}) = exp(L Δ_i) x(t_i) with one dense exponential per
 *    distinct Δ (uniform grids need one). Robust for defective L.
 *  - 'krylov': Krylov exp(L Δ)·x between output times, for large sparse L.
 *  - 'sectors': a cascade of free sectors into one-state sinks propagated on
 *    the Hilbert space (sector-propagation.ts), one step map per distinct Δ.
 */
import { ComplexMatrix, matvecInto } from '../linalg/dense.js';
import { SparseMatrix, spmvInto } from '../linalg/sparse.js';
import { eig } from '../linalg/eigen-general.js';
import { expm } from '../linalg/expm.js';
import { expmvTimes } from '../linalg/krylov-expm.js';
import { blockTriangularWithRepeatedEigenvalues, wellConditionedInverse } from './conditioning.js';
import { SectorState, sectorStep, type SectorPlan, type SectorStep } from './sector-propagation.js';
import { WasmSectorRun, WasmStepRun } from './wasm-propagation.js';

export type PropagationMethod = 'eigen' | 'expm' | 'krylov' | 'sectors';

export interface LinearPropagationInput {
  /** The generator L (null only for 'sectors', which works from `sectorPlan`). */
  generator: SparseMatrix | null;
  x0: { re: Float64Array; im: Float64Array };
  times: Float64Array;
  /** Functionals w_k; output value_k(t) = Σ w_k[x] x[x](t). */
  weights: { re: Float64Array; im: Float64Array }[];
  storeStates: boolean;
  method: PropagationMethod;
  /** The cascade structure ('sectors' only; planSectorPropagation). */
  sectorPlan?: SectorPlan;
  /** Krylov tolerance. */
  tolerance: number;
  /** Called when output time i is reached (expm, Krylov); `values` (expm) are then filled for output times 0 … i (read during the call only). */
  onOutput?: (i: number, values?: readonly { re: Float64Array; im: Float64Array }[]) => void;
}

export interface LinearPropagationOutput {
  values: { re: Float64Array; im: Float64Array }[];
  states: { re: Float64Array; im: Float64Array }[] | null;
  method: PropagationMethod;
  details: Record<string, unknown>;
}

/** Largest reduced dimension for which the dense strategies are chosen automatically. */
export const DENSE_LIMIT = 256;


function emptyValues(count: number, nt: number): { re: Float64Array; im: Float64Array }[] {
  return Array.from({ length: count }, () => ({ re: new Float64Array(nt), im: new Float64Array(nt) }));
}

/** The nonzero entries of each functional w_k (observables usually touch few entries of the reduced state). */
interface CompactWeights { index: Int32Array; re: Float64Array; im: Float64Array }

const compactCache = new WeakMap<LinearPropagationInput, CompactWeights[]>();

function compactWeights(input: LinearPropagationInput): CompactWeights[] {
  let c = compactCache.get(input);
  if (!c) {
    c = input.weights.map((w) => {
      let count = 0;
      for (let x = 0; x < w.re.length; x++) if (w.re[x] !== 0 || w.im[x] !== 0) count++;
      const index = new Int32Array(count), re = new Float64Array(count), im = new Float64Array(count);
      for (let x = 0, k = 0; x < w.re.length; x++) if (w.re[x] !== 0 || w.im[x] !== 0) { index[k] = x; re[k] = w.re[x]; im[k] = w.im[x]; k++; }
      return { index, re, im };
    });
    compactCache.set(input, c);
  }
  return c;
}

/** values_k(t_i) = Σ w_k x over the nonzero w_k (no allocation: called once per output time on small problems with many times). */
function record(out: LinearPropagationOutput, input: LinearPropagationInput, i: number, xr: Float64Array, xi: Float64Array): void {
  const weights = compactWeights(input);
  for (let k = 0; k < weights.length; k++) {
    const { index, re: wr, im: wi } = weights[k];
    let re = 0, im = 0;
    for (let e = 0; e < index.length; e++) {
      const x = index[e];
      re += wr[e] * xr[x] - wi[e] * xi[x];
      im += wr[e] * xi[x] + wi[e] * xr[x];
    }
    out.values[k].re[i] = re;
    out.values[k].im[i] = im;
  }
  if (out.states) out.states.push({ re: xr.slice(), im: xi.slice() });
  if (out.method !== 'krylov') input.onOutput?.(i, out.values);
}

/**
 * Try the eigen strategy; returns null if the eigenvector matrix is too ill
 * conditioned (near-defective generator), so the caller can fall back.
 */
function propagateEigen(input: LinearPropagationInput): LinearPropagationOutput | { rejected: { kappa: number; estimated: boolean } } {
  const l = input.generator!.toDense();
  const n = l.rows;
  const { values: lambda, vectors } = eig(l, { vectors: true });
  const v = vectors!;
  const checked = wellConditionedInverse(v);
  if (!checked.inverse) return { rejected: checked };
  const { inverse: vinv, kappa } = checked;
  // c = V⁻¹ x0
  const cr = new Float64Array(n), ci = new Float64Array(n);
  matvecInto(vinv, input.x0.re, input.x0.im, cr, ci);
  const nt = input.times.length;
  const t0 = input.times[0];
  const out: LinearPropagationOutput = { values: emptyValues(input.weights.length, nt), states: input.storeStates ? [] : null, method: 'eigen', details: { conditionNumber: kappa } };
  // Mode amplitudes of each functional: a_km = (w_k · v_m) c_m.
  const amps = input.weights.map((w) => {
    const ar = new Float64Array(n), ai = new Float64Array(n);
    for (let m = 0; m < n; m++) {
      let sr = 0, si = 0;
      for (let x = 0; x < n; x++) {
        const pr = v.re[x * n + m], pi = v.im[x * n + m];
        sr += w.re[x] * pr - w.im[x] * pi;
        si += w.re[x] * pi + w.im[x] * pr;
      }
      ar[m] = sr * cr[m] - si * ci[m];
      ai[m] = sr * ci[m] + si * cr[m];
    }
    return { ar, ai };
  });
  const er = new Float64Array(n), ei = new Float64Array(n);
  const xr = new Float64Array(n), xi = new Float64Array(n);
  for (let i = 0; i < nt; i++) {
    const dt = input.times[i] - t0;
    for (let m = 0; m < n; m++) {
      const mag = Math.exp(lambda.re[m] * dt);
      const ph = lambda.im[m] * dt;
      er[m] = mag * Math.cos(ph);
      ei[m] = mag * Math.sin(ph);
    }
    amps.forEach(({ ar, ai }, k) => {
      let sr = 0, si = 0;
      for (let m = 0; m < n; m++) {
        sr += ar[m] * er[m] - ai[m] * ei[m];
        si += ar[m] * ei[m] + ai[m] * er[m];
      }
      out.values[k].re[i] = sr;
      out.values[k].im[i] = si;
    });
    if (out.states) {
      const yr = new Float64Array(n), yi = new Float64Array(n);
      for (let m = 0; m < n; m++) {
        yr[m] = cr[m] * er[m] - ci[m] * ei[m];
        yi[m] = cr[m] * ei[m] + ci[m] * er[m];
      }
      matvecInto(v, yr, yi, xr, xi);
      out.states.push({ re: xr.slice(), im: xi.slice() });
    }
  }
  return out;
}

function propagateExpm(input: LinearPropagationInput): LinearPropagationOutput {
  const l = input.generator!.toDense();
  const n = l.rows;
  const nt = input.times.length;
  const out: LinearPropagationOutput = { values: emptyValues(input.weights.length, nt), states: input.storeStates ? [] : null, method: 'expm', details: {} };
  // Steps and recording in the WebAssembly kernels when they load (wasm-propagation.ts: same bits); runs of
  // equal steps in one call unless every output time must be handed out (states, onOutput).
  const run = WasmStepRun.create(input.x0, compactWeights(input), nt);
  const perStep = input.storeStates || input.onOutput !== undefined;
  let xr = input.x0.re.slice(), xi = input.x0.im.slice();
  let yr = new Float64Array(n), yi = new Float64Array(n);
  const recorded = (i: number): void => {
    if (!run) { record(out, input, i, xr, xi); return; }
    if (out.states) out.states.push(run.state());
    if (input.onOutput) { run.values(out.values, i, i + 1); input.onOutput(i, out.values); }
  };
  // One propagator per distinct step (to relative 1e-12), so uniform grids need a single expm.
  const cache: { dt: number; p: ComplexMatrix }[] = [];
  let exponentials = 0;
  try {
    if (run) run.record(0);
    recorded(0);
    let pending: { p: ComplexMatrix; from: number } | null = null; // a run of equal steps not yet taken (wasm)
    for (let i = 1; i < nt; i++) {
      const dt = input.times[i] - input.times[i - 1];
      let entry: { dt: number; p: ComplexMatrix } | undefined;
      for (let c = 0; c < cache.length; c++) if (Math.abs(cache[c].dt - dt) <= 1e-12 * Math.abs(dt)) { entry = cache[c]; break; }
      if (!entry) {
        const scaled = new ComplexMatrix(n, n, l.re.map((v) => v * dt), l.im.map((v) => v * dt));
        entry = { dt, p: expm(scaled) };
        exponentials++;
        if (cache.length < 8) cache.push(entry);
      }
      if (run) {
        if (pending && pending.p !== entry.p) { run.steps(pending.p, pending.from, i - 1); pending = null; }
        pending ??= { p: entry.p, from: i - 1 };
        if (perStep) { run.steps(entry.p, i - 1, i); pending = null; recorded(i); }
        continue;
      }
      matvecInto(entry.p, xr, xi, yr, yi);
      const tr = xr, ti = xi;
      xr = yr; xi = yi; yr = tr; yi = ti;
      recorded(i);
    }
    if (run) {
      if (pending) run.steps(pending.p, pending.from, nt - 1);
      run.values(out.values);
    }
  } finally {
    run?.release();
  }
  out.details.exponentials = exponentials;
  out.details.kernels = run ? 'wasm' : 'typescript';
  return out;
}

function propagateKrylov(input: LinearPropagationInput): LinearPropagationOutput {
  const l = input.generator!;
  const nt = input.times.length;
  const out: LinearPropagationOutput = { values: emptyValues(input.weights.length, nt), states: input.storeStates ? [] : null, method: 'krylov', details: {} };
  const apply = (ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array) => spmvInto(l, ar, ai, br, bi);
  const t0 = input.times[0];
  const rel = Array.from(input.times, (t) => t - t0);
  const result = expmvTimes(apply, l.rows, rel, input.x0.re, input.x0.im, { tol: input.tolerance, ...(input.onOutput ? { onOutput: input.onOutput } : {}) });
  result.states.forEach((s, i) => record(out, input, i, s.re, s.im));
  out.details = { ...result.stats };
  return out;
}

/** Same-step test of the step caches: equal to 1e-12 relative. */
function sameStep(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.abs(b);
}

function propagateSectors(input: LinearPropagationInput, plan: SectorPlan): LinearPropagationOutput {
  const nt = input.times.length;
  const out: LinearPropagationOutput = { values: emptyValues(input.weights.length, nt), states: input.storeStates ? [] : null, method: 'sectors', details: {} };
  // The same steps in the WebAssembly kernels when they load (wasm-propagation.ts: same bits, no cold interpreter loops).
  const run = WasmSectorRun.create(plan, input.x0, compactWeights(input), nt);
  let state: SectorState | null = null;
  const recordAt = (i: number): void => {
    if (!run) { record(out, input, i, state!.xr, state!.xi); return; }
    run.record(i);
    if (out.states) out.states.push(run.state());
    if (input.onOutput) { run.values(out.values, i, i + 1); input.onOutput(i, out.values); }
  };
  let stepMaps = 0;
  try {
    if (!run) state = new SectorState(plan, input.x0);
    recordAt(0);
    const cache: SectorStep[] = [];
    for (let i = 1; i < nt; i++) {
      const dt = input.times[i] - input.times[i - 1];
      let step: SectorStep | undefined;
      for (let c = 0; c < cache.length && !step; c++) if (sameStep(cache[c].dt, dt)) step = cache[c];
      if (!step) {
        step = sectorStep(plan, dt);
        stepMaps++;
        if (cache.length < 8) cache.push(step);
      }
      if (run) run.apply(step);
      else state!.apply(step);
      recordAt(i);
    }
    if (run) run.values(out.values);
  } finally {
    run?.release();
  }
  out.details = {
    stepMaps, freeSectors: plan.free.length, rankOneSectors: run ? run.rankOneSectors : state!.rankOneSectors, sinks: plan.sinks.length,
    traceSink: plan.traceSink >= 0, largestBlock: Math.max(...plan.free.map((s) => Math.max(s.na, s.nb))), kernels: run ? 'wasm' : 'typescript',
  };
  return out;
}

/** Propagate with the requested strategy ('eigen' falls back to 'expm' when ill conditioned). */
export function propagateLinear(input: LinearPropagationInput): LinearPropagationOutput {
  if (input.method !== 'sectors' && !input.generator) throw new Error(`propagateLinear: method '${input.method}' needs the generator`);
  if (input.method === 'eigen') {
    if (blockTriangularWithRepeatedEigenvalues(input.generator!)) {
      const direct = propagateExpm(input);
      direct.details.eigenSkipped = '(block) triangular with a repeated eigenvalue (defective): no eigendecomposition';
      return direct;
    }
    const r = propagateEigen(input);
    if (!('rejected' in r)) return r;
    const fallback = propagateExpm(input);
    fallback.details.fallbackFrom = 'eigen (ill-conditioned eigenvectors)';
    fallback.details.conditionNumber = r.rejected.kappa;
    if (r.rejected.estimated) fallback.details.conditionEstimated = true;
    return fallback;
  }
  if (input.method === 'expm') return propagateExpm(input);
  if (input.method === 'sectors') {
    if (!input.sectorPlan) throw new Error("propagateLinear: method 'sectors' needs a sectorPlan");
    return propagateSectors(input, input.sectorPlan);
  }
  return propagateKrylov(input);
}

