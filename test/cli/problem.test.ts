/**
 * Parsing and validation of the generic problem format (SPEC §2), without
 * running any solver.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ComplexMatrix } from '../../src/linalg/dense.js';
import { SparseMatrix } from '../../src/linalg/sparse.js';
import { toDense } from '../../src/linalg/operator.js';
import {
  compactOperator, parseJsonText, parseMatrix, parseProblemText, parseVector, projector, validateProblem, worstHermitianDefect,
} from '../../src/problem/problem.js';
import { ProblemError, closestName, editDistance } from '../../src/util/errors.js';
import { repoRoot } from '../helpers.js';

/** The object without `key` (a JSON document never holds `undefined`). */
function without<T extends object>(obj: T, key: keyof T): Partial<T> {
  const copy: Partial<T> = { ...obj };
  delete copy[key];
  return copy;
}

const qubit = () => ({
  H: { re: [[1, 0.5], [0.5, -1]] },
  c_ops: [{ shape: [2, 2], entries: [[1, 0, 0.3]] }],
  psi0: { re: [1, 0] },
  times: [0, 1e-6],
  e_ops: [{ re: [[1, 0], [0, -1]] }],
});

test('dense and sparse MATRIX forms give the same operator (exactly)', () => {
  const dense = parseMatrix({ re: [[1, 2, 0], [0, -3, 0.5], [4, 0, 0]], im: [[0, -1, 0], [0, 0, 2], [0, 0, 7]] }, 'A');
  const sparse = parseMatrix({
    shape: [3, 3],
    entries: [[0, 0, 1], [0, 1, 2, -1], [1, 1, -3], [1, 2, 0.5, 2], [2, 0, 4, 0], [2, 2, 0, 7]],
  }, 'A');
  assert.ok(dense instanceof ComplexMatrix);
  assert.ok(sparse instanceof SparseMatrix, 'sparse input stays sparse');
  const d = toDense(sparse);
  assert.deepEqual(Array.from(d.re), Array.from(dense.re));
  assert.deepEqual(Array.from(d.im), Array.from(dense.im));
});

test('duplicate sparse entries are summed; 3-element entries have im = 0', () => {
  const m = parseMatrix({ shape: [2, 2], entries: [[0, 1, 1, 0.5], [0, 1, 2, -0.25], [1, 0, 3], [0, 1, 0.5]] }, 'A');
  const d = toDense(m);
  assert.equal(d.getRe(0, 1), 3.5);
  assert.equal(d.getIm(0, 1), 0.25);
  assert.equal(d.getRe(1, 0), 3);
  assert.equal(d.getIm(1, 0), 0);
  assert.equal(d.getRe(0, 0), 0);
});

test('dense MATRIX without im is real; non-square shapes are kept for the caller to reject', () => {
  const m = parseMatrix({ re: [[1, 2, 3], [4, 5, 6]] }, 'A') as ComplexMatrix;
  assert.equal(m.rows, 2);
  assert.equal(m.cols, 3);
  assert.ok(m.im.every((x) => x === 0));
});

test('VECTOR parsing with and without im', () => {
  const v = parseVector({ re: [0.6, 0], im: [0, 0.8] }, 'psi0');
  assert.deepEqual(Array.from(v.re), [0.6, 0]);
  assert.deepEqual(Array.from(v.im), [0, 0.8]);
  const w = parseVector({ re: [1, 2, 3] }, 'x');
  assert.deepEqual(Array.from(w.im), [0, 0, 0]);
});

test('mostly-zero dense operators become CSR, small or full ones stay dense', () => {
  const n = 32;
  const diag = ComplexMatrix.zeros(n);
  for (let i = 0; i < n; i++) diag.set(i, i, i + 1);
  const c = compactOperator(diag);
  assert.ok(c instanceof SparseMatrix);
  assert.equal((c as SparseMatrix).nnz, n);
  assert.deepEqual(Array.from(toDense(c).re), Array.from(diag.re));
  const small = ComplexMatrix.zeros(2);
  assert.equal(compactOperator(small), small);
  const full = ComplexMatrix.zeros(n);
  full.re.fill(1);
  assert.equal(compactOperator(full), full);
});

test('worstHermitianDefect locates the offending pair in dense and sparse storage', () => {
  const d = ComplexMatrix.fromRows([[1, 2, 0], [2, 0, 0], [0.5, 0, 3]]);
  assert.deepEqual(worstHermitianDefect(d), { i: 0, j: 2, defect: 0.5 });
  const s = SparseMatrix.fromDense(d);
  const w = worstHermitianDefect(s);
  assert.equal(w.defect, 0.5);
  assert.deepEqual([Math.min(w.i, w.j), Math.max(w.i, w.j)], [0, 2]);
  // A Hermitian matrix with complex off-diagonals has zero defect.
  const h = ComplexMatrix.fromRows([[1, 2], [2, 0]], [[0, 1], [-1, 0]]);
  assert.equal(worstHermitianDefect(h).defect, 0);
  assert.equal(worstHermitianDefect(SparseMatrix.fromDense(h)).defect, 0);
});

test('method "auto" resolves to "me" with times and to "steady" without', () => {
  const p = validateProblem(qubit());
  assert.equal(p.requestedMethod, 'auto');
  assert.equal(p.method, 'me');
  assert.equal(p.dim, 2);
  // "me" keeps psi0 as a ket (mesolve takes kets; the n×n projector is never formed)
  assert.equal(p.rho0, null);
  assert.deepEqual(Array.from(p.psi0!.re), [1, 0]);
  const s = validateProblem(without(without(qubit(), 'times'), 'psi0'));
  assert.equal(s.method, 'steady');
  assert.equal(s.times, null);
  assert.equal(s.rho0, null);
  assert.equal(s.psi0, null);
});

