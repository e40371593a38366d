/**
 * Kinetic Monte Carlo (Gillespie's direct method: D. T. Gillespie, J. Comput.
 * Phys. 22, 403 (1976)) of the one-way chain or ring with uniform bond rate Γ
 * and optional nuclear relaxation Γ₁ (each site flips at Γ₁/2), on
 * bit-packed configurations (32 sites per Int32 word, bit 1 = ↑).
 *
 * Event selection is O(1): all one-way bonds have the same rate, so the next
 * hop is a uniformly chosen *active* bond (↑_j ↓_{j+1}). The active bonds are
 * kept in an unordered list with a position index (swap-remove, append), and a
 * hop changes only the bond itself and its two neighbours. One 53-bit uniform
 * u per event gives both the event (⌊u·R⌋ over the total rate R in units of
 * the per-event rate) and, through the fractional part — uniform and
 * independent of the index — the exponential waiting time. The random stream
 * (xoroshiro128+, the same generator as pure-rand's, state copied in and out)
 * is inlined in the hot loop, which allocates nothing.
 *
 * Observables are accumulated per site bin (B bins of consecutive sites):
 * polarization, voltage (fraction of active bonds), the hop current over each
 * output interval (hops / (Δt · bonds), the KMC estimator of K), the net
 * polarization, the chain's end-to-end voltage V_{N,1}, and optionally the
 * absorbing (domain-wall) state and the time to reach it.
 */
import { seededStream, type JumpableRandomGenerator } from '../../solvers/random.js';

export interface KmcProblemData {
  sites: number;
  periodic: boolean;
  /** Γ of every one-way bond (s⁻¹). */
  rate: number;
  /** Γ₁ (s⁻¹); each site flips at Γ₁/2. */
  relaxation: number;
  /** Initial site polarizations (site ↑ with probability (1+p)/2, independently). */
  initial: Float64Array;
  times: Float64Array;
  bins: number;
  /** Continue each realization after the last output time until no bond is active, and record that state. */
  untilAbsorbed: boolean;
  seed: number;
}

export interface KmcSums {
  count: number;
  events: number;
  /** [k·B + b] */
  p: Float64Array; p2: Float64Array;
  v: Float64Array; v2: Float64Array;
  hop: Float64Array; hop2: Float64Array;
  /** [k] */
  pc: Float64Array; pc2: Float64Array;
  vEnd: Float64Array; vEnd2: Float64Array;
  /** [b], when untilAbsorbed. */
  fin: Float64Array; fin2: Float64Array;
  absorb: number; absorb2: number;
}

export function emptyKmcSums(nt: number, bins: number): KmcSums {
  const z = (n: number): Float64Array => new Float64Array(n);
  return {
    count: 0, events: 0,
    p: z(nt * bins), p2: z(nt * bins), v: z(nt * bins), v2: z(nt * bins), hop: z(nt * bins), hop2: z(nt * bins),
    pc: z(nt), pc2: z(nt), vEnd: z(nt), vEnd2: z(nt), fin: z(bins), fin2: z(bins), absorb: 0, absorb2: 0,
  };
}

/** a += b, elementwise (used in chunk order, so totals do not depend on the worker count). */
export function addKmcSums(a: KmcSums, b: KmcSums): void {
  a.count += b.count;
  a.events += b.events;
  for (const key of ['p', 'p2', 'v', 'v2', 'hop', 'hop2', 'pc', 'pc2', 'vEnd', 'vEnd2', 'fin', 'fin2'] as const) {
    const x = a[key], y = b[key];
    for (let i = 0; i < x.length; i++) x[i] += y[i];
  }
  a.absorb += b.absorb;
  a.absorb2 += b.absorb2;
}

const TWO_POW_M53 = 1 / 9007199254740992;
/** Events per call of `KmcSimulator.advance` (see `runOne`): few enough that V8 optimises the function before its loop; the calls' own cost stays small. */
const EVENTS_PER_CALL = 64;

