// SPDX-License-Identifier: GPL-3.0-or-later
// Pure functions that turn a snapshot into what the panels show. No widgets here.
#pragma once

#include <QString>
#include <span>

#include "runner.hpp"

namespace flocculus::ui {

// Speeds offered by the transport bar, as multiples of real time; the last, 0, means
// as fast as possible.
std::span<const double> speed_steps();
// Index into speed_steps() of the step nearest to `speed` (0 maps to the last step).
int speed_step_index(double speed);
QString speed_text(double speed);  // "0.25×", "1×", "max"

// Whether two parameter sets hold the same value for every registered parameter.
bool same_parameters(const Parameters& a, const Parameters& b);

// Whether two configurations build the same model run: protocol, trial count, seed,
// lesions and every parameter (the thread count aside).
bool same_settings(const RunConfig& a, const RunConfig& b);

// Whether any trial of the configuration's schedule carries the instruction.
bool protocol_instructs(const RunConfig& config);

// The instruction window of a trial, in ms from motion onset.
struct InstructionWindow {
    double onset_ms = 0;
    double end_ms = 0;
};
InstructionWindow instruction_window(const Parameters& p);

// Whether the orthogonal instruction is being given at the snapshot's moment.
bool instruction_active(const Snapshot& s);

// The trial being run, 1-based, and the count: "Trial 3 / 20".
QString trial_text(const Snapshot& s);
// "baseline", "acquire · instructed", "acquire · probe".
QString phase_text(const Snapshot& s);
// Measured speed of the simulation: "12.4× real time", or "paused".
QString realtime_text(const Snapshot& s);

}  // namespace flocculus::ui
