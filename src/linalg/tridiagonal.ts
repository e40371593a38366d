/**
 * Real symmetric tridiagonal eigensolvers.
 *
 * A tridiagonal matrix is given by its diagonal `d` (length n) and
 * off-diagonal `e` (length n − 1, `e[i]` couples rows i and i+1).
 *
 * - `tridiagonalQL`: implicit QL with Wilkinson shifts (Bowdler, Martin,
 *   Reinsch & Wilkinson 1968, "The QR and QL algorithms for symmetric
 *   matrices", Numer. Math. 11; EISPACK tql1/tql2). O(n²) without vectors.
 * - `tridiagonalDivideAndConquer`: Cuppen's divide-and-conquer (Cuppen 1981;
 *   Gu & Eisenstat 1995 for the Löwner-formula recomputation of z that keeps
 *   the eigenvectors orthogonal; deflation and the secular-equation root
 *   finder follow the structure of LAPACK dlaed0/dlaed2/dlaed3/dlaed4).
 *
 * Eigenvector matrices here are real, row-major, n×n.
 */

const EPS = 2.220446049250313e-16;

/**
 * Implicit QL iteration with Wilkinson shifts on a symmetric tridiagonal
 * matrix (EISPACK tql2 algorithm; Golub & Van Loan 2013, §8.3).
 *
 * On return `d` holds the eigenvalues in ascending order. `e` is destroyed.
 * If `zt` is given (n×n row-major, normally the identity on entry) the plane
 * rotations are accumulated into its ROWS, so that on return row j of `zt`
 * is the eigenvector for `d[j]` (i.e. `zt` holds Zᵀ, which keeps every
 * rotation on two contiguous rows).
 *
 * @throws Error if an eigenvalue fails to converge in 60 iterations.
 */
export function tridiagonalQL(d: Float64Array, e: Float64Array, zt: Float64Array | null = null): void {
  const n = d.length;
  if (e.length < n - 1) throw new RangeError(`tridiagonalQL: off-diagonal has ${e.length} entries, expected ${n - 1}`);
  if (zt && zt.length !== n * n) throw new RangeError(`tridiagonalQL: vector buffer has ${zt.length} entries, expected ${n * n}`);
  if (n <= 1) return;
  // Work copy of e padded with a trailing zero so the split search terminates.
  const f = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) f[i] = e[i];
  let shiftSum = 0;
  let tst = 0;
  for (let l = 0; l < n; l++) {
    tst = Math.max(tst, Math.abs(d[l]) + Math.abs(f[l]));
    let m = l;
    while (m < n - 1 && Math.abs(f[m]) > EPS * tst) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new Error('tridiagonalQL: no convergence after 60 iterations');
        // Wilkinson shift from the leading 2×2 of the unreduced block.
        const g0 = d[l];
        let p = (d[l + 1] - g0) / (2 * f[l]);
        let r = Math.hypot(p, 1);
        const pr = p >= 0 ? p + r : p - r;
        d[l] = f[l] / pr;
        d[l + 1] = f[l] * pr;
        const dl1 = d[l + 1];
        const h0 = g0 - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h0;
        shiftSum += h0;
        // QL sweep from the bottom of the block up to l.
        p = d[m];
        let c = 1, c2 = 1, c3 = 1;
        const el1 = f[l + 1];
        let s = 0, s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          const g = c * f[i];
          const h = c * p;
          r = Math.hypot(p, f[i]);
          f[i + 1] = s * r;
          s = f[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (zt) {
            // Rotate rows i and i+1 of Zᵀ.
            const a = i * n, b = (i + 1) * n;
            for (let k = 0; k < n; k++) {
              const zi = zt[a + k], zi1 = zt[b + k];
              zt[b + k] = s * zi + c * zi1;
              zt[a + k] = c * zi - s * zi1;
            }
          }
        }
        p = (-s * s2 * c3 * el1 * f[l]) / dl1;
        f[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(f[l]) > EPS * tst);
    }
    d[l] += shiftSum;
    f[l] = 0;
  }
  sortAscending(d, zt);
}

