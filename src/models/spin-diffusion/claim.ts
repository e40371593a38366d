/**
 * Item 4 of issue 13: the paper's "≈17×" — D(r_h, P̄ = 0.5)/D(r_h, P̄ = 0.9993) at r_h = 0.9 nm —
 * under the default conventions and each alternative of geometry.ts, one at a time, for Eq. 9
 * and for the asymmetric (spin-½) process.
 */
import { diffusionCoefficient, type Conventions, type SampleParams } from './geometry.js';

export interface ConventionRow {
  label: string;
  conventions: Conventions;
  sample: SampleParams;
  eq9: number;
  asymmetric: number;
}

/** The ratio table (rows: default, then one option changed per row). */
export function conventionTable(rh: number, pOn: number, pOff: number, sample: SampleParams, base: Conventions): ConventionRow[] {
  const variants: { label: string; c: Conventions; s: SampleParams }[] = [
    { label: 'default (rms, Δ×1, Γ₂^(II) = 2π·11 kHz, Γ₁ included)', c: base, s: sample },
    { label: 'angular average ⟨|3cos²θ−1|⟩', c: { ...base, angularAverage: 'abs' }, s: sample },
    { label: 'no angular factor', c: { ...base, angularAverage: 'none' }, s: sample },
    { label: 'Δ × ½ (S_z = P/2)', c: { ...base, deltaMultiplier: 0.5 }, s: sample },
    { label: 'Δ × 2 (printed σ_z = 2(I₁z − I₂z))', c: { ...base, deltaMultiplier: 2 }, s: sample },
    { label: 'Γ₂^(II) = HWHM as a rate (11e3 s⁻¹)', c: { ...base, linewidth: 'rate' }, s: sample },
    { label: 'Γ₂^(II) = FWHM as a rate (22e3 s⁻¹)', c: { ...base, linewidth: 'rate' }, s: { ...sample, linewidthHz: 2 * sample.linewidthHz } },
    { label: 'Γ₁ (Eq. 6) left out of Γ₂', c: { ...base, includeT1: false }, s: sample },
  ];
  return variants.map((v) => ({
    label: v.label, conventions: v.c, sample: v.s,
    eq9: diffusionCoefficient(rh, pOn, v.s, v.c) / diffusionCoefficient(rh, pOff, v.s, v.c),
    asymmetric: diffusionCoefficient(rh, pOn, v.s, v.c, 'asymmetric') / diffusionCoefficient(rh, pOff, v.s, v.c, 'asymmetric'),
  }));
}
