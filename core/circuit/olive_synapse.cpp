// SPDX-License-Identifier: GPL-3.0-or-later
#include "circuit/olive_synapse.hpp"

#include <algorithm>
#include <cmath>

#include "params/registry.hpp"

namespace flocculus {

SlowOliveSynapse::SlowOliveSynapse(const Parameters& p) {
    // The olive has seen no input above rest until now.
    const double longest = find_parameter("io.nucleo_olivary_delay_ms")->max_value;
    const auto steps = static_cast<std::size_t>(std::ceil(longest / p.sim_dt_ms)) + 1;
    history_.fill(DelayLine<double>(steps, 0.0));
}

void SlowOliveSynapse::push(const Parameters& p, const double (&signal)[kZoneCount]) {
    const double dt = p.sim_dt_ms;
    const double delay_steps = p.io_nucleo_olivary_delay_ms / dt;
    const bool integrate = p.io_nucleo_olivary_tau_ms > dt;
    const double a = integrate ? dt / p.io_nucleo_olivary_tau_ms : 1.0;
    for (int z = 0; z < kZoneCount; ++z) {
        history_[z].push(signal[z]);
        const double seen = history_[z].at(delay_steps);
        integrated_[z] = integrate ? integrated_[z] + a * (seen - integrated_[z]) : seen;
        adapted_[z] = p.io_nucleo_olivary_adapt_ms > 0
                          ? adapted_[z] + std::min(1.0, dt / p.io_nucleo_olivary_adapt_ms) *
                                              (integrated_[z] - adapted_[z])
                          : 0.0;
    }
}

}  // namespace flocculus
