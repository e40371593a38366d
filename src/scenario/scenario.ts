/**
 * Scenario files: read (YAML or JSON, with source positions), validate
 * against the schema, and resolve against the model registry into a fully
 * specified run — model, SI parameter values with defaults, sweep points,
 * seed, plot options. Every defect is a ProblemError naming its path (and,
 * for files, `file:line:column`), found before anything is written.
 *
 * Browser-clean (no `node:` module): the app resolves scenarios with this
 * same code; reading a file is scenario-file.ts.
 */
import { parseYamlText } from '../util/yaml-document.js';
import { ArgumentError, ProblemError, closestName } from '../util/errors.js';
import { getModel } from '../models/registry.js';
import type { FigureDefinition, ModelDefinition, ParameterSpec, PlotHints } from '../models/types.js';
import { SCENARIO_SCHEMA, joinPath, validateSchema } from './schema.js';
import { EXAMPLE, SI_UNIT, isQuantityKind, parseAnyQuantity, parseQuantity, type QuantityKind } from '../expression/units.js';
import { parseParameterValue } from '../models/parameters.js';
import { checkTimes } from '../util/checks.js';
import { sha256Hex } from '../util/sha256.js';

/** A scenario as written (after YAML/JSON parsing and schema validation). */
export interface ScenarioInput {
  title?: string;
  description?: string;
  model: string;
  params?: Record<string, unknown>;
  times?: unknown[] | { start?: unknown; stop: unknown; steps: number };
  solver?: Record<string, unknown>;
  observables?: unknown;
  sweep?: {
    parameter?: string; values?: unknown[]; from?: unknown; to?: unknown; steps?: number; scale?: 'linear' | 'log';
    parameters?: string[]; grid?: SweepAxisInput[]; scalars?: string[]; labels?: Record<string, string>;
  };
  seed?: number;
  workers?: number;
  plot?: { title?: string; xLabel?: string; yLabel?: string; xScale?: 'linear' | 'log'; yScale?: 'linear' | 'log'; series?: string[]; rules?: { x: number; label?: string }[] } & PlotHints;
  figure?: { id: string; caption: string; notes?: string };
}

interface SweepAxisInput { parameter: string; values?: unknown[]; from?: unknown; to?: unknown; steps?: number; scale?: 'linear' | 'log' }

/** One resolved sweep axis: SI values and how to label them. */
export interface SweepAxis {
  parameter: string;
  values: number[];
  /** Unit of the SI values ('' for dimensionless). */
  unit: string;
  /** Declared spacing of a from/to/steps range (plots use a log axis for 'log'). */
  scale?: 'linear' | 'log';
  /** Display symbol of the parameter (its ParameterSpec.symbol), for titles and panel headers. */
  symbol?: string;
}

/** One parameter point of a run. */
export interface RunPoint {
  index: number;
  /** Swept values (one per axis), SI. */
  coords: number[];
  params: Record<string, unknown>;
}

/** A scenario checked and resolved against its model. */
export interface ResolvedScenario {
  /** Source file (or "<figure id>"), for messages and the report. */
  source: string;
  /** Source text as written, for the report. */
  text: string;
  input: ScenarioInput;
  title: string;
  model: ModelDefinition;
  /** Parameters of the base point: every parameter, defaults filled in, SI. */
  params: Record<string, unknown>;
  /** Names of parameters given explicitly (not defaults). */
  given: string[];
  axes: SweepAxis[];
  points: RunPoint[];
  scalars?: string[];
  /** Series names of scalar results (sweep.labels). */
  labels?: Record<string, string>;
  seed: number;
  workers?: number;
  plot: NonNullable<ScenarioInput['plot']>;
  figure?: ScenarioInput['figure'];
  /** Largest memory estimate over the points (bytes), 0 when the model gives none. */
  memoryBytes: number;
  /** sha256 of everything that determines the results (checkpoints check it). */
  hash: string;
}

export { pathSegments } from '../util/yaml-document.js';

