import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lcg, loadFixture } from '../../helpers.js';
import { andersonDnpModel, resolveSettings } from '../../../src/models/anderson-dnp/model.js';
import { andersonLattice } from '../../../src/models/anderson-dnp/lattice.js';
import { exactRealization, exactSpectrum, inverseParticipationRatio, overlapMatrix, pairWindowSums, siteResolvedPolarization } from '../../../src/models/anderson-dnp/exact.js';
import { matmulReal } from '../../../src/linalg/real-dense.js';
import { realizationLattice, realizationStream } from '../../../src/models/anderson-dnp/realization.js';
import { blochBias } from '../../../src/models/anderson-dnp/bloch.js';
import { issSums, leakageTerm, lorentzian, nuclearPolarization } from '../../../src/models/anderson-dnp/polarization.js';
import { averageRealizations } from '../../../src/models/anderson-dnp/ensemble-core.js';
import { installNodePlatform } from '../../../src/runner/node-platform.js';

installNodePlatform(); // worker threads, so the runs with workers > 1 use them

const TWO_PI = 2 * Math.PI;
const DEFAULTS = Object.fromEntries(andersonDnpModel.parameters.map((p) => [p.name, p.default]));
const settingsOf = (over: Record<string, unknown>) => resolveSettings({ ...DEFAULTS, ...over }, 1);

test('per realization: Σ_β W_αβ = 1, Σ W = N (Eq. 26), tr W/N = I₂ (Eq. 27)', () => {
  for (const over of [{ L: 5 }, { L: 4, boundary: 'open', t: 20e6 }]) {
    const s = settingsOf(over);
    const lat = realizationLattice(s, realizationStream(1, 0));
    const { weights } = exactSpectrum(lat);
    const n = lat.N;
    const W = overlapMatrix(weights, n);
    let total = 0, trace = 0;
    for (let a = 0; a < n; a++) {
      let row = 0;
      for (let b = 0; b < n; b++) row += W[a * n + b];
      // 1e-12: sums of n ≤ 125 products of orthonormal-vector weights.
      assert.ok(Math.abs(row - 1) < 1e-12, `row ${a}: ${row}`);
      total += row;
      trace += W[a * n + a];
    }
    assert.ok(Math.abs(total - n) < 1e-12 * n);
    assert.ok(Math.abs(trace / n - inverseParticipationRatio(weights, n)) < 1e-12);
  }
});

test('numpy fixture (L = 4, periodic and open): eigenvalues, I₂, D, S, PL, Λ, P_n', () => {
  const fx = loadFixture<{ params: Record<string, number>; cases: { boundary: 'periodic' | 'open'; disorder: number[]; eigenvalues: number[]; ipr: number; D: number; S: number; PL: number; Lambda: number; Pn: number }[] }>('anderson-dnp.json');
  const s = settingsOf({ L: 4 });
  for (const c of fx.cases) {
    const lat = andersonLattice(4, s.t, s.w, c.boundary, Float64Array.from(c.disorder));
    const { values, weights } = exactSpectrum(lat);
    const scale = Math.max(...c.eigenvalues.map(Math.abs));
    // Eigenvalues: 1e-12 of the spectral radius (two backward-stable solvers).
    c.eigenvalues.forEach((v, i) => assert.ok(Math.abs(values[i] - v) < 1e-12 * scale, `${c.boundary} λ${i}`));
    const W = overlapMatrix(weights, lat.N);
    assert.ok(Math.abs(inverseParticipationRatio(weights, lat.N) - c.ipr) < 1e-10 * c.ipr);
    const pol = Float64Array.from(values, (v) => blochBias(s.omegaE + v, { omegaMW: s.points[0].omegaMW, omega1: s.omega1, T1e: s.T1e, T2e: s.T2e, beta: s.beta }));
    const sums = issSums(values, pol, W, s.points[0].omegaN, s.T2n);
    const lam = leakageTerm(s.NnOverNe * lat.N, s.A0, s.T1n, s.T2n);
    // Pair sums: 1e-8 relative — L(ω_n + ε_β − ε_α) is steep (T2n·ω_n ≈ 1.3e3), so eigenvalue
    // differences of ~1e-12·‖M‖ ≈ 1e-3 rad/s move single Lorentzian terms by up to ~1e-9 relative.
    assert.ok(Math.abs(sums.difference - c.D) < 1e-8 * Math.abs(c.D), `D ${sums.difference} vs ${c.D}`);
    assert.ok(Math.abs(sums.sum - c.S) < 1e-8 * c.S);
    assert.ok(Math.abs(sums.polarizationLoss - c.PL) < 1e-10 * c.PL);
    assert.ok(Math.abs(lam - c.Lambda) < 1e-14 * c.Lambda);
    const p = nuclearPolarization(sums, lam, Math.tanh((s.beta * s.points[0].omegaN) / 2));
    assert.ok(Math.abs(p.canonical - c.Pn) < 1e-8 * Math.abs(c.Pn), `Pn ${p.canonical} vs ${c.Pn}`);
  }
});

