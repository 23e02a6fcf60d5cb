// SPDX-License-Identifier: GPL-3.0-or-later
#include "task/vor.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include <Eigen/Dense>

#include "params/registry.hpp"

namespace flocculus {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMinTestFreqHz = 0.1;

double wrap_deg(double d) {
    d = std::fmod(d + 180.0, 360.0);
    if (d < 0) d += 360.0;
    return d - 180.0;
}
}  // namespace

bool is_vor_protocol(Protocol p) {
    return p == Protocol::VorGainUp || p == Protocol::VorGainDown;
}

double test_frequency_hz(const Parameters& p) {
    return p.task_test_freq_hz > 0 ? p.task_test_freq_hz : p.task_head_freq_hz;
}

bool vor_in_dark(const VorPlan& v, const Parameters& p) {
    return v.dark || p.task_vor_light == 1;
}

double vor_lens_gain(const VorPlan& v, const Parameters& p) {
    if (vor_in_dark(v, p)) return 1.0;
    // The protocol says which way the spectacles work, task.lens_gain how strongly: 2 and 0.5
    // are the same power, magnifying for vor-gain-up and reducing for vor-gain-down.
    const double g = p.task_lens_gain;
    return v.reducing ? std::min(g, 1.0 / g) : std::max(g, 1.0 / g);
}

double vor_head_freq_hz(const VorPlan& v, const Parameters& p) {
    return v.dark ? test_frequency_hz(p) : p.task_head_freq_hz;
}

std::variant<std::vector<TrialPlan>, std::string> make_vor_schedule(Protocol protocol,
                                                                    const Parameters& p,
                                                                    int trials) {
    if (p.task_test_freq_hz > 0 && p.task_test_freq_hz < kMinTestFreqHz) {
        const ParamSpec* s = find_parameter("task.test_freq_hz");
        return "parameter task.test_freq_hz must be 0 (the training frequency) or in [" +
               s->format_value(kMinTestFreqHz) + ", " + s->format_value(s->max_value) +
               "] Hz, got " + s->format_value(p.task_test_freq_hz);
    }
    if (trials < 3)
        return "protocol " + std::string(protocol_info(protocol).name) +
               " needs at least 3 trials (a dark probe before and after training), got " +
               std::to_string(trials);
    // A probe lasts the normal trial, or longer: enough for kVorProbeCycles cycles of the
    // test frequency after kVorFitStartMs.
    const double f_test = test_frequency_hz(p);
    const double window_ms = kTrialEndMs + p.task_iti_ms - kVorFitStartMs;
    const double probe_extra_ms =
        std::max(0.0, std::ceil(kVorProbeCycles * 1000.0 / f_test - window_ms));

    VorPlan light;
    light.active = true;
    light.reducing = protocol == Protocol::VorGainDown;
    VorPlan dark;
    dark.active = true;
    dark.dark = true;
    dark.extra_ms = probe_extra_ms;

    std::vector<TrialPlan> s;
    s.reserve(static_cast<std::size_t>(trials));
    for (int i = 1; i <= trials; ++i) {
        TrialPlan t;
        t.number = i;
        t.motion = Motion::HeadRotation;
        t.phase = i == 1 ? Phase::Baseline : Phase::Acquire;
        const int training_index = i - 1;  // 1-based among the trials after the first probe
        t.probe = i == 1 || i == trials ||
                  (p.task_probe_every > 0 && training_index % p.task_probe_every == 0);
        t.vor = t.probe ? dark : light;
        s.push_back(t);
    }
    return s;
}

void HeadRotation::step(double freq_hz, double peak_deg_s, double dt_ms) {
    const double dt_s = dt_ms * 1e-3;
    phase_ = std::fmod(phase_ + 2.0 * std::numbers::pi * freq_hz * dt_s, 2.0 * std::numbers::pi);
    velocity_ = peak_deg_s * std::sin(phase_);
    position_ =
        freq_hz > 0 ? -peak_deg_s / (2.0 * std::numbers::pi * freq_hz) * std::cos(phase_) : 0.0;
}

SinusoidFit fit_sinusoid(std::span<const double> theta, std::span<const double> y) {
    const SinusoidFit none{kNaN, kNaN, kNaN};
    const auto n = static_cast<Eigen::Index>(theta.size());
    if (n < 3 || theta.size() != y.size()) return none;
    Eigen::MatrixXd a(n, 3);
    Eigen::VectorXd b(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(i);
        a(i, 0) = std::sin(theta[k]);
        a(i, 1) = std::cos(theta[k]);
        a(i, 2) = 1.0;
        b(i) = y[k];
    }
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(a);
    // Samples from too little of a cycle cannot separate the sine, the cosine and the offset.
    if (qr.rank() < 3 || qr.maxPivot() <= 0 ||
        std::abs(qr.matrixR()(2, 2)) < 1e-3 * std::sqrt(static_cast<double>(n)))
        return none;
    const Eigen::Vector3d c = qr.solve(b);
    return {std::hypot(c(0), c(1)), std::atan2(c(1), c(0)), c(2)};
}

VorResponse vor_response(const SinusoidFit& f, double head_peak_deg_s) {
    if (!std::isfinite(f.amplitude) || head_peak_deg_s <= 0) return {kNaN, kNaN};
    // Eye = R sin(theta + phi); compensation is phi = 180 deg.
    return {f.amplitude / head_peak_deg_s,
            wrap_deg(f.phase_rad * 180.0 / std::numbers::pi - 180.0)};
}

void VorProbe::clear() {
    theta_.clear();
    eye_.clear();
}

void VorProbe::add(double theta_rad, double eye_vx_deg_s) {
    theta_.push_back(theta_rad);
    eye_.push_back(eye_vx_deg_s);
}

VorResponse VorProbe::result(double head_peak_deg_s) const {
    return vor_response(fit_sinusoid(theta_, eye_), head_peak_deg_s);
}

}  // namespace flocculus
