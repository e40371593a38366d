/**
 * Dormand–Prince 8(5,3) explicit Runge–Kutta method with FSAL and its 7th-order continuous
 * extension (Prince & Dormand, J. Comput. Appl. Math. 7, 1981; Hairer, Nørsett & Wanner,
 * Solving ODEs I, §II.5 and §II.6, as implemented in Hairer's DOP853 code).
 *
 * The error estimate combines the 5th-order estimator err5 and the 3rd-order estimator err3
 * as in DOP853: err = |h| · ‖err5‖² / sqrt(n · (‖err5‖² + 0.01·‖err3‖²)) with the unnormalised
 * sums ‖v‖² = Σ (v_i / sc_i)², sc_i = atol + rtol·max(|y_i|, |yNew_i|).
 *
 * The dense output needs three extra stages (c = 0.1, 0.2, 7/9), computed only for steps in
 * which an output is requested.
 */
import type { OdeRhs, RkStepper, StepControlParams } from './types.js';

// Coefficients: Hairer's DOP853 coefficient set, transcribed digit for digit from SciPy's
// `scipy/integrate/_ivp/dop853_coefficients.py` (same numbers as the DOP853 Fortran code).
// Indices are 0-based stage numbers as in that file: stage 0 is f(t, y), stages 1..11 are the
// method's stages, stage 12 is the FSAL stage f(t + h, yNew) and stages 13..15 are the extra
// dense-output stages. Row 12 of A holds the 8th-order weights b.
// Nodes c_s (index s = stage, 0-based as in the source).
const C1 = 0.526001519587677318785587544488e-01;
const C2 = 0.789002279381515978178381316732e-01;
const C3 = 0.118350341907227396726757197510;
const C4 = 0.281649658092772603273242802490;
const C5 = 0.333333333333333333333333333333;
const C6 = 0.25;
const C7 = 0.307692307692307692307692307692;
const C8 = 0.651282051282051282051282051282;
const C9 = 0.6;
const C10 = 0.857142857142857142857142857142;
const C13 = 0.1;
const C14 = 0.2;
const C15 = 0.777777777777777777777777777778;
// Runge–Kutta matrix a_sj (nonzero entries only).
const A1_0 = 5.26001519587677318785587544488e-2;
const A2_0 = 1.97250569845378994544595329183e-2;
const A2_1 = 5.91751709536136983633785987549e-2;
const A3_0 = 2.95875854768068491816892993775e-2;
const A3_2 = 8.87627564304205475450678981324e-2;
const A4_0 = 2.41365134159266685502369798665e-1;
const A4_2 = -8.84549479328286085344864962717e-1;
const A4_3 = 9.24834003261792003115737966543e-1;
const A5_0 = 3.7037037037037037037037037037e-2;
const A5_3 = 1.70828608729473871279604482173e-1;
const A5_4 = 1.25467687566822425016691814123e-1;
const A6_0 = 3.7109375e-2;
const A6_3 = 1.70252211019544039314978060272e-1;
const A6_4 = 6.02165389804559606850219397283e-2;
const A6_5 = -1.7578125e-2;
const A7_0 = 3.70920001185047927108779319836e-2;
const A7_3 = 1.70383925712239993810214054705e-1;
const A7_4 = 1.07262030446373284651809199168e-1;
const A7_5 = -1.53194377486244017527936158236e-2;
const A7_6 = 8.27378916381402288758473766002e-3;
const A8_0 = 6.24110958716075717114429577812e-1;
const A8_3 = -3.36089262944694129406857109825;
const A8_4 = -8.68219346841726006818189891453e-1;
const A8_5 = 2.75920996994467083049415600797e1;
const A8_6 = 2.01540675504778934086186788979e1;
const A8_7 = -4.34898841810699588477366255144e1;
const A9_0 = 4.77662536438264365890433908527e-1;
const A9_3 = -2.48811461997166764192642586468;
const A9_4 = -5.90290826836842996371446475743e-1;
const A9_5 = 2.12300514481811942347288949897e1;
const A9_6 = 1.52792336328824235832596922938e1;
const A9_7 = -3.32882109689848629194453265587e1;
const A9_8 = -2.03312017085086261358222928593e-2;
const A10_0 = -9.3714243008598732571704021658e-1;
const A10_3 = 5.18637242884406370830023853209;
const A10_4 = 1.09143734899672957818500254654;
const A10_5 = -8.14978701074692612513997267357;
const A10_6 = -1.85200656599969598641566180701e1;
const A10_7 = 2.27394870993505042818970056734e1;
const A10_8 = 2.49360555267965238987089396762;
const A10_9 = -3.0467644718982195003823669022;
const A11_0 = 2.27331014751653820792359768449;
const A11_3 = -1.05344954667372501984066689879e1;
const A11_4 = -2.00087205822486249909675718444;
const A11_5 = -1.79589318631187989172765950534e1;
const A11_6 = 2.79488845294199600508499808837e1;
const A11_7 = -2.85899827713502369474065508674;
const A11_8 = -8.87285693353062954433549289258;
const A11_9 = 1.23605671757943030647266201528e1;
const A11_10 = 6.43392746015763530355970484046e-1;
const A12_0 = 5.42937341165687622380535766363e-2;
const A12_5 = 4.45031289275240888144113950566;
const A12_6 = 1.89151789931450038304281599044;
const A12_7 = -5.8012039600105847814672114227;
const A12_8 = 3.1116436695781989440891606237e-1;
const A12_9 = -1.52160949662516078556178806805e-1;
const A12_10 = 2.01365400804030348374776537501e-1;
const A12_11 = 4.47106157277725905176885569043e-2;
const A13_0 = 5.61675022830479523392909219681e-2;
const A13_6 = 2.53500210216624811088794765333e-1;
const A13_7 = -2.46239037470802489917441475441e-1;
const A13_8 = -1.24191423263816360469010140626e-1;
const A13_9 = 1.5329179827876569731206322685e-1;
const A13_10 = 8.20105229563468988491666602057e-3;
const A13_11 = 7.56789766054569976138603589584e-3;
const A13_12 = -8.298e-3;
const A14_0 = 3.18346481635021405060768473261e-2;
const A14_5 = 2.83009096723667755288322961402e-2;
const A14_6 = 5.35419883074385676223797384372e-2;
const A14_7 = -5.49237485713909884646569340306e-2;
const A14_10 = -1.08347328697249322858509316994e-4;
const A14_11 = 3.82571090835658412954920192323e-4;
const A14_12 = -3.40465008687404560802977114492e-4;
const A14_13 = 1.41312443674632500278074618366e-1;
const A15_0 = -4.28896301583791923408573538692e-1;
const A15_5 = -4.69762141536116384314449447206;
const A15_6 = 7.68342119606259904184240953878;
const A15_7 = 4.06898981839711007970213554331;
const A15_8 = 3.56727187455281109270669543021e-1;
const A15_12 = -1.39902416515901462129418009734e-3;
const A15_13 = 2.9475147891527723389556272149;
const A15_14 = -9.15095847217987001081870187138;
// 3rd-order estimator: E3 = b − bhh; the bhh corrections of stages 0, 8, 11.
const BHH0 = 0.244094488188976377952755905512;
const BHH8 = 0.733846688281611857341361741547;
const BHH11 = 0.220588235294117647058823529412e-1;
// 5th-order error estimator coefficients.
const ER0 = 0.1312004499419488073250102996e-1;
const ER5 = -0.1225156446376204440720569753e+1;
const ER6 = -0.4957589496572501915214079952;
const ER7 = 0.1664377182454986536961530415e+1;
const ER8 = -0.3503288487499736816886487290;
const ER9 = 0.3341791187130174790297318841;
const ER10 = 0.8192320648511571246570742613e-1;
const ER11 = -0.2235530786388629525884427845e-1;
// Dense-output coefficients (rows 4..7 of the interpolant).
const D0_0 = -0.84289382761090128651353491142e+1;
const D0_5 = 0.56671495351937776962531783590;
const D0_6 = -0.30689499459498916912797304727e+1;
const D0_7 = 0.23846676565120698287728149680e+1;
const D0_8 = 0.21170345824450282767155149946e+1;
const D0_9 = -0.87139158377797299206789907490;
const D0_10 = 0.22404374302607882758541771650e+1;
const D0_11 = 0.63157877876946881815570249290;
const D0_12 = -0.88990336451333310820698117400e-1;
const D0_13 = 0.18148505520854727256656404962e+2;
const D0_14 = -0.91946323924783554000451984436e+1;
const D0_15 = -0.44360363875948939664310572000e+1;
const D1_0 = 0.10427508642579134603413151009e+2;
const D1_5 = 0.24228349177525818288430175319e+3;
const D1_6 = 0.16520045171727028198505394887e+3;
const D1_7 = -0.37454675472269020279518312152e+3;
const D1_8 = -0.22113666853125306036270938578e+2;
const D1_9 = 0.77334326684722638389603898808e+1;
const D1_10 = -0.30674084731089398182061213626e+2;
const D1_11 = -0.93321305264302278729567221706e+1;
const D1_12 = 0.15697238121770843886131091075e+2;
const D1_13 = -0.31139403219565177677282850411e+2;
const D1_14 = -0.93529243588444783865713862664e+1;
const D1_15 = 0.35816841486394083752465898540e+2;
const D2_0 = 0.19985053242002433820987653617e+2;
const D2_5 = -0.38703730874935176555105901742e+3;
const D2_6 = -0.18917813819516756882830838328e+3;
const D2_7 = 0.52780815920542364900561016686e+3;
const D2_8 = -0.11573902539959630126141871134e+2;
const D2_9 = 0.68812326946963000169666922661e+1;
const D2_10 = -0.10006050966910838403183860980e+1;
const D2_11 = 0.77771377980534432092869265740;
const D2_12 = -0.27782057523535084065932004339e+1;
const D2_13 = -0.60196695231264120758267380846e+2;
const D2_14 = 0.84320405506677161018159903784e+2;
const D2_15 = 0.11992291136182789328035130030e+2;
const D3_0 = -0.25693933462703749003312586129e+2;
const D3_5 = -0.15418974869023643374053993627e+3;
const D3_6 = -0.23152937917604549567536039109e+3;
const D3_7 = 0.35763911791061412378285349910e+3;
const D3_8 = 0.93405324183624310003907691704e+2;
const D3_9 = -0.37458323136451633156875139351e+2;
const D3_10 = 0.10409964950896230045147246184e+3;
const D3_11 = 0.29840293426660503123344363579e+2;
const D3_12 = -0.43533456590011143754432175058e+2;
const D3_13 = 0.96324553959188282948394950600e+2;
const D3_14 = -0.39177261675615439165231486172e+2;
const D3_15 = -0.14972683625798562581422125276e+3;
// (Stages 11 and 12 have node c = 1: they are evaluated at the step's end time.)

