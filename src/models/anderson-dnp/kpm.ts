/**
 * Scalable route of seed 001: the kernel polynomial method (Weiße, Wellein,
 * Alvermann & Fehske, Rev. Mod. Phys. 78, 275 (2006)) — no diagonalization.
 *
 * For a sampled set of S sites j, the local densities of states
 * ρ_j(ε) = Σ_α |φ_αj|² δ(ε − ε_α) are expanded in Chebyshev polynomials of
 * the rescaled matrix H̃ = (M − ω_e)/a (a above the Gershgorin bound, so the
 * spectrum lies in (−1, 1)):
 *
 *   μ_n^j = ⟨j|T_n(H̃)|j⟩,   ρ_j(ε) = [g_0μ_0 + 2Σ_{n≥1} g_nμ_n^j T_n(x)] / (πa√(1 − x²)),  x = ε/a,
 *
 * with the Jackson kernel g_n (resolution σ ≈ πa/M for M moments). The
 * moments come from the three-term recursion on a block of site vectors at
 * once (a 7-point stencil product, lattice.ts), with the doubling identities
 * μ_2n = 2⟨v_n|v_n⟩ − μ_0, μ_2n+1 = 2⟨v_n+1|v_n⟩ − μ_1, so M moments cost M/2
 * products.
 *
 * The correlator of Eq. 21 is estimated as 𝒦(ε, ε') ≈ (1/S) Σ_j ρ_j(ε)ρ_j(ε')
 * (exact for S = N up to the kernel broadening), the DOS as the site mean.
 * Quantities are integrals on a uniform energy grid (spacing σ/4). The T2n
 * Lorentzian of the hyperfine rates (width 1/T2n ≈ 10⁵ rad/s) is far
 * narrower than σ (~10⁶–10⁷ rad/s), so it is integrated as (π/T2n) δ:
 *
 *   D ≈ N (π/T2n) ∫dε 𝒦(ε, ε + ω_n) [P_B(ε + ω_n) − P_B(ε)],
 *   S ≈ N (π/T2n) ∫dε 𝒦(ε, ε + ω_n) [1 − P_B(ε)P_B(ε + ω_n)],
 *   PL = L(ω_n) Σ_j (∫ρ_j P_B)²  (N/S times the sampled sum).
 *
 * This neglects the Lorentzian's far tails (relative size ~1/(πT2n·σ) < 1 %).
 * Cost per realization: S·M/2 stencil products of 8N flops.
 */
import { matmulTransposedReal } from '../../linalg/real-dense.js';
import { uniformOpen } from '../../solvers/jump-trajectory.js';
import type { JumpableRandomGenerator } from '../../solvers/random.js';
import { blochBias } from './bloch.js';
import { driveOf, pointQuantities } from './exact.js';
import { applyStencilBlock, spectralBound, type AndersonLattice } from './lattice.js';
import { leakageTerm, lorentzian, type IssSums } from './polarization.js';
import { dosBins, realizationLattice, realizationStream, type RealizationResult } from './realization.js';
import type { AndersonDnpSettings } from './settings.js';

/** Rescaling margin: a = (1 + KPM_MARGIN)·(Gershgorin bound). */
export const KPM_MARGIN = 0.02;
/** Sites per stencil block. */
const BLOCK = 16;

/** Jackson kernel coefficients g_0 … g_{M−1}. */
export function jacksonKernel(M: number): Float64Array {
  const g = new Float64Array(M);
  const q = Math.PI / (M + 1);
  const cot = Math.cos(q) / Math.sin(q);
  for (let n = 0; n < M; n++) g[n] = ((M - n + 1) * Math.cos(q * n) + Math.sin(q * n) * cot) / (M + 1);
  return g;
}

/** KPM energy resolution σ ≈ πa/M (rad/s) of M moments at scale a. */
export function kpmResolution(scale: number, M: number): number {
  return (Math.PI * scale) / M;
}

/**
 * S sites sampled without replacement (partial Fisher–Yates on `rng`), or
 * every site in order when S ≥ N.
 */
export function sampleSites(N: number, S: number, rng: JumpableRandomGenerator): Int32Array {
  if (S >= N) return Int32Array.from({ length: N }, (_, i) => i);
  const idx = Int32Array.from({ length: N }, (_, i) => i);
  for (let k = 0; k < S; k++) {
    const j = k + Math.min(N - k - 1, Math.floor(uniformOpen(rng) * (N - k)));
    const tmp = idx[k]; idx[k] = idx[j]; idx[j] = tmp;
  }
  return idx.slice(0, S).sort();
}

/**
 * Local Chebyshev moments μ_n^j = ⟨j|T_n((M − ω_e)/scale)|j⟩ for the given
 * sites: row-major S×M (row = site).
 */
