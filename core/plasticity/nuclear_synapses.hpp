// SPDX-License-Identifier: GPL-3.0-or-later
// The plastic mossy-fibre synapses of a group of deep-nuclear cells (DESIGN §1.6): one store
// serves the floccular zones' nuclei and the eyeblink zone's nucleus, so both learn by the
// same rule and keep their change the same way.
//  - Each cell has `inputs` synapses; their weights start at dcn.mf_weight_init and stay in
//    [0, dcn.w_max].
//  - The rule (plasticity/mf_dcn.hpp, dcn.rule) compares the cell's Purkinje input with two
//    levels: the zone's running mean for "pause", dcn.ltp_threshold_hz and dcn.ltd_threshold_hz
//    for "threshold".
//  - With dcn.expression_threshold_hz > 0 strong Purkinje inhibition shunts what the synapses
//    learned and their potentiation (expressed_share); the memory shows in a pause.
//  - With dcn.labile_tau_s > 0 a change is first labile: a synapse holds at most
//    dcn.labile_max of unconsolidated change, which decays with dcn.labile_tau_s unless the
//    cell's plasticity resource (protein synthesis, Okamoto et al. 2011) turns part of it into
//    a lasting change (dcn.consolidation_per_s); the resource is used up by what it
//    consolidates (dcn.resource_use) and recovers over dcn.resource_recovery_s.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "params/parameters.hpp"
#include "plasticity/mf_dcn.hpp"

namespace flocculus {

class NuclearSynapses {
public:
    NuclearSynapses() = default;
    NuclearSynapses(std::size_t cells, std::size_t inputs, double w_init);

    // The Purkinje rates below which a cell's inhibition counts as dropped and above which it
    // counts as strong, for a zone whose Purkinje rate has the running mean `reference_hz`.
    struct Levels {
        double ltp_below_hz = 0, ltd_above_hz = 0;
    };
    static Levels levels(const Parameters& p, double reference_hz) {
        if (p.dcn_rule == 1) return {p.dcn_ltp_threshold_hz, p.dcn_ltd_threshold_hz};
        return {reference_hz, reference_hz};
    }

    // The share of the learned mossy drive a nuclear cell feels, and of the potentiation its
    // mossy synapses undergo, while its Purkinje input is pc_hz: strong inhibition shunts both
    // (dcn.expression_threshold_hz; 1 when that is 0). Depression is not shunted.
    static double expressed_share(const Parameters& p, double pc_hz) {
        if (p.dcn_expression_threshold_hz <= 0) return 1.0;
        return 1.0 / (1.0 + std::exp((pc_hz - p.dcn_expression_threshold_hz) /
                                     p.dcn_expression_width_hz));
    }

    std::size_t inputs() const { return inputs_; }
    double initial_weight() const { return initial_weight_; }
    const float* weights(std::size_t cell) const { return w_.data() + cell * inputs_; }
    std::span<const float> weights() const { return w_; }
    // The part of each weight's change that is not yet consolidated (0 without a labile phase).
    std::span<const float> labile() const { return labile_; }

    // One step (dt_ms) of one cell's learning: input i fires at activity(i) Hz while the
    // cell's Purkinje input is pc_hz. ltp_rate and ltd_rate are the rule's rates; potentiation
    // is shunted with the drive (expressed_share), depression is not.
    template <class Activity>
    void learn(const Parameters& p, std::size_t cell, Activity&& activity, double pc_hz,
               Levels lv, double ltp_rate, double ltd_rate, double dt_ms) {
        ltp_rate *= expressed_share(p, pc_hz);
        float* w = w_.data() + cell * inputs_;
        float* l = labile_.data() + cell * inputs_;
        const bool labile = p.dcn_labile_tau_s > 0;
        for (std::size_t i = 0; i < inputs_; ++i) {
            const double dw = mf_dcn_change(activity(i), pc_hz, lv.ltp_below_hz, lv.ltd_above_hz,
                                            ltp_rate, ltd_rate, dt_ms);
            if (labile) {
                // An early-phase change is bounded: a synapse holds at most dcn.labile_max of
                // change until part of it is consolidated.
                const float before = w[i];
                const double stored = std::clamp(l[i] + dw, -p.dcn_labile_max, p.dcn_labile_max);
                w[i] = static_cast<float>(std::clamp(w[i] + (stored - l[i]), 0.0, p.dcn_w_max));
                l[i] += w[i] - before;
            } else {
                w[i] = static_cast<float>(std::clamp(w[i] + dw, 0.0, p.dcn_w_max));
            }
        }
    }

    // The labile phase of one cell's synapses over dt_ms of plasticity time (nothing without
    // one): unconsolidated change decays, and the cell's resource consolidates part of it.
    void consolidate(const Parameters& p, std::size_t cell, double dt_ms);

private:
    std::size_t inputs_ = 0;
    double initial_weight_ = 0;
    std::vector<float> w_;          // [cell][input]: what each synapse transmits
    std::vector<float> labile_;     // [cell][input]: the part of w_ not yet consolidated
    std::vector<double> resource_;  // per cell, in [0, 1]
};

}  // namespace flocculus
