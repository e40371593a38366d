import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxAbsDiff, trace } from '../../src/linalg/dense.js';
import { steadystate } from '../../src/solvers/steadystate.js';
import { sigmaMinus, sigmaPlus, sigmaZ } from '../../src/quantum/spin.js';
import { embed, embedMany } from '../../src/quantum/tensor.js';
import { sparseLinearCombination } from '../../src/linalg/sparse.js';
import { expect as expectation } from '../../src/quantum/measures.js';
import { loadFixture, matrixFromJson } from '../helpers.js';
import { loadProblem } from './fixture-problem.js';

for (const name of ['mesolve-qubit.json', 'mesolve-random20.json']) {
  const p = loadProblem(name);
  for (const method of ['direct', 'iterative'] as const) {
    test(`steadystate ${name} (${method}) matches QuTiP, residual ≤ 1e-10`, () => {
      const r = steadystate(p.h, p.cOps, { method });
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
  const n = f.parameters.N;
  const dims = Array(n).fill(2);
  const J = f.parameters.J_rad_per_s, gamma = f.parameters.gamma_per_s;
  // Built here from our own operators (not read from the fixture), as an end-to-end check of the conventions.
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
  assert.ok(maxAbsDiff(h.toDense(), matrixFromJson(f.H)) < 1e-9, 'H built here differs from the fixture');
  const r = steadystate(h, cOps);
  // The end-site ⟨σz⟩ are only ±1.6e-3 (J ≫ γ), so compare the whole matrix, at 1e-10.
  assert.ok(maxAbsDiff(r.rho, matrixFromJson(f.steady_state)) < 1e-10, `deviation ${maxAbsDiff(r.rho, matrixFromJson(f.steady_state))}`);
  for (let i = 0; i < n; i++) {
    const v = expectation(embed(sigmaZ(), i, dims), r.rho).re;
    assert.ok(Math.abs(v - f.steady_state_expect[i]) < 1e-10, `site ${i}: ${v} vs ${f.steady_state_expect[i]}`);
  }
  assert.ok(r.residual < 1e-10 * J);
});

test('steadystate of the optically pumped spin-1 ⊗ spin-1/2 ⊗ spin-1/2 cell (ill-conditioned: σ₂/σ₁ ≈ 3e-6) matches QuTiP', () => {
  const p = loadProblem('mesolve-spin1-half-half.json');
  const r = steadystate(p.h, p.cOps, { method: 'direct' });
  // Conditioning ~4e5 times rounding (1e-16) → ~1e-10 expected error; 1e-8 is the bar.
  assert.ok(maxAbsDiff(r.rho, p.steady) < 1e-8, `deviation ${maxAbsDiff(r.rho, p.steady)}`);
  const scale = Math.max(...p.h.re.map(Math.abs));
  assert.ok(r.residual <= 1e-10 * scale, `residual ${r.residual}`);
});

test('steadystate refuses a closed system', () => {
  assert.throws(() => steadystate(sigmaZ(), []), /c_ops/);
});

test('iterative (GMRES with sector block-Jacobi or Sylvester preconditioning) and direct steady states agree on a 6-site boundary-driven XY chain', () => {
  const n = 6, dims = Array(n).fill(2), J = 2 * Math.PI * 1e3, gamma = 800;
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
  const direct = steadystate(h, cOps, { method: 'direct' });
  // 924 unknowns: the direct solve is the real sparse LU (factors ≈ 67 k entries, no refinement needed)
  assert.equal(direct.stats.solver, 'sparse LU (minimum degree), real Hermitian coordinates');
  assert.equal(direct.stats.refinements, 0);
  assert.ok(direct.residual < 1e-10 * J, `direct residual ${direct.residual}`);
  for (const preconditioner of ['block-jacobi', 'sylvester'] as const) {
    const iterative = steadystate(h, cOps, { method: 'iterative', preconditioner });
    assert.equal(iterative.stats.converged, true);
    assert.equal(iterative.stats.preconditioner, preconditioner);
    // Both solve the same linear system; GMRES stops at relative residual 1e-12.
    assert.ok(maxAbsDiff(direct.rho, iterative.rho) < 1e-9, `${preconditioner}: deviation ${maxAbsDiff(direct.rho, iterative.rho)}`);
    assert.ok(iterative.residual < 1e-9 * J, `${preconditioner}: residual ${iterative.residual}`);
  }
});

test('steadystate method objects carry their own settings; the top-level ones still work', async () => {
  const { Qobj } = await import('../../src/quantum/qobj.js');
  const h = Qobj.spin(1 / 2, 'x').scale(2 * Math.PI * 1e6), c = Qobj.spin(1 / 2, '-').scale(1e3);
  const direct = steadystate(h, [c], { method: { kind: 'direct' } });
  const iter = steadystate(h, [c], { method: { kind: 'iterative', tol: 1e-13, preconditioner: 'block-jacobi' } });
  const legacy = steadystate(h, [c], { method: 'iterative', tol: 1e-13, preconditioner: 'block-jacobi' });
  assert.equal(direct.stats.method, 'direct');
  assert.equal(iter.stats.method, 'iterative');
  assert.deepEqual(Array.from(iter.rho.re), Array.from(legacy.rho.re));
  // Ω²/(Γ² + 2Ω²) in the excited state (optical Bloch equations at resonance).
  const omega = 2 * Math.PI * 1e6, gamma = 1e6;
  assert.ok(Math.abs(direct.rho.re[0] - omega ** 2 / (gamma ** 2 + 2 * omega ** 2)) < 1e-10);
  assert.throws(() => steadystate(h, [c], { method: { kind: 'newton' } as never }), /method: expected 'auto', 'direct' or 'iterative'/);
});
