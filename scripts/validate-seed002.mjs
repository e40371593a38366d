#!/usr/bin/env node
// Heavy validation of the seed-002 model (spin-diffusion; not part of `npm test`; wired to `npm run validate`).
// Needs a build (reads dist/), or pass --dist DIR.
//  1. Eq. 9: closed form vs adaptive convolution (≤ 1e-8) and Parseval (≤ 1e-12) on every (r, P̄) point of
//     Fig. 3(a) under every convention option (all combinations of angular average × Δ multiplier × linewidth).
//  2. Telegraph check at full size: per case (Δ/Γ_c ∈ {0.1, 1, 20}, P̄ ∈ {0.5, 0.7}, both processes) the Monte
//     Carlo rate must lie within 3 SE of the exact SLE rate; the asymmetric process must agree with Eq. 9 at
//     P̄ = 0 and P̄ = 0.9993 and in the fast limit (Δ/Γ_c = 1e-3), and differ at the paper's intermediate points.
//  3. Fig. 3(b) agreement ranges: the r where the corrected slow / fast limits are within 10 % of Eq. 9.
// Options: --trajectories R (default 2000 per case), --workers W, --dist DIR.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const dist = resolve(root, opt('dist', 'dist'));
const M = await import(pathToFileURL(join(dist, 'src/models/spin-diffusion/index.js')).href);
const { installNodePlatform } = await import(pathToFileURL(join(dist, 'src/runner/node-platform.js')).href);
installNodePlatform(); // worker threads for the ensembles
const { availableThreads } = await import(pathToFileURL(join(dist, 'src/util/parallel.js')).href);

let failed = 0;
const check = (ok, msg) => { console.log(`${ok ? 'PASS' : 'FAIL'} ${msg}`); if (!ok) failed++; };

// 1.
{
  const r = M.mergedGrid(3e-10, 3e-9, 96, M.FIG3_EXACT_R);
  const pBars = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.9993, 1];
  let worstC = 0, worstP = 0, n = 0;
  const t0 = performance.now();
  for (const angularAverage of M.ANGULAR_AVERAGES) for (const deltaMultiplier of M.DELTA_MULTIPLIERS) for (const linewidth of M.LINEWIDTH_READINGS) {
    const conv = { angularAverage, deltaMultiplier, linewidth, includeT1: true };
    for (const x of r) for (const pb of pBars) {
      const k = M.couplingsAt(x, pb, M.DEFAULT_SAMPLE, conv);
      const w = M.flipFlopRatePerD2(k);
      worstC = Math.max(worstC, Math.abs(M.flipFlopRateConvolutionPerD2(k).perD2 / w - 1));
      worstP = Math.max(worstP, Math.abs(M.flipFlopRateParsevalPerD2(k) / w - 1));
      n++;
    }
  }
  check(worstC <= 1e-8, `Eq. 9 closed form vs adaptive convolution on ${n} points (18 convention sets): worst relative ${worstC.toExponential(2)} (${((performance.now() - t0) / 1e3).toFixed(1)} s)`);
  check(worstP <= 1e-12, `Eq. 9 closed form vs Parseval form: worst relative ${worstP.toExponential(2)}`);
}