/** Controller constants of Hairer's DOP853 code (no PI stabilisation by default). */
export const DOP853_CONTROL: StepControlParams = {
  expo: 1 / 8,
  beta: 0,
  betaWeight: 0.2,
  safe: 0.9,
  facMin: 0.333,
  facMax: 6,
};

/** DOP853's scaled error from the sums Σ(e5/sk)², Σ(e3/sk)² over n components (module comment). */
export function dop853ErrorNorm(h: number, n: number, err5: number, err3: number): number {
  let deno = err5 + 0.01 * err3;
  if (deno <= 0) deno = 1;
  return (Math.abs(h) * err5) / Math.sqrt(n * deno);
}

/**
 * Dormand–Prince 8(5,3) stepper (Hairer's DOP853). Eleven new evaluations per attempted step,
 * one more (the FSAL stage) per accepted step, and three more per step that produces dense output.
 */
export class Dop853Stepper implements RkStepper {
  readonly n: number;
  readonly order = 8;
  readonly control = DOP853_CONTROL;
  t = 0;
  y: Float64Array;
  f0: Float64Array;
  yNew: Float64Array;
  fNew: Float64Array;
  /**
   * The stages by index (0..15, as in the coefficients): k[0] and k[12] point at the current f0
   * and fNew (set at each use, since `accept` swaps them), k[13..15] share the arrays of k[1..3].
   */
  private readonly k: Float64Array[];
  private readonly ytmp: Float64Array;
  // Continuous extension (HNW I §II.6; DOP853's CONTD8), θ ∈ [0, 1], θ1 = 1 − θ:
  // y(t+θh) = y + θ(F0 + θ1(F1 + θ(F2 + θ1(F3 + θ(F4 + θ1(F5 + θ F6)))))).
  private readonly F: Float64Array[];
  private h = 0;

