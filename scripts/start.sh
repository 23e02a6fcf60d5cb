#!/usr/bin/env bash
# Installs what is missing, builds, and starts Flocculus. Without a display it says so and
# runs a short headless demo instead. Extra arguments go to the app.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
targets=(flocculus flocculus-cli)
# The Python module too, where pybind11 was found (README, "Sweeps, HDF5 and Python").
[ -f build/python/cmake_install.cmake ] && targets+=(flocculus_python)
cmake --build build -j"$(nproc)" --target "${targets[@]}"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec build/app/flocculus "$@"
fi

echo
echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open."
echo "Running the headless demo instead: 30 trials of direction learning."
echo
build/app/flocculus-cli run --protocol direction-learning --trials 30 --seed 1 --out out/demo
# Pictures of the window after the same run, drawn on Qt's offscreen platform.
pictures=()
for view in velocity learning; do
    picture="out/demo/window-$view.png"
    if QT_QPA_PLATFORM=offscreen build/app/flocculus --protocol direction-learning --seed 1 \
        --demo-trials 30 --tab "$view" --screenshot "$picture" >/dev/null 2>&1; then
        pictures+=("$picture")
    else
        echo "(could not draw the window offscreen for the $view picture)"
    fi
done
echo
echo "The recordings are in out/demo/ (summary.json, trials.csv, purkinje_spikes.csv, traces.csv)."
if [ ${#pictures[@]} -gt 0 ]; then
    echo "Pictures of the window after the run:"
    for picture in "${pictures[@]}"; do
        case "$picture" in
            *velocity*) echo "  $picture  eye and target velocity, the last trials" ;;
            *) echo "  $picture  learning curves over the 30 trials" ;;
        esac
    done
fi
echo "On a machine with a display, the same command opens the laboratory window."
