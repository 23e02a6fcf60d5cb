// SPDX-License-Identifier: GPL-3.0-or-later
// The results of a sweep folder (DESIGN §4.1): for every job of jobs.tsv, its status and the
// scalars of its summary.json. `flocculus-cli collect` writes them as sweep.csv; the GUI
// plots them.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "sweep/jobs.hpp"

namespace flocculus::sweep {

struct RunResult {
    std::string status;   // "ok", "missing" (no summary.json: not run, or stopped) or "failed"
    std::string reason;   // why it failed, one line
    std::string lesions;  // as in summary.json, joined with ';'
    // Every scalar of summary.json as text (numbers as written; null as empty); objects of
    // scalars become NAME.KEY. `parameters` and `seed` are left out (the job has them).
    std::map<std::string, std::string> values;
};

struct SweepResults {
    JobsFile jobs;
    std::vector<std::string> keys;  // the scalars' names, in the order first seen
    std::vector<RunResult> runs;    // one per job, in job order
};

// Reads DIR/jobs.tsv (strictly, see parse_jobs) and every DIR/runs/K/summary.json.
std::variant<SweepResults, std::string> load_sweep(const std::filesystem::path& dir);

// sweep.csv: index, the grid parameters, seed, lesions, every scalar, status.
std::string sweep_csv(const SweepResults& results);

}  // namespace flocculus::sweep
