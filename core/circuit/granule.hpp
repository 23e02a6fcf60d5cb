// SPDX-License-Identifier: GPL-3.0-or-later
// Granule layer (DESIGN §1.3): integrate-and-fire granule cells, each with gc.mf_inputs
// random mossy fibres, and Golgi cells that pool the activity of a region of granule cells
// and raise their threshold, keeping the code sparse. Updates are event-driven: a granule
// cell's membrane is brought up to date only when one of its mossy fibres spikes (exact for
// a leaky integrator without constant drive), so the work is proportional to spikes.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "params/lesions.hpp"
#include "params/parameters.hpp"
#include "util/rng.hpp"

namespace flocculus {

class GranuleLayer {
public:
    GranuleLayer(const Parameters& p, std::size_t mossy_count, Rng& build_rng);

    void step(const Parameters& p, const Lesions& lesions, std::span<const std::uint32_t> mf_spikes,
              std::int64_t step_index);

    std::size_t count() const { return v_.size(); }
    std::span<const std::uint32_t> spikes() const { return spikes_; }  // this step
    std::size_t golgi_count() const { return golgi_fast_.size(); }
    // Population activity: fraction of granule cells firing per 10 ms (filtered).
    double activity() const { return population_activity_; }
    // Golgi inhibition of region r: the rise of the granule threshold.
    double golgi_inhibition(std::size_t r) const { return inhibition_[r]; }
    // The mossy fibres of granule cell g.
    std::span<const std::uint32_t> inputs_of(std::size_t g) const;

private:
    void rebuild_decay(double tau_ms, double dt_ms);

    // Structure.
    std::vector<std::uint32_t> mf_offsets_, mf_targets_;  // CSR: mossy fibre -> granule cells
    std::vector<std::uint32_t> gc_inputs_;                // granule cell -> its mossy fibres
    std::uint32_t inputs_per_gc_ = 0;
    std::uint32_t region_size_ = 1;
    // State.
    std::vector<float> v_;                  // membrane, threshold 1
    std::vector<std::int32_t> last_update_; // step of the last membrane update
    std::vector<std::int32_t> last_spike_;
    std::vector<std::uint32_t> region_spikes_;
    std::vector<float> golgi_fast_;         // filtered regional activity (per 10 ms)
    std::vector<float> golgi_slow_;         // homeostatic threshold component
    std::vector<float> inhibition_;         // total threshold raise per region
    std::vector<std::uint32_t> spikes_;
    double population_activity_ = 0;
    std::vector<float> decay_;              // decay_[k] = exp(-k dt / tau)
    double decay_tau_ = -1, decay_dt_ = -1;
};

}  // namespace flocculus
