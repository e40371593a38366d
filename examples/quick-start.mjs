// The TypeScript example of the README, as plain JavaScript (ES module): run it with
//   npm ci && node examples/quick-start.mjs
// Inside this repository 'spindrift' resolves to the package itself (package.json "exports");
// elsewhere, `npm install spindrift` first. A .ts copy runs the same with a TypeScript runner.
import { sigmaMinus, sigmaZ, sparseScale, ComplexVector, mesolve, mcsolve, steadystate } from 'spindrift';

const H = sparseScale(sigmaZ(), 2 * Math.PI * 0.5e6);        // rad/s
const cOps = [sparseScale(sigmaMinus(), Math.sqrt(1e4))];     // √Γ σ⁻
const psi0 = ComplexVector.basis(2, 0);                       // |↑⟩ (basis order m = +s … −s)
const times = Array.from({ length: 101 }, (_, i) => i * 2e-6);

const me = mesolve(H, cOps, psi0, { times, eOps: [sigmaZ()] });
const mc = await mcsolve(H, cOps, psi0, { times, eOps: [sigmaZ()], ntraj: 500, seed: 1 });
console.log(me.expect[0].re[50], mc.expect[0].re[50], '±', mc.stdErr[0].re[50]);
console.log(steadystate(H, cOps).rho.toRows());
