// As ../session4-eigcold/eig-cold.mjs (same matrix: anderson-exact-L10, n = 1000, vectors), printing per call
// wall ms / process CPU ms (all threads) / CPU ms of the calling (main) thread alone, from
// /proc/self/task/<pid>/stat (utime + stime, 10 ms ticks; Linux only). On a loaded machine the wall time of a
// threaded call says little; the calling thread's CPU is the work left on the critical path.
//   node bench/results/session5-eigreal/eig-caller.mjs <path to a built dist/> real|complex [calls]
import { readFileSync } from 'node:fs';
const [root, mode, callsS] = process.argv.slice(2);
const calls = Number(callsS ?? 1);
const sd = await import(root + '/src/node.js');
const ad = await import(root + '/src/models/anderson-dnp/index.js');
const rz = await import(root + '/src/models/anderson-dnp/realization.js');
const es = await import(root + '/src/linalg/eigen-symmetric.js');
const settings = ad.resolveSettings({ L: 10, method: 'exact', realizations: 1 }, undefined);
const lat = rz.realizationLattice(settings, rz.realizationStream(settings.seed, 0));
const n = lat.N;
const M = ad.andersonMatrixDense(lat);
const mainCpu = () => {
  const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10; // fields 14, 15 of stat (after pid and comm), in 10 ms ticks
};
const out = [];
for (let c = 0; c < calls; c++) {
  const c0 = process.cpuUsage(), m0 = mainCpu();
  const t0 = performance.now();
  if (mode === 'complex') sd.eigh(new sd.ComplexMatrix(n, n, M, new Float64Array(n * n)));
  else es.eighSymmetric(M, n);
  const t1 = performance.now();
  const cu = process.cpuUsage(c0), m1 = mainCpu();
  out.push(`${(t1 - t0).toFixed(0)}ms/${((cu.user + cu.system) / 1000).toFixed(0)}cpu/${m1 - m0}main`);
}
console.log(mode, out.join(' '));
