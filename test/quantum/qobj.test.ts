/**
 * Qobj: operators and states with dims. Reference values from QuTiP 4.7
 * (test/fixtures/qobj-qutip.json, made by test/fixtures/scripts/qobj.py).
 * Tolerances: 1e-13 absolute for O(1) entries — every operation is a few
 * floating-point sums, so anything above rounding is a bug.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, maxAbsDiff } from '../../src/linalg/dense.js';
import { SparseMatrix } from '../../src/linalg/sparse.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import { Qobj, qobj } from '../../src/quantum/qobj.js';
import { embedMany } from '../../src/quantum/tensor.js';
import { spinOperator } from '../../src/quantum/spin.js';
import { mesolve } from '../../src/solvers/mesolve.js';
import { steadystate } from '../../src/solvers/steadystate.js';
import { liouvillianSpectrum } from '../../src/solvers/spectra.js';
import { loadFixture, matrixFromJson } from '../helpers.js';

const fx = loadFixture('qobj-qutip.json');
const TOL = 1e-13;
const dense = (q: Qobj): ComplexMatrix => (q.data instanceof SparseMatrix ? q.data.toDense() : (q.data as ComplexMatrix));
const close = (q: Qobj, ref: { re: number[][]; im: number[][] }, what: string): void => {
  const d = maxAbsDiff(dense(q), matrixFromJson(ref));
  assert.ok(d <= TOL, `${what}: max deviation ${d.toExponential(2)} from QuTiP`);
};

test('ptrace reads the subsystem structure from dims: the same matrix on [2, 3] and [3, 2] (QuTiP)', () => {
  const rho = matrixFromJson(fx.rho);
  for (const dims of [[2, 3], [3, 2]]) {
    const q = qobj(rho, dims);
    const key = `dims_${dims[0]}_${dims[1]}`;
    const p0 = q.ptrace([0]), p1 = q.ptrace(1);
    assert.deepEqual(p0.dims, [dims[0]]);
    assert.deepEqual(p1.dims, [dims[1]]);
    close(p0, fx[key].ptrace_0, `${key} ptrace(0)`);
    close(p1, fx[key].ptrace_1, `${key} ptrace(1)`);
  }
});

test('tensor products A⊗B and B⊗A have dims [2, 3] and [3, 2] and match QuTiP', () => {
  const a = qobj(matrixFromJson(fx.A)), b = qobj(matrixFromJson(fx.B));
  const ab = a.tensor(b), ba = Qobj.tensor(b, a);
  assert.deepEqual(ab.dims, [2, 3]);
  assert.deepEqual(ba.dims, [3, 2]);
  close(ab, fx.A_tensor_B, 'A⊗B');
  close(ba, fx.B_tensor_A, 'B⊗A');
  // Sparse operands give the same product, sparsely.
  const abs = a.toSparse().tensor(b.toSparse());
  assert.ok(abs.data instanceof SparseMatrix);
  close(abs, fx.A_tensor_B, 'sparse A⊗B');
});

test('expect on dims [2, 3] (QuTiP), for a density matrix and for a ket', () => {
  const a = qobj(matrixFromJson(fx.A));
  const o = Qobj.spin(1 / 2, 'z').scale(2).tensor(Qobj.spin(1, 'x')).add(a.add(a.dag()).tensor(Qobj.identity(3)));
  close(o, fx.O_2_3, 'O');
  assert.ok(o.isHermitian());
  const e = o.expect(qobj(matrixFromJson(fx.rho), [2, 3]));
  assert.ok(Math.abs(e.re - fx.expect_O_rho_2_3.re) < TOL && Math.abs(e.im) < TOL, `expect ${e.re} vs ${fx.expect_O_rho_2_3.re}`);
  // ⟨ψ|O|ψ⟩ of a ket equals Tr(O |ψ⟩⟨ψ|).
  const psi = qobj(ComplexVector.fromArrays(fx.ket_2_3_2.re.slice(0, 6), fx.ket_2_3_2.im.slice(0, 6)), [2, 3]);
  const viaKet = o.expect(psi), viaRho = o.expect(psi.toDensity());
  assert.ok(Math.abs(viaKet.re - viaRho.re) < TOL && Math.abs(viaKet.im - viaRho.im) < TOL);
});

test('ptrace of a ket on dims [2, 3, 2] keeping [0, 2] (QuTiP)', () => {
  const psi = qobj(ComplexVector.fromArrays(fx.ket_2_3_2.re, fx.ket_2_3_2.im), [2, 3, 2]);
  const r = psi.ptrace([2, 0]); // order given does not matter: subsystems stay in dims order
  assert.deepEqual(r.dims, [2, 2]);
  close(r, fx.ket_ptrace_0_2, 'ptrace([0, 2]) of a ket');
  assert.ok(Math.abs(r.tr().re - 1) < TOL);
});

test('mismatched dims are refused with one line naming both', () => {
  const a = Qobj.identity([2, 3]), b = Qobj.identity([3, 2]);
  assert.equal(a.size, b.size);
  for (const f of [() => a.add(b), () => a.sub(b), () => a.mul(b), () => a.expect(Qobj.basis([3, 2], 0))]) {
    assert.throws(f, (e: Error) => e instanceof RangeError && /dims \[2, 3\] and \[3, 2\] do not match/.test(e.message) && !e.message.includes('\n'));
  }
  assert.throws(() => mesolve(a, [b], Qobj.basis([2, 3], 0), { times: [0, 1] }), /^RangeError: c_ops\[0\]: dims \[3, 2\] do not match H's dims \[2, 3\]$|c_ops\[0\]: dims \[3, 2\] do not match H's dims \[2, 3\]/);
  assert.throws(() => mesolve(a, [], Qobj.basis([3, 2], 0), { times: [0, 1] }), /rho0: dims \[3, 2\] do not match H's dims \[2, 3\]/);
  assert.throws(() => steadystate(a, [b]), /c_ops\[0\]: dims \[3, 2\] do not match H's dims \[2, 3\]/);
  assert.throws(() => liouvillianSpectrum(a, [b]), /c_ops\[0\]: dims \[3, 2\] do not match/);
  assert.throws(() => mesolve(a, [], Qobj.basis([2, 3], 0), { times: [0, 1], eOps: [b] }), /e_ops\[0\]: dims \[3, 2\] do not match H's dims \[2, 3\]/);
  assert.throws(() => new Qobj(ComplexMatrix.identity(6), [2, 2]), /dims \[2, 2\] have product 4, but the operator is 6x6/);
});

test('on(site, dims) embeds a local operator as embedMany does; arithmetic keeps sparse operands sparse', () => {
  const dims = [2, 3, 2];
  const sx = Qobj.spin(1, 'x').on(1, dims), sz = Qobj.spin(1 / 2, 'z').on(2, dims);
  const ref = embedMany([{ op: spinOperator(1, 'x'), site: 1 }, { op: spinOperator(0.5, 'z'), site: 2 }], dims);
  assert.ok(sx.mul(sz).data instanceof SparseMatrix);
  assert.equal(maxAbsDiff(dense(sx.mul(sz)), ref.toDense()), 0);
  assert.throws(() => Qobj.spin(1 / 2, 'x').on(1, dims), /operator with dims \[2\] does not fit site 1 of dims \[2, 3, 2\]/);
  // add with a dense operand is dense; (A + B)† = A† + B†; A − A = 0; A + 2 = A + 2·I.
  const a = qobj(matrixFromJson(fx.A)), sp = Qobj.spin(1 / 2, '+');
  const s = a.add(sp);
  assert.ok(s.data instanceof ComplexMatrix);
  assert.equal(maxAbsDiff(dense(s.dag()), dense(a.dag().add(sp.dag()))), 0);
  assert.equal(maxAbsDiff(dense(a.sub(a)), ComplexMatrix.zeros(2)), 0);
  assert.equal(dense(a.add(2)).re[0], a.op.re[0] + 2);
  // Hermitian check: σ+ is not, σ+ + σ− is; a ket's dag is a bra and bra·O·ket works.
  assert.equal(sp.isHermitian(), false);
  assert.equal(sp.add(sp.dag()).isHermitian(), true);
  const up = Qobj.basis(2, 0), down = Qobj.basis(2, 1);
  const amp = up.dag().mul(Qobj.spin(1 / 2, '+')).vector; // ⟨↑|S+ = ⟨↓|
  assert.deepEqual([amp.re[0], amp.re[1]], [0, 1]);
  assert.equal(Qobj.spin(1 / 2, '+').mul(down).vector.re[0], 1);
});

test('plain matrices keep working next to Qobjs (compatibility): same numbers either way', () => {
  const sz = Qobj.spin(1 / 2, 'z'), sm = Qobj.spin(1 / 2, '-'), sx = Qobj.spin(1 / 2, 'x');
  const opts = { times: [0, 1e-6, 2e-6], method: { kind: 'ode' as const, atol: 1e-12, rtol: 1e-10 } };
  const q = mesolve(sx.scale(1e6), [sm.scale(1e3)], Qobj.basis(2, 0), { ...opts, eOps: [sz] });
  const p = mesolve(sx.scale(1e6).op, [sm.scale(1e3).op], ComplexVector.basis(2, 0), { ...opts, eOps: [sz.op] });
  assert.deepEqual(Array.from(q.expect[0].re), Array.from(p.expect[0].re));
});
