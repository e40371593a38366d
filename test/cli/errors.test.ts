/**
 * Every bad-input case of `spindrift solve` (SPEC §2): exit status 2, exactly
 * one line on stderr naming the field path, nothing on stdout, and no output
 * file — neither a new one nor a change to an existing one (nor a leftover
 * temporary file). `main` runs in-process with collected streams.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run-cli.js';


const dir = mkdtempSync(join(tmpdir(), 'spindrift-cli-errors-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const sz = { re: [[1, 0], [0, -1]] };
/** A valid two-level "me" problem that each case breaks in one place. */
function base(): Record<string, unknown> {
  return {
    H: { re: [[1, 0.5], [0.5, -1]], im: [[0, 0.25], [-0.25, 0]] },
    c_ops: [{ shape: [2, 2], entries: [[1, 0, 0.3]] }],
    psi0: { re: [1, 0] },
    times: [0, 1e-6, 2e-6],
    e_ops: [sz],
    method: 'me',
  };
}
function edit(changes: Record<string, unknown>, remove: string[] = []): string {
  const p = { ...base(), ...changes };
  for (const k of remove) delete p[k];
  return JSON.stringify(p);
}
const rho = (re: number[][], im?: number[][]) => (im ? { re, im } : { re });

interface Case {
  name: string;
  /** File content; null means the file does not exist. */
  text: string | null;
  /** Substring the one-line message must contain (the field path and the gist). */
  expect: string;
}

