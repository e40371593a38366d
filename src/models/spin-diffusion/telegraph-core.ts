/**
 * Monte Carlo over telegraph noise histories of the flip-flop pair (the same
 * process as sle.ts, sampled instead of averaged): exponential dwell times
 * drawn from seeded per-trajectory streams, and between switches the exact
 * propagator exp(M_k τ) of the constant Bloch generator of noise state k —
 * no time step. ⟨σ_z⟩ is recorded at the output times.
 *
 * exp(M_k τ) is applied in the eigenbasis of M_k (M_k = V_k Λ_k V_k⁻¹, from
 * `eig`): the state is kept as eigen-coordinates c of the current noise
 * state, each dwell multiplies c_j by e^{λ_j τ}, a switch k → j maps
 * c ← (V_j⁻¹V_k) c, and z = Re Σ_j V_k[z][j] c_j.
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

/** One simulator per problem: eigen-decompositions done once. */
export class TelegraphSimulator {
  private readonly lr: Float64Array[] = [];
  private readonly li: Float64Array[] = [];
  /** z-row of V_k: [2j] re, [2j+1] im. */
  private readonly zr: Float64Array[] = [];
  /** V_k⁻¹ e_z (initial eigen-coordinates of |αβ⟩ in state k). */
  private readonly c0: Float64Array[] = [];
  /** T[k] = V_{1−k}⁻¹ V_k, 3×3 complex, [2(3i+j)] re / +1 im. */
  private readonly tr: Float64Array[] = [];
  private readonly leave: [number, number];
  private readonly pi0: number;
  private s00 = 0; private s01 = 0; private s10 = 0; private s11 = 0;

