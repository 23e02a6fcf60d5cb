#!/usr/bin/env bash
# A small sweep (2 values x 2 seeds, a network of 2000 granule cells, 3 trials) run by real
# engines and collected:
#   sweep_engines.sh CLI parallel   GNU parallel on this machine; a job killed mid-run (its
#                                   summary.json gone) is reported missing and redone
#   sweep_engines.sh CLI slurm      the same sweep under GNU parallel, then under a throwaway
#                                   single-node Slurm (munged, slurmctld, slurmd on localhost,
#                                   started here and stopped by their pids); both sweep.csv
#                                   must hold the same results
# Exit 77 (skipped) when the engine's programs are not installed.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cli=$(realpath "$1")
mode=$2
export FLOCCULUS_CLI=$cli
tmp=$(mktemp -d "${TMPDIR:-/tmp}/flocculus-sweep.XXXXXX")
chmod 755 "$tmp"
pids=()

cleanup() {
    set +e
    if [ -n "${jobid:-}" ]; then scancel "$jobid" 2>/dev/null; fi
    # Stop the daemons this script started, newest first, and wait for each to go.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill -TERM "${pids[i]}" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "${pids[i]}" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

fail() { echo "FAIL: $*" >&2; exit 1; }

command -v parallel >/dev/null || { echo "GNU parallel is not installed: skipped"; exit 77; }

make_sweep() {  # DIR
    "$cli" sweep --protocol direction-learning --trials 3 --set network.granule_cells=2000 \
        --grid pf.ltd_rate=0.001,0.004 --seeds 1-2 --out "$1" >/dev/null
}

# The results of a sweep.csv without the columns that time the run.
results() {
    python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for r in rows:
    print({k: v for k, v in r.items() if k not in ("wall_s", "realtime_factor")})
PY
}

# ---- GNU parallel
par=$tmp/parallel
make_sweep "$par"
[ "$(grep -c . "$par/jobs.tsv")" = 7 ] || fail "jobs.tsv should hold 3 header lines and 4 jobs"
HOME=$tmp "$par/run-parallel.sh" -j2 >/dev/null 2>"$tmp/par.err" || { cat "$tmp/par.err"; fail "run-parallel.sh"; }
"$cli" collect "$par" >/dev/null || fail "collect after GNU parallel"
[ "$(grep -c ',ok$' "$par/sweep.csv")" = 4 ] || fail "sweep.csv should hold 4 ok rows"
head -1 "$par/sweep.csv" | grep -q '^index,pf.ltd_rate,seed,lesions,protocol,' || fail "sweep.csv header"
head -1 "$par/sweep.csv" | grep -q ',output_hash,status$' || fail "sweep.csv header end"

if [ "$mode" = parallel ]; then
    # Equal seeds and values give equal hashes; the other value differs.
    hash() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['output_hash'])" "$1"; }
    h2=$(hash "$par/runs/2/summary.json")
    [ "$h2" != "$(hash "$par/runs/0/summary.json")" ] || fail "pf.ltd_rate changed nothing"
    # A finished job is skipped on rerun.
    "$cli" run --jobs "$par/jobs.tsv" --index 1 2>&1 | grep -q 'already finished' || fail "no skip"
    # A job killed mid-run leaves no summary.json: collect names it, a rerun redoes it.
    rm "$par/runs/2/summary.json"
    set +e
    "$cli" collect "$par" >/dev/null 2>"$tmp/collect.err"
    code=$?
    set -e
    [ $code = 1 ] || fail "collect with a missing job should exit 1, got $code"
    grep -q '^missing: job 2 (pf.ltd_rate=0.004, seed 1)$' "$tmp/collect.err" || { cat "$tmp/collect.err"; fail "missing job not named"; }
    grep -q '^2,0.004,1,.*,missing$' "$par/sweep.csv" || fail "missing row"
    HOME=$tmp "$par/run-parallel.sh" -j2 >/dev/null 2>&1 || fail "rerun"
    [ "$(hash "$par/runs/2/summary.json")" = "$h2" ] || fail "redone job differs"
    "$cli" collect "$par" >/dev/null || fail "collect after the rerun"
    # A job killed for real mid-run leaves no summary.json (nor any file under its final
    # name): collect reports it missing.
    long=$tmp/long
    "$cli" sweep --protocol direction-learning --trials 2000 --set network.granule_cells=2000 \
        --grid pf.ltd_rate=0.002 --seeds 1 --out "$long" >/dev/null
    "$cli" run --jobs "$long/jobs.tsv" --index 0 --threads 1 --quiet >/dev/null 2>&1 &
    victim=$!
    for _ in $(seq 1 100); do
        compgen -G "$long/runs/0/.trials.csv.tmp*" >/dev/null && break
        sleep 0.1
    done
    sleep 0.5
    kill -KILL "$victim"
    wait "$victim" 2>/dev/null || true
    for f in summary.json trials.csv traces.csv purkinje_spikes.csv; do
        [ ! -e "$long/runs/0/$f" ] || fail "a killed job left $f"
    done
    if "$cli" collect "$long" >/dev/null 2>"$tmp/long.err"; then fail "collect of a killed job succeeded"; fi
    grep -q '^missing: job 0 (pf.ltd_rate=0.002, seed 1)$' "$tmp/long.err" || fail "killed job not missing"
    # A job that fails is reported as failed, with its reason.
    bad=$tmp/bad
    make_sweep "$bad"
    sed -i 's/^1\t2\t0.001$/1\t2\t7/' "$bad/jobs.tsv"
    if "$cli" run --jobs "$bad/jobs.tsv" --index 0 2>"$tmp/bad.err"; then fail "bad jobs.tsv accepted"; fi
    grep -q 'jobs.tsv line 5: parameter pf.ltd_rate must be in \[0, 1\], got 7' "$tmp/bad.err" || { cat "$tmp/bad.err"; fail "bad value not named"; }
    [ ! -e "$bad/runs/0/summary.json" ] || fail "a run started on a bad jobs.tsv"
    echo "GNU parallel: 4 jobs, collected; a missing job named and redone with an equal hash; a killed job missing"
    exit 0