  constructor(
    private readonly f: OdeRhs,
    n: number,
    private readonly rtol: number,
    private readonly atol: number,
  ) {
    this.n = n;
    const mk = () => new Float64Array(n);
    this.y = mk();
    this.f0 = mk();
    this.yNew = mk();
    this.fNew = mk();
    const stages = Array.from({ length: 11 }, mk);
    this.k = [this.f0, ...stages, this.fNew, stages[0], stages[1], stages[2]];
    this.ytmp = mk();
    this.F = [mk(), mk(), mk(), mk(), mk(), mk(), mk()];
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
    const { n, y, ytmp, yNew, f, k } = this;
    const k0 = this.f0;
    const t = this.t;
    this.h = h;
    k[0] = k0;
    // Stage 1 rounds as y + (h·a₁₀)·k0 (the transcription every other stepper of the method matches).
    for (let i = 0; i < n; i++) ytmp[i] = y[i] + h * A1_0 * k0[i];
    f(t + C1 * h, ytmp, k[1]);
    for (let s = 2; s <= 11; s++) {
      combineStages(n, h, y, k, STAGE_TERMS, STAGE_COEFS, STAGE_START[s - 1], STAGE_START[s], ytmp);
      f(s === 11 ? tEnd : t + STAGE_NODES[s] * h, ytmp, k[s]);
    }
    const k5 = k[5], k6 = k[6], k7 = k[7], k8 = k[8], k9 = k[9], k10 = k[10], k11 = k[11];
    const { rtol, atol } = this;
    let err5 = 0;
    let err3 = 0;
    for (let i = 0; i < n; i++) {
      const incr =
        A12_0 * k0[i] + A12_5 * k5[i] + A12_6 * k6[i] + A12_7 * k7[i] + A12_8 * k8[i] + A12_9 * k9[i] +
        A12_10 * k10[i] + A12_11 * k11[i];
      const yi = y[i];
      const yn = yi + h * incr;
      yNew[i] = yn;
      const sk = atol + rtol * Math.max(Math.abs(yi), Math.abs(yn));
      const e3 = (incr - BHH0 * k0[i] - BHH8 * k8[i] - BHH11 * k11[i]) / sk;
      const e5 =
        (ER0 * k0[i] + ER5 * k5[i] + ER6 * k6[i] + ER7 * k7[i] + ER8 * k8[i] + ER9 * k9[i] + ER10 * k10[i] +
          ER11 * k11[i]) /
        sk;
      err3 += e3 * e3;
      err5 += e5 * e5;
    }
    return dop853ErrorNorm(h, n, err5, err3);
  }

