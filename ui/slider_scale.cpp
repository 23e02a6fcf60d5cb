// SPDX-License-Identifier: GPL-3.0-or-later
#include "slider_scale.hpp"

#include <algorithm>
#include <cmath>

namespace flocculus::ui {
namespace {

// The largest of 1, 2 or 5 times a power of ten that is at most `x` (> 0).
double nice_step_at_most(double x) {
    const double decade = std::pow(10.0, std::floor(std::log10(x)));
    for (const double m : {5.0, 2.0, 1.0})
        if (m * decade <= x) return m * decade;
    return decade;
}

}  // namespace

double round_significant(double v, int digits) {
    if (v == 0.0 || !std::isfinite(v)) return v;
    const double scale =
        std::pow(10.0, digits - 1 - static_cast<int>(std::floor(std::log10(std::abs(v)))));
    return std::round(v * scale) / scale;
}

SliderScale SliderScale::for_parameter(const ParamSpec& spec) {
    SliderScale s;
    s.min_ = spec.min_value;
    s.max_ = spec.max_value;
    s.integer_ = spec.kind != ParamKind::Real;
    if (spec.kind == ParamKind::Choice) {  // one position per choice
        s.step_ = 1;
        s.positions_ = std::max(1, static_cast<int>(std::lround(s.max_ - s.min_)));
        return s;
    }

    const double def = spec.default_value;
    const bool from_min = s.min_ > 0 && s.max_ / s.min_ >= kLogRatioFromMin;
    const bool from_default = s.min_ == 0 && def > 0 && s.max_ / def >= kLogRatioFromDefault;
    if (from_min || from_default) {
        s.log_ = true;
        s.anchor_ = std::clamp(def, from_min ? s.min_ : 0.0, s.max_);
        if (s.anchor_ <= 0) s.anchor_ = s.min_;
        s.low_ = from_min ? s.min_ : s.anchor_ * std::pow(10.0, -kDecadesBelowDefault);
        s.zero_slot_ = from_min ? 0 : 1;
        s.below_ = static_cast<int>(std::lround(kStepsPerDecade * std::log10(s.anchor_ / s.low_)));
        s.above_ = static_cast<int>(std::lround(kStepsPerDecade * std::log10(s.max_ / s.anchor_)));
        s.positions_ = s.zero_slot_ + s.below_ + s.above_;
        return s;
    }

    const double span = s.max_ - s.min_;
    s.step_ = span > 0 ? nice_step_at_most(span / kLinearSteps) : 1.0;
    if (s.integer_) s.step_ = std::max(1.0, std::round(s.step_));
    s.positions_ = std::max(1, static_cast<int>(std::ceil(span / s.step_ - 1e-9)));
    return s;
}

int SliderScale::to_position(double value) const {
    if (!std::isfinite(value)) return 0;
    if (!log_) {
        const double pos = std::round((value - min_) / step_);
        return static_cast<int>(std::clamp(pos, 0.0, static_cast<double>(positions_)));
    }
    if (zero_slot_ && value <= 0) return 0;
    const double k = value > 0 ? std::round(kStepsPerDecade * std::log10(value / anchor_))
                               : -static_cast<double>(below_);
    const double clamped = std::clamp(k, -static_cast<double>(below_), static_cast<double>(above_));
    return zero_slot_ + below_ + static_cast<int>(clamped);
}

double SliderScale::to_value(int position) const {
    position = std::clamp(position, 0, positions_);
    double v;
    if (!log_) {
        v = round_significant(min_ + position * step_, 12);
    } else if (zero_slot_ && position == 0) {
        return 0.0;
    } else {
        const int k = position - zero_slot_ - below_;
        // The ends are exactly the ends of the range.
        if (k == above_) return max_;
        v = k == -below_ ? low_
                         : anchor_ * std::pow(10.0, static_cast<double>(k) / kStepsPerDecade);
        v = round_significant(v, kShownDigits);
    }
    if (integer_) v = std::round(v);
    return std::clamp(v, min_, max_);
}

}  // namespace flocculus::ui
