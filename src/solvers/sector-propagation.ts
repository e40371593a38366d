/**
 * Exact propagation sector by sector, on the Hilbert space instead of the
 * Liouville space, for Lindblad generators whose reachable sectors form a
 * cascade: *free* sectors that no other sector feeds and that have no jump of
 * their own (dρ_ab/dt = A ρ_ab + ρ_ab M with A = −iH_eff,a, M = (−iH_eff,b)†),
 * and one-state *sinks* (1×1 sectors, e.g. the ground state of a decaying
 * system) fed only by free sectors.
 *
 * A free sector evolves as X(t + Δ) = e^{AΔ} X(t) e^{MΔ}: two exponentials of
 * n_a × n_a and n_b × n_b matrices instead of one of (n_a n_b)² — the
 * one-excitation density block of a 12-spin chain takes 12 × 12 exponentials
 * instead of a 145 × 145 one. A sink f with generator entry ℓ and feed
 * functional g·vec(X) = Σ_pq G_pq X_pq from free sector s obeys
 *
 *   f(t + Δ) = e^{ℓΔ} f(t) + Tr(W X_s(t)),
 *   W = ∫_0^Δ e^{ℓ(Δ−τ)} e^{Mτ} Gᵀ e^{Aτ} dτ   (n_b × n_a),
 *
 * and W comes from the block exponential of Van Loan (IEEE TAC 23 (1978)
 * 395–404, Theorem 1): exp([[−M, Gᵀ], [0, A − ℓI]] δ) has the upper-right
 * block K = ∫_0^δ e^{−M(δ−τ)} Gᵀ e^{(A−ℓ)τ} dτ, so W(δ) = e^{ℓδ} e^{Mδ} K. The
 * block is evaluated on a step δ = Δ/2^j with ‖[[−M, Gᵀ], [0, A − ℓI]]‖₁ δ ≤ 1
 * (e^{−Mδ} grows: keeping δ small keeps that growth ≤ e) and doubled exactly,
 * W(2δ) = e^{Mδ} W(δ) e^{Aδ} + e^{ℓδ} W(δ) (two consecutive steps).
 *
 * The structure is read from the block structure and the Hilbert-space
 * operators (a sink fed by a sink, a fed or self-jumping sector larger than
 * one state: no plan, and the caller keeps the paths on the reduced generator).
 */
import { ComplexMatrix, matmulInto, matvecInto, norm1 } from '../linalg/dense.js';
import { expm } from '../linalg/expm.js';
import type { SparseMatrix } from '../linalg/sparse.js';
import type { SectorLayout } from './sector-liouvillian.js';

/** A free sector: X = reshaped slice (column stacking, X_pq at offset + p + q·na), dX/dt = A X + X M. */
interface FreeSector {
  offset: number;
  na: number;
  nb: number;
  /** A sector (a, a): then M = A† and e^{MΔ} = (e^{AΔ})†. */
  diagonal: boolean;
  a: ComplexMatrix;
  m: ComplexMatrix;
}

/** A one-state sink sector: df/dt = ℓ f + Σ_feeds Σ_pq G_pq X_pq. */
interface Sink {
  offset: number;
  rateRe: number;
  rateIm: number;
  /** Feeds from free sectors: `gt` = Gᵀ (nb × na, row-major; its data is the generator row's slice). */
  feeds: { source: number; gt: ComplexMatrix }[];
}

/** The cascade structure of a reduced generator (see the module comment). */
export interface SectorPlan {
  free: FreeSector[];
  sinks: Sink[];
  dimension: number;
  /**
   * Index of a sink whose population follows from trace conservation (−1: none): the only sink, a
   * diagonal one, with ℓ = 0 and Gᵀ = −(A + M) for every diagonal free sector (and no feed from the
   * others), i.e. d/dt (f + Σ_s Tr X_s) = 0 — then f(t) = Tr ρ(0) − Σ_s Tr X_s(t), and its W is never formed.
   */
  traceSink: number;
}

