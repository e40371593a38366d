/**
 * Order-of-magnitude estimator of the seed paper's "Experimental
 * realizations" section and Table I.
 *
 * A resonator of size l × w × h (l ≫ w, h) made of a chiral crystal supports
 * modes k_z = nπ/l; the fundamental (n = 1) transverse-acoustic modes with
 * pseudo-angular momentum +L have frequencies f_± = v_± k_z / 2π = v_±/(2l)
 * for ±k_z (Table I group velocities). Zero-point strain
 *
 *   u_zpf = √(ħω / (2ρ v² V)),   ω = 2π f,  V = l w h     (paper, SI)
 *
 * and spin–phonon coupling g = Ξ u_zpf (Ξ in Hz per unit strain, Eq. 1;
 * g in Hz), or g = Ξ u for a driven strain u. The spin is tuned Δ above the
 * (+k_z, +L) mode, so the (−k_z, +L) mode is detuned by Δ' = |f_− − f_+ − Δ|
 * (or a stated Δ'). Then γ = 2g²/Δ, γ' = 2g'²/Δ' (Hz, the paper's formula).
 *
 * Densities are not given in the paper; ours are handbook values (below).
 */
import { HBAR } from '../../quantum/states.js';

export interface ChiralMaterial {
  name: string;
  /** Mass density, kg/m³ (our input, not from the paper). */
  density: number;
  /** Group velocities (m/s) of the (+k_z, +L) and (−k_z, +L) TA modes (Table I). */
  vPlus: number;
  vMinus: number;
  densitySource: string;
}

/** Table I velocities with handbook densities. */
export const CHIRAL_MATERIALS: readonly ChiralMaterial[] = [
  { name: 'α-SiO2', density: 2650, vPlus: 4.2e3, vMinus: 5.0e3, densitySource: 'α-quartz 2.65 g/cm³ (CRC Handbook of Chemistry and Physics)' },
  { name: 'α-HgS', density: 8100, vPlus: 1.3e3, vMinus: 1.6e3, densitySource: 'cinnabar 8.1 g/cm³ (CRC Handbook)' },
  { name: 'α-TeO2', density: 6000, vPlus: 2.5e3, vMinus: 2.4e3, densitySource: 'paratellurite ≈ 6.0 g/cm³ (Uchida & Ohmachi, J. Appl. Phys. 40, 4692 (1969))' },
];

export interface EstimatorInput {
  material: ChiralMaterial;
  /** Resonator dimensions (m). */
  length: number;
  width: number;
  height: number;
  /** Response function Ξ = ∂D/∂u or ∂Q/∂u (Hz per unit strain). */
  xi: number;
  /** Spin detuning Δ from the (+k_z, +L) mode (Hz). */
  detuning: number;
  /** Stated detuning Δ' of the (−k_z, +L) mode (Hz); default from the dispersion. */
  detuningReverse?: number;
  /** Driven strain amplitude u (replaces u_zpf in g when given). */
  drivenStrain?: number;
}

export interface EstimatorOutput {
  /** Mode frequencies f_± (Hz) and volume (m³). */
  fPlus: number;
  fMinus: number;
  volume: number;
  uZpfPlus: number;
  uZpfMinus: number;
  /** Couplings in Hz. */
  g: number;
  gReverse: number;
  detuning: number;
  detuningReverse: number;
  gamma: number;
  gammaReverse: number;
  /** γ/γ'. */
  nonReciprocity: number;
}

/** u_zpf = √(ħω/(2ρv²V)) for the n = 1 mode of velocity v in a resonator of length l (SI). */
export function zeroPointStrain(density: number, velocity: number, length: number, volume: number): number {
  const omega = (velocity * Math.PI) / length;
  return Math.sqrt((HBAR * omega) / (2 * density * velocity * velocity * volume));
}