// 2.
{
  const R = Number(opt('trajectories', 2000));
  const workers = Number(opt('workers', availableThreads()));
  const t0 = performance.now();
  const pts = await M.telegraphCheck({ ratios: [0.1, 1, 20], pBars: [0.5, 0.7], gammaC: 2e6, gamma2: 2 * Math.PI * 11e3, trajectories: R, batches: 20, seed: 2002, workers });
  console.log(`telegraph check: ${R} trajectories per case, ${((performance.now() - t0) / 1e3).toFixed(1)} s`);
  console.log('Δ/Γc  P̄    eq9 W/D²     sle-sym      mc-sym/sle(exact)      sle-asym     mc-asym/sle(exact)     asym/eq9');
  for (const q of pts) {
    for (const s of [q.symmetric, q.asymmetric]) {
      const z = (s.mc - s.sleExact) / s.mcErr;
      check(Math.abs(z) <= 3, `Δ/Γc=${q.ratio} P̄=${q.pBar} ${s.process}: MC ${s.mc.toFixed(3)} ± ${s.mcErr.toFixed(3)} s⁻¹ vs exact SLE ${s.sleExact.toFixed(3)} (z = ${z.toFixed(2)}; D₁₂ = ${s.d12.toExponential(3)} rad/s, T = ${s.T.toExponential(3)} s)`);
    }
    check(Math.abs(q.symmetric.slePerturbative / q.eq9 - 1) <= 1e-9, `Δ/Γc=${q.ratio} P̄=${q.pBar}: symmetric SLE (2nd order) = Eq. 9`);
    console.log(`${q.ratio}  ${q.pBar}  ${q.eq9.toExponential(4)}  ${q.symmetric.slePerturbative.toExponential(4)}  ${(q.symmetric.mc / q.symmetric.sleExact).toFixed(4)}±${(q.symmetric.mcErr / q.symmetric.sleExact).toFixed(4)}  ${q.asymmetric.slePerturbative.toExponential(4)}  ${(q.asymmetric.mc / q.asymmetric.sleExact).toFixed(4)}±${(q.asymmetric.mcErr / q.asymmetric.sleExact).toFixed(4)}  ${(q.asymmetric.slePerturbative / q.eq9).toFixed(4)}`);
  }
  const g2 = 2 * Math.PI * 11e3, gc = 2e6;
  const asymOverEq9 = (x, pb) => {
    const delta = x * gc;
    return M.slePerturbativePerD2({ delta, gamma2: g2, process: M.asymmetricTelegraph(pb, gc) }) / M.flipFlopRatePerD2({ delta, pBar: pb, gammaC: gc, gamma2: g2 });
  };
  for (const x of [0.1, 1, 20]) check(Math.abs(asymOverEq9(x, 0) - 1) < 1e-9, `asymmetric = Eq. 9 at P̄ = 0, Δ/Γc = ${x}`);
  for (const x of [0.1, 1, 20]) console.log(`asymmetric/Eq. 9 at P̄ = 0.9993, Δ/Γc = ${x}: ${asymOverEq9(x, 0.9993).toFixed(5)}`);
  for (const pb of [0.5, 0.7]) check(Math.abs(asymOverEq9(1e-3, pb) - 1) < 1e-3, `asymmetric → Eq. 9 in the fast limit (Δ/Γc = 1e-3, P̄ = ${pb}): ${asymOverEq9(1e-3, pb).toFixed(6)}`);
  for (const pb of [0.5, 0.7]) check(Math.abs(asymOverEq9(1, pb) - 1) > 0.1, `asymmetric ≠ Eq. 9 at Δ/Γc = 1, P̄ = ${pb}: ${asymOverEq9(1, pb).toFixed(4)}`);
}

// 3.
{
  const pb = 0.7;
  const rs = Array.from({ length: 2001 }, (_, i) => 3e-10 * 10 ** (i / 2000));
  const within = (form) => rs.filter((x) => {
    const k = M.couplingsAt(x, pb);
    const f = form === 'slow' ? M.slowLimitPerD2(k) : form === 'fast' ? M.fastLimitPerD2(k) : form === 'slow-printed' ? M.slowLimitPerD2(k, 'printed') : M.fastLimitPerD2(k, 'printed');
    return Math.abs(f / M.flipFlopRatePerD2(k) - 1) <= 0.1;
  });
  for (const form of ['slow', 'fast', 'slow-printed', 'fast-printed']) {
    const w = within(form);
    console.log(`Fig. 3(b), P̄ = 0.7: ${form} within 10 % of Eq. 9 on ${w.length} of ${rs.length} log-spaced r in [0.3, 3] nm` + (w.length ? `, from ${(w[0] * 1e9).toFixed(3)} to ${(w[w.length - 1] * 1e9).toFixed(3)} nm` : ''));
  }
}

console.log(failed === 0 ? 'validate-seed002: all checks passed' : `validate-seed002: ${failed} check(s) FAILED`);
process.exit(failed === 0 ? 0 : 1);
