/**
 * Time evolution of cascaded chiral-phonon chains: Lindblad (`mesolve`, exact
 * propagation on the reachable sectors) or quantum-jump trajectories
 * (`mcsolve`). The problem is set up in the subspace of at most Q₀ quanta
 * (Q₀ = initial excitations), which is invariant and therefore exact, and the
 * excitation number is declared to the solvers as a conserved quantum number.
 */
import { ComplexVector } from '../../linalg/vector.js';
import { ComplexMatrix, matvecInto } from '../../linalg/dense.js';
import { expm } from '../../linalg/expm.js';
import { sectorNonHermitianHamiltonian } from './spectrum.js';
import { mesolve } from '../../solvers/mesolve.js';
import { combineMcsolveChunks, planMcsolve, runMcsolveChunks, type McsolveFullResult, type McsolvePlan } from '../../solvers/mcsolve/index.js';
import { cascadedChain, type CascadedChainConfig, type CascadedChain } from './cascaded.js';
import { productStateIndex } from './excitation-basis.js';
import { checkTimes } from '../../util/checks.js';
import { availableThreads } from '../../util/parallel.js';

export interface ChainDynamicsOptions {
  /** 'me' (default): master equation; 'mc': quantum-jump trajectories. */
  method?: 'me' | 'mc';
  ntraj?: number;
  seed?: number;
  workers?: number;
}

export interface ChainDynamicsResult {
  times: Float64Array;
  /** ⟨S_j^z⟩ + s_j (quanta on site j; for spin ½ the probability of ↑), one array per site. */
  excitation: Float64Array[];
  /** Standard errors (trajectories only). */
  excitationErr: Float64Array[] | null;
  /** Hilbert-space dimension actually used (after the excitation cut). */
  dimension: number;
  chain: CascadedChain;
  stats: Record<string, unknown>;
}

/** The quantum-jump problem of a chain (see chainDynamics): its mcsolve plan, split into trajectory chunks. */
export interface ChainTrajectories {
  plan: McsolvePlan;
  chain: CascadedChain;
  /** s_j of each site (⟨S_j^z⟩ + s_j is the excitation). */
  shift: number[];
}

/** Set up `chainDynamics(…, {method: 'mc'})` without running it (for work items, `ModelDefinition.items`). */
export function planChainTrajectories(config: CascadedChainConfig, quanta: readonly number[], times: ArrayLike<number>, options: Pick<ChainDynamicsOptions, 'ntraj' | 'seed'> = {}): ChainTrajectories {
  const { chain, psi0 } = chainProblem(config, quanta);
  const plan = planMcsolve(chain.h, chain.cOps, psi0, { times, eOps: chain.sz, quantumNumbers: chain.excitations, ntraj: options.ntraj ?? 200, seed: options.seed ?? 1 });
  return { plan, chain, shift: config.spins.map((s) => s) };
}

/** The chain's excitations from the combined trajectory averages. */
export function chainTrajectoryResult(t: ChainTrajectories, r: McsolveFullResult): ChainDynamicsResult {
  return {
    times: r.times, excitation: r.expect.map((e, j) => e.re.map((v) => v + t.shift[j])), excitationErr: r.stdErr.map((e) => e.re),
    dimension: t.chain.basis.states.length, chain: t.chain, stats: { ...r.stats, ntraj: r.ntraj },
  };
}

/** The chain in the subspace of at most Q₀ quanta and its initial product ket. */
function chainProblem(config: CascadedChainConfig, quanta: readonly number[]): { chain: CascadedChain; psi0: ComplexVector } {
  if (quanta.length !== config.spins.length) throw new RangeError(`initial quanta: ${quanta.length} values for ${config.spins.length} spins`);
  const q0 = quanta.reduce((a, b) => a + b, 0);
  const chain = cascadedChain({ ...config, maxExcitations: config.maxExcitations ?? q0 });
  return { chain, psi0: ComplexVector.basis(chain.basis.states.length, productStateIndex(chain.basis, quanta)) };
}

/**
 * Evolve a chain from the product state with `quanta[j]` quanta on site j
 * (spin ½: 1 = ↑, 0 = ↓) and return the site excitations at `times` (s).
 */
