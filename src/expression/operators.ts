/**
 * The operator expression language of the generic spin-system model.
 *
 * ```
 * expr    := ['+'|'-'] term (('+'|'-') term)* ['+' 'h.c.']
 * term    := unary (('*' | '·' | '×' | '/' | juxtaposition) unary)*     ('/' UNIT: "1 MHz/us")
 * unary   := '-' unary | '+' unary | power
 * power   := primary ['^' unary]
 * primary := NUMBER [UNIT] | "NUMBER UNIT" | 'i' | 'pi' | CONSTANT | 't'
 *          | FUNCTION '(' expr [',' expr] ')'
 *          | SPIN('x'|'y'|'z') | SPIN('+'|'-') | SPIN':|m><m'|' | 'P(' SPIN ')' | 'I'
 *          | '(' expr ')'
 * ```
 * `t` (the time in s) is known only where the caller allows time dependence
 * (`scope.time`); FUNCTION is one of `sin cos tan exp log sqrt abs sign tanh`
 * and the periodic `triangle(t, period)`, `square(t, period)` (see
 * coefficient.ts, which compiles time-dependent expressions). `-x^2` is −(x²).
 * With `scope.plain` (the problem format's coefficients) there are no units,
 * spins, `i`, quoted quantities or `h.c.`: numbers, `t`, `pi`, + − * / ^ and
 * the functions only.
 * `Sz`, `I1x`, `Sp+` are spin components (the suffix follows the spin name
 * directly; write spaces around binary `+`/`-`). `S:|0><-1|` is the
 * transition operator |m=0⟩⟨m=−1| of spin S. `P(I1)` is the polarization
 * ⟨I1z⟩/s (2⟨I1z⟩ for spin 1/2). `h.c.` is the Hermitian conjugate of
 * everything before it. `I` (when no spin is called I) and a bare number
 * added to an operator mean the identity. Numbers may carry a unit
 * (`13 MHz * Sz*I1x`, `"17e3 /s" * S-`); the caller decides which unit kinds
 * are allowed (frequencies in Hamiltonians, rates in dissipators).
 *
 * Parsing produces an AST (checked against the declared spins and constants
 * without building matrices); `evaluate` builds sparse operators (`Qobj`s with
 * dims) on the full space with `src/quantum`.
 */
import { ProblemError, closestName } from '../util/errors.js';
import { Qobj } from '../quantum/qobj.js';
import type { SpinComponent } from '../quantum/spin.js';
import { UNITS, unitKind, type QuantityKind } from './units.js';

/** Declared subsystems and named constants an expression may use. */
export interface ExpressionScope {
  /** Spin names in tensor order with their spin quantum numbers. */
  spins: readonly { name: string; s: number }[];
  /** Named constants (SI values) with the kind of unit they were given in (null: plain number). */
  constants: Readonly<Record<string, { value: number; kind: QuantityKind | null }>>;
  /** Allow the time `t` (s). */
  time?: boolean;
  /** Scalar expressions of the problem format: no units, spins, `i`, quoted quantities or `h.c.`. */
  plain?: boolean;
}

/** Functions of the expression language: name → number of arguments. */
export const FUNCTIONS: Readonly<Record<string, number>> = {
  sin: 1, cos: 1, tan: 1, exp: 1, log: 1, sqrt: 1, abs: 1, sign: 1, tanh: 1, triangle: 2, square: 2,
};

/** Expression tree. */
export type Expr =
  | { t: 'num'; re: number; im: number; kind: QuantityKind | null; pos: number }
  | { t: 'spin'; site: number; which: SpinComponent; pos: number }
  | { t: 'proj'; site: number; m: number; mp: number; pos: number }
  | { t: 'pol'; site: number; pos: number }
  | { t: 'id'; pos: number }
  | { t: 'add'; terms: { sign: 1 | -1; e: Expr }[] }
  | { t: 'hc'; e: Expr }
  | { t: 'mul'; a: Expr; b: Expr }
  | { t: 'div'; a: Expr; b: Expr; pos: number }
  | { t: 'pow'; a: Expr; b: Expr; pos: number }
  | { t: 'neg'; a: Expr }
  | { t: 'time'; pos: number }
  | { t: 'call'; fn: string; args: Expr[]; pos: number };

