// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark of the full circuit with plasticity and the eye loop (DESIGN §4, §6): a network
// of the given size runs direction-learning trials; construction and warm-up are excluded
// from the timing. At each trial end it builds the weight map, as the GUI's runner does.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "circuit/cerebellum.hpp"
#include "util/thread_pool.hpp"

namespace flocculus {

struct BenchConfig {
    int granule_cells = 100000;
    int purkinje_cells = 64;   // all four microzones together; a multiple of 4
    double seconds = 10.0;     // simulated time measured
    int threads = ThreadPool::hardware_threads();  // see RunConfig::threads
    bool profile = false;
};

struct BenchResult {
    double sim_s = 0, wall_s = 0;
    double cpu_s = 0;            // processor time of all threads during the timed run
    double realtime_factor = 0;
    double ms_per_step = 0;
    double gc_rate_hz = 0;
    double pc_rate_hz = 0;
    double memory_mb = 0;        // resident memory after construction
    double build_s = 0;          // construction and warm-up (not in the timing)
    StageTimes stages;           // when profiling
    double weight_map_s = 0;     // building weight maps at trial ends (always measured)
    double other_s = 0;          // eye loop, target, recording, trial bookkeeping
    // Of the jobs split into chunks during the timed run, the share the pool handed to its
    // workers (the rest ran on the calling thread: see ThreadPool); 0 for one thread.
    double parallel_share = 0;
};

// Checks a configuration; a one-line error or nothing.
std::optional<std::string> validate_bench(const BenchConfig& c);
std::variant<BenchResult, std::string> run_bench(const BenchConfig& c);

}  // namespace flocculus
