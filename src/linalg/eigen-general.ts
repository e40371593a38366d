/**
 * General (non-Hermitian) complex eigenproblem A V = V diag(λ), and the
 * complex Schur decomposition A = Q T Q†.
 *
 * Pipeline (Golub & Van Loan 2013, §7.4–7.6; LAPACK zgeev structure):
 * 1. Balancing by powers of two (Parlett & Reinsch 1969; LAPACK zgebal,
 *    scaling only, no permutation) — `eig` only, since it is not unitary.
 * 2. Householder reduction to upper Hessenberg form H = Q₀† A Q₀ (zgehd2),
 *    with Q₀ accumulated explicitly.
 * 3. Complex single-shift implicit QR iteration with Wilkinson shifts,
 *    deflation and exceptional shifts (zlahqr), giving T = Q† A Q.
 * 4. Eigenvectors of T by back-substitution with tiny-pivot replacement and
 *    overflow rescaling (as in ztrevc), back-transformed by Q, un-balanced,
 *    and normalised to unit 2-norm.
 *
 * Eigenvalue ORDER: the order in which they appear on the diagonal of the
 * Schur form T (no sorting). Use `sortEigenvalues` to reorder, e.g. by
 * descending real part (slowest-decaying Liouvillian modes first).
 *
 * Storage: split re/im, row-major (see ./dense.ts). Q is kept transposed
 * internally so that the column rotations of the QR sweep touch contiguous rows.
 */
import { ComplexMatrix } from './dense.js';

const EPS = 2.220446049250313e-16;
const SAFMIN = 2.2250738585072014e-308;

export interface EigResult {
  /** Eigenvalues λ_j (real and imaginary parts), in Schur-diagonal order. */
  values: { re: Float64Array; im: Float64Array };
  /** Eigenvectors as unit-2-norm COLUMNS (A V = V diag(λ)), or null. */
  vectors: ComplexMatrix | null;
}

export interface SchurResult {
  /** Upper triangular Schur factor T. */
  t: ComplexMatrix;
  /** Unitary Q with A = Q T Q†. */
  q: ComplexMatrix;
}

/**
 * Balance A in place by diagonal similarity D⁻¹AD with powers of two so that
 * row and column off-diagonal 1-norms are comparable (Parlett & Reinsch
 * 1969; LAPACK zgebal "S" mode). Returns the scaling D.
 */
function balance(re: Float64Array, im: Float64Array, n: number): Float64Array {
  const scale = new Float64Array(n).fill(1);
  const RADIX = 2;
  let converged = false;
  let sweeps = 0;
  while (!converged && sweeps++ < 100) {
    converged = true;
    for (let i = 0; i < n; i++) {
      let c = 0, r = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += Math.abs(re[j * n + i]) + Math.abs(im[j * n + i]);
        r += Math.abs(re[i * n + j]) + Math.abs(im[i * n + j]);
      }
      if (c === 0 || r === 0) continue;
      let g = r / RADIX;
      let f = 1;
      const s = c + r;
      while (c < g) {
        f *= RADIX;
        c *= RADIX * RADIX;
        g /= RADIX;
      }
      g = r * RADIX;
      while (c >= g) {
        f /= RADIX;
        c /= RADIX * RADIX;
        g *= RADIX;
      }
      if ((c + r) / f < 0.95 * s) {
        converged = false;
        scale[i] *= f;
        // Row i scaled by 1/f, column i by f.
        const gi = 1 / f;
        for (let j = 0; j < n; j++) {
          re[i * n + j] *= gi;
          im[i * n + j] *= gi;
        }
        for (let j = 0; j < n; j++) {
          re[j * n + i] *= f;
          im[j * n + i] *= f;
        }
      }
    }
  }
  return scale;
}

/**
 * Householder reduction to upper Hessenberg form in place (Golub & Van Loan
 * 2013, Alg. 7.4.2, complex Hermitian reflectors H = I − τuu†). Returns
 * Q₀ᵀ (row-major, i.e. row j of the result is column j of Q₀) so that
 * A = Q₀ H Q₀†.
 */
