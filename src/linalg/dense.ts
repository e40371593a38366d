/**
 * Complex dense matrices on typed arrays.
 *
 * Layout: row-major, with the real and imaginary parts in two separate
 * `Float64Array`s (`re[i * cols + j]`, `im[i * cols + j]`). Split storage was
 * measured faster than interleaved storage for matmul and matvec in plain
 * JavaScript (see docs/architecture.md).
 *
 * Functions here allocate their result unless their name ends in `Into`, in
 * which case the caller supplies the output (hot loops use those).
 */
import type { Complex } from './complex.js';
import { kernelsPlace, wasmKernels, type WasmKernels } from './wasm.js';
import { teamFor, type ThreadTeam } from './threads/team.js';
import { blockRowsFor, type ZgemmJob } from './threads/row-jobs.js';

export class ComplexMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly re: Float64Array;
  readonly im: Float64Array;

  constructor(rows: number, cols: number, re?: Float64Array, im?: Float64Array) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new RangeError(`ComplexMatrix: invalid shape ${rows}x${cols}`);
    }
    const n = rows * cols;
    this.rows = rows;
    this.cols = cols;
    this.re = re ?? new Float64Array(n);
    this.im = im ?? new Float64Array(n);
    if (this.re.length !== n || this.im.length !== n) {
      throw new RangeError(`ComplexMatrix: data length ${this.re.length}/${this.im.length} does not match ${rows}x${cols}`);
    }
  }

  static zeros(rows: number, cols: number = rows): ComplexMatrix {
    return new ComplexMatrix(rows, cols);
  }

  static identity(n: number): ComplexMatrix {
    const m = new ComplexMatrix(n, n);
    for (let i = 0; i < n; i++) m.re[i * n + i] = 1;
    return m;
  }

  /** Diagonal matrix from real (and optionally imaginary) diagonal entries. */
  static diagonal(re: ArrayLike<number>, im?: ArrayLike<number>): ComplexMatrix {
    const n = re.length;
    const m = new ComplexMatrix(n, n);
    for (let i = 0; i < n; i++) {
      m.re[i * n + i] = re[i];
      if (im) m.im[i * n + i] = im[i];
    }
    return m;
  }

  /** Build from nested row arrays of real and (optional) imaginary parts. */
  static fromRows(re: readonly (readonly number[])[], im?: readonly (readonly number[])[]): ComplexMatrix {
    const rows = re.length;
    const cols = rows > 0 ? re[0].length : 0;
    const m = new ComplexMatrix(rows, cols);
    for (let i = 0; i < rows; i++) {
      if (re[i].length !== cols) throw new RangeError(`ComplexMatrix.fromRows: row ${i} has ${re[i].length} entries, expected ${cols}`);
      for (let j = 0; j < cols; j++) m.re[i * cols + j] = re[i][j];
      if (im) {
        if (im.length !== rows || im[i].length !== cols) throw new RangeError(`ComplexMatrix.fromRows: imaginary part shape differs from real part`);
        for (let j = 0; j < cols; j++) m.im[i * cols + j] = im[i][j];
      }
    }
    return m;
  }

  get isSquare(): boolean {
    return this.rows === this.cols;
  }

  getRe(i: number, j: number): number {
    return this.re[i * this.cols + j];
  }

  getIm(i: number, j: number): number {
    return this.im[i * this.cols + j];
  }

  get(i: number, j: number): Complex {
    const k = i * this.cols + j;
    return { re: this.re[k], im: this.im[k] };
  }

  set(i: number, j: number, re: number, im = 0): this {
    const k = i * this.cols + j;
    this.re[k] = re;
    this.im[k] = im;
    return this;
  }

  /** Add (re + i·im) to entry (i, j). */
  addAt(i: number, j: number, re: number, im = 0): this {
    const k = i * this.cols + j;
    this.re[k] += re;
    this.im[k] += im;
    return this;
  }

  clone(): ComplexMatrix {
    return new ComplexMatrix(this.rows, this.cols, this.re.slice(), this.im.slice());
  }

  /** Nested arrays `{re, im}` (the JSON form of SPEC §2). */
  toRows(): { re: number[][]; im: number[][] } {
    const re: number[][] = [];
    const im: number[][] = [];
    for (let i = 0; i < this.rows; i++) {
      re.push(Array.from(this.re.subarray(i * this.cols, (i + 1) * this.cols)));
      im.push(Array.from(this.im.subarray(i * this.cols, (i + 1) * this.cols)));
    }
    return { re, im };
  }
}

