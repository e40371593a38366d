/**
 * Independent check of Eq. 9: the pair {|αβ⟩, |βα⟩} as a two-level system with the Lindblad
 * dephasing of Eq. 5 reduced to the pair, (Γ₂/2)·D[σ_z] (coherence decay Γ₂), driven by a
 * two-state (telegraph) electron polarization P(t) ∈ {P₀, P₁}, solved as a stochastic
 * Liouville equation (Kubo 1963; augmented-state master equation): one density matrix per
 * noise state k,
 *   dρ_k/dt = L_k ρ_k + Σ_j Q_kj ρ_j,   ρ = Σ_k ρ_k,
 * with L_k the Lindbladian of H_k = (ΔP_k/2)σ_z − (D₁₂/2)σ_x (Eqs. 1–2, lab frame) built by
 * `liouvillian` (src/quantum/superoperator.ts), and Q the generator of the noise (Q_kj = rate j→k).
 *
 * The generator is unital, so the traceless part (Bloch vectors r_k = (x, y, z)_k) is invariant:
 * the augmented problem is the real 6×6 matrix blockdiag(M_k) + Q ⊗ I₃, where
 * M_k[a][b] = ½ Tr(σ_a L_k(σ_b)). ⟨σ_z⟩(t) = Σ_k z_k(t), starting from |αβ⟩ (z = 1) with the noise
 * in its stationary distribution π. Its slowest decay rate is 2W (exact in D₁₂).
 *
 * Second order in D₁₂: the coherence ρ₀₁ of noise state k obeys (D₁₂ = 0)
 *   dc_k/dt = λ_k c_k + Σ_j Q_kj c_j,  λ_k = ⟨0|L_k(|0⟩⟨1|)|1⟩ = −iΔP_k − Γ₂,
 * and the flip-flop rate is W = (D₁₂²/2) Re[1ᵀ(−C)⁻¹π], C = diag(λ_k) + Q (docs/models/spin-diffusion.md).
 */
import { ComplexMatrix } from '../../linalg/dense.js';
import { toDense } from '../../linalg/operator.js';
import { eig } from '../../linalg/eigen-general.js';
import { inverse, solve } from '../../linalg/lu.js';
import { ComplexVector } from '../../linalg/vector.js';
import { liouvillian } from '../../quantum/superoperator.js';
import { check } from './flip-flop.js';
import { pairHamiltonian } from './pair-operators.js';

/** A two-state Markov process for P(t): values P_k and the rate of leaving state k (s⁻¹). */
export interface TelegraphProcess {
  name: 'symmetric' | 'asymmetric';
  values: [number, number];
  leaveRates: [number, number];
}

/**
 * (a) symmetric: P = P̄ ± √(1−P̄²), each state left at Γ_c/2 — mean P̄, correlation (1−P̄²)e^{−Γ_c|τ|},
 * and exactly the phase spectrum F(ω) of Eq. 4.
 */
export function symmetricTelegraph(pBar: number, gammaC: number): TelegraphProcess {
  check('pBar', pBar, (v) => v >= -1 && v <= 1, 'a number in [−1, 1]');
  check('gammaC', gammaC, (v) => v >= 0, 'a rate ≥ 0 (s⁻¹)');
  const b = Math.sqrt(1 - pBar * pBar);
  return { name: 'symmetric', values: [pBar + b, pBar - b], leaveRates: [gammaC / 2, gammaC / 2] };
}

/**
 * (b) asymmetric: P ∈ {+1, −1} (a spin-½ electron), rates +1→−1 Γ_c(1−P̄)/2 and −1→+1 Γ_c(1+P̄)/2 —
 * same mean and correlation as (a), different higher moments.
 */
export function asymmetricTelegraph(pBar: number, gammaC: number): TelegraphProcess {
  check('pBar', pBar, (v) => v >= -1 && v <= 1, 'a number in [−1, 1]');
  check('gammaC', gammaC, (v) => v >= 0, 'a rate ≥ 0 (s⁻¹)');
  return { name: 'asymmetric', values: [1, -1], leaveRates: [(gammaC * (1 - pBar)) / 2, (gammaC * (1 + pBar)) / 2] };
}

