// domains-meanfield-3b's timed call (solveMeanField, as bench/spindrift-child.ts) in a fresh process:
//   node mf.mjs <dist dir> '{"rtol":1e-10,"atol":1e-12}'   -> compute ms
// Run alternately on 057c230 (session start) and 485083f: domains-meanfield-old-vs-new.txt.
const [root] = process.argv.slice(2);
const dom = await import(root + '/src/models/spin-domains/index.js');
const sizes = [1e8, 1e5, 1e2], gammas = [1, 1];
const a = Math.log10(1e-11), b = Math.log10(1e-3);
const times = [0, ...Array.from({ length: 241 }, (_, i) => 10 ** (a + ((b - a) * i) / 240))];
const P = JSON.parse(process.argv[3]);
const system = dom.meanFieldSystem(sizes.length, false);
const t0 = performance.now();
const r = dom.solveMeanField({ sizes, gammas, nThermal: 0, times, rtol: P.rtol, atol: P.atol, system });
console.log((performance.now() - t0).toFixed(1));
