/**
 * The contract between physical models and the scenario runner / app.
 *
 * A model (one per seed paper, plus the generic spin-system model) is a
 * `ModelDefinition`: a parameter schema with units and defaults, and a `run`
 * function that turns one set of parameter values into data — time series
 * and/or scalar results. The runner (`spindrift run`, `spindrift figures`,
 * the browser app) handles units, sweeps, parallelism, checkpoints, plots and
 * reports; a model only computes.
 *
 * Figures of the seed papers are `FigureDefinition`s: a model id, parameter
 * values, optionally a sweep, and how to plot the result.
 */

/** Physical kind of a parameter; decides which unit strings the runner accepts. */
export type ParameterKind =
  | 'frequency' // Hz ("13 MHz", "0.1 kHz"); models receive Hz (not rad/s)
  | 'rate' // s⁻¹ ("17e3 /s")
  | 'time' // s ("10 µs", "10 us")
  | 'field' // T ("51.2 mT")
  | 'temperature' // K
  | 'length' // m ("2 nm")
  | 'number' // dimensionless real
  | 'integer'
  | 'boolean'
  | 'string' // free or from `choices`
  | 'numbers' // array of reals (e.g. per-domain sizes), SI
  | 'json'; // structured value (e.g. a graph, per-site overrides), validated by the model

export interface ParameterSpec {
  name: string;
  kind: ParameterKind;
  /** Default value in SI units (Hz for frequencies). */
  default: unknown;
  description: string;
  /** Inclusive bounds for numeric kinds (SI). */
  min?: number;
  max?: number;
  /** Allowed values for 'string'. */
  choices?: readonly string[];
  /** Display unit of a 'number'/'numbers' parameter that has one (e.g. "Hz/T"); quantity kinds have theirs. */
  unit?: string;
}

/** One plotted line: y(x), with optional statistical error bars. */
export interface Series {
  name: string;
  x: number[];
  y: number[];
  /** Standard errors of y (trajectory averages, disorder averages). */
  yErr?: number[];
}

export interface ModelResult {
  /** Curves, e.g. P1(t), P2(t). */
  series: Series[];
  /** Scalar results, e.g. the transferred polarization; sweeps plot these against the swept parameter. */
  scalars?: Record<string, number>;
  /** Standard errors of scalars, where statistical. */
  scalarErrors?: Record<string, number>;
  /** Units of scalars (SI, e.g. {"jEffHz": "Hz"}); shown in the report's results table and axis titles. */
  scalarUnits?: Record<string, string>;
  /** Tables for the report (a figure that is a table in the paper, e.g. seed 004 Table I). */
  tables?: ReportTable[];
  /**
   * Sample statistics behind statistical scalars (disorder or trajectory averages): number of
   * samples, mean, standard error and, where defined, standard deviation. Written to data.json.
   */
  scalarStatistics?: Record<string, { count: number; mean: number; sem: number; std?: number }>;
  /** Axis labels of the series (with units), e.g. "t (ms)". */
  xLabel?: string;
  yLabel?: string;
  /** Multiply x by this for display (e.g. 1e3 for s → ms); data stay SI. */
  xDisplayScale?: number;
  /** Free-form notes carried into the report (method used, block sizes, discrepancies). */
  notes?: string[];
  /** Solver statistics, for the report. */
  stats?: Record<string, unknown>;
  /** Structured metadata written to data.json as `meta` (e.g. markers, conventions used); SI units. */
  meta?: Record<string, unknown>;
  /** Plot decorations in data (SI) x units: shaded x-bands and labelled vertical rules. */
  decorations?: PlotDecorations;
}

/** A table shown in report.html (and written to data.json): header cells and rows of text or numbers. */
export interface ReportTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** Shown below the table (sources, conventions). */
  note?: string;
}

/** How a plot tells series apart beyond colour (see PlotHints). */
export interface MethodStyle {
  /** Series whose name ends with this suffix (" QJM", " eff"; "" = every other series) … */
  suffix: string;
  /** … share this legend entry and line style ("QJM (100 trajectories)"). */
  label: string;
}

/** Plot hints of a figure or scenario beyond axes and scales. */
export interface PlotHints {
  /**
   * Methods told apart by line style (solid, dashed, dotted in this order) with colour for the
   * observable: e.g. [{suffix: '', label: 'QME'}, {suffix: ' QJM', label: 'QJM'}].
   */
  methods?: MethodStyle[];
  /** Sweeps of series: one panel per swept value ('value') or per observable ('observable'). */
  facet?: 'value' | 'observable';
  /** y-axis range [min, max] (display units), e.g. [−1, 1] for polarizations that may be 0 to rounding. */
  yDomain?: [number, number];
}

