import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparseMatrix } from '../../../src/linalg/sparse.js';
import { mesolve } from '../../../src/solvers/mesolve.js';
import { loadFixture } from '../../helpers.js';
import { solveExact } from '../../../src/models/spin-domains/exact.js';
import { collapseOperators, domainHamiltonian, thermalOccupation } from '../../../src/models/spin-domains/lindbladian.js';
import { fullProductKet, fullSpace } from '../../../src/models/spin-domains/full-space.js';
import { domainSpace, excitationNumbers } from '../../../src/models/spin-domains/collective-space.js';

function fullSolution(sizes: number[], gammas: number[], nThermal: number, times: number[], omega0 = 0): Float64Array[] {
  const fs = fullSpace(sizes);
  const cOps = collapseOperators(fs.lowering, { gammas, nThermal });
  const h = omega0 === 0 ? SparseMatrix.fromTriplets(fs.dimension, fs.dimension, [], [], []) : domainHamiltonian(fs.jz, omega0);
  const psi = fullProductKet(fs, sizes.map((n, i) => (i === 0 ? n : 0)));
  const r = mesolve(h, cOps, psi, { times, eOps: fs.jz, atol: 1e-13, method: 'auto' });
  return r.expect.map((e) => e.re);
}

test('collective space equals the full 2^ΣN space (Eq. 4 state, T = 0 and thermal)', () => {
  // Tolerance 1e-9 (issue 7): both sides are exact propagators (eigen / Krylov with 1e-13 local error).
  const cases: { sizes: number[]; gammas: number[]; n: number; omega0?: number }[] = [
    { sizes: [3, 2], gammas: [1], n: 0 },
    { sizes: [3, 2, 1], gammas: [1, 0.6], n: 0, omega0: 5 }, // H = ω0ΣJz must not change ⟨J^z⟩
    { sizes: [2, 2], gammas: [0.8], n: 0.7 },
    { sizes: [3, 3, 2], gammas: [1, 1], n: 0 }, // ΣN = 8
  ];
  const times = [0, 0.2, 0.7, 1.5, 3];
  for (const c of cases) {
    const full = fullSolution(c.sizes, c.gammas, c.n, times, c.omega0 ?? 0);
    const col = solveExact({ sizes: c.sizes, reservoirs: { gammas: c.gammas, nThermal: c.n }, times, atol: 1e-13 });
    for (let i = 0; i < c.sizes.length; i++) {
      for (let k = 0; k < times.length; k++) {
        assert.ok(Math.abs(full[i][k] - col.jz[i][k]) <= 1e-9, `N=${c.sizes} domain ${i} t=${times[k]}: full ${full[i][k]} vs collective ${col.jz[i][k]}`);
      }
    }
  }
});

test('excitation-number blocks are found and only the reachable diagonal sectors are propagated', () => {
  const sizes = [12, 6, 2];
  const r = solveExact({ sizes, reservoirs: { gammas: [1, 1], nThermal: 0 }, times: [0, 1] });
  const dim = 13 * 7 * 3;
  assert.equal(r.stats.hilbertDimension, dim);
  // 21 excitation numbers 0…20; from 12 excitations at T = 0 only sectors (k, k), k = 0…12, are reachable.
  assert.equal(r.stats.blocks, 21);
  assert.equal(r.stats.sectors, 13);
  const labels = excitationNumbers(domainSpace(sizes));
  const count = new Map<number, number>();
  for (const l of labels) count.set(l, (count.get(l) ?? 0) + 1);
  let expected = 0;
  for (let k = 0; k <= 12; k++) expected += (count.get(k) ?? 0) ** 2;
  assert.equal(r.stats.reducedDimension, expected);
  assert.ok((r.stats.reducedDimension as number) < dim * dim / 20);
});

test('collective-space solution matches the QuTiP fixture', () => {
  // QuTiP mesolve with atol 1e-12 / rtol 1e-10: agreement to 1e-7 absolute on ⟨J^z⟩ = O(1).
  const fx = loadFixture('spin-domains-qutip.json') as { cases: { name: string; N: number[]; gammas: number[]; nThermal?: number; m0?: number[]; times: number[]; expect: number[][] }[] };
  assert.ok(fx.cases.length >= 5);
  for (const c of fx.cases) {
    const r = solveExact({ sizes: c.N, m0: c.m0, reservoirs: { gammas: c.gammas, nThermal: c.nThermal ?? 0 }, times: c.times, atol: 1e-12 });
    c.expect.forEach((row, i) => row.forEach((v, k) => {
      assert.ok(Math.abs(v - r.jz[i][k]) <= 1e-7, `${c.name} domain ${i} t=${c.times[k]}: QuTiP ${v} vs ${r.jz[i][k]}`);
    }));
  }
});

test('thermal reservoir: steady state less excited than at T = 0, and T → 0 recovers T = 0 (Fig. S1)', () => {
  const sizes = [6, 2];
  const times = [0, 2, 40];
  const zero = solveExact({ sizes, reservoirs: { gammas: [1], nThermal: 0 }, times });
  const n16 = thermalOccupation(10e9, 1.6);
  assert.ok(Math.abs(n16 - 1 / Math.expm1((6.62607015e-34 * 1e10) / (1.380649e-23 * 1.6))) < 1e-12);
  assert.ok(n16 > 2.8 && n16 < 2.9);
  const hot = solveExact({ sizes, reservoirs: { gammas: [1], nThermal: n16 }, times });
  // Domain 2 ends less excited, domain 1 more excited than at T = 0.
  assert.ok(hot.jz[1][2] < zero.jz[1][2] - 0.05, `J2: hot ${hot.jz[1][2]} vs cold ${zero.jz[1][2]}`);
  assert.ok(hot.jz[0][2] > zero.jz[0][2] + 0.05, `J1: hot ${hot.jz[0][2]} vs cold ${zero.jz[0][2]}`);
  // T = 0.02 K: n̄ = e^{−24} ≈ 4e-11, so the runs agree to ~1e-9.
  const cold = solveExact({ sizes, reservoirs: { gammas: [1], nThermal: thermalOccupation(10e9, 0.02) }, times });
  for (let i = 0; i < 2; i++) for (let k = 0; k < 3; k++) assert.ok(Math.abs(cold.jz[i][k] - zero.jz[i][k]) < 1e-8);
  assert.equal(thermalOccupation(10e9, 0), 0);
  assert.throws(() => thermalOccupation(10e9, -1), RangeError);
});

test('bad inputs give RangeErrors naming the parameter', () => {
  assert.throws(() => domainSpace([3, 0]), /N\[1\]/);
  assert.throws(() => domainSpace([3, 2], [1, 1]), /j\[0\]/);
  assert.throws(() => solveExact({ sizes: [2, 2], m0: [3, -1], reservoirs: { gammas: [1], nThermal: 0 }, times: [0, 1] }), /m\[0\]/);
  assert.throws(() => solveExact({ sizes: [2, 2], reservoirs: { gammas: [1, 1], nThermal: 0 }, times: [0, 1] }), /gamma/);
  assert.throws(() => domainSpace([200, 200]), /mean-field/);
});
