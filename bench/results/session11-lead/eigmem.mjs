// Resident memory before/after one complex eigh at n = 1000 in this process, the caller's wasm memory and the team's shared array (issue 18, session 11).
// Usage: node eigmem.mjs <distDir>
import { readFileSync } from 'node:fs';
const D = process.argv[2];
const { installNodePlatform } = await import(D + '/src/runner/node-platform.js');
installNodePlatform();
const { ComplexMatrix } = await import(D + '/src/linalg/dense.js');
const { eigh } = await import(D + '/src/linalg/eigen-hermitian.js');
const { wasmKernels } = await import(D + '/src/linalg/wasm.js');
const { threadTeam } = await import(D + '/src/linalg/threads/team.js');
const n = 1000; let s = 12345;
const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
const re = new Float64Array(n * n), im = new Float64Array(n * n);
for (let i = 0; i < n; i++) for (let j = i; j < n; j++) { const a = rnd(), b = i === j ? 0 : rnd(); re[i*n+j] = re[j*n+i] = a; im[i*n+j] = b; im[j*n+i] = -b; }
const st = () => { const t = readFileSync('/proc/self/status', 'utf8'); return [Number(t.match(/VmRSS:\s+(\d+)/)[1]) / 1024, Number(t.match(/VmHWM:\s+(\d+)/)[1]) / 1024].map((x) => x.toFixed(1)).join('/'); };
console.log('before', st());
const r = eigh(new ComplexMatrix(n, n, re, im));
const w = wasmKernels();
console.log('after', st(), 'wasm MB', (w.heap.buffer.byteLength / 1048576).toFixed(1), 'team buf MB', ((threadTeam()?.buffer?.byteLength ?? 0) / 1048576).toFixed(1));