  finish(tEnd: number): void {
    this.f(tEnd, this.yNew, this.fNew);
  }

  prepareDense(): void {
    const { n, h, y, yNew, ytmp, f, F, k } = this;
    const t = this.t;
    // Stages 0 and 12 are the current f0 and fNew; the extra stages 13..15 write into the arrays
    // of stages 1..3 (the constructor's aliases), which the interpolant does not need.
    const k0 = this.f0, k12 = this.fNew;
    k[0] = k0;
    k[12] = k12;
    for (let s = 13; s <= 15; s++) {
      combineStages(n, h, y, k, STAGE_TERMS, STAGE_COEFS, STAGE_START[s - 2], STAGE_START[s - 1], ytmp);
      f(t + STAGE_NODES[s] * h, ytmp, k[s]);
    }
    const F0 = F[0], F1 = F[1], F2 = F[2];
    for (let i = 0; i < n; i++) {
      const dy = yNew[i] - y[i];
      const a0 = k0[i];
      F0[i] = dy;
      F1[i] = h * a0 - dy;
      F2[i] = 2 * dy - h * (k12[i] + a0);
    }
    // F3..F6 = h·Σ_j d_rj k_j, summed in the order of the stages (the rounding of the unrolled sums).
    for (let r = 0; r < 4; r++) {
      const out = F[3 + r];
      accumulate(n, k, DENSE_TERMS, DENSE_COEFS, r * DENSE_ROW, (r + 1) * DENSE_ROW, out);
      for (let i = 0; i < n; i++) out[i] = h * out[i];
    }
  }

