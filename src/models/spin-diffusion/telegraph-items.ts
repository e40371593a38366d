/**
 * The `telegraph` mode of the seed-002 model as work items: every (P̄, Δ/Γ_c)
 * case runs two Monte Carlo ensembles (symmetric and asymmetric process), and
 * the items of the point are their trajectory chunks (TELEGRAPH_CHUNK
 * trajectories, chunk k starting from the case seed's stream jumped 16·k
 * times), so that a long check splits over machines (`spindrift run --shard`).
 * The mode's `run` is `assemble(compute(every chunk))`: the same reduction in
 * the same order for one machine or many.
 */
import type { ModelResult, PointItems, RunContext, Series } from '../types.js';
import { readParameters } from '../parameters.js';
import { computeItems, partsByEnsemble } from '../ensemble-items.js';
import { SPIN_DIFFUSION_PARAMETERS as parameters } from './parameters.js';
import { planTelegraphCheck, telegraphCheckPoints, type TelegraphCheckOptions, type TelegraphCheckPoint } from './telegraph-check.js';
import { combineTelegraphChunks, plainTelegraphSums, TELEGRAPH_CHUNK, runTelegraphChunks, telegraphSumsFrom, type TelegraphPlan, type TelegraphResult } from './telegraph.js';

/** The check's options from the run parameters. */
function checkOptions(p: Record<string, unknown>, seed: number): TelegraphCheckOptions {
  const par = readParameters(parameters, p);
  return { ratios: par.telegraphRatios, pBars: par.telegraphP, gammaC: par.telegraphGammaC, gamma2: par.telegraphGamma2, trajectories: par.trajectories, batches: par.batches, seed };
}

type Ensembles = { options: TelegraphCheckOptions; cases: ReturnType<typeof planTelegraphCheck>; plans: TelegraphPlan[] };

/** The last point's ensembles: count, compute and assemble of one point (and the units of a shard) plan it once. */
let lastEnsembles: { key: string; value: Ensembles } | null = null;

/** The ensembles of a point, case by case (symmetric, then asymmetric); plans are read-only, so they are shared. */
function ensembles(p: Record<string, unknown>, seed: number): Ensembles {
  const options = checkOptions(p, seed);
  const key = JSON.stringify(options);
  if (lastEnsembles?.key === key) return lastEnsembles.value;
  const cases = planTelegraphCheck(options);
  const value = { options, cases, plans: cases.flatMap((c) => c.runs.map((r) => r.plan)) };
  lastEnsembles = { key, value };
  return value;
}

/** The point's result (W/D₁₂² per method against Δ/Γ_c, one line set per P̄) from the check's points. */
function telegraphResult(p: Record<string, unknown>, pts: readonly TelegraphCheckPoint[], stats: Record<string, unknown>): ModelResult {
  const par = readParameters(parameters, p);
  const series: Series[] = [];
  for (const pb of par.telegraphP) {
    const at = pts.filter((q) => q.pBar === pb);
    const tag = ` P=${pb}`;
    const line = (name: string, f: (q: TelegraphCheckPoint) => number, e?: (q: TelegraphCheckPoint) => number): Series => ({
      name: name + tag, x: at.map((q) => q.ratio), y: at.map(f), ...(e ? { yErr: at.map(e) } : {}),
    });
    series.push(
      line('eq9', (q) => q.eq9),
      line('sle-symmetric', (q) => q.symmetric.slePerturbative),
      line('sle-asymmetric', (q) => q.asymmetric.slePerturbative),
      line('mc-symmetric', (q) => q.symmetric.mc / q.symmetric.d12 ** 2, (q) => q.symmetric.mcErr / q.symmetric.d12 ** 2),
      line('mc-asymmetric', (q) => q.asymmetric.mc / q.asymmetric.d12 ** 2, (q) => q.asymmetric.mcErr / q.asymmetric.d12 ** 2),
      line('rts-closed', (q) => q.rtsClosed),
    );
  }
  const names = series.map((x) => x.name);
  return {
    series, xLabel: 'Δ/Γ_c', yLabel: 'W/D₁₂² (s)',
    decorations: { dashed: names.filter((n) => n.startsWith('sle-') || n.startsWith('rts-')), pointsOnly: names.filter((n) => n.startsWith('mc-')) },
    meta: { points: pts.map((q) => ({ ...q })), gammaC_per_s: par.telegraphGammaC, gamma2_per_s: par.telegraphGamma2 },
    notes: [
      'eq9: closed form; sle-*: second-order rate from the augmented-coherence resolvent; mc-*: Monte Carlo rate / D₁₂² with batch-means SE (exact in D₁₂, D₁₂ chosen so the exact SLE rate is within 0.1 % of the D₁₂ → 0 limit); rts-closed: closed form of the asymmetric process',
      ...pts.map((q) => `Δ/Γ_c = ${q.ratio}, P̄ = ${q.pBar}: MC/SLE-exact symmetric ${(q.symmetric.mc / q.symmetric.sleExact).toFixed(4)} ± ${(q.symmetric.mcErr / q.symmetric.sleExact).toFixed(4)}, asymmetric ${(q.asymmetric.mc / q.asymmetric.sleExact).toFixed(4)} ± ${(q.asymmetric.mcErr / q.asymmetric.sleExact).toFixed(4)}`),
    ],
    stats: { switches: pts.reduce((a, q) => a + q.symmetric.switches + q.asymmetric.switches, 0), ...stats },
  };
}

/** Work items of a `telegraph` point (see the module comment); the other modes are one unit. */
export const telegraphItems: PointItems = {
  async count(p) {
    if (String(p.mode) !== 'telegraph') return null;
    // Two ensembles per (P̄, Δ/Γ_c) case, of ⌈trajectories / TELEGRAPH_CHUNK⌉ chunks each (planning, with its D₁₂ search, waits for compute).
    const o = checkOptions(p, 1);
    return 2 * o.pBars.length * o.ratios.length * Math.ceil(o.trajectories / TELEGRAPH_CHUNK);
  },
  async compute(p, indices, context) {
    const { plans } = ensembles(p, context.seed);
    const progress = context.progress;
    return computeItems(plans.map((pl) => pl.chunks.length), indices, 'spin-diffusion telegraph', async (e, chunks, done) => {
      const { sums } = await runTelegraphChunks(plans[e], chunks, { workers: context.workers, ...(context.signal ? { signal: context.signal } : {}) });
      progress?.((done + chunks.length) / indices.length);
      return sums.map(plainTelegraphSums);
    });
  },
  async assemble(p, parts, context) {
    const { options, cases, plans } = ensembles(p, context.seed);
    const byEnsemble = partsByEnsemble<unknown>(plans.map((pl) => pl.chunks.length), parts, 'spin-diffusion telegraph');
    const results: TelegraphResult[] = plans.map((pl, e) => combineTelegraphChunks(pl, byEnsemble[e].map(telegraphSumsFrom)));
    return telegraphResult(p, telegraphCheckPoints(options, cases, results), {});
  },
};

/** Mode `telegraph`: every chunk of every case's ensembles, then the assembly of a sharded run. */
export async function runTelegraph(p: Record<string, unknown>, ctx: RunContext): Promise<ModelResult> {
  const start = performance.now();
  const count = (await telegraphItems.count(p)) as number;
  const parts = await telegraphItems.compute(p, Array.from({ length: count }, (_, i) => i), ctx);
  const r = await telegraphItems.assemble(p, parts, ctx);
  return { ...r, stats: { ...r.stats, wallTimeMs: performance.now() - start } };
}
