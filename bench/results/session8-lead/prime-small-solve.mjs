// Session 8 (lead): a small eighSymmetric of order P before the n = 1000 one, in a fresh process (does a
// warm-up solve pay for itself?). Prints total(small + big) per call.
//   node bench/results/session8-lead/prime-small-solve.mjs <dist> P [calls]
import { andersonL10 } from './anderson-l10.mjs';
const [root, primeS, callsS] = process.argv.slice(2);
const P = Number(primeS), calls = Number(callsS ?? 1);
const { n, M, eighSymmetric } = await andersonL10(root);
const S = new Float64Array(P * P);
for (let i = 0; i < P; i++) for (let j = 0; j <= i; j++) S[i * P + j] = S[j * P + i] = Math.sin(i * 7 + j * 3) + (i === j ? i * 0.1 : 0);
const out = [];
for (let c = 0; c < calls; c++) {
  const t0 = performance.now();
  if (P > 0 && c === 0) eighSymmetric(S, P);
  const t1 = performance.now();
  eighSymmetric(M, n);
  const t2 = performance.now();
  out.push(`${(t2 - t0).toFixed(0)}(${(t1 - t0).toFixed(0)}+${(t2 - t1).toFixed(0)})`);
}
console.log(`prime ${P}: ${out.join(' ')}`);
