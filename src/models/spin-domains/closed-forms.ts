/**
 * Closed forms of seed 003 (Supplemental Material §II) for two domains, domain 2 initially in
 * its ground state, at T = 0.
 */

/**
 * Eq. S8: steady ⟨J_2^z⟩(t → ∞) for N_1 spins fully excited and a single spin (N_2 = 1) in the
 * ground state: (N_1² − 2N_1 − 1) / (2(N_1 + 1)²). Derived from the Clebsch–Gordan
 * decomposition of |N_1/2, N_1/2⟩ ⊗ |½, −½⟩ into J = (N_1 ± 1)/2 (Eqs. S4–S7).
 */
export function steadyJ2zSingleSpin(n1: number): number {
  if (!(n1 >= 1)) throw new RangeError(`N1 = ${n1} must be ≥ 1`);
  return (n1 * n1 - 2 * n1 - 1) / (2 * (n1 + 1) ** 2);
}

/**
 * Eq. S9: steady ⟨J_2^z⟩ for N_2 = 1 when domain 1 starts in the Dicke state |N_1/2, m_1⟩
 * (⟨J_1^z⟩(0) = m_1): (m_1 N_1 − N_1 − ½) / (N_1 + 1)². Reduces to S8 for m_1 = N_1/2.
 */
export function steadyJ2zSingleSpinDicke(n1: number, m1: number): number {
  if (!(n1 >= 1)) throw new RangeError(`N1 = ${n1} must be ≥ 1`);
  if (!(Math.abs(m1) <= n1 / 2)) throw new RangeError(`m1 = ${m1} outside [−N1/2, N1/2]`);
  return (m1 * n1 - n1 - 0.5) / (n1 + 1) ** 2;
}

/**
 * Eq. S12 (and Eq. 5): for N_1 ≫ N_2² the steady relative excitation of domain 2 equals the
 * initial relative excitation of domain 1: ⟨J_2^z⟩/N_2 (∞) ≈ ⟨J_1^z⟩/N_1 (0). Approximate.
 */
export function steadyRelativeExcitationLargeN1(j1zInitial: number, n1: number): number {
  if (!(n1 >= 1)) throw new RangeError(`N1 = ${n1} must be ≥ 1`);
  return j1zInitial / n1;
}
