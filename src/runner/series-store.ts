/**
 * Time series of a sweep's points, kept on disk: one file per finished point
 * under `<out>/points/`, written atomically before the checkpoint records the
 * point (so a kept point always has its series), read back one point at a time
 * when the outputs are assembled, and removed after a successful run. The
 * runner then holds only scalars in memory and in the checkpoint, so a sweep's
 * memory does not grow with the number of points or the length of its series.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { ModelResult } from '../models/types.js';
import type { TidyData } from './tidy.js';
import type { SweepAxis } from '../scenario/scenario.js';
import { keptSeriesOf, tidyKeptSeries, type KeptSeries, type SweepSeries } from './sweep-outputs.js';

/** Folder (inside the output directory) of the per-point series files. */
export const POINTS_DIR = 'points';

/** The per-point series files of one run. */
export class PointSeriesStore implements SweepSeries {
  readonly dir: string;

  constructor(out: string) {
    this.dir = join(out, POINTS_DIR);
  }

  private file(index: number): string {
    return join(this.dir, `${String(index).padStart(6, '0')}.json`);
  }

  /** True when point `index` has a series file. */
  has(index: number): boolean {
    return existsSync(this.file(index));
  }

  /**
   * Move the series of a finished point to disk; returns the result without
   * them (what the runner keeps). A point without series writes nothing.
   */
  keep(index: number, r: ModelResult): ModelResult {
    if (r.series.length === 0) return r;
    mkdirSync(this.dir, { recursive: true });
    writeFileAtomic(this.file(index), JSON.stringify(keptSeriesOf(r)));
    return { ...r, series: [] };
  }

  /**
   * Tidy rows of every point's series ("P1 gammaB=50 Hz"), read one point at a
   * time in point order; null when no point kept series.
   */
  tidy(axes: readonly SweepAxis[], coords: readonly (readonly number[])[]): TidyData | null {
    return tidyKeptSeries(axes, coords, (i) => (this.has(i) ? (JSON.parse(readFileSync(this.file(i), 'utf8')) as KeptSeries) : null));
  }

  /** Remove the folder (after the outputs are written). */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
