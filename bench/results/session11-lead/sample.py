# RSS timeline of one benchmark child (polled every 3 ms from /proc). Usage: python3 sample.py <threads> <spindrift-child.js> <job.json>
import subprocess, sys, time, os, json
env = dict(os.environ); env['SPINDRIFT_THREADS'] = sys.argv[1]
p = subprocess.Popen(['node', sys.argv[2], sys.argv[3]], env=env)
t0 = time.time(); out = []
while p.poll() is None:
    try:
        s = open(f'/proc/{p.pid}/status').read()
        rss = int(s.split('VmRSS:')[1].split()[0]) / 1024
        thr = int(s.split('Threads:')[1].split()[0])
        out.append((time.time() - t0, rss, thr))
    except Exception: pass
    time.sleep(0.003)
# print every 40 ms and at maxima
last = -1
mx = max(out, key=lambda x: x[1])
for t, r, th in out:
    if t - last >= 0.04 or (t, r, th) == mx:
        print(f'{t*1000:7.0f} ms  {r:6.1f} MB  thr {th}' + ('  <- max' if (t, r, th) == mx else '')); last = t
