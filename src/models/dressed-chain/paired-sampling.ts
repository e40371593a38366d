/**
 * Paired ("spin-flipped partner") sampling of mixed initial states for the
 * block-local quantum jumps of the dressed chain.
 *
 * A product initial state is unravelled by sampling one basis configuration
 * per trajectory (piecewise-jumps.ts). Independent samples give an ensemble
 * whose initial polarizations scatter around their mean: 6 trajectories of
 * Fig. 4c start at ΣP = −1/3 where the maximally mixed state has ΣP = 0. Here
 * trajectories come in pairs: the first of a pair samples a configuration, the
 * second starts from its partner with every spin whose distribution is
 * symmetric flipped (index i → d − 1 − i of each tensor factor with
 * p_i = p_{d−1−i}: unpolarized nuclei, maximally mixed electrons; polarized
 * nuclei keep their arrow). Each half is an exact unravelling of ρ0 (the
 * flip maps the distribution to itself), so averages stay unbiased, and every
 * pair's initial P_j of an unpolarized spin is exactly +1 − 1 = 0: the
 * ensemble starts with the net polarization of ρ0 (to rounding).
 *
 * How: the two halves are two runs of the solver with the same seed, the
 * second with the sampled basis index k mapped to the ket of flip(k) (the
 * `states` rows permuted). Trajectory j of both runs draws its initial index
 * first from the same random stream (the solver's documented reproducibility
 * rule), so the halves pair up trajectory by trajectory; they also share the
 * stream for their jumps (common random numbers). Standard errors are those
 * of the pair means, which are independent.
 */
import { piecewiseJumpSolveParallel, type PiecewiseInitialState, type PiecewiseJumpOptions, type PiecewiseJumpProblem, type PiecewiseJumpResult } from '../../solvers/piecewise-jumps.js';

type Product = Extract<PiecewiseInitialState, { product: unknown }>['product'];
/** CSR rows of the kets that replace sampled basis states. */
type States = NonNullable<Product['states']>;

/** Index map of the spin flip: each factor with a symmetric distribution reversed, the others kept; null when no factor is symmetric. */
export function flipMap(dims: readonly number[], probabilities: readonly (readonly number[])[]): Int32Array | null {
  const symmetric = probabilities.map((p, f) => dims[f] > 1 && p.every((v, i) => v === p[dims[f] - 1 - i]));
  if (!symmetric.some(Boolean)) return null;
  const n = dims.reduce((a, b) => a * b, 1);
  const map = new Int32Array(n);
  for (let g = 0; g < n; g++) {
    let r = g, out = 0, stride = 1;
    for (let f = dims.length - 1; f >= 0; f--) {
      const i = r % dims[f];
      r = Math.floor(r / dims[f]);
      out += (symmetric[f] ? dims[f] - 1 - i : i) * stride;
      stride *= dims[f];
    }
    map[g] = out;
  }
  return map;
}

/** The partner distribution: sampling index k yields the ket of flip(k) (row flip(k) of `states`, or basis state flip(k)). */
export function partnerProduct(product: Product, map: Int32Array): Product {
  const n = map.length;
  const s = product.states;
  if (!s) {
    return { ...product, states: { rows: n, cols: n, rowPtr: Int32Array.from({ length: n + 1 }, (_, i) => i), colIndex: Int32Array.from(map), re: new Float64Array(n).fill(1), im: new Float64Array(n) } satisfies States };
  }
  const rowPtr = new Int32Array(n + 1);
  for (let g = 0; g < n; g++) rowPtr[g + 1] = rowPtr[g] + (s.rowPtr[map[g] + 1] - s.rowPtr[map[g]]);
  const nnz = rowPtr[n];
  const colIndex = new Int32Array(nnz), re = new Float64Array(nnz), im = new Float64Array(nnz);
  for (let g = 0; g < n; g++) {
    const a = s.rowPtr[map[g]], len = s.rowPtr[map[g] + 1] - a;
    colIndex.set(s.colIndex.subarray(a, a + len), rowPtr[g]);
    re.set(s.re.subarray(a, a + len), rowPtr[g]);
    im.set(s.im.subarray(a, a + len), rowPtr[g]);
  }
  return { ...product, states: { ...s, rowPtr, colIndex, re, im } };
}

/**
 * Trajectory averages with paired initial samples (see the module comment):
 * ⌈ntraj/2⌉ pairs. Falls back to the plain solver for a ket, a single
 * trajectory, or a distribution without a symmetric factor. `paired` in the
 * result says which was done.
 */
export async function pairedJumpSolve(problem: PiecewiseJumpProblem, options: PiecewiseJumpOptions & { workers?: number }): Promise<PiecewiseJumpResult & { pairs: number }> {
  const init = options.initial;
  const map = 'product' in init && options.ntraj >= 2 ? flipMap(init.product.dims, init.product.probabilities) : null;
  if (!map || !('product' in init)) return { ...(await piecewiseJumpSolveParallel(problem, options)), pairs: 0 };
  const pairs = Math.ceil(options.ntraj / 2);
  const half = (initial: PiecewiseInitialState, from: number) => piecewiseJumpSolveParallel(problem, {
    ...options, ntraj: pairs, initial, keepTrajectories: true,
    ...(options.progress ? { progress: (f: number) => options.progress!((from + f) / 2) } : {}),
  });
  const a = await half(init, 0);
  const b = await half({ product: partnerProduct(init.product, map) }, 1);
  const ta = a.trajectories!, tb = b.trajectories!;
  const nObs = a.mean.length, nt = a.times.length;
  const mean: Float64Array[] = [], stdErr: Float64Array[] = [];
  for (let k = 0; k < nObs; k++) {
    const m = new Float64Array(nt), e = new Float64Array(nt);
    for (let i = 0; i < nt; i++) {
      let s = 0, s2 = 0;
      for (let j = 0; j < pairs; j++) {
        const y = (ta[j][k][i] + tb[j][k][i]) / 2;
        s += y; s2 += y * y;
      }
      const mu = s / pairs;
      m[i] = mu;
      e[i] = pairs > 1 ? Math.sqrt(Math.max(0, s2 / pairs - mu * mu) * pairs / (pairs - 1) / pairs) : 0;
    }
    mean.push(m); stdErr.push(e);
  }
  const jumpCounts = Float64Array.from(a.jumpCounts, (v, i) => v + b.jumpCounts[i]);
  return {
    times: a.times, mean, stdErr, jumpCounts, pairs,
    ...(options.keepTrajectories ? { trajectories: ta.flatMap((t, j) => [t, tb[j]]) } : {}),
    stats: { ...a.stats, wallTimeMs: a.stats.wallTimeMs + b.stats.wallTimeMs, jumps: a.stats.jumps + b.stats.jumps, pairedSampling: { pairs, trajectories: 2 * pairs } },
  };
}
