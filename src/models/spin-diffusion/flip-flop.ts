/**
 * Seed 002 (Chessari, Cousin, Jannin & Stern, PRB 107, 224429 (2023)): the
 * nuclear flip-flop |αβ⟩ ↔ |βα⟩ of two protons driven by the fluctuating
 * polarization of a nearby electron. One function per equation of the paper.
 *
 * Units: Δ (hyperfine difference), D₁₂ (dipolar constant), A (hyperfine) and
 * ω₀ are angular frequencies in rad/s; Γ_c, Γ₁, Γ₂ and W are rates in s⁻¹;
 * ω (the spectral variable) is in rad/s. Spectra F(ω), S(ω) are in s (they are
 * Fourier transforms over τ of dimensionless correlators), normalized so that
 * (1/2π)∫F dω = (1/2π)∫S dω = 1.
 *
 * Pair basis: index 0 = |αβ⟩, index 1 = |βα⟩; σ_z is the Pauli matrix
 * diag(+1, −1) (the printed "σ_z = 2(I₁z − I₂z)" has eigenvalues ±2 on this
 * pair and contradicts Eqs. 3, 4 and 8 — a slip; see docs/models/spin-diffusion.md).
 * The pair's operators as matrices (Eqs. 1–2) are in ./pair-operators.ts: the
 * rates here need no matrix code, so a program that only evaluates them does
 * not load the dense linear algebra (nor compile its WebAssembly kernels).
 */
import { integrateAdaptive } from '../../linalg/quadrature.js';

/** Throw a one-line RangeError unless x is a finite number satisfying `ok`. */
export function check(name: string, x: number, ok: (v: number) => boolean, what: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || !ok(x)) throw new RangeError(`${name}: expected ${what}, got ${x}`);
  return x;
}
const nonNeg = (v: number): boolean => v >= 0;
const positive = (v: number): boolean => v > 0;
const polarization = (v: number): boolean => v >= -1 && v <= 1;

/** Parameters of the flip-flop rate (all angular frequencies in rad/s, rates in s⁻¹). */
export interface FlipFlopParams {
  /** Δ = A_z,1 − A_z,2 (rad/s). */
  delta: number;
  /** Mean electron polarization P̄ ∈ [−1, 1]. */
  pBar: number;
  /** Γ_c = 1/τ_c (s⁻¹), decay rate of the electron-polarization correlation. */
  gammaC: number;
  /** Γ₂ (s⁻¹), total decay rate of the |αβ⟩⟨βα| coherence. */
  gamma2: number;
}

function checkParams(p: FlipFlopParams): void {
  check('delta', p.delta, () => true, 'a finite number (rad/s)');
  check('pBar', p.pBar, polarization, 'a number in [−1, 1]');
  check('gammaC', p.gammaC, nonNeg, 'a rate ≥ 0 (s⁻¹)');
  check('gamma2', p.gamma2, positive, 'a rate > 0 (s⁻¹)');
}

/**
 * Eq. 4: spectrum of the drive f(t) = exp(iΔ∫P′), F(ω) = 2Γ_c(1−P̄²)Δ² / ([ω² − (1−P̄²)Δ²]² + ω²Γ_c²) (s).
 * Exact for the symmetric telegraph process P′ = ±√(1−P̄²) (Kubo–Anderson). For P̄ = ±1 or Γ_c = 0
 * or Δ = 0 it is a δ-function (2πδ(ω) for P̄ = ±1 or Δ = 0); this function then throws — use the
 * analytic limits (flipFlopRate handles them).
 */
export function driveSpectrum(omega: number, p: Omit<FlipFlopParams, 'gamma2'>): number {
  const b2 = (1 - p.pBar * p.pBar) * p.delta * p.delta;
  if (!(b2 > 0) || !(p.gammaC > 0)) throw new RangeError('driveSpectrum: F(ω) is a δ-function when (1 − P̄²)Δ² = 0 or Γ_c = 0');
  const w2 = omega * omega;
  const d = w2 - b2;
  return (2 * p.gammaC * b2) / (d * d + w2 * p.gammaC * p.gammaC);
}

/** Eq. 8: excitation spectrum S_Γ₂(ω − ΔP̄) = 2Γ₂ / ((ω + ΔP̄)² + Γ₂²) (s), a Lorentzian centred at −ΔP̄. */
export function excitationSpectrum(omega: number, deltaPBar: number, gamma2: number): number {
  const x = omega + deltaPBar;
  return (2 * gamma2) / (x * x + gamma2 * gamma2);
}

/**
 * Eq. 6: Γ₁,i = ½ A₊A₋ (1 − P̄²) Γ_c/(Γ_c² + ω₀²) (s⁻¹), with A₊A₋ = B_i² the squared
 * pseudosecular hyperfine coupling (rad²/s²) and ω₀ = γ_H B₀ (rad/s).
 */
