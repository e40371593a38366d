/**
 * The generic spin-system model: declare spins, Hamiltonian terms,
 * dissipators, the initial state and observables in a scenario
 * (docs/scenarios.md). The expression language itself is `src/expression`
 * (`spindrift/expression`).
 */
export { genericModel, parseGeneric, buildGeneric, runGeneric, genericMemoryEstimate, GENERIC_PARAMETERS } from './model.js';
export type { GenericSpec, GenericOperators } from './model.js';
