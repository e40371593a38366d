import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGeneric, parseGeneric, runGeneric, genericModel } from '../../src/models/generic/index.js';
import { embedMany, embed } from '../../src/quantum/tensor.js';
import { spinOperator, projector } from '../../src/quantum/spin.js';
import { SparseMatrix, sparseAdd, sparseScale } from '../../src/linalg/sparse.js';
import { maxAbsDiff } from '../../src/linalg/dense.js';
import { mesolve } from '../../src/solvers/mesolve.js';
import { productDensity } from '../../src/quantum/states.js';
import { ComplexMatrix } from '../../src/linalg/dense.js';
import { toDense } from '../../src/linalg/operator.js';
import type { Qobj } from '../../src/quantum/qobj.js';

/** The dense matrix of a Qobj operator. */
const dense = (q: Qobj): ComplexMatrix => toDense(q.op);

const TWO_PI = 2 * Math.PI;
const dims = [3, 2]; // S = 1 (NV-like), I = 1/2
const D = 2.87e9, A = 2e6, B = 0.3e6, Gp = 5e4, g = 1e3;

/** The same system built by hand with src/quantum. */
function handBuilt(): { H: SparseMatrix; cOps: SparseMatrix[]; eOps: SparseMatrix[] } {
  const Sz = spinOperator(1, 'z'), Sp = spinOperator(1, '+'), Sm = spinOperator(1, '-');
  const Iz = spinOperator(0.5, 'z'), Ip = spinOperator(0.5, '+'), Im = spinOperator(0.5, '-');
  let H = sparseScale(embedMany([{ op: Sz, site: 0 }, { op: Sz, site: 0 }], dims), TWO_PI * D);
  H = sparseAdd(H, sparseScale(embedMany([{ op: Sz, site: 0 }, { op: Iz, site: 1 }], dims), TWO_PI * A));
  const flipflop = embedMany([{ op: Sp, site: 0 }, { op: Im, site: 1 }], dims);
  const flipflopH = embedMany([{ op: Sm, site: 0 }, { op: Ip, site: 1 }], dims);
  H = sparseAdd(H, sparseScale(sparseAdd(flipflop, flipflopH), TWO_PI * B));
  const cOps = [
    sparseScale(embed(projector(1, 0, -1), 0, dims), Math.sqrt(Gp)),
    sparseScale(embed(projector(1, 0, 1), 0, dims), Math.sqrt(Gp)),
    sparseScale(embed(Im, 1, dims), Math.sqrt(g)),
  ];
  const eOps = [sparseScale(embed(Iz, 1, dims), 2), embed(projector(1, 0, 0), 0, dims)];
  return { H, cOps, eOps };
}

const params = {
  spins: { S: 1, I: '1/2' },
  constants: { D: '2.87 GHz', A: '2 MHz', Gp: '5e4 /s' },
  hamiltonian: ['D * Sz^2', 'A * Sz*Iz', '0.3 MHz * (S+*I- + h.c.)'],
  dissipators: ['Gp * S:|0><-1|', { rate: 'Gp', op: 'S:|0><+1|' }, '"1e3 /s" · I-'],
  initial: { S: 'mixed', I: { '+1/2': 0.5, '-1/2': 0.5 } },
  observables: ['P(I)', 'p0 = S:|0><0|'],
  times: [0, 2e-6, 5e-6, 1e-5, 2e-5],
  method: 'me', ntraj: 10, atol: 0, rtol: 0,
};

