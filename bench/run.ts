/**
 * Benchmark runner: spindrift vs QuTiP / numpy, side by side, in one run.
 *
 *   npm run bench [-- [--quick] [--write-docs] [--timeout-s N] [--variant ID] [WORKLOAD …]]
 *
 * For every selected workload (bench/workloads.ts) and variant it runs each
 * side in its own child process — one warm-up round, then `reps` timed
 * rounds alternating spindrift, peer, spindrift, peer … (never two at once) —
 * and records the compute time each child measured around the solver call,
 * its start-up/import/setup times, peak RSS, and the maximum deviation
 * between the two results. Results go to bench/results/<date>-<workload>.json
 * and a markdown summary to bench/results/<date>-summary.md (with
 * --write-docs also into the generated section of docs/benchmarks.md).
 * --variant ID runs only the variants with that id (e.g. `xy-steady-10 --variant n6`, skipping the
 * minute-long main size); such a partial result goes to <date>-<workload>.variant-<ID>.json and the
 * console only, never into the summary or the docs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { wasmKernelsAvailable } from '../src/linalg/wasm.js';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compareArrays, formatKb, formatMs, formatRatio, markdownTable, median, speedRatio, type Deviation,
} from './stats.js';
import { WORKLOADS, type Extrapolation, type Side, type Variant, type WorkloadDef } from './workloads.js';

const PYTHON = '/usr/bin/python3';
const here = dirname(fileURLToPath(import.meta.url));

/** Repository root: the first ancestor of this file holding package.json. */
function findRoot(): string {
  let d = here;
  for (let k = 0; k < 6; k++) {
    if (existsSync(join(d, 'package.json'))) return d;
    d = dirname(d);
  }
  throw new Error('bench: cannot find the repository root');
}
const ROOT = findRoot();

interface RunRecord {
  side: Side;
  variant: string;
  round: number; // 0 = warm-up
  ok: boolean;
  error?: string;
  computeMs?: number;
  importMs?: number;
  setupMs?: number;
  startupMs?: number; // process spawn → first line of the script
  wallMs: number; // whole child process, as seen by the runner
  maxRssKb?: number;
  /** Resident memory right after the runtime and its numerical libraries were loaded (the child's imports). */
  importRssKb?: number;
  childrenMaxRssKb?: number;
  info?: Record<string, unknown>;
  outDir: string;
}

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

function machineInfo(): Record<string, unknown> {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const py = sh(PYTHON, ['-c', [
    'import sys, numpy, scipy',
    'try:\n import qutip; q = qutip.__version__\nexcept Exception: q = None',
    'import json; print(json.dumps({"python": sys.version.split()[0], "numpy": numpy.__version__, "scipy": scipy.__version__, "qutip": q}))',
  ].join('\n')]);
  // the BLAS numpy actually loaded (Debian switches libblas.so.3 through alternatives)
  const blas = sh(PYTHON, ['-c', [
    'import numpy, os',
    'numpy.ones((4, 4)) @ numpy.ones((4, 4))',
    'libs = sorted({os.path.realpath(l.split()[-1]) for l in open("/proc/self/maps") if "blas" in l.lower() and "/" in l})',
    'print(", ".join(os.path.basename(x) for x in libs))',
  ].join('\n')]);
  return {
    nproc: Number(sh('nproc', [])) || cpus().length,
    cpu: model,
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    // dense kernels: WebAssembly SIMD (default) or the TypeScript fallback (SPINDRIFT_WASM=0), see src/linalg/wasm.ts
    denseKernels: wasmKernelsAvailable() ? 'wasm-simd' : 'typescript',
    pythonExecutable: PYTHON,
    ...(py ? JSON.parse(py) : {}),
    blas: blas || 'unknown',
    kernel: sh('uname', ['-sr']),
    // read-only: which code was measured (uncommitted changes under src/ are counted)
    commit: sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
    uncommittedSrcFiles: sh('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src']).split('\n').filter(Boolean).length,
  };
}

