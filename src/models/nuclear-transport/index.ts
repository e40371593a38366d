/**
 * Seed 000, effective nuclear-spin model: graphs of one-way and coherent
 * bonds, Lindblad / rate-equation / kinetic Monte Carlo solvers, transport
 * observables, closed forms, and the runner model and figures.
 */
export { nuclearTransportModel, graphFromParams, resolveGammaEff, AUTO_RATE_LIMIT } from './model.js';
export { nuclearTransportFigures } from './figures.js';
export {
  chainGraph, ringGraph, treeGraph, graphFromEdges, validateGraph, isClassical, siteTopologicalRanks, pairLabel,
  type NuclearGraph, type DirectedBond, type CoherentBond, type Topology,
} from './graph.js';
export { productDistribution, parseInitial, siteMask, isUp, upCount, MAX_CONFIGURATION_SITES } from './configurations.js';
export { upCountDistribution, binomialHalf, domainWallPolarizations, domainWallStates, ringSector, ringStationary } from './closed-forms.js';
export { hamiltonian, collapseOperators, currentChannels, currentOperator, siteIz, voltageOperator, MAX_LINDBLAD_SITES, type CurrentChannel } from './operators.js';
export { lindbladTransport, continuityDefect, currentFromAdjoint, type LindbladTransportOptions } from './lindblad.js';
export { RateGenerator, rateEquationTransport, rateEquationLimit, distributionObservables, type RateEquationOptions, type RateLimitResult } from './rate-equation.js';
export { kmcTransport, KMC_CHUNK_SIZE, type KmcOptions, type KmcResult, type MeanWithError } from './kmc.js';
export { KmcSimulator, type KmcProblemData, type KmcSums } from './kmc-core.js';
export type { TransportResult, VoltagePair } from './observables.js';
