import { test } from 'node:test';
import assert from 'node:assert/strict';
import { integrate } from '../../../src/linalg/ode/integrate.js';
import type { OdeOptions, OdeRhs } from '../../../src/linalg/ode/integrate.js';
import { nextDown, nextUp } from '../../../src/linalg/ode/step-control.js';
import { loadFixture } from '../../helpers.js';

const METHODS = ['dopri5', 'dop853'] as const;

function linspace(a: number, b: number, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = i === n - 1 ? b : a + ((b - a) * i) / (n - 1);
  return out;
}

/** Run integrate and return the max-abs error of all outputs against `exact(t)`, plus the result. */
function runAgainst(
  f: OdeRhs,
  y0: number[],
  times: number[],
  exact: (t: number) => number[],
  options: OdeOptions,
): { maxErr: number; finalErr: number; outputs: number; result: ReturnType<typeof integrate> } {
  let maxErr = 0;
  let outputs = 0;
  const result = integrate(f, Float64Array.from(y0), times, {
    ...options,
    onOutput: (i, t, y) => {
      assert.equal(i, outputs, 'outputs arrive in order');
      assert.equal(t, times[i]);
      outputs++;
      const e = exact(t);
      for (let k = 0; k < y.length; k++) maxErr = Math.max(maxErr, Math.abs(y[k] - e[k]));
    },
  });
  const e = exact(times[times.length - 1]);
  let finalErr = 0;
  for (let k = 0; k < e.length; k++) finalErr = Math.max(finalErr, Math.abs(result.yFinal[k] - e[k]));
  return { maxErr, finalErr, outputs, result };
}

const omega = 2;
const oscillator: OdeRhs = (_t, y, d) => {
  d[0] = y[1];
  d[1] = -omega * omega * y[0];
};
const oscillatorExact = (t: number) => [Math.cos(omega * t), -omega * Math.sin(omega * t)];

test('exponential decay: dense and final values at rtol = 1e-10, far fewer steps than outputs', () => {
  const k = 1.7;
  const times = linspace(0, 5, 1001);
  for (const method of METHODS) {
    const { maxErr, finalErr, outputs, result } = runAgainst(
      (_t, y, d) => {
        d[0] = -k * y[0];
      },
      [1],
      times,
      (t) => [Math.exp(-k * t)],
      { method, rtol: 1e-10, atol: 1e-12 },
    );
    // The global error of a monotone decay stays at the tolerance level (|y| ≤ 1), so 10·rtol
    // is a small multiple; the dense output carries the same error as the steps.
    assert.equal(outputs, 1001);
    assert.ok(maxErr < 1e-9, `${method}: max dense error ${maxErr}`);
    assert.ok(finalErr < 1e-9, `${method}: final error ${finalErr}`);
    // Measured: DOPRI5 204, DOP853 26 accepted steps (the outputs do not shorten steps).
    const bound = method === 'dopri5' ? 300 : 60;
    assert.ok(result.stats.accepted < bound, `${method}: ${result.stats.accepted} accepted steps for 1000 outputs`);
    assert.equal(result.tFinal, 5);
  }
});

test('harmonic oscillator: dense output at 1000 points within a small multiple of rtol; DOP853 needs far fewer steps', () => {
  const times = linspace(0, 10, 1001);
  const accepted: Record<string, number> = {};
  for (const method of METHODS) {
    const { maxErr, finalErr, result } = runAgainst(oscillator, [1, 0], times, oscillatorExact, {
      method,
      rtol: 1e-10,
      atol: 1e-10,
    });
    // ~3 periods: the phase error accumulates to ~10× the per-step tolerance (amplitude 2 in y'),
    // so allow 30·rtol; measured ≈ 9e-10 for both methods.
    assert.ok(maxErr < 3e-9, `${method}: max dense error ${maxErr}`);
    assert.ok(finalErr < 3e-9, `${method}: final error ${finalErr}`);
    assert.ok(result.stats.accepted < 1000 / 1.5, `${method}: ${result.stats.accepted} accepted steps`);
    accepted[method] = result.stats.accepted;
  }
  // Measured: DOPRI5 521 steps, DOP853 59 steps (SciPy: 491 / 59).
  assert.ok(accepted.dop853 * 4 < accepted.dopri5, `dop853 ${accepted.dop853} vs dopri5 ${accepted.dopri5}`);
  assert.ok(accepted.dop853 < 100, `dop853 steps ${accepted.dop853}`);
});

