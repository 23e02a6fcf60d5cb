// SPDX-License-Identifier: GPL-3.0-or-later
// Shared helpers for the behavioural signature tests (DESIGN §2): each runs the real
// model through the same batch runner the CLI uses, with default parameters and seed 1
// unless a signature says otherwise.
#pragma once

#include <QtTest>

#include <cmath>
#include <map>
#include <string>

#include "batch.hpp"
#include "params/registry.hpp"

namespace flocculus::test {

inline RunConfig config(Protocol protocol, std::optional<int> trials = std::nullopt,
                        std::initializer_list<const char*> lesions = {}) {
    RunConfig c;
    c.protocol = protocol;
    c.trials = trials;
    for (const char* l : lesions) {
        const auto e = apply_lesion_text(c.lesions, l);
        if (e) qFatal("%s", e->c_str());
    }
    return c;
}

inline BatchResult run(const RunConfig& c) {
    auto r = run_batch(c);
    if (auto* e = std::get_if<std::string>(&r)) qFatal("%s", e->c_str());
    return std::get<BatchResult>(std::move(r));
}

// Mean learned velocity of consecutive trials [from, to) of a phase (0-based within it).
inline double phase_mean(const BatchResult& r, Phase ph, std::size_t from, std::size_t to) {
    std::vector<double> v;
    for (const auto& m : r.trials)
        if (m.phase == ph) v.push_back(m.learned_velocity_deg_s);
    double s = 0;
    std::size_t n = 0;
    for (std::size_t i = from; i < std::min(to, v.size()); ++i, ++n) s += v[i];
    return n ? s / static_cast<double>(n) : NAN;
}

inline QString num(double v) { return QString::number(v, 'g', 4); }

// S11 on a run with a washout phase: a response of at least 2 deg/s was learned, and the last
// 10 washout trials fell below half of its peak. Empty when it holds, else what failed.
inline QString washout_failure(const BatchResult& r) {
    const double peak = r.summary.learned_velocity_peak_deg_s;
    if (!(peak >= 2.0)) return "peak learned velocity " + num(peak);
    const auto n = static_cast<std::size_t>(default_parameters().task_washout_trials);
    const double end = phase_mean(r, Phase::Washout, n - 10, n);
    if (!(end < 0.5 * peak)) return "end of washout " + num(end) + " vs peak " + num(peak);
    return {};
}

}  // namespace flocculus::test
