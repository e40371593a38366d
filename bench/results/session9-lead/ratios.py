# Session 9 (lead): per-round complex/real ratios of an alternate-runs.sh output.
#   python3 bench/results/session9-lead/ratios.py <output file>
import re, statistics as st, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r'round (\d+) idle \d+ (\S+) R=(\d+) total (\d+) ms \| (.*)', line)
    if m:
        rows[(int(m[1]), m[2], int(m[3]))] = (int(m[4]), list(map(int, m[5].split())))
rounds = sorted({k[0] for k in rows})
for a, b, R in [('real', 'complex', 1), ('real-after-complex', 'complex-after-real', 1), ('real', 'complex', 5), ('real', 'complex', 10)]:
    A = [rows[(r, a, R)][0] for r in rounds]; B = [rows[(r, b, R)][0] for r in rounds]
    q = [y / x for x, y in zip(A, B)]
    print(f"{a} vs {b} R={R}: {min(A)}-{max(A)} (median {st.median(A)}) vs {min(B)}-{max(B)} (median {st.median(B)}); "
          f"per-round ratio {min(q):.2f}-{max(q):.2f} median {st.median(q):.2f}")
wa = [c for r in rounds for c in rows[(r, 'real', 10)][1][2:]]; wb = [c for r in rounds for c in rows[(r, 'complex', 10)][1][2:]]
print(f"calls 3-10 of R=10: real median {st.median(wa)} complex median {st.median(wb)} ratio {st.median(wb) / st.median(wa):.2f}")
