/**
 * Time-dependent expressions: `2 MHz * cos(2*pi * 10 MHz * t) * Sx`,
 * `(1 MHz/us * t) * Sz`, or the problem format's `"cos(6.283e7*t)"`.
 *
 * An expression is parsed once (operators.ts), checked for units (every
 * function argument dimensionless, every sum of like dimension, the whole
 * coefficient of the caller's dimension), expanded into
 * O(t) = O_0 + Σ_k f_k(t) O_k with one term per distinct scalar function of t,
 * and each f_k compiled into a tree of closures — never `eval`'d, no
 * `new Function`. Constant subtrees are folded at compile time. The compiled
 * coefficient records the break times of its square and triangle waves and,
 * when its only time dependence is square waves of one period, that it is
 * piecewise constant (the solvers then keep exact propagators).
 */
import { ProblemError } from '../util/errors.js';
import { Qobj } from '../quantum/qobj.js';
import { QobjEvo, registerCoefficientCompiler, type CoefficientFunction } from '../quantum/qobj-evo.js';
import { applyFunction, evaluate, parseExpression, squareWave, triangleWave, type Expr, type ExpressionScope, type ParsedExpression } from './operators.js';
import type { QuantityKind } from './units.js';

// ---------------------------------------------------------------------------------------------
// Dimensions
// ---------------------------------------------------------------------------------------------

/** Exponents of (s, T, K, m); null: a plain number, which takes the dimension its context needs (SI). */
export type Dimension = readonly [number, number, number, number] | null;

const DIM_OF_KIND: Record<QuantityKind, readonly [number, number, number, number]> = {
  frequency: [-1, 0, 0, 0], rate: [-1, 0, 0, 0], time: [1, 0, 0, 0], field: [0, 1, 0, 0], temperature: [0, 0, 1, 0], length: [0, 0, 0, 1],
};

/** "s^-1", "s", "T·s", "dimensionless". */
export function formatDimension(d: Dimension): string {
  if (d === null) return 'a plain number';
  const names = ['s', 'T', 'K', 'm'];
  const parts = d.flatMap((e, k) => (e === 0 ? [] : [e === 1 ? names[k] : `${names[k]}^${e}`]));
  return parts.length === 0 ? 'dimensionless' : parts.join('·');
}

function sameDimension(a: Dimension, b: Dimension): boolean {
  return a === null || b === null || a.every((x, k) => Math.abs(x - b[k]) < 1e-12);
}

function isDimensionless(d: Dimension): boolean {
  return d === null || d.every((x) => x === 0);
}

/** Leftmost source position of a subtree (for messages). */
export function positionOf(e: Expr): number {
  switch (e.t) {
    case 'add': return positionOf(e.terms[0].e);
    case 'hc': return positionOf(e.e);
    case 'mul': return positionOf(e.a);
    case 'neg': return positionOf(e.a);
    case 'div': return positionOf(e.a);
    case 'pow': return positionOf(e.a);
    default: return e.pos;
  }
}

/**
 * The dimension of every node: a quantity's unit, s for `t`, operators
 * dimensionless; sums must agree, function arguments must be dimensionless
 * (triangle/square: t and period of one dimension). Throws a ProblemError
 * at `path` naming the column of the offending subexpression.
 */
