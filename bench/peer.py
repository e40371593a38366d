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
NEEDS_QUTIP = JOB["workload"] not in ("eigh-1000", "matmul-512", "domains-meanfield-3b", "transport-rate16",
                                      "anderson-exact-L10", "anderson-kpm-L18", "s002-fig3a", "s002-telegraph-mc")
if NEEDS_QUTIP:
    import qutip  # noqa: E402
IMPORT_MS = (time.perf_counter() - T_IMPORT0) * 1000.0


def resident_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


# resident memory once Python and its numerical libraries are loaded: the base the workload's own memory adds to
IMPORT_RSS_KB = resident_kb()


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


def read_sparse_f64(name):
    """Sparse matrix from the raw layout of bench/workloads.ts writeSparseF64: [n, nnz, rows, cols, re, im]."""
    a = read_f64(name)
    n, nnz = int(a[0]), int(a[1])
    rows = a[2:2 + nnz].astype(np.int64)
    cols = a[2 + nnz:2 + 2 * nnz].astype(np.int64)
    vals = a[2 + 2 * nnz:2 + 3 * nnz] + 1j * a[2 + 3 * nnz:2 + 4 * nnz]
    m = sp.coo_matrix((vals, (rows, cols)), shape=(n, n)).tocsr()
    m.sum_duplicates()
    return qutip.Qobj(m)


def collective_domains(sizes, gammas):
    """Seed 003 Eq. 3 in the product of collective spaces, built independently with qutip.jmat.

    Domain i is spin j_i = N_i/2 (basis m = +j ... -j); C_i = sqrt(gamma_i) (J_i^- + J_{i+1}^-); H = 0
    (omega0 sum J^z commutes with everything reachable from Dicke products); start: Eq. 4.
    """
    js = [n / 2 for n in sizes]
    eyes = [qutip.qeye(int(2 * j + 1)) for j in js]

    def emb(op, i):
        lst = list(eyes)
        lst[i] = op
        return qutip.tensor(lst)

    low = [emb(qutip.jmat(j, "-"), i) for i, j in enumerate(js)]
    jz = [emb(qutip.jmat(j, "z"), i) for i, j in enumerate(js)]
    c_ops = [np.sqrt(g) * (low[i] + low[i + 1]) for i, g in enumerate(gammas)]
    psi0 = qutip.tensor([qutip.basis(int(2 * j + 1), 0 if i == 0 else int(2 * j)) for i, j in enumerate(js)])
    H = 0 * jz[0]
    return H, c_ops, psi0, jz


def cascaded_chain(p, full):
    """Seed 004 cascaded one-way chain of N spins 1/2, built independently.

    c_j = exp(-i theta_j) S_j^-, theta_j = k_z d * j; H = i gamma sum_{a<b} (c_a^dag c_b - c_b^dag c_a);
    one collapse operator sqrt(2 gamma) sum_j c_j (Stannigel, Rabl & Zoller 2012, Eq. 4; seed Eqs. 5-6).
    full=False: the one-quantum subspace {|0> = all down, |j> = quantum on spin j} (13 states for N = 12);
    full=True: the 2^N tensor-product space.
    """
    N, g, ph = p["N"], p["gamma"], p["phase"]
    if full:
        sm = qutip.jmat(0.5, "-")

        def emb(op, i):
            lst = [qutip.qeye(2)] * N
            lst[i] = op
            return qutip.tensor(lst)

        c = [np.exp(-1j * ph * j) * emb(sm, j) for j in range(N)]
        sz = [emb(qutip.jmat(0.5, "z"), j) for j in range(N)]
        psi0 = qutip.tensor([qutip.basis(2, 0)] * N)
    else:
        dim = N + 1  # index 0: all down; index j + 1: quantum on spin j
        c = [np.exp(-1j * ph * j) * qutip.basis(dim, 0) * qutip.basis(dim, j + 1).dag() for j in range(N)]
        sz = [qutip.basis(dim, j + 1) * qutip.basis(dim, j + 1).dag() - 0.5 * qutip.qeye(dim) for j in range(N)]
        psi0 = qutip.basis(dim, 1)
    H = 0
    for a in range(N):
        for b in range(a + 1, N):
            H = H + 1j * g * (c[a].dag() * c[b] - c[b].dag() * c[a])
    z = sum(c[1:], c[0])
    return H, [np.sqrt(2 * g) * z], psi0, sz


