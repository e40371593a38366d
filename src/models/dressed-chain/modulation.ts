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

/**
 * Pieces per period for the midpoint rule on the triangular sweep. The local error of
 * one piece of length Δt is (Δt³/12)‖[H, Ḣ]‖; at a bond anticrossing [H, Ḣ] ~ J·δ̇ with
 * J = 2π J_eff and δ̇ = 2π·2γ_e·dB/dt = 2π·2γ_e·4 δB Γ_B (two electrons flip). We take
 * Δt = (12 ε / (J δ̇))^{1/3} with ε = 2e-5, rounded so that the count is a multiple of 4
 * (pieces then never straddle the turning points). Calibrated on a 2-site chain sweep
 * (test dynamics.test.ts): ε = 2e-5 gives ~1e-3 in P after two periods (64 pieces: > 0.05).
 * @param jEff J_eff (Hz), @param amplitude δB (T), @param frequency Γ_B (Hz), @param gammaE |γ_e| (Hz/T).
 */
export function modulationSegments(jEff: number, amplitude: number, frequency: number, gammaE: number, epsilon = 2e-5): number {
  for (const [k, v] of Object.entries({ jEff, amplitude, frequency, gammaE, epsilon })) {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${k}: expected a positive finite number, got ${v}`);
  }
  const J = 2 * Math.PI * jEff;
  const deltaDot = 2 * Math.PI * 2 * gammaE * 4 * amplitude * frequency;
  const dt = Math.cbrt((12 * epsilon) / (J * deltaDot));
  return Math.max(4, 4 * Math.ceil(1 / frequency / dt / 4));
}

/**
 * The pieces of `piecewiseTriangularField` with each down-ramp reusing its up-ramp's pieces
 * in reverse order (the field at the midpoints of pieces k and S/2 − 1 − k of a half period
 * is the same), so only half of them are distinct Hamiltonians: the same propagation with
 * half the matrices and cached propagators (Fig. 8c: 5688 pieces per period → 2844).
 * Needs a piece count divisible by 4 (modulationSegments gives one); `fields` holds the
 * distinct pieces, `schedule` maps time to them.
 */
export function mirroredTriangularField(center: number, amplitude: number, frequency: number, segments: number): PiecewiseField & { distinct: number } {
  if (!(frequency > 0)) throw new RangeError(`gammaB: expected a positive modulation frequency, got ${frequency}`);
  if (!Number.isInteger(segments) || segments < 4 || segments % 4 !== 0) throw new RangeError(`segments: expected a multiple of 4, got ${segments}`);
  const period = 1 / frequency, q = segments / 4;
  // Up-ramp of the first half (pieces 0 … q−1) and down-ramp of the second (2q … 3q−1).
  const fields: number[] = [];
  for (let k = 0; k < q; k++) fields.push(triangularField(((k + 0.5) * period) / segments, center, amplitude, frequency));
  for (let k = 2 * q; k < 3 * q; k++) fields.push(triangularField(((k + 0.5) * period) / segments, center, amplitude, frequency));
  const order = new Int32Array(segments);
  for (let k = 0; k < q; k++) {
    order[k] = k; order[2 * q - 1 - k] = k;
    order[2 * q + k] = q + k; order[4 * q - 1 - k] = q + k;
  }
  const uniform = periodicSchedule(0, period, segments);
  const schedule = (t: number): PieceInterval => {
    const iv = uniform(t);
    return { piece: order[iv.piece], until: iv.until };
  };
  return { fields, schedule, distinct: fields.length };
}
