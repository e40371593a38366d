# Medians and ranges of rss-ab.mjs output (peak RSS in MB = kB/1024, as the bench tables print them; compute ms).
import sys, json, collections, statistics
rows = [json.loads(l) for l in open(sys.argv[1])]
d = collections.defaultdict(lambda: collections.defaultdict(list))
for r in rows:
    d[r['job']][r['side']].append(r)
print('| workload | before: peak RSS median (range) | after | time before → after (median) | load |')
print('|---|---|---|---|---|')
for job, sides in d.items():
    cells = []
    for side in ('before', 'after'):
        v = [x['maxRssKb'] / 1024 for x in sides[side]]
        cells.append(f"{statistics.median(v):.0f} MB ({min(v):.0f}–{max(v):.0f})")
    t = [statistics.median([x['computeMs'] for x in sides[s]]) for s in ('before', 'after')]
    loads = [x['load'] for s in sides.values() for x in s]
    print(f"| {job} | {cells[0]} | {cells[1]} | {t[0]:.0f} → {t[1]:.0f} ms | {min(loads):.1f}–{max(loads):.1f} |")
