/**
 * Dormand–Prince 5(4) explicit Runge–Kutta pair with FSAL and Shampine's 4th-order continuous
 * extension (Dormand & Prince, J. Comput. Appl. Math. 6, 1980; Hairer, Nørsett & Wanner,
 * Solving ODEs I, §II.5 Table 5.2 and §II.6 (dense output), as in Hairer's DOPRI5 code).
 *
 * Coefficients are the published rational numbers of the method.
 */
import type { OdeRhs, RkStepper, StepControlParams } from './types.js';

// Nodes.
const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
// Runge–Kutta matrix.
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
// 5th-order weights (= row 7 of A; FSAL).
const B1 = 35 / 384, B3 = 500 / 1113, B4 = 125 / 192, B5 = -2187 / 6784, B6 = 11 / 84;
// Error coefficients b − b̂ (b̂ = 4th-order embedded weights).
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;
// Dense-output coefficients (Shampine 1986, as in Hairer's DOPRI5).
const D1 = -12715105075 / 11282082432, D3 = 87487479700 / 32700410799, D4 = -10690763975 / 1880347072,
  D5 = 701980252875 / 199316789632, D6 = -1453857185 / 822651844, D7 = 69997945 / 29380423;

/** Controller constants of Hairer's DOPRI5 code. */
export const DOPRI5_CONTROL: StepControlParams = {
  expo: 1 / 5,
  beta: 0.04,
  betaWeight: 0.75,
  safe: 0.9,
  facMin: 0.2,
  facMax: 10,
};

/**
 * Dormand–Prince 5(4) stepper (HNW I §II.5; Hairer's DOPRI5). Error norm:
 * sqrt(Σ_i (h·(e·k)_i / sc_i)² / n), sc_i = atol + rtol·max(|y_i|, |yNew_i|).
 * Six new evaluations per step (FSAL); dense output costs none.
 */
export class Dopri5Stepper implements RkStepper {
  readonly n: number;
  readonly order = 5;
  readonly control = DOPRI5_CONTROL;
  t = 0;
  y: Float64Array;
  f0: Float64Array;
  yNew: Float64Array;
  fNew: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly k5: Float64Array;
  private readonly k6: Float64Array;
  private readonly ytmp: Float64Array;
  // Continuous extension y(t + θh) = r1 + θ(r2 + (1−θ)(r3 + θ(r4 + (1−θ) r5))), r1 = y.
  private readonly r2: Float64Array;
  private readonly r3: Float64Array;
  private readonly r4: Float64Array;
  private readonly r5: Float64Array;
  private h = 0;

  constructor(
    private readonly f: OdeRhs,
    n: number,
    private readonly rtol: number,
    private readonly atol: number,
  ) {
    this.n = n;
    this.y = new Float64Array(n);
    this.f0 = new Float64Array(n);
    this.yNew = new Float64Array(n);
    this.fNew = new Float64Array(n);
    this.k2 = new Float64Array(n);
    this.k3 = new Float64Array(n);
    this.k4 = new Float64Array(n);
    this.k5 = new Float64Array(n);
    this.k6 = new Float64Array(n);
    this.ytmp = new Float64Array(n);
    this.r2 = new Float64Array(n);
    this.r3 = new Float64Array(n);
    this.r4 = new Float64Array(n);
    this.r5 = new Float64Array(n);
  }

  init(t0: number, y0: ArrayLike<number>, tEval: number): void {
    this.t = t0;
    this.y.set(y0);
    this.f(tEval, this.y, this.f0);
  }

  refreshDerivative(tEval: number): void {
    this.f(tEval, this.y, this.f0);
  }

  attempt(h: number, tEnd: number): number {
    const { n, y, f0: k1, k2, k3, k4, k5, k6, ytmp, yNew, fNew, f } = this;
    const t = this.t;
    this.h = h;
    for (let i = 0; i < n; i++) ytmp[i] = y[i] + h * A21 * k1[i];
    f(t + C2 * h, ytmp, k2);
    for (let i = 0; i < n; i++) ytmp[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
    f(t + C3 * h, ytmp, k3);
    for (let i = 0; i < n; i++) ytmp[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
    f(t + C4 * h, ytmp, k4);
    for (let i = 0; i < n; i++) ytmp[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
    f(t + C5 * h, ytmp, k5);
    for (let i = 0; i < n; i++) {
      ytmp[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
    }
    f(tEnd, ytmp, k6);
    for (let i = 0; i < n; i++) {
      yNew[i] = y[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
    }
    f(tEnd, yNew, fNew);
    const { rtol, atol } = this;
    let err = 0;
    for (let i = 0; i < n; i++) {
      const sk = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
      const e = (h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * fNew[i])) / sk;
      err += e * e;
    }
    return Math.sqrt(err / n);
  }

  finish(_tEnd: number): void {
    // fNew was needed by the error estimate and is already available.
  }

  prepareDense(): void {
    const { n, h, y, yNew, f0: k1, k3, k4, k5, k6, fNew, r2, r3, r4, r5 } = this;
    for (let i = 0; i < n; i++) {
      const dy = yNew[i] - y[i];
      const bspl = h * k1[i] - dy;
      r2[i] = dy;
      r3[i] = bspl;
      r4[i] = dy - h * fNew[i] - bspl;
      r5[i] = h * (D1 * k1[i] + D3 * k3[i] + D4 * k4[i] + D5 * k5[i] + D6 * k6[i] + D7 * fNew[i]);
    }
  }

  interpolate(theta: number, out: Float64Array): void {
    const { n, y, r2, r3, r4, r5 } = this;
    const s1 = 1 - theta;
    for (let i = 0; i < n; i++) {
      out[i] = y[i] + theta * (r2[i] + s1 * (r3[i] + theta * (r4[i] + s1 * r5[i])));
    }
  }

  accept(tNew: number): void {
    this.t = tNew;
    let tmp = this.y;
    this.y = this.yNew;
    this.yNew = tmp;
    tmp = this.f0;
    this.f0 = this.fNew;
    this.fNew = tmp;
  }
}
