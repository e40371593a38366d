/**
 * When an eigendecomposition may stand in for a matrix exponential — the one
 * limit shared by mesolve's eigen strategy (linear-propagation.ts) and the
 * trajectory propagators (mcsolve/propagator.ts).
 *
 * exp(A s) = V e^{Λ s} V⁻¹ loses about κ₁(V)·ε of relative accuracy, with
 * κ₁(V) = ‖V‖₁‖V⁻¹‖₁ (Golub & Van Loan, §11.3, "the eigenvector approach"):
 * at κ₁ = 1e7 that is ~1e-9. Beyond the limit (near an exceptional point, or a
 * defective generator such as a one-way chain) callers fall back to Padé or
 * Krylov. The seed-000 trajectory blocks have κ₁ < 50; the defective blocks of
 * one-way chains have κ₁ ≫ 1e8, so the choice between 1e7 and 1e8 (the two
 * values that existed before) changes none of them.
 */

/** Largest κ₁(V) for which a propagator is built from the eigenvectors V. */
export const EIGEN_CONDITION_LIMIT = 1e7;
