// SPDX-License-Identifier: GPL-3.0-or-later
#include "eye/eyelid.hpp"

#include <algorithm>
#include <cmath>

namespace flocculus {
namespace {
// The two-stage blink's peak, exp(-1), for a unit pulse input: the UR's amplitude is scaled so
// that eyelid.ur_amplitude is its peak closure for a puff as long as eyelid.ur_tau_ms.
constexpr double kTwoStagePeak = 0.36787944117144233;
}  // namespace

Eigen::Matrix4d Eyelid::system_a(const Parameters& p) {
    Eigen::Matrix4d a = Eigen::Matrix4d::Zero();
    const double tc = p.eyelid_tau_ms, tu = p.eyelid_ur_tau_ms, tr = p.eyelid_adapt_tau_ms;
    a(0, 0) = -1.0 / tc;
    a(0, 3) = -p.eyelid_gain_per_hz / tc;
    a(1, 1) = -1.0 / tu;
    a(2, 1) = 1.0 / tu;
    a(2, 2) = -1.0 / tu;
    a(3, 3) = -1.0 / tr;
    return a;
}

Eigen::Matrix<double, 4, 2> Eyelid::system_b(const Parameters& p) {
    Eigen::Matrix<double, 4, 2> b = Eigen::Matrix<double, 4, 2>::Zero();
    b(0, 0) = p.eyelid_gain_per_hz / p.eyelid_tau_ms;
    b(1, 1) = p.eyelid_ur_amplitude / (kTwoStagePeak * p.eyelid_ur_tau_ms);
    b(3, 0) = 1.0 / p.eyelid_adapt_tau_ms;
    return b;
}

void Eyelid::step(const Parameters& p, double nuclear_hz, bool puff) {
    const Input u(nuclear_hz, puff ? 1.0 : 0.0);
    const State dx = system_a(p) * x_ + system_b(p) * u;
    x_ += p.sim_dt_ms * dx;
    x_(0) = std::max(0.0, x_(0));  // the conditioned drive cannot open the lid past open
}

double Eyelid::closure() const {
    return std::clamp(x_(0) + x_(2), 0.0, 1.0);
}

}  // namespace flocculus
