/**
 * Two runs into the same --out (issue 17): the second refuses with one line
 * while the first is alive; a lock left by a killed run is detected (its
 * process is gone) and taken over; a finished run removes its lock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { run } from './run-cli.js';
import { repoRoot } from '../helpers.js';
import { LOCK_FILE } from '../../src/runner/lock.js';

const dir = mkdtempSync(join(tmpdir(), 'spindrift-run-lock-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const scenario = join(dir, 'b.yaml');
writeFileSync(scenario, 'model: generic\nparams: {spins: {S: 1/2}, hamiltonian: ["1 MHz * Sx"]}\ntimes: {stop: 1 us, steps: 3}\n');

test('a second run into a locked --out refuses with one line; a killed holder\'s lock is taken over', async () => {
  const out = join(dir, 'shared');
  mkdirSync(out);
  // Another process (a run of a different scenario, in the middle of its work) holds the folder's lock.
  const lockModule = pathToFileURL(join(repoRoot(), 'dist', 'src', 'runner', 'lock.js')).href;
  const holder = spawn(process.execPath, ['--input-type=module', '-e',
    `const { acquireRunLock } = await import(${JSON.stringify(lockModule)}); acquireRunLock(${JSON.stringify(out)}); console.log('locked'); setInterval(() => {}, 1000);`]);
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (b: Buffer) => { if (b.toString().includes('locked')) resolve(); });
    holder.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  try {
    const r = await run(['run', scenario, '--out', out]);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.stderr.endsWith('\n') && r.stderr.split('\n').length === 2, `one line: ${JSON.stringify(r.stderr)}`);
    assert.match(r.stderr, new RegExp(`another spindrift run is writing to this folder \\(process ${holder.pid}, started `));
    assert.equal(existsSync(join(out, 'data.csv')), false, 'nothing written');
    assert.equal(JSON.parse(readFileSync(join(out, LOCK_FILE), 'utf8')).pid, holder.pid, 'the holder\'s lock is untouched');
  } finally {
    holder.kill('SIGKILL');
    await new Promise<void>((resolve) => { if (holder.exitCode !== null || holder.signalCode !== null) resolve(); else holder.on('exit', () => resolve()); });
  }
  // The holder was killed: its lock is stale and is taken over.
  assert.ok(existsSync(join(out, LOCK_FILE)), 'a killed run leaves its lock behind');
  const r2 = await run(['run', scenario, '--out', out]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.ok(existsSync(join(out, 'data.csv')));
  assert.equal(existsSync(join(out, LOCK_FILE)), false, 'a finished run removes its lock');
});
