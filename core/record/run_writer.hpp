// SPDX-License-Identifier: GPL-3.0-or-later
// Writes a run's recordings (DESIGN §4): trials.csv, purkinje_spikes.csv, traces.csv while
// the run goes, summary.json at the end. Nothing appears under its final name until the
// run has finished; `output_hash` covers every spike and trace row written.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "params/parameters.hpp"
#include "record/files.hpp"
#include "record/trial_record.hpp"
#include "task/metrics.hpp"

namespace flocculus {

struct SummaryInfo {
    std::string protocol;
    std::uint64_t seed = 0;
    int trials = 0;
    Parameters parameters{};
    std::vector<std::string> lesions;  // as given, e.g. "purkinje:0.5"
    std::vector<std::string> lesions_at;  // as given, e.g. "101:purkinje"
    RunSummary metrics{};
    double wall_s = 0;
    double realtime_factor = 0;
    std::string output_hash;
};

std::string summary_json(const SummaryInfo& s);

class RunWriter {
public:
    // `recorded_cells_per_zone`: how many Purkinje cells of each zone to write spikes of.
    // Takes the folder's lock (one writer per folder; `holder` says who, for the message
    // another writer gets) and repairs what a killed writer left (recover_output_dir).
    RunWriter(const std::filesystem::path& dir, int recorded_cells_per_zone,
              std::string_view holder = "flocculus");
    bool ok() const;
    // Why ok() is false: the folder is locked, or the first write that failed, with its
    // file and reason ("cannot write out/traces.csv: No space left on device").
    std::string error() const;
    void add_trial(const TrialRecord& r, const TrialMetrics& m);
    std::string hash() const { return hash_.hex(); }
    // Writes summary.json and renames every file into place as one set (commit_file_set).
    // Returns an error (the folder's old files kept) or empty.
    std::string finish(SummaryInfo summary);

private:
    std::filesystem::path dir_;
    int recorded_cells_;
    std::optional<OutputLock> lock_;
    std::string lock_error_;
    std::unique_ptr<AtomicFile> trials_, spikes_, traces_;
    Fnv1a hash_;
};

}  // namespace flocculus
