/**
 * A spin system declared in words — spins, constants, Hamiltonian terms,
 * dissipators, initial state, observables — parsed and checked (units
 * included) and turned into operators: what the generic model and the
 * browser app receive, so no model parses expressions itself.
 *
 * Units (SPEC §3): Hamiltonian coefficients are frequencies in Hz and are
 * multiplied by 2π (H in rad/s); dissipator coefficients are rates Γ in s⁻¹
 * and the collapse operator is √Γ · O; times are in s. Terms may depend on
 * the time `t` (s): `2 MHz * cos(2*pi * 10 MHz * t) * Sx`, `(1 MHz/us * t) * Sz`,
 * `"1e4 /s * (1 + square(t, 10 us)) * S-"`; every function argument must be
 * dimensionless and every coefficient a frequency (Hamiltonian) or a rate
 * (dissipators), checked when the scenario is read (coefficient.ts).
 */
import { ProblemError } from '../util/errors.js';
import { SparseMatrix } from '../linalg/sparse.js';
import { Qobj } from '../quantum/qobj.js';
import { QobjEvo, registerCoefficientCompiler, reviveCoefficient, type CoefficientFunction, type CoefficientSource, type QobjEvoTerm } from '../quantum/qobj-evo.js';
import { maximallyMixed, productDensity, productKet, spinKet } from '../quantum/states.js';
import { spinDimension, spinIndex } from '../quantum/spin.js';
import { parseAnyQuantity, SI_UNIT, type QuantityKind } from './units.js';
import { evaluate, parseExpression, parseM, splitRate, valueOperator, type Expr, type ExpressionScope, type ParsedExpression } from './operators.js';
import { dependsOnTime, dimensionOf, expandExpression, formatDimension, scalarCoefficient } from './coefficient.js';

