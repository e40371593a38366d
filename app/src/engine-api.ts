/** What the engine worker (engine-worker.ts) offers the page through comlink, and the catalog the page shows. */

/** One parameter of a model, for the form. */
export interface ParamInfo {
  name: string;
  kind: string;
  /** SI (or display) unit of the value, '' when dimensionless. */
  unit: string;
  /** The default as the CLI's `spindrift models` shows it. */
  defaultText: string;
  description: string;
  choices?: string[];
  /** A quantity or number: can be swept. */
  sweepable: boolean;
}

export interface ModelInfo {
  id: string;
  title: string;
  seed?: string;
  description: string;
  parameters: ParamInfo[];
}

export interface FigureInfo {
  id: string;
  model: string;
  caption: string;
  /** The figure's scenario as YAML text. */
  text: string;
}

export interface Catalog {
  models: ModelInfo[];
  figures: FigureInfo[];
  /** scenarios/default.yaml. */
  defaultText: string;
}

/** Result of checking scenario text: the CLI's one-line message and the field path it names. */
export type CheckResult = { ok: true; model: string; points: number; title: string } | { ok: false; message: string; path: string };

/**
 * A live plot: the tidy rows of the points finished so far, grouped by series, or (`partial`) the
 * partial result of a one-point run in flight (the trace so far, running means with standard errors).
 */
export interface LivePlot {
  xLabel: string;
  yLabel: string;
  xScale: number;
  series: { name: string; x: number[]; y: number[]; yErr?: number[] }[];
  /** A partial result of the point in flight (not finished points). */
  partial?: boolean;
  /** Fixed x range (display units), e.g. the whole time span while a trace grows. */
  xRange?: [number, number];
}

export interface RunResultMessage {
  title: string;
  csv: string;
  dataJson: string;
  secondaryCsv?: string;
  secondaryKind?: 'series' | 'scalars';
  spec: Record<string, unknown>;
  secondarySpec?: Record<string, unknown>;
  notes: string[];
  points: number;
  /** Wall time of the computation in the worker (ms). */
  solveMs: number;
}

export interface RunCallbacks {
  progress(done: number, total: number, detail?: string): void;
  live(plot: LivePlot): void;
}

export interface EngineApi {
  run(text: string, callbacks: RunCallbacks): Promise<RunResultMessage>;
}
