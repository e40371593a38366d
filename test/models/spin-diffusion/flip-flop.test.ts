import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  asymmetricRatePerD2, driveSpectrum, excitationSpectrum, fastLimitPerD2, flipFlopRate, flipFlopRateConvolutionPerD2,
  flipFlopRateParsevalPerD2, flipFlopRatePerD2, slowLimitPerD2, nuclearT1Rate, zeroQuantumRate,
} from '../../../src/models/spin-diffusion/flip-flop.js';
import { dipolarPairHamiltonian, pairSigmaZ } from '../../../src/models/spin-diffusion/pair-operators.js';
import { integrateAdaptive } from '../../../src/linalg/quadrature.js';

const GC = 2e6;
const G2 = 2 * Math.PI * 11e3;
const RATIOS = [1e-3, 1e-2, 0.1, 1, 10, 100, 1e3]; // Δ/Γ_c: fast … slow
const PBARS = [0, 0.5, 0.7, 0.9993];
const rel = (a: number, b: number): number => Math.abs(a / b - 1);

test('Eq. 9: closed form = adaptive convolution (≤ 1e-8) = Parseval form (≤ 1e-12) from fast to slow motion', () => {
  let worstConv = 0, worstPars = 0;
  for (const g2 of [G2, 1e3]) for (const x of RATIOS) for (const pBar of PBARS) {
    const p = { delta: x * GC, pBar, gammaC: GC, gamma2: g2 };
    const w = flipFlopRatePerD2(p);
    const c = flipFlopRateConvolutionPerD2(p);
    // The convolution is requested to 1e-12 relative; 1e-8 is the bound and leaves room for the
    // quadrature's (conservative) error estimate, which itself must be below 1e-8 relative.
    assert.ok(rel(c.perD2, w) <= 1e-8, `Δ/Γc=${x} P̄=${pBar} Γ₂=${g2}: convolution ${c.perD2} vs ${w}`);
    assert.ok(c.error <= 1e-8 * w);
    worstConv = Math.max(worstConv, rel(c.perD2, w));
    // Parseval and the closed form are the same rational function evaluated two ways: rounding only.
    const pr = flipFlopRateParsevalPerD2(p);
    assert.ok(rel(pr, w) <= 1e-12, `Δ/Γc=${x} P̄=${pBar}: Parseval ${pr} vs ${w}`);
    worstPars = Math.max(worstPars, rel(pr, w));
  }
  assert.ok(worstConv < 1e-8 && worstPars < 1e-12);
});

test('sum rules: (1/2π)∫F dω = (1/2π)∫S dω = 1 (≤ 1e-8)', () => {
  for (const x of [0.01, 1, 100]) for (const pBar of [0, 0.5, 0.9993]) {
    const p = { delta: x * GC, pBar, gammaC: GC };
    const b = Math.sqrt(1 - pBar * pBar) * p.delta;
    const pts = [0, b, -b, b * b / GC, -b * b / GC, GC, -GC];
    const f = integrateAdaptive((w) => driveSpectrum(w, p), -Infinity, Infinity, pts, { relTol: 1e-12, tailScale: Math.max(b, GC) });
    assert.ok(Math.abs(f.value / (2 * Math.PI) - 1) <= 1e-8, `F: Δ/Γc=${x} P̄=${pBar}: ${f.value / (2 * Math.PI)}`);
    const s = integrateAdaptive((w) => excitationSpectrum(w, p.delta * pBar, G2), -Infinity, Infinity, [-p.delta * pBar, -p.delta * pBar + G2, -p.delta * pBar - G2], { relTol: 1e-12, tailScale: G2 });
    assert.ok(Math.abs(s.value / (2 * Math.PI) - 1) <= 1e-8, `S: ${s.value / (2 * Math.PI)}`);
  }
});

test('limits of Eq. 9: P̄ = 1, P̄ = 0, Δ → 0', () => {
  for (const x of RATIOS) {
    const delta = x * GC, gb = GC + G2;
    // P̄ = 1: the non-degenerate pair, (D²/2)Γ₂/(Γ₂² + Δ²); the convolution path handles F = 2πδ(ω) analytically.
    const one = { delta, pBar: 1, gammaC: GC, gamma2: G2 };
    const ref1 = (0.5 * G2) / (G2 * G2 + delta * delta);
    assert.ok(rel(flipFlopRatePerD2(one), ref1) <= 1e-12);
    assert.ok(rel(flipFlopRateConvolutionPerD2(one).perD2, ref1) <= 1e-12);
    // P̄ = 0: (D²/2) Γ̄/(Δ² + Γ₂Γ̄).
    const ref0 = (0.5 * gb) / (delta * delta + G2 * gb);
    assert.ok(rel(flipFlopRatePerD2({ delta, pBar: 0, gammaC: GC, gamma2: G2 }), ref0) <= 1e-12);
  }
  // Δ → 0: D²/(2Γ₂) for every P̄ (exactly at Δ = 0; to O(Δ²) at Δ = 1e-6 Γ₂).
  for (const pBar of [0, 0.3, 0.5, 0.7, 0.9993, 1]) {
    assert.ok(rel(flipFlopRatePerD2({ delta: 0, pBar, gammaC: GC, gamma2: G2 }), 1 / (2 * G2)) <= 1e-14);
    assert.ok(rel(flipFlopRatePerD2({ delta: 1e-6 * G2, pBar, gammaC: GC, gamma2: G2 }), 1 / (2 * G2)) <= 1e-10);
  }
  assert.equal(flipFlopRate({ delta: 0, pBar: 0.5, gammaC: GC, gamma2: G2, d12: 2 }), 4 / (2 * G2));
});

