/**
 * Sharded runs: any partition of a scenario's work units over shards merges
 * to data files byte-identical to a single-machine run (issue 20), for a
 * sweep, a seed-001-style disorder average, an mcsolve ensemble, a KMC
 * sweep (no wall-clock rates in its notes), a KMC point of two ensembles, the
 * seed-002 telegraph check, a seed-004 trajectory chain and a seed-000
 * dressed chain of paired trajectories (each split into
 * item batches at 7 shards); merges
 * with a missing, foreign, duplicated or incomplete shard are refused with
 * one line naming it; an interrupted shard continues from its partial file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveScenarioText, type ResolvedScenario } from '../../src/scenario/scenario.js';
import { runScenario } from '../../src/runner/run.js';
import { runShard, readShardFile } from '../../src/runner/shard.js';
import { mergeShards } from '../../src/runner/merge.js';
import { planUnits, shardUnits, parseShard, shardFileName, scenarioDigest } from '../../src/runner/units.js';
import { listGallery } from '../../src/runner/gallery.js';
import { parseExact, stringifyExact } from '../../src/runner/exact-json.js';
import { arraySpec, submitSlurm } from '../../src/runner/slurm.js';
import { ProblemError } from '../../src/util/errors.js';
import { run } from '../cli/run-cli.js';
import { DRIVEN_DECAYING_SPIN } from '../helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'spindrift-shard-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** A driven, decaying spin-1/2 (the generic model). */
const spin = DRIVEN_DECAYING_SPIN;

/** A 5-point mesolve sweep (every point one unit). */
const sweep = `title: shard sweep
${spin}times: {stop: 1 us, steps: 6}
sweep: {parameter: constants.f, values: [0.2 MHz, 0.4 MHz, 0.6 MHz, 0.8 MHz, 1 MHz]}
`;

/** Seed 001 style: disorder averages (exact diagonalization, 6 realizations) at two hoppings. */
const disorder = `title: shard disorder average
model: anderson-dnp
params: {L: 4, realizations: 6, method: exact, cOmegas: [5 MHz]}
seed: 11
sweep: {parameter: t, values: [4 MHz, 12 MHz]}
`;

/** One mcsolve ensemble: 37 trajectories = 5 chunks (the last one short). */
const ensemble = `title: shard ensemble
${spin}solver: {method: mc, ntraj: 37}
times: {stop: 2 us, steps: 8}
seed: 5
`;

/** A kinetic Monte Carlo sweep (seed 000 effective model): points split, realizations per point. */
const kmc = `title: shard KMC sweep
model: nuclear-transport
params: {sites: 12, solver: kmc, realizations: 8, tMax: 0.05, points: 5}
seed: 4
sweep: {parameter: gammaE, values: [50 /s, 200 /s]}
`;

/** One point with two KMC ensembles (seed 000 Fig. 5a style: steady profiles of N = 12 and 20 by KMC), split by chunks of realizations. */
const kmcProfile = `title: shard KMC profiles
model: nuclear-transport
params: {analysis: steady-profile, sizes: [12, 20], solver: kmc, realizations: 14, initial: unpolarized}
seed: 9
`;

/** Seed 002's telegraph check, small: two Δ/Γ_c cases × two processes = four Monte Carlo ensembles of 3 chunks in one point. */
const telegraph = `title: shard telegraph check
model: spin-diffusion
params: {mode: telegraph, telegraphRatios: [1, 20], telegraphP: [0.5], trajectories: 40, batches: 4}
seed: 3
`;

/** Seed 004: a one-way chain of 4 spins ½, all excited, by 20 quantum-jump trajectories (3 chunks). */
const chiral = `title: shard chiral chain trajectories
model: chiral-phonons
params: {mode: chain, sites: 4, initial: all, method: mc, ntraj: 20, points: 21, duration: 2 ms, gammaRatio: 0.1}
seed: 6
`;

