// SPDX-License-Identifier: GPL-3.0-or-later
#include "circuit/finite_check.hpp"

#include <cmath>
#include <span>

#include "circuit/cerebellum.hpp"

namespace flocculus {
namespace {

// x * 0 is 0 for a finite x and NaN otherwise, so the sum stays 0 unless a value is not
// finite; four sums keep the loop short.
bool all_finite(std::span<const float> v) {
    float s[4] = {0, 0, 0, 0};
    std::size_t i = 0;
    for (; i + 4 <= v.size(); i += 4)
        for (std::size_t k = 0; k < 4; ++k) s[k] += v[i + k] * 0.0f;
    for (; i < v.size(); ++i) s[0] += v[i] * 0.0f;
    return s[0] + s[1] + s[2] + s[3] == 0.0f;
}

bool finite(Vec2 v) { return std::isfinite(v.x) && std::isfinite(v.y); }

}  // namespace

std::optional<std::string_view> nonfinite_population(const Cerebellum& cb, bool thorough) {
    if (!all_finite(cb.mossy().rates_hz())) return "mossy fibres";
    const GranuleLayer& gc = cb.granule();
    bool ok = std::isfinite(gc.activity());
    for (std::size_t r = 0; ok && r < gc.golgi_count(); ++r) ok = std::isfinite(gc.golgi_inhibition(r));
    if (!ok) return "granule and Golgi cells";
    if (thorough && !all_finite(cb.synapses().weights())) return "parallel-fibre synapses (PF-PC weights)";
    const PurkinjeLayer& pc = cb.purkinje();
    for (std::size_t c = 0; c < pc.count(); ++c)
        if (!std::isfinite(pc.synaptic_input(c))) return "Purkinje cells";
    const InferiorOlive& io = cb.olive();
    for (int z = 0; z < kZoneCount; ++z)
        if (!std::isfinite(io.zone_rate_hz(z))) return "inferior olive";
    const DeepNuclei& dcn = cb.nuclei();
    // The nuclei's weights change slowly and a bad one shows in the command at once.
    ok = (!thorough || all_finite(dcn.mf_weights())) && finite(dcn.command());
    for (int z = 0; ok && z < kZoneCount; ++z)
        ok = std::isfinite(dcn.zone_output_hz(z)) && std::isfinite(dcn.purkinje_rate_hz(z));
    if (!ok) return "deep cerebellar nuclei";
    return std::nullopt;
}

std::optional<std::string_view> nonfinite_population(const Cerebellum& cb, Vec2 eye_position,
                                                     Vec2 eye_velocity, bool thorough) {
    if (auto p = nonfinite_population(cb, thorough)) return p;
    if (!finite(eye_position) || !finite(eye_velocity)) return "eye (brainstem and plant)";
    return std::nullopt;
}

}  // namespace flocculus