function assertSameShape(a: ComplexMatrix, b: ComplexMatrix, what: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`${what}: shapes ${a.rows}x${a.cols} and ${b.rows}x${b.cols} differ`);
  }
}

/** a + b */
export function add(a: ComplexMatrix, b: ComplexMatrix): ComplexMatrix {
  assertSameShape(a, b, 'add');
  const c = new ComplexMatrix(a.rows, a.cols);
  for (let k = 0; k < a.re.length; k++) {
    c.re[k] = a.re[k] + b.re[k];
    c.im[k] = a.im[k] + b.im[k];
  }
  return c;
}

/** a − b */
export function sub(a: ComplexMatrix, b: ComplexMatrix): ComplexMatrix {
  assertSameShape(a, b, 'sub');
  const c = new ComplexMatrix(a.rows, a.cols);
  for (let k = 0; k < a.re.length; k++) {
    c.re[k] = a.re[k] - b.re[k];
    c.im[k] = a.im[k] - b.im[k];
  }
  return c;
}

/** (sr + i·si) · a */
export function scale(a: ComplexMatrix, sr: number, si = 0): ComplexMatrix {
  const c = new ComplexMatrix(a.rows, a.cols);
  for (let k = 0; k < a.re.length; k++) {
    const xr = a.re[k];
    const xi = a.im[k];
    c.re[k] = sr * xr - si * xi;
    c.im[k] = sr * xi + si * xr;
  }
  return c;
}

/** y ← y + (sr + i·si) · x, in place on y. */
export function axpyInto(y: ComplexMatrix, sr: number, si: number, x: ComplexMatrix): ComplexMatrix {
  assertSameShape(y, x, 'axpy');
  const yr = y.re, yi = y.im, xr = x.re, xi = x.im;
  for (let k = 0; k < yr.length; k++) {
    const a = xr[k], b = xi[k];
    yr[k] += sr * a - si * b;
    yi[k] += sr * b + si * a;
  }
  return y;
}

/** Conjugate transpose a†. */
export function adjoint(a: ComplexMatrix): ComplexMatrix {
  const { rows, cols } = a;
  const c = new ComplexMatrix(cols, rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      c.re[j * rows + i] = a.re[i * cols + j];
      c.im[j * rows + i] = -a.im[i * cols + j];
    }
  }
  return c;
}

/** Transpose aᵀ (no conjugation). */
export function transpose(a: ComplexMatrix): ComplexMatrix {
  const { rows, cols } = a;
  const c = new ComplexMatrix(cols, rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      c.re[j * rows + i] = a.re[i * cols + j];
      c.im[j * rows + i] = a.im[i * cols + j];
    }
  }
  return c;
}

/** Entry-wise complex conjugate. */
export function conjugate(a: ComplexMatrix): ComplexMatrix {
  const c = a.clone();
  for (let k = 0; k < c.im.length; k++) c.im[k] = -c.im[k];
  return c;
}

/** Cache blocking of matmul: k-panels of 128 rows of b, j-strips of 512 columns (measured on n = 512). */
const K_BLOCK = 128;
const J_BLOCK = 512;

/**
 * c ← a · b (c must not alias a or b). Cache-blocked i-k-j loop on split
 * real/imaginary storage, register-blocked 2 rows of a × 2 columns of a
 * (= 2 rows of b): each inner iteration loads two rows of b once for two
 * rows of c, halving memory traffic per flop (3.1 → 6.5 GFLOP/s at n = 512
 * on this machine). Where WebAssembly SIMD is available (./wasm.ts) larger
 * products run in the f64x2 kernel `zgemmNT` instead (see `matmulWasm`).
 */
