// SPDX-License-Identifier: GPL-3.0-or-later
// Headless runs: one configuration run to the end of its schedule on the calling thread,
// with an optional observer of every trial. The CLI, the tests and the benchmarks use it.
#pragma once

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "runner.hpp"
#include "task/metrics.hpp"

namespace flocculus {

struct BatchResult {
    std::vector<TrialMetrics> trials;
    RunSummary summary;
    double wall_s = 0;
    double sim_s = 0;
    bool stopped = false;  // `stop` ended the run early; `trials` holds the completed ones
    double realtime_factor() const { return wall_s > 0 ? sim_s / wall_s : 0; }
};

using TrialObserver = std::function<void(const TrialRecord&, const TrialMetrics&,
                                         std::size_t done, std::size_t count)>;

// Runs the whole schedule, or until `stop` (asked between steps) returns true. Returns an
// error message on an unusable configuration.
std::variant<BatchResult, std::string> run_batch(const RunConfig& config,
                                                 const TrialObserver& observer = {},
                                                 const std::function<bool()>& stop = {});

}  // namespace flocculus
