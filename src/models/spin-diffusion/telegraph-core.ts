/**
 * Monte Carlo over telegraph noise histories of the flip-flop pair (the same
 * process as sle.ts, sampled instead of averaged): exponential dwell times
 * drawn from seeded per-trajectory streams, and between switches the exact
 * propagator exp(M_k τ) of the constant Bloch generator of noise state k —
 * no time step. ⟨σ_z⟩ is recorded at the output times.
 *
 * exp(M_k τ) is applied in real eigen-coordinates q of M_k (r = B_k q, see
 * `realEigen`): one real eigenvalue and a conjugate pair, so a dwell costs two
 * exponentials and one rotation; a switch k → j maps q ← (B_j⁻¹B_k) q (real
 * 3×3); z = (row 3 of B_k)·q.
 *
 * Random numbers: xoroshiro128+ (the generator of src/solvers/random.ts,
 * inlined here as in nuclear-transport/kmc-core.ts); trajectory r uses the
 * seed's stream jumped r times, so results depend only on (seed, r).
 */
import { ComplexMatrix } from '../../linalg/dense.js';
import { eig } from '../../linalg/eigen-general.js';
import { inverse } from '../../linalg/lu.js';
import { blochGenerator, stationary, type TelegraphProcess } from './sle.js';

export interface TelegraphProblemData {
  delta: number;
  d12: number;
  gamma2: number;
  process: TelegraphProcess;
  /** Output times (s), increasing, starting at 0. */
  times: Float64Array;
  /** Trajectories per batch (batch b holds trajectories b·batchSize …). */
  batchSize: number;
}

/** Sums over trajectories (per output time) and per-batch sums of z. */
export interface TelegraphSums {
  count: number;
  switches: number;
  z: Float64Array;
  z2: Float64Array;
  /** [batch index (local to the chunk range) · nt + k]: key = global batch index. */
  batches: Map<number, Float64Array>;
}

export function emptySums(nt: number): TelegraphSums {
  return { count: 0, switches: 0, z: new Float64Array(nt), z2: new Float64Array(nt), batches: new Map() };
}

/** a += b (call in chunk order: results then do not depend on the number of workers). */
export function addSums(a: TelegraphSums, b: TelegraphSums): void {
  a.count += b.count;
  a.switches += b.switches;
  for (let i = 0; i < a.z.length; i++) { a.z[i] += b.z[i]; a.z2[i] += b.z2[i]; }
  for (const [k, v] of b.batches) {
    const t = a.batches.get(k);
    if (!t) a.batches.set(k, Float64Array.from(v));
    else for (let i = 0; i < v.length; i++) t[i] += v[i];
  }
}

const TWO_POW_M53 = 1 / 9007199254740992;

/**
 * Real eigen-coordinates of one noise state's Bloch generator M (real 3×3): either one real eigenvalue
 * λ_r and a conjugate pair λ_p, λ̄_p (then r = v_r c_r + 2 Re(v_p c_p), and q = (c_r, Re c_p, Im c_p) is real),
 * or three real eigenvalues (q = c). B maps q to the Bloch vector: r = B q.
 */
interface RealEigen {
  pair: boolean;
  /** pair: [λ_r, Re λ_p, Im λ_p]; else the three real eigenvalues. */
  lam: Float64Array;
  /** B (row-major 3×3) and B⁻¹. */
  b: Float64Array;
  bInv: Float64Array;
}

