# Counts the right-hand-side evaluations and steps of QuTiP 4.7's mesolve ODE (scipy zvode, Adams, the
# options of bench/peer.py) on the same Liouvillian, by wrapping L·y in a counting Python function.
#   node --input-type=module -e "const {WORKLOADS}=await import('./dist/bench/workloads.js');
#     console.log(JSON.stringify(WORKLOADS.find(w=>w.name==='random-me-400').params('/tmp')))" > /tmp/p.json
#   /usr/bin/python3 bench/results/session5-denseode/count-qutip-evaluations.py random-me-400 /tmp/p.json
import json, sys, time
import numpy as np, scipy.sparse as sp, scipy.integrate
import qutip
w = sys.argv[1]
p = json.load(open(sys.argv[2]))  # the workload's params (see the header)
def triplets(t):
    n = t["n"]
    m = sp.coo_matrix((np.array(t["re"]) + 1j * np.array(t["im"]), (t["row"], t["col"])), shape=(n, n)).tocsr()
    m.sum_duplicates(); return qutip.Qobj(m)
if w == 'random-me-400':
    H = triplets(p["H"]); c = [triplets(t) for t in p["cOps"]]
    L = qutip.liouvillian(H, c).data.tocsr()
    L1 = None
    n = p["n"]; rho0 = np.zeros((n, n), complex); rho0[p["psi0Index"], p["psi0Index"]] = 1
    times = np.linspace(0, p["tEnd"], p["nTimes"])
else:
    N = p["N"]; I2 = qutip.qeye(2)
    def op(o, j): return qutip.tensor([o if k == j else I2 for k in range(N)])
    Sx, Sy, Sz, Sm = (qutip.jmat(0.5, a) for a in ("x", "y", "z", "-"))
    H0 = 0
    for j in range(N - 1): H0 = H0 + p["J"] * (op(Sx, j) * op(Sx, j + 1) + op(Sy, j) * op(Sy, j + 1))
    for j in range(N): H0 = H0 + p["hx"] * op(Sx, j)
    szt = sum(op(Sz, j) for j in range(N))
    c = [np.sqrt(p["gamma"]) * op(Sm, j) for j in range(N)]
    L = qutip.liouvillian(H0, c).data.tocsr(); L1 = qutip.liouvillian(szt).data.tocsr()
    n = 2 ** N; rho0 = np.zeros((n, n), complex); rho0[0, 0] = 1
    times = np.linspace(-p["T"], p["T"], p["nTimes"])
print('nnz(L)', L.nnz, 'dim', L.shape)
cnt = [0]
if L1 is None:
    def f(t, y): cnt[0] += 1; return L @ y
else:
    v = p["v"]
    def f(t, y): cnt[0] += 1; return L @ y + (v * t) * (L1 @ y)
r = scipy.integrate.ode(f)
r.set_integrator('zvode', method='adams', order=12, atol=p["atol"], rtol=p["rtol"], nsteps=10**9, first_step=0, min_step=0, max_step=0)
y0 = rho0.ravel('F')
r.set_initial_value(y0, times[0])
t0 = time.perf_counter()
for t in times[1:]:
    r.integrate(t)
el = time.perf_counter() - t0
# zvode's iwork: 11 = steps, 12 = f evals (1-based NST, NFE)
iw = r._integrator.iwork
print('rhs evals', cnt[0], 'NST', iw[10], 'NFE', iw[11], 'time', el)
# time of one spmv
y = np.random.rand(L.shape[0]) + 0j
t0 = time.perf_counter(); 
for _ in range(20): L @ y
print('spmv ms', (time.perf_counter() - t0) / 20 * 1e3)