test('DOS moments against the closed forms m2 = w²/12 + 6t², m4 = w⁴/80 + 2w²t² + 90t⁴ (periodic, L = 5), within 4 sem', () => {
  const s = settingsOf({ L: 5, t: 8e6 });
  const m2: number[] = [], m4: number[] = [];
  for (let r = 0; r < 40; r++) {
    const { values } = exactSpectrum(realizationLattice(s, realizationStream(5, r)));
    let a = 0, b = 0;
    for (const v of values) { const f = v / TWO_PI; a += f * f; b += f ** 4; }
    m2.push(a / values.length);
    m4.push(b / values.length);
  }
  const stats = (x: number[]) => {
    const m = x.reduce((p, q) => p + q, 0) / x.length;
    const sd = Math.sqrt(x.reduce((p, q) => p + (q - m) ** 2, 0) / (x.length - 1));
    return { m, sem: sd / Math.sqrt(x.length) };
  };
  const w = 108e6, t = 8e6;
  const a = stats(m2), b = stats(m4);
  assert.ok(Math.abs(a.m - (w * w / 12 + 6 * t * t)) < 4 * a.sem, `m2 ${a.m} ± ${a.sem}`);
  assert.ok(Math.abs(b.m - (w ** 4 / 80 + 2 * w * w * t * t + 90 * t ** 4)) < 4 * b.sem, `m4 ${b.m} ± ${b.sem}`);
});

test('thermal limit: ω₁ = 0 gives P_n = tanh(βω_n/2) within 2 % (sign included)', () => {
  const s = settingsOf({ L: 6, omega1: 0, realizations: 3 });
  const thermal = Math.tanh((s.beta * s.points[0].omegaN) / 2);
  for (let r = 0; r < 3; r++) {
    const q = exactRealization(s, r).points[0];
    assert.ok(q.Pn > 0 && Math.abs(q.Pn / thermal - 1) < 0.02, `Pn ${q.Pn} vs tanh ${thermal}`);
    assert.ok(q.Pn_goe > 0 && Math.abs(q.Pn_goe / thermal - 1) < 0.02, `Pn_goe ${q.Pn_goe} vs tanh ${thermal}`);
  }
});

test('localized limit t → 0: I₂ → 1 and C(ω) → 0 away from ω ≈ 2t', () => {
  const s = settingsOf({ L: 5, t: 1e3, cOmegas: [5e6, 20e6], realizations: 2 });
  const avg = averageRealizations(s, [exactRealization(s, 0), exactRealization(s, 1)]);
  // Perturbative weights: I₂ = 1 − O(t²/δ²) with δ the typical level gap ~ w/N^{1/3}… ≥ 0.99 here.
  assert.ok(avg.scalars.ipr > 0.99, `ipr ${avg.scalars.ipr}`);
  // Overlap of nonresonant states ∝ (t/ω)²: C(5 MHz) ~ 1e-5·N-scale factors ≪ 1.
  assert.ok(avg.scalars['C(5 MHz)'] < 1e-3 && avg.scalars['C(20 MHz)'] < 1e-3, JSON.stringify(avg.scalars));
});

