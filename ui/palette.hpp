// SPDX-License-Identifier: GPL-3.0-or-later
// Colours of the GUI. Data colours are the Okabe–Ito palette (Okabe & Ito 2008), which
// stays distinguishable for the common colour-vision deficiencies.
#pragma once

#include <QBrush>
#include <QColor>

namespace flocculus::ui::palette {

// Okabe–Ito.
inline QColor orange() { return {0xE6, 0x9F, 0x00}; }
inline QColor sky_blue() { return {0x56, 0xB4, 0xE9}; }
inline QColor bluish_green() { return {0x00, 0x9E, 0x73}; }
inline QColor blue() { return {0x00, 0x72, 0xB2}; }
inline QColor vermillion() { return {0xD5, 0x5E, 0x00}; }
inline QColor reddish_purple() { return {0xCC, 0x79, 0xA7}; }

// What each colour means.
inline QColor target() { return orange(); }
inline QColor eye() { return blue(); }
inline QColor eye_on_dark() { return sky_blue(); }  // the eye on the dark scene
inline QColor horizontal() { return blue(); }
inline QColor vertical() { return bluish_green(); }
inline QColor instruction() { return reddish_purple(); }
inline QColor error() { return vermillion(); }

// The scene's dark screen.
inline QColor screen_background() { return {0x16, 0x18, 0x1D}; }
inline QColor screen_grid_minor() { return {0x26, 0x2A, 0x31}; }
inline QColor screen_grid_major() { return {0x36, 0x3C, 0x46}; }
inline QColor screen_axis() { return {0x58, 0x60, 0x6C}; }
inline QColor screen_text() { return {0xA8, 0xB0, 0xBA}; }

// Activity relative to baseline (circuit diagram): below, at and above rest; and the mark
// of a lesioned part.
inline QColor activity_low() { return blue(); }
inline QColor activity_rest() { return {0xE3, 0xE6, 0xEA}; }
inline QColor activity_high() { return orange(); }
inline QColor lesioned() { return {0x1F, 0x21, 0x25}; }

// Mixes `a` towards `b`: `amount` 0 gives a, 1 gives b.
inline QColor mixed(const QColor& a, const QColor& b, double amount) {
    const auto mix = [amount](int x, int y) {
        return static_cast<int>(x + (y - x) * amount + 0.5);
    };
    return {mix(a.red(), b.red()), mix(a.green(), b.green()), mix(a.blue(), b.blue())};
}
// Colour scales for maps, as gradient stops over [0, 1]. Both stay readable for the common
// colour-vision deficiencies and in greyscale.
// Sequential, for magnitudes: lightness rises steadily from dark blue through grey to
// yellow (after the design of cividis, Nuñez, Anderton & Renslow 2018).
inline QGradientStops sequential_stops() {
    return {{0.00, {0x00, 0x22, 0x4E}}, {0.15, {0x1E, 0x3B, 0x6E}}, {0.30, {0x46, 0x52, 0x6C}},
            {0.45, {0x66, 0x68, 0x70}}, {0.60, {0x87, 0x83, 0x78}}, {0.75, {0xAC, 0xA0, 0x74}},
            {0.90, {0xD6, 0xC2, 0x62}}, {1.00, {0xFD, 0xE7, 0x38}}};
}
// Diverging, for signed changes centred on zero: blue (fall) through white to orange (rise).
inline QGradientStops diverging_stops() {
    return {{0.00, {0x08, 0x30, 0x6B}}, {0.18, {0x21, 0x66, 0xAC}}, {0.35, {0x6B, 0xAE, 0xD6}},
            {0.50, {0xF7, 0xF7, 0xF7}}, {0.65, {0xF5, 0xB0, 0x5E}}, {0.82, {0xD0, 0x6A, 0x0B}},
            {1.00, {0x7F, 0x2E, 0x04}}};
}
// Map cells without data.
inline QColor no_data() { return {0xC8, 0xCB, 0xD0}; }

// A colour mixed towards white: `amount` 0 keeps it, 1 gives white.
inline QColor lightened(const QColor& c, double amount) {
    return mixed(c, {255, 255, 255}, amount);
}

}  // namespace flocculus::ui::palette
