/**
 * Peak memory of a dressed-chain run (the model part; the runner adds the
 * process baseline), for the limits the runner enforces before a run.
 *
 * Quantum jumps keep one propagator per visited (piece, block) for the whole
 * run (solvers/mcsolve/propagator.ts: an eigen block holds V and V⁻¹, complex
 * m × m each). A static field has one piece; the modulated field of Fig. 8c has
 * thousands (modulationSegments, half of them distinct when the down-ramps reuse
 * the up-ramps), each an H(B) sharing one sparsity pattern (8 bytes per nonzero).
 * After the pumping has emptied m_S = ±1, a trajectory moves between the blocks
 * of the 2^N configurations of the S' electrons (relaxation at Γ_e), and over
 * many modulation periods it visits each of them at every piece: measured on
 * Fig. 8c (3 sites, Γ_B = 50 Hz, 0.5 s, one trajectory per half of a
 * spin-flipped pair): 22 636 propagators for 2844 pieces, 7.96 per piece, for
 * 2³ = 8 S' configurations; after 0.04 s (two periods) 5642, 1.98 per piece.
 * propagatorPlan's coverage formula gives 7.7 and 1.9 for these two. Trajectories from other nuclear configurations use
 * other blocks, so the count grows with the trajectories per engine, up to the
 * number of blocks. The largest block has 2^(2N−1) states (32 for 3 sites);
 * the visited ones are the large ones (measured 43 kB per propagator including
 * the allocator's slack, against 34 kB for V, V⁻¹ and the vectors at m = 32:
 * the factor SLACK below).
 */
import { mcsolveWorkers } from '../../solvers/memory-estimate.js';
import type { DressedChainParams } from './model.js';

/** Allocator and garbage-collector slack over the bytes a propagator holds (measured, Fig. 8c). */
const SLACK = 1.25;

/** Bytes of an eigen block propagator of m states: V and V⁻¹ (complex m²), eigenvalues and four work vectors. */
export function blockPropagatorBytes(m: number): number {
  return 32 * m * m + 48 * m + 1024;
}

/** Sites, nuclei, bonds and Hilbert dimension of the graph the parameters describe (no operators built). */
function graphSize(p: DressedChainParams): { sites: number; nuclei: number; electronsSp: number; bonds: number; n: number } {
  if (p.topology === 'pair') return { sites: 2, nuclei: 2, electronsSp: 1, bonds: 1, n: 24 };
  const bonds = p.topology === 'chain' ? p.sites - 1 : p.topology === 'ring' ? p.sites : p.edges.length;
  return { sites: p.sites, nuclei: p.sites, electronsSp: p.sites, bonds, n: 12 ** p.sites };
}

/**
 * Nonzeros of H per row: the diagonal, one nuclear flip per nucleus (A_zx S^z + A'_zx S'^z, never 0
 * as m_S' = ±½), and per bond the two flip-flops, each nonzero on a third of the rows.
 */
export function hamiltonianNonzeros(p: DressedChainParams): number {
  const g = graphSize(p);
  // The pair's I1 sees only S (A_zx S^z I^x vanishes for m_S = 0, a third of the rows).
  if (p.topology === 'pair') return Math.round(g.n * (1 + 2 / 3 + 1 + (2 / 3) * g.bonds));
  return Math.round(g.n * (1 + g.nuclei + (2 / 3) * g.bonds));
}

/** Options of the estimate: trajectory worker threads available and constant pieces per period (mc with modulation). */
export interface MemoryContext {
  threads: number;
  /** Pieces per modulation period (the model's `segments` or its automatic count). */
  segments: number;
}

/** Peak bytes of the model part of a run (see the module comment). */
export function dressedChainMemoryEstimate(p: DressedChainParams, ctx: MemoryContext): number {
  const g = graphSize(p);
  const nnz = hamiltonianNonzeros(p);
  // H_0, Z, their union, observables, collapse operators, the dressing: a few dozen sparse n-row operators.
  const operators = 64 * g.n * 30;
  if (p.mode !== 'dynamics') return operators;
  if (p.method === 'me') return operators + 16 * g.n * g.n * 4;
  const plan = propagatorPlan(p, ctx);
  const perPiece = p.deltaB !== 0 ? 8 * nnz + 64 : 0;
  const propagators = plan.pieces * plan.blocksVisited * blockPropagatorBytes(plan.largestBlock) * SLACK;
  return operators + plan.workers * (plan.pieces * perPiece + propagators);
}

/**
 * What the trajectories of one run keep per engine: distinct pieces (1 for a static field), blocks
 * visited per piece, the largest block, and the engines (worker threads) that each keep their own.
 */
export function propagatorPlan(p: DressedChainParams, ctx: MemoryContext): { pieces: number; blocksVisited: number; largestBlock: number; workers: number } {
  const g = graphSize(p);
  const modulated = p.deltaB !== 0;
  const perCall = trajectoriesPerSolve(p);
  const mirrored = modulated && usesMirroredPieces(ctx.segments, perCall, ctx.threads);
  const workers = mirrored ? 1 : mcsolveWorkers(perCall, ctx.threads);
  const pieces = modulated ? (mirrored ? ctx.segments / 2 : ctx.segments) : 1;
  const trajectoriesPerEngine = Math.max(1, Math.ceil(perCall / workers));
  // S' configurations reached: all C = 2^N after many relaxation times (C(1 − e^{−Γ_e t/C})); with a modulated
  // field each configuration must also be met at every piece: 1 − (1 − 1/C)^{Γ_B t} of them after Γ_B·t periods.
  const configurations = 2 ** g.electronsSp;
  const byRelaxation = configurations * (1 - Math.exp(-(p.gammaE * p.tEnd) / configurations));
  const byPeriods = modulated ? configurations * (1 - (1 - 1 / configurations) ** (p.gammaB * p.tEnd)) : Infinity;
  const reached = Math.max(1, Math.min(byRelaxation, byPeriods));
  const blocksVisited = Math.min(reached * trajectoriesPerEngine, g.n / 8);
  return { pieces, blocksVisited, largestBlock: Math.min(g.n, 2 ** (2 * g.sites - 1)), workers };
}

/** Trajectories per solver call: a spin-flipped pair runs its two halves as two calls of ⌈ntraj/2⌉ (chains start mixed); the pair's ket runs ntraj. */
export function trajectoriesPerSolve(p: Pick<DressedChainParams, 'topology' | 'ntraj'>): number {
  return p.topology !== 'pair' && p.ntraj >= 2 ? Math.ceil(p.ntraj / 2) : p.ntraj;
}

/**
 * Whether the modulated field uses the mirrored pieces (half the matrices and propagators): when the
 * piece count allows it and the trajectories of a solver call run on one thread anyway (one thread
 * given, or no more trajectories than one mcsolve chunk).
 */
export function usesMirroredPieces(segments: number, trajectoriesPerCall: number, threads: number): boolean {
  return segments % 4 === 0 && (threads === 1 || mcsolveWorkers(trajectoriesPerCall, threads) === 1);
}