/** One simulator per problem: work arrays allocated once, reused by every realization. */
export class KmcSimulator {
  readonly n: number;
  readonly nBonds: number;
  private readonly words: Int32Array;
  private readonly pos: Int32Array;
  private readonly list: Int32Array;
  private readonly hops: Float64Array;
  private readonly binOf: Int32Array;
  private readonly binSites: Float64Array;
  private readonly binBonds: Float64Array;
  private readonly thresholds: Float64Array;
  private readonly accP: Float64Array;
  private readonly accV: Float64Array;
  private readonly accH: Float64Array;
  private active = 0;
  // xoroshiro128+ state (pure-rand order s01, s00, s11, s10).
  private s01 = 0; private s00 = 0; private s11 = 0; private s10 = 0;
  // Where `advance` left the realization: time, time of the last record, next output time, next output index, events.
  private t = 0; private lastRecord = 0; private nextOut = 0; private k = 0; private events = 0;

  constructor(readonly problem: KmcProblemData) {
    const n = problem.sites;
    if (!Number.isInteger(n) || n < 2) throw new RangeError(`sites: KMC needs at least 2 sites, got ${n}`);
    if (n >= 2 ** 30) throw new RangeError(`sites: ${n} too large`);
    if (!(problem.rate > 0) || !Number.isFinite(problem.rate)) throw new RangeError(`rate: expected a finite rate > 0, got ${problem.rate}`);
    if (!(problem.relaxation >= 0) || !Number.isFinite(problem.relaxation)) throw new RangeError(`relaxation: expected a finite rate ≥ 0, got ${problem.relaxation}`);
    if (problem.untilAbsorbed && problem.relaxation > 0) throw new RangeError('untilAbsorbed: with relaxation there is no absorbing state');
    if (problem.initial.length !== n) throw new RangeError(`initial: expected ${n} site polarizations, got ${problem.initial.length}`);
    const B = problem.bins;
    if (!Number.isInteger(B) || B < 1 || B > n) throw new RangeError(`bins: expected an integer in 1..${n}, got ${B}`);
    this.n = n;
    this.nBonds = problem.periodic ? n : n - 1;
    this.words = new Int32Array((n + 31) >>> 5);
    this.pos = new Int32Array(this.nBonds).fill(-1);
    this.list = new Int32Array(this.nBonds);
    this.hops = new Float64Array(this.nBonds);
    this.binOf = new Int32Array(n);
    this.binSites = new Float64Array(B);
    this.binBonds = new Float64Array(B);
    for (let s = 0; s < n; s++) {
      const b = Math.floor((s * B) / n);
      this.binOf[s] = b;
      this.binSites[b]++;
      if (s < this.nBonds) this.binBonds[b]++;
    }
    this.thresholds = Float64Array.from(problem.initial, (p) => ((1 + p) / 2) * 4294967296);
    this.accP = new Float64Array(B);
    this.accV = new Float64Array(B);
    this.accH = new Float64Array(B);
  }

  /** Random stream of realization r: the seed's stream jumped r times. */
  streamFor(r: number): JumpableRandomGenerator {
    const g = seededStream(this.problem.seed);
    for (let j = 0; j < r; j++) g.jump();
    return g;
  }

  /** Realizations first … first+count−1, summed. */
  runRealizations(first: number, count: number): KmcSums {
    const sums = emptyKmcSums(this.problem.times.length, this.problem.bins);
    const base = this.streamFor(first);
    for (let r = 0; r < count; r++) {
      const st = base.clone().getState();
      this.s01 = st[0]; this.s00 = st[1]; this.s11 = st[2]; this.s10 = st[3];
      this.runOne(sums);
      sums.count++;
      base.jump();
    }
    return sums;
  }

  private next32(): number {
    const s00 = this.s00, s01 = this.s01, s10 = this.s10, s11 = this.s11;
    const out = (s00 + s10) | 0;
    const a0 = s10 ^ s00, a1 = s11 ^ s01;
    this.s00 = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
    this.s01 = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
    this.s10 = (a1 << 5) ^ (a0 >>> 27);
    this.s11 = (a0 << 5) ^ (a1 >>> 27);
    return out;
  }

  private up(s: number): number {
    return (this.words[s >>> 5] >>> (s & 31)) & 1;
  }

  private initialize(): void {
    const { n, words, pos, hops, thresholds } = this;
    words.fill(0);
    pos.fill(-1);
    hops.fill(0);
    for (let s = 0; s < n; s++) if ((this.next32() >>> 0) < thresholds[s]) words[s >>> 5] |= 1 << (s & 31);
    this.active = 0;
    for (let b = 0; b < this.nBonds; b++) this.refreshBond(b);
  }

