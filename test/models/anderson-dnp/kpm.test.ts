import { test } from 'node:test';
import assert from 'node:assert/strict';
import { andersonDnpModel, resolveSettings } from '../../../src/models/anderson-dnp/model.js';
import { andersonMatrixDense, spectralBound } from '../../../src/models/anderson-dnp/lattice.js';
import { exactRealization, exactSpectrum } from '../../../src/models/anderson-dnp/exact.js';
import { jacksonKernel, kpmIntervalMass, KPM_MARGIN, kpmRealization, localMoments, sampleSites } from '../../../src/models/anderson-dnp/kpm.js';
import { realizationLattice, realizationStream, type RealizationResult } from '../../../src/models/anderson-dnp/realization.js';
import { seededStream } from '../../../src/solvers/random.js';

const DEFAULTS = Object.fromEntries(andersonDnpModel.parameters.map((p) => [p.name, p.default]));
const settingsOf = (over: Record<string, unknown>) => resolveSettings({ ...DEFAULTS, ...over }, 1);

test('local Chebyshev moments equal ⟨j|T_n(H̃)|j⟩ from the dense matrix (periodic and open)', () => {
  for (const boundary of ['periodic', 'open']) {
    const s = settingsOf({ L: 4, boundary });
    const lat = realizationLattice(s, realizationStream(2, 0));
    const N = lat.N, scale = spectralBound(lat) * 1.02, M = 40;
    const sites = Int32Array.from([0, 5, 21, 63]);
    const mu = localMoments(lat, sites, M, scale);
    const h = andersonMatrixDense(lat);
    sites.forEach((j, c) => {
      let prev = new Float64Array(N), cur = new Float64Array(N);
      prev[j] = 1;
      for (let i = 0; i < N; i++) cur[i] = h[i * N + j] / scale;
      assert.equal(mu[c * M], 1);
      // 1e-12: the doubling identities and the plain recursion agree to rounding (|T_n| ≤ 1).
      assert.ok(Math.abs(mu[c * M + 1] - cur[j]) < 1e-12);
      for (let n = 2; n < M; n++) {
        const next = new Float64Array(N);
        for (let i = 0; i < N; i++) {
          let v = 0;
          for (let k = 0; k < N; k++) v += h[i * N + k] * cur[k];
          next[i] = (2 * v) / scale - prev[i];
        }
        prev = cur; cur = next;
        assert.ok(Math.abs(mu[c * M + n] - cur[j]) < 1e-12, `${boundary} site ${j} n=${n}: ${mu[c * M + n]} vs ${cur[j]}`);
      }
    });
  }
});

test('with every site, the KPM moments are the DOS moments of the exact spectrum: μ̄_n = (1/N) Σ_α T_n(λ_α/a)', () => {
  const s = settingsOf({ L: 5 });
  const lat = realizationLattice(s, realizationStream(4, 0));
  const scale = spectralBound(lat) * (1 + KPM_MARGIN), M = 64;
  const mu = localMoments(lat, sampleSites(lat.N, lat.N, seededStream(1)), M, scale);
  const { values } = exactSpectrum(lat);
  for (let n = 0; n < M; n++) {
    let kpm = 0, exact = 0;
    for (let j = 0; j < lat.N; j++) kpm += mu[j * M + n] / lat.N;
    for (const v of values) exact += Math.cos(n * Math.acos(v / scale)) / lat.N;
    // 1e-12: traces of T_n by two routes (recursion vs eigenvalues), |T_n| ≤ 1.
    assert.ok(Math.abs(kpm - exact) < 1e-12, `n=${n}: ${kpm} vs ${exact}`);
  }
  // The bin masses of the Chebyshev series sum to μ̄_0 = 1 over (−a, a).
  const kernel = jacksonKernel(M);
  const meanMu = new Float64Array(M);
  for (let j = 0; j < lat.N; j++) for (let n = 0; n < M; n++) meanMu[n] += mu[j * M + n] / lat.N;
  assert.ok(Math.abs(kpmIntervalMass(meanMu, kernel, scale, -scale, scale) - 1) < 1e-12);
});

