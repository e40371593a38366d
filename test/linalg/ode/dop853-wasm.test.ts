/**
 * DOP853 with its vectors in the WebAssembly memory (src/linalg/ode/dop853-wasm.ts) against the
 * TypeScript stepper (dop853.ts). Both compute every stage, the error estimate and the dense
 * output with the same operations in the same order (the SIMD kernels add lane by lane, never
 * across lanes), so for the same right-hand side they must give the SAME BITS: identical step
 * sequences (stats) and identical outputs, asserted exactly. Odd sizes exercise the scalar tails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { integrate } from '../../../src/linalg/ode/integrate.js';
import { Dop853WasmStepper } from '../../../src/linalg/ode/dop853-wasm.js';
import { wasmKernels, wasmKernelsAvailable } from '../../../src/linalg/wasm.js';
import type { OdeOptions, OdeRhs } from '../../../src/linalg/ode/types.js';
import { Lcg } from '../../helpers.js';

/** y' = A y + g(t) with a random non-normal A (some decay, some rotation) and a kink-free drive. */
function randomLinearRhs(n: number, seed: number): OdeRhs {
  const g = new Lcg(seed);
  const a = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) a[k] = (2 * g.next() - 1) / Math.sqrt(n);
  for (let i = 0; i < n; i++) a[i * n + i] -= 0.3;
  return (t, y, dy) => {
    for (let i = 0; i < n; i++) {
      let s = Math.sin(3 * t + i);
      for (let j = 0; j < n; j++) s += a[i * n + j] * y[j];
      dy[i] = s;
    }
  };
}

function run(n: number, seed: number, wasm: boolean, extra: Partial<OdeOptions> = {}) {
  const f = randomLinearRhs(n, seed);
  const y0 = Float64Array.from({ length: n }, (_, i) => Math.cos(i + 0.5));
  const times = Float64Array.from({ length: 23 }, (_, i) => 0.17 * i);
  const outs: Float64Array[] = [];
  let stepper: Dop853WasmStepper | null = null;
  const w = wasmKernels()!;
  const r = integrate(f, y0, times, {
    rtol: 1e-7, atol: 1e-9, ...extra,
    ...(wasm ? { stepper: (ff: OdeRhs, len: number, rt: number, at: number) => (stepper = Dop853WasmStepper.create(ff, len, rt, at, w)!) } : {}),
    onOutput: (_i, _t, y) => { outs.push(Float64Array.from(y)); },
  });
  (stepper as Dop853WasmStepper | null)?.dispose();
  return { r, outs };
}

test('Dop853WasmStepper gives the TypeScript stepper\'s bits: same steps, same dense outputs (n = 1, 3, 17, 255; with a tstop)', { skip: !wasmKernelsAvailable() && 'no WebAssembly SIMD' }, () => {
  const w = wasmKernels()!;
  const start = w.reserve(0);
  for (const [n, extra] of [[1, {}], [3, { tstops: [1.234] }], [17, {}], [255, { tstops: [0.5, 2.01] }]] as const) {
    const a = run(n, 100 + n, false, extra);
    const b = run(n, 100 + n, true, extra);
    assert.deepEqual(b.r.stats, a.r.stats, `n = ${n}: step statistics`);
    assert.ok(a.r.stats.accepted > 5, `n = ${n}: a real integration (${a.r.stats.accepted} steps)`);
    assert.equal(b.outs.length, a.outs.length);
    for (let i = 0; i < a.outs.length; i++) {
      for (let k = 0; k < n; k++) assert.ok(a.outs[i][k] === b.outs[i][k], `n = ${n}, output ${i}, entry ${k}: ${a.outs[i][k]} vs ${b.outs[i][k]}`);
    }
    for (let k = 0; k < n; k++) assert.ok(a.r.yFinal[k] === b.r.yFinal[k], `n = ${n}: final state entry ${k}`);
  }
  // dispose released the kept region: the next reserve starts where it did before
  assert.equal(w.reserve(0), start);
});

test('Dop853WasmStepper hands the right-hand side views of the wasm memory (fresh per call)', { skip: !wasmKernelsAvailable() && 'no WebAssembly SIMD' }, () => {
  const w = wasmKernels()!;
  let inWasm = 0, calls = 0;
  const s = Dop853WasmStepper.create((_t, y, dy) => {
    calls++;
    if (y.buffer === w.heap.buffer && dy.buffer === w.heap.buffer) inWasm++;
    for (let i = 0; i < y.length; i++) dy[i] = -y[i];
  }, 5, 1e-8, 1e-10, w)!;
  s.init(0, [1, 2, 3, 4, 5], 0);
  const err = s.attempt(0.1, 0.1);
  assert.ok(err < 1);
  s.finish(0.1);
  s.accept(0.1);
  // y' = −y: y(0.1) = e^{−0.1} y(0) to the method's accuracy
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(s.y[i] - (i + 1) * Math.exp(-0.1)) < 1e-12);
  assert.equal(inWasm, calls);
  assert.equal(calls, 13); // f0, 11 stages, FSAL stage
  s.dispose();
});