/** Seed 000: a 3-site dressed chain by paired quantum jumps, 18 trajectories = 9 pairs = two halves of 2 chunks each. */
const dressed = `title: shard dressed chain trajectories
model: dressed-chain
params: {sites: 3, ntraj: 18, tEnd: 4 ms, points: 9}
seed: 8
`;

const DATA = ['data.csv', 'data.json', 'plot.svg'];

async function single(sc: ResolvedScenario, name: string): Promise<string> {
  const out = join(tmp, name, 'single');
  await runScenario(sc, { out, progress: null, workers: 2 });
  return out;
}

async function shardAndMerge(sc: ResolvedScenario, name: string, n: number): Promise<string> {
  const dir = join(tmp, name, `shards-${n}`);
  for (let k = 1; k <= n; k++) await runShard(sc, { out: dir, shard: k, of: n, workers: 1, progress: null });
  const out = join(tmp, name, `merged-${n}`);
  await mergeShards([dir], { out });
  return out;
}

const CASES = [['sweep', sweep], ['disorder', disorder], ['ensemble', ensemble], ['kmc', kmc], ['kmc-profile', kmcProfile], ['telegraph', telegraph], ['chiral', chiral], ['dressed', dressed]] as const;

for (const [name, text] of CASES) {
  test(`${name}: shards 1/1, K/3 and K/7 merge to the bytes of the single run`, async () => {
    const sc = resolveScenarioText(text, `${name}.yaml`);
    const ref = await single(sc, name);
    for (const n of [1, 3, 7]) {
      const out = await shardAndMerge(sc, name, n);
      for (const f of DATA) assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(ref, f))), `${name}, ${n} shards: ${f} differs from the single run`);
      const shards = JSON.parse(readFileSync(join(out, 'shards.json'), 'utf8')) as { shards: unknown[] };
      assert.equal(shards.shards.length, n, 'timings go to shards.json');
      assert.ok(!/wall_?time|time_?ms/i.test(readFileSync(join(out, 'data.json'), 'utf8')), 'no timing in data.json');
    }
    if (name !== 'sweep') {
      const units = await planUnits(sc, 7);
      assert.ok(units.some((u) => u.items), `${name}: 7 shards split a point into item batches`);
    }
  });
}

test('units: the points of ensembles are split so that every item is in exactly one shard', async () => {
  const sc = resolveScenarioText(disorder, 'disorder.yaml');
  for (let n = 1; n <= 9; n++) {
    const units = await planUnits(sc, n);
    const seen = new Map<string, number>();
    for (let k = 1; k <= n; k++) {
      for (const u of shardUnits(units, k, n)) {
        const items = u.items ? Array.from({ length: u.items.count }, (_, i) => u.items!.first + i) : Array.from({ length: 6 }, (_, i) => i);
        for (const i of items) seen.set(`${u.point}:${i}`, (seen.get(`${u.point}:${i}`) ?? 0) + 1);
      }
    }
    assert.equal(seen.size, 12, `n = ${n}: every realization of both points`);
    assert.ok([...seen.values()].every((c) => c === 1), `n = ${n}: no realization twice`);
    assert.equal(units.length >= Math.min(n, 12), true, `n = ${n}: enough units for the shards`);
  }
  assert.deepEqual(parseShard('3/7'), { k: 3, n: 7 });
  for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0', '-1/2']) assert.equal(parseShard(bad), null, bad);
});

test('every gallery figure survives the trip through DIR/scenario.yaml (same digest), so slurm tasks and merges accept it', () => {
  for (const g of listGallery()) {
    const sc = g.load();
    assert.equal(scenarioDigest(resolveScenarioText(sc.text, '/run/scenario.yaml')), scenarioDigest(sc), g.id);
  }
});

