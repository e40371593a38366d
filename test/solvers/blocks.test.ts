import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findBlocks, reachableSectors } from '../../src/solvers/blocks.js';
import { sectorLayout, sectorLiouvillian } from '../../src/solvers/sector-liouvillian.js';
import { singleBlock } from '../../src/solvers/blocks.js';
import { liouvillian } from '../../src/quantum/superoperator.js';
import { sigmaMinus, sigmaPlus, sigmaX, sigmaZ, projector, spinZ } from '../../src/quantum/spin.js';
import { embed, embedMany, tensor } from '../../src/quantum/tensor.js';
import { sparseLinearCombination } from '../../src/linalg/sparse.js';
import { maxAbsDiff } from '../../src/linalg/dense.js';
import { randomHermitian, randomMatrix } from '../helpers.js';
import { SparseMatrix } from '../../src/linalg/sparse.js';

const dims = [2, 2];
const flipFlop = sparseLinearCombination([
  { matrix: embedMany([{ op: sigmaPlus(), site: 0 }, { op: sigmaMinus(), site: 1 }], dims), re: 1 },
  { matrix: embedMany([{ op: sigmaMinus(), site: 0 }, { op: sigmaPlus(), site: 1 }], dims), re: 1 },
]);

test('flip-flop pair: blocks are the magnetization sectors; σ⁻ lowers M by one', () => {
  const s = findBlocks([flipFlop], [embed(sigmaMinus(), 0, dims)]);
  assert.equal(s.count, 3);
  // Basis |↑↑⟩, |↑↓⟩, |↓↑⟩, |↓↓⟩ (index 0 = ↑): M = +1, 0, 0, −1.
  assert.deepEqual(Array.from(s.blockOf), [0, 1, 1, 2]);
  assert.deepEqual(Array.from(s.jumpTarget[0]), [1, 2, -1]);
  // Diagonal sectors are closed under σ⁻ (populations flow downwards).
  const sectors = reachableSectors(s, [{ a: 0, b: 0 }]);
  assert.deepEqual(sectors, [{ a: 0, b: 0 }, { a: 1, b: 1 }, { a: 2, b: 2 }]);
});

test('a jump that splits a block merges its targets (σx on one spin of the pair)', () => {
  const s = findBlocks([flipFlop], [embed(sigmaX(), 0, dims)]);
  // σx₀ maps M=0 states into M=+1 and M=−1, which must then share a block.
  assert.equal(s.count, 2);
  assert.equal(s.blockOf[0], s.blockOf[3]);
  assert.notEqual(s.blockOf[0], s.blockOf[1]);
});

test('declared quantum numbers are kept when compatible and merged when not', () => {
  const mz = [1, 0, 0, -1];
  const ok = findBlocks([flipFlop], [], mz);
  assert.equal(ok.count, 3);
  assert.equal(ok.mergedDeclared, false);
  const bad = findBlocks([sparseLinearCombination([{ matrix: embed(sigmaX(), 0, dims), re: 1 }])], [], mz);
  assert.equal(bad.mergedDeclared, true);
});

test('one-block sector Liouvillian equals the quantum-layer Liouvillian (independent builders)', () => {
  const h = SparseMatrix.fromDense(randomHermitian(5, 31));
  const cOps = [SparseMatrix.fromDense(randomMatrix(5, 5, 32)), SparseMatrix.fromDense(randomMatrix(5, 5, 33))];
  const layout = sectorLayout(singleBlock(5, 2), [{ a: 0, b: 0 }]);
  const mine = sectorLiouvillian(layout, h, cOps).toDense();
  const theirs = liouvillian(h, cOps).toDense();
  assert.ok(maxAbsDiff(mine, theirs) < 1e-13, `difference ${maxAbsDiff(mine, theirs)}`);
});

test('spin-1 optical pumping ⊗ nuclear spin: block structure reduces the population sector', () => {
  // H = D Sz² ⊗ I + a Sz ⊗ Iz (diagonal), pumping |0⟩⟨±1| ⊗ I: every basis state is its own block.
  const h = sparseLinearCombination([
    { matrix: tensor(sparseLinearCombination([{ matrix: spinZ(1), re: 1 }]), SparseMatrix.identity(2)), re: 0 },
    { matrix: tensor(spinZ(1), sigmaZ()), re: 3 },
  ]);
  const c1 = tensor(projector(1, 0, 1), SparseMatrix.identity(2));
  const c2 = tensor(projector(1, 0, -1), SparseMatrix.identity(2));
  const s = findBlocks([h], [c1, c2]);
  assert.equal(s.count, 6);
  const sectors = reachableSectors(s, Array.from({ length: 6 }, (_, a) => ({ a, b: a })));
  assert.equal(sectors.length, 6); // populations only: 6 instead of 36 unknowns
});