export function matmulInto(c: ComplexMatrix, a: ComplexMatrix, b: ComplexMatrix): ComplexMatrix {
  if (a.cols !== b.rows) throw new RangeError(`matmul: inner dimensions ${a.rows}x${a.cols} · ${b.rows}x${b.cols} differ`);
  if (c.rows !== a.rows || c.cols !== b.cols) throw new RangeError(`matmul: output is ${c.rows}x${c.cols}, expected ${a.rows}x${b.cols}`);
  if (c === a || c === b) throw new RangeError('matmul: output aliases an input');
  const n = a.rows, m = a.cols, p = b.cols;
  if (n * m * p >= WASM_MIN_WORK && matmulWasm(c, a, b)) return c;
  const ar = a.re, ai = a.im, br = b.re, bi = b.im, cr = c.re, ci = c.im;
  cr.fill(0);
  ci.fill(0);
  for (let kk = 0; kk < m; kk += K_BLOCK) {
    const kEnd = Math.min(kk + K_BLOCK, m);
    for (let jj = 0; jj < p; jj += J_BLOCK) {
      const jEnd = Math.min(jj + J_BLOCK, p);
      let i = 0;
      for (; i + 1 < n; i += 2) {
        const r0 = i * m, r1 = r0 + m, c0 = i * p, c1 = c0 + p;
        let k = kk;
        for (; k + 1 < kEnd; k += 2) {
          const a00r = ar[r0 + k], a00i = ai[r0 + k], a01r = ar[r0 + k + 1], a01i = ai[r0 + k + 1];
          const a10r = ar[r1 + k], a10i = ai[r1 + k], a11r = ar[r1 + k + 1], a11i = ai[r1 + k + 1];
          const b0 = k * p, b1 = b0 + p;
          for (let j = jj; j < jEnd; j++) {
            const x0r = br[b0 + j], x0i = bi[b0 + j], x1r = br[b1 + j], x1i = bi[b1 + j];
            cr[c0 + j] += a00r * x0r - a00i * x0i + a01r * x1r - a01i * x1i;
            ci[c0 + j] += a00r * x0i + a00i * x0r + a01r * x1i + a01i * x1r;
            cr[c1 + j] += a10r * x0r - a10i * x0i + a11r * x1r - a11i * x1i;
            ci[c1 + j] += a10r * x0i + a10i * x0r + a11r * x1i + a11i * x1r;
          }
        }
        for (; k < kEnd; k++) {
          const a0r = ar[r0 + k], a0i = ai[r0 + k], a1r = ar[r1 + k], a1i = ai[r1 + k];
          const b0 = k * p;
          for (let j = jj; j < jEnd; j++) {
            const xr = br[b0 + j], xi = bi[b0 + j];
            cr[c0 + j] += a0r * xr - a0i * xi;
            ci[c0 + j] += a0r * xi + a0i * xr;
            cr[c1 + j] += a1r * xr - a1i * xi;
            ci[c1 + j] += a1r * xi + a1i * xr;
          }
        }
      }
      for (; i < n; i++) {
        const r0 = i * m, c0 = i * p;
        for (let k = kk; k < kEnd; k++) {
          const a0r = ar[r0 + k], a0i = ai[r0 + k];
          if (a0r === 0 && a0i === 0) continue;
          const b0 = k * p;
          for (let j = jj; j < jEnd; j++) {
            const xr = br[b0 + j], xi = bi[b0 + j];
            cr[c0 + j] += a0r * xr - a0i * xi;
            ci[c0 + j] += a0r * xi + a0i * xr;
          }
        }
      }
    }
  }
  return c;
}

/** Below this n·m·p `matmulInto` stays in TypeScript (copy and call overhead). */
const WASM_MIN_WORK = 4096;

/**
 * `matmulInto` through the WebAssembly SIMD kernel `zgemmNT` (wasm/kernels.ts):
 * a and bᵀ are copied into the wasm memory (bᵀ packed so that both operands
 * are read along rows), c copied out; O(n²) copies for O(n³) work. Large
 * products go to the thread team when one is installed (`matmulThreaded`).
 * False when WebAssembly is unavailable, disabled, or the memory cannot grow.
 */
function matmulWasm(c: ComplexMatrix, a: ComplexMatrix, b: ComplexMatrix): boolean {
  const w = wasmKernels();
  if (!w) return false;
  const n = a.rows, m = a.cols, p = b.cols;
  const team = teamFor(8 * n * m * p);
  if (team && matmulThreaded(team, w, c, a, b)) return true;
  const base = w.reserve(productDoubles(n, m, p));
  if (base < 0) return false;
  const h = w.heap;
  const { pcr, pci, ...at } = packProduct(h, base, a, b);
  w.exports.zgemmNT(n, p, m, at.par * 8, at.pai * 8, at.pbr * 8, at.pbi * 8, pcr * 8, pci * 8);
  c.re.set(h.subarray(pcr, pcr + n * p));
  c.im.set(h.subarray(pci, pci + n * p));
  return true;
}

