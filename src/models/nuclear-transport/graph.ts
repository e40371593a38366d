/**
 * Graphs of nuclear spins-1/2 for the effective nuclear-only model of seed 000
 * (Bussandri, Zangara, Acosta, Meriles, Secs. II–IV):
 *
 * - directed (one-way) bonds i → j with collapse operator C = √Γ I_i⁻ I_j⁺
 *   (Eqs. 8, 11): an up spin at i hops to a down site j at rate Γ (s⁻¹);
 * - coherent (undirected) bonds with H_ab = 2π J (I_a⁺ I_b⁻ + I_a⁻ I_b⁺)
 *   (Eq. 2, the dashed bonds of Fig. 5b); J in Hz (cyclic), H in rad/s;
 * - per-site detunings H += 2π δ_j I_j^z (Eq. 2's ±δ_eff), Hz;
 * - optional nuclear relaxation at rate Γ₁ (s⁻¹): collapse operators
 *   √(Γ₁/2) I_j^± on every site, so that dP_j/dt = −Γ₁ P_j alone (T₁ = 1/Γ₁).
 *
 * Sites are 0-based in this API.
 */

export interface DirectedBond {
  /** Site that loses the up spin. */
  from: number;
  /** Site that gains it. */
  to: number;
  /** Γ (s⁻¹). */
  rate: number;
}

export interface CoherentBond {
  a: number;
  b: number;
  /** J (Hz); H_ab = 2πJ (I_a⁺I_b⁻ + h.c.). */
  coupling: number;
}

export type Topology = 'chain' | 'ring' | 'tree' | 'graph';

export interface NuclearGraph {
  sites: number;
  topology: Topology;
  directed: DirectedBond[];
  coherent: CoherentBond[];
  /** δ_j (Hz) per site, or empty for none. */
  detunings: number[];
  /** Nuclear relaxation rate Γ₁ (s⁻¹); 0 for none. */
  relaxation: number;
}

