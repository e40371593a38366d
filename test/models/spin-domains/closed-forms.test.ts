import { test } from 'node:test';
import assert from 'node:assert/strict';
import { solveExact } from '../../../src/models/spin-domains/exact.js';
import { steadyJ2zSingleSpin, steadyJ2zSingleSpinDicke } from '../../../src/models/spin-domains/closed-forms.js';

test('S8: steady ⟨J2z⟩ for N1 = 1…40 excited spins and one ground-state spin equals the exact solution', () => {
  // The dark-state decomposition is exact; at γt = 400 the slowest relaxation (rate ≥ γ) is over, so 1e-8.
  assert.equal(steadyJ2zSingleSpin(4), 7 / 50); // Eq. S7
  for (let n1 = 1; n1 <= 40; n1++) {
    const r = solveExact({ sizes: [n1, 1], reservoirs: { gammas: [1], nThermal: 0 }, times: [0, 400], method: 'exact' });
    assert.ok(Math.abs(r.jz[1][1] - steadyJ2zSingleSpin(n1)) < 1e-8, `N1 = ${n1}: exact ${r.jz[1][1]} vs S8 ${steadyJ2zSingleSpin(n1)}`);
  }
});

test('S9: steady ⟨J2z⟩ from a Dicke state |N1/2, m1⟩ equals the exact solution', () => {
  for (const n1 of [5, 8]) {
    for (let m1 = -n1 / 2; m1 <= n1 / 2; m1++) {
      const r = solveExact({ sizes: [n1, 1], m0: [m1, -0.5], reservoirs: { gammas: [1], nThermal: 0 }, times: [0, 400], method: 'exact' });
      assert.ok(Math.abs(r.jz[1][1] - steadyJ2zSingleSpinDicke(n1, m1)) < 1e-8, `N1 = ${n1}, m1 = ${m1}`);
    }
    assert.ok(Math.abs(steadyJ2zSingleSpinDicke(n1, n1 / 2) - steadyJ2zSingleSpin(n1)) < 1e-15);
  }
});

test('S12: J2/N2(∞) → J1/N1(0) as N1 grows (exact, N2 = 2)', () => {
  // Approximate closed form: the deviation must decrease with N1.
  const dev: number[] = [];
  for (const n1 of [8, 16, 32]) {
    const r = solveExact({ sizes: [n1, 2], reservoirs: { gammas: [1], nThermal: 0 }, times: [0, 100], atol: 1e-10 });
    dev.push(Math.abs(r.jz[1][1] / 2 - 0.5));
  }
  assert.ok(dev[0] > dev[1] && dev[1] > dev[2] && dev[2] < 0.07, `deviations ${dev}`);
});