def mc_means(r, names):
    """Per-trajectory expectations (average_expect=False) -> means and standard errors."""
    runs = np.real(np.array([[np.asarray(x) for x in traj] for traj in r.expect]))  # (ntraj, n_e, n_t)
    out = {}
    for k, name in enumerate(names):
        out[name] = runs[:, k, :].mean(axis=0)
        out[name + "_se"] = runs[:, k, :].std(axis=0, ddof=1) / np.sqrt(runs.shape[0])
    return out


def openblas_threads():
    """Threads of the OpenBLAS numpy loaded (None when it is not OpenBLAS)."""
    import ctypes
    libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "openblas" in l.lower() and "/" in l})
    for path in libs:
        lib = ctypes.CDLL(path)
        for name in ("openblas_get_num_threads", "openblas_get_num_threads64_", "scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads"):
            if hasattr(lib, name):
                return int(getattr(lib, name)())
    return None


HBAR = 1.054571817e-34
KB = 1.380649e-23


def anderson_matrix(L, t, disorder):
    """M - omega_e (Eq. 7), periodic: diagonal disorder, -t on nearest-neighbour bonds; site (x*L + y)*L + z."""
    N = L ** 3
    M = np.diag(np.asarray(disorder, dtype=float))
    x, y, z = np.unravel_index(np.arange(N), (L, L, L))
    for dx, dy, dz in ((1, 0, 0), (0, 1, 0), (0, 0, 1)):
        j = (((x + dx) % L) * L + (y + dy) % L) * L + (z + dz) % L
        M[np.arange(N), j] -= t
        M[j, np.arange(N)] -= t
    return M


def anderson_exact(m, disorder):
    """test/fixtures/scripts/anderson_dnp.py's pipeline (Table I, angular = 2*pi*Hz): eigh, A = (V**2).T,
    W = A @ A.T, P_B (Eq. 11), D, S, PL (alpha = beta kept), Lambda, P_n (Eq. 20). Pair sums in row blocks.
    Returns (P_n, eigenvalues, D, S, PL, Lambda, {eigh, overlap, sums} in ms)."""
    two_pi = 2 * np.pi
    L = int(m["L"])
    N = L ** 3
    t = two_pi * m["t"]
    M = anderson_matrix(L, t, disorder)
    t0 = time.perf_counter()
    lam, V = np.linalg.eigh(M)
    t1 = time.perf_counter()
    A = (V ** 2).T  # A[alpha, j] = |phi_alpha j|^2
    del V
    W = A @ A.T
    t2 = time.perf_counter()
    beta = HBAR / (KB * m["temperature"])
    eps = two_pi * m["omegaE"] + lam
    off = 1 + m["T2e"] ** 2 * (eps - two_pi * m["omegaMW"]) ** 2
    PB = off * np.tanh(beta * eps / 2) / (off + 2 * (two_pi * m["omega1"]) ** 2 * m["T1e"] * m["T2e"])
    wn = two_pi * m["omegaN"]
    T2n = m["T2n"]
    D = S = PP = 0.0
    B = 512
    for a0 in range(0, N, B):
        a1 = min(N, a0 + B)
        X = wn + lam[None, :] - lam[a0:a1, None]  # X[a, b] = wn + eps_b - eps_a
        Lz = 1 / (1 + T2n ** 2 * X ** 2)
        Wb = W[a0:a1]
        D += np.sum(Wb * (PB[a0:a1, None] - PB[None, :]) * Lz)
        S += np.sum(Wb * (1 - PB[a0:a1, None] * PB[None, :]) * Lz)
        PP += PB[a0:a1] @ (Wb @ PB)
    PL = PP / (1 + T2n ** 2 * wn ** 2)
    A0 = two_pi * m["A0"]
    Lam = 2 * m["NnOverNe"] * N / (A0 ** 2 * m["T1n"] * T2n)
    Pn = (D + Lam * np.tanh(beta * wn / 2)) / (S + PL + Lam)
    t3 = time.perf_counter()
    return Pn, lam, D, S, PL, Lam, {"eigh": (t1 - t0) * 1e3, "overlap": (t2 - t1) * 1e3, "sums": (t3 - t2) * 1e3}


