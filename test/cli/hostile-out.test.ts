/**
 * Hostile `--out` values (issue 17, rows 1–5): special files are written
 * through and never replaced, symbolic links keep pointing at their (updated)
 * target, standard output is `-` or /dev/stdout, paths under /proc fail at
 * once, and a regular file where a folder is needed is one plain line.
 * Every case passes as root and as an ordinary user (CI runs as root).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run-cli.js';
import { repoRoot } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'spindrift-hostile-out-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** A qubit decaying from |up>: steady output is known, me output is small. */
const problem = join(dir, 'decay.json');
writeFileSync(problem, JSON.stringify({
  H: { re: [[0, 0], [0, 0]] }, c_ops: [{ shape: [2, 2], entries: [[1, 0, 316.22776601683796]] }],
  psi0: { re: [1, 0] }, times: [0, 1e-5], e_ops: [{ re: [[1, 0], [0, -1]] }],
}));

function oneLine(stderr: string): void {
  assert.ok(stderr.endsWith('\n') && stderr.split('\n').length === 2, `one line: ${JSON.stringify(stderr)}`);
}

test('row 1: --out /dev/full is written through (ENOSPC, exit 1), the device node is never replaced', async (t) => {
  if (!existsSync('/dev/full')) return t.skip('no /dev/full on this machine: the case cannot be produced');
  const r = await run(['solve', problem, '--out', '/dev/full']);
  assert.equal(r.code, 1, r.stderr);
  oneLine(r.stderr);
  assert.match(r.stderr, /\/dev\/full: cannot write to this special file \(no space left on the device\)/);
  assert.ok(statSync('/dev/full').isCharacterDevice(), '/dev/full is still a character device');
  assert.deepEqual(readdirSync('/dev').filter((n) => n.startsWith('.full.')), [], 'no temporary file in /dev');
});

test('row 1: a FIFO as --out is written through (a reader receives the result), never replaced', async (t) => {
  const fifo = join(dir, 'pipe');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('mkfifo unavailable: the case cannot be produced');
  const reader = spawn('cat', [fifo]);
  let received = '';
  reader.stdout.on('data', (b: Buffer) => { received += b.toString(); });
  const closed = new Promise<void>((resolve) => reader.on('close', () => resolve()));
  const r = await run(['solve', problem, '--out', fifo]);
  await closed;
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(Object.keys(JSON.parse(received)).sort(), ['expect', 'stats', 'times']);
  assert.ok(lstatSync(fifo).isFIFO(), 'still a FIFO');
});

test('row 2: --out through a symbolic link replaces the target (atomically beside it) and keeps the link', async () => {
  const targetDir = join(dir, 'real');
  mkdirSync(targetDir);
  const target = join(targetDir, 'result.json');
  writeFileSync(target, 'old\n');
  const link = join(dir, 'link.json');
  symlinkSync(join('real', 'result.json'), link); // relative link
  const r = await run(['solve', problem, '--out', link]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
  assert.equal(readlinkSync(link), join('real', 'result.json'));
  assert.ok(Array.isArray(JSON.parse(readFileSync(target, 'utf8')).times), 'the target holds the result');
  assert.deepEqual(readdirSync(targetDir), ['result.json'], 'no temporary file left beside the target');
  // A dangling link: its target is created.
  const dangling = join(dir, 'dangling.json');
  symlinkSync(join('real', 'new.json'), dangling);
  const r2 = await run(['solve', problem, '--out', dangling]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.ok(lstatSync(dangling).isSymbolicLink());
  assert.ok(existsSync(join(targetDir, 'new.json')));
});

test('row 3: --out - and --out /dev/stdout write to standard output', async () => {
  const r = await run(['solve', problem, '--out', '-']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(Array.isArray(JSON.parse(r.stdout).times));
  assert.equal(existsSync('-'), false, 'no file named "-"');
  // A real process whose stdout is a pipe (as a non-root user this used to fail with EACCES in /dev).
  const child = spawnSync(process.execPath, [join(repoRoot(), 'bin', 'spindrift.js'), 'solve', problem, '--out', '/dev/stdout'], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.ok(Array.isArray(JSON.parse(child.stdout).times));
  assert.ok(statSync('/dev/stdout', { throwIfNoEntry: false }) === undefined || !lstatSync('/dev/stdout').isFile(), '/dev/stdout not replaced by a file');
});

test('row 4: --out under /proc fails at once with one line (solve exit 2; run exit 2), nothing hangs', async () => {
  const t0 = Date.now();
  const r = await run(['solve', problem, '--out', '/proc/spindrift-none/a/b/out.json']);
  assert.equal(r.code, 2, r.stderr);
  oneLine(r.stderr);
  assert.match(r.stderr, /\/proc/);
  const scenario = join(dir, 'tiny.yaml');
  writeFileSync(scenario, 'model: generic\nparams: {spins: {S: 1/2}, hamiltonian: ["1 MHz * Sx"]}\ntimes: {stop: 1 us, steps: 3}\n');
  const r2 = await run(['run', scenario, '--out', '/proc/spindrift-none/out']);
  assert.equal(r2.code, 2, r2.stderr);
  oneLine(r2.stderr);
  assert.match(r2.stderr, /\/proc.*pseudo file system/);
  assert.ok(Date.now() - t0 < 60_000, 'returned promptly');
});

test('row 5: an existing regular file where a folder is needed is one plain line naming the path', async () => {
  const file = join(dir, 'plain.txt');
  writeFileSync(file, 'x');
  const r = await run(['solve', problem, '--out', join(file, 'out.json')]);
  assert.equal(r.code, 2, r.stderr);
  oneLine(r.stderr);
  assert.match(r.stderr, /plain\.txt: is a file, not a folder/);
  assert.doesNotMatch(r.stderr, /EEXIST|mkdir/);
  const scenario = join(dir, 'tiny2.yaml');
  writeFileSync(scenario, 'model: generic\nparams: {spins: {S: 1/2}, hamiltonian: ["1 MHz * Sx"]}\ntimes: {stop: 1 us, steps: 3}\n');
  for (const out of [file, join(file, 'sub')]) {
    const r2 = await run(['run', scenario, '--out', out]);
    assert.equal(r2.code, 2, r2.stderr);
    oneLine(r2.stderr);
    assert.match(r2.stderr, /plain\.txt: is a file, not a folder/);
    assert.doesNotMatch(r2.stderr, /EEXIST|mkdir/);
  }
  assert.equal(readFileSync(file, 'utf8'), 'x', 'the file is untouched');
});
