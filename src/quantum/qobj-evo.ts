/**
 * `QobjEvo`: a time-dependent operator O(t) = O_0 + Σ_k f_k(t) O_k (QuTiP's
 * `QobjEvo` in list form `[O0, [O1, f1], …]`), with real coefficient
 * functions f_k of the time in s. Hamiltonians are in rad/s; a collapse
 * operator of the form g(t)·C (rate folded into g, units s^-1/2) is a
 * `QobjEvo` with one term and no constant part.
 *
 * A coefficient is any JavaScript function `(t) => number`; the expression
 * layer (src/expression/coefficient.ts) compiles strings into such functions
 * and attaches what it knows about them (`CoefficientFunction.breaks`,
 * `.piecewiseConstant`), which the solvers use to step onto kinks and to keep
 * exact propagators for piecewise-constant drives.
 */
import type { Operator } from '../linalg/operator.js';
import { Qobj, formatDims, sameDims } from './qobj.js';

/**
 * A real coefficient f(t) (t in s). Optional facts a solver may use:
 * - `breaks`: f is smooth between the times offset + k·spacing (k integer), e.g. the
 *   jumps of a square wave or the corners of a triangle wave;
 * - `piecewiseConstant`: f is constant on [k·period/segments, (k+1)·period/segments)
 *   and periodic with `period` (times from t = 0);
 * - `text`: the expression it was compiled from (for messages and statistics).
 */
export interface CoefficientFunction {
  (t: number): number;
  breaks?: readonly { spacing: number; offset: number }[];
  piecewiseConstant?: { period: number; segments: number };
  text?: string;
  /** Plain data from which a registered compiler rebuilds this function (e.g. in a worker thread). */
  source?: CoefficientSource;
}

/** A coefficient as data: the name of a registered compiler and its input (structured-clonable). */
export interface CoefficientSource {
  compiler: string;
  data: unknown;
}

const COMPILERS = new Map<string, (data: unknown) => CoefficientFunction>();

/**
 * Register how coefficients of one kind are rebuilt from their source (the
 * expression layer registers its compiled expressions and splines when loaded).
 */
export function registerCoefficientCompiler(name: string, compile: (data: unknown) => CoefficientFunction): void {
  COMPILERS.set(name, compile);
}

/** Rebuild a coefficient from its source. @throws Error when no compiler of that name is registered. */
export function reviveCoefficient(source: CoefficientSource): CoefficientFunction {
  const compile = COMPILERS.get(source.compiler);
  if (!compile) throw new Error(`no coefficient compiler '${source.compiler}' is registered in this thread`);
  return compile(source.data);
}

/** One time-dependent term f(t)·O of a QobjEvo. */
export interface QobjEvoTerm {
  op: Qobj;
  coefficient: CoefficientFunction;
}

/**
 * O(t) = constant + Σ_k f_k(t) op_k (see the module comment). All operators
 * share the constant part's dims.
 *
 * @example
 * import { Qobj, QobjEvo } from 'spindrift';
 * // A σx drive of 1 MHz Rabi frequency at 10 MHz, without the rotating-wave approximation:
 * const sx = Qobj.spin(1 / 2, 'x'), sz = Qobj.spin(1 / 2, 'z');
 * const H = QobjEvo.from([sz.scale(2 * Math.PI * 10e6), [sx.scale(2 * Math.PI * 2e6), (t) => Math.cos(2 * Math.PI * 10e6 * t)]]);
 * H.at(0).isHermitian(); // true
 */
export class QobjEvo {
  readonly constant: Qobj;
  readonly terms: readonly QobjEvoTerm[];

  /** @throws RangeError when an operator is not an operator or its dims differ from the constant part's. */
  constructor(constant: Qobj, terms: readonly QobjEvoTerm[] = []) {
    if (constant.kind !== 'oper') throw new RangeError(`QobjEvo: the constant part must be an operator, got a ${constant.kind}`);
    terms.forEach((term, k) => {
      if (term.op.kind !== 'oper') throw new RangeError(`QobjEvo: term ${k} must be an operator, got a ${term.op.kind}`);
      if (!sameDims(term.op.dims, constant.dims)) throw new RangeError(`QobjEvo: term ${k} has dims ${formatDims(term.op.dims)}, the constant part ${formatDims(constant.dims)}`);
      if (typeof term.coefficient !== 'function') throw new RangeError(`QobjEvo: term ${k} needs a coefficient function (t) => number`);
    });
    this.constant = constant;
    this.terms = Object.freeze([...terms]);
  }

