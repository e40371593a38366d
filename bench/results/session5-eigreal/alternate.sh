#!/bin/bash
# Alternating cold/warm eigensolver runs on the anderson-exact-L10 matrix (n = 1000), one fresh process per
# line (2 calls: the first cold, the second warm), via ../session4-eigcold/eig-cold.mjs.
# Usage: alternate.sh <eigreal dist> <main dist> <rounds>
# Each round: eigreal real, main real, complex (eigreal tree; the complex code is unchanged), each with the
# default thread team and with SPINDRIFT_THREADS=1. `uptime` before every round.
E="$(dirname "$0")/../session4-eigcold/eig-cold.mjs"
NEW="$1"; OLD="$2"; R="${3:-3}"
for r in $(seq 1 "$R"); do
  echo "# round $r $(date -u +%H:%M:%S) $(uptime | sed 's/.*load/load/')"
  for th in default 1; do
    if [ "$th" = 1 ]; then export SPINDRIFT_THREADS=1; else unset SPINDRIFT_THREADS; fi
    echo "threads=$th eigreal $(node "$E" "$NEW" real 2)"
    echo "threads=$th main    $(node "$E" "$OLD" real 2)"
    echo "threads=$th eigreal $(node "$E" "$NEW" complex 2)"
  done
done
unset SPINDRIFT_THREADS
echo "# end $(date -u +%H:%M:%S) $(uptime | sed 's/.*load/load/')"
