/**
 * Piecewise-constant Hamiltonians: which piece is active when.
 */

/** The piece of the Hamiltonian active from time t until `until` (exclusive). */
export interface PieceInterval {
  piece: number;
  until: number;
}

/** Pieces 0 … segments−1 of equal length period/segments, cycling with `period` from t0. */
export interface PeriodicSchedule {
  t0: number;
  period: number;
  segments: number;
}

/** The schedule function of a periodic schedule (a time within rounding of a boundary belongs to the next piece). */
export function periodicSchedule({ t0, period, segments }: PeriodicSchedule): (t: number) => PieceInterval {
  if (!(period > 0) || !Number.isFinite(period)) throw new RangeError(`period: expected a positive finite time, got ${period}`);
  if (!Number.isInteger(segments) || segments < 1) throw new RangeError(`segments: expected a positive integer, got ${segments}`);
  const dt = period / segments;
  return (t: number) => {
    const x = (t - t0) / dt;
    let k = Math.floor(x + 1e-9);
    let until = t0 + (k + 1) * dt;
    if (!(until > t)) { k++; until = t0 + (k + 1) * dt; }
    const piece = ((k % segments) + segments) % segments;
    return { piece, until };
  };
}