  /**
   * QuTiP's list form: operators (constant) and [operator, coefficient] pairs,
   * e.g. `QobjEvo.from([H0, [H1, (t) => Math.cos(w * t)]])`. Constant entries are summed.
   */
  static from(list: readonly (Qobj | readonly [Qobj, CoefficientFunction])[]): QobjEvo {
    const constants = list.filter((x): x is Qobj => x instanceof Qobj);
    const pairs = list.filter((x): x is readonly [Qobj, CoefficientFunction] => !(x instanceof Qobj));
    const first = constants[0] ?? pairs[0]?.[0];
    if (first === undefined) throw new RangeError('QobjEvo.from: empty list');
    const constant = constants.length > 0 ? Qobj.sum(constants) : first.scale(0);
    return new QobjEvo(constant, pairs.map(([op, coefficient]) => ({ op, coefficient })));
  }

  /** A collapse operator g(t)·C: no constant part, one term. */
  static product(op: Qobj, coefficient: CoefficientFunction): QobjEvo {
    return new QobjEvo(op.scale(0), [{ op, coefficient }]);
  }

  get dims(): readonly number[] {
    return this.constant.dims;
  }

  get size(): number {
    return this.constant.size;
  }

  /** True when there are no time-dependent terms. */
  get isConstant(): boolean {
    return this.terms.length === 0;
  }

  /** O(t) as one Qobj (allocates). */
  at(t: number): Qobj {
    let acc = this.constant;
    for (const term of this.terms) acc = acc.add(term.op.scale(term.coefficient(t)));
    return acc;
  }

  /** This plus another constant or time-dependent operator (same dims). */
  add(other: Qobj | QobjEvo): QobjEvo {
    if (other instanceof Qobj) return new QobjEvo(this.constant.add(other), this.terms);
    return new QobjEvo(this.constant.add(other.constant), [...this.terms, ...other.terms]);
  }

  /** Every part is Hermitian (so O(t) is Hermitian for every real coefficient). */
  isHermitian(tol = 1e-12): boolean {
    return this.constant.isHermitian(tol) && this.terms.every((x) => x.op.isHermitian(tol));
  }

  toString(): string {
    return `QobjEvo(dims ${formatDims(this.dims)}, ${this.terms.length} time-dependent term(s))`;
  }
}

/** A time-dependent collapse operator g(t)·C on plain matrices: the dissipator is |g(t)|² D[C]. */
export interface TimeDependentCollapse {
  op: Operator;
  coefficient: CoefficientFunction;
}

/** Type guard for a plain time-dependent collapse operator. */
export function isTimeDependentCollapse(c: unknown): c is TimeDependentCollapse {
  return typeof c === 'object' && c !== null && 'op' in c && 'coefficient' in c && typeof (c as { coefficient: unknown }).coefficient === 'function';
}

/**
 * The break times of the coefficients in (t0, t1), sorted and unique
 * (at most `limit` of them; null when there are more — the integrator then
 * relies on its error control alone).
 */
export function coefficientBreaks(coefficients: readonly CoefficientFunction[], t0: number, t1: number, limit = 1e6): number[] | null {
  const out: number[] = [];
  for (const f of coefficients) {
    for (const b of f.breaks ?? []) {
      if (!(b.spacing > 0) || !Number.isFinite(b.spacing)) continue;
      const count = (t1 - t0) / b.spacing;
      if (count > limit || out.length + count > limit) return null;
      for (let k = Math.ceil((t0 - b.offset) / b.spacing); ; k++) {
        const t = b.offset + k * b.spacing;
        if (t >= t1) break;
        if (t > t0) out.push(t);
      }
    }
  }
  out.sort((a, b) => a - b);
  return out.filter((t, i) => i === 0 || t !== out[i - 1]);
}