/** numpy version and loaded BLAS of a peer interpreter other than /usr/bin/python3. */
function peerVersions(python: string): Record<string, unknown> {
  const out = sh(python, ['-c', [
    'import sys, os, json, numpy',
    'numpy.ones((4, 4)) @ numpy.ones((4, 4))',
    'libs = sorted({os.path.realpath(l.split()[-1]) for l in open("/proc/self/maps") if "blas" in l.lower() and "/" in l})',
    'print(json.dumps({"python": sys.version.split()[0], "numpy": numpy.__version__, "blas": ", ".join(os.path.basename(x) for x in libs)}))',
  ].join('\n')]);
  return out ? JSON.parse(out) : {};
}

/** Install QuTiP with apt when it is missing (numpy/scipy come with it). */
function ensureQutip(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import qutip'], { encoding: 'utf8' });
  if (probe.status === 0) { console.log(`QuTiP found (${PYTHON}).`); return; }
  console.log('QuTiP is missing: installing it with `apt-get install -y python3-qutip` (used through /usr/bin/python3) …');
  const r = spawnSync('apt-get', ['install', '-y', 'python3-qutip'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('bench: apt-get install -y python3-qutip failed (run it as root, after apt-get update)');
}

/** Environment of a child: the runner's, with `changes` applied (null = unset). */
function childEnv(changes: Record<string, string | null> | undefined): NodeJS.ProcessEnv {
  if (!changes) return process.env;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete env[k];
    else env[k] = v;
  }
  return env;
}

function runChild(side: Side, jobPath: string, timeoutS: number, python = PYTHON, env?: Record<string, string | null>): { ok: boolean; error?: string; wallMs: number; spawnEpochMs: number } {
  const cmd = side === 'spindrift' ? process.execPath : python;
  const script = side === 'spindrift' ? join(here, 'spindrift-child.js') : join(ROOT, 'bench', 'peer.py');
  const spawnEpochMs = Date.now();
  const t0 = performance.now();
  const r = spawnSync(cmd, [script, jobPath], { encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 64 << 20, killSignal: 'SIGKILL', env: childEnv(side === 'peer' ? env : undefined) });
  const wallMs = performance.now() - t0;
  if (r.error || r.status !== 0) {
    const lines = (r.stderr || String(r.error ?? `exit ${r.status}`)).trim().split('\n').map((l) => l.trim()).filter(Boolean);
    const msg = [...lines].reverse().find((l) => /^[A-Za-z.]*(Error|Exception)\b/.test(l)) ?? lines[lines.length - 1] ?? `exit ${r.status}`;
    const why = r.signal === 'SIGKILL' ? `timed out after ${timeoutS} s` : msg;
    return { ok: false, error: why, wallMs, spawnEpochMs };
  }
  return { ok: true, wallMs, spawnEpochMs };
}

function readF64(path: string): Float64Array {
  const b = readFileSync(path);
  const out = new Float64Array(b.byteLength / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}

interface SideSummary {
  runs: number;
  computeMs: number | null;
  computeMinMs: number | null;
  computeMaxMs: number | null;
  wallMs: number | null;
  startupMs: number | null;
  importMs: number | null;
  setupMs: number | null;
  maxRssKb: number | null;
  /** Largest peak above the resident memory after the imports (per run: maxRssKb − importRssKb); null when not reported. */
  aboveImportsKb?: number | null;
  childrenMaxRssKb: number | null;
  error?: string;
  info?: Record<string, unknown>;
}

function summarize(records: RunRecord[]): SideSummary | null {
  if (records.length === 0) return null;
  const ok = records.filter((r) => r.ok && r.round > 0);
  const med = (f: (r: RunRecord) => number | undefined) => {
    const v = ok.map(f).filter((x): x is number => typeof x === 'number');
    return v.length ? median(v) : null;
  };
  const failed = records.find((r) => !r.ok);
  const comp = ok.map((r) => r.computeMs!);
  return {
    runs: ok.length,
    computeMs: med((r) => r.computeMs),
    computeMinMs: comp.length ? Math.min(...comp) : null,
    computeMaxMs: comp.length ? Math.max(...comp) : null,
    wallMs: med((r) => r.wallMs),
    startupMs: med((r) => r.startupMs),
    importMs: med((r) => r.importMs),
    setupMs: med((r) => r.setupMs),
    maxRssKb: ok.length ? Math.max(...ok.map((r) => r.maxRssKb ?? 0)) : null,
    aboveImportsKb: ok.length && ok.every((r) => r.maxRssKb !== undefined && typeof r.importRssKb === 'number')
      ? Math.max(...ok.map((r) => r.maxRssKb! - r.importRssKb!)) : null,
    childrenMaxRssKb: ok.length ? Math.max(...ok.map((r) => r.childrenMaxRssKb ?? 0)) : null,
    ...(failed ? { error: failed.error } : {}),
    ...(ok.length ? { info: ok[ok.length - 1].info } : {}),
  };
}

interface VariantResult {
  id: string;
  label?: string;
  params: Record<string, unknown>;
  spindrift: SideSummary | null;
  peer: SideSummary | null;
  ratio: number;
  peerExtrapolated?: { computeMs: number; factor: number; note: string };
  comparison?: { outputs: Record<string, Deviation>; maxAbs: number; pass: boolean; error?: string };
}

function compareOutputs(def: WorkloadDef, a: RunRecord | undefined, b: RunRecord | undefined): VariantResult['comparison'] {
  if (!a || !b) return { outputs: {}, maxAbs: Number.NaN, pass: false, error: 'a side produced no result' };
  const outputs: Record<string, Deviation> = {};
  let maxAbs = 0, pass = true;
  try {
    for (const name of def.outputs) {
      const x = readF64(join(a.outDir, `${name}.f64`)), y = readF64(join(b.outDir, `${name}.f64`));
      const se = def.stdErr
        ? [readF64(join(a.outDir, `${name}_se.f64`)), readF64(join(b.outDir, `${name}_se.f64`))] as const
        : [undefined, undefined] as const;
      const d = compareArrays(x, y, def.tolerance, se[0], se[1]);
      outputs[name] = d;
      maxAbs = Math.max(maxAbs, d.maxAbs);
      pass &&= d.pass;
    }
  } catch (e) {
    return { outputs, maxAbs: Number.NaN, pass: false, error: (e as Error).message };
  }
  return { outputs, maxAbs, pass };
}

function runWorkload(def: WorkloadDef, quick: boolean, timeoutS: number, workRoot: string, date: string, onlyVariant: string | null = null): Record<string, unknown> {
  const inputDir = mkdtempSync(join(workRoot, `${def.name}-in-`));
  const base = def.params(inputDir);
  const variants: Variant[] = def.variants(quick).filter((v) => onlyVariant === null || v.id === onlyVariant);
  const reps = quick ? def.reps[1] : def.reps[0];
  const warmup = quick ? 0 : 1;
  const records: RunRecord[] = [];
  const dead = new Set<string>(); // variant/side that failed: not retried
  const loadStart = loadavg();
  const t0 = Date.now();
  console.log(`\n== ${def.name}: ${def.title} (${reps} timed rounds${warmup ? ' after a warm-up' : ''})`);
  for (let round = 1 - warmup; round <= reps; round++) {
    for (const v of variants) {
      for (const side of v.sides) {
        const key = `${v.id}/${side}`;
        if (dead.has(key)) continue;
        // a side with a round limit (minutes per run) gets no warm-up and only its first `limit` timed rounds
        const limit = v.rounds?.[side];
        if (limit !== undefined && (round === 0 || round > limit)) continue;
        const outDir = mkdtempSync(join(workRoot, `${def.name}-${v.id}-${side}-`));
        const jobPath = join(outDir, 'job.json');
        writeFileSync(jobPath, JSON.stringify({ workload: def.name, variant: v.id, params: { ...base, ...v.params }, inputDir, outDir }));
        const r = runChild(side, jobPath, Math.min(timeoutS, v.timeoutS ?? timeoutS), def.peerPython?.() ?? PYTHON, v.peerEnv);
        const rec: RunRecord = { side, variant: v.id, round, ok: r.ok, wallMs: r.wallMs, outDir, ...(r.error ? { error: r.error } : {}) };
        if (r.ok) {
          const res = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
          Object.assign(rec, {
            computeMs: res.computeMs, importMs: res.importMs, setupMs: res.setupMs,
            startupMs: res.startEpochMs - r.spawnEpochMs, maxRssKb: res.maxRssKb, importRssKb: res.importRssKb ?? undefined,
            childrenMaxRssKb: res.childrenMaxRssKb, info: res.info,
          });
        } else {
          dead.add(key);
        }
        records.push(rec);
        const tag = round === 0 ? 'warm-up' : `round ${round}`;
        console.log(`  ${tag.padEnd(8)} ${v.id.padEnd(6)} ${side.padEnd(9)} ${r.ok ? `compute ${formatMs(rec.computeMs!)}, process ${formatMs(r.wallMs)}` : `FAILED: ${r.error}`}`);
      }
    }
  }
  const loadEnd = loadavg();
  const results: VariantResult[] = variants.map((v) => {
    const mine = (s: Side) => records.filter((r) => r.variant === v.id && r.side === s);
    const sd = v.sides.includes('spindrift') ? summarize(mine('spindrift')) : null;
    const pe = v.sides.includes('peer') ? summarize(mine('peer')) : null;
    const out: VariantResult = { id: v.id, ...(v.label ? { label: v.label } : {}), params: v.params, spindrift: sd, peer: pe, ratio: speedRatio(pe?.computeMs ?? null, sd?.computeMs ?? null) };
    if (v.compare) {
      const last = (s: Side) => [...mine(s)].reverse().find((r) => r.ok);
      out.comparison = compareOutputs(def, last('spindrift'), last('peer'));
    }
    return out;
  });
  for (const ex of def.extrapolate ? ([] as Extrapolation[]).concat(def.extrapolate) : []) {
    const from = results.find((r) => r.id === ex.from), target = results.find((r) => r.id === ex.target);
    const fv = variants.find((v) => v.id === ex.from), tv = variants.find((v) => v.id === ex.target);
    if (from?.peer?.computeMs != null && target && fv && tv) {
      const factor = ex.factor({ ...base, ...fv.params }, { ...base, ...tv.params });
      target.peerExtrapolated = { computeMs: from.peer.computeMs * factor, factor, note: ex.note };
      target.ratio = speedRatio(target.peerExtrapolated.computeMs, target.spindrift?.computeMs ?? null);
    }
  }
  rmSync(inputDir, { recursive: true, force: true });
  for (const r of records) rmSync(r.outDir, { recursive: true, force: true });
  const strip = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).filter(([, x]) => JSON.stringify(x).length < 400));
  const peerPython = def.peerPython ? def.peerPython() : undefined;
  return {
    workload: def.name, title: def.title, peer: def.peer, date, quick,
    ...(peerPython ? { peerPython: { executable: peerPython, ...peerVersions(peerPython) } } : {}),
    ...(variants.some((v) => v.peerEnv) ? { peerEnv: Object.fromEntries(variants.filter((v) => v.peerEnv).map((v) => [v.id, v.peerEnv])) } : {}),
    params: strip(base), tolerance: def.tolerance, toleranceNote: def.toleranceNote,
    elapsedS: (Date.now() - t0) / 1000,
    loadAverage: { start: loadStart.map((x) => +x.toFixed(2)), end: loadEnd.map((x) => +x.toFixed(2)) },
    variants: results,
    runs: records.map(({ outDir: _o, ...r }) => r),
  };
}

