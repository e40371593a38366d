// Session 8 (lead): a small eighSymmetric of order P before the n = 1000 one, in a fresh process (does a
// warm-up solve pay for itself?). Prints total(small + big) per call.
//   node bench/results/session8-lead/prime-small-solve.mjs <dist> P [calls]
// cold process: optional prime (small eighSymmetric of order P) then the n=1000 call; prints both and total
const [root, primeS, callsS] = process.argv.slice(2);
const P = Number(primeS), calls = Number(callsS ?? 1);
const ad = await import(root + '/src/models/anderson-dnp/index.js');
const rz = await import(root + '/src/models/anderson-dnp/realization.js');
const es = await import(root + '/src/linalg/eigen-symmetric.js');
await import(root + '/src/node.js');
const settings = ad.resolveSettings({ L: 10, method: 'exact', realizations: 1 }, undefined);
const lat = rz.realizationLattice(settings, rz.realizationStream(settings.seed, 0));
const n = lat.N, M = ad.andersonMatrixDense(lat);
const S = new Float64Array(P * P);
for (let i = 0; i < P; i++) for (let j = 0; j <= i; j++) S[i * P + j] = S[j * P + i] = Math.sin(i * 7 + j * 3) + (i === j ? i * 0.1 : 0);
const out = [];
for (let c = 0; c < calls; c++) {
  const t0 = performance.now();
  if (P > 0 && c === 0) es.eighSymmetric(S, P);
  const t1 = performance.now();
  es.eighSymmetric(M, n);
  const t2 = performance.now();
  out.push(`${(t2 - t0).toFixed(0)}(${(t1 - t0).toFixed(0)}+${(t2 - t1).toFixed(0)})`);
}
console.log(`prime ${P}: ${out.join(' ')}`);
