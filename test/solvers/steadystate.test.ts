import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxAbsDiff, trace } from '../../src/linalg/dense.js';
import { steadystate } from '../../src/solvers/steadystate.js';
import { sigmaMinus, sigmaPlus, sigmaZ } from '../../src/quantum/spin.js';
import { embed, embedMany } from '../../src/quantum/tensor.js';
import { sparseLinearCombination } from '../../src/linalg/sparse.js';
import { expect as expectation } from '../../src/quantum/measures.js';
import { loadFixture } from '../helpers.js';
import { loadProblem } from './fixture-problem.js';

for (const name of ['mesolve-qubit.json', 'mesolve-random20.json']) {
  const p = loadProblem(name);
  for (const method of ['direct', 'iterative'] as const) {
    test(`steadystate ${name} (${method}) matches QuTiP, residual ≤ 1e-10`, () => {
      const r = steadystate(p.h, p.cOps, { method, tol: 1e-14 });
      // QuTiP's direct solve is accurate to ~1e-13 here (cross-checked by SVD null vector in the script);
      // 1e-9 allows for the conditioning of the random Liouvillian.
      assert.ok(maxAbsDiff(r.rho, p.steady) < 1e-9, `deviation ${maxAbsDiff(r.rho, p.steady)}`);
      // Residual relative to the scale of the generator: ‖H‖ ~ 6e3–6e6 rad/s, so 1e-10·‖L‖ in absolute terms.
      const scale = Math.max(...p.h.re.map(Math.abs), ...p.h.im.map(Math.abs));
      assert.ok(r.residual <= 1e-10 * scale, `residual ${r.residual} vs scale ${scale}`);
      const t = trace(r.rho);
      assert.ok(Math.abs(t.re - 1) < 1e-13 && Math.abs(t.im) < 1e-13);
    });
  }
}

test('steadystate of a boundary-driven 3-spin XY chain matches QuTiP (block-reduced solve)', () => {
  const f = loadFixture('steadystate.json');
  const c = f.xy_chain ?? f.cases?.find((x: any) => /xy/i.test(x.name)) ?? f;
  const n = c.parameters?.n_sites ?? 3;
  const dims = Array(n).fill(2);
  const J = c.parameters?.J_rad_per_s ?? 2 * Math.PI * 1e3;
  const gamma = c.parameters?.gamma_per_s ?? 500;
  const terms = [];
  for (let i = 0; i + 1 < n; i++) {
    terms.push({ matrix: embedMany([{ op: sigmaPlus(), site: i }, { op: sigmaMinus(), site: i + 1 }], dims), re: J });
    terms.push({ matrix: embedMany([{ op: sigmaMinus(), site: i }, { op: sigmaPlus(), site: i + 1 }], dims), re: J });
  }
  const h = sparseLinearCombination(terms);
  const cOps = [
    sparseLinearCombination([{ matrix: embed(sigmaPlus(), 0, dims), re: Math.sqrt(gamma) }]),
    sparseLinearCombination([{ matrix: embed(sigmaMinus(), n - 1, dims), re: Math.sqrt(gamma) }]),
  ];
  const r = steadystate(h, cOps);
  const sz: number[] = c.steady_state_expect ?? c.expect_sz;
  for (let i = 0; i < n; i++) {
    const v = expectation(embed(sigmaZ(), i, dims), r.rho).re;
    assert.ok(Math.abs(v - sz[i]) < 1e-9, `site ${i}: ${v} vs ${sz[i]}`);
  }
  assert.ok(r.residual < 1e-10 * J);
});

test('steadystate refuses a closed system', () => {
  assert.throws(() => steadystate(sigmaZ(), []), /c_ops/);
});
