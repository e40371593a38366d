#!/usr/bin/env node
/**
 * Bit-identity check of the one trajectory engine (src/solvers/mcsolve/) and the
 * one parallel runner (src/util/parallel.ts) against the engines they replaced.
 *
 *   git worktree add --detach /tmp/old 03adcb5 && (cd /tmp/old && ln -s $PWD/node_modules . && npx tsc -p tsconfig.json)
 *   npx tsc -p tsconfig.json && node scripts/compare-engines.mjs /tmp/old/dist
 *
 * 03adcb5 is the last commit with solvers/jump-trajectory.ts (mcsolve),
 * solvers/piecewise-jumps.ts and the four worker entries. For each case it runs
 * the old code and the new code with the same seed and compares every output
 * number bit for bit; the new code is also run with 1, 2 and 3 worker threads.
 * Exit status 1 if a case that must be identical is not.
 *
 * Two differences are expected and reported, not failed. (1) Blocks whose
 * eigenvectors are ill conditioned (defective H_eff: one-way chains) step with
 * Krylov, or with a dense step propagator for recurring steps. The old mcsolve
 * switched to the dense step after its third use on a thread, so its results
 * depended on which trajectories a thread had run before — they differed
 * between 1 and 2 workers (shown below). The engine uses the dense step exactly
 * for the output spacings, so the route depends only on (block, step): worker
 * invariant, and different from the old 1-worker run in the last bits. (2) The old `mcsolve`
 * evaluated ⟨ψ|O|ψ⟩ as Σ_x ψ_x*·(Oψ)_x (row sums first), the engine — as the old
 * piecewise engine of the seed-000 figures — accumulates ψ_g*·O_gc·ψ_c entry by
 * entry, so for observables with several entries per row the old mcsolve means
 * differ in the last bits (the trajectories — jump times, jump channels, jump
 * counts — are identical, and so are all means of diagonal observables).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const OLD = resolve(process.argv[2] ?? '/tmp/old/dist');
const NEW = resolve(new URL('../dist', import.meta.url).pathname);
const old = (p) => import(pathToFileURL(`${OLD}/${p}`).href);
const neu = (p) => import(pathToFileURL(`${NEW}/${p}`).href);

const { installNodePlatform } = await neu('src/runner/node-platform.js');
// (the old build's CLI-free modules need no platform: they start piscina themselves)
installNodePlatform();

let failures = 0;
const rows = [];

/** Flatten every number of a result (typed arrays, arrays, nested objects) in a fixed order. */
function numbers(x, out = []) {
  if (typeof x === 'number') out.push(x);
  else if (ArrayBuffer.isView(x)) for (const v of x) out.push(v);
  else if (Array.isArray(x)) for (const v of x) numbers(v, out);
  else if (x && typeof x === 'object') for (const k of Object.keys(x).sort()) numbers(x[k], out);
  return out;
}

function compare(label, a, b, { expectRounding = false } = {}) {
  const xa = numbers(a), xb = numbers(b);
  let same = xa.length === xb.length, maxAbs = 0, differing = 0;
  for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
    if (!Object.is(xa[i], xb[i]) && !(xa[i] === 0 && xb[i] === 0)) {
      same = false;
      differing++;
      maxAbs = Math.max(maxAbs, Math.abs(xa[i] - xb[i]));
    }
  }
  const verdict = same ? 'bit-identical' : expectRounding ? `rounding (expected): ${differing}/${xa.length} differ, max |Δ| ${maxAbs.toExponential(2)}` : `DIFFERENT: ${differing}/${xa.length} differ, max |Δ| ${maxAbs.toExponential(2)}`;
  if (!same && !expectRounding) failures++;
  console.log(`${label.padEnd(64)} ${String(xa.length).padStart(7)} numbers  ${verdict}`);
}

