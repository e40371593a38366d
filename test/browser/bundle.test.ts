/**
 * The engine runs in a browser: src/index.ts bundles with esbuild for
 * `platform: 'browser'` (which refuses any `node:` module), and the bundle,
 * evaluated in a fresh `vm` context that has only browser-style globals (no
 * process, require, Buffer, …), solves a decaying qubit with `mesolve` and
 * `mcsolve`. Reference: ⟨σz⟩(t) = 2e^{−γt} − 1 for H = 0, C = √γ σ⁻ from |↑⟩.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createContext, runInContext } from 'node:vm';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

test('src/index.ts bundles for the browser and runs mesolve and mcsolve without Node globals', async () => {
  const bundle = buildSync({
    entryPoints: [join(root, 'src', 'index.ts')],
    bundle: true, write: false, platform: 'browser', format: 'iife', globalName: 'spindrift', logLevel: 'silent',
  });
  const code = bundle.outputFiles[0].text;
  assert.ok(!/\bnode:/.test(code), 'the bundle mentions a node: module');
  const context = createContext({ performance: { now: () => performance.now() } });
  assert.equal(runInContext('typeof process + typeof require + typeof Buffer', context), 'undefinedundefinedundefined');
  runInContext(code, context);
  const gamma = 2e3;
  const times = [0, 2e-4, 5e-4, 1e-3];
  runInContext(`
    const s = spindrift;
    const c = s.sparseScale(s.sigmaMinus(), Math.sqrt(${gamma}));
    const h = s.sparseScale(s.sigmaZ(), 0);
    const up = s.ComplexVector.basis(2, 0);
    globalThis.me = s.mesolve(h, [c], up, { times: ${JSON.stringify(times)}, eOps: [s.sigmaZ()] });
    globalThis.mc = s.mcsolve(h, [c], up, { times: ${JSON.stringify(times)}, eOps: [s.sigmaZ()], ntraj: 400, seed: 3, workers: 4 });
  `, context);
  const me = context.me as { expect: { re: Float64Array }[] };
  const mc = (await context.mc) as { expect: { re: Float64Array }[]; stdErr: { re: Float64Array }[]; stats: { workers: number } };
  times.forEach((t, i) => {
    const exact = 2 * Math.exp(-gamma * t) - 1;
    assert.ok(Math.abs(me.expect[0].re[i] - exact) < 1e-6, `mesolve t=${t}: ${me.expect[0].re[i]} vs ${exact}`);
    // 400 trajectories, fixed seed: within 4 standard errors (+1e-12 at t = 0, where every trajectory agrees)
    assert.ok(Math.abs(mc.expect[0].re[i] - exact) <= 4 * mc.stdErr[0].re[i] + 1e-12, `mcsolve t=${t}: ${mc.expect[0].re[i]} ± ${mc.stdErr[0].re[i]} vs ${exact}`);
  });
  // no platform installed in the bundle: the requested 4 workers ran on the calling thread
  assert.equal(runInContext('spindrift.availableThreads()', context), 1);
});

test('the models bundle for the browser too, and a model runs in the bare context (dressed-chain Eq. 18 at the EP)', async () => {
  const bundle = buildSync({
    entryPoints: [join(root, 'src', 'models', 'registry.ts')],
    bundle: true, write: false, platform: 'browser', format: 'iife', globalName: 'models', logLevel: 'silent',
  });
  const code = bundle.outputFiles[0].text;
  assert.ok(!/\bnode:/.test(code), 'the models bundle mentions a node: module');
  const context = createContext({ performance: { now: () => performance.now() } });
  runInContext(code, context);
  // Eq. 18 at δ_eff = 0 and the critical rate Γ_op = Γ_c = 8π·J_eff: the exceptional point, where both eigenvalues coincide
  const critical = 8 * Math.PI * 2000;
  runInContext(`globalThis.r = models.getModel('dressed-chain').run({ mode: 'eq18', topology: 'pair', jEff: 2000, gammaOp: ${critical}, deltaEff: 0 }, { seed: 1 })`, context);
  const r = (await context.r) as { scalars: Record<string, number> };
  // at the EP the splitting goes as √(Γ − Γ_c): rounding of Γ_c leaves ~1e-4 Hz (2·J_eff = 4000 Hz away from it)
  assert.ok(Math.abs(r.scalars.re1 - r.scalars.re2) < 1e-2 && Math.abs(r.scalars.im1 - r.scalars.im2) < 1e-2, JSON.stringify(r.scalars));
  assert.ok(Math.abs(r.scalars.epGammaOp - critical) < 1e-6 * critical, `EP at Γ_op = ${r.scalars.epGammaOp}`);
});