type Tok =
  | { k: 'num'; v: number; unit: string | null; pos: number }
  | { k: 'str'; v: number; unit: string; pos: number }
  | { k: 'id'; v: string; pos: number }
  | { k: 'ladder'; v: string; sign: '+' | '-'; pos: number }
  | { k: 'proj'; v: string; m: string; mp: string; pos: number }
  | { k: 'hc'; pos: number }
  | { k: 'op'; v: string; pos: number }
  | { k: 'end'; pos: number };

const ALL_UNITS: string[] = (Object.keys(UNITS) as QuantityKind[]).flatMap((k) => Object.keys(UNITS[k])).sort((a, b) => b.length - a.length);

/** Parse a spin projection written as "+1/2", "-1", "0", "1/2", "1.5". */
export function parseM(text: string): number | null {
  const t = text.trim();
  const frac = /^([+-]?)(\d+)\/(\d+)$/.exec(t);
  if (frac) return (frac[1] === '-' ? -1 : 1) * Number(frac[2]) / Number(frac[3]);
  if (/^[+-]?\d+(\.\d+)?$/.test(t)) return Number(t);
  return null;
}

class Parser {
  private toks: Tok[] = [];
  private i = 0;
  private spinIndexByName = new Map<string, number>();
  /** Unit kinds of the quantities used, with their positions (for the caller's checks). */
  readonly kinds: { kind: QuantityKind; pos: number }[] = [];

  constructor(private readonly text: string, private readonly scope: ExpressionScope, private readonly path: string) {
    scope.spins.forEach((s, k) => this.spinIndexByName.set(s.name, k));
    this.tokenize();
  }

  fail(pos: number, msg: string): never {
    throw new ProblemError(this.path, `${msg} (at column ${pos + 1} of ${JSON.stringify(this.text)})`);
  }