function checkRate(name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name}: expected a finite rate ≥ 0 (s⁻¹), got ${v}`);
}

/** Validate a graph (site indices, rates, no self bonds); throws RangeError naming the field. */
export function validateGraph(g: NuclearGraph): void {
  if (!Number.isInteger(g.sites) || g.sites < 1) throw new RangeError(`sites: expected a positive integer, got ${g.sites}`);
  const site = (name: string, s: number): void => {
    if (!Number.isInteger(s) || s < 0 || s >= g.sites) throw new RangeError(`${name}: site ${s} outside 0..${g.sites - 1}`);
  };
  g.directed.forEach((b, k) => {
    site(`directed[${k}].from`, b.from);
    site(`directed[${k}].to`, b.to);
    if (b.from === b.to) throw new RangeError(`directed[${k}]: a bond needs two different sites`);
    checkRate(`directed[${k}].rate`, b.rate);
  });
  g.coherent.forEach((b, k) => {
    site(`coherent[${k}].a`, b.a);
    site(`coherent[${k}].b`, b.b);
    if (b.a === b.b) throw new RangeError(`coherent[${k}]: a bond needs two different sites`);
    if (!Number.isFinite(b.coupling)) throw new RangeError(`coherent[${k}].coupling: not finite`);
  });
  if (g.detunings.length !== 0 && g.detunings.length !== g.sites) {
    throw new RangeError(`detunings: expected ${g.sites} values (one per site) or none, got ${g.detunings.length}`);
  }
  g.detunings.forEach((d, k) => { if (!Number.isFinite(d)) throw new RangeError(`detunings[${k}]: not finite`); });
  checkRate('relaxation', g.relaxation);
}

/** Open chain 0 → 1 → … → N−1 with one-way bonds of rate Γ (Eq. 11). */
export function chainGraph(sites: number, rate: number, relaxation = 0): NuclearGraph {
  const directed: DirectedBond[] = [];
  for (let j = 0; j + 1 < sites; j++) directed.push({ from: j, to: j + 1, rate });
  const g: NuclearGraph = { sites, topology: 'chain', directed, coherent: [], detunings: [], relaxation };
  validateGraph(g);
  return g;
}

/** Ring: the chain plus the closing bond N−1 → 0 (Sec. IV, Fig. 6a). Needs N ≥ 2. */
export function ringGraph(sites: number, rate: number, relaxation = 0): NuclearGraph {
  if (!Number.isInteger(sites) || sites < 2) throw new RangeError(`sites: a ring needs at least 2 sites, got ${sites}`);
  const directed: DirectedBond[] = [];
  for (let j = 0; j < sites; j++) directed.push({ from: j, to: (j + 1) % sites, rate });
  const g: NuclearGraph = { sites, topology: 'ring', directed, coherent: [], detunings: [], relaxation };
  validateGraph(g);
  return g;
}

/**
 * The tree of Fig. 5b (our reading of the drawing, see docs/models/nuclear-transport.md):
 * a "tree top" of `crown` nuclei and "roots" of `roots` nuclei, each a star of
 * coherent bonds J_b around its hub, joined by the one-way trunk bond
 * hub_top → hub_roots (paper: 5 → 6, C = √Γ I_5⁻ I_6⁺). Sites 0 … crown−1
 * form the top (hub crown−1, the paper's nucleus 5), sites crown … crown+roots−1
 * the roots (hub crown, the paper's nucleus 6).
 */
export function treeGraph(options: { coupling: number; rate: number; crown?: number; roots?: number; relaxation?: number }): NuclearGraph {
  const crown = options.crown ?? 5, roots = options.roots ?? 5;
  if (!Number.isInteger(crown) || crown < 1) throw new RangeError(`crown: expected a positive integer, got ${crown}`);
  if (!Number.isInteger(roots) || roots < 1) throw new RangeError(`roots: expected a positive integer, got ${roots}`);
  const topHub = crown - 1, rootHub = crown;
  const coherent: CoherentBond[] = [];
  for (let s = 0; s < topHub; s++) coherent.push({ a: s, b: topHub, coupling: options.coupling });
  for (let s = rootHub + 1; s < crown + roots; s++) coherent.push({ a: rootHub, b: s, coupling: options.coupling });
  const g: NuclearGraph = {
    sites: crown + roots, topology: 'tree',
    directed: [{ from: topHub, to: rootHub, rate: options.rate }],
    coherent, detunings: [], relaxation: options.relaxation ?? 0,
  };
  validateGraph(g);
  return g;
}

/** A user-given edge list (0-based sites). */
export function graphFromEdges(sites: number, directed: DirectedBond[], coherent: CoherentBond[] = [], detunings: number[] = [], relaxation = 0): NuclearGraph {
  const g: NuclearGraph = { sites, topology: 'graph', directed: directed.map((b) => ({ ...b })), coherent: coherent.map((b) => ({ ...b })), detunings: detunings.slice(), relaxation };
  validateGraph(g);
  return g;
}

/** True when the dynamics of a diagonal state stays diagonal: no coherent bond with J ≠ 0. */
export function isClassical(g: NuclearGraph): boolean {
  return g.coherent.every((b) => b.coupling === 0);
}

/**
 * True when the one-way bonds form no directed cycle over the sites (chains,
 * trees). Then Φ(x) = Σ_{up sites} rank(site) (rank in a topological order)
 * increases with every hop, so the configuration dynamics is acyclic.
 * Returns the ranks, or null when a directed cycle exists (rings). Kahn's algorithm.
 */
export function siteTopologicalRanks(g: NuclearGraph): Int32Array | null {
  const n = g.sites;
  const indeg = new Int32Array(n);
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const b of g.directed) {
    if (b.rate === 0) continue;
    out[b.from].push(b.to);
    indeg[b.to]++;
  }
  const rank = new Int32Array(n).fill(-1);
  const queue: number[] = [];
  for (let s = 0; s < n; s++) if (indeg[s] === 0) queue.push(s);
  let r = 0;
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q];
    rank[s] = r++;
    for (const t of out[s]) if (--indeg[t] === 0) queue.push(t);
  }
  return r === n ? rank : null;
}

/** Series label of a pair of 1-based sites: 'K12' when both < 10, else 'K9,10'. */
export function pairLabel(prefix: string, i1: number, j1: number): string {
  return i1 < 10 && j1 < 10 ? `${prefix}${i1}${j1}` : `${prefix}${i1},${j1}`;
}
