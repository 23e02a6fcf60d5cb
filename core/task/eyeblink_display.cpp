// SPDX-License-Identifier: GPL-3.0-or-later
#include "task/eyeblink_display.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flocculus {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Mean granule rate over the cells of one clock bin of a record.
double granule_bin_mean(const EyeblinkRecord& r, int bin) {
    const auto cells = static_cast<std::size_t>(r.granule_cells);
    if (cells == 0 || bin < 0 || bin >= r.clock_bins) return kNaN;
    double sum = 0;
    const std::size_t at = static_cast<std::size_t>(bin) * cells;
    for (std::size_t g = 0; g < cells; ++g) sum += r.granule_rates_hz[at + g];
    return sum / static_cast<double>(cells);
}
}  // namespace

std::vector<CrBlock> cr_blocks(const std::vector<TrialMetrics>& metrics) {
    std::vector<CrBlock> blocks;
    std::vector<const TrialMetrics*> open;  // trials of the block being filled
    const auto close = [&] {
        CrBlock b;
        b.first_trial = open.front()->trial;
        b.last_trial = open.back()->trial;
        b.phase = open.front()->phase;
        b.trials = static_cast<int>(open.size());
        int crs = 0;
        double onset = 0, peak = 0;
        for (const TrialMetrics* m : open)
            if (m->cr.cr) {
                ++crs;
                onset += m->cr.onset_ms;
                peak += m->cr.peak_ms;
            }
        b.cr_rate = static_cast<double>(crs) / b.trials;
        b.onset_ms = crs ? onset / crs : kNaN;
        b.peak_ms = crs ? peak / crs : kNaN;
        blocks.push_back(b);
        open.clear();
    };
    for (const TrialMetrics& m : metrics) {
        if (!m.eyeblink) continue;
        if (!open.empty() && open.back()->phase != m.phase) open.clear();  // an incomplete block
        open.push_back(&m);
        if (static_cast<int>(open.size()) == kEyeblinkBlock) close();
    }
    return blocks;
}

double GranularClock::at_lag_ms(double ms) const {
    const auto k = static_cast<Eigen::Index>(std::lround(ms / kClockBinMs));
    return k >= 0 && k < by_lag.size() ? by_lag(k) : kNaN;
}

GranularClock granular_clock(const Parameters& p,
                             const std::vector<std::shared_ptr<const TrialRecord>>& recent,
                             int max_trials) {
    GranularClock c;
    std::vector<const EyeblinkRecord*> records;  // newest first
    for (auto it = recent.rbegin();
         it != recent.rend() && static_cast<int>(records.size()) < max_trials; ++it)
        if (*it && (*it)->plan.eyeblink && (*it)->eyeblink.clock_bins > 0)
            records.push_back(&(*it)->eyeblink);
    if (records.empty()) return c;
    // The bins of the tone of a paired trial (up to the US).
    const int bins = std::min(records.front()->clock_bins,
                              static_cast<int>(std::ceil(p.task_isi_ms / kClockBinMs)));
    const Eigen::MatrixXd a = granule_activity(records).topRows(bins);
    c.trials = static_cast<int>(records.size());
    c.bins = bins;
    c.similarity = population_similarity(a);
    c.by_lag = similarity_by_lag(c.similarity);
    return c;
}

namespace {
double mean_of(const std::vector<float>& v, std::size_t from, std::size_t to) {
    double sum = 0;
    for (std::size_t k = from; k < to; ++k) sum += v[k];
    return to > from ? sum / static_cast<double>(to - from) : 0.0;
}
}  // namespace

EyeblinkActivity eyeblink_activity(const Parameters& p, const TrialPlan& plan, double t_ms,
                                   const EyeblinkRecord& current, const TrialRecord* last) {
    EyeblinkActivity a;
    a.cs_mossy.baseline_hz = p.eb_mf_background_hz;
    a.purkinje.baseline_hz = p.pc_baseline_rate_hz;
    a.nucleus.baseline_hz = p.dcn_baseline_rate_hz;
    a.granule.rate_hz = kNaN;
    a.tone = eyeblink_cs_on(p, plan, t_ms);
    const std::size_t n = current.eyelid.size();
    if (!plan.eyeblink || n == 0) return a;
    // The last window of the recorded samples (1 ms each, from kTrialStartMs).
    const auto window = std::min<std::size_t>(
        n, static_cast<std::size_t>(ActivityMeter::kBins * ActivityMeter::kBinMs));
    double tone_ms = 0;
    for (std::size_t k = n - window; k < n; ++k) {
        const double t = kTrialStartMs + static_cast<double>(k);
        tone_ms += eyeblink_cs_on(p, plan, t) ? 1.0 : 0.0;
        a.puff = a.puff || eyeblink_puff(p, plan, t);
    }
    const auto w = static_cast<double>(window);
    a.measured = true;
    a.window_ms = w;
    a.cs_mossy.rate_hz =
        (tone_ms * p.task_cs_rate_hz + (w - tone_ms) * p.eb_mf_background_hz) / w;
    a.purkinje.rate_hz = mean_of(current.purkinje_hz, n - window, n);
    a.nucleus.rate_hz = p.dcn_baseline_rate_hz + mean_of(current.nuclear_hz, n - window, n);
    a.eyelid = current.eyelid.back();
    // Golgi cells and interneurons (rate units): the window against this trial's samples
    // before the tone.
    const auto before = static_cast<std::size_t>(-kTrialStartMs);
    const auto relative = [&](const std::vector<float>& v) {
        PopulationRate r{kNaN, 0.0};
        if (v.size() != n) return r;  // not recorded
        r.rate_hz = mean_of(v, n - window, n);
        if (n >= before) r.baseline_hz = mean_of(v, 0, before);
        return r;
    };
    a.golgi = relative(current.golgi);
    a.interneurons = relative(current.interneurons);
    // Granule cells: the last complete clock bin of this trial (none before CS + one bin).
    const double recorded_to = kTrialStartMs + static_cast<double>(n);
    const int bin = static_cast<int>(std::floor(recorded_to / kClockBinMs)) - 1;
    if (bin >= 0) a.granule.rate_hz = granule_bin_mean(current, std::min(bin, current.clock_bins - 1));
    // Their rest: the last trial's bins from 100 ms after its tone to the end of its trace.
    if (last && last->plan.eyeblink && last->eyeblink.clock_bins > 0) {
        const int from = static_cast<int>(
            std::ceil((eyeblink_cs_end_ms(p, last->plan) + 100.0) / kClockBinMs));
        double sum = 0;
        int bins = 0;
        for (int b = from; b < last->eyeblink.clock_bins; ++b) {
            const double v = granule_bin_mean(last->eyeblink, b);
            if (std::isfinite(v)) {
                sum += v;
                ++bins;
            }
        }
        if (bins > 0) a.granule.baseline_hz = sum / bins;
    }
    return a;
}

}  // namespace flocculus
