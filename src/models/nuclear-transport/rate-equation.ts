/**
 * Classical rate equation (Pauli master equation) of the effective model on
 * the 2^N configurations, valid when the dynamics stays diagonal: no coherent
 * bonds (detunings then only act on coherences, which stay zero) and a
 * diagonal initial state. Then ρ = Σ_x p_x |x⟩⟨x| exactly, with
 *   dp/dt = Q p,  Q_{yx} = Γ_b for a hop of bond b taking x to y (↑_from↓_to → ↓_from↑_to),
 *                         Γ₁/2 for a single-site flip (relaxation),
 * the diagonal of the Lindblad equation with the same operators.
 *
 * The generator is applied matrix-free (a gather over bond bit masks, no
 * storage beyond the exit rates), so N ≈ 20 fits in memory. Propagation is
 * exact up to the requested tolerance: by uniformization (Jensen's method,
 * `uniformizedExpmvTimes`: one real power sequence of I + Q/Λ serves all
 * output times, with a proven truncation bound) when Λ·t is moderate, else by
 * the Krylov exponential (`expmvTimes`, Sidje's Expokit scheme). The t → ∞ limit is computed exactly
 * (not by long propagation): for an acyclic configuration graph (no directed
 * cycle of bonds, no relaxation — chains, trees) by pushing probability in
 * the order of the potential Φ; otherwise by the strongly connected components
 * (Tarjan 1972) of the configuration graph, with absorption into closed
 * classes and each closed class's stationary distribution (uniform when it
 * balances — the ring/TASEP case — else a dense solve).
 */
import { expmvTimes } from '../../linalg/krylov-expm.js';
import { uniformizedExpmvTimes } from '../../linalg/uniformization.js';
import { MAX_CONFIGURATION_SITES, productDistribution, siteMask } from './configurations.js';
import { isClassical, siteTopologicalRanks, validateGraph, type NuclearGraph } from './graph.js';
import { checkTimes } from '../../util/checks.js';
import { voltagePairs, type TransportResult, type VoltagePair } from './observables.js';
import { currentChannels } from './operators.js';

/** Largest closed or transient class solved densely in `rateEquationLimit`. */
export const DENSE_CLASS_LIMIT = 3000;

/** The rate-equation generator Q of a classical graph, applied matrix-free. */
export class RateGenerator {
  readonly sites: number;
  readonly size: number;
  /** Per active one-way bond: masks of `from` and `to`, and rate. */
  readonly fromMask: Int32Array;
  readonly toMask: Int32Array;
  readonly rate: Float64Array;
  /** Γ₁/2: rate of each single-site flip. */
  readonly flipRate: number;
  /** Total exit rate of each configuration. */
  readonly exit: Float64Array;

  constructor(g: NuclearGraph) {
    validateGraph(g);
    if (!isClassical(g)) throw new RangeError('graph: coherent bonds make the dynamics non-diagonal; use the Lindblad solver');
    if (g.sites > MAX_CONFIGURATION_SITES) throw new RangeError(`sites: ${g.sites} exceeds ${MAX_CONFIGURATION_SITES} for the rate equation`);
    this.sites = g.sites;
    this.size = 2 ** g.sites;
    const bonds = g.directed.filter((b) => b.rate > 0);
    this.fromMask = Int32Array.from(bonds, (b) => siteMask(g.sites, b.from));
    this.toMask = Int32Array.from(bonds, (b) => siteMask(g.sites, b.to));
    this.rate = Float64Array.from(bonds, (b) => b.rate);
    this.flipRate = g.relaxation / 2;
    this.exit = new Float64Array(this.size);
    const nb = this.rate.length;
    for (let x = 0; x < this.size; x++) {
      let e = this.flipRate * this.sites;
      for (let b = 0; b < nb; b++) if ((x & this.fromMask[b]) === 0 && (x & this.toMask[b]) !== 0) e += this.rate[b];
      this.exit[x] = e;
    }
  }

