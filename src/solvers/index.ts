/**
 * Solvers: Lindblad master equation (`mesolve`), quantum-jump trajectories
 * (`mcsolve`), steady states, spectra and exceptional points, and the block
 * decomposition they share.
 */
export { mesolve, prepareMesolve, solvePrepared, densityFromKet, prepareLindblad, resolveMethod, type PreparedProblem, type MesolveProblem } from './mesolve.js';
export { SolverArguments, type OperatorLike, type StateLike, type HamiltonianLike, type TimeDependentHamiltonianLike, type CollapseLike, type Collapse } from './arguments.js';
export { mcsolve, CHUNK_SIZE, periodicSchedule, type PiecewiseHamiltonian, type ProductDistribution, type McsolveRunOptions, type McsolveFullResult, type PeriodicSchedule, type PieceInterval } from './mcsolve/index.js';
export { steadystate, lindbladResidual } from './steadystate.js';
export {
  liouvillianSpectrum, nonHermitianSpectrum, closestEigenvaluePair, findExceptionalPoint, sortByRealPartDescending,
  type Eigenvalues, type ExceptionalPointResult,
} from './spectra.js';
export { findBlocks, singleBlock, reachableSectors, occupiedSectors, type BlockStructure, type Sector } from './blocks.js';
export { sectorLayout, sectorLiouvillian, effectiveHamiltonian, type SectorLayout } from './sector-liouvillian.js';
export type {
  Hamiltonian, TimeDependentHamiltonian, MesolveMethod, MesolveOptions, MesolveResult, McsolveMethod, McsolveOptions, McsolveResult,
  SteadystateMethod, SteadystateOptions, SteadystateResult, SolverStats,
} from './types.js';
