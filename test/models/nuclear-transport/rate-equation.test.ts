import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateGenerator, chainGraph, ringGraph, graphFromEdges, rateEquationTransport, distributionObservables } from '../../../src/models/nuclear-transport/index.js';
import { siteMask } from '../../../src/models/nuclear-transport/configurations.js';
import { voltagePairs } from '../../../src/models/nuclear-transport/observables.js';
import { currentChannels } from '../../../src/models/nuclear-transport/operators.js';

const GAMMA = Math.abs(Math.log(7 / 8)) * 100;
const graphs = [
  ['chain 7', chainGraph(7, GAMMA)],
  ['ring 6 with relaxation', ringGraph(6, GAMMA, 3)],
  ['graph with non-adjacent bonds', graphFromEdges(6, [{ from: 0, to: 4, rate: 5 }, { from: 5, to: 1, rate: 2 }, { from: 2, to: 3, rate: 7 }, { from: 3, to: 0, rate: 1.5 }])],
] as const;

function pseudoRandom(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.3; });
}

for (const [name, g] of graphs) {
  test(`${name}: the bond-enumerating applyInto equals Q built transition by transition`, () => {
    const gen = new RateGenerator(g);
    const p = pseudoRandom(gen.size, 11);
    const ref = new Float64Array(gen.size);
    for (let x = 0; x < gen.size; x++) {
      ref[x] -= gen.exit[x] * p[x];
      gen.forEachSuccessor(x, (y, r) => { ref[y] += r * p[x]; });
    }
    const out = new Float64Array(gen.size);
    gen.applyInto(p, out);
    for (let x = 0; x < gen.size; x++) assert.ok(Math.abs(out[x] - ref[x]) < 1e-12 * (1 + Math.abs(ref[x])), `${x}: ${out[x]} vs ${ref[x]}`);
  });

  test(`${name}: observables by masked block sums equal the per-configuration definition`, () => {
    const n = g.sites;
    const p = pseudoRandom(2 ** n, 5);
    const pairs = voltagePairs(g.directed, [{ i: 0, j: n - 1 }, { i: 2, j: 1 }]);
    const o = distributionObservables(g, p, pairs);
    const channels = currentChannels(g);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let x = 0; x < p.length; x++) s += (x & siteMask(n, j)) === 0 ? p[x] : -p[x];
      assert.ok(Math.abs(o.polarization[j] - s) < 1e-12);
    }
    pairs.forEach((pr, v) => {
      let s = 0;
      for (let x = 0; x < p.length; x++) if ((x & siteMask(n, pr.i)) === 0 && (x & siteMask(n, pr.j)) !== 0) s += p[x];
      assert.ok(Math.abs(o.voltages[v] - s) < 1e-12);
    });
    channels.forEach((ch, c) => {
      let s = 0;
      for (let x = 0; x < p.length; x++) if ((x & siteMask(n, ch.from)) === 0 && (x & siteMask(n, ch.to)) !== 0) s += p[x] * g.directed[ch.index].rate;
      assert.ok(Math.abs(o.currents[c] - s) < 1e-10);
    });
  });

  test(`${name}: uniformization and Krylov propagation agree to 1e-12`, () => {
    const times = [0.1, 0.15, 0.3, 0.6, 1.2];
    const initial = Array.from({ length: g.sites }, (_, j) => [0.9, -0.4, 0, 0.3, -1, 0.5, 0.2][j % 7]);
    const a = rateEquationTransport(g, { times, initial, method: 'uniformization' });
    const b = rateEquationTransport(g, { times, initial, method: 'krylov' });
    const auto = rateEquationTransport(g, { times, initial });
    assert.match(String(a.stats.solver), /uniformization/);
    assert.match(String(b.stats.solver), /Krylov/);
    assert.equal(auto.stats.solver, a.stats.solver);
    // both are accurate to ~1e-13 relative to ‖p‖ = 1 (uniformization: proven 1-norm bound; Krylov: estimate)
    const diff = (u: Float64Array[], v: Float64Array[]): number => Math.max(...u.map((x, i) => Math.max(...x.map((y, k) => Math.abs(y - v[i][k])))));
    assert.ok(diff(a.polarization, b.polarization) < 1e-12);
    assert.ok(diff(a.voltages.map((v) => v.values), b.voltages.map((v) => v.values)) < 1e-12);
    assert.ok(diff(a.currents.map((v) => v.values), b.currents.map((v) => v.values)) < 1e-10);
  });
}

test('rateEquationTransport: unknown method is refused', () => {
  assert.throws(() => rateEquationTransport(chainGraph(3, 1), { times: [0, 1], initial: [0, 0, 0], method: 'taylor' as never }), /method/);
});