  /** Bring bond b's membership in the active list up to date. */
  private refreshBond(b: number): void {
    const to = b + 1 === this.n ? 0 : b + 1;
    const act = this.up(b) === 1 && this.up(to) === 0;
    const p = this.pos[b];
    if (act && p < 0) {
      this.pos[b] = this.active;
      this.list[this.active++] = b;
    } else if (!act && p >= 0) {
      const last = this.list[--this.active];
      this.list[p] = last;
      this.pos[last] = p;
      this.pos[b] = -1;
    }
  }

  private record(k: number, sums: KmcSums, interval: number): void {
    const { n, binOf, accP, accV, accH, binSites, binBonds, hops, pos } = this;
    const B = this.problem.bins;
    accP.fill(0); accV.fill(0); accH.fill(0);
    let ups = 0;
    for (let s = 0; s < n; s++) {
      const u = this.up(s);
      ups += u;
      const b = binOf[s];
      accP[b] += u;
      if (s < this.nBonds) {
        if (pos[s] >= 0) accV[b] += 1;
        accH[b] += hops[s];
        hops[s] = 0;
      }
    }
    const off = k * B;
    for (let b = 0; b < B; b++) {
      const p = (2 * accP[b]) / binSites[b] - 1;
      sums.p[off + b] += p; sums.p2[off + b] += p * p;
      if (binBonds[b] > 0) {
        const v = accV[b] / binBonds[b];
        sums.v[off + b] += v; sums.v2[off + b] += v * v;
        const h = interval > 0 ? accH[b] / (interval * binBonds[b]) : 0;
        sums.hop[off + b] += h; sums.hop2[off + b] += h * h;
      }
    }
    const pc = (2 * ups) / n - 1;
    sums.pc[k] += pc; sums.pc2[k] += pc * pc;
    const ve = this.up(n - 1) === 1 && this.up(0) === 0 ? 1 : 0;
    sums.vEnd[k] += ve; sums.vEnd2[k] += ve;
  }

  private recordFinal(sums: KmcSums, t: number): void {
    const { n, binOf, accP, binSites } = this;
    accP.fill(0);
    for (let s = 0; s < n; s++) accP[binOf[s]] += this.up(s);
    for (let b = 0; b < this.problem.bins; b++) {
      const p = (2 * accP[b]) / binSites[b] - 1;
      sums.fin[b] += p; sums.fin2[b] += p * p;
    }
    sums.absorb += t; sums.absorb2 += t * t;
  }

  /**
   * One realization from the current random state, to absorption or the last output time: `advance` in
   * calls of EVENTS_PER_CALL events. A realization as one call was one long loop, which V8 ran as
   * on-stack-replaced code entered from the interpreter at every realization; there the loop-carried
   * doubles and 32-bit words were boxed at every event (4.8 GB of short-lived objects in the first 15 s of
   * `transport-kmc`, ≈ 400 MB per two realizations at 10⁴ sites). Called many times with a short loop,
   * `advance` is optimised as a whole function and keeps them unboxed: < 1 MB when V8 compiles on the main
   * thread, 5–8 MB by default — but in about one fresh process in ten the background compiler still leaves
   * it on-stack-replaced only (≈ 250 MB, as before). In-process, alternating with the single-call loop,
   * two realizations at 10⁴ sites took 1038–1109 ms against 1208–1291 ms
   * (bench/results/session14-lead/measurements.txt; docs/benchmarks.md, session 14).
   */
  private runOne(sums: KmcSums): void {
    this.initialize();
    const { times, untilAbsorbed } = this.problem;
    const nt = times.length;
    this.t = 0; this.lastRecord = 0; this.nextOut = times[0]; this.k = 0; this.events = 0;
    while (this.advance(sums, EVENTS_PER_CALL));
    // Absorbed (or no events at all): the state is frozen for the remaining outputs.
    while (this.k < nt) {
      this.record(this.k, sums, times[this.k] - this.lastRecord);
      this.lastRecord = times[this.k];
      this.k++;
    }
    if (untilAbsorbed) this.recordFinal(sums, this.t);
    sums.events += this.events;
  }