/** Doubles of the operand layout of `packProduct`. */
function productDoubles(n: number, m: number, p: number): number {
  return 2 * (((n * m + 1) & ~1) + ((m * p + 1) & ~1) + ((n * p + 1) & ~1));
}

/**
 * Lays out a and bᵀ (split re/im, bᵀ packed so both are read along rows) in
 * `h` from double index `base`, followed by room for c; returns the offsets.
 */
function packProduct(h: Float64Array, base: number, a: ComplexMatrix, b: ComplexMatrix) {
  const n = a.rows, m = a.cols, p = b.cols;
  const sa = (n * m + 1) & ~1, sb = (m * p + 1) & ~1, sc = (n * p + 1) & ~1;
  const par = base, pai = par + sa, pbr = pai + sa, pbi = pbr + sb, pcr = pbi + sb, pci = pcr + sc;
  h.set(a.re, par);
  h.set(a.im, pai);
  const br = b.re, bi = b.im;
  for (let l = 0; l < m; l++) {
    const row = l * p;
    for (let j = 0; j < p; j++) {
      h[pbr + j * m + l] = br[row + j];
      h[pbi + j * m + l] = bi[row + j];
    }
  }
  return { par, pai, pbr, pbi, pcr, pci };
}

/**
 * `matmulWasm` over the thread team (./threads/team.ts): a and bᵀ laid out in
 * this thread's wasm memory as for one thread, row blocks of c computed in
 * place there by all threads with the same kernel (the workers run it over
 * this memory, which must be shared: ../wasm.ts) — the same bits as one
 * thread (see ./threads/row-jobs.ts). When c's rows are as long as a's
 * (m = p, e.g. square products), each block writes its rows of c over the
 * rows of a it has just moved to its scratch slot (no other block reads
 * them), so the memory holds a and bᵀ only — a third less (issue 18, peak
 * memory), and no thread holds a copy of bᵀ. False when the team or the
 * memory cannot take the job (then the caller computes on one thread).
 */
function matmulThreaded(team: ThreadTeam, w: WasmKernels, c: ComplexMatrix, a: ComplexMatrix, b: ComplexMatrix): boolean {
  const kernels = kernelsPlace(w);
  if (!kernels) return false;
  const n = a.rows, m = a.cols, p = b.cols;
  const overA = m === p;
  const blockRows = blockRowsFor('zgemm', n, team.size);
  const operands = productDoubles(n, m, p) - (overA ? 2 * ((n * p + 1) & ~1) : 0);
  const slotDoubles = overA ? 2 * ((blockRows * m + 1) & ~1) : 0, region = operands + team.size * slotDoubles;
  const base = w.reserve(region);
  if (base < 0) return false;
  const h = w.heap;
  const o = packProduct(h, base, a, b);
  const cr = overA ? o.par : o.pcr, ci = overA ? o.pai : o.pci;
  const job: ZgemmJob = {
    kind: 'zgemm', data: h, place: { kernels, scratch: base + operands, slotDoubles, slots: team.size },
    blockRows, blocks: Math.ceil(n / blockRows), m: n, n: p, k: m, ar: o.par, ai: o.pai, br: o.pbr, bi: o.pbi, cr, ci,
  };
  if (!team.run(job)) {
    // A worker that stopped answering (the team is stopped then) may still write rows of c here: the region
    // is never handed out again. The caller's single-thread product reserves a fresh one.
    if (!team.running) w.abandon(region);
    return false;
  }
  c.re.set(h.subarray(cr, cr + n * p));
  c.im.set(h.subarray(ci, ci + n * p));
  return true;
}

/** a · b */
export function matmul(a: ComplexMatrix, b: ComplexMatrix): ComplexMatrix {
  return matmulInto(new ComplexMatrix(a.rows, b.cols), a, b);
}

/**
 * y ← A x for split complex vectors (y must not alias x).
 * `xr, xi` have length A.cols; `yr, yi` length A.rows.
 */
export function matvecInto(
  a: ComplexMatrix,
  xr: Float64Array, xi: Float64Array,
  yr: Float64Array, yi: Float64Array,
): void {
  const { rows, cols } = a;
  const ar = a.re, ai = a.im;
  for (let i = 0; i < rows; i++) {
    let sr = 0, si = 0;
    const off = i * cols;
    for (let j = 0; j < cols; j++) {
      const pr = ar[off + j], pi = ai[off + j];
      const vr = xr[j], vi = xi[j];
      sr += pr * vr - pi * vi;
      si += pr * vi + pi * vr;
    }
    yr[i] = sr;
    yi[i] = si;
  }
}

