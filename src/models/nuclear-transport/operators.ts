/**
 * Hilbert-space operators of the effective model on 2^N states (basis and
 * site order as in configurations.ts): Hamiltonian (rad/s), collapse
 * operators, and the transport observables — site polarizations P_j = 2I_j^z,
 * voltages V_{i,j} = |↑_i↓_j⟩⟨↑_i↓_j| and bond currents K (Eqs. 13–17).
 *
 * Bond currents (Heisenberg picture, Eq. 16 generalized): the current carried
 * by bond b from `from` to `to` is K_b = −L_b†(I^z_from), with L_b† the adjoint
 * generator of that bond alone. Worked out:
 * - one-way bond, C = √Γ I_i⁻I_j⁺: K = Γ |↑_i↓_j⟩⟨↑_i↓_j| (Eq. 17);
 * - coherent bond, H_ab = 2πJ(I_a⁺I_b⁻ + h.c.): K = −i[H_ab, I_a^z]
 *   = 2πJ · i(I_a⁺I_b⁻ − I_a⁻I_b⁺).
 * Then dI_j^z/dt = Σ_{b into j} K_b − Σ_{b out of j} K_b − Γ₁ I_j^z (Eq. 13 plus relaxation);
 * the test suite checks this identity against `liouvillianAdjoint`.
 */
import { SparseMatrix, sparseLinearCombination, sparseMatmul } from '../../linalg/sparse.js';
import { embed } from '../../quantum/tensor.js';
import { spinMinus, spinPlus } from '../../quantum/spin.js';
import { siteMask } from './configurations.js';
import type { NuclearGraph } from './graph.js';

/** Largest N for density-matrix (Lindblad) solves: ρ is stored densely (4^N complex entries). */
export const MAX_LINDBLAD_SITES = 11;

function dims(n: number): number[] {
  return new Array(n).fill(2);
}

function checkSize(g: NuclearGraph): void {
  if (g.sites > MAX_LINDBLAD_SITES) throw new RangeError(`sites: ${g.sites} exceeds ${MAX_LINDBLAD_SITES} for the density-matrix solver`);
}

/** Diagonal operator with entries f(x) over the 2^N configurations. */
export function diagonalOperator(sites: number, f: (x: number) => number): SparseMatrix {
  const size = 2 ** sites;
  const rows: number[] = [], vals: number[] = [];
  for (let x = 0; x < size; x++) {
    const v = f(x);
    if (v !== 0) { rows.push(x); vals.push(v); }
  }
  return SparseMatrix.fromTriplets(size, size, rows, rows, vals);
}

/** I_j^z (diagonal, ±½). */
export function siteIz(sites: number, j: number): SparseMatrix {
  const m = siteMask(sites, j);
  return diagonalOperator(sites, (x) => ((x & m) === 0 ? 0.5 : -0.5));
}

/** V_{i,j} = |↑_i ↓_j⟩⟨↑_i ↓_j| (the "voltage" of Eq. 17 and Fig. 7c). */
export function voltageOperator(sites: number, i: number, j: number): SparseMatrix {
  const mi = siteMask(sites, i), mj = siteMask(sites, j);
  return diagonalOperator(sites, (x) => ((x & mi) === 0 && (x & mj) !== 0 ? 1 : 0));
}

/** I_a⁺ I_b⁻ on the N-site space. */
function flipFlop(sites: number, a: number, b: number): SparseMatrix {
  const d = dims(sites);
  return sparseMatmul(embed(spinPlus(0.5), a, d), embed(spinMinus(0.5), b, d));
}

/** H = Σ_coherent 2πJ(I_a⁺I_b⁻ + h.c.) + Σ_j 2πδ_j I_j^z, rad/s. */
export function hamiltonian(g: NuclearGraph): SparseMatrix {
  checkSize(g);
  const terms: { matrix: SparseMatrix; re: number }[] = [];
  for (const b of g.coherent) {
    if (b.coupling === 0) continue;
    terms.push({ matrix: flipFlop(g.sites, b.a, b.b), re: 2 * Math.PI * b.coupling });
    terms.push({ matrix: flipFlop(g.sites, b.b, b.a), re: 2 * Math.PI * b.coupling });
  }
  g.detunings.forEach((dlt, j) => { if (dlt !== 0) terms.push({ matrix: siteIz(g.sites, j), re: 2 * Math.PI * dlt }); });
  const size = 2 ** g.sites;
  return terms.length ? sparseLinearCombination(terms) : SparseMatrix.zeros(size, size);
}

/** Collapse operators: √Γ I_from⁻ I_to⁺ per one-way bond (Eqs. 8, 11), then √(Γ₁/2) I_j^± per site if Γ₁ > 0. */
export function collapseOperators(g: NuclearGraph): SparseMatrix[] {
  checkSize(g);
  const d = dims(g.sites);
  const ops: SparseMatrix[] = [];
  for (const b of g.directed) {
    if (b.rate === 0) continue;
    ops.push(sparseLinearCombination([{ matrix: flipFlop(g.sites, b.to, b.from), re: Math.sqrt(b.rate) }]));
  }
  if (g.relaxation > 0) {
    const s = Math.sqrt(g.relaxation / 2);
    for (let j = 0; j < g.sites; j++) {
      ops.push(sparseLinearCombination([{ matrix: embed(spinPlus(0.5), j, d), re: s }]));
      ops.push(sparseLinearCombination([{ matrix: embed(spinMinus(0.5), j, d), re: s }]));
    }
  }
  return ops;
}

/** A bond of the graph as a current channel: one-way bonds first (graph order), then coherent bonds. */
export interface CurrentChannel {
  kind: 'directed' | 'coherent';
  from: number;
  to: number;
  /** Index in graph.directed or graph.coherent. */
  index: number;
}

/** The current channels of a graph (coherent bonds with J = 0 and one-way bonds with Γ = 0 included, carrying zero). */
export function currentChannels(g: NuclearGraph): CurrentChannel[] {
  return [
    ...g.directed.map((b, index): CurrentChannel => ({ kind: 'directed', from: b.from, to: b.to, index })),
    ...g.coherent.map((b, index): CurrentChannel => ({ kind: 'coherent', from: b.a, to: b.b, index })),
  ];
}

/** Current operator K of a channel (closed forms in the module comment). */
export function currentOperator(g: NuclearGraph, c: CurrentChannel): SparseMatrix {
  checkSize(g);
  if (c.kind === 'directed') {
    const r = g.directed[c.index].rate;
    const mi = siteMask(g.sites, c.from), mj = siteMask(g.sites, c.to);
    return diagonalOperator(g.sites, (x) => ((x & mi) === 0 && (x & mj) !== 0 ? r : 0));
  }
  const w = 2 * Math.PI * g.coherent[c.index].coupling;
  // i w (I_a⁺I_b⁻ − I_a⁻I_b⁺)
  return sparseLinearCombination([
    { matrix: flipFlop(g.sites, c.from, c.to), re: 0, im: w },
    { matrix: flipFlop(g.sites, c.to, c.from), re: 0, im: -w },
  ] as { matrix: SparseMatrix; re: number; im?: number }[]);
}
