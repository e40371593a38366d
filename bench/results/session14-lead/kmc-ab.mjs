// transport-kmc's loop, two builds in one process, alternating (issue 18, session 14): 2 realizations at
// 10⁴ sites to absorption, one thread, 5 rounds. Usage: node kmc-ab.mjs <oldDist> <newDist>
import { resolve } from 'node:path';
const [a, b] = process.argv.slice(2).map((d) => resolve(d));
const A = await import(`${a}/src/models/nuclear-transport/index.js`);
const B = await import(`${b}/src/models/nuclear-transport/index.js`);
const n = 10000;
const p = { sites: n, periodic: false, rate: 13.353139262452263, initial: new Float64Array(n), times: [0], realizations: 2, seed: 2024, bins: n, untilAbsorbed: true, workers: 1 };
const res = { old: [], new: [] };
for (let r = 0; r < 5; r++) for (const [name, m] of [['old', A], ['new', B]]) {
  const t0 = performance.now(); await m.kmcTransport(p); res[name].push(Math.round(performance.now() - t0));
}
console.log(JSON.stringify(res));
