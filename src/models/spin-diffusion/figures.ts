/**
 * Figures of seed 002 (Chessari, Cousin, Jannin & Stern, PRB 107, 224429 (2023)). Fig. 1 is a
 * schematic and Fig. 2 experimental data: neither has an id. Data in SI (r in m, D in m²/s,
 * W/D₁₂² in s); r is displayed in nm.
 */
import type { FigureDefinition } from '../types.js';

const MODEL = 'spin-diffusion';

export const spinDiffusionFigures: FigureDefinition[] = [
  {
    id: 's002-fig3a', model: MODEL,
    caption: 'Fig. 3(a): D(r) = W a² (Eq. 9) for P̄ = 0, 0.1, …, 1 and 0.9993; circles at r_h for P̄ = 0.5 and 0.9993; grey: Γ_c < |A_z|.',
    params: { mode: 'fig3a' },
    notes: 'a = 0.66 nm, τ_c = 0.5 µs (Γ_c = 2e6 s⁻¹), Γ₂^(II) = 2π·11 kHz, B₀ = 7.05 T; RMS orientation average. See docs/reproduction.md (seed 002) for the 17× ratio and the validity limit.',
    xScale: 'log', yScale: 'log',
  },
  {
    id: 's002-fig3b', model: MODEL,
    caption: 'Fig. 3(b): D(r) at P̄ = 0.7 — exact (Eq. 9) vs slow (Eq. 10) and fast (Eq. 11) limits, corrected and as printed.',
    params: { mode: 'fig3b', pBar: 0.7 },
    notes: 'Corrected Eq. 10 uses √(1−P̄²); corrected Eq. 11 uses Γ₂⋆ = Γ₂ + (1−P̄²)Δ²/Γ_c. Colour: the curve (exact, slow, fast); line style: solid = Eq. 9 and the corrected limits, dashed = the limits as printed.',
    xScale: 'log', yScale: 'log',
    plot: { methods: [{ suffix: '', label: 'Eq. 9 / corrected limits' }, { suffix: '-printed', label: 'limits as printed' }] },
  },
  {
    id: 's002-telegraph-check', model: MODEL,
    caption: 'Eq. 9 vs the stochastic Liouville equation and Monte Carlo of telegraph noise: W/D₁₂² at Δ/Γ_c = 0.1, 1, 20 for P̄ = 0.5, 0.7 (symmetric and asymmetric processes).',
    params: { mode: 'telegraph' },
    notes: 'Ours (item 3 of issue 13). Γ_c = 2e6 s⁻¹, Γ₂ = 2π·11 kHz. data.json meta lists D₁₂, T, window, seeds and trajectories per point.',
    xScale: 'log', yScale: 'log',
  },
  {
    id: 's002-claim17', model: MODEL,
    caption: 'The "≈17×" claim: D(r, 0.5)/D(r, 0.9993) vs r, for Eq. 9 and the asymmetric process; meta: the convention table at r_h.',
    params: { mode: 'claim17' },
    notes: 'Ours. The default conventions give ≈ 6.9 at r_h; Δ × 2 (the printed σ_z) gives ≈ 16.9 — see docs/reproduction.md.',
    xScale: 'linear', yScale: 'log',
  },
  {
    id: 's002-spectra', model: MODEL,
    caption: 'F(ω) (Eq. 4), S(ω) (Eq. 8) and Γ_c·S·F at r_h for P̄ = 0.5 and 0.9993.',
    params: { mode: 'spectra' },
    notes: 'Ours. x stored in rad/s, shown as ω/2π in MHz.',
    xScale: 'linear', yScale: 'log',
  },
  {
    id: 's002-hypres', model: MODEL,
    caption: 'Prediction of the HypRes experiment (Fig. 2): radial spin diffusion with D(r) of Eq. 9, hidden (r < r_h) and visible (r > r_h) mean polarization for µw off (P̄ = 0.9993) and on (P̄ = 0.5).',
    params: { mode: 'hypres' },
    notes: 'Ours (item 7 of issue 13). r ∈ [0.3 nm, r_MV], reflecting walls, hidden spins start at 0.7, visible at 0, T₁ₙ = ∞; r_min, the initial profile and T₁ₙ are not given by the paper (docs/reproduction.md).',
    xScale: 'log', yScale: 'linear',
  },
];
