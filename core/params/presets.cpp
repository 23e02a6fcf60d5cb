// SPDX-License-Identifier: GPL-3.0-or-later
#include "params/presets.hpp"

#include "params/registry.hpp"

namespace flocculus {
namespace {
const std::vector<Preset>& table() {
    static const std::vector<Preset> t = {
        {"intact", "The healthy circuit at its defaults", {}, {}},
        {"no-climbing-fibres",
         "Inferior olive lesioned: no complex spikes, so no teaching signal",
         {},
         {{Lesion::Io, 1.0}}},
        {"flocculectomy",
         "The floccular cortex removed (all Purkinje cells): pursuit without cerebellar learning",
         {},
         {{Lesion::Purkinje, 1.0}}},
        {"no-nuclear-plasticity",
         "Mossy fibre to nucleus plasticity blocked: only the fast cortical memory remains",
         {},
         {{Lesion::DcnPlasticity, 1.0}}},
        {"long-visual-delay",
         "Visual feedback delayed to 250 ms while the brain still expects 80 ms: tremor",
         {{"eye.visual_delay_ms", 250.0}},
         {}},
        // Loss of FMRP in Purkinje cells enhances mGluR-dependent parallel-fibre LTD, which
        // then needs the climbing fibre less precisely timed, and impairs cerebellar learning
        // (Koekkoek et al. 2005): LTD doubled and its timing window loosened; LTP unchanged.
        {"fragile-x",
         "Fragile X (Fmr1 loss in Purkinje cells): parallel-fibre LTD enhanced twofold, with a "
         "looser dependence on climbing-fibre timing",
         {{"pf.ltd_rate", 0.004}, {"pf.ltd_kernel_sharpness", 1.0}},
         {}},
    };
    return t;
}
}  // namespace

std::span<const Preset> presets() { return table(); }

const Preset* find_preset(std::string_view name) {
    for (const auto& p : table())
        if (p.name == name) return &p;
    return nullptr;
}

std::optional<std::string> apply_preset(std::string_view name, Parameters& p, Lesions& l) {
    const Preset* preset = find_preset(name);
    if (!preset) {
        std::string names;
        for (const auto& x : table()) names += (names.empty() ? "" : ", ") + std::string(x.name);
        return "unknown preset '" + std::string(name) + "' (valid: " + names + ")";
    }
    Parameters np = p;
    for (const auto& [param, value] : preset->parameters)
        if (auto e = set_parameter(np, param, value)) return "preset " + std::string(name) + ": " + *e;
    Lesions nl = l;
    for (const auto& [lesion, fraction] : preset->lesions) nl[lesion] = fraction;
    p = np;
    l = nl;
    return std::nullopt;
}

}  // namespace flocculus
