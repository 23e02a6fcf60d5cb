// SPDX-License-Identifier: GPL-3.0-or-later
// The extra-cerebellar pursuit system (DESIGN §1.1): delayed visual slip, the brainstem's
// efference-copy loop, and the oculomotor plant. The cerebellum's command is added to the
// eye-velocity command; everything predictive comes from there.
//
// Equations (per step dt, all vectors in deg/s):
//   slip(t)   = target_vel(t) - eye_vel(t)
//   v(t)      = F[slip(t - D_visual)]            F: two first-order stages, tau_visual
//   e(t)      = F[eye_vel(t - D_internal)]       the brain's model of its own visual path
//   command   = sat(g_bs * (v + e) + u_cerebellum, max_velocity)
//   tau_plant * d(eye_vel)/dt = command - eye_vel
// With D_internal = D_visual, v + e = F[target_vel(t - D)]: pursuit follows the target with
// the gain g_bs. When the real delay outgrows the internal estimate, the positive and
// negative loops no longer cancel and the eye oscillates (intention tremor).
#pragma once

#include "params/parameters.hpp"
#include "util/delay_line.hpp"
#include "util/vec2.hpp"

namespace flocculus {

class PursuitLoop {
public:
    explicit PursuitLoop(double dt_ms);

    // Advances one step given the target's velocity and the cerebellar velocity command.
    void step(const Parameters& p, Vec2 target_vel, Vec2 cerebellar_cmd_deg_s);

    Vec2 eye_velocity() const { return eye_vel_; }
    Vec2 eye_position() const { return eye_pos_; }
    Vec2 command() const { return command_; }
    // Retinal slip as it reaches the brain now (delayed by the visual delay, unfiltered):
    // what the olive and the visual mossy fibres see.
    Vec2 delayed_slip() const { return delayed_slip_; }
    // The brainstem's estimate of target velocity (filtered slip + efference copy).
    Vec2 target_estimate() const { return estimate_; }
    // Eye velocity as the delayed efference copy reports it.
    Vec2 efference_copy() const { return ec_delayed_; }

    // Re-centres the eye (the trial's fixation point); velocities and histories are kept.
    void recentre() { eye_pos_ = {}; }

private:
    double dt_ms_;
    DelayLine<Vec2> slip_hist_;
    DelayLine<Vec2> eye_hist_;
    Vec2 vis1_{}, vis2_{}, ec1_{}, ec2_{};
    Vec2 eye_vel_{}, eye_pos_{}, command_{}, delayed_slip_{}, estimate_{}, ec_delayed_{};
};

}  // namespace flocculus