test('outputs every µs over a 1 ms run do not force 1000 tiny steps', () => {
  const w = 2 * Math.PI * 5e3; // 5 kHz: five periods in 1 ms
  const times = linspace(0, 1e-3, 1001);
  const { maxErr, result } = runAgainst(
    (_t, y, d) => {
      d[0] = y[1];
      d[1] = -w * w * y[0];
    },
    [1, 0],
    times,
    (t) => [Math.cos(w * t), -w * Math.sin(w * t)],
    { rtol: 1e-8, atol: 1e-8 },
  );
  // Error relative to the amplitude (y' ~ 3e4): 30·rtol relative.
  assert.ok(maxErr < 30e-8 * w, `max error ${maxErr}`);
  assert.ok(result.stats.accepted < 100, `${result.stats.accepted} accepted steps for 1001 outputs`);
});

test('complex state packed as [re…, im…]: Rabi oscillation of a detuned two-level system', () => {
  // i ψ' = H ψ, H = [[Δ/2, Ω/2], [Ω/2, −Δ/2]]; ψ = [re0, re1, im0, im1].
  const Om = 3;
  const De = 1.2;
  const f: OdeRhs = (_t, y, d) => {
    const r0 = y[0], r1 = y[1], i0 = y[2], i1 = y[3];
    // (Hψ) real and imaginary parts; ψ' = −i Hψ → re' = Im(Hψ), im' = −Re(Hψ).
    const hr0 = 0.5 * De * r0 + 0.5 * Om * r1;
    const hr1 = 0.5 * Om * r0 - 0.5 * De * r1;
    const hi0 = 0.5 * De * i0 + 0.5 * Om * i1;
    const hi1 = 0.5 * Om * i0 - 0.5 * De * i1;
    d[0] = hi0;
    d[1] = hi1;
    d[2] = -hr0;
    d[3] = -hr1;
  };
  const W = Math.sqrt(Om * Om + De * De);
  const times = linspace(0, 10, 201);
  for (const method of METHODS) {
    let maxErr = 0;
    let maxNormDefect = 0;
    integrate(f, Float64Array.from([1, 0, 0, 0]), times, {
      method,
      rtol: 1e-10,
      atol: 1e-12,
      onOutput: (_i, t, y) => {
        const p1 = y[1] * y[1] + y[3] * y[3];
        const exact = ((Om * Om) / (W * W)) * Math.sin((W * t) / 2) ** 2; // Rabi formula
        maxErr = Math.max(maxErr, Math.abs(p1 - exact));
        maxNormDefect = Math.max(maxNormDefect, Math.abs(y[0] ** 2 + y[1] ** 2 + y[2] ** 2 + y[3] ** 2 - 1));
      },
    });
    // ~5 Rabi periods at rtol 1e-10: global error ≲ 1e-9 (measured 2.6e-10 for DOPRI5).
    assert.ok(maxErr < 2e-9, `${method}: Rabi population error ${maxErr}`);
    assert.ok(maxNormDefect < 2e-9, `${method}: norm defect ${maxNormDefect}`);
  }
});

test('global error is proportional to rtol (DOP853 and DOPRI5)', () => {
  const times = linspace(0, 10, 301);
  for (const method of METHODS) {
    const errs: number[] = [];
    for (const rtol of [1e-6, 1e-8, 1e-10, 1e-12]) {
      const { maxErr } = runAgainst(oscillator, [1, 0], times, oscillatorExact, { method, rtol, atol: rtol });
      errs.push(maxErr);
      // Tolerance proportionality: error/rtol stays O(1–10) (measured 7.8–9.4 for both methods).
      assert.ok(maxErr / rtol > 0.3 && maxErr / rtol < 50, `${method} rtol ${rtol}: error ${maxErr}`);
    }
    for (let i = 1; i < errs.length; i++) {
      const ratio = errs[i - 1] / errs[i];
      // rtol drops 100×: the error must drop by a comparable factor (measured 82–100).
      assert.ok(ratio > 30 && ratio < 300, `${method}: error ratio ${ratio} for rtol /100`);
    }
  }
});

