#!/usr/bin/env bash
# Installs the Debian 12 packages Flocculus needs, if any are missing.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

# python3-brian (Brian2) and python3-dev (for its compiled Cython target): the side-by-side
# benchmark, scripts/compare-brian2.sh.
packages=(cmake g++ make pkg-config qt6-base-dev qt6-svg-dev libqcustomplot-dev libeigen3-dev
          libgl-dev xvfb xauth python3-brian python3-dev)
# clang and its sanitizer runtimes (libFuzzer among them): the fuzz harnesses, tests/fuzz.
packages+=(clang libclang-rt-14-dev)
# The research toolkit: JSON and HDF5 in the core, the Python module (pybind11, numpy; pytest,
# h5py and matplotlib for its tests and docs), and the engines sweeps run on (GNU parallel, a
# single-node Slurm with munge in the tests).
packages+=(nlohmann-json3-dev libhdf5-dev pybind11-dev python3-pybind11 python3-numpy
           python3-pytest python3-h5py python3-matplotlib parallel slurm-wlm munge)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    apt_get=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
    echo "(installing packages needs root: asking sudo)"
    apt_get=(sudo apt-get)
else
    echo "error: packages are missing (${missing[*]}) and installing them needs root;" \
         "run this script as root or install them with apt-get" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt_get[@]}" update -qq
"${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}"
