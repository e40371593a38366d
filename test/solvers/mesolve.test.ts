import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, maxAbsDiff, trace } from '../../src/linalg/dense.js';
import { mesolve } from '../../src/solvers/mesolve.js';
import { sigmaMinus, sigmaPlus, sigmaX, sigmaY, sigmaZ } from '../../src/quantum/spin.js';
import { embed, embedMany } from '../../src/quantum/tensor.js';
import { sparseLinearCombination } from '../../src/linalg/sparse.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import { loadProblem, maxDeviation } from './fixture-problem.js';

// QuTiP fixtures were made at atol 1e-13 / rtol 1e-11 and cross-checked by a dense expm in the
// script (agreement ~1e-12), so 1e-7 (the bar) leaves ample room for our own tolerances.
const QUTIP_TOL = 1e-7;

for (const name of ['mesolve-qubit.json', 'mesolve-random20.json', 'mesolve-spin1-half-half.json']) {
  const p = loadProblem(name);
  for (const method of ['eigen', 'expm', 'krylov', 'ode'] as const) {
    test(`mesolve ${name} (${method}) agrees with QuTiP to ${QUTIP_TOL}`, () => {
      const r = mesolve(p.h, p.cOps, p.psi0 ?? p.rho0, { times: p.times, eOps: p.eOps, storeStates: true, method, atol: 1e-12, rtol: 1e-10 });
      p.expect.forEach((ref, k) => {
        const dev = maxDeviation(r.expect[k].re, ref);
        assert.ok(dev <= QUTIP_TOL, `e_op ${k}: max deviation ${dev.toExponential(2)}`);
      });
      const last = r.states![r.states!.length - 1];
      assert.ok(maxAbsDiff(last, p.rhoFinal) <= QUTIP_TOL, `final state deviates by ${maxAbsDiff(last, p.rhoFinal)}`);
      // Trace preservation (exact in exact arithmetic): 1e-10 allows for accumulated rounding.
      for (const s of r.states!) {
        const t = trace(s);
        assert.ok(Math.abs(t.re - 1) <= 1e-10 && Math.abs(t.im) <= 1e-10, `trace ${t.re} ${t.im}`);
      }
    });
  }
}

test('block-decomposed and undecomposed solutions agree (XY pair with decay, block-diagonal start)', () => {
  // Two spins-1/2 with a flip-flop coupling (conserves total Sz), decay on spin 0, dephasing on spin 1.
  const dims = [2, 2];
  const j = 2 * Math.PI * 1e3;
  const h = sparseLinearCombination([
    { matrix: flipFlop(dims), re: j },
    { matrix: embed(sigmaZ(), 1, dims), re: 0.3 * j },
  ]);
  const cOps = [sparseLinearCombination([{ matrix: embed(sigmaMinus(), 0, dims), re: Math.sqrt(300) }]), sparseLinearCombination([{ matrix: embed(sigmaZ(), 1, dims), re: Math.sqrt(50) }])];
  const rho0 = new ComplexMatrix(4, 4);
  rho0.set(1, 1, 0.6).set(2, 2, 0.4).set(1, 2, 0.2, 0.1).set(2, 1, 0.2, -0.1); // coherence inside the M = 0 block
  const eOps = [embed(sigmaZ(), 0, dims), embed(sigmaX(), 1, dims), flipFlop(dims)];
  const times = Array.from({ length: 41 }, (_, i) => i * 1e-4);
  const blocked = mesolve(h, cOps, rho0, { times, eOps, storeStates: true });
  const full = mesolve(h, cOps, rho0, { times, eOps, storeStates: true, useBlocks: false });
  assert.equal(blocked.stats.blocks, 3);
  assert.ok((blocked.stats.reducedDimension as number) < (full.stats.reducedDimension as number));
  for (let k = 0; k < eOps.length; k++) assert.ok(maxDeviation(blocked.expect[k].re, full.expect[k].re) < 1e-12);
  for (let i = 0; i < times.length; i++) assert.ok(maxAbsDiff(blocked.states![i], full.states![i]) < 1e-12);
  // Declared magnetization labels give the same partition, and a wrong declaration only merges blocks.
  const declared = mesolve(h, cOps, rho0, { times, eOps, quantumNumbers: [1, 0, 0, -1] });
  assert.equal(declared.stats.blocks, 3);
  const wrong = mesolve(h, cOps, rho0, { times, eOps, quantumNumbers: [0, 0, 1, 1] });
  assert.ok((wrong.stats.blocks as number) < 3);
  for (let k = 0; k < eOps.length; k++) {
    assert.ok(maxDeviation(declared.expect[k].re, full.expect[k].re) < 1e-12);
    assert.ok(maxDeviation(wrong.expect[k].re, full.expect[k].re) < 1e-12);
  }
});