test('fixed-step convergence order: DOPRI5 → 5, DOP853 → 8 (steps and dense output)', () => {
  // y0' = −t y0 (exact e^{−t²/2}) and a unit oscillator; rtol = atol = 1 with h0 = hmax = h gives
  // constant steps (no rejections). Outputs are off the step grid, so they test the dense output
  // (orders 4 and 7 continuous extensions: local error h⁵ and h⁸, same as the global error).
  const f: OdeRhs = (t, y, d) => {
    d[0] = -y[0] * t;
    d[1] = y[2];
    d[2] = -y[1];
  };
  const exact = (t: number) => [Math.exp((-t * t) / 2), Math.cos(t), -Math.sin(t)];
  const times = linspace(0, 3.2, 33).map((t, i) => (i > 0 && i < 32 ? t + 0.0123 : t));
  const cases = [
    { method: 'dopri5' as const, hs: [0.1, 0.05], order: 5 }, // measured 5.33
    { method: 'dop853' as const, hs: [0.4, 0.2], order: 8 }, // measured 8.9 (final), 8.9 (dense)
  ];
  for (const { method, hs, order } of cases) {
    const res = hs.map((h) => runAgainst(f, [1, 1, 0], times, exact, { method, rtol: 1, atol: 1, h0: h, hmax: h }));
    for (const r of res) assert.equal(r.result.stats.rejected, 0);
    assert.equal(res[1].result.stats.accepted, 2 * res[0].result.stats.accepted);
    const pFinal = Math.log2(res[0].finalErr / res[1].finalErr);
    const pDense = Math.log2(res[0].maxErr / res[1].maxErr);
    // Observed orders within [p − 0.5, p + 1.5]: pre-asymptotic terms of higher order only raise it.
    assert.ok(pFinal > order - 0.5 && pFinal < order + 1.5, `${method}: observed order ${pFinal}`);
    assert.ok(pDense > order - 0.5 && pDense < order + 1.5, `${method}: observed dense order ${pDense}`);
  }
});

/** 3×3 real matrix exponential by scaling and squaring of a 30-term Taylor series (test reference). */
function expm3(m: number[][], t: number): number[][] {
  let norm = 0;
  for (const row of m) norm = Math.max(norm, row.reduce((s, v) => s + Math.abs(v * t), 0));
  const sq = Math.max(0, Math.ceil(Math.log2(norm / 0.25)));
  const a = m.map((row) => row.map((v) => (v * t) / 2 ** sq));
  const mul = (x: number[][], y: number[][]) =>
    x.map((_, i) => [0, 1, 2].map((j) => x[i][0] * y[0][j] + x[i][1] * y[1][j] + x[i][2] * y[2][j]));
  let term = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  let sum = term.map((r) => r.slice());
  for (let k = 1; k <= 30; k++) {
    term = mul(term, a).map((r) => r.map((v) => v / k));
    sum = sum.map((r, i) => r.map((v, j) => v + term[i][j]));
  }
  for (let s = 0; s < sq; s++) sum = mul(sum, sum);
  return sum;
}

