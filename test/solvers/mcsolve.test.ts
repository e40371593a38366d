import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mcsolve, setPoolStartupEstimate } from '../../src/solvers/mcsolve/index.js';
import { mesolve } from '../../src/solvers/mesolve.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import { sigmaMinus, sigmaPlus, sigmaZ } from '../../src/quantum/spin.js';
import { embed, embedMany } from '../../src/quantum/tensor.js';
import { sparseAdjoint, sparseLinearCombination, sparseMatmul } from '../../src/linalg/sparse.js';
import { toSparse, type Operator } from '../../src/linalg/operator.js';
import { loadProblem } from './fixture-problem.js';
import type { McsolveResult } from '../../src/solvers/types.js';
import { installNodePlatform } from '../../src/runner/node-platform.js';

installNodePlatform(); // worker threads, so the runs with workers > 1 use them

/** Exact ensemble mean Tr(ρO) and second moment Tr(ρO²) of each observable (mesolve). */
function exactMoments(h: Operator, cOps: Operator[], psi0: ComplexVector, times: number[], eOps: Operator[]) {
  const squares = eOps.map((o) => { const s = toSparse(o); return sparseMatmul(s, s); });
  const r = mesolve(h, cOps, psi0, { times, eOps: [...eOps, ...squares] });
  return { mean: r.expect.slice(0, eOps.length).map((e) => e.re), second: r.expect.slice(eOps.length).map((e) => e.re) };
}

/**
 * Every trajectory mean must lie within 3 standard errors of the exact (mesolve) value.
 * The standard error used is the rigorous bound σ_b = √((Tr ρO² − (Tr ρO)²)/N): each trajectory's
 * ⟨ψ|O|ψ⟩ has variance ≤ E⟨ψ|O²|ψ⟩ − (E⟨ψ|O|ψ⟩)² (Cauchy–Schwarz), so σ_b ≥ the true standard error.
 * (The sample standard error is unreliable where few trajectories have jumped: it is 0 until the
 * first jump.) The sample standard error must itself stay below 1.2 × the bound, which checks mcsolve's
 * error bars (the bound is attained when ⟨ψ|O|ψ⟩ = ±1 on every trajectory, e.g. σz under pure decay;
 * the sample variance of N ≥ 400 such draws then fluctuates by a few per cent). Where σ_b vanishes (t = 0, a deterministic observable) the mean must equal
 * the exact value to 1e-9.
 */
function assertWithin3Sigma(mc: McsolveResult, exact: { mean: ArrayLike<number>[]; second: ArrayLike<number>[] }, label: string): void {
  let worst = 0;
  exact.mean.forEach((m, k) => {
    for (let i = 0; i < m.length; i++) {
      const bound = Math.sqrt(Math.max(0, exact.second[k][i] - m[i] * m[i]) / mc.ntraj);
      const d = Math.abs(mc.expect[k].re[i] - m[i]);
      const allowed = Math.max(3 * bound, 1e-9);
      worst = Math.max(worst, d / allowed);
      assert.ok(d <= allowed, `${label}: e_op ${k}, t[${i}]: |${mc.expect[k].re[i]} − ${m[i]}| = ${d.toExponential(2)} > 3σ_b = ${(3 * bound).toExponential(2)}`);
      assert.ok(mc.stdErr[k].re[i] <= 1.2 * bound + 1e-12, `${label}: e_op ${k}, t[${i}]: sample standard error ${mc.stdErr[k].re[i]} exceeds the bound ${bound}`);
    }
  });
  assert.ok(worst > 0.02, `${label}: suspiciously perfect agreement (max |Δ|/3σ_b = ${worst})`);
}

test('mcsolve on the driven damped qubit agrees with mesolve within 3 standard errors (600 trajectories)', async () => {
  const p = loadProblem('mesolve-qubit.json');
  const times = p.times.filter((_, i) => i % 4 === 0);
  const exact = exactMoments(p.h, p.cOps, p.psi0!, times, p.eOps);
  const mc = await mcsolve(p.h, p.cOps, p.psi0!, { times, eOps: p.eOps, ntraj: 600, seed: 7, workers: 1 });
  assert.equal(mc.ntraj, 600);
  assert.ok(mc.stats.jumps > 100, `only ${mc.stats.jumps} jumps`);
  assertWithin3Sigma(mc, exact, 'qubit');
});

test('mcsolve on spin-1 ⊗ spin-1/2 ⊗ spin-1/2 with optical pumping agrees with mesolve within 3 standard errors (500 trajectories)', async () => {
  const p = loadProblem('mesolve-spin1-half-half.json');
  const times = p.times.filter((_, i) => i % 5 === 0);
  const exact = exactMoments(p.h, p.cOps, p.psi0!, times, p.eOps);
  const mc = await mcsolve(p.h, p.cOps, p.psi0!, { times, eOps: p.eOps, ntraj: 500, seed: 11, workers: 2 });
  assert.ok(mc.stats.jumps > 50, `only ${mc.stats.jumps} jumps`); // QuTiP: 0.27 jumps per trajectory here
  assertWithin3Sigma(mc, exact, 'spin1-half-half');
});