export function dimensionOf(parsed: ParsedExpression, scope: ExpressionScope, path: string): Dimension {
  const fail = (pos: number, msg: string): never => {
    throw new ProblemError(path, `${msg} (at column ${pos + 1} of ${JSON.stringify(parsed.text)})`);
  };
  const constantValue = (e: Expr): number | null => {
    try {
      const v = evaluate({ text: parsed.text, expr: e, kinds: [] }, scope, path);
      return v.op === null && v.im === 0 ? v.re : null;
    } catch {
      return null;
    }
  };
  const dim = (e: Expr): Dimension => {
    switch (e.t) {
      case 'num': return e.kind === null ? null : DIM_OF_KIND[e.kind];
      case 'time': return [1, 0, 0, 0];
      case 'spin': case 'proj': case 'pol': case 'id': return null; // operators carry no unit: a factor, like a plain number
      case 'neg': return dim(e.a);
      case 'hc': return dim(e.e);
      case 'add': {
        let acc: Dimension = null;
        for (const { e: x } of e.terms) {
          const d = dim(x);
          if (!sameDimension(acc, d)) fail(positionOf(x), `cannot add ${formatDimension(d)} to ${formatDimension(acc)}`);
          acc = acc ?? d;
        }
        return acc;
      }
      case 'mul': case 'div': {
        const a = dim(e.a), b = dim(e.b);
        if (a === null) return b === null ? null : e.t === 'mul' ? b : (b.map((x) => -x) as unknown as Dimension);
        if (b === null) return a;
        return a.map((x, k) => (e.t === 'mul' ? x + b[k] : x - b[k])) as unknown as Dimension;
      }
      case 'pow': {
        const a = dim(e.a), b = dim(e.b);
        if (!isDimensionless(b)) fail(positionOf(e.b), `an exponent must be dimensionless, got ${formatDimension(b)}`);
        if (isDimensionless(a)) return a;
        const n = constantValue(e.b);
        if (n === null) fail(positionOf(e.b), `a quantity with units (${formatDimension(a)}) needs a constant exponent`);
        return a!.map((x) => x * n!) as unknown as Dimension;
      }
      case 'call': {
        const ds = e.args.map(dim);
        if (e.fn === 'triangle' || e.fn === 'square') {
          if (!sameDimension(ds[0], ds[1])) fail(positionOf(e.args[1]), `the period of ${e.fn} must have the dimension of its first argument (${formatDimension(ds[0])}), got ${formatDimension(ds[1])}`);
          return null;
        }
        if (e.fn === 'abs') return ds[0];
        if (e.fn === 'sqrt') return ds[0] === null ? null : (ds[0].map((x) => x / 2) as unknown as Dimension);
        if (e.fn === 'sign') return null;
        if (!isDimensionless(ds[0])) fail(positionOf(e.args[0]), `the argument of ${e.fn} must be dimensionless, got ${formatDimension(ds[0])}`);
        return null;
      }
    }
  };
  return dim(parsed.expr);
}

/** True when the subtree contains `t`. */
export function dependsOnTime(e: Expr): boolean {
  switch (e.t) {
    case 'time': return true;
    case 'add': return e.terms.some((x) => dependsOnTime(x.e));
    case 'hc': return dependsOnTime(e.e);
    case 'mul': case 'div': return dependsOnTime(e.a) || dependsOnTime(e.b);
    case 'pow': return dependsOnTime(e.a) || dependsOnTime(e.b);
    case 'neg': return dependsOnTime(e.a);
    case 'call': return e.args.some(dependsOnTime);
    default: return false;
  }
}