def s002_fig3a(p):
    """Seed 002 Eq. 9 (convolution form) with couplings from CODATA 2018, independently of spindrift."""
    from scipy.integrate import quad
    hbar, mu0 = 1.054571817e-34, 1.25663706212e-6
    ge, gh = 1.76085963023e11, 2.6752218744e8
    beh = mu0 / (4 * np.pi) * ge * gh * hbar
    bhh = mu0 / (4 * np.pi) * gh * gh * hbar
    rms = np.sqrt(0.8)
    a, gc, w0 = p["a"], 1.0 / p["tauC"], gh * p["field"]
    d12 = bhh * rms / (2 * a**3)
    g2ii = 2 * np.pi * p["hwhmHz"]
    out = []
    for pb in p["pBars"]:
        for r in p["r"]:
            delta = beh * rms * (1 / r**3 - 1 / (r + a) ** 3)
            g1 = sum(0.5 * 1.2 * beh**2 / x**6 * (1 - pb * pb) * gc / (gc * gc + w0 * w0) for x in (r, r + a))
            g2 = g2ii + g1
            dp, b2 = delta * pb, (1 - pb * pb) * delta**2
            if b2 <= 0:
                w = 0.25 * 2 * g2 / (dp * dp + g2 * g2)
            else:
                b = np.sqrt(b2)
                f = lambda x: (2 * g2 / ((x + dp) ** 2 + g2 * g2)) * (2 * gc * b2 / ((x * x - b2) ** 2 + x * x * gc * gc))
                pts = sorted({c + s * k * wd for c in (-dp, 0.0, b, -b) for wd in (g2, gc, b2 / gc) for k in (1, 4, 16) for s in (-1, 1)} | {-dp, 0.0, b, -b})
                lo, hi = pts[0], pts[-1]
                mid = quad(f, lo, hi, points=pts[1:-1], limit=2000, epsrel=p["relTol"], epsabs=0)[0]
                left = quad(f, -np.inf, lo, limit=2000, epsrel=p["relTol"], epsabs=0)[0]
                right = quad(f, hi, np.inf, limit=2000, epsrel=p["relTol"], epsabs=0)[0]
                w = 0.25 / (2 * np.pi) * (left + mid + right)
            out.append(d12 * d12 * w * a * a)
    return np.array(out)


