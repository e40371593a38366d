/**
 * Triangular field modulation of Sec. V / Fig. 8b: B(t) sweeps linearly
 * between B_c − δB and B_c + δB and back, period 1/Γ_B, starting at B_c
 * going up. For exact propagation it is replaced by `segments` constant
 * pieces per period, each at the waveform's value at the piece midpoint
 * (midpoint rule: second-order accurate in the piece length); the pieces repeat
 * every period, so each piece's propagators are built once and cached.
 */
import { periodicSchedule, type PieceInterval } from '../../solvers/piecewise-jumps.js';

/** Triangular waveform value at t (T). */
export function triangularField(t: number, center: number, amplitude: number, frequency: number): number {
  const x = (((t * frequency) % 1) + 1) % 1; // phase in [0, 1)
  // 0 → center, 1/4 → +amp, 3/4 → −amp, 1 → center
  const tri = x < 0.25 ? 4 * x : x < 0.75 ? 2 - 4 * x : 4 * x - 4;
  return center + amplitude * tri;
}

export interface PiecewiseField {
  /** Field of each piece (T). */
  fields: number[];
  schedule: (t: number) => PieceInterval;
}

/** Piecewise-constant approximation of the triangular sweep (see the module comment). */
export function piecewiseTriangularField(center: number, amplitude: number, frequency: number, segments: number): PiecewiseField {
  if (!(frequency > 0)) throw new RangeError(`gammaB: expected a positive modulation frequency, got ${frequency}`);
  if (!Number.isInteger(segments) || segments < 2) throw new RangeError(`segments: expected an integer ≥ 2, got ${segments}`);
  const period = 1 / frequency;
  const fields = Array.from({ length: segments }, (_, k) => triangularField(((k + 0.5) * period) / segments, center, amplitude, frequency));
  return { fields, schedule: periodicSchedule(0, period, segments) };
}
