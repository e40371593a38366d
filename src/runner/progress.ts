/**
 * Progress display: a bar redrawn in place on a terminal, plain lines
 * otherwise (logs, CI, pipes).
 */

/** Where progress goes; `isTTY` selects the bar. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

function fmtTime(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Progress over `total` units of work (sweep points). `done` may be
 * fractional: points in flight report how far they are (realizations,
 * trajectories), so the bar moves inside a long point.
 */
export class Progress {
  private readonly start = performance.now();
  private lastLine = 0;
  constructor(private readonly stream: ProgressStream | null, private readonly total: number, private readonly label: string) {}

  /**
   * Report `done` of `total` finished; `detail` says what was reached inside
   * the point(s) in flight ("t = 1.2 µs of 2 µs", "120 of 500 trajectories").
   */
  update(done: number, detail?: string): void {
    if (!this.stream) return;
    const elapsed = performance.now() - this.start;
    const eta = done > 0 ? (elapsed / done) * (this.total - done) : NaN;
    // One point: a percentage of it; several: points done (fractional while points are in flight).
    const shown = this.total === 1 ? `${Math.floor(100 * Math.min(1, done))} %` : `${Number.isInteger(done) ? String(done) : done.toFixed(2)}/${this.total}`;
    const what = detail && done < this.total ? ` (${detail})` : '';
    if (this.stream.isTTY) {
      const width = 30;
      const fill = Math.round((width * done) / Math.max(1, this.total));
      this.stream.write(`\r${this.label} [${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${shown}${what}  ${fmtTime(elapsed)}${done > 0 && done < this.total ? `  eta ${fmtTime(eta)}` : ''}   `);
      if (done >= this.total) this.stream.write('\n');
    } else if (done >= this.total || performance.now() - this.lastLine > 1000 || done === 0) {
      this.lastLine = performance.now();
      this.stream.write(`${this.label}: ${shown}${this.total === 1 ? '' : ' points'} done${what} (${(elapsed / 1000).toFixed(1)} s)\n`);
    }
  }

  /** End the bar line early (interrupt, error). */
  stop(): void {
    if (this.stream?.isTTY) this.stream.write('\n');
  }
}
