/**
 * The scenario file schema — the one source of truth. `SCENARIO_SCHEMA` is a
 * JSON Schema (draft 2020-12) object; `npm run schema` writes it to
 * `docs/scenario.schema.json` (a test checks the committed file equals it),
 * and `validateSchema` checks a parsed scenario against it with messages that
 * name the path (`sweep.steps: expected an integer ≥ 2, got 1`).
 *
 * The validator implements the subset of JSON Schema the scenario schema
 * uses: type, properties, required, additionalProperties (false or a schema),
 * items, enum, minimum, maximum, minItems, maxItems. Numbers must be finite
 * (YAML's .inf and .nan are refused by name). Quantities with units are strings
 * here; their units are checked when the scenario is resolved against the
 * model's parameter kinds (`units.ts`).
 */
import { ProblemError, closestName } from '../util/errors.js';

/** A JSON Schema node (the subset used). */
export interface SchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  examples?: unknown[];
  [extra: string]: unknown;
}

/** Most values of one sweep range (`steps`); a grid's product is limited by MAX_SWEEP_POINTS in scenario.ts. */
export const MAX_RANGE_STEPS = 100_000;
/** Most output times of a `times: {start, stop, steps}` grid. */
export const MAX_TIME_STEPS = 1_000_000;

const quantity = (description: string): SchemaNode => ({
  type: ['number', 'string'],
  description: `${description} A number (SI) or a string with a unit, e.g. "13 MHz", "10 us", "17e3 /s".`,
});

const sweepAxis: SchemaNode = {
  type: 'object',
  description: 'One axis of a sweep: an explicit list of values, or a range from/to/steps.',
  properties: {
    parameter: { type: 'string', description: 'Parameter name; a dotted path reaches inside a structured parameter, e.g. "constants.Omega".' },
    values: { type: 'array', minItems: 1, description: 'Values (numbers in SI or strings with units).' },
    from: quantity('First value of the range.'),
    to: quantity('Last value of the range (included).'),
    steps: { type: 'integer', minimum: 2, maximum: MAX_RANGE_STEPS, description: 'Number of values in the range.' },
    scale: { enum: ['linear', 'log'], description: 'Spacing of the range (default linear).' },
  },
  required: ['parameter'],
  additionalProperties: false,
};

/** JSON Schema of a scenario file. */
export const SCENARIO_SCHEMA: SchemaNode = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/spindrift/spindrift/docs/scenario.schema.json',
  title: 'spindrift scenario',
  description: 'A model, its parameters, the solver, observables, time grid, optional sweep, seed and outputs. Written by `npm run schema` from src/scenario/schema.ts; do not edit by hand.',
  type: 'object',
  properties: {
    title: { type: 'string', description: 'Title shown in the report and the plot.' },
    description: { type: 'string', description: 'Free text shown in the report.' },
    model: { type: 'string', description: 'Registered model id (`spindrift models` lists them), e.g. "generic".' },
    params: {
      type: 'object',
      description: 'Model parameters by name; unspecified ones take their defaults. Quantities accept units.',
      additionalProperties: true,
    },
    times: {
      type: ['array', 'object'],
      description: 'Output times: a list of quantities, or {start, stop, steps}. Sets the model parameter "times".',
      items: quantity('An output time.'),
      properties: {
        start: quantity('First time (default 0).'),
        stop: quantity('Last time.'),
        steps: { type: 'integer', minimum: 2, maximum: MAX_TIME_STEPS, description: 'Number of output times (including start and stop).' },
      },
      required: ['stop', 'steps'],
      additionalProperties: false,
    },
    solver: {
      type: 'object',
      description: 'Solver choice and options; each key sets the model parameter of the same name.',
      properties: {
        method: { enum: ['me', 'mc', 'steady'], description: 'Lindblad master equation, quantum-jump trajectories, or steady state.' },
        ntraj: { type: 'integer', minimum: 1, description: 'Trajectories of "mc".' },
        atol: { type: 'number', minimum: 0, description: 'Absolute tolerance.' },
        rtol: { type: 'number', minimum: 0, description: 'Relative tolerance.' },
      },
      additionalProperties: false,
    },
    observables: {
      type: ['object', 'array'],
      description: 'Observables: {name: expression} or a list of expressions. Sets the model parameter "observables".',
      items: { type: 'string' },
      additionalProperties: { type: 'string' },
    },
    sweep: {
      type: 'object',
      description: 'A parameter sweep: one axis ({parameter, values | from/to/steps}), a grid ({grid: [axis, axis]}), or {parameters: [a, b], values: [[...], [...]]}.',
      properties: {
        ...sweepAxis.properties,
        parameters: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2, description: 'Swept parameters (grid); use with values: one list per parameter.' },
        grid: { type: 'array', items: sweepAxis, minItems: 1, maxItems: 2, description: 'Grid over one or two axes.' },
        scalars: { type: 'array', items: { type: 'string' }, description: 'Scalar results plotted against the swept parameter (default: all).' },
        labels: { type: 'object', additionalProperties: { type: 'string' }, description: 'Series name for a scalar result, e.g. {"Pn": "anderson"} (default: the scalar name).' },
      },
      additionalProperties: false,
    },
    seed: { type: 'integer', minimum: 0, description: 'Seed of every random stream (default 1). Same seed, same result.' },
    workers: { type: 'integer', minimum: 1, description: 'Worker threads for the sweep (default: available cores).' },
    plot: {
      type: 'object',
      description: 'Plot options.',
      properties: {
        title: { type: 'string' },
        xLabel: { type: 'string', description: 'x-axis label (with units).' },
        yLabel: { type: 'string', description: 'y-axis label.' },
        xScale: { enum: ['linear', 'log'] },
        yScale: { enum: ['linear', 'log'] },
        series: { type: 'array', items: { type: 'string' }, description: 'Only these series are plotted (all are written to data.csv).' },
        rules: {
          type: 'array',
          description: 'Vertical reference lines at x (SI, the units of data.csv), e.g. a critical value.',
          items: { type: 'object', properties: { x: { type: 'number' }, label: { type: 'string' } }, required: ['x'], additionalProperties: false },
        },
        methods: {
          type: 'array',
          description: 'Methods told apart by line style (solid, dashed, dotted, in this order), colour then shows the observable: series whose name ends with `suffix` ("" = all others) share the legend entry `label`.',
          items: { type: 'object', properties: { suffix: { type: 'string' }, label: { type: 'string' } }, required: ['suffix', 'label'], additionalProperties: false },
        },
        facet: { enum: ['value', 'observable'], description: 'A sweep of time series: one panel per swept value or per observable.' },
        yDomain: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, description: 'y-axis range [min, max], e.g. [-1, 1] for polarizations (a series that is 0 to rounding is then drawn flat, not as 1e-16 noise).' },
      },
      additionalProperties: false,
    },
    figure: {
      type: 'object',
      description: 'Gallery entry: set in scenarios/figures/<id>.yaml.',
      properties: {
        id: { type: 'string', description: 'Figure id, e.g. "s000-fig2b" (seed file prefix and figure number as printed).' },
        caption: { type: 'string', description: "The paper's caption (short) and what is reproduced." },
        notes: { type: 'string', description: 'Deviations, inferred parameters, what to compare with.' },
      },
      required: ['id', 'caption'],
      additionalProperties: false,
    },
  },
  required: ['model'],
  additionalProperties: false,
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const a = typeOf(v);
  if (t === 'number') return a === 'number' || a === 'integer';
  return a === t;
}

