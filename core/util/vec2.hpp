// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cmath>

namespace flocculus {

// A 2-D vector in degrees or degrees per second: x horizontal (right +), y vertical (up +).
struct Vec2 {
    double x = 0.0;
    double y = 0.0;

    Vec2& operator+=(Vec2 o) { x += o.x; y += o.y; return *this; }
    Vec2& operator-=(Vec2 o) { x -= o.x; y -= o.y; return *this; }
    friend Vec2 operator+(Vec2 a, Vec2 b) { return {a.x + b.x, a.y + b.y}; }
    friend Vec2 operator-(Vec2 a, Vec2 b) { return {a.x - b.x, a.y - b.y}; }
    friend Vec2 operator*(double k, Vec2 a) { return {k * a.x, k * a.y}; }
    friend bool operator==(Vec2 a, Vec2 b) = default;
    double dot(Vec2 o) const { return x * o.x + y * o.y; }
    double norm() const { return std::hypot(x, y); }
    static Vec2 unit(double deg) {
        const double r = deg * 3.14159265358979323846 / 180.0;
        return {std::cos(r), std::sin(r)};
    }
};

}  // namespace flocculus
