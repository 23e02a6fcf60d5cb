// SPDX-License-Identifier: GPL-3.0-or-later
// The eyeblink-conditioning task (DESIGN §1.8, §4.1, §5.1): its trial schedule, the timing of
// tone (CS) and puff (US) within a trial, the detection of conditioned responses (CRs) in the
// eyelid trace, its summary measures, and the measure of the granular-layer clock.
//
// Timing within a trial (t = 0 at CS onset): the tone's mossy fibres rise from 0 to the US at
// task.isi_ms; the puff lasts kPuffMs from the US. On tone-alone trials (probes every
// task.probe_every, and extinction) there is no puff; on probes the tone lasts
// task.probe_cs_extension_ms past the US's time, so that the CR's peak can show.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <Eigen/Core>

#include "params/parameters.hpp"
#include "task/protocol.hpp"

namespace flocculus {

inline constexpr double kPuffMs = 25.0;           // duration of the air puff
inline constexpr double kCrWindowStartMs = 50.0;  // CRs count from CS onset + 50 ms
inline constexpr double kClockBinMs = 20.0;       // bins of the recorded granule activity
inline constexpr int kEyeblinkBlock = 10;         // trials per block of CR rates

// When the tone is on and when the puff reaches the eye and the olive, at t_ms of a trial.
double eyeblink_cs_end_ms(const Parameters& p, const TrialPlan& plan);
bool eyeblink_cs_on(const Parameters& p, const TrialPlan& plan, double t_ms);
bool eyeblink_puff(const Parameters& p, const TrialPlan& plan, double t_ms);
// The last time of a trial that the eyelid trace keeps (ms from CS onset).
double eyeblink_trace_end_ms(const Parameters& p);

// The schedules of `eyeblink` (n paired trials with tone-alone probes every
// task.probe_every) and `eyeblink-extinction` (acquire, extinction, reacquire).
std::variant<std::vector<TrialPlan>, std::string> make_eyeblink_schedule(Protocol protocol,
                                                                         const Parameters& p,
                                                                         int trials);

// What one eyeblink trial leaves behind: the eyelid closure, nuclear output and Purkinje
// rate at 1 ms from kTrialStartMs, and the granule cells' mean firing rates in kClockBinMs
// bins from CS onset to the trace's end.
struct EyeblinkRecord {
    std::vector<float> eyelid;       // closure 0..1, sample k at kTrialStartMs + k ms
    std::vector<float> nuclear_hz;   // the zone's nuclear output above baseline, same grid
    std::vector<float> purkinje_hz;  // the zone's mean simple-spike rate, same grid
    std::vector<float> golgi;         // the zone's mean Golgi activity (model units), same grid
    std::vector<float> interneurons;  // its interneurons' drive (model units), same grid
    int granule_cells = 0;
    int clock_bins = 0;
    std::vector<float> granule_rates_hz;  // [bin][cell], mean over the bin
};

// A conditioned response in one trial's eyelid trace.
struct CrResult {
    bool cr = false;
    double onset_ms = 0;  // first closure above threshold in the window (NaN without a CR)
    double peak_ms = 0;   // time of the largest closure in the window (NaN without a CR)
    double peak = 0;      // the largest closure in the CR window [CS + 50, US]
};
// Detects a CR: closure above `threshold` between CS onset + 50 ms and the US time (isi_ms).
// The peak time is sought up to `peak_until_ms` (the US on paired trials; later on probes,
// where no blink to the puff hides it). `eyelid` holds 1 ms samples from `t0_ms`.
CrResult detect_cr(const std::vector<float>& eyelid, double t0_ms, double isi_ms, double threshold,
                   double peak_until_ms);

// The granular-layer clock: cosine similarity of the population vectors (rows of
// `activity`: one time bin each, columns: cells) between every two bins; a bin without
// activity has similarity 0 with every bin.
Eigen::MatrixXd population_similarity(const Eigen::MatrixXd& activity);
// Mean similarity at each lag (in bins) over the pairs of bins that far apart.
Eigen::VectorXd similarity_by_lag(const Eigen::MatrixXd& similarity);
// The recorded granule rates of some trials as a bins x cells matrix (their mean).
Eigen::MatrixXd granule_activity(const std::vector<const EyeblinkRecord*>& records);

// Eyeblink measures of a run (DESIGN §4.1).
struct EyeblinkTrial {
    Phase phase = Phase::Acquire;
    bool cs_alone = false;
    CrResult cr;
};
struct EyeblinkSummary {
    double cr_rate_first_block = 0;
    double cr_rate_last_block = 0;
    double cr_peak_ms_last_block = 0;  // mean over the CRs of the last block (NaN if none)
    double cr_onset_ms_last_block = 0;
    std::optional<double> cr_rate_extinction_last_block;
    std::optional<double> eyeblink_savings_ratio;  // trials to 70% CRs, first / second
};
// Trials (of one phase or all) to reach a CR rate of `rate` in a moving block of
// kEyeblinkBlock trials: the trial number within the phase at which the block ending there
// first reaches it; nothing when it never does.
std::optional<int> trials_to_cr_rate(const std::vector<EyeblinkTrial>& trials, double rate);
EyeblinkSummary summarize_eyeblink(Protocol protocol, const std::vector<EyeblinkTrial>& trials);

}  // namespace flocculus
