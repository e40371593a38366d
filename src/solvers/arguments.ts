/**
 * The solvers' argument contract: every operator argument may be a plain
 * matrix (`ComplexMatrix` | `SparseMatrix`) or a `Qobj`, every state a
 * matrix, a vector or a `Qobj`. `SolverArguments` unwraps them to the plain
 * payloads the algorithms use and refuses Qobj arguments whose dims differ
 * (dims [2, 3] and [3, 2] have the same size but are different spaces), in
 * one line naming both: `c_ops[1]: dims [3, 2] do not match H's dims [2, 3]`.
 * Plain matrices carry no dims and are checked by size only (checkSquare).
 */
import type { ComplexMatrix } from '../linalg/dense.js';
import type { Operator } from '../linalg/operator.js';
import { SparseMatrix } from '../linalg/sparse.js';
import type { ComplexVector } from '../linalg/vector.js';
import { ArgumentError } from '../util/errors.js';
import { Qobj, formatDims, sameDims } from '../quantum/qobj.js';
import type { TimeDependentHamiltonian } from '../quantum/superoperator.js';
import { QobjEvo, isTimeDependentCollapse, type CoefficientFunction, type TimeDependentCollapse } from '../quantum/qobj-evo.js';

/** An operator argument: a plain matrix or a Qobj operator. */
export type OperatorLike = Operator | Qobj;
/** A state argument: a density matrix, a ket, or a Qobj of either. */
export type StateLike = ComplexMatrix | ComplexVector | Qobj;
/** H(t) = h0 + Σ f_k(t) H_k with Qobj or plain operators. */
export interface TimeDependentHamiltonianLike {
  h0: OperatorLike;
  terms: { op: OperatorLike; coefficient: (t: number) => number }[];
}
/** A constant or time-dependent Hamiltonian, with Qobj or plain operators, or a QobjEvo. */
export type HamiltonianLike = OperatorLike | TimeDependentHamiltonianLike | QobjEvo;
/**
 * A collapse operator: constant (a matrix or Qobj), or g(t)·C given as
 * `{op, coefficient: g}` or as a QobjEvo with one term and no constant part.
 * Its dissipator is |g(t)|² D[C].
 */
export type CollapseLike = OperatorLike | { op: OperatorLike; coefficient: CoefficientFunction } | QobjEvo;
/** A collapse operator after unwrapping: constant, or g(t)·C. */
export type Collapse = Operator | TimeDependentCollapse;

/** Collects the dims of the Qobj arguments of one solver call and unwraps them. */
export class SolverArguments {
  private dims: readonly number[] | null;
  private dimsOwner: string;

  /** Optionally start from known dims (e.g. a prepared problem's), named `owner` in messages. */
  constructor(dims: readonly number[] | null = null, owner = '') {
    this.dims = dims;
    this.dimsOwner = owner;
  }

  /** Dims of the Qobj arguments seen so far (null if all were plain matrices). */
  get dimsSeen(): readonly number[] | null {
    return this.dims;
  }

  /** The argument those dims were first seen on ('H', 'c_ops[0]', …). */
  get dimsOwnerSeen(): string {
    return this.dimsOwner;
  }

  /** Record `q`'s dims, or refuse them if they differ from an earlier argument's. */
  private note(q: Qobj, name: string): void {
    if (this.dims === null) {
      this.dims = q.dims;
      this.dimsOwner = name;
    } else if (!sameDims(this.dims, q.dims)) {
      throw new ArgumentError(name, `dims ${formatDims(q.dims)} do not match ${this.dimsOwner}'s dims ${formatDims(this.dims)}`);
    }
  }

  /** The plain operator of an operator argument. */
  operator(x: OperatorLike, name: string): Operator {
    if (x instanceof QobjEvo ? !x.isConstant : isTimeDependentCollapse(x) || (typeof x === 'object' && x !== null && 'h0' in x && 'terms' in x)) {
      throw new ArgumentError(name, 'is time-dependent, but this solver needs a constant operator (a time-dependent problem has no steady state; use mesolve or mcsolve)');
    }
    if (x instanceof QobjEvo) return this.operator(x.constant, name);
    if (x instanceof Qobj) {
      if (x.kind !== 'oper') throw new ArgumentError(name, `expected an operator, got a ${x.kind}`);
      this.note(x, name);
      return x.op;
    }
    return x;
  }

  operators(xs: readonly OperatorLike[], name: string): Operator[] {
    return xs.map((x, k) => this.operator(x, `${name}[${k}]`));
  }

  /** A constant Hamiltonian, or H(t) with every part unwrapped (a QobjEvo without terms is constant). */
  hamiltonian(h: HamiltonianLike, name = 'H'): Operator | TimeDependentHamiltonian {
    if (h instanceof QobjEvo) {
      const h0 = this.operator(h.constant, name);
      if (h.isConstant) return h0;
      return { h0, terms: h.terms.map((t, k) => ({ op: this.operator(t.op, `${name}.terms[${k}]`), coefficient: t.coefficient })) };
    }
    if (h instanceof Qobj || !('h0' in h)) return this.operator(h as OperatorLike, name);
    return {
      h0: this.operator(h.h0, `${name}.h0`),
      terms: h.terms.map((t, k) => ({ op: this.operator(t.op, `${name}.terms[${k}]`), coefficient: t.coefficient })),
    };
  }

  /**
   * Collapse operators, constant or g(t)·C. A QobjEvo must have one term and a zero
   * constant part (a sum C0 + g(t)C1 has cross terms in its dissipator: write it as two operators
   * only when that is what you mean).
   */
  collapses(xs: readonly CollapseLike[], name = 'c_ops'): Collapse[] {
    return xs.map((x, k) => {
      const at = `${name}[${k}]`;
      if (x instanceof QobjEvo) {
        if (x.isConstant) return this.operator(x.constant, at);
        const c = x.constant.op;
        const zero = c.re.every((v) => v === 0) && c.im.every((v) => v === 0);
        if (x.terms.length !== 1 || !zero) throw new ArgumentError(at, 'a time-dependent collapse operator must be g(t)·C (one term, no constant part)');
        return { op: this.operator(x.terms[0].op, at), coefficient: x.terms[0].coefficient };
      }
      if (x instanceof Qobj || !isTimeDependentCollapse(x)) {
        if (!(x instanceof Qobj) && typeof x === 'object' && x !== null && 'op' in x) throw new ArgumentError(at, 'a time-dependent collapse operator needs a coefficient function (t) => number');
        return this.operator(x as OperatorLike, at);
      }
      return { op: this.operator(x.op as OperatorLike, at), coefficient: x.coefficient };
    });
  }

  /** A density matrix or ket argument (a Qobj bra is refused). */
  state(x: StateLike, name: string): ComplexMatrix | ComplexVector {
    if (x instanceof Qobj) {
      if (x.kind === 'bra') throw new ArgumentError(name, 'expected a ket or a density matrix, got a bra');
      this.note(x, name);
      if (x.kind === 'ket') return x.vector;
      const d = x.op;
      return d instanceof SparseMatrix ? d.toDense() : d;
    }
    return x;
  }

  /** A ket argument (trajectory solvers). */
  ket(x: ComplexVector | Qobj, name: string): ComplexVector {
    if (x instanceof Qobj) {
      if (x.kind !== 'ket') throw new ArgumentError(name, `expected a ket, got a ${x.kind}`);
      this.note(x, name);
      return x.vector;
    }
    return x;
  }
}
