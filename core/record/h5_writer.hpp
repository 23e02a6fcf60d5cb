// SPDX-License-Identifier: GPL-3.0-or-later
// recording.h5 (DESIGN §4.1): the same data as summary.json and the CSV files in one HDF5
// file that h5py reads without help. Layout, in the spirit of NWB's tables (not NWB):
//   /                 attributes: every scalar of summary.json, `lesions` (strings),
//                     `format` = "flocculus-recording", `format_version` = 1
//   /parameters       attributes: every resolved parameter (numbers; choices as text)
//   /trials           one dataset per column of trials.csv, one row per trial
//   /units            one row per recorded Purkinje cell: `microzone`, `zone`, `cell` (the
//                     four floccular zones, or microzone 4 "eyeblink" in eyeblink runs);
//                     its spikes are spike_times_ms[spike_times_index[i-1]:spike_times_index[i]]
//                     with `spike_trial` and `spike_kind` (0 simple, 1 complex) alongside
//   /traces           one dataset per column of traces.csv, 1 ms samples
// Every table group has a `colnames` attribute. Datasets are chunked and compressed
// (shuffle + deflate). The file is written under a temporary name and renamed.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "record/run_tables.hpp"

namespace flocculus {

inline constexpr int kRecordingFormatVersion = 1;

// Whether this build can write HDF5.
bool hdf5_available();

// Writes `file` (the temporary name of recording.h5, which the caller renames into place
// with the rest of the run's files) from the run's summary object (summary.json's content)
// and its tables. Returns an error message, or empty on success; on failure `file` is removed.
std::string write_recording_h5(const std::filesystem::path& file,
                               const nlohmann::ordered_json& summary, const RunTables& tables);

}  // namespace flocculus
