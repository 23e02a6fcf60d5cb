// SPDX-License-Identifier: GPL-3.0-or-later
// What one trial of the vestibulo-ocular reflex task asks for (see task/vor.hpp). Kept apart
// so that the trial plan can carry it without depending on the task's code.
#pragma once

namespace flocculus {

struct VorPlan {
    bool active = false;      // a VOR trial: the head rotates, no pursuit target
    bool dark = false;        // no visual input (a dark probe); else in the light
    double lens_gain = 1.0;   // magnification of the spectacles worn in the light
    double head_freq_hz = 0;  // frequency of the sinusoidal head rotation on this trial
    double extra_ms = 0;      // added to the inter-trial interval (long probes)
};

}  // namespace flocculus