function hessenberg(re: Float64Array, im: Float64Array, n: number): { qtr: Float64Array; qti: Float64Array } {
  const ur = new Float64Array(n), ui = new Float64Array(n);
  const wr = new Float64Array(n), wi = new Float64Array(n);
  const refl: { k: number; tau: number; ur: Float64Array; ui: Float64Array }[] = [];
  for (let k = 0; k < n - 2; k++) {
    // x = A[k+1:, k]
    let tail = 0;
    for (let i = k + 2; i < n; i++) tail += re[i * n + k] ** 2 + im[i * n + k] ** 2;
    if (tail === 0) continue;
    const x0r = re[(k + 1) * n + k], x0i = im[(k + 1) * n + k];
    const abs0 = Math.hypot(x0r, x0i);
    const xn = Math.sqrt(abs0 * abs0 + tail);
    const phr = abs0 === 0 ? 1 : x0r / abs0, phi = abs0 === 0 ? 0 : x0i / abs0;
    ur[k + 1] = x0r + phr * xn;
    ui[k + 1] = x0i + phi * xn;
    for (let i = k + 2; i < n; i++) {
      ur[i] = re[i * n + k];
      ui[i] = im[i * n + k];
    }
    const tau = 1 / (xn * (xn + abs0));
    // Column k becomes α e₁.
    re[(k + 1) * n + k] = -phr * xn;
    im[(k + 1) * n + k] = -phi * xn;
    for (let i = k + 2; i < n; i++) {
      re[i * n + k] = 0;
      im[i * n + k] = 0;
    }
    // Left: A[k+1:, k+1:] ← H A; w = u† A (row combination), A −= τ u w.
    for (let j = k + 1; j < n; j++) {
      wr[j] = 0;
      wi[j] = 0;
    }
    for (let i = k + 1; i < n; i++) {
      const a = ur[i], b = -ui[i]; // conj(u_i)
      const ri = i * n;
      for (let j = k + 1; j < n; j++) {
        wr[j] += a * re[ri + j] - b * im[ri + j];
        wi[j] += a * im[ri + j] + b * re[ri + j];
      }
    }
    for (let i = k + 1; i < n; i++) {
      const a = tau * ur[i], b = tau * ui[i];
      const ri = i * n;
      for (let j = k + 1; j < n; j++) {
        re[ri + j] -= a * wr[j] - b * wi[j];
        im[ri + j] -= a * wi[j] + b * wr[j];
      }
    }
    // Right: A[:, k+1:] ← A H; s = A_i u, A_i −= τ s u†.
    for (let i = 0; i < n; i++) {
      const ri = i * n;
      let sr = 0, si = 0;
      for (let j = k + 1; j < n; j++) {
        sr += re[ri + j] * ur[j] - im[ri + j] * ui[j];
        si += re[ri + j] * ui[j] + im[ri + j] * ur[j];
      }
      sr *= tau;
      si *= tau;
      for (let j = k + 1; j < n; j++) {
        // −= s conj(u_j)
        re[ri + j] -= sr * ur[j] + si * ui[j];
        im[ri + j] -= si * ur[j] - sr * ui[j];
      }
    }
    refl.push({ k, tau, ur: ur.slice(k + 1), ui: ui.slice(k + 1) });
  }
  // Q₀ᵀ = (H_0 H_1 … )ᵀ. Build Q₀ by backward accumulation, then transpose.
  const qr = new Float64Array(n * n), qi = new Float64Array(n * n);
  for (let i = 0; i < n; i++) qr[i * n + i] = 1;
  for (let r = refl.length - 1; r >= 0; r--) {
    const { k, tau, ur: vr, ui: vi } = refl[r];
    // Q ← H Q on rows k+1…: w = u† Q, Q −= τ u w (only columns k+1… are non-trivial).
    for (let j = k + 1; j < n; j++) {
      wr[j] = 0;
      wi[j] = 0;
    }
    for (let i = k + 1; i < n; i++) {
      const a = vr[i - k - 1], b = -vi[i - k - 1];
      const ri = i * n;
      for (let j = k + 1; j < n; j++) {
        wr[j] += a * qr[ri + j] - b * qi[ri + j];
        wi[j] += a * qi[ri + j] + b * qr[ri + j];
      }
    }
    for (let i = k + 1; i < n; i++) {
      const a = tau * vr[i - k - 1], b = tau * vi[i - k - 1];
      const ri = i * n;
      for (let j = k + 1; j < n; j++) {
        qr[ri + j] -= a * wr[j] - b * wi[j];
        qi[ri + j] -= a * wi[j] + b * wr[j];
      }
    }
  }
  const qtr = new Float64Array(n * n), qti = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      qtr[j * n + i] = qr[i * n + j];
      qti[j * n + i] = qi[i * n + j];
    }
  }
  return { qtr, qti };
}

