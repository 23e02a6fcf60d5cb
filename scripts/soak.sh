#!/usr/bin/env bash
# Soak test of the desktop window: runs it (offscreen) at full speed for MINUTES with random
# lesion, slider, tab and reset actions (tests/soak/soak_driver.cpp), samples its resident
# memory every 10 s, and fails if the memory grows once the runner's record cap has been
# reached, or if the window stops answering (no report for 60 s, or no trial completed for
# 300 s: generous, for a loaded machine).
#
#   scripts/soak.sh MINUTES [--granule-cells N] [--purkinje-per-microzone N] [--reset-every S]
#
# Writes the samples to $SOAK_OUT (default build/soak/) as memory.tsv (seconds, resident MB,
# trials, capped, resets) and the driver's log. Uses the Release build in build/.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; then
    echo "usage: scripts/soak.sh MINUTES [driver options]" >&2
    exit 2
fi
minutes=$1
shift
driver=build/tests/soak/flocculus-soak
if [ ! -x "$driver" ]; then
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build -j"$(nproc)" --target flocculus-soak
fi
out=${SOAK_OUT:-build/soak}
mkdir -p "$out"
log=$out/driver.log
samples=$out/memory.tsv
# Growth allowed after the cap: the learning curves keep one point per trial.
tolerance_mb=${SOAK_TOLERANCE_MB:-48}
seconds=$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 }')

QT_QPA_PLATFORM=offscreen "$driver" --seconds "$seconds" "$@" >"$log" 2>"$out/driver.err" &
pid=$!
stop_driver() { kill "$pid" 2>/dev/null || true; }
trap stop_driver EXIT

printf 's\trss_mb\ttrials\tcapped\tresets\n' >"$samples"
fail=""
plateau=""
last_trials=-1
last_progress=0
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
    sleep 10
    kill -0 "$pid" 2>/dev/null || break
    now=$(( $(date +%s) - start ))
    rss_kib=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    line=$(grep '^soak ' "$log" | tail -n 1 || true)
    field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$line"; }
    trials=$(field trials); capped=$(field capped); resets=$(field resets)
    reported=$(field t_s)
    rss_mb=$(( rss_kib / 1024 ))
    printf '%d\t%d\t%s\t%s\t%s\n' "$now" "$rss_mb" "${trials:-0}" "${capped:-0}" "${resets:-0}" >>"$samples"
    # Answering: a report in the last 30 s, and trials still completing.
    # (The first report may take longer: the window builds its network first.)
    if awk -v n="$now" -v r="${reported:-0}" -v first="${reported:+1}" \
        'BEGIN { exit !(n - r > (first ? 60 : 180)) }'; then
        fail="the window stopped answering (last report at ${reported:-never} s, now ${now} s)"
        break
    fi
    if [ "${trials:-0}" != "$last_trials" ]; then
        last_trials=${trials:-0}
        last_progress=$now
    elif [ $(( now - last_progress )) -gt 300 ]; then
        fail="no trial completed for $(( now - last_progress )) s (stuck at $last_trials)"
        break
    fi
    # Memory: the first sample with the record cap reached sets the plateau (a reset gives
    # the records back, so later samples may be lower); none may exceed it by more than the
    # tolerance.
    if [ "${capped:-0}" = 1 ] && [ -z "$plateau" ]; then
        plateau=$rss_mb
        echo "soak: record cap reached at ${now} s with ${rss_mb} MB resident"
    elif [ -n "$plateau" ] && [ "$rss_mb" -gt $(( plateau + tolerance_mb )) ]; then
        fail="memory grew after the record cap: ${rss_mb} MB resident at ${now} s, ${plateau} MB when the cap was reached (tolerance ${tolerance_mb} MB)"
        break
    fi
    echo "soak: ${now} s  ${rss_mb} MB  trials ${trials:-0}  capped ${capped:-0}  resets ${resets:-0}"
done
if [ -n "$fail" ]; then
    echo "soak: FAILED: $fail" >&2
    exit 1
fi
trap - EXIT
if ! wait "$pid"; then
    echo "soak: FAILED: the window exited with an error (see $out/driver.err)" >&2
    exit 1
fi
if [ -z "$plateau" ]; then
    echo "soak: note: the record cap was not reached in ${minutes} min; memory checked only for answering"
fi
echo "soak: passed (${minutes} min; samples in $samples)"
