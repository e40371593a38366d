/**
 * Seed 002 — electron-polarization-driven nuclear spin diffusion (Chessari, Cousin, Jannin &
 * Stern, PRB 107, 224429 (2023)). Registry entry `spin-diffusion`.
 */
export { spinDiffusionModel, SPIN_DIFFUSION_MODES, FIG3_EXACT_R, CLAIM_EXACT_R, mergedGrid, readInputs } from './model.js';
export { spinDiffusionFigures } from './figures.js';
export * from './flip-flop.js';
export * from './pair-operators.js';
export * from './geometry.js';
export {
  symmetricTelegraph, asymmetricTelegraph, stationary, pairLiouvillian, blochGenerator, augmentedGenerator,
  sleExactRate, slePerturbativePerD2, sleSigmaZ, type TelegraphProcess, type PairProblem,
} from './sle.js';
export { telegraphMonteCarlo, logSlope, jumpState, TELEGRAPH_CHUNK, type TelegraphOptions, type TelegraphResult } from './telegraph.js';
export { telegraphCheck, chooseD12, type TelegraphCheckPoint, type ProcessCheck } from './telegraph-check.js';
export { conventionTable, type ConventionRow } from './claim.js';
export { radialGrid, radialOperator, radialDiffusion, sphereSeriesVisible, tanRoots, crossingTime, runHypres, type RadialOperator, type RadialRun, type GridKind } from './hypres.js';
export { trbdf2Tridiagonal } from '../../linalg/ode/trbdf2.js';
