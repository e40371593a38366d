/**
 * Graphs of "dressed" nuclei (seed 000, Fig. 3a / Fig. 10): each site j holds
 * a nuclear spin I_j = ½, an optically pumped electron S_j = 1 and an
 * electron S'_j = ½. A directed bond j → k is the secular dipolar coupling
 * J_d/2 (S_j⁺S'_k⁺ + S_j⁻S'_k⁻) between S of site j and S' of site k
 * (Eq. A.1). Chains, rings, trees and arbitrary edge lists are all bond lists;
 * defects are per-site overrides of the hyperfine tensor.
 *
 * All couplings here are in Hz (cyclic), as the paper quotes them.
 */

/** Secular hyperfine couplings of one site (Hz): A couples I to S, A' couples I to S' (Eq. A.2). */
export interface Hyperfine {
  Azz: number;
  Azx: number;
  ApZz: number;
  ApZx: number;
}

export interface DressedSite extends Hyperfine {
  /** Whether the site carries S (spin 1) and S' (spin ½); the 4-spin set of Sec. II drops S'_1 and S_2. */
  hasS: boolean;
  hasSp: boolean;
  /** Zero-field splitting of S (Hz). */
  D: number;
}

export interface DressedBond {
  /** S of site `from` couples to S' of site `to`. */
  from: number;
  to: number;
  /** Dipolar constant J_d (Hz). */
  Jd: number;
}

/** The kinds of spin in a dressed site. */
export type SpinKind = 'I' | 'S' | 'Sp';

/** One spin of the composite Hilbert space, in tensor order. */
export interface SpinSlot {
  kind: SpinKind;
  site: number;
  /** Local dimension: 2 for I and S', 3 for S. */
  dim: number;
}

export interface DressedGraph {
  sites: DressedSite[];
  bonds: DressedBond[];
  /** Tensor-product order of the spins (first factor most significant). */
  slots: SpinSlot[];
}

/** Paper defaults (Figs. 2, 4): A_zz = A_zx = 13 MHz, A'_zz = A'_zx = 4 MHz. */
export const DEFAULT_HYPERFINE: Readonly<Hyperfine> = { Azz: 13e6, Azx: 13e6, ApZz: 4e6, ApZx: 4e6 };
/** SPEC §3 constants for seed 000 (NV–P1–¹³C). */
export const D_NV = 2.87e9; // Hz
export const GAMMA_E = 28.025e9; // Hz/T (|γ_e|)
export const GAMMA_N_C13 = 10.7084e6; // Hz/T

export type Topology = 'pair' | 'chain' | 'ring' | 'edges';

export interface GraphOptions {
  /** Number of dressed sites (ignored for 'pair', which has 2). */
  sites?: number;
  /** For 'edges': directed bonds [from, to] (0-based sites). */
  edges?: readonly (readonly [number, number])[];
  Jd: number;
  hyperfine?: Partial<Hyperfine>;
  /** Per-site overrides (defects), by 0-based site index. */
  overrides?: Readonly<Record<number, Partial<Hyperfine>>>;
  D?: number;
}

function checkFinite(name: string, v: number): void {
  if (!Number.isFinite(v)) throw new RangeError(`${name}: expected a finite number, got ${v}`);
}

/**
 * Build a graph of dressed nuclei.
 * - 'pair': the 4-spin set of Sec. II, |I1, S, S', I2⟩ (site 0 has I, S; site 1 has S', I; bond 0 → 1);
 * - 'chain': open chain, bonds j → j+1 (Eq. A.1), spins ordered (I_j, S_j, S'_j) per site;
 * - 'ring': the chain plus the bond N−1 → 0;
 * - 'edges': any directed bond list (trees, graphs).
 * @throws RangeError on bad sizes, self-bonds, repeated bonds, or an S/S' used in two bonds
 *   (each S and each S' has at most one partner in the paper's model; more is allowed but flagged
 *   by `validateGraph` only when `strictPartners` is set).
 */