// --- mcsolve: old jump-trajectory engine vs the new engine -------------------------------------
const oldMc = (await old('src/solvers/mcsolve.js')).mcsolve;
const newMc = (await neu('src/solvers/mcsolve/index.js')).mcsolve;
/** The mcsolve cases built from the modules of one build (operators must be that build's classes). */
async function mcCasesOf(load) {
  const { loadProblem } = await load('test/solvers/fixture-problem.js');
  const spin = await load('src/quantum/spin.js');
  const tensor = await load('src/quantum/tensor.js');
  const sparse = await load('src/linalg/sparse.js');
  const { ComplexVector } = await load('src/linalg/vector.js');
  const mcCases = [];
  const p = loadProblem('mesolve-qubit.json');
  mcCases.push({ label: 'mcsolve: fixture mesolve-qubit, 600 traj', h: p.h, c: p.cOps, psi0: p.psi0, o: { times: p.times.filter((_, i) => i % 4 === 0), eOps: p.eOps, ntraj: 600, seed: 7 } });
  const q = loadProblem('mesolve-spin1-half-half.json');
  mcCases.push({ label: 'mcsolve: fixture mesolve-spin1-half-half, 500 traj', h: q.h, c: q.cOps, psi0: q.psi0, o: { times: q.times.filter((_, i) => i % 5 === 0), eOps: q.eOps, ntraj: 500, seed: 11 } });
  const gamma = 1e3, dims = [2, 2];
  const x = tensor.embedMany([{ op: spin.sigmaPlus(), site: 1 }, { op: spin.sigmaMinus(), site: 0 }], dims);
  const h = sparse.sparseLinearCombination([{ matrix: x, re: 0, im: -gamma / 2 }, { matrix: sparse.sparseAdjoint(x), re: 0, im: gamma / 2 }]);
  const c = sparse.sparseLinearCombination([{ matrix: tensor.embed(spin.sigmaMinus(), 0, dims), re: Math.sqrt(gamma) }, { matrix: tensor.embed(spin.sigmaMinus(), 1, dims), re: Math.sqrt(gamma) }]);
  mcCases.push({ label: 'mcsolve: cascaded pair (Jordan block, Krylov), 400 traj', krylov: true, h, c: [c], psi0: ComplexVector.basis(4, 1), o: { times: Array.from({ length: 21 }, (_, i) => i * 2e-4), eOps: [tensor.embed(spin.sigmaZ(), 0, dims), tensor.embed(spin.sigmaZ(), 1, dims)], ntraj: 400, seed: 5 } });
  // examples/qubit-mc.json: σz (diagonal) and σx (two entries per row)
  const hq = sparse.sparseScale(spin.sigmaX(), 1570796.3267948965), cq = sparse.sparseScale(spin.sigmaMinus(), 316.22776601683796);
  const tq = Array.from({ length: 41 }, (_, i) => i * 5e-7);
  mcCases.push({ label: 'mcsolve: examples/qubit-mc.json, ⟨σz⟩ (diagonal), 500 traj', h: hq, c: [cq], psi0: ComplexVector.basis(2, 1), o: { times: tq, eOps: [spin.sigmaZ()], ntraj: 500, seed: 1 } });
  mcCases.push({ label: 'mcsolve: examples/qubit-mc.json, ⟨σx⟩, 500 traj', h: hq, c: [cq], psi0: ComplexVector.basis(2, 1), o: { times: tq, eOps: [spin.sigmaX()], ntraj: 500, seed: 1 } });
  const sxz = sparse.sparseLinearCombination([{ matrix: spin.sigmaX(), re: 1 }, { matrix: spin.sigmaZ(), re: 1 }]);
  mcCases.push({ label: 'mcsolve: examples/qubit-mc.json, ⟨σx + σz⟩ (2 entries/row)', h: hq, c: [cq], psi0: ComplexVector.basis(2, 1), o: { times: tq, eOps: [sxz], ntraj: 500, seed: 1 }, rounding: true });
  return mcCases;
}
const oldCases = await mcCasesOf(old), newCases = await mcCasesOf(neu);
const mcOut = (r) => ({ expect: r.expect, stdErr: r.stdErr });
for (const [i, k] of newCases.entries()) {
  const ko = oldCases[i];
  const a = await oldMc(ko.h, ko.c, ko.psi0, { ...ko.o, workers: 1 });
  const b = await newMc(k.h, k.c, k.psi0, { ...k.o, workers: 1 });
  compare(`${k.label} (old vs new)`, mcOut(a), mcOut(b), { expectRounding: k.rounding || k.krylov });
  if (k.krylov) {
    // The old Krylov path cached a dense step after its third use on a thread: not worker-count invariant.
    compare(`${k.label} (OLD, 1 vs 2 workers)`, mcOut(a), mcOut(await oldMc(ko.h, ko.c, ko.psi0, { ...ko.o, workers: 2 })), { expectRounding: true });
  }
  if (a.stats.jumps !== b.stats.jumps) { failures++; rows.push(`  jumps differ: ${a.stats.jumps} vs ${b.stats.jumps}`); }
  for (const w of [2, 3]) compare(`${k.label} (new, 1 vs ${w} workers)`, mcOut(b), mcOut(await newMc(k.h, k.c, k.psi0, { ...k.o, workers: w })));
}

