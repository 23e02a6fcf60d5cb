// SPDX-License-Identifier: GPL-3.0-or-later
#include "view_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <variant>

namespace flocculus::ui {
namespace {
constexpr std::array<double, 8> kSpeedSteps{0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 0.0};
}  // namespace

std::span<const double> speed_steps() { return kSpeedSteps; }

int speed_step_index(double speed) {
    const int last = static_cast<int>(kSpeedSteps.size()) - 1;
    if (!(speed > 0.0)) return last;
    int best = 0;
    double best_distance = INFINITY;
    for (int i = 0; i < last; ++i) {
        // Compare on a log scale: 0.25 and 0.5 are as far apart as 1 and 2.
        const double d = std::abs(std::log(speed / kSpeedSteps[static_cast<std::size_t>(i)]));
        if (d < best_distance) {
            best_distance = d;
            best = i;
        }
    }
    return best;
}

QString speed_text(double speed) {
    if (!(speed > 0.0)) return QStringLiteral("max");
    return QString::number(speed, 'g', 3) + QStringLiteral("×");
}

bool same_parameters(const Parameters& a, const Parameters& b) {
    for (const ParamSpec& spec : parameter_specs())
        if (get_parameter(a, spec) != get_parameter(b, spec)) return false;
    return true;
}

bool same_settings(const RunConfig& a, const RunConfig& b) {
    return a.protocol == b.protocol && a.trials == b.trials && a.seed == b.seed &&
           a.lesions.fraction == b.lesions.fraction && a.lesions_at == b.lesions_at &&
           same_parameters(a.params, b.params);
}

bool protocol_instructs(const RunConfig& config) {
    const auto schedule = make_schedule(config.protocol, config.params, config.trials);
    const auto* plans = std::get_if<std::vector<TrialPlan>>(&schedule);
    return plans && std::any_of(plans->begin(), plans->end(),
                                [](const TrialPlan& t) { return t.instructed; });
}

InstructionWindow instruction_window(const Parameters& p) {
    const double onset = p.task_instruction_onset_ms;
    return {onset, std::min(onset + p.task_instruction_duration_ms, kTrialEndMs)};
}

bool instruction_active(const Snapshot& s) {
    if (!s.plan.instructed || s.finished) return false;
    const auto w = instruction_window(s.config.params);
    return s.t_ms >= w.onset_ms && s.t_ms < w.end_ms;
}

QString trial_text(const Snapshot& s) {
    const std::size_t shown = std::min(s.trial_index + 1, s.trial_count);
    return QStringLiteral("Trial %1 / %2").arg(shown).arg(s.trial_count);
}

QString phase_text(const Snapshot& s) {
    QString text = QString::fromUtf8(phase_name(s.plan.phase));
    if (s.plan.instructed) text += QStringLiteral(" · instructed");
    if (s.plan.probe) text += QStringLiteral(" · probe");
    return text;
}

QString realtime_text(const Snapshot& s) {
    if (!s.playing) return s.finished ? QStringLiteral("finished") : QStringLiteral("paused");
    if (!(s.realtime_factor > 0.0)) return QStringLiteral("—× real time");
    const int decimals = s.realtime_factor < 10.0 ? 1 : 0;
    return QString::number(s.realtime_factor, 'f', decimals) + QStringLiteral("× real time");
}

}  // namespace flocculus::ui
