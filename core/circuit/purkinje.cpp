// SPDX-License-Identifier: GPL-3.0-or-later
#include "circuit/purkinje.hpp"

#include <algorithm>
#include <cmath>

namespace flocculus {
namespace {
// Lesioned fractions remove cells from the start of each zone, so every zone loses alike.
bool kept_in_zone(double fraction, std::size_t index_in_zone, std::size_t per_zone) {
    return static_cast<double>(index_in_zone) >= std::round(fraction * static_cast<double>(per_zone));
}
}  // namespace

PurkinjeLayer::PurkinjeLayer(const Parameters& p)
    : per_zone_(static_cast<std::size_t>(p.network_purkinje_per_microzone)) {
    const std::size_t n = per_zone_ * kZoneCount;
    v_.resize(n);
    // Stagger the initial membranes so the cells do not fire in lockstep.
    for (std::size_t i = 0; i < n; ++i) {
        const double x = static_cast<double>(i) * 0.6180339887;
        v_[i] = static_cast<float>(x - std::floor(x));
    }
    syn_.assign(n, 0.0f);
    silent_until_.assign(n, -1);
}

bool PurkinjeLayer::present(const Lesions& l, std::size_t pc) const {
    return kept_in_zone(l[Lesion::Purkinje], pc % per_zone_, per_zone_);
}

namespace {
// Rate of one cell under constant drive plus the layer's membrane noise, measured over a
// fixed stretch with a fixed random stream (so the result is deterministic).
double measured_rate_hz(const Parameters& p, double drive) {
    Rng rng(0x5eed);
    const double dt = p.sim_dt_ms;
    const double a_m = dt / p.pc_tau_ms;
    const double noise = p.pc_noise * std::sqrt(p.pc_tau_ms / dt);
    const auto refractory = static_cast<long>(std::ceil(p.pc_refractory_ms / dt));
    const long steps = static_cast<long>(20000.0 / dt);
    double v = 0;
    long silent = 0, spikes = 0;
    for (long k = 0; k < steps; ++k) {
        const double xi = noise * rng.normal();
        if (k < silent) continue;
        v += a_m * (drive + xi - v);
        if (v >= 1.0) {
            v = 0;
            silent = k + refractory;
            ++spikes;
        }
    }
    return static_cast<double>(spikes) * 1000.0 / (static_cast<double>(steps) * dt);
}
}  // namespace

double PurkinjeLayer::intrinsic_drive(const Parameters& p, double rate_hz) {
    // Without noise, a leaky integrator driven by I from 0 to threshold 1 fires with period
    // T = t_ref + tau ln(I / (I - 1)). Noise makes it fire faster, so the drive is then
    // found by bisection on the measured rate, starting from the noiseless value.
    const double free_ms = std::max(1000.0 / rate_hz - p.pc_refractory_ms, 0.05 * p.pc_tau_ms);
    const double noiseless = 1.0 / (1.0 - std::exp(-free_ms / p.pc_tau_ms));
    if (p.pc_noise <= 0) return noiseless;
    double lo = 0.0, hi = noiseless;
    for (int i = 0; i < 30; ++i) {
        const double mid = 0.5 * (lo + hi);
        (measured_rate_hz(p, mid) < rate_hz ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

void PurkinjeLayer::step(const Parameters& p, const Lesions& lesions,
                         std::span<const float> pf_drive, std::span<const std::uint32_t> cf,
                         std::int64_t step_index, Rng& rng) {
    if (cached_rate_ != p.pc_baseline_rate_hz || cached_tau_ != p.pc_tau_ms ||
        cached_ref_ != p.pc_refractory_ms || cached_noise_ != p.pc_noise ||
        cached_dt_ != p.sim_dt_ms) {
        cached_drive_ = intrinsic_drive(p, p.pc_baseline_rate_hz);
        cached_rate_ = p.pc_baseline_rate_hz;
        cached_tau_ = p.pc_tau_ms;
        cached_ref_ = p.pc_refractory_ms;
        cached_noise_ = p.pc_noise;
        cached_dt_ = p.sim_dt_ms;
    }
    ss_.clear();
    cs_.clear();
    const double dt = p.sim_dt_ms;
    const double a_syn = std::min(1.0, dt / p.pc_syn_tau_ms);
    const double a_m = dt / p.pc_tau_ms;
    const double noise = p.pc_noise * std::sqrt(p.pc_tau_ms / dt);
    const auto refractory = static_cast<std::int64_t>(std::ceil(p.pc_refractory_ms / dt));
    const auto pause = static_cast<std::int64_t>(std::ceil(p.pc_cs_pause_ms / dt));

    for (const std::uint32_t c : cf) {
        if (!present(lesions, c)) continue;
        cs_.push_back(c);
        v_[c] = 0.0f;
        silent_until_[c] = std::max(silent_until_[c], step_index + pause);
    }
    for (std::size_t c = 0; c < v_.size(); ++c) {
        syn_[c] += static_cast<float>(a_syn * (pf_drive[c] - syn_[c]));
        // Noise is drawn for every cell, present or not, so a lesion does not shift the
        // random streams of the others.
        const double xi = noise * rng.normal();
        if (!present(lesions, c)) continue;
        if (step_index < silent_until_[c]) continue;
        const double input = cached_drive_ + p.pc_pf_gain * syn_[c] + xi;
        v_[c] += static_cast<float>(a_m * (input - v_[c]));
        if (v_[c] >= 1.0f) {
            v_[c] = 0.0f;
            silent_until_[c] = step_index + refractory;
            ss_.push_back(static_cast<std::uint32_t>(c));
        }
    }
}

InferiorOlive::InferiorOlive(std::size_t purkinje_count)
    : last_spike_(purkinje_count, -1000000) {}

bool InferiorOlive::present(const Lesions& l, const PurkinjeLayer& pcs, std::size_t pc) {
    return kept_in_zone(l[Lesion::Io], pc % pcs.per_zone(), pcs.per_zone());
}

void InferiorOlive::step(const Parameters& p, const Lesions& lesions, const PurkinjeLayer& pcs,
                         const double (&slip)[kZoneCount], const double (&nuclear)[kZoneCount],
                         const double (&gaze)[kZoneCount], std::int64_t step_index, Rng& rng) {
    spikes_.clear();
    const double dt_s = p.sim_dt_ms * 1e-3;
    const double refractory_s = p.io_refractory_ms * 1e-3;
    const auto refractory = static_cast<std::int64_t>(std::ceil(p.io_refractory_ms / p.sim_dt_ms));
    const double no_gain = p.io_nucleo_olivary_gain * lesions.kept(Lesion::NucleoOlivary);
    for (int z = 0; z < kZoneCount; ++z) {
        // Nuclear output above baseline inhibits the olive, below baseline it disinhibits
        // it: the loop holds Purkinje activity near its baseline between errors.
        // Slip in the zone's direction drives the olive strongly; slip against it lowers
        // its firing only weakly (asymmetric complex-spike tuning).
        const double drive = slip[z] >= 0 ? p.io_slip_gain * slip[z] : p.io_opposite_slip_gain * slip[z];
        // Gaze moving the zone's way lowers the prepositus's inhibition (io.gaze_gain).
        const double r = p.io_baseline_rate_hz + drive - no_gain * nuclear[z] + p.io_gaze_gain * gaze[z];
        zone_rate_[z] = std::clamp(r, 0.0, p.io_max_rate_hz);
    }
    for (std::size_t c = 0; c < last_spike_.size(); ++c) {
        const double u = rng.uniform();  // drawn for every fibre: lesions keep streams aligned
        if (!present(lesions, pcs, c)) continue;
        if (step_index - last_spike_[c] < refractory) continue;
        // Hazard outside the refractory period, chosen so that the mean rate including
        // refractoriness equals the driven rate (as long as the refractory period allows).
        const double rate = zone_rate_[pcs.zone_of(c)];
        const double busy = std::min(0.9, rate * refractory_s);
        const double hazard = rate / (1.0 - busy);
        if (u < hazard * dt_s) {
            last_spike_[c] = step_index;
            spikes_.push_back(static_cast<std::uint32_t>(c));
        }
    }
}

}  // namespace flocculus
