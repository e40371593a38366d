// Feasibility spike (session 7): builds wasm/kernels.ts with an imported shared memory (AssemblyScript
// --importMemory --sharedMemory, threads enabled) into kernels-shared.wasm next to this script (not committed).
//   node bench/results/session7-lead/shared-memory/build.mjs
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
const here = dirname(fileURLToPath(import.meta.url)), root = join(here, '../../../..');
// The committed module's flags (scripts/build-wasm.mjs) plus the shared, imported memory.
const { FLAGS } = await import(join(root, 'scripts/build-wasm.mjs'));
const asc = (await import('assemblyscript/asc')).default;
const SHARED = ['--enable', 'threads', '--importMemory', '--sharedMemory', '--maximumMemory', '32767'];
let wasm = null; const err = [];
const { error } = await asc.main([join(root, 'wasm/kernels.ts'), ...FLAGS, ...SHARED, '--outFile', 'k.wasm'], {
  writeFile: (n, c) => { if (n.endsWith('.wasm')) wasm = c; },
  stdout: { write: () => true }, stderr: { write: (s) => { err.push(String(s)); return true; } },
});
if (error || !wasm) { console.error(String(error), err.join('')); process.exit(1); }
(await import('node:fs')).writeFileSync(join(here, 'kernels-shared.wasm'), wasm);
console.log('bytes', wasm.length);
