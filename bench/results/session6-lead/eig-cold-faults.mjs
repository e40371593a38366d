// Cold and warm eigensolver calls on the anderson-exact-L10 matrix (n = 1000, the bench's seed), one fresh
// process per invocation: per call, wall ms / process CPU ms (all threads) / system CPU ms / minor page faults
// (process-wide, workers included), and the process's peak RSS (kB).
//   node bench/results/session6-lead/eig-cold-faults.mjs <path to a built dist/> real|complex [calls]
// (session 4's eig-cold.mjs with the fault counts; `alternate.sh` next to it runs it in alternation.)
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
const out = [];
for (let c = 0; c < calls; c++) {
  const r0 = process.resourceUsage();
  const t0 = performance.now();
  if (mode === 'complex') sd.eigh(new sd.ComplexMatrix(n, n, M, new Float64Array(n * n)));
  else es.eighSymmetric(M, n);
  const t1 = performance.now();
  const r1 = process.resourceUsage();
  const cpu = (r1.userCPUTime + r1.systemCPUTime - r0.userCPUTime - r0.systemCPUTime) / 1000;
  out.push(`${(t1 - t0).toFixed(0)}ms/${cpu.toFixed(0)}cpu/sys${((r1.systemCPUTime - r0.systemCPUTime) / 1000).toFixed(0)}/pf${r1.minorPageFault - r0.minorPageFault}`);
}
console.log(mode, out.join(' '), 'maxrss', process.resourceUsage().maxRSS);
