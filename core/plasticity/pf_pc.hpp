// SPDX-License-Identifier: GPL-3.0-or-later
// Parallel fibre -> Purkinje cell synapses and their plasticity (DESIGN §1.5).
//  - Weights are stored granule-major: the weights of one parallel fibre onto every
//    Purkinje cell are one contiguous row, so a granule spike touches one row.
//  - LTP: every parallel-fibre spike raises that fibre's weights by pf.ltp_rate.
//  - LTD: at a complex spike, each weight of that cell falls by pf.ltd_rate times the
//    fibre's eligibility: its recent spikes weighted by a kernel that peaks
//    pf.ltd_kernel_peak_ms before the complex spike (bridging the climbing fibre's delay).
//    Eligibility is computed from a ring of recent granule spikes, not by decaying a trace
//    per synapse per step.
//  - The kernel is normalised so that a fibre firing at r Hz has an expected eligibility of
//    r x 1 s: LTD and LTP then balance when complex spikes come at pf.ltp_rate / pf.ltd_rate
//    Hz, which the defaults set to the olive's 1 Hz baseline.
// Execution: transmission splits the Purkinje cells into groups of columns (each column's
// sum runs over the spikes in their given order, however the columns are grouped); LTD
// splits the parallel fibres into the granule layer's fixed chunks (each weight is
// depressed in order of increasing delay, as in one pass). So the results are the same for
// any number of threads.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "params/parameters.hpp"
#include "util/memory.hpp"
#include "util/rng.hpp"
#include "util/thread_pool.hpp"

namespace flocculus {

class PfPcSynapses {
public:
    PfPcSynapses(const Parameters& p, std::size_t granule_count, std::size_t purkinje_count,
                 Rng& build_rng);

    // Adds the parallel-fibre drive of this step's granule spikes to `drive` (one entry per
    // Purkinje cell; net of the feedforward inhibition `mli_per_spike` that each spike
    // also brings) and applies LTP scaled by `ltp_scale`. Runs on `pool` when one is given.
    void transmit(const Parameters& p, std::span<const std::uint32_t> gc_spikes,
                  std::int64_t step_index, float mli_per_spike, double ltp_scale,
                  std::span<float> drive, ThreadPool* pool = nullptr);
    // LTD at complex spikes of the Purkinje cells `pcs` (distinct) at `step_index`.
    void depress(const Parameters& p, std::span<const std::uint32_t> pcs, std::int64_t step_index,
                 double ltd_scale, ThreadPool* pool = nullptr);
    void depress(const Parameters& p, std::size_t pc, std::int64_t step_index, double ltd_scale) {
        const auto cell = static_cast<std::uint32_t>(pc);
        depress(p, std::span(&cell, 1), step_index, ltd_scale);
    }

    // The LTD kernel at a delay (ms) between parallel-fibre spike and complex spike,
    // normalised as above (units: per second of integration, so its integral is 1000 ms).
    double kernel(const Parameters& p, double delay_ms) const;

    std::size_t granule_count() const { return n_gc_; }
    std::size_t purkinje_count() const { return n_pc_; }
    float weight(std::size_t gc, std::size_t pc) const { return w_[gc * n_pc_ + pc]; }
    void set_weight(std::size_t gc, std::size_t pc, float w) { w_[gc * n_pc_ + pc] = w; }
    bool connected(std::size_t gc, std::size_t pc) const;
    bool fully_connected() const { return mask_.empty(); }  // every pair exists
    std::span<const float> weights() const { return w_; }

private:
    void ensure_kernel(const Parameters& p);
    std::size_t window_steps(const Parameters& p) const;
    void store_spikes(std::span<const std::uint32_t> gc_spikes, std::int64_t step_index);
    void transmit_columns(std::size_t first, std::size_t last, std::span<const std::uint32_t> gc_spikes,
                          float mli_per_spike, float ltp, float wmax, float* drive);
    void depress_chunk(std::size_t k, std::span<const std::uint32_t> pcs, std::int64_t step_index,
                       double rate);

    std::size_t n_gc_, n_pc_;
    Chunking chunks_;  // of the parallel fibres, for LTD
    // Structure: which pairs exist (empty = all), one bit per pair.
    std::vector<std::uint64_t> mask_;
    std::size_t mask_words_ = 0;
    // State.
    AlignedVector<float> w_;  // [granule][purkinje]
    // Recent granule spikes, one bucket per step, for eligibility. A bucket holds the step's
    // spikes grouped by chunk (in their order within each chunk); ring_chunk_start_ gives
    // where each chunk's group starts, chunks_.count + 1 entries per bucket.
    std::vector<std::vector<std::uint32_t>> ring_;
    std::vector<std::uint32_t> ring_chunk_start_;
    std::vector<std::int64_t> ring_step_;
    std::vector<std::uint32_t> cursor_;  // scratch for grouping a bucket
    std::vector<float> kernel_;  // per step of delay
    double kernel_peak_ = -1, kernel_dt_ = -1;
};

}  // namespace flocculus