test('mcsolve gives identical results for 1 and 2 workers with the same seed', async () => {
  const p = loadProblem('mesolve-qubit.json');
  const times = p.times.filter((_, i) => i % 10 === 0);
  const opts = { times, eOps: p.eOps, ntraj: 40, seed: 123 };
  const one = await mcsolve(p.h, p.cOps, p.psi0!, { ...opts, workers: 1 });
  // 40 trajectories of a qubit stay on this thread unless the pool is assumed free (runEngineChunks)
  const previous = setPoolStartupEstimate(0);
  const two = await mcsolve(p.h, p.cOps, p.psi0!, { ...opts, workers: 2 }).finally(() => setPoolStartupEstimate(previous));
  assert.equal(two.stats.workers, 2);
  // the default: the first chunk shows the whole ensemble takes less than a pool's start-up
  const inThread = await mcsolve(p.h, p.cOps, p.psi0!, { ...opts, workers: 2 });
  assert.equal(inThread.stats.workers, 1);
  // and a split between this thread and the pool (pool assumed to cost 1 µs after the first chunk)
  const previous2 = setPoolStartupEstimate(1e-3);
  const split = await mcsolve(p.h, p.cOps, p.psi0!, { ...opts, workers: 2 }).finally(() => setPoolStartupEstimate(previous2));
  assert.equal(split.stats.workers, 2);
  for (const r of [two, inThread, split]) {
    for (let k = 0; k < p.eOps.length; k++) {
      assert.deepEqual(Array.from(r.expect[k].re), Array.from(one.expect[k].re));
      assert.deepEqual(Array.from(r.stdErr[k].re), Array.from(one.stdErr[k].re));
    }
    assert.equal(r.stats.jumps, one.stats.jumps);
  }
  const other = await mcsolve(p.h, p.cOps, p.psi0!, { ...opts, seed: 124, workers: 1 });
  assert.notDeepEqual(Array.from(other.expect[2].re), Array.from(one.expect[2].re));
});

test('pure decay: the jump-time distribution reproduces exp(−Γt) (closed form)', async () => {
  const gamma = 2e4;
  const cOps = [sparseLinearCombination([{ matrix: sigmaMinus(), re: Math.sqrt(gamma) }])];
  const h = sparseLinearCombination([{ matrix: sigmaZ(), re: 2 * Math.PI * 1e5 }]);
  const times = Array.from({ length: 21 }, (_, i) => i * 1e-5);
  const mc = await mcsolve(h, cOps, ComplexVector.basis(2, 0), { times, eOps: [sigmaZ()], ntraj: 800, seed: 3, workers: 1 });
  // Closed form: ⟨σz⟩ = 2e^{−Γt} − 1, and σz² = I.
  const exact = { mean: [Float64Array.from(times, (t) => 2 * Math.exp(-gamma * t) - 1)], second: [Float64Array.from(times, () => 1)] };
  assertWithin3Sigma(mc, exact, 'decay');
  assert.ok(mc.stats.jumps <= 800);
});

test('mcsolve validates its input', async () => {
  await assert.rejects(mcsolve(sigmaZ(), [], new ComplexVector(2), { times: [0, 1] }), /psi0/);
  await assert.rejects(mcsolve(sigmaZ(), [], ComplexVector.basis(2, 0), { times: [0, 1], ntraj: 0 }), /ntraj/);
  await assert.rejects(mcsolve(sigmaZ(), [], ComplexVector.basis(3, 0), { times: [0, 1] }), /H: is 2x2/);
});

test('defective H_eff (cascaded pair, Jordan block): Krylov fallback between jumps agrees with mesolve', async () => {
  // Cascaded two-level systems A → B: H = −(iγ/2)(σ⁺_B σ⁻_A − σ⁺_A σ⁻_B), C = √γ (σ⁻_A + σ⁻_B).
  // In the one-excitation block H_eff = [[−iγ/2, 0], [−iγ, −iγ/2]]: a Jordan block, so the
  // eigenvector route is refused and the Krylov propagator is used.
  const gamma = 1e3;
  const dims = [2, 2];
  const x = embedMany([{ op: sigmaPlus(), site: 1 }, { op: sigmaMinus(), site: 0 }], dims);
  const h = sparseLinearCombination([{ matrix: x, re: 0, im: -gamma / 2 }, { matrix: sparseAdjoint(x), re: 0, im: gamma / 2 }]);
  const c = sparseLinearCombination([{ matrix: embed(sigmaMinus(), 0, dims), re: Math.sqrt(gamma) }, { matrix: embed(sigmaMinus(), 1, dims), re: Math.sqrt(gamma) }]);
  const eOps = [embed(sigmaZ(), 0, dims), embed(sigmaZ(), 1, dims)];
  const psi0 = ComplexVector.basis(4, 1); // |↑↓⟩: A excited
  const times = Array.from({ length: 21 }, (_, i) => i * 2e-4);
  const exact = exactMoments(h, [c], psi0, times, eOps);
  const mc = await mcsolve(h, [c], psi0, { times, eOps, ntraj: 400, seed: 5, workers: 1 });
  assert.ok((mc.stats.krylovBlocks as number) >= 1, `krylovBlocks ${mc.stats.krylovBlocks}`);
  assertWithin3Sigma(mc, exact, 'cascaded pair');
});
