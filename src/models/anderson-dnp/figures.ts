/**
 * Figure definitions of seed 001 (Rodríguez-Arias, Müller, Rosso, De Luca,
 * "Exactly solvable model for dynamic nuclear polarization", PRB 98, 224202
 * (2018)). Table I parameters unless stated, w/2π = 108 MHz; x in Hz;
 * error bars are standard errors of the disorder mean (the paper shows one
 * standard deviation; data.json keeps both). The dashed line marks
 * t_c = w/16.536 (the Anderson transition, the paper's ref. 32).
 *
 * L = 18/20 figures use the KPM route (minutes, not core-hours); Figs. 2 and
 * 6 use dense diagonalization at L = 8.
 */
import type { FigureDefinition } from '../types.js';
import { CRITICAL_RATIO } from './model.js';

const MODEL = 'anderson-dnp';
const W_HZ = 108e6;
const T_C = W_HZ / CRITICAL_RATIO;
const RULE = [{ x: T_C, label: 't_c = w/16.536' }];

/** Hopping values of the P_n(t) figures (Figs. 3–5), denser around t_c ≈ 6.5 MHz. */
const T_SWEEP = ['0.5 MHz', '1 MHz', '1.5 MHz', '2 MHz', '3 MHz', '4 MHz', '5 MHz', '6 MHz', '6.5 MHz', '7 MHz', '8 MHz', '9 MHz', '10 MHz', '12 MHz', '14 MHz', '17 MHz', '20 MHz', '25 MHz', '30 MHz'];
/** Fig. 7 (C(ω_n) vs t). */
const T_SWEEP_C = ['1 MHz', '2 MHz', '3 MHz', '4 MHz', '5 MHz', '6 MHz', '6.5 MHz', '7 MHz', '8 MHz', '10 MHz', '12 MHz', '15 MHz', '20 MHz', '25 MHz', '30 MHz'];

const KPM_L18 = { L: 18, method: 'kpm', realizations: 60, moments: 256, sites: 256 };
const KPM_NOTE = 'KPM route at L = 18: 256 Chebyshev moments (Jackson kernel, σ/2π ≈ 0.6–3.4 MHz over the t range), 256 of 5832 sites sampled per realization for the correlator 𝒦; the T2n Lorentzian as (π/T2n)δ. Error bars: standard errors (the paper: one standard deviation).';

