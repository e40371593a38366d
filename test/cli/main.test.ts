/**
 * The command-line front end: --version, --help, usage errors (one line,
 * status 2), and the atomic writer behind --out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { run } from './run-cli.js';
import { writeFileAtomic } from '../../src/util/atomic-write.js';
import { repoRoot } from '../helpers.js';


const dir = mkdtempSync(join(tmpdir(), 'spindrift-cli-main-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

test('--version prints the package.json version', async () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const r = await run([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, pkg.version + '\n');
    assert.equal(r.stderr, '');
  }
});

test('--help lists the solve command and exits 0', async () => {
  const r = await run(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage: spindrift/);
  assert.match(r.stdout, /solve/);
  assert.equal(r.stderr, '');
});

test('solve --help documents the format, the output shapes and an example', async () => {
  for (const args of [['solve', '--help'], ['help', 'solve']]) {
    const r = await run(args);
    assert.equal(r.code, 0, args.join(' '));
    for (const needle of ['PROBLEM.json', '--out', '"shape": [n, n]', 'expect_err', '"complex": true', 'Example', '"steady"', 'Exit status']) {
      assert.ok(r.stdout.includes(needle), `${args.join(' ')}: help should mention ${needle}`);
    }
  }
});

test('usage errors: one line on stderr, status 2', async () => {
  const cases: [string[], RegExp][] = [
    [['frobnicate'], /^spindrift: unknown command 'frobnicate'/],
    [['solv', 'x.json'], /^spindrift: unknown command 'solv'.*solve/],
    [['solve'], /^spindrift: missing required argument/],
    [['solve', 'a.json', '--bogus'], /^spindrift: unknown option '--bogus'/],
    [['solve', 'a.json', 'b.json'], /^spindrift: too many arguments/],
    [['solve', 'a.json', '--out'], /^spindrift: option '-o, --out <FILE>' argument missing/],
  ];
  for (const [args, re] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
    assert.equal(r.stderr.split('\n').length, 2, `one line: ${JSON.stringify(r.stderr)}`);
    assert.equal(r.stdout, '');
  }
});

test('no command: help on stderr, status 2', async () => {
  const r = await run([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Usage: spindrift/);
  assert.equal(r.stdout, '');
});

test('bin/spindrift.js propagates the exit status and the one-line error (spawned)', () => {
  const r = spawnSync(process.execPath, [join(repoRoot(), 'bin', 'spindrift.js'), 'solve', join(dir, 'missing.json')], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^spindrift solve: .*missing\.json: cannot read the problem file: no such file\n$/);
});

test('writeFileAtomic: creates parent directories, replaces content, leaves no temporary file', () => {
  const target = join(dir, 'a', 'b', 'out.json');
  writeFileAtomic(target, 'one\n');
  assert.equal(readFileSync(target, 'utf8'), 'one\n');
  writeFileAtomic(target, 'two\n');
  assert.equal(readFileSync(target, 'utf8'), 'two\n');
  assert.deepEqual(readdirSync(join(dir, 'a', 'b')), ['out.json']);
});

test('writeFileAtomic: a failed rename leaves the target and no temporary file', () => {
  // The target is a non-empty directory: rename(2) over it fails.
  const target = join(dir, 'busy');
  mkdirSync(target);
  writeFileSync(join(target, 'keep'), 'x');
  assert.throws(() => writeFileAtomic(target, 'data'));
  assert.deepEqual(readdirSync(dir).filter((n) => n.includes('.tmp')), []);
  assert.equal(readFileSync(join(target, 'keep'), 'utf8'), 'x');
});