/** The estimate for one material and geometry (formulas in the module comment). */
export function estimateCouplings(input: EstimatorInput): EstimatorOutput {
  const { material: m, length, width, height, xi, detuning } = input;
  for (const [k, v] of [['length', length], ['width', width], ['height', height], ['xi', xi], ['detuning', detuning]] as const) {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${k}: must be finite and > 0, got ${v}`);
  }
  const volume = length * width * height;
  const fPlus = m.vPlus / (2 * length), fMinus = m.vMinus / (2 * length);
  const uP = zeroPointStrain(m.density, m.vPlus, length, volume);
  const uM = zeroPointStrain(m.density, m.vMinus, length, volume);
  const g = xi * (input.drivenStrain ?? uP);
  const gR = xi * (input.drivenStrain ?? uM);
  const dR = input.detuningReverse ?? Math.abs(fMinus - fPlus - detuning);
  const gamma = (2 * g * g) / detuning, gammaR = (2 * gR * gR) / dR;
  return { fPlus, fMinus, volume, uZpfPlus: uP, uZpfMinus: uM, g, gReverse: gR, detuning, detuningReverse: dR, gamma, gammaReverse: gammaR, nonReciprocity: gamma / gammaR };
}

export interface Table1Row extends EstimatorOutput {
  label: string;
  material: string;
  /** The paper's statement for this row, for comparison (Hz), where it gives one. */
  paper?: { g?: number; gamma?: number; gammaReverse?: number };
}

/**
 * The rows of our Table I / "Experimental realizations" reproduction: electron
 * spins (Ξ^S = 10 GHz, l = 1 µm, w = h = 0.1 µm, Δ = 10 kHz) in the three
 * materials, with Δ' from the dispersion and with the stated Δ' = 0.1 GHz;
 * nuclear spins (Ξ^I = 1 MHz, l = 1 mm) from the zero-point field with
 * w = h = 0.1 µm and with w = h = 0.1 mm, and with a driven strain u = 1e-4.
 * The nuclear Δ = 1 kHz is our choice (the paper states none).
 */
export function table1Rows(overrides: Partial<Pick<EstimatorInput, 'length' | 'width' | 'height' | 'xi' | 'detuning'>> = {}): Table1Row[] {
  const e = { length: 1e-6, width: 1e-7, height: 1e-7, xi: 10e9, detuning: 10e3, ...overrides };
  const rows: Table1Row[] = [];
  for (const m of CHIRAL_MATERIALS) {
    rows.push({ label: `electron, ${m.name}, Δ' from Table I velocities`, material: m.name, ...estimateCouplings({ material: m, ...e }), ...(m.name === 'α-SiO2' ? { paper: { g: 1e3, gamma: 0.1e3 } } : {}) });
  }
  const sio2 = CHIRAL_MATERIALS[0];
  rows.push({ label: "electron, α-SiO2, stated Δ' = 0.1 GHz", material: sio2.name, ...estimateCouplings({ material: sio2, ...e, detuningReverse: 0.1e9 }), paper: { g: 1e3, gamma: 0.1e3, gammaReverse: 0.01 } });
  const nuc = { xi: 1e6, detuning: 1e3, length: 1e-3 };
  rows.push({ label: 'nuclear, α-SiO2, zero-point, l = 1 mm, w = h = 0.1 µm', material: sio2.name, ...estimateCouplings({ material: sio2, ...nuc, width: 1e-7, height: 1e-7 }), paper: { g: 1e-4 } });
  rows.push({ label: 'nuclear, α-SiO2, zero-point, l = 1 mm, w = h = 0.1 mm', material: sio2.name, ...estimateCouplings({ material: sio2, ...nuc, width: 1e-4, height: 1e-4 }), paper: { g: 1e-4 } });
  rows.push({ label: 'nuclear, α-SiO2, driven strain u = 1e-4', material: sio2.name, ...estimateCouplings({ material: sio2, ...nuc, width: 1e-7, height: 1e-7, drivenStrain: 1e-4 }), paper: { g: 100 } });
  return rows;
}
