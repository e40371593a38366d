/**
 * Seed 004 — non-Hermitian (one-way) spin–spin coupling through chiral
 * phonons (Xu, Wang, Li, Tang, Cappellaro & Li 2024).
 */
export { chiralPhononModel, chiralPhononModels, CHIRAL_MODES } from './model.js';
export { chiralPhononFigures } from './figures.js';
export { cascadedChain, cascadedPairHamiltonian, nonHermitianHamiltonian, excitationSector, type CascadedChain, type CascadedChainConfig, type ReversePhaseConvention } from './cascaded.js';
export { excitationBasis, spinOperatorInBasis, productStateIndex, type ExcitationBasis, type SpinTerm, type SpinFactor } from './excitation-basis.js';
export { spinPhononModel, type SpinPhononConfig, type SpinPhononModel } from './spin-phonon.js';
export { eliminatedHamiltonian, paperEq4Hamiltonian, compareElimination, eliminationScaling, type EliminationComparison } from './elimination.js';
export { twoSpinTransferClosedForm, oneWayChainPopulations, laguerreSequence } from './closed-form.js';
export { chainDynamics, oneQuantumDynamics, oneQuantumPropagation, type ChainDynamicsOptions, type ChainDynamicsResult } from './dynamics.js';
export { transferMeasures, type TransferMeasures } from './measures.js';
export { sectorNonHermitianHamiltonian, pairSpectrumVsDetuning, pairEigenvaluesClosedForm, pairExceptionalPoint } from './spectrum.js';
export { CHIRAL_MATERIALS, zeroPointStrain, estimateCouplings, table1Rows, type ChiralMaterial, type EstimatorInput, type EstimatorOutput, type Table1Row } from './estimator.js';
