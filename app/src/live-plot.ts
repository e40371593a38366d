/**
 * The live plot while a run streams (uPlot, canvas): the tidy rows of the
 * points finished so far, one line per series over the union of their x.
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
  }

  /** Show `p`; `logX`: a log x axis (a log-spaced sweep). */
  draw(p: LivePlot, logX: boolean): void {
    const xs = [...new Set(p.series.flatMap((s) => s.x))].sort((a, b) => a - b);
    const pos = new Map(xs.map((x, i) => [x, i]));
    const ys = p.series.map((s) => {
      const y: (number | null)[] = new Array(xs.length).fill(null);
      s.x.forEach((x, i) => { y[pos.get(x)!] = s.y[i]; });
      return y;
    });
    const key = p.series.map((s) => s.name).join('\u0000');
    const data = [xs, ...ys] as uPlot.AlignedData;
    if (this.plot && key === this.key) { this.plot.setData(data); return; }
    this.plot?.destroy();
    this.key = key;
    const log = logX && xs.length > 1 && xs[0] > 0;
    this.plot = new uPlot({
      width: Math.max(320, Math.min(720, this.box.clientWidth || 640)), height: 300,
      title: 'live: points finished so far',
      scales: { x: { time: false, ...(log ? { distr: 3 } : {}) } },
      axes: [{ label: p.xLabel }, { label: p.yLabel }],
      legend: { show: p.series.length <= 12 },
      series: [{ label: p.xLabel }, ...p.series.map((s, i) => ({ label: s.name, stroke: PALETTE[i % PALETTE.length], spanGaps: true, points: { show: true, size: 5 } }))],
    }, data, this.box);
  }
}
