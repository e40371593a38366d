// AssemblyScript source of spindrift's WebAssembly SIMD (f64x2) dense kernels.
//
// Built by `node scripts/build-wasm.mjs` (AssemblyScript pinned in package.json) into
// src/linalg/wasm-kernels.generated.ts (the module bytes as base64); test/linalg/wasm-build.test.ts
// checks that the committed bytes are what this source compiles to. The TypeScript side is
// src/linalg/wasm.ts (loading, memory) and the callers in src/linalg.
//
// Conventions: every pointer is a BYTE offset into linear memory, every leading dimension
// (lda, ldb, ldc, …) counts doubles; matrices are row-major. Nothing here allocates: the
// caller lays out its operands itself (src/linalg/wasm.ts reserves the memory).

/** Inner-dimension panel (doubles) and rows of B per L2-resident panel (128 KiB). */
const K_BLOCK: i32 = 256;
const J_BLOCK: i32 = 64;

// @ts-ignore: decorator
@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

// @ts-ignore: decorator
@inline function madd(acc: v128, x: v128, y: v128): v128 {
  return f64x2.add(acc, f64x2.mul(x, y));
}

// @ts-ignore: decorator
@inline function addTo(p: usize, v: f64): void {
  store<f64>(p, load<f64>(p) + v);
}

/**
 * C ← β·C + α·A·Bᵀ: C[i·ldc + j] (i < m, j < n), A[i·lda + l], B[j·ldb + l] (l < k).
 * β = 0 overwrites C. Dot-product form on f64x2 lanes (lane 0 sums the even l, lane 1
 * the odd l of each K_BLOCK panel), 4×2 register blocks of C (8 f64x2 accumulators: 4×3
 * and 4×4 measured 5–15% slower, spilling on x86-64), panels as in real-dense.ts.
 */
