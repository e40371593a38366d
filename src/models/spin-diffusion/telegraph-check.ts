/**
 * Item 3 of issue 13: Eq. 9 against the stochastic Liouville equation (sle.ts) and the
 * Monte Carlo over noise histories (telegraph.ts), for the symmetric process (a) and the
 * asymmetric spin-½ process (b), at Δ/Γ_c values and mean polarizations P̄.
 *
 * Per case: D₁₂ starts at max(Δ, Γ_c) and is divided by √2 until the exact SLE rate is within
 * `tolerance` (0.1 %) of its D₁₂ → 0 limit; the Monte Carlo then runs to T = 1.5/(2W) with
 * 101 output times and fits ln⟨σ_z⟩ on [T/10, T] (T/10 ≫ 1/Γ₂, 1/Γ_c in every case; checked).
 */
import { asymmetricRatePerD2, flipFlopRatePerD2 } from './flip-flop.js';
import { asymmetricTelegraph, sleExactRate, slePerturbativePerD2, symmetricTelegraph, type TelegraphProcess } from './sle.js';
import { combineTelegraphChunks, planTelegraph, runTelegraphChunks, type TelegraphPlan, type TelegraphResult } from './telegraph.js';

export interface ProcessCheck {
  process: 'symmetric' | 'asymmetric';
  /** D₁₂ used (rad/s). */
  d12: number;
  /** W/D₁₂² at second order (s). */
  slePerturbative: number;
  /** Exact SLE W (s⁻¹) at this D₁₂. */
  sleExact: number;
  /** Monte Carlo W (s⁻¹) and batch-means SE. */
  mc: number;
  mcErr: number;
  T: number;
  window: [number, number];
  seed: number;
  trajectories: number;
  switches: number;
}

export interface TelegraphCheckPoint {
  ratio: number;
  pBar: number;
  delta: number;
  /** Eq. 9 W/D₁₂² (s). */
  eq9: number;
  /** Closed form of the asymmetric process W/D₁₂² (s). */
  rtsClosed: number;
  symmetric: ProcessCheck;
  asymmetric: ProcessCheck;
}

export interface TelegraphCheckOptions {
  ratios: number[];
  pBars: number[];
  gammaC: number;
  gamma2: number;
  trajectories: number;
  batches: number;
  seed: number;
  workers?: number;
  tolerance?: number;
  signal?: AbortSignal;
  /** Called with the finished fraction of the cases (0 … 1). */
  progress?: (fraction: number) => void;
}

/**
 * The largest D₁₂ on the grid max(Δ, Γ_c)·2^{−k/2} with |W_exact/(D₁₂² W₂) − 1| ≤ tolerance and
 * 2W ≤ 0.0075·min(Γ₂, Γ_c), so that the Monte Carlo fit window [T/10, T], T = 1.5/(2W), starts
 * after 20/Γ₂ and 20/Γ_c.
 */
export function chooseD12(delta: number, gammaC: number, gamma2: number, proc: TelegraphProcess, tolerance = 1e-3): { d12: number; exact: number; perturbative: number } {
  const pert = slePerturbativePerD2({ delta, gamma2, process: proc });
  let d12 = Math.max(Math.abs(delta), gammaC);
  const maxRate = 0.0075 * Math.min(gamma2, gammaC);
  for (let k = 0; k < 200; k++) {
    const ex = sleExactRate({ delta, d12, gamma2, process: proc }).w;
    if (Math.abs(ex / (d12 * d12 * pert) - 1) <= tolerance && 2 * ex <= maxRate) return { d12, exact: ex, perturbative: pert };
    d12 /= Math.SQRT2;
  }
  throw new RangeError('tolerance: no D₁₂ on the grid reaches the perturbative limit');
}

/** One process of one (P̄, Δ/Γ_c) case: D₁₂, the fit window and the Monte Carlo ensemble. */
interface ProcessRun {
  proc: TelegraphProcess;
  choice: { d12: number; exact: number; perturbative: number };
  T: number;
  seed: number;
  plan: TelegraphPlan;
}

/** One (P̄, Δ/Γ_c) case: the symmetric and the asymmetric process. */
export interface TelegraphCheckCase {
  ratio: number;
  pBar: number;
  delta: number;
  runs: [ProcessRun, ProcessRun];
}

