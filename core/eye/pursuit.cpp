// SPDX-License-Identifier: GPL-3.0-or-later
#include "eye/pursuit.hpp"

#include <algorithm>
#include <cmath>

#include "params/registry.hpp"

namespace flocculus {
namespace {
std::size_t history_steps(double dt_ms) {
    // Long enough for the largest delay the registry allows.
    const double max_delay = std::max(find_parameter("eye.visual_delay_ms")->max_value,
                                      find_parameter("eye.internal_delay_ms")->max_value);
    return static_cast<std::size_t>(std::ceil(max_delay / dt_ms)) + 1;
}
}  // namespace

PursuitLoop::PursuitLoop(double dt_ms)
    : dt_ms_(dt_ms),
      slip_hist_(history_steps(dt_ms), Vec2{}),
      eye_hist_(history_steps(dt_ms), Vec2{}),
      head_hist_(history_steps(dt_ms), Vec2{}),
      light_hist_(history_steps(dt_ms), 1.0) {}

void PursuitLoop::drive_plant(const Parameters& p, Vec2 cmd) {
    const double speed = cmd.norm();
    if (speed > p.eye_max_velocity_deg_s) cmd = (p.eye_max_velocity_deg_s / speed) * cmd;
    command_ = cmd;

    const double b = std::min(1.0, dt_ms_ / p.eye_plant_tau_ms);
    eye_vel_ += b * (command_ - eye_vel_);
    eye_pos_ += (dt_ms_ * 1e-3) * eye_vel_;
}

void PursuitLoop::step(const Parameters& p, Vec2 target_vel, Vec2 cerebellar_cmd_deg_s) {
    slip_hist_.push(target_vel - eye_vel_);
    eye_hist_.push(eye_vel_);
    delayed_slip_ = slip_hist_.at(p.eye_visual_delay_ms / dt_ms_);
    ec_delayed_ = eye_hist_.at(p.eye_internal_delay_ms / dt_ms_);

    const double a = std::min(1.0, dt_ms_ / p.eye_visual_tau_ms);
    vis1_ += a * (delayed_slip_ - vis1_);
    vis2_ += a * (vis1_ - vis2_);
    ec1_ += a * (ec_delayed_ - ec1_);
    ec2_ += a * (ec1_ - ec2_);
    estimate_ = vis2_ + ec2_;

    const Vec2 cmd = p.eye_brainstem_gain * estimate_ + cerebellar_cmd_deg_s;
    drive_plant(p, cmd);
}

void PursuitLoop::step_vor(const Parameters& p, Vec2 world_vel, Vec2 head_vel, bool light,
                           Vec2 cerebellar_cmd_deg_s) {
    slip_hist_.push(light ? world_vel - eye_vel_ : Vec2{});
    eye_hist_.push(eye_vel_);
    head_hist_.push(head_vel);
    light_hist_.push(light ? 1.0 : 0.0);
    const double visual = p.eye_visual_delay_ms / dt_ms_,
                 internal = p.eye_internal_delay_ms / dt_ms_;
    delayed_slip_ = slip_hist_.at(visual);
    ec_delayed_ = eye_hist_.at(internal);
    const Vec2 gaze = ec_delayed_ + head_hist_.at(internal);

    const double a = std::min(1.0, dt_ms_ / p.eye_visual_tau_ms);
    vis1_ += a * (delayed_slip_ - vis1_);
    vis2_ += a * (vis1_ - vis2_);
    ec1_ += a * (gaze - ec1_);
    ec2_ += a * (ec1_ - ec2_);
    light1_ += a * (light_hist_.at(visual) - light1_);
    light2_ += a * (light1_ - light2_);
    estimate_ = vis2_ + light2_ * ec2_;

    const Vec2 cmd =
        p.eye_brainstem_gain * estimate_ - p.eye_vestibular_gain * head_vel + cerebellar_cmd_deg_s;
    drive_plant(p, cmd);
}

}  // namespace flocculus