export function nuclearT1Rate(bSquared: number, pBar: number, gammaC: number, omega0: number): number {
  check('bSquared', bSquared, nonNeg, 'A₊A₋ ≥ 0 (rad²/s²)');
  check('pBar', pBar, polarization, 'a number in [−1, 1]');
  check('gammaC', gammaC, nonNeg, 'a rate ≥ 0 (s⁻¹)');
  check('omega0', omega0, () => true, 'a finite number (rad/s)');
  if (gammaC === 0) return 0;
  return 0.5 * bSquared * (1 - pBar * pBar) * gammaC / (gammaC * gammaC + omega0 * omega0);
}

/** Eq. 7: Γ₂^(II) ≈ Σ_k (D₁k − D₂k)² τ_c,n (s⁻¹), couplings in rad/s, τ_c,n in s. */
export function zeroQuantumRate(d1k: readonly number[], d2k: readonly number[], tauCn: number): number {
  if (d1k.length !== d2k.length) throw new RangeError(`d2k: ${d2k.length} couplings for ${d1k.length} in d1k`);
  check('tauCn', tauCn, nonNeg, 'a time ≥ 0 (s)');
  let s = 0;
  for (let k = 0; k < d1k.length; k++) {
    const x = check(`d1k[${k}]`, d1k[k], () => true, 'a finite number') - check(`d2k[${k}]`, d2k[k], () => true, 'a finite number');
    s += x * x;
  }
  return s * tauCn;
}

/** Γ₂ = Γ₁,1 + Γ₁,2 + Γ₂^(II) (text after Eq. 8). */
export function totalCoherenceRate(gamma11: number, gamma12: number, gamma2II: number): number {
  check('gamma11', gamma11, nonNeg, 'a rate ≥ 0');
  check('gamma12', gamma12, nonNeg, 'a rate ≥ 0');
  check('gamma2II', gamma2II, nonNeg, 'a rate ≥ 0');
  return gamma11 + gamma12 + gamma2II;
}

/**
 * Eq. 9, closed form: W / D₁₂² (s) =
 *   ½ [Γ_c(1−P̄²)Δ² + Γ₂(Γ̄² + Δ²)] / ([(1−2P̄²)Δ² + Γ₂Γ̄]² + Δ²P̄²(Γ₂ + Γ̄)²),  Γ̄ = Γ_c + Γ₂.
 * Valid for every P̄ ∈ [−1, 1] (at P̄ = ±1 it reduces to ½Γ₂/(Γ₂² + Δ²)).
 */
export function flipFlopRatePerD2(p: FlipFlopParams): number {
  checkParams(p);
  const { delta, pBar, gammaC, gamma2 } = p;
  const gb = gammaC + gamma2;
  const d2 = delta * delta, p2 = pBar * pBar;
  const num = gammaC * (1 - p2) * d2 + gamma2 * (gb * gb + d2);
  const x = (1 - 2 * p2) * d2 + gamma2 * gb;
  const y = gamma2 + gb;
  return (0.5 * num) / (x * x + d2 * p2 * y * y);
}

/** Eq. 9: W (s⁻¹) for the flip-flop constant D₁₂ (rad/s). */
export function flipFlopRate(p: FlipFlopParams & { d12: number }): number {
  check('d12', p.d12, () => true, 'a finite number (rad/s)');
  return p.d12 * p.d12 * flipFlopRatePerD2(p);
}

/**
 * Laplace transform ĝ(s) = ∫₀^∞ e^{−sτ} ⟨e^{iΔ∫₀^τ P′}⟩ dτ of the drive correlator of the symmetric
 * telegraph process: ĝ(s) = (s + Γ_c)/(s² + Γ_c s + (1−P̄²)Δ²), for complex s = sRe + i·sIm.
 * Returns [Re ĝ, Im ĝ].
 */
export function driveLaplace(sRe: number, sIm: number, p: Omit<FlipFlopParams, 'gamma2'>): [number, number] {
  const b2 = (1 - p.pBar * p.pBar) * p.delta * p.delta;
  const nr = sRe + p.gammaC, ni = sIm;
  const dr = sRe * sRe - sIm * sIm + p.gammaC * sRe + b2, di = 2 * sRe * sIm + p.gammaC * sIm;
  const den = dr * dr + di * di;
  return [(nr * dr + ni * di) / den, (ni * dr - nr * di) / den];
}

/** Eq. 9 by Parseval: W/D₁₂² = ½ Re ĝ(Γ₂ + iΔP̄) (s). Exact for every P̄, including ±1. */
export function flipFlopRateParsevalPerD2(p: FlipFlopParams): number {
  checkParams(p);
  return 0.5 * driveLaplace(p.gamma2, p.delta * p.pBar, p)[0];
}

/** Result of the convolution form of Eq. 9. */
export interface ConvolutionResult {
  /** W/D₁₂² (s). */
  perD2: number;
  /** Quadrature error estimate of perD2 (s). */
  error: number;
  intervals: number;
  evaluations: number;
}

/**
 * Eq. 9, first line: W/D₁₂² = ¼ (1/2π) ∫ S_Γ₂(ω − ΔP̄) F(ω) dω, by adaptive Gauss–Kronrod quadrature
 * on a partition placed at the features of S and F: centres −ΔP̄, 0, ±Δ√(1−P̄²), each with the
 * widths Γ₂, Γ_c and (1 − P̄²)Δ²/Γ_c around it. P̄ = ±1 or Δ = 0 (F = 2πδ(ω)) and Γ_c = 0 (F is
 * two δ's at ±Δ√(1−P̄²), weight ½ each) are done analytically.
 */
