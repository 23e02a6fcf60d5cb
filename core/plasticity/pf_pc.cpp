// SPDX-License-Identifier: GPL-3.0-or-later
#include "plasticity/pf_pc.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "circuit/granule.hpp"

namespace flocculus {
namespace {
// The kernel: (x e^{1-x})^4 with x = delay / peak. It is 1 at the peak, half-maximal at
// about 0.55 and 1.6 times the peak delay, and cut at three times the peak delay.
constexpr double kKernelSpan = 3.0;
// (x e^(1-x))^n, x = delay / peak: the larger n, the tighter the window around its peak.
double raw_kernel(double delay_ms, double peak_ms, double sharpness) {
    if (delay_ms <= 0 || delay_ms > kKernelSpan * peak_ms) return 0.0;
    const double x = delay_ms / peak_ms;
    return std::pow(x * std::exp(1.0 - x), sharpness);
}

// One spike's depression of a weight, as at a complex spike.
void depress_by(float& w, float dw) {
    if (dw <= 0) return;
    w = std::max(0.0f, w - dw);
}
// The same for a logged complex spike at delay d (steps), with its weight-dependent part.
template <class Logged>
void depress_at(float& w, const Logged& cs, std::int64_t d) {
    if (cs.soft == 0) return depress_by(w, cs.dw[d]);
    depress_by(w, cs.dw[d] + cs.dw[cs.soft + d] * w);
}
}  // namespace

PfPcRule PfPcRule::floccular(const Parameters& p) {
    return {p.pf_ltd_rate,          p.pf_ltp_rate,         p.pf_ltd_kernel_peak_ms,
            p.pf_ltd_kernel_sharpness, p.pf_weight_dependence, p.pf_w_init,
            p.pf_w_max};
}

PfPcSynapses::PfPcSynapses(const Parameters& p, std::size_t granule_count,
                           std::size_t purkinje_count, Rng& rng, PfPcRuleOf rule_of)
    : rule_of_(rule_of),
      n_gc_(granule_count),
      n_pc_(purkinje_count),
      chunks_(granule_chunking(granule_count)) {
    w_.assign(n_gc_ * n_pc_, static_cast<float>(rule_of_(p).w_init));
    if (p.network_pf_pc_connectivity < 1.0) {
        mask_words_ = (n_pc_ + 63) / 64;
        mask_.assign(n_gc_ * mask_words_, 0);
        for (std::size_t g = 0; g < n_gc_; ++g)
            for (std::size_t c = 0; c < n_pc_; ++c)
                if (rng.uniform() < p.network_pf_pc_connectivity)
                    mask_[g * mask_words_ + c / 64] |= std::uint64_t{1} << (c % 64);
    }
    fibres_.resize(n_gc_);
    bursts_.resize(chunks_.count);
    ensure_kernel(p);
}

bool PfPcSynapses::connected(std::size_t gc, std::size_t pc) const {
    return mask_.empty() || ((mask_[gc * mask_words_ + pc / 64] >> (pc % 64)) & 1u);
}

std::size_t PfPcSynapses::window_steps(const PfPcRule& r, double dt_ms) {
    return static_cast<std::size_t>(std::ceil(kKernelSpan * r.kernel_peak_ms / dt_ms));
}

void PfPcSynapses::ensure_kernel(const Parameters& p) {
    const PfPcRule r = rule_of_(p);
    if (kernel_peak_ == r.kernel_peak_ms && kernel_dt_ == p.sim_dt_ms &&
        kernel_sharpness_ == r.kernel_sharpness)
        return;
    // Logged complex spikes depress with the kernel of their time.
    sweep();
    const std::size_t n = window_steps(r, p.sim_dt_ms);
    std::vector<double> k(n + 1);
    double integral_ms = 0;
    for (std::size_t d = 0; d <= n; ++d) {
        k[d] = raw_kernel(static_cast<double>(d) * p.sim_dt_ms, r.kernel_peak_ms, r.kernel_sharpness);
        integral_ms += k[d] * p.sim_dt_ms;
    }
    kernel_.resize(n + 1);
    for (std::size_t d = 0; d <= n; ++d) kernel_[d] = static_cast<float>(k[d] * 1000.0 / integral_ms);
    kernel_peak_ = r.kernel_peak_ms;
    kernel_sharpness_ = r.kernel_sharpness;
    kernel_dt_ = p.sim_dt_ms;
    // The ring reaches over the window, and never shrinks.
    if (ring_steps_.size() < n + 1) lengthen_ring(n + 1);
}

double PfPcSynapses::kernel(const Parameters& p, double delay_ms) const {
    // Same normalisation as the table, evaluated exactly.
    const PfPcRule r = rule_of_(p);
    double integral_ms = 0;
    const std::size_t n = window_steps(r, p.sim_dt_ms);
    for (std::size_t d = 0; d <= n; ++d)
        integral_ms += raw_kernel(static_cast<double>(d) * p.sim_dt_ms, r.kernel_peak_ms,
                                  r.kernel_sharpness) *
                       p.sim_dt_ms;
    return raw_kernel(delay_ms, r.kernel_peak_ms, r.kernel_sharpness) * 1000.0 / integral_ms;
}

void PfPcSynapses::lengthen_ring(std::size_t length) {
    // Every row is caught up (ensure_kernel), so the spikes can be sorted afresh. The ring's
    // spikes are those in the records, in the burst lists and set aside: the ones it no longer
    // holds are dropped, the ones it holds in a slot other than the one their step now maps to
    // are set aside, and the rest are kept again, oldest first.
    std::vector<SlottedSpike> spikes = std::move(hidden_);
    hidden_.clear();
    Fibre empty;
    empty.applied = log_end();
    for (std::size_t g = 0; g < n_gc_; ++g) {
        const Fibre& f = fibres_[g];
        const auto fibre = static_cast<std::uint32_t>(g);
        if (f.latest != kNoSpike) spikes.push_back({fibre, f.latest, slot_of(f.latest)});
        for (const std::uint16_t back : f.earlier) {
            if (f.latest == kNoSpike || back == kNoEarlier) break;
            spikes.push_back({fibre, f.latest - back, slot_of(f.latest - back)});
        }
        fibres_[g] = empty;
    }
    for (BurstList& list : bursts_) {
        for (std::uint32_t i = list.head; i != list.tail; ++i)
            spikes.push_back({list.at(i).fibre, list.at(i).step, slot_of(list.at(i).step)});
        list.head = list.tail;
    }
    std::stable_sort(spikes.begin(), spikes.end(),
                     [](const SlottedSpike& a, const SlottedSpike& b) { return a.step < b.step; });
    ring_steps_.resize(length, -1);
    for (const SlottedSpike& s : spikes) {
        if (ring_steps_[s.slot] != s.step) continue;  // overwritten: gone for good
        if (slot_of(s.step) == s.slot)
            push_spike(s.fibre, s.step);
        else
            hidden_.push_back(s);
    }
}

void PfPcSynapses::BurstList::append(const BurstSpike& s) {
    if (tail - head == entries.size()) {
        // Full: double, each count moving to its place in the larger ring.
        std::vector<BurstSpike> larger(2 * entries.size());
        for (std::uint32_t i = head; i != tail; ++i) larger[i & (larger.size() - 1)] = at(i);
        entries = std::move(larger);
    }
    at(tail++) = s;
}

void PfPcSynapses::push_spike(std::uint32_t g, std::int32_t step) {
    // Only for a fibre that is caught up: no logged complex spike needs its spikes any more.
    Fibre& f = fibres_[g];
    if (f.latest == kNoSpike) {
        f.earlier.fill(kNoEarlier);
    } else {
        // The record's oldest spike makes room; while the ring holds it (a complex spike to
        // come may see it) it goes to the burst list, after the fibre's earlier ones there.
        if (f.earlier.back() != kNoEarlier && ring_holds(f.latest - f.earlier.back())) {
            BurstList& list = bursts_[chunks_.chunk_of(g)];
            const bool linked = list.holds(f.burst) && list.at(f.burst).fibre == g;
            list.append({g, f.latest - f.earlier.back(), linked ? list.tail - f.burst : 0});
            f.burst = list.tail - 1;
        }
        // The earlier spikes move one place back, their steps from the latest growing by the
        // steps since; one too old to count becomes no spike (kNoEarlier, where the sum stops).
        const auto since = static_cast<std::uint16_t>(std::min<std::int64_t>(std::int64_t{step} - f.latest, kNoEarlier));
        for (std::size_t j = kEarlierSpikes - 1; j > 0; --j)
            f.earlier[j] = static_cast<std::uint16_t>(std::min<std::uint32_t>(f.earlier[j - 1] + since, kNoEarlier));
        f.earlier[0] = since;
    }
    f.latest = step;
    f.applied = log_end();
}

void PfPcSynapses::forget_bursts(std::size_t k, std::int32_t step) {
    // A burst spike older than two passes of the gradual sweep and the ring is seen by no
    // complex spike a row has not applied (those were logged during the last two passes, after
    // the row was last swept) nor by any to come.
    BurstList& list = bursts_[k];
    while (list.head != list.tail && list.at(list.head).step + burst_keep() <= step) ++list.head;
}

bool PfPcSynapses::behind(std::uint32_t g) const {
    // Every fibre has applied the complex spikes the log has forgotten.
    const Fibre& f = fibres_[g];
    return f.applied != log_end() && log_[f.applied - log_first_].step - f.latest <= window();
}

void PfPcSynapses::catch_up(std::uint32_t g) const {
    Fibre& f = fibres_[g];
    const std::uint32_t end = log_end();
    if (f.applied == end) return;
    float* row = &w_[static_cast<std::size_t>(g) * n_pc_];
    const std::int64_t window = this->window();
    for (std::uint32_t n = f.applied; n != end; ++n) {
        const LoggedComplexSpike& cs = log_[n - log_first_];
        // The delay of the fibre's latest spike (logged complex spikes come after it). The log
        // is in order of steps: once a complex spike comes after that spike's window, so do
        // all later ones.
        const std::int64_t since = cs.step - f.latest;
        if (since > window) break;
        if (!connected(g, cs.cell)) continue;
        // The spikes in the record in order of increasing delay (kNoEarlier is past any
        // window), then those of a longer burst.
        float w = row[cs.cell];
        depress_at(w, cs, since);
        std::size_t j = 0;
        for (; j < kEarlierSpikes && since + f.earlier[j] <= window; ++j) depress_at(w, cs, since + f.earlier[j]);
        if (j == kEarlierSpikes) depress_burst(g, cs, w);
        row[cs.cell] = w;
    }
    f.applied = end;
}

void PfPcSynapses::depress_burst(std::uint32_t g, const LoggedComplexSpike& cs, float& w) const {
    // Newest first, linked back; a fibre's latest burst spike is held with it in the list.
    const BurstList& list = bursts_[chunks_.chunk_of(g)];
    for (std::uint32_t i = fibres_[g].burst; list.holds(i) && list.at(i).fibre == g;) {
        const BurstSpike& s = list.at(i);
        if (cs.step - s.step > window()) return;
        depress_at(w, cs, cs.step - s.step);
        if (s.back == 0) return;
        i -= s.back;
    }
}

void PfPcSynapses::catch_up_rows(std::size_t first, std::size_t last) const {
    // The rows to be depressed are asked for a few fibres ahead.
    constexpr std::size_t kAhead = 8;
    for (std::size_t g = first; g < last; ++g) {
        if (g + kAhead < last && behind(static_cast<std::uint32_t>(g + kAhead)))
            prefetch_row(static_cast<std::uint32_t>(g + kAhead));
        catch_up(static_cast<std::uint32_t>(g));
    }
}

void PfPcSynapses::sweep() const {
    if (log_.empty()) return;
    catch_up_rows(0, n_gc_);
    log_first_ = log_end();
    log_.clear();
    tables_.clear();
    // Every row is caught up: a new pass of the gradual sweep can start from here.
    pass_start_ = log_first_;
    pass_step_ = 0;
}

void PfPcSynapses::sweep_slice(std::size_t k) {
    // A pass covers each chunk in pass_steps() slices, one per step.
    const std::size_t first = chunks_.begin(k), size = chunks_.end(k) - first;
    const auto steps = static_cast<std::size_t>(pass_steps()), slice = static_cast<std::size_t>(pass_step_);
    catch_up_rows(first + size * slice / steps, first + size * (slice + 1) / steps);
}

void PfPcSynapses::end_pass() {
    // Every row has been caught up during the pass, past the complex spikes logged before it.
    std::size_t forget = 0;
    for (; log_first_ != pass_start_; ++log_first_, ++forget)
        if (--tables_.front().uses == 0) tables_.pop_front();
    log_.erase(log_.begin(), log_.begin() + static_cast<std::ptrdiff_t>(forget));
    pass_start_ = log_end();
    pass_step_ = 0;
}

void PfPcSynapses::prefetch_row(std::uint32_t g) const {
    const float* row = &w_[static_cast<std::size_t>(g) * n_pc_];
    for (std::size_t c = 0; c < n_pc_; c += kCacheLine / sizeof(float)) prefetch_for_write(row + c);
}

void PfPcSynapses::group_by_chunk(std::span<const std::uint32_t> gc_spikes) {
    if (chunks_.count == 1) return;
    // Grouped by chunk, keeping the order within each chunk.
    group_start_.assign(chunks_.count + 1, 0);
    for (const std::uint32_t g : gc_spikes) ++group_start_[chunks_.chunk_of(g) + 1];
    for (std::size_t k = 0; k < chunks_.count; ++k) group_start_[k + 1] += group_start_[k];
    cursor_.assign(group_start_.begin(), group_start_.end() - 1);
    grouped_.resize(gc_spikes.size());
    for (const std::uint32_t g : gc_spikes) grouped_[cursor_[chunks_.chunk_of(g)]++] = g;
}

std::span<const std::uint32_t> PfPcSynapses::chunk_spikes(std::size_t k,
                                                          std::span<const std::uint32_t> gc_spikes) const {
    if (chunks_.count == 1) return gc_spikes;
    return std::span(grouped_).subspan(group_start_[k], group_start_[k + 1] - group_start_[k]);
}

void PfPcSynapses::keep_spikes(std::size_t k, std::span<const std::uint32_t> spikes, std::int32_t step) {
    sweep_slice(k);
    forget_bursts(k, step);
    // The records and rows are scattered: ask for all of them first, so that the misses
    // overlap (the rows are read next by the transmission anyway).
    for (const std::uint32_t g : spikes) prefetch_for_write(&fibres_[g]);
    for (const std::uint32_t g : spikes) prefetch_row(g);
    // Each spiking fibre catches up, then keeps its spike.
    for (const std::uint32_t g : spikes) {
        catch_up(g);
        push_spike(g, step);
    }
}

void PfPcSynapses::transmit_columns(std::size_t first, std::size_t last,
                                    std::span<const std::uint32_t> gc_spikes, float mli_per_spike,
                                    float ltp, float wmax, float ltp_per_room, float* drive) {
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
            if (ltp_per_room > 0) {
                // Weight-dependent LTP: part fixed, part in proportion to the room below w_max.
                for (std::size_t c = 0; c < width; ++c) {
                    if (!mask_.empty() && !connected(g, b + c)) continue;
                    sum[c] += row[c] - mli_per_spike;
                    row[c] = std::min(wmax, row[c] + ltp + ltp_per_room * (wmax - row[c]));
                }
            } else if (mask_.empty()) {
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
    ring_steps_[slot_of(step_index)] = step_index;
    // The spiking fibres' rows are brought up to date and their spikes kept, with this step's
    // slice of the gradual sweep (by chunks of fibres), before the rows are read.
    group_by_chunk(gc_spikes);
    const auto step = static_cast<std::int32_t>(step_index);
    for_each_chunk(pool, chunks_.count,
                   [&](std::size_t k) { keep_spikes(k, chunk_spikes(k, gc_spikes), step); });
    if (++pass_step_ == pass_steps()) end_pass();

    const PfPcRule r = rule_of_(p);
    const double s = r.weight_dependence;
    const double room = r.w_max - r.w_init;
    const bool soft = s > 0 && room > 0;
    const auto ltp = static_cast<float>(r.ltp_rate * ltp_scale * (soft ? 1.0 - s : 1.0));
    const auto ltp_per_room = static_cast<float>(soft ? r.ltp_rate * ltp_scale * s / room : 0.0);
    const auto wmax = static_cast<float>(r.w_max);
    // Each column (Purkinje cell) sums over the spikes in their order whichever group it is
    // in, so the grouping cannot change a result: one group per thread, of whole cache lines
    // of columns (no two threads writing the same line).
    constexpr std::size_t kLineFloats = kCacheLine / sizeof(float);
    const std::size_t threads = pool ? static_cast<std::size_t>(pool->threads()) : 1;
    const std::size_t width = (n_pc_ + threads * kLineFloats - 1) / (threads * kLineFloats) * kLineFloats;
    const std::size_t groups = (n_pc_ + width - 1) / width;
    for_each_chunk(pool, groups, [&](std::size_t k) {
        transmit_columns(k * width, std::min(n_pc_, (k + 1) * width), gc_spikes, mli_per_spike, ltp,
                         wmax, ltp_per_room, drive.data());
    });
}

void PfPcSynapses::depress(const Parameters& p, std::span<const std::uint32_t> pcs,
                           std::int64_t step_index, double ltd_scale) {
    ensure_kernel(p);
    const PfPcRule r = rule_of_(p);
    const double rate = r.ltd_rate * ltd_scale;
    if (rate <= 0 || pcs.empty()) return;
    // Applied to each row when it is next caught up (see the header).
    const std::size_t n = kernel_.size();
    const double s = r.weight_dependence;
    const bool soft = s > 0 && r.w_init > 0;
    DepressionTable& table = tables_.emplace_back(DepressionTable{pcs.size(), std::vector<float>(soft ? 2 * n : n, 0.0f)});
    for (std::size_t d = 1; d < n; ++d) {
        if (!soft) {
            table.dw[d] = static_cast<float>(rate * kernel_[d]);
            continue;
        }
        table.dw[d] = static_cast<float>(rate * kernel_[d] * (1.0 - s));
        table.dw[n + d] = static_cast<float>(rate * kernel_[d] * s / r.w_init);
    }
    const auto soft_at = static_cast<std::uint32_t>(soft ? n : 0);
    for (const std::uint32_t c : pcs) log_.push_back({step_index, c, soft_at, table.dw.data()});
}

}  // namespace flocculus
