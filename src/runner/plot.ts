/**
 * Plots: a Vega-Lite spec built from the tidy data, compiled with vega-lite
 * and rendered headless (no DOM) to SVG by vega; PNG by resvg (png.ts, Node only). Data stay SI;
 * `xDisplayScale` rescales x for display only (e.g. s → µs).
 */
import type { TidyData, TidyRow } from './tidy.js';
import type { PlotDecorations, PlotHints } from '../models/types.js';

/** Plot options from the scenario. */
export interface PlotOptions extends PlotHints {
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
/** Line styles of methods / swept values told apart by dashes: solid, dashed, dotted, dash-dot. */
const DASHES = [[1, 0], [7, 4], [2, 3], [10, 3, 2, 3]];
/** More series than this: a continuous colour scale (sweeps, sites), or panels of at most this many. */
const MAX_NOMINAL = 10;
/** Longest title line (characters) before wrapping. */
const TITLE_LINE = 90;

/** Numbers inside names ("P1 gammaB=50 Hz", "x=-3e-6") compared by value, the rest as text. */
export function naturalCompare(a: string, b: string): number {
  const re = /(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|\d+(?:\.\d+)?/gi;
  const tokens = (s: string): (string | number)[] => {
    const out: (string | number)[] = [];
    let last = 0;
    for (const m of s.matchAll(re)) {
      if (m.index! > last) out.push(s.slice(last, m.index));
      out.push(Number(m[0]));
      last = m.index! + m[0].length;
    }
    if (last < s.length) out.push(s.slice(last));
    return out;
  };
  const ta = tokens(a), tb = tokens(b);
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i], y = tb[i];
    if (typeof x === 'number' && typeof y === 'number') { if (x !== y) return x - y; continue; }
    const c = String(x).localeCompare(String(y));
    if (c !== 0) return c;
  }
  return ta.length - tb.length;
}

