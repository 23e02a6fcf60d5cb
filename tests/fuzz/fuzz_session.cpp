// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the session-file reader (ui/session.cpp): any bytes give either a configuration
// that prepare_run accepts, with every parameter in its range, or one line of error.
#include <QByteArray>
#include <cstdint>
#include <cstdlib>

#include "params/registry.hpp"
#include "session.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const auto r = flocculus::ui::parse_session(bytes);
    if (const auto* e = std::get_if<QString>(&r)) {
        if (e->isEmpty() || e->contains(QLatin1Char('\n'))) std::abort();
        return 0;
    }
    const flocculus::RunConfig& c = std::get<flocculus::RunConfig>(r);
    for (const auto& spec : flocculus::parameter_specs()) {
        const double v = flocculus::get_parameter(c.params, spec);
        if (!(v >= spec.min_value && v <= spec.max_value)) std::abort();
    }
    if (!std::holds_alternative<std::vector<flocculus::TrialPlan>>(flocculus::prepare_run(c)))
        std::abort();
    // What was read is written back the same way.
    const auto again = flocculus::ui::parse_session(flocculus::ui::session_bytes(c));
    if (!std::holds_alternative<flocculus::RunConfig>(again)) std::abort();
    return 0;
}