test('exact JSON keeps NaN, ±Infinity, −0 and Float64Arrays', () => {
  const v = { a: [NaN, Infinity, -Infinity, -0, 0, 0.1 + 0.2, 5e-324], f: Float64Array.from([1 / 3, NaN, -0]), s: 'x', n: null };
  const back = parseExact(stringifyExact(v)) as typeof v;
  assert.ok(Object.is(back.a[0], NaN) && back.a[1] === Infinity && back.a[2] === -Infinity && Object.is(back.a[3], -0) && Object.is(back.a[4], 0));
  assert.equal(back.a[5], 0.1 + 0.2);
  assert.equal(back.a[6], 5e-324);
  assert.ok(back.f instanceof Float64Array);
  assert.ok(back.f[0] === 1 / 3 && Number.isNaN(back.f[1]) && Object.is(back.f[2], -0));
  assert.throws(() => stringifyExact({ $exact: 1 }), /reserved/);
});

test('merge refuses a missing, foreign, duplicated or incomplete shard, naming it', async () => {
  const sc = resolveScenarioText(ensemble, 'ensemble.yaml');
  const other = resolveScenarioText(ensemble.replace('seed: 5', 'seed: 6'), 'ensemble.yaml');
  const dir = join(tmp, 'refuse', 'a');
  for (const k of [1, 3]) await runShard(sc, { out: dir, shard: k, of: 3, workers: 1, progress: null });
  await assert.rejects(mergeShards([dir], { out: join(tmp, 'refuse', 'out') }), (e: Error) => e instanceof ProblemError && /^shard 2\/3: missing/.test(e.message));
  const foreign = join(tmp, 'refuse', 'foreign');
  await runShard(other, { out: foreign, shard: 2, of: 3, workers: 1, progress: null });
  await assert.rejects(mergeShards([dir, foreign], { out: join(tmp, 'refuse', 'out') }), (e: Error) => e instanceof ProblemError && e.message.startsWith(join(foreign, 'shard-2-of-3.json') + ': shard of a different scenario'));
  const twice = join(tmp, 'refuse', 'b');
  await runShard(sc, { out: twice, shard: 1, of: 3, workers: 1, progress: null });
  await assert.rejects(mergeShards([dir, twice], { out: join(tmp, 'refuse', 'out') }), /shard 1\/3 given twice/);
  const fourDir = join(tmp, 'refuse', 'four');
  await runShard(sc, { out: fourDir, shard: 2, of: 4, workers: 1, progress: null });
  await assert.rejects(mergeShards([dir, fourDir], { out: join(tmp, 'refuse', 'out') }), /one of 4 shards, the others are of 3/);
  // An incomplete (partial) shard renamed as complete is refused too.
  const partial = readShardFile(join(dir, shardFileName(1, 3)));
  const inc = join(tmp, 'refuse', 'inc');
  writeFileSync(join(inc + '-x.json'), stringifyExact({ ...partial, complete: false }));
  await assert.rejects(mergeShards([dir, inc + '-x.json'], { out: join(tmp, 'refuse', 'out') }), /incomplete/);
  assert.ok(!existsSync(join(tmp, 'refuse', 'out')), 'nothing written by a refused merge');

  const cli = await run(['merge', dir, '--out', join(tmp, 'refuse', 'cli')]);
  assert.equal(cli.code, 2);
  assert.equal(cli.stderr.trim().split('\n').length, 1);
  assert.match(cli.stderr, /^spindrift: shard 2\/3: missing/);
  const bad = await run(['run', 'x.yaml', '--shard', '4/3', '--out', dir]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^spindrift: --shard: expected K\/N/);
});

