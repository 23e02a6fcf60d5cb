// SPDX-License-Identifier: GPL-3.0-or-later
// Driving the main window from the widget tests: waiting until the window has drawn the
// latest snapshot, and stepping trials one at a time at full speed.
#pragma once

#include <QtTest>

#include <cstddef>
#include <cstdint>

#include "main_window.hpp"
#include "transport_bar.hpp"

namespace flocculus::test {

inline constexpr int kWindowTimeoutMs = 60000;

// Whether the window has drawn the runner's latest snapshot.
inline bool caught_up(const ui::MainWindow& w) {
    return w.shown_sequence() == w.snapshot()->sequence;
}

// Steps `n` more trials at full speed, one at a time, and waits until they are drawn.
inline void run_more_trials(ui::MainWindow& w, std::size_t n) {
    w.transport_bar()->set_speed(0.0);
    const std::size_t start = w.snapshot()->trial_index;
    for (std::size_t i = 1; i <= n; ++i) {
        const std::uint64_t id = w.runner()->send(cmd::StepTrial{});
        QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->commands_applied >= id &&
                                     w.snapshot()->trial_index == start + i &&
                                     !w.snapshot()->playing,
                                 kWindowTimeoutMs);
    }
    QTRY_VERIFY_WITH_TIMEOUT(caught_up(w), kWindowTimeoutMs);
}

// Paces the run at a quarter of real time and waits until the runner has taken the speed, so
// that a window inside a trial, once seen, lasts long enough for a pause sent then to land in
// it however busy the host.
inline void pace_slowly(ui::MainWindow& w) {
    w.transport_bar()->set_speed(0.25);
    QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->speed == 0.25, kWindowTimeoutMs);
}

}  // namespace flocculus::test
