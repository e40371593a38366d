// The smallest Node process that runs one JIT-optimised floating-point loop (issue 18, session 14): an ES
// module that imports nothing but node:fs, iterates the logistic map 2·10⁷ times and reports its peak
// resident memory (VmHWM). Compared with the s002-telegraph-mc peer's whole run (numpy, 47.5 MB).
// Usage: node loop-floor.mjs [reps]   (fresh processes; prints each peak and the median)
import { execFileSync } from 'node:child_process';
const reps = Number(process.argv[2] ?? 5);
const script = `import fs from 'node:fs';
let s = 0, x = 0.5;
for (let i = 0; i < 2e7; i++) { x = x * 3.7 * (1 - x); s += x; }
process.stdout.write(String(+fs.readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\\s+(\\d+)/)[1] / 1024 + (s > 0 ? 0 : 1)));`;
const bare = `import fs from 'node:fs'; process.stdout.write(String(+fs.readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\\s+(\\d+)/)[1] / 1024));`;
for (const [label, code] of [['ES module importing node:fs only', bare], ['+ one JIT-optimised loop of 2·10⁷ iterations', script]]) {
  const xs = Array.from({ length: reps }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' })));
  const sorted = [...xs].sort((a, b) => a - b);
  console.log(`${label.padEnd(50)} median ${sorted[sorted.length >> 1].toFixed(1)} MB  (${xs.map((x) => x.toFixed(1)).join(', ')})`);
}
