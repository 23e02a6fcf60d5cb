// SPDX-License-Identifier: GPL-3.0-or-later
#include "params/lesions.hpp"

#include <cmath>
#include <cstdio>

#include "params/registry.hpp"

namespace flocculus {
namespace {
constexpr std::array<LesionInfo, kLesionCount> kLesions{{
    {Lesion::Io, "io", "Inferior olive: no climbing fibres, so no complex spikes (no teacher)"},
    {Lesion::Purkinje, "purkinje", "Purkinje cells removed from every microzone"},
    {Lesion::Dcn, "dcn", "Deep nuclei removed: the cerebellum no longer moves the eye"},
    {Lesion::Ltd, "ltd", "Parallel-fibre LTD blocked"},
    {Lesion::Ltp, "ltp", "Parallel-fibre LTP blocked"},
    {Lesion::DcnPlasticity, "dcn-plasticity", "Mossy fibre to nucleus plasticity blocked"},
    {Lesion::Golgi, "golgi", "Golgi cells removed: granule activity is no longer kept sparse"},
    {Lesion::MossyContext, "mossy-context", "Time/context mossy fibres silenced"},
    {Lesion::NucleoOlivary, "nucleo-olivary", "Nucleo-olivary inhibition of the olive cut"},
}};
}  // namespace

std::span<const LesionInfo> lesion_infos() { return kLesions; }

std::optional<Lesion> find_lesion(std::string_view name) {
    for (const auto& l : kLesions)
        if (l.name == name) return l.lesion;
    return std::nullopt;
}

std::string_view lesion_name(Lesion l) { return kLesions[static_cast<std::size_t>(l)].name; }

bool Lesions::any() const {
    for (double f : fraction)
        if (f > 0) return true;
    return false;
}

std::vector<std::string> Lesions::describe() const {
    std::vector<std::string> out;
    for (const auto& l : kLesions) {
        const double f = (*this)[l.lesion];
        if (f <= 0) continue;
        if (f >= 1) {
            out.emplace_back(l.name);
        } else {
            char b[32];
            std::snprintf(b, sizeof b, ":%g", f);
            out.push_back(std::string(l.name) + b);
        }
    }
    return out;
}

std::optional<std::string> apply_lesion_text(Lesions& into, std::string_view text) {
    const auto colon = text.find(':');
    const std::string_view name = text.substr(0, colon);
    const auto lesion = find_lesion(name);
    if (!lesion) {
        std::string names;
        for (const auto& l : kLesions) names += (names.empty() ? "" : ", ") + std::string(l.name);
        return "unknown lesion '" + std::string(name) + "' (valid: " + names + ")";
    }
    double f = 1.0;
    if (colon != std::string_view::npos) {
        const auto v = parse_number(text.substr(colon + 1));
        if (!v || *v < 0.0 || *v > 1.0)
            return "lesion " + std::string(name) + " fraction must be a number in [0, 1], got '" +
                   std::string(text.substr(colon + 1)) + "'";
        f = *v;
    }
    into[*lesion] = f;
    return std::nullopt;
}

std::string TimedLesion::describe() const {
    Lesions one;
    one[lesion] = fraction;
    const auto text = one.describe();
    return std::to_string(from_trial) + ":" + (text.empty() ? std::string(lesion_name(lesion)) + ":0"
                                                            : text.front());
}

std::variant<TimedLesion, std::string> parse_timed_lesion(std::string_view text,
                                                          std::string_view option) {
    const auto colon = text.find(':');
    const std::string_view trial = text.substr(0, colon);
    const auto k = parse_number(trial);
    if (colon == std::string_view::npos || !k || *k < 1 || *k != std::floor(*k) || *k > 1e9)
        return std::string(option) +
               " needs K:NAME[:fraction] with K a whole number >= 1 (the trial from "
               "which the lesion applies), got '" + std::string(text) + "'";
    const std::string_view spec = text.substr(colon + 1);
    Lesions parsed;
    if (auto e = apply_lesion_text(parsed, spec))
        return std::string(option) + " " + std::string(text) + ": " + *e;
    TimedLesion t;
    t.from_trial = static_cast<int>(*k);
    t.lesion = *find_lesion(spec.substr(0, spec.find(':')));  // known: parsed above
    t.fraction = parsed[t.lesion];
    return t;
}

std::optional<std::string> check_timed_lesions(const std::vector<TimedLesion>& lesions,
                                               std::size_t trials, std::string_view option) {
    for (const auto& l : lesions)
        if (l.from_trial > static_cast<int>(trials))
            return std::string(option) + " " + l.describe() + ": the trial must be in [1, " +
                   std::to_string(trials) + "] (this run's length)";
    return std::nullopt;
}

}  // namespace flocculus
