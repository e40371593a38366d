// CPU time (process.cpuUsage, all threads) of eighSymmetric vs complex eigh on the n = 1000 Anderson matrix (L = 10, seed 1):
// node eig-cpu.mjs ROOT cold-real | cold-complex | warm [reps]   (ROOT = a built checkout; cold = first call in a fresh process).
// Used for docs/benchmarks.md, session 3 (perf2); the raw output of one invocation is cpu-time-cold-warm.log.
// usage: node eig.mjs ROOT mode(cold-real|cold-complex|warm) [reps]
const root = process.argv[2], mode = process.argv[3], reps = +(process.argv[4] ?? 4);
const { eighSymmetric } = await import(root + '/dist/src/linalg/eigen-symmetric.js');
const { eigh } = await import(root + '/dist/src/linalg/eigen-hermitian.js');
const { ComplexMatrix } = await import(root + '/dist/src/linalg/dense.js');
const { andersonMatrixDense, andersonLattice, drawDisorder } = await import(root + '/dist/src/models/anderson-dnp/lattice.js');
const { seededStream } = await import(root + '/dist/src/solvers/random.js');
const L = 10, N = 1000;
const lat = andersonLattice(L, 2*Math.PI*6.5e6, 2*Math.PI*108e6, 'periodic', drawDisorder(N, 2*Math.PI*108e6, seededStream(1)));
const m = andersonMatrixDense(lat);
const cm = new ComplexMatrix(N, N, m.slice(), new Float64Array(N*N));
function time(f) { const c0 = process.cpuUsage(), t0 = performance.now(); const r = f(); const c = process.cpuUsage(c0); return [r, (c.user + c.system)/1000, performance.now()-t0]; }
const real = () => eighSymmetric(m, N, { vectors: true });
const cplx = () => eigh(cm, { vectors: true });
const out = { mode };
if (mode === 'cold-real') { const [r, c, w] = time(real); out.cpu = c; out.wall = w; }
else if (mode === 'cold-complex') { const [r, c, w] = time(cplx); out.cpu = c; out.wall = w; }
else {
  const R = [], C = [];
  for (let i = 0; i < reps; i++) { R.push(time(real).slice(1)); C.push(time(cplx).slice(1)); }
  out.realCpu = R.map(x => Math.round(x[0])); out.realWall = R.map(x => Math.round(x[1]));
  out.cplxCpu = C.map(x => Math.round(x[0])); out.cplxWall = C.map(x => Math.round(x[1]));
  const mn = a => Math.min(...a);
  out.ratioCpuMin = +(mn(out.cplxCpu.slice(1)) / mn(out.realCpu.slice(1))).toFixed(2);
  out.ratioWallMin = +(mn(out.cplxWall.slice(1)) / mn(out.realWall.slice(1))).toFixed(2);
  // residual check of the last real result
  const r = real(); let res = 0, sc = 0; for (const x of m) sc = Math.max(sc, Math.abs(x));
  const v = r.vectors;
  for (let k = 0; k < N; k += 97) for (let i = 0; i < N; i++) { let s = 0; for (let j = 0; j < N; j++) s += m[i*N+j]*v[k*N+j]; res = Math.max(res, Math.abs(s - r.values[k]*v[k*N+i])); }
  out.relres = res / sc;
}
console.log(JSON.stringify(out));
