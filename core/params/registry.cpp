// SPDX-License-Identifier: GPL-3.0-or-later
#include "params/registry.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace flocculus {
namespace {

constexpr std::array<std::string_view, 2> kInstructionChoices{"up", "down"};

using P = Parameters;
constexpr ParamKind R = ParamKind::Real;
constexpr ParamKind I = ParamKind::Integer;

// name, unit, default, min, max, meaning, kind, structural, field
const std::vector<ParamSpec>& table() {
    static const std::vector<ParamSpec> specs = {
        // simulation
        {"sim.dt_ms", "ms", 1.0, 0.1, 1.0,
         "Integration time step of the whole circuit and eye", R, true, &P::sim_dt_ms},

        // task
        {"task.speed_deg_s", "deg/s", 20.0, 0.0, 60.0,
         "Speed of the step-ramp target after motion onset", R, false, &P::task_speed_deg_s},
        {"task.direction_deg", "deg", 0.0, 0.0, 360.0,
         "Direction of target motion (0 = rightward, 90 = upward)", R, false,
         &P::task_direction_deg},
        {"task.iti_ms", "ms", 500.0, 0.0, 5000.0,
         "Fixation between trials, during which the circuit keeps running", R, false,
         &P::task_iti_ms},
        {"task.instruction_onset_ms", "ms", 250.0, 0.0, 800.0,
         "Time after motion onset at which the orthogonal instruction starts", R, false,
         &P::task_instruction_onset_ms},
        {"task.instruction_speed_deg_s", "deg/s", 30.0, 0.0, 60.0,
         "Speed of the instructive target motion added orthogonally (the error to learn)",
         R, false, &P::task_instruction_speed_deg_s},
        {"task.instruction_direction", "", 0.0, 0.0, 1.0,
         "Side of the pursuit direction the instruction moves the target to", ParamKind::Choice,
         false, &P::task_instruction_direction, kInstructionChoices},
        {"task.instruction_duration_ms", "ms", 400.0, 0.0, 900.0,
         "How long the instructive orthogonal motion lasts", R, false,
         &P::task_instruction_duration_ms},
        {"task.probe_every", "trials", 0.0, 0.0, 1000.0,
         "Every Nth learning trial is an uninstructed probe (0 = no probes)", I, false,
         &P::task_probe_every},
        {"task.baseline_trials", "trials", 0.0, 0.0, 1000.0,
         "Uninstructed trials before learning begins (learning protocols)", I, false,
         &P::task_baseline_trials},
        {"task.acquire_trials", "trials", 100.0, 1.0, 2000.0,
         "Instructed trials in each acquisition phase (washout, savings)", I, false,
         &P::task_acquire_trials},
        {"task.washout_trials", "trials", 100.0, 1.0, 2000.0,
         "Uninstructed trials that wash the learned response out (washout, savings)", I,
         false, &P::task_washout_trials},
        {"task.single_trial_index", "trial", 10.0, 1.0, 10000.0,
         "Number of the one instructed trial in the single-trial protocol", I, false,
         &P::task_single_trial_index},
        {"task.sine_freq_hz", "Hz", 0.5, 0.05, 2.0,
         "Frequency of sinusoidal target motion (sine-pursuit)", R, false, &P::task_sine_freq_hz},
        {"task.sine_amplitude_deg", "deg", 10.0, 0.0, 30.0,
         "Position amplitude of sinusoidal target motion (sine-pursuit)", R, false,
         &P::task_sine_amplitude_deg},

        // eye
        {"eye.visual_delay_ms", "ms", 80.0, 0.0, 400.0,
         "Delay with which retinal slip reaches the pursuit system (retina, LGN, MT/MST)", R,
         false, &P::eye_visual_delay_ms},
        {"eye.internal_delay_ms", "ms", 80.0, 0.0, 400.0,
         "The brain's estimate of its visual delay, used to time the efference copy", R, false,
         &P::eye_internal_delay_ms},
        {"eye.visual_tau_ms", "ms", 25.0, 1.0, 100.0,
         "Time constant of each of two stages of visual motion processing", R, false,
         &P::eye_visual_tau_ms},
        {"eye.plant_tau_ms", "ms", 15.0, 1.0, 100.0,
         "Time constant of the oculomotor plant (eye muscles and orbit)", R, false,
         &P::eye_plant_tau_ms},
        {"eye.brainstem_gain", "", 0.93, 0.0, 1.2,
         "Gain of the brainstem pursuit pathway's estimate of target velocity", R, false,
         &P::eye_brainstem_gain},
        {"eye.max_velocity_deg_s", "deg/s", 80.0, 10.0, 200.0,
         "Saturation of the eye-velocity command (fastest pursuit the brainstem can drive)", R,
         false, &P::eye_max_velocity_deg_s},
    };
    return specs;
}

std::string format_number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

}  // namespace