/** A title wrapped into lines of at most TITLE_LINE characters (at spaces). */
export function wrapTitle(text: string, width = TITLE_LINE): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of text.split(/\s+/)) {
    if (cur && cur.length + 1 + w.length > width) { lines.push(cur); cur = w; } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

/**
 * The observable family of a series name and its index: "K12" → K/12, "V10,1" → V/10,1,
 * "P3 eff" → P/3, "Pc" → P/c (the chain mean); null for other names.
 */
export function observableFamily(name: string): { family: string; index: string } | null {
  const m = /^([A-Za-z]+?)(\d+(?:,\d+)?|c)(?:\s.*)?$/.exec(name);
  return m ? { family: m[1], index: m[2] } : null;
}

/**
 * Panel per family when the series are several observable families (K and V of Fig. 6c: a current in
 * s⁻¹ and a dimensionless voltage share no axis), or one family with more than MAX_NOMINAL members
 * (P1 … P10, Pc) coloured on a continuous scale by site; null when the names are not families.
 */
function familyLayout(keys: readonly string[]): FamilyLayout | null {
  const parsed = keys.map(observableFamily);
  if (parsed.length === 0 || parsed.some((x) => x === null)) return null;
  const families = [...new Set(parsed.map((x) => x!.family))];
  const largest = Math.max(...families.map((f) => parsed.filter((x) => x!.family === f).length));
  if (families.length < 2 && largest <= MAX_NOMINAL) return null;
  // Indices of two sites ("12", "10,1") name bonds; single ones name sites.
  const bonds = parsed.every((x) => x!.index === 'c' || x!.index.includes(',') || (x!.index.length === 2 && !keys.some((k) => observableFamily(k)!.index.length === 1)));
  return { families, continuous: largest > MAX_NOMINAL, indexTitle: bonds ? BOND_TITLE : 'site j' };
}

const BOND_TITLE = 'bond j→k';

/** Bond indices in chain order: "12" < "23" < … < "89" < "9,10" < "10,1" (pairs of sites; "mean" last). */
function bondCompare(a: string, b: string): number {
  const sites = (s: string): number[] => (s.includes(',') ? s.split(',').map(Number) : /^\d\d$/.test(s) ? [Number(s[0]), Number(s[1])] : [Infinity, Infinity]);
  const x = sites(a), y = sites(b);
  return x[0] - y[0] || x[1] - y[1] || a.localeCompare(b);
}

interface FamilyLayout { families: string[]; continuous: boolean; indexTitle: string }

interface PlotValue {
  series: string; x: number | null; y: number; lo?: number; hi?: number;
  /** colour key, dash key, facet key, numeric value for a continuous colour scale */
  c: string; d?: string; f?: string; v?: number;
}

/** Colour/facet keys of a row by its observable family (see familyLayout): panel = family, colour = index. */
function familyKeys(obs: string, layout: FamilyLayout): Pick<PlotValue, 'c' | 'f' | 'v'> {
  const fam = observableFamily(obs)!;
  const n = Number(fam.index);
  return { c: fam.index === 'c' ? 'mean' : fam.index, ...(layout.families.length > 1 ? { f: fam.family } : {}), ...(layout.continuous && Number.isFinite(n) ? { v: n } : {}) };
}

/** How series are told apart: by colour alone, colour + dash, colour + facet, or a continuous colour. */
interface Encoding {
  dash: boolean; facet: boolean; continuous: boolean; colorTitle: string | null; dashTitle: string | null; facetColumns: number;
  /** Panels per observable family, each with its own y scale. */
  independentY?: boolean;
  /** Panels of at most MAX_NOMINAL series, each with its own colour legend. */
  independentColor?: boolean;
}

/**
 * More than MAX_NOMINAL series with names that are neither numbers nor observable families: panels
 * of at most MAX_NOMINAL series each (by the names' first word when that splits them so, else in
 * natural order), so every legend stays short; null for MAX_NOMINAL or fewer.
 */
export function nominalPanels(names: readonly string[]): Map<string, string> | null {
  if (names.length <= MAX_NOMINAL) return null;
  const sorted = [...names].sort(naturalCompare);
  const byWord = new Map<string, string[]>();
  for (const n of sorted) { const w = n.split(/\s+/)[0]; byWord.set(w, [...(byWord.get(w) ?? []), n]); }
  const out = new Map<string, string>();
  if (byWord.size > 1 && byWord.size <= 6 && [...byWord.values()].every((g) => g.length <= MAX_NOMINAL)) {
    for (const [w, g] of byWord) for (const n of g) out.set(n, w);
    return out;
  }
  const chunks = Math.ceil(sorted.length / MAX_NOMINAL), size = Math.ceil(sorted.length / chunks);
  for (let i = 0; i < sorted.length; i += size) {
    const g = sorted.slice(i, i + size);
    for (const n of g) out.set(n, `${g[0]} … ${g[g.length - 1]}`);
  }
  return out;
}

function methodOf(name: string, methods: readonly { suffix: string; label: string }[]): { obs: string; label: string } | null {
  const sorted = [...methods].sort((a, b) => b.suffix.length - a.suffix.length);
  for (const m of sorted) if (name.endsWith(m.suffix) && (m.suffix !== '' || true)) return { obs: m.suffix ? name.slice(0, name.length - m.suffix.length) : name, label: m.label };
  return null;
}

/** Colour/dash/facet keys of every row (see the module comment). */
function encode(data: TidyData, rows: TidyRow[], opts: PlotOptions): { values: PlotValue[]; enc: Encoding } {
  const scale = data.xDisplayScale;
  const base = (r: TidyRow): PlotValue => ({ series: r.series, x: r.x === null ? null : r.x * scale, y: r.y, ...(r.yErr !== undefined ? { lo: r.y - r.yErr, hi: r.y + r.yErr } : {}), c: r.series });
  const enc: Encoding = { dash: false, facet: false, continuous: false, colorTitle: null, dashTitle: null, facetColumns: 1 };
  if (opts.methods && opts.methods.length > 0) {
    enc.dash = true;
    const obsOf = (r: TidyRow) => { const m = methodOf(r.obs ?? r.series, opts.methods!); return { m, obs: m ? m.obs : (r.obs ?? r.series) }; };
    const layout = rows.some((r) => r.valueLabel) ? null : familyLayout([...new Set(rows.map((r) => obsOf(r).obs))]);
    if (layout) applyFamilyLayout(enc, layout);
    return {
      enc,
      values: rows.map((r) => {
        const { m, obs } = obsOf(r);
        return { ...base(r), c: r.valueLabel ? `${obs} ${r.valueLabel}` : obs, d: m ? m.label : 'other', ...(layout ? familyKeys(obs, layout) : {}) };
      }),
    };
  }
  const structured = rows.length > 0 && rows.every((r) => r.obs !== undefined && r.valueLabel !== undefined);
  if (!structured) {
    // Many curves named by a number ("P=0.1", …, "P=0.9993"): a continuous colour scale over that number;
    // short series among them (marked points, ≤ 4 values) keep their hollow circles in a neutral colour.
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.series, (counts.get(r.series) ?? 0) + 1);
    const long = [...counts.entries()].filter(([, n]) => n > 40).map(([k]) => k);
    const numOf = (n: string): number | null => { const m = /^(.*?)\s*=\s*(-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*$/i.exec(n); return m ? Number(m[2]) : null; };
    const prefixes = new Set(long.map((n) => n.replace(/\s*=.*$/, '')));
    const allShortOthers = [...counts.entries()].every(([k, n]) => long.includes(k) || n <= 4);
    if (long.length > MAX_NOMINAL && allShortOthers && prefixes.size === 1 && long.every((n) => numOf(n) !== null)) {
      enc.continuous = true;
      enc.colorTitle = [...prefixes][0];
      return { enc, values: rows.map((r) => ({ ...base(r), ...(long.includes(r.series) ? { v: numOf(r.series)! } : {}) })) };
    }
    const layout = familyLayout([...counts.keys()]);
    if (layout) {
      applyFamilyLayout(enc, layout);
      return { enc, values: rows.map((r) => ({ ...base(r), ...familyKeys(r.series, layout) })) };
    }
    const panels = nominalPanels([...counts.keys()]);
    if (panels) {
      enc.facet = true;
      enc.independentColor = true;
      enc.facetColumns = Math.min(new Set(panels.values()).size, 2);
      return { enc, values: rows.map((r) => ({ ...base(r), f: panels.get(r.series)! })) };
    }
    return { enc, values: rows.map(base) };
  }
  const obs = new Set(rows.map((r) => r.obs!));
  const vals = new Set(rows.map((r) => r.valueLabel!));
  enc.colorTitle = null;
  if (opts.facet === 'value') {
    enc.facet = true;
    enc.facetColumns = Math.min(vals.size, 3);
    return { enc, values: rows.map((r) => ({ ...base(r), c: r.obs!, f: r.valueLabel! })) };
  }
  const continuous = (): PlotValue[] => {
    enc.continuous = true;
    enc.colorTitle = data.valueTitle ?? null;
    return rows.map((r) => ({ ...base(r), c: r.series, v: Number((r.value! * (data.valueDisplayScale ?? 1)).toPrecision(12)) }));
  };
  const groups = new Set(rows.map((r) => r.group).filter((g) => g !== undefined));
  if (opts.facet === undefined && groups.size > 1) {
    // A series sweep over two axes: one panel per value of the second, colour = the first, dash = observable.
    enc.facet = true;
    enc.facetColumns = Math.min(groups.size, 3);
    enc.dash = obs.size > 1;
    return { enc, values: continuous().map((x, i) => ({ ...x, f: rows[i].group!, ...(obs.size > 1 ? { d: rows[i].obs! } : {}) })) };
  }
  if (opts.facet === 'observable' || (vals.size > 3 && obs.size > 4) ) {
    enc.facet = true;
    enc.facetColumns = Math.min(obs.size, 3);
    const v = vals.size > 3 ? continuous() : rows.map((r) => ({ ...base(r), c: r.valueLabel! }));
    return { enc, values: v.map((x, i) => ({ ...x, f: rows[i].obs! })) };
  }
  if (obs.size === 1 && vals.size <= MAX_NOMINAL) return { enc, values: rows.map((r) => ({ ...base(r), c: r.valueLabel! })) };
  if (vals.size <= 3 && obs.size <= MAX_NOMINAL) {
    enc.dash = true;
    return { enc, values: rows.map((r) => ({ ...base(r), c: r.obs!, d: r.valueLabel! })) };
  }
  if (obs.size > 1) {
    enc.dash = true;
    return { enc, values: continuous().map((x, i) => ({ ...x, d: rows[i].obs! })) };
  }
  return { enc, values: continuous() };
}

/** Encoding of a family layout: one panel per family (own y scale), colour by index, continuous for > MAX_NOMINAL. */
function applyFamilyLayout(enc: Encoding, layout: FamilyLayout): void {
  if (layout.families.length > 1) {
    enc.facet = true;
    enc.facetColumns = Math.min(layout.families.length, 2);
    enc.independentY = true;
  }
  enc.continuous = layout.continuous;
  enc.colorTitle = layout.indexTitle;
}

/** Panel header of a family: the part of the y label that names it ("K (s⁻¹)" of "K (s⁻¹), V"), else the family. */
function familyHeader(family: string, yLabel: string): string {
  const part = yLabel.split(/,\s*/).find((x) => new RegExp(`^${family}(?:[\\s(_]|$)`).test(x));
  return part ?? family;
}

/** Heat maps of a dense two-axis scalar grid: one panel per scalar, x = first axis, y = second. */
function heatMapSpec(data: TidyData, rows: TidyRow[], opts: PlotOptions): Record<string, unknown> {
  const scale = data.xDisplayScale;
  const values = rows.map((r) => ({ f: r.obs ?? r.series, x: Number(((r.x as number) * scale).toPrecision(6)), v: r.value === undefined ? undefined : Number((r.value * (data.valueDisplayScale ?? 1)).toPrecision(12)), z: r.y }));
  const panels = [...new Set(values.map((v) => v.f))];
  const columns = Math.min(panels.length, 2);
  const w = Math.round((PLOT_WIDTH + 120) / columns) - 120;
  return {
    data: { values },
    facet: { field: 'f', type: 'nominal', title: null, sort: panels, header: { labelFontSize: 13 } },
    columns,
    spec: {
      width: w, height: Math.round(w * 0.75),
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'x', type: 'ordinal', title: opts.xLabel ?? data.xLabel, sort: 'ascending', axis: { labelAngle: -45 } },
        y: { field: 'v', type: 'ordinal', title: data.valueTitle ?? null, sort: 'descending' },
        color: { field: 'z', type: 'quantitative', title: opts.yLabel ?? null, scale: { scheme: 'viridis' }, legend: { orient: 'right' } },
      },
    },
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  };
}