  /**
   * out ← Q p (out must not alias p): out[y] = −exit_y p_y + Σ_{x→y} rate·p_x.
   * Bond by bond over exactly the configurations a hop can end in (↓_from ↑_to,
   * enumerated by three nested ranges around the two bits, no per-element test).
   */
  applyInto(p: Float64Array, out: Float64Array): void {
    const { size, fromMask, toMask, rate, exit, flipRate, sites } = this;
    for (let y = 0; y < size; y++) out[y] = -exit[y] * p[y];
    for (let b = 0; b < rate.length; b++) {
      const mf = fromMask[b], mt = toMask[b], r = rate[b];
      const hi = Math.max(mf, mt), lo = Math.min(mf, mt), flip = mf ^ mt;
      for (let a = 0; a < size; a += 2 * hi) {
        for (let m = a; m < a + hi; m += 2 * lo) {
          const base = m | mf;
          for (let y = base, end = base + lo; y < end; y++) out[y] += r * p[y ^ flip];
        }
      }
    }
    if (flipRate > 0) {
      for (let j = 0; j < sites; j++) {
        const bit = 1 << j;
        for (let y = 0; y < size; y++) out[y] += flipRate * p[y ^ bit];
      }
    }
  }

  /** Calls visit(y, rate) for every transition out of x. */
  forEachSuccessor(x: number, visit: (y: number, rate: number) => void): void {
    const nb = this.rate.length;
    for (let b = 0; b < nb; b++) {
      const mf = this.fromMask[b], mt = this.toMask[b];
      if ((x & mf) === 0 && (x & mt) !== 0) visit(x ^ mf ^ mt, this.rate[b]);
    }
    if (this.flipRate > 0) for (let j = 0; j < this.sites; j++) visit(x ^ (1 << j), this.flipRate);
  }
}

/**
 * Σ_x p_x over the configurations with every bit of `set` set and every bit of
 * `clear` clear (`set | clear` has one or two bits; disjoint). Enumerates exactly
 * those x by nested ranges around the bits, no per-element test.
 */
function maskedSum(p: Float64Array, set: number, clear: number): number {
  const size = p.length, bits = set | clear;
  if ((set & clear) !== 0) return 0;
  const hi = 2 ** Math.floor(Math.log2(bits)), lo = bits & -bits;
  let s = 0;
  if (hi === lo) {
    for (let a = set; a < size; a += 2 * hi) for (let x = a, end = a + hi; x < end; x++) s += p[x];
    return s;
  }
  for (let a = 0; a < size; a += 2 * hi) {
    for (let m = a; m < a + hi; m += 2 * lo) {
      const base = m | set;
      for (let x = base, end = base + lo; x < end; x++) s += p[x];
    }
  }
  return s;
}

/** Transport observables of a configuration distribution p (P_j, P_c, K per channel, V per pair). */
export function distributionObservables(g: NuclearGraph, p: Float64Array, pairs: VoltagePair[]): { polarization: Float64Array; net: number; currents: Float64Array; voltages: Float64Array } {
  const n = g.sites;
  const polarization = new Float64Array(n);
  const channels = currentChannels(g);
  const currents = new Float64Array(channels.length);
  const voltages = new Float64Array(pairs.length);
  let total = 0;
  for (let x = 0; x < p.length; x++) total += p[x];
  // P_j = Σ_x p_x (±1: ↑ / ↓) = total − 2·(mass with site j ↓); V_ij = mass with i ↑, j ↓; K = Γ_b · V_{from,to}.
  for (let j = 0; j < n; j++) polarization[j] = total - 2 * maskedSum(p, siteMask(n, j), 0);
  for (let v = 0; v < pairs.length; v++) voltages[v] = maskedSum(p, siteMask(n, pairs[v].j), siteMask(n, pairs[v].i));
  for (let c = 0; c < channels.length; c++) {
    const ch = channels[c];
    if (ch.kind !== 'directed') continue; // coherent channels carry no current in a diagonal state
    currents[c] = g.directed[ch.index].rate * maskedSum(p, siteMask(n, ch.to), siteMask(n, ch.from));
  }
  let net = 0;
  for (let j = 0; j < n; j++) net += polarization[j] / n;
  return { polarization, net, currents, voltages };
}

export interface RateEquationOptions {
  times: ArrayLike<number>;
  initial: ArrayLike<number>;
  extraVoltages?: VoltagePair[];
  /** Tolerance relative to ‖p‖ (default 1e-13): the 1-norm truncation bound of uniformization, or the Krylov tolerance. */
  tol?: number;
  /**
   * 'auto' (default): uniformization when Λ·(t_end − t_0) ≤ {@link UNIFORMIZATION_MAX_LAMBDA_T}
   * (Λ the largest exit rate), else Krylov. 'uniformization' / 'krylov' force one.
   */
  method?: 'auto' | 'uniformization' | 'krylov';
}

