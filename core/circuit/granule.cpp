// SPDX-License-Identifier: GPL-3.0-or-later
#include "circuit/granule.hpp"

#include <algorithm>
#include <cmath>

#include "util/memory.hpp"

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
    // Every fibre's targets in ascending order, then split by chunk.
    std::vector<std::uint32_t> targets(gc_inputs_.size());
    std::vector<std::uint32_t> fill(fan.begin(), fan.end() - 1);
    for (std::size_t g = 0; g < n; ++g)
        for (std::uint32_t k = 0; k < inputs_per_gc_; ++k)
            targets[fill[gc_inputs_[g * inputs_per_gc_ + k]]++] = static_cast<std::uint32_t>(g);
    chunks_ = granule_chunking(n);
    mossy_count_ = mossy_count;
    mf_offsets_.resize(chunks_.count * (mossy_count + 1));
    mf_targets_.reserve(targets.size());
    std::vector<std::uint32_t> cursor(fan.begin(), fan.end() - 1);
    for (std::size_t k = 0; k < chunks_.count; ++k) {
        const auto end = static_cast<std::uint32_t>(chunks_.end(k));
        std::uint32_t* offsets = &mf_offsets_[k * (mossy_count + 1)];
        for (std::size_t m = 0; m < mossy_count; ++m) {
            offsets[m] = static_cast<std::uint32_t>(mf_targets_.size());
            while (cursor[m] < fan[m + 1] && targets[cursor[m]] < end)
                mf_targets_.push_back(targets[cursor[m]++]);
        }
        offsets[mossy_count] = static_cast<std::uint32_t>(mf_targets_.size());
    }
    chunk_spikes_.resize(chunks_.count);
    merge_cursor_.resize(chunks_.count);

    const auto regions = static_cast<std::size_t>(std::max(1, std::min<int>(p.golgi_count, static_cast<int>(n))));
    region_size_ = static_cast<std::uint32_t>((n + regions - 1) / regions);
    cells_.assign(n, Cell{0.0f, 0});
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

void GranuleLayer::update_chunk(std::size_t k, std::span<const std::uint32_t> mf_spikes,
                                std::int32_t now, std::int32_t refractory, float weight,
                                float lowest_threshold) {
    auto& out = chunk_spikes_[k].list;
    out.clear();
    const std::uint32_t* offsets = &mf_offsets_[k * (mossy_count_ + 1)];
    const std::uint32_t* targets = mf_targets_.data();
    Cell* cells = cells_.data();
    const float* decay = decay_.data();
    const auto table_len = static_cast<std::int32_t>(decay_.size());
    // Each mossy spike's list of targets in this chunk starts at a scattered place, found
    // through a scattered offset: ask for all the offsets, then for all the lists, before the
    // updates, so that these misses overlap instead of stalling the start of every list.
    auto& ranges = chunk_spikes_[k].ranges;
    ranges.resize(mf_spikes.size());
    for (const std::uint32_t m : mf_spikes) prefetch_for_read(&offsets[m]);
    constexpr std::uint32_t kLineTargets = kCacheLine / sizeof(std::uint32_t);
    for (std::size_t i = 0; i < mf_spikes.size(); ++i) {
        const std::uint32_t m = mf_spikes[i];
        ranges[i] = {offsets[m], offsets[m + 1]};
        for (std::uint32_t j = ranges[i].first; j < ranges[i].second; j += kLineTargets)
            prefetch_for_read(targets + j);
    }
    // The cells are scattered over the layer, so each update is a likely cache miss: ask for
    // them 64 updates early (an update is short, a miss long) so that the misses overlap.
    auto targets_of = [&](std::size_t i) { return std::pair{targets + ranges[i].first, targets + ranges[i].second}; };
    LookAhead ahead(mf_spikes.size(), targets_of, [&](std::uint32_t g) { prefetch_for_write(&cells[g]); }, 64);
    for (std::size_t i = 0; i < mf_spikes.size(); ++i) {
        for (std::uint32_t j = ranges[i].first; j < ranges[i].second; ++j) {
            ahead.next();
            const std::uint32_t g = targets[j];
            Cell& c = cells[g];
            const std::int32_t age = now - c.last_update;
            const float v = (age < table_len ? c.v * decay[age] : 0.0f) + weight;
            c.last_update = now;
            // No region's threshold is below lowest_threshold: most updates stop there. A cell
            // not updated for a refractory period has not fired in it (firing is an update), so
            // its last spike (apart, a likely cache miss) is read only for one updated since.
            if (v >= lowest_threshold && v >= 1.0f + inhibition_[g / region_size_] &&
                (age >= refractory || now - last_spike_[g] >= refractory)) {
                c.v = 0.0f;
                last_spike_[g] = now;
                out.push_back({static_cast<std::uint32_t>(i), g});
            } else {
                c.v = v;
            }
        }
    }
}

void GranuleLayer::step(const Parameters& p, const Lesions& lesions,
                        std::span<const std::uint32_t> mf_spikes, std::int64_t step_index,
                        ThreadPool* pool) {
    if (p.gc_tau_ms != decay_tau_ || p.sim_dt_ms != decay_dt_) rebuild_decay(p.gc_tau_ms, p.sim_dt_ms);
    const auto now = static_cast<std::int32_t>(step_index);
    const auto refractory = static_cast<std::int32_t>(std::ceil(p.gc_refractory_ms / p.sim_dt_ms));
    const auto w = static_cast<float>(p.gc_mf_weight);
    float lowest_threshold = 1.0f + inhibition_[0];
    for (const float inh : inhibition_) lowest_threshold = std::min(lowest_threshold, 1.0f + inh);

    for_each_chunk(pool, chunks_.count, [&](std::size_t k) {
        update_chunk(k, mf_spikes, now, refractory, w, lowest_threshold);
    });

    // Merge the chunks' spikes into the order of one pass over the mossy spikes (for each
    // mossy spike, its targets in ascending order), counting each Golgi region's spikes.
    spikes_.clear();
    std::fill(region_spikes_.begin(), region_spikes_.end(), 0u);
    std::fill(merge_cursor_.begin(), merge_cursor_.end(), 0);
    for (std::uint32_t i = 0; i < mf_spikes.size(); ++i) {
        for (std::size_t k = 0; k < chunks_.count; ++k) {
            const auto& from = chunk_spikes_[k].list;
            std::size_t& at = merge_cursor_[k];
            for (; at < from.size() && from[at].mf_order == i; ++at) {
                spikes_.push_back(from[at].gc);
                ++region_spikes_[from[at].gc / region_size_];
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
        const std::size_t size = std::min<std::size_t>(region_size_, cells_.size() - std::min(first, cells_.size()));
        const double inst = size ? region_spikes_[r] * per_10ms / static_cast<double>(size) : 0.0;
        golgi_fast_[r] += static_cast<float>(a_fast * (inst - golgi_fast_[r]));
        const double ratio = golgi_fast_[r] / target;
        golgi_slow_[r] = static_cast<float>(std::clamp(golgi_slow_[r] + a_slow * (ratio - 1.0), 0.0, 10.0));
        inhibition_[r] = static_cast<float>(kept * (p.golgi_feedback_gain * ratio + golgi_slow_[r]));
        total += region_spikes_[r];
    }
    population_activity_ += std::min(1.0, p.sim_dt_ms / 10.0) *
                            (total * per_10ms / static_cast<double>(cells_.size()) - population_activity_);
}

}  // namespace flocculus
