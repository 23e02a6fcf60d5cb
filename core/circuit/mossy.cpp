// SPDX-License-Identifier: GPL-3.0-or-later
#include "circuit/mossy.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace flocculus {
namespace {
// Phasic responses are spread over the part of the trial after motion is seen.
constexpr double kResponseSpanMs = 850.0;
constexpr double kTonicFraction = 0.3;  // tonic fibres fire at this fraction of the peak
constexpr double kRampFraction = 0.5;   // ramping fibres reach this fraction of the peak
constexpr double kRampMs = 800.0;
}  // namespace

MossyFibres::MossyFibres(const Parameters& p, Rng& rng) {
    const auto n = static_cast<std::size_t>(p.mf_count);
    kind_.resize(n);
    latency_frac_.resize(n);
    width_factor_.resize(n);
    peak_factor_.resize(n);
    lesion_rank_.resize(n);
    preferred_.resize(n);
    rate_.assign(n, 0.0f);
    for (std::size_t i = 0; i < n; ++i) {
        const double u = rng.uniform();
        if (u < p.mf_context_fraction) {
            const double k = rng.uniform();
            kind_[i] = k < 0.6 ? MossyKind::Phasic : k < 0.8 ? MossyKind::Tonic : MossyKind::Ramp;
        } else if (u < p.mf_context_fraction + p.mf_direction_fraction) {
            kind_[i] = rng.uniform() < 0.5 ? MossyKind::TargetMotion : MossyKind::EyeVelocity;
        } else {
            kind_[i] = MossyKind::Background;
        }
        latency_frac_[i] = static_cast<float>(rng.uniform());
        width_factor_[i] = static_cast<float>(rng.uniform(0.5, 1.5));
        peak_factor_[i] = static_cast<float>(rng.uniform(0.5, 1.0));
        lesion_rank_[i] = static_cast<float>(rng.uniform());
        preferred_[i] = Vec2::unit(rng.uniform(0.0, 360.0));
    }
    by_kind_.resize(n);
    for (std::size_t i = 0; i < n; ++i) by_kind_[i] = static_cast<std::uint32_t>(i);
    std::stable_sort(by_kind_.begin(), by_kind_.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return kind_[a] < kind_[b]; });
    rate_hz_.assign(n, 0.0);
}

double MossyFibres::resting_rate_hz(const Parameters& p, std::size_t i) const {
    // At rest (fixation between trials) every fibre fires at the background rate.
    (void)i;
    return p.mf_background_rate_hz;
}

double MossyFibres::rate_of(const Parameters& p, const Lesions& l, const MossyInput& in,
                            std::size_t i) const {
    const double base = p.mf_background_rate_hz;
    const double peak = p.mf_context_peak_rate_hz * peak_factor_[i];
    const double since_seen = in.t_ms - in.seen_onset_ms;
    switch (kind_[i]) {
        case MossyKind::Phasic: {
            if (lesion_rank_[i] < l[Lesion::MossyContext]) return 0.0;
            if (!in.in_trial) return base;
            const double lat = latency_frac_[i] * kResponseSpanMs;
            const double w = width_factor_[i] * p.mf_context_width_ms;
            const double d = (since_seen - lat) / w;
            return base + (d > -4 && d < 4 ? peak * std::exp(-0.5 * d * d) : 0.0);
        }
        case MossyKind::Tonic:
            if (lesion_rank_[i] < l[Lesion::MossyContext]) return 0.0;
            return in.in_trial && since_seen >= 0 ? base + kTonicFraction * peak : base;
        case MossyKind::Ramp:
            if (lesion_rank_[i] < l[Lesion::MossyContext]) return 0.0;
            if (!in.in_trial) return base;
            return base + kRampFraction * peak * std::clamp(since_seen / kRampMs, 0.0, 1.0);
        case MossyKind::TargetMotion:
            return base + p.mf_direction_gain_hz_per_deg_s *
                              std::max(0.0, in.target_estimate.dot(preferred_[i]));
        case MossyKind::EyeVelocity:
            return base + p.mf_direction_gain_hz_per_deg_s *
                              std::max(0.0, in.eye_efference.dot(preferred_[i]));
        case MossyKind::Background:
            if (in.head_velocity == Vec2{}) return base;
            return base + p.mf_vestibular_gain_hz_per_deg_s *
                              std::max(0.0, in.head_velocity.dot(preferred_[i]));
    }
    return base;
}

void MossyFibres::step(const Parameters& p, const Lesions& lesions, const MossyInput& in,
                       Rng& rng) {
    spikes_.clear();
    const double per_step = p.sim_dt_ms * 1e-3;
    for (const std::uint32_t i : by_kind_) rate_hz_[i] = rate_of(p, lesions, in, i);
    // One draw per fibre, in fibre order.
    for (std::size_t i = 0; i < kind_.size(); ++i) {
        const double r = rate_hz_[i];
        rate_[i] = static_cast<float>(r);
        if (rng.uniform() < r * per_step) spikes_.push_back(static_cast<std::uint32_t>(i));
    }
}

}  // namespace flocculus
