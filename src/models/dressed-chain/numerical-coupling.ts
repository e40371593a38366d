/**
 * The effective coupling and matching field of a bond, extracted from the
 * full electron–nuclear Hamiltonian (no perturbation theory):
 *  - the 8 states of the bond transition (electrons (S_j, S'_k) ∈ {(0, +½), (−1, −½)},
 *    spectators fixed, all 4 nuclear configurations) span an invariant block of H;
 *  - the dressed states |a⟩, |b⟩ of the transition are exact eigenstates at J_d = 0;
 *    the matrix element ⟨b|H|a⟩ is the coupling;
 *  - the true resonance B_res is where the two eigenvalues of the block that carry
 *    most weight of span{a, b} come closest (golden-section search); half that
 *    minimum gap is the coupling including second-order shifts.
 * Everything is in Hz (the operators of hamiltonian.ts divided by 2π).
 */
import { ComplexMatrix } from '../../linalg/dense.js';
import { eigh } from '../../linalg/eigen-hermitian.js';
import { localIndices } from '../../quantum/tensor.js';
import { dressedHamiltonian, type FieldConstants } from './hamiltonian.js';
import { CHAIN_SPECTATORS, PAIR_SPECTATORS, matchingField, nuclearAxis, SPEC_CONSTANTS, type AnalyticConstants, type Spectators } from './analytics.js';
import { buildGraph, DEFAULT_HYPERFINE, graphDims, slotIndex, type DressedGraph, type Hyperfine } from './lattice.js';
import { goldenSectionMinimum } from '../../util/golden-section.js';

export interface BondProblem {
  /** 'pair': the 4-spin set of Sec. II; 'chain': two dressed sites (spectators S'_1 = −½, S_2 = 0). */
  kind: 'pair' | 'chain';
  Jd: number;
  hfJ?: Hyperfine;
  hfK?: Hyperfine;
  variant?: 'alpha' | 'beta';
  constants?: AnalyticConstants;
}

export interface BondCoupling {
  /** First-order matching field (Eq. A.6/A.8 or the 4-spin condition), T. */
  firstOrderField: number;
  /** Resonance of the full Hamiltonian (minimum gap), T. */
  resonanceField: number;
  /** ⟨b|H|a⟩ at the first-order field (Hz, absolute value). */
  matrixElement: number;
  /** Half the minimum gap (Hz). */
  halfGap: number;
  /** Basis indices (full space) of the block and the dressed kets a, b in it. */
  block: number[];
  ketA: ComplexMatrix;
  ketB: ComplexMatrix;
  graph: DressedGraph;
}

function cs(theta: number): [number, number] {
  return [Math.cos(theta / 2), Math.sin(theta / 2)];
}

/** Graph, spectators and (site, electron) positions of a bond problem. */
export function bondGraph(p: BondProblem): { graph: DressedGraph; spectators: Spectators } {
  const hfJ = p.hfJ ?? DEFAULT_HYPERFINE, hfK = p.hfK ?? DEFAULT_HYPERFINE;
  const graph = buildGraph(p.kind, { sites: 2, Jd: p.Jd, overrides: { 0: hfJ, 1: hfK }, ...(p.constants ? { D: p.constants.D } : {}) });
  return { graph, spectators: p.kind === 'pair' ? PAIR_SPECTATORS : CHAIN_SPECTATORS };
}

/** Block matrix (Hz, dense Hermitian) of `h` (rad/s, sparse) on `idx`. */
function restrict(h: { rowPtr: Int32Array; colIndex: Int32Array; re: Float64Array; im: Float64Array }, idx: number[]): ComplexMatrix {
  const pos = new Map<number, number>();
  idx.forEach((g, i) => pos.set(g, i));
  const m = new ComplexMatrix(idx.length, idx.length);
  for (const [i, g] of idx.entries()) {
    for (let k = h.rowPtr[g]; k < h.rowPtr[g + 1]; k++) {
      const j = pos.get(h.colIndex[k]);
      if (j === undefined) continue;
      m.re[i * idx.length + j] = h.re[k] / (2 * Math.PI);
      m.im[i * idx.length + j] = h.im[k] / (2 * Math.PI);
    }
  }
  return m;
}

/**
 * Coupling and resonance of the α (or β) transition of a bond from the full
 * Hamiltonian (see the module comment).
 */