/** Largest block (states) whose dense A or M a plan forms: its exponential is ~20·8·n³ flops per distinct step. */
export const SECTOR_BLOCK_LIMIT = 512;

/**
 * The cascade plan of the Lindblad generator of H_eff = H − (i/2) Σ C_k†C_k
 * and the collapse operators C_k (all sparse, n × n) over `layout`'s sectors,
 * or null when its sectors are not of that form (see the module comment).
 * Read from the Hilbert-space operators and the block structure — the
 * reduced generator is never built: a sector is fed when a jump maps another
 * reachable sector into it, and has its own jump when some C_k maps both of
 * its blocks into themselves.
 */
export function planSectorCascade(layout: SectorLayout, heff: SparseMatrix, collapses: readonly SparseMatrix[]): SectorPlan | null {
  const { sectors, offsets, structure } = layout;
  const { members, jumpTarget, blockOf, localIndex } = structure;
  if (sectors.length === 0) return null;
  const fed = new Uint8Array(sectors.length), selfJump = new Uint8Array(sectors.length);
  for (let p = 0; p < sectors.length; p++) {
    const { a, b } = sectors[p];
    for (let k = 0; k < collapses.length; k++) {
      const ta = jumpTarget[k][a], tb = jumpTarget[k][b];
      if (ta < 0 || tb < 0) continue;
      const q = layout.sectorIndex(ta, tb);
      if (q === p) selfJump[p] = 1;
      else if (q >= 0) fed[q] = 1;
    }
  }
  // Dense Hilbert-space blocks only up to SECTOR_BLOCK_LIMIT states (checked before anything is allocated).
  for (let p = 0; p < sectors.length; p++) {
    if (!fed[p] && !selfJump[p] && Math.max(members[sectors[p].a].length, members[sectors[p].b].length) > SECTOR_BLOCK_LIMIT) return null;
  }
  const freeIndex = new Int32Array(sectors.length).fill(-1);
  const free: FreeSector[] = [];
  const sinkSectors: number[] = [];
  for (let p = 0; p < sectors.length; p++) {
    const { a, b } = sectors[p];
    const na = members[a].length, nb = members[b].length;
    if (fed[p] || selfJump[p]) {
      if (na !== 1 || nb !== 1) return null;
      sinkSectors.push(p);
      continue;
    }
    // A = −i H_eff,a;  M = (−i H_eff,b)† = i H_eff,b†, i.e. M_xy = i·conj(H_eff,b[y, x]).
    const am = new ComplexMatrix(na, na), m = new ComplexMatrix(nb, nb);
    for (const g of members[a]) {
      const r = localIndex[g];
      for (let k = heff.rowPtr[g]; k < heff.rowPtr[g + 1]; k++) {
        const c = localIndex[heff.colIndex[k]];
        am.re[r * na + c] += heff.im[k];
        am.im[r * na + c] -= heff.re[k];
      }
    }
    for (const g of members[b]) {
      const y = localIndex[g];
      for (let k = heff.rowPtr[g]; k < heff.rowPtr[g + 1]; k++) {
        const x = localIndex[heff.colIndex[k]];
        m.re[x * nb + y] += heff.im[k];
        m.im[x * nb + y] += heff.re[k];
      }
    }
    freeIndex[p] = free.length;
    free.push({ offset: offsets[p], na, nb, diagonal: a === b, a: am, m });
  }
  const sinks: Sink[] = [];
  for (const p of sinkSectors) {
    const { a, b } = sectors[p];
    const gi = members[a][0], gj = members[b][0];
    // ℓ = −i H_eff[i,i] + i conj(H_eff[j,j]) + Σ_k C_k[i,i] conj(C_k[j,j]) over the jumps that keep (i, j).
    const hi = entry(heff, gi, gi), hj = entry(heff, gj, gj);
    let rateRe = hi.im + hj.im, rateIm = -hi.re + hj.re;
    const feeds = new Map<number, ComplexMatrix>();
    for (let k = 0; k < collapses.length; k++) {
      const c = collapses[k];
      for (let q = 0; q < sectors.length; q++) {
        const { a: a0, b: b0 } = sectors[q];
        if (jumpTarget[k][a0] !== a || jumpTarget[k][b0] !== b) continue;
        if (q === p) {
          const ci = entry(c, gi, gi), cj = entry(c, gj, gj);
          rateRe += ci.re * cj.re + ci.im * cj.im;
          rateIm += ci.im * cj.re - ci.re * cj.im;
          continue;
        }
        if (freeIndex[q] < 0) return null; // a sink fed by a sink
        const s = free[freeIndex[q]];
        let gt = feeds.get(freeIndex[q]);
        if (!gt) { gt = new ComplexMatrix(s.nb, s.na); feeds.set(freeIndex[q], gt); }
        // G_pq += C[i, a_p] conj(C[j, b_q]);  Gᵀ is stored row-major nb × na at q·na + p.
        for (let x = c.rowPtr[gi]; x < c.rowPtr[gi + 1]; x++) {
          const col = c.colIndex[x];
          if (blockOf[col] !== a0) continue;
          const pl = localIndex[col], xr = c.re[x], xi = c.im[x];
          for (let y = c.rowPtr[gj]; y < c.rowPtr[gj + 1]; y++) {
            const d = c.colIndex[y];
            if (blockOf[d] !== b0) continue;
            const ql = localIndex[d], yr = c.re[y], yi = -c.im[y];
            gt.re[ql * s.na + pl] += xr * yr - xi * yi;
            gt.im[ql * s.na + pl] += xr * yi + xi * yr;
          }
        }
      }
    }
    sinks.push({ offset: offsets[p], rateRe, rateIm, feeds: Array.from(feeds.entries()).sort((x, y) => x[0] - y[0]).map(([source, gt]) => ({ source, gt })) });
  }
  return { free, sinks, dimension: layout.dimension, traceSink: conservesTrace(free, sinks, sinkSectors.map((p) => sectors[p].a === sectors[p].b)) ? 0 : -1 };
}

