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
import { sparseToData } from '../../solvers/jump-trajectory.js';
import { mesolve } from '../../solvers/mesolve.js';
import type { PiecewiseInitialState } from '../../solvers/piecewise-jumps.js';
import { pairedJumpSolve } from './paired-sampling.js';
import type { ModelDefinition, ModelResult, ParameterSpec, RunContext, Series } from '../types.js';
import { deltaEff, gammaEffective, jeffMatrixElement, jeffPaper, CHAIN_SPECTATORS, PAIR_SPECTATORS, SPEC_CONSTANTS } from './analytics.js';
import { collapseOperators, type PumpingForm, type RelaxationForm } from './dissipators.js';
import { dressingUnitary } from './dressing.js';
import { dressedHamiltonian } from './hamiltonian.js';
import { buildGraph, D_NV, DEFAULT_HYPERFINE, GAMMA_E, GAMMA_N_C13, type DressedGraph, type Hyperfine, type Topology } from './lattice.js';
import { mirroredTriangularField, modulationSegments, piecewiseTriangularField } from './modulation.js';
import { eq18Eigenvalues, eq18ExceptionalPoint, lindbladCriticalRate } from './non-hermitian.js';
import { bondCoupling, type BondCoupling } from './numerical-coupling.js';
import { polarizationObservables } from './observables.js';

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