test('sampled GOE surrogate: I₂ = 3/(N + 2) within 3 sem, C ≈ 1, and the Anderson levels are kept exactly', () => {
  const s = settingsOf({ L: 5, goe: 'sampled', realizations: 12, cOmegas: [5e6, 20e6] });
  const rs = Array.from({ length: 12 }, (_, r) => exactRealization(s, r));
  const avg = averageRealizations(s, rs);
  const N = 125;
  assert.ok(Math.abs(avg.scalars.ipr_goe - 3 / (N + 2)) < 3 * avg.errors.ipr_goe, `ipr_goe ${avg.scalars.ipr_goe} ± ${avg.errors.ipr_goe}`);
  for (const k of ['C_goe(5 MHz)', 'C_goe(20 MHz)']) assert.ok(Math.abs(avg.scalars[k] - 1) < 3 * avg.errors[k] + 0.02, `${k} = ${avg.scalars[k]} ± ${avg.errors[k]}`);
  // Same levels: the DOS and m2 of the sampled-GOE run equal those of the Eq. 23 run bit for bit.
  const e23 = exactRealization(settingsOf({ L: 5, realizations: 12, cOmegas: [5e6, 20e6] }), 3);
  assert.deepEqual(rs[3].dos, e23.dos);
  assert.equal(rs[3].m2, e23.m2);
  // Eq. 23 (W = 1/N) and the sampled GOE (W fluctuating around 1/N) agree on P_n on average:
  // paired difference over the 12 realizations within 3 standard errors.
  const diffs = rs.map((r) => r.points[0].Pn_goe - exactRealization(settingsOf({ L: 5, realizations: 12, cOmegas: [5e6, 20e6] }), r.index).points[0].Pn_goe);
  const m = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  const sem = Math.sqrt(diffs.reduce((a, b) => a + (b - m) ** 2, 0) / (diffs.length - 1) / diffs.length);
  assert.ok(Math.abs(m) < 3 * sem, `paired difference ${m} ± ${sem}`);
});

test('C(ω) pair window: brute force over all pairs equals the two-pointer sweep', () => {
  const s = settingsOf({ L: 4 });
  const { values, weights } = exactSpectrum(realizationLattice(s, realizationStream(9, 0)));
  const n = values.length;
  const W = overlapMatrix(weights, n);
  for (const om of [TWO_PI * 1e6, TWO_PI * 5e6, TWO_PI * 20e6]) {
    const h = TWO_PI * 0.25e6;
    let sw = 0, c = 0;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
      const d = values[b] - values[a];
      if (a !== b && d >= om - h && d < om + h) { sw += W[a * n + b]; c++; }
    }
    const p = pairWindowSums(values, W, om, h);
    assert.equal(p.count, c);
    assert.ok(Math.abs(p.sumW - sw) < 1e-12 * Math.max(1, sw));
  }
});

test('the model: same numbers for 1 and 2 worker threads; figures registered; bad input named', async () => {
  const { getModel, listFigures } = await import('../../../src/models/registry.js');
  const model = getModel('anderson-dnp');
  const params = { ...DEFAULTS, L: 4, realizations: 4 };
  const a = await model.run(params, { seed: 3, workers: 1 });
  const b = await model.run(params, { seed: 3, workers: 2 });
  assert.deepEqual(a.scalars, b.scalars);
  assert.deepEqual(a.series, b.series);
  const ids = listFigures().map((f) => f.id).filter((id) => id.startsWith('s001-'));
  assert.deepEqual(ids, ['s001-fig2', 's001-fig3', 's001-fig4a', 's001-fig4b', 's001-fig5', 's001-fig6', 's001-fig7']);
  assert.throws(() => model.validate!({ ...DEFAULTS, L: 2 }), /^RangeError: L: periodic boundaries need L ≥ 3/);
  assert.throws(() => model.validate!({ ...DEFAULTS, goe: 'sampled', method: 'kpm' }), /goe: "sampled" needs method: exact/);
});