function realEigen(m: Float64Array, state: number): RealEigen {
  const a = new ComplexMatrix(3, 3, Float64Array.from(m), new Float64Array(9));
  const e = eig(a);
  const v = e.vectors as ComplexMatrix;
  let scale = 0;
  for (let i = 0; i < 9; i++) scale = Math.max(scale, Math.abs(m[i]));
  const imag = Array.from(e.values.im, (x) => Math.abs(x));
  const pair = Math.max(...imag) > 1e-12 * scale;
  const b = new Float64Array(9), lam = new Float64Array(3);
  if (pair) {
    let ir = 0;
    for (let j = 1; j < 3; j++) if (imag[j] < imag[ir]) ir = j;
    let ip = -1;
    for (let j = 0; j < 3; j++) if (j !== ir && e.values.im[j] > 0) ip = j;
    if (ip < 0) throw new RangeError(`d12: noise state ${state}: eigenvalues are not one real and a conjugate pair`);
    lam[0] = e.values.re[ir]; lam[1] = e.values.re[ip]; lam[2] = e.values.im[ip];
    // The real eigenvector may carry an arbitrary complex phase: rotate it real.
    let br = 0, bi = 0;
    for (let i = 0; i < 3; i++) if (Math.hypot(v.getRe(i, ir), v.getIm(i, ir)) > Math.hypot(br, bi)) { br = v.getRe(i, ir); bi = v.getIm(i, ir); }
    const nb = Math.hypot(br, bi);
    for (let i = 0; i < 3; i++) {
      const xr = v.getRe(i, ir), xi = v.getIm(i, ir);
      b[3 * i] = (xr * br + xi * bi) / nb;
      b[3 * i + 1] = 2 * v.getRe(i, ip);
      b[3 * i + 2] = -2 * v.getIm(i, ip);
    }
  } else {
    for (let j = 0; j < 3; j++) lam[j] = e.values.re[j];
    for (let j = 0; j < 3; j++) {
      // rotate each (real) eigenvector to real phase
      let br = 0, bi = 0;
      for (let i = 0; i < 3; i++) if (Math.hypot(v.getRe(i, j), v.getIm(i, j)) > Math.hypot(br, bi)) { br = v.getRe(i, j); bi = v.getIm(i, j); }
      const nb = Math.hypot(br, bi);
      for (let i = 0; i < 3; i++) b[3 * i + j] = (v.getRe(i, j) * br + v.getIm(i, j) * bi) / nb;
    }
  }
  const bm = new ComplexMatrix(3, 3, Float64Array.from(b), new Float64Array(9));
  const bi = inverse(bm);
  const bInv = Float64Array.from(bi.re);
  // Reconstruction check of M = B · (block) · B⁻¹: a nearly defective generator would make the propagator inaccurate.
  const blk = new Float64Array(9);
  if (pair) {
    // d/dt (c_r, x, y) with c_p = x + iy: ẋ = Re λ x − Im λ y, ẏ = Im λ x + Re λ y.
    blk[0] = lam[0]; blk[4] = lam[1]; blk[5] = -lam[2]; blk[7] = lam[2]; blk[8] = lam[1];
  } else {
    blk[0] = lam[0]; blk[4] = lam[1]; blk[8] = lam[2];
  }
  let err = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    let x = 0;
    for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) x += b[3 * i + k] * blk[3 * k + l] * bInv[3 * l + j];
    err = Math.max(err, Math.abs(x - m[3 * i + j]));
  }
  if (!(err <= 1e-9 * scale)) throw new RangeError(`d12: the Bloch generator of noise state ${state} is (nearly) defective; eigenbasis propagation would lose accuracy (residual ${err.toExponential(2)})`);
  return { pair, lam, b, bInv };
}

/**
 * The per-state constants of one problem in flat typed arrays (index k = noise
 * state), as the trajectory loop reads them.
 */
interface TelegraphConstants {
  /** Eigenvalues of M_k: the real one, and the real and imaginary parts of the pair (or the other two real ones). */
  lr: Float64Array;
  pr: Float64Array;
  pi: Float64Array;
  /** 1 when M_k has a conjugate pair. */
  pair: Uint8Array;
  /** Row z of B_k, at 3k. */
  zrow: Float64Array;
  /** T_k = B_{1−k}⁻¹ B_k at 9k (row-major). */
  tm: Float64Array;
  /** B_k⁻¹ e_z at 3k: the start of a trajectory in state k. */
  q0: Float64Array;
  /** Mean dwell time 1/γ_k (Infinity for a state never left). */
  invRate: Float64Array;
  /** Stationary probability of state 0 (the initial state's law). */
  pi0: number;
}