/** Relative tolerance (to the largest entry of A, M, G) of the trace-conservation identity. */
const TRACE_TOLERANCE = 1e-12;

/** Whether the single sink's population is fixed by trace conservation (see SectorPlan.traceSink). */
function conservesTrace(free: FreeSector[], sinks: Sink[], sinkIsDiagonal: boolean[]): boolean {
  if (sinks.length !== 1 || !sinkIsDiagonal[0]) return false;
  const sink = sinks[0];
  let scale = Math.hypot(sink.rateRe, sink.rateIm);
  for (const s of free) for (const m of [s.a, s.m]) for (let k = 0; k < m.re.length; k++) scale = Math.max(scale, Math.abs(m.re[k]), Math.abs(m.im[k]));
  const tol = TRACE_TOLERANCE * scale;
  if (Math.hypot(sink.rateRe, sink.rateIm) > tol) return false;
  for (let p = 0; p < free.length; p++) {
    const s = free[p];
    const gt = sink.feeds.find((f) => f.source === p)?.gt;
    if (!s.diagonal) {
      if (gt && gt.re.some((v, k) => Math.abs(v) > tol || Math.abs(gt.im[k]) > tol)) return false;
      continue;
    }
    // Gᵀ[q, p] = G_pq must equal −(A + M)_qp
    const n = s.na;
    for (let q = 0; q < n; q++) {
      for (let r = 0; r < n; r++) {
        const gr = gt ? gt.re[q * n + r] : 0, gi = gt ? gt.im[q * n + r] : 0;
        if (Math.abs(gr + s.a.re[q * n + r] + s.m.re[q * n + r]) > tol || Math.abs(gi + s.a.im[q * n + r] + s.m.im[q * n + r]) > tol) return false;
      }
    }
  }
  return true;
}

/** m[i, j] of a sparse matrix (0 if not stored). */
function entry(m: SparseMatrix, i: number, j: number): { re: number; im: number } {
  let re = 0, im = 0;
  for (let k = m.rowPtr[i]; k < m.rowPtr[i + 1]; k++) if (m.colIndex[k] === j) { re += m.re[k]; im += m.im[k]; }
  return { re, im };
}

