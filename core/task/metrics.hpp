// SPDX-License-Identifier: GPL-3.0-or-later
// Per-trial and per-run measures (DESIGN §4), computed once here and used by the CLI, the
// tests and the GUI. A measure that does not apply is NaN (written empty / null).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "params/parameters.hpp"
#include "record/trial_record.hpp"
#include "task/eyeblink.hpp"

namespace flocculus {

struct TrialMetrics {
    int trial = 0;
    Phase phase = Phase::Baseline;
    bool instructed = false;
    bool probe = false;
    double learned_velocity_deg_s = 0;  // along the instruction, [onset, onset + 80 ms]
    // The cerebellar command along the instruction in the same window, and the part of it
    // carried by learned mossy-fibre weights in the nuclei; the rest is the cortex's doing
    // (Purkinje cells disinhibiting or inhibiting the nuclei).
    double cerebellar_learned_deg_s = 0;
    double nuclear_learned_deg_s = 0;
    double latency_ms = 0;              // eye speed along the target > 10% of target speed
    double gain = 0;                    // eye/target speed along the target, 400-700 ms
    double cs_rate_instr_hz = 0;        // instructed zone, [onset + 50, onset + 250]
    double cs_rate_base_hz = 0;         // instructed zone, [-100, 0]
    double ss_learned_hz = 0;           // instructed zone, [onset - 50, onset + 100]
    double ss_late_hz = 0;              // instructed zone, [700, 900]
    double oscillation_p2p_deg_s = 0;   // eye velocity along the target, [400, 900]
    // Simple-spike rate of every zone (right, left, up, down) in steady pursuit [400, 700]
    // and in fixation [-100, 0] (gaze-velocity Purkinje cells, S14).
    std::array<double, kMicrozones> ss_pursuit_hz{}, ss_fixation_hz{};
    // Per cell of the instructed zone (for the trial-over-trial analysis, S6):
    std::vector<std::uint8_t> cell_cs_in_instr;  // complex spikes in the instruction window
    std::vector<float> cell_ss_learned_hz;       // simple-spike rate in the learned window
    // VOR dark probes (task/vor.hpp): eye/head velocity amplitude and the eye's phase from
    // perfect compensation (deg, > 0 = leads). NaN on every other trial.
    double vor_gain_dark = std::numeric_limits<double>::quiet_NaN();
    double vor_phase_deg = std::numeric_limits<double>::quiet_NaN();
    // Eyeblink trials only (task/eyeblink.hpp); the pursuit measures are NaN on them.
    bool eyeblink = false;
    bool cs_alone = false;
    CrResult cr;
};

// Index of the microzone whose preferred direction is the instruction's.
int instructed_zone(const Parameters& p);

// The analysis windows of DESIGN §4, [begin_ms, end_ms) from motion onset.
struct TimeWindow {
    double begin_ms = 0;
    double end_ms = 0;
    bool contains(double t_ms) const { return t_ms >= begin_ms && t_ms < end_ms; }
};
// Complex spikes report the instruction: [onset + 50, onset + 250].
TimeWindow cs_instruction_window(const Parameters& p);
// Simple spikes fall when learned: [onset - 50, onset + 100].
TimeWindow learned_window(const Parameters& p);

TrialMetrics compute_trial_metrics(const Parameters& p, const TrialRecord& r);

struct RunSummary {
    double latency_ms = 0;
    double steady_state_gain = 0;
    double learned_velocity_first5_deg_s = 0;
    double learned_velocity_last10_deg_s = 0;
    double learned_velocity_peak_deg_s = 0;
    double learning_spearman_rho = 0;
    double cs_ratio_first10 = 0;
    double cs_ratio_last10 = 0;
    double ss_learned_first10_hz = 0;
    double ss_learned_last10_hz = 0;
    double ss_late_first10_hz = 0;
    double ss_late_last10_hz = 0;
    double ss_after_cs_minus_no_cs_hz = 0;
    std::optional<double> savings_ratio;  // savings protocol only
    double oscillation_p2p_deg_s = 0;
    // Per zone: SS rate in steady pursuit minus fixation, over uninstructed step-ramp trials
    // (NaN where there are none).
    std::array<double, kMicrozones> ss_pursuit_minus_fixation_hz{};
    // Consolidation protocol only: learned velocity on the first and last shutdown probes
    // over that of the last 10 instructed trials before each, and the mean learned velocity
    // of the first 5 retention trials.
    std::optional<double> consolidation_shutdown_fraction_first;
    std::optional<double> consolidation_shutdown_fraction_last;
    std::optional<double> retained_after_final_rest_deg_s;
    // VOR protocols only: dark VOR gain on the first and last probes, their difference, and
    // the phases (deg from perfect compensation).
    std::optional<double> vor_gain_before, vor_gain_after, vor_gain_change;
    std::optional<double> vor_phase_before_deg, vor_phase_after_deg;
    // Eyeblink protocols only.
    std::optional<EyeblinkSummary> eyeblink;
};

RunSummary summarize(Protocol protocol, const std::vector<TrialMetrics>& trials);

// Spearman rank correlation (ties get mean ranks); NaN for fewer than 3 points.
double spearman_rho(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace flocculus