export function localMoments(lat: AndersonLattice, sites: Int32Array, M: number, scale: number): Float64Array {
  const N = lat.N, S = sites.length;
  const out = new Float64Array(S * M);
  const last = Math.floor((M - 1) / 2); // v_n up to n = last + 1 gives μ up to M − 1
  const v0 = new Float64Array(N * BLOCK), v1 = new Float64Array(N * BLOCK), v2 = new Float64Array(N * BLOCK);
  const dots = new Float64Array(BLOCK), cross = new Float64Array(BLOCK), mu1 = new Float64Array(BLOCK);
  for (let first = 0; first < S; first += BLOCK) {
    const k = Math.min(BLOCK, S - first);
    const len = N * k;
    const a = v0.subarray(0, len), b = v1.subarray(0, len);
    a.fill(0);
    for (let c = 0; c < k; c++) a[sites[first + c] * k + c] = 1;
    applyStencilBlock(lat, scale, 0, a, b, k);
    for (let c = 0; c < k; c++) {
      const row = (first + c) * M;
      out[row] = 1;
      mu1[c] = b[sites[first + c] * k + c];
      if (M > 1) out[row + 1] = mu1[c];
    }
    // v_n = a (n), v_{n+1} = b. Moments 2n and 2n+1 from ⟨v_n|v_n⟩ and ⟨v_{n+1}|v_n⟩.
    let x = a, y = b;
    let z = v2.subarray(0, len);
    for (let n = 1; n <= last; n++) {
      // z = 2 H̃ y − x  (v_{n+1} from v_n = y, v_{n−1} = x)
      applyStencilBlock(lat, scale, 0, y, z, k);
      for (let i = 0; i < len; i++) z[i] = 2 * z[i] - x[i];
      // ⟨v_n|v_n⟩ (y) → μ_2n ; ⟨v_{n+1}|v_n⟩ (z, y) → μ_2n+1
      dots.fill(0);
      cross.fill(0);
      for (let i = 0; i < N; i++) {
        const o = i * k;
        for (let c = 0; c < k; c++) {
          const yc = y[o + c];
          dots[c] += yc * yc;
          cross[c] += z[o + c] * yc;
        }
      }
      for (let c = 0; c < k; c++) {
        const row = (first + c) * M;
        if (2 * n < M) out[row + 2 * n] = 2 * dots[c] - 1;
        if (2 * n + 1 < M) out[row + 2 * n + 1] = 2 * cross[c] - mu1[c];
      }
      const t = x; x = y; y = z; z = t;
    }
  }
  return out;
}

/**
 * Reconstruction matrix T[g·M + n] = c_n g_n T_n(x_g) / (πa√(1 − x_g²)),
 * x_g = (ε_g + shift)/a (c_0 = 1, c_n = 2), zero where |x_g| ≥ 1: ρ_j(ε_g + shift) = Σ_n T[g, n] μ_n^j.
 */
export function reconstructionMatrix(grid: Float64Array, shift: number, scale: number, kernel: Float64Array): Float64Array {
  const G = grid.length, M = kernel.length;
  const t = new Float64Array(G * M);
  for (let g = 0; g < G; g++) {
    const x = (grid[g] + shift) / scale;
    if (!(Math.abs(x) < 1)) continue;
    const w = 1 / (Math.PI * scale * Math.sqrt(1 - x * x));
    let tPrev = 1, tCur = x;
    const row = g * M;
    t[row] = kernel[0] * w;
    if (M > 1) t[row + 1] = 2 * kernel[1] * x * w;
    for (let n = 2; n < M; n++) {
      const tNext = 2 * x * tCur - tPrev;
      t[row + n] = 2 * kernel[n] * tNext * w;
      tPrev = tCur; tCur = tNext;
    }
  }
  return t;
}

/**
 * Mass of the site-averaged KPM density in [e1, e2] (rad/s, relative to ω_e):
 * exact integral of the Chebyshev series, (1/π)[g_0μ_0(θ1 − θ2) + 2Σ g_nμ_n (sin nθ1 − sin nθ2)/n], θ = arccos x.
 */
export function kpmIntervalMass(meanMoments: Float64Array, kernel: Float64Array, scale: number, e1: number, e2: number): number {
  const clip = (x: number): number => Math.max(-1, Math.min(1, x));
  const th1 = Math.acos(clip(e1 / scale)), th2 = Math.acos(clip(e2 / scale));
  let s = kernel[0] * meanMoments[0] * (th1 - th2);
  for (let n = 1; n < kernel.length; n++) s += (2 * kernel[n] * meanMoments[n] * (Math.sin(n * th1) - Math.sin(n * th2))) / n;
  return s / Math.PI;
}