test('optional scalar fields are read', () => {
  const p = validateProblem({ ...qubit(), method: 'mc', ntraj: 17, seed: 3, atol: 1e-9, rtol: 1e-7, complex: true, description: 'x' });
  assert.equal(p.method, 'mc');
  assert.equal(p.ntraj, 17);
  assert.equal(p.seed, 3);
  assert.equal(p.atol, 1e-9);
  assert.equal(p.rtol, 1e-7);
  assert.equal(p.complex, true);
  assert.deepEqual(Array.from(p.psi0!.re), [1, 0]);
});

test('"mc" with a pure rho0 uses its ket (up to a global phase)', () => {
  // psi = (0.6, 0.8 i·e^{0.3i}) / 1 ; rho = |psi><psi|
  const psi = parseVector({ re: [0.6, -0.8 * Math.sin(0.3)], im: [0, 0.8 * Math.cos(0.3)] }, 'psi');
  const rho = projector(psi);
  const p = validateProblem({ ...without(qubit(), 'psi0'), rho0: rho.toRows(), method: 'mc' });
  const k = p.psi0!;
  // |<psi|k>| = 1 within rounding (1e-15 relative, entries are O(1)).
  let re = 0, im = 0;
  for (let i = 0; i < 2; i++) {
    re += psi.re[i] * k.re[i] + psi.im[i] * k.im[i];
    im += psi.re[i] * k.im[i] - psi.im[i] * k.re[i];
  }
  assert.ok(Math.abs(Math.hypot(re, im) - 1) < 1e-14, `overlap ${Math.hypot(re, im)}`);
});

test('psi0 within the 1e-8 normalization tolerance is accepted and renormalized', () => {
  const p = validateProblem({ ...qubit(), psi0: { re: [1 + 5e-9, 0] } });
  assert.equal(p.psi0!.re[0], 1);
});

test('rho0 with a tiny negative eigenvalue (−1e-12 ≥ −1e-10) is accepted', () => {
  const p = validateProblem({ ...without(qubit(), 'psi0'), rho0: { re: [[1 + 1e-12, 0], [0, -1e-12]] } });
  assert.ok(p.rho0 !== null);
});

test('parseJsonText: native JSON, NaN/Infinity tokens tolerated for field-level errors, syntax errors (from the YAML parser) with line and column', () => {
  assert.deepEqual(parseJsonText('{"a": [1, 2]}'), { a: [1, 2] });
  assert.deepEqual(parseJsonText('\ufeff{"a": 1}'), { a: 1 }, 'byte-order mark skipped');
  const v = parseJsonText('{"a": [NaN, Infinity, -Infinity, 1e999]}') as { a: number[] };
  assert.ok(Number.isNaN(v.a[0]));
  assert.deepEqual(v.a.slice(1), [Infinity, -Infinity, Infinity]);
  assert.throws(() => parseJsonText('{\n  "a": [1,\n   2,,]\n}', 'p.json'), (e: unknown) => {
    assert.ok(e instanceof ProblemError);
    assert.equal(e.path, 'p.json');
    assert.match(e.message, /^p\.json: malformed JSON at line 3, column 6: Unexpected , in flow sequence/);
    return true;
  });
  assert.throws(() => parseJsonText('   ', 'p.json'), /the file is empty/);
  assert.throws(() => parseJsonText('{"a": 1} x', 'p.json'), /line 1, column 10: Unexpected scalar/);
  assert.throws(() => parseJsonText('{"a": "abc', 'p.json'), /line 1, column 11: Missing closing "quote/);
  assert.deepEqual(parseJsonText('{"a": NaN, "b": "NaN"}'), { a: NaN, b: 'NaN' }, 'only the unquoted token is a number');
});

test('a NaN token is reported at its field by validation', () => {
  assert.throws(() => parseProblemText('{"H": {"re": [[1, NaN], [NaN, 1]]}}'), (e: unknown) => {
    assert.ok(e instanceof ProblemError);
    assert.equal(e.path, 'H.re[0][1]');
    assert.match(e.detail, /finite number, got NaN/);
    return true;
  });
});

test('closest-name suggestions', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(closestName('c_op', ['H', 'c_ops', 'e_ops']), 'c_ops');
  assert.equal(closestName('RHO0', ['rho0', 'psi0']), 'rho0');
  assert.equal(closestName('zzzzzzzzzz', ['H', 'c_ops']), null);
});

test('the shipped examples are valid problems', () => {
  const expected: Record<string, string> = {
    'driven-qubit.json': 'me', 'qubit-mc.json': 'mc', 'optical-pumping-steady.json': 'steady', 'landau-zener.json': 'me',
  };
  for (const [name, method] of Object.entries(expected)) {
    const p = parseProblemText(readFileSync(join(repoRoot(), 'examples', name), 'utf8'), name);
    assert.equal(p.method, method, name);
  }
  const dq = parseProblemText(readFileSync(join(repoRoot(), 'examples', 'driven-qubit.json'), 'utf8'));
  assert.equal(dq.times!.length, 201);
  assert.equal(dq.times![200], 2e-5);
  const op = parseProblemText(readFileSync(join(repoRoot(), 'examples', 'optical-pumping-steady.json'), 'utf8'));
  assert.ok(op.H instanceof SparseMatrix && op.cOps.every((c) => c instanceof SparseMatrix), 'sparse input kept sparse');
  const lz = parseProblemText(readFileSync(join(repoRoot(), 'examples', 'landau-zener.json'), 'utf8'));
  assert.equal(lz.Ht.length, 1);
  assert.equal(lz.Ht[0].coefficient(1e-6), 2 * Math.PI * 4e12 * 1e-6);
  assert.equal(lz.cOpsT.length, 1);
});
