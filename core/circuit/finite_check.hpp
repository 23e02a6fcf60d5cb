// SPDX-License-Identifier: GPL-3.0-or-later
// The NaN guard: finds a value that is not finite (NaN or infinity) in the circuit's state,
// so that a run stops with a message naming the population instead of writing NaN. The
// cheap check reads every population's state of this step (a few thousand values, every
// step); the thorough one also reads the plastic weights (millions: only once something was
// found, to name where it started).
#pragma once

#include <optional>
#include <string_view>

#include "util/vec2.hpp"

namespace flocculus {

class Cerebellum;

// The first population, upstream first, holding a value that is not finite, or nothing.
// `thorough` adds the plastic weights (parallel-fibre and mossy-fibre-to-nucleus).
std::optional<std::string_view> nonfinite_population(const Cerebellum& cb, bool thorough);

// The same, counting the eye (position and velocity, deg and deg/s) after the circuit.
std::optional<std::string_view> nonfinite_population(const Cerebellum& cb, Vec2 eye_position,
                                                     Vec2 eye_velocity, bool thorough);

}  // namespace flocculus
