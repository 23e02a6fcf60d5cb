// SPDX-License-Identifier: GPL-3.0-or-later
#include "task/eyeblink.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flocculus {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Time kept after the puff (or after a probe's tone) in the eyelid trace.
constexpr double kAfterMs = 150.0;

double cr_rate(const std::vector<const EyeblinkTrial*>& v) {
    if (v.empty()) return kNaN;
    int n = 0;
    for (const auto* t : v) n += t->cr.cr ? 1 : 0;
    return static_cast<double>(n) / static_cast<double>(v.size());
}
}  // namespace

double eyeblink_cs_end_ms(const Parameters& p, const TrialPlan& plan) {
    return plan.cs_alone && plan.probe ? p.task_isi_ms + p.task_probe_cs_extension_ms
                                       : p.task_isi_ms;
}

bool eyeblink_cs_on(const Parameters& p, const TrialPlan& plan, double t_ms) {
    return plan.eyeblink && t_ms >= 0.0 && t_ms < eyeblink_cs_end_ms(p, plan);
}

bool eyeblink_puff(const Parameters& p, const TrialPlan& plan, double t_ms) {
    return plan.eyeblink && !plan.cs_alone && t_ms >= p.task_isi_ms &&
           t_ms < p.task_isi_ms + kPuffMs;
}

double eyeblink_trace_end_ms(const Parameters& p) {
    return p.task_isi_ms + p.task_probe_cs_extension_ms + kAfterMs;
}

std::variant<std::vector<TrialPlan>, std::string> make_eyeblink_schedule(Protocol protocol,
                                                                         const Parameters& p,
                                                                         int trials) {
    // The trace must end before the trial (with its inter-trial interval) does.
    const double room = kTrialEndMs + p.task_iti_ms;
    if (eyeblink_trace_end_ms(p) > room)
        return "task.iti_ms must be at least " +
               std::to_string(static_cast<int>(std::ceil(eyeblink_trace_end_ms(p) - kTrialEndMs))) +
               " ms for task.isi_ms " + std::to_string(static_cast<int>(p.task_isi_ms)) +
               " (the tone, the puff and the blink must fit in the trial), got " +
               std::to_string(static_cast<int>(p.task_iti_ms));
    std::vector<TrialPlan> s;
    auto block = [&](int count, Phase phase, bool paired) {
        for (int i = 0; i < count; ++i) {
            TrialPlan t;
            t.number = static_cast<int>(s.size()) + 1;
            t.phase = phase;
            t.eyeblink = true;
            t.probe = paired && p.task_probe_every > 0 && (i + 1) % p.task_probe_every == 0;
            t.cs_alone = !paired || t.probe;
            s.push_back(t);
        }
    };
    if (protocol == Protocol::EyeblinkExtinction) {
        block(p.task_acquire_trials, Phase::Acquire, true);
        block(p.task_extinction_trials, Phase::Extinction, false);
        block(p.task_acquire_trials, Phase::Reacquire, true);
    } else {
        block(trials, Phase::Acquire, true);
    }
    return s;
}

CrResult detect_cr(const std::vector<float>& eyelid, double t0_ms, double isi_ms, double threshold,
                   double peak_until_ms) {
    CrResult r;
    r.onset_ms = r.peak_ms = kNaN;
    const auto index = [&](double t) { return static_cast<long>(std::lround(t - t0_ms)); };
    const long n = static_cast<long>(eyelid.size());
    const long a = std::clamp(index(kCrWindowStartMs), 0L, n);
    const long b = std::clamp(index(isi_ms), a, n);
    double peak = 0;
    for (long k = a; k < b; ++k) {
        peak = std::max(peak, static_cast<double>(eyelid[static_cast<std::size_t>(k)]));
        if (!r.cr && eyelid[static_cast<std::size_t>(k)] > threshold) {
            r.cr = true;
            r.onset_ms = t0_ms + static_cast<double>(k);
        }
    }
    r.peak = peak;
    if (!r.cr) return r;
    const long c = std::clamp(index(peak_until_ms), b, n);
    long best = a;
    for (long k = a; k < c; ++k)
        if (eyelid[static_cast<std::size_t>(k)] > eyelid[static_cast<std::size_t>(best)]) best = k;
    r.peak_ms = t0_ms + static_cast<double>(best);
    return r;
}

