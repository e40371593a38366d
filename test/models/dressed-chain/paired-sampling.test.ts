import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dressedChainModel } from '../../../src/models/dressed-chain/model.js';
import { flipMap, pairedJumpSolve, partnerProduct } from '../../../src/models/dressed-chain/paired-sampling.js';
import { mesolve } from '../../../src/solvers/mesolve.js';
import { oneSiteDressedEnsemble } from './one-site.js';
import { dressedChainFigures } from '../../../src/models/dressed-chain/figures.js';

test('flip map: symmetric factors reversed, polarized ones kept; partner rows are the flipped kets', () => {
  // factors: spin-1 mixed (3), polarized nucleus (2), unpolarized nucleus (2)
  const map = flipMap([3, 2, 2], [[1 / 3, 1 / 3, 1 / 3], [1, 0], [0.5, 0.5]])!;
  // g = (i, j, k) → (2 − i, j, 1 − k)
  for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) assert.equal(map[i * 4 + j * 2 + k], (2 - i) * 4 + j * 2 + (1 - k));
  assert.equal(flipMap([2], [[0.7, 0.3]]), null);
  const p = partnerProduct({ dims: [2], probabilities: [[0.5, 0.5]] }, Int32Array.from([1, 0]));
  assert.deepEqual([...p.states!.colIndex], [1, 0]);
});

test('Fig. 4c from unpolarized nuclei: every P_j and the net polarization start at exactly 0 (paired samples)', async () => {
  const fig = dressedChainFigures.find((f) => f.id === 's000-fig4c')!;
  // The figure's parameters on a short window (the initial values are what is tested).
  const r = await dressedChainModel.run({ ...fig.params, tEnd: 2e-3, points: 3 }, { seed: 1, workers: 1 });
  for (const s of r.series.filter((x) => /^P/.test(x.name))) assert.ok(Math.abs(s.y[0]) <= 1e-12, `${s.name}(0) = ${s.y[0]}`);
  assert.ok(r.notes!.some((n) => /pairs of trajectories/.test(n)));
  // A polarized nucleus keeps its arrow in both members of a pair (Fig. 4b): P1(0) = 1, the rest 0.
  const b = await dressedChainModel.run({ ...fig.params, nuclearPolarization: [1, 0, 0, 0], ntraj: 2, tEnd: 2e-3, points: 2 }, { seed: 3, workers: 1 });
  const at0 = Object.fromEntries(b.series.map((s) => [s.name, s.y[0]]));
  assert.ok(Math.abs(at0.P1 - 1) <= 1e-12 && [at0.P2, at0.P3, at0.P4].every((v) => Math.abs(v) <= 1e-12), JSON.stringify(at0));
});

test('paired sampling is unbiased: pair means agree with the QME of ρ0 = U ρ_lab U† (1 site, electrons flipped, nucleus kept)', async () => {
  // Each half is an exact unravelling of ρ0 (the flip maps the distribution to itself), so the pair means
  // estimate the QME without bias; the pairs are independent, so their spread gives the error (3σ + 1e-9).
  // A partner off ρ0 fails at once: flipping the 90 %-up nucleus too would start the dressed P at 0, not 0.8.
  const { h, cOps, obs, times, rho0, product } = oneSiteDressedEnsemble(); // lab-form jumps: lab and dressed P move at rates that depend on the sampled electrons
  const me = mesolve(h, cOps, rho0, { times, eOps: obs, method: 'exact' });
  const res = await pairedJumpSolve(h, cOps, product, { times, eOps: obs, ntraj: 400, seed: 9, workers: 1 });
  assert.equal(res.pairs, 200);
  assert.ok(Math.abs(me.expect[2].re[0] - 0.8) < 1e-12, `dressed P(0) = ${me.expect[2].re[0]}`); // the nucleus is sampled (not flipped): its mean scatters about 0.8
  for (let k = 0; k < obs.length; k++) {
    for (let i = 0; i < times.length; i++) {
      assert.ok(Math.abs(me.expect[k].re[i] - res.mean[k][i]) <= 3 * res.stdErr[k][i] + 1e-9, `obs ${k} t=${times[i]}: QME ${me.expect[k].re[i]} vs pairs ${res.mean[k][i]} ± ${res.stdErr[k][i]}`);
    }
  }
});
