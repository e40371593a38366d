#!/bin/bash
# Alternating runs of eig-caller.mjs (wall / process CPU / calling-thread CPU per call; 3 calls per process,
# the first cold) with the default thread team: eigreal real, main real, complex. `uptime` before every round.
# Usage: alternate-caller.sh <eigreal dist> <main dist> <rounds>
E="$(dirname "$0")/eig-caller.mjs"
NEW="$1"; OLD="$2"; R="${3:-3}"
for r in $(seq 1 "$R"); do
  echo "# round $r $(date -u +%H:%M:%S) $(uptime | sed 's/.*load/load/')"
  echo "eigreal $(node "$E" "$NEW" real 3)"
  echo "main    $(node "$E" "$OLD" real 3)"
  echo "eigreal $(node "$E" "$NEW" complex 2)"
done
echo "# end $(date -u +%H:%M:%S) $(uptime | sed 's/.*load/load/')"
