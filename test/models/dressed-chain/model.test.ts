import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dressedChainModel, withDefaults } from '../../../src/models/dressed-chain/model.js';
import { dressedChainFigures } from '../../../src/models/dressed-chain/figures.js';
import { dressedChainFigures as fromIndex, dressedChainModel as modelFromIndex } from '../../../src/models/dressed-chain/index.js';
import { buildGraph } from '../../../src/models/dressed-chain/lattice.js';
import { eq18ExceptionalPoint } from '../../../src/models/dressed-chain/non-hermitian.js';

test('figure list: the required ids, all on this model, all with valid parameters', () => {
  const ids = dressedChainFigures.map((f) => f.id);
  for (const id of ['s000-fig2a', 's000-fig2b', 's000-fig4a', 's000-fig4b', 's000-fig4c', 's000-fig6b', 's000-fig8a', 's000-fig8c', 's000-fig9']) assert.ok(ids.includes(id), id);
  assert.equal(new Set(ids).size, ids.length);
  for (const f of dressedChainFigures) {
    // An overlay (Fig. 2b: critical rate and Γ_c/4) runs this model in every part.
    const parts = f.model === 'overlay' ? (f.params.parts as { model: string; params: Record<string, unknown> }[]) : [{ model: f.model, params: f.params }];
    for (const p of parts) {
      assert.equal(p.model, 'dressed-chain');
      withDefaults(p.params); // throws on unknown names
    }
  }
  assert.equal(fromIndex, dressedChainFigures);
  assert.equal(modelFromIndex.id, 'dressed-chain');
});

test('bad parameters are RangeErrors naming the parameter', async () => {
  const ctx = { seed: 1, workers: 1 };
  await assert.rejects(dressedChainModel.run({ topology: 'ring', sites: 2 }, ctx), /sites/);
  await assert.rejects(dressedChainModel.run({ bogus: 1 }, ctx), /bogus/);
  await assert.rejects(dressedChainModel.run({ topology: 'chain', sites: 2, nuclearPolarization: [2, 0] }, ctx), /nuclearPolarization/);
  assert.throws(() => buildGraph('edges', { sites: 3, Jd: 1, edges: [[0, 0]] }), RangeError);
});

test('graphs: ring closes the chain, edges give trees, defects override one site', () => {
  const ring = buildGraph('ring', { sites: 3, Jd: 1 });
  assert.deepEqual(ring.bonds.map((b) => [b.from, b.to]), [[0, 1], [1, 2], [2, 0]]);
  const tree = buildGraph('edges', { sites: 4, Jd: 1, edges: [[0, 1], [1, 2], [1, 3]] });
  assert.equal(tree.bonds.length, 3);
  const d = buildGraph('chain', { sites: 3, Jd: 1, overrides: { 1: { ApZz: 4.25e6 } } });
  assert.equal(d.sites[1].ApZz, 4.25e6);
  assert.equal(d.sites[0].ApZz, 4e6);
});

test('Eq. 18: exceptional point at Γ_op = J_eff, and the eq18 mode reports it', async () => {
  const ep = eq18ExceptionalPoint(547);
  // golden-section on the √ cusp: 1e-6 relative
  assert.ok(Math.abs(ep.parameter - 547) < 547e-6, String(ep.parameter));
  // Γ_op = 8π s⁻¹ is Eq. 18's Γ = 1 Hz (Γ_op/8π): below the EP the eigenvalues are real ±√(J² − Γ²) = ±√3
  const r = await dressedChainModel.run({ mode: 'eq18', jEff: 2, gammaOp: 8 * Math.PI, deltaEff: 0 }, { seed: 1, workers: 1 });
  assert.ok(Math.abs(r.scalars!.re2 - Math.sqrt(3)) < 1e-9 && Math.abs(r.scalars!.im2) < 1e-9);
  // One critical rate everywhere: the eq18 mode's EP is the dynamics default Γ_c = 8π·J_eff.
  assert.ok(Math.abs(r.scalars!.epGammaOp - 8 * Math.PI * 2) < 8 * Math.PI * 2e-6, String(r.scalars!.epGammaOp));
  const d = await dressedChainModel.run({ topology: 'pair', Jd: 247e3, gammaE: 0, method: 'me', tEnd: 1e-5, points: 2 }, { seed: 1, workers: 1 });
  assert.ok(Math.abs(d.scalars!.gammaOp - 8 * Math.PI * d.scalars!.jEffHz) < 1e-9 * d.scalars!.gammaOp, `dynamics default Γ_op ${d.scalars!.gammaOp}`);
});

test('H(B) on the shared sparsity pattern equals H_0 + B·Z entry by entry, and pieces share their index arrays', async () => {
  const { dressedHamiltonian } = await import('../../../src/models/dressed-chain/hamiltonian.js');
  const { buildGraph } = await import('../../../src/models/dressed-chain/lattice.js');
  const { sparseLinearCombination } = await import('../../../src/linalg/sparse.js');
  const H = dressedHamiltonian(buildGraph('chain', { sites: 2, Jd: 247e3 }));
  for (const B of [0, 0.0512, -1.3]) {
    const a = H.at(B).toDense(), b = sparseLinearCombination([{ matrix: H.h0, re: 1 }, { matrix: H.zeeman, re: B }]).toDense();
    let d = 0, scale = 0;
    for (let k = 0; k < a.re.length; k++) { d = Math.max(d, Math.abs(a.re[k] - b.re[k]), Math.abs(a.im[k] - b.im[k])); scale = Math.max(scale, Math.abs(b.re[k])); }
    // the same sums in another order: rounding only (1e-15 relative)
    assert.ok(d <= 1e-15 * scale, `B = ${B}: max |Δ| = ${d}`);
  }
  const p = H.at(0.05), q = H.at(0.06);
  assert.ok(p.colIndex === q.colIndex && p.rowPtr === q.rowPtr && p.im === q.im, 'one pattern and one zero imaginary part for all pieces');
  assert.ok(p.re !== q.re);
});
