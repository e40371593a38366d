#!/usr/bin/env python3
"""Session 8 (lead): copies a built dist/ and inserts phase marks `globalThis.__ph(name)` into the real
eigensolver (src/linalg/eigen-symmetric.js) and the threaded divide-and-conquer top level
(src/linalg/tridiagonal.js), for eig-phases.mjs. Patterns match the build of 0b7f19e.
  python3 bench/results/session8-lead/mark-phases.py dist /tmp/dist-phases
"""
import shutil, sys

src, dst = sys.argv[1], sys.argv[2]
shutil.rmtree(dst, ignore_errors=True)
shutil.copytree(src, dst)
M = "globalThis.__ph&&globalThis.__ph('%s');"

def patch(path, edits):
    p = f"{dst}/src/linalg/{path}"
    s = open(p).read()
    for old, name, before in edits:
        assert s.count(old) == 1, (path, old)
        if before is None:  # after the statement that ends the first line of `old`
            head, tail = old.split('\n', 1)
            s = s.replace(old, head + ' ' + M % name + '\n' + tail)
        else:
            s = s.replace(old, (M % name + ' ' + old) if before else (old + ' ' + M % name))
    open(p, 'w').write(s)

patch('eigen-symmetric.js', [
    ("const prepared = wantVectors && n >= WASM_MIN_ORDER ? prepareTeam(n) : null;", 'prepare', False),
    ("const t = tridiagonalize(a, n);", 'reduce', False),
    ("packReflectors(t, n, prepared.data, prepared.reflectorsAt, true);", 'pack', False),
    ("const zw = t.uWasm >= 0 || t.packed ? tridiagonalEigenvectorsInWasm(d, t.e, result) : null;", 'dc', False),
    ("const threaded = team ? backTransformThreaded(team, t, zw.at, n, result, true) : null;", 'bt', False),
    ("    h.fill(0, pd, pu + 4 * n);", 'r-copy', False),
    ("w.exports.tridiagonalizePanelUpdate(n, k, TRD_NB, pa * 8, pU, pW, (pp + 2 * TRD_NB * n) * 8);", 'r-panel', False),
])
patch('tridiagonal.js', [
    ("            dcRecurse(dd, ee, 0, m1, w, false, dcLeafInWasm, dcMergeWasm);\n        }", 'd-setup', True),
    ("dcRecurse(dd, ee, 0, m1, w, false, dcLeafInWasm, dcMergeWasm);\n        }", 'd-upper', None),
    ("    if (upperError)\n        throw upperError;", 'd-lower', True),
    ("        dcMergeWasm(dd, 0, n, m1, beta, w, true);", 'd-topmerge', False),
])
