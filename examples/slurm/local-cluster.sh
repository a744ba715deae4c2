#!/bin/bash
# A single-node Slurm cluster on this machine, for CI and for trying examples/slurm/array.sh:
# munge + slurmctld + slurmd on localhost, no cgroups (proctrack/linuxproc, task/none), no accounting.
# Needs root and Debian's packages: apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge
#
#   sudo examples/slurm/local-cluster.sh start    # writes /etc/slurm/slurm.conf, starts the daemons, waits for the node
#   sudo examples/slurm/local-cluster.sh stop
#
# The node takes this machine's CPU count and memory; one partition "debug" holds it.
set -euo pipefail

CONF_DIR=/etc/slurm
STATE=/var/spool/slurmctld
SPOOL=/var/spool/slurmd
LOGS=/var/log/slurm

start() {
  local host cpus mem_mb
  host=$(hostname -s)
  cpus=$(nproc)
  mem_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
  mkdir -p "$CONF_DIR" "$STATE" "$SPOOL" "$LOGS" /run/munge
  cat > "$CONF_DIR/slurm.conf" <<CONF
# Written by examples/slurm/local-cluster.sh: single node, no cgroups, no accounting.
ClusterName=faultline-local
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
StateSaveLocation=${STATE}
SlurmdSpoolDir=${SPOOL}
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=${LOGS}/slurmctld.log
SlurmdLogFile=${LOGS}/slurmd.log
MinJobAge=3600
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${mem_mb} State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  rm -f "$CONF_DIR/cgroup.conf"
  # munge: a key (Debian's package installs one; create it otherwise), then the daemon as user munge.
  if [ ! -s /etc/munge/munge.key ]; then
    if command -v mungekey >/dev/null; then mungekey --create --force; else dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; fi
  fi
  chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
  chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key
  if ! pgrep -x munged >/dev/null; then
    runuser -u munge -- /usr/sbin/munged
  fi
  munge -n | unmunge >/dev/null   # fails loudly when munge does not work
  pgrep -x slurmctld >/dev/null || /usr/sbin/slurmctld
  pgrep -x slurmd >/dev/null || /usr/sbin/slurmd
  # Wait until the node is idle (slurmd registered with slurmctld).
  for _ in $(seq 1 60); do
    state=$(sinfo -h -n "$host" -o '%T' 2>/dev/null || true)
    case "$state" in
      idle*|mixed*|allocated*) echo "slurm: node $host is $state"; return 0 ;;
      down*|drain*) scontrol update nodename="$host" state=resume 2>/dev/null || true ;;
    esac
    sleep 1
  done
  echo "slurm: node $host did not become idle (state: ${state:-unknown}); logs in $LOGS" >&2
  tail -n 20 "$LOGS/slurmctld.log" "$LOGS/slurmd.log" >&2 || true
  return 1
}

stop() {
  for d in slurmd slurmctld; do
    if [ -f "/run/$d.pid" ]; then kill "$(cat "/run/$d.pid")" 2>/dev/null || true; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
