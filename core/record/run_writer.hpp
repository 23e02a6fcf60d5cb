// SPDX-License-Identifier: GPL-3.0-or-later
// Writes a run's recordings (DESIGN §4): trials.csv, purkinje_spikes.csv, traces.csv while
// the run goes, summary.json at the end. Nothing appears under its final name until the
// run has finished; `output_hash` covers every spike and trace row written.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "params/parameters.hpp"
#include "record/files.hpp"
#include "record/run_tables.hpp"
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

// summary.json (DESIGN §4) as an ordered JSON object, and as the text written to the file.
nlohmann::ordered_json summary_object(const SummaryInfo& s);
std::string summary_json(const SummaryInfo& s);

// Reads a finished run's summary.json back (at most kMaxSummaryBytes). Returns the object or
// a one-line reason it cannot be used (missing, too large, not JSON, no output_hash).
inline constexpr std::size_t kMaxSummaryBytes = std::size_t{1} << 20;
std::variant<nlohmann::ordered_json, std::string> read_summary_json(const std::filesystem::path& file);

// What `run --format` writes besides summary.json (DESIGN §4.1).
enum class OutputFormat { Csv, Hdf5, Both };
// "csv", "hdf5" or "both"; nothing for any other text.
std::optional<OutputFormat> parse_output_format(std::string_view text);

// Feeds `hash` (output_hash) with one trial's spike and trace rows exactly as the CSV files
// hold them, and writes them to `spikes` and `traces` when given.
void add_trial_rows(const TrialRecord& r, int recorded_cells_per_zone, Fnv1a& hash,
                    AtomicFile* spikes = nullptr, AtomicFile* traces = nullptr);

class RunWriter {
public:
    // `recorded_cells_per_zone`: how many Purkinje cells of each zone to write spikes of.
    // Takes the folder's lock (one writer per folder; `holder` says who, for the message
    // another writer gets) and repairs what a killed writer left (recover_output_dir).
    RunWriter(const std::filesystem::path& dir, int recorded_cells_per_zone,
              OutputFormat format = OutputFormat::Csv, std::string_view holder = "flocculus");
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
    std::unique_ptr<AtomicFile> trials_, spikes_, traces_;  // null without CSV
    std::unique_ptr<RunTables> tables_;                      // null without HDF5
    Fnv1a hash_;
};

}  // namespace flocculus
