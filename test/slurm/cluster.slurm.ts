/**
 * `npm run test:slurm`: the Slurm route on a real Slurm (the one-node cluster
 * of scripts/slurm-local.sh in CI). Submits 4-task arrays of three real
 * scenarios — a seed-001 disorder average (realizations split over tasks),
 * the default steady-state sweep (points split over tasks) and a seed-000
 * KMC point of two ensembles (realization chunks split over tasks) — waits for them
 * and their merge jobs, and checks that the merged data files are
 * byte-identical to single-machine runs, that `spindrift status` reports every
 * shard done, and that a resubmission submits no shard again.
 *
 * Not part of `npm test`: it needs sbatch/squeue and a running cluster
 * (SLURM_CONF). Without them it fails — it never skips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DRIVEN_DECAYING_SPIN } from '../helpers.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'bin', 'spindrift.js');
const tmp = mkdtempSync(join(tmpdir(), 'spindrift-slurm-'));
process.on('exit', () => { if (!process.env.KEEP_SLURM_TEST) rmSync(tmp, { recursive: true, force: true }); });

function spindrift(args: string[]): string {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `spindrift ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Wait until none of `jobs` is in the queue (Slurm drops finished jobs from squeue). */
async function waitFor(jobs: string[], timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const r = spawnSync('squeue', ['-h', '-j', jobs.join(','), '-o', '%i %T %r'], { encoding: 'utf8' });
    // Jobs purged from the controller (MinJobAge) make squeue fail with "Invalid job id": finished too.
    if (r.status !== 0 && !/Invalid job id/i.test(r.stderr)) assert.fail(`squeue failed: ${r.stderr}`);
    const out = r.status === 0 ? r.stdout.trim() : '';
    if (out === '') return;
    if (/DependencyNeverSatisfied/.test(out)) assert.fail(`a shard failed; the merge can never run:\n${out}`);
    if (Date.now() - t0 > timeoutMs) assert.fail(`jobs still queued after ${timeoutMs / 1000} s:\n${out}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const scenarios = {
  disorder: `title: seed-001 disorder average on Slurm
model: anderson-dnp
params: {L: 5, realizations: 8, method: exact, cOmegas: [5 MHz]}
seed: 2026
sweep: {parameter: t, values: [4 MHz, 12 MHz]}
`,
  sweep: readFileSync(join(root, 'scenarios', 'default.yaml'), 'utf8'),
  kmc: `title: seed-000 KMC steady profiles on Slurm
model: nuclear-transport
params: {analysis: steady-profile, sizes: [12, 20], solver: kmc, realizations: 16, initial: unpolarized}
seed: 7
`,
};

test('a cluster is up: sinfo shows an idle node', () => {
  const r = spawnSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8' });
  assert.equal(r.error, undefined, `sinfo not runnable (${r.error?.message}); install slurm-wlm and start scripts/slurm-local.sh`);
  assert.equal(r.status, 0, `sinfo failed: ${r.stderr}`);
  assert.match(r.stdout, /idle|mix|alloc/);
});

test('4-task job arrays merge to the bytes of single-machine runs', async () => {
  const submitted: { name: string; dir: string; single: string; jobs: string[] }[] = [];
  for (const [name, text] of Object.entries(scenarios)) {
    const file = join(tmp, `${name}.yaml`);
    writeFileSync(file, text);
    const single = join(tmp, `${name}-single`);
    spindrift(['run', file, '--out', single, '--workers', '1']);
    const dir = join(tmp, `${name}-cluster`);
    const out = spindrift(['slurm', file, '--out', dir, '--array', '4', '--time', '00:10:00']);
    const m = /submitted array job (\d+) \(shards 1-4 of 4\) and merge job (\d+) \(afterok\)/.exec(out);
    assert.ok(m, `unexpected output of spindrift slurm: ${out}`);
    submitted.push({ name, dir, single, jobs: [m[1], m[2]] });
  }
  for (const s of submitted) {
    await waitFor(s.jobs, 300_000);
    for (const f of ['data.csv', 'data.json']) {
      assert.ok(readFileSync(join(s.dir, f)).equals(readFileSync(join(s.single, f))), `${s.name}: merged ${f} differs from the single run (logs: ${join(s.dir, 'logs')})`);
    }
    const status = spindrift(['status', s.dir]);
    assert.match(status, /4 shards: 4 done, 0 running, 0 pending, 0 failed, 0 interrupted, 0 not started; merge done/);
    const again = spindrift(['slurm', join(tmp, `${s.name}.yaml`), '--out', s.dir, '--array', '4']);
    assert.match(again, /^all 4 shards complete; submitted merge job (\d+)/);
    await waitFor([/merge job (\d+)/.exec(again)![1]], 120_000);
    assert.ok(readFileSync(join(s.dir, 'data.json')).equals(readFileSync(join(s.single, 'data.json'))), `${s.name}: data.json changed by the second merge`);
  }
});

test('a failed task: status names it, the merge never runs, a resubmission retries only that shard', async () => {
  // Point 2 of 4 has a negative rate: found only when that point runs (shard 2 of 4).
  const file = join(tmp, 'bad.yaml');
  writeFileSync(file, `title: one point fails
${DRIVEN_DECAYING_SPIN}times: {stop: 1 us, steps: 4}
sweep: {parameter: constants.G, values: [1e6 /s, -1e6 /s, 2e6 /s, 3e6 /s]}
`);
  const dir = join(tmp, 'bad-cluster');
  const out = spindrift(['slurm', file, '--out', dir, '--array', '4']);
  const [, arrayJob, mergeJob] = /array job (\d+) .* merge job (\d+)/.exec(out)!;
  await waitFor([arrayJob], 300_000);
  const status = spindrift(['status', dir]);
  assert.match(status, /4 shards: 3 done, 0 running, 0 pending, 1 failed, 0 interrupted, 0 not started; merge queued/);
  assert.match(status, /shard 2\/4 {2}failed {6}spindrift: dissipators\[0\]: the rate must be ≥ 0/);
  const again = spindrift(['slurm', file, '--out', dir, '--array', '4']);
  const m = /^submitted array job (\d+) \(shards 2 of 4\) and merge job (\d+)/.exec(again);
  assert.ok(m, again);
  const q = spawnSync('squeue', ['-h', '-j', mergeJob, '-o', '%T'], { encoding: 'utf8' });
  assert.ok(!/PENDING/.test(q.stdout), `the stale merge job ${mergeJob} was not cancelled: ${q.stdout}`);
  await waitFor([m[1]], 300_000);
  spawnSync('scancel', [m[2]]); // its dependency failed again: never runs
  assert.match(spindrift(['status', dir]), /3 done, .* 1 failed/);
});