/**
 * Largest Λ·t for which 'auto' uniformizes: uniformization costs ≈ Λ·t + 8√(Λ·t)
 * products with Q whatever the spectrum, while the Krylov steps grow once the
 * fast modes have decayed, so long spans (far into the relaxed regime) go to Krylov.
 */
export const UNIFORMIZATION_MAX_LAMBDA_T = 20000;

/** Time evolution of the rate equation, exp(Q(t − t₀))·p0 at the output times (uniformization or Krylov, see `method`). */
export function rateEquationTransport(g: NuclearGraph, options: RateEquationOptions): TransportResult {
  const start = performance.now();
  const times = checkTimes(options.times, { nonNegative: true });
  const gen = new RateGenerator(g);
  const p0 = productDistribution(options.initial);
  if (p0.length !== gen.size) throw new RangeError(`initial: expected ${g.sites} site polarizations`);
  const zero = new Float64Array(gen.size);
  let maxExit = 0;
  for (let x = 0; x < gen.size; x++) maxExit = Math.max(maxExit, gen.exit[x]);
  const t0 = times[0];
  const rel = Array.from(times, (t) => t - t0);
  const span = rel.length > 0 ? Math.max(...rel) : 0;
  const tol = options.tol ?? 1e-13;
  const method = options.method ?? 'auto';
  if (method !== 'auto' && method !== 'uniformization' && method !== 'krylov') throw new RangeError(`method: expected 'auto', 'uniformization' or 'krylov', got '${String(method)}'`);
  const useUniformization = maxExit > 0 && (method === 'uniformization' || (method === 'auto' && maxExit * span <= UNIFORMIZATION_MAX_LAMBDA_T));
  let states: Float64Array[];
  let solverStats: Record<string, unknown>;
  if (maxExit === 0) {
    states = rel.map(() => p0);
    solverStats = { solver: 'rate equation (no transitions)', matvecs: 0 };
  } else if (useUniformization) {
    const r = uniformizedExpmvTimes((x, y) => gen.applyInto(x, y), gen.size, maxExit, rel, p0, { tol });
    states = r.states;
    solverStats = { solver: 'rate equation (uniformization)', matvecs: r.stats.matvecs, lambdaT: r.stats.lambdaT, truncationBound: r.stats.truncationBound };
  } else {
    // Q is real and p0 is real, so the Krylov vectors stay real: skip the imaginary part when it is zero.
    const apply = (xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void => {
      gen.applyInto(xr, yr);
      let zeroIm = true;
      for (let x = 0; x < xi.length; x++) if (xi[x] !== 0) { zeroIm = false; break; }
      if (zeroIm) yi.fill(0);
      else gen.applyInto(xi, yi);
    };
    const r = expmvTimes(apply, gen.size, rel, p0, zero, { tol, anorm: 2 * maxExit });
    states = r.states.map((s) => s.re);
    solverStats = { solver: 'rate equation (Krylov expmv)', krylovSteps: r.stats.steps, matvecs: r.stats.matvecs };
  }
  const pairs = voltagePairs(g.directed, options.extraVoltages);
  const channels = currentChannels(g);
  const nt = times.length;
  const polarization = Array.from({ length: g.sites }, () => new Float64Array(nt));
  const net = new Float64Array(nt);
  const currents = channels.map(() => new Float64Array(nt));
  const voltages = pairs.map(() => new Float64Array(nt));
  for (let k = 0; k < nt; k++) {
    const o = distributionObservables(g, states[k], pairs);
    o.polarization.forEach((v, j) => { polarization[j][k] = v; });
    net[k] = o.net;
    o.currents.forEach((v, c) => { currents[c][k] = v; });
    o.voltages.forEach((v, c) => { voltages[c][k] = v; });
  }
  return {
    times,
    polarization,
    netPolarization: net,
    currents: channels.map((channel, c) => ({ channel, values: currents[c] })),
    voltages: pairs.map((pair, v) => ({ pair, values: voltages[v] })),
    stats: { ...solverStats, configurations: gen.size, wallTimeMs: performance.now() - start },
  };
}

/** Real dense solve A x = b (Gaussian elimination with partial pivoting; Golub & Van Loan, Alg. 3.4.1). A is n×n row-major and overwritten. */
function solveDense(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let k = 0; k < n; k++) {
    let piv = k, best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) { const v = Math.abs(a[i * n + k]); if (v > best) { best = v; piv = i; } }
    if (best === 0) throw new RangeError('rate-equation limit: singular class matrix');
    if (piv !== k) {
      for (let j = 0; j < n; j++) { const t = a[k * n + j]; a[k * n + j] = a[piv * n + j]; a[piv * n + j] = t; }
      const t = b[k]; b[k] = b[piv]; b[piv] = t;
    }
    const d = a[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = a[i * n + k] / d;
      if (f === 0) continue;
      for (let j = k; j < n; j++) a[i * n + j] -= f * a[k * n + j];
      b[i] -= f * b[k];
    }
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < n; j++) s -= a[i * n + j] * x[j];
    x[i] = s / a[i * n + i];
  }
  return x;
}

