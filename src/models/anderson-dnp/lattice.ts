/**
 * The 3D Anderson model of seed 001 (Rodríguez-Arias, Müller, Rosso, De Luca,
 * PRB 98, 224202 (2018)), Eq. 7: on an L×L×L cubic lattice,
 *
 *   M_ii = ω_e + Δ_i,  Δ_i uniform on [−w/2, w/2];  M_ij = −t for nearest neighbours.
 *
 * Everything here works with M − ω_e (the disorder and the hopping only): the
 * eigenvalues of M are those of M − ω_e plus ω_e, added back by the callers
 * (the Bloch bias of Eq. 11 needs ε including ω_e). Frequencies are angular
 * (rad/s), as in the paper ("108 (2π MHz)").
 *
 * Site index i = (x·L + y)·L + z. Periodic boundaries (the default: the
 * critical w_c/t = 16.536 the paper quotes is a periodic-boundary result)
 * need L ≥ 3 so that the six neighbours of a site are distinct.
 */
import type { JumpableRandomGenerator } from '../../solvers/random.js';
import { uniformOpen } from '../../solvers/random.js';

export type Boundary = 'periodic' | 'open';

/** One disorder realization of the Anderson lattice (angular units). */
export interface AndersonLattice {
  /** Linear size L; N = L³ sites. */
  L: number;
  N: number;
  boundary: Boundary;
  /** Hopping t (rad/s). */
  t: number;
  /** Disorder width w (rad/s). */
  w: number;
  /** On-site energies Δ_i = M_ii − ω_e (rad/s), length N. */
  disorder: Float64Array;
}

/** Check L against the boundary condition; throws a RangeError naming `L`. */
export function checkLatticeSize(L: number, boundary: Boundary): void {
  if (!Number.isInteger(L) || L < 1) throw new RangeError(`L: expected a positive integer, got ${L}`);
  if (boundary === 'periodic' && L < 3) throw new RangeError(`L: periodic boundaries need L ≥ 3 (got ${L}); use boundary: open`);
}

/**
 * Draw the on-site disorder Δ_i = w (u_i − 1/2), u_i uniform on (0, 1), from
 * `rng` (N = L³ draws of 53 bits each, in site order).
 */
export function drawDisorder(N: number, w: number, rng: JumpableRandomGenerator): Float64Array {
  const d = new Float64Array(N);
  for (let i = 0; i < N; i++) d[i] = w * (uniformOpen(rng) - 0.5);
  return d;
}

/** A lattice realization from its disorder (validates the size). */
export function andersonLattice(L: number, t: number, w: number, boundary: Boundary, disorder: Float64Array): AndersonLattice {
  checkLatticeSize(L, boundary);
  const N = L * L * L;
  if (disorder.length !== N) throw new RangeError(`disorder: expected ${N} on-site energies, got ${disorder.length}`);
  return { L, N, boundary, t, w, disorder };
}

/**
 * Neighbours of site i along one axis: the index offsets of the + and −
 * neighbours, or −1 where an open boundary has none. `c` is the coordinate
 * along the axis and `stride` its index stride.
 */
function axisNeighbours(c: number, L: number, stride: number, periodic: boolean, out: Int32Array, slot: number, i: number): void {
  if (c + 1 < L) out[slot] = i + stride;
  else out[slot] = periodic ? i - (L - 1) * stride : -1;
  if (c > 0) out[slot + 1] = i - stride;
  else out[slot + 1] = periodic ? i + (L - 1) * stride : -1;
}

/** The six neighbour indices of site i (−1 for a missing neighbour at an open boundary). */
export function neighboursOf(i: number, L: number, boundary: Boundary, out = new Int32Array(6)): Int32Array {
  const z = i % L, y = Math.floor(i / L) % L, x = Math.floor(i / (L * L));
  const p = boundary === 'periodic';
  axisNeighbours(x, L, L * L, p, out, 0, i);
  axisNeighbours(y, L, L, p, out, 2, i);
  axisNeighbours(z, L, 1, p, out, 4, i);
  return out;
}

/**
 * Dense M − ω_e (Eq. 7 without the constant ω_e), row-major N×N, real
 * symmetric: a fresh array, or the first N² entries of `out` (overwritten).
 */
export function andersonMatrixDense(lat: AndersonLattice, out?: Float64Array): Float64Array {
  const { N, L, boundary, t, disorder } = lat;
  if (out && out.length < N * N) throw new RangeError(`andersonMatrixDense: out has length ${out.length} < N² = ${N * N}`);
  const m = out ? out.subarray(0, N * N).fill(0) : new Float64Array(N * N);
  const nb = new Int32Array(6);
  for (let i = 0; i < N; i++) {
    m[i * N + i] = disorder[i];
    neighboursOf(i, L, boundary, nb);
    for (let k = 0; k < 6; k++) if (nb[k] >= 0) m[i * N + nb[k]] -= t;
  }
  return m;
}

/**
 * Stencil product on a block of k vectors at once (the KPM fast path: no
 * sparse indices, each neighbour access reads k contiguous numbers):
 *
 *   y = ((M − ω_e) x − shift·x) / scale,
 *
 * with x and y interleaved, x[i·k + c] = component i of vector c. `y` must
 * not alias `x`. Cost ≈ 8·N·k flops.
 */
