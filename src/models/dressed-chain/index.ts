/**
 * Seed 000 — dressed electron–nuclear spin chains with loss and gain (full model).
 */
export { dressedChainModel, PARAMETERS as dressedChainParameters, graphFromParams, meanTransferTime, pairInitialKet } from './model.js';
export { dressedChainFigures } from './figures.js';
export * from './analytics.js';
export * from './lattice.js';
export { dressedHamiltonian, DEFAULT_CONSTANTS, type DressedHamiltonian, type FieldConstants } from './hamiltonian.js';
export { collapseOperators, type DissipationOptions, type LabelledCollapse, type PumpingForm, type RelaxationForm } from './dissipators.js';
export { polarizationObservables, type NamedObservable, type PolarizationBasis } from './observables.js';
export { siteDressing, dressingUnitary, conjugate, labelFlipProbability, labRelaxationDepolarizationRate } from './dressing.js';
export { bondCoupling, bondGraph, type BondCoupling, type BondProblem } from './numerical-coupling.js';
export { eq18Matrix, eq18Eigenvalues, eq18ExceptionalPoint, lindbladCriticalRate } from './non-hermitian.js';
export { triangularField, piecewiseTriangularField, type PiecewiseField } from './modulation.js';
