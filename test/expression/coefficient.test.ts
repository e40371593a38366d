/**
 * Time-dependent expressions (src/expression/coefficient.ts, sampled.ts): the
 * problem format's grammar and its errors (the column of the bad token),
 * compiled values against Math, unit checks of scenario terms, the expansion
 * O_0 + Σ f_k(t) O_k, break times, the piecewise-constant flag, and the
 * not-a-knot cubic spline (exact on cubics).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCoefficient, expandExpression, triangleWave, squareWave } from '../../src/expression/index.js';
import { parseExpression, type ExpressionScope } from '../../src/expression/operators.js';
import { splineCoefficient } from '../../src/expression/sampled.js';
import { parseSystem, buildSystem } from '../../src/expression/system.js';
import { coefficientBreaks, type QobjEvo } from '../../src/quantum/qobj-evo.js';

test('coefficients compile to the same numbers as Math (to 1 ulp-level, 1e-15 relative)', () => {
  const cases: [string, (t: number) => number][] = [
    ['cos(2*pi*1e6*t)^2', (t) => Math.cos(2 * Math.PI * 1e6 * t) ** 2],
    ['-t^2 + 3*t - 1/2', (t) => -(t ** 2) + 3 * t - 0.5],
    ['exp(-t/2e-6) * sin(t*1e6) / (1 + tanh(t*1e5))', (t) => Math.exp(-t / 2e-6) * Math.sin(t * 1e6) / (1 + Math.tanh(t * 1e5))],
    ['sqrt(abs(log(t + 2))) * sign(t - 1e-6) + tan(t)', (t) => Math.sqrt(Math.abs(Math.log(t + 2))) * Math.sign(t - 1e-6) + Math.tan(t)],
    ['2^3^2 + 2*(3 - t)', (t) => 2 ** 9 + 2 * (3 - t)],
    ['triangle(t, 4e-6) + square(t, 4e-6)', (t) => triangleWave(t, 4e-6) + squareWave(t, 4e-6)],
  ];
  for (const [text, ref] of cases) {
    const f = parseCoefficient(text, 'coeff');
    for (const t of [0, 3e-7, 1.1e-6, 2.5e-6, 7.9e-6]) {
      const want = ref(t);
      assert.ok(Math.abs(f(t) - want) <= 1e-15 * Math.max(1, Math.abs(want)), `${text} at t=${t}: ${f(t)} vs ${want}`);
    }
  }
  // The waves have the phase of sin(2πt/P): triangle 0 → +1 at P/4 → −1 at 3P/4; square +1 then −1.
  assert.deepEqual([0, 1, 2, 3].map((k) => triangleWave(k, 4)), [0, 1, 0, -1]);
  assert.deepEqual([0, 1.9, 2, 3.9, 4].map((k) => squareWave(k, 4)), [1, 1, -1, -1, 1]);
});

test('bad coefficients: one line naming the field and the column of the bad token', () => {
  const bad: [string, RegExp][] = [
    ['cosh(t)', /^H_t\[0\]\.coeff: unknown function "cosh"; did you mean "cos"\?.*\(at column 1 of "cosh\(t\)"\)$/],
    ['2*sin(t', /^H_t\[0\]\.coeff: expected "\)" to close sin\( \(at column 8 of "2\*sin\(t"\)$/],
    ['sin(t))', /unmatched "\)" \(at column 7 of/],
    ['(1 + t', /expected "\)" \(at column 7 of/],
    ['2 MHz * t', /unexpected "MHz" \(numbers carry no units here.*\(at column 3 of/],
    ['w*t', /unknown name "w".*\(at column 1 of/],
    ['cos t', /cos is a function: write cos\(…\) \(at column 1 of/],
    ['square(t)', /square takes 2 arguments.*\(at column 1 of/],
    ['t $ 2', /unexpected character "\$" \(at column 3 of/],
    ['i*t', /unknown name "i".*\(at column 1 of/],
    ['', /empty expression/],
  ];
  for (const [text, re] of bad) {
    assert.throws(() => parseCoefficient(text, 'H_t[0].coeff'), (e: Error) => re.test(e.message) && !e.message.includes('\n'), text);
  }
});

const scope: ExpressionScope = { spins: [{ name: 'S', s: 0.5 }, { name: 'I', s: 0.5 }], constants: { f: { value: 2e6, kind: 'frequency' } }, time: true };

test('scenario terms: t with units, expansion into one operator per function of t', () => {
  const x = expandExpression(parseExpression('3 MHz * Sz + 2 MHz * cos(2*pi * 10 MHz * t) * (Sx + Iz) + f*Ix', scope, 'h'), scope, 'h');
  assert.equal(x.terms.length, 1, 'Sx and Iz share their coefficient');
  const t = 1.7e-8;
  assert.ok(Math.abs(x.terms[0].coefficient(t) - 2e6 * Math.cos(2 * Math.PI * 1e7 * t)) < 1e-6);
  // constant part 3 MHz Sz + f Ix: ⟨↑↑|·|↑↑⟩ = 1.5e6
  assert.equal((x.constant.toDense().data as { re: Float64Array }).re[0], 1.5e6);
  const sweep = expandExpression(parseExpression('(1 MHz/us * t) * Sz', scope, 'h'), scope, 'h');
  assert.equal(sweep.terms[0].coefficient(2e-6), 2e6); // 1e12 Hz/s × 2 µs
});

test('unit errors name the column: a dimensional function argument, a sum of unlike quantities, a wrong coefficient', () => {
  const spec = (h: string) => () => parseSystem({ spins: { S: '1/2' }, hamiltonian: [h] });
  assert.throws(spec('2 MHz * cos(2*pi * 1e6 * t) * Sx'), /^ProblemError: hamiltonian\[0\]: the argument of cos must be dimensionless, got s \(at column 13 of/);
  assert.throws(spec('(1 MHz + 2 us) * Sz'), /hamiltonian\[0\]: cannot add s to s\^-1 \(at column 10 of/);
  assert.throws(spec('1 MHz * t * Sz'), /hamiltonian\[0\]: the coefficient must be a frequency \(Hz\), but .* has the dimension dimensionless/);
  assert.throws(spec('2 MHz * triangle(t, 3 MHz) * Sz'), /the period of triangle must have the dimension of its first argument \(s\), got s\^-1 \(at column 21 of/);
  assert.throws(() => parseSystem({ spins: { S: '1/2' }, dissipators: ['1 MHz * t * S-'] }), /dissipators\[0\]: coefficients here are rates/);
  // Accepted: the two examples and a t-dependent rate.
  const ok = buildSystem(parseSystem({
    spins: { S: '1/2' }, hamiltonian: ['2 MHz * cos(2*pi * 10 MHz * t) * Sx', '(1 MHz/us * t) * Sz'],
    dissipators: ['1e4 /s * (1 + square(t, 10 us)) * S-', { rate: '1e3 /s * exp(-t/5 us)', op: 'S+' }],
  }));
  assert.equal(ok.timeDependent, true);
  assert.equal(ok.hamiltonian.terms.length, 2);
  // H terms in rad/s: 2π × 2 MHz × cos(0) on Sx (entry ½).
  assert.ok(Math.abs((ok.hamiltonian.terms[0].op.toDense().data as { re: Float64Array }).re[1] * ok.hamiltonian.terms[0].coefficient(0) - 2 * Math.PI * 2e6 * 0.5) < 1e-6);
  const g = (ok.cOps[0] as QobjEvo).terms[0].coefficient;
  assert.ok(Math.abs(g(1e-6) - Math.sqrt(2e4)) < 1e-9 && Math.abs(g(6e-6)) < 1e-12, 'g = √rate, square wave on, then off');
});

test('break times and the piecewise-constant flag', () => {
  const sq = parseCoefficient('1 + 0.5*square(t, 2e-6)', 'c');
  assert.deepEqual(sq.piecewiseConstant, { period: 2e-6, segments: 2 });
  const near = (a: number[] | null, b: number[]) => assert.ok(a !== null && a.length === b.length && a.every((x, k) => Math.abs(x - b[k]) < 1e-20), `${a} vs ${b}`);
  near(coefficientBreaks([sq], 0, 3.5e-6), [1e-6, 2e-6, 3e-6]);
  const tri = parseCoefficient('triangle(t, 4e-6)', 'c');
  assert.equal(tri.piecewiseConstant, undefined);
  near(coefficientBreaks([tri], 0, 8e-6), [1e-6, 3e-6, 5e-6, 7e-6]);
  assert.equal(parseCoefficient('square(t, 2e-6) * t', 'c').piecewiseConstant, undefined);
  assert.equal(parseCoefficient('square(t, 2e-6) + square(t, 3e-6)', 'c').piecewiseConstant, undefined);
});

test('cubic spline: not-a-knot reproduces a cubic exactly; 3 samples a parabola, 2 a line', () => {
  const cubic = (t: number) => 2 - 3 * t + 0.5 * t * t - 0.25 * t * t * t;
  const xs = [0, 0.3, 1, 1.2, 2.5, 3];
  const f = splineCoefficient(xs, xs.map(cubic));
  for (const t of [0, 0.1, 0.65, 1.1, 2, 2.9, 3]) assert.ok(Math.abs(f(t) - cubic(t)) < 1e-12, `t=${t}`);
  const f4 = splineCoefficient([0, 1, 2, 4], [0, 1, 2, 4].map(cubic));
  for (const t of [0.5, 1.5, 3]) assert.ok(Math.abs(f4(t) - cubic(t)) < 1e-12);
  const para = splineCoefficient([0, 1, 3], [1, 2, 10]); // 1 + t²... through (0,1),(1,2),(3,10)
  assert.ok(Math.abs(para(2) - 5) < 1e-12);
  assert.equal(splineCoefficient([0, 2], [1, 3])(0.5), 1.5);
});
