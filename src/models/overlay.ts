/**
 * The overlay model: runs several registered models, each with its own
 * parameters, and returns all their series together — how a figure shows
 * two descriptions of the same physics side by side (seed 000: the full
 * electron–nuclear model and the effective nuclear model, whose series carry
 * the suffix " eff").
 */
import type { FigureDefinition, ModelDefinition, ModelResult, RunContext } from './types.js';

export interface OverlayPart {
  model: string;
  params: Record<string, unknown>;
  /** New names of the part's series; null drops a series (e.g. a curve shared by every part). */
  rename?: Record<string, string | null>;
}

/** Resolves a model id (the registry passes its lookup in, which keeps this module free of import cycles). */
export type ModelLookup = (id: string) => ModelDefinition;

export function makeOverlayModel(lookup: ModelLookup): ModelDefinition {
  const partsOf = (params: Record<string, unknown>): OverlayPart[] => {
    const parts = params.parts;
    if (!Array.isArray(parts) || parts.length === 0) throw new RangeError('parts: expected a non-empty list of {model, params}');
    return parts.map((p, i) => {
      if (!p || typeof p !== 'object' || typeof (p as OverlayPart).model !== 'string') throw new RangeError(`parts[${i}].model: expected a model id`);
      const params = (p as OverlayPart).params ?? {};
      if (typeof params !== 'object') throw new RangeError(`parts[${i}].params: expected an object`);
      const rename = (p as OverlayPart).rename;
      if (rename !== undefined && (typeof rename !== 'object' || rename === null || Object.values(rename).some((v) => v !== null && typeof v !== 'string'))) {
        throw new RangeError(`parts[${i}].rename: expected an object of series names (or null to drop a series)`);
      }
      return { model: (p as OverlayPart).model, params, ...(rename ? { rename } : {}) };
    });
  };
  /** Every parameter of the part's model, defaults filled in, then the part's own values. */
  const fullParams = (def: ModelDefinition, params: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const spec of def.parameters) out[spec.name] = spec.default;
    for (const [k, v] of Object.entries(params)) {
      if (!def.parameters.some((s) => s.name === k)) throw new RangeError(`parts: model "${def.id}" has no parameter "${k}"`);
      out[k] = v;
    }
    return out;
  };
  return {
    id: 'overlay',
    title: 'Overlay of several models',
    description: 'Runs several registered models with their own parameters and plots all their series together.',
    parameters: [{ name: 'parts', kind: 'json', default: [], description: 'List of {model, params, rename?}: each model is run with its defaults overridden by params (SI units); rename maps its series names to new ones (null drops a series).' }],
    observables: [],
    validate(params: Record<string, unknown>): void {
      for (const part of partsOf(params)) {
        const def = lookup(part.model);
        def.validate?.(fullParams(def, part.params));
      }
    },
    async run(params: Record<string, unknown>, context: RunContext): Promise<ModelResult> {
      const parts = partsOf(params);
      const merged: ModelResult = { series: [], scalars: {}, scalarErrors: {}, notes: [], stats: {} };
      for (const [i, part] of parts.entries()) {
        const def = lookup(part.model);
        const r = await def.run(fullParams(def, part.params), {
          ...context,
          ...(context.progress ? { progress: (f: number) => context.progress!((i + f) / parts.length) } : {}),
        });
        for (const s of r.series) {
          const name = part.rename && s.name in part.rename ? part.rename[s.name] : s.name;
          if (name !== null) merged.series.push({ ...s, name });
        }
        // A scalar another part already gave with a different value keeps both: the later one as "name [part k]".
        for (const [k, v] of Object.entries(r.scalars ?? {})) {
          const key = k in merged.scalars! && merged.scalars![k] !== v ? `${k} [part ${i + 1}]` : k;
          merged.scalars![key] = v;
          if (r.scalarErrors?.[k] !== undefined) merged.scalarErrors![key] = r.scalarErrors[k];
          if (r.scalarUnits?.[k] !== undefined) merged.scalarUnits = { ...(merged.scalarUnits ?? {}), [key]: r.scalarUnits[k] };
        }
        if (r.tables) merged.tables = [...(merged.tables ?? []), ...r.tables];
        if (r.scalarStatistics) merged.scalarStatistics = { ...(merged.scalarStatistics ?? {}), ...r.scalarStatistics };
        merged.notes!.push(...(r.notes ?? []).map((n) => `${part.model}: ${n}`));
        merged.stats![part.model] = r.stats ?? {};
        if (i === 0) {
          if (r.xLabel) merged.xLabel = r.xLabel;
          if (r.yLabel) merged.yLabel = r.yLabel;
          if (r.xDisplayScale) merged.xDisplayScale = r.xDisplayScale;
        }
      }
      return merged;
    },
  };
}

/**
 * Merge figure lists: figures that share an id become one overlay figure
 * running every model that defines it (the first caption is the title; the
 * others and all notes are joined into the notes).
 */
export function mergeFigures(lists: readonly (readonly FigureDefinition[])[]): FigureDefinition[] {
  const byId = new Map<string, FigureDefinition[]>();
  for (const list of lists) for (const f of list) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
  const out: FigureDefinition[] = [];
  for (const [id, defs] of byId) {
    if (defs.length === 1) {
      out.push(defs[0]);
      continue;
    }
    if (defs.some((d) => d.sweep)) throw new RangeError(`figure ${id}: sweeps cannot be overlaid`);
    out.push({
      id,
      model: 'overlay',
      // One caption (the first definition's, the full model's); the other parts' captions describe what is overlaid.
      caption: defs[0].caption,
      params: { parts: defs.map((d) => ({ model: d.model, params: d.params })) },
      notes: [...defs.slice(1).map((d) => d.caption && `Overlaid: ${d.caption}`), ...defs.map((d) => d.notes)].filter(Boolean).join(' '),
      ...(defs[0].xScale ? { xScale: defs[0].xScale } : {}),
      ...(defs[0].yScale ? { yScale: defs[0].yScale } : {}),
      // Plot hints, labels and workers: the first definition that gives them (the full model's, listed first).
      ...Object.fromEntries((['plot', 'xLabel', 'yLabel', 'workers'] as const).flatMap((k) => { const d = defs.find((x) => x[k] !== undefined); return d ? [[k, d[k]]] : []; })),
    });
  }
  return out;
}