test('generic model builds the same H (rad/s), collapse and observable operators as by hand', () => {
  const ops = buildGeneric(parseGeneric(params));
  const ref = handBuilt();
  // Entries of H reach 2π·2.87e9·1 ≈ 1.8e10 rad/s; the same sums in a different order differ by a few ulps.
  assert.ok(maxAbsDiff(dense(ops.H), ref.H.toDense()) <= 1e-15 * 2e10 * 4);
  assert.equal(ops.cOps.length, 3);
  ref.cOps.forEach((c, k) => assert.ok(maxAbsDiff(dense(ops.cOps[k] as Qobj), c.toDense()) < 1e-12, `c_ops[${k}]`));
  ref.eOps.forEach((o, k) => assert.ok(maxAbsDiff(dense(ops.eOps[k]), o.toDense()) < 1e-15, `e_ops[${k}]`));
  // Initial state: I/3 ⊗ I/2.
  const rho = productDensity([(() => { const m = new ComplexMatrix(3, 3); for (let i = 0; i < 3; i++) m.re[i * 4] = 1 / 3; return m; })(),
    (() => { const m = new ComplexMatrix(2, 2); m.re[0] = m.re[3] = 0.5; return m; })()]);
  assert.ok(maxAbsDiff(dense(ops.rho0()), rho) < 1e-16);
  // The expression compiler produces quantum objects on the declared spins' dims.
  for (const q of [ops.H, ...ops.cOps, ...ops.eOps, ops.rho0()]) assert.deepEqual(q.dims, [3, 2]);
  assert.equal(ops.psi0, null);
});

test('generic model run equals mesolve on the hand-built operators', async () => {
  const r = await runGeneric(params, { seed: 1, workers: 1 });
  const ref = handBuilt();
  const rho0 = buildGeneric(parseGeneric(params)).rho0();
  const me = mesolve(ref.H, ref.cOps, rho0, { times: params.times, eOps: ref.eOps });
  assert.deepEqual(r.series.map((s) => s.name), ['P(I)', 'p0']);
  // Same solver on operators equal to ~1e-6 rad/s out of 1.8e10: results agree to 1e-9.
  r.series.forEach((s, k) => s.y.forEach((y, i) => assert.ok(Math.abs(y - me.expect[k].re[i]) < 1e-9, `${s.name}[${i}]`)));
  // Physics sanity: pumping raises p0 from 1/3 (rate equations: p0 → 1 at rate Gp).
  assert.ok(Math.abs(r.series[1].y[0] - 1 / 3) < 1e-12);
  assert.ok(r.series[1].y[4] > 0.6);
  assert.equal(r.scalars?.p0, r.series[1].y[4]);
});

test('expression errors and Hermiticity are checked', () => {
  assert.throws(() => parseGeneric({ ...params, hamiltonian: ['1 MHz * S+*I-'] }) && buildGeneric(parseGeneric({ ...params, hamiltonian: ['1 MHz * S+*I-'] })), /hamiltonian\[0\]: the term is not Hermitian; add "\+ h\.c\."/);
  assert.throws(() => parseGeneric({ ...params, dissipators: ['Gp * S:|0><-2|'] }), /dissipators\[0\]: m = -2 is not a level of spin S \(s = 1\)/);
  assert.throws(() => parseGeneric({ ...params, spins: { S: 0.7 } }), /spins\.S: expected a spin quantum number/);
  assert.throws(() => parseGeneric({ ...params, initial: { X: 0 } }), /initial\.X: unknown spin/);
  assert.throws(() => parseGeneric({ ...params, observables: ['Sz*(Iz'] }), /observables\[0\]: expected "\)"/);
});

test('steady state and memory estimate', async () => {
  // Driven decaying spin-1/2: 2<Sz> = -1/(1 + 2Ω²/Γ²), Ω = 2π·f (Mollow); LU solve, so 1e-12.
  const f = 1e5, G = 1e6;
  const r = await runGeneric({ spins: { S: 0.5 }, constants: { f, G }, hamiltonian: ['f * Sx'], dissipators: ['G * S-'], observables: ['P(S)'], method: 'steady' }, { seed: 1, workers: 1 });
  const W = TWO_PI * f;
  assert.ok(Math.abs((r.scalars as Record<string, number>)['P(S)'] + 1 / (1 + 2 * W * W / (G * G))) < 1e-12);
  const many: Record<string, string> = {};
  for (let k = 0; k < 20; k++) many[`I${k}`] = '1/2';
  assert.ok(genericModel.memoryEstimate!({ spins: many, method: 'me' }) > 1e15); // 2^40 Liouville unknowns
  assert.ok(genericModel.memoryEstimate!({ spins: { S: 1, I: 0.5 }, method: 'me' }) < 1e8);
});
