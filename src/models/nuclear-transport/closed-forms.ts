/**
 * Closed forms of the effective model.
 *
 * Open chain (Eq. 12). With only one-way bonds j → j+1 the total I^z is
 * conserved and the only configurations without an active bond ↑_j↓_{j+1}
 * are the domain walls |↓…↓↑…↑⟩, one per number of up spins m. Every
 * configuration reaches its domain wall (Φ = Σ positions of ↑ grows with every
 * hop), so the limit state is Σ_m Pr(M = m) |DW_m⟩⟨DW_m| with M the number of
 * up spins of the initial state; for the unpolarized start Pr(M = m) =
 * C(N, m)/2^N, which is Eq. 12 (i = N − m down spins on the left).
 *
 * Ring (Sec. IV). The one-way ring is the totally asymmetric simple exclusion
 * process (TASEP) on a ring of N sites (up spins = particles hopping one way at
 * rate Γ). In each sector of m particles the stationary measure is uniform over
 * the C(N, m) configurations (B. Derrida, "An exactly soluble non-equilibrium
 * system: the asymmetric simple exclusion process", Phys. Rep. 301, 65 (1998),
 * Sec. 2; the uniform measure is stationary because every configuration has as
 * many ways in as out — each cluster of particles has one exit and one entrance
 * hop), and the sector with 0 < m < N is irreducible, so it is the limit. Then
 *   ⟨V_{j,j+1}⟩ = Pr(↑_j ↓_{j+1}) = C(N−2, m−1)/C(N, m) = m(N−m)/(N(N−1)),
 *   K = Γ m(N−m)/(N(N−1)) (Eq. 17), P_j = 2m/N − 1 on every site.
 * A single up spin gives K = Γ/N (Fig. 6d); the unpolarized start gives
 * E[m(N−m)] = N(N−1)/4, so K = Γ/4 for every N.
 */

/** Pr(M = m), m = 0…N, of the number of up spins for independent sites with polarizations p_j (Poisson-binomial, by convolution). */
export function upCountDistribution(p: ArrayLike<number>): Float64Array {
  const n = p.length;
  let dist = new Float64Array(n + 1);
  dist[0] = 1;
  for (let j = 0; j < n; j++) {
    const up = (1 + p[j]) / 2, down = 1 - up;
    const next = new Float64Array(n + 1);
    for (let m = 0; m <= j; m++) {
      next[m] += dist[m] * down;
      next[m + 1] += dist[m] * up;
    }
    dist = next;
  }
  return dist;
}

/** C(N, m)/2^N for m = 0…N, computed in log space (safe for large N). */
export function binomialHalf(n: number): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`sites: expected an integer ≥ 0, got ${n}`);
  const out = new Float64Array(n + 1);
  let logC = 0; // ln C(n, m)
  const ln2n = n * Math.LN2;
  for (let m = 0; m <= n; m++) {
    out[m] = Math.exp(logC - ln2n);
    logC += Math.log(n - m) - Math.log(m + 1);
  }
  // The running log accumulates ~1e-9 relative error at n = 10⁵; renormalize so Σ = 1.
  let total = 0;
  for (let m = 0; m <= n; m++) total += out[m];
  for (let m = 0; m <= n; m++) out[m] /= total;
  return out;
}

/**
 * Site polarizations of the chain's limit state Σ_m w_m |DW_m⟩ (domain wall
 * with m up spins at the right end): P_j = Pr(M > N−1−j) − Pr(M ≤ N−1−j),
 * j = 0…N−1. `upWeights` = Pr(M = m); default: the unpolarized start (Eq. 12).
 */
export function domainWallPolarizations(sites: number, upWeights?: ArrayLike<number>): Float64Array {
  const w = upWeights ?? binomialHalf(sites);
  if (w.length !== sites + 1) throw new RangeError(`upWeights: expected ${sites + 1} weights, got ${w.length}`);
  const out = new Float64Array(sites);
  // Site j is up iff m ≥ N − j; atLeast[k] = Σ_{m ≥ k} w_m; total = atLeast[0].
  const atLeast = new Float64Array(sites + 2);
  for (let m = sites; m >= 0; m--) atLeast[m] = atLeast[m + 1] + w[m];
  for (let j = 0; j < sites; j++) out[j] = 2 * atLeast[sites - j] - atLeast[0];
  return out;
}

/**
 * Diagonal of the limit density matrix of the chain, Eq. 12 generalized:
 * weights w_m on the domain-wall configurations (configuration labels as in
 * configurations.ts: site j is bit N−1−j, 0 = ↑). Returns {config, weight} pairs.
 */
export function domainWallStates(sites: number, upWeights?: ArrayLike<number>): { config: number; ups: number; weight: number }[] {
  if (sites > 30) throw new RangeError(`sites: ${sites} too large for configuration labels (≤ 30)`);
  const w = upWeights ?? binomialHalf(sites);
  const out = [];
  for (let m = 0; m <= sites; m++) {
    // Up spins on the last m sites = lowest m bits are 0; the first N−m sites are down (bits 1).
    const config = ((2 ** sites - 1) - (2 ** m - 1));
    out.push({ config, ups: m, weight: w[m] });
  }
  return out;
}

/** Stationary one-way ring in the sector of m up spins: site polarization, voltage, current (Derrida 1998, Sec. 2). */
export function ringSector(sites: number, ups: number, rate: number): { polarization: number; voltage: number; current: number } {
  if (!Number.isInteger(sites) || sites < 2) throw new RangeError(`sites: a ring needs ≥ 2 sites, got ${sites}`);
  if (!Number.isInteger(ups) || ups < 0 || ups > sites) throw new RangeError(`ups: expected 0…${sites}, got ${ups}`);
  const voltage = (ups * (sites - ups)) / (sites * (sites - 1));
  return { polarization: (2 * ups) / sites - 1, voltage, current: rate * voltage };
}

/**
 * Stationary one-way ring from an initial state with up-count distribution
 * w_m (default: the product state with polarizations `p`): uniform site
 * polarization, voltage and persistent current K (per bond, s⁻¹ — the rate of
 * hops across each bond; Eq. 17).
 */
export function ringStationary(sites: number, rate: number, initial: { upWeights?: ArrayLike<number>; polarizations?: ArrayLike<number> }): { polarization: number; voltage: number; current: number } {
  const w = initial.upWeights ?? (initial.polarizations ? upCountDistribution(initial.polarizations) : binomialHalf(sites));
  if (w.length !== sites + 1) throw new RangeError(`upWeights: expected ${sites + 1} weights, got ${w.length}`);
  let p = 0, v = 0;
  for (let m = 0; m <= sites; m++) {
    const s = ringSector(sites, m, rate);
    p += w[m] * s.polarization;
    v += w[m] * s.voltage;
  }
  return { polarization: p, voltage: v, current: rate * v };
}
