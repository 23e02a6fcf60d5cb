// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace flocculus {

// A ring buffer of past values, read back at a delay given in (possibly fractional) steps
// with linear interpolation. Before enough history exists it returns the oldest value,
// which is the initial value the line was filled with.
template <typename T>
class DelayLine {
public:
    DelayLine() = default;
    DelayLine(std::size_t max_delay_steps, T initial)
        : buf_(max_delay_steps + 2, initial) {}

    void push(const T& v) {
        head_ = (head_ + 1) % buf_.size();
        buf_[head_] = v;
    }
    // Value pushed `delay_steps` pushes ago (0 = the latest).
    T at(double delay_steps) const {
        const double maxd = static_cast<double>(buf_.size() - 2);
        if (delay_steps < 0) delay_steps = 0;
        if (delay_steps > maxd) delay_steps = maxd;
        const auto whole = static_cast<std::size_t>(std::floor(delay_steps));
        const double frac = delay_steps - static_cast<double>(whole);
        const T& a = buf_[index(whole)];
        if (frac == 0.0) return a;
        const T& b = buf_[index(whole + 1)];
        return a + frac * (b - a);
    }
    std::size_t capacity() const { return buf_.size() - 2; }

private:
    std::size_t index(std::size_t back) const {
        return (head_ + buf_.size() - back) % buf_.size();
    }
    std::vector<T> buf_;
    std::size_t head_ = 0;
};

}  // namespace flocculus
