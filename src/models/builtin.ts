/**
 * The built-in models and their figures, registered in one place. Every
 * model folder exports a `ModelDefinition` (and optionally a list of
 * `FigureDefinition`s) from its index.ts; add one line per model below.
 * Imported by the registry, so the CLI, the sweep workers and the app see
 * the same models.
 */
import type { FigureDefinition, ModelDefinition } from './types.js';
import { genericModel } from './generic/index.js';
import { chiralPhononModels, chiralPhononFigures } from './chiral-phonons/index.js';
import { spinDomainsModel, spinDomainsFigures } from './spin-domains/index.js';
import { dressedChainModel, dressedChainFigures } from './dressed-chain/index.js';
import { nuclearTransportModel, nuclearTransportFigures } from './nuclear-transport/index.js';
import { andersonDnpModel, andersonDnpFigures } from './anderson-dnp/index.js';
import { spinDiffusionModel, spinDiffusionFigures } from './spin-diffusion/index.js';
import { mergeFigures } from './overlay.js';

/** Models in listing order. */
export const BUILTIN_MODELS: readonly ModelDefinition[] = [
  genericModel,
  dressedChainModel,
  nuclearTransportModel,
  andersonDnpModel,
  spinDiffusionModel,
  spinDomainsModel,
  ...chiralPhononModels,
];

/** Figures declared in code (scenario files under scenarios/figures/ are the other source). */
export const BUILTIN_FIGURES: readonly FigureDefinition[] = mergeFigures([
  // Seed 000 panels defined by both the full and the effective model become overlays.
  dressedChainFigures,
  nuclearTransportFigures,
  andersonDnpFigures,
  spinDiffusionFigures,
  spinDomainsFigures,
  chiralPhononFigures,
]);
