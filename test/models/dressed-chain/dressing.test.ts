import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, GAMMA_N_C13, DEFAULT_HYPERFINE } from '../../../src/models/dressed-chain/lattice.js';
import { dressedHamiltonian } from '../../../src/models/dressed-chain/hamiltonian.js';
import { collapseOperators } from '../../../src/models/dressed-chain/dissipators.js';
import { polarizationObservables } from '../../../src/models/dressed-chain/observables.js';
import { dressingUnitary, labelFlipProbability, labRelaxationDepolarizationRate, siteDressing } from '../../../src/models/dressed-chain/dressing.js';
import { sparseAdjoint, sparseLinearCombination, sparseMatmul, SparseMatrix } from '../../../src/linalg/sparse.js';
import { mcsolve } from '../../../src/solvers/mcsolve/index.js';
import { ComplexMatrix } from '../../../src/linalg/dense.js';
import { mesolve } from '../../../src/solvers/mesolve.js';
import { findBlocks } from '../../../src/solvers/blocks.js';
import { dressedChainModel as model } from '../../../src/models/dressed-chain/model.js';
import { oneSiteDressedEnsemble } from './one-site.js';

const B = 0.05142; // T, near the chain matching field
const omegaN = GAMMA_N_C13 * B;

function maxAbs(a: SparseMatrix): number {
  let m = 0;
  for (let k = 0; k < a.nnz; k++) m = Math.max(m, Math.hypot(a.re[k], a.im[k]));
  return m;
}
const diff = (a: SparseMatrix, b: SparseMatrix) => maxAbs(sparseLinearCombination([{ matrix: a, re: 1 }, { matrix: b, re: -1 }]));

test('dressing: U is unitary and the dressed polarization commutes with the on-site Hamiltonian', () => {
  const g = buildGraph('chain', { sites: 1, Jd: 62e3 });
  const u = dressingUnitary(g, omegaN);
  const n = u.rows;
  assert.ok(diff(sparseMatmul(u, sparseAdjoint(u)), SparseMatrix.identity(n)) < 1e-14);
  const h = dressedHamiltonian(g).at(B);
  const [lab] = polarizationObservables(g);
  const [dressed] = polarizationObservables(g, { basis: 'dressed', omegaN });
  const comm = (p: SparseMatrix) => diff(sparseMatmul(h, p), sparseMatmul(p, h)) / maxAbs(h);
  // exact up to rounding of a GHz-scale H (relative 1e-12); the lab 2I^z does not commute (A_zx, A'_zx tilt the axes)
  assert.ok(comm(dressed.op) < 1e-12, `dressed: ${comm(dressed.op)}`);
  assert.ok(comm(lab.op) > 1e-4, `lab: ${comm(lab.op)}`);
});

test('dressed jumps: same C†C as the lab form and the same bond blocks (2-site chain)', () => {
  const Jd = 62e3;
  const g = buildGraph('chain', { sites: 2, Jd });
  const h = dressedHamiltonian(g).at(B);
  const lab = collapseOperators(g, { gammaOp: 2000, gammaE: 100, gammaES: 10 }).map((c) => c.op);
  const dressed = collapseOperators(g, { gammaOp: 2000, gammaE: 100, gammaES: 10, pumping: 'dressed', relaxation: 'dressed', omegaN }).map((c) => c.op);
  // 'single' (default) pumping is one operator per S; compare the secular pair
  const sep = collapseOperators(g, { gammaOp: 2000, gammaE: 100, gammaES: 10, pumping: 'separate' }).map((c) => c.op);
  assert.equal(dressed.length, sep.length);
  assert.notEqual(lab.length, sep.length);
  for (let k = 0; k < sep.length; k++) {
    const ctc = (c: SparseMatrix) => sparseMatmul(sparseAdjoint(c), c);
    assert.ok(diff(ctc(dressed[k]), ctc(sep[k])) < 1e-12 * 2000, `C†C ${k}`);
    assert.ok(diff(dressed[k], sep[k]) > 1e-3, `operator ${k} is actually dressed`);
  }
  assert.equal(findBlocks([h], dressed).members.length, findBlocks([h], sep).members.length);
});

test('dressed forms need the Larmor frequency; bad forms are named', () => {
  const g = buildGraph('chain', { sites: 2, Jd: 62e3 });
  assert.throws(() => collapseOperators(g, { gammaOp: 1, gammaE: 1, relaxation: 'dressed' }), /omegaN/);
  assert.throws(() => collapseOperators(g, { gammaOp: 1, gammaE: 1, relaxation: 'bare' as never }), /relaxation/);
  assert.throws(() => polarizationObservables(g, { basis: 'tilted' as never }), /polarization/);
});

