#!/bin/bash
# Fresh processes in alternation, each preceded by a 1-second idle check (vmstat idle %, before/after):
#   bash bench/results/session6-lead/alternate.sh <dist of build A> <dist of build B> <rounds> [calls]
# Each round: A real, A complex, B real, B complex (B may equal A). The outputs in this folder were made with
# a copy of session 4's eig-cold.mjs that printed the fault counts; EIG_FAULTS=1 does the same now.
A=$1; B=$2; R=${3:-5}; C=${4:-3}
here=$(dirname "$0")
for ((i = 1; i <= R; i++)); do
  for d in "$A" "$B"; do
    for m in real complex; do
      idle=$(vmstat 1 2 | tail -1 | awk '{print $15}')
      echo "round $i idle $idle $d $(EIG_FAULTS=1 node "$here/../session4-eigcold/eig-cold.mjs" "$d" $m $C)"
    done
    [ "$A" = "$B" ] && break
  done
done
