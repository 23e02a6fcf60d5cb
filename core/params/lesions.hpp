// SPDX-License-Identifier: GPL-3.0-or-later
// Lesions (DESIGN §1.7): each names a real change to the circuit, applied to a fraction
// of its target (1 = complete). Shared by the CLI (--lesion name[:fraction]), the GUI's
// toggles and diagram, presets and session files.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace flocculus {

enum class Lesion {
    Io,             // climbing fibres removed
    Purkinje,       // Purkinje cells removed from every microzone
    Dcn,            // nuclear neurons removed (no cerebellar output)
    Ltd,            // PF->PC long-term depression blocked
    Ltp,            // PF->PC long-term potentiation blocked
    DcnPlasticity,  // MF->DCN plasticity blocked
    Golgi,          // Golgi inhibition of granule cells removed
    MossyContext,   // time/context mossy fibres silenced
    NucleoOlivary,  // nucleo-olivary inhibition cut
    Count
};
inline constexpr std::size_t kLesionCount = static_cast<std::size_t>(Lesion::Count);

struct LesionInfo {
    Lesion lesion;
    std::string_view name;
    std::string_view description;
};

std::span<const LesionInfo> lesion_infos();
std::optional<Lesion> find_lesion(std::string_view name);
std::string_view lesion_name(Lesion l);

// Fraction lesioned, per lesion, in [0, 1].
struct Lesions {
    std::array<double, kLesionCount> fraction{};

    double operator[](Lesion l) const { return fraction[static_cast<std::size_t>(l)]; }
    double& operator[](Lesion l) { return fraction[static_cast<std::size_t>(l)]; }
    // What is left of a part: 1 - fraction.
    double kept(Lesion l) const { return 1.0 - (*this)[l]; }
    bool any() const;
    // As text, e.g. {"io", "purkinje:0.5"}; only lesions with a fraction above 0.
    std::vector<std::string> describe() const;
    friend bool operator==(const Lesions&, const Lesions&) = default;
};

// A lesion applied from trial `from_trial` (1-based, a row of the schedule) on: a lesion
// after training (--lesion-at K:NAME[:f]).
struct TimedLesion {
    int from_trial = 1;
    Lesion lesion = Lesion::Io;
    double fraction = 1.0;
    std::string describe() const;  // "K:name" or "K:name:f"
    friend bool operator==(const TimedLesion&, const TimedLesion&) = default;
};

// Parses "K:name[:fraction]" with K a whole number >= 1 (its upper bound, the schedule's
// length, is checked when the run is prepared: check_timed_lesions). One-line error on bad
// input, starting with `option`, what the text was given as ("--lesion-at", "lesions_at").
std::variant<TimedLesion, std::string> parse_timed_lesion(std::string_view text,
                                                          std::string_view option = "--lesion-at");
// Checks that each lesion's trial is within a schedule of `trials` rows; a one-line error
// naming the lesion and the valid range, or nothing.
std::optional<std::string> check_timed_lesions(const std::vector<TimedLesion>& lesions,
                                               std::size_t trials,
                                               std::string_view option = "--lesion-at");

// Parses "name" or "name:fraction" and applies it to `into`. Returns an error message
// naming the lesion or the valid range on bad input, leaving `into` unchanged.
std::optional<std::string> apply_lesion_text(Lesions& into, std::string_view text);

}  // namespace flocculus
