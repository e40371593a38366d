/**
 * Numeric core: complex dense and sparse matrices on typed arrays, eigensolvers,
 * LU, matrix exponentials (dense Padé and Krylov), GMRES, and adaptive
 * Dormand–Prince integrators.
 */
export type { Complex } from './complex.js';
export { complex, cabs, cmul, cdiv } from './complex.js';
export {
  ComplexMatrix, add, sub, scale, axpyInto, adjoint, transpose, conjugate, matmul, matmulInto, matvecInto, kron,
  trace, traceOfProduct, normFrobenius, norm1, normInf, normMax, maxAbsDiff, hermitianDefect,
} from './dense.js';
export { ComplexVector, dot, norm2, axpy, scaleInPlace } from './vector.js';
export {
  SparseMatrix, spmvInto, sparseAdjoint, sparseTranspose, sparseLinearCombination, sparseAdd, sparseScale,
  sparseMatmul, sparseKron, sparseHermitianDefect,
} from './sparse.js';
export { type Operator, isSparse, toSparse, toDense, applyInto } from './operator.js';
export { eigh, eighValues, type EighResult } from './eigen-hermitian.js';
export { eig, schur, sortEigenvalues, type EigResult, type SchurResult } from './eigen-general.js';
export { luFactor, luSolveInto, luSolve, solve, inverse, determinant, rcond, type LuFactorization } from './lu.js';
export { expm, expmScaled } from './expm.js';
export { expmv, expmvTimes, type ExpmvOptions, type LinearApply } from './krylov-expm.js';
export { blockJacobi } from './block-jacobi.js';
export { gmres, ilu0, withStructuralDiagonal, jacobiPreconditioner, type GmresOptions, type GmresResult, type Preconditioner } from './gmres.js';
export { integrate } from './ode/integrate.js';
export type { OdeRhs, OdeOptions, OdeStats, OdeResult } from './ode/types.js';
export { integrateAdaptive, type QuadratureOptions, type QuadratureResult } from './quadrature.js';
export { trbdf2Tridiagonal, type TridiagonalLinearSystem, type Trbdf2Options, type Trbdf2Result } from './ode/trbdf2.js';
export { eighSymmetric, type SymmetricEigResult } from './eigen-symmetric.js';
export { matmulTransposedReal, matmulReal, gramRows } from './real-dense.js';
