/**
 * spindrift — driven-dissipative spin dynamics.
 *
 * Layers: `linalg` (numbers) → `quantum` (operators, states, superoperators)
 * → `solvers`. Each layer is also importable on its own; the models are
 * importable as `spindrift/models/<id>` (package.json `exports`).
 */
export * from './linalg/index.js';
export * from './quantum/index.js';
export * from './solvers/index.js';
export { ArgumentError, NumericalError, AbortError, ProblemError } from './util/errors.js';
export { checkTimes, checkSquare } from './util/checks.js';
