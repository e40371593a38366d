/**
 * exp(t·Q)·p for a real Markov generator Q by uniformization (Jensen's
 * method; A. Jensen, Skand. Aktuarietidskr. 36 (1953) 87–91; W. K. Grassmann,
 * "Transient solutions in Markovian queueing systems", Comput. Oper. Res. 4
 * (1977) 47–53).
 *
 * With a rate Λ ≥ max_x (−Q_xx), the matrix P = I + Q/Λ is non-negative with
 * column sums ≤ 1, and
 *   exp(t·Q) p = Σ_k w_k(Λt) · P^k p,   w_k(λ) = e^{−λ} λ^k / k!  (Poisson weights).
 * One power sequence P^k p serves every output time: the vector for time t_j
 * is accumulated from the terms inside its Poisson window [L_j, R_j]. All
 * arithmetic is real and, for p ≥ 0, a sum of non-negative terms (no
 * cancellation, unlike a Taylor series of Q itself).
 *
 * Truncation bound (rigorous, given ‖P‖₁ ≤ 1): the weights are computed
 * relative to the mode (Fox & Glynn, Commun. ACM 31 (1988) 440–445, in
 * spirit: ratios u_{k±1}/u_k, no e^{−λ} underflow), the window is widened
 * until the geometric bounds on both omitted tails,
 *   Σ_{k>R} u_k ≤ u_R q/(1−q), q = λ/(R+1);   Σ_{k<L} u_k ≤ u_L r/(1−r), r = L/λ,
 * sum to at most tol/2 of the window's mass S, and the kept weights are
 * normalized by S. Then ‖p(t) − p̃(t)‖₁ ≤ 2·(tails/S)·‖p‖₁ ≤ tol·‖p‖₁.
 */

/** y ← Q·x for real vectors of length n (y never aliases x). */
export type RealApply = (x: Float64Array, y: Float64Array) => void;

/** Truncated, normalized Poisson weights of mean λ on [left, left + weights.length). */
export interface PoissonWindow {
  left: number;
  weights: Float64Array;
  /** Bound on the relative mass of the omitted tails (≤ tol / 2). */
  tailBound: number;
}

/**
 * Poisson(λ) weights on the smallest window around the mode whose omitted
 * tails have relative mass ≤ tol/2 (bounds in the module comment).
 */
export function poissonWindow(lambda: number, tol: number): PoissonWindow {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`uniformization: Poisson mean ${lambda} must be finite and ≥ 0`);
  if (!(tol > 0 && tol < 1)) throw new RangeError(`uniformization: tol ${tol} must be in (0, 1)`);
  if (lambda === 0) return { left: 0, weights: Float64Array.of(1), tailBound: 0 };
  const mode = Math.floor(lambda);
  const right: number[] = [1], leftSide: number[] = [];
  let sum = 1;
  // Right tail: u_{k+1} = u_k λ/(k+1); stop when the geometric bound of Σ_{k>R} is small.
  let k = mode, u = 1, rightTail = Infinity;
  for (;;) {
    const q = lambda / (k + 1);
    if (q < 1) {
      rightTail = (u * q) / (1 - q);
      if (rightTail <= 0.25 * tol * sum) break;
    }
    u *= q; k++;
    right.push(u); sum += u;
  }
  // Left tail: u_{k−1} = u_k k/λ; stop at 0 or when Σ_{k<L} is bounded small.
  k = mode; u = 1;
  let leftTail = 0;
  while (k > 0) {
    const r = k / lambda;
    if (r < 1) {
      leftTail = (u * r) / (1 - r);
      if (leftTail <= 0.25 * tol * sum) break;
    }
    u *= r; k--;
    leftSide.push(u); sum += u;
    leftTail = 0;
  }
  const left = mode - leftSide.length;
  const weights = new Float64Array(leftSide.length + right.length);
  for (let i = 0; i < leftSide.length; i++) weights[leftSide.length - 1 - i] = leftSide[i] / sum;
  for (let i = 0; i < right.length; i++) weights[leftSide.length + i] = right[i] / sum;
  return { left, weights, tailBound: (leftTail + rightTail) / sum };
}

/** Number of powers P^k the uniformization of Λ·t needs at tolerance tol (the right end of its Poisson window). */
export function uniformizationTerms(lambdaT: number, tol: number): number {
  const w = poissonWindow(lambdaT, tol);
  return w.left + w.weights.length - 1;
}

export interface UniformizationOptions {
  /** Bound on ‖p(t) − p̃(t)‖₁ relative to ‖p‖₁ at every output time (default 1e-13). */
  tol?: number;
  /** Refuse (RangeError) when more than this many powers would be needed (default 10⁷). */
  maxTerms?: number;
}