/** Selection sort of eigenvalues (ascending) carrying the rows of `zt`. O(n²) compares, O(n) row swaps. */
function sortAscending(d: Float64Array, zt: Float64Array | null): void {
  const n = d.length;
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      if (zt) {
        const a = i * n, b = k * n;
        for (let j = 0; j < n; j++) {
          const t = zt[a + j];
          zt[a + j] = zt[b + j];
          zt[b + j] = t;
        }
      }
    }
  }
}

/** Leaf size below which divide-and-conquer calls implicit QL. */
const DC_LEAF = 25;

/**
 * Cuppen's divide-and-conquer for the symmetric tridiagonal eigenproblem
 * (Cuppen 1981; Gu & Eisenstat 1995, SIAM J. Matrix Anal. Appl. 16:172;
 * LAPACK dlaed0–dlaed4 structure). The matrix is split T = diag(T₁, T₂) +
 * |β| v vᵀ, the halves are solved recursively, and the rank-one update
 * D + ρ z zᵀ is solved by deflation (small |z_i| or nearly equal d_i, the
 * latter by a Givens rotation), the secular equation (rational-interpolation
 * root finder bracketed by bisection, with the origin moved to the nearer
 * pole as in dlaed4), and the Löwner formula for ẑ, which makes the computed
 * eigenvectors numerically orthogonal. Blocks of size ≤ 25 use
 * `tridiagonalQL`.
 *
 * On return `d` holds the eigenvalues ascending; `e` is destroyed. With
 * `vectors` the result is Zᵀ (n×n row-major, row j = eigenvector of d[j]),
 * otherwise null (values are then computed by QL).
 */
export function tridiagonalDivideAndConquer(d: Float64Array, e: Float64Array, vectors: boolean): Float64Array | null {
  const n = d.length;
  if (e.length < n - 1) throw new RangeError(`tridiagonalDivideAndConquer: off-diagonal has ${e.length} entries, expected ${n - 1}`);
  if (!vectors) {
    tridiagonalQL(d, e, null);
    return null;
  }
  // Scale to unit max-norm so that tolerances are relative and nothing over/underflows.
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(d[i]));
  for (let i = 0; i < n - 1; i++) scale = Math.max(scale, Math.abs(e[i]));
  if (scale === 0) {
    const zt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) zt[i * n + i] = 1;
    return zt;
  }
  const dd = new Float64Array(n), ee = new Float64Array(Math.max(n - 1, 0));
  for (let i = 0; i < n; i++) dd[i] = d[i] / scale;
  for (let i = 0; i < n - 1; i++) ee[i] = e[i] / scale;
  const q = dcSolve(dd, ee, 0, n);
  for (let i = 0; i < n; i++) d[i] = dd[i] * scale;
  // Transpose Q (columns = eigenvectors) into Zᵀ.
  const zt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) zt[j * n + i] = q[i * n + j];
  return zt;
}

/**
 * Solve the tridiagonal block [lo, lo+n) of (d, e) in place: d[lo…] becomes
 * the ascending eigenvalues; returns Q (n×n row-major, columns = eigenvectors).
 */