/** One simulator per problem: eigen-decompositions done once. */
export class TelegraphSimulator {
  private readonly constants: TelegraphConstants;

  constructor(readonly problem: TelegraphProblemData) {
    const { delta, d12, gamma2, process } = problem;
    const eig = [0, 1].map((k) => realEigen(blochGenerator(delta, process.values[k], d12, gamma2), k));
    const tm = new Float64Array(18);
    for (let k = 0; k < 2; k++) {
      const bi = eig[1 - k].bInv, b = eig[k].b;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
        let x = 0;
        for (let l = 0; l < 3; l++) x += bi[3 * i + l] * b[3 * l + j];
        tm[9 * k + 3 * i + j] = x;
      }
    }
    const leave = process.leaveRates;
    this.constants = {
      lr: Float64Array.of(eig[0].lam[0], eig[1].lam[0]),
      pr: Float64Array.of(eig[0].lam[1], eig[1].lam[1]),
      pi: Float64Array.of(eig[0].lam[2], eig[1].lam[2]),
      pair: Uint8Array.of(eig[0].pair ? 1 : 0, eig[1].pair ? 1 : 0),
      zrow: Float64Array.of(eig[0].b[6], eig[0].b[7], eig[0].b[8], eig[1].b[6], eig[1].b[7], eig[1].b[8]),
      tm,
      q0: Float64Array.of(eig[0].bInv[2], eig[0].bInv[5], eig[0].bInv[8], eig[1].bInv[2], eig[1].bInv[5], eig[1].bInv[8]),
      invRate: Float64Array.of(leave[0] > 0 ? 1 / leave[0] : Infinity, leave[1] > 0 ? 1 / leave[1] : Infinity),
      pi0: stationary(process)[0],
    };
  }

  /**
   * Runs trajectories first … first + count − 1, trajectory r from `state`
   * (the seed's stream jumped `first` times) jumped r − first times, and adds
   * them to `sums`.
   *
   * The loop over one trajectory's switches is `trajectory`, a function of
   * its own. Inlined here, the bookkeeping between trajectories (counts, a
   * new batch's array), not yet run when V8 first optimised the loop, threw
   * the optimised code away twice, and the baseline tiers that ran meanwhile
   * boxed every double: in a fresh process 124 MB of short-lived objects for
   * the first 300 trajectories of `s002-telegraph-mc`, now 3–7 MB (its test
   * in telegraph.test.ts; docs/benchmarks.md, session 14).
   */
  run(first: number, count: number, state: number[], jump: (s: number[]) => number[], sums: TelegraphSums): void {
    const { times, batchSize } = this.problem;
    const nt = times.length;
    const rng = new Int32Array(4), scratch = new Float64Array(4);
    let st = state;
    for (let r = 0; r < count; r++) {
      const batch = Math.floor((first + r) / batchSize);
      let bs = sums.batches.get(batch);
      if (!bs) { bs = new Float64Array(nt); sums.batches.set(batch, bs); }
      rng[0] = st[0]; rng[1] = st[1]; rng[2] = st[2]; rng[3] = st[3];
      sums.switches += trajectory(this.constants, rng, scratch, times, sums.z, sums.z2, bs);
      sums.count++;
      st = jump(st);
    }
  }
}

/**
 * One trajectory from the xoroshiro128+ state `rng` (pure-rand word order
 * s01, s00, s11, s10; advanced in place — the next trajectory starts from this
 * one's start state jumped, not from here): draws the initial noise state from
 * the stationary law, then alternates exact propagation over exponential
 * dwells with switches, adding z and z² at each output time to `sz`, `sz2`
 * and z to the batch sums `bs`. Returns the number of switches.
 *
 * Between dwells the generator words live in `rng` and (t, q) in `state`
 * (four doubles, scratch), not in variables carried around the loop. V8 may
 * run this function as on-stack-replaced code only (entered from the
 * interpreter at the loop on every call: it happens when compilation is
 * synchronous or the machine is loaded), and there a loop-carried double or
 * 32-bit word is boxed at every iteration — measured 196 MB of short-lived
 * objects for 300 trajectories, against 3–7 MB this way.
 */
