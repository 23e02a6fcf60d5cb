// SPDX-License-Identifier: GPL-3.0-or-later
// The vestibulo-ocular reflex task (DESIGN §1.8, `vor-gain-up`, `vor-gain-down`): the head
// turns sinusoidally about the vertical axis; in the light the animal wears spectacles that
// make the world's image move task.lens_gain times as far as the head turns; dark probe
// trials measure the reflex alone. The same floccular circuit learns it as it learns pursuit:
// retinal slip drives the climbing fibres, vestibular and eye-velocity mossy fibres carry
// the context (see docs/model.md, "The vestibulo-ocular reflex").
//
// Conventions: head velocity h(t) = A sin(theta(t)) (deg/s, + = rightward), theta advancing at
// 2 pi f; eye velocity is in the head; a perfectly compensatory eye moves at -h. Seen through
// spectacles of magnification g, the world's image moves at w = -g h relative to the head,
// and the retinal slip is w - e.
#pragma once

#include <span>
#include <string>
#include <variant>
#include <vector>

#include "params/parameters.hpp"
#include "task/protocol.hpp"
#include "util/vec2.hpp"

namespace flocculus {

// Probe samples are fitted from this time of the trial on (the light's after-effects in the
// visual pathway have faded: visual delay plus two filter stages).
inline constexpr double kVorFitStartMs = 200.0;
// A probe lasts at least this many cycles of the test frequency after kVorFitStartMs.
inline constexpr double kVorProbeCycles = 2.0;

bool is_vor_protocol(Protocol p);

// The frequency of the dark probes: task.test_freq_hz, or the training frequency when 0.
double test_frequency_hz(const Parameters& p);
// Whether a trial of the plan runs in the dark now: the probes always, the training trials
// when task.vor_light is dark (no world is seen, so no retinal slip reaches the climbing
// fibres and no visual signal the mossy fibres).
bool vor_in_dark(const VorPlan& v, const Parameters& p);
// What a trial of the plan shows and does now: the magnification of the world's image (1 in
// the dark, where nothing is seen; in the light the spectacles of task.lens_gain's power,
// magnifying (x2 for 2 or 0.5) for vor-gain-up and reducing (x0.5) for vor-gain-down) and
// the head's frequency (the probes' in the dark).
double vor_lens_gain(const VorPlan& v, const Parameters& p);
double vor_head_freq_hz(const VorPlan& v, const Parameters& p);

// The schedule: a dark probe (phase baseline), then training trials in the light (phase
// acquire) with a dark probe every task.probe_every of them, and a last dark probe; `trials`
// counts them all. Returns a one-line error on a bad combination.
std::variant<std::vector<TrialPlan>, std::string> make_vor_schedule(Protocol p,
                                                                    const Parameters& params,
                                                                    int trials);

// The head's rotation: a phase that advances continuously across trials and inter-trial
// intervals, so that a change of frequency from one trial to the next never jumps.
class HeadRotation {
  public:
    void step(double freq_hz, double peak_deg_s, double dt_ms);
    double phase_rad() const { return phase_; }
    Vec2 velocity_deg_s() const { return {velocity_, 0.0}; }
    Vec2 position_deg() const { return {position_, 0.0}; }

  private:
    double phase_ = 0;
    double velocity_ = 0;
    double position_ = 0;
};

// The image of the world moves against the head, magnified by the spectacles.
inline Vec2 world_velocity_deg_s(double lens_gain, Vec2 head_deg_s) {
    return (-lens_gain) * head_deg_s;
}
// What the retina reports: the image's velocity relative to the eye (none in the dark).
inline Vec2 retinal_slip_deg_s(Vec2 world_deg_s, Vec2 eye_deg_s, bool dark) {
    return dark ? Vec2{} : world_deg_s - eye_deg_s;
}

// Least-squares fit of y = a sin(theta) + b cos(theta) + c, written as
// amplitude * sin(theta + phase) + offset. NaN when there are fewer than 3 samples or the
// samples do not span enough of a cycle to tell the terms apart.
struct SinusoidFit {
    double amplitude;
    double phase_rad;
    double offset;
};
SinusoidFit fit_sinusoid(std::span<const double> theta, std::span<const double> y);

// VOR gain and phase from a fit of eye velocity against the head's phase: gain = eye
// amplitude / head amplitude; phase in degrees relative to perfect compensation (0 = the eye
// moves exactly against the head, > 0 = it leads).
struct VorResponse {
    double gain;
    double phase_deg;
};
VorResponse vor_response(const SinusoidFit& eye_fit, double head_peak_deg_s);

// Collects the samples of one dark probe.
class VorProbe {
  public:
    void clear();
    void add(double theta_rad, double eye_vx_deg_s);
    std::size_t size() const { return theta_.size(); }
    VorResponse result(double head_peak_deg_s) const;

  private:
    std::vector<double> theta_, eye_;
};

}  // namespace flocculus