function show(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** Append a key or index to a dotted path: `sweep` + `values` → `sweep.values`, + 2 → `sweep.values[2]`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const simple = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key);
  if (!simple) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/**
 * Validate `value` against `schema` (the subset above). Throws the first
 * defect as a `ProblemError` at its path; unknown fields get a closest-name
 * suggestion.
 */
export function validateSchema(value: unknown, schema: SchemaNode, path = ''): void {
  const where = path || '(scenario)';
  if (schema.enum) {
    if (!schema.enum.some((e) => e === value)) {
      const names = schema.enum.filter((e): e is string => typeof e === 'string');
      const guess = typeof value === 'string' ? closestName(value, names) : null;
      throw new ProblemError(where, `expected one of ${schema.enum.map(show).join(', ')}, got ${show(value)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ''}`);
    }
    return;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (typeof value === 'number' && !Number.isFinite(value) && types.some((t) => t === 'number' || t === 'integer')) {
      throw new ProblemError(where, `must be a finite ${types.includes('integer') ? 'integer' : 'number'}, got ${value}`);
    }
    if (!types.some((t) => typeMatches(value, t))) {
      const want = types.map((t) => (t === 'integer' ? 'an integer' : t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : `a ${t}`)).join(' or ');
      throw new ProblemError(where, `expected ${want}, got ${show(value)}`);
    }
  }
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) {
    throw new ProblemError(where, `expected ${schema.type === 'integer' ? 'an integer' : 'a number'} ≥ ${schema.minimum}, got ${value}`);
  }
  if (typeof value === 'number' && schema.maximum !== undefined && value > schema.maximum) {
    throw new ProblemError(where, `expected ${schema.type === 'integer' ? 'an integer' : 'a number'} ≤ ${schema.maximum} (the limit of this field), got ${value}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) throw new ProblemError(where, `expected at least ${schema.minItems} item(s), got ${value.length}`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) throw new ProblemError(where, `expected at most ${schema.maxItems} item(s), got ${value.length}`);
    if (schema.items) value.forEach((v, i) => validateSchema(v, schema.items as SchemaNode, joinPath(path, i)));
    return;
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) {
      if (!(r in obj)) throw new ProblemError(where, `missing required field "${r}"`);
    }
    const props = schema.properties ?? {};
    for (const [k, v] of Object.entries(obj)) {
      const sub = props[k];
      if (sub) {
        validateSchema(v, sub, joinPath(path, k));
      } else if (schema.additionalProperties === false) {
        const guess = closestName(k, Object.keys(props));
        throw new ProblemError(joinPath(path, k), `unknown field${guess ? `; did you mean "${guess}"?` : `; known: ${Object.keys(props).join(', ')}`}`);
      } else if (typeof schema.additionalProperties === 'object') {
        validateSchema(v, schema.additionalProperties, joinPath(path, k));
      }
    }
  }
}

/** The schema as the JSON text committed in docs/scenario.schema.json. */
export function scenarioSchemaJson(): string {
  return JSON.stringify(SCENARIO_SCHEMA, null, 2) + '\n';
}
