import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexMatrix, maxAbsDiff } from '../../src/linalg/dense.js';
import { SparseMatrix } from '../../src/linalg/sparse.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import { mesolve, prepareMesolve } from '../../src/solvers/mesolve.js';
import { planSectorCascade } from '../../src/solvers/sector-propagation.js';
import { chainDynamics, oneQuantumDynamics } from '../../src/models/chiral-phonons/dynamics.js';

// The sector path (Hilbert-space exponentials, rank-one factors, Van Loan feed integrals or trace
// conservation) against the dense Padé exponential of the whole Liouvillian on the full n² space
// (useBlocks: false — no sector structure at all). Both are exact up to rounding; expectation
// values are O(1) and the problems have ‖L‖Δ ≲ 10, so 1e-10 leaves room for the error of
// scaling and squaring over 40–100 steps (~1e-13 measured).
const TOL = 1e-10;

/** Deterministic uniform numbers in [−1, 1) (LCG; the values only need to be generic). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

function sparse(n: number, entries: [number, number, number, number][]): SparseMatrix {
  return SparseMatrix.fromTriplets(n, n, entries.map((e) => e[0]), entries.map((e) => e[1]), entries.map((e) => e[2]), entries.map((e) => e[3]));
}

/**
 * `grounds` one-state ground blocks (indices 0 … grounds−1) below an excited manifold of `ne`
 * states with a random Hermitian H (scale ~ω) and one random decay operator per ground state,
 * C_k = Σ_j c_kj |g_k⟩⟨e_j| (rates ~γ).
 */
function cascade(seed: number, ne: number, grounds: number, omega = 3, gamma = 1) {
  const r = lcg(seed);
  const n = grounds + ne;
  const h: [number, number, number, number][] = [];
  for (let i = 0; i < ne; i++) {
    h.push([grounds + i, grounds + i, omega * r(), 0]);
    for (let j = 0; j < i; j++) {
      const re = omega * r() * 0.5, im = omega * r() * 0.5;
      h.push([grounds + i, grounds + j, re, im], [grounds + j, grounds + i, re, -im]);
    }
  }
  for (let g = 0; g < grounds; g++) h.push([g, g, omega * r(), 0]);
  const cOps = Array.from({ length: grounds }, (_, g) => sparse(n, Array.from({ length: ne }, (_, j): [number, number, number, number] => [g, grounds + j, Math.sqrt(gamma) * r(), Math.sqrt(gamma) * r()])));
  // observables: all populations and two coherences (Hermitian)
  const eOps: SparseMatrix[] = [];
  for (let i = 0; i < n; i++) eOps.push(sparse(n, [[i, i, 1, 0]]));
  eOps.push(sparse(n, [[0, grounds, 1, 0], [grounds, 0, 1, 0]]), sparse(n, [[grounds, n - 1, 0, 1], [n - 1, grounds, 0, -1]]));
  return { n, h: sparse(n, h), cOps, eOps, r };
}

function normalizedKet(n: number, amplitudes: (i: number) => [number, number]): ComplexVector {
  const v = new ComplexVector(n);
  let norm = 0;
  for (let i = 0; i < n; i++) { [v.re[i], v.im[i]] = amplitudes(i); norm += v.re[i] ** 2 + v.im[i] ** 2; }
  for (let i = 0; i < n; i++) { v.re[i] /= Math.sqrt(norm); v.im[i] /= Math.sqrt(norm); }
  return v;
}

function compare(label: string, a: { expect: { re: Float64Array; im: Float64Array }[] }, b: { expect: { re: Float64Array; im: Float64Array }[] }): void {
  a.expect.forEach((e, k) => {
    for (let i = 0; i < e.re.length; i++) {
      const d = Math.hypot(e.re[i] - b.expect[k].re[i], e.im[i] - b.expect[k].im[i]);
      assert.ok(d <= TOL, `${label}: e_op ${k} at t[${i}] deviates by ${d.toExponential(2)}`);
    }
  });
}

const uniform = Array.from({ length: 41 }, (_, i) => i * 0.1);
// 12 distinct steps: the step-map cache (8 entries) misses
const ragged = [0, 0.05, 0.07, 0.2, 0.21, 0.5, 0.9, 1.0, 1.6, 1.61, 2.5, 2.75, 3.5];