/** Stationary distribution π of the two-state process. */
export function stationary(proc: TelegraphProcess): [number, number] {
  const [r0, r1] = proc.leaveRates;
  if (r0 + r1 === 0) return [0.5, 0.5];
  return [r1 / (r0 + r1), r0 / (r0 + r1)];
}

/** Pauli matrices σ_x, σ_y, σ_z. */
const PAULI: ComplexMatrix[] = [
  ComplexMatrix.fromRows([[0, 1], [1, 0]]),
  ComplexMatrix.fromRows([[0, 0], [0, 0]], [[0, -1], [1, 0]]),
  ComplexMatrix.fromRows([[1, 0], [0, -1]]),
];

/** The 4×4 Lindbladian (column stacking) of one noise state: H = (ΔP/2)σ_z − (D₁₂/2)σ_x, C = √(Γ₂/2) σ_z. */
export function pairLiouvillian(delta: number, p: number, d12: number, gamma2: number): ComplexMatrix {
  check('gamma2', gamma2, (v) => v >= 0, 'a rate ≥ 0 (s⁻¹)');
  const c = ComplexMatrix.diagonal([Math.sqrt(gamma2 / 2), -Math.sqrt(gamma2 / 2)]);
  return toDense(liouvillian(pairHamiltonian(delta, p, d12), [c]));
}

/** Apply a column-stacked 4×4 superoperator to a 2×2 matrix. */
function applySuper(l: ComplexMatrix, rho: ComplexMatrix): ComplexMatrix {
  const out = new ComplexMatrix(2, 2);
  for (let row = 0; row < 4; row++) {
    let re = 0, im = 0;
    for (let col = 0; col < 4; col++) {
      const i = col % 2, j = (col - i) / 2; // vec index col = i + 2j
      const vr = rho.getRe(i, j), vi = rho.getIm(i, j);
      const lr = l.getRe(row, col), li = l.getIm(row, col);
      re += lr * vr - li * vi;
      im += lr * vi + li * vr;
    }
    const i = row % 2, j = (row - i) / 2;
    out.set(i, j, re, im);
  }
  return out;
}

/** Bloch generator M[a][b] = ½ Tr(σ_a L(σ_b)) (real 3×3, row-major) of a unital 2-level Lindbladian. */
export function blochGenerator(delta: number, p: number, d12: number, gamma2: number): Float64Array {
  const l = pairLiouvillian(delta, p, d12, gamma2);
  const m = new Float64Array(9);
  for (let b = 0; b < 3; b++) {
    const lb = applySuper(l, PAULI[b]);
    for (let a = 0; a < 3; a++) {
      // ½ Tr(σ_a · lb): real for Hermitian-preserving L.
      let tr = 0;
      for (let i = 0; i < 2; i++) for (let k = 0; k < 2; k++) tr += PAULI[a].getRe(i, k) * lb.getRe(k, i) - PAULI[a].getIm(i, k) * lb.getIm(k, i);
      m[a * 3 + b] = 0.5 * tr;
    }
  }
  return m;
}

export interface PairProblem {
  /** Δ (rad/s). */
  delta: number;
  /** D₁₂ (rad/s). */
  d12: number;
  /** Γ₂ (s⁻¹). */
  gamma2: number;
  process: TelegraphProcess;
}

/** The augmented 6×6 generator blockdiag(M_k) + Q ⊗ I₃ acting on (r₀, r₁). */
export function augmentedGenerator(pb: PairProblem): ComplexMatrix {
  const a = new ComplexMatrix(6, 6);
  const [r0, r1] = pb.process.leaveRates;
  const q = [[-r0, r1], [r0, -r1]]; // Q_kj = rate j→k
  for (let k = 0; k < 2; k++) {
    const m = blochGenerator(pb.delta, pb.process.values[k], pb.d12, pb.gamma2);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) a.addAt(3 * k + i, 3 * k + j, m[3 * i + j]);
    for (let j = 0; j < 2; j++) for (let i = 0; i < 3; i++) a.addAt(3 * k + i, 3 * j + i, q[k][j]);
  }
  return a;
}