function nonzeros(a: ComplexMatrix): number {
  let count = 0;
  for (let k = 0; k < a.re.length; k++) if (a.re[k] !== 0 || a.im[k] !== 0) count++;
  return count;
}

/** Rough flop count of one step operator (exponentials) and of one application, for the cost model. */
export function sectorPlanCost(plan: SectorPlan): { perStep: number; perApplication: number; generatorNonzeros: number; normLower: number } {
  const expmCost = (n: number): number => 20 * 8 * n * n * n;
  let perStep = 0, perApplication = 0, generatorNonzeros = 0, normLower = 0;
  for (const s of plan.free) {
    // ‖L‖₁ ≥ |L_jj| = |A_pp + M_qq|
    for (let p = 0; p < s.na; p++) {
      for (let q = 0; q < s.nb; q++) normLower = Math.max(normLower, Math.hypot(s.a.re[p * s.na + p] + s.m.re[q * s.nb + q], s.a.im[p * s.na + p] + s.m.im[q * s.nb + q]));
    }
    perStep += expmCost(s.na) + expmCost(s.nb);
    perApplication += 8 * (s.na * s.na * s.nb + s.na * s.nb * s.nb);
    // nonzeros of I⊗A + Mᵀ⊗I: at least those of either term
    generatorNonzeros += Math.max(s.nb * nonzeros(s.a), s.na * nonzeros(s.m));
  }
  for (const [index, f] of plan.sinks.entries()) {
    if (index === plan.traceSink) { perApplication += 8 * plan.free.reduce((t, s) => t + (s.diagonal ? s.na : 0), 0); continue; }
    for (const feed of f.feeds) {
      const s = plan.free[feed.source];
      perStep += 2 * expmCost(s.na + s.nb);
      perApplication += 8 * s.na * s.nb;
    }
  }
  return { perStep, perApplication, generatorNonzeros, normLower };
}

/** The exact one-step map of a plan for step Δ. */
export interface SectorStep {
  dt: number;
  /** Per free sector: P_a = e^{AΔ} and P_b = e^{MΔ} (X ← P_a X P_b), with P_bᴴ and the transposes the products use. */
  free: { pa: ComplexMatrix; pbH: ComplexMatrix; paT: ComplexMatrix; pbT: ComplexMatrix }[];
  /** Per sink: e^{ℓΔ} and the W of each feed (row-major nb × na: contribution Σ W_qp X_pq). */
  sinks: { decayRe: number; decayIm: number; w: ComplexMatrix[] }[];
}

function scaled(a: ComplexMatrix, f: number): ComplexMatrix {
  const out = new ComplexMatrix(a.rows, a.cols);
  for (let k = 0; k < a.re.length; k++) { out.re[k] = a.re[k] * f; out.im[k] = a.im[k] * f; }
  return out;
}

/** aᵀ (conjugate = true: aᴴ). */
function transposed(a: ComplexMatrix, conjugate = false): ComplexMatrix {
  const out = new ComplexMatrix(a.cols, a.rows);
  const sign = conjugate ? -1 : 1;
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) { out.re[j * a.rows + i] = a.re[i * a.cols + j]; out.im[j * a.rows + i] = sign * a.im[i * a.cols + j]; }
  return out;
}

/**
 * W = ∫_0^Δ e^{ℓ(Δ−τ)} e^{Mτ} Gᵀ e^{Aτ} dτ (see the module comment). For a
 * diagonal sector (M = A†) one exponential of the (n_a + n_b)-dimensional
 * Van Loan block supplies everything: e^{Aδ} = e^{ℓδ}·(its lower-right block).
 */
