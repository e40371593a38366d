/**
 * `Qobj`: a quantum object that knows its tensor structure — an operator
 * (sparse or dense payload) or a ket/bra (vector payload) on the composite
 * space H_0 ⊗ H_1 ⊗ … with local dimensions `dims` (SPEC §3 ordering:
 * subsystem 0 is the most significant digit, as in QuTiP).
 *
 * Arithmetic refuses operands whose dims differ, even when their sizes agree
 * (dims [2, 3] and [3, 2] are both 6-dimensional but are different spaces),
 * with one line naming both. Sparse operands stay sparse; an operation with a
 * dense operand is done densely. The plain matrices underneath are available
 * as `.data`, and every solver accepts either.
 */
import type { Complex } from '../linalg/complex.js';
import { ComplexMatrix, add as denseAdd, adjoint, hermitianDefect, kron, matmul, scale as denseScale, trace } from '../linalg/dense.js';
import { SparseMatrix, sparseAdd, sparseAdjoint, sparseHermitianDefect, sparseKron, sparseMatmul, sparseScale } from '../linalg/sparse.js';
import { ComplexVector } from '../linalg/vector.js';
import { applyInto, type Operator } from '../linalg/operator.js';
import { compositeIndex, embed, totalDimension } from './tensor.js';
import { expect as expectRho, expectKet, partialTrace } from './measures.js';
import { spinOperator, projector, type SpinComponent } from './spin.js';
import { ketToDensity } from './states.js';

/** 'oper': a square operator (density matrices included); 'ket' / 'bra': a state vector or its dual. */
export type QobjKind = 'oper' | 'ket' | 'bra';

/** "[2, 3]" — how dims appear in messages. */
export function formatDims(dims: readonly number[]): string {
  return `[${dims.join(', ')}]`;
}

