/**
 * Nuclear side of seed 001 (Rodríguez-Arias et al., PRB 98, 224202): the
 * hyperfine rates Ω_p(ω) of Eq. 19 (= Eq. C5), the stationary nuclear
 * polarization of Eq. 20 and its variants (Eqs. 22, 24, C7).
 *
 * All of them are built from three overlap-weighted sums over pairs of
 * single-particle modes α, β (energies ε, polarizations P_α = P_B(ε_α)),
 * with W_αβ = Σ_j |φ_αj|²|φ_βj|² and L(x) = 1/(1 + T2n²x²):
 *
 *   D  = Σ_αβ W_αβ (P_α − P_β) L(ω_n + ε_β − ε_α)     (ISS difference)
 *   S  = Σ_αβ W_αβ (1 − P_αP_β) L(ω_n + ε_β − ε_α)    (ISS sum)
 *   PL = L(ω_n) Σ_αβ W_αβ P_αP_β                        (polarization loss)
 *
 * With N_e core nuclei (A_p = A0, one per site) and N_n leaking nuclei,
 * Σ_p [Ω_p(ω_n) ∓ Ω_p(−ω_n)] = (A0²T2n/2)·{D + Λ tanh(βω_n/2), S + PL + Λ},
 * Λ = 2N_n/(A0²T1nT2n), so Eq. 20 reads
 *
 *   P_n = (D + Λ tanh(βω_n/2)) / (S + PL + Λ).
 *
 * The α = β terms are kept in both sums: Eq. 19 with them is Eq. C5 term by
 * term (P_α² + (1 − P_α²) = 1 multiplies L(ω)). The sign of D is that of
 * Eqs. 19/20; the printed Eqs. 22, 24 and C7 have the opposite sign (see
 * docs/reproduction.md).
 */

/** Lorentzian line L(x) = 1/(1 + T2n²x²) of the hyperfine rates (x in rad/s). */
export function lorentzian(x: number, T2n: number): number {
  return 1 / (1 + T2n * T2n * x * x);
}

/** The three pair sums D, S, PL (see the module comment). */
export interface IssSums {
  difference: number;
  sum: number;
  polarizationLoss: number;
}

/**
 * D, S and PL of a set of modes with a symmetric overlap matrix W (row-major
 * n×n; `null` means W_αβ = 1/n, the GOE surrogate of Eq. 23 on the same
 * levels). `energies` may be shifted by any constant (only differences enter
 * L); `polarizations` are P_B(ε_α). O(n²).
 */
export function issSums(energies: Float64Array, polarizations: Float64Array, overlap: Float64Array | null, omegaN: number, T2n: number): IssSums {
  const n = energies.length;
  const uniform = 1 / n;
  let d = 0, s = 0, pp = 0;
  const t2 = T2n * T2n;
  for (let a = 0; a < n; a++) {
    const ea = energies[a], pa = polarizations[a];
    const row = a * n;
    let dRow = 0, sRow = 0, ppRow = 0;
    for (let b = 0; b < n; b++) {
      const w = overlap === null ? uniform : overlap[row + b];
      const x = omegaN + energies[b] - ea;
      const l = 1 / (1 + t2 * x * x);
      const pb = polarizations[b];
      dRow += w * (pa - pb) * l;
      sRow += w * (1 - pa * pb) * l;
      ppRow += w * pb;
    }
    d += dRow;
    s += sRow;
    pp += pa * ppRow;
  }
  return { difference: d, sum: s, polarizationLoss: lorentzian(omegaN, T2n) * pp };
}

/** Λ = 2N_n/(A0²T1nT2n), the leakage term of Eq. 20 in units of the ISS sums (N_n leaking nuclei). */
export function leakageTerm(leakingNuclei: number, A0: number, T1n: number, T2n: number): number {
  return (2 * leakingNuclei) / (A0 * A0 * T1n * T2n);
}

/** Every stationary-polarization variant from one set of sums. */
export interface PolarizationVariants {
  /** Eq. 20 with Eq. 19 as written (ISS + polarization loss + leakage). */
  canonical: number;
  /** Eq. 22's weights (N_e/4 on the ISS sums, no polarization loss), sign of Eq. 19: (D/4)/(S/4 + Λ). */
  eq22: number;
  /** Eq. 24 (leakage-dominated, narrow Lorentzian): D/Λ. */
  eq24: number;
}

/** P_n of Eq. 20 and the Eq. 22 / Eq. 24 forms from D, S, PL, Λ and tanh(βω_n/2). */
export function nuclearPolarization(s: IssSums, leakage: number, thermal: number): PolarizationVariants {
  return {
    canonical: (s.difference + leakage * thermal) / (s.sum + s.polarizationLoss + leakage),
    eq22: s.difference / 4 / (s.sum / 4 + leakage),
    eq24: s.difference / leakage,
  };
}

/**
 * Ω_p(ω) of Eq. 19 for one core nucleus on site p (hyperfine A_p), from the
 * weights |φ_αp|² of every mode: the ISS and polarization-loss part
 * (A_p²T2n/4)Σ_αβ|φ_αp|²|φ_βp|²[P_αP_β L(ω) + (1 + P_α)(1 − P_β)L(ω + ε_β − ε_α)]
 * (α = β kept) plus the leakage h(ω)/T1n passed in as `leakage`.
 */
export function hyperfineRate(omega: number, weights: Float64Array, energies: Float64Array, polarizations: Float64Array, Ap: number, T2n: number, leakage: number): number {
  const n = weights.length;
  let s = 0;
  const lw = lorentzian(omega, T2n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const w = weights[a] * weights[b];
      s += w * (polarizations[a] * polarizations[b] * lw + (1 + polarizations[a]) * (1 - polarizations[b]) * lorentzian(omega + energies[b] - energies[a], T2n));
    }
  }
  return (Ap * Ap * T2n * s) / 4 + leakage;
}

/**
 * Ω_j(ω) of Eq. C5 (the same rate written with δ_αβ: 1·L(ω) on the diagonal,
 * P_αP_β L(ω) + (1 + P_α)(1 − P_β) L(ω + ε_β − ε_α) off it), without leakage.
 */
export function hyperfineRateC5(omega: number, weights: Float64Array, energies: Float64Array, polarizations: Float64Array, Ap: number, T2n: number): number {
  const n = weights.length;
  let s = 0;
  const lw = lorentzian(omega, T2n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const w = weights[a] * weights[b];
      if (a === b) s += w * lw;
      else s += w * (polarizations[a] * polarizations[b] * lw + (1 + polarizations[a]) * (1 - polarizations[b]) * lorentzian(omega + energies[b] - energies[a], T2n));
    }
  }
  return (Ap * Ap * T2n * s) / 4;
}