// --- chiral-phonons one-way chain by trajectories (the model's own mcsolve call) ---------------
{
  const oldModel = (await old('src/models/chiral-phonons/model.js')).chiralPhononModel;
  const params = { ...Object.fromEntries(oldModel.parameters.map((p) => [p.name, p.default])), mode: 'chain', initial: 'all', method: 'mc', ntraj: 24, sites: 5, duration: 2e-3, points: 41 };
  const a = await oldModel.run(params, { seed: 3, workers: 1 });
  const b = await (await neu('src/models/chiral-phonons/model.js')).chiralPhononModel.run(params, { seed: 3, workers: 1 });
  // one-way chain: defective H_eff blocks take the Krylov/Padé path (4 of 6 blocks here)
  compare('chiral-phonons chain mc (Krylov blocks), 24 traj (old vs new)', { s: a.series, x: a.scalars }, { s: b.series, x: b.scalars }, { expectRounding: true });
  const a2 = await oldModel.run(params, { seed: 3, workers: 2 });
  compare('chiral-phonons chain mc (Krylov blocks) (OLD, 1 vs 2 workers)', { s: a.series, x: a.scalars }, { s: a2.series, x: a2.scalars }, { expectRounding: true });
  const b2 = await (await neu('src/models/chiral-phonons/model.js')).chiralPhononModel.run(params, { seed: 3, workers: 2 });
  compare('chiral-phonons chain mc (Krylov blocks) (new, 1 vs 2 workers)', { s: b.series, x: b.scalars }, { s: b2.series, x: b2.scalars });
}

// --- piecewise engine (seed 000) vs the new engine ---------------------------------------------
const pw = await old('src/solvers/piecewise-jumps.js');
const spin = await neu('src/quantum/spin.js'), sparse = await neu('src/linalg/sparse.js');
const ospin = await old('src/quantum/spin.js'), osparse = await old('src/linalg/sparse.js');
{
  const oH = osparse.sparseLinearCombination([{ matrix: ospin.sigmaZ(), re: 2 * Math.PI * 1e3 }, { matrix: ospin.sigmaX(), re: 2 * Math.PI * 300 }]);
  const oH2 = osparse.sparseLinearCombination([{ matrix: ospin.sigmaZ(), re: 2 * Math.PI * 1.4e3 }, { matrix: ospin.sigmaX(), re: 2 * Math.PI * 300 }]);
  const oC = osparse.sparseScale(ospin.sigmaMinus(), Math.sqrt(2e3));
  const H = sparse.sparseLinearCombination([{ matrix: spin.sigmaZ(), re: 2 * Math.PI * 1e3 }, { matrix: spin.sigmaX(), re: 2 * Math.PI * 300 }]);
  const H2 = sparse.sparseLinearCombination([{ matrix: spin.sigmaZ(), re: 2 * Math.PI * 1.4e3 }, { matrix: spin.sigmaX(), re: 2 * Math.PI * 300 }]);
  const C = sparse.sparseScale(spin.sigmaMinus(), Math.sqrt(2e3));
  const times = Array.from({ length: 21 }, (_, i) => i * 1e-4);
  const periodic = { t0: 0, period: 4e-4, segments: 2 };
  const a = pw.piecewiseJumpSolve({ hamiltonians: [oH, oH2], cOps: [oC], eOps: [ospin.sigmaZ(), ospin.sigmaX()], times, periodic }, { ntraj: 40, seed: 9, initial: { product: { dims: [2], probabilities: [[0.7, 0.3]] } } });
  const o = { times, eOps: [spin.sigmaZ(), spin.sigmaX()], ntraj: 40, seed: 9 };
  const psi0 = { product: { dims: [2], probabilities: [[0.7, 0.3]] } };
  const b = await newMc({ pieces: [H, H2], periodic }, [C], psi0, { ...o, workers: 1 });
  compare('piecewise: 2 pieces, product ρ0, σz and σx, 40 traj (old vs new)', { m: a.mean, e: a.stdErr, j: a.jumpCounts }, { m: b.expect.map((x) => x.re), e: b.stdErr.map((x) => x.re), j: b.jumpCounts });
  for (const w of [2, 3]) {
    const c = await newMc({ pieces: [H, H2], periodic }, [C], psi0, { ...o, workers: w });
    compare(`piecewise: same (new, 1 vs ${w} workers)`, b, { ...c, stats: b.stats });
  }
}

