/**
 * The figures gallery: one scenario file per figure under
 * `scenarios/figures/<id>.yaml` (with a `figure: {id, caption, notes}`
 * block), plus figures registered in code by the model folders. A file with
 * the same id as a registered figure takes precedence.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stringify } from 'yaml';
import { ProblemError } from '../util/errors.js';
import { listFigures } from '../models/registry.js';
import { figureToScenario, parseScenarioText, resolveScenario, resolveScenarioText, type ResolvedScenario } from '../scenario/scenario.js';
import { packageRoot } from './package-info.js';

/** One gallery entry (not yet resolved). */
export interface GalleryEntry {
  id: string;
  model: string;
  caption: string;
  notes?: string;
  /** File path, or "<registered>" for figures defined in code. */
  source: string;
  /** Validate and resolve the scenario. */
  load(): ResolvedScenario;
}

/** Default gallery directory: <package root>/scenarios/figures. */
export function galleryDir(): string {
  return join(packageRoot(), 'scenarios', 'figures');
}

/** The gallery, sorted by id. Files must carry a figure block whose id is the file name. */
export function listGallery(dir = galleryDir()): GalleryEntry[] {
  const entries = new Map<string, GalleryEntry>();
  for (const f of listFigures()) {
    const input = figureToScenario(f);
    entries.set(f.id, {
      id: f.id, model: f.model, caption: f.caption, ...(f.notes ? { notes: f.notes } : {}), source: '<registered>',
      load: () => resolveScenario(input, `<figure ${f.id}>`, stringify(input)),
    });
  }
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(ya?ml|json)$/.test(name)) continue;
      const file = join(dir, name);
      const text = readFileSync(file, 'utf8');
      const { value } = parseScenarioText(text, file);
      const v = value as { model?: unknown; figure?: { id?: unknown; caption?: unknown; notes?: unknown } };
      const id = basename(name).replace(/\.(ya?ml|json)$/, '');
      if (!v || typeof v !== 'object' || !v.figure || v.figure.id !== id) throw new ProblemError(file, `a gallery scenario needs "figure: {id: ${id}, caption: ...}" with the file's name as id`);
      entries.set(id, {
        id, model: String(v.model), caption: String(v.figure.caption ?? ''), ...(typeof v.figure.notes === 'string' ? { notes: v.figure.notes } : {}), source: file,
        load: () => resolveScenarioText(text, file),
      });
    }
  }
  return [...entries.values()].sort((a, b) => a.id.localeCompare(b.id));
}
