import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findExceptionalPoint, liouvillianSpectrum, nonHermitianSpectrum } from '../../src/solvers/spectra.js';
import { sigmaMinus, sigmaZ } from '../../src/quantum/spin.js';
import { sparseLinearCombination } from '../../src/linalg/sparse.js';
import { ComplexMatrix } from '../../src/linalg/dense.js';
import { assertClose } from '../helpers.js';

test('Liouvillian spectrum of a decaying precessing qubit: {0, −γ/2 ± iω, −γ} (closed form)', () => {
  const w = 2 * Math.PI * 1e3, g = 300;
  const h = sparseLinearCombination([{ matrix: sigmaZ(), re: w / 2 }]);
  const c = sparseLinearCombination([{ matrix: sigmaMinus(), re: Math.sqrt(g) }]);
  const ev = liouvillianSpectrum(h, [c]);
  // Sorted slowest first; eigenvalues are exact to rounding (~1e-12 relative to ω).
  const expected = [[0, 0], [-g / 2, -w], [-g / 2, w], [-g, 0]];
  expected.forEach(([re, im], k) => {
    assertClose(ev.re[k], re, 1e-9 * w, `Re λ${k}`);
    assertClose(ev.im[k], im, 1e-9 * w, `Im λ${k}`);
  });
  const pops = liouvillianSpectrum(h, [c], { sectors: 'populations' });
  assert.equal(pops.re.length, 2); // only the population modes 0 and −γ
  assertClose(pops.re[1], -g, 1e-9 * w, 'population mode');
});

test('exceptional point of H = [[0, g], [g, −iκ/2]] is found at g = κ/4', () => {
  const kappa = 1e4;
  const family = (g: number) => ComplexMatrix.fromRows([[0, g], [g, 0]], [[0, 0], [0, -kappa / 2]]);
  const ep = findExceptionalPoint(family, 0, kappa, { gridPoints: 41 });
  // The gap is 2√|g² − κ²/16| ≈ 2√(κ/2 · |g − κ/4|): golden section resolves g to ~1e-12 κ,
  // leaving a gap of order √(1e-12)·κ; 1e-6 relative accuracy in g is a safe bar.
  assertClose(ep.parameter, kappa / 4, 1e-6 * kappa, 'g_EP');
  assert.ok(ep.gap < 1e-2 * kappa, `gap ${ep.gap}`);
  assertClose(ep.values[0].im, -kappa / 4, 1e-2 * kappa, 'Im λ at the EP');
  const far = nonHermitianSpectrum(family(kappa));
  assert.equal(far.re.length, 2);
});
