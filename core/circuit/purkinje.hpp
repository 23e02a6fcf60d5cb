// SPDX-License-Identifier: GPL-3.0-or-later
// Purkinje cells (DESIGN §1.4): leaky integrate-and-fire cells whose intrinsic drive gives
// pc.baseline_rate_hz at rest; parallel fibres excite them and molecular-layer interneurons
// (stellate and basket cells) inhibit them in proportion to parallel-fibre activity, so
// that only the learned weights, not the amount of granule activity, move simple spiking.
// A climbing-fibre spike makes a complex spike, followed by a simple-spike pause.
//
// Four microzones, each of network.purkinje_per_microzone cells, in the order right,
// left, up, down; cell c of zone z has index z * per_zone + c.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "params/lesions.hpp"
#include "params/parameters.hpp"
#include "util/rng.hpp"
#include "util/vec2.hpp"

namespace flocculus {

inline constexpr int kZoneCount = 4;
inline constexpr Vec2 kZoneDirections[kZoneCount] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
inline constexpr const char* kZoneNames[kZoneCount] = {"right", "left", "up", "down"};

class PurkinjeLayer {
public:
    explicit PurkinjeLayer(const Parameters& p);

    std::size_t count() const { return v_.size(); }
    std::size_t per_zone() const { return per_zone_; }
    int zone_of(std::size_t pc) const { return static_cast<int>(pc / per_zone_); }
    // Whether cell pc survives a Purkinje lesion of the given fraction.
    bool present(const Lesions& l, std::size_t pc) const;

    // Intrinsic drive that gives `rate_hz` with no other input (membrane noise included).
    static double intrinsic_drive(const Parameters& p, double rate_hz);

    // One step: `pf_drive` is each cell's parallel-fibre input of this step (net of
    // feedforward inhibition, normalised); `cf` lists the cells whose climbing fibre fired.
    void step(const Parameters& p, const Lesions& lesions, std::span<const float> pf_drive,
              std::span<const std::uint32_t> cf, std::int64_t step_index, Rng& rng);

    std::span<const std::uint32_t> simple_spikes() const { return ss_; }   // this step
    std::span<const std::uint32_t> complex_spikes() const { return cs_; }  // this step
    double synaptic_input(std::size_t pc) const { return syn_[pc]; }

private:
    std::size_t per_zone_;
    std::vector<float> v_, syn_;
    std::vector<std::int64_t> silent_until_;  // refractory or complex-spike pause
    std::vector<std::uint32_t> ss_, cs_;
    double cached_rate_ = -1, cached_tau_ = -1, cached_ref_ = -1, cached_noise_ = -1;
    double cached_dt_ = -1, cached_drive_ = 0;
};

// Inferior olive: one climbing fibre per Purkinje cell.
class InferiorOlive {
public:
    explicit InferiorOlive(std::size_t purkinje_count);
    // `slip_along_zone`: delayed retinal slip projected on each zone's direction (deg/s);
    // `nuclear_output_hz`: each zone's nucleo-olivary firing above baseline (Hz);
    // `gaze_along_zone`: the gaze velocity the olive feels along each zone (deg/s, io.gaze_gain).
    void step(const Parameters& p, const Lesions& lesions, const PurkinjeLayer& pcs,
              const double (&slip_along_zone)[kZoneCount],
              const double (&nuclear_output_hz)[kZoneCount],
              const double (&gaze_along_zone)[kZoneCount], std::int64_t step_index, Rng& rng);
    std::span<const std::uint32_t> spikes() const { return spikes_; }
    // The firing rate the olive is driven at in each zone now (before refractoriness).
    double zone_rate_hz(int z) const { return zone_rate_[z]; }
    // Whether the climbing fibre of cell pc survives an olive lesion.
    static bool present(const Lesions& l, const PurkinjeLayer& pcs, std::size_t pc);

private:
    std::vector<std::int64_t> last_spike_;
    std::vector<std::uint32_t> spikes_;
    double zone_rate_[kZoneCount]{};
};

}  // namespace flocculus