/** Parse scenario text (YAML or JSON — JSON is YAML) into a plain object, with a locator for paths. */
export function parseScenarioText(text: string, source: string): { value: unknown; locate: (path: string) => string } {
  const { value, locate } = parseYamlText(text, source);
  return { value, locate };
}

function specOf(model: ModelDefinition, name: string, path: string): ParameterSpec {
  const spec = model.parameters.find((p) => p.name === name);
  if (spec) return spec;
  const names = model.parameters.map((p) => p.name);
  const guess = closestName(name, names);
  throw new ProblemError(path, `model "${model.id}" has no parameter ${JSON.stringify(name)}; ${guess ? `did you mean ${JSON.stringify(guess)}?` : `its parameters: ${names.join(', ') || '(none)'}`}`);
}

function linspace(a: number, b: number, n: number, log: boolean, path: string): number[] {
  if (log && !(a > 0 && b > 0)) throw new ProblemError(path, `a log-spaced range needs positive ends, got ${a} and ${b}`);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const f = i / (n - 1);
    out.push(log ? Math.exp(Math.log(a) + f * (Math.log(b) - Math.log(a))) : a + f * (b - a));
  }
  out[n - 1] = b;
  return out;
}

/** Parse one swept value for `parameter` (a model parameter or a dotted path into a 'json' one). */
function sweptValue(model: ModelDefinition, parameter: string, v: unknown, path: string): { value: number; kind: QuantityKind | null } {
  const top = parameter.split('.')[0];
  const spec = specOf(model, top, path);
  if (parameter.includes('.')) {
    if (spec.kind !== 'json') throw new ProblemError(path, `"${top}" is not a structured parameter; a dotted sweep path needs a 'json' parameter`);
    return parseAnyQuantity(v, path);
  }
  if (isQuantityKind(spec.kind)) return { value: parseParameterValue(v, spec, path) as number, kind: spec.kind };
  if (spec.kind === 'number' || spec.kind === 'integer') return { value: parseParameterValue(v, spec, path) as number, kind: null };
  throw new ProblemError(path, `parameter "${parameter}" (${spec.kind}) cannot be swept; sweep a numeric parameter`);
}

/** Most points of one run (a sweep, or the product of a grid's axes). */
export const MAX_SWEEP_POINTS = 100_000;

const KIND_NAME: Record<QuantityKind, string> = {
  frequency: 'a frequency', rate: 'a rate', time: 'a time', field: 'a magnetic field', temperature: 'a temperature', length: 'a length',
};

/**
 * A dotted sweep path (`constants.f_R`) must name an entry that exists in the
 * base parameters — sweeping a missing one would change nothing — and the
 * swept values must have the kind of the base value (no seconds for a frequency).
 */
function checkDottedTarget(params: Record<string, unknown>, parameter: string, kind: QuantityKind | null, path: string): void {
  const segs = parameter.split('.');
  let cur: unknown = params[segs[0]];
  for (let i = 1; i < segs.length; i++) {
    const parent = `params.${segs.slice(0, i).join('.')}`;
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, segs[i])) {
      const known = typeof cur === 'object' && cur !== null && !Array.isArray(cur) ? Object.keys(cur) : [];
      const guess = closestName(segs[i], known);
      throw new ProblemError(path, `${parent} has no entry ${JSON.stringify(segs[i])} (sweeping it would change nothing); ${guess ? `did you mean ${JSON.stringify(segs.slice(0, i).join('.') + '.' + guess)}?` : known.length ? `its entries: ${known.join(', ')}` : 'set a base value there first'}`);
    }
    cur = (cur as Record<string, unknown>)[segs[i]];
  }
  if (kind === null || typeof cur !== 'string') return;
  let baseKind: QuantityKind | null = null;
  try {
    baseKind = parseAnyQuantity(cur, path).kind;
  } catch {
    return; // not a quantity: the model reports it
  }
  if (baseKind !== null && baseKind !== kind) {
    throw new ProblemError(path, `unit kind mismatch: params.${parameter} is ${KIND_NAME[baseKind]} (${JSON.stringify(cur)}, ${SI_UNIT[baseKind]}), but the swept values are ${KIND_NAME[kind]} (${SI_UNIT[kind]})`);
  }
}

