import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asymmetricRatePerD2, flipFlopRatePerD2 } from '../../../src/models/spin-diffusion/flip-flop.js';
import {
  asymmetricTelegraph, blochGenerator, sleExactRate, slePerturbativePerD2, sleSigmaZ, stationary, symmetricTelegraph,
} from '../../../src/models/spin-diffusion/sle.js';

const GC = 2e6, G2 = 2 * Math.PI * 11e3;
const rel = (a: number, b: number): number => Math.abs(a / b - 1);

test('telegraph processes: mean P̄ and variance 1 − P̄² (correlation (1−P̄²)e^{−Γ_c|τ|})', () => {
  for (const pBar of [0, 0.5, 0.7, 0.9993]) for (const proc of [symmetricTelegraph(pBar, GC), asymmetricTelegraph(pBar, GC)]) {
    const pi = stationary(proc);
    const mean = pi[0] * proc.values[0] + pi[1] * proc.values[1];
    const variance = pi[0] * (proc.values[0] - mean) ** 2 + pi[1] * (proc.values[1] - mean) ** 2;
    assert.ok(Math.abs(mean - pBar) <= 1e-15, `${proc.name} mean`);
    assert.ok(Math.abs(variance - (1 - pBar * pBar)) <= 1e-15, `${proc.name} variance`);
    // A two-state process decorrelates at the sum of its two rates.
    assert.ok(Math.abs(proc.leaveRates[0] + proc.leaveRates[1] - GC) <= 1e-9);
  }
});

test('Bloch generator from the superoperator: precession about (−D₁₂, 0, ΔP) and transverse decay Γ₂', () => {
  const m = blochGenerator(3, 2, 5, 7); // ω = ΔP = 6, D₁₂ = 5, Γ₂ = 7
  // dr/dt = Ω × r − Γ₂(x, y, 0) with Ω = (−D₁₂, 0, ω).
  const expected = [-7, -6, 0, 6, -7, 5, 0, -5, 0];
  for (let i = 0; i < 9; i++) assert.ok(Math.abs(m[i] - expected[i]) <= 1e-13, `M[${i}] = ${m[i]}`);
});

test('symmetric SLE at second order equals Eq. 9 (≤ 1e-9); asymmetric SLE equals its closed form (≤ 1e-9) and the symmetric one at P̄ = 0', () => {
  for (const x of [1e-3, 0.1, 1, 20, 1e3]) for (const pBar of [0, 0.5, 0.7, 0.9993]) {
    const delta = x * GC;
    const prm = { delta, pBar, gammaC: GC, gamma2: G2 };
    const sym = slePerturbativePerD2({ delta, gamma2: G2, process: symmetricTelegraph(pBar, GC) });
    const asym = slePerturbativePerD2({ delta, gamma2: G2, process: asymmetricTelegraph(pBar, GC) });
    assert.ok(rel(sym, flipFlopRatePerD2(prm)) <= 1e-9, `sym Δ/Γc=${x} P̄=${pBar}: ${sym} vs ${flipFlopRatePerD2(prm)}`);
    assert.ok(rel(asym, asymmetricRatePerD2(prm)) <= 1e-9, `asym Δ/Γc=${x} P̄=${pBar}`);
    if (pBar === 0) assert.ok(rel(asym, sym) <= 1e-9);
  }
});

test('exact SLE rate converges to the second-order rate as D₁₂² → 0 (deviation ∝ D₁₂²)', () => {
  for (const [x, pBar] of [[1, 0.5], [20, 0.7], [0.1, 0.5]] as const) for (const make of [symmetricTelegraph, asymmetricTelegraph]) {
    const delta = x * GC, process = make(pBar, GC);
    const w2 = slePerturbativePerD2({ delta, gamma2: G2, process });
    const dev = (d12: number): number => sleExactRate({ delta, d12, gamma2: G2, process }).w / (d12 * d12 * w2) - 1;
    // Start where the correction is below 0.1 % (the scale of D₁₂ that matters differs by orders of magnitude between cases).
    let d0 = Math.max(delta, GC);
    while (Math.abs(dev(d0)) > 1e-3) d0 /= 2;
    const a = dev(d0), b = dev(d0 / 2), c = dev(d0 / 16);
    // Leading correction is O(D₁₂²): halving D₁₂ divides it by ≈ 4 (within 10 %), and at D₁₂/16 it is < 1e-5.
    assert.ok(Math.abs(a / b - 4) < 0.4, `${process.name} Δ/Γc=${x}: ratio ${a / b} (${a}, ${b})`);
    assert.ok(Math.abs(c) < 1e-5, `${process.name} Δ/Γc=${x}: ${c}`);
    assert.ok(Math.abs(sleExactRate({ delta, d12: d0, gamma2: G2, process }).imag) <= 1e-9 * delta, 'slowest mode is real');
  }
});

test('⟨σ_z⟩(t) of the SLE starts at 1 and decays at 2W after the transients', () => {
  const pb = { delta: GC, d12: 2e4, gamma2: G2, process: symmetricTelegraph(0.5, GC) };
  const w = sleExactRate(pb).w;
  const t1 = 1e-3, t2 = 2e-3;
  const [z0, z1, z2] = sleSigmaZ(pb, [0, t1, t2]);
  assert.ok(Math.abs(z0 - 1) < 1e-12);
  assert.ok(rel(-Math.log(z2 / z1) / (t2 - t1), 2 * w) < 1e-9);
});
