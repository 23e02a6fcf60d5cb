// SPDX-License-Identifier: GPL-3.0-or-later
// Mossy fibres (DESIGN §1.2): Poisson fibres of mixed kinds.
//  - context/time fibres respond to the onset of target motion, as the brain sees it (after
//    the visual delay), with diverse time courses: phasic bursts at random latencies, tonic
//    firing, or ramps; together they let granule cells tell time within a trial. Nothing
//    in them announces motion before it is seen, so pursuit cannot start early;
//  - direction-tuned fibres carry the brainstem's estimate of target motion or the
//    efference copy of eye velocity (both delayed), cosine-tuned to a preferred direction;
//  - background fibres fire steadily; they are the vestibular fibres, whose firing rises
//    with head rotation along their preferred direction (VOR task; at rest, and in every
//    other task, they fire at exactly the background rate).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "params/lesions.hpp"
#include "params/parameters.hpp"
#include "util/rng.hpp"
#include "util/vec2.hpp"

namespace flocculus {

enum class MossyKind : std::uint8_t { Phasic, Tonic, Ramp, TargetMotion, EyeVelocity, Background };

// What the mossy fibres sense at one moment.
struct MossyInput {
    double t_ms = 0;             // time in the trial (0 = target motion onset)
    bool in_trial = false;       // within the recorded trial (fixation point / target on)
    double seen_onset_ms = 0;    // when motion onset reaches the brain (the visual delay)
    Vec2 target_estimate;        // brainstem's estimate of target velocity, deg/s
    Vec2 eye_efference;          // delayed efference copy of eye velocity, deg/s
    Vec2 head_velocity;          // head rotation as the vestibular organs report it, deg/s
                                 // (zero outside the VOR task)
};

class MossyFibres {
public:
    MossyFibres(const Parameters& p, Rng& build_rng);

    void step(const Parameters& p, const Lesions& lesions, const MossyInput& in, Rng& rng);

    std::size_t count() const { return kind_.size(); }
    MossyKind kind(std::size_t i) const { return kind_[i]; }
    bool is_context(std::size_t i) const { return kind_[i] <= MossyKind::Ramp; }
    // Preferred direction of a direction-tuned fibre (a unit vector).
    Vec2 preferred(std::size_t i) const { return preferred_[i]; }
    std::span<const std::uint32_t> spikes() const { return spikes_; }  // this step
    std::span<const float> rates_hz() const { return rate_; }
    // Rate of fibre i during fixation at rest (no motion); used to balance the nuclei.
    double resting_rate_hz(const Parameters& p, std::size_t i) const;

private:
    double rate_of(const Parameters& p, const Lesions& l, const MossyInput& in, std::size_t i) const;

    // Structure, drawn once.
    std::vector<MossyKind> kind_;
    std::vector<float> latency_frac_;  // phasic latency as a fraction of the response span
    std::vector<float> width_factor_;
    std::vector<float> peak_factor_;
    std::vector<float> lesion_rank_;   // context fibres silenced first when rank < fraction
    std::vector<Vec2> preferred_;      // unit vectors of direction fibres
    std::vector<std::uint32_t> by_kind_;  // fibre indices grouped by kind (rates are computed
                                          // kind by kind: no unpredictable branch per fibre)
    // State.
    std::vector<float> rate_;
    std::vector<double> rate_hz_;      // this step's rates at full precision (for the draws)
    std::vector<std::uint32_t> spikes_;
};

}  // namespace flocculus
