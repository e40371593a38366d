// Session 8 (lead): phases of n = 1000 eighSymmetric calls in one fresh process (wall ms / minor page faults of
// the calling thread / ms since the call began). Needs a dist with phase marks (mark-phases.py):
//   python3 bench/results/session8-lead/mark-phases.py dist /tmp/dist-phases
//   node bench/results/session8-lead/eig-phases.mjs /tmp/dist-phases [calls]
import { andersonL10 } from './anderson-l10.mjs';
import { readFileSync } from 'node:fs';
const [root, callsS] = process.argv.slice(2);
const calls = Number(callsS ?? 2);
const { n, M, eighSymmetric } = await andersonL10(root);
const flt = () => Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ')[7]);
for (let c = 0; c < calls; c++) {
  let t = performance.now(), f = flt(); const out = [];
  globalThis.__ph = (name) => { const t1 = performance.now(), f1 = flt(); out.push(`${name} ${(t1 - t).toFixed(1)}ms/${f1 - f}pf@${(t1 - t0).toFixed(0)}`); t = t1; f = f1; };
  const t0 = performance.now();
  eighSymmetric(M, n);
  globalThis.__ph('end');
  console.log(`call ${c}: total ${(performance.now() - t0).toFixed(0)} | ${out.join(' | ')}`);
}