export function feedIntegral(a: ComplexMatrix, m: ComplexMatrix, gt: ComplexMatrix, rateRe: number, rateIm: number, dt: number, diagonal = false): ComplexMatrix {
  const na = a.rows, nb = m.rows, n = na + nb;
  // Z = [[−M, Gᵀ], [0, A − ℓI]]
  const z = new ComplexMatrix(n, n);
  for (let i = 0; i < nb; i++) {
    for (let j = 0; j < nb; j++) { z.re[i * n + j] = -m.re[i * nb + j]; z.im[i * n + j] = -m.im[i * nb + j]; }
    for (let j = 0; j < na; j++) { z.re[i * n + nb + j] = gt.re[i * na + j]; z.im[i * n + nb + j] = gt.im[i * na + j]; }
  }
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < na; j++) { z.re[(nb + i) * n + nb + j] = a.re[i * na + j]; z.im[(nb + i) * n + nb + j] = a.im[i * na + j]; }
    z.re[(nb + i) * n + nb + i] -= rateRe;
    z.im[(nb + i) * n + nb + i] -= rateIm;
  }
  const nz = norm1(z) * Math.abs(dt);
  const doublings = nz > 1 ? Math.ceil(Math.log2(nz)) : 0;
  let delta = dt / 2 ** doublings;
  const ez = expm(scaled(z, delta));
  let [er, ei] = cexp(rateRe * delta, rateIm * delta);
  // e^{Aδ} = e^{ℓδ} e^{(A−ℓ)δ} (lower-right block); K = upper-right block
  let pa = new ComplexMatrix(na, na);
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < na; j++) {
      const r = ez.re[(nb + i) * n + nb + j], im = ez.im[(nb + i) * n + nb + j];
      pa.re[i * na + j] = er * r - ei * im;
      pa.im[i * na + j] = er * im + ei * r;
    }
  }
  let pb = diagonal ? transposed(pa, true) : expm(scaled(m, delta));
  const k = new ComplexMatrix(nb, na);
  for (let i = 0; i < nb; i++) for (let j = 0; j < na; j++) { k.re[i * na + j] = ez.re[i * n + nb + j]; k.im[i * na + j] = ez.im[i * n + nb + j]; }
  // W(δ) = e^{ℓδ} e^{Mδ} K
  let w = new ComplexMatrix(nb, na);
  matmulInto(w, pb, k);
  for (let x = 0; x < w.re.length; x++) { const r = w.re[x], i = w.im[x]; w.re[x] = er * r - ei * i; w.im[x] = er * i + ei * r; }
  const t1 = new ComplexMatrix(nb, na);
  let wNext = new ComplexMatrix(nb, na);
  let pa2 = new ComplexMatrix(na, na), pb2 = new ComplexMatrix(nb, nb);
  for (let d = 0; d < doublings; d++) {
    // W(2δ) = e^{Mδ} W(δ) e^{Aδ} + e^{ℓδ} W(δ)
    matmulInto(t1, pb, w);
    matmulInto(wNext, t1, pa);
    for (let x = 0; x < w.re.length; x++) {
      const r = w.re[x], i = w.im[x];
      wNext.re[x] += er * r - ei * i;
      wNext.im[x] += er * i + ei * r;
    }
    [w, wNext] = [wNext, w];
    if (d + 1 < doublings) {
      matmulInto(pa2, pa, pa); [pa, pa2] = [pa2, pa];
      matmulInto(pb2, pb, pb); [pb, pb2] = [pb2, pb];
      delta *= 2;
      [er, ei] = cexp(rateRe * delta, rateIm * delta);
    }
  }
  return w;
}

function cexp(x: number, y: number): [number, number] {
  const mag = Math.exp(x);
  return [mag * Math.cos(y), mag * Math.sin(y)];
}

