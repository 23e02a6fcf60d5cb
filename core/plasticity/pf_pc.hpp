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
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "params/parameters.hpp"
#include "util/rng.hpp"

namespace flocculus {

class PfPcSynapses {
public:
    PfPcSynapses(const Parameters& p, std::size_t granule_count, std::size_t purkinje_count,
                 Rng& build_rng);

    // Adds the parallel-fibre drive of this step's granule spikes to `drive` (one entry per
    // Purkinje cell; net of the feedforward inhibition `mli_per_spike` that each spike
    // also brings) and applies LTP scaled by `ltp_scale`.
    void transmit(const Parameters& p, std::span<const std::uint32_t> gc_spikes,
                  std::int64_t step_index, float mli_per_spike, double ltp_scale,
                  std::span<float> drive);
    // LTD at a complex spike of Purkinje cell `pc` at `step_index`.
    void depress(const Parameters& p, std::size_t pc, std::int64_t step_index, double ltd_scale);

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

    std::size_t n_gc_, n_pc_;
    // Structure: which pairs exist (empty = all), one bit per pair.
    std::vector<std::uint64_t> mask_;
    std::size_t mask_words_ = 0;
    // State.
    std::vector<float> w_;  // [granule][purkinje]
    // Recent granule spikes, one bucket per step, for eligibility.
    std::vector<std::vector<std::uint32_t>> ring_;
    std::vector<std::int64_t> ring_step_;
    std::vector<float> kernel_;  // per step of delay
    double kernel_peak_ = -1, kernel_dt_ = -1;
};

}  // namespace flocculus
