/**
 * Figures of seed 000 reproduced with the full electron–nuclear model.
 * Effective-model overlays (series "P1 eff", …) come from the nuclear-transport model.
 */
import type { FigureDefinition } from '../types.js';

const FIG4 = { topology: 'chain', sites: 4, Jd: 62e3, gammaE: 100, tEnd: 0.5, points: 201, ntraj: 6, method: 'mc' };

export const dressedChainFigures: FigureDefinition[] = [
  {
    id: 's000-fig2a', model: 'dressed-chain',
    caption: 'Fig. 2a: 4-spin set |↑,0,+½,↓⟩ in the dark — reversible P1 ↔ P2 exchange (QME of Eq. 1)',
    params: { topology: 'pair', Jd: 247e3, gammaOp: 0, gammaE: 0, method: 'me', tEnd: 2e-4, points: 401 },
    notes: 'Field at the resonance of the full Hamiltonian (not Eq. A.6). Period 1/(2 J_eff) with J_eff = 9.15 kHz from the full H (paper: 17 kHz, see docs/reproduction.md). Initial nuclear arrows in the dressed basis.',
  },
  {
    id: 's000-fig2b', model: 'dressed-chain',
    caption: 'Fig. 2b (left): one-way transfer P1 → P2 under pumping of S at the critical rate — QME (solid) and QJM (series "… QJM", 100 trajectories)',
    params: { topology: 'pair', Jd: 247e3, gammaE: 0, method: 'both', ntraj: 100, tEnd: 2e-4, points: 201 },
    notes: 'Default Γ_op = 2π·J_eff with J_eff from the full Hamiltonian; field at its resonance. QJM agrees with the QME within its standard errors (tested).',
  },
  {
    id: 's000-fig2b-sweep', model: 'dressed-chain',
    caption: 'Fig. 2b (right): final P1, P2 after 0.2 ms versus the pumping rate Γ_op',
    params: { topology: 'pair', Jd: 247e3, gammaE: 0, method: 'me', tEnd: 2e-4, points: 401 },
    sweep: { parameters: ['gammaOp'], values: [[5e3, 1e4, 2e4, 5.7e4, 1e5, 2e5, 5e5, 1e6]], scalars: ['P1_final', 'P2_final'] },
    notes: 'The paper computes this panel by QJM; the QME gives the exact ensemble average.',
    xScale: 'log',
  },
  {
    id: 's000-fig4a', model: 'dressed-chain',
    caption: 'Fig. 4a: 4-site chain, nucleus 1 up, others down, electrons mixed (QJM, 6 trajectories)',
    params: { ...FIG4, nuclearPolarization: [1, -1, -1, -1] },
    notes: 'J_d = 62 kHz gives J_eff = 312 Hz from the full H (paper: 547 Hz). Γ_op = 2π·J_eff, Γ_e = 100 s⁻¹ on S\'.',
  },
  {
    id: 's000-fig4b', model: 'dressed-chain',
    caption: 'Fig. 4b: 4-site chain, nucleus 1 up, others unpolarized (QJM)',
    params: { ...FIG4, nuclearPolarization: [1, 0, 0, 0] },
  },
  {
    id: 's000-fig4c', model: 'dressed-chain',
    caption: 'Fig. 4c: 4-site chain, all nuclei unpolarized (QJM): P1 < 0 < P4, Pc conserved',
    params: { ...FIG4 },
  },
  {
    id: 's000-fig6b', model: 'dressed-chain',
    caption: 'Fig. 6b: 3-site ring, initial |↑,↓,↓⟩ (QJM of the full model, 28 trajectories)',
    params: { ...FIG4, topology: 'ring', sites: 3, ntraj: 28, nuclearPolarization: [1, -1, -1] },
    notes: 'Lower panel: nuclearPolarization [] (unpolarized).',
  },
  {
    id: 's000-fig8a', model: 'dressed-chain',
    caption: "Fig. 8a: 3-site chain with a defect (A'_1 = A'_3 = 3.75 MHz, A'_2 = 4.25 MHz), static field scan",
    params: { topology: 'chain', sites: 3, Jd: 247e3, ApZz: 3.75e6, ApZx: 3.75e6, overrides: { 2: { ApZz: 4.25e6, ApZx: 4.25e6 } }, gammaE: 100, tEnd: 0.2, points: 41, ntraj: 6, method: 'mc' },
    sweep: { parameters: ['fieldOffset'], values: [[-1e-5, -7.5e-6, -5e-6, -2.5e-6, 0, 2.5e-6, 5e-6, 7.5e-6, 1e-5]], scalars: ['P1_final', 'P2_final', 'P3_final', 'Pc_final'] },
    notes: '"All other conditions as in Fig. 2" read as J_d = 247 kHz; Γ_e = 100 s⁻¹ as Fig. 4 (Fig. 2 had none). Offsets relative to the full-H resonance of bond 1→2.',
  },
  {
    id: 's000-fig8c', model: 'dressed-chain',
    caption: 'Fig. 8c: defect chain under triangular field modulation (δB = 10 µT, single QJM run)',
    params: { topology: 'chain', sites: 3, Jd: 247e3, ApZz: 3.75e6, ApZx: 3.75e6, overrides: { 2: { ApZz: 4.25e6, ApZx: 4.25e6 } }, gammaE: 100, tEnd: 0.5, points: 201, ntraj: 1, method: 'mc', deltaB: 1e-5, gammaB: 50, segments: 64 },
    sweep: { parameters: ['gammaB'], values: [[10, 50, 200]] },
    notes: 'Γ_B values are not legible in the text; 10, 50, 200 Hz chosen to span slow to fast sweeps.',
  },
  {
    id: 's000-fig9', model: 'dressed-chain',
    caption: 'Fig. 9: eigenvalues of Eq. 18 over (δ_eff, Γ_op); EP at δ_eff = 0, Γ_op = J_eff',
    params: { mode: 'eq18', topology: 'pair', Jd: 62e3 },
    sweep: { parameters: ['deltaEff', 'gammaOp'], values: [[-4000, -3000, -2000, -1000, 0, 1000, 2000, 3000, 4000], [0, 500, 1000, 1500, 2000, 2271.4, 2500, 3000, 4000, 5000]], scalars: ['re1', 'im1', 're2', 'im2'] },
    notes: 'J_eff from the full 4-spin Hamiltonian at J_d = 62 kHz (2271 Hz); Eq. 18 in Hz.',
  },
];
