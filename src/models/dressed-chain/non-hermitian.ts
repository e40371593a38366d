/**
 * The non-Hermitian two-level model of Eq. 18,
 *   H_nH = [[δ_eff + iΓ_op, J_eff], [J_eff, −δ_eff − iΓ_op]],
 * its eigenvalues λ± = ±√((δ_eff + iΓ_op)² + J_eff²) over (δ_eff, Γ_op) (the
 * Riemann surface of Fig. 9) and its exceptional point (δ_eff = 0, Γ_op = J_eff),
 * located numerically with `findExceptionalPoint`. All three parameters in the
 * same unit (the paper's, Hz).
 *
 * For comparison, the Lindblad pumping of Eq. 6 acting on the |b⟩ = |↓,−1,−½,↑⟩
 * state gives the no-jump generator [[0, J], [J, −iΓ/2]] (ħ = 1, J in rad/s),
 * whose EP is at Γ_op = 4J, i.e. Γ_op = 8π J_eff(Hz) in s⁻¹ (`lindbladCriticalRate`).
 */
import { ComplexMatrix } from '../../linalg/dense.js';
import { eig } from '../../linalg/eigen-general.js';
import { findExceptionalPoint, type ExceptionalPointResult } from '../../solvers/spectra.js';

/** The 2 × 2 matrix of Eq. 18. */
export function eq18Matrix(deltaEff: number, gammaOp: number, jEff: number): ComplexMatrix {
  const m = new ComplexMatrix(2, 2);
  m.re[0] = deltaEff; m.im[0] = gammaOp;
  m.re[1] = jEff; m.re[2] = jEff;
  m.re[3] = -deltaEff; m.im[3] = -gammaOp;
  return m;
}

/** Eigenvalues of Eq. 18, sorted by real part (then imaginary part). */
export function eq18Eigenvalues(deltaEff: number, gammaOp: number, jEff: number): [{ re: number; im: number }, { re: number; im: number }] {
  const { values } = eig(eq18Matrix(deltaEff, gammaOp, jEff));
  const v = [0, 1].map((k) => ({ re: values.re[k], im: values.im[k] }));
  v.sort((a, b) => a.re - b.re || a.im - b.im);
  return [v[0], v[1]];
}

/** Exceptional point of Eq. 18 along Γ_op at δ_eff = 0, searched in [0, 3 J_eff]. */
export function eq18ExceptionalPoint(jEff: number): ExceptionalPointResult {
  return findExceptionalPoint((g) => eq18Matrix(0, g, jEff), 0, 3 * jEff, { gridPoints: 61 });
}

/** EP of the Lindblad no-jump two-level generator: Γ_op = 4·(2π J_eff) s⁻¹ for J_eff in Hz. */
export function lindbladCriticalRate(jEffHz: number): number {
  return 8 * Math.PI * jEffHz;
}
