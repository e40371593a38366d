// Session 8 (lead): s002-telegraph-mc (2000 trajectories, as the bench) in a fresh process with the Node
// platform and the model loaded: peak RSS before the run and after it, for 1 or 2 workers.
//   node bench/results/session8-lead/telegraph-memory.mjs <dist> <workers> <trajectories>
const [root, workersS, trajS] = process.argv.slice(2);
const { installNodePlatform } = await import(root + '/src/runner/node-platform.js');
installNodePlatform();
const m = { ...(await import(root + '/src/models/spin-diffusion/sle.js')), ...(await import(root + '/src/models/spin-diffusion/telegraph.js')) };
const p = { delta: 2e6, gammaC: 2e6, pBar: 0.5, gamma2: 2 * Math.PI * 11e3, d12: 1.5e4, tEnd: 1e-2, points: 101, trajectories: Number(trajS), seed: 2026, workers: Number(workersS) };
const proc = m.symmetricTelegraph(p.pBar, p.gammaC);
const times = Array.from({ length: p.points }, (_, i) => (p.tEnd * i) / (p.points - 1));
const r0 = process.resourceUsage().maxRSS;
const t0 = performance.now();
const r = await m.telegraphMonteCarlo({ delta: p.delta, d12: p.d12, gamma2: p.gamma2, process: proc, times, trajectories: p.trajectories, batches: 20, window: [p.tEnd / 10, p.tEnd], seed: p.seed, workers: p.workers });
console.log(`workers ${p.workers} traj ${p.trajectories}: ${(performance.now() - t0).toFixed(0)} ms, peak RSS before ${(r0 / 1024).toFixed(1)} MB, after ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB, stats workers ${r.stats.workers}`);
