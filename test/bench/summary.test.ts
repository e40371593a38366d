/**
 * The benchmark summary (bench/run.ts `renderSummary`): each side's peak RSS is shown with how far it lies
 * above the resident memory after the child's imports, where the run reported it (results of older runs
 * did not: their cells show the peak alone).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderSummary } from '../../bench/run.js';

const MB = 1024;

function side(maxRssKb: number, aboveImportsKb?: number | null) {
  return {
    runs: 3, computeMs: 100, computeMinMs: 90, computeMaxMs: 110, wallMs: 500, startupMs: 40, importMs: 30, setupMs: 5,
    maxRssKb, childrenMaxRssKb: 0, ...(aboveImportsKb !== undefined ? { aboveImportsKb } : {}),
  };
}

function result(workload: string, spindrift: ReturnType<typeof side>, peer: ReturnType<typeof side>) {
  return {
    workload, date: '2026-12-01', quick: false, tolerance: { abs: 1e-9, rel: 0 },
    loadAverage: { start: [0.1, 0.1, 0.1], end: [0.2, 0.2, 0.2] }, machine: { commit: 'abc1234', uncommittedSrcFiles: 0 },
    variants: [{ id: 'main', params: {}, spindrift, peer, ratio: 2, comparison: { outputs: {}, maxAbs: 1e-12, pass: true } }],
  };
}

const machine = { nproc: 2, cpu: 'test', memoryGiB: 24, kernel: 'linux', node: '20', python: '3', pythonExecutable: 'python3', numpy: '1', blas: 'openblas', scipy: '1', qutip: '5' };

test('summary: peak RSS cells carry the peak above the imports where reported, and the prose says what it is', () => {
  const text = renderSummary(machine, [
    result('with-imports', side(106 * MB, 54 * MB), side(89 * MB, 62 * MB)),
    result('older-run', side(75 * MB), side(49 * MB, null)),
  ], 'npm run bench');
  const row = (name: string) => text.split('\n').find((l) => l.startsWith(`| ${name}`)) ?? assert.fail(`no row for ${name}`);
  assert.match(row('with-imports'), /\| 106 MB \(\+54 MB\) \| 89 MB \(\+62 MB\) \|/);
  assert.match(row('older-run'), /\| 75 MB \| 49 MB \|/);
  assert.match(text, /above the resident memory right after the child's imports/);
});
