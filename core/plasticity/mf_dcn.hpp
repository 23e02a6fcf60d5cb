// SPDX-License-Identifier: GPL-3.0-or-later
// Mossy fibre -> deep nucleus plasticity (DESIGN §1.6), the slow second site of learning.
// A synapse whose fibre is active potentiates while the zone's Purkinje inhibition drops (the
// filtered simple-spike rate is below `ltp_below_hz`) and depresses while it is strong (above
// `ltd_above_hz`):
//   dw/dt = mf_rate * (ltp * [ltp_below - pc]+ - ltd * [pc - ltd_above]+)
// dcn.rule chooses the two levels: "pause" compares the zone's rate with its own slow average
// (both levels are that average), "threshold" with fixed rates (dcn.ltp_threshold_hz,
// dcn.ltd_threshold_hz; Pugh & Raman 2006, Medina & Mauk 1999). Learning in the cortex (a timed
// simple-spike pause) is thereby copied, slowly, into the nuclei.
#pragma once

#include <algorithm>

namespace flocculus {

// The weight change of one step (dt_ms) under the rule above.
inline double mf_dcn_change(double mf_rate_hz, double pc_hz, double ltp_below_hz,
                            double ltd_above_hz, double ltp_rate, double ltd_rate, double dt_ms) {
    const double pause = std::max(0.0, ltp_below_hz - pc_hz);
    const double high = std::max(0.0, pc_hz - ltd_above_hz);
    return dt_ms * 1e-3 * mf_rate_hz * (ltp_rate * pause - ltd_rate * high);
}

}  // namespace flocculus