export function gemmNT(
  m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32,
  beta: f64, c: usize, ldc: i32,
): void {
  if (m <= 0 || n <= 0) return;
  const sa = <usize>lda << 3, sb = <usize>ldb << 3, sc = <usize>ldc << 3;
  if (beta != 1.0) {
    for (let i = 0; i < m; i++) {
      const ci = c + <usize>i * sc;
      if (beta == 0.0) memory.fill(ci, 0, <usize>n << 3);
      else for (let j = 0; j < n; j++) {
        const p = ci + (<usize>j << 3);
        store<f64>(p, beta * load<f64>(p));
      }
    }
  }
  if (k <= 0 || alpha == 0.0) return;
  const zero = f64x2.splat(0);
  for (let l0 = 0; l0 < k; l0 += K_BLOCK) {
    const kl = min(K_BLOCK, k - l0);
    const kv = <usize>(kl & ~1) << 3; // bytes covered by whole lane pairs
    const odd = (kl & 1) != 0;
    const lOff = <usize>l0 << 3;
    for (let j0 = 0; j0 < n; j0 += J_BLOCK) {
      const j1 = min(j0 + J_BLOCK, n);
      let i = 0;
      for (; i + 3 < m; i += 4) {
        const a0 = a + <usize>i * sa + lOff, a1 = a0 + sa, a2 = a1 + sa, a3 = a2 + sa;
        const c0 = c + <usize>i * sc, c1 = c0 + sc, c2 = c1 + sc, c3 = c2 + sc;
        let j = j0;
        for (; j + 1 < j1; j += 2) {
          const b0 = b + <usize>j * sb + lOff, b1 = b0 + sb;
          let s00 = zero, s01 = zero, s10 = zero, s11 = zero;
          let s20 = zero, s21 = zero, s30 = zero, s31 = zero;
          for (let l: usize = 0; l < kv; l += 16) {
            const x0 = v128.load(b0 + l), x1 = v128.load(b1 + l);
            let y = v128.load(a0 + l);
            s00 = madd(s00, y, x0); s01 = madd(s01, y, x1);
            y = v128.load(a1 + l);
            s10 = madd(s10, y, x0); s11 = madd(s11, y, x1);
            y = v128.load(a2 + l);
            s20 = madd(s20, y, x0); s21 = madd(s21, y, x1);
            y = v128.load(a3 + l);
            s30 = madd(s30, y, x0); s31 = madd(s31, y, x1);
          }
          let r00 = hsum(s00), r01 = hsum(s01), r10 = hsum(s10), r11 = hsum(s11);
          let r20 = hsum(s20), r21 = hsum(s21), r30 = hsum(s30), r31 = hsum(s31);
          if (odd) {
            const x0 = load<f64>(b0 + kv), x1 = load<f64>(b1 + kv);
            let y = load<f64>(a0 + kv);
            r00 += y * x0; r01 += y * x1;
            y = load<f64>(a1 + kv);
            r10 += y * x0; r11 += y * x1;
            y = load<f64>(a2 + kv);
            r20 += y * x0; r21 += y * x1;
            y = load<f64>(a3 + kv);
            r30 += y * x0; r31 += y * x1;
          }
          const cj = <usize>j << 3;
          addTo(c0 + cj, alpha * r00); addTo(c0 + cj + 8, alpha * r01);
          addTo(c1 + cj, alpha * r10); addTo(c1 + cj + 8, alpha * r11);
          addTo(c2 + cj, alpha * r20); addTo(c2 + cj + 8, alpha * r21);
          addTo(c3 + cj, alpha * r30); addTo(c3 + cj + 8, alpha * r31);
        }
        for (; j < j1; j++) {
          const b0 = b + <usize>j * sb + lOff;
          let s0 = zero, s1 = zero, s2 = zero, s3 = zero;
          for (let l: usize = 0; l < kv; l += 16) {
            const x = v128.load(b0 + l);
            s0 = madd(s0, v128.load(a0 + l), x);
            s1 = madd(s1, v128.load(a1 + l), x);
            s2 = madd(s2, v128.load(a2 + l), x);
            s3 = madd(s3, v128.load(a3 + l), x);
          }
          let r0 = hsum(s0), r1 = hsum(s1), r2 = hsum(s2), r3 = hsum(s3);
          if (odd) {
            const x = load<f64>(b0 + kv);
            r0 += load<f64>(a0 + kv) * x; r1 += load<f64>(a1 + kv) * x;
            r2 += load<f64>(a2 + kv) * x; r3 += load<f64>(a3 + kv) * x;
          }
          const cj = <usize>j << 3;
          addTo(c0 + cj, alpha * r0); addTo(c1 + cj, alpha * r1);
          addTo(c2 + cj, alpha * r2); addTo(c3 + cj, alpha * r3);
        }
      }
      for (; i < m; i++) {
        const a0 = a + <usize>i * sa + lOff, c0 = c + <usize>i * sc;
        let j = j0;
        for (; j + 1 < j1; j += 2) {
          const b0 = b + <usize>j * sb + lOff, b1 = b0 + sb;
          let s0 = zero, s1 = zero;
          for (let l: usize = 0; l < kv; l += 16) {
            const y = v128.load(a0 + l);
            s0 = madd(s0, y, v128.load(b0 + l));
            s1 = madd(s1, y, v128.load(b1 + l));
          }
          let r0 = hsum(s0), r1 = hsum(s1);
          if (odd) {
            const y = load<f64>(a0 + kv);
            r0 += y * load<f64>(b0 + kv); r1 += y * load<f64>(b1 + kv);
          }
          const cj = <usize>j << 3;
          addTo(c0 + cj, alpha * r0); addTo(c0 + cj + 8, alpha * r1);
        }
        for (; j < j1; j++) {
          const b0 = b + <usize>j * sb + lOff;
          let s = zero;
          for (let l: usize = 0; l < kv; l += 16) s = madd(s, v128.load(a0 + l), v128.load(b0 + l));
          let r = hsum(s);
          if (odd) r += load<f64>(a0 + kv) * load<f64>(b0 + kv);
          addTo(c0 + (<usize>j << 3), alpha * r);
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

// @ts-ignore: decorator
@inline function vld(p: usize, i: i32): v128 {
  return v128.load(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline function vst(p: usize, i: i32, v: v128): void {
  v128.store(p + (<usize>i << 3), v);
}

/**
 * Householder reflector of step k from row k right of the diagonal (at rk): H x = α e₁ with
 * α = −sign(x₀)‖x‖ (no cancellation in u₀ = x₀ − α); u goes to x[k+1…] and to the row, α to
 * eS[k], τ to tau[k] (τ = 0 and u = 0 when the row is already reduced).
 */
// @ts-ignore: decorator
@inline function householderRow(n: i32, k: i32, rk: usize, xr: usize, eS: usize, tau: usize): void {
  let tail = 0.0;
  for (let j = k + 2; j < n; j++) { const v = ld(rk, j); tail += v * v; }
  const x0 = ld(rk, k + 1);
  if (tail == 0) {
    st(eS, k, x0);
    st(tau, k, 0);
    for (let j = k + 1; j < n; j++) { st(xr, j, 0); st(rk, j, 0); }
  } else {
    const abs0 = Math.abs(x0);
    const xn = Math.sqrt(abs0 * abs0 + tail);
    const sg = x0 < 0 ? -1.0 : 1.0;
    st(eS, k, -sg * xn);
    const v0 = x0 + sg * xn;
    st(xr, k + 1, v0);
    st(rk, k + 1, v0);
    for (let j = k + 2; j < n; j++) st(xr, j, ld(rk, j));
    st(tau, k, 1 / (xn * (xn + abs0)));
  }
}

/**
 * Householder tridiagonalisation of the real symmetric n×n matrix at `a` (upper triangle
 * read, overwritten: row k right of the diagonal ends up holding reflector k). The
 * algorithm of src/linalg/eigen-symmetric.ts `tridiagonalize` (Golub & Van Loan Alg.
 * 8.3.1, rank-2 update of step k−1 fused with p = A u of step k, four rows per pass),
 * with the inner loops over column pairs in f64x2 lanes. Outputs: d (n), eS (signed
 * off-diagonal, n−1), tau (n). Scratch u, w, x, p: n doubles each, zeroed by the caller.
 * Runs steps k0 ≤ k < k1 (the caller loops over k in short ranges: V8 runs a wasm
 * function in its baseline compiler until a later call, so one long call never gets the
 * optimised code).
 */
export function tridiagonalize(n: i32, k0: i32, k1: i32, a: usize, d: usize, eS: usize, tau: usize, ur: usize, wr: usize, xr: usize, pr: usize): void {
  const zero = f64x2.splat(0);
  for (let k = k0; k < k1; k++) {
    const rk = a + (<usize>k * <usize>n << 3);
    // 1. Bring row k (entries j ≥ k) up to date.
    {
      const uk = ld(ur, k), wk = ld(wr, k);
      for (let j = k; j < n; j++) st(rk, j, ld(rk, j) - (uk * ld(wr, j) + wk * ld(ur, j)));
    }
    st(d, k, ld(rk, k));
    if (k == n - 1) break;
    // 2. Reflector for column k below the diagonal (= row k right of it).
    householderRow(n, k, rk, xr, eS, tau);
    // 3. One pass over the trailing upper triangle: pending update and p = B x, four rows at a time.
    for (let j = k + 1; j < n; j++) st(pr, j, 0);
    let i = k + 1;
    for (; i + 3 < n; i += 4) {
      const r0 = a + (<usize>i * <usize>n << 3), r1 = r0 + (<usize>n << 3), r2 = r1 + (<usize>n << 3), r3 = r2 + (<usize>n << 3);
      const u0 = ld(ur, i), u1 = ld(ur, i + 1), u2 = ld(ur, i + 2), u3 = ld(ur, i + 3);
      const w0 = ld(wr, i), w1 = ld(wr, i + 1), w2 = ld(wr, i + 2), w3 = ld(wr, i + 3);
      const a00 = ld(r0, i) - 2 * u0 * w0; st(r0, i, a00);
      const a01 = ld(r0, i + 1) - (u0 * w1 + w0 * u1); st(r0, i + 1, a01);
      const a02 = ld(r0, i + 2) - (u0 * w2 + w0 * u2); st(r0, i + 2, a02);
      const a03 = ld(r0, i + 3) - (u0 * w3 + w0 * u3); st(r0, i + 3, a03);
      const a11 = ld(r1, i + 1) - 2 * u1 * w1; st(r1, i + 1, a11);
      const a12 = ld(r1, i + 2) - (u1 * w2 + w1 * u2); st(r1, i + 2, a12);
      const a13 = ld(r1, i + 3) - (u1 * w3 + w1 * u3); st(r1, i + 3, a13);
      const a22 = ld(r2, i + 2) - 2 * u2 * w2; st(r2, i + 2, a22);
      const a23 = ld(r2, i + 3) - (u2 * w3 + w2 * u3); st(r2, i + 3, a23);
      const a33 = ld(r3, i + 3) - 2 * u3 * w3; st(r3, i + 3, a33);
      const x0 = ld(xr, i), x1 = ld(xr, i + 1), x2 = ld(xr, i + 2), x3 = ld(xr, i + 3);
      let t0 = a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
      let t1 = a01 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
      let t2 = a02 * x0 + a12 * x1 + a22 * x2 + a23 * x3;
      let t3 = a03 * x0 + a13 * x1 + a23 * x2 + a33 * x3;
      const U0 = f64x2.splat(u0), U1 = f64x2.splat(u1), U2 = f64x2.splat(u2), U3 = f64x2.splat(u3);
      const W0 = f64x2.splat(w0), W1 = f64x2.splat(w1), W2 = f64x2.splat(w2), W3 = f64x2.splat(w3);
      const X0 = f64x2.splat(x0), X1 = f64x2.splat(x1), X2 = f64x2.splat(x2), X3 = f64x2.splat(x3);
      let s0 = zero, s1 = zero, s2 = zero, s3 = zero;
      let j = i + 4;
      for (; j + 1 < n; j += 2) {
        const wj = vld(wr, j), uj = vld(ur, j), xj = vld(xr, j);
        const b0 = f64x2.sub(vld(r0, j), f64x2.add(f64x2.mul(U0, wj), f64x2.mul(W0, uj)));
        const b1 = f64x2.sub(vld(r1, j), f64x2.add(f64x2.mul(U1, wj), f64x2.mul(W1, uj)));
        const b2 = f64x2.sub(vld(r2, j), f64x2.add(f64x2.mul(U2, wj), f64x2.mul(W2, uj)));
        const b3 = f64x2.sub(vld(r3, j), f64x2.add(f64x2.mul(U3, wj), f64x2.mul(W3, uj)));
        vst(r0, j, b0); vst(r1, j, b1); vst(r2, j, b2); vst(r3, j, b3);
        s0 = madd(s0, b0, xj); s1 = madd(s1, b1, xj); s2 = madd(s2, b2, xj); s3 = madd(s3, b3, xj);
        const q = f64x2.add(f64x2.add(f64x2.mul(b0, X0), f64x2.mul(b1, X1)), f64x2.add(f64x2.mul(b2, X2), f64x2.mul(b3, X3)));
        vst(pr, j, f64x2.add(vld(pr, j), q));
      }
      t0 += hsum(s0); t1 += hsum(s1); t2 += hsum(s2); t3 += hsum(s3);
      if (j < n) {
        const wj = ld(wr, j), uj = ld(ur, j), xj = ld(xr, j);
        const b0 = ld(r0, j) - (u0 * wj + w0 * uj);
        const b1 = ld(r1, j) - (u1 * wj + w1 * uj);
        const b2 = ld(r2, j) - (u2 * wj + w2 * uj);
        const b3 = ld(r3, j) - (u3 * wj + w3 * uj);
        st(r0, j, b0); st(r1, j, b1); st(r2, j, b2); st(r3, j, b3);
        t0 += b0 * xj; t1 += b1 * xj; t2 += b2 * xj; t3 += b3 * xj;
        st(pr, j, ld(pr, j) + (b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3));
      }
      st(pr, i, ld(pr, i) + t0);
      st(pr, i + 1, ld(pr, i + 1) + t1);
      st(pr, i + 2, ld(pr, i + 2) + t2);
      st(pr, i + 3, ld(pr, i + 3) + t3);
    }
    for (; i < n; i++) {
      const ri = a + (<usize>i * <usize>n << 3);
      const ua = ld(ur, i), wa = ld(wr, i), xa = ld(xr, i);
      const aii = ld(ri, i) - 2 * ua * wa;
      st(ri, i, aii);
      let sa = aii * xa;
      for (let j = i + 1; j < n; j++) {
        const bv = ld(ri, j) - (ua * ld(wr, j) + wa * ld(ur, j));
        st(ri, j, bv);
        sa += bv * ld(xr, j);
        st(pr, j, ld(pr, j) + bv * xa);
      }
      st(pr, i, ld(pr, i) + sa);
    }
    if (ld(tau, k) == 0) {
      for (let j = k + 1; j < n; j++) st(wr, j, 0);
      continue;
    }
    // 4. w = τp − (τ²/2)(uᵀp) u.
    const t = ld(tau, k);
    let dot = 0.0;
    for (let j = k + 1; j < n; j++) dot += ld(xr, j) * ld(pr, j);
    const kk = 0.5 * t * t * dot;
    for (let j = k + 1; j < n; j++) {
      const xj = ld(xr, j);
      st(wr, j, t * ld(pr, j) - kk * xj);
      st(ur, j, xj);
    }
  }
}

/** Inner panel of the complex kernel: J_BLOCK rows of Bᵀ (real and imaginary) × 128 = 128 KiB. */
const ZK_BLOCK: i32 = 128;

/**
 * Complex C ← A·Bᵀ (no conjugation) on split storage: A (m×k) real/imaginary parts at
 * ar/ai, B (n×k) at br/bi, C (m×n) at cr/ci, all with row stride = their column count
 * (contiguous). C is overwritten. Dot-product form: 2×2 blocks of C, per f64x2 step two
 * l of each row, Re and Im accumulated separately (8 accumulators).
 */
export function zgemmNT(m: i32, n: i32, k: i32, ar: usize, ai: usize, br: usize, bi: usize, cr: usize, ci: usize): void {
  if (m <= 0 || n <= 0) return;
  memory.fill(cr, 0, <usize>m * <usize>n << 3);
  memory.fill(ci, 0, <usize>m * <usize>n << 3);
  if (k <= 0) return;
  const sk = <usize>k << 3, sn = <usize>n << 3;
  const zero = f64x2.splat(0);
  for (let l0 = 0; l0 < k; l0 += ZK_BLOCK) {
    const kl = min(ZK_BLOCK, k - l0);
    const kv = <usize>(kl & ~1) << 3;
    const odd = (kl & 1) != 0;
    const lOff = <usize>l0 << 3;
    for (let j0 = 0; j0 < n; j0 += J_BLOCK) {
      const j1 = min(j0 + J_BLOCK, n);
      for (let i = 0; i < m; i += 2) {
        const two = i + 1 < m;
        const a0 = <usize>i * sk + lOff, a1 = two ? a0 + sk : a0;
        const c0 = <usize>i * sn, c1 = two ? c0 + sn : c0;
        for (let j = j0; j < j1; j += 2) {
          const twoJ = j + 1 < j1;
          const b0 = <usize>j * sk + lOff, b1 = twoJ ? b0 + sk : b0;
          let r00 = zero, i00 = zero, r01 = zero, i01 = zero, r10 = zero, i10 = zero, r11 = zero, i11 = zero;
          for (let l: usize = 0; l < kv; l += 16) {
            const xr0 = v128.load(br + b0 + l), xi0 = v128.load(bi + b0 + l);
            const xr1 = v128.load(br + b1 + l), xi1 = v128.load(bi + b1 + l);
            let yr = v128.load(ar + a0 + l), yi = v128.load(ai + a0 + l);
            r00 = f64x2.sub(madd(r00, yr, xr0), f64x2.mul(yi, xi0));
            i00 = madd(madd(i00, yr, xi0), yi, xr0);
            r01 = f64x2.sub(madd(r01, yr, xr1), f64x2.mul(yi, xi1));
            i01 = madd(madd(i01, yr, xi1), yi, xr1);
            yr = v128.load(ar + a1 + l); yi = v128.load(ai + a1 + l);
            r10 = f64x2.sub(madd(r10, yr, xr0), f64x2.mul(yi, xi0));
            i10 = madd(madd(i10, yr, xi0), yi, xr0);
            r11 = f64x2.sub(madd(r11, yr, xr1), f64x2.mul(yi, xi1));
            i11 = madd(madd(i11, yr, xi1), yi, xr1);
          }
          let sr00 = hsum(r00), si00 = hsum(i00), sr01 = hsum(r01), si01 = hsum(i01);
          let sr10 = hsum(r10), si10 = hsum(i10), sr11 = hsum(r11), si11 = hsum(i11);
          if (odd) {
            const xr0 = load<f64>(br + b0 + kv), xi0 = load<f64>(bi + b0 + kv);
            const xr1 = load<f64>(br + b1 + kv), xi1 = load<f64>(bi + b1 + kv);
            let yr = load<f64>(ar + a0 + kv), yi = load<f64>(ai + a0 + kv);
            sr00 += yr * xr0 - yi * xi0; si00 += yr * xi0 + yi * xr0;
            sr01 += yr * xr1 - yi * xi1; si01 += yr * xi1 + yi * xr1;
            yr = load<f64>(ar + a1 + kv); yi = load<f64>(ai + a1 + kv);
            sr10 += yr * xr0 - yi * xi0; si10 += yr * xi0 + yi * xr0;
            sr11 += yr * xr1 - yi * xi1; si11 += yr * xi1 + yi * xr1;
          }
          // Edge blocks computed duplicate rows/columns: store only the real ones.
          const cj = <usize>j << 3;
          addTo(cr + c0 + cj, sr00); addTo(ci + c0 + cj, si00);
          if (twoJ) { addTo(cr + c0 + cj + 8, sr01); addTo(ci + c0 + cj + 8, si01); }
          if (two) {
            addTo(cr + c1 + cj, sr10); addTo(ci + c1 + cj, si10);
            if (twoJ) { addTo(cr + c1 + cj + 8, sr11); addTo(ci + c1 + cj + 8, si11); }
          }
        }
      }
    }
  }
}

/**
 * Complex back-transformation for src/linalg/eigen-hermitian.ts: rows r0 ≤ r < r1 of
 * Y (split re/im at yr/yi, row stride n) ← Y·Hᵀ-products, i.e. for each row y and each
 * reflector k = n−3 … 0 (row k of ur/ui holds u_k at positions k+1…n−1, τ_k at tau):
 * s = τ_k Σ_i conj(u_i) y_i, y_i −= u_i s. Rows are taken four at a time with all four
 * sharing each reflector entry loaded; for one k all row groups run before the next k, so
 * the reflector row stays in L1. The inner loops run over pairs of i in f64x2 lanes.
 */
export function zreflectRows(n: i32, r0: i32, r1: i32, yr: usize, yi: usize, ur: usize, ui: usize, tau: usize): void {
  reflectRowsLaidOut(n, r0, r1, yr, yi, ur, ui, tau, false);
}

/**
 * The body of `zreflectRows` (and of `zreflectRowsPacked`, section memory2): reflector k's
 * entries i = k+1 … n−1 are read at `row + 8·i`, with `row` = ur + 8·k·n for full rows, or,
 * `packed`, = ur + 8·(s_k − k − 1) where s_k = k(n−1) − k(k−1)/2 is where row k starts in the
 * strict upper triangle stored row after row. Only the addresses differ: the same arithmetic.
 */
@inline
function reflectRowsLaidOut(n: i32, r0: i32, r1: i32, yr: usize, yi: usize, ur: usize, ui: usize, tau: usize, packed: bool): void {
  const zero = f64x2.splat(0);
  const sn = <usize>n << 3;
  for (let k = n - 3; k >= 0; k--) {
    const tk = ld(tau, k);
    if (tk == 0) continue;
    const row: usize = packed ? <usize>(<isize>k * <isize>(n - 1) - ((<isize>k * <isize>(k - 1)) >> 1) - <isize>k - 1) << 3 : <usize>k * sn;
    const pr = ur + row, pi = ui + row;
    const i0 = k + 1;
    let r = r0;
    for (; r + 3 < r1; r += 4) {
      const a0 = yr + <usize>r * sn, a1 = a0 + sn, a2 = a1 + sn, a3 = a2 + sn;
      const b0 = yi + <usize>r * sn, b1 = b0 + sn, b2 = b1 + sn, b3 = b2 + sn;
      let s0r = zero, s0i = zero, s1r = zero, s1i = zero, s2r = zero, s2i = zero, s3r = zero, s3i = zero;
      let i = i0;
      for (; i + 1 < n; i += 2) {
        const vr = vld(pr, i), vi = vld(pi, i);
        let a = vld(a0, i), b = vld(b0, i);
        s0r = madd(madd(s0r, vr, a), vi, b); s0i = f64x2.sub(madd(s0i, vr, b), f64x2.mul(vi, a));
        a = vld(a1, i); b = vld(b1, i);
        s1r = madd(madd(s1r, vr, a), vi, b); s1i = f64x2.sub(madd(s1i, vr, b), f64x2.mul(vi, a));
        a = vld(a2, i); b = vld(b2, i);
        s2r = madd(madd(s2r, vr, a), vi, b); s2i = f64x2.sub(madd(s2i, vr, b), f64x2.mul(vi, a));
        a = vld(a3, i); b = vld(b3, i);
        s3r = madd(madd(s3r, vr, a), vi, b); s3i = f64x2.sub(madd(s3i, vr, b), f64x2.mul(vi, a));
      }
      let t0r = hsum(s0r), t0i = hsum(s0i), t1r = hsum(s1r), t1i = hsum(s1i);
      let t2r = hsum(s2r), t2i = hsum(s2i), t3r = hsum(s3r), t3i = hsum(s3i);
      if (i < n) {
        const vr = ld(pr, i), vi = ld(pi, i);
        let a = ld(a0, i), b = ld(b0, i);
        t0r += vr * a + vi * b; t0i += vr * b - vi * a;
        a = ld(a1, i); b = ld(b1, i);
        t1r += vr * a + vi * b; t1i += vr * b - vi * a;
        a = ld(a2, i); b = ld(b2, i);
        t2r += vr * a + vi * b; t2i += vr * b - vi * a;
        a = ld(a3, i); b = ld(b3, i);
        t3r += vr * a + vi * b; t3i += vr * b - vi * a;
      }
      t0r *= tk; t0i *= tk; t1r *= tk; t1i *= tk; t2r *= tk; t2i *= tk; t3r *= tk; t3i *= tk;
      const S0r = f64x2.splat(t0r), S0i = f64x2.splat(t0i), S1r = f64x2.splat(t1r), S1i = f64x2.splat(t1i);
      const S2r = f64x2.splat(t2r), S2i = f64x2.splat(t2i), S3r = f64x2.splat(t3r), S3i = f64x2.splat(t3i);
      i = i0;
      for (; i + 1 < n; i += 2) {
        const vr = vld(pr, i), vi = vld(pi, i);
        vst(a0, i, f64x2.sub(vld(a0, i), f64x2.sub(f64x2.mul(vr, S0r), f64x2.mul(vi, S0i))));
        vst(b0, i, f64x2.sub(vld(b0, i), f64x2.add(f64x2.mul(vr, S0i), f64x2.mul(vi, S0r))));
        vst(a1, i, f64x2.sub(vld(a1, i), f64x2.sub(f64x2.mul(vr, S1r), f64x2.mul(vi, S1i))));
        vst(b1, i, f64x2.sub(vld(b1, i), f64x2.add(f64x2.mul(vr, S1i), f64x2.mul(vi, S1r))));
        vst(a2, i, f64x2.sub(vld(a2, i), f64x2.sub(f64x2.mul(vr, S2r), f64x2.mul(vi, S2i))));
        vst(b2, i, f64x2.sub(vld(b2, i), f64x2.add(f64x2.mul(vr, S2i), f64x2.mul(vi, S2r))));
        vst(a3, i, f64x2.sub(vld(a3, i), f64x2.sub(f64x2.mul(vr, S3r), f64x2.mul(vi, S3i))));
        vst(b3, i, f64x2.sub(vld(b3, i), f64x2.add(f64x2.mul(vr, S3i), f64x2.mul(vi, S3r))));
      }
      if (i < n) {
        const vr = ld(pr, i), vi = ld(pi, i);
        st(a0, i, ld(a0, i) - (vr * t0r - vi * t0i)); st(b0, i, ld(b0, i) - (vr * t0i + vi * t0r));
        st(a1, i, ld(a1, i) - (vr * t1r - vi * t1i)); st(b1, i, ld(b1, i) - (vr * t1i + vi * t1r));
        st(a2, i, ld(a2, i) - (vr * t2r - vi * t2i)); st(b2, i, ld(b2, i) - (vr * t2i + vi * t2r));
        st(a3, i, ld(a3, i) - (vr * t3r - vi * t3i)); st(b3, i, ld(b3, i) - (vr * t3i + vi * t3r));
      }
    }
    for (; r < r1; r++) {
      const a0 = yr + <usize>r * sn, b0 = yi + <usize>r * sn;
      let sr = 0.0, si = 0.0;
      for (let i = i0; i < n; i++) {
        const vr = ld(pr, i), vi = ld(pi, i), a = ld(a0, i), b = ld(b0, i);
        sr += vr * a + vi * b; si += vr * b - vi * a;
      }
      sr *= tk; si *= tk;
      for (let i = i0; i < n; i++) {
        const vr = ld(pr, i), vi = ld(pi, i);
        st(a0, i, ld(a0, i) - (vr * sr - vi * si));
        st(b0, i, ld(b0, i) - (vr * si + vi * sr));
      }
    }
  }
}

/**
 * Complex Hermitian Householder tridiagonalisation, steps k0 ≤ k < k1: the algorithm of
 * src/linalg/eigen-hermitian.ts `tridiagonalize` (zhetd2-style, rank-2 update of step k−1
 * fused with p = B u of step k, two rows per pass) with the inner loops over pairs of
 * columns in f64x2 lanes. Split storage: ar/ai (n×n, upper triangle read and
 * overwritten, reflector k left in row k), d (n), eRe/eIm (n−1), tau (n); scratch
 * u, w, x, p (re and im, n each) zeroed by the caller before step 0.
 */
export function ztridiagonalize(
  n: i32, k0: i32, k1: i32, ar: usize, ai: usize, d: usize, eRe: usize, eIm: usize, tau: usize,
  ur: usize, ui: usize, wr: usize, wi: usize, xr: usize, xi: usize, pr: usize, pi: usize,
): void {
  const zero = f64x2.splat(0);
  const sn = <usize>n << 3;
  for (let k = k0; k < k1; k++) {
    const rkr = ar + <usize>k * sn, rki = ai + <usize>k * sn;
    {
      const uk = ld(ur, k), uki = ld(ui, k), wk = ld(wr, k), wki = ld(wi, k);
      for (let j = k; j < n; j++) {
        const wjr = ld(wr, j), wji = ld(wi, j), ujr = ld(ur, j), uji = ld(ui, j);
        st(rkr, j, ld(rkr, j) - (uk * wjr + uki * wji + wk * ujr + wki * uji));
        st(rki, j, ld(rki, j) - (uki * wjr - uk * wji + wki * ujr - wk * uji));
      }
    }
    st(d, k, ld(rkr, k));
    if (k == n - 1) break;
    let tail = 0.0;
    for (let j = k + 2; j < n; j++) { const a = ld(rkr, j), b = ld(rki, j); tail += a * a + b * b; }
    const x0r = ld(rkr, k + 1), x0i = -ld(rki, k + 1);
    if (tail == 0) {
      st(eRe, k, x0r); st(eIm, k, x0i); st(tau, k, 0);
      for (let j = k + 1; j < n; j++) { st(xr, j, 0); st(xi, j, 0); st(rkr, j, 0); st(rki, j, 0); }
    } else {
      const abs0 = Math.hypot(x0r, x0i);
      const xn = Math.sqrt(abs0 * abs0 + tail);
      const phr = abs0 == 0 ? 1.0 : x0r / abs0, phi = abs0 == 0 ? 0.0 : x0i / abs0;
      st(eRe, k, -phr * xn); st(eIm, k, -phi * xn);
      st(xr, k + 1, x0r + phr * xn); st(xi, k + 1, x0i + phi * xn);
      for (let j = k + 2; j < n; j++) { st(xr, j, ld(rkr, j)); st(xi, j, -ld(rki, j)); }
      st(tau, k, 1 / (xn * (xn + abs0)));
      for (let j = k + 1; j < n; j++) { st(rkr, j, ld(xr, j)); st(rki, j, ld(xi, j)); }
    }
    for (let j = k + 1; j < n; j++) { st(pr, j, 0); st(pi, j, 0); }
    let i = k + 1;
    for (; i + 1 < n; i += 2) {
      const ra = ar + <usize>i * sn, ia = ai + <usize>i * sn, rb = ra + sn, ib = ia + sn;
      const ua = ld(ur, i), uai = ld(ui, i), wa = ld(wr, i), wai = ld(wi, i);
      const ub = ld(ur, i + 1), ubi = ld(ui, i + 1), wb = ld(wr, i + 1), wbi = ld(wi, i + 1);
      st(ra, i, ld(ra, i) - 2 * (ua * wa + uai * wai)); st(ia, i, 0);
      st(ra, i + 1, ld(ra, i + 1) - (ua * wb + uai * wbi + wa * ub + wai * ubi));
      st(ia, i + 1, ld(ia, i + 1) - (uai * wb - ua * wbi + wai * ub - wa * ubi));
      st(rb, i + 1, ld(rb, i + 1) - 2 * (ub * wb + ubi * wbi)); st(ib, i + 1, 0);
      const xa = ld(xr, i), xai = ld(xi, i), xb = ld(xr, i + 1), xbi = ld(xi, i + 1);
      const daa = ld(ra, i), dbb = ld(rb, i + 1), ofr = ld(ra, i + 1), ofi = ld(ia, i + 1);
      let sar = daa * xa + ofr * xb - ofi * xbi;
      let sai = daa * xai + ofr * xbi + ofi * xb;
      let sbr = dbb * xb + ofr * xa + ofi * xai;
      let sbi = dbb * xbi + ofr * xai - ofi * xa;
      const UA = f64x2.splat(ua), UAI = f64x2.splat(uai), WA = f64x2.splat(wa), WAI = f64x2.splat(wai);
      const UB = f64x2.splat(ub), UBI = f64x2.splat(ubi), WB = f64x2.splat(wb), WBI = f64x2.splat(wbi);
      const XA = f64x2.splat(xa), XAI = f64x2.splat(xai), XB = f64x2.splat(xb), XBI = f64x2.splat(xbi);
      let var_ = zero, vai = zero, vbr = zero, vbi = zero;
      let j = i + 2;
      for (; j + 1 < n; j += 2) {
        const wjr = vld(wr, j), wji = vld(wi, j), ujr = vld(ur, j), uji = vld(ui, j);
        const br = f64x2.sub(vld(ra, j), f64x2.add(f64x2.add(f64x2.mul(UA, wjr), f64x2.mul(UAI, wji)), f64x2.add(f64x2.mul(WA, ujr), f64x2.mul(WAI, uji))));
        const bi = f64x2.sub(vld(ia, j), f64x2.add(f64x2.sub(f64x2.mul(UAI, wjr), f64x2.mul(UA, wji)), f64x2.sub(f64x2.mul(WAI, ujr), f64x2.mul(WA, uji))));
        const cr = f64x2.sub(vld(rb, j), f64x2.add(f64x2.add(f64x2.mul(UB, wjr), f64x2.mul(UBI, wji)), f64x2.add(f64x2.mul(WB, ujr), f64x2.mul(WBI, uji))));
        const ci = f64x2.sub(vld(ib, j), f64x2.add(f64x2.sub(f64x2.mul(UBI, wjr), f64x2.mul(UB, wji)), f64x2.sub(f64x2.mul(WBI, ujr), f64x2.mul(WB, uji))));
        vst(ra, j, br); vst(ia, j, bi); vst(rb, j, cr); vst(ib, j, ci);
        const xjr = vld(xr, j), xji = vld(xi, j);
        var_ = f64x2.sub(madd(var_, br, xjr), f64x2.mul(bi, xji));
        vai = madd(madd(vai, br, xji), bi, xjr);
        vbr = f64x2.sub(madd(vbr, cr, xjr), f64x2.mul(ci, xji));
        vbi = madd(madd(vbi, cr, xji), ci, xjr);
        vst(pr, j, f64x2.add(vld(pr, j), f64x2.add(f64x2.add(f64x2.mul(br, XA), f64x2.mul(bi, XAI)), f64x2.add(f64x2.mul(cr, XB), f64x2.mul(ci, XBI)))));
        vst(pi, j, f64x2.add(vld(pi, j), f64x2.add(f64x2.sub(f64x2.mul(br, XAI), f64x2.mul(bi, XA)), f64x2.sub(f64x2.mul(cr, XBI), f64x2.mul(ci, XB)))));
      }
      sar += hsum(var_); sai += hsum(vai); sbr += hsum(vbr); sbi += hsum(vbi);
      if (j < n) {
        const wjr = ld(wr, j), wji = ld(wi, j), ujr = ld(ur, j), uji = ld(ui, j);
        const br = ld(ra, j) - (ua * wjr + uai * wji + wa * ujr + wai * uji);
        const bi = ld(ia, j) - (uai * wjr - ua * wji + wai * ujr - wa * uji);
        const cr = ld(rb, j) - (ub * wjr + ubi * wji + wb * ujr + wbi * uji);
        const ci = ld(ib, j) - (ubi * wjr - ub * wji + wbi * ujr - wb * uji);
        st(ra, j, br); st(ia, j, bi); st(rb, j, cr); st(ib, j, ci);
        const xjr = ld(xr, j), xji = ld(xi, j);
        sar += br * xjr - bi * xji; sai += br * xji + bi * xjr;
        sbr += cr * xjr - ci * xji; sbi += cr * xji + ci * xjr;
        st(pr, j, ld(pr, j) + (br * xa + bi * xai + cr * xb + ci * xbi));
        st(pi, j, ld(pi, j) + (br * xai - bi * xa + cr * xbi - ci * xb));
      }
      st(pr, i, ld(pr, i) + sar); st(pi, i, ld(pi, i) + sai);
      st(pr, i + 1, ld(pr, i + 1) + sbr); st(pi, i + 1, ld(pi, i + 1) + sbi);
    }
    if (i < n) {
      const ra = ar + <usize>i * sn, ia = ai + <usize>i * sn;
      st(ra, i, ld(ra, i) - 2 * (ld(ur, i) * ld(wr, i) + ld(ui, i) * ld(wi, i)));
      st(ia, i, 0);
      st(pr, i, ld(pr, i) + ld(ra, i) * ld(xr, i));
      st(pi, i, ld(pi, i) + ld(ra, i) * ld(xi, i));
    }
    if (ld(tau, k) == 0) {
      for (let j = k + 1; j < n; j++) { st(wr, j, 0); st(wi, j, 0); }
      continue;
    }
    const t = ld(tau, k);
    let dotR = 0.0;
    for (let j = k + 1; j < n; j++) dotR += ld(xr, j) * ld(pr, j) + ld(xi, j) * ld(pi, j);
    const kk = 0.5 * t * t * dotR;
    for (let j = k + 1; j < n; j++) {
      st(wr, j, t * ld(pr, j) - kk * ld(xr, j));
      st(wi, j, t * ld(pi, j) - kk * ld(xi, j));
      st(ur, j, ld(xr, j));
      st(ui, j, ld(xi, j));
    }
  }
}

/**
 * Roots of the secular equation 1/ρ + Σ_i z_i²/(d_i − λ) = 0 (strictly increasing d, ρ > 0,
 * z_i ≠ 0): the algorithm of src/linalg/tridiagonal.ts `secularSolve` (origin at the nearer
 * pole, two-pole rational interpolation safeguarded by bisection), operation for operation,
 * so both give the same bits. Inputs d, z (k each); outputs lambda, origin (as f64), shift
 * (k each); scratch del, z2 (k each).
 */
export function secularSolve(k: i32, d: usize, z: usize, rho: f64, lambda: usize, origin: usize, shift: usize, del: usize, z2: usize): void {
  const EPS = 2.220446049250313e-16;
  let zz = 0.0;
  for (let i = 0; i < k; i++) {
    const zi = ld(z, i);
    const q = zi * zi;
    st(z2, i, q);
    zz += q;
  }
  const rinv = 1 / rho;
  for (let j = 0; j < k; j++) {
    const last = j == k - 1;
    let org: i32, lo: f64, hi: f64;
    if (last) {
      org = j;
      lo = 0;
      hi = rho * zz;
    } else {
      const gap = ld(d, j + 1) - ld(d, j);
      const mid = 0.5 * gap;
      const dj = ld(d, j);
      let f = rinv;
      for (let i = 0; i < k; i++) f += ld(z2, i) / (ld(d, i) - dj - mid);
      if (f >= 0) {
        org = j;
        lo = 0;
        hi = mid;
      } else {
        org = j + 1;
        lo = -mid;
        hi = 0;
      }
    }
    const dor = ld(d, org);
    for (let i = 0; i < k; i++) st(del, i, ld(d, i) - dor);
    let tau = 0.5 * (lo + hi);
    if (!last) {
      let c = rinv;
      for (let i = 0; i < k; i++) if (i != j && i != j + 1) c += ld(z2, i) / (ld(del, i) - tau);
      const x = twoPoleRoot(c, ld(z2, j), ld(z2, j + 1), ld(del, j), ld(del, j + 1));
      if (x > lo && x < hi) tau = x;
    }
    for (let it = 0; it < 200; it++) {
      let psi = 0.0, dpsi = 0.0, phi = 0.0, dphi = 0.0;
      const split = last ? k : j + 1;
      for (let i = 0; i < split; i++) {
        const t = 1 / (ld(del, i) - tau);
        const w = ld(z2, i) * t;
        psi += w;
        dpsi += w * t;
      }
      for (let i = split; i < k; i++) {
        const t = 1 / (ld(del, i) - tau);
        const w = ld(z2, i) * t;
        phi += w;
        dphi += w * t;
      }
      const f = rinv + psi + phi;
      if (f == 0) break;
      if (f > 0) hi = tau;
      else lo = tau;
      const errBound = EPS * <f64>(k + 8) * (rinv + Math.abs(psi) + Math.abs(phi));
      if (Math.abs(f) <= errBound) break;
      if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) break;
      let x: f64;
      if (last) {
        const pa = ld(del, j) - tau;
        const sv = dpsi * pa * pa;
        const c = rinv + psi - sv / pa;
        x = c > 0 ? ld(del, j) + sv / c : NaN;
      } else {
        const pa = ld(del, j) - tau, pb = ld(del, j + 1) - tau;
        const sv = dpsi * pa * pa, S = dphi * pb * pb;
        const c = rinv + (psi - sv / pa) + (phi - S / pb);
        x = twoPoleRoot(c, sv, S, ld(del, j), ld(del, j + 1));
      }
      if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
      if (x == tau) break;
      tau = x;
    }
    st(lambda, j, dor + tau);
    st(origin, j, <f64>org);
    st(shift, j, tau);
  }
}

/**
 * Löwner formula for the divide-and-conquer merge (src/linalg/tridiagonal.ts `lownerZ`, same
 * operations in the same order): ẑ_i² = Π_j (λ_j − d_i) / (ρ Π_{j≠i} (d_j − d_i)) with
 * d_i − λ_j = (d_i − d_{o_j}) − τ_j; ẑ takes the sign of z. Inputs d, z, origin (f64),
 * shift (k each); output zh (k); scratch drow (k).
 */
export function lownerZ(k: i32, d: usize, z: usize, rho: f64, origin: usize, shift: usize, zh: usize, drow: usize): void {
  secularDiff(k, d, <i32>ld(origin, k - 1), ld(shift, k - 1), drow);
  for (let i = 0; i < k; i++) st(zh, i, -ld(drow, i) / rho);
  for (let j = 0; j < k - 1; j++) {
    secularDiff(k, d, <i32>ld(origin, j), ld(shift, j), drow);
    const dj = ld(d, j), dj1 = ld(d, j + 1);
    for (let i = 0; i <= j; i++) st(zh, i, ld(zh, i) * (ld(drow, i) / (ld(d, i) - dj1)));
    for (let i = j + 1; i < k; i++) st(zh, i, ld(zh, i) * (ld(drow, i) / (ld(d, i) - dj)));
  }
  for (let i = 0; i < k; i++) {
    const v = Math.sqrt(Math.max(ld(zh, i), 0));
    st(zh, i, ld(z, i) < 0 ? -v : v);
  }
}

/**
 * Rows j0…j0+jn−1 of Uᵀ for the merge products (src/linalg/tridiagonal.ts `panelRows`, same
 * operations): row j is ẑ ./ (d − λ_j), normalised, columns permuted by grp (i32, k) into
 * `ut` (row stride k). Scratch drow (k).
 */
export function panelRows(k: i32, d: usize, zh: usize, origin: usize, shift: usize, grp: usize, j0: i32, jn: i32, drow: usize, ut: usize): void {
  for (let jj = 0; jj < jn; jj++) {
    secularDiff(k, d, <i32>ld(origin, j0 + jj), ld(shift, j0 + jj), drow);
    let nrm = 0.0;
    for (let i = 0; i < k; i++) {
      const v = ld(zh, i) / ld(drow, i);
      st(drow, i, v);
      nrm += v * v;
    }
    nrm = 1 / Math.sqrt(nrm);
    const rj = ut + (<usize>jj * <usize>k << 3);
    for (let c = 0; c < k; c++) st(rj, c, ld(drow, load<i32>(grp + (<usize>c << 2))) * nrm);
  }
}

// @ts-ignore: decorator
@inline function secularDiff(k: i32, d: usize, o: i32, tau: f64, out: usize): void {
  const dor = ld(d, o);
  for (let i = 0; i < k; i++) st(out, i, ld(d, i) - dor - tau);
}

/** Root in (pa, pb) of c + s/(pa − x) + S/(pb − x) = 0 (as `twoPoleRoot` in src/linalg/tridiagonal.ts); NaN if none. */
function twoPoleRoot(c: f64, s: f64, S: f64, pa: f64, pb: f64): f64 {
  const A = c;
  const B = -(c * (pa + pb) + s + S);
  const C = c * pa * pb + s * pb + S * pa;
  if (A == 0) return -C / B;
  const disc = B * B - 4 * A * C;
  if (disc < 0) return NaN;
  const q = -0.5 * (B + (B >= 0 ? Math.sqrt(disc) : -Math.sqrt(disc)));
  const x1 = q / A, x2 = q != 0 ? C / q : NaN;
  if (x1 > pa && x1 < pb) return x1;
  if (x2 > pa && x2 < pb) return x2;
  return NaN;
}

/** hypot as src/linalg/scratch.ts `hypot2` (scaled, dlapy2), the same operations. */
function hypot2(a: f64, b: f64): f64 {
  const x = Math.abs(a), y = Math.abs(b);
  const big = x > y ? x : y, small = x > y ? y : x;
  if (big == 0 || big == Infinity) return big + small;
  const r = small / big;
  return big * Math.sqrt(1 + r * r);
}

/**
 * Implicit QL with Wilkinson shifts and eigenvectors (src/linalg/tridiagonal.ts `tridiagonalQL`
 * with `zt`, the same operations in the same order, then the same selection sort): d (n) becomes
 * the ascending eigenvalues, f (n, the off-diagonal padded with a trailing 0) is destroyed, and the
 * rotations are accumulated into the ROWS of zt (n×n, the identity on entry). Returns 0, or 1 if an
 * eigenvalue did not converge in 60 iterations (the caller then reports the error).
 */
export function tridiagonalQLVectors(n: i32, d: usize, f: usize, zt: usize): i32 {
  const EPS = 2.220446049250313e-16;
  if (n <= 1) return 0;
  let shiftSum = 0.0;
  let tst = 0.0;
  for (let l = 0; l < n; l++) {
    tst = Math.max(tst, Math.abs(ld(d, l)) + Math.abs(ld(f, l)));
    let m = l;
    while (m < n - 1 && Math.abs(ld(f, m)) > EPS * tst) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) return 1;
        const g0 = ld(d, l);
        let p = (ld(d, l + 1) - g0) / (2 * ld(f, l));
        let r = hypot2(p, 1);
        const pr = p >= 0 ? p + r : p - r;
        st(d, l, ld(f, l) / pr);
        st(d, l + 1, ld(f, l) * pr);
        const dl1 = ld(d, l + 1);
        const h0 = g0 - ld(d, l);
        for (let i = l + 2; i < n; i++) st(d, i, ld(d, i) - h0);
        shiftSum += h0;
        p = ld(d, m);
        let c = 1.0, c2 = 1.0, c3 = 1.0;
        const el1 = ld(f, l + 1);
        let s = 0.0, s2 = 0.0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          const fi = ld(f, i);
          const g = c * fi;
          const h = c * p;
          r = hypot2(p, fi);
          st(f, i + 1, s * r);
          s = fi / r;
          c = p / r;
          const di = ld(d, i);
          p = c * di - s * g;
          st(d, i + 1, h + s * (c * g + s * di));
          const a = zt + (<usize>i * <usize>n << 3), b = a + (<usize>n << 3);
          for (let k = 0; k < n; k++) {
            const zi = ld(a, k), zi1 = ld(b, k);
            st(b, k, s * zi + c * zi1);
            st(a, k, c * zi - s * zi1);
          }
        }
        p = (-s * s2 * c3 * el1 * ld(f, l)) / dl1;
        st(f, l, s * p);
        st(d, l, c * p);
      } while (Math.abs(ld(f, l)) > EPS * tst);
    }
    st(d, l, ld(d, l) + shiftSum);
    st(f, l, 0);
  }
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = ld(d, i);
    for (let j = i + 1; j < n; j++) {
      if (ld(d, j) < p) {
        k = j;
        p = ld(d, j);
      }
    }
    if (k != i) {
      st(d, k, ld(d, i));
      st(d, i, p);
      const a = zt + (<usize>i * <usize>n << 3), b = zt + (<usize>k * <usize>n << 3);
      for (let j = 0; j < n; j++) {
        const t = ld(a, j);
        st(a, j, ld(b, j));
        st(b, j, t);
      }
    }
  }
  return 0;
}

/** y[r·n + i] *= s[i] for rows r < rows (a diagonal scaling of the columns; exact for s = ±1). */
export function scaleColumns(y: usize, n: i32, rows: i32, s: usize): void {
  for (let r = 0; r < rows; r++) {
    const yr = y + (<usize>r * <usize>n << 3);
    let i = 0;
    for (; i + 1 < n; i += 2) vst(yr, i, f64x2.mul(vld(yr, i), vld(s, i)));
    if (i < n) st(yr, i, ld(yr, i) * ld(s, i));
  }
}

/** dst[l·ldd + r] = src[r·lds + l] for r < rows, l < cols (a transposed copy). */
export function transpose(src: usize, lds: i32, rows: i32, cols: i32, dst: usize, ldd: i32): void {
  for (let r = 0; r < rows; r++) {
    const sr = src + (<usize>r * <usize>lds << 3), dr = dst + (<usize>r << 3);
    const sd = <usize>ldd << 3;
    for (let l = 0; l < cols; l++) store<f64>(dr + <usize>l * sd, ld(sr, l));
  }
}

/** Start of the memory that the TypeScript side may use (after this module's static data). */
export function heapBase(): usize {
  return __heap_base;
}

// ==== eigcold (issue 12, session 4): divide-and-conquer merge data movement in the wasm memory ====
// The divide-and-conquer's eigenvector matrix q stays in the wasm memory for the whole solve
// (src/linalg/tridiagonal.ts, `divideAndConquerWasm`); these kernels do the O(n²) per-merge data
// movement that was TypeScript (run interpreted on a process's first eigensolve).

/** The deflation's Givens rotations of one row of q (pairs of columns rp[t], rj[t], cosine rc[t], sine rs[t]), in order. */
// @ts-ignore: decorator
@inline function rotateRow(row: usize, rp: usize, rj: usize, rc: usize, rs: usize, nrot: i32): void {
  for (let t = 0; t < nrot; t++) {
    const ia = row + (<usize>load<i32>(rp + (<usize>t << 2)) << 3);
    const ib = row + (<usize>load<i32>(rj + (<usize>t << 2)) << 3);
    const a = load<f64>(ia), b = load<f64>(ib), c = ld(rc, t), s = ld(rs, t);
    store<f64>(ia, c * a - s * b);
    store<f64>(ib, s * a + c * b);
  }
}

/**
 * One pass over the rows of a merging block (src/linalg/tridiagonal.ts `packRows`, the same
 * operations): row r (r < n) of the block starts at `q + ((lo + r)·N + lo)` doubles. First the
 * `nrot` deflation rotations (columns rp[t], rj[t] (i32), cosines rc, sines rs) are applied to
 * the row in order, then the row's non-deflated columns are packed — upper rows (r < m1) the
 * `colUp` columns srcUp (i32) into pack rows of stride colUp, lower rows the `colLo` columns
 * srcLo (i32) into pack from offset m1·colUp with stride colLo — and the `nd` deflated columns
 * defl (i32) into dbuf row r (stride nd). With colUp = colLo = nd = 0 only the rotations run.
 */
export function dcPackRows(
  q: usize, N: i32, lo: i32, n: i32, m1: i32,
  rp: usize, rj: usize, rc: usize, rs: usize, nrot: i32,
  srcUp: usize, colUp: i32, srcLo: usize, colLo: i32, defl: usize, nd: i32,
  pack: usize, dbuf: usize,
): void {
  const loOff = pack + (<usize>m1 * <usize>colUp << 3);
  for (let r = 0; r < n; r++) {
    const row = q + ((<usize>(lo + r) * <usize>N + <usize>lo) << 3);
    rotateRow(row, rp, rj, rc, rs, nrot);
    if (r < m1) {
      const p0 = pack + (<usize>r * <usize>colUp << 3);
      for (let c = 0; c < colUp; c++) st(p0, c, load<f64>(row + (<usize>load<i32>(srcUp + (<usize>c << 2)) << 3)));
    } else {
      const p0 = loOff + (<usize>(r - m1) * <usize>colLo << 3);
      for (let c = 0; c < colLo; c++) st(p0, c, load<f64>(row + (<usize>load<i32>(srcLo + (<usize>c << 2)) << 3)));
    }
    const d0 = dbuf + (<usize>r * <usize>nd << 3);
    for (let t = 0; t < nd; t++) st(d0, t, load<f64>(row + (<usize>load<i32>(defl + (<usize>t << 2)) << 3)));
  }
}

/** dst[r·ldd + c] = src[r·lds + c] for r < rows, c < cols (a strided block copy; regions must not overlap). */
export function copyBlock(src: usize, lds: i32, rows: i32, cols: i32, dst: usize, ldd: i32): void {
  if (cols <= 0) return;
  const bytes = <usize>cols << 3;
  for (let r = 0; r < rows; r++) {
    memory.copy(dst + (<usize>r * <usize>ldd << 3), src + (<usize>r * <usize>lds << 3), bytes);
  }
}
/**
 * Stable argsort: idx (i32, n) ← 0…n−1 ordered by key (f64, n) ascending, equal keys in index
 * order (a bottom-up merge sort that takes the right element only when its key is smaller —
 * the permutation of a stable sort with the comparator key[a] − key[b], as TypedArray sort with
 * that comparator gives). Scratch tmp (i32, n).
 */
export function argsortStable(n: i32, key: usize, idx: usize, tmp: usize): void {
  for (let i = 0; i < n; i++) store<i32>(idx + (<usize>i << 2), i);
  let src = idx, dst = tmp;
  for (let width = 1; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = min(lo + width, n), hi = min(lo + 2 * width, n);
      let a = lo, b = mid, o = lo;
      while (a < mid && b < hi) {
        const ia = load<i32>(src + (<usize>a << 2)), ib = load<i32>(src + (<usize>b << 2));
        if (ld(key, ia) > ld(key, ib)) {
          store<i32>(dst + (<usize>o << 2), ib);
          b++;
        } else {
          store<i32>(dst + (<usize>o << 2), ia);
          a++;
        }
        o++;
      }
      while (a < mid) store<i32>(dst + (<usize>(o++) << 2), load<i32>(src + (<usize>(a++) << 2)));
      while (b < hi) store<i32>(dst + (<usize>(o++) << 2), load<i32>(src + (<usize>(b++) << 2)));
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src != idx) memory.copy(idx, src, <usize>n << 2);
}
/**
 * Rows r0 ≤ i < r1 of the symmetric product over the trailing upper triangle: with A symmetric,
 * its upper triangle stored in `a` (row-major n×n), adds Σ_{j≥r0} A[i,j] x[j] to p[i] for each
 * such row and, mirrored, A[i,j] x[i] to p[j] for j > i (one read-only pass over those rows,
 * four at a time: each entry serves row i and row j). p is zeroed over [r0, n) first; x must be
 * set over [r0, n). So row chunks [m_c, m_{c+1}) of [i0, n), each into its own vector, sum to
 * A x on the trailing matrix from i0 (chunk c's vector only over [m_c, n)) — partial sums that
 * threads can form at once (see `trdChunkRow`).
 */
export function symvUpperRows(n: i32, r0: i32, r1: i32, a: usize, xr: usize, pr: usize): void {
  const zero = f64x2.splat(0);
  for (let j = r0; j < n; j++) st(pr, j, 0);
  let i = r0;
  for (; i + 3 < r1; i += 4) {
    const r0p = a + (<usize>i * <usize>n << 3), r1p = r0p + (<usize>n << 3), r2p = r1p + (<usize>n << 3), r3p = r2p + (<usize>n << 3);
    const a00 = ld(r0p, i), a01 = ld(r0p, i + 1), a02 = ld(r0p, i + 2), a03 = ld(r0p, i + 3);
    const a11 = ld(r1p, i + 1), a12 = ld(r1p, i + 2), a13 = ld(r1p, i + 3);
    const a22 = ld(r2p, i + 2), a23 = ld(r2p, i + 3), a33 = ld(r3p, i + 3);
    const x0 = ld(xr, i), x1 = ld(xr, i + 1), x2 = ld(xr, i + 2), x3 = ld(xr, i + 3);
    let t0 = a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
    let t1 = a01 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
    let t2 = a02 * x0 + a12 * x1 + a22 * x2 + a23 * x3;
    let t3 = a03 * x0 + a13 * x1 + a23 * x2 + a33 * x3;
    const X0 = f64x2.splat(x0), X1 = f64x2.splat(x1), X2 = f64x2.splat(x2), X3 = f64x2.splat(x3);
    let s0 = zero, s1 = zero, s2 = zero, s3 = zero;
    let j = i + 4;
    for (; j + 1 < n; j += 2) {
      const xj = vld(xr, j);
      const b0 = vld(r0p, j), b1 = vld(r1p, j), b2 = vld(r2p, j), b3 = vld(r3p, j);
      s0 = madd(s0, b0, xj); s1 = madd(s1, b1, xj); s2 = madd(s2, b2, xj); s3 = madd(s3, b3, xj);
      const q = f64x2.add(f64x2.add(f64x2.mul(b0, X0), f64x2.mul(b1, X1)), f64x2.add(f64x2.mul(b2, X2), f64x2.mul(b3, X3)));
      vst(pr, j, f64x2.add(vld(pr, j), q));
    }
    t0 += hsum(s0); t1 += hsum(s1); t2 += hsum(s2); t3 += hsum(s3);
    if (j < n) {
      const xj = ld(xr, j);
      const b0 = ld(r0p, j), b1 = ld(r1p, j), b2 = ld(r2p, j), b3 = ld(r3p, j);
      t0 += b0 * xj; t1 += b1 * xj; t2 += b2 * xj; t3 += b3 * xj;
      st(pr, j, ld(pr, j) + (b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3));
    }
    st(pr, i, ld(pr, i) + t0);
    st(pr, i + 1, ld(pr, i + 1) + t1);
    st(pr, i + 2, ld(pr, i + 2) + t2);
    st(pr, i + 3, ld(pr, i + 3) + t3);
  }
  for (; i < r1; i++) {
    const ri = a + (<usize>i * <usize>n << 3);
    const xa = ld(xr, i);
    let sa = ld(ri, i) * xa;
    for (let j = i + 1; j < n; j++) {
      const bv = ld(ri, j);
      sa += bv * ld(xr, j);
      st(pr, j, ld(pr, j) + bv * xa);
    }
    st(pr, i, ld(pr, i) + sa);
  }
}

/**
 * Boundary c (0 ≤ c ≤ K) of the K row chunks into which the symmetric product of a panel step on
 * the trailing matrix from row i0 is split (`symvUpperRows`): chunk c is rows [m_c, m_{c+1}), each
 * with about 1/K of the (n − i0)²/2 stored entries: n − m_c = (n − i0)√(1 − c/K), m_c − i0 rounded
 * to a multiple of 4 (m_0 = i0, m_K = n). A function of (n, i0, c, K) alone, so the partial sums —
 * and the result's bits — do not depend on which thread forms which chunk.
 */
export function trdChunkRow(n: i32, i0: i32, c: i32, K: i32): i32 {
  if (c <= 0) return i0;
  if (c >= K) return n;
  const r = <f64>(n - i0);
  const head = 4 * <i32>Math.floor((r - r * Math.sqrt(1.0 - <f64>c / <f64>K)) / 4.0 + 0.5);
  return min(i0 + max(head, 0), n);
}

/** p[j] += q[j] for j0 ≤ j < j1 (a chunk's partial product added to the step's first one). */
export function addRange(pr: usize, qr: usize, j0: i32, j1: i32): void {
  let j = j0;
  if ((j & 1) != 0 && j < j1) {
    st(pr, j, ld(pr, j) + ld(qr, j));
    j++;
  }
  for (; j + 1 < j1; j += 2) vst(pr, j, f64x2.add(vld(pr, j), vld(qr, j)));
  if (j < j1) st(pr, j, ld(pr, j) + ld(qr, j));
}

/** Rows of the trailing upper triangle per rank-2·nb update product (bounds the work below the diagonal). */
const TRD_ROWS: i32 = 64;

/**
 * Blocked Householder tridiagonalisation (LAPACK dlatrd/dsytrd structure), in pieces that the
 * caller sequences (src/linalg/tridiagonalize-threaded.ts, on one thread or two): steps
 * k0 ≤ k < k0 + nb of a panel as in `tridiagonalize` (same storage: reflector k in row k right
 * of the diagonal, outputs d, eS, tau), but the rank-2 updates of the panel's steps are not
 * applied to the trailing matrix one by one: step k brings only row k up to date and corrects
 * p = A x by the pending panel terms, p −= Σ_t (u_t (w_t·x) + w_t (u_t·x)); after the panel the
 * trailing upper triangle (rows/columns ≥ k0 + nb) gets A ← A − U Wᵀ − W Uᵀ as one rank-2·nb
 * product on `gemmNT` ([U W]·[W U]ᵀ, TRD_ROWS rows at a time from the diagonal on). So the
 * trailing matrix is streamed read-only once per step (the symmetric product) and written once
 * per panel, instead of read and written every step. Requires n − k0 > nb; the trailing matrix
 * must be up to date when a panel starts. Scratch: U, W (nb×n each, row t = u/w of step k0 + t),
 * x, p, q (n each), dots (2·nb).
 *
 * Step s of a panel (k = k0 + s): `trdStepBegin`; `trdStepDots`; then for each row chunk c < K
 * (boundaries m_c from `trdChunkRow` from i0 = k + 1), `symvUpperRows` over rows [m_c, m_{c+1})
 * into its own partial vector P_c (P_0 = p) and `trdStepCorrect` on P_c over [m_c, m_{c+1});
 * then `addRange`(p, P_c, m_c, n) for c = 1 … K − 1 in turn, and `trdStepEnd`. The chunks are
 * independent (any thread may form any). After the nb steps: `trdUpdatePack`, then
 * `trdUpdateBlock` for each row block, in any order, on any thread.
 */

/**
 * Step k = k0 + s of a panel, up to its symmetric product: row k brought up to date with the
 * panel's pending updates, d[k], and the reflector of row k (into x from k + 1 on, zero up to
 * k). Returns 1 when the step needs the product p = A x (τ ≠ 0), else 0 (then the step is
 * complete: its u and w are zero).
 */
export function trdStepBegin(n: i32, k0: i32, s: i32, a: usize, d: usize, eS: usize, tau: usize, U: usize, W: usize, xr: usize): i32 {
  const sn = <usize>n << 3;
  const k = k0 + s;
  const rk = a + <usize>k * sn;
  for (let t = 0; t < s; t++) {
    const ut = U + <usize>t * sn, wt = W + <usize>t * sn;
    const ukt = ld(ut, k), wkt = ld(wt, k);
    const UK = f64x2.splat(ukt), WK = f64x2.splat(wkt);
    let j = k;
    for (; j + 1 < n; j += 2) vst(rk, j, f64x2.sub(vld(rk, j), f64x2.add(f64x2.mul(UK, vld(wt, j)), f64x2.mul(WK, vld(ut, j)))));
    if (j < n) st(rk, j, ld(rk, j) - (ukt * ld(wt, j) + wkt * ld(ut, j)));
  }
  st(d, k, ld(rk, k));
  for (let j = 0; j <= k; j++) st(xr, j, 0);
  householderRow(n, k, rk, xr, eS, tau);
  if (ld(tau, k) == 0) {
    const us = U + <usize>s * sn, ws = W + <usize>s * sn;
    memory.fill(us, 0, sn);
    memory.fill(ws, 0, sn);
    return 0;
  }
  return 1;
}

/**
 * The dots (W_t·x, U_t·x) of the panel's earlier steps t < s with step k's reflector x (into
 * `dots`, pairs), over j ≥ k + 1 (x is zero below).
 */
export function trdStepDots(n: i32, k: i32, s: i32, U: usize, W: usize, xr: usize, dots: usize): void {
  const sn = <usize>n << 3;
  const zero = f64x2.splat(0);
  for (let t = 0; t < s; t++) {
    const ut = U + <usize>t * sn, wt = W + <usize>t * sn;
    let sw = zero, su = zero;
    let j = k + 1;
    for (; j + 1 < n; j += 2) {
      const xj = vld(xr, j);
      sw = madd(sw, vld(wt, j), xj);
      su = madd(su, vld(ut, j), xj);
    }
    let wx = hsum(sw), ux = hsum(su);
    if (j < n) {
      wx += ld(wt, j) * ld(xr, j);
      ux += ld(ut, j) * ld(xr, j);
    }
    st(dots, 2 * t, wx);
    st(dots, 2 * t + 1, ux);
  }
}

/**
 * The panel's pending terms of step s on a partial product over j0 ≤ j < j1 (its chunk's rows):
 * p[j] −= u_t[j] (w_t·x) + w_t[j] (u_t·x) for t = 0 … s − 1 in turn (dots from `trdStepBegin`).
 */
export function trdStepCorrect(n: i32, s: i32, U: usize, W: usize, dots: usize, pr: usize, j0: i32, j1: i32): void {
  const sn = <usize>n << 3;
  for (let t = 0; t < s; t++) {
    const ut = U + <usize>t * sn, wt = W + <usize>t * sn;
    const wx = ld(dots, 2 * t), ux = ld(dots, 2 * t + 1);
    const WX = f64x2.splat(wx), UX = f64x2.splat(ux);
    let j = j0;
    if ((j & 1) != 0 && j < j1) {
      st(pr, j, ld(pr, j) - (ld(ut, j) * wx + ld(wt, j) * ux));
      j++;
    }
    for (; j + 1 < j1; j += 2) vst(pr, j, f64x2.sub(vld(pr, j), f64x2.add(f64x2.mul(vld(ut, j), WX), f64x2.mul(vld(wt, j), UX))));
    if (j < j1) st(pr, j, ld(pr, j) - (ld(ut, j) * wx + ld(wt, j) * ux));
  }
}

/**
 * The rest of step k = k0 + s once p = A x (corrected, the chunks added): w = τp − (τ²/2)(xᵀp) x;
 * the panel keeps u = x and w (zero up to k) as row s of U and W.
 */
export function trdStepEnd(n: i32, k0: i32, s: i32, tau: usize, U: usize, W: usize, xr: usize, pr: usize): void {
  const sn = <usize>n << 3;
  const k = k0 + s;
  const tk = ld(tau, k);
  let dot = 0.0;
  for (let j = k + 1; j < n; j++) dot += ld(xr, j) * ld(pr, j);
  const kk = 0.5 * tk * tk * dot;
  const us = U + <usize>s * sn, ws = W + <usize>s * sn;
  memory.fill(us, 0, <usize>(k + 1) << 3);
  memory.fill(ws, 0, <usize>(k + 1) << 3);
  for (let j = k + 1; j < n; j++) {
    const xj = ld(xr, j);
    st(ws, j, tk * ld(pr, j) - kk * xj);
    st(us, j, xj);
  }
}

/** Packs [U W] and [W U] of a panel's trailing rows into `cat` for `trdUpdateBlock`. */
export function trdUpdatePack(n: i32, k0: i32, nb: i32, U: usize, W: usize, cat: usize): void {
  const sn = <usize>n << 3;
  const k1 = k0 + nb, m = n - k1, kc = 2 * nb;
  const ac = cat, bc = cat + (<usize>m * <usize>kc << 3);
  for (let i = 0; i < m; i++) {
    const ai = ac + (<usize>i * <usize>kc << 3), bi = bc + (<usize>i * <usize>kc << 3);
    for (let t = 0; t < nb; t++) {
      const u = ld(U + <usize>t * sn, k1 + i), w = ld(W + <usize>t * sn, k1 + i);
      st(ai, t, u); st(ai, nb + t, w);
      st(bi, t, w); st(bi, nb + t, u);
    }
  }
}

/** Block b (TRD_ROWS trailing rows from the diagonal on) of a panel's trailing update, from `trdUpdatePack`'s `cat`. */
export function trdUpdateBlock(n: i32, k0: i32, nb: i32, a: usize, cat: usize, b: i32): void {
  const k1 = k0 + nb, m = n - k1, kc = 2 * nb;
  const ac = cat, bc = cat + (<usize>m * <usize>kc << 3);
  const r0 = b * TRD_ROWS, rows = min(TRD_ROWS, m - r0);
  if (rows <= 0) return;
  gemmNT(rows, m - r0, kc, -1.0, ac + (<usize>r0 * <usize>kc << 3), kc, bc + (<usize>r0 * <usize>kc << 3), kc,
    1.0, a + ((<usize>(k1 + r0) * <usize>n + <usize>(k1 + r0)) << 3), n);
}
// ---- The panels of the reduction, sequenced here on one thread or two (shared-memory build) ----
//
// `trdPanel` runs one panel's steps and its trailing update in the order of the "Blocked Householder
// tridiagonalisation" comment above. With `two` (only in the build with the threads feature, on a shared
// memory) it posts each step's row chunks and the update's row blocks as commands that a worker running
// `trdPartner` over the same memory takes from a shared counter, and the caller takes what is left: any
// chunk or block on any thread, with the same bits. The control block `ctl` (CT_WORDS i32 words) holds:
// TICKET = (sequence << 12) | next block (a block is taken by compare-and-swap; a closed ticket has block
// BLOCK_CLOSED), DONE (blocks finished), LOAN (a loan's id while open, its negative once the worker is in),
// the command words, DOTS (sequence number of the step whose dots are ready: the chunks' corrections wait
// for them), SEQ (the caller's last sequence number), ACK (the id of the last loan the worker left) and
// STALL (how many 5 ms waits without progress mean the worker is dead).

const CT_TICKET: i32 = 0;
const CT_DONE: i32 = 1;
const CT_LOAN: i32 = 2;
const CT_CMD: i32 = 3;
const CT_ARG: i32 = 4;
const CT_ARG2: i32 = 5;
const CT_BLOCKS: i32 = 6;
const CT_DOTS: i32 = 7;
const CT_SEQ: i32 = 8;
const CT_ACK: i32 = 9;
/** Waits of WAIT_NS without progress after which the other thread is taken to be dead (set by `trdLoanOpen`). */
const CT_STALL: i32 = 10;
/** i32 words of a control block. */
const CT_WORDS: i32 = 16; // (src/linalg/wasm.ts reserves CONTROL_BYTES = 4 · CT_WORDS for it)
const BLOCK_CLOSED: i32 = 4095;
const SEQ_LIMIT: i32 = 1 << 19;
/** Row chunks of each step's symmetric product (partial vectors: p, then REDUCTION_CHUNKS − 1 of n doubles at q). */
const REDUCTION_CHUNKS: i32 = 4;
/** Trailing rows below which a step's chunks are not posted (posting costs more than sharing saves). */
const MIN_SPLIT_ROWS: i32 = 96;
const CMD_SYMV: i32 = 1;
const CMD_UPDATE: i32 = 2;
/** Spins on a control word before an atomic wait. */
const SPINS: i32 = 20000;
/** One wait for the other thread (5 ms); CT_STALL of them without progress and it is taken to be dead. */
const WAIT_NS: i64 = 5000000;

// @ts-ignore: decorator
@inline function cw(ctl: usize, w: i32): usize {
  return ctl + (<usize>w << 2);
}

/** The chunk count of `trdPanel` (the caller lays out REDUCTION_CHUNKS − 1 partial vectors at q). */
export function trdChunks(): i32 {
  return REDUCTION_CHUNKS;
}

/**
 * Chunk c of step s's symmetric product (trailing rows from i0) into its partial vector, then its
 * corrections, which need the step's dots: with a control block (a worker's call), they wait until
 * the caller has marked the dots of command `seq` ready.
 */
function trdSymvChunk(n: i32, i0: i32, s: i32, c: i32, a: usize, xr: usize, pr: usize, qr: usize, dots: usize, U: usize, W: usize,
  ctl: usize, seq: i32): void {
  const m0 = trdChunkRow(n, i0, c, REDUCTION_CHUNKS), m1 = trdChunkRow(n, i0, c + 1, REDUCTION_CHUNKS);
  const out = c == 0 ? pr : qr + (<usize>(c - 1) * <usize>n << 3);
  symvUpperRows(n, m0, m1, a, xr, out);
  if (ASC_FEATURE_THREADS) {
    if (ctl != 0) while (atomic.load<i32>(cw(ctl, CT_DOTS)) != seq) {}
  }
  trdStepCorrect(n, s, U, W, dots, out, m0, m1);
}

/**
 * One panel (steps k0 … k0 + nb − 1, then the trailing update) of the blocked reduction. With
 * `two` ≠ 0 the chunks and blocks are posted for a worker in `trdPartner` (control block `ctl`,
 * loan opened by `trdLoanOpen`). Returns 1, or 0 when the worker held a block through the loan's
 * stall time without finishing it (then the reduction's state is undefined: the caller starts
 * again on one thread).
 */
export function trdPanel(n: i32, k0: i32, nb: i32, a: usize, d: usize, eS: usize, tau: usize, xr: usize, pr: usize, qr: usize,
  dots: usize, U: usize, W: usize, cat: usize, ctl: usize, two: i32): i32 {
  for (let s = 0; s < nb; s++) {
    if (trdStepBegin(n, k0, s, a, d, eS, tau, U, W, xr) == 0) continue;
    const i0 = k0 + s + 1;
    let posted = false;
    if (ASC_FEATURE_THREADS) {
      if (two != 0 && n - i0 >= MIN_SPLIT_ROWS) {
        // The worker starts on the chunks while the caller forms the dots their corrections need.
        const seq = trdPost(ctl, CMD_SYMV, i0, s, REDUCTION_CHUNKS);
        trdStepDots(n, k0 + s, s, U, W, xr, dots);
        atomic.store<i32>(cw(ctl, CT_DOTS), seq);
        if (trdFinish(ctl, seq, REDUCTION_CHUNKS, CMD_SYMV, i0, s, n, nb, a, xr, pr, qr, dots, U, W, cat) == 0) return 0;
        posted = true;
      }
    }
    if (!posted) {
      trdStepDots(n, k0 + s, s, U, W, xr, dots);
      for (let c = 0; c < REDUCTION_CHUNKS; c++) trdSymvChunk(n, i0, s, c, a, xr, pr, qr, dots, U, W, 0, 0);
    }
    for (let c = 1; c < REDUCTION_CHUNKS; c++) addRange(pr, qr + (<usize>(c - 1) * <usize>n << 3), trdChunkRow(n, i0, c, REDUCTION_CHUNKS), n);
    trdStepEnd(n, k0, s, tau, U, W, xr, pr);
  }
  trdUpdatePack(n, k0, nb, U, W, cat);
  const blocks = (n - k0 - nb + TRD_ROWS - 1) / TRD_ROWS;
  if (ASC_FEATURE_THREADS) {
    if (two != 0) {
      const seq = trdPost(ctl, CMD_UPDATE, k0, 0, blocks);
      return trdFinish(ctl, seq, blocks, CMD_UPDATE, k0, 0, n, nb, a, xr, pr, qr, dots, U, W, cat);
    }
  }
  for (let b = 0; b < blocks; b++) trdUpdateBlock(n, k0, nb, a, cat, b);
  return 1;
}

/**
 * Block b of a posted command (a step's chunk, or an update's row block), on whichever thread took it;
 * `ctl` and `seq` for a worker (its chunks wait for the caller's dots), 0 on the caller.
 */
function trdRunBlock(cmd: i32, arg: i32, arg2: i32, b: i32, n: i32, nb: i32, a: usize, xr: usize, pr: usize, qr: usize,
  dots: usize, U: usize, W: usize, cat: usize, ctl: usize, seq: i32): void {
  if (cmd == CMD_SYMV) trdSymvChunk(n, arg, arg2, b, a, xr, pr, qr, dots, U, W, ctl, seq);
  else trdUpdateBlock(n, arg, nb, a, cat, b);
}

/** Block index for this thread, or −1 when command `seq` has none left (or is no longer current). */
function trdTake(ctl: usize, seq: i32, blocks: i32): i32 {
  if (ASC_FEATURE_THREADS) {
    for (;;) {
      const t = atomic.load<i32>(cw(ctl, CT_TICKET));
      if ((t >>> 12) != seq) return -1;
      const b = t & 0xfff;
      if (b >= blocks) return -1;
      if (atomic.cmpxchg<i32>(cw(ctl, CT_TICKET), t, t + 1) == t) return b;
    }
  }
  return -1;
}

/** Posts a command (its words, then a fresh ticket) and wakes a sleeping worker; returns its sequence number. */
function trdPost(ctl: usize, cmd: i32, arg: i32, arg2: i32, blocks: i32): i32 {
  if (ASC_FEATURE_THREADS) {
    const seq = (atomic.load<i32>(cw(ctl, CT_SEQ)) + 1) % SEQ_LIMIT;
    atomic.store<i32>(cw(ctl, CT_SEQ), seq);
    atomic.store<i32>(cw(ctl, CT_CMD), cmd);
    atomic.store<i32>(cw(ctl, CT_ARG), arg);
    atomic.store<i32>(cw(ctl, CT_ARG2), arg2);
    atomic.store<i32>(cw(ctl, CT_BLOCKS), blocks);
    atomic.store<i32>(cw(ctl, CT_DONE), 0);
    atomic.store<i32>(cw(ctl, CT_TICKET), seq << 12);
    atomic.notify(cw(ctl, CT_TICKET), 1);
    return seq;
  }
  return 0;
}

/**
 * The caller's end of a command: takes what is left of its blocks, waits until all are done, then
 * closes the ticket (a worker reading the next command's words late can no longer take a block of
 * this one). 0 when no block finished for 20 s while the worker held one.
 */
function trdFinish(ctl: usize, seq: i32, blocks: i32, cmd: i32, arg: i32, arg2: i32, n: i32, nb: i32, a: usize, xr: usize,
  pr: usize, qr: usize, dots: usize, U: usize, W: usize, cat: usize): i32 {
  if (ASC_FEATURE_THREADS) {
    for (let b = trdTake(ctl, seq, blocks); b >= 0; b = trdTake(ctl, seq, blocks)) {
      trdRunBlock(cmd, arg, arg2, b, n, nb, a, xr, pr, qr, dots, U, W, cat, 0, 0);
      atomic.add<i32>(cw(ctl, CT_DONE), 1);
    }
    let done = atomic.load<i32>(cw(ctl, CT_DONE));
    let spins = 0, idle = 0;
    while (done < blocks) {
      if (++spins < SPINS) {
        done = atomic.load<i32>(cw(ctl, CT_DONE));
        continue;
      }
      atomic.wait<i32>(cw(ctl, CT_DONE), done, WAIT_NS);
      const now = atomic.load<i32>(cw(ctl, CT_DONE));
      if (now != done) {
        done = now;
        idle = 0;
      } else if (++idle > atomic.load<i32>(cw(ctl, CT_STALL))) {
        return 0;
      }
    }
    atomic.store<i32>(cw(ctl, CT_TICKET), (seq << 12) | BLOCK_CLOSED);
  }
  return 1;
}

/**
 * Opens loan `id` (> 0) on the control block: a worker given it may join until `trdLoanClose`.
 * `stallWaits` 5 ms waits without progress mean the worker is dead (4000: 20 s).
 */
export function trdLoanOpen(ctl: usize, id: i32, stallWaits: i32): void {
  if (ASC_FEATURE_THREADS) {
    atomic.store<i32>(cw(ctl, CT_STALL), stallWaits);
    atomic.store<i32>(cw(ctl, CT_TICKET), (atomic.load<i32>(cw(ctl, CT_SEQ)) << 12) | BLOCK_CLOSED);
    atomic.store<i32>(cw(ctl, CT_LOAN), id);
  }
}

/**
 * Closes loan `id`: a worker that has not joined yet never will, and one that has is waited for
 * until it has left `trdPartner` (so the caller may reuse the memory it addressed). Returns 1 when
 * the worker never joined, 2 when it had joined and has left, 0 when it did not leave within the
 * loan's stall time.
 */
export function trdLoanClose(ctl: usize, id: i32): i32 {
  if (ASC_FEATURE_THREADS) {
    if (atomic.cmpxchg<i32>(cw(ctl, CT_LOAN), id, 0) == id) return 1; // the worker never joined
    atomic.store<i32>(cw(ctl, CT_LOAN), 0);
    atomic.notify(cw(ctl, CT_TICKET), 1);
    let spins = 0, idle = 0;
    while (atomic.load<i32>(cw(ctl, CT_ACK)) != id) {
      if (++spins < SPINS) continue;
      if (atomic.wait<i32>(cw(ctl, CT_ACK), atomic.load<i32>(cw(ctl, CT_ACK)), WAIT_NS) == AtomicWaitResult.TIMED_OUT
        && ++idle > atomic.load<i32>(cw(ctl, CT_STALL))) return 0;
    }
    return 2;
  }
  return 1;
}

/**
 * A lent worker's side of `trdPanel` over the caller's (shared) memory: joins loan `id` if it is
 * still open, then takes the blocks of every command posted until the loan is closed, spinning
 * between commands (the next follows within microseconds) and sleeping in atomic waits after a
 * while; acknowledges leaving (CT_ACK). Returns 1 if it joined, 0 if the loan was already closed.
 */
export function trdPartner(n: i32, nb: i32, a: usize, xr: usize, pr: usize, qr: usize, dots: usize, U: usize, W: usize,
  cat: usize, ctl: usize, id: i32): i32 {
  if (ASC_FEATURE_THREADS) {
    if (atomic.cmpxchg<i32>(cw(ctl, CT_LOAN), id, -id) != id) return 0;
    // A command posted before this worker joined is still open while its ticket is not closed.
    let t = atomic.load<i32>(cw(ctl, CT_TICKET));
    let last = (t & 0xfff) < BLOCK_CLOSED ? -1 : t >>> 12;
    for (;;) {
      let spins = 0;
      let open = true;
      while (((t = atomic.load<i32>(cw(ctl, CT_TICKET))) >>> 12) == last) {
        if (atomic.load<i32>(cw(ctl, CT_LOAN)) != -id) { open = false; break; }
        if (++spins > SPINS) atomic.wait<i32>(cw(ctl, CT_TICKET), t, 2000000);
      }
      if (!open || atomic.load<i32>(cw(ctl, CT_LOAN)) != -id) break;
      const seq = t >>> 12;
      last = seq;
      const cmd = atomic.load<i32>(cw(ctl, CT_CMD)), arg = atomic.load<i32>(cw(ctl, CT_ARG));
      const arg2 = atomic.load<i32>(cw(ctl, CT_ARG2)), blocks = atomic.load<i32>(cw(ctl, CT_BLOCKS));
      for (let b = trdTake(ctl, seq, blocks); b >= 0; b = trdTake(ctl, seq, blocks)) {
        // (A chunk's corrections wait for the caller's dots of this step, stored right after posting.)
        trdRunBlock(cmd, arg, arg2, b, n, nb, a, xr, pr, qr, dots, U, W, cat, ctl, seq);
        atomic.add<i32>(cw(ctl, CT_DONE), 1);
        atomic.notify(cw(ctl, CT_DONE), 1);
      }
    }
    atomic.store<i32>(cw(ctl, CT_ACK), id);
    atomic.notify(cw(ctl, CT_ACK), 1);
    return 1;
  }
  return 0;
}

// ==== end eigcold ====

// ================================================================================================
// Sparse LU of a REAL matrix (helper `steady`, issue 18 lever 7). The same algorithms with the same
// operations in the same order as the real path of src/linalg/sparse-lu.ts (minimum-degree ordering
// on bit rows, left-looking Gilbert–Peierls factorization with threshold partial pivoting, the two
// triangular solves), so both paths give the same bits. Integer arrays are i32, values f64, every
// pointer a byte offset; the caller (sparse-lu.ts) lays the arrays out in one reserved region.
// ================================================================================================

// @ts-ignore: decorator
@inline function ldi(p: usize, k: i32): i32 { return load<i32>(p + (<usize>k << 2)); }
// @ts-ignore: decorator
@inline function sti(p: usize, k: i32, v: i32): void { store<i32>(p + (<usize>k << 2), v); }
// @ts-ignore: decorator
@inline function ldf(p: usize, k: i32): f64 { return load<f64>(p + (<usize>k << 3)); }
// @ts-ignore: decorator
@inline function stf(p: usize, k: i32, v: f64): void { store<f64>(p + (<usize>k << 3), v); }

/** CSR (rp, ci, v) of an n×n matrix → its columns (cp, ri, cv), rows ascending in each column; cp has n + 1 slots. */
export function spluColumns(n: i32, rp: usize, ci: usize, v: usize, cp: usize, ri: usize, cv: usize): void {
  memory.fill(cp, 0, <usize>(n + 1) << 2);
  const nnz = ldi(rp, n);
  for (let p = 0; p < nnz; p++) { const j = ldi(ci, p) + 1; sti(cp, j, ldi(cp, j) + 1); }
  for (let j = 0; j < n; j++) sti(cp, j + 1, ldi(cp, j + 1) + ldi(cp, j));
  for (let i = 0; i < n; i++) {
    for (let p = ldi(rp, i), e = ldi(rp, i + 1); p < e; p++) {
      const j = ldi(ci, p), q = ldi(cp, j);
      sti(ri, q, i); stf(cv, q, ldf(v, p)); sti(cp, j, q + 1);
    }
  }
  for (let j = n; j > 0; j--) sti(cp, j, ldi(cp, j - 1));
  sti(cp, 0, 0);
}

/**
 * Bit rows of the pattern of A + Aᵀ without the diagonal (row i at bits + i·w words, w = ⌈n/32⌉)
 * and the degrees; the start of {@link spluMinimumDegreeSteps}.
 */
export function spluMinimumDegreeInit(n: i32, rp: usize, ci: usize, bits: usize, degree: usize): void {
  const w = (n + 31) >>> 5;
  memory.fill(bits, 0, (<usize>n * <usize>w) << 2);
  for (let i = 0; i < n; i++) {
    for (let p = ldi(rp, i), e = ldi(rp, i + 1); p < e; p++) {
      const j = ldi(ci, p);
      if (j == i) continue;
      const bi = bits + ((<usize>i * <usize>w + <usize>(j >>> 5)) << 2);
      store<u32>(bi, load<u32>(bi) | (<u32>1 << <u32>(j & 31)));
      const bj = bits + ((<usize>j * <usize>w + <usize>(i >>> 5)) << 2);
      store<u32>(bj, load<u32>(bj) | (<u32>1 << <u32>(i & 31)));
    }
  }
  for (let i = 0; i < n; i++) {
    let d: i32 = 0;
    const r = bits + ((<usize>i * <usize>w) << 2);
    for (let k = 0; k < w; k++) d += <i32>popcnt<u32>(load<u32>(r + (<usize>k << 2)));
    sti(degree, i, d);
  }
}

/**
 * Elimination steps s0 … s1 − 1 of the minimum-degree ordering (ties to the lowest index): order[step]
 * = the node eliminated, its neighbours become a clique; an eliminated node's degree is set to
 * 2³¹ − 1 so the search passes it over. `nbrs` is n slots of scratch. Returns Σ 2·degree over these steps (the symbolic
 * fill count of sparse-lu.ts without its + n). Called in pieces so V8 can tier the code up between calls.
 */
export function spluMinimumDegreeSteps(n: i32, s0: i32, s1: i32, bits: usize, degree: usize, nbrs: usize, order: usize): i32 {
  const w = (n + 31) >>> 5;
  let fill: i32 = 0;
  for (let step = s0; step < s1; step++) {
    let p: i32 = -1, best: i32 = n + 1;
    for (let i = 0; i < n; i++) { const d = ldi(degree, i); if (d < best) { best = d; p = i; } }
    sti(order, step, p);
    sti(degree, p, 0x7fffffff);
    fill += 2 * best;
    let m: i32 = 0;
    const rp = bits + ((<usize>p * <usize>w) << 2);
    for (let k = 0; k < w; k++) {
      let v = load<u32>(rp + (<usize>k << 2));
      while (v != 0) {
        sti(nbrs, m++, (k << 5) + <i32>ctz<u32>(v));
        v &= v - 1;
      }
    }
    const pw = <usize>(p >>> 5) << 2, pb = ~(<u32>1 << <u32>(p & 31));
    for (let r = 0; r < m; r++) {
      const q = ldi(nbrs, r), rq = bits + ((<usize>q * <usize>w) << 2);
      let d: i32 = 0;
      for (let k = 0; k < w; k++) {
        const o = <usize>k << 2;
        const v = load<u32>(rq + o) | load<u32>(rp + o);
        store<u32>(rq + o, v);
        d += <i32>popcnt<u32>(v);
      }
      sti(degree, q, d - 2);
      store<u32>(rq + pw, load<u32>(rq + pw) & pb);
      const qw = rq + (<usize>(q >>> 5) << 2);
      store<u32>(qw, load<u32>(qw) & ~(<u32>1 << <u32>(q & 31)));
    }
  }
  return fill;
}

/**
 * Columns k0 … k1 − 1 of the left-looking factorization P A Q = L U of a real matrix given by its
 * columns (cp, ri, cv) and the column order `order` (see sparse-lu.ts). L by columns, unit diagonal
 * first (row indices in A's numbering until {@link spluFinish}); U by columns, diagonal last (row
 * indices in pivot order); lp, up have n + 1 slots. `state` (i32): [0] entries of L, [1] of U so far,
 * [2] the singular column. x (f64), pattern, stack, next, mark (i32, mark filled with −1, pinv with −1
 * by the caller): n slots each. Returns 0, or 1 when L or U would exceed its capacity (lcap, ucap),
 * or 2 when column state[2] has no nonzero pivot.
 */
/**
 * Column k of {@link spluFactor} (arguments as there; the counts of L and U in state[0], state[1]).
 * A function of its own, and exported so the optimiser keeps it one: V8 switches a wasm function
 * from its baseline to its optimised code at a call, so a call per column lets the first
 * factorization of a process run optimised code after its first few hundred columns.
 */
export function spluColumn(
  n: i32, k: i32, cp: usize, ri: usize, cv: usize, order: usize, pinv: usize,
  lp: usize, li: usize, lv: usize, lcap: i32, up: usize, ui: usize, uv: usize, ucap: i32,
  x: usize, pattern: usize, stack: usize, next: usize, mark: usize, threshold: f64, state: usize,
): i32 {
  let lnz = ldi(state, 0), unz = ldi(state, 1);
  sti(lp, k, lnz);
  sti(up, k, unz);
  const col = ldi(order, k);
  // reach: depth-first search from the nonzeros of A(:, col) in the graph of L's columns so far
  let top = n;
  for (let p = ldi(cp, col), pe = ldi(cp, col + 1); p < pe; p++) {
    const start = ldi(ri, p);
    if (ldi(mark, start) == k) continue;
    let head = 0;
    sti(stack, 0, start);
    sti(mark, start, k);
    const ps = ldi(pinv, start);
    sti(next, 0, ps >= 0 ? ldi(lp, ps) + 1 : -1);
    while (head >= 0) {
      const j = ldi(stack, head);
      const jc = ldi(pinv, j);
      let pushed = false;
      if (jc >= 0) {
        const end = ldi(lp, jc + 1);
        for (let q = ldi(next, head); q < end; q++) {
          const i = ldi(li, q);
          if (ldi(mark, i) == k) continue;
          sti(next, head, q + 1);
          sti(mark, i, k);
          sti(stack, ++head, i);
          const pi = ldi(pinv, i);
          sti(next, head, pi >= 0 ? ldi(lp, pi) + 1 : -1);
          pushed = true;
          break;
        }
      }
      if (!pushed) { sti(pattern, --top, j); head--; }
    }
  }
  // x = A(:, col) on the pattern
  for (let p = top; p < n; p++) stf(x, ldi(pattern, p), 0);
  for (let p = ldi(cp, col), pe = ldi(cp, col + 1); p < pe; p++) stf(x, ldi(ri, p), ldf(cv, p));
  // x ← L⁻¹ x in topological order
  for (let p = top; p < n; p++) {
    const j = ldi(pattern, p), jc = ldi(pinv, j);
    if (jc < 0) continue;
    const v = ldf(x, j);
    if (v == 0) continue;
    for (let q = ldi(lp, jc) + 1, end = ldi(lp, jc + 1); q < end; q++) {
      const i = ldi(li, q);
      stf(x, i, ldf(x, i) - ldf(lv, q) * v);
    }
  }
  if (unz + (n - top + 1) > ucap || lnz + (n - top + 1) > lcap) {
    sti(state, 0, lnz); sti(state, 1, unz);
    return 1;
  }
  // strict upper part of U's column: rows already pivotal
  for (let p = top; p < n; p++) {
    const i = ldi(pattern, p), pi = ldi(pinv, i);
    if (pi < 0) continue;
    sti(ui, unz, pi); stf(uv, unz, ldf(x, i)); unz++;
  }
  // pivot: the diagonal row when |x_col| ≥ threshold·max, else the largest candidate
  let ipiv = -1, big: f64 = 0, diag: f64 = -1;
  for (let p = top; p < n; p++) {
    const i = ldi(pattern, p);
    if (ldi(pinv, i) >= 0) continue;
    const xv = ldf(x, i), a = xv * xv;
    if (a > big) { big = a; ipiv = i; }
    if (i == col) diag = a;
  }
  if (ipiv >= 0 && diag >= threshold * threshold * big) ipiv = col;
  if (ipiv < 0) {
    sti(state, 0, lnz); sti(state, 1, unz); sti(state, 2, col);
    return 2;
  }
  const piv = ldf(x, ipiv);
  sti(ui, unz, k); stf(uv, unz, piv); unz++;
  sti(li, lnz, ipiv); stf(lv, lnz, 1); lnz++;
  // multipliers x_i / pivot of the non-pivotal rows; x cleared on the pattern
  for (let p = top; p < n; p++) {
    const i = ldi(pattern, p);
    const xv = ldf(x, i);
    stf(x, i, 0);
    if (ldi(pinv, i) >= 0 || i == ipiv || xv == 0) continue;
    sti(li, lnz, i); stf(lv, lnz, xv / piv); lnz++;
  }
  sti(pinv, ipiv, k);
  sti(state, 0, lnz); sti(state, 1, unz);
  return 0;
}

export function spluFactor(
  n: i32, k0: i32, k1: i32, cp: usize, ri: usize, cv: usize, order: usize, pinv: usize,
  lp: usize, li: usize, lv: usize, lcap: i32, up: usize, ui: usize, uv: usize, ucap: i32,
  x: usize, pattern: usize, stack: usize, next: usize, mark: usize, threshold: f64, state: usize,
): i32 {
  for (let k = k0; k < k1; k++) {
    const s = spluColumn(n, k, cp, ri, cv, order, pinv, lp, li, lv, lcap, up, ui, uv, ucap, x, pattern, stack, next, mark, threshold, state);
    if (s != 0) return s;
  }
  return 0;
}

/** Ends {@link spluFactor}: closes lp, up and renumbers L's rows into pivot order. */
export function spluFinish(n: i32, pinv: usize, lp: usize, li: usize, up: usize, state: usize): void {
  const lnz = ldi(state, 0);
  sti(lp, n, lnz);
  sti(up, n, ldi(state, 1));
  for (let p = 0; p < lnz; p++) sti(li, p, ldi(pinv, ldi(li, p)));
}

/** x = A⁻¹ b with the real factors of {@link spluFactor} (after spluFinish); y is n slots of scratch. */
export function spluSolve(
  n: i32, q: usize, pinv: usize, lp: usize, li: usize, lv: usize, up: usize, ui: usize, uv: usize,
  b: usize, y: usize, x: usize,
): void {
  for (let i = 0; i < n; i++) stf(y, ldi(pinv, i), ldf(b, i));
  for (let j = 0; j < n; j++) {
    const v = ldf(y, j);
    if (v == 0) continue;
    for (let p = ldi(lp, j) + 1, e = ldi(lp, j + 1); p < e; p++) {
      const i = ldi(li, p);
      stf(y, i, ldf(y, i) - ldf(lv, p) * v);
    }
  }
  for (let j = n - 1; j >= 0; j--) {
    const d = ldi(up, j + 1) - 1;
    const v = ldf(y, j) / ldf(uv, d);
    stf(y, j, v);
    if (v == 0) continue;
    for (let p = ldi(up, j); p < d; p++) {
      const i = ldi(ui, p);
      stf(y, i, ldf(y, i) - ldf(uv, p) * v);
    }
  }
  for (let k = 0; k < n; k++) stf(x, ldi(q, k), ldf(y, k));
}

/**
 * The trace-constrained steady-state system of src/solvers/steadystate-direct.ts in real Hermitian
 * coordinates, built as CSR (the same rows, entries and sums as `realTraceSystem` there): L is the
 * complex CSR (rp, ci, re, im), `partner` the Hermitian partner of each unknown (i32), t the trace
 * weights (f64); row `row` becomes scale·t. Output orp (n + 1), oci, ov (room for 4·nnz(L) + n);
 * acc (f64), marker (i32, filled with −1 by the caller), cols (i32): n slots of scratch each.
 * Duplicates are summed in the order of L's entries, exact zeros dropped. Returns nnz.
 */
export function steadyRealSystem(
  n: i32, rp: usize, ci: usize, re: usize, im: usize, partner: usize, t: usize, scale: f64, row: i32,
  orp: usize, oci: usize, ov: usize, acc: usize, marker: usize, cols: usize,
): i32 {
  let m: i32 = 0;
  for (let r = 0; r < n; r++) {
    sti(orp, r, m);
    if (r == row) {
      for (let j = 0; j < n; j++) {
        const w = ldf(t, j);
        if (w == 0) continue;
        const v = scale * w;
        if (v == 0) continue;
        sti(oci, m, j); stf(ov, m, v); m++;
      }
      continue;
    }
    const kp = ldi(partner, r);
    const imag = kp < r;
    const k = imag ? kp : r;
    let cnt: i32 = 0;
    for (let p = ldi(rp, k), e = ldi(rp, k + 1); p < e; p++) {
      const j = ldi(ci, p), jp = ldi(partner, j), lr = ldf(re, p), li = ldf(im, p);
      // L_kj x_j with x_j = u_j (j = j'), u_j + i u_j' (j < j'), u_j' − i u_j (j > j')
      const first = j <= jp ? j : jp;
      if (ldi(marker, first) != r) { sti(marker, first, r); stf(acc, first, 0); sti(cols, cnt++, first); }
      stf(acc, first, ldf(acc, first) + (imag ? li : lr));
      if (j == jp) continue;
      const second = j < jp ? jp : j;
      const v = imag ? (j < jp ? lr : -lr) : (j < jp ? -li : li);
      if (ldi(marker, second) != r) { sti(marker, second, r); stf(acc, second, 0); sti(cols, cnt++, second); }
      stf(acc, second, ldf(acc, second) + v);
    }
    // columns ascending (insertion sort: rows hold a handful of entries)
    for (let a = 1; a < cnt; a++) {
      const c = ldi(cols, a);
      let b = a - 1;
      while (b >= 0 && ldi(cols, b) > c) { sti(cols, b + 1, ldi(cols, b)); b--; }
      sti(cols, b + 1, c);
    }
    for (let a = 0; a < cnt; a++) {
      const c = ldi(cols, a), v = ldf(acc, c);
      if (v == 0) continue;
      sti(oci, m, c); stf(ov, m, v); m++;
    }
  }
  sti(orp, n, m);
  return m;
}

// ------------------------------------------------------------------------------------------------
// Sparse × dense complex products for the steady state's full-space residual (helper `steady`):
// A sparse n×n CSR (rp, ci, ar, ai), X and OUT dense n×n row-major split complex; s = sr + i·si.
// ------------------------------------------------------------------------------------------------

/**
 * OUT += s·A·X (adjoint = 0: entry A_ik adds A_ik·X[k, :] to row i) or OUT += s·A†·X (adjoint = 1:
 * entry A_ik adds conj(A_ik)·X[i, :] to row k).
 */
export function zcsrMulAcc(n: i32, adjoint: i32, rp: usize, ci: usize, ar: usize, ai: usize, sr: f64, si: f64, xr: usize, xi: usize, or: usize, oi: usize): void {
  for (let r = 0; r < n; r++) {
    for (let p = ldi(rp, r), e = ldi(rp, r + 1); p < e; p++) {
      const a = ldf(ar, p), b = adjoint ? -ldf(ai, p) : ldf(ai, p);
      const cr = sr * a - si * b, cm = sr * b + si * a;
      const c = ldi(ci, p);
      const x = (adjoint ? r : c) * n, o = (adjoint ? c : r) * n;
      for (let j = 0; j < n; j++) {
        const vr = ldf(xr, x + j), vi = ldf(xi, x + j);
        stf(or, o + j, ldf(or, o + j) + (cr * vr - cm * vi));
        stf(oi, o + j, ldf(oi, o + j) + (cr * vi + cm * vr));
      }
    }
  }
}

/** OUT += s·X·A (row i of OUT scatters X_ik · A[k, :]). */
export function zMulCsrAcc(n: i32, rp: usize, ci: usize, ar: usize, ai: usize, sr: f64, si: f64, xr: usize, xi: usize, or: usize, oi: usize): void {
  for (let i = 0; i < n; i++) {
    const o = i * n;
    for (let k = 0; k < n; k++) {
      const vr = ldf(xr, o + k), vi = ldf(xi, o + k);
      if (vr == 0 && vi == 0) continue;
      const cr = sr * vr - si * vi, cm = sr * vi + si * vr;
      for (let p = ldi(rp, k), e = ldi(rp, k + 1); p < e; p++) {
        const q = o + ldi(ci, p), a = ldf(ar, p), b = ldf(ai, p);
        stf(or, q, ldf(or, q) + (cr * a - cm * b));
        stf(oi, q, ldf(oi, q) + (cr * b + cm * a));
      }
    }
  }
}

/** OUT += s·X·A† (entry A_jk adds conj(A_jk)·X[:, k] to column j). */
export function zMulCsrAdjAcc(n: i32, rp: usize, ci: usize, ar: usize, ai: usize, sr: f64, si: f64, xr: usize, xi: usize, or: usize, oi: usize): void {
  for (let j = 0; j < n; j++) {
    for (let p = ldi(rp, j), e = ldi(rp, j + 1); p < e; p++) {
      const a = ldf(ar, p), b = -ldf(ai, p);
      const cr = sr * a - si * b, cm = sr * b + si * a;
      const k = ldi(ci, p);
      for (let i = 0; i < n; i++) {
        const vr = ldf(xr, i * n + k), vi = ldf(xi, i * n + k);
        const q = i * n + j;
        stf(or, q, ldf(or, q) + (cr * vr - cm * vi));
        stf(oi, q, ldf(oi, q) + (cr * vi + cm * vr));
      }
    }
  }
}

/** r = b − A x for a real CSR matrix A (rp, ci, v) of order n; returns max |r_i|. */
export function dcsrResidual(n: i32, rp: usize, ci: usize, v: usize, x: usize, b: usize, r: usize): f64 {
  let big: f64 = 0;
  for (let i = 0; i < n; i++) {
    let s: f64 = 0;
    for (let p = ldi(rp, i), e = ldi(rp, i + 1); p < e; p++) s += ldf(v, p) * ldf(x, ldi(ci, p));
    const ri = ldf(b, i) - s;
    stf(r, i, ri);
    big = max(big, abs(ri));
  }
  return big;
}

/** max |p[i]| over count doubles. */
export function dmaxAbs(p: usize, count: i32): f64 {
  let m: f64 = 0;
  for (let i = 0; i < count; i++) m = max(m, abs(ldf(p, i)));
  return m;
}

// ================================================================================================
// small2 (issue 18 lever 6, session 5): small dense exponentials and sector steps in one call each.
// Scalar MIRRORS of TypeScript code: the same operations in the same order, so both paths give the
// same bits (test/linalg/wasm-small.test.ts asserts equality). On a cold call the TypeScript loops
// run in V8's interpreter (~50× slower than here); these keep small problems out of it:
//  - zexpmPade: src/linalg/expm.ts (Higham 2005 Padé, scaling and squaring) for n < 128, with the
//    products of src/linalg/dense.ts matmulInto (the 2×2-blocked loop below n·m·p = 4096, zgemmNT on a
//    packed Bᵀ from there on — single-threaded there too below n = 128) and the LU of src/linalg/lu.ts
//    (luFactor with its NB = 32 panels, luSolve);
//  - the steps of src/solvers/sector-propagation.ts SectorState.apply and the recording of
//    src/solvers/linear-propagation.ts (zmatvec, zrankOneStep, zdenseSectorStep, zdotuAcc,
//    ztraceAcc, zrecordCompact).
// ================================================================================================

const MM_K_BLOCK: i32 = 128;
const MM_J_BLOCK: i32 = 512;
const MM_WASM_MIN_WORK: i32 = 4096;

/**
 * C (n×p) ← A (n×m)·B (m×p), row-major split storage (matmulInto of src/linalg/dense.ts). From
 * n·m·p = 4096 on, Bᵀ is packed into (tr, ti) (m·p doubles each) and zgemmNT runs, as matmulWasm does.
 */
function zmm(n: i32, m: i32, p: i32, ar: usize, ai: usize, br: usize, bi: usize, cr: usize, ci: usize, tr: usize, ti: usize): void {
  if (n * m * p >= MM_WASM_MIN_WORK) {
    for (let l = 0; l < m; l++) {
      const row = l * p;
      for (let j = 0; j < p; j++) {
        stf(tr, j * m + l, ldf(br, row + j));
        stf(ti, j * m + l, ldf(bi, row + j));
      }
    }
    zgemmNT(n, p, m, ar, ai, tr, ti, cr, ci);
    return;
  }
  memory.fill(cr, 0, <usize>(n * p) << 3);
  memory.fill(ci, 0, <usize>(n * p) << 3);
  for (let kk = 0; kk < m; kk += MM_K_BLOCK) {
    const kEnd = min(kk + MM_K_BLOCK, m);
    for (let jj = 0; jj < p; jj += MM_J_BLOCK) {
      const jEnd = min(jj + MM_J_BLOCK, p);
      let i = 0;
      for (; i + 1 < n; i += 2) {
        const r0 = i * m, r1 = r0 + m, c0 = i * p, c1 = c0 + p;
        let k = kk;
        for (; k + 1 < kEnd; k += 2) {
          const a00r = ldf(ar, r0 + k), a00i = ldf(ai, r0 + k), a01r = ldf(ar, r0 + k + 1), a01i = ldf(ai, r0 + k + 1);
          const a10r = ldf(ar, r1 + k), a10i = ldf(ai, r1 + k), a11r = ldf(ar, r1 + k + 1), a11i = ldf(ai, r1 + k + 1);
          const b0 = k * p, b1 = b0 + p;
          for (let j = jj; j < jEnd; j++) {
            const x0r = ldf(br, b0 + j), x0i = ldf(bi, b0 + j), x1r = ldf(br, b1 + j), x1i = ldf(bi, b1 + j);
            stf(cr, c0 + j, ldf(cr, c0 + j) + (a00r * x0r - a00i * x0i + a01r * x1r - a01i * x1i));
            stf(ci, c0 + j, ldf(ci, c0 + j) + (a00r * x0i + a00i * x0r + a01r * x1i + a01i * x1r));
            stf(cr, c1 + j, ldf(cr, c1 + j) + (a10r * x0r - a10i * x0i + a11r * x1r - a11i * x1i));
            stf(ci, c1 + j, ldf(ci, c1 + j) + (a10r * x0i + a10i * x0r + a11r * x1i + a11i * x1r));
          }
        }
        for (; k < kEnd; k++) {
          const a0r = ldf(ar, r0 + k), a0i = ldf(ai, r0 + k), a1r = ldf(ar, r1 + k), a1i = ldf(ai, r1 + k);
          const b0 = k * p;
          for (let j = jj; j < jEnd; j++) {
            const xr = ldf(br, b0 + j), xi = ldf(bi, b0 + j);
            stf(cr, c0 + j, ldf(cr, c0 + j) + (a0r * xr - a0i * xi));
            stf(ci, c0 + j, ldf(ci, c0 + j) + (a0r * xi + a0i * xr));
            stf(cr, c1 + j, ldf(cr, c1 + j) + (a1r * xr - a1i * xi));
            stf(ci, c1 + j, ldf(ci, c1 + j) + (a1r * xi + a1i * xr));
          }
        }
      }
      for (; i < n; i++) {
        const r0 = i * m, c0 = i * p;
        for (let k = kk; k < kEnd; k++) {
          const a0r = ldf(ar, r0 + k), a0i = ldf(ai, r0 + k);
          if (a0r == 0 && a0i == 0) continue;
          const b0 = k * p;
          for (let j = jj; j < jEnd; j++) {
            const xr = ldf(br, b0 + j), xi = ldf(bi, b0 + j);
            stf(cr, c0 + j, ldf(cr, c0 + j) + (a0r * xr - a0i * xi));
            stf(ci, c0 + j, ldf(ci, c0 + j) + (a0r * xi + a0i * xr));
          }
        }
      }
    }
  }
}

/** dst[c] −= m·src[c] for c < len, m = mr + i·mi (the row updates of luFactor and luSolve). */
// @ts-ignore: decorator
@inline function zrowSubScaled(len: i32, mr: f64, mi: f64, sr: usize, si: usize, dr: usize, di: usize): void {
  for (let c = 0; c < len; c++) {
    const ur = ldf(sr, c), ui = ldf(si, c);
    stf(dr, c, ldf(dr, c) - (mr * ur - mi * ui));
    stf(di, c, ldf(di, c) - (mr * ui + mi * ur));
  }
}

/** Row i, columns j0 … j1 − 1 −= Σ_{k0 ≤ k < k1} A[i, k]·A[k, ·] (zero multipliers skipped), as luFactor's block updates. */
function zluRowUpdate(n: i32, ar: usize, ai: usize, i: i32, k0: i32, k1: i32, j0: i32, j1: i32): void {
  const o = i * n;
  for (let k = k0; k < k1; k++) {
    const mr = ldf(ar, o + k), mi = ldf(ai, o + k);
    if (mr == 0 && mi == 0) continue;
    const src = <usize>(k * n + j0) << 3, dst = <usize>(o + j0) << 3;
    zrowSubScaled(j1 - j0, mr, mi, ar + src, ai + src, ar + dst, ai + dst);
  }
}

const LU_NB: i32 = 32;
const LU_JB: i32 = 256;

/**
 * In-place LU with partial pivoting of the n×n matrix (ar, ai) (luFactor of src/linalg/lu.ts):
 * pivots, the row permutation (i32) and 1/U_kk (invr, invi; invr doubles as the scratch of the
 * norm check). Returns 0, or 1 (non-finite 1-norm), 2 + 2k (zero pivot in column k), 3 + 2k
 * (non-finite pivot in column k) — the errors luFactor throws.
 */
function zluFactor(n: i32, ar: usize, ai: usize, pivots: usize, perm: usize, invr: usize, invi: usize): i32 {
  if (!isFinite(znorm1(n, ar, ai, invr))) return 1; // matrixNorm1 (invr as its scratch)
  for (let kb = 0; kb < n; kb += LU_NB) {
    const kend = min(kb + LU_NB, n);
    for (let k = kb; k < kend; k++) {
      let p = k;
      let best: f64 = 0;
      for (let i = k; i < n; i++) {
        const idx = i * n + k;
        const v = abs(ldf(ar, idx)) + abs(ldf(ai, idx));
        if (v > best) { best = v; p = i; }
      }
      if (best == 0) return 2 + 2 * k;
      sti(pivots, k, p);
      if (p != k) {
        const ok = k * n, op = p * n;
        for (let j = 0; j < n; j++) {
          const tr = ldf(ar, ok + j); stf(ar, ok + j, ldf(ar, op + j)); stf(ar, op + j, tr);
          const ti = ldf(ai, ok + j); stf(ai, ok + j, ldf(ai, op + j)); stf(ai, op + j, ti);
        }
      }
      const kk = k * n + k;
      const dr = ldf(ar, kk), di = ldf(ai, kk);
      let ir: f64, ii: f64;
      if (abs(dr) >= abs(di)) {
        const r = di / dr, d = dr + di * r;
        ir = 1 / d; ii = -r / d;
      } else {
        const r = dr / di, d = dr * r + di;
        ir = r / d; ii = -1 / d;
      }
      stf(invr, k, ir);
      stf(invi, k, ii);
      const ok = k * n;
      for (let i = k + 1; i < n; i++) {
        const o = i * n;
        const lr = ldf(ar, o + k), li = ldf(ai, o + k);
        if (lr == 0 && li == 0) continue;
        const mr = lr * ir - li * ii, mi = lr * ii + li * ir;
        stf(ar, o + k, mr);
        stf(ai, o + k, mi);
        for (let j = k + 1; j < kend; j++) {
          const ur = ldf(ar, ok + j), ui = ldf(ai, ok + j);
          stf(ar, o + j, ldf(ar, o + j) - (mr * ur - mi * ui));
          stf(ai, o + j, ldf(ai, o + j) - (mr * ui + mi * ur));
        }
      }
    }
    if (kend == n) break;
    // block row of U (U12 = L11⁻¹ A12), then the trailing update A22 −= L21 U12 in column blocks
    for (let i = kb + 1; i < kend; i++) zluRowUpdate(n, ar, ai, i, kb, i, kend, n);
    for (let jb = kend; jb < n; jb += LU_JB) {
      const jend = min(jb + LU_JB, n);
      for (let i = kend; i < n; i++) zluRowUpdate(n, ar, ai, i, kb, kend, jb, jend);
    }
  }
  for (let k = 0; k < n; k++) {
    if (!isFinite(ldf(invr, k)) || !isFinite(ldf(invi, k))) return 3 + 2 * k;
  }
  for (let i = 0; i < n; i++) sti(perm, i, i);
  for (let k = 0; k < n; k++) {
    const p = ldi(pivots, k);
    if (p != k) {
      const t = ldi(perm, k); sti(perm, k, ldi(perm, p)); sti(perm, p, t);
    }
  }
  return 0;
}

/** X (n×p) ← A⁻¹B from zluFactor's output (luSolve of src/linalg/lu.ts). */
function zluSolve(n: i32, p: i32, lr: usize, li: usize, perm: usize, invr: usize, invi: usize, br: usize, bi: usize, xr: usize, xi: usize): void {
  const rowBytes = <usize>p << 3;
  for (let i = 0; i < n; i++) {
    const src = <usize>(ldi(perm, i) * p) << 3, dst = <usize>(i * p) << 3;
    memory.copy(xr + dst, br + src, rowBytes);
    memory.copy(xi + dst, bi + src, rowBytes);
  }
  for (let i = 1; i < n; i++) {
    const oi = i * p, ol = i * n;
    for (let j = 0; j < i; j++) {
      const ar = ldf(lr, ol + j), ai = ldf(li, ol + j);
      if (ar == 0 && ai == 0) continue;
      const src = <usize>(j * p) << 3, dst = <usize>oi << 3;
      zrowSubScaled(p, ar, ai, xr + src, xi + src, xr + dst, xi + dst);
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const oi = i * p, ol = i * n;
    for (let j = i + 1; j < n; j++) {
      const ar = ldf(lr, ol + j), ai = ldf(li, ol + j);
      if (ar == 0 && ai == 0) continue;
      const src = <usize>(j * p) << 3, dst = <usize>oi << 3;
      zrowSubScaled(p, ar, ai, xr + src, xi + src, xr + dst, xi + dst);
    }
    const sr = ldf(invr, i), si = ldf(invi, i);
    for (let c = 0; c < p; c++) {
      const vr = ldf(xr, oi + c), vi = ldf(xi, oi + c);
      stf(xr, oi + c, vr * sr - vi * si);
      stf(xi, oi + c, vr * si + vi * sr);
    }
  }
}

/** Padé coefficients b_0…b_m (src/linalg/expm.ts PADE), m = 3, 5, 7, 9, 13 at offsets 0, 4, 10, 18, 28. */
const PADE_B = memory.data<f64>([
  120, 60, 12, 1,
  30240, 15120, 3360, 420, 30, 1,
  17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1,
  17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1,
  64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800,
  129060195264000, 10559470521600, 670442572800, 33522128640, 1323241920,
  40840800, 960960, 16380, 182, 1,
]);

// @ts-ignore: decorator
@inline function padeB(m: i32, k: i32): f64 {
  const at = m == 3 ? 0 : m == 5 ? 4 : m == 7 ? 10 : m == 9 ? 18 : 28;
  return load<f64>(PADE_B + (<usize>(at + k) << 3));
}

/** Doubles per stored n×n part (re or im), even so every part stays 16-byte aligned. */
// @ts-ignore: decorator
@inline function partDoubles(n: i32): i32 { return (n * n + 1) & ~1; }

/** Working matrices of zexpmPade (re and im parts each). */
const EXPM_MATRICES: i32 = 12;

/** Doubles zexpmPade needs from its base: 12 complex n×n matrices, pivots, permutation, 1/U_kk. */
export function zexpmWorkDoubles(n: i32): i32 {
  return 2 * EXPM_MATRICES * partDoubles(n) + 4 * ((n + 1) & ~1);
}

/** Byte offset of the re part of working matrix k (im follows one part later). */
// @ts-ignore: decorator
@inline function expmMat(base: usize, n: i32, k: i32): usize { return base + (<usize>(2 * k * partDoubles(n)) << 3); }

/** out ← c0·M0 (combine's first term). */
function zcombineFirst(len: i32, or: usize, oi: usize, c: f64, mr: usize, mi: usize): void {
  for (let k = 0; k < len; k++) { stf(or, k, c * ldf(mr, k)); stf(oi, k, c * ldf(mi, k)); }
}

/** out += c·M (combine's further terms). */
function zcombineAdd(len: i32, or: usize, oi: usize, c: f64, mr: usize, mi: usize): void {
  for (let k = 0; k < len; k++) { stf(or, k, ldf(or, k) + c * ldf(mr, k)); stf(oi, k, ldf(oi, k) + c * ldf(mi, k)); }
}

/** out += c·I (combine's identity term, added last). */
function zaddDiagonal(n: i32, or: usize, c: f64): void {
  for (let i = 0; i < n; i++) stf(or, i * n + i, ldf(or, i * n + i) + c);
}

/** ‖A‖₁ with moduli via sqrt, NaN kept (norm1 of src/linalg/expm.ts, matrixNorm1 of lu.ts); `sums` holds n doubles. */
export function znorm1(n: i32, ar: usize, ai: usize, sums: usize): f64 {
  memory.fill(sums, 0, <usize>n << 3);
  for (let i = 0; i < n; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) {
      const x = ldf(ar, o + j), y = ldf(ai, o + j);
      stf(sums, j, ldf(sums, j) + Math.sqrt(x * x + y * y));
    }
  }
  let m: f64 = 0;
  for (let j = 0; j < n; j++) {
    const s = ldf(sums, j);
    if (s > m || isNaN(s)) m = s;
  }
  return m;
}

/**
 * A6 (b_{k+12} A6 + b_{k+10} A4 + b_{k+8} A2) + b_{k+6} A6 + b_{k+4} A4 + b_{k+2} A2 + b_k I into o
 * through the scratch t (pade13 of src/linalg/expm.ts, Higham 2005 Eq. 2.11): k = 1 gives U's right
 * factor, k = 0 gives V.
 */
function pade13Part(n: i32, k: i32, a2r: usize, a2i: usize, a4r: usize, a4i: usize, a6r: usize, a6i: usize,
  tr: usize, ti: usize, or: usize, oi: usize, btr: usize, bti: usize): void {
  const len = n * n;
  zcombineFirst(len, tr, ti, padeB(13, k + 12), a6r, a6i);
  zcombineAdd(len, tr, ti, padeB(13, k + 10), a4r, a4i);
  zcombineAdd(len, tr, ti, padeB(13, k + 8), a2r, a2i);
  zaddDiagonal(n, tr, 0);
  zmm(n, n, n, a6r, a6i, tr, ti, or, oi, btr, bti);
  zcombineFirst(len, or, oi, 1, or, oi);
  zcombineAdd(len, or, oi, padeB(13, k + 6), a6r, a6i);
  zcombineAdd(len, or, oi, padeB(13, k + 4), a4r, a4i);
  zcombineAdd(len, or, oi, padeB(13, k + 2), a2r, a2i);
  zaddDiagonal(n, or, padeB(13, k));
}

/**
 * exp(A) by the degree-m Padé approximant (m ∈ {3, 5, 7, 9, 13}) and s squarings, A (n×n, n ≥ 2)
 * in working matrix 0 at `base` (re part, then im part; partDoubles(n) each). The caller chooses m
 * and s from ‖A‖₁ as src/linalg/expm.ts does and passes f = 2^−s (m = 13 scales A by f when s > 0).
 * Returns the index k ≥ 0 of the working matrix holding exp(A) (at expmMat(base, n, k)), or
 * −code with zluFactor's code on a failed factorization.
 */
export function zexpmPade(n: i32, m: i32, s: i32, f: f64, base: usize): i32 {
  const len = n * n, part = <usize>partDoubles(n) << 3;
  const ar = expmMat(base, n, 0), ai = ar + part;
  const a2r = expmMat(base, n, 1), a2i = a2r + part;
  const a4r = expmMat(base, n, 2), a4i = a4r + part;
  const a6r = expmMat(base, n, 3), a6i = a6r + part;
  const tr = expmMat(base, n, 5), ti = tr + part;
  const wr = expmMat(base, n, 6), wi = wr + part;
  let ur = expmMat(base, n, 7), ui = ur + part;
  let vr = expmMat(base, n, 8), vi = vr + part;
  const pr = expmMat(base, n, 9), pi = pr + part;
  let xr = expmMat(base, n, 10), xi = xr + part;
  const btr = expmMat(base, n, 11), bti = btr + part;
  const ints = expmMat(base, n, EXPM_MATRICES);
  let uIndex = 7, xIndex = 10;
  if (m == 13) {
    if (s > 0) for (let k = 0; k < len; k++) { stf(ar, k, ldf(ar, k) * f); stf(ai, k, ldf(ai, k) * f); }
    zmm(n, n, n, ar, ai, ar, ai, a2r, a2i, btr, bti);
    zmm(n, n, n, a2r, a2i, a2r, a2i, a4r, a4i, btr, bti);
    zmm(n, n, n, a4r, a4i, a2r, a2i, a6r, a6i, btr, bti);
    // U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I];  V = A6 (b12 A6 + …) + … + b0 I
    pade13Part(n, 1, a2r, a2i, a4r, a4i, a6r, a6i, tr, ti, wr, wi, btr, bti);
    zmm(n, n, n, ar, ai, wr, wi, ur, ui, btr, bti);
    pade13Part(n, 0, a2r, a2i, a4r, a4i, a6r, a6i, tr, ti, vr, vi, btr, bti);
  } else {
    // powers A², A⁴, …, A^{m−1} in matrices 1, 2, …
    const powers = (m - 1) >> 1;
    zmm(n, n, n, ar, ai, ar, ai, a2r, a2i, btr, bti);
    for (let q = 1; q < powers; q++) {
      const prevR = expmMat(base, n, q), nextR = expmMat(base, n, q + 1);
      zmm(n, n, n, prevR, prevR + part, a2r, a2i, nextR, nextR + part, btr, bti);
    }
    // inner = b_1 I + b_3 A² + …;  U = A·inner;  V = b_0 I + b_2 A² + … (in inner's storage)
    for (let q = 0; q < powers; q++) {
      const pw = expmMat(base, n, q + 1);
      if (q == 0) zcombineFirst(len, tr, ti, padeB(m, 3), pw, pw + part);
      else zcombineAdd(len, tr, ti, padeB(m, 2 * (q + 1) + 1), pw, pw + part);
    }
    zaddDiagonal(n, tr, padeB(m, 1));
    zmm(n, n, n, ar, ai, tr, ti, ur, ui, btr, bti);
    for (let q = 0; q < powers; q++) {
      const pw = expmMat(base, n, q + 1);
      if (q == 0) zcombineFirst(len, tr, ti, padeB(m, 2), pw, pw + part);
      else zcombineAdd(len, tr, ti, padeB(m, 2 * (q + 1)), pw, pw + part);
    }
    zaddDiagonal(n, tr, padeB(m, 0));
    vr = tr; vi = ti;
  }
  const code = padeQuotientParts(n, ur, ui, vr, vi, pr, pi, xr, xi, ints);
  if (code != 0) return -code;
  for (let k = 0; k < s; k++) {
    zmm(n, n, n, xr, xi, xr, xi, ur, ui, btr, bti);
    const t1 = xr, t2 = xi, t3 = xIndex;
    xr = ur; xi = ui; xIndex = uIndex;
    ur = t1; ui = t2; uIndex = t3;
  }
  return xIndex;
}

/**
 * r = (V − U)⁻¹ (V + U) into x (padeQuotient of src/linalg/expm.ts: P = V + U into p, V ← V − U, LU with
 * partial pivoting of V, then the n right-hand sides of P). `ints`: pivots and permutation (i32, n each,
 * at ints and ints + stride/2) and the reciprocal pivots (f64, n each, at ints + stride and
 * ints + 2·stride), stride = 8·even(n) bytes. Returns 0, or zluFactor's failure code (> 0).
 */
// @ts-ignore: decorator
@inline function padeQuotientParts(n: i32, ur: usize, ui: usize, vr: usize, vi: usize, pr: usize, pi: usize,
  xr: usize, xi: usize, ints: usize): i32 {
  const len = n * n, stride = <usize>((n + 1) & ~1) << 3;
  const pivots = ints, perm = ints + (stride >> 1), invr = ints + stride, invi = invr + stride;
  for (let k = 0; k < len; k++) {
    const u1 = ldf(ur, k), u2 = ldf(ui, k), v1 = ldf(vr, k), v2 = ldf(vi, k);
    stf(pr, k, v1 + u1);
    stf(pi, k, v2 + u2);
    stf(vr, k, v1 - u1);
    stf(vi, k, v2 - u2);
  }
  const code = zluFactor(n, vr, vi, pivots, perm, invr, invi);
  if (code != 0) return code;
  zluSolve(n, n, vr, vi, perm, invr, invi, pr, pi, xr, xi);
  return 0;
}

/**
 * The Padé quotient r = (V − U)⁻¹ (V + U) of expm's steps (src/linalg/expm.ts `padeQuotient`) on n×n
 * split complex operands: U at ur/ui (unchanged), V at vr/vi (overwritten by its LU factors), V + U
 * into pr/pi, the result into xr/xi; `ints` as padeQuotientParts lays it out (zpadeQuotientIntsDoubles).
 * The same operations as the TypeScript luFactor/luSolve, hence the same bits. Returns 0, or the
 * failure code of zexpmPade (negated there): 1 non-finite input, 2 + 2k zero pivot in column k,
 * 3 + 2k non-finite pivot in column k.
 */
export function zpadeQuotient(n: i32, ur: usize, ui: usize, vr: usize, vi: usize, pr: usize, pi: usize,
  xr: usize, xi: usize, ints: usize): i32 {
  return padeQuotientParts(n, ur, ui, vr, vi, pr, pi, xr, xi, ints);
}

/** Doubles of the `ints` scratch of zpadeQuotient (pivots, permutation, reciprocal pivots). */
export function zpadeQuotientIntsDoubles(n: i32): i32 {
  return 4 * ((n + 1) & ~1);
}

/** y ← A x, A rows×cols row-major split complex (matvecInto of src/linalg/dense.ts). */
export function zmatvec(rows: i32, cols: i32, ar: usize, ai: usize, xr: usize, xi: usize, yr: usize, yi: usize): void {
  for (let i = 0; i < rows; i++) {
    let sr: f64 = 0, si: f64 = 0;
    const off = i * cols;
    for (let j = 0; j < cols; j++) {
      const pr = ldf(ar, off + j), pi = ldf(ai, off + j);
      const vr = ldf(xr, j), vi = ldf(xi, j);
      sr += pr * vr - pi * vi;
      si += pr * vi + pi * vr;
    }
    stf(yr, i, sr);
    stf(yi, i, si);
  }
}

/**
 * One step of a rank-one free sector X = u v† (SectorState.apply): u ← P_a u, v ← P_bᴴ v through
 * the scratch t (max(na, nb) complex), then X_pq = u_p conj(v_q) at x + (p + q·na).
 */
export function zrankOneStep(na: i32, nb: i32, par: usize, pai: usize, qr: usize, qi: usize, ur: usize, ui: usize, vr: usize, vi: usize,
  tr: usize, ti: usize, xr: usize, xi: usize): void {
  zmatvec(na, na, par, pai, ur, ui, tr, ti);
  memory.copy(ur, tr, <usize>na << 3); memory.copy(ui, ti, <usize>na << 3);
  zmatvec(nb, nb, qr, qi, vr, vi, tr, ti);
  memory.copy(vr, tr, <usize>nb << 3); memory.copy(vi, ti, <usize>nb << 3);
  for (let q = 0; q < nb; q++) {
    const cr = ldf(vr, q), ci = -ldf(vi, q);
    const o = q * na;
    for (let r = 0; r < na; r++) {
      const u1 = ldf(ur, r), u2 = ldf(ui, r);
      stf(xr, o + r, u1 * cr - u2 * ci);
      stf(xi, o + r, u1 * ci + u2 * cr);
    }
  }
}

/**
 * One step of a dense free sector (SectorState.apply): on the row-major slice Xᵀ (nb×na at x),
 * Xᵀ ← P_bᵀ Xᵀ P_aᵀ through t and y (nb·na complex each) and the packing scratch bt
 * (max(nb·na, na²) complex), with matmulInto's products.
 */
export function zdenseSectorStep(na: i32, nb: i32, pbTr: usize, pbTi: usize, paTr: usize, paTi: usize, xr: usize, xi: usize,
  tr: usize, ti: usize, yr: usize, yi: usize, btr: usize, bti: usize): void {
  zmm(nb, nb, na, pbTr, pbTi, xr, xi, tr, ti, btr, bti);
  zmm(nb, na, na, tr, ti, paTr, paTi, yr, yi, btr, bti);
  memory.copy(xr, yr, <usize>(na * nb) << 3);
  memory.copy(xi, yi, <usize>(na * nb) << 3);
}

/** acc[0] + i·acc[1] += Σ_x w_x v_x over len entries (a sink's feed term in SectorState.apply). */
export function zdotuAcc(len: i32, wr: usize, wi: usize, xr: usize, xi: usize, acc: usize): void {
  let sr = ldf(acc, 0), si = ldf(acc, 1);
  for (let x = 0; x < len; x++) {
    const a = ldf(wr, x), b = ldf(wi, x), vr = ldf(xr, x), vi = ldf(xi, x);
    sr += a * vr - b * vi;
    si += a * vi + b * vr;
  }
  stf(acc, 0, sr);
  stf(acc, 1, si);
}

/** acc[0] + i·acc[1] += Tr X of the na×na diagonal-sector slice at x (SectorState.freeTrace). */
export function ztraceAcc(na: i32, xr: usize, xi: usize, acc: usize): void {
  let re = ldf(acc, 0), im = ldf(acc, 1);
  for (let p = 0; p < na; p++) { re += ldf(xr, p * (na + 1)); im += ldf(xi, p * (na + 1)); }
  stf(acc, 0, re);
  stf(acc, 1, im);
}

/**
 * values_k(t_i) = Σ_e w_k[e]·x[index_k[e]] for k < count (record of src/solvers/linear-propagation.ts):
 * entries of functional k at starts[k] … starts[k+1] (i32) of index (i32), wr, wi; Re to
 * out[(2k)·nt + i], Im to out[(2k+1)·nt + i].
 */
export function zrecordCompact(count: i32, starts: usize, index: usize, wr: usize, wi: usize, xr: usize, xi: usize, out: usize, nt: i32, i: i32): void {
  for (let k = 0; k < count; k++) {
    let re: f64 = 0, im: f64 = 0;
    for (let e = ldi(starts, k), end = ldi(starts, k + 1); e < end; e++) {
      const x = ldi(index, e), a = ldf(wr, e), b = ldf(wi, e);
      re += a * ldf(xr, x) - b * ldf(xi, x);
      im += a * ldf(xi, x) + b * ldf(xr, x);
    }
    stf(out, 2 * k * nt + i, re);
    stf(out, (2 * k + 1) * nt + i, im);
  }
}

/**
 * Output steps i0 … i1 − 1 of x ← P x (P n×n) with the functionals recorded after each step at
 * output index i + 1 (propagateExpm of src/solvers/linear-propagation.ts: matvecInto into y, the
 * swap, record): y is scratch (n complex); the result is left in x.
 */
export function zstepsRecord(n: i32, pr: usize, pi: usize, xr: usize, xi: usize, yr: usize, yi: usize,
  count: i32, starts: usize, index: usize, wr: usize, wi: usize, out: usize, nt: i32, i0: i32, i1: i32): void {
  for (let i = i0; i < i1; i++) {
    zmatvec(n, n, pr, pi, xr, xi, yr, yi);
    memory.copy(xr, yr, <usize>n << 3);
    memory.copy(xi, yi, <usize>n << 3);
    zrecordCompact(count, starts, index, wr, wi, xr, xi, out, nt, i + 1);
  }
}
// ==== end small2 ====

// ================================================================================================
// Dense-ODE mesolve (helper denseode, issue 18 lever 3): the matrix-form Lindblad right-hand side
// of src/solvers/mesolve-dense.ts. Dense n×n complex matrices are row-major and INTERLEAVED
// (re, im per entry), so one f64x2 is one complex number; a row is n·16 bytes. Sparse operators are
// CSR: row pointers rp (i32, n + 1), column indices ci (i32), entries az interleaved complex.
// Complex products use the lane swap: c·x = (cr, cr)·(xr, xi) + (−ci, ci)·(xi, xr), which rounds
// exactly as the scalar cr·xr − ci·xi, cr·xi + ci·xr of the TypeScript path (same order, no FMA).
// ================================================================================================

// @ts-ignore: decorator
@inline function swapLanes(v: v128): v128 {
  return f64x2.shuffle(v, v, 1, 0);
}

/**
 * OUT[r, :] (+)= s·Σ_p A[r, ci_p]·X[ci_p, :] for the rows r0 ≤ r < r1 of a CSR A with at least one
 * entry; s = sr + i·si. overwrite = 1 sets those rows instead of adding to them; rows of A without
 * entries are never touched (not even zeroed). Entries are taken two at a time:
 * OUT += (s·a₁·x₁ + s·a₂·x₂), a single last entry as OUT += s·a·x.
 */
export function zcsrDenseRows(r0: i32, r1: i32, n: i32, rp: usize, ci: usize, az: usize, sr: f64, si: f64,
  x: usize, out: usize, overwrite: i32): void {
  const row = <usize>n << 4;
  for (let r = r0; r < r1; r++) {
    let p = ldi(rp, r);
    const e = ldi(rp, r + 1);
    if (p >= e) continue;
    const o = out + <usize>r * row;
    if (overwrite) memory.fill(o, 0, row);
    for (; p + 1 < e; p += 2) {
      const q = az + (<usize>p << 4);
      const a1 = load<f64>(q), b1 = load<f64>(q, 8), a2 = load<f64>(q, 16), b2 = load<f64>(q, 24);
      const c1r = sr * a1 - si * b1, c1i = sr * b1 + si * a1;
      const c2r = sr * a2 - si * b2, c2i = sr * b2 + si * a2;
      const u1 = f64x2.splat(c1r), v1 = f64x2(-c1i, c1i), u2 = f64x2.splat(c2r), v2 = f64x2(-c2i, c2i);
      const x1 = x + <usize>ldi(ci, p) * row, x2 = x + <usize>ldi(ci, p + 1) * row;
      for (let j: usize = 0; j < row; j += 16) {
        const y1 = v128.load(x1 + j), y2 = v128.load(x2 + j);
        const t1 = f64x2.add(f64x2.mul(u1, y1), f64x2.mul(v1, swapLanes(y1)));
        const t2 = f64x2.add(f64x2.mul(u2, y2), f64x2.mul(v2, swapLanes(y2)));
        v128.store(o + j, f64x2.add(v128.load(o + j), f64x2.add(t1, t2)));
      }
    }
    if (p < e) {
      const q = az + (<usize>p << 4);
      const a = load<f64>(q), b = load<f64>(q, 8);
      const cr = sr * a - si * b, cm = sr * b + si * a;
      const u = f64x2.splat(cr), v = f64x2(-cm, cm);
      const x1 = x + <usize>ldi(ci, p) * row;
      for (let j: usize = 0; j < row; j += 16) {
        const y = v128.load(x1 + j);
        v128.store(o + j, f64x2.add(v128.load(o + j), f64x2.add(f64x2.mul(u, y), f64x2.mul(v, swapLanes(y)))));
      }
    }
  }
}

/**
 * OUT[i, j] += s_ij·Σ_{p ∈ row j of C} X[i, ci_p]·conj(C_p) (OUT += s·X·C†, s real) for the rows
 * r0 ≤ i < r1 that have an entry in C (X = C·ρ is zero elsewhere) and the columns j whose row of C
 * has entries: s_ij = s for every j (upper = 0), or only j ≥ i with s_ii = s, s_ij = 2s for j > i
 * (upper = 1: X·C† = CρC† is Hermitian, and OUT enters the right-hand side as OUT + OUT†).
 * cz holds each entry of C expanded as (a, a), (b, −b) for C_p = a + ib (32 bytes per entry).
 * Each sum starts from zero and adds the entries in order; then OUT += s_ij·sum.
 */
export function zdenseCsrAdjRows(r0: i32, r1: i32, n: i32, rp: usize, ci: usize, cz: usize, s: f64, x: usize, out: usize, upper: i32): void {
  // Four live rows at a time share each column's entry loop (the loops are short: ~nnz/n entries);
  // the leftover rows go one by one. Per entry (i, j) the arithmetic is the same either way.
  let i = r0;
  while (i < r1) {
    let cnt = 0, i0 = 0, i1 = 0, i2 = 0, i3 = 0;
    while (i < r1 && cnt < 4) {
      if (ldi(rp, i) < ldi(rp, i + 1)) {
        if (cnt == 0) i0 = i; else if (cnt == 1) i1 = i; else if (cnt == 2) i2 = i; else i3 = i;
        cnt++;
      }
      i++;
    }
    if (cnt == 4) {
      adjRows4(n, rp, ci, cz, s, x, out, upper, i0, i1, i2, i3);
    } else {
      if (cnt > 0) adjRow1(n, rp, ci, cz, s, x, out, upper, i0);
      if (cnt > 1) adjRow1(n, rp, ci, cz, s, x, out, upper, i1);
      if (cnt > 2) adjRow1(n, rp, ci, cz, s, x, out, upper, i2);
    }
  }
}

// @ts-ignore: decorator
@inline function adjTerm(acc: v128, q: usize, y: v128): v128 {
  return f64x2.add(acc, f64x2.add(f64x2.mul(v128.load(q), y), f64x2.mul(v128.load(q, 16), swapLanes(y))));
}

// @ts-ignore: decorator
@inline function adjStore(out: usize, row: usize, i: i32, j: i32, upper: i32, s: f64, acc: v128): void {
  if (upper != 0 && j < i) return;
  const o = out + <usize>i * row + (<usize>j << 4);
  const sij = upper != 0 && j > i ? 2 * s : s;
  v128.store(o, f64x2.add(v128.load(o), f64x2.mul(f64x2.splat(sij), acc)));
}

/** One row i of `zdenseCsrAdjRows`. */
function adjRow1(n: i32, rp: usize, ci: usize, cz: usize, s: f64, x: usize, out: usize, upper: i32, i: i32): void {
  const row = <usize>n << 4;
  const xi = x + <usize>i * row;
  for (let j = upper ? i : 0; j < n; j++) {
    let p = ldi(rp, j);
    const e = ldi(rp, j + 1);
    if (p >= e) continue;
    let acc = f64x2.splat(0);
    for (; p < e; p++) acc = adjTerm(acc, cz + (<usize>p << 5), v128.load(xi + (<usize>ldi(ci, p) << 4)));
    adjStore(out, row, i, j, upper, s, acc);
  }
}

/** Rows i0 < i1 < i2 < i3 of `zdenseCsrAdjRows` together. */
function adjRows4(n: i32, rp: usize, ci: usize, cz: usize, s: f64, x: usize, out: usize, upper: i32, i0: i32, i1: i32, i2: i32, i3: i32): void {
  const row = <usize>n << 4;
  const x0 = x + <usize>i0 * row, x1 = x + <usize>i1 * row, x2 = x + <usize>i2 * row, x3 = x + <usize>i3 * row;
  for (let j = upper ? i0 : 0; j < n; j++) {
    let p = ldi(rp, j);
    const e = ldi(rp, j + 1);
    if (p >= e) continue;
    let a0 = f64x2.splat(0), a1 = a0, a2 = a0, a3 = a0;
    for (; p < e; p++) {
      const q = cz + (<usize>p << 5), c = <usize>ldi(ci, p) << 4;
      a0 = adjTerm(a0, q, v128.load(x0 + c));
      a1 = adjTerm(a1, q, v128.load(x1 + c));
      a2 = adjTerm(a2, q, v128.load(x2 + c));
      a3 = adjTerm(a3, q, v128.load(x3 + c));
    }
    adjStore(out, row, i0, j, upper, s, a0);
    adjStore(out, row, i1, j, upper, s, a1);
    adjStore(out, row, i2, j, upper, s, a2);
    adjStore(out, row, i3, j, upper, s, a3);
  }
}

/** DY = M + M† (n×n interleaved complex), in 16×16 tiles on and above the diagonal, each mirrored. */
export function hermitianSum(n: i32, m: usize, dy: usize): void {
  const row = <usize>n << 4;
  const conj = f64x2(1, -1);
  for (let i0 = 0; i0 < n; i0 += 16) {
    const i1 = min(i0 + 16, n);
    for (let j0 = i0; j0 < n; j0 += 16) {
      const j1 = min(j0 + 16, n);
      for (let i = i0; i < i1; i++) {
        for (let j = max(i, j0); j < j1; j++) {
          const a = <usize>i * row + (<usize>j << 4), b = <usize>j * row + (<usize>i << 4);
          const d = f64x2.add(v128.load(m + a), f64x2.mul(v128.load(m + b), conj));
          v128.store(dy + a, d);
          if (j != i) v128.store(dy + b, f64x2.mul(d, conj));
        }
      }
    }
  }
}

// DOP853 on vectors kept in the wasm memory (src/linalg/ode/dop853-wasm.ts): the stage combinations,
// the error estimate and the dense output of src/linalg/ode/dop853.ts, in the same rounding order.

/** Doubles per block of `odeCombine` (the partial sum stays in L1). */
const ODE_BLOCK: i32 = 512;

/**
 * For each of `rows` outputs r: out_r = y + h·(c_r0·v₀ + c_r1·v₁ + … ) over n doubles (sum left to
 * right, as the TypeScript stepper); y = 0 (null pointer) gives out_r = h·(…). coef: rows × count
 * doubles (row-major), ptrs: count i32 byte offsets of the vectors, outs: rows i32 byte offsets;
 * tmp: ODE_BLOCK doubles of scratch. The rows share one pass over the vectors (block by block, so
 * a block of every vector is read from memory once for all rows: the interpolant's four rows).
 */
export function odeCombine(n: i32, rows: i32, outs: usize, y: usize, h: f64, count: i32, coef: usize, ptrs: usize, tmp: usize): void {
  const hv = f64x2.splat(h);
  for (let i0 = 0; i0 < n; i0 += ODE_BLOCK) {
    const len = min(ODE_BLOCK, n - i0);
    const lb = <usize>(len & ~1) << 3, off = <usize>i0 << 3;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < count; j++) {
        const c = ldf(coef, r * count + j), cv = f64x2.splat(c), v = <usize>ldi(ptrs, j) + off;
        if (j == 0) {
          for (let l: usize = 0; l < lb; l += 16) v128.store(tmp + l, f64x2.mul(cv, v128.load(v + l)));
          if (len & 1) store<f64>(tmp + lb, c * load<f64>(v + lb));
        } else {
          for (let l: usize = 0; l < lb; l += 16) v128.store(tmp + l, f64x2.add(v128.load(tmp + l), f64x2.mul(cv, v128.load(v + l))));
          if (len & 1) store<f64>(tmp + lb, load<f64>(tmp + lb) + c * load<f64>(v + lb));
        }
      }
      const o = <usize>ldi(outs, r) + off;
      if (y == 0) {
        for (let l: usize = 0; l < lb; l += 16) v128.store(o + l, f64x2.mul(hv, v128.load(tmp + l)));
        if (len & 1) store<f64>(o + lb, h * load<f64>(tmp + lb));
      } else {
        const yb = y + off;
        for (let l: usize = 0; l < lb; l += 16) v128.store(o + l, f64x2.add(v128.load(yb + l), f64x2.mul(hv, v128.load(tmp + l))));
        if (len & 1) store<f64>(o + lb, load<f64>(yb + lb) + h * load<f64>(tmp + lb));
      }
    }
  }
}

