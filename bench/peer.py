"""One timed peer run (QuTiP 4.7 / numpy) of a spindrift benchmark workload.

Usage: /usr/bin/python3 bench/peer.py <job.json>

Reads the same resolved job the spindrift child reads ({workload, variant,
params, inputDir, outDir}); writes outDir/result.json and one raw
little-endian float64 file outDir/<name>.f64 per output array. Only the
solver / kernel call is timed; imports and operator construction are timed
separately and reported.
"""
import time

START_EPOCH_MS = time.time() * 1000.0
T_IMPORT0 = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402

with open(sys.argv[1]) as f:
    JOB = json.load(f)
NEEDS_QUTIP = JOB["workload"] not in ("eigh-1000", "matmul-512")
if NEEDS_QUTIP:
    import qutip  # noqa: E402
IMPORT_MS = (time.perf_counter() - T_IMPORT0) * 1000.0


def read_f64(name):
    return np.fromfile(os.path.join(JOB["inputDir"], name), dtype="<f8")


def triplets(t):
    n = t["n"]
    m = sp.coo_matrix((np.array(t["re"]) + 1j * np.array(t["im"]), (t["row"], t["col"])), shape=(n, n)).tocsr()
    m.sum_duplicates()
    return qutip.Qobj(m)


def options(p, **kw):
    # nsteps: the lab-frame problems need ~10^5 internal steps per µs
    return qutip.Options(atol=p["atol"], rtol=p["rtol"], nsteps=10**9, **kw)


def foursite(p):
    """Seed 000 Eq. 1 and Eq. 6; subsystem order I1 (1/2), S (1), S' (1/2), I2 (1/2); basis m = +s ... -s."""
    i2, i3 = qutip.qeye(2), qutip.qeye(3)
    jz2, jx2 = qutip.jmat(0.5, "z"), qutip.jmat(0.5, "x")
    jz1, jp1, jm1 = qutip.jmat(1, "z"), qutip.jmat(1, "+"), qutip.jmat(1, "-")
    jp2, jm2 = qutip.jmat(0.5, "+"), qutip.jmat(0.5, "-")
    T = qutip.tensor
    I1z, I1x = T(jz2, i3, i2, i2), T(jx2, i3, i2, i2)
    Sz = T(i2, jz1, i2, i2)
    Spz = T(i2, i3, jz2, i2)
    I2z, I2x = T(i2, i3, i2, jz2), T(i2, i3, i2, jx2)
    H = (-p["wn"] * (I1z + I2z) + p["we"] * (Sz + Spz) + p["D"] * Sz * Sz
         + p["Azz1"] * Sz * I1z + p["Azx1"] * Sz * I1x + p["Azz2"] * Spz * I2z + p["Azx2"] * Spz * I2x
         + p["Jd"] / 2 * (T(i2, jp1, jp2, i2) + T(i2, jm1, jm2, i2)))
    b3 = [qutip.basis(3, k) for k in range(3)]  # +1, 0, -1
    c_loc = b3[1] * b3[2].dag() + b3[1] * b3[0].dag()
    c_op = np.sqrt(p["gammaOp"]) * T(i2, c_loc, i2, i2)
    dims = p["dims"]
    psi0 = qutip.tensor(*[qutip.basis(d, k) for d, k in zip(dims, p["psi0Local"])])
    n = int(round(p["span"] / p["dt"])) + 1
    times = np.linspace(0.0, p["dt"] * (n - 1), n)
    return H, [c_op], psi0, [I1z, Sz, Spz, I2z], times


