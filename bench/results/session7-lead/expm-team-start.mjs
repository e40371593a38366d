// One exponential of a random complex n×n matrix (‖A‖₁ = 300: degree 13, 6 squarings) in a fresh
// process with the Node platform installed (thread team idle): `fused` = expm with the team removed
// (runs whole in zexpmPade on one thread), `team` = expmStepwise (its products start the team's
// workers), `auto` = expm as it chooses. Prints wall ms of the call and the process's peak RSS (MB).
//   node bench/results/session7-lead/expm-team-start.mjs <dist> fused|team|auto n
const [root, mode, nS] = process.argv.slice(2);
const n = Number(nS);
const { installNodePlatform } = await import(root + '/src/runner/node-platform.js');
installNodePlatform();
if (mode === 'fused') (await import(root + '/src/linalg/threads/team.js')).setThreadTeam(null);
const { ComplexMatrix, norm1 } = await import(root + '/src/linalg/dense.js');
const { expm, expmStepwise } = await import(root + '/src/linalg/expm.js');
let x = 12345;
const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
const a = new ComplexMatrix(n, n);
for (let k = 0; k < n * n; k++) { a.re[k] = rnd(); a.im[k] = rnd(); }
const f = 300 / norm1(a);
for (let k = 0; k < n * n; k++) { a.re[k] *= f; a.im[k] *= f; }
const t0 = performance.now();
const r = mode === 'team' ? expmStepwise(a) : expm(a);
const ms = performance.now() - t0;
console.log(mode, n, ms.toFixed(0), 'ms', (process.resourceUsage().maxRSS / 1024).toFixed(0), 'MB', r.re[0].toExponential(3));