// ---------------------------------------------------------------------------- report

function describeStats(info: Record<string, unknown> | undefined): string {
  const st = info?.stats as Record<string, unknown> | undefined;
  if (!st) return '';
  const keys = ['method', 'reducedDimension', 'fullDimension', 'blocks', 'exponentials', 'jumps', 'iterations',
    // nuclear-transport workloads (keys no other workload reports)
    'configurations', 'krylovSteps', 'krylovMatvecs', 'matvecs', 'truncationBound', 'eq12MaxDev', 'events', 'eventsPerSecond', 'profileWorstZ',
    // anderson-dnp workloads
    'N', 'realizations', 'msPerRealization', 'eighMs', 'overlapMs', 'sumsMs', 'PnMean', 'PnSd', 'openblasThreads'];
  return keys.filter((k) => st[k] !== undefined).map((k) => `${k} ${st[k]}`).join(', ');
}

/** A side's peak RSS, with how far it lies above the resident memory after the imports where reported: "106 MB (+54 MB)". */
function formatPeak(s: SideSummary): string {
  return `${formatKb(s.maxRssKb)}${s.aboveImportsKb != null ? ` (+${formatKb(s.aboveImportsKb)})` : ''}`;
}

/** Markdown summary of one harness invocation (the text that goes into docs/benchmarks.md). */
export function renderSummary(machine: Record<string, unknown>, results: Record<string, any>[], command: string): string {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const w of results) {
    for (const v of w.variants as VariantResult[]) {
      const peerTime = v.peer?.computeMs ?? null;
      const ex = v.peerExtrapolated;
      const cmp = v.comparison;
      let verdict = '';
      if (cmp) {
        const missing = [v.spindrift?.error ? 'spindrift' : '', v.peer?.error ? 'peer' : ''].filter(Boolean);
        verdict = cmp.error ? (missing.length ? `not compared (${missing.join(' and ')} did not finish)` : `FAIL (${cmp.error})`) : cmp.pass ? 'agree' : 'FAIL: disagree';
      }
      const devCell = cmp && Number.isFinite(cmp.maxAbs) ? `${cmp.maxAbs.toExponential(1)} (tol ${w.tolerance.abs.toExponential(0)}${w.tolerance.nSigma ? ` + ${w.tolerance.nSigma}σ` : ''}${w.tolerance.rel ? ` + ${w.tolerance.rel.toExponential(0)}·max` : ''})` : '—';
      const sdErr = v.spindrift?.error ? `spindrift failed: ${v.spindrift.error}` : '';
      const peErr = v.peer?.error ? `peer failed: ${v.peer.error}` : '';
      const spanOf = (p: Record<string, unknown>) => v.label ? ` (${v.label})` : (typeof p.span === 'number' ? ` (${+(p.span * 1e6).toPrecision(3)} µs${typeof p.ntraj === 'number' ? `, ${p.ntraj} traj.` : ''})` : '');
      const limitS = /timed out after ([0-9.]+) s/.exec(v.peer?.error ?? '')?.[1];
      const ratioCell = cmp && !cmp.pass && !cmp.error ? `(${formatRatio(v.ratio)}, not a speed: results disagree)`
        : ex ? `${formatRatio(v.ratio)} (extrapolated)`
          : limitS && peerTime === null && v.spindrift?.computeMs ? `> ${formatRatio(speedRatio(Number(limitS) * 1000, v.spindrift.computeMs))} (peer's time limit)`
            : formatRatio(v.ratio);
      rows.push([
        `${w.workload}${v.id === 'main' ? '' : ` ${v.id}`}${spanOf(v.params)}`,
        v.spindrift ? formatMs(v.spindrift.computeMs) : '—',
        ex ? `≈ ${formatMs(ex.computeMs)} (extrapolated ×${+ex.factor.toPrecision(4)})` : v.peer?.error && peerTime === null ? `> ${v.peer.error.replace(/^timed out after /, '')} (did not finish)` : v.peer ? formatMs(peerTime) : '—',
        ratioCell,
        v.spindrift && v.spindrift.runs > 0 ? formatPeak(v.spindrift) : '—',
        v.peer && v.peer.runs > 0 ? `${formatPeak(v.peer)}${w.workload.endsWith('-mc') && v.peer.childrenMaxRssKb ? ` (+ ${formatKb(v.peer.childrenMaxRssKb)} per worker)` : ''}` : '—',
        devCell,
        [verdict, sdErr, peErr].filter(Boolean).join('; ') || 'spindrift only',
      ]);
      const st = describeStats(v.spindrift?.info);
      if (st) notes.push(`- \`${w.workload}\` ${v.id}: spindrift stats — ${st}${v.spindrift?.computeMinMs != null ? `; spindrift range ${formatMs(v.spindrift.computeMinMs)}–${formatMs(v.spindrift.computeMaxMs)}` : ''}${v.peer?.computeMinMs != null ? `; peer range ${formatMs(v.peer.computeMinMs)}–${formatMs(v.peer.computeMaxMs)}` : ''}.`);
      else if (v.spindrift?.computeMinMs != null) notes.push(`- \`${w.workload}\` ${v.id}: spindrift range ${formatMs(v.spindrift.computeMinMs)}–${formatMs(v.spindrift.computeMaxMs)}${v.peer?.computeMinMs != null ? `; peer range ${formatMs(v.peer.computeMinMs)}–${formatMs(v.peer.computeMaxMs)}` : ''}${v.spindrift.info?.gflops ? `; spindrift ${(v.spindrift.info.gflops as number).toFixed(2)} GFLOP/s, peer ${((v.peer?.info?.gflops as number) ?? NaN).toFixed(1)} GFLOP/s` : ''}.`);
      if (ex) notes.push(`- \`${w.workload}\` ${v.id}: ${ex.note}.`);
    }
  }
  const table = markdownTable(
    ['workload', 'spindrift (median)', 'peer (median)', 'peer / spindrift', 'spindrift peak RSS', 'peer peak RSS', 'max deviation', 'verdict'],
    rows,
  );
  const overhead = markdownTable(
    ['workload', 'variant', 'spindrift start-up + import + setup', 'peer start-up + import + setup', 'load average (start → end)', 'runs (sd / peer)', 'code (commit + uncommitted src files)'],
    results.flatMap((w) => (w.variants as VariantResult[]).map((v) => [
      w.workload, v.id,
      v.spindrift ? `${formatMs(v.spindrift.startupMs)} + ${formatMs(v.spindrift.importMs)} + ${formatMs(v.spindrift.setupMs)}` : '—',
      v.peer ? `${formatMs(v.peer.startupMs)} + ${formatMs(v.peer.importMs)} + ${formatMs(v.peer.setupMs)}` : '—',
      `${w.loadAverage.start.join(', ')} → ${w.loadAverage.end.join(', ')}`,
      `${v.spindrift?.runs ?? 0} / ${v.peer?.runs ?? 0}`,
      `${w.machine?.commit ?? '?'} + ${w.machine?.uncommittedSrcFiles ?? '?'}`,
    ])),
  );
  const m = machine;
  return [
    `Generated by \`bench/run.ts\` from runs on ${[...new Set(results.map((r) => r.date as string))].sort().join(', ')}${results.some((r) => r.quick) ? ' (**--quick**: 1 timed run, no warm-up — smoke test, not a measurement)' : ''}.`,
    '',
    `Machine: ${m.nproc} cores (\`nproc\`), ${m.cpu}, ${m.memoryGiB} GiB RAM, ${m.kernel}. Node ${m.node}; Python ${m.python} (${m.pythonExecutable}), numpy ${m.numpy} (BLAS: ${m.blas}), scipy ${m.scipy}, QuTiP ${m.qutip}.`,
    '',
    `Code measured: ${[...new Set(results.map((r) => `commit ${r.machine?.commit}${r.machine?.uncommittedSrcFiles ? ` plus ${r.machine.uncommittedSrcFiles} uncommitted file(s) under src/` : ''}`))].join('; ')} (per workload in the last table).`,
    '',
    `Reproduce: \`${command}\``,
    '',
    'Times are the median of the compute time each child process measured around the solver / kernel call',
    '(start-up, imports and operator construction excluded; listed below). Peak RSS is the maximum resident',
    'set of the process (`process.resourceUsage().maxRSS`, `resource.getrusage`); in parentheses, how far that',
    'peak lies above the resident memory right after the child\'s imports (Node with the spindrift platform and,',
    'for the engine workloads, its public modules; Python with numpy, scipy and, where used, QuTiP): the memory',
    'the workload itself added, runtime and libraries apart. "max deviation" is',
    'max |spindrift − peer| over all compared outputs of the last timed run of each.',
    '',
    table,
    '',
    ...notes,
    '',
    'Start-up and setup (medians), and machine load while each workload ran:',
    '',
    overhead,
  ].join('\n');
}

