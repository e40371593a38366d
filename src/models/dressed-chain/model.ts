/**
 * The seed-000 model for the scenario runner: dressed-nucleus graphs under
 * optical pumping and electron relaxation (`mode: 'dynamics'`), plus the
 * analysis modes 'coupling' (J_eff and matching fields, analytic vs full H),
 * 'eq18' (eigenvalues of Eq. 18 at one (δ_eff, Γ_op); sweeps give Fig. 9) and
 * 'critical-pumping' (Γ_op minimizing the mean transfer time of the 4-spin QME).
 * Parameters arrive in SI (frequencies in Hz, converted to rad/s here).
 */
import { ComplexMatrix } from '../../linalg/dense.js';
import { ComplexVector } from '../../linalg/vector.js';
import { sparseTranspose, type SparseMatrix } from '../../linalg/sparse.js';
import type { PiecewiseHamiltonian, ProductDistribution } from '../../solvers/mcsolve/index.js';
import { mesolve } from '../../solvers/mesolve.js';
import { goldenSectionMinimum } from '../../util/golden-section.js';
import { pairedJumpSolve } from './paired-sampling.js';
import { availableThreads } from '../../util/parallel.js';
import { dressedChainMemoryEstimate, trajectoriesPerSolve, usesMirroredPieces } from './memory.js';
import type { ModelDefinition, ModelResult, ParameterSpec, RunContext, Series } from '../types.js';
import { deltaEff, gammaEffective, jeffMatrixElement, jeffPaper, CHAIN_SPECTATORS, PAIR_SPECTATORS, SPEC_CONSTANTS } from './analytics.js';
import { collapseOperators, type PumpingForm, type RelaxationForm } from './dissipators.js';
import { dressingUnitary } from './dressing.js';
import { dressedHamiltonian } from './hamiltonian.js';
import { buildGraph, D_NV, DEFAULT_HYPERFINE, GAMMA_E, GAMMA_N_C13, type DressedGraph, type Hyperfine, type Topology } from './lattice.js';
import { mirroredTriangularField, modulationSegments, piecewiseTriangularField } from './modulation.js';
import { eq18Eigenvalues, eq18ExceptionalPoint, lindbladCriticalRate } from './non-hermitian.js';
import { bondCoupling, type BondCoupling } from './numerical-coupling.js';
import { polarizationObservables, type NamedObservable } from './observables.js';
import { bondCurrentObservables, parseOutputs, type OutputGroups } from './currents.js';

