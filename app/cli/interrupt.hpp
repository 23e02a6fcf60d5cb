// SPDX-License-Identifier: GPL-3.0-or-later
// Clean interruption of a run: while an InterruptGuard lives, SIGINT, SIGTERM and SIGHUP only
// note that the process was asked to stop, so that the run ends between two steps, removes
// its temporary files and says what it kept. A second signal of the same kind stops the
// process at once (the next run into the folder removes what it left).
#pragma once

namespace flocculus::cli {

class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();  // restores the previous handlers
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    // The signal received since the guard was made, or 0.
    static int received();
};

// "SIGINT", "SIGTERM", ... for the signals above.
const char* signal_name(int signal_number);

}  // namespace flocculus::cli