const cabs1 = (r: number, i: number): number => Math.abs(r) + Math.abs(i);

/**
 * Complex single-shift implicit QR on an upper Hessenberg matrix in place
 * (Golub & Van Loan 2013, §7.5; LAPACK zlahqr): Wilkinson shift from the
 * trailing 2×2, bulge chasing with complex Givens rotations, deflation when
 * a subdiagonal entry is negligible (with the Ahues–Tisseur test), and
 * exceptional shifts after 10 and 20 stalled iterations. The full Schur
 * form T is computed and the rotations accumulated into Qᵀ (rows).
 */
function hessenbergQR(hr: Float64Array, hi: Float64Array, n: number, qtr: Float64Array, qti: Float64Array): void {
  const ulp = EPS;
  const smlnum = SAFMIN * (n / ulp);
  const maxIter = 30 * Math.max(10, n);
  let ihi = n - 1;
  let total = 0;
  let its = 0;
  // Zero everything below the subdiagonal (roundoff-free already, but be explicit).
  for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) {
    hr[i * n + j] = 0;
    hi[i * n + j] = 0;
  }
  while (ihi >= 0) {
    // Find the active block [l, ihi].
    let l = ihi;
    for (; l > 0; l--) {
      const sr = hr[l * n + l - 1], si = hi[l * n + l - 1];
      const sub = cabs1(sr, si);
      if (sub <= smlnum) break;
      let tst = cabs1(hr[(l - 1) * n + l - 1], hi[(l - 1) * n + l - 1]) + cabs1(hr[l * n + l], hi[l * n + l]);
      if (tst === 0) {
        if (l - 2 >= 0) tst += Math.abs(hr[(l - 1) * n + l - 2]);
        if (l + 1 <= ihi) tst += Math.abs(hr[(l + 1) * n + l]);
      }
      if (sub <= ulp * tst) {
        // Ahues & Tisseur (1997) refinement, as in zlahqr.
        const ur = hr[(l - 1) * n + l], ui = hi[(l - 1) * n + l];
        const ab = Math.max(sub, cabs1(ur, ui));
        const ba = Math.min(sub, cabs1(ur, ui));
        const dr = hr[(l - 1) * n + l - 1] - hr[l * n + l], di = hi[(l - 1) * n + l - 1] - hi[l * n + l];
        const aa = Math.max(cabs1(hr[l * n + l], hi[l * n + l]), cabs1(dr, di));
        const bb = Math.min(cabs1(hr[l * n + l], hi[l * n + l]), cabs1(dr, di));
        const s = aa + ab;
        if (ba * (ab / s) <= Math.max(smlnum, ulp * (bb * (aa / s)))) break;
      }
    }
    if (l > 0) {
      hr[l * n + l - 1] = 0;
      hi[l * n + l - 1] = 0;
    }
    if (l >= ihi) {
      // 1×1 block converged.
      ihi = l - 1;
      its = 0;
      continue;
    }
    if (++total > maxIter) throw new Error(`eig: QR iteration failed to converge (n = ${n})`);
    its++;
    // Shift.
    let sigR: number, sigI: number;
    const m = ihi;
    if (its % 30 === 10) {
      sigR = 0.75 * Math.abs(hr[(l + 1) * n + l]) + hr[l * n + l];
      sigI = hi[l * n + l];
    } else if (its % 30 === 20) {
      sigR = 0.75 * Math.abs(hr[m * n + m - 1]) + hr[m * n + m];
      sigI = hi[m * n + m];
    } else {
      // Eigenvalue of [[a, b], [c, d]] (trailing 2×2) closer to d.
      const ar = hr[(m - 1) * n + m - 1], ai = hi[(m - 1) * n + m - 1];
      const br = hr[(m - 1) * n + m], bi = hi[(m - 1) * n + m];
      const cr = hr[m * n + m - 1], ci = hi[m * n + m - 1];
      const dr = hr[m * n + m], di = hi[m * n + m];
      // λ = d + h ± sqrt(h² + bc), h = (a − d)/2; choose the root nearer d.
      const h_r = 0.5 * (ar - dr), h_i = 0.5 * (ai - di);
      const pr = h_r * h_r - h_i * h_i + (br * cr - bi * ci);
      const pi = 2 * h_r * h_i + (br * ci + bi * cr);
      // complex sqrt
      const mod = Math.hypot(pr, pi);
      let qr = Math.sqrt(0.5 * (mod + Math.abs(pr)));
      let qi = qr === 0 ? 0 : pi / (2 * qr);
      if (pr < 0) {
        const t = qr;
        qr = Math.abs(qi);
        qi = pi >= 0 ? t : -t;
      }
      // λ₁ = d + h + q, λ₂ = d + h − q; nearer d is the one with smaller |h ± q|.
      const p1 = cabs1(h_r + qr, h_i + qi), p2 = cabs1(h_r - qr, h_i - qi);
      if (p1 <= p2) {
        sigR = dr + h_r + qr;
        sigI = di + h_i + qi;
      } else {
        sigR = dr + h_r - qr;
        sigI = di + h_i - qi;
      }
    }
    // Implicit single-shift QR sweep on rows/cols l…m.
    let xr = hr[l * n + l] - sigR, xi = hi[l * n + l] - sigI;
    let yr = hr[(l + 1) * n + l], yi = hi[(l + 1) * n + l];
    for (let k = l; k < m; k++) {
      if (k > l) {
        xr = hr[k * n + k - 1];
        xi = hi[k * n + k - 1];
        yr = hr[(k + 1) * n + k - 1];
        yi = hi[(k + 1) * n + k - 1];
      }
      // Givens G = [[c, s], [−conj(s), c]] with G [x; y] = [r; 0], c real.
      const ax = Math.hypot(xr, xi), ay = Math.hypot(yr, yi);
      let c: number, sr: number, si: number;
      if (ay === 0) continue;
      if (ax === 0) {
        c = 0;
        sr = yr / ay;
        si = -yi / ay;
      } else {
        const rho = Math.hypot(ax, ay);
        c = ax / rho;
        // s = (x/|x|) conj(y) / ρ
        const ur = xr / ax, ui = xi / ax;
        sr = (ur * yr + ui * yi) / rho;
        si = (ui * yr - ur * yi) / rho;
      }
      if (k > l) {
        // Annihilate the bulge directly.
        const nr = c * xr + (sr * yr - si * yi), ni = c * xi + (sr * yi + si * yr);
        hr[k * n + k - 1] = nr;
        hi[k * n + k - 1] = ni;
        hr[(k + 1) * n + k - 1] = 0;
        hi[(k + 1) * n + k - 1] = 0;
      }
      // Left: rows k, k+1, columns k…n−1 (full Schur form).
      const rk = k * n, rk1 = (k + 1) * n;
      for (let j = k; j < n; j++) {
        const ar = hr[rk + j], ai = hi[rk + j], br = hr[rk1 + j], bi = hi[rk1 + j];
        // a' = c a + s b ; b' = −conj(s) a + c b
        hr[rk + j] = c * ar + sr * br - si * bi;
        hi[rk + j] = c * ai + sr * bi + si * br;
        hr[rk1 + j] = c * br - (sr * ar + si * ai);
        hi[rk1 + j] = c * bi - (sr * ai - si * ar);
      }
      // Right: columns k, k+1, rows 0…min(k+2, m). a' = c a + conj(s) b ; b' = −s a + c b
      const rmax = Math.min(k + 2, m);
      for (let i = 0; i <= rmax; i++) {
        const ia = i * n + k, ib = ia + 1;
        const ar = hr[ia], ai = hi[ia], br = hr[ib], bi = hi[ib];
        hr[ia] = c * ar + sr * br + si * bi;
        hi[ia] = c * ai + sr * bi - si * br;
        hr[ib] = c * br - (sr * ar - si * ai);
        hi[ib] = c * bi - (sr * ai + si * ar);
      }
      // Q ← Q G†: rows k, k+1 of Qᵀ, same formula as the right update.
      for (let i = 0; i < n; i++) {
        const ia = k * n + i, ib = (k + 1) * n + i;
        const ar = qtr[ia], ai = qti[ia], br = qtr[ib], bi = qti[ib];
        qtr[ia] = c * ar + sr * br + si * bi;
        qti[ia] = c * ai + sr * bi - si * br;
        qtr[ib] = c * br - (sr * ar - si * ai);
        qti[ib] = c * bi - (sr * ai + si * ar);
      }
    }
  }
}

