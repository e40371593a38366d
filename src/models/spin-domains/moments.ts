/**
 * Mean-field (cumulant) equations of seed 003 for any number of domains, generated from
 * the moment hierarchy of Eq. 3 (Supplemental Material §I, Eqs. S1–S3 and S11).
 *
 * Derivation. For an operator O the adjoint master equation gives, per reservoir i with
 * L = J_i^− + J_{i+1}^− (rate γ_i(n̄+1)) and, for thermal reservoirs, L = J_i^+ + J_{i+1}^+
 * (rate γ_i n̄):
 *   d⟨O⟩/dt ∋ rate · ⟨L†OL − ½{L†L, O}⟩ = rate · ½ Σ_{e,d} ⟨L_e†[O, L_d] + [L_e†, O] L_d⟩,
 * where L_d is the single-domain part of L on domain d ∈ {i, i+1}. The products are reduced
 * exactly with the spin-j algebra of each domain (spin-algebra.ts).
 *
 * Variables. O ranges over "unit products": each domain contributes 1, J^z, J^+ or J^−, with
 * as many J^+ as J^− (the dynamics conserves the excitation number). Charged products enter
 * as X + X† — for three domains these are the paper's A = J1+J2− + h.c., B, C, J1zB, J3zA, J2zC,
 * and with J_i^z, J_i^zJ_j^z, J1zJ2zJ3z the 13 variables of S3; for two domains the 4 of S11.
 * The state is assumed real in the Dicke basis (true for products of Dicke states, and
 * preserved by Eq. 3 without the Hamiltonian, which does not affect these moments), so
 * ⟨X⟩ = ⟨X†⟩ = ½⟨X + X†⟩.
 *
 * Closure (S1, stated for three domains, applied here to any M):
 *  1. Within a domain, powers beyond a single unit are factorized with symmetric ordering,
 *     ⟨½{J_i^z, Y}⟩ ≈ ⟨J_i^z⟩⟨Y⟩; e.g. ⟨(J_i^z)²⟩ ≈ ⟨J_i^z⟩², ⟨(J_i^z)²J_j^z⟩ ≈ ⟨J_i^z⟩⟨J_i^zJ_j^z⟩,
 *     ⟨J_1^z A⟩ ≈ ⟨J_1^z⟩⟨A⟩. (The symmetric ordering is what reproduces S11 exactly.)
 *  2. When a reservoir moves an excitation between two domains (a J^z of O is turned into
 *     J_d^∓ and the partner operator lands on another domain e that already carries a
 *     ladder operator of O), the new flip-flop pair is factorized from the rest of O:
 *     ⟨(O without its J_d^z) · (J_e^± J_d^∓)⟩ ≈ ⟨O without J_d^z⟩⟨J_e^± J_d^∓⟩. This is the
 *     factorization behind the −⟨C⟩(⟨A⟩ + ⟨B⟩)/2 term of d⟨J2zC⟩/dt in S3.
 *  3. Anything still beyond unit products (a ladder power |q| ≥ 2 in one domain; this
 *     happens only for M ≥ 4) is split into nearest flip-flop pairs ⟨J_i^± J_j^∓⟩ and the rest
 *     (counted in `fallbackFactorizations`).
 * Expectation values that involve several domains at most linearly are never factorized
 * (S1: "we do not factorize expectation values that involve operators of all three domains").
 */
import { domainCommutator, domainMul, polyTerms, unitPoly, type DomainPoly, type Unit } from './spin-algebra.js';

/** A unit product, one character per domain from '1', 'z', '+', '-'. */
export type UnitKey = string;

/** A closed-equation term: coef · γ_channel·(n̄+1 or n̄) · Π N̄_i · Π ⟨variables⟩. */
export interface ClosedTerm {
  coef: number;
  /** Indices into `variables` (with repetition). */
  vars: number[];
  /** Domains whose N̄_i = j_i(j_i + 1) multiply the term (with repetition). */
  nbar: number[];
  /** Reservoir index i (0-based) of γ_i. */
  channel: number;
  /** 'emission': rate γ_i(n̄+1); 'absorption': rate γ_i n̄. */
  kind: 'emission' | 'absorption';
}

export interface MeanFieldSystem {
  domains: number;
  /** Canonical unit products; charged ones stand for X + X†. */
  variables: UnitKey[];
  /** rhs[v]: d⟨variable v⟩/dt = Σ terms. */
  rhs: ClosedTerm[][];
  /** Number of times closure rule 3 was needed. */
  fallbackFactorizations: number;
}

