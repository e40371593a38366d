// Session 9 (lead): what issue 12's real/complex ratio is for a run of R disorder realizations, and for a
// first call of each path that is not the process's first solve. One fresh process per invocation:
//   node bench/results/session9-lead/realization-runs.mjs <dist> <plan> <R>
// plan: real | complex             R realizations (n = 1000 anderson-exact-L10 matrices, realization
//                                  streams 0 … R−1 of the bench's seed), one eigensolver call each, timed
//       real-after-complex | complex-after-real
//                                  one untimed solve of the other kind on realization R, then R timed ones
// Prints each call's wall ms and the total of the timed calls.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const [dist, plan, rS] = process.argv.slice(2);
const root = pathToFileURL(resolve(dist)).href;
const R = Number(rS ?? 1);
const sd = await import(root + '/src/node.js');
const ad = await import(root + '/src/models/anderson-dnp/index.js');
const rz = await import(root + '/src/models/anderson-dnp/realization.js');
const es = await import(root + '/src/linalg/eigen-symmetric.js');
const settings = ad.resolveSettings({ L: 10, method: 'exact', realizations: R + 1 }, undefined);
const matrix = (r) => ad.andersonMatrixDense(rz.realizationLattice(settings, rz.realizationStream(settings.seed, r)));
const real = (M) => es.eighSymmetric(M, Math.sqrt(M.length) | 0);
const complex = (M) => { const n = Math.sqrt(M.length) | 0; return sd.eigh(new sd.ComplexMatrix(n, n, M, new Float64Array(n * n))); };
const [kind, before] = {
  real: [real, null], complex: [complex, null],
  'real-after-complex': [real, complex], 'complex-after-real': [complex, real],
}[plan] ?? (() => { throw new Error(`unknown plan ${plan}`); })();
const matrices = Array.from({ length: R }, (_, r) => matrix(r));
if (before) before(matrix(R));
const times = [];
for (const M of matrices) {
  const t0 = performance.now();
  kind(M);
  times.push(performance.now() - t0);
}
const total = times.reduce((s, x) => s + x, 0);
console.log(`${plan} R=${R} total ${total.toFixed(0)} ms | ${times.map((x) => x.toFixed(0)).join(' ')}`);
