// SPDX-License-Identifier: GPL-3.0-or-later
#include "plasticity/nuclear_synapses.hpp"

#include <algorithm>
#include <cmath>

namespace flocculus {

NuclearSynapses::NuclearSynapses(std::size_t cells, std::size_t inputs, double w_init)
    : inputs_(inputs),
      initial_weight_(w_init),
      w_(cells * inputs, static_cast<float>(w_init)),
      labile_(cells * inputs, 0.0F),
      resource_(cells, 1.0) {}

void NuclearSynapses::consolidate(const Parameters& p, std::size_t cell, double dt_ms) {
    // Early and late phases of synaptic change: activity decides what changes; this decides
    // how much of it lasts.
    if (!(p.dcn_labile_tau_s > 0)) return;
    const double dt_s = dt_ms * 1e-3;
    const double decay = std::min(1.0, dt_s / p.dcn_labile_tau_s);
    const double convert = std::min(1.0, dt_s * p.dcn_consolidation_per_s * resource_[cell]);
    float* w = w_.data() + cell * inputs_;
    float* l = labile_.data() + cell * inputs_;
    double used = 0;
    for (std::size_t i = 0; i < inputs_; ++i) {
        const double lost = decay * l[i];
        w[i] = static_cast<float>(std::clamp(static_cast<double>(w[i]) - lost, 0.0, p.dcn_w_max));
        const double kept = convert * (l[i] - lost);
        l[i] = static_cast<float>(l[i] - lost - kept);
        used += std::abs(kept);
    }
    double& r = resource_[cell];
    r += dt_s * (1.0 - r) / p.dcn_resource_recovery_s - p.dcn_resource_use * used;
    r = std::clamp(r, 0.0, 1.0);
}

}  // namespace flocculus
