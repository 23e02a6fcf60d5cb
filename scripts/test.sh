#!/usr/bin/env bash
# Builds everything and runs the whole test suite: the Release build with every test and a
# 2-minute soak of the window, then the fast unit tests under AddressSanitizer +
# UndefinedBehaviorSanitizer, the runner's tests under ThreadSanitizer, and the fuzz
# harnesses (clang, libFuzzer) for a bounded time each. Set FLOCCULUS_SANITIZERS=0 to skip
# the sanitizer and fuzz builds.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

scripts/install-deps.sh

echo "== Release build and all tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== Soak: the window for 2 minutes of random actions, with a reset (scripts/soak.sh)"
scripts/soak.sh 2 --granule-cells 5000 --reset-at 60

if [ "${FLOCCULUS_SANITIZERS:-1}" = "0" ]; then
    exit 0
fi

echo "== AddressSanitizer + UndefinedBehaviorSanitizer: unit tests"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLOCCULUS_SANITIZE=address \
      -DFLOCCULUS_BUILD_GUI=OFF >/dev/null
cmake --build build-asan -j"$jobs" --target flocculus_unit_tests
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" -L unit

echo "== ThreadSanitizer: the simulation thread and the worker pool"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLOCCULUS_SANITIZE=thread \
      -DFLOCCULUS_BUILD_GUI=OFF >/dev/null
cmake --build build-tsan -j"$jobs" --target test_runner test_pool
# ThreadSanitizer cannot map its shadow memory under the high address-space randomisation
# of recent kernels; run it with randomisation turned off for this process.
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp" \
    setarch "$(uname -m)" -R ctest --test-dir build-tsan --output-on-failure -L runner

echo "== Fuzzing: libFuzzer harnesses built with clang, ${FLOCCULUS_FUZZ_SECONDS:-20} s each"
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DFLOCCULUS_FUZZ=ON -DFLOCCULUS_BUILD_GUI=OFF -DFLOCCULUS_BUILD_TESTS=OFF \
      -DFLOCCULUS_FUZZ_SECONDS="${FLOCCULUS_FUZZ_SECONDS:-20}" >/dev/null
cmake --build build-fuzz -j"$jobs" --target flocculus_fuzzers
ctest --test-dir build-fuzz --output-on-failure -j"$jobs" -L fuzz
