/**
 * mesolve's path plan (mesolve-plan.ts) is what mesolve does: the memory
 * estimate calls planMesolvePath, so a plan that disagreed with the solver's
 * choice would make the estimate follow the wrong path. Checked on a driven,
 * decaying 6-spin chain (n = 64, one block): weak decay → matrix form, strong
 * decay (stability-limited ODE) → Krylov, compared with the solver's stats.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGeneric, parseGeneric } from '../../src/models/generic/model.js';
import { SolverArguments } from '../../src/solvers/arguments.js';
import { mesolve } from '../../src/solvers/mesolve.js';
import { planMesolvePath } from '../../src/solvers/mesolve-plan.js';
import { mesolveMemoryEstimate } from '../../src/solvers/memory-estimate.js';
import type { Qobj } from '../../src/quantum/qobj.js';

function chain(decay: number) {
  const names = Array.from({ length: 6 }, (_, i) => `A${i}`);
  const ops = buildGeneric(parseGeneric({
    spins: Object.fromEntries(names.map((a) => [a, '1/2'])),
    hamiltonian: [...names.map((a) => `1 MHz * ${a}x`), ...names.slice(1).map((a, i) => `0.3 MHz * ${names[i]}z*${a}z`)],
    dissipators: names.map((a) => `${decay} /s * ${a}-`),
    initial: Object.fromEntries(names.map((a) => [a, '+1/2'])),
    observables: ['A0z'],
  }));
  const args = new SolverArguments();
  return { ops, h: args.hamiltonian(ops.H), cOps: args.operators(ops.cOps as Qobj[], 'c_ops') };
}

const times = Float64Array.from([0, 0.1e-6, 0.2e-6]);

for (const [decay, path, method] of [[1e5, 'dense-form', 'ode-dop853-dense'], [1e8, 'vectorized', 'krylov']] as const) {
  test(`planMesolvePath agrees with mesolve's choice: decay ${decay} /s → ${path} (${method})`, () => {
    const { ops, h, cOps } = chain(decay);
    assert.equal(planMesolvePath(64, h, cOps, times, {}, true), path);
    const r = mesolve(ops.H, ops.cOps, ops.psi0!, { times, eOps: ops.eOps });
    assert.equal(r.stats.method, method);
  });
}

test('planMesolvePath: a non-Hermitian ρ0 or another method keeps the vectorized path; unknown Hermiticity is "either", estimated as the larger path', () => {
  const { h, cOps } = chain(1e5);
  assert.equal(planMesolvePath(64, h, cOps, times, {}, false), 'vectorized');
  assert.equal(planMesolvePath(64, h, cOps, times, { method: 'krylov' }, true), 'vectorized');
  assert.equal(planMesolvePath(64, h, cOps, times, {}), 'either');
  const either = mesolveMemoryEstimate(64, 3, 'either');
  assert.equal(either, Math.max(mesolveMemoryEstimate(64, 3, 'vectorized'), mesolveMemoryEstimate(64, 3, 'dense-form')));
  assert.ok(mesolveMemoryEstimate(64, 3, 'dense-form') < mesolveMemoryEstimate(64, 3, 'vectorized'));
});