/**
 * Strongly connected components of the configuration graph (iterative
 * Tarjan, 1972). Returns comp[x] and the components in completion order
 * (sinks first, i.e. reverse topological order).
 */
function stronglyConnected(gen: RateGenerator): { comp: Int32Array; members: Int32Array[] } {
  const size = gen.size;
  const index = new Int32Array(size).fill(-1), low = new Int32Array(size);
  const onStack = new Uint8Array(size), comp = new Int32Array(size).fill(-1);
  const stack = new Int32Array(size);
  let sp = 0, counter = 0;
  const callNode = new Int32Array(size), callCursor = new Int32Array(size);
  const succ: number[] = [];
  const members: Int32Array[] = [];
  const successorsOf = (x: number): number[] => {
    succ.length = 0;
    gen.forEachSuccessor(x, (y) => succ.push(y));
    return succ.slice();
  };
  const lists: (number[] | null)[] = new Array(size).fill(null);
  for (let root = 0; root < size; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root; callCursor[0] = 0;
    index[root] = low[root] = counter++;
    stack[sp++] = root; onStack[root] = 1;
    lists[root] = successorsOf(root);
    while (depth >= 0) {
      const x = callNode[depth];
      const list = lists[x]!;
      if (callCursor[depth] < list.length) {
        const y = list[callCursor[depth]++];
        if (index[y] === -1) {
          index[y] = low[y] = counter++;
          stack[sp++] = y; onStack[y] = 1;
          lists[y] = successorsOf(y);
          depth++;
          callNode[depth] = y; callCursor[depth] = 0;
        } else if (onStack[y]) {
          if (index[y] < low[x]) low[x] = index[y];
        }
      } else {
        if (low[x] === index[x]) {
          const c = members.length;
          const ms: number[] = [];
          let y;
          do { y = stack[--sp]; onStack[y] = 0; comp[y] = c; ms.push(y); } while (y !== x);
          members.push(Int32Array.from(ms));
        }
        lists[x] = null;
        depth--;
        if (depth >= 0) { const parent = callNode[depth]; if (low[x] < low[parent]) low[parent] = low[x]; }
      }
    }
  }
  return { comp, members };
}

export interface RateLimitResult {
  /** Limit distribution over the 2^N configurations. */
  distribution: Float64Array;
  polarization: Float64Array;
  netPolarization: number;
  currents: { channel: ReturnType<typeof currentChannels>[number]; value: number }[];
  voltages: { pair: VoltagePair; value: number }[];
  stats: Record<string, unknown>;
}

/**
 * The t → ∞ limit of the rate equation from the product state with site
 * polarizations `initial` (exact; see the module comment for the algorithm).
 * For a ring this is the stationary state with its persistent current.
 */
