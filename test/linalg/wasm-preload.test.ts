/**
 * src/linalg/wasm.ts: a kernel needed while the background compilation of
 * `preloadWasmKernels()` is still in flight compiles the module synchronously;
 * when the background one then finishes, the module the instance runs stays
 * the one `compiledKernelsModule()` hands to workers (a worker instantiating
 * a different module object over this thread's memory would compile and
 * optimise its code separately). First thing in its own process, so nothing
 * has loaded the kernels before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compiledKernelsModule, preloadWasmKernels, wasmKernels, wasmKernelsAvailable } from '../../src/linalg/wasm.js';

test('a synchronous load during a pending preload keeps its module', async () => {
  const pending = preloadWasmKernels();
  const w = wasmKernels();
  if (!w) {
    await pending;
    assert.equal(wasmKernelsAvailable(), false);
    return;
  }
  const mine = compiledKernelsModule();
  assert.ok(mine !== null);
  assert.equal(await pending, true);
  assert.ok(compiledKernelsModule() === mine, 'the background compilation replaced the module the instance runs');
  assert.ok(wasmKernels() === w, 'the same instance');
});