test('damped driven two-level Bloch equations vs closed-form transient and steady state', () => {
  // u' = −Γ2 u − Δ v, v' = Δ u − Γ2 v − Ω w, w' = Ω v − Γ1 (w + 1): x' = M x + b.
  // Fast Rabi frequency with strong damping (rates up to 1e3 over 100 relaxation times):
  // demanding for an explicit method but not stiff enough to need an implicit one.
  const G1 = 100, G2 = 250, De = 300, Om = 1000;
  const M = [
    [-G2, -De, 0],
    [De, -G2, -Om],
    [0, Om, -G1],
  ];
  const b = [0, 0, -G1];
  const f: OdeRhs = (_t, x, d) => {
    d[0] = M[0][0] * x[0] + M[0][1] * x[1] + b[0];
    d[1] = M[1][0] * x[0] + M[1][1] * x[1] + M[1][2] * x[2] + b[1];
    d[2] = M[2][1] * x[1] + M[2][2] * x[2] + b[2];
  };
  // Steady state from M x = −b (closed form by elimination): with D = Γ2² + Δ²,
  // w_ss = −1 / (1 + Ω² Γ2 / (Γ1 D)), v_ss = −Ω Γ2 w_ss / D, u_ss = −Δ v_ss / Γ2.
  const D = G2 * G2 + De * De;
  const wss = -1 / (1 + (Om * Om * G2) / (G1 * D));
  const vss = (-Om * G2 * wss) / D;
  const uss = (-De * vss) / G2;
  const xss = [uss, vss, wss];
  const x0 = [0, 0, -1];
  const exact = (t: number) => {
    const E = expm3(M, t);
    return [0, 1, 2].map((i) => xss[i] + E[i][0] * (x0[0] - xss[0]) + E[i][1] * (x0[1] - xss[1]) + E[i][2] * (x0[2] - xss[2]));
  };
  const times = linspace(0, 1, 401);
  for (const method of METHODS) {
    const { maxErr, result } = runAgainst(f, x0, times, exact, { method, rtol: 1e-10, atol: 1e-12 });
    // Components are O(1) and decay to steady state: errors stay at ~10·rtol (measured 3e-11 for DOPRI5).
    assert.ok(maxErr < 1e-9, `${method}: Bloch transient error ${maxErr}`);
    for (let i = 0; i < 3; i++) {
      // At t = 1 the transient e^{−Γ1 t} ≈ 4e-44 is gone: the steady state itself.
      assert.ok(Math.abs(result.yFinal[i] - xss[i]) < 1e-9, `${method}: steady state component ${i}`);
    }
  }
});

test('dense output between steps agrees with a fine-tolerance reference (Van der Pol, μ = 5)', () => {
  const mu = 5;
  const f: OdeRhs = (_t, y, d) => {
    d[0] = y[1];
    d[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0];
  };
  const times = linspace(0, 12, 2401);
  const ref: number[][] = [];
  integrate(f, Float64Array.from([2, 0]), times, {
    method: 'dop853',
    rtol: 1e-13,
    atol: 1e-13,
    onOutput: (_i, _t, y) => {
      ref.push([y[0], y[1]]);
    },
  });
  for (const method of METHODS) {
    let maxErr = 0;
    let maxScaled = 0;
    const r = integrate(f, Float64Array.from([2, 0]), times, {
      method,
      rtol: 1e-8,
      atol: 1e-8,
      onOutput: (i, _t, y) => {
        for (let k = 0; k < 2; k++) {
          const d = Math.abs(y[k] - ref[i][k]);
          maxErr = Math.max(maxErr, d);
          maxScaled = Math.max(maxScaled, d / (1 + Math.abs(ref[i][k])));
        }
      },
    });
    // Van der Pol's relaxation jumps amplify phase errors; 2e-6 relative covers the global error
    // at rtol 1e-8 (measured 1.0e-7 / 2.1e-7 for DOP853 / DOPRI5) while a broken or low-order
    // interpolant (errors of the size of the change over one step, ~1e-1) fails it.
    assert.ok(maxScaled < 2e-6, `${method}: scaled dense deviation ${maxScaled} (abs ${maxErr})`);
    assert.ok(r.stats.accepted < 2400 / 2, `${method}: ${r.stats.accepted} steps`);
  }
});

