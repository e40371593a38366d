import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dressedChainModel as model } from '../../../src/models/dressed-chain/model.js';
import { bondCoupling } from '../../../src/models/dressed-chain/numerical-coupling.js';
import { buildGraph, GAMMA_E } from '../../../src/models/dressed-chain/lattice.js';
import { dressedHamiltonian } from '../../../src/models/dressed-chain/hamiltonian.js';
import { collapseOperators } from '../../../src/models/dressed-chain/dissipators.js';
import { polarizationObservables } from '../../../src/models/dressed-chain/observables.js';
import { piecewiseJumpSolve } from '../../../src/solvers/piecewise-jumps.js';
import { mirroredTriangularField, modulationSegments, piecewiseTriangularField } from '../../../src/models/dressed-chain/modulation.js';
import { ComplexMatrix, matvecInto } from '../../../src/linalg/dense.js';
import { expm } from '../../../src/linalg/expm.js';
import { ComplexVector } from '../../../src/linalg/vector.js';

const ctx = { seed: 7, workers: 1 };
const series = (r: { series: { name: string; y: number[]; yErr?: number[] }[] }, n: string) => r.series.find((s) => s.name === n)!;

test('4-spin set without pumping: reversible exchange at the full-H coupling, as Eq. 2 predicts', async () => {
  const bc = bondCoupling({ kind: 'pair', Jd: 247e3 });
  const J = bc.halfGap; // Hz
  const tEnd = 1 / (2 * J); // one full back-and-forth of the populations
  const r = await model.run({ topology: 'pair', Jd: 247e3, gammaOp: 0, gammaE: 0, method: 'me', tEnd, points: 9 }, ctx);
  const p1 = series(r, 'P1').y;
  // Eq. 2 at δ_eff = 0: population of b is sin²(2π J t); P1 = +1 in a, −cos θ1 in b (dressed arrow of I1 for m_S = −1).
  const cosT1 = 13 / Math.hypot(13, 13 + 10.7084 * bc.resonanceField); // A_zz = A_zx = 13 MHz, ω_n in MHz
  for (let i = 0; i < 9; i++) {
    const t = (i * tEnd) / 8, pb = Math.sin(2 * Math.PI * J * t) ** 2;
    const pred = (1 - pb) * 1 + pb * -cosT1;
    // MHz-fast dressing wiggles of amplitude ~ (J_d/ΔA)² and off-resonant admixtures: 0.05
    assert.ok(Math.abs(p1[i] - pred) < 0.05, `t=${t}: ${p1[i]} vs Eq. 2 ${pred}`);
  }
});

test('critical pumping: one-way transfer from |↑,0,+½,↓⟩, none from |↓,0,+½,↑⟩', async () => {
  const common = { topology: 'pair', Jd: 247e3, gammaE: 0, method: 'me', tEnd: 1e-4, points: 3 };
  const fwd = series(await model.run({ ...common, pairInitial: 'forward' }, ctx), 'P1').y;
  const rev = series(await model.run({ ...common, pairInitial: 'reverse' }, ctx), 'P1').y;
  // forward: P1 goes from +1 to the b value −0.72 and stays (pumped away from resonance)
  assert.ok(fwd[0] - fwd[2] > 1.5, `forward ΔP1 = ${fwd[0] - fwd[2]}`);
  // reverse: only off-resonant leakage (admixture × Γ_op), < 0.1 in 0.1 ms
  assert.ok(Math.abs(rev[2] - rev[0]) < 0.1, `reverse ΔP1 = ${rev[2] - rev[0]}`);
});

test('4-spin set: QME and block-local trajectories agree within 3 standard errors', async () => {
  // The rate this test was written for (Γ_c/4 = 2π·J_eff). At the default Γ_c the two differ by 6e-4 in P1
  // at 0.1 ms while 300 trajectories scatter by only 8e-5 (7σ): not explained yet, kept open in issue 16.
  const common = { topology: 'pair', Jd: 247e3, gammaE: 0, tEnd: 1e-4, points: 6, gammaOpScale: 0.25 };
  const me = await model.run({ ...common, method: 'me' }, ctx);
  const mc = await model.run({ ...common, method: 'mc', ntraj: 300 }, ctx);
  for (const name of ['P1', 'P2']) {
    const a = series(me, name), b = series(mc, name);
    // statistical: 3σ + 1e-6 (σ = 0 at t = 0)
    for (let i = 0; i < a.y.length; i++) assert.ok(Math.abs(a.y[i] - b.y[i]) <= 3 * b.yErr![i] + 1e-6, `${name}[${i}]: ${a.y[i]} vs ${b.y[i]} ± ${b.yErr![i]}`);
  }
});