function trajectory(c: TelegraphConstants, rng: Int32Array, state: Float64Array, times: Float64Array, sz: Float64Array, sz2: Float64Array, bs: Float64Array): number {
  const { lr, pr, pi, pair, zrow, tm, invRate } = c;
  const nt = times.length;
  let k = uniform(rng) < c.pi0 ? 0 : 1;
  state[0] = 0; state[1] = c.q0[3 * k]; state[2] = c.q0[3 * k + 1]; state[3] = c.q0[3 * k + 2];
  let i = 0, switches = 0;
  while (i < nt) {
    let t = state[0], q0 = state[1], q1 = state[2], q2 = state[3];
    const tEnd = t + -Math.log(1 - uniform(rng)) * invRate[k];
    const l0 = lr[k], l1 = pr[k], l2 = pi[k], isPair = pair[k] === 1;
    // exact propagation to each output time inside the dwell (recording z there), then to its end
    for (;;) {
      const output = i < nt && times[i] <= tEnd;
      const dt = (output ? times[i] : tEnd) - t;
      if (dt !== 0) {
        q0 *= Math.exp(l0 * dt);
        if (isPair) {
          const g = Math.exp(l1 * dt), ph = l2 * dt, cr = g * Math.cos(ph), ci = g * Math.sin(ph);
          const x = q1;
          q1 = x * cr - q2 * ci; q2 = x * ci + q2 * cr;
        } else { q1 *= Math.exp(l1 * dt); q2 *= Math.exp(l2 * dt); }
      }
      if (!output) break;
      t = times[i];
      const z = zrow[3 * k] * q0 + zrow[3 * k + 1] * q1 + zrow[3 * k + 2] * q2;
      sz[i] += z; sz2[i] += z * z; bs[i] += z;
      if (++i >= nt) break;
    }
    if (i >= nt) break;
    // switch k → 1 − k: q ← B_{1−k}⁻¹ B_k q
    const o = 9 * k;
    state[0] = tEnd;
    state[1] = tm[o] * q0 + tm[o + 1] * q1 + tm[o + 2] * q2;
    state[2] = tm[o + 3] * q0 + tm[o + 4] * q1 + tm[o + 5] * q2;
    state[3] = tm[o + 6] * q0 + tm[o + 7] * q1 + tm[o + 8] * q2;
    k = 1 - k;
    switches++;
  }
  return switches;
}

/**
 * The next uniform double in [0, 1) of the xoroshiro128+ state `rng` (advanced
 * in place): the top 27 bits of one 32-bit output and the top 26 of the
 * next, (a·2²⁶ + b)·2⁻⁵³.
 */
function uniform(rng: Int32Array): number {
  let s01 = rng[0], s00 = rng[1], s11 = rng[2], s10 = rng[3];
  let out = (s00 + s10) | 0;
  let a0 = s10 ^ s00, a1 = s11 ^ s01;
  { const t00 = s00; s00 = (t00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16); s01 = (s01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16)); }
  s10 = (a1 << 5) ^ (a0 >>> 27); s11 = (a0 << 5) ^ (a1 >>> 27);
  const hi = out >>> 5;
  out = (s00 + s10) | 0;
  a0 = s10 ^ s00; a1 = s11 ^ s01;
  { const t00 = s00; s00 = (t00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16); s01 = (s01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16)); }
  s10 = (a1 << 5) ^ (a0 >>> 27); s11 = (a0 << 5) ^ (a1 >>> 27);
  rng[0] = s01; rng[1] = s00; rng[2] = s11; rng[3] = s10;
  return (hi * 67108864 + (out >>> 6)) * TWO_POW_M53;
}