/** The step map of `plan` for step Δ. */
export function sectorStep(plan: SectorPlan, dt: number): SectorStep {
  const free = plan.free.map((s) => {
    const pa = expm(scaled(s.a, dt));
    const pb = s.diagonal ? transposed(pa, true) : expm(scaled(s.m, dt)); // e^{A†Δ} = (e^{AΔ})†
    return { pa, pbH: transposed(pb, true), paT: transposed(pa), pbT: transposed(pb) };
  });
  const sinks = plan.sinks.map((f, index) => {
    const [decayRe, decayIm] = cexp(f.rateRe * dt, f.rateIm * dt);
    return {
      decayRe, decayIm,
      w: index === plan.traceSink ? [] : f.feeds.map((feed) => { const s = plan.free[feed.source]; return feedIntegral(s.a, s.m, feed.gt, f.rateRe, f.rateIm, dt, s.diagonal); }),
    };
  });
  return { dt, free, sinks };
}

/**
 * The propagated state of a plan: the reduced vector, and for each free
 * sector that is a rank-one X = u v† (every sector of a pure initial state —
 * free sectors are never fed, so they keep the rank of ρ0's sector) the
 * factors, propagated as u ← P_a u, v ← P_bᴴ v: O(n_a² + n_b²) per step
 * instead of the O(n_a n_b (n_a + n_b)) of the two products.
 */
export class SectorState {
  readonly xr: Float64Array;
  readonly xi: Float64Array;
  private readonly factors: ({ ur: Float64Array; ui: Float64Array; vr: Float64Array; vi: Float64Array; tr: Float64Array; ti: Float64Array } | null)[];
  private readonly buffers: { t: ComplexMatrix; y: ComplexMatrix }[];
  /** Tr ρ(0) over the reduced state (for a trace sink). */
  private readonly traceRe: number;
  private readonly traceIm: number;

  constructor(private readonly plan: SectorPlan, x0: { re: Float64Array; im: Float64Array }) {
    this.xr = x0.re.slice();
    this.xi = x0.im.slice();
    const t0 = this.freeTrace();
    const sink = plan.traceSink >= 0 ? plan.sinks[plan.traceSink].offset : -1;
    this.traceRe = t0.re + (sink >= 0 ? this.xr[sink] : 0);
    this.traceIm = t0.im + (sink >= 0 ? this.xi[sink] : 0);
    this.factors = plan.free.map((s) => rankOneFactors(this.xr, this.xi, s.offset, s.na, s.nb));
    this.buffers = plan.free.map((s, p) => (this.factors[p] ? { t: new ComplexMatrix(0, 0), y: new ComplexMatrix(0, 0) } : { t: new ComplexMatrix(s.nb, s.na), y: new ComplexMatrix(s.nb, s.na) }));
  }

  /** Number of free sectors propagated as rank-one factors. */
  get rankOneSectors(): number {
    return this.factors.filter((f) => f !== null).length;
  }

  /** Σ Tr X_s over the diagonal free sectors. */
  private freeTrace(): { re: number; im: number } {
    let re = 0, im = 0;
    for (const s of this.plan.free) {
      if (!s.diagonal) continue;
      for (let p = 0; p < s.na; p++) { re += this.xr[s.offset + p * (s.na + 1)]; im += this.xi[s.offset + p * (s.na + 1)]; }
    }
    return { re, im };
  }

