// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the values of the command line's --set name=value, --lesion name[:fraction] and
// --lesion-at K:name[:fraction] (the core parsers flocculus-cli uses, split as it splits
// them). Each input line is one option: "set NAME=VALUE", "lesion TEXT" or "lesion-at TEXT". An accepted value leaves every parameter in its
// range and every lesion fraction in [0, 1]; a refused one changes nothing and says why in
// one line.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "params/lesions.hpp"
#include "params/registry.hpp"

namespace {
using namespace flocculus;

void check_error(const std::optional<std::string>& e) {
    if (e && (e->empty() || e->find('\n') != std::string::npos)) std::abort();
}

bool same(const Parameters& a, const Parameters& b) {
    for (const auto& spec : parameter_specs())
        if (get_parameter(a, spec) != get_parameter(b, spec)) return false;
    return true;
}

void check_valid(const Parameters& p, const Lesions& l) {
    for (const auto& spec : parameter_specs()) {
        const double v = get_parameter(p, spec);
        if (!(v >= spec.min_value && v <= spec.max_value)) std::abort();
    }
    for (double f : l.fraction)
        if (!(f >= 0.0 && f <= 1.0)) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    Parameters p = default_parameters();
    Lesions l{};
    std::size_t start = 0;
    while (start <= all.size()) {
        auto end = all.find('\n', start);
        if (end == std::string_view::npos) end = all.size();
        const std::string_view line = all.substr(start, end - start);
        start = end + 1;
        const Parameters p_before = p;
        const Lesions l_before = l;
        std::optional<std::string> e;
        if (line.starts_with("set ")) {
            const std::string_view v = line.substr(4);
            const auto eq = v.find('=');
            if (eq == std::string_view::npos || eq == 0) continue;  // the CLI refuses these itself
            e = set_parameter_text(p, v.substr(0, eq), v.substr(eq + 1));
        } else if (line.starts_with("lesion-at ")) {
            const auto t = parse_timed_lesion(line.substr(10));
            if (const auto* bad = std::get_if<std::string>(&t)) {
                check_error(*bad);
            } else {
                const TimedLesion& ok = std::get<TimedLesion>(t);
                if (ok.from_trial < 1 || !(ok.fraction >= 0.0 && ok.fraction <= 1.0)) std::abort();
                // What it describes parses back to the same lesion.
                const auto again = parse_timed_lesion(ok.describe());
                if (!std::holds_alternative<TimedLesion>(again)) std::abort();
                const TimedLesion& back = std::get<TimedLesion>(again);
                if (back.from_trial != ok.from_trial || back.lesion != ok.lesion) std::abort();
            }
            continue;
        } else if (line.starts_with("lesion ")) {
            e = apply_lesion_text(l, line.substr(7));
        } else {
            continue;
        }
        check_error(e);
        if (e && (!same(p, p_before) || !(l == l_before))) std::abort();
        check_valid(p, l);
    }
    return 0;
}
