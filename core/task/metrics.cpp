// SPDX-License-Identifier: GPL-3.0-or-later
#include "task/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "task/vor.hpp"

namespace flocculus {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Preferred directions of the microzones, in order: right, left, up, down.
constexpr Vec2 kZoneDirection[kMicrozones] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};

double mean_of(const std::vector<double>& v) {
    double s = 0;
    int n = 0;
    for (double x : v)
        if (std::isfinite(x)) { s += x; ++n; }
    return n ? s / n : kNaN;
}

template <typename F>
double trace_mean(const TrialRecord& r, double t0, double t1, F f) {
    double s = 0;
    int n = 0;
    for (const auto& x : r.trace)
        if (x.t_ms >= t0 && x.t_ms < t1) { s += f(x); ++n; }
    return n ? s / n : kNaN;
}

// Spike rate (Hz per cell) of one zone in [t0, t1).
double zone_rate(const TrialRecord& r, int zone, SpikeKind kind, double t0, double t1) {
    if (r.cells_per_zone == 0) return kNaN;
    int n = 0;
    for (const auto& s : r.spikes)
        if (s.microzone == zone && s.kind == kind && s.t_ms >= t0 && s.t_ms < t1) ++n;
    return n / (r.cells_per_zone * (t1 - t0) * 1e-3);
}

std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<std::size_t> idx(v.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < idx.size();) {
        std::size_t j = i;
        while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
        const double mean_rank = 0.5 * static_cast<double>(i + j) + 1.0;
        for (std::size_t k = i; k <= j; ++k) r[idx[k]] = mean_rank;
        i = j + 1;
    }
    return r;
}

}  // namespace

int instructed_zone(const Parameters& p) {
    const Vec2 u = instruction_unit(p);
    int best = 0;
    for (int z = 1; z < kMicrozones; ++z)
        if (u.dot(kZoneDirection[z]) > u.dot(kZoneDirection[best])) best = z;
    return best;
}

TimeWindow cs_instruction_window(const Parameters& p) {
    const double on = p.task_instruction_onset_ms;
    return {on + 50, on + 250};
}

TimeWindow learned_window(const Parameters& p) {
    const double on = p.task_instruction_onset_ms;
    return {on - 50, on + 100};
}

