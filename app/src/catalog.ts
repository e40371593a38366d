/**
 * What can be picked: every registered model (as `spindrift models` lists
 * them) with its parameters, and the figures gallery — the figures registered
 * in code plus scenarios/figures/*.yaml, bundled (src/runner/gallery-entries.ts,
 * as `spindrift figures --list`).
 */
import { listModels } from '../../src/models/registry.js';
import type { ParameterSpec } from '../../src/models/types.js';
import { galleryEntries } from '../../src/runner/gallery-entries.js';
import { SI_UNIT, isQuantityKind } from '../../src/expression/units.js';
import { formatValue } from '../../src/util/format-value.js';
import type { Catalog, ParamInfo } from './engine-api.js';
import defaultText from '../../scenarios/default.yaml?raw';

const galleryFiles = import.meta.glob('../../scenarios/figures/*.{yaml,yml,json}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

function paramInfo(p: ParameterSpec): ParamInfo {
  const unit = isQuantityKind(p.kind) ? SI_UNIT[p.kind] : (p.unit ?? '');
  // Numeric defaults read as a physicist writes them ("13 MHz", not "13000000 Hz").
  const defaultText = typeof p.default === 'number' && unit ? formatValue(p.default, unit)
    : typeof p.default === 'string' ? p.default : JSON.stringify(p.default);
  return {
    name: p.name, kind: p.kind, unit, defaultText, description: p.description,
    ...(p.choices ? { choices: [...p.choices] } : {}),
    sweepable: isQuantityKind(p.kind) || p.kind === 'number' || p.kind === 'integer' || p.kind === 'json',
  };
}

/** The models, the gallery and the default scenario (scenarios/default.yaml). */
export function catalog(): Catalog {
  const models = listModels().map((m) => ({ id: m.id, title: m.title, ...(m.seed ? { seed: m.seed } : {}), description: m.description, parameters: m.parameters.map(paramInfo) }));
  const files = Object.entries(galleryFiles).sort((a, b) => a[0].localeCompare(b[0])).map(([file, text]) => ({ file: file.replace(/^(\.\.\/)+/, ''), text }));
  const figures = galleryEntries(files).map((g) => ({ id: g.id, model: g.model, caption: g.caption, text: g.text }));
  return { models, figures, defaultText };
}
