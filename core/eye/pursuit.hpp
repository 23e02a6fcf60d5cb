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
//
// The VOR task (step_vor) uses the same plant, delays and brainstem, with the head turning:
//   slip(t)   = w(t) - eye_vel(t) in the light, 0 in the dark (w: the world's image velocity
//               relative to the head)
//   e(t)      = F[eye_vel(t - D_internal) + head_vel(t - D_internal)]   gaze, not eye, so that
//               v + e reconstructs the image's motion in space
//   command   = sat(g_bs * (v + L * e) - g_vest * head_vel + u_cerebellum, max_velocity)
// L is the light as the pursuit system sees it (delayed and filtered like slip): in the dark
// there is nothing to pursue and the efference-copy loop is off. g_vest is the direct
// vestibular pathway (eye.vestibular_gain).
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
    // Advances one step of the VOR task: the world's image velocity relative to the head
    // (through the spectacles), the head's velocity as the vestibular organs report it,
    // whether the world is seen, and the cerebellar command.
    void step_vor(const Parameters& p, Vec2 world_vel, Vec2 head_vel, bool light,
                  Vec2 cerebellar_cmd_deg_s);

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
    // Saturates the velocity command at eye.max_velocity_deg_s and moves the plant one step.
    void drive_plant(const Parameters& p, Vec2 cmd);

    double dt_ms_;
    DelayLine<Vec2> slip_hist_;
    DelayLine<Vec2> eye_hist_;
    DelayLine<Vec2> head_hist_;     // VOR task only
    DelayLine<double> light_hist_;  // VOR task only
    Vec2 vis1_{}, vis2_{}, ec1_{}, ec2_{};
    double light1_ = 1.0, light2_ = 1.0;
    Vec2 eye_vel_{}, eye_pos_{}, command_{}, delayed_slip_{}, estimate_{}, ec_delayed_{};
};

}  // namespace flocculus
