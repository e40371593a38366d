/**
 * Plots: a Vega-Lite spec built from the tidy data, compiled with vega-lite
 * and rendered headless (no DOM) to SVG by vega; PNG by resvg. Data stay SI;
 * `xDisplayScale` rescales x for display only (e.g. s → µs).
 */
import type { TidyData } from './tidy.js';
import type { PlotDecorations } from '../models/types.js';

/** Plot options from the scenario. */
export interface PlotOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  xScale?: 'linear' | 'log';
  yScale?: 'linear' | 'log';
  series?: string[];
  /** Vertical reference lines at x (SI; drawn at x·xDisplayScale), dashed grey, labelled at the top. */
  rules?: { x: number; label?: string }[];
  /** Shaded x-bands and vertical rules (x in data units, SI), drawn behind the curves. */
  decorations?: PlotDecorations;
}

/** Size of the plotting area in CSS pixels (the SVG adds axes and legend). */
export const PLOT_WIDTH = 560;
export const PLOT_HEIGHT = 340;
/** PNG pixels per SVG pixel. */
export const PNG_ZOOM = 2;
const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** The Vega-Lite spec of a run's plot. */
export function vegaLiteSpec(data: TidyData, opts: PlotOptions): Record<string, unknown> {
  const keep = opts.series && opts.series.length > 0 ? new Set(opts.series) : null;
  const scale = data.xDisplayScale;
  const values = data.rows
    .filter((r) => keep === null || keep.has(r.series))
    .filter((r) => (opts.xScale !== 'log' || (r.x !== null && r.x > 0)) && (opts.yScale !== 'log' || r.y > 0))
    .map((r) => ({ series: r.series, x: r.x === null ? null : r.x * scale, y: r.y, ...(r.yErr !== undefined ? { lo: r.y - r.yErr, hi: r.y + r.yErr } : {}) }));
  const scalarOnly = values.every((v) => v.x === null);
  // Legend in natural order ("t=2MHz" before "t=14MHz") when names carry numbers, in order of first appearance otherwise.
  const names = [...new Set(values.map((v) => v.series))];
  const collator = new Intl.Collator('en', { numeric: true });
  const numbered = names.some((n) => /\d/.test(n));
  const domain = numbered ? [...names].sort(collator.compare) : names;
  // More than 10 series: a 20-colour palette, so no two curves share a colour.
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain, ...(names.length > 10 ? { scheme: 'category20' } : {}) }, legend: { orient: 'right', labelLimit: 260 } };
  // Very small or large magnitudes (densities per Hz, rates) get exponent labels instead of long decimals.
  const maxAbs = Math.max(0, ...values.map((v) => Math.abs(v.y)).filter(Number.isFinite));
  const yAxis = maxAbs > 0 && (maxAbs < 1e-3 || maxAbs >= 1e6) ? { axis: { format: '.2~e' } } : {};
  const yEnc = { field: 'y', type: 'quantitative', title: opts.yLabel ?? data.yLabel, ...yAxis, scale: opts.yScale === 'log' ? { type: 'log' } : { type: 'linear', zero: false } };
  let layer: Record<string, unknown>[];
  if (scalarOnly) {
    layer = [{ mark: 'bar', encoding: { x: { field: 'series', type: 'nominal', title: null }, y: yEnc, color } }];
  } else {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v.series, (counts.get(v.series) ?? 0) + 1);
    const fewPoints = Math.max(0, ...counts.values()) <= 40;
    const xEnc = { field: 'x', type: 'quantitative', title: opts.xLabel ?? data.xLabel, scale: opts.xScale === 'log' ? { type: 'log', nice: false } : { type: 'linear', zero: false } };
    layer = [];
    if (data.hasErrors) {
      layer.push({ mark: fewPoints ? { type: 'errorbar', ticks: true } : { type: 'errorband', opacity: 0.25 }, encoding: { x: xEnc, y: { field: 'lo', type: 'quantitative', title: opts.yLabel ?? data.yLabel }, y2: { field: 'hi' }, color } });
    }
    const dashed = opts.decorations?.dashed ?? [], pointsOnly = opts.decorations?.pointsOnly ?? [];
    if (dashed.length === 0 && pointsOnly.length === 0) {
      layer.push({ mark: { type: 'line', point: fewPoints, strokeWidth: 2 }, encoding: { x: xEnc, y: yEnc, color } });
    } else {
      layer.push({ transform: [{ filter: { not: { field: 'series', oneOf: [...dashed, ...pointsOnly] } } }], mark: { type: 'line', point: fewPoints, strokeWidth: 2.5 }, encoding: { x: xEnc, y: yEnc, color } });
      if (dashed.length > 0) layer.push({ transform: [{ filter: { field: 'series', oneOf: dashed } }], mark: { type: 'line', point: fewPoints, strokeWidth: 2, strokeDash: [7, 4] }, encoding: { x: xEnc, y: yEnc, color } });
      if (pointsOnly.length > 0) layer.push({ transform: [{ filter: { field: 'series', oneOf: pointsOnly } }], mark: { type: 'point', filled: false, size: 110, strokeWidth: 2 }, encoding: { x: xEnc, y: yEnc, color } });
    }
    // Short series among long ones (e.g. two marked points on a set of curves): hollow circles.
    const shortSeries = [...counts.entries()].filter(([, n]) => n <= 4).map(([k]) => k);
    if (!fewPoints && shortSeries.length > 0) {
      layer.push({ transform: [{ filter: { field: 'series', oneOf: shortSeries } }], mark: { type: 'point', filled: false, size: 90, strokeWidth: 2 }, encoding: { x: xEnc, y: yEnc, color } });
    }
    const deco = opts.decorations;
    if (deco?.bands?.length) {
      const bands = deco.bands.map((b) => ({ x: b.x0 * scale, x2: b.x1 * scale, label: b.label ?? '' }));
      layer.unshift({ data: { values: bands }, mark: { type: 'rect', color: '#999999', opacity: 0.25 }, encoding: { x: { ...xEnc, field: 'x' }, x2: { field: 'x2' } } });
    }
    if (deco?.rules?.length) {
      const rules = deco.rules.map((r) => ({ x: r.x * scale, label: r.label, c: r.color ?? '#444444' }));
      layer.push({ data: { values: rules }, mark: { type: 'rule', strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { x: { ...xEnc, field: 'x' }, color: { field: 'c', type: 'nominal', scale: null, legend: null } } });
      layer.push({ data: { values: rules }, mark: { type: 'text', angle: 270, align: 'right', baseline: 'bottom', dx: -4, dy: -4, fontSize: 11 }, encoding: { x: { ...xEnc, field: 'x' }, y: { value: 0 }, text: { field: 'label' } } });
    }
    if (opts.rules && opts.rules.length > 0) {
      const ruleData = { values: opts.rules.map((r) => ({ rx: r.x * scale, label: r.label ?? '' })) };
      layer.push({ data: ruleData, mark: { type: 'rule', strokeDash: [6, 4], color: '#555', strokeWidth: 1.5 }, encoding: { x: { field: 'rx', type: 'quantitative' } } });
      layer.push({ data: ruleData, mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4, y: 0, color: '#333', fontSize: 12 }, encoding: { x: { field: 'rx', type: 'quantitative' }, text: { field: 'label' } } });
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(opts.title ? { title: opts.title } : {}),
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    background: 'white',
    padding: 10,
    config: { font: FONT, axis: { labelFontSize: 12, titleFontSize: 13 }, legend: { labelFontSize: 12 }, title: { fontSize: 15 } },
    data: { values },
    layer,
  };
}

/** Render a Vega-Lite spec to SVG text (headless, no DOM). */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const vega = await import('vega');
  const vl = await import('vega-lite');
  const silent = { level: () => silent, warn: () => silent, info: () => silent, debug: () => silent, error: (...a: unknown[]) => { throw new Error(String(a[0])); } };
  const compiled = vl.compile(spec as never, { logger: silent as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Render SVG text to PNG bytes (resvg), zoomed by PNG_ZOOM; returns the bytes and the pixel size. */
export async function renderPng(svg: string): Promise<{ png: Uint8Array; width: number; height: number }> {
  const { Resvg } = await import('@resvg/resvg-js');
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: PNG_ZOOM }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  const img = r.render();
  return { png: img.asPng(), width: img.width, height: img.height };
}
