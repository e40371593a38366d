/**
 * The live plot while a run streams (uPlot, canvas): the tidy rows of the
 * points finished so far, or the partial result of a one-point run in flight
 * (with a ±1σ band for running means), one line per series over the union of their x.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { LivePlot } from './engine-api.js';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** A live plot in `box`, redrawn in place while the series stay the same. */
export class LivePlotView {
  private plot: uPlot | null = null;
  private key = '';

  constructor(private readonly box: HTMLElement) {}

  clear(): void {
    this.plot?.destroy();
    this.plot = null;
    this.key = '';
    this.box.innerHTML = '';
    delete this.box.dataset.kind;
    delete this.box.dataset.values;
  }

  /** Show `p`; `logX`: a log x axis (a log-spaced sweep). Series with errors get a ±1σ band. */
  draw(p: LivePlot, logX: boolean): void {
    const xs = [...new Set(p.series.flatMap((s) => s.x))].sort((a, b) => a - b);
    const pos = new Map(xs.map((x, i) => [x, i]));
    const column = (s: LivePlot['series'][number], value: (i: number) => number): (number | null)[] => {
      const y: (number | null)[] = new Array(xs.length).fill(null);
      s.x.forEach((x, i) => { y[pos.get(x)!] = value(i); });
      return y;
    };
    // Columns: x, then per series its y, and (with errors) y + σ and y − σ.
    const ys: (number | null)[][] = [];
    for (const s of p.series) {
      ys.push(column(s, (i) => s.y[i]));
      if (s.yErr) ys.push(column(s, (i) => s.y[i] + s.yErr![i]), column(s, (i) => s.y[i] - s.yErr![i]));
    }
    const key = `${p.partial ? 'partial' : 'points'}\u0000${p.series.map((s) => `${s.name}${s.yErr ? '±' : ''}`).join('\u0000')}`;
    const data = [xs, ...ys] as uPlot.AlignedData;
    // for tests and automation: what the plot shows (points of a sweep, or a point in flight) and how many values
    this.box.dataset.kind = p.partial ? 'partial' : 'points';
    this.box.dataset.values = String(p.series.reduce((a, s) => a + s.y.length, 0));
    if (this.plot && key === this.key) { this.plot.setData(data); return; }
    this.plot?.destroy();
    this.key = key;
    const log = logX && xs.length > 1 && xs[0] > 0;
    const series: uPlot.Series[] = [{ label: p.xLabel }];
    const bands: uPlot.Band[] = [];
    const hidden: number[] = [];
    p.series.forEach((s, k) => {
      const color = PALETTE[k % PALETTE.length];
      // points on sparse data (sweep points); lines alone on a time trace
      series.push({ label: s.name, stroke: color, spanGaps: true, points: { show: !p.partial, size: 5 } });
      if (s.yErr) {
        const upper = series.length;
        series.push({ label: `${s.name} + σ`, stroke: 'transparent', width: 0, points: { show: false }, spanGaps: true });
        series.push({ label: `${s.name} − σ`, stroke: 'transparent', width: 0, points: { show: false }, spanGaps: true });
        bands.push({ series: [upper, upper + 1], fill: `${color}33` });
        hidden.push(upper, upper + 1);
      }
    });
    this.plot = new uPlot({
      width: Math.max(320, Math.min(720, this.box.clientWidth || 640)), height: 300,
      title: p.partial ? 'live: the point in flight so far' : 'live: points finished so far',
      scales: { x: { time: false, ...(log ? { distr: 3 } : {}), ...(p.xRange && p.xRange[1] > p.xRange[0] ? { range: p.xRange } : {}) } },
      axes: [{ label: p.xLabel }, { label: p.yLabel }],
      legend: { show: p.series.length <= 12 },
      series, bands,
    }, data, this.box);
    // the band edges are not curves of their own: keep them out of the legend
    const rows = this.box.querySelectorAll<HTMLElement>('.u-legend .u-series');
    for (const i of hidden) if (rows[i]) rows[i].style.display = 'none';
  }
}
