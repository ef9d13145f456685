#!/bin/bash
# Single-node Slurm (Debian 12, slurm-wlm 22.05 + munge 0.5.15) under /tmp/slurmtest.
# usage: slurm_cluster.sh start | stop        (needs root; apt-get install -y slurm-wlm munge)
# A minimal single-node configuration (slurmctld and slurmd on this host, munge for auth);
# start wipes old state first.
set -eu
T=/tmp/slurmtest
HOST=$(hostname -s)
export SLURM_CONF=$T/etc/slurm.conf

start() {
  rm -rf $T/state $T/spool $T/log
  mkdir -p $T/munge $T/etc $T/state $T/spool $T/log
  chmod 755 $T/munge                       # munged insists the socket dir is world-executable
  [ -f $T/munge/munge.key ] || mungekey --create --keyfile=$T/munge/munge.key
  chmod 400 $T/munge/munge.key
  munged --socket=$T/munge/munge.socket.2 --key-file=$T/munge/munge.key \
         --pid-file=$T/munge/munged.pid --log-file=$T/munge/munged.log \
         --seed-file=$T/munge/munged.seed      # forks; PID in munged.pid
  munge -n -S $T/munge/munge.socket.2 | unmunge -S $T/munge/munge.socket.2 >/dev/null

  cat > $SLURM_CONF <<CONF
ClusterName=testcluster
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/munge/munge.socket.2
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
MinJobAge=5
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=2 RealMemory=20000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF

  slurmctld -D -i >$T/log/slurmctld.out 2>&1 & echo $! > $T/slurmctld.bgpid
  slurmd -D -N $HOST  >$T/log/slurmd.out    2>&1 & echo $! > $T/slurmd.bgpid
  for i in $(seq 1 150); do                 # up to 30 s
    [ "$(sinfo -h -N -o '%t' 2>/dev/null)" = idle ] && return 0
    sleep 0.2
  done
  echo "node never became idle"; sinfo -N -l || true; tail -n 20 $T/log/*.log; return 1
}

stop_pids() {          # TERM the given PIDs, wait up to 10 s, then KILL
  local pids=() p i alive
  for p in "$@"; do kill -TERM "$p" 2>/dev/null && pids+=("$p"); done
  for i in $(seq 1 100); do
    alive=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && return 0; sleep 0.1
  done
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && kill -KILL "$p"; done; return 0
}

stop() {
  stop_pids $(cat $T/slurmd.bgpid $T/slurmctld.bgpid 2>/dev/null)
  stop_pids $(cat $T/munge/munged.pid 2>/dev/null)
}

"$@"
