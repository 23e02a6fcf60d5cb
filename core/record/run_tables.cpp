// SPDX-License-Identifier: GPL-3.0-or-later
#include "record/run_tables.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flocculus {

void RunTables::add_trial(const TrialRecord& r, const TrialMetrics& m, int recorded) {
    const int n = r.plan.number;
    if (r.cells_per_zone > 0) {
        recorded_cells_per_zone =
            std::max(recorded_cells_per_zone, std::min(recorded, r.cells_per_zone));
        floccular_zones = true;
    }
    if (r.eyeblink_cells > 0) {
        recorded_cells_per_zone =
            std::max(recorded_cells_per_zone, std::min(recorded, r.eyeblink_cells));
        eyeblink_zone = true;
    }
    trials.trial.push_back(n);
    trials.phase.emplace_back(phase_name(m.phase));
    trials.instructed.push_back(m.instructed ? 1 : 0);
    auto finite = [](double v) {
        return std::isfinite(v) ? v : std::numeric_limits<double>::quiet_NaN();
    };
    trials.learned_velocity_deg_s.push_back(finite(m.learned_velocity_deg_s));
    trials.latency_ms.push_back(finite(m.latency_ms));
    trials.gain.push_back(finite(m.gain));
    trials.cs_rate_instr_hz.push_back(finite(m.cs_rate_instr_hz));
    trials.cs_rate_base_hz.push_back(finite(m.cs_rate_base_hz));
    trials.ss_learned_hz.push_back(finite(m.ss_learned_hz));
    trials.ss_late_hz.push_back(finite(m.ss_late_hz));
    trials.vor_gain_dark.push_back(finite(m.vor_gain_dark));
    const double none = std::numeric_limits<double>::quiet_NaN();
    trials.cs_alone.push_back(m.eyeblink ? (m.cs_alone ? 1.0 : 0.0) : none);
    trials.cr.push_back(m.eyeblink ? (m.cr.cr ? 1.0 : 0.0) : none);
    trials.cr_onset_ms.push_back(m.eyeblink ? finite(m.cr.onset_ms) : none);
    trials.cr_peak_ms.push_back(m.eyeblink ? finite(m.cr.peak_ms) : none);
    trials.eyelid_peak.push_back(m.eyeblink ? finite(m.cr.peak) : none);
    for (const auto& s : r.spikes) {
        if (s.cell >= recorded) continue;
        spikes.trial.push_back(n);
        spikes.microzone.push_back(s.microzone);
        spikes.cell.push_back(s.cell);
        spikes.t_ms.push_back(s.t_ms);
        spikes.kind.push_back(s.kind == SpikeKind::Simple ? 0 : 1);
    }
    for (const auto& x : r.trace) {
        traces.trial.push_back(n);
        traces.t_ms.push_back(x.t_ms);
        traces.target_vx.push_back(x.target_vx_deg_s);
        traces.target_vy.push_back(x.target_vy_deg_s);
        traces.eye_vx.push_back(x.eye_vx_deg_s);
        traces.eye_vy.push_back(x.eye_vy_deg_s);
    }
}

}  // namespace flocculus