function dcSolve(d: Float64Array, e: Float64Array, lo: number, n: number): Float64Array {
  if (n <= DC_LEAF) {
    const dl = d.slice(lo, lo + n);
    const el = e.slice(lo, lo + n - 1);
    const zt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) zt[i * n + i] = 1;
    tridiagonalQL(dl, el, zt);
    d.set(dl, lo);
    const q = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q[i * n + j] = zt[j * n + i];
    return q;
  }
  const m1 = n >> 1, m2 = n - m1;
  const beta = e[lo + m1 - 1];
  const rho0 = Math.abs(beta);
  d[lo + m1 - 1] -= rho0;
  d[lo + m1] -= rho0;
  const q1 = dcSolve(d, e, lo, m1);
  const q2 = dcSolve(d, e, lo + m1, m2);
  // Block-diagonal Q and z = [last row of Q₁; sign(β)·first row of Q₂] / √2, ρ = 2|β|.
  const q = new Float64Array(n * n);
  for (let i = 0; i < m1; i++) q.set(q1.subarray(i * m1, (i + 1) * m1), i * n);
  for (let i = 0; i < m2; i++) q.set(q2.subarray(i * m2, (i + 1) * m2), (m1 + i) * n + m1);
  const dv = d.slice(lo, lo + n);
  if (rho0 === 0) return sortColumns(d, lo, dv, q, n);
  const z = new Float64Array(n);
  const sg = beta >= 0 ? 1 : -1;
  for (let j = 0; j < m1; j++) z[j] = q1[(m1 - 1) * m1 + j] * Math.SQRT1_2;
  for (let j = 0; j < m2; j++) z[m1 + j] = sg * q2[j] * Math.SQRT1_2;
  const rho = 2 * rho0;
  // Column support: bit 1 = rows of the upper half, bit 2 = rows of the lower half.
  const support = new Uint8Array(n);
  for (let j = 0; j < n; j++) support[j] = j < m1 ? 1 : 2;

  // Sort d ascending (indices).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => dv[a] - dv[b]);
  let dmax = 0;
  for (let i = 0; i < n; i++) dmax = Math.max(dmax, Math.abs(dv[i]));
  const tol = 8 * EPS * Math.max(dmax, rho);

  // Deflation (dlaed2).
  const keep: number[] = [];
  const deflated: number[] = [];
  let pj = -1;
  for (const j of order) {
    if (rho * Math.abs(z[j]) <= tol) {
      deflated.push(j);
      continue;
    }
    if (pj < 0) {
      pj = j;
      continue;
    }
    let s = z[pj], c = z[j];
    const tau = Math.hypot(c, s);
    const t = dv[j] - dv[pj];
    c /= tau;
    s /= tau;
    if (Math.abs(t * c * s) <= tol) {
      // Rotate (pj, j) so that z[pj] = 0; pj deflates.
      z[j] = tau;
      z[pj] = 0;
      for (let r = 0; r < n; r++) {
        const a = q[r * n + pj], b = q[r * n + j];
        q[r * n + pj] = c * a - s * b;
        q[r * n + j] = s * a + c * b;
      }
      const sup = support[pj] | support[j];
      support[pj] = sup;
      support[j] = sup;
      const dpj = dv[pj] * c * c + dv[j] * s * s;
      dv[j] = dv[pj] * s * s + dv[j] * c * c;
      dv[pj] = dpj;
      deflated.push(pj);
      pj = j;
    } else {
      keep.push(pj);
      pj = j;
    }
  }
  if (pj >= 0) keep.push(pj);

  const k = keep.length;
  const out = new Float64Array(n * n);
  const vals = new Float64Array(n);
  const colOf: { v: number; src: number }[] = [];
  if (k > 0) {
    const dk = new Float64Array(k), zk = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      dk[i] = dv[keep[i]];
      zk[i] = z[keep[i]];
    }
    const { lambda, delta } = secularSolve(dk, zk, rho);
    // Löwner formula (Gu & Eisenstat): ẑ_i² = Π_j (λ_j − d_i) / (ρ Π_{j≠i} (d_j − d_i)).
    const zh = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let w = -delta[(k - 1) * k + i] / rho;
      for (let j = 0; j < i; j++) w *= delta[j * k + i] / (dk[i] - dk[j]);
      for (let j = i; j < k - 1; j++) w *= delta[j * k + i] / (dk[i] - dk[j + 1]);
      zh[i] = Math.sqrt(Math.max(w, 0));
      if (zk[i] < 0) zh[i] = -zh[i];
    }
    // U (k×k row-major): column j = ẑ ./ (d − λ_j), normalised.
    const u = new Float64Array(k * k);
    for (let j = 0; j < k; j++) {
      let nrm = 0;
      const rj = j * k;
      for (let i = 0; i < k; i++) {
        const v = zh[i] / delta[rj + i];
        u[i * k + j] = v;
        nrm += v * v;
      }
      nrm = 1 / Math.sqrt(nrm);
      for (let i = 0; i < k; i++) u[i * k + j] *= nrm;
    }
    // Q_new[:, nondeflated] = Q[:, keep] U, done separately on the two row halves using the column supports.
    const res = new Float64Array(n * k);
    for (const half of [1, 2]) {
      const r0 = half === 1 ? 0 : m1, r1 = half === 1 ? m1 : n;
      const cols: number[] = [];
      for (let i = 0; i < k; i++) if (support[keep[i]] & half) cols.push(i);
      const p = cols.length;
      if (p === 0) continue;
      const rows = r1 - r0;
      const a = new Float64Array(rows * p);
      for (let r = 0; r < rows; r++) {
        const src = (r0 + r) * n;
        for (let c = 0; c < p; c++) a[r * p + c] = q[src + keep[cols[c]]];
      }
      const b = new Float64Array(p * k);
      for (let c = 0; c < p; c++) b.set(u.subarray(cols[c] * k, (cols[c] + 1) * k), c * k);
      matmulReal(a, b, res.subarray(r0 * k, r1 * k), rows, p, k);
    }
    for (let j = 0; j < k; j++) colOf.push({ v: lambda[j], src: j });
    colOf.sort((x, y) => x.v - y.v);
    // Merge with the deflated eigenpairs into ascending order.
    const defl = deflated.map((j) => ({ v: dv[j], src: -1 - j })).sort((x, y) => x.v - y.v);
    const all: { v: number; src: number }[] = [];
    let ia = 0, ib = 0;
    while (ia < colOf.length || ib < defl.length) {
      if (ib >= defl.length || (ia < colOf.length && colOf[ia].v <= defl[ib].v)) all.push(colOf[ia++]);
      else all.push(defl[ib++]);
    }
    for (let c = 0; c < n; c++) {
      const { v, src } = all[c];
      vals[c] = v;
      if (src >= 0) for (let r = 0; r < n; r++) out[r * n + c] = res[r * k + src];
      else {
        const j = -1 - src;
        for (let r = 0; r < n; r++) out[r * n + c] = q[r * n + j];
      }
    }
  } else {
    return sortColumns(d, lo, dv, q, n);
  }
  d.set(vals, lo);
  return out;
}

