/**
 * report.html: one self-contained page (no external resources) with the
 * scenario as written, the parameters with units, version and git commit,
 * timings, notes, solver statistics and the plot inline (SVG).
 */
import type { ModelResult, ParameterSpec, ReportTable } from '../models/types.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import { SI_UNIT, isQuantityKind } from '../expression/units.js';
import { formatValue } from './tidy.js';

/** HTML-escape text. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Everything the report shows besides the scenario. */
export interface ReportInput {
  scenario: ResolvedScenario;
  svg: string;
  version: string;
  commit: string;
  started: string;
  timings: Record<string, number>;
  notes: string[];
  stats: unknown;
  points: number;
  files: string[];
  /** Results by point (scalars shown as a table; tables of the first point shown as they are). */
  results?: readonly ModelResult[];
  /** Plot of the series kept beside plotted scalars. */
  secondarySvg?: string;
}

export const REPORT_STYLE = `body{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;font-size:14px}
th{background:#f3f3f3}td{overflow-wrap:anywhere;max-width:34em}.wide{overflow-x:auto}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:13px}code{font-size:13px}.muted{color:#666}`;

/** Unit column of a parameter: its SI unit, its declared unit, or "—" for dimensionless numbers. */
export function unitOf(p: Pick<ParameterSpec, 'kind' | 'unit'>): string {
  if (isQuantityKind(p.kind)) return SI_UNIT[p.kind];
  if (p.unit) return p.unit;
  return p.kind === 'number' || p.kind === 'integer' || p.kind === 'numbers' ? '—' : p.kind;
}

/** Value cell (the unit has its own column, so it is not repeated here). */
function valueCell(kind: string, v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v;
  const s = JSON.stringify(v);
  return s.length > 400 ? s.slice(0, 397) + '...' : s;
}

