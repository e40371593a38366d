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
import { gramRows, matmulReal, matmulTransposedReal } from '../../linalg/real-dense.js';
import { uniformOpen } from '../../solvers/random.js';
import type { JumpableRandomGenerator } from '../../solvers/random.js';
import { blochBias } from './bloch.js';
import { applyStencilBlock, chebyshevStepBlock, spectralBound, type AndersonLattice } from './lattice.js';
import { leakageTerm, lorentzian, type IssSums } from './polarization.js';
import { dosBins, driveOf, pointQuantities, realizationLattice, realizationStream, type RealizationResult } from './realization.js';
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
  // N + 1 rows: row N stays zero (missing neighbours at open boundaries).
  const buffers = [new Float64Array((N + 1) * BLOCK), new Float64Array((N + 1) * BLOCK), new Float64Array((N + 1) * BLOCK)];
  const dots = new Float64Array(BLOCK), cross = new Float64Array(BLOCK), mu1 = new Float64Array(BLOCK);
  for (let first = 0; first < S; first += BLOCK) {
    const k = Math.min(BLOCK, S - first);
    const len = (N + 1) * k;
    const [a, b, c0] = buffers.map((buf) => buf.subarray(0, len));
    a.fill(0);
    b.fill(0);
    c0.fill(0);
    for (let c = 0; c < k; c++) a[sites[first + c] * k + c] = 1;
    applyStencilBlock(lat, scale, 0, a, b, k); // v_1 = H̃ v_0 (rows 0 … N−1; row N stays 0)
    for (let c = 0; c < k; c++) {
      const row = (first + c) * M;
      out[row] = 1;
      mu1[c] = b[sites[first + c] * k + c];
      if (M > 1) out[row + 1] = mu1[c];
    }
    // At step n: x = v_{n−1}, y = v_n, z ← v_{n+1}; μ_2n = 2⟨v_n|v_n⟩ − 1, μ_2n+1 = 2⟨v_{n+1}|v_n⟩ − μ_1.
    let x = a, y = b, z = c0;
    for (let n = 1; n <= last; n++) {
      dots.fill(0);
      cross.fill(0);
      chebyshevStepBlock(lat, scale, x, y, z, k, dots, cross);
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
  // Everything below is bilinear in the moments of a site, so the sites enter only through
  // the moment covariance C = Σ_j μ^j μ^jᵀ (M×M) and the mean moments μ̄:
  //   Σ_j ρ_j(ε_g)ρ_j(ε_g + ω) = T_0[g,:] · C · T_ω[g,:],  ρ̄(ε_g + ω) = T_ω[g,:] · μ̄.
  // With few sites (S·(shifts + 1) < M) the site densities ρ_j on the grid are cheaper.
  const meanMu = new Float64Array(M);
  for (let j = 0; j < S; j++) for (let n = 0; n < M; n++) meanMu[n] += mu[j * M + n] / S;
  const t0 = reconstructionMatrix(grid, 0, scale, kernel);
  const shifts = [...new Set([...settings.points.map((p) => p.omegaN), ...settings.cOmegas])];
  const perSite = S * (shifts.length + 1) < M;
  const rowDots = (a: Float64Array, b: Float64Array, width: number, scaleBy: number): Float64Array => {
    const out = new Float64Array(G);
    for (let g = 0; g < G; g++) {
      let s = 0;
      const o = g * width;
      for (let n = 0; n < width; n++) s += a[o + n] * b[o + n];
      out[g] = s * scaleBy;
    }
    return out;
  };
  const times = (t: Float64Array, v: Float64Array): Float64Array => {
    const out = new Float64Array(G);
    for (let g = 0; g < G; g++) {
      let s = 0;
      const o = g * M;
      for (let n = 0; n < M; n++) s += t[o + n] * v[n];
      out[g] = s;
    }
    return out;
  };
  let cov: Float64Array | null = null;
  let rho0: Float64Array | null = null; // G×S site densities (per-site variant)
  let t0cov: Float64Array | null = null;
  if (perSite) {
    rho0 = matmulTransposedReal(t0, mu, G, S, M);
  } else {
    const muT = new Float64Array(M * S);
    for (let j = 0; j < S; j++) for (let n = 0; n < M; n++) muT[n * S + j] = mu[j * M + n];
    cov = gramRows(muT, M, S);
    t0cov = matmulReal(t0, cov, G, M, M);
  }
  const shifted = new Map<number, { corr: Float64Array; rhoBar: Float64Array }>();
  for (const w of shifts) {
    const tw = reconstructionMatrix(grid, w, scale, kernel);
    const corr = perSite ? rowDots(rho0!, matmulTransposedReal(tw, mu, G, S, M), S, 1 / S) : rowDots(t0cov!, tw, M, 1 / S);
    shifted.set(w, { corr, rhoBar: times(tw, meanMu) });
  }
  const rhoBar0 = times(t0, meanMu);
  const leakage = leakageTerm(settings.NnOverNe * N, settings.A0, settings.T1n, settings.T2n);
  const deltaWeight = (N * Math.PI) / settings.T2n; // N·(π/T2n): the Lorentzian as a δ
  const points = settings.points.map((pt) => {
    const drive = driveOf(settings, pt.omegaMW);
    const { corr: k, rhoBar: rhoBarW } = shifted.get(pt.omegaN)!;
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
    // Σ_j (∫ρ_j P_B)²: per site on the grid, or uᵀ C u with u_n = h Σ_g T_0[g, n] P_B(ε_g).
    let pl = 0;
    if (perSite) {
      for (let j = 0; j < S; j++) {
        let q = 0;
        for (let g = 0; g < G; g++) q += rho0![g * S + j] * p0[g];
        pl += (q * h) ** 2;
      }
    } else {
      const u = new Float64Array(M);
      for (let g = 0; g < G; g++) { const f = h * p0[g], o = g * M; for (let n = 0; n < M; n++) u[n] += t0[o + n] * f; }
      for (let n = 0; n < M; n++) { let r = 0; const o = n * M; for (let m = 0; m < M; m++) r += cov![o + m] * u[m]; pl += u[n] * r; }
    }
    const lw = lorentzian(pt.omegaN, settings.T2n);
    const sums: IssSums = { difference: deltaWeight * d * h, sum: deltaWeight * s * h, polarizationLoss: (lw * pl * N) / S };
    const goeSums: IssSums = { difference: deltaWeight * dG * h, sum: deltaWeight * sG * h, polarizationLoss: lw * N * (pBar * h) ** 2 };
    return pointQuantities(sums, goeSums, leakage, Math.tanh((settings.beta * pt.omegaN) / 2), NaN);
  });
  const cK: number[] = [], cR: number[] = [];
  for (const omega of settings.cOmegas) {
    const { corr: k, rhoBar: rb } = shifted.get(omega)!;
    let kk = 0, rr = 0;
    for (let g = 0; g < G; g++) { kk += k[g]; rr += rhoBar0[g] * rb[g]; }
    cK.push(kk * h);
    cR.push(rr * h);
  }
  const { centres, bin } = dosBins(settings);
  const dos = centres.map((c) => kpmIntervalMass(meanMu, kernel, scale, 2 * Math.PI * (c - bin / 2), 2 * Math.PI * (c + bin / 2)) / bin);
  const m2 = (scale * scale * (1 + (M > 2 ? meanMu[2] : 2 * meanMu[1] * meanMu[1] - 1))) / 2 / (2 * Math.PI) ** 2;
  return { index: r, points, ipr: NaN, iprGoe: NaN, m2, dos, cK, cR, cKGoe: [], cRGoe: [] };
}