test("pumping: Eq. 6's single operator and the two secular operators agree on the 4-spin QME (Γ_op/2ω_e ≈ 1e-5)", async () => {
  const common = { topology: 'pair', Jd: 247e3, gammaE: 0, method: 'me', tEnd: 1e-4, points: 5 };
  const a = await model.run({ ...common, pumping: 'single' }, ctx);
  const b = await model.run({ ...common, pumping: 'separate' }, ctx);
  for (const name of ['P1', 'P2']) for (let i = 0; i < 5; i++) assert.ok(Math.abs(series(a, name).y[i] - series(b, name).y[i]) < 1e-4);
});

test('2-site chain: block-local propagation equals full-space exp(−iHt) (≤ 1e-8)', () => {
  const Jd = 247e3;
  const bc = bondCoupling({ kind: 'chain', Jd });
  const g = buildGraph('chain', { sites: 2, Jd });
  const h = dressedHamiltonian(g).at(bc.resonanceField);
  const n = h.rows;
  const psi0 = new ComplexVector(n);
  bc.block.forEach((gi, i) => { psi0.re[gi] = bc.ketA.re[i]; });
  const obs = polarizationObservables(g);
  const t = 2e-5;
  const r = piecewiseJumpSolve({ hamiltonians: [h], cOps: [], eOps: obs.map((o) => o.op), times: [0, t] }, { ntraj: 1, seed: 1, initial: { ket: { re: psi0.re, im: psi0.im } } });
  const hd = h.toDense();
  const U = expm(new ComplexMatrix(n, n, hd.im.map((x) => x * t), hd.re.map((x) => -x * t)));
  const yr = new Float64Array(n), yi = new Float64Array(n);
  matvecInto(U, psi0.re, psi0.im, yr, yi);
  obs.forEach((o, k) => {
    const od = o.op.toDense();
    let e = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) e += od.re[i * n + j] * (yr[i] * yr[j] + yi[i] * yi[j]);
    assert.ok(Math.abs(e - r.mean[k][1]) < 1e-8, `${o.name}: ${e} vs ${r.mean[k][1]}`);
  });
});

test('QME of the 4-spin set uses the bond blocks and an exact propagator (stats)', async () => {
  const r = await model.run({ topology: 'pair', Jd: 247e3, gammaE: 0, method: 'me', tEnd: 1e-5, points: 2 }, ctx);
  // secular pumping: blocks of m_S − m_S' (4 values) found from sparsity
  assert.ok((r.stats!.blocks as number) >= 4, `blocks ${r.stats!.blocks}`);
  assert.ok(['eigen', 'expm'].includes(r.stats!.method as string), String(r.stats!.method));
});

test('4-site chain from unpolarized nuclei: P1 < 0 < P4 at long times, net polarization conserved', () => {
  const Jd = 62e3;
  const bc = bondCoupling({ kind: 'chain', Jd });
  const g = buildGraph('chain', { sites: 4, Jd });
  const h = dressedHamiltonian(g).at(bc.resonanceField);
  const c = collapseOperators(g, { gammaOp: 2 * Math.PI * bc.halfGap, gammaE: 100, pumping: 'separate' }).map((x) => x.op);
  const obs = polarizationObservables(g);
  const times = [0, 0.1, 0.2, 0.3];
  const probabilities = g.slots.map((s) => Array(s.dim).fill(1 / s.dim) as number[]);
  const r = piecewiseJumpSolve({ hamiltonians: [h], cOps: c, eOps: obs.map((o) => o.op), times }, { ntraj: 16, seed: 11, initial: { product: { dims: g.slots.map((s) => s.dim), probabilities } }, keepTrajectories: true });
  const last = times.length - 1;
  // average P1 and P4 over the last two outputs; 16 trajectories
  const p1 = (r.mean[0][last] + r.mean[0][last - 1]) / 2, p4 = (r.mean[3][last] + r.mean[3][last - 1]) / 2;
  assert.ok(p1 < 0 && p4 > 0, `P1 = ${p1}, P4 = ${p4}`);
  // Pc(t_end) − Pc(0) per trajectory: mean within 3 standard errors of 0 (+0.02 for the lab-vs-dressed projection of P)
  const d = r.trajectories!.map((tr) => tr[4][last] - tr[4][0]);
  const m = d.reduce((a, b) => a + b, 0) / d.length;
  const se = Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / (d.length - 1) / d.length);
  assert.ok(Math.abs(m) <= 3 * se + 0.02, `ΔPc = ${m} ± ${se}`);
});