/** Charge of a unit product (#J^+ − #J^−). */
function charge(key: string): number {
  let q = 0;
  for (const c of key) q += c === '+' ? 1 : c === '-' ? -1 : 0;
  return q;
}

function conjugateKey(key: string): string {
  let out = '';
  for (const c of key) out += c === '+' ? '-' : c === '-' ? '+' : c;
  return out;
}

/** Canonical representative: the first ladder operator is J^+. */
export function canonicalKey(key: string): string {
  for (const c of key) {
    if (c === '+') return key;
    if (c === '-') return conjugateKey(key);
  }
  return key;
}

/** True if the unit product contains ladder operators (then the variable is X + X†). */
export function isCharged(key: string): boolean {
  return key.includes('+') || key.includes('-');
}

/** One partially closed term: coefficient, N̄ factors and variable keys (before indexing). */
interface RawClosed {
  coef: number;
  nbar: number[];
  vars: string[];
}

/** Per-domain canonical monomial: charge q, power k of x = J^z + q/2, power a of N̄. */
interface DomainMono {
  q: number;
  k: number;
  a: number;
}

/** ⟨unit product⟩ in terms of the variables: ½⟨X + X†⟩ for charged products. */
function unitExpectation(units: Unit[]): RawClosed {
  const key = units.join('');
  if (/^1*$/.test(key)) return { coef: 1, nbar: [], vars: [] };
  if (isCharged(key)) return { coef: 0.5, nbar: [], vars: [canonicalKey(key)] };
  return { coef: 1, nbar: [], vars: [key] };
}

function multiplyClosed(a: RawClosed[], b: RawClosed[]): RawClosed[] {
  const out: RawClosed[] = [];
  for (const x of a) for (const y of b) out.push({ coef: x.coef * y.coef, nbar: [...x.nbar, ...y.nbar], vars: [...x.vars, ...y.vars] });
  return out;
}

/**
 * Expand a product of single-domain operators into canonical monomials K_q x^k N̄^a per domain
 * (x = J^z + q/2, the symmetric-ordering variable: ½{J^z, K_q x^k} = K_q x^{k+1}).
 */
function expandProduct(factors: DomainPoly[], coef: number): { coef: number; monos: DomainMono[] }[] {
  let acc: { coef: number; monos: DomainMono[] }[] = [{ coef, monos: [] }];
  for (const f of factors) {
    const local: { c: number; mono: DomainMono }[] = [];
    for (const [q, p] of f) {
      for (const { k, a, c } of polyTerms(p)) {
        // (J^z)^k = (x − q/2)^k = Σ_i C(k, i) x^i (−q/2)^{k−i}
        let binom = 1;
        for (let i = 0; i <= k; i++) {
          const v = c * binom * (-q / 2) ** (k - i);
          if (v !== 0) local.push({ c: v, mono: { q, k: i, a } });
          binom = (binom * (k - i)) / (i + 1);
        }
      }
    }
    const next: { coef: number; monos: DomainMono[] }[] = [];
    for (const t of acc) for (const l of local) next.push({ coef: t.coef * l.c, monos: [...t.monos, l.mono] });
    acc = next;
  }
  return acc;
}

/** Closure rules 1 and 3 on one canonical monomial. */
function closeMonomial(coef: number, monos: DomainMono[], counter: { fallback: number }): RawClosed[] {
  const nbar: number[] = [];
  const vars: string[] = [];
  const q = monos.map((m) => m.q);
  const k = monos.map((m) => m.k);
  monos.forEach((m, i) => { for (let r = 0; r < m.a; r++) nbar.push(i); });
  const zKey = (i: number) => monos.map((_, j) => (j === i ? 'z' : '1')).join('');
  // Rule 1: peel J_i^z symmetrically until each domain holds a single unit.
  for (let i = 0; i < monos.length; i++) {
    while ((q[i] !== 0 && k[i] >= 1) || (q[i] === 0 && k[i] >= 2)) {
      vars.push(zKey(i));
      k[i]--;
    }
  }
  // Rule 3: split ladder powers |q| ≥ 2 into flip-flop pairs with the nearest opposite charge.
  let c = coef;
  for (;;) {
    const i = q.findIndex((v) => Math.abs(v) >= 2);
    if (i < 0) break;
    const s = Math.sign(q[i]);
    let j = -1, best = Infinity;
    q.forEach((v, jj) => { if (jj !== i && Math.sign(v) === -s && Math.abs(jj - i) < best) { best = Math.abs(jj - i); j = jj; } });
    if (j < 0) throw new Error('moments: unbalanced ladder charges (internal error)');
    counter.fallback++;
    const pair = monos.map((_, d) => (d === i ? (s > 0 ? '+' : '-') : d === j ? (s > 0 ? '-' : '+') : '1')) as Unit[];
    const e = unitExpectation(pair);
    c *= e.coef;
    vars.push(...e.vars);
    q[i] -= s;
    q[j] += s;
  }
  const units = q.map((v, i): Unit => (v > 0 ? '+' : v < 0 ? '-' : k[i] === 1 ? 'z' : '1'));
  const e = unitExpectation(units);
  return [{ coef: c * e.coef, nbar, vars: [...vars, ...e.vars] }];
}

