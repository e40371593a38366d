/**
 * spindrift for Node: the engine (index.ts) with Node's worker threads
 * installed for its parallel work (runner/node-platform.ts). The package's
 * "node" export; browsers get index.ts, single-threaded until Web Workers are
 * registered through util/parallel.ts.
 */
import { installNodePlatform } from './runner/node-platform.js';
import { preloadWasmKernels } from './linalg/wasm.js';

installNodePlatform();
// Validate the WebAssembly kernels in the background now, so that the first solver call does not wait for it
// (~3 ms on this machine; the kernels' functions still compile lazily at their first call).
void preloadWasmKernels();

export * from './index.js';
export { installNodePlatform, installNodeThreadTeam } from './runner/node-platform.js';
