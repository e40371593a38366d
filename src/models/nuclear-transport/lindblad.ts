/**
 * Density-matrix solver of the effective model: the Lindblad equation of
 * Eqs. 10–11 (plus coherent bonds, detunings and relaxation) by `mesolve`.
 * No symmetry is declared: mesolve finds the invariant blocks from the
 * operators' sparsity (total I^z is conserved by every bond, so the blocks
 * refine the magnetization sectors — without coherent bonds every
 * configuration is its own block), and reports them in `stats`.
 */
import { ComplexMatrix } from '../../linalg/dense.js';
import { SparseMatrix, spmvInto } from '../../linalg/sparse.js';
import { liouvillianAdjoint, vec } from '../../quantum/superoperator.js';
import { mesolve } from '../../solvers/mesolve.js';
import { productDistribution } from './configurations.js';
import type { NuclearGraph } from './graph.js';
import { validateGraph } from './graph.js';
import { checkTimes } from '../../util/checks.js';
import { voltagePairs, type TransportResult, type VoltagePair } from './observables.js';
import { collapseOperators, currentChannels, currentOperator, hamiltonian, siteIz, voltageOperator } from './operators.js';

export interface LindbladTransportOptions {
  times: ArrayLike<number>;
  /** Initial site polarizations p_j ∈ [−1, 1] (product state, diagonal). */
  initial: ArrayLike<number>;
  /** Extra voltage pairs beyond the one-way bonds (e.g. the chain's V_{N,1}). */
  extraVoltages?: VoltagePair[];
  /** mesolve method (default 'auto'). */
  method?: 'auto' | 'exact' | 'krylov' | 'ode';
}

/** Lindblad evolution of the effective model; returns the transport observables and mesolve's block statistics. */
export function lindbladTransport(g: NuclearGraph, options: LindbladTransportOptions): TransportResult {
  validateGraph(g);
  const times = checkTimes(options.times, { nonNegative: true });
  const n = g.sites;
  const h = hamiltonian(g);
  const cOps = collapseOperators(g);
  const rho0 = ComplexMatrix.diagonal(productDistribution(options.initial));
  const channels = currentChannels(g);
  const pairs = voltagePairs(g.directed, options.extraVoltages);
  const eOps: SparseMatrix[] = [];
  for (let j = 0; j < n; j++) eOps.push(siteIz(n, j));
  for (const c of channels) eOps.push(currentOperator(g, c));
  for (const p of pairs) eOps.push(voltageOperator(n, p.i, p.j));
  // With coherent bonds the reduced generator is far from normal (‖L‖ ~ 2πJ ≫ Γ) and Krylov steps
  // collapse; DOP853 on the reduced space is robust there. Without them 'auto' (eigen/Krylov) is exact.
  const method = options.method ?? (g.coherent.some((b) => b.coupling !== 0) ? 'ode' : 'auto');
  const r = mesolve(h, cOps, rho0, { times, eOps, method, ...(method === 'ode' ? { atol: 1e-10, rtol: 1e-9 } : {}) });
  const nt = times.length;
  const polarization = Array.from({ length: n }, (_, j) => r.expect[j].re.map((v) => 2 * v));
  const net = new Float64Array(nt);
  for (const p of polarization) for (let k = 0; k < nt; k++) net[k] += p[k] / n;
  return {
    times,
    polarization,
    netPolarization: net,
    currents: channels.map((channel, c) => ({ channel, values: Float64Array.from(r.expect[n + c].re) })),
    voltages: pairs.map((pair, v) => ({ pair, values: Float64Array.from(r.expect[n + channels.length + v].re) })),
    stats: { solver: 'lindblad (mesolve)', ...r.stats },
  };
}

/**
 * Operator-level check of the continuity equation (Eq. 13 with relaxation):
 * max over sites of max|L†(I_j^z) − (Σ_in K − Σ_out K − Γ₁ I_j^z)| (entrywise),
 * with L† the full adjoint generator from `liouvillianAdjoint` and the K_b the
 * closed-form bond currents. Builds n²×n² superoperators: small N only (≤ 7).
 */
export function continuityDefect(g: NuclearGraph): number {
  validateGraph(g);
  if (g.sites > 7) throw new RangeError(`sites: continuityDefect builds 4^N superoperators; N = ${g.sites} > 7`);
  const n = g.sites, size = 2 ** n;
  const adj = liouvillianAdjoint(hamiltonian(g), collapseOperators(g));
  const channels = currentChannels(g);
  const kOps = channels.map((c) => currentOperator(g, c).toDense());
  let worst = 0;
  const outR = new Float64Array(size * size), outI = new Float64Array(size * size);
  for (let j = 0; j < n; j++) {
    const iz = siteIz(n, j).toDense();
    const v = vec(iz);
    spmvInto(adj, v.re, v.im, outR, outI);
    // Expected operator, column-stacked like vec.
    const expR = new Float64Array(size * size), expI = new Float64Array(size * size);
    channels.forEach((c, k) => {
      const sign = c.to === j ? 1 : c.from === j ? -1 : 0;
      if (sign === 0) return;
      const op = kOps[k];
      for (let r = 0; r < size; r++) for (let col = 0; col < size; col++) {
        expR[r + col * size] += sign * op.re[r * size + col];
        expI[r + col * size] += sign * op.im[r * size + col];
      }
    });
    for (let r = 0; r < size; r++) expR[r + r * size] -= g.relaxation * iz.re[r * size + r];
    for (let x = 0; x < size * size; x++) worst = Math.max(worst, Math.abs(outR[x] - expR[x]), Math.abs(outI[x] - expI[x]));
  }
  return worst;
}

/**
 * Current operator of one channel computed from the adjoint generator of that
 * bond alone, K_b = −L_b†(I^z_from) (Eq. 16), as a dense matrix; for tests of
 * the closed forms in operators.ts. Small N only.
 */
export function currentFromAdjoint(g: NuclearGraph, channelIndex: number): ComplexMatrix {
  const channels = currentChannels(g);
  const c = channels[channelIndex];
  if (!c) throw new RangeError(`channelIndex: ${channelIndex} outside 0..${channels.length - 1}`);
  const n = g.sites, size = 2 ** n;
  if (n > 7) throw new RangeError(`sites: ${n} > 7 for superoperator construction`);
  let adj: SparseMatrix;
  if (c.kind === 'directed') {
    const single: NuclearGraph = { ...g, directed: [g.directed[c.index]], coherent: [], detunings: [], relaxation: 0 };
    adj = liouvillianAdjoint(null, collapseOperators(single));
  } else {
    const single: NuclearGraph = { ...g, directed: [], coherent: [g.coherent[c.index]], detunings: [], relaxation: 0 };
    adj = liouvillianAdjoint(hamiltonian(single), []);
  }
  const v = vec(siteIz(n, c.from).toDense());
  const outR = new Float64Array(size * size), outI = new Float64Array(size * size);
  spmvInto(adj, v.re, v.im, outR, outI);
  const m = ComplexMatrix.zeros(size, size);
  for (let r = 0; r < size; r++) for (let col = 0; col < size; col++) {
    m.re[r * size + col] = -outR[r + col * size];
    m.im[r * size + col] = -outI[r + col * size];
  }
  return m;
}