export function bondCoupling(p: BondProblem): BondCoupling {
  const constants = p.constants ?? SPEC_CONSTANTS;
  const variant = p.variant ?? 'alpha';
  const hfJ = p.hfJ ?? DEFAULT_HYPERFINE, hfK = p.hfK ?? DEFAULT_HYPERFINE;
  const { graph, spectators } = bondGraph(p);
  const fc: FieldConstants = { gammaE: constants.gammaE, gammaN: constants.gammaN };
  const H = dressedHamiltonian(graph, fc);
  const dims = graphDims(graph);
  const n = dims.reduce((a, d) => a * d, 1);
  const iIj = slotIndex(graph, 'I', 0), iSj = slotIndex(graph, 'S', 0), iPk = slotIndex(graph, 'Sp', 1), iIk = slotIndex(graph, 'I', 1);
  const iPj = slotIndex(graph, 'Sp', 0), iSk = slotIndex(graph, 'S', 1);
  // local index of m for spin s: (s − m)
  const block: number[] = [];
  for (let g = 0; g < n; g++) {
    const l = localIndices(dims, g);
    const mS = 1 - l[iSj], mP = 0.5 - l[iPk];
    if (!((mS === 0 && mP === 0.5) || (mS === -1 && mP === -0.5))) continue;
    if (iPj >= 0 && 0.5 - l[iPj] !== spectators.sigma) continue;
    if (iSk >= 0 && 1 - l[iSk] !== spectators.mu) continue;
    block.push(g);
  }
  const firstOrderField = matchingField(variant, hfJ, hfK, spectators, constants);
  const kets = (B: number): [ComplexMatrix, ComplexMatrix] => {
    const wn = constants.gammaN * B;
    const tj0 = nuclearAxis(0, spectators.sigma, hfJ, wn).theta, tjm = nuclearAxis(-1, spectators.sigma, hfJ, wn).theta;
    const tkp = nuclearAxis(spectators.mu, 0.5, hfK, wn).theta, tkm = nuclearAxis(spectators.mu, -0.5, hfK, wn).theta;
    const up = (t: number): [number, number] => cs(t); // cos|↑⟩ + sin|↓⟩
    const dn = (t: number): [number, number] => { const [c, s] = cs(t); return [-s, c]; };
    const a = new ComplexMatrix(block.length, 1), b = new ComplexMatrix(block.length, 1);
    // α: a = |↑_j(0), ↓_k(+½)⟩ (electrons 0, +½); b = |↓_j(−1), ↑_k(−½)⟩ (electrons −1, −½). β swaps nuclear arrows.
    const alpha = variant === 'alpha';
    const aJ = alpha ? up(tj0) : dn(tj0), aK = alpha ? dn(tkp) : up(tkp);
    const bJ = alpha ? dn(tjm) : up(tjm), bK = alpha ? up(tkm) : dn(tkm);
    block.forEach((g, i) => {
      const l = localIndices(dims, g);
      const mS = 1 - l[iSj];
      const nj = l[iIj], nk = l[iIk];
      if (mS === 0) a.re[i] = aJ[nj] * aK[nk];
      else b.re[i] = bJ[nj] * bK[nk];
    });
    return [a, b];
  };
  const elementAt = (B: number): number => {
    const h = restrict(H.at(B), block);
    const [a, b] = kets(B);
    let re = 0, im = 0;
    const m = block.length;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
      const hr = h.re[i * m + j], hi = h.im[i * m + j];
      re += b.re[i] * (hr * a.re[j]);
      im += b.re[i] * (hi * a.re[j]);
    }
    return Math.hypot(re, im);
  };
  const gapAt = (B: number): number => {
    const h = restrict(H.at(B), block);
    const [a, b] = kets(B);
    const { values, vectors } = eigh(h, { vectors: true });
    const m = block.length;
    const w = new Float64Array(m);
    for (let c = 0; c < m; c++) {
      let ar = 0, ai = 0, br = 0, bi = 0;
      for (let i = 0; i < m; i++) {
        const vr = vectors!.re[i * m + c], vi = vectors!.im[i * m + c];
        ar += a.re[i] * vr; ai += a.re[i] * vi;
        br += b.re[i] * vr; bi += b.re[i] * vi;
      }
      w[c] = ar * ar + ai * ai + br * br + bi * bi;
    }
    let c1 = 0;
    for (let c = 1; c < m; c++) if (w[c] > w[c1]) c1 = c;
    let c2 = c1 === 0 ? 1 : 0;
    for (let c = 0; c < m; c++) if (c !== c1 && w[c] > w[c2]) c2 = c;
    return Math.abs(values[c1] - values[c2]);
  };
  const width = Math.max(2e-6, (40 * p.Jd) / constants.gammaE);
  const best = goldenSectionMinimum(gapAt, firstOrderField - width, firstOrderField + width, { tolerance: 1e-15, maxIterations: 300 });
  const resonanceField = best.x;
  const [ketA, ketB] = kets(firstOrderField);
  return { firstOrderField, resonanceField, matrixElement: elementAt(firstOrderField), halfGap: best.value / 2, block, ketA, ketB, graph };
}