test('time-dependent H: a resonant rotating field equals the static rotating-frame problem', () => {
  // H(t) = ω0/2 σz + Ω/2 (cos ωt σx + sin ωt σy) with ω = ω0; in the frame rotating at ω it is Ω/2 σx,
  // and σ⁻ decay is invariant (up to a phase) under that rotation, so ⟨σz⟩(t) must coincide.
  const w0 = 2 * Math.PI * 2e6, omega = 2 * Math.PI * 0.25e6, gamma = 1e5;
  const h0 = sparseLinearCombination([{ matrix: sigmaZ(), re: w0 / 2 }]);
  const td = {
    h0,
    terms: [
      { op: sparseLinearCombination([{ matrix: sigmaX(), re: omega / 2 }]), coefficient: (t: number) => Math.cos(w0 * t) },
      { op: sparseLinearCombination([{ matrix: sigmaY(), re: omega / 2 }]), coefficient: (t: number) => Math.sin(w0 * t) },
    ],
  };
  const cOps = [sparseLinearCombination([{ matrix: sigmaMinus(), re: Math.sqrt(gamma) }])];
  const psi0 = ComplexVector.basis(2, 0);
  const times = Array.from({ length: 51 }, (_, i) => i * 2e-7);
  const lab = mesolve(td, cOps, psi0, { times, eOps: [sigmaZ()], atol: 1e-12, rtol: 1e-11 });
  const rot = mesolve(sparseLinearCombination([{ matrix: sigmaX(), re: omega / 2 }]), cOps, psi0, { times, eOps: [sigmaZ()] });
  assert.equal(lab.stats.method, 'ode-dop853');
  // Both are accurate to ~1e-10 (ODE tolerances above); 1e-8 absorbs their sum with margin.
  assert.ok(maxDeviation(lab.expect[0].re, rot.expect[0].re) < 1e-8, `deviation ${maxDeviation(lab.expect[0].re, rot.expect[0].re)}`);
});

test('mesolve rejects bad shapes and unsorted times with messages naming the argument', () => {
  const h = sigmaZ();
  assert.throws(() => mesolve(h, [], ComplexVector.basis(3, 0), { times: [0, 1] }), /H: is 2x2, expected 3x3/);
  assert.throws(() => mesolve(h, [], ComplexVector.basis(2, 0), { times: [0, 1, 1] }), /times\[2\]/);
  assert.throws(() => mesolve(h, [], ComplexVector.basis(2, 0), { times: [0, 1], eOps: [ComplexMatrix.identity(3)] }), /e_ops\[0\]/);
});

/** σ⁺σ⁻ + σ⁻σ⁺ on two spins. */
function flipFlop(dims: number[]) {
  return sparseLinearCombination([
    { matrix: embedMany([{ op: sigmaPlus(), site: 0 }, { op: sigmaMinus(), site: 1 }], dims), re: 1 },
    { matrix: embedMany([{ op: sigmaMinus(), site: 0 }, { op: sigmaPlus(), site: 1 }], dims), re: 1 },
  ]);
}

test('a prepared problem is reused across sweep points with the same sparsity pattern, and gives the same numbers', async () => {
  const { prepareMesolve, solvePrepared } = await import('../../src/solvers/mesolve.js');
  const { Qobj } = await import('../../src/quantum/qobj.js');
  const dims = [2, 3];
  const sz = Qobj.spin(1 / 2, 'z').on(0, dims), sx = Qobj.spin(1, 'x').on(1, dims), sm = Qobj.spin(1 / 2, '-').on(0, dims);
  const psi0 = Qobj.basis(dims, [0, 1]);
  const opts = { times: [0, 1e-4, 3e-4], eOps: [sz, sx] };
  let previous;
  for (const [k, gamma] of [1e3, 2e3, 5e3].entries()) {
    const h = sz.mul(sx).scale(2 * Math.PI * 1e4 * (1 + k));
    const problem = prepareMesolve(h, [sm.scale(Math.sqrt(gamma))], psi0, { reuse: previous });
    assert.equal(problem.reusedBlocks, k > 0, `point ${k}: reusedBlocks`);
    const fresh = mesolve(h, [sm.scale(Math.sqrt(gamma))], psi0, opts);
    const again = solvePrepared(problem, opts);
    // Same structure, same reduced generator: bit-identical to an unprepared solve.
    assert.deepEqual(again.expect.map((e) => Array.from(e.re)), fresh.expect.map((e) => Array.from(e.re)));
    previous = problem;
  }
  // A different pattern (a new coupling) is not reused; other dims are refused.
  const other = prepareMesolve(sz.add(sx), [sm], psi0, { reuse: previous });
  assert.equal(other.reusedBlocks, false);
  assert.throws(() => solvePrepared(other, { times: [0, 1], eOps: [Qobj.identity([3, 2])] }), /e_ops\[0\]: dims \[3, 2\] do not match H's dims \[2, 3\]/);
});