function checkSquare(a: ComplexMatrix, what: string): void {
  if (!a.isSquare) throw new RangeError(`${what}: matrix must be square, got ${a.rows}x${a.cols}`);
}

/**
 * Complex Schur decomposition A = Q T Q† with T upper triangular and Q
 * unitary: Householder Hessenberg reduction followed by single-shift
 * implicit QR (Golub & Van Loan 2013, Alg. 7.5.2 complex variant; LAPACK
 * zgehrd + zhseqr). No balancing, so Q is exactly unitary (to roundoff).
 *
 * @throws RangeError if `a` is not square; Error if QR does not converge.
 */
export function schur(a: ComplexMatrix): SchurResult {
  checkSquare(a, 'schur');
  const n = a.rows;
  const hr = a.re.slice(), hi = a.im.slice();
  const { qtr, qti } = hessenberg(hr, hi, n);
  hessenbergQR(hr, hi, n, qtr, qti);
  const q = new ComplexMatrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    q.re[i * n + j] = qtr[j * n + i];
    q.im[i * n + j] = qti[j * n + i];
  }
  return { t: new ComplexMatrix(n, n, hr, hi), q };
}

/**
 * Eigenvectors of upper triangular T (row-major split) by back-substitution,
 * as in LAPACK ztrevc: for each j, solve (T₁₁ − λ_j I) x = −T[0:j, j] with
 * x_j = 1, replacing pivots smaller than smin = max(ulp·|λ_j|, smlnum) by
 * smin and rescaling x when it threatens to overflow. Returns X (upper
 * triangular, row-major, column j = eigenvector j of T, unnormalised).
 */
