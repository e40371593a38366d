import { buildGraph, GAMMA_N_C13 } from '../../../src/models/dressed-chain/lattice.js';
import { dressedHamiltonian } from '../../../src/models/dressed-chain/hamiltonian.js';
import { collapseOperators } from '../../../src/models/dressed-chain/dissipators.js';
import { polarizationObservables } from '../../../src/models/dressed-chain/observables.js';
import { siteDressing } from '../../../src/models/dressed-chain/dressing.js';
import { sparseTranspose } from '../../../src/linalg/sparse.js';
import { ComplexMatrix } from '../../../src/linalg/dense.js';

/**
 * A 1-site mixed ensemble for trajectory-vs-QME tests: nucleus 80 % dressed-up (0.9/0.1), electrons
 * unpolarized, lab-form jumps (Γ_op = 3e3, Γ_e = 1e4 s⁻¹) near the chain matching field. `product` is
 * the sampled form (lab product states mapped by the site dressing U), `rho0` = U ρ_lab U† the same state
 * as a density matrix; observables: lab P1, Pc, then dressed P1, Pc.
 */
export function oneSiteDressedEnsemble() {
  const B = 0.05142, omegaN = GAMMA_N_C13 * B;
  const g = buildGraph('chain', { sites: 1, Jd: 62e3 });
  const h = dressedHamiltonian(g).at(B);
  const u = siteDressing(g, 0, omegaN);
  const n = h.rows;
  const cOps = collapseOperators(g, { gammaOp: 3e3, gammaE: 1e4, omegaN }).map((c) => c.op);
  const obs = [...polarizationObservables(g), ...polarizationObservables(g, { basis: 'dressed', omegaN })].map((o) => o.op);
  const times = [0, 1e-4, 3e-4, 1e-3];
  const probabilities = [[0.9, 0.1], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5]];
  const ud = u.toDense(), rho0 = new ComplexMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += ud.re[i * n + k] * ((k < 6 ? 0.9 : 0.1) / 6) * ud.re[j * n + k];
      rho0.re[i * n + j] = s;
    }
  }
  return { h, u, cOps, obs, times, rho0, product: { product: { dims: [2, 3, 2], probabilities, states: sparseTranspose(u) } } };
}