test('sector path: one ground state, pure excited state (rank-one factors, trace sink) = full-Liouvillian expm', () => {
  // ω = 30: stiff enough that Krylov's 2‖L‖T products make the sector path the cheaper one also on the ragged grid
  const p = cascade(11, 7, 1, 30);
  const psi = normalizedKet(p.n, (i) => (i === 0 ? [0, 0] : [p.r(), p.r()]));
  for (const times of [uniform, ragged]) {
    const fast = mesolve(p.h, p.cOps, psi, { times, eOps: p.eOps, storeStates: true });
    assert.equal(fast.stats.method, 'sectors');
    assert.equal(fast.stats.traceSink, true);
    assert.equal(fast.stats.rankOneSectors, 1);
    const ref = mesolve(p.h, p.cOps, psi, { times, eOps: p.eOps, storeStates: true, method: 'expm', useBlocks: false });
    compare('pure', fast, ref);
    fast.states!.forEach((s, i) => assert.ok(maxAbsDiff(s, ref.states![i]) <= TOL, `state ${i}`));
  }
});

test('sector path: superposition of ground and excited (off-diagonal free sectors) and a mixed excited state (full products)', () => {
  const p = cascade(23, 6, 1, 30);
  const psi = normalizedKet(p.n, () => [p.r(), p.r()]);
  const fast = mesolve(p.h, p.cOps, psi, { times: uniform, eOps: p.eOps });
  assert.equal(fast.stats.method, 'sectors');
  assert.equal(fast.stats.freeSectors, 3); // (e, e), (e, g), (g, e)
  compare('superposition', fast, mesolve(p.h, p.cOps, psi, { times: uniform, eOps: p.eOps, method: 'expm', useBlocks: false }));
  // ρ0 = mixture of two excited kets: rank two, so the (e, e) sector takes the two products per step
  const a = normalizedKet(p.n, (i) => (i === 0 ? [0, 0] : [p.r(), p.r()]));
  const b = normalizedKet(p.n, (i) => (i === 0 ? [0, 0] : [p.r(), p.r()]));
  const rho = new ComplexMatrix(p.n, p.n);
  for (let i = 0; i < p.n; i++) {
    for (let j = 0; j < p.n; j++) {
      rho.re[i * p.n + j] = 0.7 * (a.re[i] * a.re[j] + a.im[i] * a.im[j]) + 0.3 * (b.re[i] * b.re[j] + b.im[i] * b.im[j]);
      rho.im[i * p.n + j] = 0.7 * (a.im[i] * a.re[j] - a.re[i] * a.im[j]) + 0.3 * (b.im[i] * b.re[j] - b.re[i] * b.im[j]);
    }
  }
  const mixed = mesolve(p.h, p.cOps, rho, { times: ragged, eOps: p.eOps });
  assert.equal(mixed.stats.method, 'sectors');
  assert.equal(mixed.stats.rankOneSectors, 0);
  compare('mixed', mixed, mesolve(p.h, p.cOps, rho, { times: ragged, eOps: p.eOps, method: 'expm', useBlocks: false }));
});

test('sector path: two ground states (no trace sink: Van Loan feed integrals) = full-Liouvillian expm, also for strong decay', () => {
  for (const [seed, gamma] of [[5, 1], [7, 20]] as const) {
    const p = cascade(seed, 5, 2, 3, gamma);
    const psi = normalizedKet(p.n, (i) => (i === 0 ? [p.r(), p.r()] : i === 1 ? [0, 0] : [p.r(), p.r()]));
    const fast = mesolve(p.h, p.cOps, psi, { times: uniform, eOps: p.eOps });
    assert.equal(fast.stats.method, 'sectors');
    assert.equal(fast.stats.traceSink, false);
    assert.equal(fast.stats.sinks, 2);
    compare(`two grounds, γ = ${gamma}`, fast, mesolve(p.h, p.cOps, psi, { times: uniform, eOps: p.eOps, method: 'expm', useBlocks: false }));
  }
});

test('sector path: no plan for a self-jumping sector (dephasing) or a fed sector of more than one state', () => {
  const p = cascade(3, 4, 1);
  const psi = normalizedKet(p.n, (i) => (i === 0 ? [0, 0] : [1, 0]));
  // dephasing of the excited manifold maps (e, e) into itself
  const deph = sparse(p.n, Array.from({ length: 4 }, (_, j): [number, number, number, number] => [1 + j, 1 + j, 0.3 * (j + 1), 0]));
  const prep = prepareMesolve(p.h, [...p.cOps, deph], psi);
  assert.equal(planSectorCascade(prep.layout, prep.hilbert.heff, prep.hilbert.collapses), null);
  assert.notEqual(mesolve(p.h, [...p.cOps, deph], psi, { times: uniform, eOps: p.eOps }).stats.method, 'sectors');
  // two excitations of a chiral pair: (1, 1) is fed by (2, 2) and has 2 × 2 states
  const two = prepareMesolveChain();
  assert.equal(planSectorCascade(two.layout, two.hilbert.heff, two.hilbert.collapses), null);
});

