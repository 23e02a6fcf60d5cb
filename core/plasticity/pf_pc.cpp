// SPDX-License-Identifier: GPL-3.0-or-later
#include "plasticity/pf_pc.hpp"

#include <algorithm>
#include <cmath>

#include "circuit/granule.hpp"

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
    : n_gc_(granule_count), n_pc_(purkinje_count), chunks_(granule_chunking(granule_count)) {
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
        ring_chunk_start_.resize((n + 1) * (chunks_.count + 1), 0);
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

void PfPcSynapses::store_spikes(std::span<const std::uint32_t> gc_spikes, std::int64_t step_index) {
    const std::size_t slot = static_cast<std::size_t>(step_index) % ring_.size();
    auto& bucket = ring_[slot];
    std::uint32_t* start = &ring_chunk_start_[slot * (chunks_.count + 1)];
    ring_step_[slot] = step_index;
    if (chunks_.count == 1) {
        bucket.assign(gc_spikes.begin(), gc_spikes.end());
        start[0] = 0;
        start[1] = static_cast<std::uint32_t>(bucket.size());
        return;
    }
    // Group by chunk, keeping the order within each chunk.
    std::fill(start, start + chunks_.count + 1, 0u);
    for (const std::uint32_t g : gc_spikes) ++start[chunks_.chunk_of(g) + 1];
    for (std::size_t k = 0; k < chunks_.count; ++k) start[k + 1] += start[k];
    cursor_.assign(start, start + chunks_.count);
    bucket.resize(gc_spikes.size());
    for (const std::uint32_t g : gc_spikes) bucket[cursor_[chunks_.chunk_of(g)]++] = g;
}

void PfPcSynapses::transmit_columns(std::size_t first, std::size_t last,
                                    std::span<const std::uint32_t> gc_spikes, float mli_per_spike,
                                    float ltp, float wmax, float* drive) {
    // Rows are scattered: ask for the rows of spikes a few places ahead early.
    constexpr std::size_t kAhead = 4;
    constexpr std::size_t kLineFloats = kCacheLine / sizeof(float);
    // Columns are summed in blocks held in a local array (no stores to `drive` shared with
    // other threads, and loops the compiler can vectorise).
    constexpr std::size_t kBlock = 64;
    const std::size_t n = gc_spikes.size();
    float* w = w_.data();
    for (std::size_t b = first; b < last; b += kBlock) {
        const std::size_t width = std::min(last - b, kBlock);
        float sum[kBlock];
        std::copy(drive + b, drive + b + width, sum);
        for (std::size_t i = 0; i < n; ++i) {
            if (i + kAhead < n) {
                const float* ahead = &w[static_cast<std::size_t>(gc_spikes[i + kAhead]) * n_pc_ + b];
                for (std::size_t c = 0; c < width; c += kLineFloats) prefetch_for_write(ahead + c);
            }
            const std::uint32_t g = gc_spikes[i];
            float* row = &w[static_cast<std::size_t>(g) * n_pc_ + b];
            if (mask_.empty()) {
                for (std::size_t c = 0; c < width; ++c) {
                    sum[c] += row[c] - mli_per_spike;
                    row[c] = std::min(wmax, row[c] + ltp);
                }
            } else {
                for (std::size_t c = 0; c < width; ++c) {
                    if (!connected(g, b + c)) continue;
                    sum[c] += row[c] - mli_per_spike;
                    row[c] = std::min(wmax, row[c] + ltp);
                }
            }
        }
        std::copy(sum, sum + width, drive + b);
    }
}

void PfPcSynapses::transmit(const Parameters& p, std::span<const std::uint32_t> gc_spikes,
                            std::int64_t step_index, float mli_per_spike, double ltp_scale,
                            std::span<float> drive, ThreadPool* pool) {
    ensure_kernel(p);
    store_spikes(gc_spikes, step_index);
    const auto ltp = static_cast<float>(p.pf_ltp_rate * ltp_scale);
    const auto wmax = static_cast<float>(p.pf_w_max);
    // Each column (Purkinje cell) sums over the spikes in their order whichever group it is
    // in, so the grouping cannot change a result: one group on one thread, groups of a cache
    // line of columns (no two threads writing the same line) on several.
    const std::size_t width = pool && pool->threads() > 1 ? kCacheLine / sizeof(float) : n_pc_;
    const std::size_t groups = (n_pc_ + width - 1) / width;
    for_each_chunk(pool, groups, [&](std::size_t k) {
        transmit_columns(k * width, std::min(n_pc_, (k + 1) * width), gc_spikes, mli_per_spike, ltp,
                         wmax, drive.data());
    });
}

void PfPcSynapses::depress_chunk(std::size_t k, std::span<const std::uint32_t> pcs,
                                 std::int64_t step_index, double rate) {
    // Delays 1 .. window, within the ring's reach.
    const std::size_t window = std::min(kernel_.size(), ring_.size()) - 1;
    // Chunk k's spikes `delay` steps ago (none if that step is not, or no longer, stored).
    auto spikes_at = [&](std::size_t delay) {
        const std::int64_t s = step_index - static_cast<std::int64_t>(delay);
        const std::size_t slot = static_cast<std::size_t>(s) % ring_.size();
        if (s < 0 || ring_step_[slot] != s) return std::pair<const std::uint32_t*, const std::uint32_t*>{};
        const std::uint32_t* start = &ring_chunk_start_[slot * (chunks_.count + 1)];
        const std::uint32_t* list = ring_[slot].data();
        return std::pair{list + start[k], list + start[k + 1]};
    };
    float* w = w_.data();
    const std::size_t column = pcs.front();
    // The rows are scattered: ask for them a few spikes early so that the misses overlap.
    PrefetchAhead ahead(window, [&](std::size_t r) { return spikes_at(r + 1); },
                        [&](std::uint32_t g) { return &w[static_cast<std::size_t>(g) * n_pc_ + column]; }, 8);
    for (std::size_t delay = 1; delay <= window; ++delay) {
        const auto [first, last] = spikes_at(delay);
        if (first == last) continue;
        const auto dw = static_cast<float>(rate * kernel_[delay]);
        for (const std::uint32_t* g = first; g != last; ++g) {
            ahead.next();
            if (dw <= 0) continue;
            float* row = &w[static_cast<std::size_t>(*g) * n_pc_];
            for (const std::uint32_t c : pcs)
                if (connected(*g, c)) row[c] = std::max(0.0f, row[c] - dw);
        }
    }
}

void PfPcSynapses::depress(const Parameters& p, std::span<const std::uint32_t> pcs,
                           std::int64_t step_index, double ltd_scale, ThreadPool* pool) {
    ensure_kernel(p);
    const double rate = p.pf_ltd_rate * ltd_scale;
    if (rate <= 0 || pcs.empty()) return;
    // Every weight is depressed in order of increasing delay, as in a single pass; the
    // chunks own disjoint rows.
    for_each_chunk(pool, chunks_.count, [&](std::size_t k) { depress_chunk(k, pcs, step_index, rate); });
}

}  // namespace flocculus