/** True when two dims lists are equal entry by entry. */
export function sameDims(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * An operator or a ket/bra with its subsystem dims (see the module comment).
 *
 * @example
 * import { Qobj } from 'spindrift';
 * // Heisenberg exchange of sites 0 and 1 of four spins ½, and the reduced state of site 0:
 * const dims = [2, 2, 2, 2], S = (w, j) => Qobj.spin(1 / 2, w).on(j, dims);
 * const H = Qobj.sum(['x', 'y', 'z'].map((w) => S(w, 0).mul(S(w, 1))));
 * H.isHermitian(); // true
 * Qobj.basis(dims, [0, 1, 1, 1]).ptrace(0).expect(Qobj.spin(1 / 2, 'z')); // { re: 0.5, im: 0 }
 */
export class Qobj {
  /** Local dimensions of the subsystems, in tensor order. */
  readonly dims: readonly number[];
  readonly kind: QobjKind;
  /** The payload: a matrix for operators, a vector for kets and bras (a bra stores its conjugated entries' source, the ket). */
  readonly data: ComplexMatrix | SparseMatrix | ComplexVector;

  /**
   * Wrap a matrix (an operator) or a vector (a ket). `dims` defaults to one
   * subsystem of the full size; its product must equal the size.
   * @throws RangeError if the sizes do not match or an operator is not square.
   */
  constructor(data: ComplexMatrix | SparseMatrix | ComplexVector, dims?: readonly number[], kind?: QobjKind) {
    const n = data instanceof ComplexVector ? data.length : data.rows;
    if (!(data instanceof ComplexVector) && data.cols !== n) throw new RangeError(`Qobj: an operator must be square, got ${data.rows}x${data.cols}`);
    const d = dims ? [...dims] : [n];
    const size = totalDimension(d);
    if (size !== n) throw new RangeError(`Qobj: dims ${formatDims(d)} have product ${size}, but the ${data instanceof ComplexVector ? 'vector has length' : 'operator is'} ${data instanceof ComplexVector ? n : `${n}x${n}`}`);
    this.dims = Object.freeze(d);
    this.kind = kind ?? (data instanceof ComplexVector ? 'ket' : 'oper');
    if ((this.kind === 'oper') === (data instanceof ComplexVector)) throw new RangeError(`Qobj: kind '${this.kind}' does not fit a ${data instanceof ComplexVector ? 'vector' : 'matrix'} payload`);
    this.data = data;
  }

  /** Total dimension Π dims. */
  get size(): number {
    return this.data instanceof ComplexVector ? this.data.length : this.data.rows;
  }

  get isOper(): boolean {
    return this.kind === 'oper';
  }

  get isKet(): boolean {
    return this.kind === 'ket';
  }

  /** The operator payload (for the plain-matrix APIs). @throws TypeError for a ket or bra. */
  get op(): Operator {
    if (this.data instanceof ComplexVector) throw new TypeError(`Qobj: a ${this.kind} has no operator payload`);
    return this.data;
  }

  /** The vector payload of a ket. @throws TypeError for an operator. */
  get vector(): ComplexVector {
    if (!(this.data instanceof ComplexVector)) throw new TypeError('Qobj: an operator has no vector payload');
    return this.data;
  }

  // ---- constructors ---------------------------------------------------------------------------

  /** Spin operator S_w of spin s (w ∈ x, y, z, +, −), basis m = +s … −s, one subsystem of dimension 2s+1. */
  static spin(s: number, which: SpinComponent): Qobj {
    return new Qobj(spinOperator(s, which));
  }

  /** |m⟩⟨m′| of spin s. */
  static projector(s: number, m: number, mPrime: number = m): Qobj {
    return new Qobj(projector(s, m, mPrime));
  }

  /** Identity on the space with local dimensions `dims` (a number means one subsystem). */
  static identity(dims: number | readonly number[]): Qobj {
    const d = typeof dims === 'number' ? [dims] : dims;
    return new Qobj(SparseMatrix.identity(totalDimension(d)), d);
  }

  /** Basis ket |i_0, i_1, …⟩ (local indices) or |index⟩ (composite index) on `dims`. */
  static basis(dims: number | readonly number[], index: number | readonly number[]): Qobj {
    const d = typeof dims === 'number' ? [dims] : dims;
    const n = totalDimension(d);
    const k = typeof index === 'number' ? index : compositeIndex(d, index);
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`Qobj.basis: index ${k} outside 0..${n - 1}`);
    return new Qobj(ComplexVector.basis(n, k), d);
  }

  /** Tensor product q_0 ⊗ q_1 ⊗ … (operators with operators, kets with kets); dims concatenate. */
  static tensor(...qs: Qobj[]): Qobj {
    if (qs.length === 0) throw new RangeError('Qobj.tensor: no operands');
    let acc = qs[0];
    for (let k = 1; k < qs.length; k++) acc = acc.tensor(qs[k]);
    return acc;
  }

  /** Σ q_k (all with the same dims). */
  static sum(qs: readonly Qobj[]): Qobj {
    if (qs.length === 0) throw new RangeError('Qobj.sum: no terms');
    let acc = qs[0];
    for (let k = 1; k < qs.length; k++) acc = acc.add(qs[k]);
    return acc;
  }

  // ---- arithmetic -----------------------------------------------------------------------------

  /** Throw a one-line RangeError naming both dims unless `other` lives on the same space and has the same kind. */
  checkSameSpace(other: Qobj, what: string): void {
    if (!sameDims(this.dims, other.dims)) throw new RangeError(`${what}: dims ${formatDims(this.dims)} and ${formatDims(other.dims)} do not match`);
    if (this.kind !== other.kind) throw new RangeError(`${what}: cannot combine a ${this.kind} with a ${other.kind}`);
  }

  /** this + other; a number x adds x·I to an operator. */
  add(other: Qobj | number): Qobj {
    const o = typeof other === 'number' ? Qobj.identity(this.dims).scale(other) : other;
    this.checkSameSpace(o, 'add');
    return this.combine(o, 1);
  }

  /** this − other; a number x subtracts x·I from an operator. */
  sub(other: Qobj | number): Qobj {
    const o = typeof other === 'number' ? Qobj.identity(this.dims).scale(other) : other;
    this.checkSameSpace(o, 'sub');
    return this.combine(o, -1);
  }

  private combine(o: Qobj, sign: 1 | -1): Qobj {
    const a = this.data, b = o.data;
    if (a instanceof ComplexVector || b instanceof ComplexVector) {
      const x = a as ComplexVector, y = b as ComplexVector;
      const re = new Float64Array(x.length), im = new Float64Array(x.length);
      for (let k = 0; k < x.length; k++) { re[k] = x.re[k] + sign * y.re[k]; im[k] = x.im[k] + sign * y.im[k]; }
      return new Qobj(new ComplexVector(x.length, re, im), this.dims, this.kind);
    }
    if (a instanceof SparseMatrix && b instanceof SparseMatrix) return new Qobj(sparseAdd(a, sign === 1 ? b : sparseScale(b, -1)), this.dims);
    const bd = b instanceof SparseMatrix ? b.toDense() : b;
    return new Qobj(denseAdd(a instanceof SparseMatrix ? a.toDense() : a, sign === 1 ? bd : denseScale(bd, -1)), this.dims);
  }

  /** (re + i·im) · this. */
  scale(re: number, im = 0): Qobj {
    const a = this.data;
    if (a instanceof ComplexVector) {
      const r = new Float64Array(a.length), i = new Float64Array(a.length);
      for (let k = 0; k < a.length; k++) { r[k] = re * a.re[k] - im * a.im[k]; i[k] = re * a.im[k] + im * a.re[k]; }
      return new Qobj(new ComplexVector(a.length, r, i), this.dims, this.kind);
    }
    return new Qobj(a instanceof SparseMatrix ? sparseScale(a, re, im) : denseScale(a, re, im), this.dims);
  }

  /**
   * Product: operator · operator, operator · ket, bra · operator, or a
   * number (scaling). Both sides must have the same dims.
   */
  mul(other: Qobj | number): Qobj {
    if (typeof other === 'number') return this.scale(other);
    if (!sameDims(this.dims, other.dims)) throw new RangeError(`mul: dims ${formatDims(this.dims)} and ${formatDims(other.dims)} do not match`);
    if (this.kind === 'oper' && other.kind === 'oper') {
      const a = this.data as Operator, b = other.data as Operator;
      if (a instanceof SparseMatrix && b instanceof SparseMatrix) return new Qobj(sparseMatmul(a, b), this.dims);
      return new Qobj(matmul(a instanceof SparseMatrix ? a.toDense() : a, b instanceof SparseMatrix ? b.toDense() : b), this.dims);
    }
    if (this.kind === 'oper' && other.kind === 'ket') {
      const x = other.vector, y = new ComplexVector(x.length);
      applyInto(this.data as Operator, x.re, x.im, y.re, y.im);
      return new Qobj(y, this.dims, 'ket');
    }
    if (this.kind === 'bra' && other.kind === 'oper') return other.dag().mul(this.dag()).dag();
    throw new RangeError(`mul: cannot multiply a ${this.kind} by a ${other.kind} (use expect or inner for scalars)`);
  }

  /** Hermitian conjugate (operator adjoint; ket ↔ bra). */
  dag(): Qobj {
    const a = this.data;
    if (a instanceof ComplexVector) {
      const im = new Float64Array(a.length);
      for (let k = 0; k < a.length; k++) im[k] = -a.im[k];
      return new Qobj(new ComplexVector(a.length, a.re.slice(), im), this.dims, this.kind === 'ket' ? 'bra' : 'ket');
    }
    return new Qobj(a instanceof SparseMatrix ? sparseAdjoint(a) : adjoint(a), this.dims);
  }

  /** this ⊗ other; dims concatenate. */
  tensor(other: Qobj): Qobj {
    const dims = [...this.dims, ...other.dims];
    if (this.kind !== other.kind) throw new RangeError(`tensor: cannot take the tensor product of a ${this.kind} and a ${other.kind}`);
    const a = this.data, b = other.data;
    if (a instanceof ComplexVector || b instanceof ComplexVector) {
      const x = a as ComplexVector, y = b as ComplexVector;
      const n = x.length * y.length, re = new Float64Array(n), im = new Float64Array(n);
      for (let i = 0; i < x.length; i++) {
        for (let j = 0; j < y.length; j++) {
          re[i * y.length + j] = x.re[i] * y.re[j] - x.im[i] * y.im[j];
          im[i * y.length + j] = x.re[i] * y.im[j] + x.im[i] * y.re[j];
        }
      }
      return new Qobj(new ComplexVector(n, re, im), dims, this.kind);
    }
    if (a instanceof SparseMatrix && b instanceof SparseMatrix) return new Qobj(sparseKron(a, b), dims);
    return new Qobj(kron(a instanceof SparseMatrix ? a.toDense() : a, b instanceof SparseMatrix ? b.toDense() : b), dims);
  }

  /**
   * This single-subsystem operator acting on subsystem `site` of a space with
   * local dimensions `dims` (identity elsewhere): I ⊗ … ⊗ op ⊗ … ⊗ I.
   * @throws RangeError if `site` is out of range or this operator's size differs from dims[site].
   */
  on(site: number, dims: readonly number[]): Qobj {
    if (this.kind !== 'oper') throw new RangeError(`on: only an operator can be embedded, this is a ${this.kind}`);
    if (!Number.isInteger(site) || site < 0 || site >= dims.length) throw new RangeError(`on: site ${site} outside 0..${dims.length - 1} of dims ${formatDims(dims)}`);
    if (this.size !== dims[site]) throw new RangeError(`on: operator with dims ${formatDims(this.dims)} does not fit site ${site} of dims ${formatDims(dims)}`);
    return new Qobj(embed(this.data as Operator, site, dims), dims);
  }

  // ---- measures -------------------------------------------------------------------------------

  /**
   * Expectation value of this operator in `state`: Tr(O ρ) for a density
   * matrix, ⟨ψ|O|ψ⟩ for a ket (complex; real for a Hermitian O).
   */
  expect(state: Qobj): Complex {
    if (this.kind !== 'oper') throw new RangeError(`expect: the observable must be an operator, got a ${this.kind}`);
    if (!sameDims(this.dims, state.dims)) throw new RangeError(`expect: dims ${formatDims(this.dims)} and ${formatDims(state.dims)} do not match`);
    const op = this.data as Operator;
    if (state.kind === 'ket') return expectKet(op, state.vector);
    if (state.kind === 'oper') return expectRho(op, state.data instanceof SparseMatrix ? state.data.toDense() : (state.data as ComplexMatrix));
    throw new RangeError('expect: the state must be a ket or a density matrix, got a bra');
  }

  /** Trace of an operator. */
  tr(): Complex {
    const a = this.op;
    if (a instanceof SparseMatrix) {
      let re = 0, im = 0;
      for (let i = 0; i < a.rows; i++) {
        for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) if (a.colIndex[k] === i) { re += a.re[k]; im += a.im[k]; }
      }
      return { re, im };
    }
    return trace(a);
  }

  /** |ψ⟩⟨ψ| of a ket (dense); an operator is returned as is. */
  toDensity(): Qobj {
    if (this.kind === 'oper') return this;
    if (this.kind === 'bra') return this.dag().toDensity();
    return new Qobj(ketToDensity(this.vector), this.dims);
  }

  /**
   * Partial trace keeping the subsystems `keep` (in the order given by dims,
   * sorted), reading the subsystem structure from this object's dims. A ket
   * is first turned into |ψ⟩⟨ψ|. The result has dims [dims[k] for k in keep].
   */
  ptrace(keep: number | readonly number[]): Qobj {
    const list = typeof keep === 'number' ? [keep] : [...keep];
    for (const k of list) {
      if (!Number.isInteger(k) || k < 0 || k >= this.dims.length) throw new RangeError(`ptrace: subsystem ${k} outside 0..${this.dims.length - 1} of dims ${formatDims(this.dims)}`);
    }
    const sorted = [...new Set(list)].sort((x, y) => x - y);
    const rho = this.toDensity().data;
    const dense = rho instanceof SparseMatrix ? rho.toDense() : (rho as ComplexMatrix);
    return new Qobj(partialTrace(dense, this.dims, sorted), sorted.map((k) => this.dims[k]));
  }

  /** max |O_ij − conj(O_ji)|: 0 for a Hermitian operator. */
  hermitianDefect(): number {
    const a = this.op;
    return a instanceof SparseMatrix ? sparseHermitianDefect(a) : hermitianDefect(a);
  }

  /** Hermitian up to `tol` times the largest entry (default 1e-12). */
  isHermitian(tol = 1e-12): boolean {
    const a = this.op;
    let max = 0;
    const re = a.re, im = a.im, len = a instanceof SparseMatrix ? a.nnz : re.length;
    for (let k = 0; k < len; k++) max = Math.max(max, Math.abs(re[k]), Math.abs(im[k]));
    return this.hermitianDefect() <= tol * Math.max(max, Number.MIN_VALUE);
  }

  /** Dense copy of the operator payload (or the same object when dense). */
  toDense(): Qobj {
    return this.data instanceof SparseMatrix ? new Qobj(this.data.toDense(), this.dims) : this;
  }

  /** Sparse copy of the operator payload (or the same object when sparse). */
  toSparse(): Qobj {
    return this.data instanceof ComplexMatrix ? new Qobj(SparseMatrix.fromDense(this.data), this.dims) : this;
  }

  toString(): string {
    return `Qobj(${this.kind}, dims ${formatDims(this.dims)}, ${this.data instanceof SparseMatrix ? `sparse, nnz ${this.data.nnz}` : 'dense'})`;
  }
}

/** Wrap a plain matrix or vector as a Qobj (`dims` defaults to one subsystem). */
export function qobj(data: ComplexMatrix | SparseMatrix | ComplexVector, dims?: readonly number[]): Qobj {
  return new Qobj(data, dims);
}