/** All swept values of one axis must be of one kind. */
function sameKind(kind: QuantityKind | null, next: QuantityKind | null, path: string): QuantityKind | null {
  if (kind !== null && next !== null && kind !== next) throw new ProblemError(path, `unit kind mismatch: ${KIND_NAME[next]} (${SI_UNIT[next]}) among values that are ${KIND_NAME[kind]} (${SI_UNIT[kind]})`);
  return kind ?? next;
}

function resolveAxis(model: ModelDefinition, axis: SweepAxisInput, path: string, params: Record<string, unknown>): SweepAxis {
  const hasValues = axis.values !== undefined;
  const hasRange = axis.from !== undefined || axis.to !== undefined || axis.steps !== undefined;
  if (hasValues === hasRange) throw new ProblemError(path, 'give either "values" or a range "from", "to", "steps"');
  let kind: QuantityKind | null = null;
  let values: number[];
  if (hasValues) {
    values = (axis.values as unknown[]).map((v, i) => {
      const r = sweptValue(model, axis.parameter, v, joinPath(joinPath(path, 'values'), i));
      kind = sameKind(kind, r.kind, joinPath(joinPath(path, 'values'), i));
      return r.value;
    });
  } else {
    for (const k of ['from', 'to', 'steps'] as const) if (axis[k] === undefined) throw new ProblemError(path, `a range needs "from", "to" and "steps"; "${k}" is missing`);
    const a = sweptValue(model, axis.parameter, axis.from, joinPath(path, 'from'));
    const b = sweptValue(model, axis.parameter, axis.to, joinPath(path, 'to'));
    kind = sameKind(a.kind, b.kind, joinPath(path, 'to'));
    values = linspace(a.value, b.value, axis.steps as number, axis.scale === 'log', path);
    const spec = specOf(model, axis.parameter.split('.')[0], path);
    if (spec.kind === 'integer') values = values.map(Math.round);
  }
  if (axis.parameter.includes('.')) checkDottedTarget(params, axis.parameter, kind, joinPath(path, 'parameter'));
  return { parameter: axis.parameter, values, unit: kind ? SI_UNIT[kind] : '', ...(hasRange ? { scale: axis.scale ?? 'linear' } : {}) };
}

/** Deep copy of plain data (JSON-like values). */
function clonePlain<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

function setPath(obj: Record<string, unknown>, dotted: string, value: unknown): void {
  const segs = dotted.split('.');
  let cur: Record<string, unknown> = obj;
  for (let i = 0; i < segs.length - 1; i++) {
    const next = cur[segs[i]];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[segs[i]] = {};
    cur = cur[segs[i]] as Record<string, unknown>;
  }
  cur[segs[segs.length - 1]] = value;
}

function runValidate(model: ModelDefinition, params: Record<string, unknown>, what: string): void {
  if (!model.validate) return;
  try {
    model.validate(params);
  } catch (err) {
    if (err instanceof ProblemError) throw new ProblemError(err.path ? `params.${err.path}` : 'params', err.detail + what);
    // A bad value is the user's (exit 2); a TypeError or anything else is a bug and propagates as such (exit 1).
    if (err instanceof ArgumentError) throw new ProblemError(err.path ? `params.${err.path}` : 'params', err.detail + what);
    if (err instanceof RangeError) throw new ProblemError('params', err.message + what);
    throw err;
  }
}

/**
 * Validate a parsed scenario against the schema and resolve it against its
 * model. Errors are ProblemErrors naming the path in the scenario.
 */
