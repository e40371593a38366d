// Session 10 (lead): in one process, n = 1000 eighSymmetric calls on the anderson-exact-L10 matrix alternating
// between the reduction on the calling thread (globalThis.__single) and on two threads, the rest of the solve on
// the team either way; prints the medians of the whole call and of its reduction phase. Needs a dist patched by
// toggle-phases.py:  node bench/results/session10-lead/toggle.mjs /tmp/dist-toggle [rounds]
import { andersonL10 } from '../session8-lead/anderson-l10.mjs';
const [root, roundsS] = process.argv.slice(2);
const rounds = Number(roundsS ?? 8);
const { n, M, eighSymmetric } = await andersonL10(root);
const res = { single: { total: [], reduce: [] }, threaded: { total: [], reduce: [] } };
for (let r = 0; r < 2 * rounds + 2; r++) {
  const mode = r % 2 === 0 ? 'single' : 'threaded';
  globalThis.__single = mode === 'single';
  let t = performance.now();
  const phase = {};
  globalThis.__ph = (name) => { const t1 = performance.now(); phase[name] = t1 - t; t = t1; };
  const t0 = performance.now();
  eighSymmetric(M, n);
  const ms = performance.now() - t0;
  if (r >= 2) { res[mode].total.push(ms); res[mode].reduce.push(phase.reduce); }
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
for (const [mode, v] of Object.entries(res)) {
  console.log(`${mode.padEnd(8)} total median ${median(v.total).toFixed(1)} ms, reduction median ${median(v.reduce).toFixed(1)} ms (each: ${v.reduce.map((x) => x.toFixed(0)).join(' ')})`);
}
