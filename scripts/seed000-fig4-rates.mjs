#!/usr/bin/env node
// Fig. 4c transport speed of the full model vs the effective model (Eqs. B.6, B.7) at Γ_c, with error bars
// from independent batches (not part of npm test; ~1.5 min CPU). Usage:
//   npm run build && node scripts/seed000-fig4-rates.mjs [BATCHES=8] [NTRAJ=48]
// Prints the half-way times of P1 and P4 (to half of Eq. 12's limits ∓7/8) and their ratios (docs/reproduction.md).
const base = new URL('../dist/src/', import.meta.url).href;
const { dressedChainModel } = await import(base + 'models/dressed-chain/model.js');
const { nuclearTransportModel } = await import(base + 'models/nuclear-transport/model.js');
const DRESSED = { relaxation: 'dressed', pumping: 'dressed', polarization: 'dressed', nuclearBasis: 'dressed' };
const batches = Number(process.argv[2] ?? 8), ntraj = Number(process.argv[3] ?? 48), points = 501;
const FIG4 = { ...DRESSED, topology: 'chain', sites: 4, Jd: 62e3, gammaE: 100, tEnd: 0.5, points, method: 'mc' };
/** first time the series crosses `level` (linear interpolation), or NaN */
const cross = (x, y, level) => { const s = Math.sign(level); for (let i = 1; i < y.length; i++) if (s * y[i] >= s * level && s * y[i - 1] < s * level) return x[i - 1] + (x[i] - x[i - 1]) * (level - y[i - 1]) / (y[i] - y[i - 1]); return NaN; };
const targets = { P1: -7 / 16, P4: 7 / 16 }; // half of Eq. 12's limits ∓7/8
const eff = {};
for (const v of ['chain', 'pair']) {
  const r = await nuclearTransportModel.run({ gammaE: 100, gammaVariant: v, gammaEff: 0, topology: 'chain', sites: 4, initial: 'unpolarized', tMax: 0.5, points, outputs: 'P' }, { seed: 1, workers: 1 });
  eff[v] = Object.fromEntries(Object.entries(targets).map(([k, L]) => { const s = r.series.find((q) => q.name === k); return [k, cross(s.x, s.y, L)]; }));
}
console.log('effective half-way times (s): B.6', eff.chain, 'B.7', eff.pair);
const full = { P1: [], P4: [] };
for (let b = 0; b < batches; b++) {
  const r = await dressedChainModel.run({ ...FIG4, ntraj }, { seed: 100 + b, workers: 1 });
  for (const k of ['P1', 'P4']) { const s = r.series.find((q) => q.name === k); full[k].push(cross(s.x, s.y, targets[k])); }
  console.log('batch', b, full.P1.at(-1), full.P4.at(-1));
}
const ms = (a) => { const m = a.reduce((x, y) => x + y, 0) / a.length; const se = Math.sqrt(a.reduce((x, y) => x + (y - m) ** 2, 0) / (a.length - 1) / a.length); return [m, se]; };
for (const k of ['P1', 'P4']) {
  const [m, se] = ms(full[k]);
  // ratio by the delta method
  console.log(`${k}: full t½ = ${(m * 1e3).toFixed(2)} ± ${(se * 1e3).toFixed(2)} ms; B.6/full = ${(eff.chain[k] / m).toFixed(2)} ± ${(eff.chain[k] / m * se / m).toFixed(2)}; B.7/full = ${(eff.pair[k] / m).toFixed(2)} ± ${(eff.pair[k] / m * se / m).toFixed(2)}`);
}