export const PARAMETERS: readonly ParameterSpec[] = [
  { name: 'mode', kind: 'string', default: 'dynamics', choices: ['dynamics', 'coupling', 'eq18', 'critical-pumping'], description: 'What to compute' },
  { name: 'topology', kind: 'string', default: 'chain', choices: ['pair', 'chain', 'ring', 'edges'], description: "pair = the 4-spin set |I1,S,S',I2⟩ of Sec. II; chain/ring/edges = dressed sites" },
  { name: 'sites', kind: 'integer', default: 4, min: 1, max: 6, description: 'Number of dressed sites (chain, ring, edges)' },
  { name: 'edges', kind: 'json', default: [], description: 'Directed bonds [[from, to], …] (1-based sites) for topology edges: S of from couples to S\' of to' },
  { name: 'Jd', kind: 'frequency', default: 62e3, description: 'Dipolar coupling J_d (Hz, cyclic)' },
  { name: 'Azz', kind: 'frequency', default: 13e6, description: 'A_zz (I–S), Hz' },
  { name: 'Azx', kind: 'frequency', default: 13e6, description: 'A_zx (I–S), Hz' },
  { name: 'ApZz', kind: 'frequency', default: 4e6, description: "A'_zz (I–S'), Hz" },
  { name: 'ApZx', kind: 'frequency', default: 4e6, description: "A'_zx (I–S'), Hz" },
  { name: 'overrides', kind: 'json', default: {}, description: 'Per-site hyperfine overrides (defects): {"2": {"ApZz": 4.25e6, "ApZx": 4.25e6}} (1-based sites, Hz)' },
  { name: 'D', kind: 'frequency', default: D_NV, description: 'Zero-field splitting of S (Hz)' },
  { name: 'gammaElectron', kind: 'number', default: GAMMA_E, unit: 'Hz/T', description: '|γ_e| (Hz/T)' },
  { name: 'gammaNuclear', kind: 'number', default: GAMMA_N_C13, unit: 'Hz/T', description: 'γ_n (Hz/T)' },
  { name: 'field', kind: 'field', default: null, description: 'Magnetic field B (T); default: the resonance B_m of the full Hamiltonian for the first bond' },
  { name: 'fieldOffset', kind: 'field', default: 0, description: 'Added to the field (T), e.g. for field scans around B_m' },
  { name: 'variant', kind: 'string', default: 'alpha', choices: ['alpha', 'beta'], description: 'Matching condition B_m^(α) (Eq. A.6) or B_m^(β) (Eq. A.8), in the corrected form consistent with Table A.1 (the printed equations are misprinted, docs/reproduction.md)' },
  { name: 'gammaOp', kind: 'rate', default: null, description: 'Optical pumping rate Γ_op (s⁻¹); default: gammaOpScale × the critical rate Γ_c = 8π·J_eff, the exceptional point of the pumped pair (Eq. 18\'s Γ_op = J_eff for the Lindblad pumping of Eq. 6, lindbladCriticalRate)' },
  { name: 'gammaOpScale', kind: 'number', default: 1, min: 0, description: 'Γ_op in units of the critical rate Γ_c = 8π·J_eff when gammaOp is not given (0.25 gives 2π·J_eff)' },
  { name: 'gammaE', kind: 'rate', default: 100, description: "S' spin-lattice relaxation rate Γ_e (s⁻¹)" },
  { name: 'gammaES', kind: 'rate', default: 0, description: 'S spin-lattice relaxation rate (s⁻¹), optional' },
  { name: 'gammaN', kind: 'rate', default: 0, description: 'Nuclear relaxation rate (s⁻¹), optional' },
  { name: 'pumping', kind: 'string', default: 'separate', choices: ['separate', 'single', 'dressed'], description: "Eq. 6 as two operators |0⟩⟨±1| (secular form, default: keeps the bond blocks), as the single operator of the paper, or as the two operators conjugated by the site dressing (the nucleus keeps its dressed state)" },
  { name: 'relaxation', kind: 'string', default: 'lab', choices: ['lab', 'dressed'], description: "Electron relaxation operators: lab S'^± (default) or dressed U S'^± U† (an S' flip keeps the nuclear dressed state, as Appendix B assumes)" },
  { name: 'polarization', kind: 'string', default: 'lab', choices: ['lab', 'dressed'], description: 'P_j = 2⟨I_j^z⟩ in the lab frame (default) or along the local dressed axis of each nucleus' },
  { name: 'outputs', kind: 'string', default: 'P', description: 'Series groups (dynamics): P (P_j, Pc), K (bond currents K_{j,k} = Γ_eff·V_{j,k}, Eq. 17, Γ_eff of Eq. B.6), V (voltages V_{j,k} = |↑_j↓_k⟩⟨↑_j↓_k|), comma-separated; arrows as for polarization' },
  { name: 'method', kind: 'string', default: 'mc', choices: ['mc', 'me', 'both'], description: "Quantum jumps (block-local), master equation, or both (QJM series suffixed ' QJM')" },
  { name: 'ntraj', kind: 'integer', default: 6, min: 1, description: 'Trajectories (mc)' },
  { name: 'tEnd', kind: 'time', default: 0.5, description: 'Final time (s)' },
  { name: 'points', kind: 'integer', default: 201, min: 2, description: 'Output times' },
  { name: 'nuclearPolarization', kind: 'numbers', default: [], description: 'Initial P_j per nucleus (mixed states, arrows in the basis nuclearBasis); empty = all unpolarized' },
  { name: 'pairInitial', kind: 'string', default: 'forward', choices: ['forward', 'reverse'], description: "pair: start in |↑,0,+½,↓⟩ (forward) or |↓,0,+½,↑⟩ (reverse)" },
  { name: 'nuclearBasis', kind: 'string', default: 'dressed', choices: ['dressed', 'lab'], description: 'Nuclear arrows of the initial state: along the local (dressed) field of each nucleus, or lab z (which adds MHz precession of tilted nuclei)' },
  { name: 'fieldBond', kind: 'integer', default: 1, min: 1, description: 'Bond (1-based, in bond order) whose full-H resonance is the default field and the reference of fieldOffset' },
  { name: 'deltaB', kind: 'field', default: 0, description: 'Triangular modulation amplitude δB (T); 0 = static field' },
  { name: 'gammaB', kind: 'frequency', default: 50, description: 'Modulation frequency Γ_B (Hz)' },
  { name: 'segments', kind: 'integer', default: null, min: 4, description: 'Constant pieces per modulation period; default: enough for a midpoint-rule error ≤ 2e-5 per piece at the anticrossing (modulationSegments)' },
  { name: 'deltaEff', kind: 'frequency', default: 0, description: 'eq18: detuning δ_eff (Hz)' },
  { name: 'jEff', kind: 'frequency', default: null, description: 'eq18: J_eff (Hz); default from the full Hamiltonian' },
];

