/**
 * Cascaded (one-way) spin–spin coupling through a chiral phonon channel —
 * Xu et al., "Non-Hermitian spin-spin interaction mediated by chiral phonons"
 * (seed 004), Eqs. 5–8, generalized to N spins at positions x_j.
 *
 * A channel is one propagating phonon mode: (+k_z, +L) carries angular
 * momentum left → right with strength γ, (−k_z, +L) right → left with γ'.
 * For a channel with rate 2γ_c whose spins are ordered upstream → downstream
 * o_1, o_2, …, and local jump operators c_j = e^{−iθ_j} S_j^-, the cascaded
 * master equation (Gardiner, PRL 70, 2269 (1993); Carmichael, PRL 70, 2273
 * (1993); for N systems Stannigel, Rabl & Zoller, NJP 14, 063014 (2012), Eq. 4) is
 *
 *   dρ/dt = −i[H_c, ρ] + 2γ_c D[z_c]ρ,   z_c = Σ_j c_j,
 *   H_c = iγ_c Σ_{a<b} (c_{o_a}† c_{o_b} − c_{o_b}† c_{o_a}),
 *
 * which for two spins and θ_A = 0, θ_B = k_z d is exactly the paper's Eqs. 5–6,
 * and H_c − iγ_c z_c†z_c is Eq. 8: −iγ(S_A^+S_A^- + S_B^+S_B^- + 2e^{ik_z d} S_A^- S_B^+).
 *
 * Phases: the forward channel uses θ_j = k_z x_j (x in units of d). For the
 * reverse channel the paper states the term −2iγ' e^{−ik_z d} S_A^+S_B^-
 * ('paper' convention, θ_j = +k_z x_j); with it z' ∝ z, so every propagation
 * phase is a gauge (a rotation about z of each spin) and populations do not
 * depend on k_z d. The 'propagation' convention θ_j = −k_z x_j (the phase a
 * left-moving wave accumulates, as in chiral waveguide QED, Lodahl et al.,
 * Nature 541, 473 (2017)) gives +2iγ'… e^{+ik_z d}; then k_z d matters as soon
 * as γ' > 0 (at γ = γ' it is the bidirectional waveguide: coherent exchange
 * ∝ sin k_z d, collective decay ∝ cos k_z d).
 *
 * Units: γ, γ', detunings in rad/s (ħ = 1); rates of the extra local channels in s⁻¹.
 */
import { SparseMatrix, sparseLinearCombination, sparseScale } from '../../linalg/sparse.js';
import { spinDimension } from '../../quantum/spin.js';
import { effectiveHamiltonian } from '../../solvers/sector-liouvillian.js';
import { excitationBasis, spinOperatorInBasis, type ExcitationBasis, type SpinTerm } from './excitation-basis.js';

export type ReversePhaseConvention = 'paper' | 'propagation';

export interface CascadedChainConfig {
  /** Spin quantum number of each site (½, 1, 5/2, …); at least two sites. */
  spins: readonly number[];
  /** Positions x_j in units of the spacing d (default 0, 1, 2, …); must be distinct. */
  positions?: readonly number[];
  /** Forward (+k_z, +L) coupling γ, rad/s (≥ 0). */
  gamma: number;
  /** Reverse (−k_z, +L) coupling γ', rad/s (≥ 0; default 0). */
  gammaReverse?: number;
  /** Propagation phase k_z d per unit spacing, rad (default 0). */
  phase?: number;
  /** Phase convention of the reverse channel (default 'paper'). */
  reversePhase?: ReversePhaseConvention;
  /** Extra local decay γ₀ of every spin (collapse √γ₀ S_j^-), s⁻¹ (default 0). */
  localDecay?: number;
  /** Extra pure dephasing Γ_φ of every spin (collapse √(2Γ_φ) S_j^z; spin-½ coherence decays at Γ_φ), s⁻¹. */
  dephasing?: number;
  /** Local spin detunings δ_j (H += Σ δ_j S_j^z), rad/s (default 0). */
  detunings?: readonly number[];
  /**
   * Keep only states with at most this many quanta (default: all). Exact for
   * initial states with at most this many quanta (see excitation-basis.ts).
   */
  maxExcitations?: number;
}

