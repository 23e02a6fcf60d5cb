// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the preset reader: --preset NAME and a session's "preset" look a preset up by name
// and apply it over parameters and lesions. Presets are built in (core/params/presets.cpp),
// so the untrusted part is the name, and the state it is applied over (here: parameters
// first set from the input's tail, one "name=value" a line). An unknown name changes
// nothing and says why in one line; a known one leaves everything in range.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "params/presets.hpp"
#include "params/registry.hpp"

namespace {
bool same(const flocculus::Parameters& a, const flocculus::Parameters& b) {
    for (const auto& spec : flocculus::parameter_specs())
        if (flocculus::get_parameter(a, spec) != flocculus::get_parameter(b, spec)) return false;
    return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flocculus;
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    const auto nl = all.find('\n');
    const std::string_view name = all.substr(0, nl);
    Parameters p = default_parameters();
    Lesions l{};
    if (nl != std::string_view::npos) {
        std::string_view rest = all.substr(nl + 1);
        while (!rest.empty()) {
            auto end = rest.find('\n');
            const std::string_view line = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
            const auto eq = line.find('=');
            if (eq != std::string_view::npos)
                (void)set_parameter_text(p, line.substr(0, eq), line.substr(eq + 1));
        }
    }
    const Parameters before = p;
    const Lesions lesions_before = l;
    const auto e = apply_preset(name, p, l);
    if (e) {
        if (e->empty() || e->find('\n') != std::string::npos) std::abort();
        if (!same(p, before) || !(l == lesions_before)) std::abort();
        return 0;
    }
    if (!find_preset(name)) std::abort();
    for (const auto& spec : parameter_specs()) {
        const double v = get_parameter(p, spec);
        if (!(v >= spec.min_value && v <= spec.max_value)) std::abort();
    }
    for (double f : l.fraction)
        if (!(f >= 0.0 && f <= 1.0)) std::abort();
    return 0;
}
