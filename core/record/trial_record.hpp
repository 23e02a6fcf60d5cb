// SPDX-License-Identifier: GPL-3.0-or-later
// What one trial leaves behind (DESIGN §1.9): eye and target traces at 1 ms, and every
// simple and complex spike of every Purkinje cell in the recorded window.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "task/eyeblink.hpp"
#include "task/protocol.hpp"

namespace flocculus {

inline constexpr int kMicrozones = 4;  // right, left, up, down
// The eyeblink zone's spikes carry this microzone number (after the four floccular zones).
inline constexpr int kEyeblinkMicrozone = 4;
inline constexpr const char* kEyeblinkZoneName = "eyeblink";

struct TraceSample {
    float t_ms;
    float target_x_deg, target_y_deg, target_vx_deg_s, target_vy_deg_s;
    float eye_x_deg, eye_y_deg, eye_vx_deg_s, eye_vy_deg_s;
    float cerebellar_vx_deg_s, cerebellar_vy_deg_s;  // the nuclei's share of the command
    float nuclear_vx_deg_s, nuclear_vy_deg_s;  // of that, carried by learned MF->DCN weights
    float head_x_deg, head_vx_deg_s;           // the head's yaw (VOR task; 0 in every other task)
};

enum class SpikeKind : std::uint8_t { Simple = 0, Complex = 1 };

struct PurkinjeSpike {
    float t_ms;
    std::uint16_t microzone;
    std::uint16_t cell;  // index within the microzone
    SpikeKind kind;
};

struct TrialRecord {
    TrialPlan plan;
    std::vector<TraceSample> trace;        // 1 ms samples, t in [-100, 900)
    std::vector<PurkinjeSpike> spikes;     // every Purkinje cell, t in [-100, 900), time order
                                           // (eyeblink trials: the eyeblink zone's, microzone
                                           // kEyeblinkMicrozone, over the eyelid trace's window)
    int cells_per_zone = 0;                // of the floccular zones; 0 when they are not simulated
    int eyeblink_cells = 0;                // of the eyeblink zone; 0 unless an eyeblink trial
    EyeblinkRecord eyeblink;               // eyeblink trials only (empty otherwise)
};

inline constexpr int kRecordedBins =
    static_cast<int>(kTrialEndMs - kTrialStartMs);  // 1000 one-millisecond bins

}  // namespace flocculus