/** Close a full product of single-domain operators (rules 1 and 3). */
function closeProduct(factors: DomainPoly[], coef: number, counter: { fallback: number }): RawClosed[] {
  const out: RawClosed[] = [];
  for (const t of expandProduct(factors, coef)) out.push(...closeMonomial(t.coef, t.monos, counter));
  return out;
}

/**
 * One term of the Heisenberg equation of a unit product O for one reservoir, before closure:
 * `product` is the exact operator (one factor per domain) with coefficient `coef`; `pair`,
 * if set, is the factorization of closure rule 2 (rest of O, new flip-flop pair).
 */
export interface HeisenbergTerm {
  coef: number;
  product: DomainPoly[];
  pair?: { rest: Unit[]; pairUnits: Unit[]; pairCoef: number };
}

/**
 * Exact Heisenberg terms of a unit product O for the reservoir between domains `channel` and
 * `channel + 1`: ½ Σ_{e,d} (L_e†[O, L_d] + [L_e†, O]L_d) with L_d = J_d^− ('emission') or
 * J_d^+ ('absorption'). The sum of coef·product over the returned terms is the exact
 * L†OL − ½{L†L, O} (checked against matrices in the tests).
 */
export function heisenbergTerms(units: readonly Unit[], channel: number, kind: 'emission' | 'absorption'): HeisenbergTerm[] {
  const lUnit: Unit = kind === 'emission' ? '-' : '+';
  const lDagUnit: Unit = kind === 'emission' ? '+' : '-';
  const l = unitPoly(lUnit), lDag = unitPoly(lDagUnit);
  const pair = [channel, channel + 1];
  const out: HeisenbergTerm[] = [];
  const isLadder = (u: Unit) => u === '+' || u === '-';
  for (const e of pair) {
    for (const d of pair) {
      // Type 1: L_e† · O[u_d → [u_d, L_d]].
      {
        const comm = domainCommutator(unitPoly(units[d]), l);
        if (comm.size > 0) {
          const product = units.map((u) => unitPoly(u));
          product[d] = comm;
          product[e] = domainMul(lDag, product[e]);
          const term: HeisenbergTerm = { coef: 0.5, product };
          if (e !== d && units[d] === 'z' && isLadder(units[e])) {
            // [J^z, L_d] = ∓L_d: the excitation moves from d; the new pair (L_e†, L_d) is factorized.
            const rest = units.slice() as Unit[];
            rest[d] = '1';
            const pairUnits = units.map((): Unit => '1');
            pairUnits[e] = lDagUnit;
            pairUnits[d] = lUnit;
            term.pair = { rest, pairUnits, pairCoef: lUnit === '-' ? -1 : 1 };
          }
          out.push(term);
        }
      }
      // Type 2: O[u_e → [L_e†, u_e]] · L_d.
      {
        const comm = domainCommutator(lDag, unitPoly(units[e]));
        if (comm.size > 0) {
          const product = units.map((u) => unitPoly(u));
          product[e] = comm;
          product[d] = domainMul(product[d], l);
          const term: HeisenbergTerm = { coef: 0.5, product };
          if (e !== d && units[e] === 'z' && isLadder(units[d])) {
            // [L_e†, J^z] = ∓L_e†.
            const rest = units.slice() as Unit[];
            rest[e] = '1';
            const pairUnits = units.map((): Unit => '1');
            pairUnits[e] = lDagUnit;
            pairUnits[d] = lUnit;
            term.pair = { rest, pairUnits, pairCoef: lDagUnit === '+' ? -1 : 1 };
          }
          out.push(term);
        }
      }
    }
  }
  return out;
}

