import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cascadedChain, nonHermitianHamiltonian } from '../../../src/models/chiral-phonons/cascaded.js';
import { excitationBasis, spinOperatorInBasis } from '../../../src/models/chiral-phonons/excitation-basis.js';
import { twoSpinTransferClosedForm } from '../../../src/models/chiral-phonons/closed-form.js';
import { chainDynamics } from '../../../src/models/chiral-phonons/dynamics.js';
import { transferMeasures } from '../../../src/models/chiral-phonons/measures.js';
import { mesolve } from '../../../src/solvers/mesolve.js';
import { ComplexVector } from '../../../src/linalg/vector.js';
import { eighValues } from '../../../src/linalg/eigen-hermitian.js';
import { trace } from '../../../src/linalg/dense.js';
import { embed, embedMany } from '../../../src/quantum/tensor.js';
import { spinMinus, spinPlus, spinZ } from '../../../src/quantum/spin.js';
import { loadFixture } from '../../helpers.js';

const G = 2 * Math.PI * 100; // γ = 100 Hz in rad/s
const times = Array.from({ length: 21 }, (_, i) => i * 2.5e-4);

test('excitation basis with all quanta reproduces embed/embedMany operators (spin 1 ⊗ spin 5/2)', () => {
  const spins = [1, 2.5];
  const b = excitationBasis(spins);
  const dims = [3, 6];
  const mine = spinOperatorInBasis(b, [{ re: 0.3, im: -0.2, factors: [{ site: 0, kind: '+' }, { site: 1, kind: '-' }] }, { re: 1.5, factors: [{ site: 1, kind: 'z' }] }]).toDense();
  const ref = embedMany([{ op: spinPlus(1), site: 0 }, { op: spinMinus(2.5), site: 1 }], dims).toDense();
  const z = embed(spinZ(2.5), 1, dims).toDense();
  let err = 0;
  for (let k = 0; k < ref.re.length; k++) {
    err = Math.max(err, Math.abs(mine.re[k] - (0.3 * ref.re[k] + 1.5 * z.re[k])), Math.abs(mine.im[k] - -0.2 * ref.re[k]));
  }
  assert.ok(err < 1e-14, `max entry error ${err}`); // exact arithmetic up to rounding
  // A one-quantum cut of 3 spins ½ keeps 4 states.
  assert.equal(excitationBasis([0.5, 0.5, 0.5], 1).states.length, 4);
});

test('two spins: H − iγz†z equals the paper\'s Eq. 8 entry by entry', () => {
  const phi = 0.9;
  const chain = cascadedChain({ spins: [0.5, 0.5], gamma: G, phase: phi });
  const hnh = nonHermitianHamiltonian(chain).toDense();
  // Eq. 8: −iγ(S_A^+S_A^- + S_B^+S_B^- + 2e^{iφ} S_A^- S_B^+), built from core operators.
  const dims = [2, 2];
  const nA = embedMany([{ op: spinPlus(0.5), site: 0 }, { op: spinMinus(0.5), site: 0 }], dims).toDense();
  const nB = embedMany([{ op: spinPlus(0.5), site: 1 }, { op: spinMinus(0.5), site: 1 }], dims).toDense();
  const x = embedMany([{ op: spinMinus(0.5), site: 0 }, { op: spinPlus(0.5), site: 1 }], dims).toDense();
  let err = 0;
  for (let k = 0; k < 16; k++) {
    // −iγ(a + 2e^{iφ}x): re = γ·2 sin φ x, im = −γ(a + 2 cos φ x)
    const re = G * 2 * Math.sin(phi) * x.re[k];
    const im = -G * (nA.re[k] + nB.re[k] + 2 * Math.cos(phi) * x.re[k]);
    err = Math.max(err, Math.abs(hnh.re[k] - re), Math.abs(hnh.im[k] - im));
  }
  assert.ok(err < 1e-10 * G, `max deviation ${err}`); // rounding of O(γ) entries
});

