// SPDX-License-Identifier: GPL-3.0-or-later
// The eyelid (DESIGN §5.1): a small state-space plant driven by the eyeblink zone's nuclear
// output (through the red nucleus and the facial nucleus) and by the air puff.
//
// State x = [c, u1, u2, r], input d = nuclear output above baseline (Hz), puff in {0, 1}:
//   eyelid.tau_ms       dc/dt  = -c + eyelid.gain_per_hz * (d - r)     (conditioned drive, c >= 0)
//   eyelid.ur_tau_ms    du1/dt = -u1 + eyelid.ur_amplitude * puff      (unconditioned blink,
//   eyelid.ur_tau_ms    du2/dt = -u2 + u1                                two stages)
//   eyelid.adapt_tau_ms dr/dt  = -r + d       (the brainstem's slow adaptation to tonic drive)
// The puff enters u1 scaled so that a puff lasting eyelid.ur_tau_ms gives a blink of about
// eyelid.ur_amplitude. Closure (0 = open, 1 = shut) = clamp(c + u2, 0, 1).
#pragma once

#include <algorithm>

#include <Eigen/Core>

#include "params/parameters.hpp"

namespace flocculus {

class Eyelid {
  public:
    using State = Eigen::Vector4d;  // c, u1, u2, r (dimensionless, except r in Hz)
    using Input = Eigen::Vector2d;  // nuclear output above baseline (Hz), puff (0 or 1)

    Eyelid() { reset(); }
    void reset() { x_.setZero(); }

    // The continuous-time system matrices x' = A x + B u (per ms).
    static Eigen::Matrix4d system_a(const Parameters& p);
    static Eigen::Matrix<double, 4, 2> system_b(const Parameters& p);

    // One step of p.sim_dt_ms (exact for a constant input over the step would need the matrix
    // exponential; the forward-Euler step is used, stable for dt <= every time constant).
    void step(const Parameters& p, double nuclear_hz, bool puff);

    // Closure of the lid, 0 (open) to 1 (shut).
    double closure() const;
    // The part of the closure driven by the cerebellum (the conditioned drive).
    double conditioned() const { return std::max(0.0, x_(0)); }
    const State& state() const { return x_; }

  private:
    State x_;
};

}  // namespace flocculus