  /** Up to `maxEvents` events of the realization under way; false once it has ended. */
  private advance(sums: KmcSums, maxEvents: number): boolean {
    const { times, untilAbsorbed, rate, relaxation, periodic } = this.problem;
    const nt = times.length;
    const n = this.n;
    const words = this.words, pos = this.pos, list = this.list, hops = this.hops;
    const flipRate = relaxation / 2;
    const flipUnits = (flipRate / rate) * n; // total flip rate in units of Γ
    let s00 = this.s00, s01 = this.s01, s10 = this.s10, s11 = this.s11;
    let t = this.t, lastRecord = this.lastRecord, k = this.k, events = 0;
    let active = this.active;
    let nextOut = this.nextOut;
    let more = true;
    while (events < maxEvents) {
      const R = active + flipUnits; // total rate / Γ
      if (R === 0) { more = false; break; }
      // Two xoroshiro128+ outputs → 53-bit u ∈ [0, 1).
      let o = (s00 + s10) | 0;
      let a0 = s10 ^ s00, a1 = s11 ^ s01, t00 = s00, t01 = s01;
      s00 = (t00 << 24) ^ (t01 >>> 8) ^ a0 ^ (a0 << 16);
      s01 = (t01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      s10 = (a1 << 5) ^ (a0 >>> 27);
      s11 = (a0 << 5) ^ (a1 >>> 27);
      const hi = o >>> 5;
      o = (s00 + s10) | 0;
      a0 = s10 ^ s00; a1 = s11 ^ s01; t00 = s00; t01 = s01;
      s00 = (t00 << 24) ^ (t01 >>> 8) ^ a0 ^ (a0 << 16);
      s01 = (t01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      s10 = (a1 << 5) ^ (a0 >>> 27);
      s11 = (a0 << 5) ^ (a1 >>> 27);
      const x = (hi * 67108864 + (o >>> 6)) * TWO_POW_M53 * R;
      const idx = Math.floor(x);
      const tNew = t - Math.log(1 - (x - idx)) / (rate * R);
      if (tNew > nextOut) {
        // The configuration before this event holds on [t, tNew).
        this.active = active;
        while (k < nt && times[k] < tNew) {
          this.record(k, sums, times[k] - lastRecord);
          lastRecord = times[k];
          k++;
        }
        nextOut = k < nt ? times[k] : Infinity;
        if (k === nt && !untilAbsorbed) { more = false; break; }
      }
      t = tNew;
      events++;
      if (idx < active) {
        // Hop on bond b: ↑_from ↓_to → ↓_from ↑_to.
        const b = list[idx];
        const from = b, to = b + 1 === n ? 0 : b + 1;
        words[from >>> 5] &= ~(1 << (from & 31));
        words[to >>> 5] |= 1 << (to & 31);
        hops[b] += 1;
        // Remove b.
        const last = list[--active];
        list[idx] = last;
        pos[last] = idx;
        pos[b] = -1;
        // Left neighbour bond (from−1 → from) is now active iff ↑ at from−1.
        if (from > 0 || periodic) {
          const L = from === 0 ? n - 1 : from - 1;
          if (pos[L] < 0 && ((words[L >>> 5] >>> (L & 31)) & 1) === 1) { pos[L] = active; list[active++] = L; }
        }
        // Right neighbour bond (to → to+1) is now active iff ↓ at to+1.
        if (to < n - 1 || periodic) {
          const r2 = to + 1 === n ? 0 : to + 1;
          if (pos[to] < 0 && ((words[r2 >>> 5] >>> (r2 & 31)) & 1) === 0) { pos[to] = active; list[active++] = to; }
        }
      } else {
        // Relaxation: flip site ⌊(x − active)·Γ/(Γ₁/2)⌋.
        let s = Math.floor(((x - active) * n) / flipUnits);
        if (s >= n) s = n - 1;
        words[s >>> 5] ^= 1 << (s & 31);
        this.active = active;
        if (s > 0 || periodic) this.refreshBond(s === 0 ? n - 1 : s - 1);
        if (s < this.nBonds) this.refreshBond(s);
        active = this.active;
      }
    }
    this.active = active;
    this.s00 = s00; this.s01 = s01; this.s10 = s10; this.s11 = s11;
    this.t = t; this.lastRecord = lastRecord; this.nextOut = nextOut; this.k = k;
    this.events += events;
    return more;
  }
}

