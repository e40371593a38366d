/**
 * Model and figure registry: the one entry point through which
 * `spindrift run`, `spindrift figures`, the sweep workers and the app find
 * models. Built-in models (src/models/builtin.ts) are registered on first use.
 */
import { ProblemError, closestName } from '../util/errors.js';
import { BUILTIN_FIGURES, BUILTIN_MODELS } from './builtin.js';
import type { FigureDefinition, ModelDefinition } from './types.js';
import { makeOverlayModel } from './overlay.js';

const models = new Map<string, ModelDefinition>();
const figures = new Map<string, FigureDefinition>();
let builtinsLoaded = false;

function ensureBuiltins(): void {
  if (builtinsLoaded) return;
  builtinsLoaded = true;
  for (const m of BUILTIN_MODELS) registerModel(m);
  registerModel(makeOverlayModel((id) => getModel(id, 'parts.model')));
  for (const f of BUILTIN_FIGURES) registerFigure(f);
}

/** Register a model under `def.id`; a second model with the same id is an error. */
export function registerModel(def: ModelDefinition): void {
  ensureBuiltins();
  const old = models.get(def.id);
  if (old !== undefined && old !== def) throw new RangeError(`registerModel: a model with id "${def.id}" is already registered`);
  const names = new Set<string>();
  for (const p of def.parameters) {
    if (names.has(p.name)) throw new RangeError(`registerModel(${def.id}): parameter "${p.name}" declared twice`);
    names.add(p.name);
  }
  models.set(def.id, def);
}

/**
 * The model with id `id`. Unknown ids throw a ProblemError at `path`
 * ("model") with the closest registered id as a suggestion.
 */
export function getModel(id: string, path = 'model'): ModelDefinition {
  ensureBuiltins();
  const m = models.get(id);
  if (m) return m;
  const ids = [...models.keys()];
  const guess = closestName(id, ids);
  throw new ProblemError(path, `unknown model ${JSON.stringify(id)}; ${guess ? `did you mean ${JSON.stringify(guess)}?` : `registered models: ${ids.join(', ')}`}`);
}

/** All registered models in registration order. */
export function listModels(): ModelDefinition[] {
  ensureBuiltins();
  return [...models.values()];
}

/** Register a figure defined in code (a YAML file with the same id takes precedence in the gallery). */
export function registerFigure(def: FigureDefinition): void {
  ensureBuiltins();
  if (figures.has(def.id) && figures.get(def.id) !== def) throw new RangeError(`registerFigure: a figure with id "${def.id}" is already registered`);
  figures.set(def.id, def);
}

/** Figures registered in code, in registration order. */
export function listFigures(): FigureDefinition[] {
  ensureBuiltins();
  return [...figures.values()];
}
