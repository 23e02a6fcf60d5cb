// SPDX-License-Identifier: GPL-3.0-or-later
// What displays show of an eyeblink run, computed from its trial records and per-trial
// measures only (never from the running circuit), so that the scene, the learning curves,
// the clock view and the circuit diagram agree with each other and with the exported files.
//
//  - CR blocks: the CR rate, and the mean CR onset and peak times, per block of
//    kEyeblinkBlock trials (the blocks of the run's summary; a block does not straddle two
//    phases).
//  - The granular clock: the population-vector similarity (population_similarity) of the
//    granule rates in the tone of a paired trial (CS onset to the US), averaged over the
//    last eyeblink trials, and its mean by time difference (similarity_by_lag).
//  - The eyeblink module's activity for the circuit diagram, from the current trial's
//    recording so far and the last completed trial's.
#pragma once

#include <memory>
#include <vector>

#include <Eigen/Core>

#include "circuit/activity.hpp"
#include "params/parameters.hpp"
#include "record/trial_record.hpp"
#include "task/metrics.hpp"

namespace flocculus {

// The protocols of the eyeblink task.
inline bool is_eyeblink_protocol(Protocol p) {
    return p == Protocol::Eyeblink || p == Protocol::EyeblinkExtinction;
}

struct CrBlock {
    int first_trial = 0, last_trial = 0;  // trial numbers (1-based), inclusive
    Phase phase = Phase::Acquire;
    int trials = 0;
    double cr_rate = 0;    // fraction of the block's trials with a CR
    double onset_ms = 0;   // mean over the block's CRs, ms after CS onset (NaN without CRs)
    double peak_ms = 0;
};
// The complete blocks of the eyeblink trials among `metrics`, in order.
std::vector<CrBlock> cr_blocks(const std::vector<TrialMetrics>& metrics);

inline constexpr int kClockTrials = 5;  // eyeblink trials the clock is averaged over
struct GranularClock {
    int trials = 0;  // records averaged
    int bins = 0;    // kClockBinMs bins from CS onset to the US
    Eigen::MatrixXd similarity;  // bins x bins
    Eigen::VectorXd by_lag;      // mean similarity at a lag of k bins
    // The mean similarity at a lag of `ms` (NaN when no two bins are that far apart).
    double at_lag_ms(double ms) const;
};
// The clock of the last `max_trials` eyeblink records among `recent` (oldest first).
GranularClock granular_clock(const Parameters& p,
                             const std::vector<std::shared_ptr<const TrialRecord>>& recent,
                             int max_trials = kClockTrials);

// The eyeblink module over the last ActivityMeter window of the current trial. Rates with
// their rest values, as the floccular circuit's (CircuitActivity); `measured` false before
// the trial has recorded anything.
struct EyeblinkActivity {
    bool measured = false;
    double window_ms = 0;
    PopulationRate cs_mossy;  // the tone's fibres: task.cs_rate_hz while it is on
    PopulationRate granule;   // mean granule rate in the last recorded clock bin; rest: the
                              // last completed trial's bins after the tone (0: not known yet)
    PopulationRate purkinje;  // mean simple-spike rate; rest pc.baseline_rate_hz
    PopulationRate nucleus;   // mean nuclear rate; rest dcn.baseline_rate_hz
    // Rate units, in their own units: the mean over the window against the mean before the
    // tone in this trial (0: not known yet).
    PopulationRate golgi;
    PopulationRate interneurons;
    bool tone = false;        // the tone is on now
    bool puff = false;        // the puff drives the olive now (the US)
    double eyelid = 0;        // closure now, 0..1
};
// `current` is the current trial's recording so far (at time t_ms of trial `plan`);
// `last` the last completed trial's record, or null.
EyeblinkActivity eyeblink_activity(const Parameters& p, const TrialPlan& plan, double t_ms,
                                   const EyeblinkRecord& current, const TrialRecord* last);

}  // namespace flocculus
