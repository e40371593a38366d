import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, adjoint, kron, matmul, maxAbsDiff, scale, trace } from '../../src/linalg/dense.js';
import { SparseMatrix } from '../../src/linalg/sparse.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import {
  basisKet, spinKet, productKet, ketToDensity, productDensity, maximallyMixed, thermalState, isDensityMatrix, HBAR, BOLTZMANN,
} from '../../src/quantum/states.js';
import { spinZ } from '../../src/quantum/spin.js';
import { tensor } from '../../src/quantum/tensor.js';
import { loadFixture, matrixFromJson, randomMatrix, randomHermitian, assertClose } from '../helpers.js';

function randomDensity(n: number, seed: number): ComplexMatrix {
  const a = randomMatrix(n, n, seed);
  const r = matmul(a, adjoint(a));
  return scale(r, 1 / trace(r).re);
}

test('basisKet with a dimension, composite index or local indices; spinKet', () => {
  assert.equal(basisKet(4, 2).re[2], 1);
  const k = basisKet([3, 2], [1, 1]);
  assert.equal(k.length, 6);
  assert.equal(k.re[3], 1);
  assert.equal(basisKet([3, 2], 3).re[3], 1);
  assert.throws(() => basisKet(4, 4), RangeError);
  assert.throws(() => basisKet([3, 2], [3, 0]), RangeError);
  const up = spinKet(1, 1), zero = spinKet(1, 0), down = spinKet(1.5, -1.5);
  assert.equal(up.re[0], 1);
  assert.equal(zero.re[1], 1);
  assert.equal(down.re[3], 1);
  assert.throws(() => spinKet(1, 0.5), RangeError);
});

test('productKet / ketToDensity / productDensity agree with dense kron', () => {
  const a = ComplexVector.fromArrays([0.6, 0], [0, 0.8]);
  const b = ComplexVector.fromArrays([1, 2, 3], [0.5, -1, 0]);
  const p = productKet([a, b]);
  const ref = kron(ComplexMatrix.fromRows([[0.6], [0]], [[0], [0.8]]), ComplexMatrix.fromRows([[1], [2], [3]], [[0.5], [-1], [0]]));
  for (let k = 0; k < 6; k++) {
    assert.equal(p.re[k], ref.re[k]);
    assert.equal(p.im[k], ref.im[k]);
  }
  const rho = ketToDensity(a);
  // |ψ⟩⟨ψ|: entry (0,1) = 0.6 · conj(0.8i) = −0.48i
  assertClose(rho.getIm(0, 1), -0.48, 1e-15);
  assertClose(rho.getRe(1, 1), 0.64, 1e-15);
  const r1 = randomDensity(2, 3), r2 = randomDensity(3, 4);
  assert.ok(maxAbsDiff(productDensity([r1, SparseMatrix.fromDense(r2)]), kron(r1, r2)) === 0);
  assert.ok(maxAbsDiff(ketToDensity(p), kron(ketToDensity(a), ketToDensity(b))) < 1e-15);
  const mm = maximallyMixed(4);
  assert.equal(mm.getRe(2, 2), 0.25);
  assert.equal(mm.getRe(2, 1), 0);
});

test('thermal state of a diagonal H: Boltzmann weights; β = ∞ gives the (degenerate) ground projector', () => {
  const h = spinZ(1.5); // diag(1.5, 0.5, −0.5, −1.5)
  const rho = thermalState(h, { beta: 0.7 });
  let z = 0;
  for (const e of [1.5, 0.5, -0.5, -1.5]) z += Math.exp(-0.7 * e);
  [1.5, 0.5, -0.5, -1.5].forEach((e, k) => assertClose(rho.getRe(k, k), Math.exp(-0.7 * e) / z, 1e-15, `p_${k}`));
  // No overflow at huge β·E.
  const cold = thermalState(h, { beta: 1e5 });
  assert.equal(cold.getRe(3, 3), 1);
  const h2 = tensor(spinZ(0.5), SparseMatrix.identity(2)); // ground space {|↓↑⟩, |↓↓⟩}
  const g = thermalState(h2, { temperatureKelvin: 0 });
  assert.deepEqual(Array.from(g.re.filter((_, k) => k % 5 === 0)), [0, 0, 0.5, 0.5]);
  const hot = thermalState(h, { beta: 0 });
  assert.ok(maxAbsDiff(hot, maximallyMixed(4)) < 1e-16);
  assert.throws(() => thermalState(h, { beta: -1 }), RangeError);
  assert.throws(() => thermalState(randomMatrix(3, 3, 1), { beta: 1 }), /Hermitian/);
});

