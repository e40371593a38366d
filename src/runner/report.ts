/**
 * report.html: one self-contained page (no external resources) with the
 * scenario as written, the parameters with units, version and git commit,
 * timings, notes, solver statistics and the plot inline (SVG).
 */
import type { ResolvedScenario } from '../scenario/scenario.js';
import { SI_UNIT, isQuantityKind } from '../expression/units.js';

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
}

export const REPORT_STYLE = `body{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;font-size:14px}
th{background:#f3f3f3}pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:13px}code{font-size:13px}.muted{color:#666}`;

function valueCell(kind: string, v: unknown): string {
  if (isQuantityKind(kind) && typeof v === 'number') return `${v} ${SI_UNIT[kind]}`;
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
    return `<tr><td><code>${esc(p.name)}</code></td><td>${esc(value)}</td><td>${esc(isQuantityKind(p.kind) ? SI_UNIT[p.kind] : p.kind)}</td><td>${given ? 'given' : '<span class="muted">default</span>'}</td><td>${esc(p.description)}</td></tr>`;
  }).join('\n');
  const sweep = sc.axes.length === 0 ? '<p>No sweep: one parameter point.</p>'
    : `<ul>${sc.axes.map((a) => `<li><code>${esc(a.parameter)}</code>: ${a.values.length} values from ${a.values[0]} to ${a.values[a.values.length - 1]} ${esc(a.unit)}</li>`).join('')}</ul><p>${r.points} points in total.</p>`;
  const timings = Object.entries(r.timings).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${(v / 1000).toFixed(3)} s</td></tr>`).join('');
  const fig = sc.figure ? `<h2>Figure ${esc(sc.figure.id)}</h2><p>${esc(sc.figure.caption)}</p>${sc.figure.notes ? `<p><b>Notes.</b> ${esc(sc.figure.notes)}</p>` : ''}` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(sc.title)} — spindrift report</title><style>${REPORT_STYLE}</style></head>
<body>
<h1>${esc(sc.title)}</h1>
${sc.input.description ? `<p>${esc(sc.input.description)}</p>` : ''}
${fig}
<div>${r.svg}</div>
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
