#!/usr/bin/env bash
# Remakes the pictures in docs/screenshots from the current build, with seed 1, so that the
# documentation shows what the model does now. Each one runs the app's own
# `--demo-trials N --screenshot FILE` (N trials at full speed, then a picture of the window
# at 1280 x 720) on Qt's offscreen platform, so no display is needed.
#
# usage: scripts/screenshots.sh [--app PATH] [--out DIR]
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app="$root/build/app/flocculus"
out="$root/docs/screenshots"

die() { echo "screenshots.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --app) [ $# -ge 2 ] || die "--app needs a path"; app=$2; shift 2 ;;
        --out) [ $# -ge 2 ] || die "--out needs a directory"; out=$2; shift 2 ;;
        -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done
[ -x "$app" ] || die "no app at $app (build it first: cmake --build build)"
mkdir -p "$out"

shot() {  # file, then the app's options (lessons set their own protocol and seed)
    local file=$1
    shift
    echo "== $file"
    QT_QPA_PLATFORM=offscreen "$app" "$@" --screenshot "$out/$file" >/dev/null
}

run="--protocol direction-learning --seed 1"
shot main-window.png $run --demo-trials 60 --tab velocity
shot purkinje-cells.png $run --demo-trials 60 --tab purkinje
shot learning-curves.png $run --demo-trials 120 --tab learning
shot synaptic-weights.png $run --demo-trials 120 --tab weights
shot lesson.png --lesson direction-learning --demo-trials 40
shot lesson-climbing-fibre.png --lesson climbing-fibre-teacher --demo-trials 60
shot vor.png --lesson new-glasses --demo-trials 153
shot vor-learning.png --lesson new-glasses --demo-trials 153 --tab learning
shot eyeblink.png --lesson learning-when-to-blink --demo-trials 120
shot eyeblink-clock.png --lesson learning-when-to-blink --demo-trials 120 --tab clock
# The lesions after training, scheduled by the lesson (Purkinje cells from trial 151, the
# nucleus from trial 201), on the eyeblink learning curves.
shot eyeblink-learning.png --lesson cortex-or-nuclei --demo-trials 240 --tab learning
# Two runs compared (an intact run kept, then one with LTD blocked from its third trial):
# drawn by the UI test that builds them, with a small network so that it stays quick.
runs_test="$(dirname "$app")/../tests/ui/test_runs"
if [ -x "$runs_test" ]; then
    echo "== runs.png"
    shots=$(mktemp -d)
    FLOCCULUS_TEST_SHOTS="$shots" QT_QPA_PLATFORM=offscreen "$runs_test" \
        runsAreNamedShownHiddenDeletedAndCompared >/dev/null
    cp "$shots/runs-1366.png" "$out/runs.png"
    rm -rf "$shots"
fi
echo "done: $out"