export async function chainDynamics(
  config: CascadedChainConfig, quanta: readonly number[], times: ArrayLike<number>, options: ChainDynamicsOptions = {},
): Promise<ChainDynamicsResult> {
  const method = options.method ?? 'me';
  if (method === 'me') {
    const { chain, psi0 } = chainProblem(config, quanta);
    const n = chain.basis.states.length;
    const shift = config.spins.map((s) => s);
    const r = mesolve(chain.h, chain.cOps, psi0, { times, eOps: chain.sz, quantumNumbers: chain.excitations });
    return {
      times: r.times, excitation: r.expect.map((e, j) => e.re.map((v) => v + shift[j])), excitationErr: null,
      dimension: n, chain, stats: { ...r.stats },
    };
  }
  if (method !== 'mc') throw new RangeError(`method: expected 'me' or 'mc', got '${String(method)}'`);
  // mcsolve as plan → every chunk → combination in chunk order (the steps of a sharded run).
  const start = performance.now();
  const t = planChainTrajectories(config, quanta, times, options);
  const { outputs, stats } = await runMcsolveChunks(t.plan, t.plan.chunks.map((c) => c.index), options.workers ?? availableThreads());
  return chainTrajectoryResult(t, combineMcsolveChunks(t.plan, outputs, stats, performance.now() - start));
}

/**
 * One quantum, no dephasing: every jump lands in the zero-quantum state, so
 * the site populations are |c_j(t)|² of the jump-free amplitudes
 * c(t) = exp(−i H_NH,1 t) c(0) in the one-quantum block (N × N; see
 * closed-form.ts). Exact, and O(N³) once plus O(N²) per output time on a
 * uniform grid (one Padé exponential, Higham 2005, then repeated products).
 */
export function oneQuantumDynamics(config: CascadedChainConfig, site: number, times: ArrayLike<number>): { times: Float64Array; excitation: Float64Array[]; wallTimeMs: number } {
  const start = performance.now();
  if ((config.dephasing ?? 0) > 0) throw new RangeError('dephasing: the one-quantum amplitude path needs dephasing = 0 (use chainDynamics)');
  if (config.spins.some((s) => s !== 0.5)) throw new RangeError('spins: the one-quantum amplitude path is for spins ½');
  const n = config.spins.length;
  if (!Number.isInteger(site) || site < 0 || site >= n) throw new RangeError(`site: ${site} outside 0..${n - 1}`);
  const r = oneQuantumPropagation(sectorNonHermitianHamiltonian(config, 1), site, times);
  return { ...r, wallTimeMs: performance.now() - start };
}

/**
 * The propagation step of `oneQuantumDynamics` on a prebuilt one-quantum block
 * `h` of H_NH (N × N, row k = quantum on site k; `sectorNonHermitianHamiltonian(config, 1)`):
 * c(t) = exp(−i h t) c(0) with c(0) = |site⟩, site populations |c_k(t)|² at `times`.
 */
export function oneQuantumPropagation(h: ComplexMatrix, site: number, times: ArrayLike<number>): { times: Float64Array; excitation: Float64Array[] } {
  const n = h.rows;
  if (h.cols !== n) throw new RangeError(`h: expected a square one-quantum block, got ${h.rows}×${h.cols}`);
  if (!Number.isInteger(site) || site < 0 || site >= n) throw new RangeError(`site: ${site} outside 0..${n - 1}`);
  const t = checkTimes(times);
  // Row k of the one-quantum sector is the state with the quantum on site k:
  // its composite index (2^N − 1) − 2^(N−1−k) increases with k.
  const siteOfRow = Array.from({ length: n }, (_, k) => k);
  const step = (dt: number): ComplexMatrix => expm(new ComplexMatrix(n, n, h.im.map((b) => b * dt), h.re.map((a) => -a * dt)));
  const excitation = Array.from({ length: n }, () => new Float64Array(t.length));
  let cr = new Float64Array(n), ci = new Float64Array(n);
  cr[siteOfRow.indexOf(site)] = 1;
  let nr = new Float64Array(n), ni = new Float64Array(n);
  let cached: { dt: number; u: ComplexMatrix } | null = null;
  for (let i = 0; i < t.length; i++) {
    if (i > 0) {
      const dt = t[i] - t[i - 1];
      if (!cached || Math.abs(cached.dt - dt) > 1e-12 * dt) cached = { dt, u: step(dt) };
      matvecInto(cached.u, cr, ci, nr, ni);
      [cr, nr] = [nr, cr];
      [ci, ni] = [ni, ci];
    } else if (t[0] !== 0) {
      cached = { dt: t[0], u: step(t[0]) };
      matvecInto(cached.u, cr, ci, nr, ni);
      [cr, nr] = [nr, cr];
      [ci, ni] = [ni, ci];
    }
    for (let k = 0; k < n; k++) excitation[siteOfRow[k]][i] = cr[k] * cr[k] + ci[k] * ci[k];
  }
  return { times: t, excitation };
}