TrialMetrics compute_trial_metrics(const Parameters& p, const TrialRecord& r) {
    TrialMetrics m;
    m.trial = r.plan.number;
    m.phase = r.plan.phase;
    m.instructed = r.plan.instructed;
    m.probe = r.plan.probe;
    if (r.plan.is_rest() || r.plan.eyeblink) {
        // A rest is not a trial, and an eyeblink trial moves no eye: none of the pursuit
        // trial's measures apply.
        for (double* x : {&m.learned_velocity_deg_s, &m.cerebellar_learned_deg_s,
                          &m.nuclear_learned_deg_s, &m.latency_ms, &m.gain, &m.cs_rate_instr_hz,
                          &m.cs_rate_base_hz, &m.ss_learned_hz, &m.ss_late_hz,
                          &m.oscillation_p2p_deg_s})
            *x = kNaN;
        m.ss_pursuit_hz.fill(kNaN);
        m.ss_fixation_hz.fill(kNaN);
        m.cr.onset_ms = m.cr.peak_ms = m.cr.peak = kNaN;
        if (r.plan.eyeblink) {
            m.eyeblink = true;
            m.cs_alone = r.plan.cs_alone;
            m.cr = detect_cr(r.eyeblink.eyelid, kTrialStartMs, p.task_isi_ms, p.task_cr_threshold,
                             p.task_isi_ms);
        }
        return m;
    }
    const Vec2 dir = pursuit_direction(p);
    const Vec2 ins = instruction_unit(p);
    const double on = p.task_instruction_onset_ms;
    auto along = [](Vec2 u) {
        return [u](const TraceSample& x) { return u.x * x.eye_vx_deg_s + u.y * x.eye_vy_deg_s; };
    };

    m.learned_velocity_deg_s = trace_mean(r, on, on + 80.0, along(ins));
    m.cerebellar_learned_deg_s = trace_mean(r, on, on + 80.0, [ins](const TraceSample& x) {
        return ins.x * x.cerebellar_vx_deg_s + ins.y * x.cerebellar_vy_deg_s;
    });
    m.nuclear_learned_deg_s = trace_mean(r, on, on + 80.0, [ins](const TraceSample& x) {
        return ins.x * x.nuclear_vx_deg_s + ins.y * x.nuclear_vy_deg_s;
    });

    const bool ramp = r.plan.motion == Motion::StepRamp && p.task_speed_deg_s > 0;
    m.latency_ms = kNaN;
    m.gain = kNaN;
    if (ramp) {
        const auto v = along(dir);
        for (const auto& x : r.trace)
            if (x.t_ms >= 0 && v(x) > 0.1 * p.task_speed_deg_s) { m.latency_ms = x.t_ms; break; }
        m.gain = trace_mean(r, 400.0, 700.0, v) / p.task_speed_deg_s;
    }
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& x : r.trace)
        if (x.t_ms >= 400 && x.t_ms < 900) {
            const double v = along(dir)(x);
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    m.oscillation_p2p_deg_s = hi >= lo ? hi - lo : kNaN;

    const int z = instructed_zone(p);
    const TimeWindow cs = cs_instruction_window(p), learned = learned_window(p);
    m.cs_rate_instr_hz = zone_rate(r, z, SpikeKind::Complex, cs.begin_ms, cs.end_ms);
    m.cs_rate_base_hz = zone_rate(r, z, SpikeKind::Complex, -100, 0);
    m.ss_learned_hz = zone_rate(r, z, SpikeKind::Simple, learned.begin_ms, learned.end_ms);
    m.ss_late_hz = zone_rate(r, z, SpikeKind::Simple, 700, 900);
    for (int k = 0; k < kMicrozones; ++k) {
        m.ss_pursuit_hz[static_cast<std::size_t>(k)] = zone_rate(r, k, SpikeKind::Simple, 400, 700);
        m.ss_fixation_hz[static_cast<std::size_t>(k)] = zone_rate(r, k, SpikeKind::Simple, -100, 0);
    }

    const auto n = static_cast<std::size_t>(r.cells_per_zone);
    m.cell_cs_in_instr.assign(n, 0);
    std::vector<int> ss(n, 0);
    for (const auto& s : r.spikes) {
        if (s.microzone != z || s.cell >= n) continue;
        if (s.kind == SpikeKind::Complex && cs.contains(s.t_ms)) {
            if (m.cell_cs_in_instr[s.cell] < 255) ++m.cell_cs_in_instr[s.cell];
        } else if (s.kind == SpikeKind::Simple && learned.contains(s.t_ms)) {
            ++ss[s.cell];
        }
    }
    m.cell_ss_learned_hz.resize(n);
    const double learned_s = (learned.end_ms - learned.begin_ms) / 1000.0;
    for (std::size_t c = 0; c < n; ++c) m.cell_ss_learned_hz[c] = static_cast<float>(ss[c] / learned_s);
    return m;
}