test('Eq. 11: the corrected fast limit is within 1e-3 of Eq. 9 for Δ ≤ 0.01Γ_c; the printed form is not', () => {
  for (const g2 of [G2, 1e3]) for (const x of [1e-4, 1e-3, 1e-2]) for (const pBar of PBARS) {
    const p = { delta: x * GC, pBar, gammaC: GC, gamma2: g2 };
    assert.ok(rel(fastLimitPerD2(p), flipFlopRatePerD2(p)) <= 1e-3, `corrected Eq. 11 at Δ/Γc=${x}, P̄=${pBar}, Γ₂=${g2}`);
  }
  // Printed Γ₂⋆ = Γ₂ + (1−P̄²)Δ²/Γ₂: off by > 3 % at Δ = 0.01Γ_c (Γ₂ = 2π·11 kHz) and by > 10 % at Γ₂ = 1e3 s⁻¹.
  for (const pBar of [0, 0.5, 0.7]) {
    const p = { delta: 0.01 * GC, pBar, gammaC: GC, gamma2: G2 };
    assert.ok(rel(fastLimitPerD2(p, 'printed'), flipFlopRatePerD2(p)) > 3e-2);
    const q = { ...p, gamma2: 1e3 };
    assert.ok(rel(fastLimitPerD2(q, 'printed'), flipFlopRatePerD2(q)) > 1e-1);
  }
});

test('Eq. 10: corrected slow limit within 1e-3 at P̄ = 1/√2, Δ ≥ 100Γ_c; off resonance the ratio tends to (Γ₂ + Γ_c/2)/(Γ₂ + Γ_c(1−P̄²))', () => {
  for (const x of [100, 1e3, 1e4]) {
    const p = { delta: x * GC, pBar: Math.SQRT1_2, gammaC: GC, gamma2: G2 };
    assert.ok(rel(slowLimitPerD2(p), flipFlopRatePerD2(p)) <= 1e-3, `Δ/Γc = ${x}`);
    // The printed √(1 − P̄) misses the resonance completely.
    assert.ok(slowLimitPerD2(p, 'printed') / flipFlopRatePerD2(p) < 0.01);
  }
  for (const pBar of [0, 0.5, 0.9, 0.9993]) {
    const limit = (G2 + GC / 2) / (G2 + GC * (1 - pBar * pBar));
    const p = { delta: 1e5 * GC, pBar, gammaC: GC, gamma2: G2 };
    // Corrections are O(Γ²/((1−2P̄²)²Δ²)) ≈ 1e-9 here.
    assert.ok(rel(slowLimitPerD2(p) / flipFlopRatePerD2(p), limit) <= 1e-6, `P̄=${pBar}`);
  }
});

test('asymmetric process closed form: equals Eq. 9 at P̄ = 0 and P̄ = ±1, differs in between', () => {
  for (const x of RATIOS) {
    for (const pBar of [0, 1, -1]) {
      const p = { delta: x * GC, pBar, gammaC: GC, gamma2: G2 };
      assert.ok(rel(asymmetricRatePerD2(p), flipFlopRatePerD2(p)) <= 1e-12, `Δ/Γc=${x}, P̄=${pBar}`);
    }
  }
  const p = { delta: GC, pBar: 0.5, gammaC: GC, gamma2: G2 };
  assert.ok(rel(asymmetricRatePerD2(p), flipFlopRatePerD2(p)) > 0.5);
});

test('Eqs. 1, 6, 7 and the pair operators', () => {
  const h = dipolarPairHamiltonian(3);
  assert.equal(h.getRe(0, 1), -1.5); // flip-flop element exactly −D₁₂/2
  assert.equal(h.getRe(1, 0), -1.5);
  const sz = pairSigmaZ();
  assert.deepEqual([sz.getRe(0, 0), sz.getRe(1, 1)], [1, -1]); // Pauli, not 2(I₁z − I₂z)
  // Eq. 6 at P̄ = 0, Γ_c = ω₀: ½B²·Γ_c/(2Γ_c²) = B²/(4Γ_c).
  assert.ok(rel(nuclearT1Rate(4e10, 0, 1e9, 1e9), 4e10 / 4e9) <= 1e-15);
  assert.equal(nuclearT1Rate(4e10, 1, 1e9, 1e9), 0);
  assert.equal(zeroQuantumRate([3, 1], [1, 1], 2), 8);
  assert.throws(() => flipFlopRatePerD2({ delta: 1, pBar: 1.5, gammaC: 1, gamma2: 1 }), /^RangeError: pBar:/);
  assert.throws(() => flipFlopRatePerD2({ delta: 1, pBar: 0.5, gammaC: -1, gamma2: 1 }), /^RangeError: gammaC:/);
  assert.throws(() => flipFlopRatePerD2({ delta: 1, pBar: 0.5, gammaC: 1, gamma2: 0 }), /^RangeError: gamma2:/);
  assert.throws(() => zeroQuantumRate([1], [1, 2], 1), /^RangeError: d2k:/);
});