function prepareMesolveChain() {
  // three spins ½ in a one-way chain would need the model; a hand-made 2-level cascade suffices:
  // |2⟩ → {|1a⟩, |1b⟩} → |0⟩ with H coupling 1a and 1b
  const n = 4;
  const h = sparse(n, [[1, 2, 0.4, 0.1], [2, 1, 0.4, -0.1], [3, 3, 1, 0]]);
  const c = sparse(n, [[1, 3, 0.8, 0], [2, 3, 0.3, 0.2], [0, 1, 0.5, 0], [0, 2, 0.2, 0.6]]);
  return prepareMesolve(h, [c], ComplexVector.basis(n, 3));
}

test('chainDynamics mesolve (sector path) = one-quantum amplitudes for a 12-spin one-way chain', async () => {
  // independent: oneQuantumDynamics propagates the 12 jump-free amplitudes (a single 12×12 exponential)
  const cfg = { spins: Array(12).fill(0.5), gamma: 2 * Math.PI * 100, phase: 0.5 };
  const times = Array.from({ length: 101 }, (_, i) => i * 2e-4);
  const me = await chainDynamics(cfg, [1, ...Array(11).fill(0)], times);
  assert.equal(me.stats.method, 'sectors');
  const amp = oneQuantumDynamics(cfg, 0, times);
  for (let j = 0; j < 12; j++) {
    for (let i = 0; i < times.length; i++) assert.ok(Math.abs(me.excitation[j][i] - amp.excitation[j][i]) <= 1e-12, `site ${j}, t[${i}]`);
  }
});

test('condition estimate before eig: a triangular generator with a repeated eigenvalue skips the eigendecomposition (same values as expm)', async () => {
  const { propagateLinear } = await import('../../src/solvers/linear-propagation.js');
  const { triangularWithRepeatedEigenvalues } = await import('../../src/solvers/conditioning.js');
  // a 5-state one-way cascade: diagonal −1 everywhere, couplings i → i+1 (a single Jordan block)
  const n = 5;
  const jordan = sparse(n, [...Array.from({ length: n }, (_, i): [number, number, number, number] => [i, i, -1, 0.5]), ...Array.from({ length: n - 1 }, (_, i): [number, number, number, number] => [i + 1, i, 2, -1])]);
  assert.equal(triangularWithRepeatedEigenvalues(jordan), true);
  // distinct diagonal: diagonalizable, the eigen path stays
  const distinct = sparse(n, [...Array.from({ length: n }, (_, i): [number, number, number, number] => [i, i, -1 - i, 0]), ...Array.from({ length: n - 1 }, (_, i): [number, number, number, number] => [i + 1, i, 2, -1])]);
  assert.equal(triangularWithRepeatedEigenvalues(distinct), false);
  // a cycle (not triangular) with equal diagonal: no structural verdict
  const cycle = sparse(3, [[0, 0, -1, 0], [1, 1, -1, 0], [2, 2, -1, 0], [1, 0, 1, 0], [2, 1, 1, 0], [0, 2, 1, 0]]);
  assert.equal(triangularWithRepeatedEigenvalues(cycle), false);
  const times = new Float64Array(Array.from({ length: 30 }, (_, i) => 0.1 * i * (1 + 0.01 * i))); // many distinct steps
  const x0 = { re: Float64Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0)), im: new Float64Array(n) };
  const weights = Array.from({ length: n }, (_, i) => ({ re: Float64Array.from({ length: n }, (_, j) => (j === i ? 1 : 0)), im: new Float64Array(n) }));
  const base = { generator: jordan, x0, times, weights, storeStates: false, tolerance: 1e-12 };
  const viaEigen = propagateLinear({ ...base, method: 'eigen' });
  assert.equal(viaEigen.method, 'expm');
  assert.match(String(viaEigen.details.eigenSkipped), /defective/);
  // independent: the finite series e^{Lt}x0 = e^{ht} Σ_k (Nt)^k x0 / k! of the Jordan block, h = −1 + 0.5i, N x: x_i → (2 − i)·x_{i−1}
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    const mag = Math.exp(-t);
    for (let j = 0; j < n; j++) {
      // component j = e^{ht} (2 − i)^j t^j / j!
      let cr = 1, ci = 0;
      for (let k = 0; k < j; k++) { const r = (2 * cr + ci) * t / (k + 1), im = (2 * ci - cr) * t / (k + 1); cr = r; ci = im; }
      const er = mag * Math.cos(0.5 * t), ei = mag * Math.sin(0.5 * t);
      const vr = er * cr - ei * ci, vi = er * ci + ei * cr;
      assert.ok(Math.hypot(viaEigen.values[j].re[i] - vr, viaEigen.values[j].im[i] - vi) <= 1e-12, `x_${j}(t_${i})`);
    }
  }
});

