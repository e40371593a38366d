/** Figures of seed 004 (the paper shows no dynamics; these are ours). */
import type { FigureDefinition } from '../types.js';

export const chiralPhononFigures: FigureDefinition[] = [
  {
    id: 's004-transfer', model: 'chiral-phonons',
    caption: "Excitation transfer A→B and B→A through the cascaded chiral-phonon channel for γ'/γ ∈ {0, 0.1, 1} (γ = 100 Hz).",
    params: { mode: 'transfer', gamma: 100, gammaRatios: [0, 0.1, 1], duration: 5e-3, points: 201 },
    notes: "Ours. For two spins the ratio A→B/B→A is (γ/γ')² at every time (closed form in closed-form.ts); γ' = γ is reciprocal.",
  },
  {
    id: 's004-chain', model: 'chiral-phonons',
    caption: 'One-way chain of 8 spins ½, first spin excited: the excitation travels down the chain only (γ = 100 Hz, γ\' = 0).',
    params: { mode: 'chain', sites: 8, gamma: 100, gammaRatio: 0, phase: 0.5, initial: 'first', duration: 10e-3, points: 201 },
    notes: 'Ours. y: probability that spin j is excited, ⟨S_j^z⟩ + ½. Populations are |e^{−γt}(L_j − L_{j−1})(2γt)|² (Laguerre, γ → 2π·100 s⁻¹), independent of k_z d. The later spins ring (several lobes with exact zeros, e.g. spin 3 at 2γt = 2, t = 1.59 ms, where spin 2 peaks at 4/e² = 0.541): each spin is driven by the sum of the fields re-emitted upstream, which interfere destructively at the zeros of the Laguerre polynomials — physics of the cascaded Eq. 8, not a plotting artefact (docs/reproduction.md, seed 004).',
  },
  {
    id: 's004-spectrum', model: 'chiral-phonons',
    caption: "Eigenvalues of H_NH (one quantum, two spins) vs spin–spin detuning δ at γ'/γ = 0.1: exceptional point at δ = 4√(γγ').",
    params: { mode: 'spectrum', gamma: 100, gammaRatio: 0.1, detuningMax: 300, points: 121 },
    notes: 'Ours. EP at 4√(γγ′) ≈ 126.5 Hz for γ = 100 Hz, γ′ = 10 Hz.',
  },
  {
    id: 's004-table1', model: 'chiral-phonons',
    caption: "Table I / 'Experimental realizations': couplings g, γ = 2g²/Δ and γ' of electron spins in an α-SiO2 resonator (l = 1 µm, w = h = 0.1 µm, Ξ = 10 GHz, Δ = 10 kHz), beside the paper's values",
    params: { mode: 'table1', material: 'α-SiO2', length: 1e-6, width: 1e-7, height: 1e-7, xi: 10e9, detuning: 10e3 },
    yScale: 'log',
    yLabel: 'frequency (Hz)',
    notes: 'The tables in the report are the result (ours beside the paper\'s, every reproduced row, Table I velocities); the plot shows the estimate\'s frequencies on a log axis. Densities are handbook values (not in the paper). Comparison with the paper in docs/reproduction.md (Seed 004).',
  },
];