InstructionDirection instruction_direction(const Parameters& p) {
    return p.task_instruction_direction == 1 ? InstructionDirection::Down
                                             : InstructionDirection::Up;
}

std::string ParamSpec::group() const {
    const auto dot = name.find('.');
    return std::string(name.substr(0, dot));
}

std::string ParamSpec::format_value(double v) const {
    if (kind == ParamKind::Choice) {
        const auto i = static_cast<std::size_t>(std::lround(v));
        return i < choices.size() ? std::string(choices[i]) : format_number(v);
    }
    return format_number(v);
}

std::string ParamSpec::range_text() const {
    if (kind == ParamKind::Choice) {
        std::string s = "{";
        for (std::size_t i = 0; i < choices.size(); ++i) {
            if (i) s += ", ";
            s += choices[i];
        }
        return s + "}";
    }
    std::string s = "[" + format_number(min_value) + ", " + format_number(max_value) + "]";
    if (kind == ParamKind::Integer) s += " (whole number)";
    if (!unit.empty()) s += " " + std::string(unit);
    return s;
}

std::span<const ParamSpec> parameter_specs() { return table(); }

const ParamSpec* find_parameter(std::string_view name) {
    for (const auto& s : table())
        if (s.name == name) return &s;
    return nullptr;
}

double get_parameter(const Parameters& p, const ParamSpec& spec) {
    return std::visit(
        [&](auto member) -> double { return static_cast<double>(p.*member); }, spec.field);
}

Parameters default_parameters() {
    Parameters p;
    for (const auto& s : table()) {
        std::visit(
            [&](auto member) {
                using T = std::remove_reference_t<decltype(p.*member)>;
                p.*member = static_cast<T>(s.default_value);
            },
            s.field);
    }
    return p;
}

std::optional<std::string> set_parameter(Parameters& p, std::string_view name, double value) {
    const ParamSpec* s = find_parameter(name);
    if (!s) return "unknown parameter '" + std::string(name) + "' (see 'flocculus-cli list params')";
    const std::string where = "parameter " + std::string(name) + " must be in " + s->range_text();
    if (!std::isfinite(value)) return where + ", got a non-finite value";
    if (value < s->min_value || value > s->max_value)
        return where + ", got " + format_number(value);
    if (s->kind != ParamKind::Real && value != std::floor(value))
        return where + ", got " + format_number(value);
    std::visit(
        [&](auto member) {
            using T = std::remove_reference_t<decltype(p.*member)>;
            p.*member = static_cast<T>(value);
        },
        s->field);
    return std::nullopt;
}

std::optional<double> parse_number(std::string_view text) {
    // std::from_chars does not accept a leading '+'; allow it for convenience.
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    double v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    if (!std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<std::string> set_parameter_text(Parameters& p, std::string_view name,
                                              std::string_view text) {
    const ParamSpec* s = find_parameter(name);
    if (!s) return set_parameter(p, name, 0.0);  // produces the unknown-name message
    if (s->kind == ParamKind::Choice) {
        for (std::size_t i = 0; i < s->choices.size(); ++i)
            if (s->choices[i] == text) return set_parameter(p, name, static_cast<double>(i));
        return "parameter " + std::string(name) + " must be one of " + s->range_text() +
               ", got '" + std::string(text) + "'";
    }
    const auto v = parse_number(text);
    if (!v)
        return "parameter " + std::string(name) + " must be a number in " + s->range_text() +
               ", got '" + std::string(text) + "'";
    return set_parameter(p, name, *v);
}

}  // namespace flocculus