export function rateEquationLimit(g: NuclearGraph, options: { initial: ArrayLike<number>; extraVoltages?: VoltagePair[] }): RateLimitResult {
  const start = performance.now();
  const gen = new RateGenerator(g);
  const q = productDistribution(options.initial);
  if (q.length !== gen.size) throw new RangeError(`initial: expected ${g.sites} site polarizations`);
  const ranks = g.relaxation > 0 ? null : siteTopologicalRanks(g);
  let method: string;
  let classes = 0;
  if (ranks) {
    method = 'acyclic (potential order)';
    // Φ(x) = Σ_{up j} rank_j; every hop raises Φ. Counting sort by Φ.
    const n = g.sites, size = gen.size;
    const phi = new Int32Array(size);
    let maxPhi = 0;
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let j = 0; j < n; j++) if ((x & siteMask(n, j)) === 0) s += ranks[j];
      phi[x] = s;
      if (s > maxPhi) maxPhi = s;
    }
    const count = new Int32Array(maxPhi + 2);
    for (let x = 0; x < size; x++) count[phi[x] + 1]++;
    for (let k = 1; k < count.length; k++) count[k] += count[k - 1];
    const order = new Int32Array(size);
    for (let x = 0; x < size; x++) order[count[phi[x]]++] = x;
    for (let k = 0; k < size; k++) {
      const x = order[k];
      const mass = q[x];
      const e = gen.exit[x];
      if (mass === 0 || e === 0) continue;
      q[x] = 0;
      gen.forEachSuccessor(x, (y, r) => { q[y] += (mass * r) / e; });
    }
  } else {
    method = 'strongly connected components';
    const { comp, members } = stronglyConnected(gen);
    for (let c = members.length - 1; c >= 0; c--) {
      const ms = members[c];
      if (ms.length === 1) {
        const x = ms[0], mass = q[x], e = gen.exit[x];
        if (mass === 0 || e === 0) continue;
        q[x] = 0;
        gen.forEachSuccessor(x, (y, r) => { q[y] += (mass * r) / e; });
        continue;
      }
      let mass = 0;
      for (const x of ms) mass += q[x];
      if (mass === 0) continue;
      let closed = true;
      for (const x of ms) gen.forEachSuccessor(x, (y) => { if (comp[y] !== c) closed = false; });
      const m = ms.length;
      if (closed) {
        classes++;
        // Uniform is stationary iff inflow-rate sum equals exit rate for every member.
        const inflow = new Map<number, number>();
        for (const x of ms) gen.forEachSuccessor(x, (y, r) => inflow.set(y, (inflow.get(y) ?? 0) + r));
        let uniform = true;
        for (const x of ms) if (Math.abs((inflow.get(x) ?? 0) - gen.exit[x]) > 1e-12 * gen.exit[x]) { uniform = false; break; }
        if (uniform) {
          for (const x of ms) q[x] = mass / m;
          continue;
        }
        if (m > DENSE_CLASS_LIMIT) throw new RangeError(`rate-equation limit: closed class of ${m} configurations is not uniform and exceeds ${DENSE_CLASS_LIMIT}`);
        // Solve π Q_CC = 0 with Σπ = 1: rows = balance equations, last replaced by normalization.
        const local = new Map<number, number>();
        ms.forEach((x, i) => local.set(x, i));
        const a = new Float64Array(m * m), rhs = new Float64Array(m);
        ms.forEach((x, i) => {
          a[i * m + i] -= gen.exit[x];
          gen.forEachSuccessor(x, (y, r) => { a[local.get(y)! * m + i] += r; });
        });
        for (let i = 0; i < m; i++) a[(m - 1) * m + i] = 1;
        rhs[m - 1] = 1;
        const pi = solveDense(a, rhs, m);
        ms.forEach((x, i) => { q[x] = mass * pi[i]; });
      } else {
        if (m > DENSE_CLASS_LIMIT) throw new RangeError(`rate-equation limit: transient class of ${m} configurations exceeds ${DENSE_CLASS_LIMIT}`);
        // Occupation times τ: (−Q_CC)ᵀ-form  Σ_x τ_x (−Q_CC)_{x→y} = q_y, then exit flows τ_x r(x→y) for y ∉ C.
        const local = new Map<number, number>();
        ms.forEach((x, i) => local.set(x, i));
        const a = new Float64Array(m * m), rhs = new Float64Array(m);
        ms.forEach((x, i) => {
          a[i * m + i] += gen.exit[x];
          rhs[i] = q[x];
          gen.forEachSuccessor(x, (y, r) => { const l = local.get(y); if (l !== undefined) a[l * m + i] -= r; });
        });
        const tau = solveDense(a, rhs, m);
        for (const x of ms) q[x] = 0;
        ms.forEach((x, i) => gen.forEachSuccessor(x, (y, r) => { if (comp[y] !== c) q[y] += tau[i] * r; }));
      }
    }
  }
  const pairs = voltagePairs(g.directed, options.extraVoltages);
  const o = distributionObservables(g, q, pairs);
  const channels = currentChannels(g);
  return {
    distribution: q,
    polarization: o.polarization,
    netPolarization: o.net,
    currents: channels.map((channel, c) => ({ channel, value: o.currents[c] })),
    voltages: pairs.map((pair, v) => ({ pair, value: o.voltages[v] })),
    stats: { solver: 'rate equation limit', method, configurations: gen.size, closedClasses: classes, wallTimeMs: performance.now() - start },
  };
}