/**
 * Generate the closed mean-field system for M domains (M ≥ 1): start from ⟨J_i^z⟩, derive each
 * variable's equation, close it, and add every variable that appears until the set is closed.
 * `thermal` adds the absorption terms (rate γ_i n̄).
 */
export function generateMeanField(domains: number, thermal = false): MeanFieldSystem {
  if (!Number.isInteger(domains) || domains < 1 || domains > 12) throw new RangeError(`domains: ${domains} is not an integer in 1..12`);
  const index = new Map<string, number>();
  const variables: string[] = [];
  const add = (key: string): number => {
    let i = index.get(key);
    if (i === undefined) {
      i = variables.length;
      variables.push(key);
      index.set(key, i);
    }
    return i;
  };
  for (let i = 0; i < domains; i++) add(Array.from({ length: domains }, (_, j) => (j === i ? 'z' : '1')).join(''));
  const rhs: ClosedTerm[][] = [];
  const counter = { fallback: 0 };
  const kinds: ('emission' | 'absorption')[] = thermal ? ['emission', 'absorption'] : ['emission'];
  for (let v = 0; v < variables.length; v++) {
    const key = variables[v];
    const parts = isCharged(key) ? [key, conjugateKey(key)] : [key];
    const acc = new Map<string, ClosedTerm>();
    for (const part of parts) {
      const units = part.split('') as Unit[];
      for (let ch = 0; ch < domains - 1; ch++) {
        for (const kind of kinds) {
          for (const t of heisenbergTerms(units, ch, kind)) {
            const closed = t.pair
              ? multiplyClosed([unitExpectation(t.pair.rest)], [scaleClosed(unitExpectation(t.pair.pairUnits), t.pair.pairCoef)])
              : closeProduct(t.product, 1, counter);
            for (const c of closed) {
              const coef = t.coef * c.coef;
              if (coef === 0) continue;
              const varIdx = c.vars.map(add).sort((a, b) => a - b);
              const nbar = c.nbar.slice().sort((a, b) => a - b);
              const id = `${ch}|${kind}|${varIdx.join(',')}|${nbar.join(',')}`;
              const prev = acc.get(id);
              if (prev) prev.coef += coef;
              else acc.set(id, { coef, vars: varIdx, nbar, channel: ch, kind });
            }
          }
        }
      }
    }
    rhs.push([...acc.values()].filter((t) => Math.abs(t.coef) > 1e-12));
  }
  return { domains, variables, rhs, fallbackFactorizations: counter.fallback };
}

function scaleClosed(c: RawClosed, s: number): RawClosed {
  return { coef: c.coef * s, nbar: c.nbar, vars: c.vars };
}

/** Readable name of a variable: J1z, J1zJ3z, F(1,2) = J1+J2− + h.c., J3z·F(1,2), … (1-based domains). */
export function variableName(key: UnitKey): string {
  const z: number[] = [], plus: number[] = [], minus: number[] = [];
  key.split('').forEach((c, i) => { if (c === 'z') z.push(i + 1); else if (c === '+') plus.push(i + 1); else if (c === '-') minus.push(i + 1); });
  const zs = z.map((i) => `J${i}z`).join('');
  if (plus.length === 0) return zs;
  const ff = `F(${plus.map((i) => `${i}+`).join('')}${minus.map((i) => `${i}-`).join('')})`;
  return zs ? `${zs}·${ff}` : ff;
}

/** Human-readable equation d⟨v⟩/dt = … (γ_i written g1, g2, …; N̄_i as Nb1, …; n̄ as n). */
export function formatEquation(system: MeanFieldSystem, v: number): string {
  const terms = system.rhs[v].map((t) => {
    const rate = t.kind === 'emission' ? `g${t.channel + 1}` : `g${t.channel + 1}·n`;
    const factors = [rate, ...t.nbar.map((i) => `Nb${i + 1}`), ...t.vars.map((i) => `<${variableName(system.variables[i])}>`)];
    const c = t.coef;
    const mag = Math.abs(c) === 1 ? '' : `${Math.abs(c)}·`;
    return `${c < 0 ? '− ' : '+ '}${mag}${factors.join('·')}`;
  });
  return `d<${variableName(system.variables[v])}>/dt = ${terms.join(' ')}`;
}
