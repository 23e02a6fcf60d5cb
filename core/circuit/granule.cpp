// SPDX-License-Identifier: GPL-3.0-or-later
#include "circuit/granule.hpp"

#include <algorithm>
#include <cmath>

namespace flocculus {

GranuleLayer::GranuleLayer(const Parameters& p, std::size_t mossy_count, Rng& rng) {
    const auto n = static_cast<std::size_t>(p.network_granule_cells);
    inputs_per_gc_ = static_cast<std::uint32_t>(p.gc_mf_inputs);
    gc_inputs_.resize(n * inputs_per_gc_);
    std::vector<std::uint32_t> fan(mossy_count + 1, 0);
    for (std::size_t g = 0; g < n; ++g) {
        std::uint32_t* in = &gc_inputs_[g * inputs_per_gc_];
        for (std::uint32_t k = 0; k < inputs_per_gc_; ++k) {
            // Distinct fibres for each granule cell (its claws sit on different rosettes).
            std::uint32_t m;
            do {
                m = rng.below(static_cast<std::uint32_t>(mossy_count));
            } while (std::find(in, in + k, m) != in + k);
            in[k] = m;
            ++fan[m + 1];
        }
    }
    for (std::size_t m = 0; m < mossy_count; ++m) fan[m + 1] += fan[m];
    mf_offsets_ = fan;
    mf_targets_.resize(gc_inputs_.size());
    std::vector<std::uint32_t> fill(fan.begin(), fan.end() - 1);
    for (std::size_t g = 0; g < n; ++g)
        for (std::uint32_t k = 0; k < inputs_per_gc_; ++k)
            mf_targets_[fill[gc_inputs_[g * inputs_per_gc_ + k]]++] = static_cast<std::uint32_t>(g);

    const auto regions = static_cast<std::size_t>(std::max(1, std::min<int>(p.golgi_count, static_cast<int>(n))));
    region_size_ = static_cast<std::uint32_t>((n + regions - 1) / regions);
    v_.assign(n, 0.0f);
    last_update_.assign(n, 0);
    last_spike_.assign(n, -1000000);
    region_spikes_.assign(regions, 0);
    golgi_fast_.assign(regions, static_cast<float>(p.golgi_target_activity));
    golgi_slow_.assign(regions, 0.0f);
    inhibition_.assign(regions, 0.0f);
    spikes_.reserve(n / 50 + 16);
}

std::span<const std::uint32_t> GranuleLayer::inputs_of(std::size_t g) const {
    return {&gc_inputs_[g * inputs_per_gc_], inputs_per_gc_};
}

void GranuleLayer::rebuild_decay(double tau_ms, double dt_ms) {
    decay_.clear();
    for (std::size_t k = 0;; ++k) {
        const double d = std::exp(-static_cast<double>(k) * dt_ms / tau_ms);
        decay_.push_back(static_cast<float>(d));
        if (d < 1e-6) break;
    }
    decay_tau_ = tau_ms;
    decay_dt_ = dt_ms;
}

void GranuleLayer::step(const Parameters& p, const Lesions& lesions,
                        std::span<const std::uint32_t> mf_spikes, std::int64_t step_index) {
    if (p.gc_tau_ms != decay_tau_ || p.sim_dt_ms != decay_dt_) rebuild_decay(p.gc_tau_ms, p.sim_dt_ms);
    spikes_.clear();
    const auto now = static_cast<std::int32_t>(step_index);
    const auto refractory = static_cast<std::int32_t>(std::ceil(p.gc_refractory_ms / p.sim_dt_ms));
    const auto w = static_cast<float>(p.gc_mf_weight);
    const auto table_len = static_cast<std::int32_t>(decay_.size());
    std::fill(region_spikes_.begin(), region_spikes_.end(), 0u);

    for (const std::uint32_t m : mf_spikes) {
        for (std::uint32_t i = mf_offsets_[m]; i < mf_offsets_[m + 1]; ++i) {
            const std::uint32_t g = mf_targets_[i];
            const std::int32_t age = now - last_update_[g];
            const float v = (age < table_len ? v_[g] * decay_[static_cast<std::size_t>(age)] : 0.0f) + w;
            last_update_[g] = now;
            const std::uint32_t r = g / region_size_;
            if (v >= 1.0f + inhibition_[r] && now - last_spike_[g] >= refractory) {
                v_[g] = 0.0f;
                last_spike_[g] = now;
                spikes_.push_back(g);
                ++region_spikes_[r];
            } else {
                v_[g] = v;
            }
        }
    }

    // Golgi cells: integrate their region's activity and set its inhibition for the next step.
    const double a_fast = std::min(1.0, p.sim_dt_ms / p.golgi_tau_ms);
    const double a_slow = std::min(1.0, p.sim_dt_ms / p.golgi_adapt_tau_ms);
    const double per_10ms = 10.0 / p.sim_dt_ms;
    const double target = p.golgi_target_activity;
    const double kept = lesions.kept(Lesion::Golgi);
    double total = 0;
    for (std::size_t r = 0; r < region_spikes_.size(); ++r) {
        const std::size_t first = r * region_size_;
        const std::size_t size = std::min<std::size_t>(region_size_, v_.size() - std::min(first, v_.size()));
        const double inst = size ? region_spikes_[r] * per_10ms / static_cast<double>(size) : 0.0;
        golgi_fast_[r] += static_cast<float>(a_fast * (inst - golgi_fast_[r]));
        const double ratio = golgi_fast_[r] / target;
        golgi_slow_[r] = static_cast<float>(std::clamp(golgi_slow_[r] + a_slow * (ratio - 1.0), 0.0, 10.0));
        inhibition_[r] = static_cast<float>(kept * (p.golgi_feedback_gain * ratio + golgi_slow_[r]));
        total += region_spikes_[r];
    }
    population_activity_ += std::min(1.0, p.sim_dt_ms / 10.0) *
                            (total * per_10ms / static_cast<double>(v_.size()) - population_activity_);
}

}  // namespace flocculus
