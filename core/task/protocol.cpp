// SPDX-License-Identifier: GPL-3.0-or-later
#include "task/protocol.hpp"

#include <array>
#include <cmath>
#include <numbers>

#include "task/vor.hpp"
#include "task/eyeblink.hpp"

namespace flocculus {
namespace {

constexpr std::array<ProtocolInfo, 11> kProtocols{{
    {Protocol::StepRamp, "step-ramp", "Baseline pursuit of a step-ramp target, no instruction", 20},
    {Protocol::DirectionLearning, "direction-learning",
     "An orthogonal instruction on every trial (probe trials every task.probe_every)", 120},
    {Protocol::Washout, "washout",
     "task.acquire_trials of learning, then task.washout_trials without instruction", 0},
    {Protocol::Savings, "savings",
     "Acquire, wash out, reacquire (task.acquire_trials / task.washout_trials each)", 0},
    {Protocol::SingleTrial, "single-trial",
     "One instructed trial (task.single_trial_index) among baseline trials", 30},
    {Protocol::SinePursuit, "sine-pursuit",
     "Sinusoidal target motion (task.sine_freq_hz, task.sine_amplitude_deg)", 10},
    {Protocol::Consolidation, "consolidation",
     "task.sessions sessions of task.acquire_trials, each ending with a shutdown probe, with "
     "rests of task.rest_s between them; retention trials after a final rest",
     0},
    {Protocol::VorGainUp, "vor-gain-up",
     "Head rotation in the light with magnifying spectacles (x2 for task.lens_gain 2 or 0.5); "
     "dark probes measure the VOR",
     1000},
    {Protocol::VorGainDown, "vor-gain-down",
     "Head rotation in the light with reducing spectacles (x0.5 for task.lens_gain 2 or 0.5); "
     "dark probes measure the VOR",
     1000},
    {Protocol::Eyeblink, "eyeblink",
     "Delay eyeblink conditioning: tone paired with a puff at task.isi_ms (tone-alone probes "
     "every task.probe_every)",
     200},
    {Protocol::EyeblinkExtinction, "eyeblink-extinction",
     "Eyeblink conditioning: acquire, tone-alone extinction, reacquire (task.acquire_trials / "
     "task.extinction_trials each)",
     0},
}};

// Position step that makes a step-ramp target cross the fixation point at about the
// pursuit latency, so that pursuit starts without a catch-up saccade (Rashbass 1961).
constexpr double kRashbassStepS = 0.1;

std::vector<TrialPlan> phase_block(int count, Phase phase, bool instructed, int probe_every,
                                   int first_number) {
    std::vector<TrialPlan> v;
    v.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        TrialPlan t;
        t.number = first_number + i;
        t.phase = phase;
        t.probe = instructed && probe_every > 0 && (i + 1) % probe_every == 0;
        t.instructed = instructed && !t.probe;
        v.push_back(t);
    }
    return v;
}

void append(std::vector<TrialPlan>& to, const std::vector<TrialPlan>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

std::span<const ProtocolInfo> protocols() { return kProtocols; }

const ProtocolInfo& protocol_info(Protocol p) {
    for (const auto& i : kProtocols)
        if (i.protocol == p) return i;
    return kProtocols[0];
}

std::optional<Protocol> find_protocol(std::string_view name) {
    for (const auto& i : kProtocols)
        if (i.name == name) return i.protocol;
    return std::nullopt;
}

std::string_view phase_name(Phase p) {
    switch (p) {
        case Phase::Baseline: return "baseline";
        case Phase::Acquire: return "acquire";
        case Phase::Washout: return "washout";
        case Phase::Reacquire: return "reacquire";
        case Phase::Rest: return "rest";
        case Phase::ShutdownProbe: return "shutdown-probe";
        case Phase::Retention: return "retention";
        case Phase::Extinction: return "extinction";
    }
    return "baseline";
}

std::variant<std::vector<TrialPlan>, std::string> make_schedule(Protocol protocol,
                                                                const Parameters& p,
                                                                std::optional<int> trials) {
    const auto& info = protocol_info(protocol);
    constexpr int kMaxTrials = kMaxScheduleTrials;
    if (trials) {
        if (info.default_trials == 0)
            return "--trials does not apply to protocol " + std::string(info.name) +
                   ": its length is set by " +
                   (protocol == Protocol::Consolidation
                        ? "task.sessions, task.acquire_trials and task.retention_trials"
                    : protocol == Protocol::EyeblinkExtinction
                        ? "task.acquire_trials and task.extinction_trials"
                        : "task.acquire_trials and task.washout_trials");
        if (*trials < 1 || *trials > kMaxTrials)
            return "--trials must be in [1, " + std::to_string(kMaxTrials) + "], got " +
                   std::to_string(*trials);
    }
    const int n = trials.value_or(info.default_trials);
    const int base = p.task_baseline_trials;
    std::vector<TrialPlan> s;
    switch (protocol) {
        case Protocol::StepRamp: s = phase_block(n, Phase::Baseline, false, 0, 1); break;
        case Protocol::SinePursuit:
            s = phase_block(n, Phase::Baseline, false, 0, 1);
            for (auto& t : s) t.motion = Motion::Sine;
            break;
        case Protocol::DirectionLearning:
            if (base >= n)
                return "task.baseline_trials (" + std::to_string(base) +
                       ") must be smaller than the number of trials (" + std::to_string(n) + ")";
            s = phase_block(base, Phase::Baseline, false, 0, 1);
            append(s, phase_block(n - base, Phase::Acquire, true, p.task_probe_every, base + 1));
            break;
        case Protocol::Washout:
        case Protocol::Savings: {
            s = phase_block(base, Phase::Baseline, false, 0, 1);
            append(s, phase_block(p.task_acquire_trials, Phase::Acquire, true, p.task_probe_every,
                                  static_cast<int>(s.size()) + 1));
            append(s, phase_block(p.task_washout_trials, Phase::Washout, false, 0,
                                  static_cast<int>(s.size()) + 1));
            if (protocol == Protocol::Savings)
                append(s, phase_block(p.task_acquire_trials, Phase::Reacquire, true,
                                      p.task_probe_every, static_cast<int>(s.size()) + 1));
            break;
        }
        case Protocol::Consolidation: {
            s = phase_block(base, Phase::Baseline, false, 0, 1);
            auto next = [&] { return static_cast<int>(s.size()) + 1; };
            auto rest = [&](double seconds) {
                if (seconds <= 0) return;
                TrialPlan r;
                r.number = next();
                r.phase = Phase::Rest;
                r.rest_s = seconds;
                s.push_back(r);
            };
            for (int session = 1; session <= p.task_sessions; ++session) {
                if (session > 1) rest(p.task_rest_s);
                append(s, phase_block(p.task_acquire_trials, Phase::Acquire, true,
                                      p.task_probe_every, next()));
                auto probe = phase_block(1, Phase::ShutdownProbe, false, 0, next());
                probe.front().shutdown = true;
                append(s, probe);
            }
            rest(p.task_final_rest_s);
            append(s, phase_block(p.task_retention_trials, Phase::Retention, false, 0, next()));
            break;
        }
        case Protocol::VorGainUp:
        case Protocol::VorGainDown:
            return make_vor_schedule(protocol, p, n);
        case Protocol::SingleTrial:
            if (p.task_single_trial_index > n)
                return "task.single_trial_index (" + std::to_string(p.task_single_trial_index) +
                       ") must be at most the number of trials (" + std::to_string(n) + ")";
            s = phase_block(n, Phase::Baseline, false, 0, 1);
            s[static_cast<std::size_t>(p.task_single_trial_index - 1)].instructed = true;
            break;
        case Protocol::Eyeblink:
        case Protocol::EyeblinkExtinction: return make_eyeblink_schedule(protocol, p, n);
    }
    return s;
}

Vec2 pursuit_direction(const Parameters& p) { return Vec2::unit(p.task_direction_deg); }

Vec2 instruction_unit(const Parameters& p) {
    const double side = instruction_direction(p) == InstructionDirection::Up ? 90.0 : -90.0;
    return Vec2::unit(p.task_direction_deg + side);
}

TargetState target_at(const Parameters& p, const TrialPlan& plan, double t_ms) {
    TargetState s;
    if (t_ms < 0.0 || t_ms >= kTrialEndMs || plan.eyeblink) return s;  // fixation at the centre
    if (plan.motion == Motion::HeadRotation) return s;  // no target: the VOR task's world
    const Vec2 dir = pursuit_direction(p);
    const double t_s = t_ms * 1e-3;
    if (plan.motion == Motion::Sine) {
        const double w = 2.0 * std::numbers::pi * p.task_sine_freq_hz;
        s.position_deg = (p.task_sine_amplitude_deg * std::sin(w * t_s)) * dir;
        s.velocity_deg_s = (p.task_sine_amplitude_deg * w * std::cos(w * t_s)) * dir;
    } else {
        const double v = p.task_speed_deg_s;
        s.position_deg = (v * (t_s - kRashbassStepS)) * dir;
        s.velocity_deg_s = v * dir;
    }
    if (plan.instructed) {
        const double on = p.task_instruction_onset_ms;
        const double off = std::min(on + p.task_instruction_duration_ms, kTrialEndMs);
        if (t_ms >= on) {
            const Vec2 u = instruction_unit(p);
            const double moving_s = (std::min(t_ms, off) - on) * 1e-3;
            s.position_deg += (p.task_instruction_speed_deg_s * moving_s) * u;
            if (t_ms < off) s.velocity_deg_s += p.task_instruction_speed_deg_s * u;
        }
    }
    return s;
}

}  // namespace flocculus
