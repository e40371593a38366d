// Cold and warm eigensolver calls on the anderson-exact-L10 matrix (n = 1000, seed as the bench), one fresh
// process per invocation: prints wall ms / process CPU ms (all threads) of each call, the first one cold.
//   node bench/results/session4-eigcold/eig-cold.mjs <path to a built dist/> real|complex [calls]
// With EIG_FAULTS=1 (session 6) each call also prints system CPU ms and minor page faults (process-wide,
// workers included), and the line ends with the process's peak RSS in kB; without it the output is as before.
// Used alternately on main and the eigcold branch (`cold-warm-alternating.txt`: 5 rounds, each round
// before-real, before-complex, after-real, after-complex, 2 calls per process).
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
  const c0 = process.cpuUsage(), f0 = process.resourceUsage().minorPageFault;
  const t0 = performance.now();
  if (mode === 'complex') sd.eigh(new sd.ComplexMatrix(n, n, M, new Float64Array(n * n)));
  else es.eighSymmetric(M, n);
  const t1 = performance.now();
  const cu = process.cpuUsage(c0);
  const faults = process.env.EIG_FAULTS === '1'
    ? `/sys${(cu.system / 1000).toFixed(0)}/pf${process.resourceUsage().minorPageFault - f0}` : '';
  out.push(`${(t1 - t0).toFixed(0)}ms/${((cu.user + cu.system) / 1000).toFixed(0)}cpu${faults}`);
}
console.log(mode, out.join(' ') + (process.env.EIG_FAULTS === '1' ? ` maxrss ${process.resourceUsage().maxRSS}` : ''));
