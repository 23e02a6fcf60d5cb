// SPDX-License-Identifier: GPL-3.0-or-later
// Deep cerebellar nuclei (DESIGN §1.6): per microzone, dcn.cells_per_microzone rate neurons
// driven by a baseline, mossy-fibre collaterals (plastic, see plasticity/mf_dcn.hpp) and
// inhibited by their zone's Purkinje cells. Their firing above baseline moves the eye along
// the zone's direction.
//  - Mossy drive is counted from the initial weights: the excitation at dcn.mf_weight_init
//    is part of the tonic drive that sets the baseline rate, so only learned weights carry
//    mossy signals to the eye, and learning can move a weight either way from its start.
//  - Nucleo-olivary cells (small GABAergic cells of the same nuclei) inhibit the zone's
//    olive. They share the projection cells' Purkinje inhibition; of the learned mossy drive
//    they get only io.nucleo_olivary_learned_fraction (0 by default). So the olive is
//    silenced by what the cortex does, and a memory stored in the nuclei does not teach the
//    cortex to cancel it. Their inhibition may reach the olive late and slowly
//    (io.nucleo_olivary_delay_ms, io.nucleo_olivary_tau_ms; 0 and 0 by default): the
//    synapse's GABA release is largely asynchronous (Best & Regehr 2009).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "circuit/mossy.hpp"
#include "circuit/olive_synapse.hpp"
#include "circuit/purkinje.hpp"
#include "params/lesions.hpp"
#include "params/parameters.hpp"
#include "plasticity/nuclear_synapses.hpp"
#include "util/rng.hpp"
#include "util/vec2.hpp"

namespace flocculus {

class DeepNuclei {
public:
    DeepNuclei(const Parameters& p, const MossyFibres& mf, Rng& build_rng);

    // One step; `plasticity` scales the learning rates (0 = no learning).
    void step(const Parameters& p, const Lesions& lesions, const MossyFibres& mf,
              const PurkinjeLayer& pcs, double plasticity);

    // The eye-velocity command of the nuclei (deg/s).
    Vec2 command() const { return command_; }
    // Mean rate above baseline of each zone's surviving nuclear cells (Hz).
    double zone_output_hz(int z) const { return zone_output_[z]; }
    // The zone's nucleo-olivary inhibition as its olive feels it (Hz): the mean rate above
    // baseline of its surviving nucleo-olivary cells, delayed, integrated, and less what the
    // olive has adapted to (io.nucleo_olivary_*).
    double zone_nucleo_olivary_hz(int z) const { return olive_.felt(z); }
    double cell_rate_hz(std::size_t cell) const { return rate_[cell]; }
    std::size_t cells_per_zone() const { return per_zone_; }
    // Purkinje activity of a zone as the nuclei see it (spikes per cell, Hz, filtered).
    double purkinje_rate_hz(int z) const { return pc_fast_[z]; }
    double purkinje_reference_hz(int z) const { return pc_slow_[z]; }
    std::span<const float> mf_weights() const { return syn_.weights(); }
    // The part of each weight's change that is not yet consolidated (all 0 without a labile
    // phase).
    std::span<const float> labile_weights() const { return syn_.labile(); }
    // The part of the command carried by the mossy-fibre weights' change in the nuclei (the
    // rate it adds, counting that a cell cannot fire below zero; deg/s); the rest is the
    // cortex's doing.
    Vec2 nuclear_learned_command() const { return learned_command_; }
    bool present(const Lesions& l, std::size_t cell) const;

private:
    std::size_t per_zone_;
    std::size_t inputs_;
    // Structure.
    std::vector<std::uint32_t> mf_index_;  // [cell][input]
    std::vector<std::uint8_t> context_;    // [cell][input]: 1 where the input is a context fibre
    // State.
    NuclearSynapses syn_;                  // the plastic mossy synapses, [cell][input]
    std::vector<float> mf_trace_hz_;       // per mossy fibre, filtered rate estimate
    double pc_fast_[kZoneCount]{};
    double pc_slow_[kZoneCount]{};
    std::vector<double> rate_;
    double zone_output_[kZoneCount]{};
    SlowOliveSynapse olive_;  // the nucleo-olivary synapses on each zone's olive
    Vec2 command_{}, learned_command_{};
};

}  // namespace flocculus
