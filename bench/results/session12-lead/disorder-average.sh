#!/bin/sh
# Peak RSS and time of an anderson-dnp disorder average (exact route, L = 10) through the CLI, for R = 1, 4, 12
# realizations (issue 18, session 12: the N×N arrays of a realization reused by the next).
# Usage: sh disorder-average.sh <spindrift bin/spindrift.js> <work dir>
set -e
BIN=$1; DIR=$2; mkdir -p "$DIR"
for R in 1 4 12; do
  printf 'title: anderson L10 R%s\nmodel: anderson-dnp\nparams: {L: 10, realizations: %s, method: exact}\n' $R $R > "$DIR/a$R.yaml"
  /usr/bin/time -f "R=$R maxrss %M kB wall %e s" node "$BIN" run "$DIR/a$R.yaml" --out "$DIR/out$R" > /dev/null 2> "$DIR/err$R.txt"
  tail -1 "$DIR/err$R.txt"
done
