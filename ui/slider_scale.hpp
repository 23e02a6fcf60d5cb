// SPDX-License-Identifier: GPL-3.0-or-later
// How a parameter's range is laid out on a slider. The one place that decides between a
// linear and a logarithmic slider (SliderScale::for_parameter): a range that spans orders
// of magnitude (learning rates, cell counts, slow time constants) gets equal steps per
// decade, anchored at the default so that the default sits exactly on a position; where
// the range starts at 0, the slider's first position is exactly 0 ("off").
#pragma once

#include "params/registry.hpp"

namespace flocculus::ui {

class SliderScale {
public:
    // A logarithmic scale is used when the range spans orders of magnitude: a positive
    // minimum with max / min >= kLogRatioFromMin, or a minimum of 0 with the default in the
    // bottom 1% (max / default >= kLogRatioFromDefault); the latter covers
    // kDecadesBelowDefault decades below the default, and 0.
    static constexpr double kLogRatioFromMin = 1000.0;
    static constexpr double kLogRatioFromDefault = 100.0;
    static constexpr double kDecadesBelowDefault = 2.0;
    static constexpr int kStepsPerDecade = 60;   // logarithmic: ~3.9% per step
    static constexpr int kLinearSteps = 400;     // linear: at least this fine, in nice steps
    static constexpr int kShownDigits = 3;       // logarithmic values: significant digits

    static SliderScale for_parameter(const ParamSpec& spec);

    bool logarithmic() const { return log_; }
    int positions() const { return positions_; }  // the slider runs from 0 to positions()
    int to_position(double value) const;         // nearest position, clamped
    double to_value(int position) const;         // in the range, rounded to what is shown

private:
    double min_ = 0, max_ = 1;
    bool integer_ = false;
    bool log_ = false;
    // Linear: value = min_ + position × step_.
    double step_ = 1;
    // Logarithmic: value = anchor_ × 10^(k / kStepsPerDecade), k from -below_ to above_,
    // at position zero_slot_ + below_ + k; with zero_slot_, position 0 is exactly 0.
    double anchor_ = 1, low_ = 1;
    int below_ = 0, above_ = 0, zero_slot_ = 0;
    int positions_ = 1;
};

// Rounds to `digits` significant digits (the precision sliders offer).
double round_significant(double v, int digits);

}  // namespace flocculus::ui