/** Kronecker product a ⊗ b (index (i_a·rows_b + i_b, j_a·cols_b + j_b)). */
export function kron(a: ComplexMatrix, b: ComplexMatrix): ComplexMatrix {
  const rows = a.rows * b.rows;
  const cols = a.cols * b.cols;
  const c = new ComplexMatrix(rows, cols);
  for (let ia = 0; ia < a.rows; ia++) {
    for (let ja = 0; ja < a.cols; ja++) {
      const xr = a.re[ia * a.cols + ja];
      const xi = a.im[ia * a.cols + ja];
      if (xr === 0 && xi === 0) continue;
      for (let ib = 0; ib < b.rows; ib++) {
        const row = (ia * b.rows + ib) * cols + ja * b.cols;
        const bOff = ib * b.cols;
        for (let jb = 0; jb < b.cols; jb++) {
          const yr = b.re[bOff + jb];
          const yi = b.im[bOff + jb];
          c.re[row + jb] = xr * yr - xi * yi;
          c.im[row + jb] = xr * yi + xi * yr;
        }
      }
    }
  }
  return c;
}

/** Tr a */
export function trace(a: ComplexMatrix): Complex {
  if (!a.isSquare) throw new RangeError(`trace: matrix is ${a.rows}x${a.cols}, not square`);
  let re = 0, im = 0;
  for (let i = 0; i < a.rows; i++) {
    re += a.re[i * a.cols + i];
    im += a.im[i * a.cols + i];
  }
  return { re, im };
}

/** Tr(a · b) without forming the product. */
export function traceOfProduct(a: ComplexMatrix, b: ComplexMatrix): Complex {
  if (a.cols !== b.rows || a.rows !== b.cols) throw new RangeError('traceOfProduct: shapes do not match');
  let re = 0, im = 0;
  const n = a.rows, m = a.cols;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) {
      const xr = a.re[i * m + k], xi = a.im[i * m + k];
      const yr = b.re[k * n + i], yi = b.im[k * n + i];
      re += xr * yr - xi * yi;
      im += xr * yi + xi * yr;
    }
  }
  return { re, im };
}

/** Frobenius norm ‖a‖_F. */
export function normFrobenius(a: ComplexMatrix): number {
  let s = 0;
  for (let k = 0; k < a.re.length; k++) s += a.re[k] * a.re[k] + a.im[k] * a.im[k];
  return Math.sqrt(s);
}

/** Induced 1-norm (maximum absolute column sum). */
export function norm1(a: ComplexMatrix): number {
  const sums = new Float64Array(a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const k = i * a.cols + j;
      sums[j] += Math.hypot(a.re[k], a.im[k]);
    }
  }
  let m = 0;
  for (let j = 0; j < a.cols; j++) if (sums[j] > m) m = sums[j];
  return m;
}

/** Induced ∞-norm (maximum absolute row sum). */
export function normInf(a: ComplexMatrix): number {
  let m = 0;
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let j = 0; j < a.cols; j++) {
      const k = i * a.cols + j;
      s += Math.hypot(a.re[k], a.im[k]);
    }
    if (s > m) m = s;
  }
  return m;
}

/** Largest entry-wise modulus max |a_ij|. */
export function normMax(a: ComplexMatrix): number {
  let m = 0;
  for (let k = 0; k < a.re.length; k++) {
    const v = Math.hypot(a.re[k], a.im[k]);
    if (v > m) m = v;
  }
  return m;
}

/** max |a_ij − b_ij| */
export function maxAbsDiff(a: ComplexMatrix, b: ComplexMatrix): number {
  assertSameShape(a, b, 'maxAbsDiff');
  let m = 0;
  for (let k = 0; k < a.re.length; k++) {
    const v = Math.hypot(a.re[k] - b.re[k], a.im[k] - b.im[k]);
    if (v > m) m = v;
  }
  return m;
}

/** ‖a − a†‖_max: zero for a Hermitian matrix. */
export function hermitianDefect(a: ComplexMatrix): number {
  if (!a.isSquare) return Infinity;
  const n = a.rows;
  let m = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const dr = a.re[i * n + j] - a.re[j * n + i];
      const di = a.im[i * n + j] + a.im[j * n + i];
      const v = Math.hypot(dr, di);
      if (v > m) m = v;
    }
  }
  return m;
}