test('Eq. C7 (siteResolvedPolarization) in three N×N arrays: bit-identical to forming both F and both F·A at once, and equal to the direct sum', () => {
  // The two-array version is the formulation it replaced (memory, issue 18): the same products and sums in the
  // same order, so ===. The direct O(N³) sum P^j = D_j/(S_j + PL_j) checks both independently (1e-12 relative:
  // sums of ≤ 200² positive-weighted terms in another order).
  const lor = (x: number, T2n: number) => 1 / (1 + T2n * T2n * x * x);
  for (const n of [1, 3, 17, 64, 130, 201]) {
    const g = new Lcg(100 + n);
    const values = Float64Array.from({ length: n }, () => (g.next() - 0.5) * 4e7).sort();
    const pol = Float64Array.from({ length: n }, () => 2 * g.next() - 1);
    const w = Float64Array.from({ length: n * n }, () => g.next() / n);
    const omegaN = 2e6, T2n = 1e-5;
    const got = siteResolvedPolarization(values, pol, w, omegaN, T2n);
    const fd = new Float64Array(n * n), fs = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const l = lorentzian(omegaN + values[b] - values[a], T2n);
        fd[a * n + b] = (pol[a] - pol[b]) * l;
        fs[a * n + b] = (1 - pol[a] * pol[b]) * l;
      }
    }
    const gd = matmulReal(fd, w, n, n, n), gs = matmulReal(fs, w, n, n, n);
    const dj = new Float64Array(n), sj = new Float64Array(n), pj = new Float64Array(n);
    for (let a = 0; a < n; a++) {
      for (let j = 0; j < n; j++) {
        dj[j] += w[a * n + j] * gd[a * n + j];
        sj[j] += w[a * n + j] * gs[a * n + j];
        pj[j] += w[a * n + j] * pol[a];
      }
    }
    let ref = 0;
    for (let j = 0; j < n; j++) ref += dj[j] / (sj[j] + lorentzian(omegaN, T2n) * pj[j] * pj[j]);
    assert.equal(got, ref / n, `n = ${n}: not the same bits as the two-product formulation`);
    let direct = 0;
    for (let j = 0; j < n; j++) {
      let d = 0, s = 0, p = 0;
      for (let a = 0; a < n; a++) {
        p += w[a * n + j] * pol[a];
        for (let b = 0; b < n; b++) {
          const l = lor(omegaN + values[b] - values[a], T2n) * w[a * n + j] * w[b * n + j];
          d += (pol[a] - pol[b]) * l;
          s += (1 - pol[a] * pol[b]) * l;
        }
      }
      direct += d / (s + lor(omegaN, T2n) * p * p);
    }
    direct /= n;
    assert.ok(Math.abs(got - direct) <= 1e-12 * Math.max(1e-300, Math.abs(direct)) + 1e-15, `n = ${n}: ${got} vs direct ${direct}`);
  }
});

test('a disorder average reuses its N×N arrays: the same bits as fresh arrays, and the peak memory does not grow with the number of realizations', async () => {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  // Bits: realization 3 after realizations 0–2 (reused arrays) equals realization 3 in a process of its own.
  const s = settingsOf({ L: 5, realizations: 4, goe: 'sampled' });
  const first = exactRealization(s, 3);
  for (let r = 0; r < 3; r++) exactRealization(s, r);
  assert.deepEqual(exactRealization(s, 3), first, 'realization 3 with the arrays of realizations 0–2');
  // Memory: L = 8 (N = 512: a realization's N² arrays are 2 MB each, six of them before they were reused),
  // 1 vs 10 realizations, each in a fresh process without a thread team. With fresh arrays per realization
  // the garbage collector let the peak grow by ≈ 37 MB over the ten; reused, it grows by ≈ 3 MB. Bound:
  // 12 MB, one realization's arrays as they were.
  const mod = JSON.stringify(fileURLToPath(new URL('../../../src/models/anderson-dnp/', import.meta.url)));
  const peakMb = (R: number): number => {
    const script = `const d = ${mod};
const { resolveSettings } = await import(d + 'model.js');
const { exactRealization } = await import(d + 'exact.js');
const s = resolveSettings({ L: 8, realizations: ${R}, method: 'exact' }, 1);
for (let r = 0; r < ${R}; r++) exactRealization(s, r);
console.log(process.resourceUsage().maxRSS / 1024);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, SPINDRIFT_THREADS: '1' } });
    assert.equal(r.status, 0, r.stderr);
    return Number(r.stdout.trim());
  };
  const one = peakMb(1), ten = peakMb(10);
  assert.ok(ten - one < 12, `peak after 10 realizations ${ten.toFixed(1)} MB vs 1: ${one.toFixed(1)} MB (growth ≥ one realization's arrays)`);
});
