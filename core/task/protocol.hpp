// SPDX-License-Identifier: GPL-3.0-or-later
// Protocols (DESIGN §1.8): each expands into a schedule of trials, and each trial's target
// motion is a pure function of the parameters, the trial's plan and time.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "params/parameters.hpp"
#include "task/vor_plan.hpp"
#include "util/vec2.hpp"

namespace flocculus {

enum class Protocol {
    StepRamp, DirectionLearning, Washout, Savings, SingleTrial, SinePursuit, Consolidation,
    VorGainUp, VorGainDown, Eyeblink, EyeblinkExtinction
};
// Phases as trials.csv names them. A rest is a block of fixation without instruction; a
// shutdown probe is a trial with Purkinje output blocked; retention trials follow a final rest.
enum class Phase { Baseline, Acquire, Washout, Reacquire, Rest, ShutdownProbe, Retention, Extinction };
enum class Motion { StepRamp, Sine, HeadRotation };

struct ProtocolInfo {
    Protocol protocol;
    std::string_view name;
    std::string_view description;
    int default_trials;   // 0: the length follows from task.* phase parameters
};

std::span<const ProtocolInfo> protocols();
const ProtocolInfo& protocol_info(Protocol p);
std::optional<Protocol> find_protocol(std::string_view name);
std::string_view phase_name(Phase p);

// Fixed trial timing (DESIGN §1.1): a trial is recorded from -100 ms to +900 ms around
// target motion onset and followed by task.iti_ms of fixation.
inline constexpr double kTrialStartMs = -100.0;
inline constexpr double kTrialEndMs = 900.0;
// The longest schedule a trial count may ask for.
inline constexpr int kMaxScheduleTrials = 100000;

struct TrialPlan {
    int number = 1;            // 1-based
    Phase phase = Phase::Baseline;
    Motion motion = Motion::StepRamp;
    bool instructed = false;   // the orthogonal instruction is given
    bool probe = false;        // a learning-phase trial deliberately left uninstructed
    bool shutdown = false;     // Purkinje output blocked for this trial (shutdown probe)
    double rest_s = 0;         // > 0: not a trial but this many simulated seconds of rest
    VorPlan vor{};             // the VOR task's trial (task/vor.hpp); inactive otherwise
    bool eyeblink = false;     // an eyeblink-conditioning trial (task/eyeblink.hpp)
    bool cs_alone = false;     // eyeblink: the tone without the puff (probe or extinction)
    bool is_rest() const { return rest_s > 0; }
};

// Expands a protocol into its trials. `trials` may be given only for protocols with one
// length. Returns an error message on a bad combination.
std::variant<std::vector<TrialPlan>, std::string> make_schedule(Protocol protocol,
                                                                const Parameters& p,
                                                                std::optional<int> trials);

struct TargetState {
    Vec2 position_deg;
    Vec2 velocity_deg_s;
};

// Where the target is and how it moves at time t_ms of a trial (t = 0 at motion onset;
// times past kTrialEndMs are the inter-trial fixation).
TargetState target_at(const Parameters& p, const TrialPlan& plan, double t_ms);

// Unit vectors of the pursuit direction and of the instruction (orthogonal, up or down).
Vec2 pursuit_direction(const Parameters& p);
Vec2 instruction_unit(const Parameters& p);

}  // namespace flocculus