/**
 * DOP853's new point and error sums: incr = Σ b_j·k_j (8 stages: ptrs[0..7] = k0, k5 … k11, coef[0..7]),
 * yNew = y + h·incr, sk = atol + rtol·max(|y|, |yNew|), e3 = (incr − bhh₀k0 − bhh₈k8 − bhh₁₁k11)/sk
 * (coef[8..10]), e5 = Σ er_j·k_j / sk (coef[11..18]); sums Σe5², Σe3² in order into sums[0], sums[1].
 */
export function dop853Error(n: i32, y: usize, yNew: usize, h: f64, rtol: f64, atol: f64, coef: usize, ptrs: usize, sums: usize): void {
  const k0 = <usize>ldi(ptrs, 0), k5 = <usize>ldi(ptrs, 1), k6 = <usize>ldi(ptrs, 2), k7 = <usize>ldi(ptrs, 3);
  const k8 = <usize>ldi(ptrs, 4), k9 = <usize>ldi(ptrs, 5), k10 = <usize>ldi(ptrs, 6), k11 = <usize>ldi(ptrs, 7);
  const b0 = ldf(coef, 0), b5 = ldf(coef, 1), b6 = ldf(coef, 2), b7 = ldf(coef, 3), b8 = ldf(coef, 4), b9 = ldf(coef, 5), b10 = ldf(coef, 6), b11 = ldf(coef, 7);
  const h0 = ldf(coef, 8), h8 = ldf(coef, 9), h11 = ldf(coef, 10);
  const r0 = ldf(coef, 11), r5 = ldf(coef, 12), r6 = ldf(coef, 13), r7 = ldf(coef, 14), r8 = ldf(coef, 15), r9 = ldf(coef, 16), r10 = ldf(coef, 17), r11 = ldf(coef, 18);
  let err5: f64 = 0, err3: f64 = 0;
  for (let i = 0; i < n; i++) {
    const a0 = ldf(k0, i), a5 = ldf(k5, i), a6 = ldf(k6, i), a7 = ldf(k7, i), a8 = ldf(k8, i), a9 = ldf(k9, i), a10 = ldf(k10, i), a11 = ldf(k11, i);
    const incr = b0 * a0 + b5 * a5 + b6 * a6 + b7 * a7 + b8 * a8 + b9 * a9 + b10 * a10 + b11 * a11;
    const yi = ldf(y, i);
    const yn = yi + h * incr;
    stf(yNew, i, yn);
    const sk = atol + rtol * max(abs(yi), abs(yn));
    const e3 = (incr - h0 * a0 - h8 * a8 - h11 * a11) / sk;
    const e5 = (r0 * a0 + r5 * a5 + r6 * a6 + r7 * a7 + r8 * a8 + r9 * a9 + r10 * a10 + r11 * a11) / sk;
    err3 += e3 * e3;
    err5 += e5 * e5;
  }
  stf(sums, 0, err5);
  stf(sums, 1, err3);
}