  private tokenize(): void {
    const s = this.text;
    let p = 0;
    const isIdStart = (c: string): boolean => /[A-Za-z_]/.test(c);
    const isId = (c: string): boolean => /[A-Za-z0-9_]/.test(c);
    while (p < s.length) {
      const c = s[p];
      if (/\s/.test(c)) { p++; continue; }
      if (s.startsWith('h.c.', p) && !this.scope.plain) { this.toks.push({ k: 'hc', pos: p }); p += 4; continue; }
      if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(s[p + 1] ?? ''))) {
        const m = /^(\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(s.slice(p));
        if (!m) this.fail(p, 'malformed number');
        const start = p;
        p += m[0].length;
        // A unit directly after the number (optionally after spaces), longest match, not followed by an identifier character.
        let q = p;
        while (q < s.length && s[q] === ' ') q++;
        let unit: string | null = null;
        for (const u of this.scope.plain ? [] : ALL_UNITS) {
          if (s.startsWith(u, q) && !(q + u.length < s.length && isId(s[q + u.length]))) {
            // A bare identifier unit (e.g. "s", "T", "A") that names a spin or constant is not a unit.
            if (/^[A-Za-z]/.test(u) && (this.spinIndexByName.has(u) || u in this.scope.constants)) continue;
            unit = u;
            break;
          }
        }
        if (unit !== null) p = q + unit.length;
        this.toks.push({ k: 'num', v: Number(m[0]), unit, pos: start });
        continue;
      }
      if ((c === '"' || c === "'") && !this.scope.plain) {
        const end = s.indexOf(c, p + 1);
        if (end < 0) this.fail(p, 'unterminated quoted quantity');
        const inner = s.slice(p + 1, end);
        const m = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$/.exec(inner);
        if (!m) this.fail(p, `expected a quantity such as "13 MHz" inside the quotes, got ${JSON.stringify(inner)}`);
        this.toks.push({ k: 'str', v: Number(m[1]), unit: m[2], pos: p });
        p = end + 1;
        continue;
      }
      if (isIdStart(c)) {
        let q = p;
        while (q < s.length && isId(s[q])) q++;
        const name = s.slice(p, q);
        if (this.scope.plain) {
          this.toks.push({ k: 'id', v: name, pos: p });
          p = q;
          continue;
        }
        if (s[q] === ':' && this.spinIndexByName.has(name)) {
          const m = /^:\s*\|\s*([+-]?[0-9./]+)\s*>\s*<\s*([+-]?[0-9./]+)\s*\|/.exec(s.slice(q));
          if (!m) this.fail(q, `expected a transition operator such as ${name}:|0><-1| after "${name}:"`);
          this.toks.push({ k: 'proj', v: name, m: m[1], mp: m[2], pos: p });
          p = q + m[0].length;
          continue;
        }
        if (s[q] === ':' && /^:\s*\|/.test(s.slice(q))) {
          this.fail(p, `unknown spin ${JSON.stringify(name)} in the transition operator ${name}:|m><m'|; spins are ${[...this.spinIndexByName.keys()].join(', ')}`);
        }
        if ((s[q] === '+' || s[q] === '-') && this.spinIndexByName.has(name)) {
          this.toks.push({ k: 'ladder', v: name, sign: s[q] as '+' | '-', pos: p });
          p = q + 1;
          continue;
        }
        this.toks.push({ k: 'id', v: name, pos: p });
        p = q;
        continue;
      }
      if ('+-*/^()·×,'.includes(c)) { this.toks.push({ k: 'op', v: c === '·' || c === '×' ? '*' : c, pos: p }); p++; continue; }
      this.fail(p, `unexpected character ${JSON.stringify(c)}`);
    }
    this.toks.push({ k: 'end', pos: s.length });
  }

  private peek(): Tok { return this.toks[this.i]; }
  private next(): Tok { return this.toks[this.i++]; }
  private isOp(v: string): boolean { const t = this.peek(); return t.k === 'op' && t.v === v; }

  parseAll(): Expr {
    if (this.peek().k === 'end') this.fail(0, 'empty expression');
    const e = this.expr();
    const t = this.peek();
    if (t.k !== 'end') {
      const what = t.k === 'id' ? `"${t.v}"` : t.k === 'num' ? 'a number' : 'text';
      const hint = this.scope.plain && t.k === 'id' ? ' (numbers carry no units here: t is in s, values in SI; write * between factors)' : '';
      this.fail(t.pos, t.k === 'op' && t.v === ')' ? 'unmatched ")"' : t.k === 'op' && t.v === ',' ? 'unexpected ","' : `unexpected ${what}${hint}`);
    }
    return e;
  }

  private expr(): Expr {
    const terms: { sign: 1 | -1; e: Expr }[] = [];
    let sign: 1 | -1 = 1;
    if (this.isOp('+')) this.next();
    else if (this.isOp('-')) { this.next(); sign = -1; }
    terms.push({ sign, e: this.term() });
    let hc = false;
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next() as { v: string; pos: number };
      if (this.peek().k === 'hc') {
        const t = this.next();
        if (op.v !== '+') this.fail(t.pos, 'write "+ h.c."');
        hc = true;
        if (this.peek().k !== 'end' && !this.isOp(')')) this.fail(this.peek().pos, '"h.c." must be the last term');
        break;
      }
      terms.push({ sign: op.v === '-' ? -1 : 1, e: this.term() });
    }
    const sum: Expr = terms.length === 1 && terms[0].sign === 1 ? terms[0].e : { t: 'add', terms };
    return hc ? { t: 'hc', e: sum } : sum;
  }

  private startsOperand(t: Tok): boolean {
    return t.k === 'num' || t.k === 'str' || t.k === 'id' || t.k === 'ladder' || t.k === 'proj' || (t.k === 'op' && t.v === '(');
  }

  private term(): Expr {
    let a = this.unary();
    for (;;) {
      if (this.isOp('*')) { this.next(); a = { t: 'mul', a, b: this.unary() }; continue; }
      if (this.isOp('/')) {
        const p = this.next().pos;
        const u = this.peek();
        // "1 MHz/us": a unit symbol right after '/' (unless it names a spin or constant) divides by that unit.
        if (u.k === 'id' && !this.scope.plain && unitKind(u.v) !== null && !this.spinIndexByName.has(u.v) && !(u.v in this.scope.constants) && !(u.v === 't' && this.scope.time)) {
          this.next();
          a = { t: 'div', a, b: this.quantity(1, u.v, u.pos), pos: p };
          continue;
        }
        a = { t: 'div', a, b: this.unary(), pos: p };
        continue;
      }
      if (!this.scope.plain && this.startsOperand(this.peek())) { a = { t: 'mul', a, b: this.unary() }; continue; }
      return a;
    }
  }

  private unary(): Expr {
    if (this.isOp('-')) { this.next(); return { t: 'neg', a: this.unary() }; }
    if (this.isOp('+')) { this.next(); return this.unary(); }
    return this.power();
  }

  private power(): Expr {
    const a = this.primary();
    if (this.isOp('^')) {
      const pos = this.next().pos;
      if (this.peek().k === 'end') this.fail(this.peek().pos, 'expected an exponent after "^"');
      return { t: 'pow', a, b: this.unary(), pos };
    }
    return a;
  }

  /** FUNCTION '(' args ')' after the name token. */
  private call(name: string, pos: number): Expr {
    const arity = FUNCTIONS[name];
    this.next(); // '('
    const args: Expr[] = [this.expr()];
    while (this.isOp(',')) { this.next(); args.push(this.expr()); }
    if (!this.isOp(')')) this.fail(this.peek().pos, this.peek().k === 'end' ? `expected ")" to close ${name}(` : 'expected "," or ")"');
    this.next();
    if (args.length !== arity) this.fail(pos, `${name} takes ${arity === 1 ? 'one argument' : `${arity} arguments (${name}(t, period))`}, got ${args.length}`);
    return { t: 'call', fn: name, args, pos };
  }

  private quantity(v: number, unit: string, pos: number): Expr {
    if (unit === '') return { t: 'num', re: v, im: 0, kind: null, pos };
    const kind = unitKind(unit);
    if (kind === null) {
      const guess = closestName(unit, ALL_UNITS);
      this.fail(pos, `unknown unit ${JSON.stringify(unit)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ''}`);
    }
    this.kinds.push({ kind, pos });
    return { t: 'num', re: v * UNITS[kind][unit], im: 0, kind, pos };
  }

  private site(name: string, pos: number): number {
    const k = this.spinIndexByName.get(name);
    if (k === undefined) this.fail(pos, this.unknownName(name));
    return k;
  }

  private knownNames(): string[] {
    const out: string[] = Object.keys(FUNCTIONS);
    if (this.scope.time) out.push('t');
    for (const s of this.scope.spins) out.push(`${s.name}x`, `${s.name}y`, `${s.name}z`, `${s.name}+`, `${s.name}-`);
    out.push(...Object.keys(this.scope.constants), 'pi', 'i');
    return out;
  }

  private unknownName(name: string): string {
    const guess = closestName(name, this.knownNames());
    const spins = this.scope.spins.map((s) => s.name).join(', ');
    if (this.scope.plain) return `unknown name ${JSON.stringify(name)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ''} (known: t, pi, ${Object.keys(FUNCTIONS).join(', ')})`;
    return `unknown name ${JSON.stringify(name)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ''} (spins: ${spins || 'none'}; an operator is a spin name followed by x, y, z, + or -)`;
  }

  private unknownFunction(name: string): string {
    const guess = closestName(name, Object.keys(FUNCTIONS));
    return `unknown function ${JSON.stringify(name)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ''} (functions: ${Object.keys(FUNCTIONS).join(', ')})`;
  }

  private m(spin: number, text: string, pos: number): number {
    const m = parseM(text);
    const s = this.scope.spins[spin].s;
    if (m === null || !Number.isInteger(s - m) || Math.abs(m) > s) this.fail(pos, `m = ${text} is not a level of spin ${this.scope.spins[spin].name} (s = ${s})`);
    return m;
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.k) {
      case 'num':
        return this.quantity(t.v, t.unit ?? '', t.pos);
      case 'str':
        return this.quantity(t.v, t.unit, t.pos);
      case 'ladder':
        return { t: 'spin', site: this.site(t.v, t.pos), which: t.sign, pos: t.pos };
      case 'proj': {
        const site = this.site(t.v, t.pos);
        return { t: 'proj', site, m: this.m(site, t.m, t.pos), mp: this.m(site, t.mp, t.pos), pos: t.pos };
      }
      case 'op':
        if (t.v === '(') {
          const e = this.expr();
          if (!this.isOp(')')) this.fail(this.peek().pos, 'expected ")"');
          this.next();
          return e;
        }
        return this.fail(t.pos, t.v === ')' ? 'unmatched ")"' : `unexpected "${t.v}"`);
      case 'hc':
        return this.fail(t.pos, '"h.c." must follow "+" as the last term');
      case 'end':
        return this.fail(t.pos, 'unexpected end of expression');
      case 'id': {
        const name = t.v;
        const shadowed = this.spinIndexByName.has(name) || name in this.scope.constants;
        if (!shadowed && Object.prototype.hasOwnProperty.call(FUNCTIONS, name)) {
          if (!this.isOp('(')) this.fail(t.pos, `${name} is a function: write ${name}(…)`);
          return this.call(name, t.pos);
        }
        if (name === 't' && this.scope.time && !shadowed) return { t: 'time', pos: t.pos };
        if (this.scope.plain) {
          if (name === 'pi') return { t: 'num', re: Math.PI, im: 0, kind: null, pos: t.pos };
          return this.fail(t.pos, this.isOp('(') ? this.unknownFunction(name) : this.unknownName(name));
        }
        if (name === 'P' && this.isOp('(')) {
          this.next();
          const a = this.next();
          if (a.k !== 'id') this.fail(a.pos, 'expected a spin name in P(...)');
          const site = this.site(a.v, a.pos);
          if (!this.isOp(')')) this.fail(this.peek().pos, 'expected ")"');
          this.next();
          return { t: 'pol', site, pos: t.pos };
        }
        if (name in this.scope.constants) {
          const c = this.scope.constants[name];
          if (c.kind !== null) this.kinds.push({ kind: c.kind, pos: t.pos });
          return { t: 'num', re: c.value, im: 0, kind: c.kind, pos: t.pos };
        }
        if (this.spinIndexByName.has(name)) this.fail(t.pos, `"${name}" is a spin; write a component (${name}x, ${name}y, ${name}z, ${name}+, ${name}-) or a transition ${name}:|m><m'|`);
        const base = name.slice(0, -1), comp = name.slice(-1);
        if ((comp === 'x' || comp === 'y' || comp === 'z') && this.spinIndexByName.has(base)) {
          return { t: 'spin', site: this.spinIndexByName.get(base)!, which: comp, pos: t.pos };
        }
        if (name === 'i') return { t: 'num', re: 0, im: 1, kind: null, pos: t.pos };
        if (name === 'pi') return { t: 'num', re: Math.PI, im: 0, kind: null, pos: t.pos };
        if (name === 'I') return { t: 'id', pos: t.pos };
        return this.fail(t.pos, this.isOp('(') ? this.unknownFunction(name) : this.unknownName(name));
      }
    }
  }
}

