/**
 * Closed forms for one excitation in the cascaded chiral-phonon model (spins ½).
 *
 * Derivation (ours; the seed paper gives none). With one quantum the only
 * states reachable are |A⟩ = |↑↓⟩, |B⟩ = |↓↑⟩ and the ground state |↓↓⟩, and
 * every quantum jump (z or z') maps the one-quantum sector to |↓↓⟩, which
 * carries no excitation. Hence the populations of |A⟩, |B⟩ under the full
 * master equation equal |c_A|², |c_B|² of the jump-free amplitudes
 * ċ = −i H_NH c (Dalibard, Castin & Mølmer, PRL 68, 580 (1992): the
 * no-jump branch). In the one-quantum block (Eq. 8 plus the γ' channel),
 *
 *   H_NH = −iΓ 1 + [[0, −2iγ' e^{iψ'}], [−2iγ e^{iφ}, 0]],   Γ = γ + γ',
 *
 * with φ = k_z d and ψ' = −φ ('paper' convention) or +φ ('propagation').
 * Put c = e^{−Γt} b: ḃ_A = −2γ' e^{iψ'} b_B, ḃ_B = −2γ e^{iφ} b_A, so
 * b̈_A = 4γγ' e^{i(φ+ψ')} b_A = 4κ² b_A with κ = √(γγ') e^{i(φ+ψ')/2}.
 * From b_A(0) = 1, b_B(0) = 0:
 *
 *   c_A = e^{−Γt} cosh 2κt,   c_B = −(γ/κ) e^{iφ} e^{−Γt} sinh 2κt,
 *   P_B(t) = e^{−2Γt} (γ²/|κ|²) |sinh 2κt|²   (→ 4γ²t² e^{−2γt} at γ' = 0).
 *
 * With the 'paper' convention κ is real, P_B does not depend on k_z d, and
 * P_{A→B}(t)/P_{B→A}(t) = (γ/γ')² at every t (swap γ ↔ γ' for B → A).
 *
 * One-way chain (γ' = 0, N spins ½ at equal spacing, uniform γ): Laplace
 * transform of ċ_j = −γc_j − 2γ Σ_{i<j} e^{iφ(j−i)} c_i with c_j(0) = δ_j0;
 * the gauge c_j → e^{ijφ}c_j removes the phases, and the partial sums
 * S_j = Σ_{i≤j} c_i obey S_j(s) = S_{j−1}(s) (s − γ)/(s + γ), S_0 = 1/(s + γ),
 * so S_j(s) = (s − γ)^j/(s + γ)^{j+1}, the transform of e^{−γt} L_j(2γt)
 * (Laguerre polynomials; Abramowitz & Stegun 29.3.x / 22.x). Therefore
 *
 *   c_j(t) = e^{ijφ} e^{−γt} [L_j(2γt) − L_{j−1}(2γt)]   (L_{−1} ≡ 0).
 *
 * All rates in rad/s (γ_rad = 2π γ_Hz), t in s.
 */

/** |sinh(x + iy)|² = sinh²x + sin²y and |cosh(x + iy)|² = sinh²x + cos²y. */
function sinhCoshAbs2(x: number, y: number): { sinh2: number; cosh2: number } {
  const sh = Math.sinh(x);
  return { sinh2: sh * sh + Math.sin(y) ** 2, cosh2: sh * sh + Math.cos(y) ** 2 };
}

/**
 * Populations of A and B at time t for two spins ½ starting from |↑↓⟩ (A
 * excited), forward coupling γ, reverse γ' (rad/s), phase φ = k_z d. Exact for
 * the cascaded master equation (derivation in the module comment).
 */
export function twoSpinTransferClosedForm(
  gamma: number, gammaReverse: number, t: number, phase = 0, convention: 'paper' | 'propagation' = 'paper',
): { pA: number; pB: number } {
  if (!(gamma >= 0) || !(gammaReverse >= 0)) throw new RangeError('twoSpinTransferClosedForm: γ and γ\' must be ≥ 0');
  const G = gamma + gammaReverse;
  const damp = Math.exp(-2 * G * t);
  const kMod = Math.sqrt(gamma * gammaReverse);
  if (kMod === 0) {
    // γ' = 0 (or γ = 0): b_A = 1, b_B = −2γ e^{iφ} t.
    return { pA: damp, pB: damp * 4 * gamma * gamma * t * t };
  }
  const arg = convention === 'paper' ? 0 : phase; // (φ + ψ')/2
  const { sinh2, cosh2 } = sinhCoshAbs2(2 * kMod * t * Math.cos(arg), 2 * kMod * t * Math.sin(arg));
  return { pA: damp * cosh2, pB: damp * (gamma * gamma / (kMod * kMod)) * sinh2 };
}

/** Laguerre polynomials L_0(x) … L_n(x) by the three-term recurrence (A&S 22.7.12). */
export function laguerreSequence(n: number, x: number): Float64Array {
  const out = new Float64Array(n + 1);
  out[0] = 1;
  if (n >= 1) out[1] = 1 - x;
  for (let k = 1; k < n; k++) out[k + 1] = ((2 * k + 1 - x) * out[k] - k * out[k - 1]) / (k + 1);
  return out;
}

/**
 * Excitation probabilities |c_j(t)|² of a one-way chain of N spins ½
 * (γ' = 0, equal spacing, uniform γ in rad/s) with the first spin excited at
 * t = 0: |e^{−γt}(L_j(2γt) − L_{j−1}(2γt))|² (module comment). Independent of k_z d.
 */
export function oneWayChainPopulations(n: number, gamma: number, t: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`oneWayChainPopulations: n = ${n} is not a positive integer`);
  const L = laguerreSequence(n, 2 * gamma * t);
  const e = Math.exp(-gamma * t);
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const c = e * (L[j] - (j > 0 ? L[j - 1] : 0));
    out[j] = c * c;
  }
  return out;
}
