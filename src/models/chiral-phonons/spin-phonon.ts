/**
 * The spin–phonon Hamiltonian of the seed paper (Eq. 3), in the rotating
 * frame of the (+k_z, +L) chiral phonon mode:
 *
 *   H = Δ Σ_j S_j^z + g Σ_j (S_j^- a† + S_j^+ a)      (rad/s),
 *
 * for any number of spins of any s (½, electron spin 1, ²⁷Al nuclear spin
 * 5/2), with the phonon truncated to `phononLevels` Fock states (QuTiP's
 * `destroy(N)` convention) and an optional phonon damping κ (collapse √κ a).
 * Tensor order: spins first (in the order given), phonon last.
 */
import { SparseMatrix, sparseLinearCombination, sparseScale } from '../../linalg/sparse.js';
import { embed, embedMany } from '../../quantum/tensor.js';
import { spinDimension, spinMinus, spinPlus, spinZ } from '../../quantum/spin.js';
import { destroy, create, number } from '../../quantum/boson.js';

export interface SpinPhononConfig {
  spins: readonly number[];
  /** Spin–phonon coupling g (rad/s), equal for all spins unless `couplings` is given. */
  g: number;
  /** Per-spin couplings g_j (rad/s); overrides g. */
  couplings?: readonly number[];
  /** Spin–phonon detuning Δ (rad/s). */
  detuning: number;
  /** Fock levels kept for the phonon (≥ 2). */
  phononLevels: number;
  /** Phonon energy damping rate κ (s⁻¹, default 0). */
  phononDamping?: number;
}

export interface SpinPhononModel {
  h: SparseMatrix;
  cOps: SparseMatrix[];
  dims: number[];
  /** S_j^z of each spin and a†a, embedded in the full space. */
  sz: SparseMatrix[];
  phononNumber: SparseMatrix;
}

/** Build Eq. 3 (plus optional phonon damping) in the full spin ⊗ phonon space. */
export function spinPhononModel(config: SpinPhononConfig): SpinPhononModel {
  const { spins } = config;
  if (spins.length < 1) throw new RangeError('spins: at least one spin is required');
  if (!Number.isInteger(config.phononLevels) || config.phononLevels < 2) throw new RangeError(`phononLevels: expected an integer ≥ 2, got ${config.phononLevels}`);
  if (!Number.isFinite(config.detuning)) throw new RangeError('detuning: not finite');
  const g = config.couplings ? Array.from(config.couplings) : spins.map(() => config.g);
  if (g.length !== spins.length || g.some((v) => !Number.isFinite(v))) throw new RangeError('couplings: one finite value per spin is required');
  const kappa = config.phononDamping ?? 0;
  if (!(kappa >= 0) || !Number.isFinite(kappa)) throw new RangeError(`phononDamping: must be finite and ≥ 0, got ${kappa}`);
  const dims = [...spins.map(spinDimension), config.phononLevels];
  const p = spins.length;
  const a = destroy(config.phononLevels), ad = create(config.phononLevels);
  const sz = spins.map((s, j) => embed(spinZ(s), j, dims));
  const terms: { matrix: SparseMatrix; re: number }[] = [];
  spins.forEach((s, j) => {
    terms.push({ matrix: sz[j], re: config.detuning });
    terms.push({ matrix: embedMany([{ op: spinMinus(s), site: j }, { op: ad, site: p }], dims), re: g[j] });
    terms.push({ matrix: embedMany([{ op: spinPlus(s), site: j }, { op: a, site: p }], dims), re: g[j] });
  });
  const cOps = kappa > 0 ? [sparseScale(embed(a, p, dims), Math.sqrt(kappa))] : [];
  return { h: sparseLinearCombination(terms), cOps, dims, sz, phononNumber: embed(number(config.phononLevels), p, dims) };
}