export const andersonDnpFigures: FigureDefinition[] = [
  {
    id: 's001-fig2', model: 'overlay',
    caption: 'Fig. 2: density of states of the 3D Anderson model, L = 8, w = 108 (2π MHz), t = 1, 5, 8, 14 (2π MHz), 100 realizations.',
    params: {
      parts: [1, 5, 8, 14].map((t) => ({
        model: MODEL, params: { L: 8, t: t * 1e6, method: 'exact', realizations: 100, series: 'dos' }, rename: { dos: `t/2π = ${t} MHz` },
      })),
    },
    notes: 'Exact diagonalization; DOS histogram with 2 MHz bins (the paper does not state its binning), per Hz, standard errors over realizations.',
  },
  {
    id: 's001-fig3', model: MODEL,
    caption: 'Fig. 3: average nuclear polarization vs hopping t, Anderson model vs GOE wave functions on the same levels, L = 18, 60 realizations.',
    params: { ...KPM_L18 },
    sweep: {
      parameters: ['t'], values: [T_SWEEP],
      scalars: ['Pn', 'Pn_goe', 'Pn_eq22', 'Pn_goe_eq22'],
      labels: { Pn: 'Anderson', Pn_goe: 'GOE', Pn_eq22: 'Anderson, Eq. 22 weights', Pn_goe_eq22: 'GOE, Eq. 22 weights' },
    },
    rules: RULE, yLabel: 'stationary nuclear polarization P_n',
    plot: { methods: [{ suffix: '', label: 'Eq. 19 weights' }, { suffix: ', Eq. 22 weights', label: 'Eq. 22 weights (N_e/4)' }] },
    notes: `Eq. 20 with Eq. 19 as written (Anderson, GOE; solid) and with Eq. 22's N_e/4 weights (dashed), both with the sign of Eq. 19. GOE = Eq. 23 (𝒦 = ρρ of the same realization). ${KPM_NOTE}`,
  },
  {
    id: 's001-fig4a', model: MODEL,
    caption: 'Fig. 4 (left): P_n vs t for ω_MW − ω_e = −40, −30, −20, −10 (2π MHz), ω_n = 20 (2π MHz), L = 18, 60 realizations.',
    params: { ...KPM_L18, omegaMW: 93.86e9, omegaMWs: [93.87e9, 93.88e9, 93.89e9] },
    sweep: {
      parameters: ['t'], values: [T_SWEEP],
      scalars: ['Pn', 'Pn(dMW=-30MHz)', 'Pn(dMW=-20MHz)', 'Pn(dMW=-10MHz)'],
      labels: { Pn: '(ω_MW − ω_e)/2π = −40 MHz', 'Pn(dMW=-30MHz)': '(ω_MW − ω_e)/2π = −30 MHz', 'Pn(dMW=-20MHz)': '(ω_MW − ω_e)/2π = −20 MHz', 'Pn(dMW=-10MHz)': '(ω_MW − ω_e)/2π = −10 MHz' },
    },
    rules: RULE, yLabel: 'stationary nuclear polarization P_n',
    notes: `All four ω_MW on the same realizations (correlated errors). ${KPM_NOTE}`,
  },
  {
    id: 's001-fig4b', model: MODEL,
    caption: 'Fig. 4 (right): P_n vs t for ω_n = 5, 10, 20, 40 (2π MHz), ω_MW = 93.86 (2π GHz), L = 18, 60 realizations.',
    params: { ...KPM_L18, omegaN: 5e6, omegaNs: [10e6, 20e6, 40e6] },
    sweep: {
      parameters: ['t'], values: [T_SWEEP],
      scalars: ['Pn', 'Pn(wn=10MHz)', 'Pn(wn=20MHz)', 'Pn(wn=40MHz)'],
      labels: { Pn: 'ω_n/2π = 5 MHz', 'Pn(wn=10MHz)': 'ω_n/2π = 10 MHz', 'Pn(wn=20MHz)': 'ω_n/2π = 20 MHz', 'Pn(wn=40MHz)': 'ω_n/2π = 40 MHz' },
    },
    rules: RULE, yLabel: 'stationary nuclear polarization P_n',
    notes: `The paper does not print its ω_n values; 5, 10, 20, 40 MHz chosen. All on the same realizations. ${KPM_NOTE}`,
  },
  {
    id: 's001-fig5', model: MODEL,
    caption: 'Fig. 5: ISS rates of Eq. 22 normalized by the leakage term vs t: difference (numerator) and sum (denominator), Fig. 3 parameters.',
    params: { ...KPM_L18 },
    sweep: {
      parameters: ['t'], values: [T_SWEEP],
      scalars: ['iss_difference', 'iss_sum'],
      labels: { iss_difference: 'difference D/Λ', iss_sum: 'sum S/Λ' },
    },
    rules: RULE, yScale: 'log', yLabel: 'ISS rate / leakage term (D/Λ, S/Λ)',
    notes: `D/Λ and S/Λ with Eq. 19's weights (Eq. 22's are a quarter of these). Where S/Λ exceeds 1 the leakage term does not dominate the denominator. ${KPM_NOTE}`,
  },
  {
    id: 's001-fig6', model: 'overlay',
    caption: 'Fig. 6: factors of the Eq. 24 integrand at ω_n = 20 (2π MHz): P_B(ε) − P_B(ε + ω_n) and ρ(ε)ρ(ε + ω_n) (scaled to max 1) for t = 1, 5, 8, 14 (2π MHz).',
    params: {
      parts: [1, 5, 8, 14].map((t, i) => ({
        model: MODEL, params: { L: 8, t: t * 1e6, method: 'exact', realizations: 50, series: 'integrand' },
        // bias-difference does not depend on t: keep it once, from the widest grid (t = 14 MHz).
        rename: { 'rho-rho': `ρρ, t/2π = ${t} MHz`, 'bias-difference': i < 3 ? null : 'P_B(ε) − P_B(ε + ω_n)' },
      })),
    },
    notes: 'Exact DOS (L = 8, 50 realizations, 2 MHz bins); ρ(ε + ω_n) by linear interpolation between bins. bias-difference as captioned, P_B(ε) − P_B(ε + ω_n); ρρ = ρ(ε)ρ(ε + ω_n) (short legend names: the long ones were cut).',
  },
  {
    id: 's001-fig7', model: MODEL,
    caption: 'Fig. 7: eigenfunction correlation C(ω_n) of Eq. 30 vs t for ω_n = 1 … 5 (2π MHz), L = 20, 10 realizations.',
    params: { L: 20, method: 'kpm', realizations: 10, moments: 1024, sites: 256, cOmegas: [1e6, 2e6, 3e6, 4e6, 5e6] },
    sweep: {
      parameters: ['t'], values: [T_SWEEP_C],
      scalars: ['C(1 MHz)', 'C(2 MHz)', 'C(3 MHz)', 'C(4 MHz)', 'C(5 MHz)'],
      labels: { 'C(1 MHz)': 'ω_n/2π = 1 MHz', 'C(2 MHz)': 'ω_n/2π = 2 MHz', 'C(3 MHz)': 'ω_n/2π = 3 MHz', 'C(4 MHz)': 'ω_n/2π = 4 MHz', 'C(5 MHz)': 'ω_n/2π = 5 MHz' },
    },
    rules: RULE, yLabel: 'eigenfunction correlation C(ω_n)',
    notes: 'KPM route, 1024 moments (σ/2π ≈ 0.15–0.85 MHz over the t range: at small ω the broadened self-overlap I₂δ(ω) of Eq. 28 biases C upward where σ is not ≪ ω), 256 sites per realization; C = ΣK/ΣR pooled over realizations, jackknife errors.',
  },
];