/** Write dv sorted ascending into d[lo…] and return Q with its columns permuted accordingly. */
function sortColumns(d: Float64Array, lo: number, dv: Float64Array, q: Float64Array, n: number): Float64Array {
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => dv[a] - dv[b]);
  const out = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const j = order[c];
    d[lo + c] = dv[j];
    for (let r = 0; r < n; r++) out[r * n + c] = q[r * n + j];
  }
  return out;
}

/** C (m×k) = A (m×p) · B (p×k), all row-major real; C is overwritten. Four rows of A per pass over B. */
function matmulReal(a: Float64Array, b: Float64Array, c: Float64Array, m: number, p: number, k: number): void {
  c.fill(0);
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const c0 = i * k, c1 = c0 + k, c2 = c1 + k, c3 = c2 + k;
    for (let l = 0; l < p; l++) {
      const a0 = a[i * p + l], a1 = a[(i + 1) * p + l], a2 = a[(i + 2) * p + l], a3 = a[(i + 3) * p + l];
      const bl = l * k;
      for (let j = 0; j < k; j++) {
        const bv = b[bl + j];
        c[c0 + j] += a0 * bv;
        c[c1 + j] += a1 * bv;
        c[c2 + j] += a2 * bv;
        c[c3 + j] += a3 * bv;
      }
    }
  }
  for (; i < m; i++) {
    const c0 = i * k;
    for (let l = 0; l < p; l++) {
      const a0 = a[i * p + l];
      if (a0 === 0) continue;
      const bl = l * k;
      for (let j = 0; j < k; j++) c[c0 + j] += a0 * b[bl + j];
    }
  }
}

/**
 * Roots of the secular equation 1/ρ + Σ_i z_i²/(d_i − λ) = 0 for strictly
 * increasing d, ρ > 0, z_i ≠ 0 (the dlaed4 problem). Root j lies in
 * (d_j, d_{j+1}) (the last in (d_{k−1}, d_{k−1} + ρ‖z‖²)). For each root the
 * origin is moved to the nearer pole and λ − d_origin is found by a
 * two-pole rational interpolation step (the "middle way" of Li 1993 /
 * dlaed4) safeguarded by bisection on a maintained bracket.
 *
 * Returns λ and delta (k×k, row j: delta[j*k+i] = d_i − λ_j, computed
 * without cancellation from the shifted origin).
 */