/** Shaded bands and vertical rules drawn behind a run's curves (x in SI, like the data). */
export interface PlotDecorations {
  bands?: { x0: number; x1: number; label?: string }[];
  rules?: { x: number; label: string; color?: string }[];
  /** Series drawn dashed instead of solid. */
  dashed?: string[];
  /** Series drawn as hollow points (with their error bars) and no line. */
  pointsOnly?: string[];
}

export interface RunContext {
  /** Seed for every random stream of this run (trajectories, disorder). */
  seed: number;
  /** Worker threads the model may use (sweeps already run points in parallel). */
  workers: number;
  /** Aborted on Ctrl-C / kill: a model should stop promptly and throw. */
  signal?: AbortSignal;
  /** Report progress in [0, 1] for long runs, optionally with what was reached ("120 of 500 trajectories"). */
  progress?: (fraction: number, detail?: string) => void;
  /**
   * Publish a partial result of the point in flight, for live display only (never stored): series
   * up to the time reached, running ensemble means with their standard errors. Models call it at
   * most ~10 times per second through models/partial.ts; it must not change the final result.
   */
  partial?: (result: ModelResult) => void;
}

/**
 * The independent work items of one parameter point — disorder realizations,
 * trajectory chunks, kinetic Monte Carlo runs — each drawing only from its own
 * seeded stream, so that the runner can split a point over machines
 * (`spindrift run --shard`, docs/scaling.md). A model's `run` must give the
 * same bits as `assemble(params, compute(params, [0 … count − 1]))`; models
 * implement `run` through these three functions to guarantee it.
 */
export interface PointItems {
  /** Number of items of the point, or null when the point is one indivisible unit. */
  count(params: Record<string, unknown>): Promise<number | null>;
  /** Per-item results of items `indices` (in that order); plain data (numbers, arrays, typed arrays, objects). */
  compute(params: Record<string, unknown>, indices: readonly number[], context: RunContext): Promise<unknown[]>;
  /** The point's result from the results of every item, in item order. */
  assemble(params: Record<string, unknown>, parts: readonly unknown[], context: RunContext): Promise<ModelResult>;
}

export interface ModelDefinition {
  /** Registry id, e.g. 'dressed-chain', 'spin-domains', 'generic'. */
  id: string;
  title: string;
  /** Seed paper file prefix ('000' … '004') when the model reproduces one. */
  seed?: string;
  description: string;
  parameters: readonly ParameterSpec[];
  /** Names of the observables returned by default. */
  observables: readonly string[];
  /**
   * Compute one parameter point. `params` holds every parameter (defaults
   * filled in) in SI units. Throw a RangeError naming the parameter for bad
   * values; the runner reports it as a one-line error.
   */
  run(params: Record<string, unknown>, context: RunContext): Promise<ModelResult>;
  /**
   * Optional structural check of `params` (defaults filled in, SI) before
   * anything runs or is written — e.g. parse expressions of 'json'
   * parameters. Throw a RangeError (or the CLI's ProblemError) naming the
   * parameter; the runner reports it with the path `params.<name>`.
   */
  validate?(params: Record<string, unknown>): void;
  /** Rough memory estimate in bytes for `params`, so the runner can refuse impossible runs up front. */
  memoryEstimate?(params: Record<string, unknown>): number;
  /** Split of a point into independent seeded work items (ensembles); absent: a point is one unit. */
  items?: PointItems;
}

export interface SweepSpec {
  /** Parameter(s) swept; one name for a 1-D sweep, two for a grid. */
  parameters: string[];
  /** Values per parameter (SI, or unit strings resolved by the runner). */
  values: unknown[][];
  /** Which scalar results to plot against the swept parameter (default: all). */
  scalars?: string[];
  /** Series name of each scalar result (default: the scalar's name). */
  labels?: Record<string, string>;
}

export interface FigureDefinition {
  /** e.g. 's000-fig2b': seed file prefix and the figure number as printed. */
  id: string;
  model: string;
  /** The paper's caption (short form) and what we reproduce. */
  caption: string;
  params: Record<string, unknown>;
  sweep?: SweepSpec;
  /** Our notes: deviations, parameters inferred, what to compare with. */
  notes?: string;
  /** Plot hints. */
  xScale?: 'linear' | 'log';
  yScale?: 'linear' | 'log';
  /** Vertical reference lines at x (SI), e.g. a critical value. */
  rules?: { x: number; label?: string }[];
  /** Axis titles with units, when the default (swept parameter / "value") does not say what is plotted. */
  xLabel?: string;
  yLabel?: string;
  /** Methods by line style, facets (see PlotHints). */
  plot?: PlotHints;
  /** Sweep points computed at once (default: available cores); 1 bounds a heavy figure's memory to one point's. */
  workers?: number;
}
