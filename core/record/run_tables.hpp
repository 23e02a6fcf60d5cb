// SPDX-License-Identifier: GPL-3.0-or-later
// A run's recordings held in memory as columns (DESIGN §4 and §4.1): the trials table, every
// recorded Purkinje spike and the traces, with the same rows and columns as trials.csv,
// purkinje_spikes.csv and traces.csv. The HDF5 writer and the Python module read them.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "record/trial_record.hpp"
#include "task/metrics.hpp"

namespace flocculus {

struct TrialsTable {
    std::vector<std::int32_t> trial;
    std::vector<std::string> phase;
    std::vector<std::uint8_t> instructed;  // 0 or 1
    // The measures of trials.csv, NaN where undefined (empty in the CSV).
    std::vector<double> learned_velocity_deg_s, latency_ms, gain, cs_rate_instr_hz, cs_rate_base_hz,
        ss_learned_hz, ss_late_hz;
    std::vector<double> vor_gain_dark;  // VOR dark probes only
    // Eyeblink trials (DESIGN §4.1); NaN on pursuit trials. cs_alone and cr are 0 or 1.
    std::vector<double> cs_alone, cr, cr_onset_ms, cr_peak_ms, eyelid_peak;
};

// The numeric measure columns of TrialsTable, in the order of trials.csv.
inline constexpr std::pair<const char*, std::vector<double> TrialsTable::*> kTrialMeasureColumns[] =
    {
        {"learned_velocity_deg_s", &TrialsTable::learned_velocity_deg_s},
        {"latency_ms", &TrialsTable::latency_ms},
        {"gain", &TrialsTable::gain},
        {"cs_rate_instr_hz", &TrialsTable::cs_rate_instr_hz},
        {"cs_rate_base_hz", &TrialsTable::cs_rate_base_hz},
        {"ss_learned_hz", &TrialsTable::ss_learned_hz},
        {"ss_late_hz", &TrialsTable::ss_late_hz},
        {"vor_gain_dark", &TrialsTable::vor_gain_dark},
        {"cs_alone", &TrialsTable::cs_alone},
        {"cr", &TrialsTable::cr},
        {"cr_onset_ms", &TrialsTable::cr_onset_ms},
        {"cr_peak_ms", &TrialsTable::cr_peak_ms},
        {"eyelid_peak", &TrialsTable::eyelid_peak},
};

// Rows of purkinje_spikes.csv: trial by trial, in time order within a trial.
struct SpikesTable {
    std::vector<std::int32_t> trial;
    std::vector<std::uint16_t> microzone;  // 0 right, 1 left, 2 up, 3 down, 4 eyeblink
    std::vector<std::uint16_t> cell;       // index within the microzone
    std::vector<float> t_ms;               // from motion onset
    std::vector<std::uint8_t> kind;        // 0 simple (ss), 1 complex (cs)
};

// Rows of traces.csv: 1 ms samples, trial by trial.
struct TracesTable {
    std::vector<std::int32_t> trial;
    std::vector<float> t_ms;
    std::vector<float> target_vx, target_vy, eye_vx, eye_vy;  // deg/s
};

struct RunTables {
    TrialsTable trials;
    SpikesTable spikes;
    TracesTable traces;
    // Recorded Purkinje cells per microzone: record.purkinje, at most the zone's size.
    int recorded_cells_per_zone = 0;
    // Which zones were recorded: the four floccular ones, the eyeblink zone (microzone
    // kEyeblinkMicrozone).
    bool floccular_zones = false, eyeblink_zone = false;

    // Appends one finished trial; spikes of cells at or beyond `recorded_cells_per_zone`
    // of their zone are left out, as in purkinje_spikes.csv.
    void add_trial(const TrialRecord& r, const TrialMetrics& m, int recorded_cells_per_zone);
};

}  // namespace flocculus
