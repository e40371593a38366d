import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  angularFactor, B_EH, B_HH, CODATA, couplingsAt, diffusionCoefficient, dipolarConstant, electronPolarization, hyperfineDifference,
  hyperfineZ, meanVolumeRadius, protonPolarization, pseudosecularSquared, validityRadius, DEFAULT_CONVENTIONS, DEFAULT_SAMPLE,
} from '../../../src/models/spin-diffusion/geometry.js';
import { flipFlopRatePerD2 } from '../../../src/models/spin-diffusion/flip-flop.js';
import { integrateAdaptive } from '../../../src/linalg/quadrature.js';

/** ⟨g(θ)⟩ over the sphere = ½∫₀^π g(θ) sinθ dθ, by adaptive quadrature (breakpoint at the magic angle). */
const sphere = (g: (t: number) => number): number =>
  0.5 * integrateAdaptive((t) => g(t) * Math.sin(t), 0, Math.PI, [Math.acos(1 / Math.sqrt(3)), Math.PI - Math.acos(1 / Math.sqrt(3))], { relTol: 1e-14 }).value;

test('orientation averages by quadrature over the sphere: 4/5, 6/5 and 4/(3√3)', () => {
  const p2 = (t: number): number => 3 * Math.cos(t) ** 2 - 1;
  const ms = sphere((t) => p2(t) ** 2);
  const ps = sphere((t) => (3 * Math.sin(t) * Math.cos(t)) ** 2);
  const ab = sphere((t) => Math.abs(p2(t)));
  // Smooth integrands on a partition at the kinks: rounding-level agreement.
  assert.ok(Math.abs(ms - 4 / 5) <= 1e-13, `⟨(3cos²θ−1)²⟩ = ${ms}`);
  assert.ok(Math.abs(ps - 6 / 5) <= 1e-13, `⟨9sin²θcos²θ⟩ = ${ps}`);
  assert.ok(Math.abs(ab - 4 / (3 * Math.sqrt(3))) <= 1e-13, `⟨|3cos²θ−1|⟩ = ${ab}`);
  assert.ok(Math.abs(angularFactor('rms') ** 2 - ms) <= 1e-13);
  assert.ok(Math.abs(angularFactor('abs') - ab) <= 1e-13);
  const r = 0.8e-9;
  assert.ok(Math.abs(pseudosecularSquared(r) / ((B_EH / r ** 3) ** 2 * ps) - 1) <= 1e-13);
});

test('couplings: b_eH, b_HH from CODATA 2018; Δ(r) on one ray; D₁₂; A_z at r_h ≈ 100 kHz as the paper says', () => {
  assert.ok(Math.abs(B_EH / (1e-7 * 1.76085963023e11 * 2.6752218744e8 * 1.054571817e-34) - 1) < 1e-9); // μ₀/4π = 1e-7 to 6e-10
  const r = 0.9e-9, a = 0.66e-9;
  assert.ok(Math.abs(hyperfineDifference(r, a) - (hyperfineZ(r) - hyperfineZ(r + a))) <= 1e-9 * hyperfineZ(r));
  assert.ok(Math.abs(hyperfineDifference(r, a, { ...DEFAULT_CONVENTIONS, deltaMultiplier: 2 }) / hyperfineDifference(r, a) - 2) < 1e-15);
  assert.ok(Math.abs(dipolarConstant(a) - (B_HH * Math.sqrt(0.8)) / (2 * a ** 3)) <= 1e-12 * dipolarConstant(a));
  // "proton spins have a coupling of 100 kHz with the electron" at r_h: RMS A_z/2π = 97.0 kHz.
  const hz = hyperfineZ(r) / (2 * Math.PI);
  assert.ok(hz > 95e3 && hz < 100e3, `A_z(r_h)/2π = ${hz}`);
});

test('Boltzmann polarizations: P_e(1.2 K, 7.05 T) = 99.93 % and P_H = 0.60 % to the paper\'s digits; P_e(4.2 K) is 81 %, not 83 %', () => {
  assert.equal((100 * electronPolarization(7.05, 1.2)).toFixed(2), '99.93');
  assert.equal((100 * protonPolarization(7.05, 1.2)).toFixed(2), '0.60');
  assert.equal((100 * electronPolarization(7.05, 4.2)).toFixed(0), '81');
  assert.throws(() => electronPolarization(7.05, 0), /^RangeError: temperature:/);
});

test('markers: r_MV(50 mM) ≈ 1.99 nm; validity radius 0.606 nm in consistent units, 0.34 nm only in the paper\'s Hz-vs-s⁻¹ reading', () => {
  const rmv = meanVolumeRadius(0.05);
  assert.ok(Math.abs((4 / 3) * Math.PI * rmv ** 3 * 0.05 * 1000 * CODATA.NA - 1) < 1e-12);
  const gc = 1 / DEFAULT_SAMPLE.tauC;
  const rv = validityRadius(gc);
  assert.ok(Math.abs(hyperfineZ(rv) / gc - 1) < 1e-12); // Γ_c = |A_z,rms| in rad/s
  assert.equal((validityRadius(gc, 'none', 'hz') * 1e9).toFixed(2), '0.34');
  assert.throws(() => meanVolumeRadius(-1), /^RangeError: concentration:/);
});

test('D(r) = W a² with the couplings at r; bad conventions are one-line RangeErrors naming the option', () => {
  const k = couplingsAt(1e-9, 0.5);
  const d = diffusionCoefficient(1e-9, 0.5);
  assert.ok(Math.abs(d / (k.d12 ** 2 * flipFlopRatePerD2(k) * DEFAULT_SAMPLE.a ** 2) - 1) < 1e-15);
  // Γ₂ = Γ₁,1 + Γ₁,2 + 2π·11 kHz; Γ₁ terms vanish at P̄ = 1.
  assert.equal(couplingsAt(1e-9, 1).gamma2, 2 * Math.PI * 11e3);
  assert.ok(k.gamma11 > k.gamma12 && k.gamma12 > 0);
  assert.throws(() => couplingsAt(1e-9, 0.5, DEFAULT_SAMPLE, { ...DEFAULT_CONVENTIONS, deltaMultiplier: 3 }), /^RangeError: deltaMultiplier:/);
  assert.throws(() => couplingsAt(1e-9, 0.5, DEFAULT_SAMPLE, { ...DEFAULT_CONVENTIONS, angularAverage: 'max' as never }), /^RangeError: angularAverage:/);
  assert.throws(() => couplingsAt(-1e-9, 0.5), /^RangeError: r:/);
  assert.throws(() => couplingsAt(1e-9, 0.5, { ...DEFAULT_SAMPLE, tauC: 0 }), /^RangeError: tauC:/);
});