/** The first three rows of DOP853's interpolant: F0 = yNew − y, F1 = h·k0 − F0, F2 = 2·F0 − h·(k12 + k0). */
export function dop853DenseHead(n: i32, y: usize, yNew: usize, k0: usize, k12: usize, h: f64, f0: usize, f1: usize, f2: usize): void {
  for (let i = 0; i < n; i++) {
    const dy = ldf(yNew, i) - ldf(y, i), a0 = ldf(k0, i);
    stf(f0, i, dy);
    stf(f1, i, h * a0 - dy);
    stf(f2, i, 2 * dy - h * (ldf(k12, i) + a0));
  }
}

/** out = y + θ(F0 + θ1(F1 + θ(F2 + θ1(F3 + θ(F4 + θ1(F5 + θ F6)))))), θ1 = 1 − θ; F at ptrs[0..6]. */
export function dop853Interpolate(n: i32, y: usize, ptrs: usize, theta: f64, out: usize): void {
  const F0 = <usize>ldi(ptrs, 0), F1 = <usize>ldi(ptrs, 1), F2 = <usize>ldi(ptrs, 2), F3 = <usize>ldi(ptrs, 3);
  const F4 = <usize>ldi(ptrs, 4), F5 = <usize>ldi(ptrs, 5), F6 = <usize>ldi(ptrs, 6);
  const s = f64x2.splat(theta), s1 = f64x2.splat(1 - theta);
  const nb = <usize>(n & ~1) << 3;
  for (let l: usize = 0; l < nb; l += 16) {
    let v = f64x2.add(v128.load(F5 + l), f64x2.mul(s, v128.load(F6 + l)));
    v = f64x2.add(v128.load(F4 + l), f64x2.mul(s1, v));
    v = f64x2.add(v128.load(F3 + l), f64x2.mul(s, v));
    v = f64x2.add(v128.load(F2 + l), f64x2.mul(s1, v));
    v = f64x2.add(v128.load(F1 + l), f64x2.mul(s, v));
    v = f64x2.add(v128.load(F0 + l), f64x2.mul(s1, v));
    v128.store(out + l, f64x2.add(v128.load(y + l), f64x2.mul(s, v)));
  }
  if (n & 1) {
    const i = n - 1, t = theta, t1 = 1 - theta;
    const v = ldf(F0, i) + t1 * (ldf(F1, i) + t * (ldf(F2, i) + t1 * (ldf(F3, i) + t * (ldf(F4, i) + t1 * (ldf(F5, i) + t * ldf(F6, i))))));
    stf(out, i, ldf(y, i) + t * v);
  }
}

