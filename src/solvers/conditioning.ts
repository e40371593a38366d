/**
 * When an eigendecomposition may stand in for a matrix exponential.
 *
 * exp(A s) = V e^{Λ s} V⁻¹ loses about κ₁(V)·ε of relative accuracy, with
 * κ₁(V) = ‖V‖₁‖V⁻¹‖₁ (Golub & Van Loan, §11.3 "eigenvector approach"): at
 * κ₁ = 1e8 that is ~1e-8, below the statistical error of any trajectory
 * average. Beyond the limit (near an exceptional point, or a defective
 * generator such as a one-way chain) callers fall back to Padé or Krylov.
 */

/** Largest κ₁(V) for which a propagator is built from the eigenvectors V. */
export const EIGEN_CONDITION_LIMIT = 1e8;
