// SPDX-License-Identifier: GPL-3.0-or-later
// The parallel-fibre -> Purkinje cell weights, downsampled for display (DESIGN §1.9):
// granule cells are grouped by WHEN in the trial they fire most, and for every Purkinje
// cell the weights of each group are averaged. A column of the map is then "the fibres
// that carry this moment of the trial", so LTD at a learned time shows as a dip in the
// columns ~pf.ltd_kernel_peak_ms before the complex spikes that caused it.
//
// Three pieces:
//  - GranuleTiming: per granule cell, a histogram of its spikes over the recorded trial
//    window, updated only when it fires (one byte increment per spike, no per-step work),
//    and the bin where it peaks, kept up to date as it counts;
//  - InitialWeights: the weights at the start of the run (after warm-up), so that the
//    change since then is measured over exactly the same synapses and the same grouping;
//  - WeightMap: the published, immutable result, built at trial ends by build_weight_map
//    in one pass over the weights.
//
// Memory, per granule cell: kWeightMapBins + 1 bytes of timing (51 B: 5.1 MB at the
// default 100 000 granule cells, 51 MB at 1 000 000, where the weights themselves take
// 256 MB with 64 Purkinje cells). The initial weights cost 4 bytes when they are all equal
// (as the model builds them: pf.w_init everywhere); otherwise a full copy of the weights
// (granule cells x Purkinje cells x 4 bytes). Building a map reads every weight once.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "task/protocol.hpp"

namespace flocculus {

class PfPcSynapses;

// Time bins of the map: kWeightMapBinMs wide, covering the recorded trial window
// [kTrialStartMs, kTrialEndMs).
inline constexpr double kWeightMapBinMs = 20.0;
inline constexpr int kWeightMapBins =
    static_cast<int>((kTrialEndMs - kTrialStartMs) / kWeightMapBinMs);  // 50
static_assert(kWeightMapBins * kWeightMapBinMs == kTrialEndMs - kTrialStartMs);
static_assert(kWeightMapBins < 255);

// The bin of a time in the trial (ms from motion onset), or -1 outside the window.
int weight_map_bin(double t_ms);

class GranuleTiming {
public:
    static constexpr std::uint8_t kSilent = 0xFF;  // peak_bin of a cell that never fired

    explicit GranuleTiming(std::size_t granule_count);

    // Counts the granule spikes of one step at time t_ms of a trial (ms from motion onset);
    // spikes outside the recorded window (the inter-trial fixation) are not counted.
    void record(std::span<const std::uint32_t> gc_spikes, double t_ms);

    std::size_t granule_count() const { return counts_.size() / kRow; }
    // A bin in which granule cell g has fired most over the trials so far (of tied bins,
    // the one that got there first), or kSilent.
    std::uint8_t peak_bin(std::size_t g) const { return counts_[g * kRow + kWeightMapBins]; }
    // Spikes of cell g counted in bin b. Relative counts: when one reaches 255 the cell's
    // whole histogram is halved, which keeps its shape and its peak.
    std::uint8_t count(std::size_t g, int b) const {
        return counts_[g * kRow + static_cast<std::size_t>(b)];
    }
    std::size_t memory_bytes() const { return counts_.size(); }

private:
    // One record per granule cell, so that a spike touches one place: its spike counts
    // per bin (relative, see count), then the bin of the largest count (or kSilent).
    static constexpr std::size_t kRow = kWeightMapBins + 1;
    std::vector<std::uint8_t> counts_;  // [granule][kRow]
};

// The PF->PC weights at one moment, kept for comparison. Compact when they are all equal.
class InitialWeights {
public:
    InitialWeights() = default;
    static InitialWeights capture(const PfPcSynapses& s);

    bool uniform() const { return copy_.empty(); }
    std::size_t purkinje_count() const { return n_pc_; }
    float at(std::size_t gc, std::size_t pc) const {
        return copy_.empty() ? uniform_ : copy_[gc * n_pc_ + pc];
    }
    std::size_t memory_bytes() const { return sizeof(float) * (copy_.empty() ? 1 : copy_.size()); }

private:
    std::size_t n_pc_ = 0;
    float uniform_ = 0;
    std::vector<float> copy_;  // [granule][purkinje], empty when uniform
};

// The map as published in snapshots: immutable once built.
struct WeightMap {
    int trial = 0;              // number (1-based) of the last trial it includes
    int bins = kWeightMapBins;
    double bin_start_ms = kTrialStartMs;  // left edge of bin 0, ms from motion onset
    double bin_ms = kWeightMapBinMs;
    int purkinje_count = 0;     // rows: cell c of zone z is row z * cells_per_zone + c
    int cells_per_zone = 0;
    double w_max = 0;           // pf.w_max when built (the weights' upper bound)
    // [purkinje][bin]: mean PF->PC weight of the synapses from the granule cells that fire
    // most in the bin (dimensionless, in [0, w_max]); NaN where no such synapse exists.
    std::vector<float> weight;
    // [purkinje][bin]: mean change of those same synapses since the start of the run.
    std::vector<float> change;
    // [bin]: granule cells that fire most in the bin.
    std::vector<std::uint32_t> granule_cells;
    std::uint32_t silent_granule_cells = 0;  // never fired in a recorded trial window

    float weight_at(int pc, int bin) const { return weight[index(pc, bin)]; }
    float change_at(int pc, int bin) const { return change[index(pc, bin)]; }
    double bin_begin_ms(int bin) const { return bin_start_ms + bin * bin_ms; }
    double bin_end_ms(int bin) const { return bin_begin_ms(bin + 1); }
    // Mean change of the cells of zone z in a bin (NaN when the bin is empty).
    double zone_change(int zone, int bin) const;

private:
    std::size_t index(int pc, int bin) const {
        return static_cast<std::size_t>(pc) * static_cast<std::size_t>(bins) +
               static_cast<std::size_t>(bin);
    }
};

// Builds the map from the current weights: one pass over them. `cells_per_zone` only
// labels the rows; `w_max` is stored for the colour scale.
WeightMap build_weight_map(const GranuleTiming& timing, const PfPcSynapses& synapses,
                           const InitialWeights& initial, int cells_per_zone, double w_max,
                           int trial);

}  // namespace flocculus
