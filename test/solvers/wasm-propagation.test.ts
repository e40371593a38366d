/**
 * The WebAssembly runs of linear-propagation.ts (wasm-propagation.ts) against the TypeScript loops
 * they mirror: the same operations in the same order, so the SAME BITS are asserted (the sector run
 * is checked in sector-propagation.test.ts). WasmStepRun: x ← P x with one dense propagator per
 * distinct step ('expm'), equal steps in one kernel call, every step handed out when states are
 * stored or partial results are requested.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxAbsDiff } from '../../src/linalg/dense.js';
import { sigmaMinus, sigmaX, sigmaY, sigmaZ } from '../../src/quantum/spin.js';
import { basisKet } from '../../src/quantum/states.js';
import { sparseLinearCombination, sparseScale } from '../../src/linalg/sparse.js';
import { mesolve } from '../../src/solvers/mesolve.js';
import { wasmKernelsAvailable } from '../../src/linalg/wasm.js';
import { withTypeScript } from '../helpers.js';

test("mesolve 'expm' in WebAssembly = TypeScript bit for bit (uniform grid, ragged grid past the 8-entry cache, states, partial results)", () => {
  if (!wasmKernelsAvailable()) return;
  // a driven damped qubit (qubit-me): H = Δ/2 σz + Ω/2 σx, C = √γ σ−
  const h = sparseLinearCombination([{ matrix: sigmaZ(), re: 0.3 * Math.PI }, { matrix: sigmaX(), re: Math.PI }]);
  const c = sparseScale(sigmaMinus(), Math.sqrt(0.4));
  const eOps = [sigmaX(), sigmaY(), sigmaZ()];
  const uniform = Array.from({ length: 1000 }, (_, i) => (20 * i) / 999);
  // 11 distinct steps, some repeated after others (cache hits and misses, runs of equal steps interrupted)
  const ragged = [0, 0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.6, 0.8, 1.0, 1.3, 1.31, 1.32, 1.5, 1.9, 2.6, 3.0, 3.1, 3.2, 4.5];
  for (const times of [uniform, ragged]) {
    for (const storeStates of [false, true]) {
      const partial: number[] = [];
      const options = { times, eOps, method: 'expm' as const, storeStates, ...(storeStates ? { partial: (count: number) => { partial.push(count); } } : {}) };
      const wasm = mesolve(h, [c], basisKet(2, 0), options);
      const ts = withTypeScript(() => mesolve(h, [c], basisKet(2, 0), { times, eOps, method: 'expm', storeStates }));
      assert.equal(wasm.stats.kernels, 'wasm');
      assert.equal(ts.stats.kernels, 'typescript');
      assert.equal(wasm.stats.exponentials, ts.stats.exponentials);
      wasm.expect.forEach((e, k) => {
        for (let i = 0; i < times.length; i++) {
          assert.ok(Object.is(e.re[i], ts.expect[k].re[i]) && Object.is(e.im[i], ts.expect[k].im[i]), `e_op ${k} at t[${i}] (${times.length} times, states ${storeStates})`);
        }
      });
      if (storeStates) {
        assert.deepEqual(partial, times.map((_, i) => i + 1));
        wasm.states!.forEach((s, i) => assert.equal(maxAbsDiff(s, ts.states![i]), 0, `state ${i}`));
      }
    }
  }
});