  /** x ← exp(LΔ) x (sinks first: they read the free sectors at the start of the step). */
  apply(step: SectorStep): void {
    const { plan, xr, xi } = this;
    for (let f = 0; f < plan.sinks.length; f++) {
      if (f === plan.traceSink) continue;
      const sink = plan.sinks[f], st = step.sinks[f];
      const o = sink.offset;
      let sr = st.decayRe * xr[o] - st.decayIm * xi[o];
      let si = st.decayRe * xi[o] + st.decayIm * xr[o];
      for (let q = 0; q < sink.feeds.length; q++) {
        const s = plan.free[sink.feeds[q].source];
        const w = st.w[q];
        const so = s.offset, len = s.na * s.nb;
        for (let x = 0; x < len; x++) {
          const wr = w.re[x], wi = w.im[x], vr = xr[so + x], vi = xi[so + x];
          sr += wr * vr - wi * vi;
          si += wr * vi + wi * vr;
        }
      }
      xr[o] = sr;
      xi[o] = si;
    }
    for (let p = 0; p < plan.free.length; p++) {
      const s = plan.free[p];
      const fp = this.factors[p];
      if (fp) {
        // u ← P_a u, v ← P_bᴴ v, X = u v†: X_pq at offset + p + q·na
        const { ur, ui, vr, vi, tr, ti } = fp;
        matvecInto(step.free[p].pa, ur, ui, tr, ti);
        ur.set(tr.subarray(0, s.na)); ui.set(ti.subarray(0, s.na));
        matvecInto(step.free[p].pbH, vr, vi, tr, ti);
        vr.set(tr.subarray(0, s.nb)); vi.set(ti.subarray(0, s.nb));
        for (let q = 0; q < s.nb; q++) {
          const cr = vr[q], ci = -vi[q];
          const o = s.offset + q * s.na;
          for (let r = 0; r < s.na; r++) {
            xr[o + r] = ur[r] * cr - ui[r] * ci;
            xi[o + r] = ur[r] * ci + ui[r] * cr;
          }
        }
        continue;
      }
      const len = s.na * s.nb;
      const xt = new ComplexMatrix(s.nb, s.na, xr.subarray(s.offset, s.offset + len), xi.subarray(s.offset, s.offset + len));
      const { t, y } = this.buffers[p];
      // Xᵀ ← P_bᵀ Xᵀ P_aᵀ on the row-major slice Xᵀ
      matmulInto(t, step.free[p].pbT, xt);
      matmulInto(y, t, step.free[p].paT);
      xt.re.set(y.re);
      xt.im.set(y.im);
    }
    if (plan.traceSink >= 0) {
      const t = this.freeTrace(), o = plan.sinks[plan.traceSink].offset;
      xr[o] = this.traceRe - t.re;
      xi[o] = this.traceIm - t.im;
    }
  }
}

/**
 * Factors u, v with X = u v† of the sector slice (X_pq at offset + p + q·na)
 * when X has rank one to 1e-14 of its largest entry, else null.
 */
export function rankOneFactors(xr: Float64Array, xi: Float64Array, offset: number, na: number, nb: number): { ur: Float64Array; ui: Float64Array; vr: Float64Array; vi: Float64Array; tr: Float64Array; ti: Float64Array } | null {
  let best = -1, bestAbs = 0;
  for (let x = 0; x < na * nb; x++) {
    const v = Math.hypot(xr[offset + x], xi[offset + x]);
    if (v > bestAbs) { bestAbs = v; best = x; }
  }
  const ur = new Float64Array(na), ui = new Float64Array(na), vr = new Float64Array(nb), vi = new Float64Array(nb);
  const scratch = { tr: new Float64Array(Math.max(na, nb)), ti: new Float64Array(Math.max(na, nb)) };
  if (best < 0) return { ur, ui, vr, vi, ...scratch }; // X = 0
  const p0 = best % na, q0 = (best - p0) / na;
  // u = X[:, q0];  conj(v_q) = X[p0, q] / X[p0, q0]
  const pr = xr[offset + best], pi = xi[offset + best], d = pr * pr + pi * pi;
  for (let p = 0; p < na; p++) { ur[p] = xr[offset + p + q0 * na]; ui[p] = xi[offset + p + q0 * na]; }
  for (let q = 0; q < nb; q++) {
    const yr = xr[offset + p0 + q * na], yi = xi[offset + p0 + q * na];
    // y / pivot, then conjugate
    vr[q] = (yr * pr + yi * pi) / d;
    vi[q] = -(yi * pr - yr * pi) / d;
  }
  const tol = 1e-14 * bestAbs;
  for (let q = 0; q < nb; q++) {
    const cr = vr[q], ci = -vi[q];
    for (let p = 0; p < na; p++) {
      const er = ur[p] * cr - ui[p] * ci, ei = ur[p] * ci + ui[p] * cr;
      if (Math.abs(er - xr[offset + p + q * na]) > tol || Math.abs(ei - xi[offset + p + q * na]) > tol) return null;
    }
  }
  return { ur, ui, vr, vi, ...scratch };
}
