#!/usr/bin/env node
// Heavier checks of the seed-000 full model (not part of npm test). Usage:
//   npm run build && node scripts/validate-seed000.mjs   [DIST=dist-xyz to use another build folder]
// Prints measured timings and the reproduction numbers; exits 1 if a check fails.
const dist = process.env.DIST ?? 'dist';
const base = new URL(`../${dist}/src/models/dressed-chain/`, import.meta.url).href;
const { dressedChainModel: model } = await import(base + 'model.js');
const ctx = { seed: 2024, workers: 1 };
let failed = 0;
const check = (ok, msg) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${msg}`); if (!ok) failed++; };
const timed = async (label, f) => { const t = performance.now(); const r = await f(); console.log(`  ${label}: ${((performance.now() - t) / 1e3).toFixed(2)} s`); return r; };
const final = (r, n) => { const s = r.series.find((x) => x.name === n); return [s.y.at(-1), s.yErr?.at(-1) ?? 0]; };

for (const [topology, Jd] of [['pair', 247e3], ['pair', 62e3], ['chain', 62e3], ['chain', 247e3]]) {
  const r = await model.run({ mode: 'coupling', topology, sites: 2, Jd }, ctx);
  const s = r.scalars;
  console.log(`${topology} J_d=${Jd / 1e3} kHz: Eq.${topology === 'pair' ? 3 : 9} ${s.jEffPaperHz.toFixed(1)} Hz, √2× ${s.jEffSqrt2Hz.toFixed(1)}, matrix element ${s.matrixElementHz.toFixed(1)}, half gap ${s.halfGapHz.toFixed(1)}; B_m ${s.firstOrderField.toFixed(9)} → ${s.resonanceField.toFixed(9)} T`);
  check(Math.abs(s.matrixElementHz - s.jEffSqrt2Hz) < 1e-6 * s.matrixElementHz, 'matrix element = √2 × paper formula');
}

const cp = await timed('critical pumping (4-spin QME, J_d = 62 kHz)', () => model.run({ mode: 'critical-pumping', Jd: 62e3 }, ctx));
console.log(`  Γ_op* = ${cp.scalars.criticalGammaOp.toFixed(0)} s⁻¹ = ${cp.scalars.ratioToJeffAngular.toFixed(2)} × 2πJ_eff; Lindblad EP 4·2πJ_eff = ${cp.scalars.lindbladEP.toFixed(0)}`);
check(cp.scalars.ratioToJeffAngular > 0.5 && cp.scalars.ratioToJeffAngular < 8, 'critical Γ_op between 0.5 and 8 × 2πJ_eff');

// Figures use dressed jumps and dressed P (src/models/dressed-chain/figures.ts); the model defaults are the lab forms.
const DRESSED = { relaxation: 'dressed', pumping: 'dressed', polarization: 'dressed' };
const one = await timed('one 4-site trajectory to 0.5 s', () => model.run({ ...DRESSED, topology: 'chain', sites: 4, ntraj: 1, tEnd: 0.5 }, ctx));
console.log('  stats', JSON.stringify(one.stats));
const f4c = await timed('Fig. 4c (6 trajectories, 0.5 s)', () => model.run({ ...DRESSED, topology: 'chain', sites: 4, ntraj: 6, tEnd: 0.5 }, ctx));
const many = await timed('Fig. 4c with 48 trajectories', () => model.run({ ...DRESSED, topology: 'chain', sites: 4, ntraj: 48, tEnd: 0.5, points: 51 }, ctx));
const [p1, e1] = final(many, 'P1'), [p4, e4] = final(many, 'P4'), [pc, ec] = final(many, 'Pc');
const pc0 = many.series.find((x) => x.name === 'Pc');
console.log(`  48 traj: P1 = ${p1.toFixed(3)} ± ${e1.toFixed(3)}, P4 = ${p4.toFixed(3)} ± ${e4.toFixed(3)}, Pc ${pc0.y[0].toFixed(3)} → ${pc.toFixed(3)} ± ${ec.toFixed(3)}`);
check(p1 + 3 * e1 < 0 && p4 - 3 * e4 > 0, 'Fig. 4c: P1 < 0 < P4 (3σ)');
check(Math.abs(p1 + 7 / 8) < 3 * e1 + 0.02 && Math.abs(p4 - 7 / 8) < 3 * e4 + 0.02, 'Fig. 4c: end plateaus ∓7/8 of Eq. 12 within 3σ');
check(Math.max(...pc0.y.map((v) => Math.abs(v - pc0.y[0]))) < 2e-3, 'Fig. 4c: dressed Pc constant along every trajectory (2e-3)');
void f4c;

for (const [label, forms] of [['lab jumps', {}], ['dressed jumps', DRESSED]]) {
  const f4a = await model.run({ ...forms, polarization: 'dressed', topology: 'chain', sites: 4, ntraj: 48, tEnd: 0.5, points: 51, nuclearPolarization: [1, -1, -1, -1] }, ctx);
  const pcs = f4a.series.find((x) => x.name === 'Pc');
  console.log(`  Fig. 4a (48 traj, ${label}) final P:`, ['P1', 'P2', 'P3', 'P4'].map((n) => final(f4a, n)[0].toFixed(2)).join(' '), `Pc ${pcs.y[0].toFixed(3)} → ${pcs.y.at(-1).toFixed(3)} ± ${pcs.yErr.at(-1).toFixed(3)}`);
  check(final(f4a, 'P4')[0] > final(f4a, 'P1')[0], `Fig. 4a (${label}): polarization moves to the right end`);
  if (label === 'dressed jumps') check(Math.abs(pcs.y.at(-1) + 0.5) < 2e-3, 'Fig. 4a: dressed jumps keep Pc = −0.5');
  else check(pcs.y.at(-1) > -0.45, 'Fig. 4a: lab jumps lose net polarization (rate Γ_e sin²(Δθ/2) + pumping)');
}

const ring = await timed('Fig. 6b ring (28 traj, 0.5 s)', () => model.run({ ...DRESSED, topology: 'ring', sites: 3, ntraj: 28, tEnd: 0.5, points: 51, nuclearPolarization: [1, -1, -1] }, ctx));
console.log('  ring final:', ['P1', 'P2', 'P3', 'Pc'].map((n) => final(ring, n)[0].toFixed(2)).join(' '));
check(Math.abs(final(ring, 'Pc')[0] + 1 / 3) < 2e-3, 'Fig. 6b: ring keeps Pc = −1/3');

const DEFECT = { ...DRESSED, topology: 'chain', sites: 3, Jd: 247e3, ApZz: 3.75e6, ApZx: 3.75e6, overrides: { 2: { ApZz: 4.25e6, ApZx: 4.25e6 } } };
const scan = {};
for (const [bond, off] of [[1, 0], [2, 0], [1, 3e-6]]) {
  const r = await model.run({ ...DEFECT, tEnd: 0.2, points: 3, ntraj: 100, fieldBond: bond, fieldOffset: off }, ctx);
  scan[`${bond}@${off}`] = ['P1', 'P2', 'P3'].map((n) => { const x = r.series.find((q) => q.name === n); return x.y.at(-1) - x.y[0]; });
  console.log(`  Fig. 8a bond ${bond} offset ${off * 1e6} µT: ΔP =`, scan[`${bond}@${off}`].map((v) => v.toFixed(2)).join(' '));
}
check(scan['1@0'][0] < -0.2 && scan['1@0'][1] > 0.2 && Math.abs(scan['1@0'][2]) < 0.1, 'Fig. 8a: bond 1→2 resonance polarizes 1 and 2 oppositely, not 3');
check(scan['2@0'][1] < -0.2 && scan['2@0'][2] > 0.2 && Math.abs(scan['2@0'][0]) < 0.1, 'Fig. 8a: bond 2→3 resonance polarizes 2 and 3 oppositely, not 1');
check(scan['1@0.000003'].every((v) => Math.abs(v) < 0.1), 'Fig. 8a: off the cross points nothing happens');

const mod = await timed('Fig. 8c modulated defect chain (1 traj, 0.5 s, Γ_B = 50 Hz, automatic pieces)', () => model.run({ ...DEFECT, tEnd: 0.5, ntraj: 1, deltaB: 1e-5, gammaB: 50 }, ctx));
console.log('  modulated: start', ['P1', 'P2', 'P3'].map((n) => mod.series.find((x) => x.name === n).y[0].toFixed(2)).join(' '), 'final', ['P1', 'P2', 'P3', 'Pc'].map((n) => final(mod, n)[0].toFixed(2)).join(' '), 'pieces/period', mod.scalars.segments, JSON.stringify(mod.stats));
process.exit(failed ? 1 : 0);