type Variant = 'alpha' | 'beta';

/** The parameters of the model, typed (Hz for frequencies, SI otherwise; see PARAMETERS). */
export interface DressedChainParams {
  mode: 'dynamics' | 'coupling' | 'eq18' | 'critical-pumping';
  topology: Topology;
  sites: number;
  /** Directed bonds, 0-based. */
  edges: (readonly [number, number])[];
  Jd: number;
  hyperfine: Hyperfine;
  /** Per-site hyperfine overrides, 0-based sites. */
  overrides: Record<number, Partial<Hyperfine>>;
  D: number;
  gammaElectron: number;
  gammaNuclear: number;
  field: number | null;
  fieldOffset: number;
  variant: Variant;
  gammaOp: number | null;
  /** Γ_op in units of the critical rate Γ_c = 8π·J_eff when gammaOp is null. */
  gammaOpScale: number;
  gammaE: number;
  gammaES: number;
  gammaN: number;
  pumping: PumpingForm;
  relaxation: RelaxationForm;
  polarization: 'lab' | 'dressed';
  /** Series groups of the dynamics (currents.ts). */
  outputs: OutputGroups;
  method: 'mc' | 'me' | 'both';
  ntraj: number;
  tEnd: number;
  points: number;
  nuclearPolarization: number[];
  pairInitial: 'forward' | 'reverse';
  nuclearBasis: 'dressed' | 'lab';
  /** 0-based bond index. */
  fieldBond: number;
  deltaB: number;
  gammaB: number;
  segments: number | null;
  deltaEff: number;
  jEff: number | null;
}