/** Build report.html. */
export function reportHtml(r: ReportInput): string {
  const sc = r.scenario;
  const rows = sc.model.parameters.map((p) => {
    const given = sc.given.includes(p.name);
    const swept = sc.axes.filter((a) => a.parameter === p.name || a.parameter.startsWith(p.name + '.'));
    const value = valueCell(p.kind, sc.params[p.name]) + (swept.length ? ` (swept: ${swept.map((a) => a.parameter).join(', ')})` : '');
    return `<tr><td><code>${esc(p.name)}</code></td><td>${esc(value)}</td><td>${esc(unitOf(p))}</td><td>${given ? 'given' : '<span class="muted">default</span>'}</td><td>${esc(p.description)}</td></tr>`;
  }).join('\n');
  const sweep = sc.axes.length === 0 ? '<p>No sweep: one parameter point.</p>'
    : `<ul>${sc.axes.map((a) => `<li><code>${esc(a.parameter)}</code>: ${a.values.length} values from ${a.values[0]} to ${a.values[a.values.length - 1]} ${esc(a.unit)}</li>`).join('')}</ul><p>${r.points} points in total.</p>`;
  const results = r.results ? resultsSection(r) : '';
  const timings = Object.entries(r.timings).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${(v / 1000).toFixed(3)} s</td></tr>`).join('');
  const fig = sc.figure ? `<h2>Figure ${esc(sc.figure.id)}</h2><p>${esc(sc.figure.caption)}</p>${sc.figure.notes ? `<p><b>Notes.</b> ${esc(sc.figure.notes)}</p>` : ''}` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(sc.title)} — spindrift report</title><style>${REPORT_STYLE}</style></head>
<body>
<h1>${esc(sc.title)}</h1>
${sc.input.description ? `<p>${esc(sc.input.description)}</p>` : ''}
${fig}
<div>${r.svg}</div>
${r.secondarySvg ? `<p class="muted">Time series of every sweep point (series.csv):</p><div>${r.secondarySvg}</div>` : ''}
${results}
<h2>Model</h2>
<p><b>${esc(sc.model.title)}</b> (<code>${esc(sc.model.id)}</code>) — ${esc(sc.model.description)}</p>
<h2>Parameters (SI units)</h2>
<table><tr><th>name</th><th>value</th><th>unit</th><th></th><th>description</th></tr>
${rows}
</table>
<h2>Sweep</h2>
${sweep}
<p>Seed: ${sc.seed}.</p>
<h2>Notes</h2>
${r.notes.length ? `<ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '<p class="muted">none</p>'}
<h2>Run</h2>
<table><tr><td>spindrift version</td><td>${esc(r.version)}</td></tr><tr><td>git commit</td><td><code>${esc(r.commit)}</code></td></tr><tr><td>started</td><td>${esc(r.started)}</td></tr>${timings}</table>
<p>Files: ${r.files.map((f) => `<a href="${esc(f)}">${esc(f)}</a>`).join(', ')}</p>
<details><summary>Solver statistics (first point)</summary><pre>${esc(JSON.stringify(r.stats, null, 2) ?? '')}</pre></details>
<h2>Scenario (${esc(sc.source)})</h2>
<pre>${esc(sc.text)}</pre>
</body></html>
`;
}

/** A number for a table cell: six significant digits. */
function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(4).replace(/\.?0+e/, 'e') : String(Number(v.toPrecision(6)));
}

/** HTML of one table (model tables such as seed 004 Table I). */
export function tableHtml(t: ReportTable): string {
  const head = t.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = t.rows.map((row) => `<tr>${row.map((c) => (typeof c === 'number' ? `<td class="num">${num(c)}</td>` : `<td>${esc(c)}</td>`)).join('')}</tr>`).join('\n');
  return `<h3>${esc(t.title)}</h3><div class="wide"><table><tr>${head}</tr>\n${body}</table></div>${t.note ? `<p class="muted">${esc(t.note)}</p>` : ''}`;
}

/** Scalar results as a table with units (one row per sweep point), and the model's own tables. */
function resultsSection(r: ReportInput): string {
  const sc = r.scenario;
  const results = r.results ?? [];
  const out: string[] = [];
  for (const t of results[0]?.tables ?? []) out.push(tableHtml(t));
  const names = [...new Set(results.flatMap((x) => Object.keys(x.scalars ?? {})))];
  if (names.length > 0) {
    const unit = (n: string): string => results.find((x) => x.scalarUnits?.[n])?.scalarUnits?.[n] ?? '';
    const cell = (x: ModelResult, n: string): string => {
      const v = x.scalars?.[n];
      if (v === undefined) return '<td></td>';
      const e = x.scalarErrors?.[n];
      return `<td class="num">${num(v)}${e !== undefined ? ` ± ${num(e)}` : ''}</td>`;
    };
    if (sc.axes.length === 0) {
      const rows = names.map((n) => `<tr><td><code>${esc(n)}</code></td>${cell(results[0], n)}<td>${esc(unit(n))}</td></tr>`).join('\n');
      out.push(`<h3>Scalar results</h3><table><tr><th>result</th><th>value</th><th>unit</th></tr>\n${rows}</table>`);
    } else {
      const head = sc.axes.map((a) => `<th>${esc(a.parameter)}</th>`).join('') + names.map((n) => `<th>${esc(n)}${unit(n) ? ` (${esc(unit(n))})` : ''}</th>`).join('');
      const rows = sc.points.map((p, i) => `<tr>${p.coords.map((c, k) => `<td class="num">${esc(formatValue(c, sc.axes[k].unit))}</td>`).join('')}${names.map((n) => cell(results[i], n)).join('')}</tr>`).join('\n');
      out.push(`<h3>Scalar results by sweep point</h3><div class="wide"><table><tr>${head}</tr>\n${rows}</table></div>`);
    }
  }
  return out.length ? `<h2>Results</h2>\n${out.join('\n')}` : '';
}
