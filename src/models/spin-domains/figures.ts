/**
 * Figure definitions of seed 003 (Dias, Wächtler, Bastidas, Nemoto, Munro, "Reservoir-assisted
 * energy migration through multiple spin-domains", 2021). Series J1…JM = ⟨J_i^z⟩/N_i.
 *
 * Units: the paper plots against γt. With the default γ = 1 s⁻¹ the time in seconds equals γt.
 * The time windows are not printed in the paper (its figure axes are not in our copy of the
 * text); they are chosen here to show the whole migration up to the steady state and are
 * listed in docs/reproduction.md.
 */
import type { FigureDefinition } from '../types.js';

const MODEL = 'spin-domains';

export const spinDomainsFigures: FigureDefinition[] = [
  {
    id: 's003-fig2a', model: MODEL,
    caption: 'Fig. 2(a): ⟨J_i^z⟩/N_i for two domains, N1 = 40, N2 = 2, Eq. 4 initial state, master equation (3).',
    params: { N: [40, 2], gamma: 1, method: 'exact', tEnd: 0.5, points: 201, timeGrid: 'linear' },
    notes: 'Exact collective-space solution. Time window inferred: the migration is over by γt ≈ 0.4 (collective rate ~γN1), so γt ∈ [0, 0.5] shows it. Steady J2/N2 = 0.4501.',
    xScale: 'linear',
  },
  {
    id: 's003-fig2b', model: MODEL,
    caption: 'Fig. 2(b): three domains N = (12, 6, 2), master equation (3).',
    params: { N: [12, 6, 2], gamma: 1, method: 'exact', tEnd: 20, points: 201, timeGrid: 'linear' },
    notes: 'Exact collective-space solution. Time window inferred (γt ∈ [0, 20]).',
    xScale: 'linear',
  },
  {
    id: 's003-fig2c', model: MODEL,
    caption: 'Fig. 2(c): four domains N = (8, 6, 5, 1), master equation (3).',
    params: { N: [8, 6, 5, 1], gamma: 1, method: 'exact', tEnd: 20, points: 101, timeGrid: 'linear' },
    notes: 'Exact collective-space solution (756 states; the reachable excitation-number sectors hold 12 684 unknowns). Time window inferred.',
    xScale: 'linear',
  },
  {
    id: 's003-fig3a', model: MODEL,
    caption: 'Fig. 3(a): mean-field dynamics, N = (10⁶, 10⁴, 10²); logarithmic time axis.',
    params: { N: [1e6, 1e4, 1e2], gamma: 1, method: 'mean-field', tStart: 1e-9, tEnd: 1e-2, points: 241, timeGrid: 'log' },
    notes: 'Generated 13-variable mean-field system (our derivation of S3; see docs/models/spin-domains.md for the differences from the printed S3).',
    xScale: 'log',
  },
  {
    id: 's003-fig3b', model: MODEL,
    caption: 'Fig. 3(b): mean-field dynamics, N = (10⁸, 10⁵, 10²); logarithmic time axis.',
    params: { N: [1e8, 1e5, 1e2], gamma: 1, method: 'mean-field', tStart: 1e-11, tEnd: 1e-3, points: 241, timeGrid: 'log' },
    notes: 'Generated 13-variable mean-field system. The explicit DOP853 step is limited by the fast rate ~γN1 after D1 has decayed, so the window stops once D3 is saturated (γt = 10⁻³).',
    xScale: 'log',
  },
  {
    id: 's003-fig4a', model: MODEL,
    caption: 'Fig. 4(a): ⟨J_1^z⟩(0) = 0 (Dicke state |6, 0⟩ in D1), N = (12, 6, 2), master equation.',
    params: { N: [12, 6, 2], m0: [0, -3, -1], gamma: 1, method: 'exact', tEnd: 20, points: 201, timeGrid: 'linear' },
    notes: 'Half-excited D1 taken as the symmetric Dicke state |j = 6, m = 0⟩ (consistent with the mean-field N̄_i = j(j+1) of S3).',
    xScale: 'linear',
  },
  {
    id: 's003-fig4b', model: MODEL,
    caption: 'Fig. 4(b): ⟨J_1^z⟩(0) = 0, N = (10⁶, 10⁴, 10²), mean field; logarithmic time axis.',
    params: { N: [1e6, 1e4, 1e2], m0: [0, -5e3, -50], gamma: 1, method: 'mean-field', tStart: 1e-9, tEnd: 1e-1, points: 241, timeGrid: 'log' },
    notes: 'Mean-field initial values ⟨J_1^z⟩ = 0, no correlations (Dicke |N1/2, 0⟩).',
    xScale: 'log',
  },
  {
    id: 's003-figS1a', model: MODEL,
    caption: 'Fig. S1(a): ⟨J_i^z⟩/N_i(t) for N = (20, 2) at T = 0 (solid) and T = 1.6 K (dashed), ω0/2π = 10 GHz, γ = 0.01 s⁻¹',
    params: { N: [20, 2], gamma: 0.01, omega0: 10e9, temperature: 1.6, method: 'exact', tEnd: 150, points: 201, timeGrid: 'linear' },
    sweep: { parameters: ['temperature'], values: [[0, 1.6]] },
    notes: 'n̄ = 1/(e^{hf0/kT} − 1) = 2.86 at 1.6 K. The paper gives γ = 0.01 "Hz"; we use 0.01 s⁻¹. A sweep over T that keeps both time series (series "J1 temperature=0 K", "J1 temperature=1.6 K"); the time axis shows γ₁t (data in s).',
    xScale: 'linear',
  },
  {
    id: 's003-figS1b', model: MODEL,
    caption: 'Fig. S1(b): ⟨J_i^z⟩/N_i(t) for N = (12, 6, 2) at T = 0 (solid) and T = 1.6 K (dashed)',
    params: { N: [12, 6, 2], gamma: 0.01, omega0: 10e9, temperature: 1.6, method: 'exact', tEnd: 500, points: 201, timeGrid: 'linear' },
    sweep: { parameters: ['temperature'], values: [[0, 1.6]] },
    notes: 'Thermal reservoirs couple all excitation-number sectors: every diagonal sector is reachable (273 states, Σ d_k² unknowns).',
    xScale: 'linear',
  },
  {
    id: 's003-figS1c', model: MODEL,
    caption: 'Fig. S1(c): ⟨J_i^z⟩/N_i(t) for N = (4, 3, 3, 2) at T = 0 (solid) and T = 1.6 K (dashed)',
    params: { N: [4, 3, 3, 2], gamma: 0.01, omega0: 10e9, temperature: 1.6, method: 'exact', tEnd: 2000, points: 201, timeGrid: 'linear' },
    sweep: { parameters: ['temperature'], values: [[0, 1.6]] },
    notes: '240 collective states. At 1.6 K the end state of ≥ 3 domains is the per-domain Gibbs state (every domain at the reservoir\'s n̄), so J4 ends more excited than at T = 0: the temperature shift is the largest of the three panels (docs/reproduction.md).',
    xScale: 'linear',
  },
];