function secularSolve(dk: Float64Array, zk: Float64Array, rho: number): { lambda: Float64Array; delta: Float64Array } {
  const k = dk.length;
  const lambda = new Float64Array(k);
  const delta = new Float64Array(k * k);
  const del = new Float64Array(k);
  const z2 = new Float64Array(k);
  let zz = 0;
  for (let i = 0; i < k; i++) {
    z2[i] = zk[i] * zk[i];
    zz += z2[i];
  }
  const rinv = 1 / rho;
  for (let j = 0; j < k; j++) {
    const last = j === k - 1;
    let origin: number, lo: number, hi: number;
    if (last) {
      origin = j;
      lo = 0;
      hi = rho * zz;
    } else {
      const gap = dk[j + 1] - dk[j];
      const mid = 0.5 * gap;
      let f = rinv;
      for (let i = 0; i < k; i++) f += z2[i] / (dk[i] - dk[j] - mid);
      if (f >= 0) {
        origin = j;
        lo = 0;
        hi = mid;
      } else {
        origin = j + 1;
        lo = -mid;
        hi = 0;
      }
    }
    const dor = dk[origin];
    for (let i = 0; i < k; i++) del[i] = dk[i] - dor;
    let tau = 0.5 * (lo + hi);
    if (!last) {
      // Initial guess: the two nearest poles exactly, the rest frozen at the bracket midpoint.
      let c = rinv;
      for (let i = 0; i < k; i++) if (i !== j && i !== j + 1) c += z2[i] / (del[i] - tau);
      const x = twoPoleRoot(c, z2[j], z2[j + 1], del[j], del[j + 1]);
      if (x > lo && x < hi) tau = x;
    }
    for (let it = 0; it < 200; it++) {
      let psi = 0, dpsi = 0, phi = 0, dphi = 0;
      const split = last ? k : j + 1;
      for (let i = 0; i < split; i++) {
        const t = 1 / (del[i] - tau);
        const w = z2[i] * t;
        psi += w;
        dpsi += w * t;
      }
      for (let i = split; i < k; i++) {
        const t = 1 / (del[i] - tau);
        const w = z2[i] * t;
        phi += w;
        dphi += w * t;
      }
      const f = rinv + psi + phi;
      if (f === 0) break;
      if (f > 0) hi = tau;
      else lo = tau;
      const errBound = EPS * (k + 8) * (rinv + Math.abs(psi) + Math.abs(phi));
      if (Math.abs(f) <= errBound) break;
      if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) break;
      let x: number;
      if (last) {
        const pa = del[j] - tau;
        const s = dpsi * pa * pa;
        const c = rinv + psi - s / pa;
        x = c > 0 ? del[j] + s / c : NaN;
      } else {
        const pa = del[j] - tau, pb = del[j + 1] - tau;
        const s = dpsi * pa * pa, S = dphi * pb * pb;
        const c = rinv + (psi - s / pa) + (phi - S / pb);
        x = twoPoleRoot(c, s, S, del[j], del[j + 1]);
      }
      if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
      if (x === tau) break;
      tau = x;
    }
    lambda[j] = dor + tau;
    const rj = j * k;
    for (let i = 0; i < k; i++) delta[rj + i] = del[i] - tau;
  }
  return { lambda, delta };
}

/** Root in (pa, pb) of c + s/(pa − x) + S/(pb − x) = 0 (s, S > 0, pa < pb); NaN if none is found. */
function twoPoleRoot(c: number, s: number, S: number, pa: number, pb: number): number {
  // c(pa−x)(pb−x) + s(pb−x) + S(pa−x) = 0  ⇔  A x² + B x + C = 0.
  const A = c;
  const B = -(c * (pa + pb) + s + S);
  const C = c * pa * pb + s * pb + S * pa;
  if (A === 0) return -C / B;
  const disc = B * B - 4 * A * C;
  if (disc < 0) return NaN;
  const q = -0.5 * (B + (B >= 0 ? Math.sqrt(disc) : -Math.sqrt(disc)));
  const x1 = q / A, x2 = q !== 0 ? C / q : NaN;
  if (x1 > pa && x1 < pb) return x1;
  if (x2 > pa && x2 < pb) return x2;
  return NaN;
}