function triangularEigenvectors(tr: Float64Array, ti: Float64Array, n: number): { xr: Float64Array; xi: Float64Array } {
  const xr = new Float64Array(n * n), xi = new Float64Array(n * n);
  const vr = new Float64Array(n), vi = new Float64Array(n);
  let tnorm = 0;
  for (let i = 0; i < n * n; i++) tnorm = Math.max(tnorm, cabs1(tr[i], ti[i]));
  const smlnum = SAFMIN * (n / EPS);
  const BIG = 1e150;
  for (let j = n - 1; j >= 0; j--) {
    const lr = tr[j * n + j], li = ti[j * n + j];
    const smin = Math.max(EPS * Math.max(cabs1(lr, li), tnorm * EPS), smlnum);
    vr[j] = 1;
    vi[j] = 0;
    for (let i = j - 1; i >= 0; i--) {
      // rhs = −(T[i, j] + Σ_{k=i+1}^{j−1} T[i,k] v_k)
      const ri = i * n;
      let sr = tr[ri + j], si = ti[ri + j];
      for (let k = i + 1; k < j; k++) {
        const a = tr[ri + k], b = ti[ri + k];
        sr += a * vr[k] - b * vi[k];
        si += a * vi[k] + b * vr[k];
      }
      let dr = tr[ri + i] - lr, di = ti[ri + i] - li;
      if (cabs1(dr, di) < smin) {
        dr = smin;
        di = 0;
      }
      // v_i = −s / d (Smith's division)
      let qr: number, qi: number;
      if (Math.abs(dr) >= Math.abs(di)) {
        const r = di / dr, den = dr + di * r;
        qr = (sr + si * r) / den;
        qi = (si - sr * r) / den;
      } else {
        const r = dr / di, den = dr * r + di;
        qr = (sr * r + si) / den;
        qi = (si * r - sr) / den;
      }
      vr[i] = -qr;
      vi[i] = -qi;
      const mag = cabs1(vr[i], vi[i]);
      if (mag > BIG) {
        const g = 1 / mag;
        for (let k = i; k <= j; k++) {
          vr[k] *= g;
          vi[k] *= g;
        }
      }
    }
    for (let i = 0; i <= j; i++) {
      xr[i * n + j] = vr[i];
      xi[i * n + j] = vi[i];
    }
  }
  return { xr, xi };
}

/**
 * Eigenvalues and (optionally) right eigenvectors of a general complex
 * matrix: balancing, Hessenberg reduction, complex single-shift QR to Schur
 * form, triangular back-substitution (LAPACK zgeev algorithm; Golub & Van
 * Loan 2013, §7.5–7.6). Eigenvalues come in Schur-diagonal order (see the
 * module comment); eigenvector columns have unit 2-norm. For defective
 * matrices the returned vectors are (nearly) parallel, as with LAPACK.
 *
 * @param options.vectors compute eigenvectors (default true)
 * @throws RangeError if `a` is not square; Error if QR does not converge.
 */
