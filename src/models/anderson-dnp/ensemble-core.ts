/**
 * Dispatch of one realization to its route, and the disorder average of a
 * list of realization results (in index order, so the result is independent
 * of the worker count).
 */
import { exactRealization } from './exact.js';
import { kpmRealization } from './kpm.js';
import type { RealizationResult } from './realization.js';
import type { AndersonDnpSettings } from './settings.js';
import { meanStats, pooledRatio, type MeanStats } from './statistics.js';

/** Realization r of `settings` by its route. */
export function computeRealization(settings: AndersonDnpSettings, r: number): RealizationResult {
  return settings.method === 'exact' ? exactRealization(settings, r) : kpmRealization(settings, r);
}

/** Disorder averages: scalars with standard errors and per-scalar statistics, the mean DOS. */
export interface EnsembleAverages {
  scalars: Record<string, number>;
  errors: Record<string, number>;
  statistics: Record<string, { count: number; mean: number; sem: number; std?: number }>;
  dos: { mean: number[]; sem: number[] };
}

const POINT_KEYS = ['Pn', 'Pn_goe', 'Pn_eq22', 'Pn_goe_eq22', 'Pn_eq24', 'Pn_C7', 'iss_difference', 'iss_sum', 'polarization_loss'] as const;

/** Average realization results (sorted by index first). */
export function averageRealizations(settings: AndersonDnpSettings, results: readonly RealizationResult[]): EnsembleAverages {
  const rs = [...results].sort((a, b) => a.index - b.index);
  const scalars: Record<string, number> = {}, errors: Record<string, number> = {};
  const statistics: EnsembleAverages['statistics'] = {};
  const put = (name: string, s: MeanStats): void => {
    scalars[name] = s.mean;
    errors[name] = s.sem;
    statistics[name] = { count: s.count, mean: s.mean, sem: s.sem, std: s.std };
  };
  settings.points.forEach((pt, k) => {
    for (const key of POINT_KEYS) {
      if (key === 'Pn_C7' && settings.method !== 'exact') continue;
      put(key + pt.suffix, meanStats(rs.map((r) => r.points[k][key])));
    }
  });
  if (settings.method === 'exact') put('ipr', meanStats(rs.map((r) => r.ipr)));
  if (settings.method === 'exact' && settings.goe === 'sampled') put('ipr_goe', meanStats(rs.map((r) => r.iprGoe)));
  put('m2', meanStats(rs.map((r) => r.m2)));
  settings.cLabels.forEach((label, i) => {
    const c = pooledRatio(rs.map((r) => r.cK[i]), rs.map((r) => r.cR[i]));
    scalars[`C(${label} MHz)`] = c.ratio;
    errors[`C(${label} MHz)`] = c.sem;
    statistics[`C(${label} MHz)`] = { count: c.count, mean: c.ratio, sem: c.sem };
    if (rs[0].cKGoe.length > 0) {
      const g = pooledRatio(rs.map((r) => r.cKGoe[i]), rs.map((r) => r.cRGoe[i]));
      scalars[`C_goe(${label} MHz)`] = g.ratio;
      errors[`C_goe(${label} MHz)`] = g.sem;
      statistics[`C_goe(${label} MHz)`] = { count: g.count, mean: g.ratio, sem: g.sem };
    }
  });
  const nb = rs[0].dos.length;
  const mean: number[] = [], sem: number[] = [];
  for (let b = 0; b < nb; b++) {
    const s = meanStats(rs.map((r) => r.dos[b]));
    mean.push(s.mean);
    sem.push(s.sem);
  }
  return { scalars, errors, statistics, dos: { mean, sem } };
}