fi

# ---- Slurm on this machine alone
for p in munged mungekey slurmctld slurmd sbatch squeue scontrol scancel sinfo; do
    command -v "$p" >/dev/null || { echo "$p is not installed: skipped"; exit 77; }
done
s=$tmp/slurm
mkdir -p "$s/state" "$s/spool" "$s/log" "$s/run"
chmod 755 "$s" "$s/run"
mungekey --create --keyfile="$s/munge.key" >/dev/null
chmod 600 "$s/munge.key"
munged --key-file="$s/munge.key" --socket="$s/run/munge.sock" --pid-file="$s/run/munged.pid" \
    --log-file="$s/log/munged.log" --seed-file="$s/run/munged.seed" \
    || fail "munged did not start: $(tail -3 "$s/log/munged.log" 2>/dev/null)"
for _ in $(seq 1 50); do [ -s "$s/run/munged.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$s/run/munged.pid")")

# Free ports for the controller and the node daemon (the defaults may be taken).
read -r ctld_port slurmd_port < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(2)]
for x in ss: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in ss])')
node=$(slurmd -C | head -1 | sed -e 's/^NodeName=[^ ]*/NodeName=localhost NodeAddr=127.0.0.1/' -e 's/ UpTime=.*//')
cat > "$s/slurm.conf" <<CONF
ClusterName=flocculus-test
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$s/run/munge.sock
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=batch_sched_delay=0
MailProg=/bin/true
ReturnToService=2
StateSaveLocation=$s/state
SlurmdSpoolDir=$s/spool
SlurmctldPidFile=$s/run/slurmctld.pid
SlurmdPidFile=$s/run/slurmd.pid
SlurmctldLogFile=$s/log/slurmctld.log
SlurmdLogFile=$s/log/slurmd.log
$node
PartitionName=test Nodes=localhost Default=YES MaxTime=10 State=UP
CONF
export SLURM_CONF=$s/slurm.conf
slurmctld -f "$s/slurm.conf" || fail "slurmctld did not start"
for _ in $(seq 1 50); do [ -s "$s/run/slurmctld.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$s/run/slurmctld.pid")")
slurmd -f "$s/slurm.conf" -N localhost || fail "slurmd did not start"
for _ in $(seq 1 50); do [ -s "$s/run/slurmd.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$s/run/slurmd.pid")")
state=
for _ in $(seq 1 100); do
    state=$(sinfo -h -N -o %T 2>/dev/null || true)
    [ "$state" = idle ] && break
    sleep 0.2
done
[ "$state" = idle ] || fail "the node is '$state', not idle: $(tail -5 "$s/log/slurmctld.log")"

sl=$tmp/slurm-sweep
make_sweep "$sl"
jobid=$(sbatch --parsable "$sl/sweep.sbatch") || fail "sbatch"
jobid=${jobid%%;*}
for _ in $(seq 1 600); do
    [ -z "$(squeue -h -r -j "$jobid" 2>/dev/null)" ] && break
    sleep 0.5
done
[ -z "$(squeue -h -r -j "$jobid")" ] || fail "the array did not finish in 5 minutes"
states=$(scontrol -o show job "$jobid" | grep -o 'JobState=[A-Z]*' | sort | uniq -c)
echo "$states" | grep -q ' 4 JobState=COMPLETED' || fail "array states: $states"
jobid=
"$cli" collect "$sl" >/dev/null || { cat "$sl"/logs/*; fail "collect after Slurm"; }
diff <(results "$par/sweep.csv") <(results "$sl/sweep.csv") >&2 || fail "Slurm and GNU parallel differ"
ls "$sl"/logs/slurm-*_[0-3].out >/dev/null || fail "no Slurm logs"
echo "Slurm: 4 array tasks completed on a single-node cluster; sweep.csv equals GNU parallel's"