test('agrees with SciPy solve_ivp DOP853 (rtol = atol = 1e-12) within 1e-8', () => {
  const fx = loadFixture<{
    vanDerPol: { y0: number[]; times: number[]; y: number[][]; params: { mu: number } };
    lotkaVolterra: { y0: number[]; times: number[]; y: number[][]; params: { a: number; b: number; c: number; d: number } };
  }>('ode.json');
  const mu = fx.vanDerPol.params.mu;
  const vdp: OdeRhs = (_t, y, d) => {
    d[0] = y[1];
    d[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0];
  };
  const { a, b, c, d: dd } = fx.lotkaVolterra.params;
  const lv: OdeRhs = (_t, y, d) => {
    d[0] = a * y[0] - b * y[0] * y[1];
    d[1] = -c * y[1] + dd * y[0] * y[1];
  };
  for (const [name, f, data] of [
    ['van der Pol', vdp, fx.vanDerPol],
    ['Lotka–Volterra', lv, fx.lotkaVolterra],
  ] as const) {
    assert.equal(data.times.length, 20);
    for (const method of METHODS) {
      let maxDiff = 0;
      let count = 0;
      integrate(f, Float64Array.from(data.y0), data.times, {
        method,
        rtol: 1e-12,
        atol: 1e-12,
        onOutput: (i, _t, y) => {
          count++;
          for (let k = 0; k < 2; k++) maxDiff = Math.max(maxDiff, Math.abs(y[k] - data.y[i][k]));
        },
      });
      assert.equal(count, 20);
      // Both solutions carry ~1e-11 global error (SciPy DOP853 vs Radau differ by ≤ 8e-11);
      // measured: DOP853 4e-14 / 1.5e-13 (same algorithm as SciPy's), DOPRI5 6e-11 / 1.2e-10.
      assert.ok(maxDiff < 1e-8, `${name} ${method}: max |ours − scipy| = ${maxDiff}`);
    }
  }
});

test('onOutput returning false stops the integration early', () => {
  const times = linspace(0, 10, 101);
  const full = integrate(oscillator, Float64Array.from([1, 0]), times, { onOutput: () => {} });
  const seen: number[] = [];
  const r = integrate(oscillator, Float64Array.from([1, 0]), times, {
    onOutput: (i) => {
      seen.push(i);
      return i === 30 ? false : undefined;
    },
  });
  assert.deepEqual(seen, Array.from({ length: 31 }, (_, i) => i));
  assert.equal(r.tFinal, times[30]);
  const e = oscillatorExact(times[30]);
  assert.ok(Math.abs(r.yFinal[0] - e[0]) < 1e-7 && Math.abs(r.yFinal[1] - e[1]) < 1e-7);
  assert.ok(r.stats.rhsEvaluations < 0.5 * full.stats.rhsEvaluations, 'stopped work early');
  // Stopping at the very first output does no stepping at all.
  const r0 = integrate(oscillator, Float64Array.from([1, 0]), times, { onOutput: () => false });
  assert.equal(r0.tFinal, 0);
  assert.equal(r0.stats.steps, 0);
});

test('tstops: the step lands exactly on a jump of the driving term; error stays at tolerance level', () => {
  const ts = 0.7317;
  // y' = −y + u(t), u jumps from 0 to 5 at ts; both conventions of the jump.
  const exact = (t: number) => [t < ts ? Math.exp(-t) : 5 + (Math.exp(-ts) - 5) * Math.exp(-(t - ts))];
  const times = linspace(0, 2, 201);
  times.splice(74, 0, ts); // an output exactly on the stop as well (times[73] = 0.73 < ts < 0.74)
  for (const method of METHODS) {
    for (const strict of [true, false]) {
      const evalTimes: number[] = [];
      const f: OdeRhs = (t, y, d) => {
        evalTimes.push(t);
        const u = strict ? (t < ts ? 0 : 5) : t <= ts ? 0 : 5;
        d[0] = -y[0] + u;
      };
      const withStop = runAgainst(f, [1], times, exact, { method, rtol: 1e-10, atol: 1e-10, tstops: [ts, 5, -1] });
      // Stages at the end of the landing step are evaluated just below ts, the next step starts just above.
      assert.ok(evalTimes.includes(nextDown(ts)), `${method}: evaluated at nextDown(ts)`);
      assert.ok(evalTimes.includes(nextUp(ts)), `${method}: evaluated at nextUp(ts)`);
      // Tolerance-level error (measured 4.7e-11): the jump never falls inside a step.
      assert.ok(withStop.maxErr < 1e-9, `${method} strict=${strict}: error with tstop ${withStop.maxErr}`);
      evalTimes.length = 0;
      const without = runAgainst(f, [1], times, exact, { method, rtol: 1e-10, atol: 1e-10 });
      // Without the stop a step straddles the jump and is rejected over and over
      // (measured 31–34 rejections vs 1, and ~10× larger error).
      assert.ok(
        without.result.stats.rejected > withStop.result.stats.rejected + 5,
        `${method}: rejections without ${without.result.stats.rejected} vs with ${withStop.result.stats.rejected}`,
      );
    }
  }
});

