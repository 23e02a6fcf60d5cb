// SPDX-License-Identifier: GPL-3.0-or-later
#include "plasticity/pf_pc.hpp"

#include <algorithm>
#include <cmath>

namespace flocculus {
namespace {
// The kernel: (x e^{1-x})^4 with x = delay / peak. It is 1 at the peak, half-maximal at
// about 0.55 and 1.6 times the peak delay, and cut at three times the peak delay.
constexpr double kKernelSpan = 3.0;
double raw_kernel(double delay_ms, double peak_ms) {
    if (delay_ms <= 0 || delay_ms > kKernelSpan * peak_ms) return 0.0;
    const double x = delay_ms / peak_ms;
    const double a = x * std::exp(1.0 - x);
    return a * a * a * a;
}
}  // namespace

PfPcSynapses::PfPcSynapses(const Parameters& p, std::size_t granule_count,
                           std::size_t purkinje_count, Rng& rng)
    : n_gc_(granule_count), n_pc_(purkinje_count) {
    w_.assign(n_gc_ * n_pc_, static_cast<float>(p.pf_w_init));
    if (p.network_pf_pc_connectivity < 1.0) {
        mask_words_ = (n_pc_ + 63) / 64;
        mask_.assign(n_gc_ * mask_words_, 0);
        for (std::size_t g = 0; g < n_gc_; ++g)
            for (std::size_t c = 0; c < n_pc_; ++c)
                if (rng.uniform() < p.network_pf_pc_connectivity)
                    mask_[g * mask_words_ + c / 64] |= std::uint64_t{1} << (c % 64);
    }
    ensure_kernel(p);
}

bool PfPcSynapses::connected(std::size_t gc, std::size_t pc) const {
    return mask_.empty() || ((mask_[gc * mask_words_ + pc / 64] >> (pc % 64)) & 1u);
}

std::size_t PfPcSynapses::window_steps(const Parameters& p) const {
    return static_cast<std::size_t>(std::ceil(kKernelSpan * p.pf_ltd_kernel_peak_ms / p.sim_dt_ms));
}

void PfPcSynapses::ensure_kernel(const Parameters& p) {
    if (kernel_peak_ == p.pf_ltd_kernel_peak_ms && kernel_dt_ == p.sim_dt_ms) return;
    const std::size_t n = window_steps(p);
    std::vector<double> k(n + 1);
    double integral_ms = 0;
    for (std::size_t d = 0; d <= n; ++d) {
        k[d] = raw_kernel(static_cast<double>(d) * p.sim_dt_ms, p.pf_ltd_kernel_peak_ms);
        integral_ms += k[d] * p.sim_dt_ms;
    }
    kernel_.resize(n + 1);
    for (std::size_t d = 0; d <= n; ++d) kernel_[d] = static_cast<float>(k[d] * 1000.0 / integral_ms);
    kernel_peak_ = p.pf_ltd_kernel_peak_ms;
    kernel_dt_ = p.sim_dt_ms;
    // Keep the ring long enough for the window.
    if (ring_.size() < n + 1) {
        ring_.resize(n + 1);
        ring_step_.resize(n + 1, -1);
    }
}

double PfPcSynapses::kernel(const Parameters& p, double delay_ms) const {
    // Same normalisation as the table, evaluated exactly.
    double integral_ms = 0;
    const std::size_t n = window_steps(p);
    for (std::size_t d = 0; d <= n; ++d)
        integral_ms += raw_kernel(static_cast<double>(d) * p.sim_dt_ms, p.pf_ltd_kernel_peak_ms) * p.sim_dt_ms;
    return raw_kernel(delay_ms, p.pf_ltd_kernel_peak_ms) * 1000.0 / integral_ms;
}

void PfPcSynapses::transmit(const Parameters& p, std::span<const std::uint32_t> gc_spikes,
                            std::int64_t step_index, float mli_per_spike, double ltp_scale,
                            std::span<float> drive) {
    ensure_kernel(p);
    const std::size_t slot = static_cast<std::size_t>(step_index) % ring_.size();
    ring_[slot].assign(gc_spikes.begin(), gc_spikes.end());
    ring_step_[slot] = step_index;

    const auto ltp = static_cast<float>(p.pf_ltp_rate * ltp_scale);
    const auto wmax = static_cast<float>(p.pf_w_max);
    float* d = drive.data();
    for (const std::uint32_t g : gc_spikes) {
        float* row = &w_[static_cast<std::size_t>(g) * n_pc_];
        if (mask_.empty()) {
            for (std::size_t c = 0; c < n_pc_; ++c) {
                d[c] += row[c] - mli_per_spike;
                row[c] = std::min(wmax, row[c] + ltp);
            }
        } else {
            const std::uint64_t* m = &mask_[static_cast<std::size_t>(g) * mask_words_];
            for (std::size_t c = 0; c < n_pc_; ++c) {
                if (!((m[c / 64] >> (c % 64)) & 1u)) continue;
                d[c] += row[c] - mli_per_spike;
                row[c] = std::min(wmax, row[c] + ltp);
            }
        }
    }
}

void PfPcSynapses::depress(const Parameters& p, std::size_t pc, std::int64_t step_index,
                           double ltd_scale) {
    ensure_kernel(p);
    const double rate = p.pf_ltd_rate * ltd_scale;
    if (rate <= 0) return;
    const std::size_t n = window_steps(p);
    for (std::size_t delay = 1; delay <= n && delay < ring_.size(); ++delay) {
        const std::int64_t s = step_index - static_cast<std::int64_t>(delay);
        if (s < 0) break;
        const std::size_t slot = static_cast<std::size_t>(s) % ring_.size();
        if (ring_step_[slot] != s) continue;
        const auto dw = static_cast<float>(rate * kernel_[delay]);
        if (dw <= 0) continue;
        for (const std::uint32_t g : ring_[slot]) {
            float& w = w_[static_cast<std::size_t>(g) * n_pc_ + pc];
            if (connected(g, pc)) w = std::max(0.0f, w - dw);
        }
    }
}

}  // namespace flocculus