/** Reads one parameter of a defaults-filled record, checking its type (errors name the parameter). */
class ParamReader {
  constructor(private readonly p: Record<string, unknown>) {}
  num(name: string): number {
    const v = this.p[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${name}: expected a finite number, got ${String(v)}`);
    return v;
  }
  optNum(name: string): number | null {
    const v = this.p[name];
    return v === null || v === undefined ? null : this.num(name);
  }
  choice<T extends string>(name: string): T {
    const spec = PARAMETERS.find((s) => s.name === name)!;
    const v = this.p[name];
    if (typeof v !== 'string' || (spec.choices && !spec.choices.includes(v))) throw new RangeError(`${name}: expected one of ${spec.choices?.join(', ')}, got ${String(v)}`);
    return v as T;
  }
  raw(name: string): unknown {
    return this.p[name];
  }
}

/** The parameters with defaults filled in and types checked; unknown names are refused. */
export function withDefaults(params: Record<string, unknown>): DressedChainParams {
  const filled: Record<string, unknown> = {};
  for (const s of PARAMETERS) filled[s.name] = params[s.name] === undefined ? s.default : params[s.name];
  for (const k of Object.keys(params)) if (!(k in filled)) throw new RangeError(`${k}: unknown parameter of dressed-chain`);
  const r = new ParamReader(filled);
  const rawOverrides = (filled.overrides ?? {}) as Record<string, Partial<Hyperfine>>;
  if (typeof rawOverrides !== 'object' || Array.isArray(rawOverrides)) throw new RangeError('overrides: expected an object {site: {Azz, …}}');
  const overrides: Record<number, Partial<Hyperfine>> = {};
  for (const [k, v] of Object.entries(rawOverrides)) {
    const j = Number(k) - 1;
    if (!Number.isInteger(j) || j < 0) throw new RangeError(`overrides: site "${k}" is not a 1-based integer`);
    overrides[j] = v;
  }
  const rawEdges = filled.edges ?? [];
  if (!Array.isArray(rawEdges)) throw new RangeError('edges: expected [[from, to], …]');
  const edges = rawEdges.map((e: unknown, i) => {
    if (!Array.isArray(e) || e.length !== 2) throw new RangeError(`edges[${i}]: expected [from, to]`);
    return [Number(e[0]) - 1, Number(e[1]) - 1] as const;
  });
  return {
    mode: r.choice('mode'), topology: r.choice('topology'), sites: r.num('sites'), edges, Jd: r.num('Jd'),
    hyperfine: { Azz: r.num('Azz'), Azx: r.num('Azx'), ApZz: r.num('ApZz'), ApZx: r.num('ApZx') }, overrides,
    D: r.num('D'), gammaElectron: r.num('gammaElectron'), gammaNuclear: r.num('gammaNuclear'),
    field: r.optNum('field'), fieldOffset: r.num('fieldOffset'), variant: r.choice('variant'),
    gammaOp: r.optNum('gammaOp'), gammaOpScale: r.num('gammaOpScale'), gammaE: r.num('gammaE'), gammaES: r.num('gammaES'), gammaN: r.num('gammaN'),
    pumping: r.choice('pumping'), relaxation: r.choice('relaxation'), polarization: r.choice('polarization'), outputs: parseOutputs(String(r.raw('outputs'))), method: r.choice('method'),
    ntraj: r.num('ntraj'), tEnd: r.num('tEnd'), points: r.num('points'),
    nuclearPolarization: ((r.raw('nuclearPolarization') ?? []) as unknown[]).map(Number),
    pairInitial: r.choice('pairInitial'), nuclearBasis: r.choice('nuclearBasis'), fieldBond: r.num('fieldBond') - 1,
    deltaB: r.num('deltaB'), gammaB: r.num('gammaB'), segments: r.optNum('segments'), deltaEff: r.num('deltaEff'), jEff: r.optNum('jEff'),
  };
}

/** Graph described by the parameters. */
export function graphFromParams(p: DressedChainParams): DressedGraph {
  return buildGraph(p.topology, { sites: p.sites, edges: p.edges, Jd: p.Jd, hyperfine: p.hyperfine, overrides: p.overrides, D: p.D });
}

/** Coupling of bond `index` (0-based; default the first) of the graph (kind 'pair' for the 4-spin set). */
export function firstBondCoupling(graph: DressedGraph, p: DressedChainParams, variant: Variant, index = 0): BondCoupling {
  if (!graph.bonds[0]) throw new RangeError('topology: the graph has no bond');
  const b = graph.bonds[index];
  if (!b) throw new RangeError(`fieldBond: expected a bond number 1…${graph.bonds.length}, got ${index + 1}`);
  const pick = (j: number): Hyperfine => ({ Azz: graph.sites[j].Azz, Azx: graph.sites[j].Azx, ApZz: graph.sites[j].ApZz, ApZx: graph.sites[j].ApZx });
  const pair = isPair(graph);
  return bondCoupling({ kind: pair ? 'pair' : 'chain', Jd: b.Jd, hfJ: pick(b.from), hfK: pick(b.to), variant, constants: { D: p.D, gammaE: p.gammaElectron, gammaN: p.gammaNuclear } });
}

/** The 4-spin set of Sec. II (its first site has no S'). */
function isPair(graph: DressedGraph): boolean {
  return !graph.sites[0].hasSp;
}

/**
 * Mixed electrons and nuclei with polarizations `pol`, unravelled into product basis
 * states; with `dressing` (the unitary U of dressing.ts) each sampled lab arrow is
 * replaced by the dressed arrow of its site's electron configuration.
 */
function productInitial(graph: DressedGraph, pol: number[], dressing: SparseMatrix | null = null): ProductDistribution {
  const nNuc = graph.slots.filter((s) => s.kind === 'I').length;
  if (pol.length !== 0 && pol.length !== nNuc) throw new RangeError(`nuclearPolarization: expected ${nNuc} values (one per nucleus) or none`);
  const probabilities = graph.slots.map((s) => {
    if (s.kind !== 'I') return Array(s.dim).fill(1 / s.dim) as number[];
    const pj = pol.length ? pol[s.site] : 0;
    if (!(pj >= -1 && pj <= 1)) throw new RangeError(`nuclearPolarization: P_${s.site + 1} = ${pj} outside [−1, 1]`);
    return [(1 + pj) / 2, (1 - pj) / 2];
  });
  const dims = graph.slots.map((s) => s.dim);
  return { product: dressing ? { dims, probabilities, states: sparseTranspose(dressing) } : { dims, probabilities } };
}

/** Initial ket of the pair: |↑,0,+½,↓⟩ (forward) or |↓,0,+½,↑⟩ (reverse), dressed or lab arrows. */
export function pairInitialKet(bc: BondCoupling, direction: 'forward' | 'reverse', basis: 'dressed' | 'lab', n: number): ComplexVector {
  // ketA of the α coupling is the dressed forward state; build others from the block layout.
  const psi = new ComplexVector(n);
  if (direction === 'forward' && basis === 'dressed') {
    bc.block.forEach((g, i) => { psi.re[g] = bc.ketA.re[i]; });
    return psi;
  }
  // Lab kets: index = ((i1*3 + s)*2 + sp)*2 + i2 with local index 0 = up.
  const i1 = direction === 'forward' ? 0 : 1, i2 = direction === 'forward' ? 1 : 0;
  if (basis === 'lab') { psi.re[((i1 * 3 + 1) * 2 + 0) * 2 + i2] = 1; return psi; }
  // Dressed reverse state: β ket A (|↓_j(0), ↑_k(+½)⟩).
  const beta = bondCoupling({ kind: 'pair', Jd: bc.graph.bonds[0].Jd, hfJ: bc.graph.sites[0], hfK: bc.graph.sites[1], variant: 'beta' });
  beta.block.forEach((g, i) => { psi.re[g] = beta.ketA.re[i]; });
  return psi;
}

function timesOf(p: DressedChainParams): number[] {
  const { tEnd, points } = p;
  if (!(tEnd > 0)) throw new RangeError(`tEnd: expected a positive time, got ${tEnd}`);
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`points: expected an integer ≥ 2, got ${points}`);
  return Array.from({ length: points }, (_, i) => (i * tEnd) / (points - 1));
}

/** Everything both dynamics methods share: graph, field, operators, initial-state choice, output times. */
interface DynamicsSetup {
  p: DressedChainParams;
  graph: DressedGraph;
  pair: boolean;
  bc: BondCoupling;
  field: number;
  H: ReturnType<typeof dressedHamiltonian>;
  cOps: SparseMatrix[];
  /** The observables of the requested output groups (P_j and Pc, then K, then V). */
  obs: NamedObservable[];
  /** The dressing unitary U when chains start from dressed arrows (the pair uses its exact bond eigenstates). */
  dressing: SparseMatrix | null;
  times: number[];
  n: number;
}

function dynamicsSetup(p: DressedChainParams): { setup: DynamicsSetup; notes: string[]; scalars: Record<string, number> } {
  const graph = graphFromParams(p);
  const constants = { gammaE: p.gammaElectron, gammaN: p.gammaNuclear };
  const bc = firstBondCoupling(graph, p, p.variant, p.fieldBond);
  const field = (p.field ?? bc.resonanceField) + p.fieldOffset;
  const jEff = bc.halfGap;
  const gammaOp = p.gammaOp ?? p.gammaOpScale * lindbladCriticalRate(jEff);
  const H = dressedHamiltonian(graph, constants);
  const omegaN = constants.gammaN * field;
  const cOps = collapseOperators(graph, { gammaOp, gammaE: p.gammaE, gammaES: p.gammaES, gammaN: p.gammaN, pumping: p.pumping, relaxation: p.relaxation, omegaN }).map((c) => c.op);
  const pol = polarizationObservables(graph, { basis: p.polarization, omegaN });
  const obs = [...(p.outputs.P ? pol : []), ...(p.outputs.K || p.outputs.V ? bondCurrentObservables(graph, pol, gammaEffective(p.gammaE, 'chain'), p.outputs) : [])];
  const pair = isPair(graph);
  const dressing = !pair && p.nuclearBasis === 'dressed' ? dressingUnitary(graph, omegaN) : null;
  const b0 = graph.bonds[0];
  const notes = [
    `J_eff (full H, half min. gap) = ${jEff.toFixed(2)} Hz; matrix element ${bc.matrixElement.toFixed(2)} Hz; paper formula (Eq. ${pair ? 3 : 9}) ${Math.abs(jeffPaper(b0.Jd, graph.sites[b0.from], graph.sites[b0.to], bc.firstOrderField, pair ? PAIR_SPECTATORS : CHAIN_SPECTATORS)).toFixed(2)} Hz`,
    `B_m first order ${bc.firstOrderField.toFixed(9)} T, full-H resonance ${bc.resonanceField.toFixed(9)} T, field used ${field.toFixed(9)} T`,
    `Γ_op = ${gammaOp.toFixed(1)} s⁻¹, pumping operators: ${p.pumping}, electron relaxation: ${p.relaxation}`,
    `initial nuclear arrows: ${p.nuclearBasis}; P_j measured ${p.polarization === 'dressed' ? 'along the dressed axes' : 'as lab 2⟨I^z⟩'}`,
  ];
  const scalars: Record<string, number> = { jEffHz: jEff, matrixElementHz: bc.matrixElement, firstOrderField: bc.firstOrderField, resonanceField: bc.resonanceField, field, gammaOp };
  return { setup: { p, graph, pair, bc, field, H, cOps, obs, dressing, times: timesOf(p), n: H.h0.rows }, notes, scalars };
}

/** ρ0 of the master equation: the pair's ket, or Σ_g w_g U|g⟩⟨g|U† over the product distribution. */
function initialDensity(s: DynamicsSetup): ComplexMatrix {
  const { n } = s;
  const rho0 = new ComplexMatrix(n, n);
  if (s.pair) {
    const psi = pairInitialKet(s.bc, s.p.pairInitial, s.p.nuclearBasis, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rho0.re[i * n + j] = psi.re[i] * psi.re[j];
    return rho0;
  }
  const { dims, probabilities } = productInitial(s.graph, s.p.nuclearPolarization).product;
  const columns = s.dressing ? sparseTranspose(s.dressing) : null; // row g = U|g⟩ (U is real)
  for (let g = 0; g < n; g++) {
    let w = 1, r = g;
    for (let f = dims.length - 1; f >= 0; f--) { w *= probabilities[f][r % dims[f]]; r = Math.floor(r / dims[f]); }
    if (w === 0) continue;
    if (!columns) { rho0.re[g * n + g] = w; continue; }
    for (let a = columns.rowPtr[g]; a < columns.rowPtr[g + 1]; a++) {
      for (let b = columns.rowPtr[g]; b < columns.rowPtr[g + 1]; b++) rho0.re[columns.colIndex[a] * n + columns.colIndex[b]] += w * columns.re[a] * columns.re[b];
    }
  }
  return rho0;
}

/** The QME of Eq. 1 ('exact': eigen/expm of the reduced generator; Krylov would need ~1e-11 s steps at GHz scales). */
function runMasterEquation(s: DynamicsSetup): { series: Series[]; stats: Record<string, unknown> } {
  if (s.p.deltaB !== 0) throw new RangeError('deltaB: field modulation is implemented for method mc only');
  if (s.n > 1728) throw new RangeError(`method: 'me' is limited to dimension ≤ 1728 (got ${s.n}); use 'mc'`);
  const res = mesolve(s.H.at(s.field), s.cOps, initialDensity(s), { times: s.times, eOps: s.obs.map((o) => o.op), method: 'exact' });
  return { series: s.obs.map((o, k) => ({ name: o.name, x: s.times, y: Array.from(res.expect[k].re) })), stats: res.stats };
}

/** Constant pieces per modulation period: `segments`, or the automatic count for the first bond's J_eff (modulationSegments). */
function segmentsOf(p: DressedChainParams, jEff?: number): number {
  if (p.segments !== null) return p.segments;
  const j = jEff ?? firstBondCoupling(graphFromParams(p), p, p.variant, p.fieldBond).halfGap;
  return modulationSegments(j, Math.abs(p.deltaB), p.gammaB, p.gammaElectron);
}

/** The Hamiltonian of the trajectories: static, or the triangular sweep as constant pieces. */
function trajectoryHamiltonian(s: DynamicsSetup, ctx: RunContext, notes: string[], scalars: Record<string, number>): SparseMatrix | PiecewiseHamiltonian {
  const { p } = s;
  if (p.deltaB === 0) return s.H.at(s.field);
  const auto = p.segments === null;
  const segments = segmentsOf(p, s.bc.halfGap);
  notes.push(`triangular modulation ±${p.deltaB} T at ${p.gammaB} Hz, ${segments} constant pieces per period${auto ? ' (chosen for a midpoint-rule error ≤ 2e-5 per piece)' : ''}`);
  scalars.segments = segments;
  if (usesMirroredPieces(segments, trajectoriesPerSolve(p), ctx.workers ?? availableThreads())) {
    // One thread anyway: down-ramps reuse the up-ramps' pieces (half the matrices and propagators in memory).
    const pw = mirroredTriangularField(s.field, p.deltaB, p.gammaB, segments);
    return { pieces: pw.fields.map((B) => s.H.at(B)), schedule: pw.schedule };
  }
  const pw = piecewiseTriangularField(s.field, p.deltaB, p.gammaB, segments);
  return { pieces: pw.fields.map((B) => s.H.at(B)), periodic: pw.periodic };
}

/** Block-local quantum jumps (mcsolve), unpolarized spins in spin-flipped pairs (paired-sampling.ts); series suffixed with `suffix`. */
async function runTrajectories(s: DynamicsSetup, ctx: RunContext, suffix: string, notes: string[], scalars: Record<string, number>): Promise<{ series: Series[]; errors: Record<string, number>; stats: Record<string, unknown> }> {
  const h = trajectoryHamiltonian(s, ctx, notes, scalars);
  const psi0 = s.pair ? pairInitialKet(s.bc, s.p.pairInitial, s.p.nuclearBasis, s.n) : productInitial(s.graph, s.p.nuclearPolarization, s.dressing);
  const res = await pairedJumpSolve(h, s.cOps, psi0, {
    times: s.times, eOps: s.obs.map((o) => o.op), ntraj: s.p.ntraj, seed: ctx.seed,
    ...(ctx.workers ? { workers: ctx.workers } : {}), ...(ctx.progress ? { progress: ctx.progress } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  if (res.pairs > 0) notes.push(`initial states: ${res.pairs} pairs of trajectories, the second of each pair from the first's configuration with every unpolarized spin flipped, so the ensemble starts at the net polarization of ρ0 exactly; standard errors from the pair means`);
  const last = s.times.length - 1;
  const series = s.obs.map((o, k) => ({ name: o.name + suffix, x: s.times, y: Array.from(res.mean[k]), yErr: Array.from(res.stdErr[k]) }));
  const errors = Object.fromEntries(s.obs.map((o, k) => [`${o.name}${suffix}_final`, res.stdErr[k][last]]));
  return { series, errors, stats: res.stats };
}

/** mode 'dynamics': P_j(t) by the QME, quantum jumps, or both. */
async function runDynamics(p: DressedChainParams, ctx: RunContext): Promise<ModelResult> {
  const { setup, notes, scalars } = dynamicsSetup(p);
  const series: Series[] = [];
  let scalarErrors: Record<string, number> = {};
  let stats: Record<string, unknown> = {};
  if (p.method === 'me' || p.method === 'both') {
    const me = runMasterEquation(setup);
    series.push(...me.series);
    stats = me.stats;
  }
  if (p.method === 'mc' || p.method === 'both') {
    const mc = await runTrajectories(setup, ctx, p.method === 'both' ? ' QJM' : '', notes, scalars);
    series.push(...mc.series);
    scalarErrors = mc.errors;
    stats = p.method === 'both' ? { ...stats, trajectories: mc.stats } : mc.stats;
  }
  for (const sr of series) scalars[`${sr.name}_final`] = sr.y[setup.times.length - 1];
  scalars.gammaEffChain = gammaEffective(p.gammaE, 'chain');
  if (p.outputs.K) notes.push(`K_{j,k} = Γ_eff·⟨V_{j,k}⟩ (Eq. 17) with Γ_eff = |ln 7/8|·Γ_e = ${gammaEffective(p.gammaE, 'chain').toFixed(2)} s⁻¹ (Eq. B.6), V_{j,k} = ⟨|↑_j↓_k⟩⟨↑_j↓_k|⟩ with ${p.polarization} arrows`);
  const yLabel = p.outputs.K || p.outputs.V ? ['P', 'K (s⁻¹)', 'V'].filter((_, i) => [p.outputs.P, p.outputs.K, p.outputs.V][i]).join(', ') : 'P';
  return { series, scalars, scalarErrors, xLabel: 't (ms)', yLabel, xDisplayScale: 1e3, notes, stats };
}

/** Mean transfer time τ = ∫ u(t) dt of the forward pair transfer (QME), u = (P2(∞) − P2(t))/(P2(∞) − P2(0)). */
export function meanTransferTime(p: DressedChainParams, gammaOp: number, bc: BondCoupling, horizon: number): number {
  const graph = bc.graph;
  const H = dressedHamiltonian(graph, { gammaE: p.gammaElectron, gammaN: p.gammaNuclear });
  const cOps = collapseOperators(graph, { gammaOp, gammaE: 0, pumping: p.pumping, omegaN: p.gammaNuclear * bc.resonanceField }).map((c) => c.op);
  const n = H.h0.rows;
  const psi = pairInitialKet(bc, 'forward', 'dressed', n);
  const obs = polarizationObservables(graph);
  const m = 401;
  const times = Array.from({ length: m }, (_, i) => (i * horizon) / (m - 1));
  const res = mesolve(H.at(bc.resonanceField), cOps, psi, { times, eOps: [obs[1].op], method: 'exact' });
  const y = res.expect[0].re;
  const yInf = y[m - 1], y0 = y[0];
  let tau = 0;
  for (let i = 1; i < m; i++) tau += (0.5 * ((yInf - y[i - 1]) + (yInf - y[i])) / (yInf - y0)) * (times[i] - times[i - 1]);
  return tau;
}

/** mode 'coupling': J_eff and the matching fields of the first bond, analytic vs full H. */
function runCoupling(p: DressedChainParams): ModelResult {
  const graph = graphFromParams(p);
  const bc = firstBondCoupling(graph, p, p.variant);
  const b = graph.bonds[0];
  const sp = isPair(graph) ? PAIR_SPECTATORS : CHAIN_SPECTATORS;
  const c = { D: p.D, gammaE: p.gammaElectron, gammaN: p.gammaNuclear };
  const paper = Math.abs(jeffPaper(b.Jd, graph.sites[b.from], graph.sites[b.to], bc.firstOrderField, sp, c));
  return {
    series: [],
    scalars: { jEffPaperHz: paper, jEffSqrt2Hz: Math.abs(jeffMatrixElement(b.Jd, graph.sites[b.from], graph.sites[b.to], bc.firstOrderField, sp, c)), matrixElementHz: bc.matrixElement, halfGapHz: bc.halfGap, firstOrderField: bc.firstOrderField, resonanceField: bc.resonanceField, shiftT: bc.resonanceField - bc.firstOrderField, shiftDeltaEffHz: deltaEff(bc.resonanceField, bc.firstOrderField, c) },
    notes: ['Eq. 3/9 as printed omit the √2 of S⁻|0⟩ = √2|−1⟩; matrixElementHz = √2 × jEffPaperHz'],
  };
}

/** mode 'eq18': eigenvalues of Eq. 18 at one (δ_eff, Γ_op), in Hz; Eq. 18's Γ (Hz) is Γ_op/(8π), so its EP (Γ = J_eff) is the critical rate Γ_c = 8π·J_eff. */
function runEq18(p: DressedChainParams): ModelResult {
  const jEff = p.jEff ?? firstBondCoupling(graphFromParams(p), p, p.variant).halfGap;
  const gOp = p.gammaOp ?? p.gammaOpScale * lindbladCriticalRate(jEff);
  const [l1, l2] = eq18Eigenvalues(p.deltaEff, gOp / (8 * Math.PI), jEff);
  const ep = eq18ExceptionalPoint(jEff);
  return {
    series: [], scalars: { re1: l1.re, im1: l1.im, re2: l2.re, im2: l2.im, epGammaOp: lindbladCriticalRate(ep.parameter), epGap: ep.gap, jEff, gammaOp: gOp },
    scalarUnits: { re1: 'Hz', im1: 'Hz', re2: 'Hz', im2: 'Hz', epGammaOp: 's⁻¹', epGap: 'Hz', jEff: 'Hz', gammaOp: 's⁻¹' },
    notes: ['Eq. 18 in Hz with Γ = Γ_op/(8π) for the pumping rate Γ_op in s⁻¹ (the traceless part of the pumped pair\'s no-jump generator [[0, 2πJ_eff], [2πJ_eff, −iΓ_op/2]], divided by 2π); EP at δ_eff = 0, Γ_op = Γ_c = 8π·J_eff'],
  };
}

/** mode 'critical-pumping': the Γ_op of the fastest forward pair transfer (QME), by golden-section search. */
function runCriticalPumping(p: DressedChainParams): ModelResult {
  const q: DressedChainParams = { ...p, topology: 'pair' };
  const bc = firstBondCoupling(graphFromParams(q), q, p.variant);
  const J = 2 * Math.PI * bc.halfGap;
  const horizon = 40 / J * 4;
  const f = (g: number) => meanTransferTime(q, g, bc, horizon);
  const grid = [0.5, 1, 2, 3, 4, 6, 8, 12].map((x) => x * J);
  const taus = grid.map(f);
  const k = taus.indexOf(Math.min(...taus));
  const best = goldenSectionMinimum(f, grid[Math.max(0, k - 1)], grid[Math.min(grid.length - 1, k + 1)], { maxIterations: 25 }).x;
  return {
    series: [{ name: 'mean transfer time', x: grid, y: taus }],
    xLabel: 'Γ_op (s⁻¹)', yLabel: 'τ (s)',
    scalars: { criticalGammaOp: best, lindbladEP: lindbladCriticalRate(bc.halfGap), jEffHz: bc.halfGap, ratioToJeffAngular: best / J, ratioToJeffHz: best / bc.halfGap },
    notes: ['criticalGammaOp minimizes the mean transfer time of the 4-spin QME (no S\' relaxation); lindbladEP = 4·2π·J_eff'],
  };
}

/** The seed-000 model (see the module comment). */
export const dressedChainModel: ModelDefinition = {
  id: 'dressed-chain',
  title: 'Dressed electron–nuclear spin chains with loss and gain (full model)',
  seed: '000',
  description: "Nuclei I, pumped electrons S = 1 and electrons S' = ½ per site; bonds J_d/2 (S⁺S'⁺ + h.c.); optical pumping of S, relaxation of S'. Exact block-local quantum jumps or QME.",
  parameters: PARAMETERS,
  observables: ['P1', 'P2', 'P3', 'P4', 'Pc'],
  async run(params: Record<string, unknown>, context: RunContext): Promise<ModelResult> {
    const p = withDefaults(params);
    if (p.mode === 'dynamics') return runDynamics(p, context);
    if (p.mode === 'coupling') return runCoupling(p);
    if (p.mode === 'eq18') return runEq18(p);
    return runCriticalPumping(p);
  },
  memoryEstimate(params: Record<string, unknown>): number {
    const p = withDefaults(params);
    return dressedChainMemoryEstimate(p, { threads: availableThreads(), segments: p.mode === 'dynamics' && p.method !== 'me' && p.deltaB !== 0 ? segmentsOf(p) : 1 });
  },
};
export { DEFAULT_HYPERFINE, SPEC_CONSTANTS };