def run():
    p = JOB["params"]
    w = JOB["workload"]
    s0 = time.perf_counter()
    info = {}
    if w == "qubit-me":
        H = p["delta"] / 2 * qutip.sigmaz() + p["omega"] / 2 * qutip.sigmax()
        c = np.sqrt(p["gamma"]) * qutip.sigmam()
        psi0 = qutip.basis(2, 0)
        times = np.linspace(0, p["tEnd"], p["nTimes"])
        e = [qutip.sigmax(), qutip.sigmay(), qutip.sigmaz()]
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        r = qutip.mesolve(H, psi0, times, [c], e, options=options(p))
        compute = time.perf_counter() - t0
        out = {"sx": r.expect[0], "sy": r.expect[1], "sz": r.expect[2]}
    elif w == "foursite-me":
        H, c, psi0, e, times = foursite(p)
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        r = qutip.mesolve(H, psi0, times, c, e, options=options(p))
        compute = time.perf_counter() - t0
        out = {k: np.real(v) for k, v in zip(["I1z", "Sz", "Spz", "I2z"], r.expect)}
        info["nTimes"] = len(times)
    elif w == "foursite-mc":
        H, c, psi0, e, times = foursite(p)
        setup = time.perf_counter() - s0
        # per-trajectory expectations (average_expect=False) so the standard error can be formed
        opt = options(p, num_cpus=p["workers"], average_expect=False)
        t0 = time.perf_counter()
        r = qutip.mcsolve(H, psi0, times, c, e, ntraj=p["ntraj"], options=opt, progress_bar=None)
        compute = time.perf_counter() - t0
        runs = np.real(np.array([[np.asarray(x) for x in traj] for traj in r.expect]))  # (ntraj, n_e, n_t)
        out = {}
        for k, name in enumerate(["I1z", "Sz", "Spz", "I2z"]):
            out[name] = runs[:, k, :].mean(axis=0)
            out[name + "_se"] = runs[:, k, :].std(axis=0, ddof=1) / np.sqrt(runs.shape[0])
        info["ntraj"] = p["ntraj"]
        info["num_cpus"] = p["workers"]
    elif w == "random-me-200":
        H = triplets(p["H"])
        c = [triplets(t) for t in p["cOps"]]
        e = [triplets(t) for t in p["eOps"]]
        psi0 = qutip.basis(p["n"], p["psi0Index"])
        times = np.linspace(0, p["tEnd"], p["nTimes"])
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        r = qutip.mesolve(H, psi0, times, c, e, options=options(p))
        compute = time.perf_counter() - t0
        out = {"e0": np.real(r.expect[0]), "e1": np.real(r.expect[1])}
    elif w == "xy-steady-10":
        N = p["N"]

        def op(o, i):
            lst = [qutip.qeye(2)] * N
            lst[i] = o
            return qutip.tensor(lst)

        H = 0
        for i in range(N - 1):
            H = H + p["J"] * (op(qutip.sigmap(), i) * op(qutip.sigmam(), i + 1) + op(qutip.sigmam(), i) * op(qutip.sigmap(), i + 1))
        c = [np.sqrt(p["gamma"]) * op(qutip.sigmap(), 0), np.sqrt(p["gamma"]) * op(qutip.sigmam(), N - 1)]
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        rho = qutip.steadystate(H, c, method=p.get("peerMethod", "direct"))
        compute = time.perf_counter() - t0
        out = {
            "sz": np.array([qutip.expect(op(qutip.sigmaz(), i), rho) for i in range(N)]),
        }
        cur = np.array([(op(qutip.sigmap(), i) * op(qutip.sigmam(), i + 1) * rho).tr() for i in range(N - 1)])
        out["cur_re"], out["cur_im"] = np.real(cur), np.imag(cur)
        info["method"] = p.get("peerMethod", "direct")
    elif w == "eigh-1000":
        n = p["n"]
        a = (read_f64(p["re"]) + 1j * read_f64(p["im"])).reshape(n, n)
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        vals, vecs = np.linalg.eigh(a, UPLO="U")
        compute = time.perf_counter() - t0
        out = {"values": vals, "absvec": np.abs(vecs).ravel()}
    elif w == "matmul-512":
        n = p["n"]
        a = (read_f64(p["a"][0]) + 1j * read_f64(p["a"][1])).reshape(n, n)
        b = (read_f64(p["b"][0]) + 1j * read_f64(p["b"][1])).reshape(n, n)
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        for _ in range(p["repeat"]):
            c = a @ b
        compute = (time.perf_counter() - t0) / p["repeat"]
        out = {"c_re": np.ascontiguousarray(c.real).ravel(), "c_im": np.ascontiguousarray(c.imag).ravel()}
        info["gflops"] = 8 * n ** 3 / (compute * 1e9)
        info["repeat"] = p["repeat"]
    else:
        raise SystemExit("peer.py: unknown workload " + w)
    return setup * 1000.0, compute * 1000.0, out, info


setup_ms, compute_ms, outputs, info = run()
for name, arr in outputs.items():
    np.ascontiguousarray(np.asarray(arr, dtype="<f8")).tofile(os.path.join(JOB["outDir"], name + ".f64"))
ru_self = resource.getrusage(resource.RUSAGE_SELF)
ru_children = resource.getrusage(resource.RUSAGE_CHILDREN)
result = {
    "side": "peer",
    "startEpochMs": START_EPOCH_MS,
    "importMs": IMPORT_MS,
    "setupMs": setup_ms,
    "computeMs": compute_ms,
    # ru_maxrss is in kB on Linux; children = largest waited-for child (multiprocessing workers of mcsolve)
    "maxRssKb": ru_self.ru_maxrss,
    "childrenMaxRssKb": ru_children.ru_maxrss,
    "outputs": list(outputs.keys()),
    "info": info,
}
with open(os.path.join(JOB["outDir"], "result.json"), "w") as f:
    json.dump(result, f, indent=1)