export interface UniformizationStats {
  /** Applications of Q (= powers of P computed). */
  matvecs: number;
  /** Λ·max(t). */
  lambdaT: number;
  /** Largest proven bound on ‖p(t) − p̃(t)‖₁ / ‖p‖₁ from the truncation (round-off not included). */
  truncationBound: number;
}

export interface UniformizationResult {
  /** exp(times[j]·Q)·p for each j. */
  states: Float64Array[];
  stats: UniformizationStats;
}

/**
 * exp(t·Q)·p at every t in `times` (each ≥ 0, any order) for a Markov
 * generator Q (off-diagonal entries ≥ 0, column sums ≤ 0) given by its
 * product, with `rate` Λ ≥ max_x(−Q_xx). One power sequence of P = I + Q/Λ up
 * to the largest time's window; see the module comment for the error bound.
 * The caller guarantees the generator property (it is what makes ‖P‖₁ ≤ 1).
 */
export function uniformizedExpmvTimes(applyQ: RealApply, n: number, rate: number, times: ArrayLike<number>, p: Float64Array, options: UniformizationOptions = {}): UniformizationResult {
  const tol = options.tol ?? 1e-13;
  const maxTerms = options.maxTerms ?? 1e7;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`uniformization: rate Λ = ${rate} must be finite and > 0`);
  if (p.length !== n) throw new RangeError(`uniformization: vector length ${p.length} ≠ ${n}`);
  const nt = times.length;
  const windows: PoissonWindow[] = [];
  let last = 0, lambdaT = 0, bound = 0;
  for (let j = 0; j < nt; j++) {
    const t = times[j];
    if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`uniformization: times[${j}] = ${t} must be finite and ≥ 0`);
    const w = poissonWindow(rate * t, tol);
    windows.push(w);
    last = Math.max(last, w.left + w.weights.length - 1);
    lambdaT = Math.max(lambdaT, rate * t);
    bound = Math.max(bound, 2 * w.tailBound);
  }
  if (last > maxTerms) throw new RangeError(`uniformization: Λ·t = ${lambdaT.toExponential(3)} needs ${last} terms (> maxTerms ${maxTerms})`);
  const states = Array.from({ length: nt }, () => new Float64Array(n));
  let v = Float64Array.from(p), w = new Float64Array(n);
  const inv = 1 / rate;
  let matvecs = 0;
  const outs: Float64Array[] = [], coefs: number[] = [];
  for (let k = 0; k <= last; k++) {
    outs.length = 0; coefs.length = 0;
    for (let j = 0; j < nt; j++) {
      const idx = k - windows[j].left;
      if (idx >= 0 && idx < windows[j].weights.length) { outs.push(states[j]); coefs.push(windows[j].weights[idx]); }
    }
    if (k > 0) {
      // v ← P v = v + Q v / Λ, fused with the first output's accumulation
      applyQ(v, w);
      matvecs++;
      if (outs.length > 0) stepAccumulate(v, w, inv, outs[0], coefs[0], n);
      else for (let i = 0; i < n; i++) w[i] = v[i] + w[i] * inv;
      const t = v; v = w; w = t;
    } else if (outs.length > 0) {
      accumulate(outs[0], coefs[0], v, null, 0, n);
    }
    // remaining outputs two at a time (one pass over v per pair)
    for (let a = 1; a < outs.length; a += 2) {
      if (a + 1 < outs.length) accumulate(outs[a], coefs[a], v, outs[a + 1], coefs[a + 1], n);
      else accumulate(outs[a], coefs[a], v, null, 0, n);
    }
  }
  return { states, stats: { matvecs, lambdaT, truncationBound: bound } };
}

/** o1 += c1·v (and o2 += c2·v when o2 is given) in one pass. */
function accumulate(o1: Float64Array, c1: number, v: Float64Array, o2: Float64Array | null, c2: number, n: number): void {
  if (o2 === null) {
    for (let i = 0; i < n; i++) o1[i] += c1 * v[i];
    return;
  }
  for (let i = 0; i < n; i++) { const x = v[i]; o1[i] += c1 * x; o2[i] += c2 * x; }
}

/** w ← v + w/Λ (w held Q v) and o += c·w, in one pass. */
function stepAccumulate(v: Float64Array, w: Float64Array, inv: number, o: Float64Array, c: number, n: number): void {
  for (let i = 0; i < n; i++) { const x = v[i] + w[i] * inv; w[i] = x; o[i] += c * x; }
}