test('thermal state of a non-diagonal H matches QuTiP (−βH).expm()/Z, in β and in kelvin', () => {
  const fx = loadFixture('quantum-qutip.json').thermal;
  const rho = thermalState(matrixFromJson(fx.H), { beta: fx.beta });
  // Eigen-decomposition vs Padé expm of a 6×6 with ‖βH‖ ≈ 2: agreement ~1e-15 expected; 1e-12 leaves margin.
  assert.ok(maxAbsDiff(rho, matrixFromJson(fx.rho)) < 1e-12);
  // Physical units: H in rad/s, β = ħ/(k_B T); same constants as scipy.constants.
  assertClose(HBAR / (BOLTZMANN * fx.temperature), fx.beta_phys, 1e-15 * fx.beta_phys, 'ħ/kT');
  const rp = thermalState(SparseMatrix.fromDense(matrixFromJson(fx.H_phys)), { temperatureKelvin: fx.temperature });
  assert.ok(maxAbsDiff(rp, matrixFromJson(fx.rho_phys)) < 1e-12);
  // Unitary covariance: thermal(U H U†) = U thermal(H) U† (general path vs diagonal path).
  const hd = ComplexMatrix.diagonal([0.3, -1.2, 2.0, 0.1]);
  const u = unitaryFrom(randomHermitian(4, 5));
  const rot = matmul(matmul(u, hd), adjoint(u));
  const lhs = thermalState(rot, { beta: 1.3 });
  const rhs = matmul(matmul(u, thermalState(hd, { beta: 1.3 })), adjoint(u));
  assert.ok(maxAbsDiff(lhs, rhs) < 1e-13);
  assert.equal(isDensityMatrix(lhs), null);
});

/** Unitary Q of a Gram–Schmidt orthonormalization of the columns of a (test helper). */
function unitaryFrom(a: ComplexMatrix): ComplexMatrix {
  const n = a.rows;
  const q = a.clone();
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dr = 0, di = 0; // ⟨q_k|q_j⟩
      for (let i = 0; i < n; i++) {
        const kr = q.re[i * n + k], ki = q.im[i * n + k], jr = q.re[i * n + j], ji = q.im[i * n + j];
        dr += kr * jr + ki * ji;
        di += kr * ji - ki * jr;
      }
      for (let i = 0; i < n; i++) {
        const kr = q.re[i * n + k], ki = q.im[i * n + k];
        q.re[i * n + j] -= dr * kr - di * ki;
        q.im[i * n + j] -= dr * ki + di * kr;
      }
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += q.re[i * n + j] ** 2 + q.im[i * n + j] ** 2;
    s = 1 / Math.sqrt(s);
    for (let i = 0; i < n; i++) {
      q.re[i * n + j] *= s;
      q.im[i * n + j] *= s;
    }
  }
  return q;
}

test('isDensityMatrix accepts valid states and names the failure otherwise', () => {
  const rho = randomDensity(5, 11);
  assert.equal(isDensityMatrix(rho), null);
  assert.equal(isDensityMatrix(SparseMatrix.fromDense(rho)), null);
  assert.equal(isDensityMatrix(ketToDensity(productKet([spinKet(1, 0), spinKet(0.5, 0.5)]))), null);
  const nh = rho.clone();
  nh.re[1] += 1e-3;
  assert.match(isDensityMatrix(nh)!, /not Hermitian/);
  assert.match(isDensityMatrix(scale(rho, 2))!, /trace is 2/);
  const neg = ComplexMatrix.diagonal([1.25, -0.25]);
  assert.match(isDensityMatrix(neg)!, /positive semidefinite.*-2\.500e-1/);
  assert.match(isDensityMatrix(new ComplexMatrix(2, 3))!, /not square/);
  const nan = rho.clone();
  nan.re[3] = Number.NaN;
  assert.match(isDensityMatrix(nan)!, /non-finite/);
  // Tolerance: a −1e-12 eigenvalue passes the default 1e-10, fails tol = 1e-13.
  const tiny = ComplexMatrix.diagonal([1 + 1e-12, -1e-12]);
  assert.equal(isDensityMatrix(tiny), null);
  assert.match(isDensityMatrix(tiny, 1e-13)!, /positive/);
});