// ---------------------------------------------------------------------------- main

/**
 * The latest full (not --quick) result of every workload, in WORKLOADS order: the current
 * invocation's result where there is one, else the newest bench/results/<date>-<workload>.json
 * with date ≤ maxDate (ISO dates compare as strings). This is what the summary and
 * docs/benchmarks.md show, so a run of a few workloads keeps the other workloads' rows.
 */
export function latestResults(resultsDir: string, current: Record<string, any>[], maxDate = '9999-99-99'): Record<string, any>[] {
  const files = existsSync(resultsDir) ? readdirSync(resultsDir) : [];
  const out: Record<string, any>[] = [];
  for (const w of WORKLOADS) {
    const mine = current.find((r) => r.workload === w.name && !r.quick);
    if (mine) { out.push(mine); continue; }
    const re = new RegExp(`^(\\d{4}-\\d{2}-\\d{2})-${w.name.replace(/[-]/g, '\\-')}\\.json$`);
    const dates = files.map((f) => re.exec(f)?.[1]).filter((d): d is string => d !== undefined && d <= maxDate).sort();
    if (dates.length) out.push(JSON.parse(readFileSync(join(resultsDir, `${dates[dates.length - 1]}-${w.name}.json`), 'utf8')));
  }
  return out;
}

/** `npm run bench -- …` that reproduces a set of results. */
function commandFor(results: Record<string, any>[], quick: boolean): string {
  const names = results.map((r) => r.workload as string);
  return `npm run bench --${quick ? ' --quick' : ''}${names.length === WORKLOADS.length ? '' : ` ${names.join(' ')}`}`;
}