/** True when the subtree contains a spin operator or the identity (not a scalar). */
function hasOperator(e: Expr): boolean {
  switch (e.t) {
    case 'spin': case 'proj': case 'pol': case 'id': return true;
    case 'add': return e.terms.some((x) => hasOperator(x.e));
    case 'hc': return hasOperator(e.e);
    case 'mul': case 'div': case 'pow': return hasOperator(e.a) || hasOperator(e.b);
    case 'neg': return hasOperator(e.a);
    case 'call': return e.args.some(hasOperator);
    default: return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Compilation of scalar functions of t
// ---------------------------------------------------------------------------------------------

type Fn = (t: number) => number;

/**
 * Compile a real scalar subtree into a closure of t (constant subtrees folded).
 * `constant(e)` evaluates a t-free subtree.
 */
function compile(e: Expr, constant: (e: Expr) => number): Fn {
  if (!dependsOnTime(e)) {
    const c = constant(e);
    return () => c;
  }
  switch (e.t) {
    case 'time': return (t) => t;
    case 'neg': { const a = compile(e.a, constant); return (t) => -a(t); }
    case 'add': {
      const parts = e.terms.map((x) => ({ s: x.sign, f: compile(x.e, constant) }));
      if (parts.length === 2) {
        const [p, q] = parts;
        return (t) => p.s * p.f(t) + q.s * q.f(t);
      }
      return (t) => {
        let acc = 0;
        for (let k = 0; k < parts.length; k++) acc += parts[k].s * parts[k].f(t);
        return acc;
      };
    }
    case 'mul': {
      if (!dependsOnTime(e.a)) { const c = constant(e.a), b = compile(e.b, constant); return (t) => c * b(t); }
      if (!dependsOnTime(e.b)) { const c = constant(e.b), a = compile(e.a, constant); return (t) => a(t) * c; }
      const a = compile(e.a, constant), b = compile(e.b, constant);
      return (t) => a(t) * b(t);
    }
    case 'div': {
      const a = compile(e.a, constant), b = compile(e.b, constant);
      return (t) => a(t) / b(t);
    }
    case 'pow': {
      const a = compile(e.a, constant);
      if (!dependsOnTime(e.b)) {
        const n = constant(e.b);
        if (n === 2) return (t) => { const x = a(t); return x * x; };
        return (t) => a(t) ** n;
      }
      const b = compile(e.b, constant);
      return (t) => a(t) ** b(t);
    }
    case 'call': {
      const a = compile(e.args[0], constant);
      switch (e.fn) {
        case 'sin': return (t) => Math.sin(a(t));
        case 'cos': return (t) => Math.cos(a(t));
        case 'tan': return (t) => Math.tan(a(t));
        case 'exp': return (t) => Math.exp(a(t));
        case 'log': return (t) => Math.log(a(t));
        case 'sqrt': return (t) => Math.sqrt(a(t));
        case 'abs': return (t) => Math.abs(a(t));
        case 'sign': return (t) => Math.sign(a(t));
        case 'tanh': return (t) => Math.tanh(a(t));
        case 'triangle': case 'square': {
          const wave = e.fn === 'triangle' ? triangleWave : squareWave;
          if (!dependsOnTime(e.args[1])) { const p = constant(e.args[1]); return (t) => wave(a(t), p); }
          const p = compile(e.args[1], constant);
          return (t) => wave(a(t), p(t));
        }
        default: { const args = e.args.map((x) => compile(x, constant)); return (t) => applyFunction(e.fn, args.map((f) => f(t))); }
      }
    }
    default:
      throw new RangeError(`compile: unexpected ${e.t} node in a scalar expression`);
  }
}

/**
 * What a compiled coefficient knows about itself: the break times of its
 * square/triangle waves whose first argument is `t` itself, and whether its
 * only time dependence is square waves of one period (piecewise constant).
 */
function describe(e: Expr, constant: (e: Expr) => number): Pick<CoefficientFunction, 'breaks' | 'piecewiseConstant'> {
  const breaks: { spacing: number; offset: number }[] = [];
  let periods = new Set<number>();
  let piecewise = true;
  const walk = (x: Expr): void => {
    switch (x.t) {
      case 'time': piecewise = false; return;
      case 'call':
        if ((x.fn === 'square' || x.fn === 'triangle') && x.args[0].t === 'time' && !dependsOnTime(x.args[1])) {
          const p = Math.abs(constant(x.args[1]));
          if (p > 0 && Number.isFinite(p)) {
            breaks.push({ spacing: p / 2, offset: x.fn === 'square' ? 0 : p / 4 });
            if (x.fn === 'square') periods.add(p);
            else piecewise = false;
            return;
          }
        }
        x.args.forEach(walk);
        return;
      case 'add': x.terms.forEach((y) => walk(y.e)); return;
      case 'hc': walk(x.e); return;
      case 'mul': case 'div': case 'pow': walk(x.a); walk(x.b); return;
      case 'neg': walk(x.a); return;
      default: return;
    }
  };
  walk(e);
  if (periods.size !== 1) piecewise = false;
  const out: Pick<CoefficientFunction, 'breaks' | 'piecewiseConstant'> = {};
  if (breaks.length > 0) out.breaks = breaks;
  if (piecewise) out.piecewiseConstant = { period: [...periods][0], segments: 2 };
  periods = new Set();
  return out;
}

/** A real scalar subtree compiled into a coefficient of t (with its break times and source text). */
export function scalarCoefficient(e: Expr, text: string, scope: ExpressionScope, path: string): CoefficientFunction {
  return coefficientOf(e, text, scope, path);
}

/** A compiled coefficient with its facts and source text. */
function coefficientOf(e: Expr, text: string, scope: ExpressionScope, path: string): CoefficientFunction {
  const constant = (x: Expr): number => {
    const v = evaluate({ text, expr: x, kinds: [] }, scope, path);
    if (v.op !== null) throw new ProblemError(path, `an operator inside a function of t (in ${JSON.stringify(text)})`);
    if (v.im !== 0) throw new ProblemError(path, `a time-dependent coefficient must be real (in ${JSON.stringify(text)})`);
    return v.re;
  };
  const f = compile(e, constant) as CoefficientFunction;
  Object.assign(f, describe(e, constant), { text, source: { compiler: 'expression', data: { e, text, scope, path } } });
  return f;
}

// Rebuilds a compiled expression from its (plain-data) tree, e.g. in a worker thread.
registerCoefficientCompiler('expression', (data) => {
  const d = data as { e: Expr; text: string; scope: ExpressionScope; path: string };
  return coefficientOf(d.e, d.text, d.scope, d.path);
});

// ---------------------------------------------------------------------------------------------
// Expansion O(t) = O_0 + Σ_k f_k(t) O_k
// ---------------------------------------------------------------------------------------------

/** One term: a complex constant times an optional real scalar function of t (a subtree), times an operator (null: 1). */
interface Term {
  re: number;
  im: number;
  fn: Expr | null;
  op: Qobj | null;
}

/** The expanded form of an expression: the constant part and one operator per distinct function of t. */
export interface ExpandedExpression {
  constant: Qobj;
  terms: { coefficient: CoefficientFunction; op: Qobj }[];
}

/**
 * Expand a parsed (time-dependent) operator expression into
 * O_0 + Σ_k f_k(t) O_k on the spins' dims. Scalar subtrees without
 * operators are kept whole as functions of t, so `A * cos(w t) * (Sx + Sz)`
 * is one term; products of sums are distributed.
 */
export function expandExpression(parsed: ParsedExpression, scope: ExpressionScope, path: string): ExpandedExpression {
  const dims = scope.spins.map((s) => Math.round(2 * s.s + 1));
  const text = parsed.text;
  const fail = (pos: number, msg: string): never => {
    throw new ProblemError(path, `${msg} (at column ${pos + 1} of ${JSON.stringify(text)})`);
  };
  const constantValue = (e: Expr): { re: number; im: number } => {
    const v = evaluate({ text, expr: e, kinds: [] }, scope, path);
    if (v.op !== null) return fail(positionOf(e), 'expected a number here, got an operator');
    return { re: v.re, im: v.im };
  };
  const mulFn = (a: Expr | null, b: Expr | null): Expr | null => (a === null ? b : b === null ? a : { t: 'mul', a, b });
  const times = (x: Term, y: Term): Term => ({
    re: x.re * y.re - x.im * y.im, im: x.re * y.im + x.im * y.re, fn: mulFn(x.fn, y.fn),
    op: x.op === null ? y.op : y.op === null ? x.op : x.op.mul(y.op),
  });
  const scaled = (ts: Term[], re: number, im: number): Term[] => ts.map((x) => ({ ...x, re: x.re * re - x.im * im, im: x.re * im + x.im * re }));
  /** A scalar subtree as one term (constant, or a real function of t). */
  const scalar = (e: Expr): Term[] => (dependsOnTime(e) ? [{ re: 1, im: 0, fn: e, op: null }] : [{ ...constantValue(e), fn: null, op: null }]);
  const ex = (e: Expr): Term[] => {
    if (!hasOperator(e)) return scalar(e);
    switch (e.t) {
      case 'spin': case 'proj': case 'pol': case 'id': {
        const v = evaluate({ text, expr: e, kinds: [] }, scope, path);
        return [{ re: 1, im: 0, fn: null, op: v.op ?? Qobj.identity(dims).scale(v.re, v.im) }];
      }
      case 'neg': return scaled(ex(e.a), -1, 0);
      case 'add': return e.terms.flatMap((x) => (x.sign === 1 ? ex(x.e) : scaled(ex(x.e), -1, 0)));
      case 'hc': {
        const ts = ex(e.e);
        return [...ts, ...ts.map((x) => ({ re: x.re, im: -x.im, fn: x.fn, op: x.op === null ? null : x.op.dag() }))];
      }
      case 'mul': {
        const a = ex(e.a), b = ex(e.b);
        return a.flatMap((x) => b.map((y) => times(x, y)));
      }
      case 'div': {
        if (hasOperator(e.b)) return fail(e.pos, 'cannot divide by an operator');
        const a = ex(e.a);
        if (dependsOnTime(e.b)) {
          const inv: Expr = { t: 'div', a: { t: 'num', re: 1, im: 0, kind: null, pos: e.pos }, b: e.b, pos: e.pos };
          return a.map((x) => times(x, { re: 1, im: 0, fn: inv, op: null }));
        }
        const d = constantValue(e.b);
        const m = d.re * d.re + d.im * d.im;
        if (m === 0) return fail(e.pos, 'division by zero');
        return scaled(a, d.re / m, -d.im / m);
      }
      case 'pow': {
        if (dependsOnTime(e.b) || hasOperator(e.b)) return fail(e.pos, 'an operator can only be raised to a constant integer power');
        const n = constantValue(e.b);
        if (n.im !== 0 || !Number.isInteger(n.re) || n.re < 0) return fail(e.pos, 'an operator can only be raised to a non-negative integer power');
        let acc: Term[] = [{ re: 1, im: 0, fn: null, op: null }];
        const a = ex(e.a);
        for (let k = 0; k < n.re; k++) acc = acc.flatMap((x) => a.map((y) => times(x, y)));
        return acc;
      }
      case 'call': return fail(e.pos, `the argument of ${e.fn} must be a number, not an operator`);
      default: return scalar(e);
    }
  };
  const terms = ex(parsed.expr);
  // Group by the function of t (the same subtree object, or equal source text).
  let constant = Qobj.identity(dims).scale(0);
  const groups = new Map<string, { fn: Expr; op: Qobj }>();
  const keyOf = new Map<Expr, string>();
  let counter = 0;
  for (const x of terms) {
    const op = (x.op ?? Qobj.identity(dims)).scale(x.re, x.im);
    if (x.fn === null) { constant = constant.add(op); continue; }
    let key = keyOf.get(x.fn);
    if (key === undefined) { key = `f${counter++}`; keyOf.set(x.fn, key); }
    const g = groups.get(key);
    if (g) g.op = g.op.add(op);
    else groups.set(key, { fn: x.fn, op });
  }
  return {
    constant,
    terms: [...groups.values()].map((g) => ({ coefficient: coefficientOf(g.fn, text, scope, path), op: g.op })),
  };
}

/** An expanded expression as a QobjEvo (its constant part and time-dependent terms). */
export function toQobjEvo(x: ExpandedExpression): QobjEvo {
  return new QobjEvo(x.constant, x.terms);
}

// ---------------------------------------------------------------------------------------------
// The problem format's coefficients
// ---------------------------------------------------------------------------------------------

const PLAIN_SCOPE: ExpressionScope = { spins: [], constants: {}, time: true, plain: true };

/**
 * Parse and compile a coefficient of the problem format: a real expression in
 * `t` (s) with numbers, + − * / ^, parentheses, `pi`, `sin cos tan exp log
 * sqrt abs sign tanh`, `triangle(t, period)`, `square(t, period)`. Anything
 * else is a ProblemError at `path` naming the column of the bad token.
 *
 * @example
 * import { parseCoefficient } from 'spindrift/expression';
 * const f = parseCoefficient('cos(2*pi*1e6*t)^2', 'H_t[0].coeff');
 * f(0.25e-6); // ≈ 0 (cos(π/2)²)
 */
export function parseCoefficient(text: string, path: string): CoefficientFunction {
  if (typeof text !== 'string') throw new ProblemError(path, `expected an expression in t such as "cos(2*pi*1e6*t)", got ${JSON.stringify(text)}`);
  const parsed = parseExpression(text, PLAIN_SCOPE, path);
  return coefficientOf(parsed.expr, text, PLAIN_SCOPE, path);
}
