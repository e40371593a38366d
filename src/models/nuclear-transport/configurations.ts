/**
 * Configurations of N nuclear spins-1/2 and diagonal (product) initial states.
 *
 * A configuration is an integer x ∈ [0, 2^N) labelled exactly as the Hilbert
 * space basis of the density-matrix solver (SPEC §3: basis order m = +½, −½,
 * the first site the most significant digit): site j (0-based) is bit N−1−j,
 * and bit value 0 means ↑. So the rate-equation probabilities are literally the
 * diagonal of ρ.
 */

/** Largest N for the 2^N configuration space (rate equation). */
export const MAX_CONFIGURATION_SITES = 24;

/** Bit mask of site j in an N-site configuration. */
export function siteMask(sites: number, j: number): number {
  return 1 << (sites - 1 - j);
}

/** True when site j is ↑ in configuration x. */
export function isUp(x: number, sites: number, j: number): boolean {
  return (x & siteMask(sites, j)) === 0;
}

/** Number of ↑ spins of configuration x (2·I^z_total = 2·ups − N). */
export function upCount(x: number, sites: number): number {
  let down = 0;
  for (let v = x; v !== 0; v &= v - 1) down++;
  return sites - down;
}

/** Check per-site polarizations p_j ∈ [−1, 1]. */
export function checkPolarizations(p: ArrayLike<number>, sites: number): void {
  if (p.length !== sites) throw new RangeError(`initial: expected ${sites} site polarizations, got ${p.length}`);
  for (let j = 0; j < sites; j++) {
    if (!(p[j] >= -1 && p[j] <= 1)) throw new RangeError(`initial[${j}]: polarization ${p[j]} outside [−1, 1]`);
  }
}

/**
 * Probabilities of the product state ⊗_j diag((1+p_j)/2, (1−p_j)/2) over the
 * 2^N configurations (the only initial states the model uses: diagonal, site
 * polarizations along z).
 */
export function productDistribution(p: ArrayLike<number>): Float64Array {
  const n = p.length;
  if (n > MAX_CONFIGURATION_SITES) throw new RangeError(`sites: ${n} exceeds ${MAX_CONFIGURATION_SITES} for the configuration space`);
  checkPolarizations(p, n);
  const size = 2 ** n;
  const out = new Float64Array(size);
  out[0] = 1;
  // Build site by site: after k sites the first 2^k entries hold the k-site distribution.
  for (let j = 0; j < n; j++) {
    const up = (1 + p[j]) / 2, down = (1 - p[j]) / 2;
    const len = 2 ** j;
    for (let x = len - 1; x >= 0; x--) {
      const v = out[x];
      out[2 * x] = v * up;
      out[2 * x + 1] = v * down;
    }
  }
  return out;
}

/**
 * Parse an initial-state description into site polarizations:
 * 'unpolarized' (all 0), 'first-up' (|↑↓…↓⟩), 'first-up-rest-unpolarized',
 * 'up', 'down', or a pattern with one character per site: 'u' ↑, 'd' ↓,
 * '0' unpolarized (e.g. 'udd', 'u000').
 */
export function parseInitial(spec: string, sites: number): number[] {
  switch (spec) {
    case 'unpolarized': return new Array(sites).fill(0);
    case 'first-up': return Array.from({ length: sites }, (_, j) => (j === 0 ? 1 : -1));
    case 'first-up-rest-unpolarized': return Array.from({ length: sites }, (_, j) => (j === 0 ? 1 : 0));
    case 'up': return new Array(sites).fill(1);
    case 'down': return new Array(sites).fill(-1);
    default: {
      if (!/^[ud0]+$/.test(spec)) {
        throw new RangeError(`initial: expected 'unpolarized', 'first-up', 'first-up-rest-unpolarized', 'up', 'down' or a pattern of u/d/0, got '${spec}'`);
      }
      if (spec.length !== sites) throw new RangeError(`initial: pattern '${spec}' has ${spec.length} characters for ${sites} sites`);
      return Array.from(spec, (c) => (c === 'u' ? 1 : c === 'd' ? -1 : 0));
    }
  }
}