/** Result of parsing: the tree and the unit kinds of the quantities it uses. */
export interface ParsedExpression {
  text: string;
  expr: Expr;
  kinds: { kind: QuantityKind; pos: number }[];
}

/**
 * Parse `text` in `scope`. Errors are `ProblemError`s at `path` naming the
 * column, with closest-name suggestions for unknown spins and constants.
 */
export function parseExpression(text: string, scope: ExpressionScope, path: string): ParsedExpression {
  const p = new Parser(text, scope, path);
  const expr = p.parseAll();
  return { text, expr, kinds: p.kinds };
}

/** A value: a complex scalar, or an operator (a `Qobj` with the declared spins' dims). */
export type Value = { op: null; re: number; im: number } | { op: Qobj; re: 0; im: 0 };

function scalarTimes(v: Value, re: number, im: number): Value {
  if (v.op === null) return { op: null, re: v.re * re - v.im * im, im: v.re * im + v.im * re };
  return { op: v.op.scale(re, im), re: 0, im: 0 };
}

/**
 * Evaluate a parsed expression: scalars stay scalars, anything with an
 * operator becomes a sparse `Qobj` on the full space (dims = 2s+1 per spin,
 * tensor order as declared). Throws ProblemError at `path` for division by
 * an operator or zero.
 */
