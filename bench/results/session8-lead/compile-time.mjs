// Time of the first and second call of the reduction's panel kernels in a fresh process: with --no-liftoff the
// first call includes V8's (lazy, synchronous) optimising compile of the function.
//   node [--no-liftoff] bench/results/session8-lead/compile-time.mjs <dist>
const { wasmKernels } = await import(process.argv[2] + '/src/linalg/wasm.js');
const w = wasmKernels();
const e = w.exports;
const n = 80, nb = 32, b = w.reserve(n * n + 7 * n + 6 * nb * n), h = w.heap;
for (let i = 0; i < n * n; i++) h[b + i] = ((i * 7919) % 101) / 101 - 0.5;
const qa = b, qd = qa + n * n, qe = qd + n, qt = qe + n, qu = qt + n, qp = qu + 4 * n;
const t = [];
let t0 = performance.now();
e.tridiagonalizePanel(n, 0, 0, 1, qa * 8, qd * 8, qe * 8, qt * 8, qp * 8, (qp + nb * n) * 8, (qu + 2 * n) * 8, (qu + 3 * n) * 8);
t.push(`panel first call ${(performance.now() - t0).toFixed(2)}`);
t0 = performance.now();
e.tridiagonalizePanel(n, 0, 1, 2, qa * 8, qd * 8, qe * 8, qt * 8, qp * 8, (qp + nb * n) * 8, (qu + 2 * n) * 8, (qu + 3 * n) * 8);
t.push(`second ${(performance.now() - t0).toFixed(2)}`);
t0 = performance.now();
e.tridiagonalizePanelUpdate(n, 0, nb, qa * 8, qp * 8, (qp + nb * n) * 8, (qp + 2 * nb * n) * 8);
t.push(`update first ${(performance.now() - t0).toFixed(2)}`);
t0 = performance.now();
e.tridiagonalizePanelUpdate(n, 0, nb, qa * 8, qp * 8, (qp + nb * n) * 8, (qp + 2 * nb * n) * 8);
t.push(`update second ${(performance.now() - t0).toFixed(2)}`);
console.log(process.execArgv.join(' ') || 'default', '|', t.join(' | '));