// --- the dressed-chain model (seed 000) at the figures' parameters, shortened ------------------
const oldDc = (await old('src/models/dressed-chain/model.js')).dressedChainModel;
const newDc = (await neu('src/models/dressed-chain/model.js')).dressedChainModel;
const { dressedChainFigures } = await neu('src/models/dressed-chain/figures.js');
const fig = (id) => dressedChainFigures.find((f) => f.id === id).params;
const dcCases = [
  ['s000-fig2b (QME + QJM, 100 traj)', fig('s000-fig2b')],
  ['s000-fig4a, 6 traj to 0.05 s', { ...fig('s000-fig4a'), tEnd: 0.05, points: 21 }],
  ['s000-fig4b, 6 traj to 0.05 s', { ...fig('s000-fig4b'), tEnd: 0.05, points: 21 }],
  ['s000-fig6b, 28 traj to 0.1 s', { ...fig('s000-fig6b'), tEnd: 0.1, points: 21 }],
  ['s000-fig8c, 3 traj to 4 ms, 400 pieces/period', { ...fig('s000-fig8c'), tEnd: 0.004, points: 21, ntraj: 3, segments: 400 }],
  ['dressed-chain critical-pumping (golden section)', { mode: 'critical-pumping' }],
];
for (const [label, params] of dcCases) {
  const strip = (r) => ({ series: r.series, scalars: r.scalars, scalarErrors: r.scalarErrors ?? {}, notes: r.notes });
  const a = strip(await oldDc.run(params, { seed: 1, workers: 1 }));
  const b = strip(await newDc.run(params, { seed: 1, workers: 1 }));
  compare(`dressed-chain ${label} (old vs new)`, a, b);
  if (JSON.stringify(a.notes) !== JSON.stringify(b.notes) || JSON.stringify(Object.keys(a.scalars)) !== JSON.stringify(Object.keys(b.scalars))) { failures++; rows.push('  notes or scalar names differ'); }
  if (params.mode !== 'critical-pumping') compare(`dressed-chain ${label} (new, 1 vs 2 workers)`, b, strip(await newDc.run(params, { seed: 1, workers: 2 })));
}

// --- kinetic Monte Carlo, telegraph noise, disorder realizations on the one runner -------------
{
  const o = { sites: 200, periodic: false, rate: 13, initial: new Float64Array(200), times: [0.1, 1, 10], realizations: 24, seed: 4, untilAbsorbed: true };
  const a = await (await old('src/models/nuclear-transport/kmc.js')).kmcTransport({ ...o, workers: 1 });
  const kmc = (await neu('src/models/nuclear-transport/kmc.js')).kmcTransport;
  const strip = (r) => ({ ...r, stats: null });
  const b = await kmc({ ...o, workers: 1 });
  compare('kmc: 200-site chain to absorption, 24 realizations (old vs new)', strip(a), strip(b));
  for (const w of [2, 3]) compare(`kmc: same (new, 1 vs ${w} workers)`, strip(b), strip(await kmc({ ...o, workers: w })));
}
{
  const o = { delta: 2e6, d12: 1.5e4, gamma2: 2 * Math.PI * 11e3, process: (await neu('src/models/spin-diffusion/sle.js')).symmetricTelegraph(0.5, 2e6), times: Array.from({ length: 21 }, (_, i) => i * 1e-4), trajectories: 160, batches: 10, window: [2e-4, 2e-3], seed: 6 };
  const tOld = (await old('src/models/spin-diffusion/telegraph.js')).telegraphMonteCarlo;
  const tNew = (await neu('src/models/spin-diffusion/telegraph.js')).telegraphMonteCarlo;
  const strip = (r) => ({ ...r, stats: null });
  try {
    const a = await tOld({ ...o, workers: 1 });
    const b = await tNew({ ...o, workers: 1 });
    compare('telegraph: 160 trajectories (old vs new)', strip(a), strip(b));
    compare('telegraph: same (new, 1 vs 2 workers)', strip(b), strip(await tNew({ ...o, workers: 2 })));
  } catch (err) {
    rows.push(`telegraph: skipped (${err.message})`);
  }
}
{
  const oldModel = (await old('src/models/anderson-dnp/model.js')).andersonDnpModel;
  const params = { ...Object.fromEntries(oldModel.parameters.map((p) => [p.name, p.default])), L: 4, realizations: 6, method: 'exact' };
  const a = await oldModel.run(params, { seed: 2, workers: 1 });
  const m = (await neu('src/models/anderson-dnp/model.js')).andersonDnpModel;
  const b = await m.run(params, { seed: 2, workers: 1 });
  const strip = (r) => ({ series: r.series, scalars: r.scalars, errors: r.scalarErrors });
  compare('anderson-dnp: L = 4, 6 realizations (old vs new)', strip(a), strip(b));
  compare('anderson-dnp: same (new, 1 vs 2 workers)', strip(b), strip(await m.run(params, { seed: 2, workers: 2 })));
}

if (rows.length) console.log(rows.join('\n'));
console.log(failures === 0 ? '\nall cases that must be bit-identical are' : `\n${failures} case(s) differ`);
process.exit(failures === 0 ? 0 : 1);