export function evaluate(parsed: ParsedExpression, scope: ExpressionScope, path: string): Value {
  const dims = scope.spins.map((s) => Math.round(2 * s.s + 1));
  const fail = (pos: number, msg: string): never => {
    throw new ProblemError(path, `${msg} (at column ${pos + 1} of ${JSON.stringify(parsed.text)})`);
  };
  const asOp = (v: Value): Qobj => (v.op !== null ? v.op : Qobj.identity(dims).scale(v.re, v.im));
  const operator = (op: Qobj): Value => ({ op, re: 0, im: 0 });
  const ev = (e: Expr): Value => {
    switch (e.t) {
      case 'num':
        return { op: null, re: e.re, im: e.im };
      case 'spin':
        return operator(Qobj.spin(scope.spins[e.site].s, e.which).on(e.site, dims));
      case 'proj':
        return operator(Qobj.projector(scope.spins[e.site].s, e.m, e.mp).on(e.site, dims));
      case 'pol': {
        const s = scope.spins[e.site].s;
        return operator(Qobj.spin(s, 'z').on(e.site, dims).scale(1 / s));
      }
      case 'id':
        return operator(Qobj.identity(dims));
      case 'neg':
        return scalarTimes(ev(e.a), -1, 0);
      case 'add': {
        let acc: Value | null = null;
        for (const { sign, e: x } of e.terms) {
          const v = scalarTimes(ev(x), sign, 0);
          if (acc === null) acc = v;
          else if (acc.op === null && v.op === null) acc = { op: null, re: acc.re + v.re, im: acc.im + v.im };
          else acc = operator(asOp(acc).add(asOp(v)));
        }
        return acc!;
      }
      case 'hc': {
        const v = ev(e.e);
        if (v.op === null) return { op: null, re: 2 * v.re, im: 0 };
        return operator(v.op.add(v.op.dag()));
      }
      case 'mul': {
        const a = ev(e.a), b = ev(e.b);
        if (a.op === null) return scalarTimes(b, a.re, a.im);
        if (b.op === null) return scalarTimes(a, b.re, b.im);
        return operator(a.op.mul(b.op));
      }
      case 'div': {
        const a = ev(e.a), b = ev(e.b);
        if (b.op !== null) return fail(e.pos, 'cannot divide by an operator');
        const d = b.re * b.re + b.im * b.im;
        if (d === 0) return fail(e.pos, 'division by zero');
        return scalarTimes(a, b.re / d, -b.im / d);
      }
      case 'pow': {
        const a = ev(e.a), b = ev(e.b);
        if (b.op !== null || b.im !== 0) return fail(e.pos, 'the exponent must be a real number');
        const n = b.re;
        if (a.op === null) {
          if (a.im !== 0) {
            if (!Number.isInteger(n)) return fail(e.pos, 'a complex number can only be raised to an integer power');
            return { op: null, ...complexPow(a.re, a.im, n) };
          }
          return { op: null, re: a.re ** n, im: 0 };
        }
        if (!Number.isInteger(n) || n < 0) return fail(e.pos, 'an operator can only be raised to a non-negative integer power');
        let acc = Qobj.identity(dims);
        for (let k = 0; k < n; k++) acc = acc.mul(a.op);
        return operator(acc);
      }
      case 'time':
        return fail(e.pos, 'this expression must not depend on t');
      case 'call': {
        const args = e.args.map((x) => {
          const v = ev(x);
          if (v.op !== null || v.im !== 0) return fail(e.pos, `the argument of ${e.fn} must be a real number`);
          return v.re;
        });
        return { op: null, re: applyFunction(e.fn, args), im: 0 };
      }
    }
  };
  return ev(parsed.expr);
}

