#!/usr/bin/env bash
# Times Flocculus side by side with the same granule -> Purkinje learning network written
# in Brian2 (the peer script, DESIGN §6), at the same size and the same granule-cell rate,
# and prints both real-time factors and their ratio.
#
# Activity is matched on the granule cells' mean firing rate: Flocculus's rate is measured
# by its own benchmark; the peer's mossy-fibre rate is then found by bisection (short runs of
# a small copy of the peer network, numpy target: the granule rate per cell does not depend
# on the network's size) until the peer's granule cells fire at the same rate (within 10%);
# the peer then runs at full size with that mossy-fibre rate. Flocculus is timed right after
# the peer's timed run, on K threads and on one (Brian2 runs on one), best of --repeat runs
# each, since other load on the machine only ever slows a run down.
#
# usage: scripts/compare-brian2.sh [--granule-cells N] [--purkinje-cells M] [--seconds T]
#            [--peer-seconds T] [--threads K] [--target cpp_standalone|cython|numpy]
#            [--mf-rate HZ] [--repeat N] [--peer PATH] [--cli PATH]
# The peer's target defaults to cpp_standalone, the one the performance target is set against
# (its generated C++ is built before the timed run and not timed); cython is the other
# compiled target.
# The peer is ../shared/bench/brian2_peer.py beside the repository unless --peer (or the
# environment variable FLOCCULUS_BRIAN2_PEER) names another; Brian2 is Debian's
# python3-brian (scripts/install-deps.sh installs it), run with /usr/bin/python3.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

granule=100000
purkinje=64
seconds=5
peer_seconds=5
threads=$(nproc)
target=cpp_standalone
mf_rate=""
repeat=3
peer=${FLOCCULUS_BRIAN2_PEER:-$root/../shared/bench/brian2_peer.py}
cli=$root/build/app/flocculus-cli
python=/usr/bin/python3

die() { echo "compare-brian2: $*" >&2; exit 2; }
need_value() { [ $# -ge 2 ] || die "$1 needs a value"; }
while [ $# -gt 0 ]; do
    case "$1" in
        --granule-cells) need_value "$@"; granule=$2; shift 2 ;;
        --purkinje-cells) need_value "$@"; purkinje=$2; shift 2 ;;
        --seconds) need_value "$@"; seconds=$2; shift 2 ;;
        --peer-seconds) need_value "$@"; peer_seconds=$2; shift 2 ;;
        --threads) need_value "$@"; threads=$2; shift 2 ;;
        --target) need_value "$@"; target=$2; shift 2 ;;
        --mf-rate) need_value "$@"; mf_rate=$2; shift 2 ;;
        --peer) need_value "$@"; peer=$2; shift 2 ;;
        --cli) need_value "$@"; cli=$2; shift 2 ;;
        --repeat) need_value "$@"; repeat=$2; shift 2 ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done
[[ "$repeat" =~ ^[1-9][0-9]?$ ]] || die "--repeat must be a whole number in [1, 99], got '$repeat'"
case "$target" in cython|numpy|cpp_standalone) ;; *) die "--target must be cython, numpy or cpp_standalone, got '$target'" ;; esac
[ -f "$peer" ] || die "no Brian2 peer script at $peer (give its path with --peer)"
[ -x "$cli" ] || die "no flocculus-cli at $cli (build first, or give its path with --cli)"
"$python" -c 'import brian2' 2>/dev/null ||
    die "Brian2 is missing: install Debian's python3-brian (scripts/install-deps.sh)"

# A field of a one-line JSON object, or of the peer's "key=value" line.
json_field() { grep -o "\"$1\": [-0-9.e]*" | head -1 | awk '{print $2}'; }
peer_field() { grep -o "$1=[0-9.]*" | tail -1 | cut -d= -f2 | sed 's/\.$//'; }
run_peer() {  # n_gc n_pc seconds target mf_rate -> the peer's result line
    "$python" -W ignore "$peer" "$1" "$2" "$3" "$4" "$5" 2>/dev/null | grep '^brian2\['
}

ours() {  # threads seconds -> bench JSON
    "$cli" bench --granule-cells "$granule" --purkinje-cells "$purkinje" --seconds "$2" \
        --threads "$1" --json
}
best_rt() {  # threads -> the best real-time factor of $repeat runs
    local best=0 rt
    for _ in $(seq 1 "$repeat"); do
        rt=$(ours "$1" "$seconds" | json_field realtime_factor)
        best=$(awk -v a="$best" -v b="$rt" 'BEGIN{print (b > a) ? b : a}')
    done
    echo "$best"
}

echo "== Flocculus: granule-cell rate of $granule granule x $purkinje Purkinje cells"
our_gc=$(ours "$threads" 2 | json_field gc_rate_hz)
echo "   ${our_gc} Hz"

if [ -z "$mf_rate" ]; then
    echo "== matching the peer's granule-cell rate to ${our_gc} Hz (bisection on its mossy-fibre rate)"
    lo=1; hi=400
    for _ in $(seq 1 12); do
        mf_rate=$(awk -v a="$lo" -v b="$hi" 'BEGIN{printf "%.2f", (a + b) / 2}')
        line=$(run_peer 10000 4 2 numpy "$mf_rate")
        rate=$(echo "$line" | peer_field gc_rate)
        echo "   mossy ${mf_rate} Hz -> granule ${rate} Hz"
        if awk -v r="$rate" -v t="$our_gc" 'BEGIN{exit !(r >= 0.9 * t && r <= 1.1 * t)}'; then break; fi
        if awk -v r="$rate" -v t="$our_gc" 'BEGIN{exit !(r < t)}'; then lo=$mf_rate; else hi=$mf_rate; fi
    done
fi

echo "== Brian2 peer ($target): $granule granule x $purkinje Purkinje cells, $peer_seconds s, mossy ${mf_rate} Hz"
if [ "$target" = cython ]; then
    # Compile (and cache) the generated code on a tiny network first, so that the timed run
    # measures simulation, not compilation.
    run_peer 1000 4 0.01 cython "$mf_rate" >/dev/null || true
fi
theirs=$(run_peer "$granule" "$purkinje" "$peer_seconds" "$target" "$mf_rate")
echo "$theirs"
peer_rt=$(echo "$theirs" | peer_field rt_factor)
peer_gc=$(echo "$theirs" | peer_field gc_rate)

echo "== Flocculus: $seconds s, best of $repeat, on $threads threads and on 1"
our_rt=$(best_rt "$threads")
our_rt1=$our_rt
[ "$threads" = 1 ] || our_rt1=$(best_rt 1)

echo
printf '%-28s %14s %16s\n' "" "x real time" "granule rate"
printf '%-28s %14s %13s Hz\n' "Flocculus ($threads threads)" "$our_rt" "$our_gc"
[ "$threads" = 1 ] || printf '%-28s %14s %13s Hz\n' "Flocculus (1 thread)" "$our_rt1" "$our_gc"
printf '%-28s %14s %13s Hz\n' "Brian2 peer ($target)" "$peer_rt" "$peer_gc"
awk -v a="$our_rt" -v c="$our_rt1" -v b="$peer_rt" -v k="$threads" 'BEGIN{ if (b > 0)
    printf "Flocculus is %.1fx faster than the Brian2 peer on %d threads, %.1fx on one\n", a / b, k, c / b }'
