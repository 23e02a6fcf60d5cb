// SPDX-License-Identifier: GPL-3.0-or-later
// Named presets: a few parameter values and lesions that set up a known experiment.
// Shared by the CLI (--preset), the GUI and lessons. Applied on top of the defaults.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "params/lesions.hpp"
#include "params/parameters.hpp"

namespace flocculus {

struct Preset {
    std::string_view name;
    std::string_view description;
    std::vector<std::pair<std::string_view, double>> parameters;  // registry names
    std::vector<std::pair<Lesion, double>> lesions;
};

std::span<const Preset> presets();
const Preset* find_preset(std::string_view name);

// Applies a preset to parameters and lesions. Returns an error naming the preset (or the
// parameter it could not set) and leaves both unchanged on failure.
std::optional<std::string> apply_preset(std::string_view name, Parameters& p, Lesions& l);

}  // namespace flocculus