export function buildGraph(topology: Topology, options: GraphOptions): DressedGraph {
  const D = options.D ?? D_NV;
  checkFinite('D', D);
  checkFinite('Jd', options.Jd);
  const base: Hyperfine = { ...DEFAULT_HYPERFINE, ...(options.hyperfine ?? {}) };
  const hf = (j: number): Hyperfine => ({ ...base, ...(options.overrides?.[j] ?? {}) });
  if (topology === 'pair') {
    const sites: DressedSite[] = [
      { ...hf(0), hasS: true, hasSp: false, D },
      { ...hf(1), hasS: false, hasSp: true, D },
    ];
    const slots: SpinSlot[] = [
      { kind: 'I', site: 0, dim: 2 },
      { kind: 'S', site: 0, dim: 3 },
      { kind: 'Sp', site: 1, dim: 2 },
      { kind: 'I', site: 1, dim: 2 },
    ];
    const g = { sites, bonds: [{ from: 0, to: 1, Jd: options.Jd }], slots };
    validateGraph(g);
    return g;
  }
  const n = options.sites ?? 0;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`sites: expected an integer ≥ 1, got ${n}`);
  if (topology === 'ring' && n < 3) throw new RangeError(`sites: a ring needs at least 3 sites, got ${n}`);
  const sites: DressedSite[] = [];
  const slots: SpinSlot[] = [];
  for (let j = 0; j < n; j++) {
    sites.push({ ...hf(j), hasS: true, hasSp: true, D });
    slots.push({ kind: 'I', site: j, dim: 2 }, { kind: 'S', site: j, dim: 3 }, { kind: 'Sp', site: j, dim: 2 });
  }
  let bonds: DressedBond[];
  if (topology === 'chain') bonds = Array.from({ length: n - 1 }, (_, j) => ({ from: j, to: j + 1, Jd: options.Jd }));
  else if (topology === 'ring') bonds = Array.from({ length: n }, (_, j) => ({ from: j, to: (j + 1) % n, Jd: options.Jd }));
  else if (topology === 'edges') {
    if (!options.edges) throw new RangeError("edges: required for topology 'edges'");
    bonds = options.edges.map(([from, to]) => ({ from, to, Jd: options.Jd }));
  } else throw new RangeError(`topology: expected pair, chain, ring or edges, got ${String(topology)}`);
  const g = { sites, bonds, slots };
  validateGraph(g);
  return g;
}

/** Check bond endpoints and hyperfine values; throws RangeError naming the problem. */
export function validateGraph(g: DressedGraph): void {
  const n = g.sites.length;
  const seen = new Set<string>();
  for (const [i, s] of g.sites.entries()) {
    for (const k of ['Azz', 'Azx', 'ApZz', 'ApZx', 'D'] as const) checkFinite(`sites[${i}].${k}`, s[k]);
  }
  for (const [b, { from, to, Jd }] of g.bonds.entries()) {
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < 0 || from >= n || to >= n) throw new RangeError(`bonds[${b}]: site outside 0..${n - 1}`);
    if (from === to) throw new RangeError(`bonds[${b}]: a bond joins two different sites (got ${from} → ${to})`);
    if (!g.sites[from].hasS) throw new RangeError(`bonds[${b}]: site ${from} has no S spin`);
    if (!g.sites[to].hasSp) throw new RangeError(`bonds[${b}]: site ${to} has no S' spin`);
    checkFinite(`bonds[${b}].Jd`, Jd);
    const key = `${from}>${to}`;
    if (seen.has(key)) throw new RangeError(`bonds[${b}]: repeated bond ${from} → ${to}`);
    seen.add(key);
  }
}

/** Local dimensions in tensor order. */
export function graphDims(g: DressedGraph): number[] {
  return g.slots.map((s) => s.dim);
}

/** Tensor position of the spin `kind` of `site`, or −1 if the site has none. */
export function slotIndex(g: DressedGraph, kind: SpinKind, site: number): number {
  return g.slots.findIndex((s) => s.kind === kind && s.site === site);
}