def s002_telegraph(p):
    """Seed 002: event-driven Monte Carlo of the telegraph-driven pair, vectorized over trajectories.

    Symmetric process P = P̄ ± √(1−P̄²), each state left at Γc/2; Bloch generator of noise state k:
    dr/dt = Ω_k × r − Γ₂(x, y, 0), Ω_k = (−D₁₂, 0, ΔP_k); exact propagation in its eigenbasis."""
    rng = np.random.default_rng(p["seed"])
    n, pb, gc = p["trajectories"], p["pBar"], p["gammaC"]
    vals = [pb + np.sqrt(1 - pb * pb), pb - np.sqrt(1 - pb * pb)]
    leave = np.array([gc / 2, gc / 2])
    Ms = []
    for v in vals:
        om = p["delta"] * v
        Ms.append(np.array([[-p["gamma2"], -om, 0.0], [om, -p["gamma2"], p["d12"]], [0.0, -p["d12"], 0.0]]))
    lam, V, Vi = [], [], []
    for M in Ms:
        l, v = np.linalg.eig(M)
        lam.append(l)
        V.append(v)
        Vi.append(np.linalg.inv(v))
    lam, V, Vi = np.array(lam), np.array(V), np.array(Vi)
    T = np.array([Vi[1] @ V[0], Vi[0] @ V[1]])  # T[k]: coordinates of state k -> state 1-k
    times = np.linspace(0.0, p["tEnd"], p["points"])
    nt = len(times)
    k = (rng.random(n) >= 0.5).astype(int)  # stationary distribution (1/2, 1/2)
    c = np.einsum("kij,j->ki", Vi, np.array([0.0, 0.0, 1.0]))[k]  # (n, 3) eigen-coordinates
    t = np.zeros(n)
    t_switch = rng.exponential(1.0 / leave[k])
    i_out = np.zeros(n, dtype=int)
    acc = np.zeros(nt)
    acc2 = np.zeros(nt)
    switches = 0
    active = np.ones(n, dtype=bool)
    while active.any():
        idx = np.nonzero(active)[0]
        next_out = times[i_out[idx]]
        is_out = next_out <= t_switch[idx]
        t_new = np.where(is_out, next_out, t_switch[idx])
        kk = k[idx]
        c[idx] *= np.exp(lam[kk] * (t_new - t[idx])[:, None])
        t[idx] = t_new
        o = idx[is_out]
        if o.size:
            z = np.real(np.einsum("ni,ni->n", V[k[o], 2, :], c[o]))
            np.add.at(acc, i_out[o], z)
            np.add.at(acc2, i_out[o], z * z)
            i_out[o] += 1
            active[o[i_out[o] >= nt]] = False
        s = idx[~is_out]
        if s.size:
            c[s] = np.einsum("nij,nj->ni", T[k[s]], c[s])
            k[s] = 1 - k[s]
            t_switch[s] = t[s] + rng.exponential(1.0 / leave[k[s]])
            switches += s.size
    mean = acc / n
    se = np.sqrt(np.maximum(0.0, acc2 / n - mean**2) * n / (n - 1) / n)
    return mean, se, switches


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
    elif w in ("random-me-200", "random-me-400"):
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
    elif w == "domains-2c":
        H, c, psi0, e = collective_domains(p["sizes"], p["gammas"])
        times = np.linspace(0, p["tEnd"], p["nTimes"])
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        r = qutip.mesolve(H, psi0, times, c, e, options=options(p))
        compute = time.perf_counter() - t0
        out = {"J%d" % (i + 1): np.real(v) for i, v in enumerate(r.expect)}
        info["hilbertDimension"] = psi0.shape[0]
    elif w == "domains-meanfield-3b":
        from scipy.integrate import solve_ivp

        coef = np.array(p["coef"])
        start = np.array(p["start"], dtype=np.int64)
        nv = len(p["variables"])
        # pad every term to the same number of factors with a constant 1 (index nv of the extended state)
        width = int(np.max(np.diff(start))) if len(coef) else 0
        idx = np.full((len(coef), max(width, 1)), nv, dtype=np.int64)
        for k in range(len(coef)):
            f = p["vars"][start[k]:start[k + 1]]
            idx[k, :len(f)] = f
        owner = np.repeat(np.arange(nv), np.diff(np.array(p["termsOf"], dtype=np.int64)))
        ext = np.ones(nv + 1)

        def rhs(_t, y):
            ext[:nv] = y
            return np.bincount(owner, weights=coef * np.prod(ext[idx], axis=1), minlength=nv)

        times = np.array(p["times"])
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        sol = solve_ivp(rhs, (times[0], times[-1]), np.array(p["y0"]), method="LSODA", t_eval=times, rtol=p["peerRtol"], atol=p["peerAtol"])
        compute = time.perf_counter() - t0
        if not sol.success:
            raise RuntimeError("solve_ivp: " + sol.message)
        out = {"J%d" % (i + 1): sol.y[i] for i in range(len(p["sizes"]))}  # scaled: <J_i^z>/N_i
        info["nfev"] = int(sol.nfev)
    elif w == "chain4-mc":
        if p["init"] != "basis":
            raise SystemExit("peer.py: chain4-mc runs only the basis-state short span")
        H = read_sparse_f64(p["H"])
        c = [read_sparse_f64(f) for f in p["cOps"]]
        e = [read_sparse_f64(f) for f in p["eOps"]]
        psi0 = qutip.basis(p["n"], p["psi0Index"])
        n = int(round(p["span"] / p["dt"])) + 1
        times = np.linspace(0.0, p["dt"] * (n - 1), n)
        setup = time.perf_counter() - s0
        opt = options(p, num_cpus=1, average_expect=False)
        t0 = time.perf_counter()
        r = qutip.mcsolve(H, psi0, times, c, e, ntraj=p["ntraj"], options=opt, progress_bar=None)
        compute = time.perf_counter() - t0
        out = mc_means(r, ["P1", "P2", "P3", "P4"])
        info["ntraj"] = p["ntraj"]
        info["nnzH"] = int(H.data.nnz)
    elif w == "chiral-chain12":
        H, c, psi0, e = cascaded_chain(p, full=False)
        times = np.linspace(0, p["tEnd"], p["nTimes"])
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        r = qutip.mesolve(H, psi0, times, c, e, options=options(p))
        compute = time.perf_counter() - t0
        out = {"excitation": np.concatenate([np.real(v) + 0.5 for v in r.expect])}
    elif w == "chiral-chain10-all":
        H, c, psi0, e = cascaded_chain(p, full=True)
        times = np.linspace(0, p["tEnd"], p["nTimes"])
        setup = time.perf_counter() - s0
        opt = options(p, num_cpus=p["workers"], average_expect=False)
        t0 = time.perf_counter()
        r = qutip.mcsolve(H, psi0, times, c, e, ntraj=p["ntraj"], options=opt, progress_bar=None)
        compute = time.perf_counter() - t0
        m = mc_means(r, ["s%d" % j for j in range(p["N"])])
        out = {
            "excitation": np.concatenate([m["s%d" % j] + 0.5 for j in range(p["N"])]),
            "excitation_se": np.concatenate([m["s%d_se" % j] for j in range(p["N"])]),
        }
        info["ntraj"] = p["ntraj"]
    elif w == "transport-rate16":
        from scipy.sparse.linalg import expm_multiply

        if p["mode"] != "prop":
            raise SystemExit("peer.py: transport-rate16 runs only the propagation variant")
        a = read_f64(p["Q"])  # the generator Q exported from the model's RateGenerator (writeSparseF64 layout)
        n, nnz = int(a[0]), int(a[1])
        Q = sp.csr_matrix((a[2 + 2 * nnz:2 + 3 * nnz], (a[2:2 + nnz].astype(np.int64), a[2 + nnz:2 + 2 * nnz].astype(np.int64))), shape=(n, n))
        Q.sum_duplicates()
        N = p["sites"]
        p0 = np.full(n, 1.0 / n)  # unpolarized product state: uniform over the 2^N configurations
        x = np.arange(n)
        # P_j = sum_x p_x (+1 if site j up else -1); site j is bit N-1-j, bit 0 = up
        signs = np.array([1.0 - 2.0 * ((x >> (N - 1 - j)) & 1) for j in range(N)])
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        states = expm_multiply(Q, p0, start=0.0, stop=p["tEnd"], num=p["points"], endpoint=True)  # (points, n)
        compute = time.perf_counter() - t0
        out = {"P": (signs @ states.T).ravel()}  # site-major (N x points)
        info["nnzQ"] = int(Q.nnz)
    elif w == "transport-lindblad10":
        H = read_sparse_f64(p["H"])
        c = [read_sparse_f64(f) for f in p["cOps"]]
        e = [read_sparse_f64(f) for f in p["eOps"]]  # I_j^z
        psi0 = qutip.basis(p["n"], p["psi0Index"])
        times = np.linspace(0.0, p["tEnd"], p["points"])
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        r = qutip.mesolve(H, psi0, times, c, e, options=options(p))
        compute = time.perf_counter() - t0
        out = {"P": np.concatenate([2.0 * np.real(v) for v in r.expect])}
        info["nnzH"] = int(H.data.nnz)
        info["liouvillianDimension"] = p["n"] ** 2
    elif w == "s002-fig3a":
        out = {"D": s002_fig3a(p)}
        setup = 0.0
        compute = time.perf_counter() - s0
    elif w == "s002-telegraph-mc":
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        mean, se, switches = s002_telegraph(p)
        compute = time.perf_counter() - t0
        out = {"sz": mean, "sz_se": se}
        info["switches"] = switches
    elif w == "anderson-exact-L10":
        disorder = read_f64(p["disorder"])  # spindrift's realization 0, exported
        if p.get("warm"):
            anderson_exact(p["model"], disorder)  # untimed: a realization inside a disorder average runs warm
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        Pn, lam, D, S, PL, Lam, ms = anderson_exact(p["model"], disorder)  # matrix construction inside (~ms)
        compute = time.perf_counter() - t0
        out = {"values": lam, "Pn": np.array([Pn]), "iss": np.array([D / Lam, S / Lam, PL / Lam])}
        info["eighMs"], info["overlapMs"], info["sumsMs"] = ms["eigh"], ms["overlap"], ms["sums"]
        info["Pn"] = float(Pn)
        info["openblasThreads"] = openblas_threads()
        info["stats"] = {"method": "numpy eigh + A @ A.T + pair sums", "N": len(lam), "eighMs": "%.0f" % ms["eigh"],
                         "overlapMs": "%.0f" % ms["overlap"], "sumsMs": "%.0f" % ms["sums"], "openblasThreads": info["openblasThreads"]}
    elif w == "anderson-kpm-L18":
        R = int(p["peerRealizations"])
        disorders = [read_f64(f) for f in p["disorder"][:R]]  # spindrift's realizations 0 .. R-1, exported
        setup = time.perf_counter() - s0
        pns, per, parts = [], [], []
        t0 = time.perf_counter()
        for d in disorders:
            tr = time.perf_counter()
            Pn, lam, D, S, PL, Lam, ms = anderson_exact(p["model"], d)
            per.append((time.perf_counter() - tr) * 1e3)
            pns.append(float(Pn))
            parts.append(ms)
        total = time.perf_counter() - t0
        compute = total / R  # per realization
        mean = float(np.mean(pns))
        sd = float(np.std(pns, ddof=1)) if R > 1 else float("nan")
        se = sd / np.sqrt(R) if R > 1 else 0.0
        out = {"Pn": np.array([mean]), "Pn_se": np.array([se])}
        info.update(realizations=R, totalMs=total * 1e3, perRealizationMs=per, parts=parts, Pn=pns, PnMean=mean, PnSd=sd, PnSe=se,
                    openblasThreads=openblas_threads(),
                    env={k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS")})
        info["stats"] = {"method": "numpy exact", "N": 18 ** 3, "realizations": R, "msPerRealization": "%.0f" % (total * 1e3 / R),
                         "eighMs": "%.0f" % np.mean([q["eigh"] for q in parts]), "PnMean": "%.5g" % mean, "PnSd": "%.3g" % sd,
                         "openblasThreads": info["openblasThreads"]}
    elif w in ("cosdrive-me", "cosdrive-mc", "chain6-sweep-me", "chain6-sweep-mc") and os.getcwd() != JOB["outDir"]:
        # string coefficients: QuTiP writes its compiled modules into the working directory
        os.chdir(JOB["outDir"])
        return run()
    elif w in ("cosdrive-me", "cosdrive-mc"):
        # H = w0 Sz + 2 Omega cos(w t) Sx with a string coefficient (QuTiP compiles it with Cython)
        Sx, Sz, Sm = qutip.jmat(0.5, "x"), qutip.jmat(0.5, "z"), qutip.jmat(0.5, "-")
        H = [p["w0"] * Sz, [2 * p["Omega"] * Sx, "cos(w*t)"]]
        c = [np.sqrt(p["gamma"]) * Sm]
        psi0 = qutip.basis(2, 0)
        times = np.linspace(0, p["periods"] * 2 * np.pi / p["w"], p["nTimes"])
        args = {"w": p["w"]}
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        if w == "cosdrive-me":
            r = qutip.mesolve(H, psi0, times, c, [Sx, Sz], args=args, options=options(p))
            compute = time.perf_counter() - t0
            out = {"sx": np.real(r.expect[0]), "sz": np.real(r.expect[1])}
        else:
            opt = options(p, num_cpus=p["workers"], average_expect=False)
            r = qutip.mcsolve(H, psi0, times, c, [Sx, Sz], ntraj=p["ntraj"], args=args, options=opt, progress_bar=None)
            compute = time.perf_counter() - t0
            out = mc_means(r, ["sx", "sz"])
            info["ntraj"] = p["ntraj"]
    elif w in ("chain6-sweep-me", "chain6-sweep-mc"):
        N = p["N"]
        I2 = qutip.qeye(2)

        def op(o, j):
            return qutip.tensor([o if k == j else I2 for k in range(N)])

        Sx, Sy, Sz, Sm = (qutip.jmat(0.5, a) for a in ("x", "y", "z", "-"))
        H0 = 0
        for j in range(N - 1):
            H0 = H0 + p["J"] * (op(Sx, j) * op(Sx, j + 1) + op(Sy, j) * op(Sy, j + 1))
        for j in range(N):
            H0 = H0 + p["hx"] * op(Sx, j)
        szt = sum(op(Sz, j) for j in range(1, N)) + op(Sz, 0)
        H = [H0, [szt, "v*t"]]
        c = [np.sqrt(p["gamma"]) * op(Sm, j) for j in range(N)]
        psi0 = qutip.tensor([qutip.basis(2, 0)] * N)
        times = np.linspace(-p["T"], p["T"], p["nTimes"])
        e = [szt, op(Sz, 0)]
        args = {"v": p["v"]}
        setup = time.perf_counter() - s0
        t0 = time.perf_counter()
        if w == "chain6-sweep-me":
            r = qutip.mesolve(H, psi0, times, c, e, args=args, options=options(p))
            compute = time.perf_counter() - t0
            out = {"szTotal": np.real(r.expect[0]), "sz0": np.real(r.expect[1])}
        else:
            opt = options(p, num_cpus=p["workers"], average_expect=False)
            r = qutip.mcsolve(H, psi0, times, c, e, ntraj=p["ntraj"], args=args, options=opt, progress_bar=None)
            compute = time.perf_counter() - t0
            out = mc_means(r, ["szTotal", "sz0"])
            info["ntraj"] = p["ntraj"]
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
    "importRssKb": IMPORT_RSS_KB,
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
