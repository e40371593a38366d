/**
 * Symbolic algebra of one collective spin J (fixed total spin j, Casimir J² = N̄ = j(j+1)),
 * used to derive the moment hierarchy of seed 003 (moments.ts).
 *
 * Every operator of one domain is written uniquely as Σ_q K_q P_q(J^z), with
 * K_q = (J^+)^q for q ≥ 0 and (J^−)^{−q} for q < 0, and P_q a polynomial in J^z whose
 * coefficients are polynomials in N̄. Products are reduced with
 *   f(J^z) K_r = K_r f(J^z + r),   J^+J^− = N̄ − (J^z)² + J^z,   J^−J^+ = N̄ − (J^z)² − J^z
 * (the spin-j algebra; e.g. Sakurai & Napolitano, Modern Quantum Mechanics, §3.5).
 * A polynomial is stored as `P[k][a]` = coefficient of (J^z)^k N̄^a.
 */

/** Polynomial in (J^z, N̄): P[k][a] multiplies (J^z)^k N̄^a. */
export type Poly = number[][];

/** One domain's operator: charge q → polynomial P_q(J^z) (the operator Σ_q K_q P_q). */
export type DomainPoly = Map<number, Poly>;

/** The constant polynomial c. */
export function constPoly(c: number): Poly {
  return [[c]];
}

function get(p: Poly, k: number, a: number): number {
  const row = p[k];
  return row && a < row.length ? row[a] : 0;
}

function addInto(p: Poly, k: number, a: number, v: number): void {
  while (p.length <= k) p.push([]);
  const row = p[k];
  while (row.length <= a) row.push(0);
  row[a] += v;
}

/** p + q. */
export function polyAdd(p: Poly, q: Poly, scaleQ = 1): Poly {
  const out: Poly = [];
  p.forEach((row, k) => row.forEach((v, a) => { if (v !== 0) addInto(out, k, a, v); }));
  q.forEach((row, k) => row.forEach((v, a) => { if (v !== 0) addInto(out, k, a, scaleQ * v); }));
  return out;
}

/** p · q. */
export function polyMul(p: Poly, q: Poly): Poly {
  const out: Poly = [];
  p.forEach((rp, k1) => rp.forEach((v1, a1) => {
    if (v1 === 0) return;
    q.forEach((rq, k2) => rq.forEach((v2, a2) => { if (v2 !== 0) addInto(out, k1 + k2, a1 + a2, v1 * v2); }));
  }));
  return out;
}

/** p(J^z + c) by binomial expansion. */
export function polyShift(p: Poly, c: number): Poly {
  if (c === 0) return p.map((r) => r.slice());
  const out: Poly = [];
  p.forEach((row, k) => row.forEach((v, a) => {
    if (v === 0) return;
    // (x + c)^k = Σ_i C(k, i) x^i c^{k−i}
    let binom = 1;
    for (let i = 0; i <= k; i++) {
      addInto(out, i, a, v * binom * c ** (k - i));
      binom = (binom * (k - i)) / (i + 1);
    }
  }));
  return out;
}

/** True if every coefficient is zero. */
export function polyIsZero(p: Poly): boolean {
  return p.every((row) => row.every((v) => v === 0));
}

/** Nonzero entries of p as (k, a, coefficient). */
export function polyTerms(p: Poly): { k: number; a: number; c: number }[] {
  const out: { k: number; a: number; c: number }[] = [];
  p.forEach((row, k) => row.forEach((c, a) => { if (c !== 0) out.push({ k, a, c }); }));
  return out;
}

// J^+J^− = N̄ − x² + x and J^−J^+ = N̄ − x² − x as polynomials in x = J^z.
const PLUS_MINUS: Poly = [[0, 1], [1], [-1]];
const MINUS_PLUS: Poly = [[0, 1], [-1], [-1]];

/** K_q K_r = K_{q+r} R(J^z): returns R (Casimir reduction of opposite ladder powers). */
export function ladderProduct(q: number, r: number): Poly {
  if (q * r >= 0) return constPoly(1);
  if (q > 0) {
    // (J+)^q (J−)^s = (J+)^{q−1} C(J^z) (J−)^{s−1} = K_{q−1}K_{−(s−1)} C(J^z − (s−1))
    const s = -r;
    return polyMul(ladderProduct(q - 1, r + 1), polyShift(PLUS_MINUS, -(s - 1)));
  }
  // (J−)^s (J+)^r = (J−)^{s−1} D(J^z) (J+)^{r−1} = K_{−(s−1)}K_{r−1} D(J^z + r − 1)
  return polyMul(ladderProduct(q + 1, r - 1), polyShift(MINUS_PLUS, r - 1));
}

/** Product of two single-domain operators, reduced to the canonical form Σ_q K_q P_q(J^z). */
export function domainMul(x: DomainPoly, y: DomainPoly): DomainPoly {
  const out: DomainPoly = new Map();
  for (const [q, p] of x) {
    for (const [r, s] of y) {
      // K_q p(J^z) K_r s(J^z) = K_q K_r p(J^z + r) s(J^z)
      const term = polyMul(ladderProduct(q, r), polyMul(polyShift(p, r), s));
      const prev = out.get(q + r);
      out.set(q + r, prev ? polyAdd(prev, term) : term);
    }
  }
  for (const [q, p] of out) if (polyIsZero(p)) out.delete(q);
  return out;
}

/** x − y. */
export function domainSub(x: DomainPoly, y: DomainPoly): DomainPoly {
  const out: DomainPoly = new Map();
  for (const [q, p] of x) out.set(q, p.map((r) => r.slice()));
  for (const [q, p] of y) {
    const prev = out.get(q);
    out.set(q, prev ? polyAdd(prev, p, -1) : polyAdd([], p, -1));
  }
  for (const [q, p] of out) if (polyIsZero(p)) out.delete(q);
  return out;
}

/** Unit operators of one domain: '1', 'z' (J^z), '+' (J^+), '-' (J^−). */
export type Unit = '1' | 'z' | '+' | '-';

/** The single-domain operator of a unit. */
export function unitPoly(u: Unit): DomainPoly {
  switch (u) {
    case '1': return new Map([[0, constPoly(1)]]);
    case 'z': return new Map([[0, [[0], [1]]]]);
    case '+': return new Map([[1, constPoly(1)]]);
    case '-': return new Map([[-1, constPoly(1)]]);
    default: throw new RangeError(`unknown unit '${String(u)}'`);
  }
}

/** [x, y] = xy − yx. */
export function domainCommutator(x: DomainPoly, y: DomainPoly): DomainPoly {
  return domainSub(domainMul(x, y), domainMul(y, x));
}