  constructor(readonly problem: TelegraphProblemData) {
    const { delta, d12, gamma2, process } = problem;
    const vs: ComplexMatrix[] = [], vinvs: ComplexMatrix[] = [];
    for (let k = 0; k < 2; k++) {
      const m = blochGenerator(delta, process.values[k], d12, gamma2);
      const a = new ComplexMatrix(3, 3, Float64Array.from(m), new Float64Array(9));
      const e = eig(a);
      const v = e.vectors as ComplexMatrix;
      const vinv = inverse(v);
      // Reconstruction check: a nearly defective generator would make the eigenbasis propagator inaccurate.
      let err = 0, nrm = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
        let re = 0, im = 0;
        for (let l = 0; l < 3; l++) {
          const ar = v.getRe(i, l) * e.values.re[l] - v.getIm(i, l) * e.values.im[l];
          const ai = v.getRe(i, l) * e.values.im[l] + v.getIm(i, l) * e.values.re[l];
          re += ar * vinv.getRe(l, j) - ai * vinv.getIm(l, j);
          im += ar * vinv.getIm(l, j) + ai * vinv.getRe(l, j);
        }
        err = Math.max(err, Math.hypot(re - m[3 * i + j], im));
        nrm = Math.max(nrm, Math.abs(m[3 * i + j]));
      }
      if (err > 1e-9 * nrm) throw new RangeError(`d12: the Bloch generator of noise state ${k} is (nearly) defective; eigenbasis propagation would lose accuracy (residual ${err.toExponential(2)})`);
      this.lr.push(Float64Array.from(e.values.re));
      this.li.push(Float64Array.from(e.values.im));
      const zr = new Float64Array(6), c0 = new Float64Array(6);
      for (let j = 0; j < 3; j++) {
        zr[2 * j] = v.getRe(2, j); zr[2 * j + 1] = v.getIm(2, j);
        c0[2 * j] = vinv.getRe(j, 2); c0[2 * j + 1] = vinv.getIm(j, 2);
      }
      this.zr.push(zr);
      this.c0.push(c0);
      vs.push(v); vinvs.push(vinv);
    }
    for (let k = 0; k < 2; k++) {
      const vi = vinvs[1 - k], v = vs[k];
      const t = new Float64Array(18);
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
        let re = 0, im = 0;
        for (let l = 0; l < 3; l++) {
          re += vi.getRe(i, l) * v.getRe(l, j) - vi.getIm(i, l) * v.getIm(l, j);
          im += vi.getRe(i, l) * v.getIm(l, j) + vi.getIm(i, l) * v.getRe(l, j);
        }
        t[2 * (3 * i + j)] = re; t[2 * (3 * i + j) + 1] = im;
      }
      this.tr.push(t);
    }
    this.leave = [process.leaveRates[0], process.leaveRates[1]];
    this.pi0 = stationary(process)[0];
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

  /** Uniform in [0, 1) with 53 random bits. */
  private uniform(): number {
    const hi = this.next32() >>> 5, lo = this.next32() >>> 6;
    return (hi * 67108864 + lo) * TWO_POW_M53;
  }

  /**
   * Trajectories first … first+count−1, the first one starting from the xoroshiro128+ state `state`
   * (pure-rand order s01, s00, s11, s10) and each next one from that state jumped once more —
   * `jump` advances a copy of the state by 2^64 draws.
   */
  run(first: number, count: number, state: number[], jump: (s: number[]) => number[], sums: TelegraphSums): void {
    const { times, batchSize } = this.problem;
    const nt = times.length;
    const c = new Float64Array(6), tmp = new Float64Array(6);
    let st = state;
    for (let r = 0; r < count; r++) {
      this.s01 = st[0]; this.s00 = st[1]; this.s11 = st[2]; this.s10 = st[3];
      const batch = Math.floor((first + r) / batchSize);
      let bs = sums.batches.get(batch);
      if (!bs) { bs = new Float64Array(nt); sums.batches.set(batch, bs); }
      let k = this.uniform() < this.pi0 ? 0 : 1;
      c.set(this.c0[k]);
      let t = 0, i = 0, switches = 0;
      while (i < nt) {
        const rate = this.leave[k];
        const dwell = rate > 0 ? -Math.log(1 - this.uniform()) / rate : Infinity;
        const tEnd = t + dwell;
        const lr = this.lr[k], li = this.li[k], zr = this.zr[k];
        while (i < nt && times[i] <= tEnd) {
          this.propagate(c, lr, li, times[i] - t);
          t = times[i];
          const z = zr[0] * c[0] - zr[1] * c[1] + zr[2] * c[2] - zr[3] * c[3] + zr[4] * c[4] - zr[5] * c[5];
          sums.z[i] += z; sums.z2[i] += z * z; bs[i] += z;
          i++;
        }
        if (i >= nt) break;
        this.propagate(c, lr, li, tEnd - t);
        t = tEnd;
        // switch k → 1 − k: c ← V_{1−k}⁻¹ V_k c
        const m = this.tr[k];
        for (let a = 0; a < 3; a++) {
          let re = 0, im = 0;
          for (let b = 0; b < 3; b++) {
            const mr = m[2 * (3 * a + b)], mi = m[2 * (3 * a + b) + 1];
            re += mr * c[2 * b] - mi * c[2 * b + 1];
            im += mr * c[2 * b + 1] + mi * c[2 * b];
          }
          tmp[2 * a] = re; tmp[2 * a + 1] = im;
        }
        c.set(tmp);
        k = 1 - k;
        switches++;
      }
      sums.count++;
      sums.switches += switches;
      st = jump(st);
    }
  }

  private propagate(c: Float64Array, lr: Float64Array, li: Float64Array, dt: number): void {
    if (dt === 0) return;
    for (let j = 0; j < 3; j++) {
      const e = Math.exp(lr[j] * dt);
      if (li[j] === 0) { c[2 * j] *= e; c[2 * j + 1] *= e; continue; }
      const ph = li[j] * dt, er = e * Math.cos(ph), ei = e * Math.sin(ph);
      const xr = c[2 * j], xi = c[2 * j + 1];
      c[2 * j] = xr * er - xi * ei;
      c[2 * j + 1] = xr * ei + xi * er;
    }
  }
}
