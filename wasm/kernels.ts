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

/** Start of the memory that the TypeScript side may use (after this module's static data). */
export function heapBase(): usize {
  return __heap_base;
}