function planProcess(proc: TelegraphProcess, delta: number, o: TelegraphCheckOptions, seed: number): ProcessRun {
  const c = chooseD12(delta, o.gammaC, o.gamma2, proc, o.tolerance ?? 1e-3);
  const T = 1.5 / (2 * c.exact);
  const window: [number, number] = [T / 10, T];
  if (window[0] < 19.99 / o.gamma2 || window[0] < 19.99 / o.gammaC) throw new RangeError(`trajectories: fit window starts at ${window[0]} s, not ≫ 1/Γ₂, 1/Γ_c`);
  const times = Array.from({ length: 101 }, (_, i) => (T * i) / 100);
  const plan = planTelegraph({ delta, d12: c.d12, gamma2: o.gamma2, process: proc, times, trajectories: o.trajectories, batches: o.batches, window, seed });
  return { proc, choice: c, T, seed, plan };
}

/** Every (ratio, P̄) case with its two ensembles; seeds are seed + 2·index (+1 for the asymmetric process). */
export function planTelegraphCheck(o: TelegraphCheckOptions): TelegraphCheckCase[] {
  if (!(o.gammaC > 0)) throw new RangeError(`telegraphGammaC: expected a rate > 0, got ${o.gammaC}`);
  if (!(o.gamma2 > 0)) throw new RangeError(`telegraphGamma2: expected a rate > 0, got ${o.gamma2}`);
  o.pBars.forEach((p) => { if (!(p > -1 && p < 1)) throw new RangeError(`telegraphP: expected values in (−1, 1), got ${p}`); });
  o.ratios.forEach((x) => { if (!(x > 0)) throw new RangeError(`telegraphRatios: expected values > 0, got ${x}`); });
  const out: TelegraphCheckCase[] = [];
  let idx = 0;
  for (const pBar of o.pBars) for (const ratio of o.ratios) {
    const delta = ratio * o.gammaC;
    out.push({
      ratio, pBar, delta,
      runs: [planProcess(symmetricTelegraph(pBar, o.gammaC), delta, o, o.seed + 2 * idx), planProcess(asymmetricTelegraph(pBar, o.gammaC), delta, o, o.seed + 2 * idx + 1)],
    });
    idx++;
  }
  return out;
}

function processCheck(run: ProcessRun, r: TelegraphResult): ProcessCheck {
  return {
    process: run.proc.name, d12: run.choice.d12, slePerturbative: run.choice.perturbative, sleExact: run.choice.exact, mc: r.w, mcErr: r.wErr,
    T: run.T, window: run.plan.window, seed: run.seed, trajectories: r.trajectories, switches: r.switches,
  };
}

/** The check's points from the Monte Carlo results of every case's runs (symmetric, asymmetric, case by case). */
export function telegraphCheckPoints(o: Pick<TelegraphCheckOptions, 'gammaC' | 'gamma2'>, cases: readonly TelegraphCheckCase[], results: readonly TelegraphResult[]): TelegraphCheckPoint[] {
  if (results.length !== 2 * cases.length) throw new RangeError(`telegraph: expected ${2 * cases.length} ensembles, got ${results.length}`);
  return cases.map((c, i) => {
    const prm = { delta: c.delta, pBar: c.pBar, gammaC: o.gammaC, gamma2: o.gamma2 };
    return {
      ratio: c.ratio, pBar: c.pBar, delta: c.delta, eq9: flipFlopRatePerD2(prm), rtsClosed: asymmetricRatePerD2(prm),
      symmetric: processCheck(c.runs[0], results[2 * i]), asymmetric: processCheck(c.runs[1], results[2 * i + 1]),
    };
  });
}

/** Run every (ratio, P̄) case (see planTelegraphCheck). */
export async function telegraphCheck(o: TelegraphCheckOptions): Promise<TelegraphCheckPoint[]> {
  const cases = planTelegraphCheck(o);
  const results: TelegraphResult[] = [];
  for (const [i, c] of cases.entries()) {
    for (const run of c.runs) {
      const start = performance.now();
      const { sums, workers } = await runTelegraphChunks(run.plan, run.plan.chunks.map((ch) => ch.index), {
        ...(o.workers !== undefined ? { workers: o.workers } : {}), ...(o.signal ? { signal: o.signal } : {}),
      });
      results.push(combineTelegraphChunks(run.plan, sums, performance.now() - start, workers));
    }
    o.progress?.((i + 1) / cases.length);
  }
  return telegraphCheckPoints(o, cases, results);
}