Eigen::MatrixXd population_similarity(const Eigen::MatrixXd& activity) {
    Eigen::MatrixXd unit = activity;
    for (Eigen::Index i = 0; i < unit.rows(); ++i) {
        const double norm = unit.row(i).norm();
        if (norm > 0) unit.row(i) /= norm;
    }
    return unit * unit.transpose();
}

Eigen::VectorXd similarity_by_lag(const Eigen::MatrixXd& s) {
    const Eigen::Index n = s.rows();
    Eigen::VectorXd lag = Eigen::VectorXd::Zero(n);
    for (Eigen::Index d = 0; d < n; ++d) lag(d) = s.diagonal(d).mean();
    return lag;
}

Eigen::MatrixXd granule_activity(const std::vector<const EyeblinkRecord*>& records) {
    if (records.empty() || !records.front()) return {};
    const EyeblinkRecord& f = *records.front();
    Eigen::MatrixXd m = Eigen::MatrixXd::Zero(f.clock_bins, f.granule_cells);
    int n = 0;
    for (const auto* r : records) {
        if (!r || r->clock_bins != f.clock_bins || r->granule_cells != f.granule_cells) continue;
        const auto cells = static_cast<std::size_t>(r->granule_cells);
        for (int b = 0; b < r->clock_bins; ++b)
            for (std::size_t g = 0; g < cells; ++g)
                m(b, static_cast<Eigen::Index>(g)) +=
                    r->granule_rates_hz[static_cast<std::size_t>(b) * cells + g];
        ++n;
    }
    return n ? Eigen::MatrixXd(m / n) : m;
}

std::optional<int> trials_to_cr_rate(const std::vector<EyeblinkTrial>& trials, double rate) {
    int crs = 0;
    for (std::size_t k = 0; k < trials.size(); ++k) {
        crs += trials[k].cr.cr ? 1 : 0;
        if (k >= static_cast<std::size_t>(kEyeblinkBlock))
            crs -= trials[k - kEyeblinkBlock].cr.cr ? 1 : 0;
        if (k + 1 >= static_cast<std::size_t>(kEyeblinkBlock) &&
            crs >= rate * kEyeblinkBlock - 1e-9)
            return static_cast<int>(k + 1);
    }
    return std::nullopt;
}

EyeblinkSummary summarize_eyeblink(Protocol protocol, const std::vector<EyeblinkTrial>& trials) {
    EyeblinkSummary s;
    auto of_phase = [&](Phase ph) {
        std::vector<EyeblinkTrial> v;
        for (const auto& t : trials)
            if (t.phase == ph) v.push_back(t);
        return v;
    };
    // Blocks of the acquisition (for eyeblink-extinction, of the first acquisition).
    const std::vector<EyeblinkTrial> acq =
        protocol == Protocol::EyeblinkExtinction ? of_phase(Phase::Acquire) : trials;
    auto block = [](const std::vector<EyeblinkTrial>& v, bool last) {
        std::vector<const EyeblinkTrial*> b;
        const std::size_t n = std::min<std::size_t>(kEyeblinkBlock, v.size());
        for (std::size_t k = 0; k < n; ++k) b.push_back(&v[last ? v.size() - n + k : k]);
        return b;
    };
    s.cr_rate_first_block = cr_rate(block(acq, false));
    const auto last = block(acq, true);
    s.cr_rate_last_block = cr_rate(last);
    double peak = 0, onset = 0;
    int n = 0;
    for (const auto* t : last)
        if (t->cr.cr) {
            peak += t->cr.peak_ms;
            onset += t->cr.onset_ms;
            ++n;
        }
    s.cr_peak_ms_last_block = n ? peak / n : kNaN;
    s.cr_onset_ms_last_block = n ? onset / n : kNaN;
    if (protocol == Protocol::EyeblinkExtinction) {
        s.cr_rate_extinction_last_block = cr_rate(block(of_phase(Phase::Extinction), true));
        const auto first = trials_to_cr_rate(acq, 0.7);
        const auto second = trials_to_cr_rate(of_phase(Phase::Reacquire), 0.7);
        s.eyeblink_savings_ratio = first && second ? static_cast<double>(*first) / *second : kNaN;
    }
    return s;
}

}  // namespace flocculus
