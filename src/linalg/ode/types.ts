/**
 * Types shared by the explicit Runge–Kutta integrators (`dopri5.ts`, `dop853.ts`) and the
 * public driver (`integrate.ts`).
 *
 * The state is a real `Float64Array`; complex problems pack `[re…, im…]` into one array.
 */

/**
 * Right-hand side of y' = f(t, y). Writes f(t, y) into `dydt` (same length as `y`).
 * It must not keep a reference to `y` or `dydt`: both are integrator-owned buffers that are
 * overwritten on the next call.
 */
export type OdeRhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

/** Options of `integrate()`. */
export interface OdeOptions {
  /** Integration method; default `'dop853'`. */
  method?: 'dopri5' | 'dop853';
  /** Relative tolerance; default 1e-8. */
  rtol?: number;
  /** Absolute tolerance; default 1e-10. */
  atol?: number;
  /** Initial step; default: Hairer's automatic initial-step heuristic (HNW I, §II.4). */
  h0?: number;
  /** Largest step; default: the whole interval times[last] − times[0]. */
  hmax?: number;
  /** Largest number of attempted steps (accepted + rejected); default 1e6. */
  maxSteps?: number;
  /**
   * Called at each output time with the (dense-output) state. `y` is a reused buffer: copy it
   * if you keep it. Returning `false` stops the integration after this output.
   */
  onOutput?: (index: number, t: number, y: Float64Array) => void | boolean;
  /**
   * Times strictly inside (times[0], times[last]) that the integrator must step exactly onto,
   * e.g. discontinuities of a driving term. Stages at a step's end that lands on a stop are
   * evaluated at the float just below the stop, and the next step starts with a fresh derivative
   * at the float just above it, so f may jump at the stop in either convention (`t < ts` or
   * `t <= ts`).
   */
  tstops?: ArrayLike<number>;
  /**
   * Builds the stepper instead of `method` (e.g. DOP853 on vectors in the WebAssembly memory,
   * ./dop853-wasm.ts); it gets the counting wrapper of the right-hand side.
   */
  stepper?: (f: OdeRhs, n: number, rtol: number, atol: number) => RkStepper;
}

/** Work counters of one `integrate()` call. */
export interface OdeStats {
  /** Attempted steps (accepted + rejected). */
  steps: number;
  accepted: number;
  rejected: number;
  /** Every call of the right-hand side, including the initial-step heuristic and dense-output stages. */
  rhsEvaluations: number;
}

/** Result of `integrate()`. */
export interface OdeResult {
  stats: OdeStats;
  /** State at `tFinal` (a fresh array, owned by the caller). */
  yFinal: Float64Array;
  /** times[last] after a full run; the output time at which `onOutput` returned false otherwise. */
  tFinal: number;
}

/**
 * Step-size controller constants of one method (Hairer's DOPRI5 / DOP853 codes):
 * h_new = h · min(facMax, max(facMin, safe · err^(−expo1) · errOld^beta)),
 * with expo1 = 1/q − beta·betaWeight (q = order of the error estimate + 1).
 */
export interface StepControlParams {
  /** 1/q: 1/5 for DOPRI5, 1/8 for DOP853. */
  expo: number;
  /** PI (Lund) stabilisation exponent β: 0.04 for DOPRI5, 0 for DOP853. */
  beta: number;
  /** expo1 = expo − beta·betaWeight: 0.75 for DOPRI5, 0.2 for DOP853. */
  betaWeight: number;
  /** Safety factor (0.9). */
  safe: number;
  /** Smallest step ratio h_new/h (Hairer's fac1: 0.2 / 0.333). */
  facMin: number;
  /** Largest step ratio h_new/h (Hairer's fac2: 10 / 6). */
  facMax: number;
}

/**
 * One explicit embedded Runge–Kutta pair with FSAL and dense output, as used by the driver.
 * The stepper owns the current point (t, y, f0 = f(t, y)) and all stage buffers, allocated once.
 *
 * Protocol per step: `attempt(h, tEnd)` → error; if accepted: `finish(tEnd)` (makes
 * `fNew` = f(t+h, yNew) available), optionally `prepareDense()` + `interpolate()`, then
 * `accept(tNew)`.
 */
export interface RkStepper {
  /** Dimension of the state. */
  readonly n: number;
  /** Classical order of the propagating solution (5 or 8), used for the initial step. */
  readonly order: number;
  /** Step-size controller constants. */
  readonly control: StepControlParams;
  /** Current time. */
  t: number;
  /** Current state (stepper-owned). */
  y: Float64Array;
  /** f(t, y) at the current point (stepper-owned). */
  f0: Float64Array;
  /** Proposed state after the last `attempt`. */
  yNew: Float64Array;
  /** f(tEnd, yNew), valid after `finish`. */
  fNew: Float64Array;
  /** Set the current point to (t0, y0) and evaluate f0 = f(tEval, y0). */
  init(t0: number, y0: ArrayLike<number>, tEval: number): void;
  /**
   * Compute the stages of a step of size h from the current point and yNew; return the scaled
   * error norm (accept when ≤ 1). Stages with node c = 1 are evaluated at time `tEnd`
   * (normally t + h; the float below a tstop when the step lands on one).
   */
  attempt(h: number, tEnd: number): number;
  /** After an accepted attempt: make fNew = f(tEnd, yNew) available (FSAL stage). */
  finish(tEnd: number): void;
  /** After `finish`: build the continuous extension of the step just taken. */
  prepareDense(): void;
  /** After `prepareDense`: write the dense-output state at t + theta·h (theta ∈ [0, 1]) into out. */
  interpolate(theta: number, out: Float64Array): void;
  /** Move the current point to (tNew, yNew, fNew). */
  accept(tNew: number): void;
  /** Re-evaluate f0 = f(tEval, y) at the current point (after landing on a tstop). */
  refreshDerivative(tEval: number): void;
}