export function flipFlopRateConvolutionPerD2(p: FlipFlopParams, relTol = 1e-12): ConvolutionResult {
  checkParams(p);
  const { delta, pBar, gammaC, gamma2 } = p;
  const dp = delta * pBar;
  const b2 = (1 - pBar * pBar) * delta * delta;
  if (!(b2 > 0)) return { perD2: 0.25 * excitationSpectrum(0, dp, gamma2), error: 0, intervals: 0, evaluations: 1 };
  const b = Math.sqrt(b2);
  if (gammaC === 0) {
    const v = 0.25 * 0.5 * (excitationSpectrum(b, dp, gamma2) + excitationSpectrum(-b, dp, gamma2));
    return { perD2: v, error: 0, intervals: 0, evaluations: 2 };
  }
  const centres = [-dp, 0, b, -b];
  const widths = [gamma2, gammaC, b2 / gammaC];
  const pts: number[] = [];
  for (const c of centres) {
    pts.push(c);
    for (const w of widths) for (const k of [1, 4, 16]) pts.push(c - k * w, c + k * w);
  }
  const integrand = (w: number): number => excitationSpectrum(w, dp, gamma2) * driveSpectrum(w, p);
  const scale = Math.max(Math.abs(dp), b, gamma2, gammaC);
  const r = integrateAdaptive(integrand, -Infinity, Infinity, pts, { relTol, tailScale: scale, maxIntervals: 5000 });
  if (!r.converged) throw new RangeError(`flipFlopRateConvolution: quadrature did not reach relTol ${relTol} (estimate ${r.error})`);
  const f = 0.25 / (2 * Math.PI);
  return { perD2: f * r.value, error: f * r.error, intervals: r.intervals, evaluations: r.evaluations };
}

/**
 * Eq. 10, slow-motion limit (long τ_c): W = W₊ + W₋ with
 * W± = (D₁₂²/4)(Γ₂ + Γ_c/2)/((ΔP̄ ± Δ·root)² + (Γ₂ + Γ_c/2)²), returned per D₁₂² (s).
 * `form: 'corrected'` uses root = √(1 − P̄²) (the amplitude of the telegraph, from Eq. 4);
 * `form: 'printed'` uses the printed √(1 − P̄).
 */
export function slowLimitPerD2(p: FlipFlopParams, form: 'corrected' | 'printed' = 'corrected'): number {
  checkParams(p);
  const { delta, pBar, gammaC, gamma2 } = p;
  const root = form === 'printed' ? Math.sqrt(1 - pBar) : Math.sqrt(1 - pBar * pBar);
  const g = gamma2 + gammaC / 2;
  const term = (sign: number): number => {
    const x = delta * pBar + sign * delta * root;
    return (0.25 * g) / (x * x + g * g);
  };
  return term(1) + term(-1);
}

/**
 * Eq. 11, fast-motion limit (short τ_c): W/D₁₂² = ½ Γ₂⋆/(Δ²P̄² + Γ₂⋆²) (s), with
 * Γ₂⋆ = Γ₂ + (1 − P̄²)Δ²/Γ_c (`corrected`, motional narrowing) or the printed Γ₂ + (1 − P̄²)Δ²/Γ₂ (`printed`).
 */
export function fastLimitPerD2(p: FlipFlopParams, form: 'corrected' | 'printed' = 'corrected'): number {
  checkParams(p);
  const { delta, pBar, gammaC, gamma2 } = p;
  const b2 = (1 - pBar * pBar) * delta * delta;
  const g = gamma2 + b2 / (form === 'printed' ? gamma2 : gammaC);
  return (0.5 * g) / (delta * delta * pBar * pBar + g * g);
}

/**
 * Second-order (D₁₂ → 0) flip-flop rate per D₁₂² for the ASYMMETRIC telegraph process
 * P ∈ {+1, −1} with rates +1→−1 Γ_c(1−P̄)/2 and −1→+1 Γ_c(1+P̄)/2 (same mean P̄ and correlation
 * (1−P̄²)e^{−Γ_c|τ|} as Eq. 4's process, different higher moments). Derived in
 * docs/models/spin-diffusion.md from the resolvent of the augmented coherence:
 *   W/D₁₂² = ½ [Γ̄(Γ₂Γ̄ + Δ²) − Γ_c P̄² Δ²] / [(Γ₂Γ̄ + Δ²)² + Γ_c² P̄² Δ²],  Γ̄ = Γ_c + Γ₂ (s).
 */
export function asymmetricRatePerD2(p: FlipFlopParams): number {
  checkParams(p);
  const { delta, pBar, gammaC, gamma2 } = p;
  const gb = gammaC + gamma2, d2 = delta * delta, p2 = pBar * pBar;
  const x = gamma2 * gb + d2;
  return (0.5 * (gb * x - gammaC * p2 * d2)) / (x * x + gammaC * gammaC * p2 * d2);
}