/** Everything of realization r by the kernel polynomial method. */
export function kpmRealization(settings: AndersonDnpSettings, r: number): RealizationResult {
  const rng = realizationStream(settings.seed, r);
  const lat = realizationLattice(settings, rng);
  const N = lat.N;
  const sites = sampleSites(N, settings.sites, rng);
  const S = sites.length;
  const M = settings.moments;
  const bound = spectralBound(lat);
  const scale = bound * (1 + KPM_MARGIN);
  const mu = localMoments(lat, sites, M, scale);
  const kernel = jacksonKernel(M);
  const sigma = kpmResolution(scale, M);
  const h = sigma / 4;
  const G = Math.floor((2 * bound) / h) + 1;
  const grid = new Float64Array(G);
  for (let g = 0; g < G; g++) grid[g] = -bound + g * h;
  // Site-resolved densities on the grid, shifted by each frequency needed.
  const shifts = [...new Set([0, ...settings.points.map((p) => p.omegaN), ...settings.cOmegas])];
  const rho = new Map<number, Float64Array>();
  for (const s of shifts) rho.set(s, matmulTransposedReal(reconstructionMatrix(grid, s, scale, kernel), mu, G, S, M)); // G×S
  const rho0 = rho.get(0)!;
  const mean = (x: Float64Array): Float64Array => {
    const m = new Float64Array(G);
    for (let g = 0; g < G; g++) { let s = 0; for (let j = 0; j < S; j++) s += x[g * S + j]; m[g] = s / S; }
    return m;
  };
  const corr = (x: Float64Array, y: Float64Array): Float64Array => {
    const m = new Float64Array(G);
    for (let g = 0; g < G; g++) { let s = 0; for (let j = 0; j < S; j++) s += x[g * S + j] * y[g * S + j]; m[g] = s / S; }
    return m;
  };
  const rhoBar0 = mean(rho0);
  const leakage = leakageTerm(settings.NnOverNe * N, settings.A0, settings.T1n, settings.T2n);
  const deltaWeight = (N * Math.PI) / settings.T2n; // N·(π/T2n): the Lorentzian as a δ
  const points = settings.points.map((pt) => {
    const drive = driveOf(settings, pt.omegaMW);
    const rw = rho.get(pt.omegaN)!;
    const k = corr(rho0, rw), rhoBarW = mean(rw);
    let d = 0, s = 0, dG = 0, sG = 0, pBar = 0;
    const p0 = new Float64Array(G);
    for (let g = 0; g < G; g++) {
      const a = blochBias(settings.omegaE + grid[g], drive);
      const b = blochBias(settings.omegaE + grid[g] + pt.omegaN, drive);
      p0[g] = a;
      d += k[g] * (b - a);
      s += k[g] * (1 - a * b);
      const rr = rhoBar0[g] * rhoBarW[g];
      dG += rr * (b - a);
      sG += rr * (1 - a * b);
      pBar += rhoBar0[g] * a;
    }
    let pl = 0;
    for (let j = 0; j < S; j++) {
      let q = 0;
      for (let g = 0; g < G; g++) q += rho0[g * S + j] * p0[g];
      pl += (q * h) ** 2;
    }
    const lw = lorentzian(pt.omegaN, settings.T2n);
    const sums: IssSums = { difference: deltaWeight * d * h, sum: deltaWeight * s * h, polarizationLoss: (lw * pl * N) / S };
    const goeSums: IssSums = { difference: deltaWeight * dG * h, sum: deltaWeight * sG * h, polarizationLoss: lw * N * (pBar * h) ** 2 };
    return pointQuantities(sums, goeSums, leakage, Math.tanh((settings.beta * pt.omegaN) / 2), NaN);
  });
  const cK: number[] = [], cR: number[] = [];
  for (const omega of settings.cOmegas) {
    const rw = rho.get(omega)!;
    const k = corr(rho0, rw), rb = mean(rw);
    let kk = 0, rr = 0;
    for (let g = 0; g < G; g++) { kk += k[g]; rr += rhoBar0[g] * rb[g]; }
    cK.push(kk * h);
    cR.push(rr * h);
  }
  const meanMu = new Float64Array(M);
  for (let j = 0; j < S; j++) for (let n = 0; n < M; n++) meanMu[n] += mu[j * M + n] / S;
  const { centres, bin } = dosBins(settings);
  const dos = centres.map((c) => kpmIntervalMass(meanMu, kernel, scale, 2 * Math.PI * (c - bin / 2), 2 * Math.PI * (c + bin / 2)) / bin);
  const m2 = (scale * scale * (1 + (M > 2 ? meanMu[2] : 2 * meanMu[1] * meanMu[1] - 1))) / 2 / (2 * Math.PI) ** 2;
  return { index: r, points, ipr: NaN, iprGoe: NaN, m2, dos, cK, cR, cKGoe: [], cRGoe: [] };
}
