// SPDX-License-Identifier: GPL-3.0-or-later
// The one registry of parameters (DESIGN §3). It feeds the CLI (`--set`, `list params`),
// the GUI sliders and tooltips, and session files: no name, unit or range is written
// anywhere else.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "params/parameters.hpp"

namespace flocculus {

enum class ParamKind { Real, Integer, Choice };

struct ParamSpec {
    std::string_view name;         // dotted, e.g. "eye.visual_delay_ms"
    std::string_view unit;         // "ms", "deg/s", "" for dimensionless
    double default_value;
    double min_value;
    double max_value;
    std::string_view description;  // one line of biological meaning
    ParamKind kind = ParamKind::Real;
    bool structural = false;       // takes effect only on reset (sizes, connectivity)
    std::variant<double Parameters::*, int Parameters::*> field{};
    std::span<const std::string_view> choices{};  // labels for ParamKind::Choice

    std::string group() const;     // the part before the first dot
    std::string range_text() const;  // e.g. "[0.1, 1] ms" or "{up, down}"
    std::string format_value(double v) const;
};

// All parameters, in display order.
std::span<const ParamSpec> parameter_specs();
const ParamSpec* find_parameter(std::string_view name);

// Every parameter at its default.
Parameters default_parameters();

double get_parameter(const Parameters& p, const ParamSpec& spec);

// Sets one parameter. Returns an error message (one line, naming the parameter and its
// valid range) and leaves `p` unchanged on an unknown name or a bad value.
std::optional<std::string> set_parameter(Parameters& p, std::string_view name, double value);
// Same, from text as typed on a command line: a number, or a choice label.
std::optional<std::string> set_parameter_text(Parameters& p, std::string_view name,
                                              std::string_view text);

// Parses a finite number (the whole text must be the number).
std::optional<double> parse_number(std::string_view text);

}  // namespace flocculus

namespace flocculus {
// Checks the constraints between parameters (each value is already in its own range).
// Returns a one-line message naming the parameters, or nothing when consistent.
std::optional<std::string> validate_parameters(const Parameters& p);
}  // namespace flocculus