/** The operator of a value (a scalar x becomes x·I on `dims`). */
export function valueOperator(v: Value, dims: readonly number[]): Qobj {
  return v.op !== null ? v.op : Qobj.identity(dims).scale(v.re, v.im);
}

/**
 * The functions of the language on real numbers. triangle(t, P) and
 * square(t, P) have the phase of sin(2πt/P): triangle is 0 at t = 0, +1 at
 * P/4, −1 at 3P/4; square is +1 on [0, P/2) and −1 on [P/2, P).
 */
export function applyFunction(fn: string, a: readonly number[]): number {
  const x = a[0];
  switch (fn) {
    case 'sin': return Math.sin(x);
    case 'cos': return Math.cos(x);
    case 'tan': return Math.tan(x);
    case 'exp': return Math.exp(x);
    case 'log': return Math.log(x);
    case 'sqrt': return Math.sqrt(x);
    case 'abs': return Math.abs(x);
    case 'sign': return Math.sign(x);
    case 'tanh': return Math.tanh(x);
    case 'triangle': return triangleWave(x, a[1]);
    case 'square': return squareWave(x, a[1]);
    default: throw new RangeError(`unknown function ${fn}`);
  }
}

/** Triangle wave of period p with the phase of sin(2πt/p), values in [−1, 1]. */
export function triangleWave(t: number, p: number): number {
  const u = t / p - Math.floor(t / p); // [0, 1)
  return u < 0.25 ? 4 * u : u < 0.75 ? 2 - 4 * u : 4 * u - 4;
}