double spearman_rho(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size() || x.size() < 3) return kNaN;
    const auto rx = ranks(x), ry = ranks(y);
    const double mx = mean_of(rx), my = mean_of(ry);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < rx.size(); ++i) {
        sxy += (rx[i] - mx) * (ry[i] - my);
        sxx += (rx[i] - mx) * (rx[i] - mx);
        syy += (ry[i] - my) * (ry[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : kNaN;
}

namespace {

// The learning trials of a phase: instructed and probe trials.
std::vector<const TrialMetrics*> phase_trials(const std::vector<TrialMetrics>& t, Phase ph) {
    std::vector<const TrialMetrics*> v;
    for (const auto& m : t)
        if (m.phase == ph) v.push_back(&m);
    return v;
}

template <typename F>
double mean_over(const std::vector<const TrialMetrics*>& v, std::size_t from, std::size_t to,
                 F f) {
    std::vector<double> x;
    for (std::size_t i = from; i < std::min(to, v.size()); ++i) x.push_back(f(*v[i]));
    return mean_of(x);
}

// Trailing moving average of the learned velocity over `w` trials.
std::vector<double> smoothed_learning(const std::vector<const TrialMetrics*>& v, std::size_t w) {
    std::vector<double> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::size_t from = i + 1 >= w ? i + 1 - w : 0;
        out[i] = mean_over(v, from, i + 1, [](const TrialMetrics& m) {
            return m.learned_velocity_deg_s;
        });
    }
    return out;
}

// Trials needed for the smoothed curve to first reach `level` (NaN if never).
double trials_to_reach(const std::vector<double>& curve, double level) {
    for (std::size_t i = 0; i < curve.size(); ++i)
        if (curve[i] >= level) return static_cast<double>(i + 1);
    return kNaN;
}

// The first and last dark probes of a VOR run.
void summarize_vor(const std::vector<TrialMetrics>& trials, RunSummary& s) {
    const TrialMetrics *first = nullptr, *last = nullptr;
    for (const auto& m : trials)
        if (std::isfinite(m.vor_gain_dark)) {
            if (!first) first = &m;
            last = &m;
        }
    if (!first) return;
    s.vor_gain_before = first->vor_gain_dark;
    s.vor_gain_after = last->vor_gain_dark;
    s.vor_gain_change = last->vor_gain_dark - first->vor_gain_dark;
    s.vor_phase_before_deg = first->vor_phase_deg;
    s.vor_phase_after_deg = last->vor_phase_deg;
}

}  // namespace

RunSummary summarize(Protocol protocol, const std::vector<TrialMetrics>& trials) {
    RunSummary s;
    std::vector<const TrialMetrics*> all;
    for (const auto& m : trials) all.push_back(&m);
    auto learn = phase_trials(trials, Phase::Acquire);
    if (learn.empty()) learn = all;

    auto field = [](double TrialMetrics::*f) { return [f](const TrialMetrics& m) { return m.*f; }; };
    s.latency_ms = mean_over(all, 0, all.size(), field(&TrialMetrics::latency_ms));
    s.steady_state_gain = mean_over(all, 0, all.size(), field(&TrialMetrics::gain));

    const auto lv = field(&TrialMetrics::learned_velocity_deg_s);
    const std::size_t n = learn.size();
    const std::size_t last10 = n > 10 ? n - 10 : 0;
    s.learned_velocity_first5_deg_s = mean_over(learn, 0, 5, lv);
    s.learned_velocity_last10_deg_s = mean_over(learn, last10, n, lv);
    const auto curve_all = smoothed_learning(all, 5);
    s.learned_velocity_peak_deg_s = kNaN;
    for (double v : curve_all)
        if (std::isfinite(v) && !(v <= s.learned_velocity_peak_deg_s)) s.learned_velocity_peak_deg_s = v;

    std::vector<double> xs, ys;
    for (const auto* m : learn) {
        xs.push_back(m->trial);
        ys.push_back(m->learned_velocity_deg_s);
    }
    s.learning_spearman_rho = spearman_rho(xs, ys);

    const auto ci = field(&TrialMetrics::cs_rate_instr_hz);
    const auto cb = field(&TrialMetrics::cs_rate_base_hz);
    s.cs_ratio_first10 = mean_over(learn, 0, 10, ci) / mean_over(learn, 0, 10, cb);
    s.cs_ratio_last10 = mean_over(learn, last10, n, ci) / mean_over(learn, last10, n, cb);
    s.ss_learned_first10_hz = mean_over(learn, 0, 10, field(&TrialMetrics::ss_learned_hz));
    s.ss_learned_last10_hz = mean_over(learn, last10, n, field(&TrialMetrics::ss_learned_hz));
    s.ss_late_first10_hz = mean_over(learn, 0, 10, field(&TrialMetrics::ss_late_hz));
    s.ss_late_last10_hz = mean_over(learn, last10, n, field(&TrialMetrics::ss_late_hz));

    // Trial-over-trial (Medina & Lisberger 2008): per cell, the change of simple-spike rate
    // in the learned window from trial n to trial n+1, after a complex spike in the
    // instruction window of trial n, minus the same change after none. Using the change
    // removes each cell's own level and the slow trend of learning.
    double with_sum = 0, without_sum = 0;
    int with_n = 0, without_n = 0;
    for (std::size_t i = 0; i + 1 < learn.size(); ++i) {
        const auto& a = *learn[i];
        const auto& b = *learn[i + 1];
        if (b.trial != a.trial + 1) continue;
        const std::size_t cells = std::min({a.cell_cs_in_instr.size(), a.cell_ss_learned_hz.size(),
                                            b.cell_ss_learned_hz.size()});
        for (std::size_t c = 0; c < cells; ++c) {
            const double change = b.cell_ss_learned_hz[c] - a.cell_ss_learned_hz[c];
            if (a.cell_cs_in_instr[c] > 0) { with_sum += change; ++with_n; }
            else { without_sum += change; ++without_n; }
        }
    }
    s.ss_after_cs_minus_no_cs_hz =
        with_n && without_n ? with_sum / with_n - without_sum / without_n : kNaN;

    if (protocol == Protocol::Savings) {
        const auto acq = smoothed_learning(phase_trials(trials, Phase::Acquire), 5);
        const auto re = smoothed_learning(phase_trials(trials, Phase::Reacquire), 5);
        double peak = kNaN;
        for (double v : acq)
            if (std::isfinite(v) && !(v <= peak)) peak = v;
        const double level = 0.5 * peak;
        s.savings_ratio = trials_to_reach(acq, level) / trials_to_reach(re, level);
    }
    // The last trial that is a trial (not a rest).
    s.oscillation_p2p_deg_s = kNaN;
    for (auto it = trials.rbegin(); it != trials.rend(); ++it)
        if (it->phase != Phase::Rest) { s.oscillation_p2p_deg_s = it->oscillation_p2p_deg_s; break; }

    // Gaze-velocity tuning (S14): uninstructed step-ramp trials only (an instruction would
    // move the eye across the pursuit window).
    for (std::size_t k = 0; k < kMicrozones; ++k) {
        std::vector<double> d;
        for (const auto& m : trials)
            if (!m.instructed && m.phase != Phase::Rest && std::isfinite(m.gain))
                d.push_back(m.ss_pursuit_hz[k] - m.ss_fixation_hz[k]);
        s.ss_pursuit_minus_fixation_hz[k] = mean_of(d);
    }

    if (protocol == Protocol::Consolidation) {
        // Each shutdown probe against the last 10 instructed trials before it.
        std::vector<double> fractions;
        std::vector<double> instructed;
        for (const auto& m : trials) {
            if (m.phase == Phase::Acquire && m.instructed) instructed.push_back(m.learned_velocity_deg_s);
            if (m.phase != Phase::ShutdownProbe) continue;
            const std::size_t from = instructed.size() > 10 ? instructed.size() - 10 : 0;
            const double before = mean_of({instructed.begin() + static_cast<std::ptrdiff_t>(from),
                                           instructed.end()});
            fractions.push_back(m.learned_velocity_deg_s / before);
            instructed.clear();
        }
        if (!fractions.empty()) {
            s.consolidation_shutdown_fraction_first = fractions.front();
            s.consolidation_shutdown_fraction_last = fractions.back();
        }
        const auto retention = phase_trials(trials, Phase::Retention);
        s.retained_after_final_rest_deg_s = mean_over(retention, 0, 5, lv);
    }
    if (is_vor_protocol(protocol)) summarize_vor(trials, s);
    if (protocol == Protocol::Eyeblink || protocol == Protocol::EyeblinkExtinction) {
        std::vector<EyeblinkTrial> eb;
        for (const auto& m : trials)
            if (m.eyeblink) eb.push_back({m.phase, m.cs_alone, m.cr});
        s.eyeblink = summarize_eyeblink(protocol, eb);
    }
    return s;
}

}  // namespace flocculus