const cases: Case[] = [
  { name: 'malformed JSON', text: '{"H": {"re": [[1, 0], [0, 1]]},\n  , "times": [0]}', expect: 'malformed JSON at line 2, column 3' },
  { name: 'empty file', text: '', expect: 'malformed JSON: the file is empty' },
  { name: 'top level not an object', text: '[1, 2]', expect: '(top level): expected a JSON object' },
  { name: 'missing file', text: null, expect: 'cannot read the problem file: no such file' },
  { name: 'unknown top-level field, close to a known one', text: edit({ c_op: [] }), expect: 'c_op: unknown field "c_op"; did you mean "c_ops"?' },
  { name: 'unknown top-level field, not close to any', text: edit({ zzzzzzzzzz: 1 }), expect: 'zzzzzzzzzz: unknown field "zzzzzzzzzz"; known: H, H_t, c_ops, c_ops_t' },
  { name: 'unknown field inside a MATRIX', text: edit({ H: { re: [[1, 0], [0, 1]], imag: [[0, 0], [0, 0]] } }), expect: 'H.imag: unknown field "imag"; did you mean "im"?' },
  { name: 'missing H', text: edit({}, ['H']), expect: 'H: required field is missing' },
  { name: 'H not a matrix', text: edit({ H: 3 }), expect: 'H: expected a MATRIX' },
  { name: 'H not square', text: edit({ H: { re: [[1, 0, 0], [0, 1, 0]] } }), expect: 'H: expected a square matrix, got 2x3' },
  { name: 'sparse H not square', text: edit({ H: { shape: [2, 3], entries: [] } }), expect: 'H: expected a square matrix, got 2x3' },
  { name: 'ragged dense row', text: edit({ c_ops: [{ shape: [2, 2], entries: [] }, { re: [[0, 1], [0]] }] }), expect: 'c_ops[1].re[1]: expected 2 numbers, got 1' },
  { name: 'im with the wrong number of rows', text: edit({ H: { re: [[1, 0], [0, 1]], im: [[0, 0], [0, 0], [0, 0]] } }), expect: 'H.im: expected 2 rows (as in "re"), got 3' },
  { name: 'im row of the wrong length', text: edit({ H: { re: [[1, 0], [0, 1]], im: [[0, 0], [0, 0, 0]] } }), expect: 'H.im[1]: expected 2 numbers, got 3' },
  { name: 'c_op of another size than H', text: edit({ c_ops: [{ re: [[0, 0, 0], [1, 0, 0], [0, 0, 0]] }] }), expect: 'c_ops[0]: expected a 2x2 matrix (the size of H), got 3x3' },
  { name: 'sparse e_op of another size than H', text: edit({ e_ops: [sz, { shape: [3, 3], entries: [] }] }), expect: 'e_ops[1]: expected a 2x2 matrix (the size of H), got 3x3' },
  { name: 'c_ops not an array', text: edit({ c_ops: { re: [[0, 0], [1, 0]] } }), expect: 'c_ops: expected an array of matrices' },
  { name: 'non-Hermitian H', text: edit({ H: { re: [[1, 0.5], [0.5, -1]], im: [[0, 0.25], [0.25, 0]] } }), expect: 'H: not Hermitian' },
  { name: 'non-Hermitian sparse H', text: edit({ H: { shape: [2, 2], entries: [[0, 1, 1]] } }), expect: 'H: not Hermitian' },
  { name: 'string where a number belongs', text: edit({ H: { re: [[1, '0.5'], [0.5, -1]] } }), expect: 'H.re[0][1]: expected a number, got a string "0.5"' },
  { name: 'NaN token in H', text: '{"H": {"re": [[1, 0], [0, NaN]]}, "psi0": {"re": [1, 0]}, "times": [0]}', expect: 'H.re[1][1]: expected a finite number, got NaN' },
  { name: 'Infinity (1e999) in a sparse e_op', text: edit({ e_ops: ['@'] }).replace('"@"', '{"shape": [2, 2], "entries": [[0, 0, 1e999]]}'), expect: 'e_ops[0].entries[0][2]: expected a finite number, got Infinity' },
  { name: '-Infinity token in psi0.im', text: edit({ psi0: '@' }).replace('"@"', '{"re": [1, 0], "im": [0, -Infinity]}'), expect: 'psi0.im[1]: expected a finite number, got -Infinity' },
  { name: 'sparse row index out of range', text: edit({ c_ops: [{ shape: [2, 2], entries: [[2, 0, 1]] }] }), expect: 'c_ops[0].entries[0][0]: row index 2 out of range: expected an integer in 0..1' },
  { name: 'sparse column index out of range', text: edit({ c_ops: [{ shape: [2, 2], entries: [[1, 0, 1], [0, -1, 1]] }] }), expect: 'c_ops[0].entries[1][1]: column index -1 out of range' },
  { name: 'sparse entry with 2 elements', text: edit({ e_ops: [{ shape: [2, 2], entries: [[0, 0]] }] }), expect: 'e_ops[0].entries[0]: expected [i, j, re] or [i, j, re, im], got 2 elements' },
  { name: 'sparse shape not positive integers', text: edit({ e_ops: [{ shape: [2, 0.5], entries: [] }] }), expect: 'e_ops[0].shape[1]: expected a positive integer, got 0.5' },
  { name: 'MATRIX mixing dense and sparse forms', text: edit({ H: { re: [[1]], shape: [1, 1], entries: [] } }), expect: 'H: mixes the dense' },
  { name: 'rho0 and psi0 both given', text: edit({ rho0: rho([[1, 0], [0, 0]]) }), expect: 'rho0/psi0: give exactly one of "rho0" and "psi0", not both' },
  { name: 'neither rho0 nor psi0 for "me"', text: edit({}, ['psi0']), expect: 'rho0/psi0: method "me" needs an initial state' },
  { name: 'rho0 not Hermitian', text: edit({ rho0: rho([[0.5, 0.1], [0.2, 0.5]]) }, ['psi0']), expect: 'rho0: not Hermitian' },
  { name: 'rho0 trace not 1', text: edit({ rho0: rho([[0.5, 0], [0, 0.4]]) }, ['psi0']), expect: 'rho0: trace is 0.9, expected 1' },
  { name: 'rho0 not positive semidefinite', text: edit({ rho0: rho([[1.5, 0], [0, -0.5]]) }, ['psi0']), expect: 'rho0: not positive semidefinite: smallest eigenvalue -0.5' },
  { name: 'rho0 not positive semidefinite (off-diagonal)', text: edit({ rho0: rho([[0.5, 0.6], [0.6, 0.5]]) }, ['psi0']), expect: 'rho0: not positive semidefinite: smallest eigenvalue -0.1' },
  { name: 'rho0 of another size than H', text: edit({ rho0: rho([[1]]) }, ['psi0']), expect: 'rho0: expected a 2x2 matrix (the size of H), got 1x1' },
  { name: 'mixed rho0 for "mc"', text: edit({ rho0: rho([[0.5, 0], [0, 0.5]]), method: 'mc' }, ['psi0']), expect: 'rho0: method "mc" needs a pure initial state' },
  { name: 'psi0 not normalized', text: edit({ psi0: { re: [1, 1] } }), expect: 'psi0: not normalized: norm is 1.41421' },
  { name: 'psi0 zero', text: edit({ psi0: { re: [0, 0], im: [0, 0] } }), expect: 'psi0: is the zero vector' },
  { name: 'psi0 of another length than H', text: edit({ psi0: { re: [1, 0, 0] } }), expect: 'psi0: expected 2 components (the size of H), got 3' },
  { name: 'psi0 given as a matrix', text: edit({ psi0: { re: [[1], [0]] } }), expect: 'psi0.re[0]: expected a number, got an array of 1' },
  { name: 'times unsorted', text: edit({ times: [0, 2e-6, 1e-6] }), expect: 'times[2]: 0.000001 is not greater than times[1] = 0.000002' },
  { name: 'times with a repeated value', text: edit({ times: [0, 1e-6, 1e-6] }), expect: 'times[2]: 0.000001 is not greater than times[1] = 0.000001' },
  { name: 'times with NaN', text: edit({ times: '@' }).replace('"@"', '[0, NaN, 1]'), expect: 'times[1]: expected a finite number, got NaN' },
  { name: 'times with Infinity (1e400)', text: edit({ times: '@' }).replace('"@"', '[0, 1e400]'), expect: 'times[1]: expected a finite number, got Infinity' },
  { name: 'times empty', text: edit({ times: [] }), expect: 'times: expected at least one time' },
  { name: 'times missing for "me"', text: edit({}, ['times']), expect: 'times: required field is missing (method "me" needs output times)' },
  { name: 'times missing for "mc"', text: edit({ method: 'mc' }, ['times']), expect: 'times: required field is missing (method "mc"' },
  { name: 'unknown method', text: edit({ method: 'mee' }), expect: 'method: unknown method "mee"; did you mean "me"?' },
  { name: 'method not a string', text: edit({ method: 1 }), expect: 'method: expected one of "me", "mc", "steady", "auto", got 1' },
  { name: 'ntraj zero', text: edit({ method: 'mc', ntraj: 0 }), expect: 'ntraj: expected a positive integer, got 0' },
  { name: 'ntraj fractional', text: edit({ method: 'mc', ntraj: 2.5 }), expect: 'ntraj: expected a positive integer, got 2.5' },
  { name: 'ntraj negative', text: edit({ method: 'mc', ntraj: -10 }), expect: 'ntraj: expected a positive integer, got -10' },
  { name: 'ntraj a string', text: edit({ method: 'mc', ntraj: '100' }), expect: 'ntraj: expected a positive integer, got a string "100"' },
  { name: 'seed negative', text: edit({ seed: -1 }), expect: 'seed: expected a non-negative integer, got -1' },
  { name: 'atol not positive', text: edit({ atol: 0 }), expect: 'atol: expected a positive number, got 0' },
  { name: 'rtol not a number', text: edit({ rtol: null }), expect: 'rtol: expected a number, got null' },
  { name: 'complex not a boolean', text: edit({ complex: 'yes' }), expect: 'complex: expected true or false' },
];

