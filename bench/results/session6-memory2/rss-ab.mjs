// Peak RSS of the spindrift benchmark child, A/B in fresh processes (issue 18, session 6, memory2).
// Usage: node rss-ab.mjs <jobsDir> <reps> <label=distDir> [<label=distDir> ...] -- <workload[:variant]> ...
// Writes job inputs once per workload into <jobsDir> (from the worktree's dist/bench/workloads.js), then runs
// `node <distDir>/bench/spindrift-child.js job.json` for each label in turn, <reps> rounds, one child at a time,
// and prints one JSON line per run (maxRssKb as the child reports it, computeMs, load average).
import { mkdirSync, writeFileSync, readFileSync, existsSync, mkdtempSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const sep = args.indexOf('--');
const [jobsDir, repsStr, ...sides] = args.slice(0, sep);
const selected = args.slice(sep + 1);
const reps = Number(repsStr);
const { WORKLOADS } = await import(resolve(here, '../../../dist/bench/workloads.js'));
mkdirSync(jobsDir, { recursive: true });
const jobs = [];
for (const sel of selected) {
  const [name, variantId = 'main'] = sel.split(':');
  const def = WORKLOADS.find((w) => w.name === name);
  const inputDir = join(jobsDir, `${name}-in`);
  let base;
  const paramsFile = join(inputDir, 'params.json');
  if (existsSync(paramsFile)) base = JSON.parse(readFileSync(paramsFile, 'utf8'));
  else { mkdirSync(inputDir, { recursive: true }); base = def.params(inputDir); writeFileSync(paramsFile, JSON.stringify(base)); }
  const v = def.variants(false).find((x) => x.id === variantId);
  jobs.push({ sel, job: { workload: name, variant: variantId, params: { ...base, ...v.params }, inputDir } });
}
for (let round = 1; round <= reps; round++) {
  for (const { sel, job } of jobs) {
    for (const side of sides) {
      const [label, dist] = side.split('=');
      const outDir = mkdtempSync(join(jobsDir, `${sel.replace(':', '-')}-${label}-`));
      const jobPath = join(outDir, 'job.json');
      writeFileSync(jobPath, JSON.stringify({ ...job, outDir }));
      const load = loadavg()[0];
      execFileSync(process.execPath, [join(dist, 'bench/spindrift-child.js'), jobPath], { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
      const r = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
      console.log(JSON.stringify({ job: sel, side: label, round, load, computeMs: Math.round(r.computeMs * 10) / 10, maxRssKb: r.maxRssKb, ...(r.maxRssWithSelfCheckKb ? { maxRssWithSelfCheckKb: r.maxRssWithSelfCheckKb } : {}) }));
    }
  }
}
