import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixture } from '../../helpers.js';
import { asymmetricTelegraph, sleExactRate, slePerturbativePerD2, symmetricTelegraph } from '../../../src/models/spin-diffusion/sle.js';
import { asymmetricRatePerD2, flipFlopRatePerD2 } from '../../../src/models/spin-diffusion/flip-flop.js';

interface Case {
  delta: number; d12: number; gamma2: number; gammaC: number; pBar: number; process: 'symmetric' | 'asymmetric';
  wExact: number; wExactByPropagation: number; perturbativePerD2: number; eq9ConvolutionPerD2?: number;
}

test('SLE and Eq. 9 against the independent numpy/scipy fixture (test/fixtures/scripts/spin_diffusion.py)', () => {
  const fx = loadFixture<{ cases: Case[] }>('spin-diffusion-numpy.json');
  assert.equal(fx.cases.length, 18);
  const rel = (a: number, b: number): number => Math.abs(a / b - 1);
  for (const c of fx.cases) {
    const process = (c.process === 'symmetric' ? symmetricTelegraph : asymmetricTelegraph)(c.pBar, c.gammaC);
    const tag = `${c.process} Δ=${c.delta} P̄=${c.pBar}`;
    // Both sides take the slowest eigenvalue of the same generator (ours 6×6 real, the fixture's 8×8 complex);
    // eigenvalue rounding ~1e-16·‖A‖ ≈ 1e-10 s⁻¹ against W ≳ 0.3 s⁻¹: 1e-8 relative leaves margin.
    assert.ok(rel(sleExactRate({ delta: c.delta, d12: c.d12, gamma2: c.gamma2, process }).w, c.wExact) <= 1e-8, `${tag}: exact`);
    const w2 = slePerturbativePerD2({ delta: c.delta, gamma2: c.gamma2, process });
    assert.ok(rel(w2, c.perturbativePerD2) <= 1e-12, `${tag}: second order`);
    const closed = c.process === 'symmetric' ? flipFlopRatePerD2 : asymmetricRatePerD2;
    assert.ok(rel(closed({ delta: c.delta, pBar: c.pBar, gammaC: c.gammaC, gamma2: c.gamma2 }), c.perturbativePerD2) <= 1e-12, `${tag}: closed form`);
    // scipy quad at epsrel 1e-12 on the convolution: 1e-9 relative.
    if (c.eq9ConvolutionPerD2 !== undefined) assert.ok(rel(flipFlopRatePerD2({ delta: c.delta, pBar: c.pBar, gammaC: c.gammaC, gamma2: c.gamma2 }), c.eq9ConvolutionPerD2) <= 1e-9, `${tag}: scipy convolution`);
  }
});
