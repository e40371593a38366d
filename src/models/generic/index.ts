/**
 * The generic spin-system model: declare spins, Hamiltonian terms,
 * dissipators, the initial state and observables in a scenario
 * (docs/scenarios.md).
 */
export { genericModel, parseGeneric, buildGeneric, runGeneric, genericMemoryEstimate, GENERIC_PARAMETERS } from './model.js';
export type { GenericSpec, GenericOperators } from './model.js';
export { parseExpression, evaluate, splitRate, parseM } from '../../expression/operators.js';
export type { Expr, ExpressionScope, ParsedExpression, Value } from '../../expression/operators.js';