export function applyStencilBlock(lat: AndersonLattice, scale: number, shift: number, x: Float64Array, y: Float64Array, k: number): void {
  const { L, disorder, boundary } = lat;
  const inv = 1 / scale;
  const hop = -lat.t * inv;
  const periodic = boundary === 'periodic';
  const L2 = L * L;
  for (let ix = 0; ix < L; ix++) {
    const xp = ix + 1 < L ? L2 : periodic ? -(L - 1) * L2 : 0;
    const xm = ix > 0 ? -L2 : periodic ? (L - 1) * L2 : 0;
    const hasXp = ix + 1 < L || periodic, hasXm = ix > 0 || periodic;
    for (let iy = 0; iy < L; iy++) {
      const yp = iy + 1 < L ? L : periodic ? -(L - 1) * L : 0;
      const ym = iy > 0 ? -L : periodic ? (L - 1) * L : 0;
      const hasYp = iy + 1 < L || periodic, hasYm = iy > 0 || periodic;
      const row = (ix * L + iy) * L;
      for (let iz = 0; iz < L; iz++) {
        const i = row + iz;
        const zp = iz + 1 < L ? 1 : periodic ? -(L - 1) : 0;
        const zm = iz > 0 ? -1 : periodic ? L - 1 : 0;
        const hasZp = iz + 1 < L || periodic, hasZm = iz > 0 || periodic;
        const diag = (disorder[i] - shift) * inv;
        const o = i * k;
        for (let c = 0; c < k; c++) y[o + c] = diag * x[o + c];
        if (hasXp) { const q = (i + xp) * k; for (let c = 0; c < k; c++) y[o + c] += hop * x[q + c]; }
        if (hasXm) { const q = (i + xm) * k; for (let c = 0; c < k; c++) y[o + c] += hop * x[q + c]; }
        if (hasYp) { const q = (i + yp) * k; for (let c = 0; c < k; c++) y[o + c] += hop * x[q + c]; }
        if (hasYm) { const q = (i + ym) * k; for (let c = 0; c < k; c++) y[o + c] += hop * x[q + c]; }
        if (hasZp) { const q = (i + zp) * k; for (let c = 0; c < k; c++) y[o + c] += hop * x[q + c]; }
        if (hasZm) { const q = (i + zm) * k; for (let c = 0; c < k; c++) y[o + c] += hop * x[q + c]; }
      }
    }
  }
}

/**
 * Gershgorin bound of the spectrum of M − ω_e: |λ| ≤ w/2 + z·t with z = 6
 * neighbours (fewer at open boundaries, so the bound still holds).
 */
export function spectralBound(lat: AndersonLattice): number {
  let dmax = 0;
  for (let i = 0; i < lat.N; i++) dmax = Math.max(dmax, Math.abs(lat.disorder[i]));
  return dmax + 6 * Math.abs(lat.t);
}

/**
 * One Chebyshev step on a block of k interleaved vectors, fused with the two
 * inner products the doubling identities need (kpm.ts):
 *
 *   z = 2 H̃ y − x,  H̃ = (M − ω_e)/scale;  dots[c] += ⟨y_c|y_c⟩, cross[c] += ⟨z_c|y_c⟩.
 *
 * One pass over the lattice, each site's six neighbours read as k contiguous
 * numbers. Buffers hold N + 1 rows of k: row N must be zero (it stands in for
 * the missing neighbours of open boundaries). `dots` and `cross` are
 * accumulated into (zero them first).
 */
export function chebyshevStepBlock(lat: AndersonLattice, scale: number, x: Float64Array, y: Float64Array, z: Float64Array, k: number, dots: Float64Array, cross: Float64Array): void {
  const { L, N, disorder, boundary } = lat;
  const twoHop = (-2 * lat.t) / scale;
  const periodic = boundary === 'periodic';
  const L2 = L * L;
  const wrap = (c: number, d: number, i: number, stride: number): number => {
    const cc = c + d;
    if (cc >= 0 && cc < L) return (i + d * stride) * k;
    return periodic ? (i + (cc < 0 ? (L - 1) * stride : -(L - 1) * stride)) * k : N * k;
  };
  for (let ix = 0; ix < L; ix++) {
    for (let iy = 0; iy < L; iy++) {
      const row = (ix * L + iy) * L;
      for (let iz = 0; iz < L; iz++) {
        const i = row + iz;
        const o = i * k;
        const q1 = wrap(ix, 1, i, L2), q2 = wrap(ix, -1, i, L2);
        const q3 = wrap(iy, 1, i, L), q4 = wrap(iy, -1, i, L);
        const q5 = wrap(iz, 1, i, 1), q6 = wrap(iz, -1, i, 1);
        const diag = (2 * disorder[i]) / scale;
        for (let c = 0; c < k; c++) {
          const yc = y[o + c];
          const v = diag * yc + twoHop * (y[q1 + c] + y[q2 + c] + y[q3 + c] + y[q4 + c] + y[q5 + c] + y[q6 + c]) - x[o + c];
          z[o + c] = v;
          dots[c] += yc * yc;
          cross[c] += v * yc;
        }
      }
    }
  }
}
