/**
 * A platform's request to compile the WebAssembly kernels (./wasm.ts) in the
 * background, honoured as soon as the kernels' module is loaded — which only
 * code that can use them loads. A program that never loads them (a rate
 * convolution, an ODE, a Monte Carlo without dense algebra) neither decodes
 * nor compiles the module, and keeps ≈ 2 MB of resident memory (issue 18);
 * one that does gets its module compiled while it sets up, as before.
 *
 * Browser-clean and tiny on purpose: `installNodePlatform()` imports it
 * instead of ./wasm.ts.
 */
let requested = false;
let preload: (() => unknown) | null = null;

/** Asks for the kernels to be compiled in the background once they are loaded (idempotent). */
export function requestKernelsPreload(): void {
  if (requested) return;
  requested = true;
  preload?.();
}

/** Called by ./wasm.ts as it loads: `start` runs now if a preload was requested, else at the request. */
export function onKernelsPreloadRequest(start: () => unknown): void {
  preload = start;
  if (requested) start();
}

/** Whether the kernels' module (./wasm.ts) has been loaded in this thread (tests of what a program loads). */
export function kernelsLoaded(): boolean {
  return preload !== null;
}