export function resolveScenario(value: unknown, source: string, text: string): ResolvedScenario {
  validateSchema(value, SCENARIO_SCHEMA);
  const input = value as ScenarioInput;
  const model = getModel(input.model, 'model');
  const params: Record<string, unknown> = {};
  for (const p of model.parameters) params[p.name] = clonePlain(p.default);
  const given: string[] = [];
  for (const [k, v] of Object.entries(input.params ?? {})) {
    const spec = specOf(model, k, joinPath('params', k));
    params[k] = parseParameterValue(v, spec, joinPath('params', k));
    given.push(k);
  }
  if (input.times !== undefined) {
    const spec = specOf(model, 'times', 'times');
    if (spec.kind !== 'numbers') throw new ProblemError('times', `model "${model.id}" takes "times" as ${spec.kind}; set it under params`);
    let times: number[];
    if (Array.isArray(input.times)) {
      times = input.times.map((t, i) => parseQuantity(t, 'time', `times[${i}]`));
    } else {
      const start = input.times.start === undefined ? 0 : parseQuantity(input.times.start, 'time', 'times.start');
      const stop = parseQuantity(input.times.stop, 'time', 'times.stop');
      times = linspace(start, stop, input.times.steps, false, 'times');
    }
    try {
      checkTimes(times);
    } catch (err) {
      throw err instanceof ArgumentError ? new ProblemError(err.path, err.detail) : err;
    }
    params.times = times;
    given.push('times');
  }
  for (const [k, v] of Object.entries(input.solver ?? {})) {
    const spec = specOf(model, k, joinPath('solver', k));
    params[k] = parseParameterValue(v, spec, joinPath('solver', k));
    given.push(k);
  }
  if (input.observables !== undefined) {
    specOf(model, 'observables', 'observables');
    params.observables = clonePlain(input.observables);
    given.push('observables');
  }
  runValidate(model, params, '');

  const axes: SweepAxis[] = [];
  const sw = input.sweep;
  let scalars: string[] | undefined;
  let labels: Record<string, string> | undefined;
  if (sw) {
    scalars = sw.scalars;
    labels = sw.labels;
    if (sw.grid) {
      if (sw.parameter !== undefined || sw.parameters !== undefined || sw.values !== undefined) throw new ProblemError('sweep', 'use either "grid" or "parameter"/"parameters" with "values"');
      sw.grid.forEach((a, i) => axes.push(resolveAxis(model, a, `sweep.grid[${i}]`, params)));
    } else if (sw.parameters) {
      if (!Array.isArray(sw.values) || sw.values.length !== sw.parameters.length || !sw.values.every(Array.isArray)) {
        throw new ProblemError('sweep.values', `expected one list of values per parameter (${sw.parameters.length})`);
      }
      sw.parameters.forEach((p, i) => {
        const vals = (sw.values as unknown[][])[i];
        if (vals.length === 0) throw new ProblemError(`sweep.values[${i}]`, 'expected at least 1 value');
        let kind: QuantityKind | null = null;
        const values = vals.map((v, j) => {
          const r = sweptValue(model, p, v, `sweep.values[${i}][${j}]`);
          kind = sameKind(kind, r.kind, `sweep.values[${i}][${j}]`);
          return r.value;
        });
        if (p.includes('.')) checkDottedTarget(params, p, kind, `sweep.parameters[${i}]`);
        axes.push({ parameter: p, values, unit: kind ? SI_UNIT[kind as QuantityKind] : '' });
      });
    } else {
      if (sw.parameter === undefined) throw new ProblemError('sweep', 'missing "parameter" (or "grid", or "parameters" with "values")');
      axes.push(resolveAxis(model, sw as SweepAxisInput, 'sweep', params));
    }
    if (axes.length === 2 && axes[0].parameter === axes[1].parameter) throw new ProblemError('sweep', `parameter "${axes[0].parameter}" is swept twice`);
    for (const a of axes) {
      const symbol = model.parameters.find((q) => q.name === a.parameter)?.symbol;
      if (symbol) a.symbol = symbol;
    }
  }

  const count = axes.reduce((n, a) => n * a.values.length, 1);
  if (count > MAX_SWEEP_POINTS) throw new ProblemError('sweep', `${count} points are too many for one run (the limit is ${MAX_SWEEP_POINTS}); use fewer steps or values`);
  const points: RunPoint[] = [];
  if (axes.length === 0) points.push({ index: 0, coords: [], params });
  else {
    const [a, b] = axes;
    const nb = b ? b.values.length : 1;
    for (let i = 0; i < a.values.length; i++) {
      for (let j = 0; j < nb; j++) {
        const p = clonePlain(params);
        setPath(p, a.parameter, a.values[i]);
        const coords = [a.values[i]];
        if (b) { setPath(p, b.parameter, b.values[j]); coords.push(b.values[j]); }
        points.push({ index: points.length, coords, params: p });
      }
    }
    // The model checks the first and last points (sweeps may move a parameter out of range).
    runValidate(model, points[0].params, ` (at sweep point ${describeCoords(axes, points[0].coords)})`);
    if (points.length > 1) runValidate(model, points[points.length - 1].params, ` (at sweep point ${describeCoords(axes, points[points.length - 1].coords)})`);
  }

  let memoryBytes = 0;
  if (model.memoryEstimate) for (const p of points) memoryBytes = Math.max(memoryBytes, model.memoryEstimate(p.params));

  const seed = input.seed ?? 1;
  const hash = sha256Hex(JSON.stringify({ model: model.id, points: points.map((p) => p.params), seed }));
  return {
    source, text, input,
    title: input.title ?? input.figure?.caption ?? `${model.title}`,
    model, params, given, axes, points, scalars, ...(labels ? { labels } : {}), seed,
    workers: input.workers,
    plot: input.plot ?? {},
    figure: input.figure,
    memoryBytes, hash,
  };
}

