// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the session-file reader (ui/session.cpp, ui/saved_runs.cpp): any bytes give either
// a session whose configurations prepare_run accepts, with every parameter in its range,
// whose run under way has its changes in order up to its step, and whose kept runs' results
// have the shapes the panels index by; or one line of error.
#include <QByteArray>
#include <cstdint>
#include <cstdlib>

#include "params/registry.hpp"
#include "session.hpp"

namespace {

void check_config(const flocculus::RunConfig& c) {
    for (const auto& spec : flocculus::parameter_specs()) {
        const double v = flocculus::get_parameter(c.params, spec);
        if (!(v >= spec.min_value && v <= spec.max_value)) std::abort();
    }
    if (!std::holds_alternative<std::vector<flocculus::TrialPlan>>(flocculus::prepare_run(c)))
        std::abort();
}

void check_run(const flocculus::ui::RunRecord& r) {
    using namespace flocculus;
    check_config(r.config);
    check_config(r.initial);
    if (!r.kept || !r.metrics || !r.marks || !r.trials) std::abort();
    if (r.metrics->size() > r.trial_count) std::abort();
    for (const auto& t : *r.trials)
        for (const PurkinjeSpike& s : t->spikes)
            if (s.microzone >= kMicrozones || s.cell >= t->cells_per_zone) std::abort();
    if (r.weights) {
        const WeightMap& m = *r.weights;
        const auto cells =
            static_cast<std::size_t>(m.purkinje_count) * static_cast<std::size_t>(m.bins);
        if (m.bins != kWeightMapBins || m.purkinje_count != kMicrozones * m.cells_per_zone ||
            m.weight.size() != cells || m.change.size() != cells ||
            m.granule_cells.size() != static_cast<std::size_t>(m.bins))
            std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const auto r = flocculus::ui::parse_session_data(bytes);
    if (const auto* e = std::get_if<QString>(&r)) {
        if (e->isEmpty() || e->contains(QLatin1Char('\n'))) std::abort();
        // The settings-only reader refuses it too.
        if (!std::holds_alternative<QString>(flocculus::ui::parse_session(bytes))) std::abort();
        return 0;
    }
    const flocculus::ui::SessionData& d = std::get<flocculus::ui::SessionData>(r);
    check_config(d.config);
    if (d.current) {
        check_config(d.current->config);
        std::int64_t previous = 0;
        for (const auto& c : d.current->changes) {
            if (c.step < previous || c.step > d.current->step) std::abort();
            previous = c.step;
        }
    }
    for (const auto& run : d.runs) check_run(run);
    // What was read is written back the same way, and reads back equal.
    const QByteArray again_bytes = flocculus::ui::session_bytes(d);
    const auto again = flocculus::ui::parse_session_data(again_bytes);
    if (!std::holds_alternative<flocculus::ui::SessionData>(again)) std::abort();
    if (flocculus::ui::session_bytes(std::get<flocculus::ui::SessionData>(again)) != again_bytes)
        std::abort();
    return 0;
}
