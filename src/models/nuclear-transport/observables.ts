/**
 * The transport observables every solver of the effective model returns, on
 * a common output grid: site polarizations P_j = 2⟨I_j^z⟩, the net
 * polarization P_c = (1/N) Σ_j P_j, bond currents K_b (⟨I^z⟩ per second,
 * Eqs. 13–17) and voltages V_{i,j} = ⟨|↑_i↓_j⟩⟨↑_i↓_j|⟩.
 */
import type { CurrentChannel } from './operators.js';

export interface VoltagePair {
  i: number;
  j: number;
}

export interface TransportResult {
  times: Float64Array;
  /** polarization[j][k] = P_j(t_k). */
  polarization: Float64Array[];
  netPolarization: Float64Array;
  /** One per channel (one-way bonds, then coherent bonds). */
  currents: { channel: CurrentChannel; values: Float64Array }[];
  voltages: { pair: VoltagePair; values: Float64Array }[];
  stats: Record<string, unknown>;
}

/** Voltage pairs: the (from, to) of every one-way bond, then the extra pairs (duplicates dropped). */
export function voltagePairs(directed: readonly { from: number; to: number }[], extra: readonly VoltagePair[] = []): VoltagePair[] {
  const seen = new Set<string>();
  const out: VoltagePair[] = [];
  for (const p of [...directed.map((b) => ({ i: b.from, j: b.to })), ...extra]) {
    const key = `${p.i},${p.j}`;
    if (!seen.has(key)) { seen.add(key); out.push({ i: p.i, j: p.j }); }
  }
  return out;
}

