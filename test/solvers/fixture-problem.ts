/**
 * Loads a solver fixture (written by test/fixtures/scripts/solvers.py) into
 * spindrift objects.
 */
import { ComplexMatrix } from '../../src/linalg/dense.js';
import { ComplexVector } from '../../src/linalg/vector.js';
import { loadFixture, matrixFromJson } from '../helpers.js';

export interface FixtureProblem {
  raw: any;
  h: ComplexMatrix;
  cOps: ComplexMatrix[];
  eOps: ComplexMatrix[];
  rho0: ComplexMatrix;
  psi0: ComplexVector | null;
  times: number[];
  expect: number[][];
  rhoFinal: ComplexMatrix;
  steady: ComplexMatrix;
}

export function loadProblem(name: string): FixtureProblem {
  const raw = loadFixture(name);
  return {
    raw,
    h: matrixFromJson(raw.H),
    cOps: raw.c_ops.map(matrixFromJson),
    eOps: raw.e_ops.map(matrixFromJson),
    rho0: matrixFromJson(raw.rho0),
    psi0: raw.psi0 ? ComplexVector.fromArrays(raw.psi0.re, raw.psi0.im) : null,
    times: raw.times,
    expect: raw.expect,
    rhoFinal: matrixFromJson(raw.rho_final),
    steady: matrixFromJson(raw.steady_state),
  };
}

/** max_i |a_i − b_i| */
export function maxDeviation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