/**
 * Write the summary and, with --write-docs, the generated section of docs/benchmarks.md. A full run's
 * summary (and the docs) cover the latest result of every workload (`latestResults`); a --quick
 * summary covers only that invocation. The exit status reflects only this invocation's workloads.
 */
function writeReport(machine: Record<string, unknown>, all: Record<string, any>[], quick: boolean, writeDocs: boolean, resultsDir: string, date: string, maxDate?: string): void {
  const shown = quick ? all : latestResults(resultsDir, all, maxDate);
  const summary = renderSummary(machine, shown, commandFor(shown, quick));
  const summaryFile = join(resultsDir, `${date}-summary${quick ? '-quick' : ''}.md`);
  writeFileSync(summaryFile, summary + '\n');
  console.log(`\n${summary}\n\n→ ${summaryFile}`);
  if (writeDocs) {
    if (quick) throw new Error('bench: --write-docs is refused with --quick (a smoke run is not a measurement)');
    const docs = join(ROOT, 'docs', 'benchmarks.md');
    const begin = '<!-- bench:begin (generated by bench/run.ts --write-docs; do not edit by hand) -->';
    const end = '<!-- bench:end -->';
    const text = existsSync(docs) ? readFileSync(docs, 'utf8') : `# Benchmarks\n\n${begin}\n${end}\n`;
    const i = text.indexOf(begin), j = text.indexOf(end);
    if (i < 0 || j < i) throw new Error('docs/benchmarks.md: generated-section markers not found');
    writeFileSync(docs, `${text.slice(0, i + begin.length)}\n${summary}\n${text.slice(j)}`);
    console.log(`→ ${docs} (generated section)`);
  }
  const failed = all.flatMap((w) => (w.variants as VariantResult[]).filter((v) => v.comparison && !v.comparison.pass).map((v) => `${w.workload}/${v.id}`));
  if (failed.length) {
    console.log(`\nNOT PASSED (results disagree, or a side did not finish): ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

function main(): void {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const writeDocs = argv.includes('--write-docs');
  const resultsDir = join(ROOT, 'bench', 'results');
  const ri = argv.indexOf('--render-only');
  if (ri >= 0) {
    // --render-only DATE: rebuild the summary from saved results (latest of every workload up to DATE) without running anything
    const date = argv[ri + 1];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date ?? '')) { console.error('bench: --render-only needs a date YYYY-MM-DD'); process.exit(2); }
    const shown = latestResults(resultsDir, [], date);
    if (shown.length === 0) { console.error(`bench: no results up to ${date}`); process.exit(2); }
    writeReport(shown[0].machine, shown, false, writeDocs, resultsDir, date, date);
    return;
  }
  const ti = argv.indexOf('--timeout-s');
  const timeoutS = ti >= 0 ? Number(argv[ti + 1]) : 900;
  const vi = argv.indexOf('--variant');
  const onlyVariant = vi >= 0 ? argv[vi + 1] ?? '' : null;
  if (onlyVariant !== null && (writeDocs || !onlyVariant)) { console.error('bench: --variant needs an id and cannot be combined with --write-docs'); process.exit(2); }
  const names = argv.filter((a, i) => !a.startsWith('--') && !(ti >= 0 && i === ti + 1) && !(vi >= 0 && i === vi + 1));
  const unknown = names.filter((n) => !WORKLOADS.some((w) => w.name === n));
  if (unknown.length) {
    console.error(`bench: unknown workload(s) ${unknown.join(', ')}; known: ${WORKLOADS.map((w) => w.name).join(', ')}`);
    process.exit(2);
  }
  const selected = (names.length ? WORKLOADS.filter((w) => names.includes(w.name)) : WORKLOADS)
    .filter((w) => onlyVariant === null || w.variants(quick).some((v) => v.id === onlyVariant));
  if (selected.length === 0) { console.error(`bench: no selected workload has a variant ${JSON.stringify(onlyVariant)}`); process.exit(2); }
  if (selected.some((w) => /QuTiP/.test(w.peer))) ensureQutip();
  const machine = machineInfo();
  console.log(`machine: ${JSON.stringify(machine)}`);
  const d = new Date();
  const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  mkdirSync(resultsDir, { recursive: true });
  const workRoot = mkdtempSync(join(tmpdir(), 'spindrift-bench-'));
  const all: Record<string, any>[] = [];
  try {
    for (const def of selected) {
      const res = { machine, ...runWorkload(def, quick, timeoutS, workRoot, date, onlyVariant) };
      const file = join(resultsDir, `${date}-${def.name}${quick ? '-quick' : ''}${onlyVariant !== null ? `.variant-${onlyVariant}` : ''}.json`);
      writeFileSync(file, JSON.stringify(res, null, 1) + '\n');
      console.log(`  → ${file}`);
      all.push(res);
    }
  } finally {
    rmSync(workRoot, { recursive: true, force: true });
  }
  if (onlyVariant !== null) console.log(`\n${renderSummary(machine, all, `npm run bench -- --variant ${onlyVariant} ${all.map((r) => r.workload).join(' ')}`)}`);
  else writeReport(machine, all, quick, writeDocs, resultsDir, date);
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) main();