/** A declared system with its expressions parsed (no matrices built yet). */
export interface SystemSpec {
  scope: ExpressionScope;
  dims: number[];
  hamiltonian: { path: string; parsed: ParsedExpression }[];
  /** "RATE * OPERATOR" (rate null) or {rate, op}: a constant rateValue or a rate expression rateParsed (may depend on t). */
  dissipators: { path: string; rate: ParsedExpression | null; rateValue: number | null; rateParsed?: ParsedExpression; op: ParsedExpression }[];
  initial: { path: string; pure: number | null; populations: number[] }[];
  observables: { name: string; path: string; parsed: ParsedExpression }[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function spinValue(v: unknown, path: string): number {
  const s = typeof v === 'number' ? v : typeof v === 'string' ? parseM(v) : null;
  if (s === null || !(s > 0) || !Number.isInteger(2 * s)) throw new ProblemError(path, `expected a spin quantum number such as 1/2, 1 or "3/2", got ${JSON.stringify(v)}`);
  return s;
}

/** Unit kinds allowed in Hamiltonian terms (frequency) or rates (rate), plus times inside functions of t. */
function checkKinds(p: ParsedExpression, allowed: QuantityKind, path: string): void {
  for (const k of p.kinds) {
    if (k.kind !== allowed && k.kind !== 'time') {
      const want = allowed === 'frequency' ? 'frequencies (Hz, kHz, MHz, ...)' : 'rates (/s, /ms, ...)';
      throw new ProblemError(path, `coefficients here are ${want}; got a ${k.kind} (in ${SI_UNIT[k.kind]}) at column ${k.pos + 1} of ${JSON.stringify(p.text)}`);
    }
  }
}

/** The coefficient of an expression must be a frequency (Hamiltonian) or a rate (dissipators): s⁻¹, or plain SI numbers. */
function checkDimension(p: ParsedExpression, scope: ExpressionScope, allowed: QuantityKind, path: string): void {
  const d = dimensionOf(p, scope, path);
  if (d === null || (d[0] === -1 && d[1] === 0 && d[2] === 0 && d[3] === 0)) return;
  const want = allowed === 'frequency' ? 'a frequency (Hz)' : 'a rate (s⁻¹)';
  throw new ProblemError(path, `the coefficient must be ${want}, but ${JSON.stringify(p.text)} has the dimension ${formatDimension(d)}`);
}

function stringList(v: unknown, path: string): { text: string; path: string }[] {
  if (typeof v === 'string') return [{ text: v, path }];
  if (!Array.isArray(v)) throw new ProblemError(path, `expected a list of expressions, got ${JSON.stringify(v)}`);
  return v.map((x, i) => {
    if (typeof x !== 'string') throw new ProblemError(`${path}[${i}]`, `expected an expression string, got ${JSON.stringify(x)}`);
    return { text: x, path: `${path}[${i}]` };
  });
}

/**
 * Check and parse the structured parameters of the generic model (no
 * matrices are built). Errors are ProblemErrors at paths relative to the
 * parameters, e.g. `hamiltonian[1]`.
 */
export function parseSystem(params: Record<string, unknown>): SystemSpec {
  const spinsIn = params.spins;
  if (!isRecord(spinsIn) || Object.keys(spinsIn).length === 0) throw new ProblemError('spins', `expected a mapping such as {I1: 1/2, S: 1}, got ${JSON.stringify(spinsIn)}`);
  const spins: { name: string; s: number }[] = [];
  for (const [name, v] of Object.entries(spinsIn)) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new ProblemError(`spins.${name}`, 'a spin name is a letter followed by letters, digits or _');
    if (name === 'P' || name === 'i' || name === 'pi') throw new ProblemError(`spins.${name}`, `"${name}" is reserved`);
    spins.push({ name, s: spinValue(v, `spins.${name}`) });
  }
  const constants: Record<string, { value: number; kind: QuantityKind | null }> = {};
  const cIn = params.constants ?? {};
  if (!isRecord(cIn)) throw new ProblemError('constants', `expected a mapping such as {Omega: "1 MHz"}, got ${JSON.stringify(cIn)}`);
  for (const [name, v] of Object.entries(cIn)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ProblemError(`constants.${name}`, 'a constant name is a letter followed by letters, digits or _');
    if (spins.some((s) => s.name === name)) throw new ProblemError(`constants.${name}`, `"${name}" is already a spin name`);
    constants[name] = parseAnyQuantity(v, `constants.${name}`);
  }
  const scope: ExpressionScope = { spins, constants, time: true };
  const dims = spins.map((s) => spinDimension(s.s));

  const hamiltonian = stringList(params.hamiltonian ?? [], 'hamiltonian').map(({ text, path }) => {
    const parsed = parseExpression(text, scope, path);
    checkKinds(parsed, 'frequency', path);
    checkDimension(parsed, scope, 'frequency', path);
    return { path, parsed };
  });

  const dIn = params.dissipators ?? [];
  if (!Array.isArray(dIn)) throw new ProblemError('dissipators', `expected a list, got ${JSON.stringify(dIn)}`);
  const dissipators = dIn.map((d, i) => {
    const path = `dissipators[${i}]`;
    if (isRecord(d)) {
      for (const k of Object.keys(d)) if (k !== 'rate' && k !== 'op') throw new ProblemError(`${path}.${k}`, 'unknown field; expected "rate" and "op"');
      if (typeof d.op !== 'string') throw new ProblemError(`${path}.op`, 'expected an operator expression');
      const op = parseExpression(d.op, scope, `${path}.op`);
      checkKinds(op, 'rate', `${path}.op`);
      if (dependsOnTime(op.expr)) throw new ProblemError(`${path}.op`, 'the operator of a dissipator must not depend on t; put the time dependence in "rate"');
      let rateValue: number;
      if (typeof d.rate === 'string' && !/^\s*[+-]?[0-9.]/.test(d.rate) && d.rate.trim() in constants) rateValue = constants[d.rate.trim()].value;
      else if (typeof d.rate === 'string' && /\bt\b/.test(d.rate) && !('t' in constants)) {
        // A rate that depends on t: an expression of dimension s⁻¹.
        const rateParsed = parseExpression(d.rate, scope, `${path}.rate`);
        checkKinds(rateParsed, 'rate', `${path}.rate`);
        checkDimension(rateParsed, scope, 'rate', `${path}.rate`);
        if (splitRate(rateParsed) !== null) throw new ProblemError(`${path}.rate`, 'a rate is a number, not an operator');
        return { path, rate: null, rateValue: null, rateParsed, op };
      } else {
        const q = parseAnyQuantity(d.rate, `${path}.rate`);
        if (q.kind !== null && q.kind !== 'rate') throw new ProblemError(`${path}.rate`, `expected a rate such as "17e3 /s", got ${JSON.stringify(d.rate)}`);
        rateValue = q.value;
      }
      if (!(rateValue >= 0)) throw new ProblemError(`${path}.rate`, `a rate must be ≥ 0, got ${rateValue}`);
      return { path, rate: null, rateValue, op };
    }
    if (typeof d !== 'string') throw new ProblemError(path, `expected "RATE * OPERATOR" or {rate, op}, got ${JSON.stringify(d)}`);
    const parsed = parseExpression(d, scope, path);
    checkKinds(parsed, 'rate', path);
    checkDimension(parsed, scope, 'rate', path);
    return { path, rate: parsed, rateValue: null, op: parsed };
  });

  const iIn = params.initial ?? {};
  if (!isRecord(iIn)) throw new ProblemError('initial', `expected a mapping such as {S: 0, I1: "+1/2"}, got ${JSON.stringify(iIn)}`);
  for (const k of Object.keys(iIn)) if (!spins.some((s) => s.name === k)) throw new ProblemError(`initial.${k}`, `unknown spin; spins are ${spins.map((s) => s.name).join(', ')}`);
  const initial = spins.map((sp) => {
    const path = `initial.${sp.name}`;
    const d = spinDimension(sp.s);
    const v = iIn[sp.name];
    const level = (x: unknown, p: string): number => {
      let m: number | null = typeof x === 'number' ? x : typeof x === 'string' ? parseM(x) : null;
      if (typeof x === 'string' && sp.s === 0.5 && (x === 'up' || x === 'down')) m = x === 'up' ? 0.5 : -0.5;
      if (m === null || !Number.isInteger(sp.s - m) || Math.abs(m) > sp.s) throw new ProblemError(p, `expected a level m of spin ${sp.s} (${levels(sp.s)}), got ${JSON.stringify(x)}`);
      return spinIndex(sp.s, m);
    };
    if (v === undefined || v === 'mixed') return { path, pure: null, populations: new Array(d).fill(1 / d) };
    if (isRecord(v)) {
      const pops = new Array(d).fill(0);
      let sum = 0;
      for (const [mk, pv] of Object.entries(v)) {
        if (typeof pv !== 'number' || !(pv >= 0)) throw new ProblemError(`${path}[${JSON.stringify(mk)}]`, `expected a population ≥ 0, got ${JSON.stringify(pv)}`);
        pops[level(mk, `${path}[${JSON.stringify(mk)}]`)] += pv;
        sum += pv;
      }
      if (!(Math.abs(sum - 1) < 1e-9)) throw new ProblemError(path, `populations must sum to 1, got ${sum}`);
      return { path, pure: null, populations: pops };
    }
    const idx = level(v, path);
    const pops = new Array(d).fill(0);
    pops[idx] = 1;
    return { path, pure: idx, populations: pops };
  });

  const oIn = params.observables ?? [];
  const observables: SystemSpec['observables'] = [];
  if (isRecord(oIn)) {
    for (const [name, v] of Object.entries(oIn)) {
      if (typeof v !== 'string') throw new ProblemError(`observables.${name}`, 'expected an expression string');
      observables.push({ name, path: `observables[${JSON.stringify(name)}]`, parsed: parseExpression(v, scope, `observables[${JSON.stringify(name)}]`) });
    }
  } else if (Array.isArray(oIn)) {
    oIn.forEach((v, i) => {
      const path = `observables[${i}]`;
      if (typeof v !== 'string') throw new ProblemError(path, 'expected an expression string');
      const eq = v.indexOf('=');
      const name = eq >= 0 ? v.slice(0, eq).trim() : v.trim();
      const text = eq >= 0 ? v.slice(eq + 1) : v;
      observables.push({ name, path, parsed: parseExpression(text, scope, path) });
    });
  } else {
    throw new ProblemError('observables', `expected a mapping {name: expression} or a list, got ${JSON.stringify(oIn)}`);
  }
  if (observables.length === 0) {
    for (const s of spins) observables.push({ name: `<${s.name}z>`, path: 'observables', parsed: parseExpression(`${s.name}z`, scope, 'observables') });
  }
  for (const o of observables) if (dependsOnTime(o.parsed.expr)) throw new ProblemError(o.path, 'an observable must not depend on t');
  const seen = new Set<string>();
  for (const o of observables) {
    if (seen.has(o.name)) throw new ProblemError(o.path, `duplicate observable name ${JSON.stringify(o.name)}`);
    seen.add(o.name);
  }
  return { scope, dims, hamiltonian, dissipators, initial, observables };
}

function levels(s: number): string {
  const out: string[] = [];
  for (let m = s; m >= -s; m--) out.push(Number.isInteger(m) ? String(m) : `${m > 0 ? '+' : '-'}${Math.round(Math.abs(2 * m))}/2`);
  return out.join(', ');
}

/**
 * The operators of a parsed system (Qobjs with the spins' dims): the
 * Hamiltonian in rad/s (its constant part `H` and the full `hamiltonian`,
 * a QobjEvo with the time-dependent terms), collapse operators (a Qobj, or a
 * QobjEvo g(t)·C for a rate that depends on t), observables, initial state.
 */
export interface SystemOperators {
  n: number;
  dims: readonly number[];
  /** The constant part of H (all of H when nothing depends on t). */
  H: Qobj;
  /** H(t) = H + Σ f_k(t) H_k. */
  hamiltonian: QobjEvo;
  /** Collapse operators in declaration order. */
  cOps: (Qobj | QobjEvo)[];
  /** True when H or a rate depends on t. */
  timeDependent: boolean;
  eOps: Qobj[];
  /** Product ket when every spin starts in a level, else null. */
  psi0: Qobj | null;
  /** The initial density matrix, built on demand (n×n dense: never formed for a pure start). */
  rho0(): Qobj;
}

/** True when a Hamiltonian term or a rate of the parsed system depends on t. */
export function isTimeDependentSpec(spec: SystemSpec): boolean {
  return spec.hamiltonian.some((h) => dependsOnTime(h.parsed.expr))
    || spec.dissipators.some((d) => d.rateParsed !== undefined || dependsOnTime(d.op.expr));
}

/** Throw unless `term` is Hermitian (relative to max(1, max |entry|)). */
function requireHermitianTerm(term: Qobj, path: string, text: string): void {
  const t = term.op;
  const stored = t instanceof SparseMatrix ? t.nnz : t.re.length;
  let scaleH = 1; // max(1, max |entry|), without spreading 10⁶ arguments onto the stack
  for (let k = 0; k < stored; k++) scaleH = Math.max(scaleH, Math.abs(t.re[k]), Math.abs(t.im[k]));
  if (term.hermitianDefect() > 1e-12 * scaleH) throw new ProblemError(path, `the term is not Hermitian; add "+ h.c." (${JSON.stringify(text)})`);
}

/** g(t) = √rate(t) for a collapse operator √Γ(t)·O; a negative rate is an error naming the time. */
function sqrtRate(rate: CoefficientFunction, path: string): CoefficientFunction {
  const g: CoefficientFunction = (t: number) => {
    const r = rate(t);
    if (!(r >= 0)) throw new RangeError(`${path}: the rate is ${r} s⁻¹ at t = ${t} s; a rate must be ≥ 0`);
    return Math.sqrt(r);
  };
  if (rate.breaks) g.breaks = rate.breaks;
  if (rate.piecewiseConstant) g.piecewiseConstant = rate.piecewiseConstant;
  if (rate.text) g.text = `sqrt(${rate.text})`;
  if (rate.source) g.source = { compiler: 'sqrt-rate', data: { rate: rate.source, path } };
  return g;
}

registerCoefficientCompiler('sqrt-rate', (data) => {
  const d = data as { rate: CoefficientSource; path: string };
  return sqrtRate(reviveCoefficient(d.rate), d.path);
});

/** Build the operators of a parsed system with `src/quantum` (Hz → rad/s for H). */
export function buildSystem(spec: SystemSpec): SystemOperators {
  const dims = spec.dims;
  const n = dims.reduce((a, b) => a * b, 1);
  let H = new Qobj(SparseMatrix.zeros(n), dims);
  const terms: QobjEvoTerm[] = [];
  for (const { path, parsed } of spec.hamiltonian) {
    if (!dependsOnTime(parsed.expr)) {
      const term = valueOperator(evaluate(parsed, spec.scope, path), dims);
      requireHermitianTerm(term, path, parsed.text);
      H = H.add(term.scale(2 * Math.PI));
      continue;
    }
    const x = expandExpression(parsed, spec.scope, path);
    requireHermitianTerm(x.constant, path, parsed.text);
    H = H.add(x.constant.scale(2 * Math.PI));
    for (const g of x.terms) {
      requireHermitianTerm(g.op, path, parsed.text);
      terms.push({ op: g.op.scale(2 * Math.PI), coefficient: g.coefficient });
    }
  }
  const cOps = spec.dissipators.map((d): Qobj | QobjEvo => {
    if (d.rateParsed) {
      const op = valueOperator(evaluate(d.op, spec.scope, `${d.path}.op`), dims);
      return QobjEvo.product(op, sqrtRate(scalarCoefficient(d.rateParsed.expr, d.rateParsed.text, spec.scope, `${d.path}.rate`), `${d.path}.rate`));
    }
    let rate: number;
    let op: Qobj;
    if (d.rateValue !== null) {
      rate = d.rateValue;
      op = valueOperator(evaluate(d.op, spec.scope, `${d.path}.op`), dims);
    } else {
      const split = splitRate(d.op);
      if (split === null) throw new ProblemError(d.path, `expected "RATE * OPERATOR", e.g. "17e3 /s * S-", got ${JSON.stringify(d.op.text)}`);
      let acc: Qobj | null = null;
      for (const f of split.operator) {
        if (dependsOnTime(f)) throw new ProblemError(d.path, `the operator part must not depend on t; write the time dependence as a factor of the rate (${JSON.stringify(d.op.text)})`);
        const m = valueOperator(evaluate({ text: d.op.text, expr: f, kinds: [] }, spec.scope, d.path), dims);
        acc = acc === null ? m : acc.mul(m);
      }
      op = acc!;
      if (split.scalar.some(dependsOnTime)) {
        const product = split.scalar.reduce((a: Expr, b: Expr): Expr => ({ t: 'mul', a, b }));
        return QobjEvo.product(op, sqrtRate(scalarCoefficient(product, d.op.text, spec.scope, d.path), d.path));
      }
      rate = 1;
      for (const f of split.scalar) {
        const v = evaluate({ text: d.op.text, expr: f, kinds: [] }, spec.scope, d.path);
        if (v.op !== null || v.im !== 0) throw new ProblemError(d.path, 'the rate must be a real number');
        rate *= v.re;
      }
      if (!(rate >= 0)) throw new ProblemError(d.path, `the rate must be ≥ 0, got ${rate}`);
    }
    return op.scale(Math.sqrt(rate));
  });
  const eOps = spec.observables.map((o) => valueOperator(evaluate(o.parsed, spec.scope, o.path), dims));
  const allPure = spec.initial.every((x) => x.pure !== null);
  const psi0 = allPure ? new Qobj(productKet(spec.initial.map((x, k) => {
    const s = spec.scope.spins[k].s;
    const k0 = x.pure as number;
    return spinKet(s, s - k0);
  })), dims) : null;
  const rho0 = (): Qobj => new Qobj(productDensity(spec.initial.map((x) => {
    const d = x.populations.length;
    const r = maximallyMixed(d);
    for (let i = 0; i < d; i++) r.re[i * d + i] = x.populations[i];
    return r;
  })), dims);
  const hamiltonian = new QobjEvo(H, terms);
  const timeDependent = terms.length > 0 || cOps.some((c) => c instanceof QobjEvo);
  return { n, dims, H, hamiltonian, cOps, timeDependent, eOps, psi0, rho0 };
}
