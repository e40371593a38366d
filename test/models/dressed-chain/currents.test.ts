/**
 * Currents and voltages of Eq. 17 on the full model (currents.ts), checked on the data of Fig. 6c:
 * the initial configuration fixes every V exactly, one up spin on a 3-ring has exactly one ↑↓ wall
 * (ΣV = 1 on every trajectory up to O(J_d²) admixtures), and the persistent state is uniform
 * (V = 1/3, K = Γ_eff/3, the effective model's closed form).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dressedChainModel } from '../../../src/models/dressed-chain/model.js';
import { dressedChainFigures } from '../../../src/models/dressed-chain/figures.js';
import { parseOutputs } from '../../../src/models/dressed-chain/currents.js';
import { gammaEffective } from '../../../src/models/dressed-chain/analytics.js';
import { ringSector } from '../../../src/models/nuclear-transport/closed-forms.js';

test('outputs: P, K, V groups; bad entries refused naming the parameter', () => {
  assert.deepEqual(parseOutputs('K,V'), { P: false, K: true, V: true });
  assert.throws(() => parseOutputs('P,X'), /outputs: .*"X"/);
  assert.throws(() => parseOutputs(''), /outputs/);
});

test('Fig. 6c full model: V and K of the 3-ring from |↑,↓,↓⟩ — exact start, one ↑↓ wall, uniform persistent current', async () => {
  const f = dressedChainFigures.find((x) => x.id === 's000-fig6c')!;
  const r = await dressedChainModel.run(f.params, { seed: 1, workers: 1 });
  const s = (n: string) => r.series.find((x) => x.name === n)!;
  const names = r.series.map((x) => x.name);
  assert.deepEqual(names, ['K12', 'K23', 'K31', 'V12', 'V23', 'V31']);
  const g = gammaEffective(100, 'chain');
  // t = 0: the up spin sits at site 1, so only the wall 1→2 exists (exact up to the dressed-state admixtures, 1e-9)
  assert.ok(Math.abs(s('V12').y[0] - 1) < 1e-9 && Math.abs(s('V23').y[0]) < 1e-9 && Math.abs(s('V31').y[0]) < 1e-9);
  assert.ok(Math.abs(s('K12').y[0] - g) < 1e-9 * g, `K12(0) = ${s('K12').y[0]} vs Γ_eff = ${g}`);
  const nt = s('V12').y.length;
  for (let i = 0; i < nt; i++) {
    const sum = s('V12').y[i] + s('V23').y[i] + s('V31').y[i];
    // exactly one ↑↓ wall per configuration; flip-flops pass through bond superpositions with O((J_d/ΔE)²) weight: 0.02
    assert.ok(Math.abs(sum - 1) < 0.02, `ΣV(t_${i}) = ${sum}`);
    for (const b of ['12', '23', '31']) assert.ok(Math.abs(s('K' + b).y[i] - g * s('V' + b).y[i]) < 1e-9, 'K = Γ_eff·V (Eq. 17)');
  }
  // the up spin moves along the bonds: V23 rises before V31 does
  const first = (n: string) => s(n).y.findIndex((v) => v > 0.2);
  assert.ok(first('V23') > 0 && first('V23') < first('V31'), `V23 from t_${first('V23')}, V31 from t_${first('V31')}`);
  // persistent state: the last quarter's mean per bond within 3 standard errors (+0.02 admixtures) of V = 1/3 (one up spin on a ring of 3)
  const stationary = ringSector(3, 1, g);
  for (const b of ['12', '23', '31']) {
    const v = s('V' + b), from = Math.floor((3 * nt) / 4);
    const mean = v.y.slice(from).reduce((a, x) => a + x, 0) / (nt - from);
    const se = v.yErr![nt - 1];
    assert.ok(Math.abs(mean - stationary.voltage) <= 3 * se + 0.02, `V${b} late mean ${mean} vs ${stationary.voltage} ± ${se}`);
  }
});