export function eig(a: ComplexMatrix, options: { vectors?: boolean } = {}): EigResult {
  checkSquare(a, 'eig');
  const n = a.rows;
  const wantVectors = options.vectors ?? true;
  const hr = a.re.slice(), hi = a.im.slice();
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(hr[i]) || !Number.isFinite(hi[i])) throw new RangeError('eig: matrix has non-finite entries');
  }
  const scale = balance(hr, hi, n);
  const { qtr, qti } = hessenberg(hr, hi, n);
  hessenbergQR(hr, hi, n, qtr, qti);
  const valRe = new Float64Array(n), valIm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    valRe[i] = hr[i * n + i];
    valIm[i] = hi[i * n + i];
  }
  if (!wantVectors) return { values: { re: valRe, im: valIm }, vectors: null };
  const { xr, xi } = triangularEigenvectors(hr, hi, n);
  // V = D Q X with Q = (Qᵀ)ᵀ: V[i, j] = scale_i Σ_{k≤j} Q[i,k] X[k,j].
  const v = new ComplexMatrix(n, n);
  const out_r = v.re, out_i = v.im;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < n; k++) {
      const qr = qtr[k * n + i], qi = qti[k * n + i];
      if (qr === 0 && qi === 0) continue;
      const rk = k * n;
      for (let j = k; j < n; j++) {
        const a2 = xr[rk + j], b2 = xi[rk + j];
        out_r[ri + j] += qr * a2 - qi * b2;
        out_i[ri + j] += qr * b2 + qi * a2;
      }
    }
    const s = scale[i];
    if (s !== 1) for (let j = 0; j < n; j++) {
      out_r[ri + j] *= s;
      out_i[ri + j] *= s;
    }
  }
  // Normalise columns to unit 2-norm (scaled to avoid overflow).
  const nrm = new Float64Array(n), mx = new Float64Array(n);
  for (let i = 0; i < n * n; i++) mx[i % n] = Math.max(mx[i % n], Math.abs(out_r[i]), Math.abs(out_i[i]));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const k = i * n + j;
    if (mx[j] === 0) continue;
    const a2 = out_r[k] / mx[j], b2 = out_i[k] / mx[j];
    nrm[j] += a2 * a2 + b2 * b2;
  }
  for (let j = 0; j < n; j++) nrm[j] = mx[j] === 0 ? 1 : 1 / (mx[j] * Math.sqrt(nrm[j]));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    out_r[i * n + j] *= nrm[j];
    out_i[i * n + j] *= nrm[j];
  }
  return { values: { re: valRe, im: valIm }, vectors: v };
}

/**
 * Permutation that orders eigenvalues by `key` (default: descending real
 * part, ties by descending imaginary part) — e.g. slowest-decaying
 * Liouvillian modes first. Returns the sorted values, the permutation
 * (`order[k]` = original index of the k-th sorted value) and, if given,
 * the eigenvector matrix with its columns permuted to match.
 */
export function sortEigenvalues(
  values: { re: Float64Array; im: Float64Array },
  vectors: ComplexMatrix | null = null,
  compare: (a: { re: number; im: number }, b: { re: number; im: number }) => number = (a, b) => b.re - a.re || b.im - a.im,
): { values: { re: Float64Array; im: Float64Array }; vectors: ComplexMatrix | null; order: number[] } {
  const n = values.re.length;
  if (values.im.length !== n) throw new RangeError('sortEigenvalues: re and im lengths differ');
  if (vectors && vectors.cols !== n) throw new RangeError(`sortEigenvalues: ${n} values but ${vectors.cols} vector columns`);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) =>
    compare({ re: values.re[i], im: values.im[i] }, { re: values.re[j], im: values.im[j] }),
  );
  const re = new Float64Array(n), im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    re[k] = values.re[order[k]];
    im[k] = values.im[order[k]];
  }
  let v: ComplexMatrix | null = null;
  if (vectors) {
    const rows = vectors.rows;
    v = new ComplexMatrix(rows, n);
    for (let i = 0; i < rows; i++) for (let k = 0; k < n; k++) {
      v.re[i * n + k] = vectors.re[i * n + order[k]];
      v.im[i * n + k] = vectors.im[i * n + order[k]];
    }
  }
  return { values: { re, im }, vectors: v, order };
}
