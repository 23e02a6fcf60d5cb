// SPDX-License-Identifier: GPL-3.0-or-later
#include "record/weight_map.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "plasticity/pf_pc.hpp"
#include "util/memory.hpp"

namespace flocculus {

int weight_map_bin(double t_ms) {
    if (!(t_ms >= kTrialStartMs && t_ms < kTrialEndMs)) return -1;
    const int b = static_cast<int>((t_ms - kTrialStartMs) / kWeightMapBinMs);
    return std::min(b, kWeightMapBins - 1);
}

GranuleTiming::GranuleTiming(std::size_t granule_count) : counts_(granule_count * kRow, 0) {
    for (std::size_t g = 0; g < granule_count; ++g) counts_[g * kRow + kWeightMapBins] = kSilent;
}

void GranuleTiming::record(std::span<const std::uint32_t> gc_spikes, double t_ms) {
    const int b = weight_map_bin(t_ms);
    if (b < 0) return;
    const auto bin = static_cast<std::uint8_t>(b);
    // The rows are scattered: ask for a row's count and peak some spikes ahead.
    const auto all = [&](std::size_t) { return std::pair{gc_spikes.data(), gc_spikes.data() + gc_spikes.size()}; };
    LookAhead ahead(1, all, [&](std::uint32_t g) {
        const std::uint8_t* row = &counts_[static_cast<std::size_t>(g) * kRow];
        prefetch_for_write(row + bin);
        prefetch_for_write(row + kWeightMapBins);
    }, 16);
    for (const std::uint32_t g : gc_spikes) {
        ahead.next();
        std::uint8_t* row = &counts_[static_cast<std::size_t>(g) * kRow];
        if (row[bin] == std::numeric_limits<std::uint8_t>::max())
            for (int k = 0; k < kWeightMapBins; ++k) row[k] = static_cast<std::uint8_t>(row[k] >> 1);
        ++row[bin];
        // The peak stays a bin of the largest count: a count can overtake it only by one.
        std::uint8_t& peak = row[kWeightMapBins];
        if (peak == kSilent || row[bin] > row[peak]) peak = bin;
    }
}

InitialWeights InitialWeights::capture(const PfPcSynapses& s) {
    InitialWeights w;
    w.n_pc_ = s.purkinje_count();
    const std::span<const float> all = s.weights();
    if (all.empty()) return w;
    const float first = all.front();
    if (std::all_of(all.begin(), all.end(), [first](float v) { return v == first; }))
        w.uniform_ = first;
    else
        w.copy_.assign(all.begin(), all.end());
    return w;
}

double WeightMap::zone_change(int zone, int bin) const {
    double sum = 0;
    int n = 0;
    for (int c = 0; c < cells_per_zone; ++c) {
        const int pc = zone * cells_per_zone + c;
        if (pc >= purkinje_count) break;
        const float v = change_at(pc, bin);
        if (std::isnan(v)) continue;
        sum += v;
        ++n;
    }
    return n ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

WeightMap build_weight_map(const GranuleTiming& timing, const PfPcSynapses& synapses,
                           const InitialWeights& initial, int cells_per_zone, double w_max,
                           int trial) {
    const std::size_t n_pc = synapses.purkinje_count();
    const std::size_t n_gc = std::min(timing.granule_count(), synapses.granule_count());
    const auto bins = static_cast<std::size_t>(kWeightMapBins);
    const bool full = synapses.fully_connected();
    const bool uniform = initial.uniform();

    // Sums laid out [bin][purkinje], so that one granule cell adds one contiguous row.
    std::vector<double> sum(bins * n_pc, 0.0), sum0(uniform ? 0 : bins * n_pc, 0.0);
    std::vector<std::uint32_t> pairs(full ? 0 : bins * n_pc, 0);
    WeightMap m;
    m.trial = trial;
    m.purkinje_count = static_cast<int>(n_pc);
    m.cells_per_zone = cells_per_zone;
    m.w_max = w_max;
    m.granule_cells.assign(bins, 0);

    const std::span<const float> w = synapses.weights();
    for (std::size_t g = 0; g < n_gc; ++g) {
        const std::uint8_t b = timing.peak_bin(g);
        if (b == GranuleTiming::kSilent) {
            ++m.silent_granule_cells;
            continue;
        }
        ++m.granule_cells[b];
        const float* row = &w[g * n_pc];
        double* s = &sum[b * n_pc];
        if (full) {
            for (std::size_t c = 0; c < n_pc; ++c) s[c] += row[c];
            if (!uniform) {
                double* s0 = &sum0[b * n_pc];
                for (std::size_t c = 0; c < n_pc; ++c) s0[c] += initial.at(g, c);
            }
        } else {
            for (std::size_t c = 0; c < n_pc; ++c) {
                if (!synapses.connected(g, c)) continue;
                s[c] += row[c];
                if (!uniform) sum0[b * n_pc + c] += initial.at(g, c);
                ++pairs[b * n_pc + c];
            }
        }
    }

    constexpr float kNone = std::numeric_limits<float>::quiet_NaN();
    m.weight.assign(n_pc * bins, kNone);
    m.change.assign(n_pc * bins, kNone);
    for (std::size_t b = 0; b < bins; ++b)
        for (std::size_t c = 0; c < n_pc; ++c) {
            const std::size_t k = b * n_pc + c;
            const double n = full ? m.granule_cells[b] : pairs[k];
            if (n == 0) continue;
            const double mean = sum[k] / n;
            const double mean0 = uniform ? double{initial.at(0, 0)} : sum0[k] / n;
            m.weight[c * bins + b] = static_cast<float>(mean);
            m.change[c * bins + b] = static_cast<float>(mean - mean0);
        }
    return m;
}

}  // namespace flocculus
