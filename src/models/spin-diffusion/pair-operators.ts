/**
 * Seed 002 (Chessari, Cousin, Jannin & Stern, PRB 107, 224429 (2023)): the
 * flip-flop pair's operators as 2×2 matrices on the basis {|αβ⟩, |βα⟩}
 * (index 0 = |αβ⟩, index 1 = |βα⟩), in rad/s — Eqs. 1 and 2, and their sum,
 * the Hamiltonian of one noise state of the stochastic Liouville equation
 * (./sle.ts). The flip-flop rates (Eqs. 3–9, closed forms and convolutions)
 * are in ./flip-flop.ts.
 */
import { ComplexMatrix } from '../../linalg/dense.js';
import { check } from './flip-flop.js';

/** σ_z (Pauli, eigenvalues ±1) on the pair {|αβ⟩, |βα⟩}. */
export function pairSigmaZ(): ComplexMatrix {
  return ComplexMatrix.diagonal([1, -1]);
}

/** Eq. 1: H_D = −(D₁₂/2)(σ₊ + σ₋) on the pair (rad/s); its off-diagonal element is exactly −D₁₂/2. */
export function dipolarPairHamiltonian(d12: number): ComplexMatrix {
  check('d12', d12, () => true, 'a finite number (rad/s)');
  return ComplexMatrix.fromRows([[0, -d12 / 2], [-d12 / 2, 0]]);
}

/** Eq. 2: H_HF = (Δ/2)·P·σ_z for an instantaneous electron polarization P = P̄ + P′(t) (rad/s). */
export function hyperfinePairHamiltonian(delta: number, p: number): ComplexMatrix {
  check('delta', delta, () => true, 'a finite number (rad/s)');
  check('p', p, () => true, 'a finite number');
  return ComplexMatrix.diagonal([(delta * p) / 2, -(delta * p) / 2]);
}

/** Eqs. 1 + 2 in the lab frame: H = (Δ P/2) σ_z − (D₁₂/2) σ_x (the Hamiltonian of one noise state of the SLE). */
export function pairHamiltonian(delta: number, p: number, d12: number): ComplexMatrix {
  const h = hyperfinePairHamiltonian(delta, p);
  h.set(0, 1, -d12 / 2);
  h.set(1, 0, -d12 / 2);
  return h;
}