test('a shard continues from its partial file and skips when complete; the merge is unchanged', async () => {
  const sc = resolveScenarioText(disorder, 'disorder.yaml');
  const dir = join(tmp, 'resume');
  for (let k = 1; k <= 7; k++) await runShard(sc, { out: dir, shard: k, of: 7, workers: 1, progress: null });
  // Turn shard 2 into an interrupted one: its first unit kept, the rest lost.
  const full = readShardFile(join(dir, shardFileName(2, 7)));
  assert.ok(full.units.length >= 2);
  rmSync(join(dir, shardFileName(2, 7)));
  writeFileSync(join(dir, shardFileName(2, 7, true)), stringifyExact({ ...full, complete: false, units: full.units.slice(0, 1) }));
  const r = await runShard(sc, { out: dir, shard: 2, of: 7, workers: 1, progress: null });
  assert.equal(r.resumed, 1);
  assert.equal(r.units, full.units.length);
  assert.ok(!existsSync(join(dir, shardFileName(2, 7, true))), 'partial file removed');
  const again = await runShard(sc, { out: dir, shard: 2, of: 7, workers: 1, progress: null });
  assert.equal(again.skipped, true);
  await mergeShards([dir], { out: join(tmp, 'resume-merged') });
  assert.ok(readFileSync(join(tmp, 'resume-merged', 'data.json')).equals(readFileSync(join(tmp, 'disorder', 'single', 'data.json'))));
  // A partial of another scenario in the directory is refused.
  const other = resolveScenarioText(disorder.replace('seed: 11', 'seed: 12'), 'disorder.yaml');
  await assert.rejects(runShard(other, { out: dir, shard: 2, of: 7, workers: 1, progress: null }), /different scenario/);
});

test('slurm: scripts for the array and the merge; resubmission covers only incomplete shards', async () => {
  assert.equal(arraySpec([1, 2, 3, 5, 7, 8]), '1-3,5,7-8');
  const sc = resolveScenarioText(ensemble, 'ensemble.yaml');
  const dir = join(tmp, 'slurm');
  // A stand-in for sbatch that logs its arguments and prints job ids 100, 101, ...
  const fake = join(tmp, 'fake-sbatch');
  writeFileSync(fake, `#!/bin/sh\necho "$@" >> ${join(tmp, 'sbatch.log')}\nn=$(wc -l < ${join(tmp, 'sbatch.log')})\necho $((99 + n))\n`);
  chmodSync(fake, 0o755);
  const dry = submitSlurm(sc, { out: dir, array: 4, cpusPerTask: 2, partition: 'short', time: '00:10:00', dryRun: true, sbatch: fake });
  assert.ok(!existsSync(dir), 'dry run writes nothing');
  assert.match(dry.arrayScript, /#SBATCH --array=1-4\n/);
  assert.match(dry.arrayScript, /#SBATCH --cpus-per-task=2\n#SBATCH --partition=short\n#SBATCH --time=00:10:00\n/);
  assert.match(dry.arrayScript, /run \S+scenario\.yaml --shard "\$\{SLURM_ARRAY_TASK_ID\}\/4" --out \S+shards --workers "\$\{SLURM_CPUS_PER_TASK:-1\}"/);
  assert.match(dry.mergeScript, /merge \S+shards --out \S+slurm\n/);
  assert.match(dry.text, /--dependency=afterok:<array job id>/);
  const first = submitSlurm(sc, { out: dir, array: 4, sbatch: fake });
  assert.deepEqual([first.arrayJob, first.mergeJob, first.shards], ['100', '101', [1, 2, 3, 4]]);
  const log = readFileSync(join(tmp, 'sbatch.log'), 'utf8').trim().split('\n');
  assert.match(log[0], /^--parsable \S+shards\.sbatch$/);
  assert.match(log[1], /^--parsable --dependency=afterok:100 \S+merge\.sbatch$/);
  // Shards 1 and 3 complete: a resubmission runs 2 and 4 only.
  const scDir = resolveScenarioText(readFileSync(join(dir, 'scenario.yaml'), 'utf8'), join(dir, 'scenario.yaml'));
  for (const k of [1, 3]) await runShard(scDir, { out: join(dir, 'shards'), shard: k, of: 4, workers: 1, progress: null });
  const second = submitSlurm(sc, { out: dir, array: 4, sbatch: fake });
  assert.deepEqual(second.shards, [2, 4]);
  assert.match(readFileSync(join(dir, 'slurm', 'shards.sbatch'), 'utf8'), /#SBATCH --array=2,4\n/);
  assert.throws(() => submitSlurm(sc, { out: dir, array: 5, sbatch: fake }), /submitted with --array 4/);
  const cli = await run(['status', dir]);
  assert.equal(cli.code, 0);
  assert.match(cli.stdout, /4 shards: 2 done, .* 2 not started; merge not started/);
});