/** ⟨P1⟩ (lab) of the dressed resonant 2-site state after `tEnd` under a triangular sweep in `segments` pieces (no jumps). */
function sweptP1(center: (resonance: number) => number, deltaB: number, gammaB: number, tEnd: number) {
  const Jd = 247e3;
  const g = buildGraph('chain', { sites: 2, Jd });
  const bc = bondCoupling({ kind: 'chain', Jd });
  const H = dressedHamiltonian(g);
  const obs = polarizationObservables(g);
  const psi0 = new ComplexVector(H.h0.rows);
  bc.block.forEach((gi, i) => { psi0.re[gi] = bc.ketA.re[i]; });
  const solve = (pw: { fields: number[]; schedule: (t: number) => { piece: number; until: number } }) =>
    piecewiseJumpSolve({ hamiltonians: pw.fields.map((B) => H.at(B)), cOps: [], eOps: [obs[0].op], times: [0, tEnd], schedule: pw.schedule }, { ntraj: 1, seed: 1, initial: { ket: { re: psi0.re, im: psi0.im } } }).mean[0][1];
  const run = (segments: number) => solve(piecewiseTriangularField(center(bc.resonanceField), deltaB, gammaB, segments));
  return { run, jEff: bc.halfGap };
}

test('triangular modulation: converges with the piece length (second order)', () => {
  const { run } = sweptP1((r) => r, 2e-6, 2000, 1e-3);
  const a = run(16), b = run(32), c = run(64);
  // errors shrink at least ~2× per halving (midpoint rule is O(h²) for smooth sweeps)
  assert.ok(Math.abs(c - b) < 0.6 * Math.abs(b - a) + 1e-6, `${a} ${b} ${c}`);
});

test('modulated field: the automatic piece count resolves the anticrossing (≤ 2e-3 against 4× finer; 64 pieces are far off)', () => {
  const deltaB = 2e-6, gammaB = 200;
  const { run, jEff } = sweptP1((r) => r + 0.3 * deltaB, deltaB, gammaB, 2 / gammaB); // the sweep crosses the resonance
  const auto = modulationSegments(jEff, deltaB, gammaB, GAMMA_E);
  const a = run(auto), fine = run(4 * auto), coarse = run(64);
  // midpoint rule, second order: measured 1.1e-3 after two periods (4× finer is itself within ~7e-5)
  assert.ok(Math.abs(a - fine) < 2e-3, `auto (${auto} pieces) ${a} vs 4× finer ${fine}`);
  assert.ok(Math.abs(coarse - fine) > 0.05, `64 pieces ${coarse} vs ${fine}: the check must be able to fail`);
});

test('mirrored sweep pieces: half the distinct Hamiltonians, the same field at every time as the uniform pieces', () => {
  const c = 0.05, amp = 1e-5, f = 50, segments = 5688;
  const m = mirroredTriangularField(c, amp, f, segments), u = piecewiseTriangularField(c, amp, f, segments);
  assert.equal(m.distinct, segments / 2);
  let maxDev = 0;
  for (let i = 0; i < 3 * segments; i++) {
    const t = ((i + 0.37) / segments) / f; // inside piece i mod segments of period ⌊i/segments⌋
    const a = m.schedule(t), b = u.schedule(t);
    assert.equal(a.until, b.until);
    maxDev = Math.max(maxDev, Math.abs(m.fields[a.piece] - u.fields[b.piece]));
  }
  assert.ok(maxDev < 1e-17, `field difference ${maxDev} T`);
});
