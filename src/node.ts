/**
 * spindrift for Node: the engine (index.ts) with Node's worker threads
 * installed for its parallel work (runner/node-platform.ts). The package's
 * "node" export; browsers get index.ts, single-threaded until Web Workers are
 * registered through util/parallel.ts.
 */
import { installNodePlatform } from './runner/node-platform.js';

installNodePlatform();

export * from './index.js';
export { installNodePlatform, installNodeThreadTeam } from './runner/node-platform.js';
