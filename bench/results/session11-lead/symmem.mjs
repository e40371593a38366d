// Resident memory around eighSymmetric at n = 1000 (<calls> calls), the caller's wasm memory and the team's shared array (issue 18, session 11).
// Usage: [SPINDRIFT_THREADS=1] node symmem.mjs <distDir> [calls]
import { readFileSync } from 'node:fs';
const D = process.argv[2];
const { installNodePlatform } = await import(D + '/src/runner/node-platform.js');
installNodePlatform();
const { eighSymmetric } = await import(D + '/src/linalg/eigen-symmetric.js');
const { wasmKernels } = await import(D + '/src/linalg/wasm.js');
const { threadTeam } = await import(D + '/src/linalg/threads/team.js');
const n = 1000; let s = 12345;
const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
const a = new Float64Array(n * n);
for (let i = 0; i < n; i++) for (let j = i; j < n; j++) { a[i*n+j] = a[j*n+i] = rnd(); }
const st = () => { const t = readFileSync('/proc/self/status', 'utf8'); return [Number(t.match(/VmRSS:\s+(\d+)/)[1]) / 1024, Number(t.match(/VmHWM:\s+(\d+)/)[1]) / 1024].map((x) => x.toFixed(1)).join('/'); };
const calls = Number(process.argv[3] ?? 1);
console.log('before', st());
for (let c = 0; c < calls; c++) {
  const r = eighSymmetric(a, n);
  const w = wasmKernels();
  console.log('after', c, st(), 'wasm MB', (w.heap.buffer.byteLength / 1048576).toFixed(1), 'team buf MB', ((threadTeam()?.buffer?.byteLength ?? 0) / 1048576).toFixed(1));
}
