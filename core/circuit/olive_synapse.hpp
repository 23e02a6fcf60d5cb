// SPDX-License-Identifier: GPL-3.0-or-later
// The slow GABAergic synapses on the inferior olive, one per zone. GABA at the olive is
// released slowly and asynchronously (Best & Regehr 2009): what arrives is felt after
// io.nucleo_olivary_delay_ms, integrated over io.nucleo_olivary_tau_ms (with both 0 at
// once), and the olive may adapt to what is sustained (io.nucleo_olivary_adapt_ms, 0 = not).
// The nucleo-olivary cells' inhibition and the prepositus's gaze signal (io.gaze_gain) reach
// the olive through synapses of this kind.
#pragma once

#include <array>

#include "circuit/purkinje.hpp"
#include "params/parameters.hpp"
#include "util/delay_line.hpp"

namespace flocculus {

class SlowOliveSynapse {
public:
    explicit SlowOliveSynapse(const Parameters& p);

    // One step of input: each zone's presynaptic signal (any unit; 0 at rest).
    void push(const Parameters& p, const double (&signal)[kZoneCount]);
    // What the zone's olive feels of it now, in the input's unit.
    double felt(int z) const { return integrated_[z] - adapted_[z]; }

private:
    // Each zone's input, kept for the longest io.nucleo_olivary_delay_ms the registry allows.
    std::array<DelayLine<double>, kZoneCount> history_;
    double integrated_[kZoneCount]{};
    double adapted_[kZoneCount]{};  // the part the olive has adapted to (0 without adaptation)
};

}  // namespace flocculus
