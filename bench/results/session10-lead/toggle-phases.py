#!/usr/bin/env python3
"""Session 10 (lead): copies a built dist/ and patches it for toggle.mjs: phase marks `globalThis.__ph(name)` in
eighSymmetric (as session 8's mark-phases.py, patterns of the build of 7f23051) and a switch
`globalThis.__single` that keeps the reduction on the calling thread while the rest of the solve uses the team.
  python3 bench/results/session10-lead/toggle-phases.py dist /tmp/dist-toggle
"""
import shutil, sys

src, dst = sys.argv[1], sys.argv[2]
shutil.rmtree(dst, ignore_errors=True)
shutil.copytree(src, dst)
M = "globalThis.__ph&&globalThis.__ph('%s');"

def patch(path, edits):
    p = f"{dst}/src/linalg/{path}"
    s = open(p).read()
    for old, new in edits:
        assert s.count(old) == 1, (path, old)
        s = s.replace(old, new)
    open(p, 'w').write(s)

patch('eigen-symmetric.js', [
    ("const reduceOnTeam = reductionTeam?.running ? reductionTeam : null;",
     "const reduceOnTeam = reductionTeam?.running && !globalThis.__single ? reductionTeam : null;"),
    ("const prepared = wantVectors && n >= WASM_MIN_ORDER ? prepareTeam(n) : null;",
     "const prepared = wantVectors && n >= WASM_MIN_ORDER ? prepareTeam(n) : null; " + M % 'prepare'),
    ("const t = tridiagonalize(a, n, reduceOnTeam);", "const t = tridiagonalize(a, n, reduceOnTeam); " + M % 'reduce'),
    ("packReflectors(t, n, prepared.data, prepared.reflectorsAt, true);",
     "packReflectors(t, n, prepared.data, prepared.reflectorsAt, true); " + M % 'pack'),
    ("const zw = t.uWasm >= 0 || t.packed ? tridiagonalEigenvectorsInWasm(d, t.e, result) : null;",
     "const zw = t.uWasm >= 0 || t.packed ? tridiagonalEigenvectorsInWasm(d, t.e, result) : null; " + M % 'dc'),
    ("const threaded = team ? backTransformThreaded(team, t, zw.at, n, result, true) : null;",
     "const threaded = team ? backTransformThreaded(team, t, zw.at, n, result, true) : null; " + M % 'bt'),
])
