/**
 * Pure helpers of the benchmark runner: medians, ratios, deviations between
 * two results and the agreement verdict, and table formatting. No I/O here,
 * so these are unit-tested in test/bench/stats.test.ts.
 */

/** Median of a non-empty list (mean of the two middle values for even length). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median: empty list');
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Ratio peer/spindrift of two times; > 1 means spindrift is faster. NaN when either is missing. */
export function speedRatio(peerMs: number | null, spindriftMs: number | null): number {
  if (peerMs === null || spindriftMs === null || !(spindriftMs > 0) || !Number.isFinite(peerMs)) return Number.NaN;
  return peerMs / spindriftMs;
}

/** Tolerance of a comparison: |a − b| ≤ abs + rel·max|b| (+ nSigma·√(σa² + σb²) when standard errors are given). */
export interface Tolerance {
  abs: number;
  rel: number;
  /** Allowed number of combined standard errors (stochastic results only). */
  nSigma?: number;
}

export interface Deviation {
  /** max_i |a_i − b_i| */
  maxAbs: number;
  /** Index where maxAbs is attained (−1 for empty arrays). */
  at: number;
  /** max_i |b_i| (scale of the reference). */
  scale: number;
  /** Largest ratio |a_i − b_i| / bound_i; ≤ 1 means within tolerance everywhere. */
  worstRatio: number;
  pass: boolean;
}

/**
 * Elementwise comparison of two results of equal length. The bound at i is
 * abs + rel·max|b| + nSigma·√(seA_i² + seB_i²); non-finite values fail.
 * @throws RangeError on length mismatch.
 */
export function compareArrays(
  a: ArrayLike<number>, b: ArrayLike<number>, tol: Tolerance,
  seA?: ArrayLike<number>, seB?: ArrayLike<number>,
): Deviation {
  if (a.length !== b.length) throw new RangeError(`compareArrays: lengths ${a.length} and ${b.length} differ`);
  if ((seA && seA.length !== a.length) || (seB && seB.length !== b.length)) {
    throw new RangeError('compareArrays: standard-error arrays must match the data length');
  }
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let maxAbs = 0, at = a.length > 0 ? 0 : -1, worstRatio = 0, finite = true;
  const base = tol.abs + tol.rel * scale;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!Number.isFinite(d)) { finite = false; maxAbs = Number.POSITIVE_INFINITY; at = i; worstRatio = Number.POSITIVE_INFINITY; break; }
    if (d > maxAbs) { maxAbs = d; at = i; }
    let bound = base;
    if (tol.nSigma !== undefined && (seA || seB)) {
      const sa = seA ? seA[i] : 0, sb = seB ? seB[i] : 0;
      bound += tol.nSigma * Math.sqrt(sa * sa + sb * sb);
    }
    const r = bound > 0 ? d / bound : (d > 0 ? Number.POSITIVE_INFINITY : 0);
    if (r > worstRatio) worstRatio = r;
  }
  return { maxAbs, at, scale, worstRatio, pass: finite && worstRatio <= 1 };
}

/** Human-readable duration: "812 µs", "43.1 ms", "2.41 s", "3.2 h". */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  const s = ms / 1000;
  if (s < 600) return `${s.toPrecision(3)} s`;
  if (s < 7200) return `${(s / 60).toPrecision(3)} min`;
  return `${(s / 3600).toPrecision(3)} h`;
}

/** Ratio like "12.3×" (3 significant digits), "—" when undefined. */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return '—';
  return `${r >= 100 ? r.toFixed(0) : r.toPrecision(3)}×`;
}

/** Memory in MB from kB (maxRSS units on Linux for both Node and Python). */
export function formatKb(kb: number | null): string {
  if (kb === null || !Number.isFinite(kb)) return '—';
  return `${(kb / 1024).toFixed(0)} MB`;
}

/** A GitHub-flavoured markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ];
  return lines.join('\n');
}