export interface CascadedChain {
  /** The (possibly excitation-truncated) product basis the operators act on. */
  basis: ExcitationBasis;
  /** Hermitian part H = Σ_c H_c + Σ δ_j S_j^z (rad/s). */
  h: SparseMatrix;
  /** Collapse operators (s^-1/2): √(2γ) z, then √(2γ') z' when γ' > 0, then local channels. */
  cOps: SparseMatrix[];
  /** Local dimensions 2s_j + 1. */
  dims: number[];
  /** Excitation number Σ_j (m_j + s_j) of every basis state (conserved by H and by H_NH). */
  excitations: Int32Array;
  /** S_j^z of every site in the basis (for expectation values). */
  sz: SparseMatrix[];
  /** The collective jump operators of the forward and (if γ' > 0) reverse channels, without rates. */
  z: SparseMatrix;
  zReverse: SparseMatrix | null;
}

function checkConfig(c: CascadedChainConfig): { x: number[]; gammaR: number; phase: number } {
  if (!Array.isArray(c.spins) && !(c.spins && typeof c.spins.length === 'number')) throw new RangeError('spins: expected an array of spin quantum numbers');
  if (c.spins.length < 2) throw new RangeError(`spins: a cascaded chain needs at least two spins, got ${c.spins.length}`);
  c.spins.forEach((s) => {
    spinDimension(s);
    if (s === 0) throw new RangeError('spins: s = 0 cannot exchange angular momentum');
  });
  const x = c.positions ? Array.from(c.positions) : c.spins.map((_, j) => j);
  if (x.length !== c.spins.length) throw new RangeError(`positions: ${x.length} positions for ${c.spins.length} spins`);
  if (x.some((v) => !Number.isFinite(v))) throw new RangeError('positions: not finite');
  if (new Set(x).size !== x.length) throw new RangeError('positions: two spins at the same position');
  if (!(c.gamma >= 0) || !Number.isFinite(c.gamma)) throw new RangeError(`gamma: must be finite and ≥ 0, got ${c.gamma}`);
  const gammaR = c.gammaReverse ?? 0;
  if (!(gammaR >= 0) || !Number.isFinite(gammaR)) throw new RangeError(`gammaReverse: must be finite and ≥ 0, got ${gammaR}`);
  const phase = c.phase ?? 0;
  if (!Number.isFinite(phase)) throw new RangeError('phase: not finite');
  for (const [name, v] of [['localDecay', c.localDecay ?? 0], ['dephasing', c.dephasing ?? 0]] as const) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${name}: must be finite and ≥ 0, got ${v}`);
  }
  if (c.detunings && c.detunings.length !== c.spins.length) throw new RangeError(`detunings: ${c.detunings.length} values for ${c.spins.length} spins`);
  return { x, gammaR, phase };
}

/**
 * One cascaded channel: H_c and z_c for rate 2γ_c, spins ordered upstream →
 * downstream by `order`, local phases θ_j (Stannigel et al. 2012, Eq. 4).
 */
function channel(basis: ExcitationBasis, order: number[], theta: number[], gamma: number): { h: SparseMatrix; z: SparseMatrix } {
  const z = spinOperatorInBasis(basis, order.map((j) => ({ re: Math.cos(theta[j]), im: -Math.sin(theta[j]), factors: [{ site: j, kind: '-' as const }] })));
  const hTerms: SpinTerm[] = [];
  for (let a = 0; a < order.length; a++) {
    for (let b = a + 1; b < order.length; b++) {
      const i = order[a], j = order[b];
      // c_i† c_j = e^{i(θ_i − θ_j)} S_i^+ S_j^-; H_c ∋ iγ c_i†c_j + h.c.
      const ph = theta[i] - theta[j];
      const wr = -gamma * Math.sin(ph), wi = gamma * Math.cos(ph); // iγ e^{iph}
      hTerms.push({ re: wr, im: wi, factors: [{ site: i, kind: '+' }, { site: j, kind: '-' }] });
      hTerms.push({ re: wr, im: -wi, factors: [{ site: i, kind: '-' }, { site: j, kind: '+' }] });
    }
  }
  return { h: spinOperatorInBasis(basis, hTerms), z };
}

/**
 * Build the cascaded master equation of a chain of spins coupled through the
 * forward (+k_z, +L) and reverse (−k_z, +L) chiral phonon channels (Eqs. 5–6 and
 * the γ' term of the seed paper; N-spin form of Stannigel et al. 2012).
 * Every spin on the left drives every spin on its right with phase
 * e^{ik_z(x_j − x_i)} (forward channel), and vice versa with γ'.
 */
export function cascadedChain(config: CascadedChainConfig): CascadedChain {
  const { x, gammaR, phase } = checkConfig(config);
  const spins = config.spins;
  const basis = excitationBasis(spins, config.maxExcitations);
  const idx = spins.map((_, j) => j);
  const forwardOrder = idx.slice().sort((a, b) => x[a] - x[b]);
  const reverseOrder = forwardOrder.slice().reverse();
  const thetaF = x.map((v) => phase * v);
  const thetaR = x.map((v) => ((config.reversePhase ?? 'paper') === 'paper' ? phase * v : -phase * v));
  const fwd = channel(basis, forwardOrder, thetaF, config.gamma);
  const hTerms = [{ matrix: fwd.h, re: 1, im: 0 }];
  const cOps: SparseMatrix[] = [sparseScale(fwd.z, Math.sqrt(2 * config.gamma))];
  let zReverse: SparseMatrix | null = null;
  if (gammaR > 0) {
    const rev = channel(basis, reverseOrder, thetaR, gammaR);
    hTerms.push({ matrix: rev.h, re: 1, im: 0 });
    cOps.push(sparseScale(rev.z, Math.sqrt(2 * gammaR)));
    zReverse = rev.z;
  }
  const sz = idx.map((j) => spinOperatorInBasis(basis, [{ re: 1, factors: [{ site: j, kind: 'z' }] }]));
  if (config.detunings) {
    config.detunings.forEach((d, j) => {
      if (!Number.isFinite(d)) throw new RangeError(`detunings[${j}]: not finite`);
      if (d !== 0) hTerms.push({ matrix: sz[j], re: d, im: 0 });
    });
  }
  const g0 = config.localDecay ?? 0, gphi = config.dephasing ?? 0;
  if (g0 > 0) idx.forEach((j) => cOps.push(spinOperatorInBasis(basis, [{ re: Math.sqrt(g0), factors: [{ site: j, kind: '-' }] }])));
  if (gphi > 0) idx.forEach((j) => cOps.push(sparseScale(sz[j], Math.sqrt(2 * gphi))));
  return { basis, h: sparseLinearCombination(hTerms), cOps, dims: basis.dims, excitations: basis.excitations, sz, z: fwd.z, zReverse };
}

/**
 * The paper's Eq. 6 for two spins ½-or-higher at distance d:
 * H_AB = iγ(e^{−ik_z d} S_A^+S_B^- − e^{ik_z d} S_A^-S_B^+) (rad/s).
 */
export function cascadedPairHamiltonian(sA: number, sB: number, gamma: number, phase: number): SparseMatrix {
  const basis = excitationBasis([sA, sB]);
  // iγ e^{−iφ} = γ sin φ + iγ cos φ;  −iγ e^{iφ} = γ sin φ − iγ cos φ
  return spinOperatorInBasis(basis, [
    { re: gamma * Math.sin(phase), im: gamma * Math.cos(phase), factors: [{ site: 0, kind: '+' }, { site: 1, kind: '-' }] },
    { re: gamma * Math.sin(phase), im: -gamma * Math.cos(phase), factors: [{ site: 0, kind: '-' }, { site: 1, kind: '+' }] },
  ]);
}

/**
 * Non-Hermitian Hamiltonian H_NH = H − (i/2) Σ_k C_k†C_k of a chain (the paper's
 * Eq. 8 for two spins and one channel), rad/s. Its jump-free evolution
 * e^{−iH_NH t} is the "semi-classical" dynamics of Eq. 7 without quantum jumps.
 */
export function nonHermitianHamiltonian(chain: CascadedChain): SparseMatrix {
  return effectiveHamiltonian(chain.h, chain.cOps);
}

/** Basis indices with exactly `k` excitations (ascending). */
export function excitationSector(chain: { excitations: Int32Array }, k: number): number[] {
  const out: number[] = [];
  chain.excitations.forEach((q, i) => { if (q === k) out.push(i); });
  if (out.length === 0) throw new RangeError(`excitationSector: no basis state has ${k} excitations`);
  return out;
}