function assertOneLine(stderr: string, expect: string, label: string): void {
  assert.ok(stderr.endsWith('\n'), `${label}: stderr should end with a newline: ${JSON.stringify(stderr)}`);
  assert.equal(stderr.split('\n').length, 2, `${label}: stderr should be exactly one line: ${JSON.stringify(stderr)}`);
  assert.ok(stderr.startsWith('spindrift solve: '), `${label}: ${stderr}`);
  // The messages use the Unicode minus in "−0.5"; compare with ASCII hyphens for readability.
  const normalized = stderr.replace(/\u2212/g, '-');
  assert.ok(normalized.includes(expect), `${label}: expected ${JSON.stringify(expect)} in ${JSON.stringify(stderr)}`);
}

let counter = 0;
for (const c of cases) {
  test(`bad input: ${c.name}`, async () => {
    const k = counter++;
    const caseDir = join(dir, `case-${k}`);
    mkdirSync(caseDir);
    const problem = join(caseDir, 'problem.json');
    if (c.text !== null) writeFileSync(problem, c.text);

    // 1) --out to a file that does not exist: it must not be created.
    const fresh = join(caseDir, 'fresh', 'out.json');
    const r1 = await run(['solve', problem, '--out', fresh]);
    assert.equal(r1.code, 2, `${c.name}: exit status (stderr: ${r1.stderr})`);
    assertOneLine(r1.stderr, c.expect, c.name);
    assert.equal(r1.stdout, '');
    assert.equal(existsSync(fresh), false, 'no output file created');
    assert.equal(existsSync(join(caseDir, 'fresh')), false, 'not even its directory');

    // 2) --out to an existing file: it must be left untouched, with no temporary files around it.
    const existing = join(caseDir, 'existing.json');
    writeFileSync(existing, 'previous content\n');
    const before = readdirSync(caseDir).sort();
    const r2 = await run(['solve', problem, '--out', existing]);
    assert.equal(r2.code, 2);
    assert.equal(r2.stderr, r1.stderr, 'same message whatever --out is');
    assert.equal(readFileSync(existing, 'utf8'), 'previous content\n');
    assert.deepEqual(readdirSync(caseDir).sort(), before, 'no temporary files left');

    // 3) Without --out: nothing on stdout either.
    const r3 = await run(['solve', problem]);
    assert.equal(r3.code, 2);
    assert.equal(r3.stdout, '');
    assert.equal(r3.stderr, r1.stderr);
  });
}

test('an error message names the problem file for file-level errors', async () => {
  const r = await run(['solve', join(dir, 'no-such-problem.json')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^spindrift solve: .*no-such-problem\.json: cannot read the problem file: no such file\n$/);
});