// ==== memory2 (issue 18, session 6): the complex back-transformation on packed reflectors ====

/**
 * `zreflectRows` with the reflectors in the strict upper triangle stored row after row
 * (row k: u_k at positions k+1 … n−1, n−k−1 entries, from k(n−1) − k(k−1)/2): half the memory
 * of full rows, for the copies each thread of src/linalg/eigen-hermitian.ts's back-transformation
 * holds. The same instructions on the same numbers as `zreflectRows`: the same bits.
 */
export function zreflectRowsPacked(n: i32, r0: i32, r1: i32, yr: usize, yi: usize, ur: usize, ui: usize, tau: usize): void {
  reflectRowsLaidOut(n, r0, r1, yr, yi, ur, ui, tau, true);
}

// ==== end memory2 ====

// ==== lead session 6 (issue 12): the real top merge's packing in place ====
/**
 * `dcPackRows` for the threaded top merge (src/linalg/tridiagonal.ts `dcTopMergeThreaded`): the same
 * rotations and gathers, the same values, but each row's packed entries are written back to the start
 * of that row of q itself (row r of the pack = q[lo + r][lo … lo + colUp) for r < m1, colLo entries
 * for the lower rows), through the row scratch `tmp` (n doubles), so no packed region is needed. The
 * deflated columns still go to dbuf (n × nd), gathered before the row is overwritten.
 */