test('cascaded two-spin transfer matches the closed form (γ\' = 0, 0.1γ; either phase)', async () => {
  for (const [ratio, phase, convention] of [[0, 0, 'paper'], [0.1, 1.1, 'paper'], [0.1, 1.1, 'propagation'], [0.5, 2.0, 'propagation']] as const) {
    const r = await chainDynamics({ spins: [0.5, 0.5], gamma: G, gammaReverse: ratio * G, phase, reversePhase: convention }, [1, 0], times);
    let err = 0;
    times.forEach((t, i) => {
      const c = twoSpinTransferClosedForm(G, ratio * G, t, phase, convention);
      err = Math.max(err, Math.abs(r.excitation[1][i] - c.pB), Math.abs(r.excitation[0][i] - c.pA));
    });
    // Exact propagator vs closed form: only rounding (populations O(1)).
    assert.ok(err < 1e-10, `γ'/γ=${ratio}, φ=${phase}, ${convention}: max error ${err}`);
  }
  // The closed form must be able to fail: the one-way peak is 4/e² ≈ 0.541 at t = 1/γ.
  assert.ok(Math.abs(twoSpinTransferClosedForm(G, 0, 1 / G).pB - 4 / Math.E ** 2) < 1e-12);
});

test('γ\' = γ gives symmetric transfer; γ\' < γ does not', async () => {
  for (const convention of ['paper', 'propagation'] as const) {
    const sym = await transferMeasures({ gamma: G, gammaReverse: G, phase: 0.7, reversePhase: convention }, times);
    let d = 0;
    for (let i = 0; i < times.length; i++) d = Math.max(d, Math.abs(sym.forward[i] - sym.backward[i]));
    assert.ok(d < 1e-10, `${convention}: |A→B − B→A| = ${d}`); // exact symmetry up to rounding
  }
  const one = await transferMeasures({ gamma: G, gammaReverse: 0.1 * G }, times);
  // Two spins, paper convention: P_{A→B}/P_{B→A} = (γ/γ')² = 100 at all times.
  assert.ok(Math.abs(one.peakRatio - 100) < 1e-6, `peak ratio ${one.peakRatio}`);
  assert.ok(one.contrast > 0.8, `contrast ${one.contrast}`);
});

test('QuTiP fixture: forward + reverse channels (propagation phase), dephasing, one and two quanta', () => {
  const fx = loadFixture('chiral-cascaded.json');
  const p = fx.parameters;
  const chain = cascadedChain({ spins: [0.5, 0.5], gamma: p.gamma, gammaReverse: p.gamma_reverse, phase: p.phase, reversePhase: 'propagation', dephasing: p.dephasing });
  const coh = spinOperatorInBasis(chain.basis, [{ re: 1, factors: [{ site: 0, kind: '+' }, { site: 1, kind: '-' }] }]);
  for (const [name, quanta] of Object.entries(p.initial as Record<string, number[]>)) {
    const idx = (1 - quanta[0]) * 2 + (1 - quanta[1]);
    const r = mesolve(chain.h, chain.cOps, ComplexVector.basis(4, idx), { times: p.times, eOps: [chain.sz[0], chain.sz[1], coh], storeStates: true });
    const ref = fx.cases[name].expect as number[][];
    let err = 0;
    for (let i = 0; i < p.times.length; i++) {
      err = Math.max(err, Math.abs(r.expect[0].re[i] - ref[0][i]), Math.abs(r.expect[1].re[i] - ref[1][i]), Math.abs(r.expect[2].re[i] - ref[2][i]), Math.abs(r.expect[2].im[i] - ref[3][i]));
    }
    // QuTiP's own check against expm was ≤ 1e-10; allow 1e-8 for its ODE tolerance.
    assert.ok(err < 1e-8, `${name}: max deviation from QuTiP ${err}`);
    // Trace and positivity of every stored state.
    for (const rho of r.states!) {
      const tr = trace(rho);
      assert.ok(Math.abs(tr.re - 1) < 1e-12 && Math.abs(tr.im) < 1e-12, `trace ${tr.re}+${tr.im}i`);
      const ev = eighValues(rho);
      assert.ok(Math.min(...ev) > -1e-12, `negative eigenvalue ${Math.min(...ev)}`);
    }
  }
});