  interpolate(theta: number, out: Float64Array): void {
    const { n, y, F } = this;
    const F0 = F[0], F1 = F[1], F2 = F[2], F3 = F[3], F4 = F[4], F5 = F[5], F6 = F[6];
    const s = theta;
    const s1 = 1 - theta;
    for (let i = 0; i < n; i++) {
      out[i] = y[i] + s * (F0[i] + s1 * (F1[i] + s * (F2[i] + s1 * (F3[i] + s * (F4[i] + s1 * (F5[i] + s * F6[i]))))));
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

/** One stage row: node c and the nonzero a_sj as [j, a_sj] (j = stage index, as in the constants above). */
export interface Dop853StageRow {
  c: number;
  a: readonly (readonly [number, number])[];
}

/**
 * The coefficients above as tables, for steppers that keep their vectors elsewhere
 * (./dop853-wasm.ts: the same stages, in the same rounding order as `Dop853Stepper`).
 * stages[s − 1] is stage s = 1 … 11 (stage 11 is evaluated at the step's end);
 * weights are the 8th-order b_j (row 12 of A), bhh the 3rd-order corrections of
 * stages 0, 8, 11, er the 5th-order error weights; denseStages are stages 13 … 15
 * and dense[r] the rows F3 … F6 of the interpolant (stages 0, 5 … 15).
 */
export const DOP853_TABLEAU = {
  stages: [
    { c: C1, a: [[0, A1_0]] },
    { c: C2, a: [[0, A2_0], [1, A2_1]] },
    { c: C3, a: [[0, A3_0], [2, A3_2]] },
    { c: C4, a: [[0, A4_0], [2, A4_2], [3, A4_3]] },
    { c: C5, a: [[0, A5_0], [3, A5_3], [4, A5_4]] },
    { c: C6, a: [[0, A6_0], [3, A6_3], [4, A6_4], [5, A6_5]] },
    { c: C7, a: [[0, A7_0], [3, A7_3], [4, A7_4], [5, A7_5], [6, A7_6]] },
    { c: C8, a: [[0, A8_0], [3, A8_3], [4, A8_4], [5, A8_5], [6, A8_6], [7, A8_7]] },
    { c: C9, a: [[0, A9_0], [3, A9_3], [4, A9_4], [5, A9_5], [6, A9_6], [7, A9_7], [8, A9_8]] },
    { c: C10, a: [[0, A10_0], [3, A10_3], [4, A10_4], [5, A10_5], [6, A10_6], [7, A10_7], [8, A10_8], [9, A10_9]] },
    { c: 1, a: [[0, A11_0], [3, A11_3], [4, A11_4], [5, A11_5], [6, A11_6], [7, A11_7], [8, A11_8], [9, A11_9], [10, A11_10]] },
  ] as readonly Dop853StageRow[],
  weights: [[0, A12_0], [5, A12_5], [6, A12_6], [7, A12_7], [8, A12_8], [9, A12_9], [10, A12_10], [11, A12_11]] as readonly (readonly [number, number])[],
  bhh: [BHH0, BHH8, BHH11] as const,
  er: [[0, ER0], [5, ER5], [6, ER6], [7, ER7], [8, ER8], [9, ER9], [10, ER10], [11, ER11]] as readonly (readonly [number, number])[],
  denseStages: [
    { c: C13, a: [[0, A13_0], [6, A13_6], [7, A13_7], [8, A13_8], [9, A13_9], [10, A13_10], [11, A13_11], [12, A13_12]] },
    { c: C14, a: [[0, A14_0], [5, A14_5], [6, A14_6], [7, A14_7], [10, A14_10], [11, A14_11], [12, A14_12], [13, A14_13]] },
    { c: C15, a: [[0, A15_0], [5, A15_5], [6, A15_6], [7, A15_7], [8, A15_8], [12, A15_12], [13, A15_13], [14, A15_14]] },
  ] as readonly Dop853StageRow[],
  dense: [
    [[0, D0_0], [5, D0_5], [6, D0_6], [7, D0_7], [8, D0_8], [9, D0_9], [10, D0_10], [11, D0_11], [12, D0_12], [13, D0_13], [14, D0_14], [15, D0_15]],
    [[0, D1_0], [5, D1_5], [6, D1_6], [7, D1_7], [8, D1_8], [9, D1_9], [10, D1_10], [11, D1_11], [12, D1_12], [13, D1_13], [14, D1_14], [15, D1_15]],
    [[0, D2_0], [5, D2_5], [6, D2_6], [7, D2_7], [8, D2_8], [9, D2_9], [10, D2_10], [11, D2_11], [12, D2_12], [13, D2_13], [14, D2_14], [15, D2_15]],
    [[0, D3_0], [5, D3_5], [6, D3_6], [7, D3_7], [8, D3_8], [9, D3_9], [10, D3_10], [11, D3_11], [12, D3_12], [13, D3_13], [14, D3_14], [15, D3_15]],
  ] as readonly (readonly (readonly [number, number])[])[],
};

// The tableau flattened for the stepper's loops: the rows of stages 1..11 and 13..15 (row s − 1
// for s ≤ 11, s − 2 after), each a run [STAGE_START[row], STAGE_START[row + 1]) of (stage index,
// coefficient) pairs, and the four rows of F3..F6. One small loop over these instead of fifteen
// unrolled sums keeps the stepper's optimized code small: V8 compiled the unrolled `attempt` and
// `prepareDense` in ≈ 115 ms of background time with ≈ 5 MB of compiler memory, during which
// the steps ran unoptimized (issue 18, peak memory of small ODE problems).
const STAGE_ROWS = [...DOP853_TABLEAU.stages, ...DOP853_TABLEAU.denseStages];
const STAGE_START = Int32Array.from({ length: STAGE_ROWS.length + 1 }, (_, r) => STAGE_ROWS.slice(0, r).reduce((m, row) => m + row.a.length, 0));
const STAGE_TERMS = Int32Array.from(STAGE_ROWS.flatMap((row) => row.a.map(([j]) => j)));
const STAGE_COEFS = Float64Array.from(STAGE_ROWS.flatMap((row) => row.a.map(([, a]) => a)));
/** Node c_s by stage index s (stages 1..10 and 13..15; stage 11 is evaluated at the step's end). */
const STAGE_NODES = new Float64Array(16);
DOP853_TABLEAU.stages.forEach((row, r) => { STAGE_NODES[r + 1] = row.c; });
DOP853_TABLEAU.denseStages.forEach((row, r) => { STAGE_NODES[r + 13] = row.c; });
const DENSE_ROW = DOP853_TABLEAU.dense[0].length;
const DENSE_TERMS = Int32Array.from(DOP853_TABLEAU.dense.flatMap((row) => row.map(([j]) => j)));
const DENSE_COEFS = Float64Array.from(DOP853_TABLEAU.dense.flatMap((row) => row.map(([, d]) => d)));

/**
 * out_i = Σ_q coefs[q]·k[terms[q]]_i over q ∈ [from, to), summed in q order: the same roundings
 * as the unrolled sum a·k_j + b·k_l + … (JavaScript neither fuses nor reorders them). Four terms
 * per pass over the vectors (a stage has 1–9, a row of the interpolant 12), so a long state
 * vector is read and written about a quarter as often as with one pass per term.
 */
function accumulate(n: number, k: readonly Float64Array[], terms: Int32Array, coefs: Float64Array, from: number, to: number, out: Float64Array): void {
  let q = from;
  if (to - q >= 4) {
    const a = coefs[q], x = k[terms[q]], b = coefs[q + 1], y = k[terms[q + 1]];
    const c = coefs[q + 2], z = k[terms[q + 2]], d = coefs[q + 3], w = k[terms[q + 3]];
    for (let i = 0; i < n; i++) out[i] = a * x[i] + b * y[i] + c * z[i] + d * w[i];
    q += 4;
  } else {
    const a = coefs[q], x = k[terms[q]];
    for (let i = 0; i < n; i++) out[i] = a * x[i];
    q += 1;
  }
  for (; q + 4 <= to; q += 4) {
    const a = coefs[q], x = k[terms[q]], b = coefs[q + 1], y = k[terms[q + 1]];
    const c = coefs[q + 2], z = k[terms[q + 2]], d = coefs[q + 3], w = k[terms[q + 3]];
    for (let i = 0; i < n; i++) out[i] = out[i] + a * x[i] + b * y[i] + c * z[i] + d * w[i];
  }
  for (; q < to; q++) {
    const c = coefs[q], v = k[terms[q]];
    for (let i = 0; i < n; i++) out[i] += c * v[i];
  }
}

/** out = y + h·Σ_q coefs[q]·k[terms[q]] (one stage's argument; rounding as `accumulate`). */
function combineStages(n: number, h: number, y: Float64Array, k: readonly Float64Array[], terms: Int32Array, coefs: Float64Array, from: number, to: number, out: Float64Array): void {
  accumulate(n, k, terms, coefs, from, to, out);
  for (let i = 0; i < n; i++) out[i] = y[i] + h * out[i];
}