/**
 * Exact (non-perturbative in D₁₂) flip-flop rate W: half the slowest decay rate of the augmented
 * generator (whose slowest mode is the population difference for 2W < Γ₂, Γ_c). Returns W (s⁻¹) and
 * the eigenvalue's imaginary part (zero for a real mode).
 */
export function sleExactRate(pb: PairProblem): { w: number; imag: number; spectrum: { re: number[]; im: number[] } } {
  const ev = eig(augmentedGenerator(pb), { vectors: false }).values;
  let best = 0;
  for (let i = 1; i < 6; i++) if (ev.re[i] > ev.re[best]) best = i;
  return { w: -ev.re[best] / 2, imag: ev.im[best], spectrum: { re: Array.from(ev.re), im: Array.from(ev.im) } };
}

/**
 * Second-order (D₁₂ → 0) rate per D₁₂² (s) from the resolvent of the augmented coherence:
 * W/D₁₂² = ½ Re[1ᵀ(−C)⁻¹π], C_kj = λ_k δ_kj + Q_kj, λ_k = ⟨0|L_k(|0⟩⟨1|)|1⟩ from the superoperator at D₁₂ = 0.
 */
export function slePerturbativePerD2(pb: Omit<PairProblem, 'd12'>): number {
  const [r0, r1] = pb.process.leaveRates;
  const q = [[-r0, r1], [r0, -r1]];
  const minusC = new ComplexMatrix(2, 2);
  for (let k = 0; k < 2; k++) {
    const l = pairLiouvillian(pb.delta, pb.process.values[k], 0, pb.gamma2);
    // |0⟩⟨1| is vec index 0 + 2·1 = 2; its image's (0,1) element is row 2.
    minusC.addAt(k, k, -l.getRe(2, 2), -l.getIm(2, 2));
    for (let j = 0; j < 2; j++) minusC.addAt(k, j, -q[k][j]);
  }
  const pi = stationary(pb.process);
  const x = solve(minusC, new ComplexVector(2, Float64Array.from(pi), new Float64Array(2)));
  return 0.5 * (x.re[0] + x.re[1]);
}

/** ⟨σ_z⟩(t) of the SLE from |αβ⟩ with the noise stationary (by the eigen-decomposition of the 6×6 generator). */
export function sleSigmaZ(pb: PairProblem, times: readonly number[]): Float64Array {
  const a = augmentedGenerator(pb);
  const { values, vectors } = eig(a);
  const v = vectors as ComplexMatrix;
  const vinv = inverse(v);
  const pi = stationary(pb.process);
  const r0 = [0, 0, pi[0], 0, 0, pi[1]];
  const c = new Float64Array(12);
  for (let j = 0; j < 6; j++) {
    let re = 0, im = 0;
    for (let i = 0; i < 6; i++) { re += vinv.getRe(j, i) * r0[i]; im += vinv.getIm(j, i) * r0[i]; }
    c[2 * j] = re; c[2 * j + 1] = im;
  }
  return Float64Array.from(times, (t) => {
    let z = 0;
    for (let j = 0; j < 6; j++) {
      const e = Math.exp(values.re[j] * t), cr = e * Math.cos(values.im[j] * t), ci = e * Math.sin(values.im[j] * t);
      const ar = c[2 * j] * cr - c[2 * j + 1] * ci, ai = c[2 * j] * ci + c[2 * j + 1] * cr;
      for (const row of [2, 5]) z += v.getRe(row, j) * ar - v.getIm(row, j) * ai;
    }
    return z;
  });
}