/**
 * Dash-legend swatches stroked explicitly: with points on the lines (`point: true`) Vega-Lite drops
 * `symbolStrokeColor`, and the swatches came out invisible (stroke none).
 */
const DASH_SWATCH = { symbols: { update: { stroke: { value: '#333' } } } };

/** The Vega-Lite spec of a run's plot. */
export function vegaLiteSpec(data: TidyData, opts: PlotOptions): Record<string, unknown> {
  const keep = opts.series && opts.series.length > 0 ? new Set(opts.series) : null;
  const xScaleType = opts.xScale ?? (data.xLog ? 'log' : 'linear');
  const rows = data.rows
    .filter((r) => keep === null || keep.has(r.series))
    .filter((r) => (xScaleType !== 'log' || (r.x !== null && r.x > 0)) && (opts.yScale !== 'log' || r.y > 0));
  const frame = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(opts.title ? { title: { text: wrapTitle(opts.title), anchor: 'start' } } : {}),
    background: 'white',
    padding: 10,
    config: { font: FONT, axis: { labelFontSize: 12, titleFontSize: 13 }, legend: { labelFontSize: 12, titleFontSize: 12 }, title: { fontSize: 14 } },
  };
  if (data.grid) return { ...frame, ...heatMapSpec(data, rows, opts) };
  const { values, enc } = encode(data, rows, opts);
  const scale = data.xDisplayScale;
  const scalarOnly = values.every((v) => v.x === null);
  // Legend in natural order ("t=2 MHz" before "t=14 MHz"; numbers compared by value).
  const names = [...new Set(values.map((v) => v.c))];
  // Swept values ("gammaB=50 Hz") in the order of their values, whatever their prefixes.
  const valueOf = new Map<string, number>();
  for (const r of rows) if (r.valueLabel !== undefined && r.value !== undefined) valueOf.set(r.valueLabel, r.value);
  const byValue = (a: string, b: string): number => (valueOf.has(a) && valueOf.has(b) ? valueOf.get(a)! - valueOf.get(b)! : naturalCompare(a, b));
  const domain = enc.colorTitle === BOND_TITLE ? [...names].sort(bondCompare) : names.some((n) => /\d/.test(n)) ? [...names].sort(byValue) : names;
  const legend = { orient: 'right', labelLimit: 260, symbolOpacity: 1, symbolStrokeWidth: 2.5, ...(scalarOnly ? {} : { symbolType: 'stroke' }), ...(domain.length > 20 ? { columns: 2 } : {}), symbolLimit: 400 };
  const color = enc.continuous
    ? { field: 'v', type: 'quantitative', title: enc.colorTitle, scale: { scheme: 'viridis', ...(data.valueLog ? { type: 'log' } : {}) }, legend: { orient: 'right', gradientLength: enc.facet ? 180 : 260 } }
    : enc.independentColor
      ? { field: 'c', type: 'nominal', title: null, scale: { scheme: 'category10' }, legend: { ...legend, columns: 1 } }
      : { field: 'c', type: 'nominal', title: enc.colorTitle, scale: { domain, ...(domain.length > MAX_NOMINAL ? { scheme: 'category20' } : {}) }, legend };
  const bandColor = color;
  const dashDomain = enc.dash ? (opts.methods && opts.methods.length ? opts.methods.map((m) => m.label).filter((l) => values.some((v) => v.d === l)) : [...new Set(values.map((v) => v.d as string))].sort(byValue)) : [];
  if (enc.dash && values.some((v) => v.d === 'other')) dashDomain.push('other');
  const strokeDash = enc.dash ? { strokeDash: { field: 'd', type: 'nominal', title: enc.dashTitle, scale: { domain: dashDomain, range: DASHES.slice(0, Math.max(1, dashDomain.length)).concat(DASHES.slice(0, Math.max(0, dashDomain.length - DASHES.length))) }, legend: { orient: 'right', symbolType: 'stroke', symbolStrokeColor: '#333', symbolStrokeWidth: 2, symbolOpacity: 1, symbolSize: 400, labelLimit: 420, encode: DASH_SWATCH } } } : {};
  // Very small or large magnitudes (densities per Hz, rates) get exponent labels instead of long decimals.
  const maxAbs = Math.max(0, ...values.map((v) => Math.abs(v.y)).filter(Number.isFinite));
  const axisMax = Math.max(maxAbs, ...(opts.yDomain ?? []).map(Math.abs)); // a given domain sets the tick magnitudes
  const yAxis = axisMax > 0 && (axisMax < 1e-3 || axisMax >= 1e6) ? { axis: { format: '.2~e' } } : {};
  const yTitle = opts.yLabel ?? data.yLabel;
  // Curves constant to rounding (a persistent current Γ_eff/4 ± 1e-16) on an autoscaled axis showed the
  // rounding as noise over the whole plot: such data get an axis that includes zero.
  // (Checked per panel where panels have their own y scale.)
  const panelYs = new Map<string, number[]>();
  for (const v of values) if (Number.isFinite(v.y)) { const k = enc.independentY ? String(v.f) : ''; panelYs.set(k, [...(panelYs.get(k) ?? []), v.y]); }
  const constant = panelYs.size > 0 && [...panelYs.values()].every((ys) => {
    const hi = Math.max(...ys), lo = Math.min(...ys), big = Math.max(Math.abs(hi), Math.abs(lo));
    return big > 0 && hi - lo <= 1e-9 * big;
  });
  // One panel per observable family: each panel's header names its quantity and unit, so no shared y title.
  const yShown = enc.independentY ? null : yTitle;
  const yEnc = { field: 'y', type: 'quantitative', title: yShown, ...yAxis, scale: { ...(opts.yScale === 'log' ? { type: 'log' } : { type: 'linear', zero: constant }), ...(opts.yDomain ? { domain: opts.yDomain } : {}) } };
  let layer: Record<string, unknown>[];
  if (scalarOnly) {
    // One bar (a dot on a log axis, where bars have no base) per scalar; the x axis names them, so no legend.
    const mark = opts.yScale === 'log' ? { type: 'point', filled: true, size: 140 } : 'bar';
    layer = [{ mark, encoding: { x: { field: 'series', type: 'nominal', title: null, sort: domain, axis: { labelAngle: 0 } }, y: yEnc, color: { ...color, legend: null } } }];
  } else {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v.series, (counts.get(v.series) ?? 0) + 1);
    const fewPoints = Math.max(0, ...counts.values()) <= 40;
    // Log axes over several decades or tiny values: exponent labels (1e-9, 1e-6) instead of long decimals.
    const xs = values.map((v) => v.x as number).filter((x) => x > 0);
    const logFormat = xScaleType === 'log' && xs.length > 0 && (Math.max(...xs) / Math.min(...xs) >= 1e4 || Math.min(...xs) < 1e-3) ? { axis: { format: '.0e' } } : {};
    const xEnc = { field: 'x', type: 'quantitative', title: opts.xLabel ?? data.xLabel, ...logFormat, scale: xScaleType === 'log' ? { type: 'log', nice: false } : { type: 'linear', zero: false } };
    const detail = { detail: { field: 'series', type: 'nominal' } };
    layer = [];
    if (data.hasErrors) {
      layer.push({ mark: fewPoints ? { type: 'errorbar', ticks: true } : { type: 'errorband', opacity: 0.2 }, encoding: { x: xEnc, y: { field: 'lo', type: 'quantitative', title: yShown }, y2: { field: 'hi' }, color: bandColor, ...detail } });
    }
    const dashed = opts.decorations?.dashed ?? [], pointsOnly = opts.decorations?.pointsOnly ?? [];
    const lineEnc = { x: xEnc, y: yEnc, color, ...strokeDash, ...detail };
    // Continuous colour: long series without a value (Pc among P1 … P10) as near-black dashed lines named at their end.
    const unvalued = enc.continuous ? [...counts.keys()].filter((k) => (counts.get(k) ?? 0) > 4 && values.some((v) => v.series === k && v.v === undefined)) : [];
    if (unvalued.length > 0) {
      layer.push({ transform: [{ filter: { not: { field: 'series', oneOf: unvalued } } }], mark: { type: 'line', point: fewPoints, strokeWidth: 2 }, encoding: lineEnc });
      layer.push({ transform: [{ filter: { field: 'series', oneOf: unvalued } }], mark: { type: 'line', strokeWidth: 2, strokeDash: [6, 3], color: '#222222' }, encoding: { x: xEnc, y: yEnc, ...detail } });
      layer.push({
        transform: [{ filter: { field: 'series', oneOf: unvalued } }, { joinaggregate: [{ op: 'max', field: 'x', as: 'xEnd' }], groupby: ['series'] }, { filter: 'datum.x === datum.xEnd' }],
        mark: { type: 'text', align: 'left', dx: 5, fontSize: 12, color: '#222222' }, encoding: { x: xEnc, y: yEnc, text: { field: 'series' } },
      });
    } else if (dashed.length === 0 && pointsOnly.length === 0) {
      layer.push({ mark: { type: 'line', point: fewPoints, strokeWidth: 2 }, encoding: lineEnc });
    } else {
      layer.push({ transform: [{ filter: { not: { field: 'series', oneOf: [...dashed, ...pointsOnly] } } }], mark: { type: 'line', point: fewPoints, strokeWidth: 2.5 }, encoding: lineEnc });
      if (dashed.length > 0) layer.push({ transform: [{ filter: { field: 'series', oneOf: dashed } }], mark: { type: 'line', point: fewPoints, strokeWidth: 2, strokeDash: [7, 4] }, encoding: lineEnc });
      if (pointsOnly.length > 0) layer.push({ transform: [{ filter: { field: 'series', oneOf: pointsOnly } }], mark: { type: 'point', filled: false, size: 110, strokeWidth: 2 }, encoding: { x: xEnc, y: yEnc, color, ...detail } });
    }
    // Short series among long ones (e.g. two marked points on a set of curves): hollow circles.
    const shortSeries = [...counts.entries()].filter(([, n]) => n <= 4).map(([k]) => k);
    if (!fewPoints && shortSeries.length > 0) {
      layer.push({ transform: [{ filter: { field: 'series', oneOf: shortSeries } }], mark: { type: 'point', filled: false, size: 90, strokeWidth: 2, ...(enc.continuous ? { color: '#222222' } : {}) }, encoding: { x: xEnc, y: yEnc, ...(enc.continuous ? {} : { color }), ...detail } });
    }
    const deco = opts.decorations;
    if (!enc.facet && deco?.bands?.length) {
      const bands = deco.bands.map((b) => ({ x: b.x0 * scale, x2: b.x1 * scale, label: b.label ?? '' }));
      layer.unshift({ data: { values: bands }, mark: { type: 'rect', color: '#999999', opacity: 0.25 }, encoding: { x: { ...xEnc, field: 'x' }, x2: { field: 'x2' } } });
    }
    if (!enc.facet && deco?.rules?.length) {
      const rules = deco.rules.map((r) => ({ x: r.x * scale, label: r.label, c: r.color ?? '#444444' }));
      layer.push({ data: { values: rules }, mark: { type: 'rule', strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { x: { ...xEnc, field: 'x' }, color: { field: 'c', type: 'nominal', scale: null, legend: null } } });
      layer.push({ data: { values: rules }, mark: { type: 'text', angle: 270, align: 'right', baseline: 'bottom', dx: -4, dy: -4, fontSize: 11 }, encoding: { x: { ...xEnc, field: 'x' }, y: { value: 0 }, text: { field: 'label' } } });
    }
    if (!enc.facet && opts.rules && opts.rules.length > 0) {
      const ruleData = { values: opts.rules.map((r) => ({ rx: r.x * scale, label: r.label ?? '' })) };
      layer.push({ data: ruleData, mark: { type: 'rule', strokeDash: [6, 4], color: '#555', strokeWidth: 1.5 }, encoding: { x: { field: 'rx', type: 'quantitative' } } });
      layer.push({ data: ruleData, mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4, y: 0, color: '#333', fontSize: 12 }, encoding: { x: { field: 'rx', type: 'quantitative' }, text: { field: 'label' } } });
    }
  }
  if (enc.facet) {
    if (enc.independentY) for (const v of values) v.f = familyHeader(v.f as string, yTitle);
    const panels = [...new Set(values.map((v) => v.f as string))];
    const sorted = panels.some((n) => /\d/.test(n)) ? [...panels].sort(byValue) : panels;
    const w = Math.max(250, Math.round((PLOT_WIDTH + 80) / enc.facetColumns) - 80);
    return {
      ...frame, data: { values },
      facet: { field: 'f', type: 'nominal', title: null, sort: sorted, header: { labelFontSize: 13 } },
      columns: enc.facetColumns,
      spec: { width: w, height: Math.round(Math.min(PLOT_HEIGHT, w * 0.75)), layer },
      ...(enc.independentY ? { resolve: { scale: { y: 'independent' } } } : {}),
      ...(enc.independentColor ? { resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } } } : {}),
    };
  }
  return { ...frame, width: PLOT_WIDTH, height: PLOT_HEIGHT, data: { values }, layer };
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