test('site sampling: S distinct sites, all sites in order when S ≥ N', () => {
  const s = sampleSites(100, 30, seededStream(3));
  assert.equal(new Set(s).size, 30);
  assert.ok(s.every((j) => j >= 0 && j < 100));
  assert.deepEqual([...sampleSites(10, 10, seededStream(3))], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

function paired(a: number[], b: number[]): { mean: number; sem: number } {
  const d = a.map((x, i) => x - b[i]);
  const m = d.reduce((p, q) => p + q, 0) / d.length;
  return { mean: m, sem: Math.sqrt(d.reduce((p, q) => p + (q - m) ** 2, 0) / (d.length - 1) / d.length) };
}

/** Jackknife standard error of ΣK_e/ΣR_e − ΣK_k/ΣR_k over paired realizations. */
function pairedRatio(e: RealizationResult[], k: RealizationResult[], i: number): { diff: number; sem: number; kpm: number } {
  const sum = (rs: RealizationResult[], f: (r: RealizationResult) => number, skip = -1) => rs.reduce((a, r, j) => (j === skip ? a : a + f(r)), 0);
  const ratio = (rs: RealizationResult[], skip = -1) => sum(rs, (r) => r.cK[i], skip) / sum(rs, (r) => r.cR[i], skip);
  const n = e.length;
  const loo = e.map((_, j) => ratio(e, j) - ratio(k, j));
  const m = loo.reduce((a, b) => a + b, 0) / n;
  return { diff: ratio(e) - ratio(k), sem: Math.sqrt(((n - 1) / n) * loo.reduce((a, b) => a + (b - m) ** 2, 0)), kpm: ratio(k) };
}

test('exact vs KPM on the same realizations (L = 6 and 8, every site): P_n, P_n^GOE, C(5 MHz), C(20 MHz), DOS bins', () => {
  // Tolerance: 3 standard errors of the paired difference plus the kernel bias, estimated by
  // Richardson from M and 2M moments (broadening bias ∝ σ² ∝ 1/M²: bias(M) ≈ (4/3)|X(M) − X(2M)|).
  // ≥ 12 realizations: with fewer, the sample standard error itself is too uncertain for a 3σ bar;
  // the ~95 DOS bins of L = 6 get 40 (12 gave one bin in 95 at 5σ: heavy tails of a 12-sample sem).
  for (const [L, R, RD, M] of [[6, 12, 40, 256], [8, 12, 12, 256]] as const) {
    const ex = settingsOf({ L, method: 'exact', realizations: RD, cOmegas: [5e6, 20e6] });
    const k1 = settingsOf({ L, method: 'kpm', moments: M, sites: 100000, realizations: RD, cOmegas: [5e6, 20e6] });
    const k2 = settingsOf({ L, method: 'kpm', moments: 2 * M, sites: 100000, realizations: R, cOmegas: [5e6, 20e6] });
    const ED = Array.from({ length: RD }, (_, r) => exactRealization(ex, r));
    const KD = Array.from({ length: RD }, (_, r) => kpmRealization(k1, r));
    const E = ED.slice(0, R), K = KD.slice(0, R);
    const K2 = Array.from({ length: R }, (_, r) => kpmRealization(k2, r));
    for (const key of ['Pn', 'Pn_goe'] as const) {
      const d = paired(E.map((r) => r.points[0][key]), K.map((r) => r.points[0][key]));
      const bias = (4 / 3) * Math.abs(paired(K.map((r) => r.points[0][key]), K2.map((r) => r.points[0][key])).mean);
      assert.ok(Math.abs(d.mean) <= 3 * d.sem + bias, `L=${L} ${key}: exact − kpm = ${d.mean} ± ${d.sem}, bias ${bias}`);
    }
    for (const i of [0, 1]) {
      const c = pairedRatio(E, K, i);
      const bias = (4 / 3) * Math.abs(pairedRatio(K, K2, i).diff);
      assert.ok(Math.abs(c.diff) <= 3 * c.sem + bias, `L=${L} C(${i ? 20 : 5} MHz): exact − kpm = ${c.diff} ± ${c.sem}, bias ${bias}`);
    }
    // DOS bins: the histogram of the exact levels vs the KPM bin masses; the kernel moves mass
    // across bin edges, so the bias is again estimated from M vs 2M per bin. Outside the spectrum
    // the exact histogram is 0 with zero spread while the Jackson kernel leaves exponentially
    // small tails (≤ 1e-5 of the peak): an absolute floor of 1e-4 × peak covers them.
    const floor = 1e-4 * Math.max(...ED[0].dos);
    for (let b = 0; b < ED[0].dos.length; b++) {
      const d = paired(ED.map((r) => r.dos[b]), KD.map((r) => r.dos[b]));
      const bias = (4 / 3) * Math.abs(paired(K.map((r) => r.dos[b]), K2.map((r) => r.dos[b])).mean);
      assert.ok(Math.abs(d.mean) <= 3 * d.sem + bias + floor, `L=${L} DOS bin ${b}: ${d.mean} ± ${d.sem}, bias ${bias}`);
    }
  }
});
