import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareArrays, formatMs, formatRatio, markdownTable, median, speedRatio } from '../../bench/stats.js';
import { Lcg, matchingFieldAlpha, GAMMA_E_HZ_PER_T } from '../../bench/workloads.js';

// All checks here are exact (small integers / dyadic fractions), except where a tolerance is stated.

test('median of odd and even lists, input not mutated', () => {
  const xs = [5, 1, 4];
  assert.equal(median(xs), 4);
  assert.deepEqual(xs, [5, 1, 4]);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
  assert.throws(() => median([]), RangeError);
});

test('speedRatio is peer/spindrift and NaN when undefined', () => {
  assert.equal(speedRatio(10, 2), 5);
  assert.ok(Number.isNaN(speedRatio(null, 2)));
  assert.ok(Number.isNaN(speedRatio(3, 0)));
});

test('compareArrays: max deviation, its index, pass/fail against abs + rel·scale', () => {
  const d = compareArrays([1, 2.5, 3], [1, 2, 3.25], { abs: 0.1, rel: 0 });
  assert.equal(d.maxAbs, 0.5);
  assert.equal(d.at, 1);
  assert.equal(d.scale, 3.25);
  assert.equal(d.pass, false);
  // bound = 0.1 + 0.25·3.25 = 0.9125 ≥ 0.5
  assert.equal(compareArrays([1, 2.5, 3], [1, 2, 3.25], { abs: 0.1, rel: 0.25 }).pass, true);
  assert.throws(() => compareArrays([1], [1, 2], { abs: 0, rel: 0 }), RangeError);
});

test('compareArrays: standard errors widen the bound; NaN fails', () => {
  // |0.3| ≤ 0 + 3·√(0.06² + 0.08²) = 0.3 (exactly at the bound, 3·0.1 rounds to 0.30000000000000004)
  assert.equal(compareArrays([0.3], [0], { abs: 0, rel: 0, nSigma: 3 }, [0.06], [0.08]).pass, true);
  assert.equal(compareArrays([0.31], [0], { abs: 0, rel: 0, nSigma: 3 }, [0.06], [0.08]).pass, false);
  assert.equal(compareArrays([Number.NaN], [0], { abs: 1, rel: 0 }).pass, false);
  assert.equal(compareArrays([], [], { abs: 0, rel: 0 }).pass, true);
});

test('formatting helpers', () => {
  assert.equal(formatMs(0.5), '500 µs');
  assert.equal(formatMs(12.34), '12.3 ms');
  assert.equal(formatMs(2500), '2.50 s');
  assert.equal(formatMs(3 * 3600e3), '3.00 h');
  assert.equal(formatMs(null), '—');
  assert.equal(formatRatio(12.345), '12.3×');
  assert.equal(formatRatio(1234.5), '1235×');
  assert.equal(markdownTable(['a', 'b|c'], [['1', '2']]), '| a | b\\|c |\n|---|---|\n| 1 | 2 |');
});

test('Lcg follows state = 1664525·state + 1013904223 mod 2^32', () => {
  const g = new Lcg(0);
  assert.equal(g.next(), 1013904223 / 2 ** 32);
  // second state: (1664525·1013904223 + 1013904223) mod 2^32 = 1196435762
  assert.equal(g.next(), 1196435762 / 2 ** 32);
});

test('matching field B_m^(α) is near D/(2|γe|) and makes the two levels degenerate', () => {
  const p = { D: 2.87e9, Azz1: 13e6, Azx1: 13e6, Azz2: 4e6, Azx2: 4e6 };
  const b = matchingFieldAlpha(p);
  // hyperfine terms shift the match by ≲ A/|γe| ≈ 0.5 mT from D/(2|γe|) ≈ 51.2 mT
  assert.ok(Math.abs(b - p.D / (2 * GAMMA_E_HZ_PER_T)) < 1e-3, `B = ${b}`);
  // without hyperfine the nuclear Zeeman terms cancel (I1 ↑→↓, I2 ↓→↑), so the match is 2ωe = D;
  // bisection to ~1e-16 T leaves |2γe·B − D| ~ 1e-5 Hz, checked to 1 Hz
  const b0 = matchingFieldAlpha({ D: 2.87e9, Azz1: 0, Azx1: 0, Azz2: 0, Azx2: 0 });
  assert.ok(Math.abs(2 * GAMMA_E_HZ_PER_T * b0 - 2.87e9) < 1, `residual ${2 * GAMMA_E_HZ_PER_T * b0 - 2.87e9}`);
});
