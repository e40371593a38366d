/**
 * Deterministic work units of a scenario, and their assignment to shards.
 *
 * A unit is either a whole sweep point or, for models whose points are
 * ensembles (`ModelDefinition.items`: realizations, trajectory chunks), a
 * contiguous batch of a point's items. Every item draws only from its own
 * seeded stream and a point's result is assembled from its items in item
 * order, so any partition of the units gives the same numbers; the layout
 * below is a pure function of the scenario and the number of shards, so the
 * shards and the merge agree on it without talking to each other.
 */
import { createHash } from 'node:crypto';
import type { ResolvedScenario } from '../scenario/scenario.js';

export interface WorkUnit {
  /** Stable key: "p3" (whole point 3) or "p3:i10-19" (items 10 … 19 of point 3). */
  id: string;
  /** Point index. */
  point: number;
  /** Items [first, first + count) of the point; absent for a whole point. */
  items?: { first: number; count: number };
}

/** Digest of a scenario for shards: its results-determining hash and its text (title, plot). */
export function scenarioDigest(sc: ResolvedScenario): string {
  return createHash('sha256').update(JSON.stringify({ hash: sc.hash, text: sc.text })).digest('hex');
}

/** Units aimed at per shard when points are split: round robin then balances within ~1/4 of a shard's work. */
const UNITS_PER_SHARD = 4;

/**
 * Units of `sc` for `shards` shards. With one shard, or at least
 * UNITS_PER_SHARD points per shard, every point is one unit; otherwise each
 * ensemble point is cut into ⌈4·shards / points⌉ batches of
 * ⌊items / that⌋ items (at least one item each, so possibly more batches).
 */
export async function planUnits(sc: ResolvedScenario, shards: number): Promise<WorkUnit[]> {
  const perPoint = shards === 1 ? 1 : Math.ceil((UNITS_PER_SHARD * shards) / sc.points.length);
  const units: WorkUnit[] = [];
  for (const p of sc.points) {
    const n = perPoint > 1 && sc.model.items ? await sc.model.items.count(p.params) : null;
    if (n === null || n <= 1) {
      units.push({ id: `p${p.index}`, point: p.index });
      continue;
    }
    const size = Math.max(1, Math.floor(n / perPoint));
    for (let first = 0; first < n; first += size) {
      const count = Math.min(size, n - first);
      units.push({ id: `p${p.index}:i${first}-${first + count - 1}`, point: p.index, items: { first, count } });
    }
  }
  return units;
}

/** The units of shard k (1-based) of `shards`: every shards-th unit from the (k−1)-th (round robin, which spreads a sweep's cheap and dear ends). */
export function shardUnits(units: readonly WorkUnit[], k: number, shards: number): WorkUnit[] {
  return units.filter((_, u) => u % shards === k - 1);
}

/** Parse "K/N" (1 ≤ K ≤ N); null when malformed. */
export function parseShard(text: string): { k: number; n: number } | null {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return null;
  const k = Number(m[1]), n = Number(m[2]);
  if (!Number.isSafeInteger(k) || !Number.isSafeInteger(n) || n < 1 || k < 1 || k > n) return null;
  return { k, n };
}

/** File name of shard k of n when complete, and while in progress. */
export function shardFileName(k: number, n: number, partial = false): string {
  return `shard-${k}-of-${n}${partial ? '.partial' : ''}.json`;
}

/** Shard file names: "shard-K-of-N.json" → {k, n}; null for anything else. */
export function parseShardFileName(name: string): { k: number; n: number } | null {
  const m = /^shard-(\d+)-of-(\d+)\.json$/.exec(name);
  return m ? { k: Number(m[1]), n: Number(m[2]) } : null;
}
