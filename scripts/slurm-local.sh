#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for `npm run test:slurm` and for trying
# `spindrift slurm` without a real cluster (docs/scaling.md).
#
#   scripts/slurm-local.sh start   # write slurm.conf, start munged, slurmctld, slurmd; wait for the node
#   scripts/slurm-local.sh stop    # stop exactly the daemons started by `start` (by their PIDs)
#   scripts/slurm-local.sh env     # print `export SLURM_CONF=...` for this cluster
#
# Needs root (SlurmUser=root) and Debian's packages: apt-get install slurm-wlm munge.
# State, logs and slurm.conf live in $SPINDRIFT_SLURM_DIR (default /tmp/spindrift-slurm).
# The node is described by `slurmd -C`; no accounting, no cgroups (proctrack/linuxproc,
# task/none), so it runs in containers without systemd.
set -euo pipefail

STATE=${SPINDRIFT_SLURM_DIR:-/tmp/spindrift-slurm}
CONF=$STATE/slurm.conf
die() { echo "slurm-local: $*" >&2; exit 1; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  [ "$(id -u)" = 0 ] || die "must run as root (the test cluster uses SlurmUser=root)"
  for b in munged mungekey slurmctld slurmd sinfo sbatch squeue; do
    command -v "$b" >/dev/null || die "$b not found; install Slurm with: apt-get install slurm-wlm munge"
  done
  if alive "$STATE/slurmctld.pid" || alive "$STATE/slurmd.pid"; then die "already running (state in $STATE); run: $0 stop"; fi
  mkdir -p "$STATE/ctld" "$STATE/spool"
  local host node
  host=$(hostname -s)
  node=$(slurmd -C | head -n 1)
  case $node in NodeName=*) ;; *) die "unexpected output of slurmd -C: $node" ;; esac
  cat > "$CONF" <<EOF
# Written by scripts/slurm-local.sh: a one-node test cluster.
ClusterName=spindrift-local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
$node State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  # munged: reuse one already running (the system's), else start our own as user munge.
  if alive /run/munge/munged.pid; then
    echo "slurm-local: using the running munged (pid $(cat /run/munge/munged.pid))"
  else
    mkdir -p /run/munge /var/log/munge /var/lib/munge
    chown munge:munge /run/munge /var/log/munge /var/lib/munge
    chmod 0755 /run/munge
    [ -s /etc/munge/munge.key ] || { mungekey --create --keyfile=/etc/munge/munge.key && chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key; }
    runuser -u munge -- munged
    for _ in $(seq 50); do alive /run/munge/munged.pid && break; sleep 0.1; done
    alive /run/munge/munged.pid || die "munged did not start (see /var/log/munge/munged.log)"
    cp /run/munge/munged.pid "$STATE/munged.pid"   # ours: stop it again
  fi
  slurmctld -f "$CONF" || die "slurmctld failed to start (see $STATE/slurmctld.log)"
  slurmd -f "$CONF" || die "slurmd failed to start (see $STATE/slurmd.log)"
  local st=""
  for _ in $(seq 120); do
    st=$(SLURM_CONF=$CONF sinfo -h -N -o %t 2>/dev/null | head -n 1 || true)
    [ "$st" = idle ] && break
    sleep 0.5
  done
  [ "$st" = idle ] || { tail -n 5 "$STATE/slurmctld.log" "$STATE/slurmd.log" >&2 || true; die "node not idle after 60 s (state: ${st:-none})"; }
  echo "slurm-local: node $host idle; export SLURM_CONF=$CONF"
}

stop() {
  local f pid
  for f in slurmd slurmctld munged; do
    if alive "$STATE/$f.pid"; then
      pid=$(cat "$STATE/$f.pid")
      kill "$pid"
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && die "$f (pid $pid) did not stop"
      echo "slurm-local: stopped $f (pid $pid)"
    fi
    rm -f "$STATE/$f.pid"
  done
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
