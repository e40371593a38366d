/**
 * Figures of seed 000 reproduced with the effective nuclear model. Γ_eff =
 * |ln(7/8)| Γ_e with Γ_e = 0.1 kHz = 100 s⁻¹ (Fig. 4 and 7 captions; a rate,
 * not an angular frequency) unless stated. Panels the paper overlays with the
 * full electron–nuclear model carry the series suffix ' eff'.
 */
import type { FigureDefinition } from '../types.js';

const base = { gammaE: 100, gammaVariant: 'chain', gammaEff: 0 };

export const nuclearTransportFigures: FigureDefinition[] = [
  {
    id: 's000-fig2a', model: 'nuclear-transport',
    caption: '',
    params: { topology: 'graph', edges: { sites: 2, coherent: [[1, 2, 9147.5]] }, initial: 'ud', solver: 'lindblad', tMax: 2e-4, points: 401, outputs: 'P', seriesSuffix: ' eff (Eq. 2)' },
    notes: 'Lower panel: Eq. 2 at δ_eff = 0 with J_eff = 9147.5 Hz, the full-H value of the upper panel (its jEffHz scalar; the paper prints 17 kHz, see docs/reproduction.md). H = 2πJ_eff(I⁺I⁻ + h.c.), so P1 = cos(4πJ_eff t): period 1/(2J_eff) = 54.7 µs, the same as the full model\'s exchange (tested).',
  },
  {
    id: 's000-fig4a', model: 'nuclear-transport',
    caption: 'Fig. 4a (lower panel): four-site chain from |↑↓↓↓⟩, effective nuclear Lindbladian (Eqs. 10–11).',
    params: { ...base, topology: 'chain', sites: 4, initial: 'first-up', tMax: 0.5, points: 201, outputs: 'P', seriesSuffix: ' eff (B.6)' },
    notes: 'Γ_eff = |ln(7/8)|·100 s⁻¹ = 13.35 s⁻¹ (Eq. B.6, dashed) and |ln(3/4)|·100 s⁻¹ = 28.77 s⁻¹ (Eq. B.7, dotted; Appendix B prescribes it for small systems); the paper does not say which it used for N = 4. Same 0.5 s span as the full model. Rate equation on 16 configurations (exact, equal to the Lindblad solution).',
  },
  {
    id: 's000-fig4a', model: 'nuclear-transport',
    caption: '',
    params: { ...base, gammaVariant: 'pair', topology: 'chain', sites: 4, initial: 'first-up', tMax: 0.5, points: 201, outputs: 'P', seriesSuffix: ' eff (B.7)' },
  },
  {
    id: 's000-fig4b', model: 'nuclear-transport',
    caption: 'Fig. 4b (lower panel): four-site chain, nucleus 1 up, nuclei 2–4 unpolarized.',
    params: { ...base, topology: 'chain', sites: 4, initial: 'u000', tMax: 0.5, points: 201, outputs: 'P', seriesSuffix: ' eff (B.6)' },
  },
  {
    id: 's000-fig4b', model: 'nuclear-transport',
    caption: '',
    params: { ...base, gammaVariant: 'pair', topology: 'chain', sites: 4, initial: 'u000', tMax: 0.5, points: 201, outputs: 'P', seriesSuffix: ' eff (B.7)' },
  },
  {
    id: 's000-fig4c', model: 'nuclear-transport',
    caption: 'Fig. 4c (lower panel): four-site chain, all nuclei unpolarized → domain wall.',
    params: { ...base, topology: 'chain', sites: 4, initial: 'unpolarized', tMax: 0.5, points: 201, outputs: 'P', seriesSuffix: ' eff (B.6)' },
    notes: 'Limit: Eq. 12, P = (−7/8, −3/8, 3/8, 7/8).',
  },
  {
    id: 's000-fig4c', model: 'nuclear-transport',
    caption: '',
    params: { ...base, gammaVariant: 'pair', topology: 'chain', sites: 4, initial: 'unpolarized', tMax: 0.5, points: 201, outputs: 'P', seriesSuffix: ' eff (B.7)' },
  },
  {
    id: 's000-fig5a', model: 'nuclear-transport',
    caption: 'Fig. 5a: steady-state P_j vs χ = j/N from unpolarized nuclei, several N.',
    params: { ...base, topology: 'chain', analysis: 'steady-profile', sizes: [4, 10, 16, 100, 1000], initial: 'unpolarized', realizations: 400 },
    notes: 'N ≤ 16: exact t → ∞ limit of the rate equation; N ≥ 100: KMC run to the absorbing domain wall (400 realizations, error bars = standard errors); every N also with the closed form Eq. 12.',
  },
  {
    id: 's000-fig5b', model: 'nuclear-transport',
    caption: 'Fig. 5b: tree of nuclei, coherent dashed bonds J_b = 547 Hz, one-way trunk bond 5 → 6 with Γ_eff = 13 Hz.',
    params: { topology: 'tree', treeCrown: 4, treeRoots: 4, coupling: 547, gammaEff: 13, initial: 'unpolarized', tMax: 2, points: 101, outputs: 'P' },
    notes: 'Tree shape inferred from the caption (drawing not available): two stars of 4 nuclei (hubs = the paper\'s 5 and 6; treeCrown/treeRoots = 5 gives 10 nuclei, 63 504 unknowns, minutes instead of 25 s) joined by the one-way trunk. J_b in Hz (H = 2π·547 rad/s·(I⁺I⁻ + h.c.)), Γ_eff = 13 s⁻¹ (= |ln 7/8|·100 s⁻¹). Lindblad solver (mesolve finds the (m_top, m_roots) blocks).',
  },
  {
    id: 's000-fig6b', model: 'nuclear-transport',
    caption: 'Fig. 6b (top): three-site ring from |↑↓↓⟩ — uniform limit polarization −1/3.',
    params: { ...base, topology: 'ring', sites: 3, initial: 'first-up', tMax: 0.5, points: 201, outputs: 'P', seriesSuffix: ' eff' },
  },
  {
    id: 's000-fig6b-bottom', model: 'nuclear-transport',
    caption: 'Fig. 6b (bottom): three-site ring from unpolarized nuclei — stays unpolarized.',
    params: { ...base, topology: 'ring', sites: 3, initial: 'unpolarized', tMax: 0.5, points: 201, outputs: 'P', seriesSuffix: ' eff' },
    // P_j = 0 to rounding (1e-16): on an autoscaled axis that noise filled the plot.
    plot: { yDomain: [-1, 1] }, yLabel: 'P_j',
  },
  {
    id: 's000-fig6c', model: 'nuclear-transport',
    caption: 'Fig. 6c (top): currents K12, K23, K31 and voltages V12, V23, V31 of the three-site ring from |↑↓↓⟩.',
    params: { ...base, topology: 'ring', sites: 3, initial: 'first-up', tMax: 0.6, points: 201, outputs: 'K,V', seriesSuffix: ' eff' },
    notes: 'Persistent current K = Γ_eff m(N−m)/(N(N−1)) = Γ_eff/3 = 4.45 s⁻¹ for m = 1, N = 3 (TASEP on a ring).',
  },
  {
    id: 's000-fig6c-bottom', model: 'nuclear-transport',
    caption: 'Fig. 6c (bottom): currents and voltages of the three-site ring from unpolarized nuclei.',
    params: { ...base, topology: 'ring', sites: 3, initial: 'unpolarized', tMax: 0.6, points: 201, outputs: 'K,V', seriesSuffix: ' eff' },
    notes: 'Persistent current Γ_eff/4 for any N from the unpolarized start, although P = 0.',
  },
  {
    id: 's000-fig6d', model: 'nuclear-transport',
    caption: 'Fig. 6d: persistent ring current K (and voltage V) vs N from |↑↓…↓⟩.',
    params: { ...base, topology: 'ring', analysis: 'ring-current-vs-n', sizes: [3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16], initial: 'first-up' },
    notes: 'K = Γ_eff/N and V = 1/N exactly (one particle on a TASEP ring); rate-equation limit and closed form.',
  },
  {
    id: 's000-fig7b', model: 'nuclear-transport',
    caption: 'Fig. 7b: ten-site chain from unpolarized nuclei, P_j(t).',
    params: { ...base, topology: 'chain', sites: 10, initial: 'unpolarized', tMax: 2, points: 201, outputs: 'P' },
  },
  {
    id: 's000-fig7c', model: 'nuclear-transport',
    caption: 'Fig. 7c: ten-site chain, currents K_{j,j+1}(t) and the end-to-end voltage V_{10,1}.',
    params: { ...base, topology: 'chain', sites: 10, initial: 'unpolarized', tMax: 2, points: 201, outputs: 'K,V' },
    notes: 'Currents vanish at long times; V_{10,1} → Pr(site 10 ↑, site 1 ↓) = 1 − 2/2^10 in the domain-wall limit (Eq. 12).',
  },
];