/** Square wave of period p: +1 on [0, p/2), −1 on [p/2, p) (modulo p). */
export function squareWave(t: number, p: number): number {
  const u = t / p - Math.floor(t / p);
  return u < 0.5 ? 1 : -1;
}

function complexPow(re: number, im: number, n: number): { re: number; im: number } {
  let r = 1, i = 0;
  const k = Math.abs(n);
  for (let q = 0; q < k; q++) [r, i] = [r * re - i * im, r * im + i * re];
  if (n < 0) { const d = r * r + i * i; return { re: r / d, im: -i / d }; }
  return { re: r, im: i };
}

/**
 * Split a product into its scalar factors and its operator factors, e.g.
 * `17e3 /s * S:|0><-1|` → scalar 17e3, operator S:|0><-1|. Used for
 * dissipators "RATE * OPERATOR" (the collapse operator is √RATE · OPERATOR).
 * Returns null when the expression is not a single product containing an
 * operator.
 */
export function splitRate(parsed: ParsedExpression): { scalar: Expr[]; operator: Expr[] } | null {
  const factors: Expr[] = [];
  const flat = (e: Expr): void => {
    if (e.t === 'mul') { flat(e.a); flat(e.b); } else factors.push(e);
  };
  flat(parsed.expr);
  const isScalar = (e: Expr): boolean => {
    switch (e.t) {
      case 'num': return true;
      case 'neg': return isScalar(e.a);
      case 'pow': return isScalar(e.a) && isScalar(e.b);
      case 'time': return true;
      case 'call': return true;
      case 'mul': case 'div': return isScalar(e.a) && isScalar(e.b);
      case 'add': return e.terms.every((x) => isScalar(x.e));
      case 'hc': return isScalar(e.e);
      default: return false;
    }
  };
  const scalar = factors.filter(isScalar);
  const operator = factors.filter((f) => !isScalar(f));
  if (operator.length === 0) return null;
  return { scalar, operator };
}
