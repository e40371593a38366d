/**
 * Seed 001: the free-fermion (3D Anderson) model of dynamic nuclear
 * polarization (Rodríguez-Arias, Müller, Rosso, De Luca, PRB 98, 224202 (2018)).
 * Registry entry `anderson-dnp`; see docs/models/anderson-dnp.md.
 */
export { andersonDnpModel, resolveSettings, runRealizations, CRITICAL_RATIO } from './model.js';
export { andersonDnpFigures } from './figures.js';
export { andersonLattice, andersonMatrixDense, applyStencilBlock, drawDisorder, neighboursOf, spectralBound, type AndersonLattice, type Boundary } from './lattice.js';
export { blochBias, bathFactor, inverseTemperature, twoStateStationaryPolarization, type ElectronDrive } from './bloch.js';
export { issSums, leakageTerm, lorentzian, nuclearPolarization, hyperfineRate, hyperfineRateC5, type IssSums, type PolarizationVariants } from './polarization.js';
export { exactSpectrum, overlapMatrix, inverseParticipationRatio, pairWindowSums, siteResolvedPolarization, sampledGoeWeights, exactRealization } from './exact.js';
export { jacksonKernel, localMoments, kpmRealization, kpmIntervalMass, sampleSites } from './kpm.js';
export { averageRealizations, computeRealization } from './ensemble-core.js';
export { meanStats, pooledRatio } from './statistics.js';
export type { AndersonDnpSettings, EvaluationPoint } from './settings.js';
export type { RealizationResult, PointQuantities } from './realization.js';
