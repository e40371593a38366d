#!/usr/bin/env python3
"""Session 10 (lead): medians of alternate.sh output per (build, mode): the first call, the second, and the
median of calls 3-6 per process; then complex/real ratios per build.
  python3 bench/results/session10-lead/medians.py <alternate.sh output>"""
import re, sys, statistics as st
rows = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) < 3:
        continue
    calls = [int(m.group(1)) for p in parts[2:] if (m := re.match(r'(\d+)ms', p))]
    rows.setdefault((parts[0], parts[1]), []).append(calls)
med = {}
for (build, mode), rs in rows.items():
    first = st.median(r[0] for r in rs); second = st.median(r[1] for r in rs); warm = st.median(st.median(r[2:]) for r in rs)
    med[(build, mode)] = (first, second, warm)
    print(f"{build:24s} {mode:8s} n={len(rs):2d}  first {first:6.0f}  second {second:6.0f}  warm {warm:6.0f}"
          f"  (warm range {min(st.median(r[2:]) for r in rs):.0f}-{max(st.median(r[2:]) for r in rs):.0f})")
for build in sorted({b for b, _ in med}):
    if (build, 'real') in med and (build, 'complex') in med:
        r, c = med[(build, 'real')], med[(build, 'complex')]
        print(f"{build:24s} complex/real: first {c[0]/r[0]:.2f}  second {c[1]/r[1]:.2f}  warm {c[2]/r[2]:.2f}")
