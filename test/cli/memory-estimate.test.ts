/**
 * Memory estimates against measured peak RSS (issue 17): `spindrift run` in a
 * child process, three sizes each of "me" (Lindblad, Krylov path) and "mc"
 * (quantum-jump trajectories, kets), on a driven, decaying spin-½ chain with
 * no conserved quantity (the case the estimates are calibrated for). meta.json
 * records the whole-process estimate and the process's peak RSS
 * (getrusage maxrss); they must agree within ±25 %.
 *
 * Tolerance: ±25 % is the issue's requirement; the residual comes from the
 * process baseline (~125 MB of runtime, modules and plot rendering, which
 * varies with what the run loads) and from the allocator's page reuse.
 * The ratios are printed as test diagnostics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'spindrift-memory-estimate-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** A chain of n spins-½: transverse drive on every spin, zz bonds, decay of every spin; all start up. */
function chainScenario(n: number, method: 'me' | 'mc'): string {
  const names = Array.from({ length: n }, (_, i) => `A${i}`);
  const ham = [...names.map((a) => `"1 MHz * ${a}x"`), ...names.slice(1).map((a, i) => `"0.3 MHz * ${names[i]}z*${a}z"`)];
  return `model: generic
params:
  spins: {${names.map((a) => `${a}: 1/2`).join(', ')}}
  hamiltonian: [${ham.join(', ')}]
  dissipators: [${names.map((a) => `"1e5 /s * ${a}-"`).join(', ')}]
  initial: {${names.map((a) => `${a}: +1/2`).join(', ')}}
  observables: ["A0z"]
solver: {method: ${method}, ntraj: 4}
times: {stop: 0.2 us, steps: 3}
workers: 1
`;
}

function measure(n: number, method: 'me' | 'mc', nodeOptions: string[] = []): { estimate: number; peak: number } {
  const file = join(dir, `${method}-${n}.yaml`);
  writeFileSync(file, chainScenario(n, method));
  const out = join(dir, `${method}-${n}${nodeOptions.length ? '-limited' : ''}`);
  const r = spawnSync(process.execPath, [...nodeOptions, join(repoRoot(), 'bin', 'spindrift.js'), 'run', file, '--out', out, '--workers', '1'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as { memory_estimate_bytes: number; peak_rss_bytes: number };
  return { estimate: meta.memory_estimate_bytes, peak: meta.peak_rss_bytes };
}

for (const [method, sizes] of [['me', [6, 7, 8]], ['mc', [11, 12, 13]]] as const) {
  test(`"${method}" memory estimate within ±25 % of the measured peak RSS at ${sizes.join(', ')} spins`, (t) => {
    const rows = sizes.map((n) => ({ n, ...measure(n, method) }));
    for (const { n, estimate, peak } of rows) {
      const ratio = estimate / peak;
      t.diagnostic(`${n} spins ${method}: estimate ${(estimate / 1e6).toFixed(0)} MB, peak RSS ${(peak / 1e6).toFixed(0)} MB, ratio ${ratio.toFixed(2)}`);
      assert.ok(ratio >= 0.75 && ratio <= 1.25, `${n} spins ${method}: estimate ${(estimate / 1e6).toFixed(0)} MB vs peak RSS ${(peak / 1e6).toFixed(0)} MB (ratio ${ratio.toFixed(2)})`);
    }
    // The size-dependent part grows: the largest run needs clearly more than the smallest.
    assert.ok(rows[2].peak > rows[0].peak * 1.1, `peak RSS grows with the size: ${rows.map((r) => (r.peak / 1e6).toFixed(0)).join(', ')} MB`);
  });
}

test('the solver memory is off the V8 heap: an 8-spin "me" run (estimate ~290 MB) completes with a 96 MB heap limit', () => {
  // What the estimate admits is bounded by the memory limits, not by V8's heap limit: the large arrays are typed arrays.
  const { estimate } = measure(8, 'me', ['--max-old-space-size=96']);
  assert.ok(estimate > 2.5 * 96e6, `estimate ${estimate}`);
});
