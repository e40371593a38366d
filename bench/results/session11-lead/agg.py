# Summarises rss-ab.mjs output (session 6): peak RSS and compute ms per (workload, build). Usage: python3 agg.py <file>
import sys,json,collections,statistics
d=collections.defaultdict(list); t=collections.defaultdict(list)
for l in open(sys.argv[1]):
  try: r=json.loads(l)
  except: continue
  d[(r['job'],r['side'])].append(r['maxRssKb']/1024); t[(r['job'],r['side'])].append(r['computeMs'])
for k in sorted(d): print(k, 'rss', ' '.join('%.1f'%x for x in d[k]), '| ms', ' '.join('%.0f'%x for x in t[k]), '| med ms %.0f' % statistics.median(t[k]))
