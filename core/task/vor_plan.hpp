// SPDX-License-Identifier: GPL-3.0-or-later
// What one trial of the vestibulo-ocular reflex task asks for (see task/vor.hpp). Kept apart
// so that the trial plan can carry it without depending on the task's code.
#pragma once

namespace flocculus {

struct VorPlan {
    bool active = false;    // a VOR trial: the head rotates, no pursuit target
    bool dark = false;      // no visual input (a dark probe); else in the light
    bool reducing = false;  // the spectacles reduce (x0.5 for task.lens_gain 2 or 0.5), else magnify
    double extra_ms = 0;    // added to the inter-trial interval (long probes)
    // The lens and the head's frequency are read from the parameters as the trial runs (see
    // task/vor.hpp), so that a change made during a run acts at once.
};

}  // namespace flocculus
