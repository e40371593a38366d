#!/bin/bash
# Session 9 (lead): realization-runs.mjs plans in alternating fresh processes, each preceded by a 1-second
# idle check (vmstat idle %):  bash bench/results/session9-lead/alternate-runs.sh <dist> <rounds>
D=$1; N=${2:-5}
here=$(dirname "$0")
echo "# $(date -u +%FT%TZ) $(git -C "$here" rev-parse --short HEAD) load $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 1; i <= N; i++)); do
  for spec in "real 1" "complex 1" "real-after-complex 1" "complex-after-real 1" "real 5" "complex 5" "real 10" "complex 10"; do
    idle=$(vmstat 1 2 | tail -1 | awk '{print $15}')
    echo "round $i idle $idle $(node "$here/realization-runs.mjs" "$D" $spec)"
  done
done
