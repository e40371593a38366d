// Session 8 (lead): the bench's anderson-exact-L10 matrix (realization 0, n = 1000) from a built dist/, with the
// Node platform installed, and the real eigensolver module. Shared by eig-phases.mjs and prime-small-solve.mjs.
export async function andersonL10(root) {
  const ad = await import(root + '/src/models/anderson-dnp/index.js');
  const rz = await import(root + '/src/models/anderson-dnp/realization.js');
  const es = await import(root + '/src/linalg/eigen-symmetric.js');
  await import(root + '/src/node.js');
  const settings = ad.resolveSettings({ L: 10, method: 'exact', realizations: 1 }, undefined);
  const lat = rz.realizationLattice(settings, rz.realizationStream(settings.seed, 0));
  return { n: lat.N, M: ad.andersonMatrixDense(lat), eighSymmetric: es.eighSymmetric };
}