export function dcPackRowsInPlace(
  q: usize, N: i32, lo: i32, n: i32, m1: i32,
  rp: usize, rj: usize, rc: usize, rs: usize, nrot: i32,
  srcUp: usize, colUp: i32, srcLo: usize, colLo: i32, defl: usize, nd: i32,
  tmp: usize, dbuf: usize,
): void {
  for (let r = 0; r < n; r++) {
    const row = q + ((<usize>(lo + r) * <usize>N + <usize>lo) << 3);
    rotateRow(row, rp, rj, rc, rs, nrot);
    const d0 = dbuf + (<usize>r * <usize>nd << 3);
    for (let t = 0; t < nd; t++) st(d0, t, load<f64>(row + (<usize>load<i32>(defl + (<usize>t << 2)) << 3)));
    if (r < m1) {
      for (let c = 0; c < colUp; c++) st(tmp, c, load<f64>(row + (<usize>load<i32>(srcUp + (<usize>c << 2)) << 3)));
      memory.copy(row, tmp, <usize>colUp << 3);
    } else {
      for (let c = 0; c < colLo; c++) st(tmp, c, load<f64>(row + (<usize>load<i32>(srcLo + (<usize>c << 2)) << 3)));
      memory.copy(row, tmp, <usize>colLo << 3);
    }
  }
}
// ==== end lead session 6 ====