function num(p: Record<string, unknown>, name: string): number {
  const v = p[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${name}: expected a finite number, got ${String(v)}`);
  return v;
}
function optNum(p: Record<string, unknown>, name: string): number | null {
  const v = p[name];
  if (v === null || v === undefined) return null;
  return num(p, name);
}
function str(p: Record<string, unknown>, name: string): string {
  const spec = PARAMETERS.find((s) => s.name === name)!;
  const v = p[name] ?? spec.default;
  if (typeof v !== 'string' || (spec.choices && !spec.choices.includes(v))) throw new RangeError(`${name}: expected one of ${spec.choices?.join(', ')}, got ${String(v)}`);
  return v;
}

/** Parameters with defaults filled in. */
export function withDefaults(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of PARAMETERS) out[s.name] = params[s.name] === undefined ? s.default : params[s.name];
  for (const k of Object.keys(params)) if (!(k in out)) throw new RangeError(`${k}: unknown parameter of dressed-chain`);
  return out;
}

/** Graph described by the parameters. */
export function graphFromParams(p: Record<string, unknown>): DressedGraph {
  const topology = str(p, 'topology') as Topology;
  const hyperfine: Hyperfine = { Azz: num(p, 'Azz'), Azx: num(p, 'Azx'), ApZz: num(p, 'ApZz'), ApZx: num(p, 'ApZx') };
  const raw = (p.overrides ?? {}) as Record<string, Partial<Hyperfine>>;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new RangeError('overrides: expected an object {site: {Azz, …}}');
  const overrides: Record<number, Partial<Hyperfine>> = {};
  for (const [k, v] of Object.entries(raw)) {
    const j = Number(k) - 1;
    if (!Number.isInteger(j) || j < 0) throw new RangeError(`overrides: site "${k}" is not a 1-based integer`);
    overrides[j] = v;
  }
  const edgesRaw = (p.edges ?? []) as unknown;
  if (!Array.isArray(edgesRaw)) throw new RangeError('edges: expected [[from, to], …]');
  const edges = edgesRaw.map((e, i) => {
    if (!Array.isArray(e) || e.length !== 2) throw new RangeError(`edges[${i}]: expected [from, to]`);
    return [Number(e[0]) - 1, Number(e[1]) - 1] as const;
  });
  return buildGraph(topology, { sites: num(p, 'sites'), edges, Jd: num(p, 'Jd'), hyperfine, overrides, D: num(p, 'D') });
}

/** Coupling of bond `index` (0-based; default the first) of the graph (kind 'pair' for the 4-spin set). */
export function firstBondCoupling(graph: DressedGraph, p: Record<string, unknown>, variant: 'alpha' | 'beta', index = 0): BondCoupling {
  if (!graph.bonds[0]) throw new RangeError('topology: the graph has no bond');
  const b = graph.bonds[index];
  if (!b) throw new RangeError(`fieldBond: expected a bond number 1…${graph.bonds.length}, got ${index + 1}`);
  const pick = (j: number): Hyperfine => ({ Azz: graph.sites[j].Azz, Azx: graph.sites[j].Azx, ApZz: graph.sites[j].ApZz, ApZx: graph.sites[j].ApZx });
  const pair = isPair(graph);
  return bondCoupling({ kind: pair ? 'pair' : 'chain', Jd: b.Jd, hfJ: pick(b.from), hfK: pick(b.to), variant, constants: { D: num(p, 'D'), gammaE: num(p, 'gammaElectron'), gammaN: num(p, 'gammaNuclear') } });
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
function productInitial(graph: DressedGraph, pol: number[], dressing: SparseMatrix | null = null): PiecewiseInitialState {
  const nNuc = graph.slots.filter((s) => s.kind === 'I').length;
  if (pol.length !== 0 && pol.length !== nNuc) throw new RangeError(`nuclearPolarization: expected ${nNuc} values (one per nucleus) or none`);
  const probabilities = graph.slots.map((s) => {
    if (s.kind !== 'I') return Array(s.dim).fill(1 / s.dim) as number[];
    const pj = pol.length ? pol[s.site] : 0;
    if (!(pj >= -1 && pj <= 1)) throw new RangeError(`nuclearPolarization: P_${s.site + 1} = ${pj} outside [−1, 1]`);
    return [(1 + pj) / 2, (1 - pj) / 2];
  });
  const dims = graph.slots.map((s) => s.dim);
  return { product: dressing ? { dims, probabilities, states: sparseToData(sparseTranspose(dressing)) } : { dims, probabilities } };
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

function timesOf(p: Record<string, unknown>): number[] {
  const tEnd = num(p, 'tEnd'), pts = num(p, 'points');
  if (!(tEnd > 0)) throw new RangeError(`tEnd: expected a positive time, got ${tEnd}`);
  if (!Number.isInteger(pts) || pts < 2) throw new RangeError(`points: expected an integer ≥ 2, got ${pts}`);
  return Array.from({ length: pts }, (_, i) => (i * tEnd) / (pts - 1));
}

async function runDynamics(p: Record<string, unknown>, ctx: RunContext): Promise<ModelResult> {
  const graph = graphFromParams(p);
  const variant = str(p, 'variant') as 'alpha' | 'beta';
  const constants = { gammaE: num(p, 'gammaElectron'), gammaN: num(p, 'gammaNuclear') };
  const bondIndex = num(p, 'fieldBond') - 1;
  const bc = firstBondCoupling(graph, p, variant, bondIndex);
  const field = (optNum(p, 'field') ?? bc.resonanceField) + num(p, 'fieldOffset');
  const jEff = bc.halfGap;
  const gammaOp = optNum(p, 'gammaOp') ?? num(p, 'gammaOpScale') * lindbladCriticalRate(jEff);
  const H = dressedHamiltonian(graph, constants);
  const pumping = str(p, 'pumping') as PumpingForm;
  const relaxation = str(p, 'relaxation') as RelaxationForm;
  const omegaN = constants.gammaN * field;
  const cOps = collapseOperators(graph, { gammaOp, gammaE: num(p, 'gammaE'), gammaES: num(p, 'gammaES'), gammaN: num(p, 'gammaN'), pumping, relaxation, omegaN }).map((c) => c.op);
  const obs = polarizationObservables(graph, { basis: str(p, 'polarization') as 'lab' | 'dressed', omegaN });
  const nuclearBasis = str(p, 'nuclearBasis') as 'dressed' | 'lab';
  const pair = isPair(graph);
  // the pair's dressed ket comes from the exact bond eigenstates (pairInitialKet); chains use U
  const dressing = !pair && nuclearBasis === 'dressed' ? dressingUnitary(graph, omegaN) : null;
  const times = timesOf(p);
  const n = H.h0.rows;
  const pol = ((p.nuclearPolarization ?? []) as number[]).map(Number);
  const deltaB = num(p, 'deltaB');
  const notes: string[] = [
    `J_eff (full H, half min. gap) = ${jEff.toFixed(2)} Hz; matrix element ${bc.matrixElement.toFixed(2)} Hz; paper formula (Eq. ${pair ? 3 : 9}) ${Math.abs(jeffPaper(graph.bonds[0].Jd, graph.sites[graph.bonds[0].from], graph.sites[graph.bonds[0].to], bc.firstOrderField, pair ? PAIR_SPECTATORS : CHAIN_SPECTATORS)).toFixed(2)} Hz`,
    `B_m first order ${bc.firstOrderField.toFixed(9)} T, full-H resonance ${bc.resonanceField.toFixed(9)} T, field used ${field.toFixed(9)} T`,
    `Γ_op = ${gammaOp.toFixed(1)} s⁻¹, pumping operators: ${pumping}, electron relaxation: ${relaxation}`,
    `initial nuclear arrows: ${nuclearBasis}; P_j measured ${str(p, 'polarization') === 'dressed' ? 'along the dressed axes' : 'as lab 2⟨I^z⟩'}`,
  ];
  const scalars: Record<string, number> = { jEffHz: jEff, matrixElementHz: bc.matrixElement, firstOrderField: bc.firstOrderField, resonanceField: bc.resonanceField, field, gammaOp };
  const scalarErrors: Record<string, number> = {};
  const series: Series[] = [];
  const method = str(p, 'method');
  let stats: Record<string, unknown> = {};
  if (method === 'me' || method === 'both') {
    if (deltaB !== 0) throw new RangeError('deltaB: field modulation is implemented for method mc only');
    if (n > 1728) throw new RangeError(`method: 'me' is limited to dimension ≤ 1728 (got ${n}); use 'mc'`);
    let rho0: ComplexMatrix;
    if (pair) {
      const psi = pairInitialKet(bc, str(p, 'pairInitial') as 'forward' | 'reverse', nuclearBasis, n);
      rho0 = new ComplexMatrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rho0.re[i * n + j] = psi.re[i] * psi.re[j];
    } else {
      const init = productInitial(graph, pol) as { product: { dims: number[]; probabilities: number[][] } };
      rho0 = new ComplexMatrix(n, n);
      const { dims, probabilities } = init.product;
      const columns = dressing ? sparseTranspose(dressing) : null; // row g = U|g⟩ (U is real)
      for (let g = 0; g < n; g++) {
        let w = 1, r = g;
        for (let f = dims.length - 1; f >= 0; f--) { w *= probabilities[f][r % dims[f]]; r = Math.floor(r / dims[f]); }
        if (w === 0) continue;
        if (!columns) { rho0.re[g * n + g] = w; continue; }
        // ρ0 = Σ_g w_g U|g⟩⟨g|U†.
        for (let a = columns.rowPtr[g]; a < columns.rowPtr[g + 1]; a++) {
          for (let b = columns.rowPtr[g]; b < columns.rowPtr[g + 1]; b++) rho0.re[columns.colIndex[a] * n + columns.colIndex[b]] += w * columns.re[a] * columns.re[b];
        }
      }
    }
    // 'exact': eigen/expm of the reduced generator; Krylov would be forced to ~1/‖L‖ ≈ 10⁻¹¹ s steps by the GHz scales.
    const res = mesolve(H.at(field), cOps, rho0, { times, eOps: obs.map((o) => o.op), method: 'exact' });
    obs.forEach((o, k) => series.push({ name: o.name, x: times, y: Array.from(res.expect[k].re) }));
    stats = res.stats;
  }
  if (method === 'mc' || method === 'both') {
    const suffix = method === 'both' ? ' QJM' : '';
    let hamiltonians: SparseMatrix[] = [H.at(field)];
    let periodic: { t0: number; period: number; segments: number } | undefined;
    let schedule: ((t: number) => { piece: number; until: number }) | undefined;
    if (deltaB !== 0) {
      const gammaB = num(p, 'gammaB');
      const auto = optNum(p, 'segments') === null;
      const segments = auto ? modulationSegments(bc.halfGap, Math.abs(deltaB), gammaB, constants.gammaE) : num(p, 'segments');
      if (segments % 4 === 0 && (num(p, 'ntraj') === 1 || ctx.workers === 1)) {
        // One thread anyway: down-ramps reuse the up-ramps' pieces (half the matrices and propagators in memory).
        const pw = mirroredTriangularField(field, deltaB, gammaB, segments);
        hamiltonians = pw.fields.map((B) => H.at(B));
        schedule = pw.schedule;
      } else {
        const pw = piecewiseTriangularField(field, deltaB, gammaB, segments);
        hamiltonians = pw.fields.map((B) => H.at(B));
        // The same schedule as pw.schedule, as data so that worker threads can rebuild it.
        periodic = { t0: 0, period: 1 / gammaB, segments };
      }
      notes.push(`triangular modulation ±${deltaB} T at ${gammaB} Hz, ${segments} constant pieces per period${auto ? ' (chosen for a midpoint-rule error ≤ 2e-5 per piece)' : ''}`);
      scalars.segments = segments;
    }
    const initial: PiecewiseInitialState = pair
      ? { ket: (() => { const k = pairInitialKet(bc, str(p, 'pairInitial') as 'forward' | 'reverse', nuclearBasis, n); return { re: k.re, im: k.im }; })() }
      : productInitial(graph, pol, dressing);
    // Unpolarized spins start in spin-flipped pairs of trajectories (paired-sampling.ts).
    const res = await pairedJumpSolve(
      { hamiltonians, cOps, eOps: obs.map((o) => o.op), times, ...(periodic ? { periodic } : {}), ...(schedule ? { schedule } : {}) },
      { ntraj: num(p, 'ntraj'), seed: ctx.seed, initial, workers: ctx.workers, ...(ctx.progress ? { progress: ctx.progress } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) },
    );
    if (res.pairs > 0) notes.push(`initial states: ${res.pairs} pairs of trajectories, the second of each pair from the first's configuration with every unpolarized spin flipped, so the ensemble starts at the net polarization of ρ0 exactly; standard errors from the pair means`);
    obs.forEach((o, k) => series.push({ name: o.name + suffix, x: times, y: Array.from(res.mean[k]), yErr: Array.from(res.stdErr[k]) }));
    obs.forEach((o, k) => { scalarErrors[`${o.name}${suffix}_final`] = res.stdErr[k][times.length - 1]; });
    stats = method === 'both' ? { ...stats, trajectories: res.stats } : res.stats;
  }
  for (const sr of series) scalars[`${sr.name}_final`] = sr.y[times.length - 1];
  scalars.gammaEffChain = gammaEffective(num(p, 'gammaE'), 'chain');
  return { series, scalars, scalarErrors, xLabel: 't (ms)', yLabel: 'P', xDisplayScale: 1e3, notes, stats };
}