test("lab-form S' relaxation depolarizes dressed nuclei at Γ_e sin²(Δθ/2); the dressed form conserves them (1-site QME)", () => {
  const g = buildGraph('chain', { sites: 1, Jd: 62e3 });
  const h = dressedHamiltonian(g).at(B);
  const u = siteDressing(g, 0, omegaN);
  const n = h.rows; // 12: I ⊗ S ⊗ S'
  // ρ0 = U (|↑⟩⟨↑| ⊗ 1/6) U†: dressed-up nucleus, unpolarized electrons
  const diag = new ComplexMatrix(n, n);
  for (let i = 0; i < 6; i++) diag.re[i * n + i] = 1 / 6;
  const ud = u.toDense(), rho0 = new ComplexMatrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let k = 0; k < n; k++) s += ud.re[i * n + k] * diag.re[k * n + k] * ud.re[j * n + k]; rho0.re[i * n + j] = s; }
  const gammaE = 1e4; // s⁻¹, still ≪ the nuclear frequencies (≥ 2π·2.5 MHz), so the secular rate law holds
  const times = Array.from({ length: 6 }, (_, i) => i * 2e-4);
  const [pDressed] = polarizationObservables(g, { basis: 'dressed', omegaN });
  const run = (relaxation: 'lab' | 'dressed') => mesolve(h, collapseOperators(g, { gammaOp: 0, gammaE, relaxation, omegaN }).map((c) => c.op), rho0, { times, eOps: [pDressed.op], method: 'exact' }).expect[0].re;
  const bare = run('lab'), dressed = run('dressed');
  const rates = [1, 0, -1].map((mS) => labRelaxationDepolarizationRate(gammaE, mS, DEFAULT_HYPERFINE, omegaN));
  assert.ok(labelFlipProbability(0, DEFAULT_HYPERFINE, omegaN) > 0.015, 'm_S = 0: Δθ ≈ 16°');
  times.forEach((t, i) => {
    const pred = rates.reduce((a, r) => a + Math.exp(-r * t) / 3, 0);
    // secular corrections are second order in Γ_e/ω ≈ 1e4/1.6e7 (measured 2e-9; 1e-7 at Γ_e = 1e5)
    assert.ok(Math.abs(bare[i] - pred) < 1e-7, `t=${t}: ${bare[i]} vs rate law ${pred}`);
    assert.ok(Math.abs(dressed[i] - 1) < 1e-9, `dressed t=${t}: ${dressed[i]}`);
  });
  assert.ok(bare[5] < 0.95, `the lab form depolarizes: ${bare[5]}`);
});

test('4-site chain, dressed jumps: these 4 trajectories keep the net dressed polarization; |↑↓↓↓⟩ → |↓↓↓↑⟩ (Fig. 4a)', async () => {
  const r = await model.run({ topology: 'chain', sites: 4, Jd: 62e3, gammaE: 100, tEnd: 0.4, points: 5, ntraj: 4, method: 'mc', nuclearPolarization: [1, -1, -1, -1], relaxation: 'dressed', pumping: 'dressed', polarization: 'dressed' }, { seed: 5, workers: 1 });
  const s = (k: string) => r.series.find((x) => x.name === k)!;
  // conserved up to off-resonant bond admixtures (J_d/ΔA)² per event: 2e-3. A trajectory can also lose its ↑
  // as a whole (O(J_d²), ≈ 1 % per 0.5 s, docs/reproduction.md); none of these 4 does (seed 5, P ≈ 3 %).
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(s('Pc').y[i] + 0.5) < 2e-3, `Pc[${i}] = ${s('Pc').y[i]}`);
  assert.ok(s('P4').y[4] > 0.5 && s('P1').y[4] < -0.5, `P1 = ${s('P1').y[4]}, P4 = ${s('P4').y[4]}`);
});

test('dressed initial ensemble (product of lab states mapped by U): trajectories agree with the QME from U ρ_lab U† (1 site)', async () => {
  // nucleus 80 % dressed-up, electrons unpolarized
  const { h, cOps, obs, times, rho0, product } = oneSiteDressedEnsemble();
  const me = mesolve(h, cOps, rho0, { times, eOps: obs, method: 'exact' });
  const mc = await mcsolve(h, cOps, product, { times, eOps: obs, ntraj: 400, seed: 9, workers: 1 });
  assert.ok(Math.abs(me.expect[2].re[0] - 0.8) < 1e-12, `dressed P(0) = ${me.expect[2].re[0]}`); // obs: lab P1, Pc, dressed P1, Pc
  for (let k = 0; k < obs.length; k++) {
    for (let i = 0; i < times.length; i++) {
      // 3 standard errors; + 1e-9 where all trajectories agree
      assert.ok(Math.abs(me.expect[k].re[i] - mc.expect[k].re[i]) <= 3 * mc.stdErr[k].re[i] + 1e-9, `obs ${k} t=${times[i]}: ${me.expect[k].re[i]} vs ${mc.expect[k].re[i]} ± ${mc.stdErr[k].re[i]}`);
    }
  }
  await assert.rejects(mcsolve(h, cOps, { product: { ...product.product, states: SparseMatrix.identity(5) } }, { times, eOps: obs, ntraj: 1, seed: 1 }), /initial.product.states: expected 12 rows/);
});
