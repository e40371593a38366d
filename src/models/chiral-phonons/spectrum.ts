/**
 * Spectra and exceptional points of the non-Hermitian Hamiltonian H_NH
 * (seed paper Eq. 8, with the γ' channel) in the one-quantum sector.
 *
 * Two spins ½ with a detuning δ (H += (δ/2)(S_A^z − S_B^z)):
 *   H_NH,1 = −iΓ 1 + [[δ/2, −2iγ' e^{iψ'}], [−2iγ e^{iφ}, −δ/2]],
 *   λ± = −iΓ ± √(δ²/4 − 4γγ' e^{i(φ+ψ')}),
 * so with the 'paper' phase convention (φ + ψ' = 0) the two eigenvalues
 * coalesce at the exceptional point δ_EP = 4√(γγ') (real splitting above,
 * imaginary below). At γ' = 0 the one-way chain's one-quantum block is a
 * single Jordan block (an exceptional point of order N) for any δ = 0.
 */
import { ComplexMatrix } from '../../linalg/dense.js';
import { nonHermitianSpectrum, findExceptionalPoint, type Eigenvalues, type ExceptionalPointResult } from '../../solvers/spectra.js';
import { cascadedChain, excitationSector, nonHermitianHamiltonian, type CascadedChainConfig } from './cascaded.js';

/** H_NH restricted to the states with exactly `quanta` excitations (dense, rad/s). */
export function sectorNonHermitianHamiltonian(config: CascadedChainConfig, quanta = 1): ComplexMatrix {
  const chain = cascadedChain({ ...config, maxExcitations: quanta });
  const h = nonHermitianHamiltonian(chain);
  const idx = excitationSector(chain, quanta);
  const pos = new Int32Array(h.rows).fill(-1);
  idx.forEach((g, k) => { pos[g] = k; });
  const m = new ComplexMatrix(idx.length, idx.length);
  for (const g of idx) {
    for (let k = h.rowPtr[g]; k < h.rowPtr[g + 1]; k++) {
      const c = pos[h.colIndex[k]];
      if (c < 0) continue;
      m.re[pos[g] * idx.length + c] = h.re[k];
      m.im[pos[g] * idx.length + c] = h.im[k];
    }
  }
  return m;
}

/** Two-spin configuration with relative detuning δ (rad/s) split ±δ/2. */
function detunedPair(base: Omit<CascadedChainConfig, 'spins' | 'detunings'>, delta: number): CascadedChainConfig {
  return { ...base, spins: [0.5, 0.5], detunings: [delta / 2, -delta / 2] };
}

/** Eigenvalues of the one-quantum H_NH of two spins ½ for each detuning δ (rad/s). */
export function pairSpectrumVsDetuning(base: Omit<CascadedChainConfig, 'spins' | 'detunings'>, deltas: readonly number[]): Eigenvalues[] {
  return deltas.map((d) => nonHermitianSpectrum(sectorNonHermitianHamiltonian(detunedPair(base, d))));
}

/** Closed-form eigenvalues λ± = −iΓ ± √(δ²/4 − 4γγ') ('paper' phase convention), rad/s. */
export function pairEigenvaluesClosedForm(gamma: number, gammaReverse: number, delta: number): { re: [number, number]; im: [number, number] } {
  const G = gamma + gammaReverse;
  const disc = (delta * delta) / 4 - 4 * gamma * gammaReverse;
  if (disc >= 0) { const r = Math.sqrt(disc); return { re: [-r, r], im: [-G, -G] }; }
  const r = Math.sqrt(-disc);
  return { re: [0, 0], im: [-G - r, -G + r] };
}

/** Locate the exceptional point in δ ∈ [0, δ_max] (numerically; expected at 4√(γγ')). */
export function pairExceptionalPoint(base: Omit<CascadedChainConfig, 'spins' | 'detunings'>, deltaMax: number): ExceptionalPointResult {
  return findExceptionalPoint((d) => sectorNonHermitianHamiltonian(detunedPair(base, d)), 0, deltaMax, { gridPoints: 81 });
}

/**
 * Eigenvalues reordered along a parameter grid so that each index follows one branch by
 * continuity: at every step the assignment to the previous step's values with the smallest
 * total distance |Δλ| is taken (all permutations for n ≤ 6, else greedy nearest). Sorting
 * by index instead swaps branches where real parts cross (the zig-zag below an EP).
 */
export function trackBranches(spectra: readonly Eigenvalues[]): Eigenvalues[] {
  if (spectra.length === 0) return [];
  const out: Eigenvalues[] = [{ re: Float64Array.from(spectra[0].re), im: Float64Array.from(spectra[0].im) }];
  const perms = (n: number): number[][] => (n <= 1 ? [[0]] : perms(n - 1).flatMap((p) => Array.from({ length: n }, (_, k) => [...p.slice(0, k), n - 1, ...p.slice(k)])));
  const n = spectra[0].re.length;
  const all = n <= 6 ? perms(n) : null;
  for (let i = 1; i < spectra.length; i++) {
    const prev = out[i - 1], cur = spectra[i];
    const d = (a: number, b: number): number => Math.hypot(cur.re[b] - prev.re[a], cur.im[b] - prev.im[a]);
    let best: number[];
    if (all) {
      let bestCost = Infinity;
      best = all[0];
      for (const p of all) {
        let c = 0;
        for (let a = 0; a < n; a++) c += d(a, p[a]);
        if (c < bestCost) { bestCost = c; best = p; }
      }
    } else {
      const used = new Set<number>();
      best = Array.from({ length: n }, (_, a) => {
        let k = -1;
        for (let b = 0; b < n; b++) if (!used.has(b) && (k < 0 || d(a, b) < d(a, k))) k = b;
        used.add(k);
        return k;
      });
    }
    out.push({ re: Float64Array.from(best, (b) => cur.re[b]), im: Float64Array.from(best, (b) => cur.im[b]) });
  }
  return out;
}
