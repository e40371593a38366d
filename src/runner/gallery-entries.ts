/**
 * The figures gallery from scenario texts (browser-clean): the figures
 * registered in code by the model folders, plus gallery scenario files
 * (`figure: {id, caption, notes}` blocks whose id is the file's name), a file
 * taking precedence over a registered figure of the same id. The CLI reads
 * the files from scenarios/figures/ (gallery.ts); the app bundles them.
 */
import { stringify } from 'yaml';
import { ProblemError } from '../util/errors.js';
import { listFigures } from '../models/registry.js';
import { figureToScenario, parseScenarioText, resolveScenario, resolveScenarioText, type ResolvedScenario } from '../scenario/scenario.js';

/** One gallery entry (not yet resolved). */
export interface GalleryEntry {
  id: string;
  model: string;
  caption: string;
  notes?: string;
  /** File path, or "<registered>" for figures defined in code. */
  source: string;
  /** The scenario as text (YAML; registered figures: their scenario object written as YAML). */
  text: string;
  /** Validate and resolve the scenario. */
  load(): ResolvedScenario;
}

/** The gallery of the registered figures and `files` (path and text), sorted by id. */
export function galleryEntries(files: readonly { file: string; text: string }[]): GalleryEntry[] {
  const entries = new Map<string, GalleryEntry>();
  for (const f of listFigures()) {
    const input = figureToScenario(f);
    const text = stringify(input);
    entries.set(f.id, {
      id: f.id, model: f.model, caption: f.caption, ...(f.notes ? { notes: f.notes } : {}), source: '<registered>', text,
      load: () => resolveScenario(input, `<figure ${f.id}>`, text),
    });
  }
  for (const { file, text } of files) {
    const name = file.split(/[\\/]/).pop()!;
    if (!/\.(ya?ml|json)$/.test(name)) continue;
    const { value } = parseScenarioText(text, file);
    const v = value as { model?: unknown; figure?: { id?: unknown; caption?: unknown; notes?: unknown } };
    const id = name.replace(/\.(ya?ml|json)$/, '');
    if (!v || typeof v !== 'object' || !v.figure || v.figure.id !== id) throw new ProblemError(file, `a gallery scenario needs "figure: {id: ${id}, caption: ...}" with the file's name as id`);
    entries.set(id, {
      id, model: String(v.model), caption: String(v.figure.caption ?? ''), ...(typeof v.figure.notes === 'string' ? { notes: v.figure.notes } : {}), source: file, text,
      load: () => resolveScenarioText(text, file),
    });
  }
  return [...entries.values()].sort((a, b) => a.id.localeCompare(b.id));
}
