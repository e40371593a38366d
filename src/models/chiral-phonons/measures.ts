/**
 * Non-reciprocity measures for a pair of spins coupled through chiral phonons:
 * transfer A → B (A excited, B read out) against B → A over time, under the
 * full cascaded master equation.
 */
import { chainDynamics } from './dynamics.js';
import type { CascadedChainConfig } from './cascaded.js';

export interface TransferMeasures {
  times: Float64Array;
  /** Excitation of B when A started excited, and of A when B started excited. */
  forward: Float64Array;
  backward: Float64Array;
  peakForward: number;
  peakBackward: number;
  /** peakForward / peakBackward (∞ for a perfect diode). */
  peakRatio: number;
  /** (F − B)/(F + B) of the time-integrated transfers, in [−1, 1]; 0 = reciprocal, 1 = one-way. */
  contrast: number;
}

/**
 * Transfer curves A → B and B → A for a two-spin configuration (rad/s
 * couplings), starting from one quantum on the source spin.
 */
export async function transferMeasures(config: Omit<CascadedChainConfig, 'spins'> & { spins?: readonly number[] }, times: ArrayLike<number>): Promise<TransferMeasures> {
  const spins = config.spins ?? [0.5, 0.5];
  if (spins.length !== 2) throw new RangeError(`spins: transfer measures are defined for two spins, got ${spins.length}`);
  const cfg = { ...config, spins };
  const f = await chainDynamics(cfg, [1, 0], times);
  const b = await chainDynamics(cfg, [0, 1], times);
  const forward = f.excitation[1], backward = b.excitation[0];
  let pf = 0, pb = 0, intF = 0, intB = 0;
  for (let i = 0; i < forward.length; i++) {
    pf = Math.max(pf, forward[i]);
    pb = Math.max(pb, backward[i]);
    if (i > 0) {
      const dt = f.times[i] - f.times[i - 1];
      intF += 0.5 * dt * (forward[i] + forward[i - 1]);
      intB += 0.5 * dt * (backward[i] + backward[i - 1]);
    }
  }
  return {
    times: f.times, forward, backward, peakForward: pf, peakBackward: pb,
    peakRatio: pb > 0 ? pf / pb : Infinity,
    contrast: intF + intB > 0 ? (intF - intB) / (intF + intB) : 0,
  };
}
