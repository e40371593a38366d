/**
 * Quantum layer: the quantum object `Qobj` (operators and states with dims),
 * spin and boson operators, tensor products, states, expectation values and
 * partial traces, Lindblad superoperators.
 */
export {
  spinDimension, spinIndex, spinM, spinZ, spinX, spinY, spinPlus, spinMinus, spinOperator,
  projector, identity, sigmaX, sigmaY, sigmaZ, sigmaPlus, sigmaMinus,
} from './spin.js';
export type { SpinComponent } from './spin.js';
export { Qobj, qobj, formatDims, sameDims } from './qobj.js';
export type { QobjKind } from './qobj.js';
export { QobjEvo, isTimeDependentCollapse, coefficientBreaks, registerCoefficientCompiler, reviveCoefficient } from './qobj-evo.js';
export type { CoefficientFunction, CoefficientSource, QobjEvoTerm, TimeDependentCollapse } from './qobj-evo.js';
export { totalDimension, tensor, embed, embedMany, compositeIndex, localIndices } from './tensor.js';
export type { LocalOperator } from './tensor.js';
export {
  MAX_COLLECTIVE_SPINS, collectiveSpin, collectiveOperators, symmetricCollectiveSpin, dickeIsometry,
} from './collective.js';
export { destroy, create, number, position, momentum, fockKet, coherentKet } from './boson.js';
export {
  PLANCK, HBAR, BOLTZMANN, basisKet, spinKet, productKet, ketToDensity, productDensity, maximallyMixed,
  thermalState, isDensityMatrix,
} from './states.js';
export type { ThermalSpec } from './states.js';
export { expect, expectKet, purity, partialTrace, fidelity, traceDistance } from './measures.js';
export {
  vec, unvec, spre, spost, sprepost, lindbladDissipator, liouvillian, liouvillianAdjoint,
  isTimeDependent, hamiltonianAt, liouvillianParts, liouvillianAt, applyLiouvillianPartsInto,
  LindbladRhs, lindbladRhsInto,
} from './superoperator.js';
export type { TimeDependentHamiltonian, LiouvillianParts } from './superoperator.js';