test('NaN/Inf detection names the time', () => {
  for (const method of METHODS) {
    // f turns NaN for t > 1.5: trial steps retry smaller and the run stops just before 1.5.
    assert.throws(
      () =>
        integrate(
          (t, y, d) => {
            d[0] = t > 1.5 ? NaN : -y[0];
          },
          Float64Array.from([1]),
          [0, 2],
          { method },
        ),
      (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.match(e.message, /non-finite values \(NaN\/Inf\)/);
        const m = /at t = ([-+.\deE]+)/.exec(e.message);
        assert.ok(m, e.message);
        const t = Number(m[1]);
        assert.ok(t > 1.4 && t <= 1.5, `reported time ${t}`);
        return true;
      },
    );
    // NaN everywhere: caught at the initial point.
    assert.throws(
      () =>
        integrate(
          (_t, _y, d) => {
            d[0] = NaN;
          },
          Float64Array.from([1]),
          [0.25, 2],
          { method },
        ),
      /not finite \(NaN\/Inf\) at t = 0\.25/,
    );
    // Finite-time blow-up of y' = y² (y = 1/(1 − t)): stops near t = 1.
    assert.throws(
      () =>
        integrate(
          (_t, y, d) => {
            d[0] = y[0] * y[0];
          },
          Float64Array.from([1]),
          [0, 2],
          { method },
        ),
      /at t = (0\.99|1\.0)/,
    );
  }
  assert.throws(() => integrate(oscillator, Float64Array.from([NaN, 0]), [0, 1]), /y0\[0\] = NaN is not finite at t = 0/);
});

test('maxSteps: throws an Error saying where it stopped', () => {
  assert.throws(
    () => integrate(oscillator, Float64Array.from([1, 0]), [0, 1000], { maxSteps: 50 }),
    /maxSteps = 50 reached at t = \d/,
  );
  // The default (1e6) is not hit by a normal run.
  assert.doesNotThrow(() => integrate(oscillator, Float64Array.from([1, 0]), [0, 1000], { maxSteps: 5000 }));
});

test('argument checks and trivial grids', () => {
  const y0 = Float64Array.from([1, 0]);
  assert.throws(() => integrate(oscillator, y0, [0, 2, 1]), RangeError);
  assert.throws(() => integrate(oscillator, y0, []), RangeError);
  assert.throws(() => integrate(oscillator, new Float64Array(0), [0, 1]), RangeError);
  assert.throws(() => integrate(oscillator, y0, [0, 1], { rtol: -1 }), RangeError);
  assert.throws(() => integrate(oscillator, y0, [0, 1], { rtol: 0, atol: 0 }), RangeError);
  assert.throws(() => integrate(oscillator, y0, [0, 1], { hmax: 0 }), RangeError);
  // A single time: only y0 is output, nothing is evaluated.
  let calls = 0;
  const r = integrate(oscillator, y0, [3], { onOutput: () => void calls++ });
  assert.equal(calls, 1);
  assert.equal(r.stats.rhsEvaluations, 0);
  assert.deepEqual(Array.from(r.yFinal), [1, 0]);
  // Repeated output times give repeated outputs; y0 is not modified.
  const seen: number[] = [];
  integrate(oscillator, y0, [0, 0, 1, 1, 2], { onOutput: (_i, t, y) => void seen.push(t, y[0]) });
  assert.equal(seen.length, 10);
  assert.equal(seen[1], 1);
  assert.equal(seen[3], 1);
  assert.equal(seen[5], seen[7]);
  assert.deepEqual(Array.from(y0), [1, 0]);
  // hmax bounds the step: at least span / hmax steps.
  const capped = integrate(oscillator, y0, [0, 10], { hmax: 0.1 });
  assert.ok(capped.stats.accepted >= 100, `${capped.stats.accepted}`);
});
