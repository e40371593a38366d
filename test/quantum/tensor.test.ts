import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, kron, matmul, maxAbsDiff } from '../../src/linalg/dense.js';
import { SparseMatrix } from '../../src/linalg/sparse.js';
import { tensor, embed, embedMany, compositeIndex, localIndices, totalDimension } from '../../src/quantum/tensor.js';
import { spinPlus, spinZ } from '../../src/quantum/spin.js';
import { randomMatrix } from '../helpers.js';

// All entries are single products of inputs (or exact copies): results agree to rounding of one multiply.
const TOL = 1e-15;

test('tensor of sparse and dense operators equals dense kron in the order written', () => {
  const a = randomMatrix(2, 2, 1), b = randomMatrix(3, 3, 2), c = randomMatrix(2, 2, 3);
  const ref = kron(kron(a, b), c);
  const t = tensor(SparseMatrix.fromDense(a), b, SparseMatrix.fromDense(c));
  assert.equal(t.rows, 12);
  assert.ok(maxAbsDiff(t.toDense(), ref) <= TOL);
  assert.throws(() => tensor(), RangeError);
});

test('embed equals I ⊗ … ⊗ op ⊗ … ⊗ I for every site, and is valid CSR', () => {
  const dims = [2, 3, 2, 4];
  for (let site = 0; site < dims.length; site++) {
    const op = randomMatrix(dims[site], dims[site], 10 + site);
    op.re[0] = 0; op.im[0] = 0; // a structural zero, to exercise sparsity
    const parts = dims.map((dd, k) => (k === site ? op : ComplexMatrix.identity(dd)));
    const ref = parts.reduce((acc, m) => kron(acc, m));
    const e = embed(SparseMatrix.fromDense(op), site, dims);
    assert.ok(maxAbsDiff(e.toDense(), ref) <= TOL, `site ${site}`);
    // columns strictly increasing within rows
    for (let i = 0; i < e.rows; i++) {
      for (let k = e.rowPtr[i] + 1; k < e.rowPtr[i + 1]; k++) assert.ok(e.colIndex[k] > e.colIndex[k - 1]);
    }
    assert.equal(e.nnz, (dims[site] * dims[site] - 1) * (48 / dims[site]));
  }
  assert.throws(() => embed(spinZ(1), 0, [2, 3]), /dimension 2/);
  assert.throws(() => embed(spinZ(1), 2, [2, 3]), RangeError);
  assert.throws(() => embed(spinZ(1), 0, [3, 0]), RangeError);
});

test('embedMany equals the product of the embedded operators (incl. repeated sites)', () => {
  const dims = [3, 2, 3, 2];
  const sp1 = spinPlus(1), sp12 = spinPlus(0.5), z1 = spinZ(1);
  const m = embedMany([{ op: sp1, site: 0 }, { op: sp12, site: 1 }], dims);
  const ref = matmul(embed(sp1, 0, dims).toDense(), embed(sp12, 1, dims).toDense());
  assert.ok(maxAbsDiff(m.toDense(), ref) <= TOL);
  const a = randomMatrix(3, 3, 7);
  const m2 = embedMany([{ op: a, site: 2 }, { op: z1, site: 2 }, { op: sp12, site: 3 }], dims);
  const ref2 = matmul(matmul(embed(a, 2, dims).toDense(), embed(z1, 2, dims).toDense()), embed(sp12, 3, dims).toDense());
  assert.ok(maxAbsDiff(m2.toDense(), ref2) < 1e-14); // local product has 3-term sums
  assert.ok(maxAbsDiff(embedMany([], dims).toDense(), ComplexMatrix.identity(36)) === 0);
  assert.throws(() => embedMany([{ op: sp12, site: 0 }], dims), RangeError);
});

test('compositeIndex / localIndices round trip, big-endian order', () => {
  const dims = [2, 3, 4, 2];
  const n = totalDimension(dims);
  assert.equal(n, 48);
  assert.equal(compositeIndex(dims, [1, 0, 0, 0]), 24);
  assert.equal(compositeIndex(dims, [0, 0, 0, 1]), 1);
  assert.equal(compositeIndex(dims, [1, 2, 3, 1]), 47);
  for (let k = 0; k < n; k++) assert.equal(compositeIndex(dims, localIndices(dims, k)), k);
  assert.throws(() => compositeIndex(dims, [0, 3, 0, 0]), RangeError);
  assert.throws(() => compositeIndex(dims, [0, 0, 0]), RangeError);
  assert.throws(() => localIndices(dims, 48), RangeError);
  assert.throws(() => totalDimension([]), RangeError);
});