// The WebAssembly run of the sector path (wasm-propagation.ts WasmSectorRun) mirrors SectorState.apply
// and the recording operation by operation: the SAME BITS as the TypeScript path, for every kind of
// sector (rank-one and dense free sectors, diagonal and off-diagonal, a trace sink and fed sinks), on a
// grid whose steps miss the step-map cache, with states stored and the partial-results callback.
test('sector path in WebAssembly = TypeScript bit for bit (rank-one, dense, off-diagonal sectors, trace and fed sinks)', async () => {
  const { wasmKernelsAvailable } = await import('../../src/linalg/wasm.js');
  const { withTypeScript } = await import('../helpers.js');
  if (!wasmKernelsAvailable()) return;
  const pure = cascade(11, 7, 1, 30), sup = cascade(23, 6, 1, 30), fed = cascade(5, 5, 2, 3);
  const mixedRho = (p: ReturnType<typeof cascade>): ComplexMatrix => {
    const a = normalizedKet(p.n, (i) => (i === 0 ? [0, 0] : [p.r(), p.r()])), b = normalizedKet(p.n, (i) => (i === 0 ? [0, 0] : [p.r(), p.r()]));
    const rho = new ComplexMatrix(p.n, p.n);
    for (let i = 0; i < p.n; i++) {
      for (let j = 0; j < p.n; j++) {
        rho.re[i * p.n + j] = 0.6 * (a.re[i] * a.re[j] + a.im[i] * a.im[j]) + 0.4 * (b.re[i] * b.re[j] + b.im[i] * b.im[j]);
        rho.im[i * p.n + j] = 0.6 * (a.im[i] * a.re[j] - a.re[i] * a.im[j]) + 0.4 * (b.im[i] * b.re[j] - b.re[i] * b.im[j]);
      }
    }
    return rho;
  };
  // (the ragged grid only where the cost model keeps the sector path on it)
  const cases: [string, ReturnType<typeof cascade>, ComplexMatrix | ComplexVector, number[][]][] = [
    ['pure excited (rank one, trace sink)', pure, normalizedKet(pure.n, (i) => (i === 0 ? [0, 0] : [pure.r(), pure.r()])), [uniform, ragged]],
    ['superposition (off-diagonal sectors)', sup, normalizedKet(sup.n, () => [sup.r(), sup.r()]), [uniform]],
    ['mixed (dense sector)', sup, mixedRho(sup), [uniform, ragged]],
    ['two grounds (fed sinks)', fed, normalizedKet(fed.n, (i) => (i === 0 ? [fed.r(), fed.r()] : i === 1 ? [0, 0] : [fed.r(), fed.r()])), [uniform]],
  ];
  for (const [label, p, rho0, grids] of cases) {
    for (const times of grids) {
      const partial: number[] = [];
      const options = { times, eOps: p.eOps, storeStates: true, partial: (count: number) => { partial.push(count); } };
      const wasm = mesolve(p.h, p.cOps, rho0, options);
      const ts = withTypeScript(() => mesolve(p.h, p.cOps, rho0, { ...options, partial: undefined }));
      assert.equal(wasm.stats.method, 'sectors', label);
      assert.equal(wasm.stats.kernels, 'wasm', label);
      assert.equal(ts.stats.kernels, 'typescript', label);
      assert.deepEqual(partial, times.map((_, i) => i + 1), `${label}: partial results after every output time`);
      wasm.expect.forEach((e, k) => {
        for (let i = 0; i < times.length; i++) {
          assert.ok(Object.is(e.re[i], ts.expect[k].re[i]) && Object.is(e.im[i], ts.expect[k].im[i]), `${label}: e_op ${k} at t[${i}]`);
        }
      });
      wasm.states!.forEach((s, i) => assert.equal(maxAbsDiff(s, ts.states![i]), 0, `${label}: state ${i}`));
    }
  }
});
