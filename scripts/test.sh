#!/usr/bin/env bash
# Builds everything and runs the whole test suite: the Release build with every test and a
# 90-second soak of the window, then one clang build for the fast unit tests under
# AddressSanitizer + UndefinedBehaviorSanitizer and the fuzz harnesses (libFuzzer, a bounded
# time each), and the runner's tests under ThreadSanitizer. Set FLOCCULUS_SANITIZERS=0 to skip
# the sanitizer and fuzz builds.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
phase() { echo "== $* (${SECONDS} s in)"; }

scripts/install-deps.sh

phase "Release build and all tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

phase "Soak: the window for 90 s of random actions, with a reset (scripts/soak.sh)"
scripts/soak.sh 1.5 --granule-cells 5000 --reset-at 45

if [ "${FLOCCULUS_SANITIZERS:-1}" = "0" ]; then
    exit 0
fi

phase "AddressSanitizer + UndefinedBehaviorSanitizer (clang, with libFuzzer's coverage): unit tests"
# One clang build serves the unit tests under ASan/UBSan and the fuzz harnesses below: every
# target is built with -fsanitize=fuzzer-no-link,address,undefined (tests/fuzz/CMakeLists.txt).
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DFLOCCULUS_FUZZ=ON -DFLOCCULUS_BUILD_GUI=OFF -DFLOCCULUS_BUILD_TESTS=ON \
      -DFLOCCULUS_FUZZ_SECONDS="${FLOCCULUS_FUZZ_SECONDS:-15}" >/dev/null
cmake --build build-fuzz -j"$jobs" --target flocculus_unit_tests flocculus_fuzzers
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-fuzz --output-on-failure -j"$jobs" -L unit

phase "ThreadSanitizer: the simulation thread and the worker pool"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLOCCULUS_SANITIZE=thread \
      -DFLOCCULUS_BUILD_GUI=OFF >/dev/null
cmake --build build-tsan -j"$jobs" --target test_runner test_pool
# ThreadSanitizer cannot map its shadow memory under the high address-space randomisation
# of recent kernels; run it with randomisation turned off for this process.
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp" \
    setarch "$(uname -m)" -R ctest --test-dir build-tsan --output-on-failure -j"$jobs" -L runner

phase "Fuzzing: libFuzzer harnesses, ${FLOCCULUS_FUZZ_SECONDS:-15} s each"
ctest --test-dir build-fuzz --output-on-failure -j"$jobs" -L fuzz
phase "Done"
