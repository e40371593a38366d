/**
 * Integration of the generated mean-field system (moments.ts) with DOP853
 * (Hairer's 8(5,3) pair, `integrate`), for domains of any size (N_i up to 10⁸ and beyond).
 *
 * The variables are integrated in scaled form y_v = ⟨v⟩ / Π_{i ∈ v} N_i (each unit of a
 * product scaled by its domain size), so that every variable is O(1) whatever the N_i and
 * one absolute tolerance fits all of them.
 */
import { integrate } from '../../linalg/ode/integrate.js';
import type { OdeStats } from '../../linalg/ode/types.js';
import { generateMeanField, isCharged, type MeanFieldSystem } from './moments.js';

export interface MeanFieldOptions {
  /** Spins per domain N_i (any positive integers; used as scales). */
  sizes: readonly number[];
  /** Total spin j_i per domain (default N_i/2): N̄_i = j_i(j_i + 1). */
  spins?: readonly number[];
  /** Initial Dicke numbers m_i (default Eq. 4: m_1 = j_1, m_i = −j_i). */
  m0?: readonly number[];
  /** Reservoir rates γ_i (s⁻¹), M − 1 of them. */
  gammas: readonly number[];
  /** Thermal occupation n̄ (0 at T = 0). */
  nThermal: number;
  /** Output times (s), non-decreasing. */
  times: ArrayLike<number>;
  rtol?: number;
  atol?: number;
  /** A pre-generated system (else generated here; generation is cached per M). */
  system?: MeanFieldSystem;
}

export interface MeanFieldResult {
  times: Float64Array;
  /** jz[i][t] = mean-field ⟨J_i^z⟩(t). */
  jz: Float64Array[];
  system: MeanFieldSystem;
  stats: OdeStats & { variables: number; wallTimeMs: number };
}

const cache = new Map<string, MeanFieldSystem>();

/** The mean-field system for M domains (generated once per M and thermal flag). */
export function meanFieldSystem(domains: number, thermal: boolean): MeanFieldSystem {
  const key = `${domains}|${thermal}`;
  let s = cache.get(key);
  if (!s) {
    s = generateMeanField(domains, thermal);
    cache.set(key, s);
  }
  return s;
}

/** Scale of a variable: Π over its non-identity units of N_i. */
function variableScale(key: string, sizes: readonly number[]): number {
  let s = 1;
  for (let i = 0; i < key.length; i++) if (key[i] !== '1') s *= sizes[i];
  return s;
}

/** Flattened right-hand side of the scaled system. */
export interface CompiledMeanField {
  /** dy/dt for the scaled variables. */
  rhs: (t: number, y: Float64Array, dy: Float64Array) => void;
  scales: Float64Array;
}

/**
 * Substitute N̄_i, γ_i, n̄ and the variable scales into the generated equations and return a
 * flat, allocation-free right-hand side.
 */
export function compileMeanField(system: MeanFieldSystem, sizes: readonly number[], spins: readonly number[], gammas: readonly number[], nThermal: number): CompiledMeanField {
  const m = system.domains;
  if (sizes.length !== m || spins.length !== m) throw new RangeError(`N: ${sizes.length} sizes for a ${m}-domain system`);
  if (gammas.length !== m - 1) throw new RangeError(`gamma: ${gammas.length} rates for ${m} domains (need ${m - 1})`);
  const nbar = spins.map((j) => j * (j + 1));
  const scales = Float64Array.from(system.variables, (k) => variableScale(k, sizes));
  const termStart: number[] = [0];
  const coefs: number[] = [];
  const varStart: number[] = [0];
  const varList: number[] = [];
  for (let v = 0; v < system.rhs.length; v++) {
    for (const t of system.rhs[v]) {
      const rate = t.kind === 'emission' ? gammas[t.channel] * (nThermal + 1) : gammas[t.channel] * nThermal;
      let c = t.coef * rate;
      for (const i of t.nbar) c *= nbar[i];
      for (const w of t.vars) c *= scales[w];
      c /= scales[v];
      if (c === 0) continue;
      coefs.push(c);
      for (const w of t.vars) varList.push(w);
      varStart.push(varList.length);
    }
    termStart.push(coefs.length);
  }
  const cf = Float64Array.from(coefs), vs = Int32Array.from(varStart), vl = Int32Array.from(varList), ts = Int32Array.from(termStart);
  const nv = system.variables.length;
  const rhs = (_t: number, y: Float64Array, dy: Float64Array): void => {
    for (let v = 0; v < nv; v++) {
      let s = 0;
      for (let k = ts[v]; k < ts[v + 1]; k++) {
        let p = cf[k];
        for (let r = vs[k]; r < vs[k + 1]; r++) p *= y[vl[r]];
        s += p;
      }
      dy[v] = s;
    }
  };
  return { rhs, scales };
}

/** Initial values of the variables for a product of Dicke states: Π m_i for J^z products, 0 otherwise. */
export function dickeInitialValues(system: MeanFieldSystem, m0: readonly number[]): Float64Array {
  return Float64Array.from(system.variables, (key) => {
    if (isCharged(key)) return 0;
    let p = 1;
    for (let i = 0; i < key.length; i++) if (key[i] === 'z') p *= m0[i];
    return p;
  });
}

/** Integrate the mean-field equations; returns ⟨J_i^z⟩(t). */
export function solveMeanField(options: MeanFieldOptions): MeanFieldResult {
  const start = performance.now();
  const sizes = options.sizes.slice();
  const m = sizes.length;
  sizes.forEach((n, i) => { if (!(n >= 1) || !Number.isFinite(n)) throw new RangeError(`N[${i}] = ${n}: domain sizes must be ≥ 1`); });
  const spins = options.spins && options.spins.length > 0 ? options.spins.slice() : sizes.map((n) => n / 2);
  const m0 = options.m0 && options.m0.length > 0 ? options.m0.slice() : spins.map((j, i) => (i === 0 ? j : -j));
  m0.forEach((v, i) => { if (!(Math.abs(v) <= spins[i])) throw new RangeError(`m[${i}] = ${v} outside [−j, j] with j = ${spins[i]}`); });
  const system = options.system ?? meanFieldSystem(m, options.nThermal > 0);
  const compiled = compileMeanField(system, sizes, spins, options.gammas, options.nThermal);
  const y0 = dickeInitialValues(system, m0);
  for (let v = 0; v < y0.length; v++) y0[v] /= compiled.scales[v];
  const nt = options.times.length;
  const jz = Array.from({ length: m }, () => new Float64Array(nt));
  const { stats } = integrate(compiled.rhs, y0, options.times, {
    method: 'dop853',
    rtol: options.rtol ?? 1e-10,
    atol: options.atol ?? 1e-12,
    maxSteps: 5e6,
    onOutput: (k, _t, y) => {
      for (let i = 0; i < m; i++) jz[i][k] = y[i] * compiled.scales[i];
    },
  });
  return { times: Float64Array.from(options.times), jz, system, stats: { ...stats, variables: system.variables.length, wallTimeMs: performance.now() - start } };
}