/** Mean transfer time τ = ∫ u(t) dt of the forward pair transfer (QME), u = (P2(∞) − P2(t))/(P2(∞) − P2(0)). */
export function meanTransferTime(p: Record<string, unknown>, gammaOp: number, bc: BondCoupling, horizon: number): number {
  const graph = bc.graph;
  const H = dressedHamiltonian(graph, { gammaE: num(p, 'gammaElectron'), gammaN: num(p, 'gammaNuclear') });
  const cOps = collapseOperators(graph, { gammaOp, gammaE: 0, pumping: str(p, 'pumping') as PumpingForm, omegaN: num(p, 'gammaNuclear') * bc.resonanceField }).map((c) => c.op);
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

async function runAnalysis(mode: string, p: Record<string, unknown>): Promise<ModelResult> {
  const variant = str(p, 'variant') as 'alpha' | 'beta';
  if (mode === 'coupling') {
    const graph = graphFromParams(p);
    const bc = firstBondCoupling(graph, p, variant);
    const b = graph.bonds[0];
    const pair = isPair(graph);
    const sp = pair ? PAIR_SPECTATORS : CHAIN_SPECTATORS;
    const c = { D: num(p, 'D'), gammaE: num(p, 'gammaElectron'), gammaN: num(p, 'gammaNuclear') };
    const paper = Math.abs(jeffPaper(b.Jd, graph.sites[b.from], graph.sites[b.to], bc.firstOrderField, sp, c));
    return {
      series: [],
      scalars: { jEffPaperHz: paper, jEffSqrt2Hz: Math.abs(jeffMatrixElement(b.Jd, graph.sites[b.from], graph.sites[b.to], bc.firstOrderField, sp, c)), matrixElementHz: bc.matrixElement, halfGapHz: bc.halfGap, firstOrderField: bc.firstOrderField, resonanceField: bc.resonanceField, shiftT: bc.resonanceField - bc.firstOrderField, shiftDeltaEffHz: deltaEff(bc.resonanceField, bc.firstOrderField, c) },
      notes: ['Eq. 3/9 as printed omit the √2 of S⁻|0⟩ = √2|−1⟩; matrixElementHz = √2 × jEffPaperHz'],
    };
  }
  if (mode === 'eq18') {
    const jEff = optNum(p, 'jEff') ?? firstBondCoupling(graphFromParams(p), p, variant).halfGap;
    // Γ_op is a rate (s⁻¹); Eq. 18's Γ (Hz) is the same pumping: Γ_op/(8π), so that its EP (Γ = J_eff) is the critical rate Γ_c = 8π·J_eff.
    const gOp = optNum(p, 'gammaOp') ?? num(p, 'gammaOpScale') * lindbladCriticalRate(jEff);
    const [l1, l2] = eq18Eigenvalues(num(p, 'deltaEff'), gOp / (8 * Math.PI), jEff);
    const ep = eq18ExceptionalPoint(jEff);
    return {
      series: [], scalars: { re1: l1.re, im1: l1.im, re2: l2.re, im2: l2.im, epGammaOp: lindbladCriticalRate(ep.parameter), epGap: ep.gap, jEff, gammaOp: gOp },
      scalarUnits: { re1: 'Hz', im1: 'Hz', re2: 'Hz', im2: 'Hz', epGammaOp: 's⁻¹', epGap: 'Hz', jEff: 'Hz', gammaOp: 's⁻¹' },
      notes: ['Eq. 18 in Hz with Γ = Γ_op/(8π) for the pumping rate Γ_op in s⁻¹ (the traceless part of the pumped pair\'s no-jump generator [[0, 2πJ_eff], [2πJ_eff, −iΓ_op/2]], divided by 2π); EP at δ_eff = 0, Γ_op = Γ_c = 8π·J_eff'],
    };
  }
  // critical-pumping: pair QME, golden-section on Γ_op for the fastest forward transfer.
  const q = { ...p, topology: 'pair' };
  const bc = firstBondCoupling(graphFromParams(q), q, variant);
  const J = 2 * Math.PI * bc.halfGap;
  const horizon = 40 / J * 4;
  const f = (g: number) => meanTransferTime(q, g, bc, horizon);
  const grid = [0.5, 1, 2, 3, 4, 6, 8, 12].map((x) => x * J);
  const taus = grid.map(f);
  let k = taus.indexOf(Math.min(...taus));
  let lo = grid[Math.max(0, k - 1)], hi = grid[Math.min(grid.length - 1, k + 1)];
  const phi = (Math.sqrt(5) - 1) / 2;
  let c = hi - phi * (hi - lo), d = lo + phi * (hi - lo), fc = f(c), fd = f(d);
  for (let it = 0; it < 25; it++) {
    if (fc < fd) { hi = d; d = c; fd = fc; c = hi - phi * (hi - lo); fc = f(c); }
    else { lo = c; c = d; fc = fd; d = lo + phi * (hi - lo); fd = f(d); }
  }
  const best = fc < fd ? c : d;
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
    const mode = str(p, 'mode');
    if (mode === 'dynamics') return runDynamics(p, context);
    return runAnalysis(mode, p);
  },
  memoryEstimate(params: Record<string, unknown>): number {
    const p = withDefaults(params);
    const topology = String(p.topology);
    const n = topology === 'pair' ? 24 : 12 ** Number(p.sites);
    // operators: ~ (terms) × n nonzeros; propagators: blocks ≤ 2^(2N−1) squared, cached per piece.
    return 64 * n * 30 + (p.method === 'me' ? 16 * n * n * 4 : 0);
  },
};
export { DEFAULT_HYPERFINE, SPEC_CONSTANTS };
