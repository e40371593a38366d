#!/bin/bash
# Session 10 (lead): alternating fresh processes of eig-cold.mjs (n = 1000, the anderson-exact-L10 matrix,
# 6 calls each), real and complex, for two builds: prints one raw line per process.
#   bash bench/results/session10-lead/alternate.sh <rounds> <dist A> <dist B>
rounds=$1; a=$2; b=$3
here=$(dirname "$0")
for r in $(seq 1 "$rounds"); do
  for mode in real complex; do
    for d in "$a" "$b"; do
      echo "$d $(node "$here/../session4-eigcold/eig-cold.mjs" "$d" $mode 6)"
    done
  done
done