/** "constants.Omega = 2000000 Hz, B = 0.01 T" */
export function describeCoords(axes: readonly SweepAxis[], coords: readonly number[]): string {
  return axes.map((a, i) => `${a.parameter} = ${coords[i]}${a.unit ? ' ' + a.unit : ''}`).join(', ');
}

/**
 * Parse, validate and resolve scenario text. ProblemErrors are re-thrown with
 * `source:line:column: path` so the user can find the spot (files: scenario-file.ts).
 */
export function resolveScenarioText(text: string, source: string): ResolvedScenario {
  const { value, locate } = parseScenarioText(text, source);
  try {
    return resolveScenario(value, source, text);
  } catch (err) {
    if (err instanceof ProblemError && !err.path.startsWith(source + ':')) {
      const where = err.path && err.path !== '(scenario)' ? locate(err.path) : source;
      throw new ProblemError(`${where}: ${err.path}`, err.detail);
    }
    throw err;
  }
}

/** A figure defined in code as a scenario object (same validation path as files). */
export function figureToScenario(f: FigureDefinition): ScenarioInput {
  const s: ScenarioInput = { title: f.caption, model: f.model, params: f.params, figure: { id: f.id, caption: f.caption, ...(f.notes ? { notes: f.notes } : {}) }, ...(f.workers ? { workers: f.workers } : {}) };
  if (f.sweep) s.sweep = { parameters: f.sweep.parameters, values: f.sweep.values, ...(f.sweep.scalars ? { scalars: f.sweep.scalars } : {}), ...(f.sweep.labels ? { labels: f.sweep.labels } : {}) };
  if (f.xScale || f.yScale || f.rules || f.xLabel || f.yLabel || f.plot) {
    s.plot = {
      ...(f.xScale ? { xScale: f.xScale } : {}), ...(f.yScale ? { yScale: f.yScale } : {}), ...(f.rules ? { rules: f.rules } : {}),
      ...(f.xLabel ? { xLabel: f.xLabel } : {}), ...(f.yLabel ? { yLabel: f.yLabel } : {}), ...(f.plot ?? {}),
    };
  }
  return s;
}

/** Example quantity for each kind (for docs and help). */
export const QUANTITY_EXAMPLES = EXAMPLE;
