// SPDX-License-Identifier: GPL-3.0-or-later
// Mossy fibre -> deep nucleus plasticity (DESIGN §1.6), the slow second site of learning.
// A synapse whose fibre is active potentiates while the zone's Purkinje cells pause (fire
// below their recent average) and depresses while they fire above it:
//   dw/dt = mf_rate * (ltp * [ref - pc]+ - ltd * [pc - ref]+)
// with pc the zone's filtered simple-spike rate and ref its slow average. Learning in the
// cortex (a timed simple-spike pause) is thereby copied, slowly, into the nuclei.
#pragma once

#include <algorithm>

namespace flocculus {

inline float mf_dcn_update(float w, double mf_rate_hz, double pc_hz, double reference_hz,
                           double ltp_rate, double ltd_rate, double w_max, double dt_ms) {
    const double pause = std::max(0.0, reference_hz - pc_hz);
    const double high = std::max(0.0, pc_hz - reference_hz);
    const double dw = dt_ms * 1e-3 * mf_rate_hz * (ltp_rate * pause - ltd_rate * high);
    return static_cast<float>(std::clamp(w + dw, 0.0, w_max));
}

}  // namespace flocculus
